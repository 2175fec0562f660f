"""Insights' two kinds of read models and how each is rebuilt.

* What it recorded itself (a group's answer target) is the projection of insights' own event store:
  `READ_MODELS`, rebuilt by replaying that store.
* Everything it derives from the platform's events is the projection of the events stream:
  `consumed_read_models`, rebuilt by replaying the stream through the consumer's own handlers, the
  directory's (`kantine.directory.TABLES`) with insights' own.

`kantine projections rebuild insights` does the first, then the second.
"""

from __future__ import annotations

import uuid

import asyncpg
from google.protobuf.message import Message

from kantine import directory
from kantine.envelope import Envelope
from kantine.projections import ConsumedReadModels, ReadModels
from kantine.v1 import events_pb2 as ev
from services.insights import store
from services.insights.config import CountingSettings
from services.insights.handlers import Counting, build_router

OWN_TABLES = ("answer_targets",)
CONSUMED_TABLES = (
    *directory.TABLES, "people_seen", "group_activity", "posts", "comments", "activity", "expertise", "acts",
    "announcement_reactions", "announcement_reads",
)  # fmt: skip


async def apply(conn: asyncpg.Connection, event: Message, env: Envelope, position: int) -> None:
    if isinstance(event, ev.AnswerTargetChanged):
        await store.set_answer_target(conn, uuid.UUID(event.group_id), event.hours)


READ_MODELS = ReadModels(store.SCHEMA, OWN_TABLES, apply)


async def consumed_read_models(url: str, settings: CountingSettings | None = None) -> ConsumedReadModels:
    """What `rebuild_consumer` needs: the consumer's router, counting in the organisation's time zone."""
    settings = settings or CountingSettings.from_environment()
    return ConsumedReadModels(store.SCHEMA, CONSUMED_TABLES, build_router(Counting(settings.zone())))
