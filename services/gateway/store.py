"""The gateway's PostgreSQL schema: its own event store, for the presence events it publishes, and the
directory's people and groups as SCIM knows them (`migrations/`, queried by `scim_store`)."""

from __future__ import annotations

from pathlib import Path

from kantine import db

SCHEMA = "gateway"
MIGRATIONS = [*db.sdk_migrations("eventstore"), *db.read_migrations(SCHEMA, Path(__file__).parent / "migrations")]
