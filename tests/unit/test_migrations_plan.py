"""The migration runner's rules, without a database: order, gaps, and edits of applied migrations."""

from __future__ import annotations

from pathlib import Path

import pytest

from kantine.db import Migration, MigrationError, plan, read_migrations


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, sql in files.items():
        (folder / f"{name}.sql").write_text(sql)
    return folder


def test_reads_in_order(tmp_path: Path) -> None:
    folder = write(tmp_path / "m", **{"0002_more": "B", "0001_init": "A"})
    assert [(m.version, m.name, m.sql) for m in read_migrations("svc", folder)] == [(1, "init", "A"), (2, "more", "B")]


def test_a_gap_is_refused(tmp_path: Path) -> None:
    folder = write(tmp_path / "m", **{"0001_init": "A", "0003_skip": "C"})
    with pytest.raises(MigrationError, match="expected migration 0002"):
        read_migrations("svc", folder)


def test_a_badly_named_file_is_refused(tmp_path: Path) -> None:
    folder = write(tmp_path / "m", **{"1_init": "A"})
    with pytest.raises(MigrationError, match="NNNN"):
        read_migrations("svc", folder)


def test_plan_runs_only_what_is_missing() -> None:
    a, b = Migration("svc", 1, "init", "A"), Migration("svc", 2, "more", "B")
    assert plan([a, b], {("svc", 1): a.checksum}) == [b]
    assert plan([a, b], {}) == [a, b]


def test_plan_refuses_an_edited_migration() -> None:
    a = Migration("svc", 1, "init", "A")
    with pytest.raises(MigrationError, match="changed after it was applied"):
        plan([Migration("svc", 1, "init", "A changed")], {("svc", 1): a.checksum})


def test_plan_refuses_a_missing_applied_migration() -> None:
    with pytest.raises(MigrationError, match="missing on disk"):
        plan([], {("svc", 1): "x"})
