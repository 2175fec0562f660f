"""What notify does with each event: keep its own picture of people, groups and posts, and tell people.

Imported history (an envelope marked `imported`, see `kantine.history`) updates the picture but tells
nobody: a comment from last spring is neither a notification nor an e-mail.

Each handler runs inside the consumer's transaction that also records the event id, so a redelivered
event changes nothing and a crash loses nothing. A group too large to notify inline becomes a fan-out
job in the same transaction; the fan-out worker (`fanout.py`) works through it in chunks so that one
all-company announcement never holds up the next comment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence

import asyncpg

from kantine import directory, visibility
from kantine.consumer import BatchContext, EventContext, Router
from kantine.consumer import Delivery as Arrived
from kantine.envelope import Envelope
from kantine.ids import optional_uuid
from kantine.v1 import events_pb2 as ev
from services.notify import store
from services.notify.domain import rules
from services.notify.domain.model import Draft
from services.notify.domain.rules import PostFacts

NAME = "notify"
SNIPPET = 280


@dataclasses.dataclass(frozen=True)
class Delivery:
    """How this process delivers: when e-mail is due (None: no SMTP server) and how big is "large"."""

    email_delay_s: float | None = 600.0
    fanout_inline: int = 500
    large_group: int = 200


def build_router(settings: Delivery) -> Router:
    router = Router(NAME)

    def due(envelope: Envelope) -> dt.datetime | None:
        if settings.email_delay_s is None:
            return None
        return envelope.occurred_at + dt.timedelta(seconds=settings.email_delay_s)

    def about(envelope: Envelope, **where: str) -> store.About:
        return store.About(_person(envelope.actor), envelope.occurred_at, due(envelope), **where)

    async def tell(ctx: EventContext, drafts: list[Draft], **where: str) -> list[str]:
        if ctx.envelope.imported:  # history from before Kantine: kept in the picture, told to nobody
            return []
        return await store.deliver_all(ctx.conn, [(d, about(ctx.envelope, **where)) for d in drafts])

    # ----- people -----

    @router.on(ev.UserProvisioned, ev.UserUpdated)
    @directory.only_newest(directory.fixed(directory.PROFILE))
    async def profile(event: ev.UserProvisioned | ev.UserUpdated, ctx: EventContext) -> None:
        await ctx.conn.execute(
            """INSERT INTO users (user_id, display_name, email, locale, leader, community_manager, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (user_id) DO UPDATE SET display_name = $2, email = $3, locale = $4, leader = $5,
                                                   community_manager = $6""",
            uuid.UUID(event.user_id), event.display_name, event.email, event.locale, event.leader,
            event.community_manager, ctx.envelope.occurred_at,
        )  # fmt: skip
        await ctx.conn.execute(
            "INSERT INTO digests (user_id, next_due_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            uuid.UUID(event.user_id),
            ctx.envelope.occurred_at + dt.timedelta(days=1),
        )

    @router.on(ev.UserDeactivated, ev.UserReactivated)
    @directory.only_newest(directory.fixed(directory.ACTIVE))
    async def activity(event: ev.UserDeactivated | ev.UserReactivated, ctx: EventContext) -> None:
        active = isinstance(event, ev.UserReactivated)
        await ctx.conn.execute("UPDATE users SET active = $2 WHERE user_id = $1", uuid.UUID(event.user_id), active)
        if not active:
            await ctx.conn.execute(
                """UPDATE email_outbox SET status = 'skipped', finished_at = now(), last_error = 'deactivated'
                   WHERE recipient = $1 AND status = 'pending'""",
                uuid.UUID(event.user_id),
            )

    @router.on(ev.Visited)
    async def visited(event: ev.Visited, ctx: EventContext) -> None:
        await store.seen(ctx.conn, {event.user_id: ctx.envelope.occurred_at})

    @router.on(ev.Followed)
    async def follow(event: ev.Followed, ctx: EventContext) -> None:
        if event.tag:
            await ctx.conn.execute(
                "INSERT INTO follows_tags (follower, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                uuid.UUID(event.follower_id), event.tag,
            )  # fmt: skip
            return
        await ctx.conn.execute(
            "INSERT INTO follows_people (follower, followee) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            uuid.UUID(event.follower_id), uuid.UUID(event.followee_user_id),
        )  # fmt: skip
        await _active(ctx, event.follower_id)
        await tell(ctx, rules.followed(event.followee_user_id, event.follower_id))

    @router.on(ev.Unfollowed)
    async def unfollow(event: ev.Unfollowed, ctx: EventContext) -> None:
        if event.tag:
            await ctx.conn.execute(
                "DELETE FROM follows_tags WHERE follower = $1 AND tag = $2", uuid.UUID(event.follower_id), event.tag
            )
            return
        await ctx.conn.execute(
            "DELETE FROM follows_people WHERE follower = $1 AND followee = $2",
            uuid.UUID(event.follower_id), uuid.UUID(event.followee_user_id),
        )  # fmt: skip
        await store.withdraw(ctx.conn, event.followee_user_id, "followers", event.follower_id)

    # ----- groups -----

    @router.on(ev.GroupCreated)
    async def group_created(event: ev.GroupCreated, ctx: EventContext) -> None:
        owners = [uuid.UUID(o) for o in dict.fromkeys(event.owner_ids)]
        await ctx.conn.execute(  # never over a newer update that arrived before it
            """INSERT INTO groups (group_id, name, visibility, members) VALUES ($1, $2, $3, $4)
               ON CONFLICT (group_id) DO NOTHING""",
            uuid.UUID(event.group_id), event.name, event.visibility or 1, len(owners),
        )  # fmt: skip
        # an owner who has left since (the creation arrived late) stays gone
        staying = [o for o in owners if await directory.newest(ctx, directory.standing(str(o)))]
        await ctx.conn.executemany(
            "INSERT INTO members (group_id, user_id, role) VALUES ($1, $2, 3) ON CONFLICT DO NOTHING",
            [(uuid.UUID(event.group_id), o) for o in staying],
        )

    @router.on(ev.GroupUpdated)
    @directory.only_newest(directory.fixed(directory.SETTINGS))
    async def group_updated(event: ev.GroupUpdated, ctx: EventContext) -> None:
        await ctx.conn.execute(  # also when it arrives before the group's creation
            """INSERT INTO groups (group_id, name, visibility, members) VALUES ($1, $2, $3, 0)
               ON CONFLICT (group_id) DO UPDATE SET name = $2, visibility = $3""",
            uuid.UUID(event.group_id), event.name, event.visibility or 1,
        )  # fmt: skip
        if not visibility.is_open(event.visibility):
            # a group made private: what non-members were told about its posts is no longer theirs to see
            await store.forget(
                ctx.conn,
                """group_id = $1 AND post_id IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM members m WHERE m.group_id = $1 AND m.user_id = recipient)""",
                uuid.UUID(event.group_id),
            )

    @router.on(ev.GroupArchived)
    @directory.only_newest(directory.fixed(directory.ARCHIVED))
    async def group_archived(event: ev.GroupArchived, ctx: EventContext) -> None:
        await ctx.conn.execute("UPDATE groups SET archived = true WHERE group_id = $1", uuid.UUID(event.group_id))

    @router.on(ev.GroupUnarchived)
    @directory.only_newest(directory.fixed(directory.ARCHIVED))
    async def group_unarchived(event: ev.GroupUnarchived, ctx: EventContext) -> None:
        await ctx.conn.execute("UPDATE groups SET archived = false WHERE group_id = $1", uuid.UUID(event.group_id))

    @router.on(ev.GroupMerged)
    async def group_merged(event: ev.GroupMerged, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "UPDATE posts SET group_id = $2 WHERE group_id = $1", uuid.UUID(event.group_id),
            uuid.UUID(event.into_group_id),
        )  # fmt: skip

    @router.on(ev.MemberJoined)
    @directory.only_newest(directory.by_person)
    async def joined(event: ev.MemberJoined, ctx: EventContext) -> None:
        group, user = uuid.UUID(event.group_id), uuid.UUID(event.user_id)
        added = await ctx.conn.fetchval(
            """INSERT INTO members (group_id, user_id, role) VALUES ($1, $2, $3)
               ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role RETURNING xmax = 0""",
            group, user, event.role or 1,
        )  # fmt: skip
        if added:
            await ctx.conn.execute("UPDATE groups SET members = members + 1 WHERE group_id = $1", group)
        requested = await ctx.conn.fetchval(
            "DELETE FROM join_requests WHERE group_id = $1 AND user_id = $2 RETURNING true", group, user
        )
        if requested and event.added_by and event.added_by != event.user_id:
            await tell(ctx, rules.join_approved(event.user_id, event.group_id))

    @router.on(ev.MemberLeft)
    @directory.only_newest(directory.by_person)
    async def left(event: ev.MemberLeft, ctx: EventContext) -> None:
        group, user = uuid.UUID(event.group_id), uuid.UUID(event.user_id)
        removed = await ctx.conn.fetchval(
            "DELETE FROM members WHERE group_id = $1 AND user_id = $2 RETURNING true", group, user
        )
        if removed:
            await ctx.conn.execute("UPDATE groups SET members = greatest(members - 1, 0) WHERE group_id = $1", group)
        kind = await ctx.conn.fetchval("SELECT visibility FROM groups WHERE group_id = $1", group)
        if not visibility.may_know(kind, member=False):
            # a secret group exists only for its members and invitees: one who left is neither, and their
            # inbox forgets it, the invitation that named it too
            await store.forget(ctx.conn, "recipient = $1 AND (group_id = $2 OR subject = $2::text)", user, group)
        elif not visibility.is_open(kind):
            await store.forget(ctx.conn, "recipient = $1 AND group_id = $2 AND post_id IS NOT NULL", user, group)

    @router.on(ev.MemberRoleChanged)
    @directory.only_newest(directory.by_person)
    async def role_changed(event: ev.MemberRoleChanged, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "UPDATE members SET role = $3 WHERE group_id = $1 AND user_id = $2",
            uuid.UUID(event.group_id), uuid.UUID(event.user_id), event.role,
        )  # fmt: skip

    @router.on(ev.JoinRequested)
    @directory.only_newest(directory.by_person)
    async def join_requested(event: ev.JoinRequested, ctx: EventContext) -> None:
        group = uuid.UUID(event.group_id)
        await ctx.conn.execute(
            "INSERT INTO join_requests (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            group, uuid.UUID(event.user_id),
        )  # fmt: skip
        admins = await ctx.conn.fetch("SELECT user_id::text FROM members WHERE group_id = $1 AND role >= 2", group)
        await tell(ctx, rules.join_requested([a[0] for a in admins], event.user_id, event.group_id),
                   group_id=event.group_id)  # fmt: skip

    @router.on(ev.JoinRequestDeclined)
    @directory.only_newest(directory.by_person)
    async def declined(event: ev.JoinRequestDeclined, ctx: EventContext) -> None:
        await ctx.conn.execute(
            "DELETE FROM join_requests WHERE group_id = $1 AND user_id = $2",
            uuid.UUID(event.group_id), uuid.UUID(event.user_id),
        )  # fmt: skip

    @router.on(ev.MemberInvited)
    @directory.only_newest(directory.by_person)
    async def invited(event: ev.MemberInvited, ctx: EventContext) -> None:
        await tell(ctx, rules.invited(event.user_id, event.invited_by, event.group_id), group_id=event.group_id)

    # ----- posts -----

    @router.on(ev.PostCreated)
    async def post_created(event: ev.PostCreated, ctx: EventContext) -> None:
        scheduled = bool(event.publish_at)
        await ctx.conn.execute(
            """INSERT INTO posts (post_id, author_id, group_id, kind, must_read, snippet, tags, mentions, praised,
                                  published, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (post_id) DO NOTHING""",
            uuid.UUID(event.post_id), uuid.UUID(event.author_id), optional_uuid(event.group_id), event.kind,
            event.must_read,
            event.body[:SNIPPET], list(event.tags), _ids(event.mentioned_user_ids), _ids(event.praised_user_ids),
            not scheduled, ctx.envelope.occurred_at,
        )  # fmt: skip
        await _active(ctx, event.author_id)
        if not scheduled:
            await _publish(ctx, event.post_id)

    @router.on(ev.PostPublished)
    async def post_published(event: ev.PostPublished, ctx: EventContext) -> None:
        published = await ctx.conn.fetchval(
            "UPDATE posts SET published = true, created_at = $2 WHERE post_id = $1 AND NOT published RETURNING true",
            uuid.UUID(event.post_id), ctx.envelope.occurred_at,
        )  # fmt: skip
        if published:
            await _publish(ctx, event.post_id)

    async def _publish(ctx: EventContext, post_id: str) -> None:
        post = await _post(ctx.conn, post_id)
        if post is None or ctx.envelope.imported:
            return
        followers = await ctx.conn.fetch(
            "SELECT follower::text FROM follows_people WHERE followee = $1", uuid.UUID(post.author_id)
        )
        by_tag: dict[str, list[str]] = {}
        for row in await ctx.conn.fetch(
            "SELECT tag, follower::text FROM follows_tags WHERE tag = ANY($1::text[])", list(post.tags)
        ):
            by_tag.setdefault(row[0], []).append(row[1])
        drafts = rules.post_published(post, followers=[f[0] for f in followers], tag_followers=by_tag)
        # actor: the author, as the envelope of a scheduled post's PostPublished is the scheduler's
        await store.deliver(
            ctx.conn, drafts, actor=post.author_id, at=ctx.envelope.occurred_at, email_due=due(ctx.envelope),
            post_id=post.post_id, group_id=post.group_id,
        )  # fmt: skip
        spec = rules.fanout(post)
        if spec is None:
            return
        if spec.everyone:
            size = await ctx.conn.fetchval("SELECT count(*) FROM users WHERE active")
        else:
            size = await ctx.conn.fetchval("SELECT members FROM groups WHERE group_id = $1", uuid.UUID(post.group_id))
        large = not spec.everyone and (size or 0) >= settings.large_group
        if (size or 0) <= settings.fanout_inline:
            query = (
                "SELECT user_id::text FROM users WHERE active"
                if spec.everyone
                else "SELECT user_id::text FROM members WHERE group_id = $1"
            )
            args = () if spec.everyone else (uuid.UUID(post.group_id),)
            audience = [r[0] for r in await ctx.conn.fetch(query, *args)]
            await store.fan_out(
                ctx.conn, spec, audience, post_id=post.post_id, group_id=post.group_id, actor=post.author_id,
                at=ctx.envelope.occurred_at, email_due=due(ctx.envelope), large=large,
            )  # fmt: skip
            return
        await ctx.conn.execute(
            """INSERT INTO fanouts (post_id, group_id, kind, reason, levels, email, actor_id, large, occurred_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (post_id) DO NOTHING""",
            uuid.UUID(post.post_id), optional_uuid(post.group_id), spec.kind.value, spec.reason.value,
            [level.value for level in spec.levels], spec.email, uuid.UUID(post.author_id), large,
            ctx.envelope.occurred_at,
        )  # fmt: skip
        await ctx.conn.execute("SELECT pg_notify($1, '')", FANOUT_CHANNEL)

    @router.on(ev.PostEdited)
    async def post_edited(event: ev.PostEdited, ctx: EventContext) -> None:
        before = await ctx.conn.fetchval(
            """UPDATE posts p SET snippet = $2, tags = $3, mentions = $4 FROM posts old
               WHERE p.post_id = $1 AND old.post_id = p.post_id RETURNING old.mentions""",
            uuid.UUID(event.post_id), event.body[:SNIPPET], list(event.tags), _ids(event.mentioned_user_ids),
        )  # fmt: skip
        post = await _post(ctx.conn, event.post_id)
        if post is None or before is None:
            return
        drafts = rules.post_edited(post, [str(u) for u in before], event.editor_id)
        await tell(ctx, drafts, post_id=post.post_id, group_id=post.group_id)

    @router.on(ev.PostDeleted)
    async def post_deleted(event: ev.PostDeleted, ctx: EventContext) -> None:
        post = uuid.UUID(event.post_id)
        await ctx.conn.execute("UPDATE posts SET deleted = true, snippet = '' WHERE post_id = $1", post)
        await ctx.conn.execute("UPDATE fanouts SET done = true WHERE post_id = $1", post)
        await ctx.conn.execute("DELETE FROM post_reads WHERE post_id = $1", post)
        await store.forget(ctx.conn, "post_id = $1", post)

    @router.on(ev.PostRead)
    async def post_read(event: ev.PostRead, ctx: EventContext) -> None:
        """Confirming a must-read announcement reads its notification: no e-mail about it follows."""
        await ctx.conn.execute(
            "INSERT INTO post_reads (post_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            uuid.UUID(event.post_id), uuid.UUID(event.user_id),
        )  # fmt: skip
        rows = await ctx.conn.fetch(
            """UPDATE notifications SET read_at = $3
               WHERE recipient = $1 AND post_id = $2 AND read_at IS NULL RETURNING recipient::text""",
            uuid.UUID(event.user_id), uuid.UUID(event.post_id), ctx.envelope.occurred_at,
        )  # fmt: skip
        await store.wake(ctx.conn, [r[0] for r in rows])

    # ----- comments, reactions, answers -----

    @router.on(ev.CommentEdited)
    async def comment_edited(event: ev.CommentEdited, ctx: EventContext) -> None:
        before = await ctx.conn.fetchval(
            """UPDATE comments c SET snippet = $2, mentions = $3 FROM comments old
               WHERE c.comment_id = $1 AND old.comment_id = c.comment_id RETURNING old.mentions""",
            uuid.UUID(event.comment_id), event.body[:SNIPPET], _ids(event.mentioned_user_ids),
        )  # fmt: skip
        post = await _post(ctx.conn, event.post_id)
        if before is None or post is None:
            return
        drafts = rules.comment_edited(event.comment_id, event.editor_id, [str(u) for u in before],
                                      event.mentioned_user_ids)  # fmt: skip
        await tell(ctx, drafts, post_id=post.post_id, group_id=post.group_id, comment_id=event.comment_id)

    @router.on(ev.CommentDeleted)
    async def comment_deleted(event: ev.CommentDeleted, ctx: EventContext) -> None:
        comment = uuid.UUID(event.comment_id)
        gone = await ctx.conn.fetchval("DELETE FROM comments WHERE comment_id = $1 RETURNING true", comment)
        if gone:
            await ctx.conn.execute(
                "UPDATE posts SET comments = greatest(comments - 1, 0) WHERE post_id = $1", uuid.UUID(event.post_id)
            )
        await store.forget(ctx.conn, "comment_id = $1", comment)

    @router.on_batch(ev.CommentAdded, ev.ReactionAdded)
    async def responses(batch: Sequence[Arrived[ev.CommentAdded | ev.ReactionAdded]], ctx: BatchContext) -> None:
        """Comments and reactions, the most common events, a run at a time: the run's comments, counts and
        signs of life are written in one statement each, its posts and comment authors read in one query
        each, and whom each event tells (decided event by event) delivered together (`store.deliver_all`)."""
        conn = ctx.conn
        comments = [d.event for d in batch if isinstance(d.event, ev.CommentAdded)]
        if comments:
            await conn.execute(
                """INSERT INTO comments (comment_id, post_id, author_id, snippet, mentions)
                   SELECT c, p, a, s, ARRAY(SELECT jsonb_array_elements_text(m))::uuid[]
                   FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[]) AS t(c, p, a, s, m)
                   ON CONFLICT (comment_id) DO NOTHING""",
                [c.comment_id for c in comments], [c.post_id for c in comments], [c.author_id for c in comments],
                [c.body[:SNIPPET] for c in comments],
                [json.dumps([str(u) for u in _ids(c.mentioned_user_ids)]) for c in comments],
            )  # fmt: skip
        counts: dict[str, list[int]] = {}  # post -> [comments, reactions to the post itself]
        seen: dict[str, dt.datetime] = {}
        for d in batch:
            event, at = d.event, d.envelope.occurred_at
            if isinstance(event, ev.CommentAdded):
                counts.setdefault(event.post_id, [0, 0])[0] += 1
                who = event.author_id
            else:
                if not event.comment_id:
                    counts.setdefault(event.post_id, [0, 0])[1] += 1
                who = event.user_id
            seen[who] = max(seen.get(who, at), at)
        await conn.execute(
            """UPDATE posts p SET comments = p.comments + t.c, reactions = p.reactions + t.r
               FROM unnest($1::uuid[], $2::int[], $3::int[]) AS t(post_id, c, r) WHERE p.post_id = t.post_id""",
            list(counts), [c[0] for c in counts.values()], [c[1] for c in counts.values()],
        )  # fmt: skip
        await store.seen(conn, seen)
        posts = await _posts(conn, (d.event.post_id for d in batch))
        authors = await _comment_authors(conn, (
            d.event.parent_comment_id if isinstance(d.event, ev.CommentAdded) else d.event.comment_id for d in batch
        ))  # fmt: skip
        pending: list[tuple[Draft, store.About]] = []
        for d in batch:
            event = d.event
            post = posts.get(_canonical(event.post_id))
            if post is None or d.envelope.imported:  # imported history: kept in the picture, told to nobody
                continue
            if isinstance(event, ev.CommentAdded):
                drafts = rules.comment_added(
                    post, comment_id=event.comment_id, author_id=event.author_id,
                    parent_author_id=authors.get(_canonical(event.parent_comment_id), ""),
                    parent_comment_id=event.parent_comment_id, mentions=event.mentioned_user_ids,
                )  # fmt: skip
                where = about(d.envelope, post_id=post.post_id, group_id=post.group_id, comment_id=event.comment_id)
            else:
                target = authors.get(_canonical(event.comment_id), "") if event.comment_id else post.author_id
                drafts = rules.reaction_added(target, event.user_id, event.post_id, event.comment_id)
                where = about(d.envelope, post_id=post.post_id, group_id=post.group_id, comment_id=event.comment_id,
                              detail="comment" if event.comment_id else "")  # fmt: skip
            pending += [(draft, where) for draft in drafts]
        await store.deliver_all(conn, pending)

    @router.on(ev.ReactionRemoved)
    async def reaction_removed(event: ev.ReactionRemoved, ctx: EventContext) -> None:
        if not event.comment_id:
            await ctx.conn.execute(
                "UPDATE posts SET reactions = greatest(reactions - 1, 0) WHERE post_id = $1", uuid.UUID(event.post_id)
            )
        post = await _post(ctx.conn, event.post_id)
        if post is None:
            return
        target = await _comment_author(ctx.conn, event.comment_id) if event.comment_id else post.author_id
        if target:
            await store.withdraw(ctx.conn, target, rules.reaction_key(event.post_id, event.comment_id), event.user_id)

    @router.on(ev.AnswerAccepted)
    async def answer_accepted(event: ev.AnswerAccepted, ctx: EventContext) -> None:
        post = await _post(ctx.conn, event.post_id)
        if post is None:
            return
        drafts = rules.answer_accepted(event.answer_author_id, event.accepted_by, event.comment_id)
        await tell(ctx, drafts, post_id=post.post_id, group_id=post.group_id, comment_id=event.comment_id)

    # ----- recognition (gamify) -----

    @router.on(ev.BadgeAwarded)
    async def badge(event: ev.BadgeAwarded, ctx: EventContext) -> None:
        if ctx.envelope.imported:
            return
        name = f"{event.badge_name} ({event.tier})" if event.tier else event.badge_name
        await store.deliver(
            ctx.conn, rules.badge_awarded(event), actor="", at=ctx.envelope.occurred_at, email_due=due(ctx.envelope),
            detail=name or event.badge_id,
        )  # fmt: skip

    @router.on(ev.LevelReached)
    async def level(event: ev.LevelReached, ctx: EventContext) -> None:
        if ctx.envelope.imported:
            return
        await store.deliver(
            ctx.conn, rules.level_reached(event), actor="", at=ctx.envelope.occurred_at, email_due=due(ctx.envelope),
            detail=event.level_name or str(event.level),
        )  # fmt: skip

    return router


FANOUT_CHANNEL = "kantine_notify_fanout"


def _person(actor: str) -> str:
    """The envelope's actor when it is a person (the directory and schedulers act as "")."""
    try:
        return str(uuid.UUID(actor))
    except ValueError:
        return ""


def _ids(values: object) -> list[uuid.UUID]:
    return [uuid.UUID(v) for v in dict.fromkeys(values)]  # type: ignore[call-overload]


async def _active(ctx: EventContext, user_id: str) -> None:
    """Posting, commenting, reacting or following is a sign of life, like a visit."""
    await store.seen(ctx.conn, {user_id: ctx.envelope.occurred_at})


async def _comment_authors(conn: asyncpg.Connection, comment_ids: Iterable[str]) -> dict[str, str]:
    wanted = _ids(c for c in comment_ids if c)
    if not wanted:
        return {}
    rows = await conn.fetch("SELECT comment_id::text, author_id::text FROM comments WHERE comment_id = ANY($1)", wanted)
    return {r[0]: r[1] for r in rows}


async def _comment_author(conn: asyncpg.Connection, comment_id: str) -> str:
    return (await _comment_authors(conn, [comment_id])).get(_canonical(comment_id), "")


async def _posts(conn: asyncpg.Connection, post_ids: Iterable[str]) -> dict[str, PostFacts]:
    """Live, published posts as the rules see them; a deleted or unknown one is missing (nothing to say)."""
    rows = await conn.fetch(
        """SELECT p.post_id::text, p.author_id::text, coalesce(p.group_id::text, '') AS group_id, p.kind, p.must_read,
                  p.tags, p.mentions, p.praised, coalesce(u.leader, false) AS leader
           FROM posts p LEFT JOIN users u ON u.user_id = p.author_id
           WHERE p.post_id = ANY($1) AND NOT p.deleted AND p.published""",
        _ids(post_ids),
    )
    return {row["post_id"]: _facts(row) for row in rows}


def _facts(row: asyncpg.Record) -> PostFacts:
    return PostFacts(
        post_id=row["post_id"], author_id=row["author_id"], group_id=row["group_id"], kind=row["kind"],
        must_read=row["must_read"], author_leader=row["leader"], mentions=tuple(str(u) for u in row["mentions"]),
        praised=tuple(str(u) for u in row["praised"]), tags=tuple(row["tags"]),
    )  # fmt: skip


async def _post(conn: asyncpg.Connection, post_id: str) -> PostFacts | None:
    return (await _posts(conn, [post_id])).get(_canonical(post_id))


def _canonical(value: str) -> str:
    """An id as PostgreSQL writes it, to find it among rows read back; "" stays "" (none)."""
    return str(uuid.UUID(value)) if value else ""
