"""Search's two kinds of read models and how each is rebuilt.

* People's own choices (hidden from expertise) are the projection of search's event store:
  `READ_MODELS`, rebuilt by replaying that store.
* The index (people, groups, entries, tags, gone) and feed's directory (`kantine.directory.TABLES`,
  written by the SDK's handlers that search's router mounts) are the projection of the events stream:
  `consumed_read_models`, rebuilt by replaying the stream through the same handlers the consumer runs,
  into shadow tables, while the live index keeps answering.

`kantine projections rebuild search` does the first, then the second. What people searched for and did
not find (missed_queries) is derived from no event, so neither touches it.
"""

from __future__ import annotations

import uuid

import asyncpg
from google.protobuf.message import Message

from kantine import directory
from kantine.envelope import Envelope
from kantine.projections import ConsumedReadModels, ReadModels
from kantine.v1 import events_pb2 as ev
from services.search import store
from services.search.handlers import build_router

OWN_TABLES = ("hidden_experts",)
CONSUMED_TABLES = ("people", "groups", "entries", "tags", "gone", *directory.TABLES)


async def apply(conn: asyncpg.Connection, event: Message, env: Envelope, position: int) -> None:
    if isinstance(event, ev.ExpertiseVisibilityChanged):
        if event.hidden:
            await conn.execute(
                "INSERT INTO hidden_experts (user_id) VALUES ($1) ON CONFLICT DO NOTHING", uuid.UUID(event.user_id)
            )
        else:
            await conn.execute("DELETE FROM hidden_experts WHERE user_id = $1", uuid.UUID(event.user_id))


READ_MODELS = ReadModels(store.SCHEMA, OWN_TABLES, apply)


async def consumed_read_models(url: str) -> ConsumedReadModels:
    """What `rebuild_consumer` needs: the consumer's router."""
    return ConsumedReadModels(store.SCHEMA, CONSUMED_TABLES, build_router())
