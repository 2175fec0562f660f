"""What gamify does with each event: keep its picture of people, groups, posts and comments, book the
points the pure rules decide, and award the badges and levels that are now due.

Each handler runs in the consumer's transaction that also records the event id, so a redelivered event
changes nothing. The same handlers rebuild the tables from the events stream (`kantine projections
rebuild gamify`), which is how a rule added later is applied to history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections import defaultdict
from zoneinfo import ZoneInfo

import asyncpg

from kantine import directory
from kantine.consumer import EventContext, Router
from kantine.ids import optional_uuid
from kantine.v1 import events_pb2 as ev
from kantine.visibility import is_open
from services.gamify import store
from services.gamify.awards import Awarder
from services.gamify.domain import points as deeds
from services.gamify.domain.points import Earn, PostFacts
from services.gamify.domain.rules import COUNTED

NAME = "gamify"
METRIC_OF = {action: metric for metric, actions in COUNTED.items() for action in actions}


@dataclasses.dataclass(frozen=True)
class Gamify:
    awarder: Awarder
    time_zone: ZoneInfo

    def day(self, at: dt.datetime) -> dt.date:
        """Days, weeks and months are the organisation's, so a cap resets at its midnight."""
        return at.astimezone(self.time_zone).date()


class _Effects:
    """What one event changed for whom: the figures to look at and the people whose points moved."""

    def __init__(self) -> None:
        self.touched: dict[str, set[str]] = defaultdict(set)
        self.scored: dict[str, store.Booked] = {}

    def booked(self, booked: list[store.Booked]) -> None:
        for b in booked:
            self.scored[b.user_id] = b
            if b.action in METRIC_OF:
                self.touched[b.user_id].add(METRIC_OF[b.action])


@dataclasses.dataclass(frozen=True, slots=True)
class _Context:
    post: PostFacts
    group: uuid.UUID | None
    private: bool
    leader: bool  # the person acting on the post


