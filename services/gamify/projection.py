"""Gamify's two kinds of read models and how each is rebuilt.

* Its own decisions (awards, levels reached, privacy settings, hidden people) are the projection of
  gamify's event store: `READ_MODELS`, rebuilt by replaying that store.
* Everything it derives from the platform's events (kantine.directory's people and groups, posts,
  the points ledger, leaderboards) is the projection of the events stream: `consumed_read_models`,
  rebuilt by replaying the stream through the same handlers the consumer runs. Awards found due on the
  way are new only for a rule added since, and then recorded as backfilled.

`kantine projections rebuild gamify` does the first, then the second.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import asyncpg
from google.protobuf.message import Message

from kantine import directory
from kantine.envelope import Envelope
from kantine.ids import optional_uuid
from kantine.projections import ConsumedReadModels, ReadModels
from kantine.v1 import events_pb2 as ev
from services.gamify import store
from services.gamify.awards import Awarder
from services.gamify.config import RulesSettings
from services.gamify.domain.rules import RuleSet
from services.gamify.handlers import Gamify, build_router

OWN_TABLES = ("awards", "levels_reached", "settings", "hidden_people")
CONSUMED_TABLES = (
    *directory.TABLES, "posts", "comments", "commenters", "reactions", "ledger", "daily", "counts", "totals",
    "scores", "active_weeks",
)  # fmt: skip


async def apply(conn: asyncpg.Connection, event: Message, env: Envelope, position: int) -> None:
    if isinstance(event, ev.BadgeAwarded):
        await conn.execute(
            """INSERT INTO awards (user_id, badge_id, tier, name, reason, source_event_id, awarded_at, backfilled)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING""",
            uuid.UUID(event.user_id), event.badge_id, event.tier, event.badge_name, event.reason,
            optional_uuid(event.source_event_id), env.occurred_at, event.backfilled,
        )  # fmt: skip
    elif isinstance(event, ev.LevelReached):
        await conn.execute(
            """INSERT INTO levels_reached (user_id, level, reached_at, backfilled)
               SELECT $1, generate_series(2, $2), $3, $4 ON CONFLICT DO NOTHING""",
            uuid.UUID(event.user_id), event.level, env.occurred_at, event.backfilled,
        )  # fmt: skip
    elif isinstance(event, ev.RecognitionSettingsChanged):
        await conn.execute(
            """INSERT INTO settings (scope, scope_id, leaderboards, public_badges) VALUES ($1, $2, $3, $4)
               ON CONFLICT (scope, scope_id) DO UPDATE
               SET leaderboards = CASE WHEN $5 THEN excluded.leaderboards ELSE settings.leaderboards END,
                   public_badges = CASE WHEN $6 THEN excluded.public_badges ELSE settings.public_badges END""",
            int(event.scope), event.scope_id,
            event.leaderboards if event.HasField("leaderboards") else None,
            event.public_badges if event.HasField("public_badges") else None,
            event.HasField("leaderboards"), event.HasField("public_badges"),
        )  # fmt: skip
    elif isinstance(event, ev.RecognitionVisibilityChanged):
        if event.hidden:
            await conn.execute(
                "INSERT INTO hidden_people (user_id) VALUES ($1) ON CONFLICT DO NOTHING", uuid.UUID(event.user_id)
            )
        else:
            await conn.execute("DELETE FROM hidden_people WHERE user_id = $1", uuid.UUID(event.user_id))


READ_MODELS = ReadModels(store.SCHEMA, OWN_TABLES, apply)


async def game(conn: asyncpg.Connection, rules: RuleSet, zone: ZoneInfo) -> tuple[Gamify, list[str]]:
    """The rules in force, with when gamify first saw each; also returns the rules that are new."""
    new = await store.register_rules(conn, rules.keys(), dt.datetime.now(dt.UTC))
    return Gamify(Awarder(rules, await store.rules_seen(conn)), zone), new


async def consumed_read_models(url: str, settings: RulesSettings | None = None) -> ConsumedReadModels:
    """What `rebuild_consumer` needs: the consumer's router with the current rules."""
    settings = settings or RulesSettings.from_environment()
    rules, zone = settings.rules(), settings.zone()
    conn = await asyncpg.connect(url, server_settings={"search_path": store.SCHEMA})
    try:
        gamify, _ = await game(conn, rules, zone)
    finally:
        await conn.close()
    return ConsumedReadModels(store.SCHEMA, CONSUMED_TABLES, build_router(gamify))
