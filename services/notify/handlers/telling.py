"""How a handler tells people: the drafts of the rules, delivered with what the event says about them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable

import asyncpg

from kantine.consumer import EventContext, NotYet
from kantine.envelope import Envelope
from services.notify import store
from services.notify.domain.model import Draft
from services.notify.domain.rules import PostFacts

SNIPPET = 280  # of a post's or a comment's text, kept for the inbox and the e-mail


@dataclasses.dataclass(frozen=True)
class Delivery:
    """How this process delivers: when e-mail is due (None: no SMTP server) and how big is "large"."""

    email_delay_s: float | None = 600.0
    fanout_inline: int = 500
    large_group: int = 200


@dataclasses.dataclass(frozen=True)
class Teller:
    settings: Delivery

    def due(self, envelope: Envelope) -> dt.datetime | None:
        if self.settings.email_delay_s is None:
            return None
        return envelope.occurred_at + dt.timedelta(seconds=self.settings.email_delay_s)

    def about(self, envelope: Envelope, **where: str) -> store.About:
        return store.About(person(envelope.actor), envelope.occurred_at, self.due(envelope), **where)

    async def tell(self, ctx: EventContext, drafts: list[Draft], **where: str) -> list[str]:
        if ctx.envelope.imported:  # history from before Kantine: kept in the picture, told to nobody
            return []
        return await store.deliver_all(ctx.conn, [(d, self.about(ctx.envelope, **where)) for d in drafts])


def person(actor: str) -> str:
    """The envelope's actor when it is a person (the directory and schedulers act as "")."""
    try:
        return str(uuid.UUID(actor))
    except ValueError:
        return ""


def ids(values: Iterable[str]) -> list[uuid.UUID]:
    return [uuid.UUID(v) for v in dict.fromkeys(values)]


def canonical(value: str) -> str:
    """An id as PostgreSQL writes it, to find it among rows read back; "" stays "" (none)."""
    return str(uuid.UUID(value)) if value else ""


async def seen(ctx: EventContext, user_id: str) -> None:
    """Posting, commenting, reacting or following is a sign of life, like a visit."""
    await store.seen(ctx.conn, {user_id: ctx.envelope.occurred_at})


async def posts(conn: asyncpg.Connection, post_ids: Iterable[str]) -> dict[str, PostFacts]:
    """Live, published posts as the rules see them; a deleted or unpublished one is missing (nothing to
    say). Every post is recorded here, so one not known yet raises NotYet: its event is on its way."""
    wanted = ids(post_ids)
    rows = await store.known_posts(conn, wanted)
    if len(rows) < len(wanted):
        missing = {str(w) for w in wanted} - {r["post_id"] for r in rows}
        raise NotYet(f"post {', '.join(sorted(missing))}")
    return {row["post_id"]: _facts(row) for row in rows if row["live"]}


async def post(conn: asyncpg.Connection, post_id: str) -> PostFacts | None:
    return (await posts(conn, [post_id])).get(canonical(post_id))


async def comment_authors(conn: asyncpg.Connection, comment_ids: Iterable[str]) -> dict[str, str]:
    return await store.comment_authors(conn, ids(c for c in comment_ids if c))


async def comment_author(conn: asyncpg.Connection, comment_id: str) -> str:
    return (await comment_authors(conn, [comment_id])).get(canonical(comment_id), "")


def _facts(row: asyncpg.Record) -> PostFacts:
    return PostFacts(
        post_id=row["post_id"], author_id=row["author_id"], group_id=row["group_id"], kind=row["kind"],
        must_read=row["must_read"], author_leader=row["leader"], mentions=tuple(str(u) for u in row["mentions"]),
        praised=tuple(str(u) for u in row["praised"]), tags=tuple(row["tags"]),
    )  # fmt: skip
