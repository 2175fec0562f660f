"""Contracts only grow: a field number keeps its name and type forever, and generated code is current."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT
from tools.golden import GOLDEN, snapshot


def test_no_field_is_renumbered_reused_retyped_or_removed() -> None:
    golden = json.loads(GOLDEN.read_text())
    current = snapshot()
    problems = []
    for message, fields in golden.items():
        if message not in current:
            problems.append(f"{message} was removed: add {message}V2 instead and keep the old type")
            continue
        for number, spec in fields.items():
            now = current[message].get(number)
            if now is None:
                problems.append(f"{message} field {number} ({spec[0]}) was removed: mark it `reserved {number};`")
            elif now != spec:
                problems.append(f"{message} field {number} was {spec}, is now {now}")
    assert not problems, "breaking contract changes:\n" + "\n".join(problems)


def test_golden_snapshot_knows_every_current_field() -> None:
    golden = json.loads(GOLDEN.read_text())
    missing = [f"{m}.{n}" for m, fields in snapshot().items() for n in fields if n not in golden.get(m, {})]
    assert not missing, f"run `python tools/golden.py` to record new fields: {missing}"


def test_generated_code_is_current() -> None:
    result = subprocess.run([sys.executable, "tools/protogen.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_event_catalogue_lists_every_event() -> None:
    """docs/events.md carries the table `make proto` writes; a new event without `make proto` fails here."""
    from tools import asyncapi

    text = asyncapi.CATALOGUE.read_text()
    assert f"{asyncapi.BEGIN}\n{asyncapi.event_table()}\n{asyncapi.END}" in text, "run `make proto`"
