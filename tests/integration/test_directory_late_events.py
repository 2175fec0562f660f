"""A directory event that arrives late never undoes a newer one, in every consumer that keeps the
directory (notify, gamify, insights and search, through kantine.directory).

Late is how the platform delivers now and then: a handler that failed is retried while the events after
it flow on, and a dead letter is replayed (`kantine dlq replay`) after everything that followed it. The
test holds the feed's events back, then delivers them to each consumer's replay subject with some of
them last: the join of someone who has since left, and the first of two changes of a group's privacy.
Before, the late join put the person back in the private group (its notifications, leaderboard, radar)
and the late change made it public again in notify."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from nats.aio.client import Client as NatsClient

from kantine.grpcutil import channel
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc
from tests.harness import (
    FeedHarness,
    GamifyHarness,
    InsightsHarness,
    NotifyHarness,
    SearchHarness,
    deliver_late,
    eventually,
    fetchval,
    hold_back,
)

CONSUMERS = ("notify", "gamify", "insights", "search")
Consumer = NotifyHarness | GamifyHarness | InsightsHarness | SearchHarness


@pytest.fixture
async def platform(
    database_url: str, nc: NatsClient, topology: Topology
) -> AsyncIterator[tuple[FeedHarness, list[Consumer]]]:
    feed = await FeedHarness.start(database_url, nc, topology)
    others = [
        await NotifyHarness.start(database_url, nc, topology),
        await GamifyHarness.start(database_url, nc, topology),
        await InsightsHarness.start(database_url, nc, topology),
        await SearchHarness.start(database_url, nc, topology),
    ]
    try:
        yield feed, others
    finally:
        for other in reversed(others):
            await other.close()
        await feed.close()


async def deliver(
    url: str, nc: NatsClient, topology: Topology, since: int, late: Callable[[int, str], bool]
) -> list[str]:
    """The held-back events to every consumer, those `late` picks last (tests.harness.deliver_late)."""
    return await deliver_late(url, nc, topology, CONSUMERS, since, late)


def all_applied(url: str, others: list[Consumer], since: int, events: int) -> Callable[[], Awaitable[bool]]:
    """Every consumer has applied the `events` events after `since` (those that waited, once they could)."""

    async def applied() -> bool:
        query = "SELECT count(*) FROM {}.processed_events p JOIN feed.events e USING (event_id) WHERE e.position > $1"
        counts = [await fetchval(url, query.format(o.consumer.name), since) for o in others]
        return all(c == events for c in counts)

    return applied


async def test_a_late_join_readmits_nobody_and_a_late_privacy_change_undoes_nothing(
    platform: tuple[FeedHarness, list[Consumer]],
    database_url: str, nc: NatsClient, topology: Topology,
) -> None:  # fmt: skip
    feed, others = platform
    owner = await feed.provision("00000000-0000-7000-8000-0000000000a1", "Olga Owner")
    mover = await feed.provision("00000000-0000-7000-8000-0000000000a2", "Max Mover")
    async with channel(feed.address) as ch:
        fs = feed_pb2_grpc.FeedServiceStub(ch)
        group = (await fs.CreateGroup(f.CreateGroupRequest(
            actor_id=owner, name="Board", purpose="what the board prepares", visibility=ev.GROUP_VISIBILITY_PRIVATE,
        ))).group_id  # fmt: skip
        since = await hold_back(feed, [o.consumer for o in others])  # the feed's events wait
        await fs.InviteMember(f.GroupMemberCommand(actor_id=owner, group_id=group, user_id=mover))
        await fs.JoinGroup(f.GroupMemberCommand(actor_id=mover, group_id=group))
        await fs.LeaveGroup(f.GroupMemberCommand(actor_id=mover, group_id=group))
        for visibility in (ev.GROUP_VISIBILITY_PUBLIC, ev.GROUP_VISIBILITY_PRIVATE):  # opened by mistake, closed
            await fs.UpdateGroup(f.UpdateGroupRequest(
                actor_id=owner, group_id=group, name="Board", purpose="what the board prepares", visibility=visibility,
            ))  # fmt: skip
    updates = iter(range(2))

    def late(_: int, kind: str) -> bool:
        return kind == "MemberJoined" or (kind == "GroupUpdated" and next(updates) == 0)

    order = await deliver(database_url, nc, topology, since, late)
    assert order[-2:] == ["MemberJoined", "GroupUpdated"] and "MemberLeft" in order[:-2]  # as meant
    for other in others:
        await other.consumer.wait_idle()
    for consumer in CONSUMERS:  # one projection (kantine.directory) in every consumer's schema
        members = f"SELECT count(*) FROM {consumer}.directory_members WHERE group_id = $1 AND user_id = $2"
        assert await fetchval(database_url, members, group, mover) == 0, f"{consumer} re-admitted who left"
        assert await fetchval(database_url, members, group, owner) == 1, f"{consumer}: the control, the owner is in"
        invited = f"SELECT count(*) FROM {consumer}.directory_invitations WHERE group_id = $1 AND user_id = $2"
        assert await fetchval(database_url, invited, group, mover) == 0, f"{consumer}: who left is no invitee either"
        private = f"SELECT visibility FROM {consumer}.directory_groups WHERE group_id = $1"
        assert await fetchval(database_url, private, group) == ev.GROUP_VISIBILITY_PRIVATE, f"{consumer} made it public"


async def test_a_comment_and_a_reaction_before_their_post_wait_for_it_in_every_consumer(
    platform: tuple[FeedHarness, list[Consumer]],
    database_url: str, nc: NatsClient, topology: Topology,
) -> None:  # fmt: skip
    """After a crash the consumer's unacknowledged batch comes again only after its ack wait, while what
    followed it goes straight on: a comment can come before its post. It waits for the post (NotYet) and
    is then counted, pointed and indexed like any other; before, the consumers dropped it."""
    feed, others = platform
    author = await feed.provision("00000000-0000-7000-8000-0000000000b1", "Asta Author")
    replier = await feed.provision("00000000-0000-7000-8000-0000000000b2", "Rune Replier")
    since = await hold_back(feed, [o.consumer for o in others])
    post = (await feed.create_post(author, "Hvem kommer til fredagsbaren?")).post_id
    async with channel(feed.address) as ch:
        fs = feed_pb2_grpc.FeedServiceStub(ch)
        comment = (await fs.AddComment(f.AddCommentRequest(actor_id=replier, post_id=post, body="Jeg!"))).comment_id
        await fs.React(f.ReactRequest(actor_id=replier, post_id=post, reaction="like"))

    order = await deliver(database_url, nc, topology, since, lambda _, kind: kind == "PostCreated")
    assert order[-1] == "PostCreated" and "CommentAdded" in order[:-1]  # as meant: the post comes last

    async def all_there() -> bool:
        counts = [
            await fetchval(database_url, "SELECT comments * 10 + reactions FROM notify.posts WHERE post_id = $1", post),
            await fetchval(database_url, "SELECT count(*) FROM gamify.comments WHERE comment_id = $1", comment),
            await fetchval(database_url, "SELECT count(*) FROM insights.comments WHERE comment_id = $1", comment),
            await fetchval(
                database_url, "SELECT comments * 10 + reactions FROM search.entries WHERE entry_id = $1", post
            ),
        ]
        return counts == [11, 1, 1, 11]

    await eventually(all_there)
    points = "SELECT count(*) FROM gamify.ledger WHERE comment_id = $1 AND user_id = $2"
    assert await fetchval(database_url, points, comment, replier) > 0  # the comment earned its points
    for other in others:
        assert other.consumer.dead_lettered == 0, f"{other.consumer.name} gave up on an event"


async def test_a_comment_deleted_before_it_arrives_is_never_counted(
    platform: tuple[FeedHarness, list[Consumer]],
    database_url: str, nc: NatsClient, topology: Topology,
) -> None:  # fmt: skip
    """The deletion waits for the comment (NotYet) instead of finding nothing and letting the late comment
    be counted afterwards as if it stood: no points, no answer, no entry for a deleted comment."""
    feed, others = platform
    author = await feed.provision("00000000-0000-7000-8000-0000000000c1", "Cecilie Spørger")
    replier = await feed.provision("00000000-0000-7000-8000-0000000000c2", "Bo Svarer")
    post = (await feed.create_post(author, "Hvor er nøglen til cykelkælderen?", kind=ev.POST_KIND_QUESTION)).post_id
    since = await hold_back(feed, [o.consumer for o in others])
    async with channel(feed.address) as ch:
        fs = feed_pb2_grpc.FeedServiceStub(ch)
        added = await fs.AddComment(f.AddCommentRequest(actor_id=replier, post_id=post, body="Ved kaffen"))
        comment = added.comment_id
        await fs.DeleteComment(f.CommentCommand(actor_id=replier, post_id=post, comment_id=comment))

    order = await deliver(database_url, nc, topology, since, lambda _, kind: kind == "CommentAdded")
    assert order == ["CommentDeleted", "CommentAdded"]  # as meant: the deletion first

    await eventually(all_applied(database_url, others, since, 2))
    points = "SELECT coalesce(sum(points), 0) FROM gamify.ledger WHERE comment_id = $1"
    assert await fetchval(database_url, points, comment) == 0  # booked and taken back, or never booked
    assert await fetchval(database_url, "SELECT count(*) FROM insights.comments WHERE comment_id = $1", comment) == 0
    assert await fetchval(database_url, "SELECT first_answer_at FROM insights.posts WHERE post_id = $1", post) is None
    assert await fetchval(database_url, "SELECT count(*) FROM search.entries WHERE entry_id = $1", comment) == 0
    assert (
        await fetchval(
            database_url, "SELECT count(*) FROM notify.comments WHERE comment_id = $1 AND NOT deleted", comment
        )
        == 0
    )
    for other in others:
        assert other.consumer.dead_lettered == 0, f"{other.consumer.name} gave up on an event"


async def test_a_role_change_before_the_join_makes_a_member_all_the_same(
    platform: tuple[FeedHarness, list[Consumer]],
    database_url: str, nc: NatsClient, topology: Topology,
) -> None:  # fmt: skip
    """Only a member's role changes: when the change comes first, the older join that follows is refused
    by the version guard, so the change itself makes the member (before, they were in no group at all)."""
    feed, others = platform
    owner = await feed.provision("00000000-0000-7000-8000-0000000000d1", "Dorte Ejer")
    helper = await feed.provision("00000000-0000-7000-8000-0000000000d2", "Hans Hjælper")
    async with channel(feed.address) as ch:
        fs = feed_pb2_grpc.FeedServiceStub(ch)
        group = (await fs.CreateGroup(f.CreateGroupRequest(
            actor_id=owner, name="Kantineudvalget", purpose="what the canteen serves next month",
            visibility=ev.GROUP_VISIBILITY_PRIVATE,
        ))).group_id  # fmt: skip
        since = await hold_back(feed, [o.consumer for o in others])
        await fs.InviteMember(f.GroupMemberCommand(actor_id=owner, group_id=group, user_id=helper))
        await fs.JoinGroup(f.GroupMemberCommand(actor_id=helper, group_id=group))
        await fs.SetMemberRole(f.SetMemberRoleRequest(actor_id=owner, group_id=group, user_id=helper,
                                                      role=ev.MEMBER_ROLE_ADMIN))  # fmt: skip

    order = await deliver(database_url, nc, topology, since, lambda _, kind: kind == "MemberJoined")
    assert order[-1] == "MemberJoined" and "MemberRoleChanged" in order  # as meant: the join comes last

    async def admin_everywhere() -> bool:
        roles = [await fetchval(database_url, f"SELECT role FROM {c}.directory_members WHERE group_id = $1 "
                                "AND user_id = $2", group, helper) for c in CONSUMERS]  # fmt: skip
        return roles == [ev.MEMBER_ROLE_ADMIN] * len(CONSUMERS)

    await eventually(admin_everywhere)
    for consumer in CONSUMERS:
        count = f"SELECT members FROM {consumer}.directory_groups WHERE group_id = $1"
        assert await fetchval(database_url, count, group) == 2, f"{consumer} counts the owner and the admin"


async def test_a_late_accept_moves_neither_the_points_nor_the_mark_back(
    platform: tuple[FeedHarness, list[Consumer]],
    database_url: str, nc: NatsClient, topology: Topology,
) -> None:  # fmt: skip
    """Accepting another answer moves the mark and the points to it; the first accept, delivered after the
    second (a crash reorders), must not move them back (the chaos campaign found points moved that way)."""
    feed, others = platform
    asker = await feed.provision("00000000-0000-7000-8000-0000000000e1", "Elin Spør")
    first = await feed.provision("00000000-0000-7000-8000-0000000000e2", "Frode Først")
    second = await feed.provision("00000000-0000-7000-8000-0000000000e3", "Siri Sist")
    post = (await feed.create_post(asker, "Hvem har nøglen til mødelokalet?", kind=ev.POST_KIND_QUESTION)).post_id
    async with channel(feed.address) as ch:
        fs = feed_pb2_grpc.FeedServiceStub(ch)
        one = (await fs.AddComment(f.AddCommentRequest(actor_id=first, post_id=post, body="Receptionen"))).comment_id
        two = (await fs.AddComment(f.AddCommentRequest(actor_id=second, post_id=post, body="Pedellen"))).comment_id
        since = await hold_back(feed, [o.consumer for o in others])
        await fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=asker, post_id=post, comment_id=one))
        await fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=asker, post_id=post, comment_id=two))
    accepts = iter(range(2))
    order = await deliver(
        database_url, nc, topology, since, lambda _, kind: kind == "AnswerAccepted" and not next(accepts)
    )
    assert order == ["AnswerAccepted", "AnswerAccepted"]  # the second accept, then the first

    await eventually(all_applied(database_url, others, since, 2))
    held = """SELECT user_id FROM gamify.ledger WHERE action = 'accepted_answer' AND post_id = $1
              AND reverses IS NULL AND NOT reversed"""
    assert await fetchval(database_url, held, post) == uuid.UUID(second)  # the points stay with the second
    marked = "SELECT entry_id FROM search.entries WHERE post_id = $1 AND kind = 6 AND answered"
    assert await fetchval(database_url, marked, post) == uuid.UUID(two)  # and so does the mark
