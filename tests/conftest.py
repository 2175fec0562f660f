"""Real NATS JetStream and PostgreSQL for every test that crosses them.

The servers start once per test run from the pip-installed binaries on free loopback ports, or the
tests use KANTINE_NATS_URL / KANTINE_DATABASE_URL when set. Each test gets its own database and its
own stream prefix, so tests never see each other's data and never touch anything else on a shared
server.

The NATS started here has the platform's users, with their permissions for every prefix: `nats_url`
carries the admin's credentials (a test's own connection may do anything), and the harness connects
each in-process service as its own user (tests/bus.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import nats
import pytest
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from kantine.platform.nats_server import NatsServer, new_passwords
from kantine.platform.postgres_server import EPHEMERAL, PostgresServer, create_database, drop_database
from kantine.platform.supervisor import SERVICES
from kantine.topology import ADMIN, ANY_PREFIX, Topology
from tests import bus


@pytest.fixture(scope="session")
def nats_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if url := os.environ.get("KANTINE_NATS_URL"):
        yield url
        return
    users = new_passwords(s.name for s in SERVICES)
    server = NatsServer(tmp_path_factory.mktemp("nats"), users=users, prefix=ANY_PREFIX).start()
    bus.register_users(server.url, users)
    users_file = server.data_dir / "users.json"
    users_file.write_text(json.dumps(users))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KANTINE_NATS_USERS_FILE", str(users_file))  # `kantine up` on this server: each its own user
        yield server.url_as(ADMIN)
    server.stop()


@pytest.fixture(scope="session")
def pg_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if url := os.environ.get("KANTINE_DATABASE_URL"):
        yield url
        return
    server = PostgresServer(tmp_path_factory.mktemp("pg"), settings=EPHEMERAL).start()
    yield server.url()
    server.stop()


@pytest.fixture
async def database_url(pg_server_url: str) -> AsyncIterator[str]:
    name = f"kt_{uuid.uuid4().hex[:12]}"
    url = await create_database(pg_server_url, name)
    yield url
    await drop_database(pg_server_url, name)


@pytest.fixture
def topology() -> Topology:
    return Topology(prefix=f"kt{uuid.uuid4().hex[:10]}", duplicate_window_s=120.0)


@pytest.fixture
async def nc(nats_url: str, topology: Topology) -> AsyncIterator[NatsClient]:
    client = await nats.connect(nats_url, max_reconnect_attempts=-1, reconnect_time_wait=0.2)
    await topology.ensure_streams(client.jetstream())
    yield client
    js = client.jetstream()
    for stream in (topology.events_stream, topology.dead_letter_stream):
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(stream)
    await client.close()


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(database_url)
    yield conn
    await conn.close()


ROOT = Path(__file__).resolve().parent.parent
