"""What gamify does with each event: keep its picture of posts and comments, book the points the pure
rules decide, and award the badges and levels that are now due. Who is who and in which group is
kantine.directory's projection, mounted here; gamify reacts to it where a figure or a board depends on
it (a creator's members, a group's privacy, a merge).

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

from kantine import directory
from kantine.consumer import EventContext, NotYet, Router
from kantine.ids import optional_uuid
from kantine.v1 import events_pb2 as ev
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


def build_router(game: Gamify) -> Router:
    router = Router(NAME)
    rules = game.awarder.rules

    async def book(
        ctx: EventContext, earns: list[Earn], effects: _Effects, group: uuid.UUID | None, place: store.Place
    ) -> None:
        at = ctx.envelope.occurred_at
        effects.booked(
            await store.earn(ctx.conn, rules, earns, event_id=ctx.envelope.event_id, at=at, day=game.day(at),
                             group_id=group, private=place.private)
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

    # ----- the directory, and what depends on it -----

    mounted = directory.Directory(router)  # its handlers for every directory event, and our reactions

    async def creator_counts(ctx: EventContext, group: uuid.UUID) -> None:
        """The group's members are its creator's community-builder figure."""
        creator = await store.group_creator(ctx.conn, group)
        if creator is not None:
            effects = _Effects()
            effects.touched[creator].add("group_members")
            await settle(ctx, effects)

    @mounted.after(ev.GroupCreated)
    async def group_created(event: ev.GroupCreated, ctx: EventContext, change: directory.Change) -> None:
        """The settings may come after activity in the group (booked as closed meanwhile), and its creator
        after members who joined first."""
        group = uuid.UUID(event.group_id)
        await store.sync_group_privacy(ctx.conn, group)
        await creator_counts(ctx, group)

    @mounted.after(ev.GroupUpdated)
    async def group_updated(event: ev.GroupUpdated, ctx: EventContext, change: directory.Change) -> None:
        """A group made private takes its points out of the organisation's boards; made public, back in."""
        await store.sync_group_privacy(ctx.conn, uuid.UUID(event.group_id))

    @mounted.after(ev.GroupMerged)
    async def merged(event: ev.GroupMerged, ctx: EventContext, change: directory.Change) -> None:
        """The posts move into the other group (its members arrive by their own MemberJoined); what is done
        on them from now on counts there, and stays inside it if it is private."""
        await store.move_posts(ctx.conn, uuid.UUID(event.group_id), uuid.UUID(event.into_group_id))

    @mounted.after(ev.MemberJoined)
    async def joined(event: ev.MemberJoined, ctx: EventContext, change: directory.Change) -> None:
        if change.added:
            await creator_counts(ctx, uuid.UUID(event.group_id))

    # ----- posts and comments -----

    @router.on(ev.PostCreated)
    async def post_created(event: ev.PostCreated, ctx: EventContext) -> None:
        author, group = event.author_id, optional_uuid(event.group_id)
        question = event.kind == ev.POST_KIND_QUESTION
        first = await store.add_post(ctx.conn, event.post_id, author, group, question)
        if first is None:
            return
        facts = PostFacts(event.post_id, author, question, first)
        effects = _Effects()
        place = await store.place(ctx.conn, author, group)
        praised = list(event.praised_user_ids) if event.kind == ev.POST_KIND_PRAISE else []
        await book(ctx, deeds.post_created(facts, praised, place.leader), effects, group, place)
        await active(ctx, author, effects)
        await settle(ctx, effects)

    @router.on(ev.PostDeleted)
    async def post_deleted(event: ev.PostDeleted, ctx: EventContext) -> None:
        if await store.delete_post(ctx.conn, event.post_id):
            await store.take_back(ctx.conn, event_id=ctx.envelope.event_id, at=ctx.envelope.occurred_at,
                                  post_id=event.post_id)  # fmt: skip

    @router.on(ev.CommentAdded)
    async def comment_added(event: ev.CommentAdded, ctx: EventContext) -> None:
        writer = event.author_id
        found = await store.on_post(ctx.conn, event.post_id, writer)
        if found is None or not await store.add_comment(ctx.conn, event.comment_id, event.post_id, writer):
            return
        post = found.post
        effects = _Effects()
        if writer != post.author_id:
            await store.conversation(ctx.conn, event.post_id, writer, +1)
            effects.touched[post.author_id].add("conversations")
        earns = deeds.comment_added(
            post, event.comment_id, writer, reply=bool(event.parent_comment_id), writer_is_leader=found.place.leader
        )
        await book(ctx, earns, effects, found.group, found.place)
        await active(ctx, writer, effects)
        await settle(ctx, effects)

    @router.on(ev.CommentDeleted)
    async def comment_deleted(event: ev.CommentDeleted, ctx: EventContext) -> None:
        authors = await store.delete_comment(ctx.conn, event.comment_id, event.post_id)
        if authors is None:
            return
        writer, post_author = authors
        if writer != post_author:
            await store.conversation(ctx.conn, event.post_id, writer, -1)
        await store.take_back(ctx.conn, event_id=ctx.envelope.event_id, at=ctx.envelope.occurred_at,
                              comment_id=event.comment_id)  # fmt: skip

    # ----- reactions and answers -----

    @router.on(ev.ReactionAdded)
    async def reaction_added(event: ev.ReactionAdded, ctx: EventContext) -> None:
        found = await store.on_post(ctx.conn, event.post_id, event.user_id)
        if found is None:
            return
        target: str | None = found.post.author_id
        if event.comment_id:
            target = await store.comment_author(ctx.conn, event.comment_id)
        if target is None:
            return
        if not await store.add_reaction(ctx.conn, event.post_id, event.comment_id, event.user_id):
            return  # this person had already reacted (another kind of reaction is not another deed)
        effects = _Effects()
        earns = deeds.reaction_added(event.post_id, event.comment_id, target, event.user_id,
                                     reactor_is_leader=found.place.leader)  # fmt: skip
        await book(ctx, earns, effects, found.group, found.place)
        await active(ctx, event.user_id, effects)
        await settle(ctx, effects)

    @router.on(ev.ReactionRemoved)
    async def reaction_removed(event: ev.ReactionRemoved, ctx: EventContext) -> None:
        if not await store.remove_reaction(ctx.conn, event.post_id, event.comment_id, event.user_id):
            # every reaction to what stands is recorded: on a post or comment that stands, this one is
            # still on its way (a crash reorders), and taking it back now would let it count later
            standing = await store.on_post(ctx.conn, event.post_id, event.user_id) is not None
            if standing and (not event.comment_id or await store.comment_author(ctx.conn, event.comment_id)):
                raise NotYet(f"reaction of {event.user_id} to {event.comment_id or event.post_id}")
            return
        await store.take_back(
            ctx.conn, event_id=ctx.envelope.event_id, at=ctx.envelope.occurred_at,
            keys=deeds.reaction_keys(event.post_id, event.comment_id, event.user_id),
        )  # fmt: skip

    @router.on(ev.AnswerAccepted)
    async def answer_accepted(event: ev.AnswerAccepted, ctx: EventContext) -> None:
        found = await store.on_post(ctx.conn, event.post_id, event.accepted_by or event.answer_author_id)
        if found is None or not await directory.newest(ctx, directory.ACCEPTED):  # a late accept moves nothing
            return
        # accepting another answer moves the points to it
        await store.take_back(ctx.conn, event_id=ctx.envelope.event_id, at=ctx.envelope.occurred_at,
                              keys=[deeds.accepted_key(event.post_id)])  # fmt: skip
        effects = _Effects()
        earns = deeds.answer_accepted(found.post, event.comment_id, event.answer_author_id)
        await book(ctx, earns, effects, found.group, found.place)
        await settle(ctx, effects)

    return router
