"""The `kantine` command where a deployment runs it: in a pod, told by the environment where NATS and
PostgreSQL are (no `kantine up` state), and `kantine migrate SERVICE` as the chart's migration Job."""

from __future__ import annotations

import asyncio

import pytest

from kantine.cli import main
from kantine.platform.supervisor import SERVICES
from kantine.topology import Topology

from ..harness import fetchval

CHARTED = [s.name for s in SERVICES if s.module.startswith("services.")]


async def test_every_service_migrates_its_schema_once_and_a_second_run_applies_nothing(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in CHARTED:
        await asyncio.to_thread(main, ["migrate", name, "--database-url", database_url])
        first = capsys.readouterr().out
        assert f"{name}: schema {name} is current" in first
        assert "applied" in first and " 0 applied" not in first
        applied = await fetchval(database_url, f"SELECT count(*) FROM {name}.schema_migrations")
        assert isinstance(applied, int) and applied > 0
        await asyncio.to_thread(main, ["migrate", name, "--database-url", database_url])
        assert f"(0 applied, {applied} known)" in capsys.readouterr().out
        assert await fetchval(database_url, f"SELECT count(*) FROM {name}.schema_migrations") == applied


def test_an_unknown_service_is_named_with_the_choices() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["migrate", "feeds", "--database-url", "postgresql://nowhere/none"])
    assert "unknown service 'feeds'" in str(exc.value) and "feed, notify" in str(exc.value)


def test_dead_letters_are_listed_from_the_environment_alone(
    nc: object, nats_url: str, topology: Topology, tmp_path: object, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("KANTINE_HOME", str(tmp_path))  # nothing started here
    monkeypatch.setenv("KANTINE_NATS_URL", nats_url)
    monkeypatch.setenv("KANTINE_NATS_PREFIX", topology.prefix)
    main(["dlq", "list"])
    assert capsys.readouterr().out.strip() == "no dead letters"
    monkeypatch.delenv("KANTINE_NATS_URL")
    with pytest.raises(SystemExit) as exc:
        main(["dlq", "list"])
    assert "the platform is not running here" in str(exc.value)
