"""A trace viewer for the local platform: Arize Phoenix receives the services' OTLP and shows each
trace in the browser, so one post can be followed from the HTTP request to every consumer.

`make demo` asks for it (KANTINE_TRACE_VIEWER=phoenix). It is installed on first use into a
virtualenv of its own under $KANTINE_HOME/tools: it brings its own OpenTelemetry and web stack, which
must not move Kantine's pinned versions. When it cannot be installed or started the platform runs
without it and says so; nothing else depends on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

PHOENIX = "arize-phoenix==20.26.1"
READY_S = 120.0  # its first start creates its database


def _venv(base: Path) -> Path:
    return base / "tools" / "phoenix"


def install(base: Path, say: Callable[[str], None]) -> Path | None:
    """The `phoenix` command, installed once (a minute on first use); None when that fails."""
    venv = _venv(base)
    command = venv / "bin" / "phoenix"
    if command.exists():
        return command
    say(f"installing the trace viewer ({PHOENIX}) into {venv} once …")
    uv = Path(sys.executable).parent / "uv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        installer = [str(uv), "pip", "install", "--python", str(venv / "bin" / "python"), "-q"] if uv.exists() else [
            str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"
        ]  # fmt: skip
        subprocess.run([*installer, PHOENIX], check=True, capture_output=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        say(f"the trace viewer could not be installed ({type(exc).__name__}): {detail.decode()[-300:].strip()}")
        shutil.rmtree(venv, ignore_errors=True)  # a half-made one is tried again next time
        return None
    return command


def ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def start(base: Path, http_port: int, grpc_port: int, say: Callable[[str], None]) -> dict[str, Any] | None:
    """Start Phoenix on loopback and wait until it answers; its traces are kept under
    $KANTINE_HOME/traces. Returns the state to keep, or None when it is not there."""
    command = install(base, say)
    if command is None:
        return None
    say("starting the trace viewer …")
    log = base / "logs" / "phoenix.log"
    log.parent.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PHOENIX_HOST": "127.0.0.1",
        "PHOENIX_PORT": str(http_port),
        "PHOENIX_GRPC_PORT": str(grpc_port),
        "PHOENIX_WORKING_DIR": str(base / "traces"),
        "PHOENIX_TELEMETRY_ENABLED": "false",
    }
    proc = subprocess.Popen(
        [str(command), "serve"],
        env=env,
        stdout=open(log, "ab"),  # noqa: SIM115 (handed to the child)
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + READY_S
    while not ready(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            say(f"the trace viewer did not start; see {log}")
            proc.terminate()
            return None
        time.sleep(0.5)
    return {"url": url, "otlp": f"http://127.0.0.1:{grpc_port}", "pid": proc.pid, "log": str(log)}
