"""Notify's other paths over real NATS JetStream, PostgreSQL and SMTP: large audiences through the fan-out
worker, group levels, must-read confirmations, deleted posts, follows, the live stream, paging, the
organisation's defaults, the digest, the published preference change and quiet hours."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import grpc
import pytest
from nats.aio.client import Client as NatsClient
from nats.js.errors import NotFoundError

from kantine import codec
from kantine.grpcutil import channel
from kantine.relay import Relay
from kantine.service import cancel_all
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc, notify_pb2_grpc
from kantine.v1 import notify_pb2 as n
from services.notify.fanout import FanoutWorker
from tests.harness import FeedHarness, NotifyHarness, eventually
from tests.integration.conftest import SmtpServer, World

ANNOUNCEMENT, QUESTION = ev.POST_KIND_ANNOUNCEMENT, ev.POST_KIND_QUESTION
MUTED, HIGHLIGHTS, ALL = ev.NOTIFICATION_LEVEL_MUTED, ev.NOTIFICATION_LEVEL_HIGHLIGHTS, ev.NOTIFICATION_LEVEL_ALL
MakeWorld = Callable[..., Awaitable[World]]


@pytest.fixture
async def make_world(database_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[MakeWorld]:
    """A `world` whose notify runs with the given NotifyHarness options (the shared fixture's are fixed)."""
    async with contextlib.AsyncExitStack() as stack:

        async def make(**options: Any) -> World:
            smtp = SmtpServer()
            smtp.start()
            stack.callback(smtp.stop)
            feed = await FeedHarness.start(database_url, nc, topology)
            stack.push_async_callback(feed.close)
            options.setdefault("email_delay_s", 1.0)
            notify = await NotifyHarness.start(database_url, nc, topology, smtp_port=smtp.port, **options)
            stack.push_async_callback(notify.close)
            fch = await stack.enter_async_context(channel(feed.address))
            nch = await stack.enter_async_context(channel(notify.address))
            return World(feed, notify, feed_pb2_grpc.FeedServiceStub(fch), notify_pb2_grpc.NotifyServiceStub(nch),
                         smtp, database_url)  # fmt: skip

        yield make


# ----- a little vocabulary -----


def mention(name: str, user_id: str) -> str:
    return f"@[{name}]({user_id})"


def address(name: str) -> str:
    """The e-mail address World.person gives a person of this name."""
    return f"{name.lower().replace(' ', '.')}@example.com"


async def public_group(world: World, owner: str, *members: str, name: str = "Kitchen") -> str:
    reply = await world.fs.CreateGroup(
        f.CreateGroupRequest(actor_id=owner, name=name, purpose="everything about the shared kitchen",
                             visibility=ev.GROUP_VISIBILITY_PUBLIC)
    )  # fmt: skip
    for member in members:
        joined = await world.fs.JoinGroup(f.GroupMemberCommand(actor_id=member, group_id=reply.group_id))
        assert joined.joined
    return str(reply.group_id)


async def about(world: World, user: str, post_id: str) -> list[n.Notification]:
    """A person's notifications about one post."""
    page = await world.inbox(user, limit=100)
    return [x for x in page.notifications if x.post_id == post_id]


async def outbox(world: World, user: str) -> list[asyncpg.Record]:
    return await world.notify.pool.fetch(  # type: ignore[no-any-return]
        "SELECT * FROM email_outbox WHERE recipient = $1 ORDER BY created_at, email_id", uuid.UUID(user)
    )


def mailed(world: World, to: str, count: int = 1) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return len(world.smtp.mailbox.to(to)) >= count

    check.__name__ = f"{count} mail(s) to {to}"
    return check


def category(prefs: n.Preferences, name: str) -> n.CategoryPreference:
    return next(c for c in prefs.categories if c.category == name)


@contextlib.asynccontextmanager
async def live(world: World, user: str) -> AsyncIterator[asyncio.Queue[n.InboxUpdate]]:
    """A person's open Stream; the queue gets every update it sends."""
    updates: asyncio.Queue[n.InboxUpdate] = asyncio.Queue()

    async def listen() -> None:
        async for update in world.ns.Stream(n.UserRequest(user_id=user)):
            await updates.put(update)

    listener = asyncio.create_task(listen())
    try:
        yield updates
    finally:
        await cancel_all([listener])


async def set_level(world: World, user: str, group: str, level: ev.NotificationLevel) -> None:
    prefs = await world.ns.UpdatePreferences(
        n.UpdatePreferencesRequest(
            user_id=user, actor_id=user, groups=[ev.GroupPreference(group_id=group, level=level)]
        )
    )
    assert [(g.group_id, g.level) for g in prefs.groups] == [(group, level)]


# ----- 1. a large audience, through the fan-out worker -----


async def test_a_large_group_is_told_chunk_by_chunk_once_each_and_a_muted_member_only_of_a_must_read(
    make_world: MakeWorld,
) -> None:
    world = await make_world(fanout_inline=2, fanout_chunk=3)
    owner = await world.person("Olga Owner")
    members = [await world.person(f"Member {i:02d}") for i in range(9)]
    muted = members[4]
    group = await public_group(world, owner, *members)
    await world.settle()
    await world.known(owner, *members)
    await set_level(world, muted, group, MUTED)

    async def job_done(post_id: str) -> None:
        async def done() -> bool:
            value = await world.notify.pool.fetchval("SELECT done FROM fanouts WHERE post_id = $1", uuid.UUID(post_id))
            return value is True

        await eventually(done)

    post = await world.post(owner, "Lunch moves to 12:30 from Monday", group_id=group)
    await world.settle()
    await job_done(post)  # ten members are more than fanout_inline=2: the worker told them, 3 at a time
    for member in members:
        kinds = [x.kind for x in await about(world, member, post)]
        assert kinds == ([] if member == muted else ["group_post"]), member
    assert await about(world, owner, post) == []
    assert await world.notify.pool.fetchval(
        "SELECT count(*) FROM notifications WHERE post_id = $1", uuid.UUID(post)
    ) == len(members) - 1  # fmt: skip
    assert await world.notify.pool.fetchval("SELECT count(*) FROM email_outbox") == 0  # group posts: no e-mail

    notice = await world.post(owner, "Fire drill at 14:00: read and confirm", group_id=group, kind=ANNOUNCEMENT,
                              must_read=True)  # fmt: skip
    await world.settle()
    await job_done(notice)
    for member in members:
        assert [x.kind for x in await about(world, member, notice)] == ["announcement"], member
    (told,) = await about(world, muted, notice)
    (queued,) = await outbox(world, muted)
    assert str(queued["notification_id"]) == told.notification_id and queued["kind"] == "notification"
    assert await world.notify.pool.fetchval("SELECT count(*) FROM email_outbox") == len(members)
    await eventually(mailed(world, address("Member 04")))
    assert len(world.smtp.mailbox.to(address("Member 04"))) == 1


# ----- 2. confirming a must-read -----


async def test_confirming_a_must_read_reads_its_notification_and_no_mail_follows(make_world: MakeWorld) -> None:
    world = await make_world(email_delay_s=2.0)
    lead, reader, other = [await world.person(x) for x in ("Lena Lead", "Rita Reader", "Otto Other")]
    group = await public_group(world, lead, reader, other)
    await world.settle()
    notice = await world.post(lead, "The new travel policy applies from May", group_id=group, kind=ANNOUNCEMENT,
                              must_read=True)  # fmt: skip
    await world.settle()
    (note,) = await about(world, reader, notice)
    assert note.kind == "announcement" and not note.read
    await world.fs.MarkRead(f.PostCommand(actor_id=reader, post_id=notice))
    await world.settle()
    page = await world.inbox(reader)
    assert page.unread_count == 0 and [(x.notification_id, x.read) for x in page.notifications] == [
        (note.notification_id, True)
    ]
    await eventually(mailed(world, address("Otto Other")))  # the control: not confirmed, so mailed

    async def reader_skipped() -> bool:
        return [r["status"] for r in await outbox(world, reader)] == ["skipped"]

    await eventually(reader_skipped)
    assert world.smtp.mailbox.to(address("Rita Reader")) == []


async def test_a_must_read_confirmed_before_the_fan_out_reaches_a_member_is_not_nagged(
    make_world: MakeWorld,
) -> None:
    world = await make_world(fanout_inline=2, fanout_chunk=3)
    lead, reader, other = [await world.person(x) for x in ("Lena Lead", "Rita Reader", "Otto Other")]
    group = await public_group(world, lead, reader, other)
    await world.settle()
    # the fan-out worker is busy elsewhere (an all-company job) while Rita reads the feed and confirms
    paused = world.notify.tasks[1]
    assert "FanoutWorker.run" in repr(paused.get_coro())
    await cancel_all([paused])
    notice = await world.post(lead, "The new travel policy applies from May", group_id=group, kind=ANNOUNCEMENT,
                              must_read=True)  # fmt: skip
    await world.settle(fan_out=False)
    assert await about(world, reader, notice) == []  # not told yet: the job waits for the worker
    await world.fs.MarkRead(f.PostCommand(actor_id=reader, post_id=notice))
    await world.settle(fan_out=False)
    world.notify.tasks[1] = asyncio.create_task(
        FanoutWorker(world.notify.pool, chunk=3, email_delay_s=1.0, idle_s=0.2).run()
    )

    async def done() -> bool:
        return (
            await world.notify.pool.fetchval("SELECT done FROM fanouts WHERE post_id = $1", uuid.UUID(notice)) is True
        )

    await eventually(done)
    assert [x.kind for x in await about(world, other, notice)] == ["announcement"]  # the control
    assert all(x.read for x in await about(world, reader, notice))  # told nothing, or told it as read
    await eventually(mailed(world, address("Otto Other")))

    async def reader_settled() -> bool:
        return all(r["status"] != "pending" for r in await outbox(world, reader))

    await eventually(reader_settled)
    assert world.smtp.mailbox.to(address("Rita Reader")) == []


# ----- 3. group levels -----


@pytest.mark.parametrize("fanout_inline", [500, 2], ids=["inline", "fan-out worker"])
async def test_in_a_large_group_the_default_level_is_highlights_and_all_hears_everything(
    make_world: MakeWorld, fanout_inline: int
) -> None:
    world = await make_world(large_group=3, fanout_inline=fanout_inline, fanout_chunk=3)
    owner, quiet, keen = [await world.person(x) for x in ("Olga Owner", "Quinn Quiet", "Kim Keen")]
    leader = await world.person("Lars Leader", leader=True)
    group = await public_group(world, owner, quiet, keen, leader)
    await world.settle()
    await world.known(owner, quiet, keen, leader)
    await set_level(world, keen, group, ALL)
    discussion = await world.post(owner, "Thoughts on the new coffee machine?", group_id=group)
    question = await world.post(owner, "Who knows the guest wifi password?", group_id=group, kind=QUESTION)
    by_leader = await world.post(leader, "Quarterly results are in", group_id=group)
    await world.settle()

    async def heard(user: str) -> set[str]:
        return {x.post_id for x in (await world.inbox(user, limit=100)).notifications if x.kind == "group_post"}

    assert await heard(quiet) == {question, by_leader}  # never chose: highlights in a large group
    assert await heard(keen) == {discussion, question, by_leader}
    assert await heard(leader) == {question}  # never about their own post
    assert await heard(owner) == {by_leader}


# ----- 4. a deleted post -----


async def test_a_deleted_post_takes_its_notifications_and_their_mail_along(make_world: MakeWorld) -> None:
    world = await make_world(email_delay_s=2.0)
    anna, per, eva = [await world.person(x) for x in ("Anna Berg", "Per Lund", "Eva Holm")]
    doomed = await world.post(per, f"A draft for {mention('Anna Berg', anna)}")
    kept = await world.post(per, f"The final version for {mention('Anna Berg', anna)}")
    await world.fs.AddComment(f.AddCommentRequest(actor_id=eva, post_id=doomed, body="Nice draft"))
    await world.settle()
    page = await world.inbox(anna)
    assert sorted(x.post_id for x in page.notifications) == sorted([doomed, kept]) and page.unread_count == 2
    assert [(x.kind, x.post_id) for x in (await world.inbox(per)).notifications] == [("comment", doomed)]
    async with live(world, anna) as updates:
        assert (await asyncio.wait_for(updates.get(), 10)).unread_count == 2
        await world.fs.DeletePost(f.PostCommand(actor_id=per, post_id=doomed))
        update = await asyncio.wait_for(updates.get(), 10)
    assert update.unread_count == 1 and not update.HasField("notification")
    page = await world.inbox(anna)
    assert [x.post_id for x in page.notifications] == [kept] and page.unread_count == 1
    page = await world.inbox(per)
    assert list(page.notifications) == [] and page.unread_count == 0

    async def settled() -> bool:
        statuses = [r["status"] for r in await outbox(world, anna)] + [r["status"] for r in await outbox(world, per)]
        return "pending" not in statuses

    await eventually(settled)
    assert sorted(r["status"] for r in await outbox(world, anna)) == ["sent", "skipped"]
    assert [(r["status"], r["last_error"]) for r in await outbox(world, per)] == [
        ("skipped", "the notification is gone")
    ]
    (mail,) = world.smtp.mailbox.to(address("Anna Berg"))
    text = mail.get_body(preferencelist=("plain",))
    assert text is not None and kept in text.get_content() and doomed not in text.get_content()
    assert world.smtp.mailbox.to(address("Per Lund")) == []


# ----- 5. follows -----


async def test_follows_name_their_reason_and_a_mention_outranks_a_follow(world: World) -> None:
    anna, bo, cai, dan, ebbe = [
        await world.person(x) for x in ("Anna Berg", "Bo Berg", "Cai Carlsen", "Dan Dahl", "Ebbe Eng")
    ]
    await world.fs.Follow(f.FollowRequest(actor_id=bo, user_id=anna))
    await world.fs.Follow(f.FollowRequest(actor_id=cai, tag="Onboarding"))
    await world.fs.Follow(f.FollowRequest(actor_id=dan, user_id=anna))
    await world.fs.Follow(f.FollowRequest(actor_id=ebbe, user_id=anna))
    await world.fs.Follow(f.FollowRequest(actor_id=ebbe, tag="onboarding"))
    post = await world.post(anna, f"Welcome to #onboarding, {mention('Dan Dahl', dan)}!")
    await world.settle()
    (bos,) = await about(world, bo, post)
    assert bos.kind == "followed_post" and "Anna Berg" in bos.reason
    (cais,) = await about(world, cai, post)
    assert cais.kind == "followed_post" and "#onboarding" in cais.reason
    (dans,) = await about(world, dan, post)
    assert dans.kind == "mention" and dans.category == "mentions"
    (ebbes,) = await about(world, ebbe, post)  # a person and a tag followed: still one notification
    assert ebbes.kind == "followed_post"
    (followers,) = (await world.inbox(anna)).notifications
    assert followers.kind == "new_follower" and followers.actor_count == 3
    assert [x.kind for x in (await world.inbox(dan)).notifications] == ["mention"]


# ----- 6. mark all read, live -----


async def test_mark_all_read_zeroes_the_count_and_tells_the_open_stream(world: World) -> None:
    anna, per = await world.person("Anna Berg"), await world.person("Per Lund")
    for i in range(3):
        await world.post(per, f"Note {i} for {mention('Anna Berg', anna)}")
    await world.settle()
    async with live(world, anna) as updates:
        assert (await asyncio.wait_for(updates.get(), 10)).unread_count == 3
        reply = await world.ns.MarkAllRead(n.UserRequest(user_id=anna))
        assert reply.unread_count == 0
        update = await asyncio.wait_for(updates.get(), 10)
        assert update.unread_count == 0 and not update.HasField("notification")
        # the stream stays live: the next mention arrives with the count counting from zero
        later = await world.post(per, f"One more for {mention('Anna Berg', anna)}")
        update = await asyncio.wait_for(updates.get(), 20)
    assert update.notification.post_id == later and update.unread_count == 1
    page = await world.inbox(anna)
    assert page.unread_count == 1 and [x.read for x in page.notifications] == [False, True, True, True]
    assert (await world.ns.UnreadCount(n.UserRequest(user_id=anna))).unread_count == 1


# ----- 7. paging -----


async def test_twenty_five_notifications_page_newest_first_without_repeats(world: World) -> None:
    anna, per = await world.person("Anna Berg"), await world.person("Per Lund")
    posts = [await world.post(per, f"Note {i:02d} for {mention('Anna Berg', anna)}") for i in range(25)]
    await world.settle()

    async def walk(**kw: Any) -> tuple[list[int], list[n.Notification]]:
        sizes, seen, cursor = [], [], ""
        for _ in range(10):
            page = await world.inbox(anna, limit=10, cursor=cursor, **kw)
            sizes.append(len(page.notifications))
            seen += list(page.notifications)
            cursor = page.next_cursor
            if not cursor:
                return sizes, seen
        raise AssertionError(f"paging does not end: {sizes}")

    sizes, seen = await walk()
    assert sizes == [10, 10, 5]
    assert [x.post_id for x in seen] == list(reversed(posts))  # newest first, each once
    assert len({x.notification_id for x in seen}) == 25
    by_post = {x.post_id: x.notification_id for x in seen}
    read = [*posts[:5], posts[12]]
    for post in read:
        await world.ns.MarkRead(n.MarkReadRequest(user_id=anna, notification_id=by_post[post]))
    sizes, unread = await walk(unread_only=True)
    assert sizes == [10, 9]
    assert [x.post_id for x in unread] == [p for p in reversed(posts) if p not in read]
    assert not any(x.read for x in unread)
    assert (await world.inbox(anna, unread_only=True)).unread_count == 19


# ----- 8. the organisation's defaults -----


async def test_the_organisations_default_applies_to_whoever_did_not_choose(world: World) -> None:
    manager = await world.person("Carla Manager", community_manager=True)
    anna, per, eva = [await world.person(x) for x in ("Anna Berg", "Per Lund", "Eva Holm")]
    await world.settle()
    await world.known(manager, anna, per, eva)
    replies_off = [ev.ChannelPreference(category="replies", in_app=True, email=False)]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await world.ns.UpdateOrganisationDefaults(n.UpdatePreferencesRequest(actor_id=anna, channels=replies_off))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert category(await world.ns.GetOrganisationDefaults(n.UserRequest()), "replies").email

    defaults = await world.ns.UpdateOrganisationDefaults(n.UpdatePreferencesRequest(actor_id=manager,
                                                                                    channels=replies_off))  # fmt: skip
    assert category(defaults, "replies").in_app and not category(defaults, "replies").email
    replies_on = [ev.ChannelPreference(category="replies", in_app=True, email=True)]
    await world.ns.UpdatePreferences(n.UpdatePreferencesRequest(user_id=per, actor_id=per, channels=replies_on))
    annas = category(await world.ns.GetPreferences(n.UserRequest(user_id=anna)), "replies")
    assert annas.in_app and not annas.email and not annas.overridden
    for author in (anna, per):
        post = await world.post(author, "Anyone up for lunch?")
        await world.fs.AddComment(f.AddCommentRequest(actor_id=eva, post_id=post, body="Count me in"))
    await world.settle()
    assert [x.kind for x in (await world.inbox(anna)).notifications] == ["comment"]  # in the app, as before
    assert [x.kind for x in (await world.inbox(per)).notifications] == ["comment"]
    await eventually(mailed(world, address("Per Lund")))
    assert await outbox(world, anna) == []
    assert world.smtp.mailbox.to(address("Anna Berg")) == []


# ----- 9. the digest -----


async def test_the_digest_goes_to_who_stayed_away_most_reacted_first_once(world: World) -> None:
    ali, bea, dora, sam = [await world.person(x) for x in ("Ali Andersen", "Bea Bak", "Dora Dahl", "Sam Sand")]
    fans = [await world.person(f"Fan {i}") for i in range(4)]
    group = await public_group(world, ali, bea, dora, sam, name="Social")
    noisy = await public_group(world, ali, dora, name="Noise")
    await world.settle()
    await world.known(ali, bea, dora, sam, *fans)
    await set_level(world, dora, noisy, MUTED)
    top = await world.post(bea, "Top post: the summer party is on", group_id=group)
    mid = await world.post(ali, "Mid post: new badges for the team", group_id=group)
    low = await world.post(ali, "Low post: parking changes", group_id=group)
    muted_post = await world.post(ali, "Muted post: most reacted of all", group_id=noisy)
    for post, count in ((top, 3), (mid, 1), (muted_post, 4)):
        for fan in fans[:count]:
            await world.fs.React(f.ReactRequest(actor_id=fan, post_id=post, reaction="like"))
    await world.settle()
    await world.inbox(sam)  # Sam has looked at the inbox: no summary needed
    # Everyone's first check is due a day after they were provisioned; the planner's clock is set a day
    # and an hour on, so Dora's weekly window still holds the posts (see domain/digest.py).
    provisioned = await world.notify.pool.fetchval("SELECT max(created_at) FROM recipients")
    now = provisioned + dt.timedelta(days=1, hours=1)
    mailer = world.notify.mailer
    assert mailer is not None
    assert await mailer.plan_digests(now=now) == 1
    (digest,) = await world.notify.pool.fetch("SELECT * FROM email_outbox WHERE kind = 'digest'")
    assert str(digest["recipient"]) == dora
    assert [str(p) for p in digest["post_ids"]] == [top, mid, low]
    assert await mailer.plan_digests(now=now) == 0
    assert await world.notify.pool.fetchval("SELECT count(*) FROM email_outbox WHERE kind = 'digest'") == 1
    # the digest is due at the planner's (simulated) time: let the outbox's clock catch up with it
    await world.notify.pool.execute("UPDATE email_outbox SET due_at = now() WHERE email_id = $1", digest["email_id"])
    await eventually(mailed(world, address("Dora Dahl")))
    (mail,) = world.smtp.mailbox.to(address("Dora Dahl"))
    body = mail.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert text.index("Top post") < text.index("Mid post") < text.index("Low post")
    assert "Muted post" not in text
    assert world.smtp.mailbox.to(address("Sam Sand")) == []


async def test_a_digest_waiting_to_be_sent_says_nothing_of_a_group_its_reader_may_no_longer_read(
    world: World,
) -> None:
    ali, dora = [await world.person(x) for x in ("Ali Andersen", "Dora Dahl")]
    social = await public_group(world, ali, dora, name="Social")
    kitchen = await public_group(world, ali, dora, name="Kitchen")
    board = (await world.fs.CreateGroup(f.CreateGroupRequest(
        actor_id=ali, name="Board", purpose="closed doors", visibility=ev.GROUP_VISIBILITY_PRIVATE
    ))).group_id  # fmt: skip
    await world.fs.InviteMember(f.GroupMemberCommand(actor_id=ali, group_id=board, user_id=dora))
    await world.fs.JoinGroup(f.GroupMemberCommand(actor_id=dora, group_id=board))
    kept = await world.post(ali, "Open post: the summer party is on", group_id=social)
    left = await world.post(ali, "Board post: the merger with Acme", group_id=board)
    closed = await world.post(ali, "Kitchen post: the new coffee supplier", group_id=kitchen)
    await world.settle()
    await world.known(ali, dora)
    provisioned = await world.notify.pool.fetchval("SELECT max(created_at) FROM recipients")
    mailer = world.notify.mailer
    assert mailer is not None
    assert await mailer.plan_digests(now=provisioned + dt.timedelta(days=1, hours=1)) == 1
    (digest,) = await world.notify.pool.fetch("SELECT * FROM email_outbox WHERE kind = 'digest'")
    assert {str(p) for p in digest["post_ids"]} == {kept, left, closed}  # planned while she was in all three

    # while it waits, Dora leaves the board, and the kitchen she left turns private
    await world.fs.LeaveGroup(f.GroupMemberCommand(actor_id=dora, group_id=board))
    await world.fs.LeaveGroup(f.GroupMemberCommand(actor_id=dora, group_id=kitchen))
    await world.fs.UpdateGroup(f.UpdateGroupRequest(actor_id=ali, group_id=kitchen, name="Kitchen",
                                                    purpose="everything about the shared kitchen",
                                                    visibility=ev.GROUP_VISIBILITY_PRIVATE))  # fmt: skip
    await world.settle()
    await world.notify.pool.execute("UPDATE email_outbox SET due_at = now() WHERE email_id = $1", digest["email_id"])
    await eventually(mailed(world, address("Dora Dahl")))
    (mail,) = world.smtp.mailbox.to(address("Dora Dahl"))
    for part in ("plain", "html"):
        body = mail.get_body(preferencelist=(part,))
        assert body is not None
        text = body.get_content()
        assert "Open post" in text and "Social" in text  # the group she is still in, as planned
        for gone in ("Board", "merger", "Kitchen", "coffee"):
            assert gone not in text, (part, gone)
    assert "1 popular post" in mail["Subject"]


# ----- 10. the preference change on the bus -----


async def test_a_preference_change_is_published_on_the_stream(world: World, nc: NatsClient, topology: Topology) -> None:
    anna, per = await world.person("Anna Berg"), await world.person("Per Lund")
    group = await public_group(world, per, name="Garden")
    await world.settle()
    await world.known(anna, per)
    await world.ns.UpdatePreferences(n.UpdatePreferencesRequest(
        user_id=anna, actor_id=anna, groups=[ev.GroupPreference(group_id=group, level=HIGHLIGHTS)],
        digest=ev.DIGEST_FREQUENCY_DAILY))  # fmt: skip
    js = nc.jetstream()
    subject = topology.event_subject(codec.lookup("NotificationPreferencesChanged"))
    relay = Relay(world.notify.pool, js, topology, idle_poll_s=0.2)
    task = asyncio.create_task(relay.run())
    try:
        latest: list[tuple[dict[str, str], ev.NotificationPreferencesChanged]] = []

        def published(via: str) -> Callable[[], Awaitable[bool]]:
            async def check() -> bool:
                try:
                    msg = await js.get_last_msg(topology.events_stream, subject)
                except NotFoundError:
                    return False
                event = codec.decode("NotificationPreferencesChanged", msg.data or b"")
                assert isinstance(event, ev.NotificationPreferencesChanged)
                latest[:] = [(dict(msg.headers or {}), event)]
                return event.via == via

            check.__name__ = f"published {via}"
            return check

        await eventually(published("settings"))
        ((headers, event),) = latest
        assert event.user_id == anna and event.changed_by == anna
        assert [(g.group_id, g.level) for g in event.groups] == [(group, HIGHLIGHTS)]
        assert event.digest == ev.DIGEST_FREQUENCY_DAILY
        assert headers["Kantine-Event-Type"] == "NotificationPreferencesChanged"
        assert headers["Kantine-Aggregate-Id"] == anna
        # the next change follows while the relay runs
        await world.ns.ApplyPreset(n.ApplyPresetRequest(user_id=anna, preset="no_email"))
        await eventually(published("preset:no_email"))
        ((headers, event),) = latest
        assert event.user_id == anna and headers["Kantine-Aggregate-Version"] == "2"
    finally:
        await cancel_all([task])
    # notify's own consumer reads the same stream and goes on with the feed's events
    post = await world.post(anna, "Still listening?")
    await world.fs.AddComment(f.AddCommentRequest(actor_id=per, post_id=post, body="Yes"))
    await world.settle()
    assert [x.kind for x in (await world.inbox(anna)).notifications] == ["comment"]


# ----- 11. quiet hours -----


async def test_quiet_hours_postpone_the_mail_not_the_notification(world: World) -> None:
    anna, per, eva = [await world.person(x) for x in ("Anna Berg", "Per Lund", "Eva Holm")]
    await world.settle()
    await world.known(anna, per, eva)
    now = dt.datetime.now(dt.UTC)
    start, end = now - dt.timedelta(hours=1), now + dt.timedelta(hours=1)
    prefs = await world.ns.UpdatePreferences(n.UpdatePreferencesRequest(
        user_id=anna, actor_id=anna,
        quiet_hours=ev.QuietHours(start=f"{start:%H:%M}", end=f"{end:%H:%M}", time_zone="UTC")))  # fmt: skip
    assert prefs.quiet_hours.end == f"{end:%H:%M}"
    for author in (anna, eva):  # Eva has no quiet hours: the control
        post = await world.post(author, "Feedback welcome")
        await world.fs.AddComment(f.AddCommentRequest(actor_id=per, post_id=post, body="Looks good"))
    await world.settle()
    page = await world.inbox(anna)
    assert [x.kind for x in page.notifications] == ["comment"] and page.unread_count == 1
    await eventually(mailed(world, address("Eva Holm")))
    expected = end.replace(second=0, microsecond=0)

    async def postponed() -> bool:
        rows = await outbox(world, anna)
        return len(rows) == 1 and rows[0]["due_at"] == expected

    await eventually(postponed)
    (row,) = await outbox(world, anna)
    assert row["status"] == "pending" and row["attempts"] == 0
    assert world.smtp.mailbox.to(address("Anna Berg")) == []
