"""The gateway's PostgreSQL schema: its own event store, for the presence events it publishes."""

from __future__ import annotations

from kantine import db

SCHEMA = "gateway"
MIGRATIONS = db.sdk_migrations("eventstore")
