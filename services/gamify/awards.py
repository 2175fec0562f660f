"""Awarding: after an event changed people's figures, find the badges and levels now due and record each
as an event of gamify's own (BadgeAwarded, LevelReached), in the consumer's transaction.

The award row's primary key makes an award happen once, whoever gets there first (the consumer, a
second replica, or a rebuild); only the one whose insert lands appends the event, which the relay then
publishes for notify. An award whose evidence predates the rule is marked backfilled, so notify tells
nobody about the past.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping

import asyncpg
from google.protobuf.message import Message

from kantine import telemetry
from kantine.envelope import Envelope
from kantine.eventstore import EventStore, NewEvent, lock_appends
from kantine.v1 import events_pb2 as ev
from services.gamify import store
from services.gamify.domain import badges
from services.gamify.domain.rules import RuleSet

events = EventStore(store.SCHEMA)


def stream_of(user_id: str) -> str:
    return f"recognition-{user_id}"


@dataclasses.dataclass
class Awarder:
    """Knows the rules and when gamify first saw each of them."""

    rules: RuleSet
    seen: Mapping[str, dt.datetime]

    async def settle(
        self,
        conn: asyncpg.Connection,
        touched: Mapping[str, set[str]],
        scored: set[str],
        *,
        source: Envelope,
        day: dt.date,
    ) -> int:
        """Award what is due to the people whose figures (touched: person -> metrics) or points changed."""
        payloads: dict[str, list[Message]] = {}
        now = dt.datetime.now(dt.UTC)  # the award's time, also its event's, so a rebuild of the rows matches
        for user_id, metrics in touched.items():
            if not self.rules.badges_for(metrics):
                continue
            values = await store.figures(conn, self.rules, user_id, metrics, day)
            for due in badges.due(self.rules, values, await store.awarded(conn, user_id)):
                backfilled = badges.backfilled(self.seen.get(due.badge.key(due.tier)), source.occurred_at)
                inserted = await conn.fetchval(
                    """INSERT INTO awards (user_id, badge_id, tier, name, reason, source_event_id, awarded_at,
                                           backfilled)
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING true""",
                    uuid.UUID(user_id), due.badge.badge_id, due.tier.name, due.badge.name, due.reason,
                    uuid.UUID(source.event_id), now, backfilled,
                )  # fmt: skip
                if inserted:
                    payloads.setdefault(user_id, []).append(
                        ev.BadgeAwarded(
                            user_id=user_id, badge_id=due.badge.badge_id, badge_name=due.badge.name,
                            tier=due.tier.name, reason=due.reason, source_event_id=source.event_id,
                            backfilled=backfilled,
                        )
                    )  # fmt: skip
        for user_id in scored:
            points = await store.total(conn, user_id)
            due_levels = badges.levels_due(self.rules, points, await store.levels_reached(conn, user_id))
            if not due_levels:
                continue
            backfilled = all(badges.backfilled(self.seen.get(level.key), source.occurred_at) for level in due_levels)
            top = due_levels[-1]  # one announcement for the highest level reached, not one per step
            if not await conn.fetch(
                """INSERT INTO levels_reached (user_id, level, reached_at, backfilled)
                   SELECT $1, generate_series(2, $2), $3, $4 ON CONFLICT DO NOTHING RETURNING level""",
                uuid.UUID(user_id), top.level, now, backfilled,
            ):  # fmt: skip
                continue
            payloads.setdefault(user_id, []).append(
                ev.LevelReached(user_id=user_id, level=top.level, level_name=top.name, points=points,
                                backfilled=backfilled)
            )  # fmt: skip
        for user_id, messages in payloads.items():
            await _append(conn, user_id, messages, source, now)
        return sum(len(m) for m in payloads.values())


async def _append(
    conn: asyncpg.Connection, user_id: str, messages: list[Message], source: Envelope, now: dt.datetime
) -> None:
    await lock_appends(conn, store.SCHEMA)  # before reading the version: two awards for one person queue up
    stream = stream_of(user_id)
    version = await events.stream_version(conn, stream)
    trace = telemetry.current_trace_headers()
    new = [
        NewEvent(
            dataclasses.replace(
                Envelope.new(
                    type(m).__name__, user_id, version + i, "", correlation_id=source.correlation_id,
                    causation_id=source.event_id, trace=trace,
                ),
                occurred_at=now,
            ),
            m,
        )
        for i, m in enumerate(messages, start=1)
    ]  # fmt: skip
    await events.append(conn, stream, version, new)
