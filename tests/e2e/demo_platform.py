"""The platform as `make demo` runs it (every service its own process, the demo sign-in on, the demo
company loaded through the public API), started once for a test module."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kantine.platform import supervisor
from kantine.platform.demo import Summary, load_demo_data, wait_until_settled
from kantine.platform.postgres_server import create_database, drop_database


@contextlib.contextmanager
def demo_platform(
    nats_url: str, pg_server_url: str, home: Path, scale: float
) -> Iterator[tuple[dict[str, Any], Summary]]:
    """(the platform's state, what the demo loaded), on a database and a stream prefix of its own; the
    consumers have caught up when it yields, so no notification of the demo's arrives during a test."""
    db_name = f"kt_{uuid.uuid4().hex[:12]}"
    database_url = asyncio.run(create_database(pg_server_url, db_name))
    with pytest.MonkeyPatch.context() as env:
        for key, value in {
            "KANTINE_HOME": str(home),
            "KANTINE_NATS_URL": nats_url,
            "KANTINE_DATABASE_URL": database_url,
            "KANTINE_NATS_PREFIX": f"kt{uuid.uuid4().hex[:10]}",
            "KANTINE_DEV_SIGNIN": "true",
        }.items():
            env.setenv(key, value)
        # the platform makes its own SCIM and import tokens; the gateway's defaults apply
        for key in (
            "KANTINE_PUBLIC_URL",
            "KANTINE_SCIM_TOKEN",
            "KANTINE_IMPORT_TOKEN",
            "KANTINE_RATE_WRITES_PER_MINUTE",
        ):
            env.delenv(key, raising=False)
        try:
            state = supervisor.up(timeout=180)
            summary = asyncio.run(load_demo_data(state["http"]["url"], state["scim_token"], scale,
                                                 import_token=state["import_token"], say=lambda _: None))  # fmt: skip
            asyncio.run(wait_until_settled(state))
            yield state, summary
        finally:
            supervisor.down()
            asyncio.run(drop_database(pg_server_url, db_name))
