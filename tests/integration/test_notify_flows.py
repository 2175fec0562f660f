"""Notify over real NATS JetStream, PostgreSQL and an SMTP conversation: the feed's events go through its
relay and JetStream to the notify consumer; e-mail goes to an aiosmtpd server started by the test."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable

import grpc
import pytest
from nats.aio.client import Client as NatsClient

from kantine import codec
from kantine.ids import new_id
from kantine.service import cancel_all
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import notify_pb2 as n
from tests.harness import eventually, fetchval
from tests.integration.conftest import World

PRIVATE = ev.GROUP_VISIBILITY_PRIVATE


async def test_a_comment_on_my_post_reaches_my_inbox_my_live_stream_and_then_my_mail(world: World) -> None:
    anna, per = await world.person("Anna Berg", locale="da-DK"), await world.person("Per Lund")
    post = await world.post(anna, "Hvem kender til onboarding?")
    await world.settle()
    updates: asyncio.Queue[n.InboxUpdate] = asyncio.Queue()

    async def listen() -> None:
        async for update in world.ns.Stream(n.UserRequest(user_id=anna)):
            await updates.put(update)

    listener = asyncio.create_task(listen())
    try:
        first = await asyncio.wait_for(updates.get(), 10)
        assert first.unread_count == 0 and not first.HasField("notification")
        await world.fs.AddComment(f.AddCommentRequest(actor_id=per, post_id=post, body="Det gør jeg!"))
        update = await asyncio.wait_for(updates.get(), 20)
    finally:
        await cancel_all([listener])
    assert update.unread_count == 1
    assert update.notification.kind == "comment" and update.notification.post_id == post
    assert update.notification.actor_ids == [per]
    assert "Per Lund" in update.notification.text and "dit opslag" in update.notification.text  # in Danish
    page = await world.inbox(anna)
    assert [x.notification_id for x in page.notifications] == [update.notification.notification_id]
    assert page.unread_count == 1 and page.notifications[0].reason

    async def mailed() -> bool:
        return bool(world.smtp.mailbox.to("anna.berg@example.com"))

    await eventually(mailed)
    (mail,) = world.smtp.mailbox.to("anna.berg@example.com")
    assert world.smtp.mailbox.recipients[0] == ["anna.berg@example.com"]
    assert "Per Lund" in mail["Subject"]
    unsubscribe = mail["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://kantine.test/api/v1/unsubscribe?token=")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = mail.get_body(preferencelist=("plain",))
    assert text is not None and "http://kantine.test/unsubscribe?token=" in text.get_content()
    # the link works: that category's e-mail goes off, and nothing else
    token = unsubscribe.split("token=", 1)[1].rstrip(">")
    reply = await world.ns.Unsubscribe(n.UnsubscribeRequest(token=token.replace("%3A", ":")))
    assert reply.user_id == anna and reply.category == "replies"
    prefs = await world.ns.GetPreferences(n.UserRequest(user_id=anna))
    replies = next(c for c in prefs.categories if c.category == "replies")
    mentions = next(c for c in prefs.categories if c.category == "mentions")
    assert replies.in_app and not replies.email and replies.overridden
    assert mentions.email and not mentions.overridden


async def test_reading_before_the_delay_sends_no_mail(world: World) -> None:
    anna, per, eva = await world.person("Anna Berg"), await world.person("Per Lund"), await world.person("Eva Holm")
    post = await world.post(anna, "Question for you")
    await world.fs.AddComment(f.AddCommentRequest(actor_id=per, post_id=post, body="read me"))
    await world.settle()
    page = await world.inbox(anna)
    assert len(page.notifications) == 1
    await world.ns.MarkRead(n.MarkReadRequest(user_id=anna, notification_id=page.notifications[0].notification_id))
    # a second person's comment, left unread, is the control: its e-mail goes out
    other = await world.post(eva, "Another post")
    await world.fs.AddComment(f.AddCommentRequest(actor_id=per, post_id=other, body="unread"))

    async def eva_mailed() -> bool:
        return bool(world.smtp.mailbox.to("eva.holm@example.com"))

    await eventually(eva_mailed)

    async def anna_decided() -> bool:  # the sender has come to Anna's e-mail: past her delay
        status = await fetchval(world.url, "SELECT status FROM notify.email_outbox WHERE recipient = $1",
                                uuid.UUID(anna))  # fmt: skip
        return status != "pending"

    await eventually(anna_decided)
    assert world.smtp.mailbox.to("anna.berg@example.com") == []
    status = await fetchval(world.url, "SELECT status FROM notify.email_outbox WHERE recipient = $1",
                            uuid.UUID(anna))  # fmt: skip
    assert status == "skipped"


def mail_decided(world: World) -> Callable[[], Awaitable[bool]]:
    """Every queued e-mail is sent, skipped or given up: nothing more can go out of what is queued."""

    async def decided() -> bool:
        return (
            await fetchval(world.url, "SELECT count(*) FROM notify.email_outbox WHERE status IN ('pending', 'sending')")
            == 0
        )

    return decided


async def test_only_answers_to_me_suppresses_reactions(world: World) -> None:
    anna, per = await world.person("Anna Berg"), await world.person("Per Lund")
    await world.settle()
    await world.known(anna, per)
    chosen = await world.ns.ApplyPreset(n.ApplyPresetRequest(user_id=anna, preset="answers_only"))
    assert {c.category for c in chosen.categories if c.in_app} == {"replies"}
    post = await world.post(anna, "Like this?")
    await world.fs.React(f.ReactRequest(actor_id=per, post_id=post, reaction="like"))
    await world.fs.AddComment(f.AddCommentRequest(actor_id=per, post_id=post, body="@Anna yes"))
    await world.settle()
    kinds = [x.kind for x in (await world.inbox(anna)).notifications]
    assert kinds == ["comment"]
    # the change itself is an event of notify's own store
    stored = await fetchval(
        world.url, "SELECT count(*) FROM notify.events WHERE event_type = 'NotificationPreferencesChanged'"
    )
    assert stored == 1


async def test_fifty_reactions_make_one_notification(world: World) -> None:
    anna = await world.person("Anna Berg")
    post = await world.post(anna, "Cake in the kitchen")
    people = [await world.person(f"Colleague {i:02d}") for i in range(50)]
    for person in people:
        await world.fs.React(f.ReactRequest(actor_id=person, post_id=post, reaction="celebrate"))
    await world.settle()
    page = await world.inbox(anna)
    assert len(page.notifications) == 1
    (note,) = page.notifications
    assert note.kind == "reaction" and note.actor_count == 50 and page.unread_count == 1
    assert note.actor_ids == list(reversed(people))[:5]  # the newest first
    assert "49" in note.text
    # taking a reaction back takes that person off it
    await world.fs.React(f.ReactRequest(actor_id=people[-1], post_id=post, reaction=""))
    await world.settle()
    (note,) = (await world.inbox(anna)).notifications
    assert note.actor_count == 49 and people[-1] not in note.actor_ids and note.actor_ids[0] == people[-2]


async def test_a_private_group_post_never_notifies_a_non_member(world: World) -> None:
    owner, member, outsider = [await world.person(x) for x in ("Owner One", "Member Two", "Outsider Three")]
    group = (await world.fs.CreateGroup(f.CreateGroupRequest(actor_id=owner, name="Board", purpose="closed doors",
                                                             visibility=PRIVATE))).group_id  # fmt: skip
    await world.fs.InviteMember(f.GroupMemberCommand(actor_id=owner, group_id=group, user_id=member))
    await world.fs.JoinGroup(f.GroupMemberCommand(actor_id=member, group_id=group))
    await world.fs.Follow(f.FollowRequest(actor_id=outsider, user_id=owner))
    await world.fs.Follow(f.FollowRequest(actor_id=outsider, tag="budget"))
    await world.post(owner, f"Secret #budget plans, @[Outsider Three]({outsider})", group_id=group)
    await world.post(owner, "A public thought #budget")
    await world.settle()
    outsider_kinds = sorted((x.kind, x.group_id) for x in (await world.inbox(outsider)).notifications)
    assert outsider_kinds == [("followed_post", "")]  # the public post; the one he follows was told of him
    assert all(x.group_id != group for x in (await world.inbox(outsider)).notifications)
    member_kinds = [x.kind for x in (await world.inbox(member)).notifications]
    assert "group_post" in member_kinds


async def test_a_redelivered_event_creates_nothing_new(world: World, nc: NatsClient, topology: Topology) -> None:
    anna, per = await world.person("Anna Berg"), await world.person("Per Lund")
    post = await world.post(anna, "Once")
    await world.fs.AddComment(f.AddCommentRequest(actor_id=per, post_id=post, body="only once"))
    await world.settle()

    async def mailed() -> bool:
        return bool(world.smtp.mailbox.to("anna.berg@example.com"))

    await eventually(mailed)
    before = await fetchval(world.url, "SELECT count(*) FROM notify.notifications")
    # publish every stored event again under new message ids, as a relay replaying its whole store would
    js = nc.jetstream()
    async with world.feed.pool.acquire() as conn:
        stored = await world.feed.relay.store.read_all(conn, 0, 10_000)
    for event in stored:
        headers = dict(event.metadata)
        headers["Nats-Msg-Id"] = f"again-{event.event_id}"
        await js.publish(topology.event_subject(codec.lookup(event.event_type)), event.data, headers=headers)
    await world.notify.consumer.wait_idle()
    await eventually(mail_decided(world))
    assert await fetchval(world.url, "SELECT count(*) FROM notify.notifications") == before
    assert len(world.smtp.mailbox.to("anna.berg@example.com")) == 1
    (note,) = (await world.inbox(anna)).notifications
    assert note.actor_count == 1


async def test_smtp_down_then_up_delivers_the_mail_once(world: World) -> None:
    world.smtp.stop()
    anna, per = await world.person("Anna Berg"), await world.person("Per Lund")
    post = await world.post(anna, "Anyone?")
    await world.fs.AddComment(f.AddCommentRequest(actor_id=per, post_id=post, body="me"))
    await world.settle()

    async def tried_and_failed() -> bool:
        attempts = await fetchval(world.url, "SELECT max(attempts) FROM notify.email_outbox WHERE last_error <> ''")
        return bool(attempts and int(str(attempts)) >= 1)

    await eventually(tried_and_failed)
    world.smtp.start()

    async def sent() -> bool:
        return await fetchval(world.url, "SELECT status FROM notify.email_outbox") == "sent"

    await eventually(sent)
    await eventually(mail_decided(world))
    assert len(world.smtp.mailbox.to("anna.berg@example.com")) == 1


async def test_an_e_mail_that_keeps_failing_is_reported_not_dropped(world: World) -> None:
    world.smtp.stop()
    anna, per = await world.person("Anna Berg"), await world.person("Per Lund")
    post = await world.post(anna, "Anyone?")
    await world.fs.AddComment(f.AddCommentRequest(actor_id=per, post_id=post, body="me"))

    async def failed() -> bool:
        return await fetchval(world.url, "SELECT status FROM notify.email_outbox") == "failed"

    await eventually(failed)
    error = await fetchval(world.url, "SELECT last_error FROM notify.email_outbox")
    assert "127.0.0.1" in str(error)
    assert await fetchval(world.url, "SELECT attempts FROM notify.email_outbox") == 4  # the first try and 3 retries


async def test_bad_input_is_refused_and_changes_nothing(world: World) -> None:
    anna, per = await world.person("Anna Berg"), await world.person("Per Lund")
    await world.settle()
    await world.known(anna, per)
    cases = [
        (world.ns.ListNotifications(n.ListNotificationsRequest(user_id="nope")), "user_id"),
        (world.ns.ListNotifications(n.ListNotificationsRequest(user_id=anna, limit=1000)), "limit"),
        (world.ns.ListNotifications(n.ListNotificationsRequest(user_id=anna, cursor="x")), "cursor"),
        (world.ns.MarkRead(n.MarkReadRequest(user_id=anna, notification_id=new_id())), "not found"),
        (world.ns.ApplyPreset(n.ApplyPresetRequest(user_id=anna, preset="loud")), "preset"),
        (world.ns.GetPreferences(n.UserRequest(user_id="nope")), "user_id"),
        (world.ns.Unsubscribe(n.UnsubscribeRequest(token="abc.replies.forged")), "token"),
        (world.ns.UpdatePreferences(n.UpdatePreferencesRequest(
            user_id=anna, actor_id=anna, channels=[ev.ChannelPreference(category="gossip", in_app=True)])), "category"),
        (world.ns.UpdatePreferences(n.UpdatePreferencesRequest(
            user_id=anna, actor_id=anna, quiet_hours=ev.QuietHours(start="25:00", end="07:00",
                                                                   time_zone="Europe/Oslo"))), "quiet_hours"),
        (world.ns.UpdatePreferences(n.UpdatePreferencesRequest(
            user_id=anna, actor_id=anna, quiet_hours=ev.QuietHours(start="22:00", end="07:00",
                                                                   time_zone="Mars/Olympus"))), "time zone"),
        (world.ns.UpdatePreferences(n.UpdatePreferencesRequest(
            user_id=anna, actor_id=per, channels=[ev.ChannelPreference(category="mentions")])), "own"),
        (world.ns.UpdateOrganisationDefaults(n.UpdatePreferencesRequest(
            actor_id=per, channels=[ev.ChannelPreference(category="mentions")])), "community managers"),
    ]  # fmt: skip
    for call, words in cases:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await call
        assert refused.value.code() in (
            grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED
        ), words  # fmt: skip
        assert words in (refused.value.details() or ""), (words, refused.value.details())
    assert await fetchval(world.url, "SELECT count(*) FROM notify.events") == 0
    assert await fetchval(world.url, "SELECT count(*) FROM notify.pref_channels") == 0


async def test_rebuilding_the_preferences_from_notify_s_own_events_gives_the_same_tables(world: World) -> None:
    from kantine.projections import rebuild
    from services.notify.projection import READ_MODELS

    anna, per = await world.person("Anna Berg"), await world.person("Per Lund")
    await world.settle()
    await world.known(anna, per)
    await world.ns.ApplyPreset(n.ApplyPresetRequest(user_id=anna, preset="no_email"))
    await world.ns.UpdatePreferences(n.UpdatePreferencesRequest(
        user_id=per, actor_id=per, channels=[ev.ChannelPreference(category="reactions", in_app=False)],
        groups=[ev.GroupPreference(group_id=new_id(), level=ev.NOTIFICATION_LEVEL_MUTED)],
        quiet_hours=ev.QuietHours(start="22:00", end="06:30", time_zone="Europe/Stockholm"),
    ))  # fmt: skip
    await world.ns.UpdatePreferences(
        n.UpdatePreferencesRequest(user_id=per, actor_id=per, reset_categories=["reactions"])
    )

    async def tables() -> list[object]:
        return [
            await fetchval(world.url, f"SELECT coalesce(json_agg(t ORDER BY t::text), '[]')::text FROM notify.{t} t")
            for t in ("pref_settings", "pref_channels", "pref_groups")
        ]

    before = await tables()
    assert "Europe/Stockholm" in str(before[0]) and f'"owner":"{per}","category":"reactions"' not in str(before[1])
    done = await rebuild(world.url, READ_MODELS)
    assert done.events == 3
    assert await tables() == before
