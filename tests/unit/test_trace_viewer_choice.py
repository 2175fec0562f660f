"""When the local platform sends traces to its viewer, and that it goes on without one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from kantine.platform import supervisor, trace_viewer

STATE: dict[str, Any] = {"nats": {"url": "nats://127.0.0.1:1"}, "postgres": {"url": "postgresql://k@127.0.0.1:2/k"}}


def test_services_send_traces_to_a_running_viewer_and_keep_metrics_home() -> None:
    state = {**STATE, "traces": {"otlp": "http://127.0.0.1:4317", "url": "http://127.0.0.1:6006", "pid": os.getpid()}}
    env = supervisor.platform_env(state, environ={})
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://127.0.0.1:4317"
    assert env["OTEL_EXPORTER_OTLP_INSECURE"] == "true" and env["OTEL_METRICS_EXPORTER"] == "none"
    # your own collector wins, and a viewer that is gone is not sent anything
    assert "OTEL_EXPORTER_OTLP_ENDPOINT" not in supervisor.platform_env(
        state, environ={"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4317"}
    )
    gone = {**state, "traces": {**state["traces"], "pid": 2**22 + 7}}
    assert "OTEL_EXPORTER_OTLP_ENDPOINT" not in supervisor.platform_env(gone, environ={})


def test_without_the_viewer_asked_for_nothing_is_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KANTINE_TRACE_VIEWER", raising=False)
    state: dict[str, Any] = {}
    supervisor.start_traces(state, tmp_path)
    assert state == {} and not (tmp_path / "tools").exists()


def test_a_viewer_that_cannot_be_installed_leaves_the_platform_running_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KANTINE_TRACE_VIEWER", "phoenix")
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.setattr(trace_viewer, "PHOENIX", "kantine-no-such-package==0.0.0")  # the index refuses it
    state: dict[str, Any] = {"traces": {"pid": 2**22 + 7, "url": "old"}}
    supervisor.start_traces(state, tmp_path)
    said = capsys.readouterr().out
    assert "traces" not in state
    assert "could not be installed" in said and "going on without the trace viewer" in said
    assert not (tmp_path / "tools" / "phoenix").exists()  # a half-made one is tried again next time