def build_router(game: Gamify) -> Router:
    router = Router(NAME)
    rules = game.awarder.rules

    async def book(
        ctx: EventContext, earns: list[Earn], effects: _Effects, group: uuid.UUID | None, private: bool
    ) -> None:
        at = ctx.envelope.occurred_at
        effects.booked(
            await store.earn(ctx.conn, rules, earns, event_id=ctx.envelope.event_id, at=at, day=game.day(at),
                             group_id=group, private=private)
        )  # fmt: skip

    async def active(ctx: EventContext, user_id: str, effects: _Effects) -> None:
        if await store.mark_active(ctx.conn, user_id, game.day(ctx.envelope.occurred_at)):
            effects.touched[user_id].add("streak_weeks")

    async def settle(ctx: EventContext, effects: _Effects) -> None:
        if effects.touched or effects.scored:
            await game.awarder.settle(
                ctx.conn, effects.touched, effects.scored, source=ctx.envelope,
                day=game.day(ctx.envelope.occurred_at),
            )  # fmt: skip

    # ----- people -----

    @router.on(ev.UserProvisioned, ev.UserUpdated)
    @directory.only_newest(directory.fixed(directory.PROFILE))
    async def profile(event: ev.UserProvisioned | ev.UserUpdated, ctx: EventContext) -> None:
        await ctx.conn.execute(
            """INSERT INTO people (user_id, display_name, department, country, leader, community_manager)
               VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (user_id) DO UPDATE SET display_name = $2, department = $3, country = $4, leader = $5,
                                                   community_manager = $6""",
            uuid.UUID(event.user_id), event.display_name, event.department, event.country.upper(), event.leader,
            event.community_manager,
        )  # fmt: skip

    @router.on(ev.UserDeactivated, ev.UserReactivated)
    @directory.only_newest(directory.fixed(directory.ACTIVE))
    async def activity(event: ev.UserDeactivated | ev.UserReactivated, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "UPDATE people SET active = $2 WHERE user_id = $1",
            uuid.UUID(event.user_id), isinstance(event, ev.UserReactivated),
        )  # fmt: skip

    # ----- groups -----

    @router.on(ev.GroupCreated)
    async def group_created(event: ev.GroupCreated, ctx: EventContext) -> None:
        owners = [uuid.UUID(o) for o in dict.fromkeys(event.owner_ids)]
        creator = event.created_by or (event.owner_ids[0] if event.owner_ids else "")
        # a newer update may have arrived first and made the row: it keeps its privacy, and learns its creator
        await ctx.conn.execute(
            """INSERT INTO groups (group_id, created_by, private, members) VALUES ($1, $2, $3, $4)
               ON CONFLICT (group_id) DO UPDATE SET created_by = coalesce(groups.created_by, excluded.created_by)""",
            uuid.UUID(event.group_id), optional_uuid(creator), not is_open(event.visibility), len(owners),
        )  # fmt: skip
        staying = [o for o in owners if await directory.newest(ctx, directory.standing(str(o)))]
        await ctx.conn.executemany(
            "INSERT INTO members (group_id, user_id, owner) VALUES ($1, $2, true) ON CONFLICT DO NOTHING",
            [(uuid.UUID(event.group_id), o) for o in staying],
        )

    @router.on(ev.GroupUpdated)
    @directory.only_newest(directory.fixed(directory.SETTINGS))
    async def group_updated(event: ev.GroupUpdated, ctx: EventContext) -> None:
        await store.set_group_private(ctx.conn, uuid.UUID(event.group_id), not is_open(event.visibility))

    @router.on(ev.GroupMerged)
    async def merged(event: ev.GroupMerged, ctx: EventContext) -> None:
        """The posts move into the other group (its members arrive by their own MemberJoined); what is done
        on them from now on counts there, and stays inside it if it is private."""
        await ctx.conn.execute(
            "UPDATE posts SET group_id = $2 WHERE group_id = $1", uuid.UUID(event.group_id),
            uuid.UUID(event.into_group_id),
        )  # fmt: skip

    @router.on(ev.MemberJoined)
    @directory.only_newest(directory.by_person)
    async def joined(event: ev.MemberJoined, ctx: EventContext) -> None:
        group = uuid.UUID(event.group_id)
        if not await ctx.conn.fetchval(
            "INSERT INTO members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true",
            group, uuid.UUID(event.user_id),
        ):  # fmt: skip
            return
        creator = await ctx.conn.fetchval(
            "UPDATE groups SET members = members + 1 WHERE group_id = $1 RETURNING created_by", group
        )
        if creator is not None:
            effects = _Effects()
            effects.touched[str(creator)].add("group_members")
            await settle(ctx, effects)

    @router.on(ev.MemberRoleChanged)
    @directory.only_newest(directory.by_person)
    async def role(event: ev.MemberRoleChanged, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "UPDATE members SET owner = $3 WHERE group_id = $1 AND user_id = $2",
            uuid.UUID(event.group_id), uuid.UUID(event.user_id), event.role == ev.MEMBER_ROLE_OWNER,
        )  # fmt: skip

    @router.on(ev.MemberLeft)
    @directory.only_newest(directory.by_person)
    async def left(event: ev.MemberLeft, ctx: EventContext) -> None:
        group = uuid.UUID(event.group_id)
        if await ctx.conn.fetchval(
            "DELETE FROM members WHERE group_id = $1 AND user_id = $2 RETURNING true", group, uuid.UUID(event.user_id)
        ):
            await ctx.conn.execute("UPDATE groups SET members = members - 1 WHERE group_id = $1", group)

    # ----- posts and comments -----

    async def post_facts(conn: asyncpg.Connection, post_id: str, actor: str) -> _Context | None:
        """The post, where it is, and whether the person acting on it leads: one round trip."""
        row = await conn.fetchrow(
            """SELECT p.author_id, p.group_id, p.question, p.first, coalesce(g.private, false) AS private,
                      coalesce((SELECT leader FROM people WHERE user_id = $2), false) AS leader
               FROM posts p LEFT JOIN groups g ON g.group_id = p.group_id
               WHERE p.post_id = $1 AND NOT p.deleted""",
            uuid.UUID(post_id), uuid.UUID(actor),
        )  # fmt: skip
        if row is None:
            return None
        facts = PostFacts(post_id, str(row["author_id"]), row["question"], row["first"])
        return _Context(facts, row["group_id"], row["private"], row["leader"])

    @router.on(ev.PostCreated)
    async def post_created(event: ev.PostCreated, ctx: EventContext) -> None:
        author = event.author_id
        group = optional_uuid(event.group_id)
        first = await ctx.conn.fetchval(
            """INSERT INTO posts (post_id, author_id, group_id, question, first)
               VALUES ($1, $2, $3, $4, NOT EXISTS (SELECT 1 FROM posts WHERE author_id = $2))
               ON CONFLICT DO NOTHING RETURNING first""",
            uuid.UUID(event.post_id), uuid.UUID(author), group, event.kind == ev.POST_KIND_QUESTION,
        )  # fmt: skip
        if first is None:
            return
        facts = PostFacts(event.post_id, author, event.kind == ev.POST_KIND_QUESTION, first)
        effects = _Effects()
        where = await ctx.conn.fetchrow(
            """SELECT coalesce((SELECT leader FROM people WHERE user_id = $1), false) AS leader,
                      coalesce((SELECT private FROM groups WHERE group_id = $2), false) AS private""",
            uuid.UUID(author), group,
        )  # fmt: skip
        praised = list(event.praised_user_ids) if event.kind == ev.POST_KIND_PRAISE else []
        await book(ctx, deeds.post_created(facts, praised, where["leader"]), effects, group, where["private"])
        await active(ctx, author, effects)
        await settle(ctx, effects)

    @router.on(ev.PostDeleted)
    async def post_deleted(event: ev.PostDeleted, ctx: EventContext) -> None:
        if await ctx.conn.fetchval(
            "UPDATE posts SET deleted = true WHERE post_id = $1 AND NOT deleted RETURNING true",
            uuid.UUID(event.post_id),
        ):
            await store.take_back(ctx.conn, event_id=ctx.envelope.event_id, at=ctx.envelope.occurred_at,
                                  post_id=event.post_id)  # fmt: skip

    @router.on(ev.CommentAdded)
    async def comment_added(event: ev.CommentAdded, ctx: EventContext) -> None:
        writer = event.author_id
        found = await post_facts(ctx.conn, event.post_id, writer)
        if found is None:
            return
        post = found.post
        if not await ctx.conn.fetchval(
            """INSERT INTO comments (comment_id, post_id, author_id) VALUES ($1, $2, $3)
               ON CONFLICT DO NOTHING RETURNING true""",
            uuid.UUID(event.comment_id), uuid.UUID(event.post_id), uuid.UUID(writer),
        ):  # fmt: skip
            return
        effects = _Effects()
        if writer != post.author_id:
            await _conversation(ctx.conn, event.post_id, writer, +1)
            effects.touched[post.author_id].add("conversations")
        earns = deeds.comment_added(
            post, event.comment_id, writer, reply=bool(event.parent_comment_id), writer_is_leader=found.leader
        )
        await book(ctx, earns, effects, found.group, found.private)
        await active(ctx, writer, effects)
        await settle(ctx, effects)

    @router.on(ev.CommentDeleted)
    async def comment_deleted(event: ev.CommentDeleted, ctx: EventContext) -> None:
        row = await ctx.conn.fetchrow(
            """UPDATE comments c SET deleted = true FROM posts p
               WHERE c.comment_id = $1 AND NOT c.deleted AND p.post_id = c.post_id
               RETURNING c.author_id, p.author_id AS post_author""",
            uuid.UUID(event.comment_id),
        )
        if row is None:
            return
        if row["author_id"] != row["post_author"]:
            await _conversation(ctx.conn, event.post_id, str(row["author_id"]), -1)
        await store.take_back(ctx.conn, event_id=ctx.envelope.event_id, at=ctx.envelope.occurred_at,
                              comment_id=event.comment_id)  # fmt: skip

    # ----- reactions and answers -----

    @router.on(ev.ReactionAdded)
    async def reaction_added(event: ev.ReactionAdded, ctx: EventContext) -> None:
        found = await post_facts(ctx.conn, event.post_id, event.user_id)
        if found is None:
            return
        target = found.post.author_id
        if event.comment_id:
            author = await ctx.conn.fetchval(
                "SELECT author_id FROM comments WHERE comment_id = $1 AND NOT deleted", uuid.UUID(event.comment_id)
            )
            if author is None:
                return
            target = str(author)
        if not await ctx.conn.fetchval(
            "INSERT INTO reactions (post_id, comment_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING "
            "RETURNING true",
            uuid.UUID(event.post_id), optional_uuid(event.comment_id) or store.NIL, uuid.UUID(event.user_id),
        ):  # fmt: skip
            return  # this person had already reacted (another kind of reaction is not another deed)
        effects = _Effects()
        earns = deeds.reaction_added(event.post_id, event.comment_id, target, event.user_id,
                                     reactor_is_leader=found.leader)  # fmt: skip
        await book(ctx, earns, effects, found.group, found.private)
        await active(ctx, event.user_id, effects)
        await settle(ctx, effects)

    @router.on(ev.ReactionRemoved)
    async def reaction_removed(event: ev.ReactionRemoved, ctx: EventContext) -> None:
        if await ctx.conn.fetchval(
            "DELETE FROM reactions WHERE post_id = $1 AND comment_id = $2 AND user_id = $3 RETURNING true",
            uuid.UUID(event.post_id), optional_uuid(event.comment_id) or store.NIL, uuid.UUID(event.user_id),
        ):  # fmt: skip
            await store.take_back(
                ctx.conn, event_id=ctx.envelope.event_id, at=ctx.envelope.occurred_at,
                keys=deeds.reaction_keys(event.post_id, event.comment_id, event.user_id),
            )  # fmt: skip

    @router.on(ev.AnswerAccepted)
    async def answer_accepted(event: ev.AnswerAccepted, ctx: EventContext) -> None:
        found = await post_facts(ctx.conn, event.post_id, event.accepted_by or event.answer_author_id)
        if found is None:
            return
        # accepting another answer moves the points to it
        await store.take_back(ctx.conn, event_id=ctx.envelope.event_id, at=ctx.envelope.occurred_at,
                              keys=[deeds.accepted_key(event.post_id)])  # fmt: skip
        effects = _Effects()
        earns = deeds.answer_accepted(found.post, event.comment_id, event.answer_author_id)
        await book(ctx, earns, effects, found.group, found.private)
        await settle(ctx, effects)

    return router


async def _conversation(conn: asyncpg.Connection, post_id: str, writer: str, step: int) -> None:
    """Count comments by people other than the author, and how many different people wrote them."""
    post, person = uuid.UUID(post_id), uuid.UUID(writer)
    if step > 0:
        n = await conn.fetchval(
            """INSERT INTO commenters (post_id, user_id, comments) VALUES ($1, $2, 1)
               ON CONFLICT (post_id, user_id) DO UPDATE SET comments = commenters.comments + 1 RETURNING comments""",
            post, person,
        )  # fmt: skip
    else:
        n = await conn.fetchval(
            "UPDATE commenters SET comments = comments - 1 WHERE post_id = $1 AND user_id = $2 RETURNING comments + 1",
            post, person,
        )  # fmt: skip
        await conn.execute("DELETE FROM commenters WHERE post_id = $1 AND user_id = $2 AND comments <= 0", post, person)
    new_person = 1 if n == 1 else 0
    await conn.execute(
        "UPDATE posts SET comments = comments + $2, commenters = commenters + $3 WHERE post_id = $1",
        post, step, step * new_person,
    )  # fmt: skip
