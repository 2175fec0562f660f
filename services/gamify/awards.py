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

from kantine.envelope import Envelope
from kantine.eventstore import EventStore
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
        scored: Mapping[str, store.Booked],
        *,
        source: Envelope,
        day: dt.date,
    ) -> int:
        """Award what is due to the people whose figures (touched: person -> metrics) or points changed.

        Cheap when nothing is due, which is nearly always: a person's counts and awards are one query, the
        badges they hold in full are not looked at again, and a level is looked at only when the new total
        passes the highest level recorded (the booking statement returns both).
        """
        payloads: dict[str, list[Message]] = {}
        # the award's time, also its event's, so a rebuild of the rows matches; imported history's awards
        # are dated when their evidence happened, and told to nobody (backfilled)
        now = source.occurred_at if source.imported else dt.datetime.now(dt.UTC)
        for user_id, metrics in touched.items():
            candidates = self.rules.badges_for(metrics)
            if not candidates:
                continue
            held = await store.standing(conn, user_id)
            open_badges = [b for b in candidates if any((b.badge_id, t.name) not in held.have for t in b.tiers)]
            if not open_badges:
                continue
            values = await store.figures(conn, user_id, open_badges, held.counts, day)
            for due in badges.due(self.rules, values, held.have):
                backfilled = source.imported or badges.backfilled(
                    self.seen.get(due.badge.key(due.tier)), source.occurred_at
                )
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
        for user_id, booked in scored.items():
            if self.rules.level_for(booked.total).level <= booked.reached:
                continue
            points = booked.total
            due_levels = badges.levels_due(self.rules, points, await store.levels_reached(conn, user_id))
            if not due_levels:
                continue
            backfilled = source.imported or all(
                badges.backfilled(self.seen.get(level.key), source.occurred_at) for level in due_levels
            )
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
            await events.record(conn, stream_of(user_id), user_id, "", messages, source=source, at=now)
        return sum(len(m) for m in payloads.values())
