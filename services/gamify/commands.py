"""Privacy choices, decided here and appended to gamify's event store (RecognitionSettingsChanged,
RecognitionVisibilityChanged) with their projection in the same transaction, then published by the
relay, so a works council's decision is recorded with who made it and when."""

from __future__ import annotations

import uuid

import asyncpg
from google.protobuf.message import Message

from kantine.errors import denied, invalid, not_found
from kantine.v1 import events_pb2 as ev
from services.gamify import projection, reads
from services.gamify.awards import events, stream_of

SCOPES = (ev.RECOGNITION_SCOPE_ORGANISATION, ev.RECOGNITION_SCOPE_COUNTRY, ev.RECOGNITION_SCOPE_GROUP)


async def _record(conn: asyncpg.Connection, stream: str, aggregate: str, actor: str, payload: Message) -> None:
    [envelope] = await events.record(conn, stream, aggregate, actor, [payload])
    await projection.apply(conn, payload, envelope, 0)


def _person(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise invalid(f"{field} must be a person's id (a UUID)", field) from None


async def change_settings(
    pool: asyncpg.Pool,
    *,
    actor: str,
    scope: int,
    scope_id: str,
    leaderboards: bool | None,
    public_badges: bool | None,
) -> None:
    """Community managers decide for the organisation and countries; a group's owners for their group."""
    actor_id = _person(actor, "actor_id")
    if scope not in SCOPES:
        raise invalid("scope: organisation, country or group", "scope")
    if leaderboards is None and public_badges is None:
        raise invalid("nothing to change: give leaderboards, public_badges or both", "leaderboards")
    if scope == ev.RECOGNITION_SCOPE_ORGANISATION:
        scope_id = ""
    elif scope == ev.RECOGNITION_SCOPE_COUNTRY:
        scope_id = scope_id.strip().upper()
        if not (len(scope_id) == 2 and scope_id.isascii() and scope_id.isalpha()):
            raise invalid("scope_id: a two-letter ISO 3166 country code such as NO", "scope_id")
    else:
        try:
            scope_id = str(uuid.UUID(scope_id))
        except ValueError:
            raise invalid("scope_id: the group's id", "scope_id") from None
    async with pool.acquire() as conn, conn.transaction():
        manager = await reads.community_manager(conn, actor_id)
        if scope == ev.RECOGNITION_SCOPE_GROUP:
            rights = await reads.group_rights(conn, uuid.UUID(scope_id), actor_id)
            if not rights.known or not (rights.readable or manager):
                raise not_found("group")  # a private group does not exist for those outside it
            if not (rights.owner or manager):
                raise denied("only the group's owners or a community manager change its recognition settings")
        elif not manager:
            raise denied("only community managers change the organisation's and countries' recognition settings")
        current = await conn.fetchrow(
            "SELECT leaderboards, public_badges FROM settings WHERE scope = $1 AND scope_id = $2", scope, scope_id
        )
        if (
            current is not None
            and (leaderboards is None or current["leaderboards"] == leaderboards)
            and (public_badges is None or current["public_badges"] == public_badges)
        ):
            return  # nothing changes: record nothing
        payload = ev.RecognitionSettingsChanged(
            scope=ev.RecognitionScope.Name(scope),
            scope_id=scope_id,
            leaderboards=leaderboards,
            public_badges=public_badges,
            changed_by=actor,
        )
        await _record(conn, f"recognition_settings-{scope}-{scope_id or 'organisation'}", scope_id or "organisation",
                      actor, payload)  # fmt: skip


async def set_visibility(pool: asyncpg.Pool, *, user_id: str, hidden: bool) -> bool:
    """A person's own choice; returns it."""
    person = _person(user_id, "user_id")
    async with pool.acquire() as conn, conn.transaction():
        if not await reads.known_person(conn, person):
            raise not_found("person")
        now_hidden = bool(await conn.fetchval("SELECT true FROM hidden_people WHERE user_id = $1", person))
        if now_hidden != hidden:
            payload = ev.RecognitionVisibilityChanged(user_id=user_id, hidden=hidden)
            await _record(conn, stream_of(user_id), user_id, user_id, payload)
    return hidden
