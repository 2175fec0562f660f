"""PostgreSQL access: one pool per service, its own schema, and forward-only migrations.

Each service owns one schema (its name) and sets it as the search path, so its SQL names its tables
unqualified and two services can never write each other's tables by accident.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import asyncpg

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
SDK_SQL = Path(__file__).parent / "sql"


class MigrationError(RuntimeError):
    """The migrations on disk do not fit what the database has applied."""


@dataclasses.dataclass(frozen=True, slots=True)
class Migration:
    source: str
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def read_migrations(source: str, directory: Path) -> list[Migration]:
    """Migrations in a folder, in order; names are NNNN_name.sql, numbered 1, 2, 3 … without gaps."""
    found: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path}: migration files are named NNNN_lowercase_name.sql")
        found.append(Migration(source, int(match.group(1)), match.group(2), path.read_text()))
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise MigrationError(f"{directory}: expected migration {expected:04d}, found {migration.version:04d}")
    return found


def plan(migrations: Sequence[Migration], applied: dict[tuple[str, int], str]) -> list[Migration]:
    """Which migrations still need to run; refuses if an applied one was edited or removed.

    Forward-only: a migration that has run is history. Changing it would make two databases that
    claim the same version differ, so the fix is always a new migration.
    """
    on_disk = {(m.source, m.version): m for m in migrations}
    for key, checksum in applied.items():
        migration = on_disk.get(key)
        if migration is None:
            raise MigrationError(f"migration {key[0]} {key[1]:04d} is applied but missing on disk (downgrade?)")
        if migration.checksum != checksum:
            raise MigrationError(
                f"migration {key[0]} {key[1]:04d}_{migration.name} changed after it was applied; add a new one instead"
            )
    return [m for m in migrations if (m.source, m.version) not in applied]


async def migrate(conn: asyncpg.Connection, schema: str, migrations: Sequence[Migration]) -> list[Migration]:
    """Apply what is missing, each migration in its own transaction; safe to run from many replicas."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
        raise MigrationError(f"invalid schema name {schema!r}")
    await conn.execute("SELECT pg_advisory_lock(hashtext($1))", f"kantine.migrate.{schema}")
    try:
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        await conn.execute(
            f"""CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (
                source text NOT NULL, version int NOT NULL, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (source, version))"""
        )
        rows = await conn.fetch(f"SELECT source, version, checksum FROM {schema}.schema_migrations")
        todo = plan(migrations, {(r["source"], r["version"]): r["checksum"] for r in rows})
        for migration in todo:
            async with conn.transaction():
                await conn.execute(f"SET LOCAL search_path TO {schema}")
                await conn.execute(migration.sql)
                await conn.execute(
                    f"INSERT INTO {schema}.schema_migrations (source, version, name, checksum) VALUES ($1, $2, $3, $4)",
                    migration.source,
                    migration.version,
                    migration.name,
                    migration.checksum,
                )
        return todo
    finally:
        await conn.execute("SELECT pg_advisory_unlock(hashtext($1))", f"kantine.migrate.{schema}")


def columns(rows: Iterable[Sequence[Any]], width: int) -> list[list[Any]]:
    """Rows as the arrays `unnest($1::…[], $2::…[], …)` takes, one per column: many rows in one statement
    (and one round trip). `width` columns even when there is no row, so the statement's arity holds."""
    return [list(c) for c in zip(*rows, strict=True)] or [[] for _ in range(width)]


def sdk_migrations(*parts: str) -> list[Migration]:
    """The SDK's own tables (event store, consumer tracking) that a service includes in its schema."""
    return [m for part in parts for m in read_migrations(f"kantine.{part}", SDK_SQL / part)]


async def create_pool(
    url: str,
    schema: str,
    *,
    min_size: int = 2,
    max_size: int = 10,
    settings: Mapping[str, str] | None = None,
    keep_sessions: bool = False,
) -> asyncpg.Pool:
    """A pool on the service's schema; `settings` are PostgreSQL settings for its sessions.

    A connection goes back to the pool after a reset (a round trip: RESET ALL, UNLISTEN, ...) unless
    `keep_sessions` says its users change no session state (no SET, LISTEN, cursor or session lock): a
    read-only API answering many small queries saves that round trip on each.
    """
    pool = await asyncpg.create_pool(
        url,
        min_size=min_size,
        max_size=max_size,
        server_settings={"search_path": schema, "application_name": f"kantine-{schema}", **(settings or {})},
        reset=_keep if keep_sessions else None,
    )
    assert pool is not None
    return pool


async def _keep(conn: asyncpg.Connection) -> None:
    """The reset of a pool whose users change no session state (an open transaction is still rolled back)."""


async def migrate_database(url: str, schema: str, migrations: Sequence[Migration]) -> list[Migration]:
    """`migrate` on a connection of its own: a service's start, or `kantine migrate` before a rollout."""
    conn = await asyncpg.connect(url)
    try:
        return await migrate(conn, schema, migrations)
    finally:
        await conn.close()


async def prepare_schema(url: str, schema: str, migrations: Sequence[Migration]) -> asyncpg.Pool:
    """Migrate the schema, then open the service's pool on it: the start-up of every service."""
    await migrate_database(url, schema, migrations)
    return await create_pool(url, schema)
