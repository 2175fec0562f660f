"""Gamify over real NATS JetStream and PostgreSQL, with the feed and notify in-process: points from the
feed's events, badges emitted once as gamify's own events and told by notify, leaderboards that keep
hidden people and private groups out, rules added later, and a rebuild that equals the live tables."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import grpc
import pytest
import yaml
from nats.aio.client import Client as NatsClient

from kantine import history
from kantine.envelope import H_MSG_ID
from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.projections import rebuild_consumer
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc, gamify_pb2_grpc, notify_pb2_grpc
from kantine.v1 import gamify_pb2 as g
from kantine.v1 import notify_pb2 as n
from services.gamify import projection
from services.gamify.config import DEFAULT_RULES, RulesSettings
from tests.harness import FeedHarness, GamifyHarness, NotifyHarness, eventually, fetchval


@dataclasses.dataclass
class Game:
    feed: FeedHarness
    gamify: GamifyHarness
    notify: NotifyHarness
    fs: Any
    gs: Any
    ns: Any
    url: str
    nc: NatsClient
    topology: Topology
    channels: contextlib.AsyncExitStack

    async def restart_gamify(self, **options: Any) -> None:
        """Stop gamify and start it again (with other rules, say), with a fresh channel to it."""
        await self.gamify.close()
        self.gamify = await GamifyHarness.start(self.url, self.nc, self.topology, **options)
        ch = await self.channels.enter_async_context(channel(self.gamify.address))
        self.gs = gamify_pb2_grpc.GamifyServiceStub(ch)

    async def person(self, name: str, **profile: Any) -> str:
        user_id = new_id()
        await self.fs.ProvisionUser(
            f.ProvisionUserRequest(user_id=user_id, profile=f.Profile(display_name=name, **profile))
        )
        return user_id

    async def post(self, author: str, body: str = "hello", **kw: Any) -> str:
        return str((await self.fs.CreatePost(f.CreatePostRequest(author_id=author, body=body, **kw))).post_id)

    async def comment(self, author: str, post_id: str, body: str = "good point", **kw: Any) -> str:
        reply = await self.fs.AddComment(f.AddCommentRequest(actor_id=author, post_id=post_id, body=body, **kw))
        return str(reply.comment_id)

    async def react(self, user: str, post_id: str, reaction: str = "like", comment_id: str = "") -> None:
        await self.fs.React(f.ReactRequest(actor_id=user, post_id=post_id, comment_id=comment_id, reaction=reaction))

    async def answered(self, asker_name: str, helper_name: str) -> tuple[str, str, str]:
        """(asker, helper, question): a question the helper answered and the asker accepted, settled."""
        asker, helper = await self.person(asker_name), await self.person(helper_name)
        question = await self.post(asker, "how do I book a room?", kind=ev.POST_KIND_QUESTION)
        answer = await self.comment(helper, question, "use the room finder")
        await self.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=asker, post_id=question, comment_id=answer))
        await self.settle()
        return asker, helper, question

    async def group(self, owner: str, *members: str, private: bool = False) -> str:
        visibility = ev.GROUP_VISIBILITY_PRIVATE if private else ev.GROUP_VISIBILITY_PUBLIC
        reply = await self.fs.CreateGroup(
            f.CreateGroupRequest(actor_id=owner, name=f"Group {new_id()[:8]}", purpose="a test group",
                                 visibility=visibility)
        )  # fmt: skip
        for member in members:
            if private:
                await self.fs.InviteMember(
                    f.GroupMemberCommand(actor_id=owner, group_id=reply.group_id, user_id=member)
                )
                await self.fs.JoinGroup(f.GroupMemberCommand(actor_id=member, group_id=reply.group_id))
            else:
                await self.fs.JoinGroup(f.GroupMemberCommand(actor_id=member, group_id=reply.group_id))
        return str(reply.group_id)

    async def settle(self) -> None:
        """Wait until gamify and notify have applied everything the feed and gamify have committed."""
        for _ in range(3):  # feed -> gamify -> gamify's awards -> notify
            await self.feed.relay.publish_pending()
            await self.gamify.consumer.wait_idle()
            await self.notify.consumer.wait_idle()
            await eventually(self._gamify_published)
        await self.notify.consumer.wait_idle()

    async def _gamify_published(self) -> bool:
        head = await fetchval(self.url, "SELECT coalesce(max(position), 0) FROM gamify.events")
        published = await fetchval(self.url, "SELECT coalesce(max(position), 0) FROM gamify.relay_cursor")
        return bool(head == published)

    async def me(self, user: str, of: str = "") -> g.Recognition:
        return await self.gs.GetRecognition(g.GetRecognitionRequest(viewer_id=user, user_id=of))

    async def board(self, viewer: str, **kw: Any) -> g.Leaderboard:
        return await self.gs.GetLeaderboard(g.LeaderboardRequest(viewer_id=viewer, **kw))

    async def badge_notifications(self, user: str) -> list[n.Notification]:
        page = await self.ns.ListNotifications(n.ListNotificationsRequest(user_id=user, limit=100))
        return [x for x in page.notifications if x.kind in ("badge", "level")]

    async def awarded_events(self, user: str) -> list[ev.BadgeAwarded]:
        conn = await asyncpg.connect(self.url)
        try:
            rows = await conn.fetch(
                "SELECT data FROM gamify.events WHERE stream_id = $1 AND event_type = 'BadgeAwarded' ORDER BY position",
                f"recognition-{user}",
            )
        finally:
            await conn.close()
        return [ev.BadgeAwarded.FromString(r["data"]) for r in rows]


@pytest.fixture
async def game(database_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[Game]:
    feed = await FeedHarness.start(database_url, nc, topology)
    gamify = await GamifyHarness.start(database_url, nc, topology, minimum_group_size=2)
    notify = await NotifyHarness.start(database_url, nc, topology)
    async with contextlib.AsyncExitStack() as channels:
        fch, gch, nch = [await channels.enter_async_context(channel(h.address)) for h in (feed, gamify, notify)]
        world = Game(
            feed, gamify, notify, feed_pb2_grpc.FeedServiceStub(fch), gamify_pb2_grpc.GamifyServiceStub(gch),
            notify_pb2_grpc.NotifyServiceStub(nch), database_url, nc, topology, channels,
        )  # fmt: skip
        yield world
    await notify.close()
    await world.gamify.close()
    await feed.close()


def badge_ids(recognition: g.Recognition) -> set[tuple[str, str]]:
    return {(b.badge_id, b.tier) for b in recognition.badges}


async def test_first_post_earns_the_badge_once_even_when_the_event_is_delivered_twice(game: Game) -> None:
    ada = await game.person("Ada Lund")
    await game.post(ada, "my very first post")
    await game.settle()
    me = await game.me(ada)
    assert me.points == 5 and ("first-post", "") in badge_ids(me)

    # the same PostCreated again, as JetStream redelivers after a crash before the ack
    conn = await asyncpg.connect(game.url)
    try:
        row = await conn.fetchrow("SELECT data, metadata FROM feed.events WHERE event_type = 'PostCreated'")
    finally:
        await conn.close()
    headers = dict(json.loads(row["metadata"]))
    headers[H_MSG_ID] = f"again-{uuid.uuid4()}"
    await game.nc.jetstream().publish(
        game.topology.replay_subject("gamify", "PostCreated"), row["data"], headers=headers
    )
    await game.settle()

    assert (await game.me(ada)).points == 5
    awarded = await game.awarded_events(ada)
    assert [(a.badge_id, a.backfilled) for a in awarded] == [("first-post", False)]
    told = await game.badge_notifications(ada)
    assert [x.badge_id for x in told] == ["first-post"]


async def test_a_leaders_reaction_gives_the_recognition_badge_and_extra_points(game: Game) -> None:
    boss = await game.person("Britt Boss", leader=True)
    sam = await game.person("Sam Worker")
    peer = await game.person("Per Peer")
    post = await game.post(sam, "shipped the new onboarding flow")
    await game.react(peer, post)
    await game.settle()
    before = await game.me(sam)
    assert ("recognised-by-leader", "") not in badge_ids(before)

    await game.react(boss, post, "celebrate")
    await game.settle()
    after = await game.me(sam)
    assert ("recognised-by-leader", "") in badge_ids(after)
    assert after.points - before.points == 1 + 10  # the reaction, and the leader's recognition on top
    assert "recognised-by-leader" in [x.badge_id for x in await game.badge_notifications(sam)]


async def test_reacting_to_oneself_earns_nothing(game: Game) -> None:
    vain = await game.person("Vera Vain")
    post = await game.post(vain, "look at me")
    comment = await game.comment(vain, post, "and me again")
    await game.settle()
    before = (await game.me(vain)).points
    await game.react(vain, post)
    await game.react(vain, post, comment_id=comment)
    await game.settle()
    assert (await game.me(vain)).points == before
    page = await game.gs.ListPoints(g.ListPointsRequest(viewer_id=vain))
    assert "reaction_received" not in {e.action for e in page.entries}


async def test_a_removed_reaction_takes_its_points_back_and_the_ledger_says_so(game: Game) -> None:
    author = await game.person("Alma Author")
    fan = await game.person("Finn Fan", leader=True)
    post = await game.post(author, "a thought")
    await game.settle()
    base = (await game.me(author)).points
    await game.react(fan, post)
    await game.settle()
    assert (await game.me(author)).points == base + 11

    await game.react(fan, post, "")  # an empty reaction removes it
    await game.settle()
    assert (await game.me(author)).points == base
    entries = (await game.gs.ListPoints(g.ListPointsRequest(viewer_id=author))).entries
    taken = [e for e in entries if e.reverses_entry_id]
    assert sorted(e.points for e in taken) == [-10, -1]
    assert all(e.reason.startswith("taken back: ") for e in taken)
    assert {e.entry_id for e in entries} >= {e.reverses_entry_id for e in taken}
    # reacting again earns again: a mistake undone is not a deed lost
    await game.react(fan, post)
    await game.settle()
    assert (await game.me(author)).points == base + 11


async def test_answers_accepted_answers_daily_caps_and_deleted_posts(game: Game) -> None:
    asker, helper, question = await game.answered("Ask Asker", "Hel Helper")
    helped = await game.me(helper)
    assert {("first-answer", ""), ("accepted-answers", "bronze")} <= badge_ids(helped)
    assert helped.points == 10 + 5 + 25  # the answer, welcoming a newcomer (their first post), the acceptance

    for i in range(7):  # posts earn 5 each, capped at 25 a day
        await game.post(helper, f"post {i}")
    await game.settle()
    capped = await game.me(helper)
    assert capped.points == 40 + 25
    entries = (await game.gs.ListPoints(g.ListPointsRequest(viewer_id=helper, limit=200))).entries
    assert sum(1 for e in entries if e.action == "post" and e.capped) == 2

    await game.fs.DeletePost(f.PostCommand(actor_id=asker, post_id=question))
    await game.settle()
    after = await game.me(helper)
    assert after.points == 25  # the answer, the welcome and the acceptance went with the question
    assert ("accepted-answers", "bronze") in badge_ids(after)  # a badge once awarded stays


async def test_passing_a_level_is_announced_once_with_the_highest_level(game: Game) -> None:
    _, helper, _ = await game.answered("Lev Asker", "Lea Helper")
    assert (await game.me(helper)).points == 40
    assert "level" not in [x.kind for x in await game.badge_notifications(helper)]

    for i in range(2):  # 50 points: Contributor
        await game.post(helper, f"tip {i}")
    await game.settle()
    me = await game.me(helper)
    assert me.points == 50 and me.level == 2
    levels = [x for x in await game.badge_notifications(helper) if x.kind == "level"]
    assert len(levels) == 1 and "Contributor" in levels[0].text
    conn = await asyncpg.connect(game.url)
    try:
        rows = await conn.fetch(
            "SELECT data FROM gamify.events WHERE stream_id = $1 AND event_type = 'LevelReached'",
            f"recognition-{helper}",
        )
    finally:
        await conn.close()
    assert [(e.level, e.points, e.backfilled) for e in (ev.LevelReached.FromString(r["data"]) for r in rows)] == [
        (2, 50, False)
    ]


async def test_imported_history_counts_on_its_own_day_and_is_announced_to_nobody(game: Game) -> None:
    author = await game.person("Hilde History")
    fan = await game.person("Frode Fan", leader=True)
    then = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=40)
    old = str((await game.fs.CreatePost(f.CreatePostRequest(author_id=author, body="from the old intranet"),
                                        metadata=history.metadata(then))).post_id)  # fmt: skip
    await game.fs.React(f.ReactRequest(actor_id=fan, post_id=old, reaction="celebrate"),
                        metadata=history.metadata(then + dt.timedelta(hours=2)))  # fmt: skip
    await game.settle()

    me = await game.me(author)
    assert me.points == 5 + 1 + 10  # the post, the reaction, a leader's recognition: counted as usual
    earned = {b.badge_id: b for b in me.badges}
    assert earned["first-post"].backfilled and earned["recognised-by-leader"].backfilled
    assert earned["first-post"].awarded_at.startswith(then.date().isoformat())  # dated when it was earned
    entries = (await game.gs.ListPoints(g.ListPointsRequest(viewer_id=author))).entries
    assert {e.at[:10] for e in entries} == {then.date().isoformat()}
    assert await game.badge_notifications(author) == []  # nobody is told about the past
    week = await game.board(author, period="week")
    assert author not in [e.user_id for e in week.entries]  # forty days ago is not this week
    everything = await game.board(author, period="all")
    assert author in [e.user_id for e in everything.entries]

    # what happens now is told as ever
    await game.post(author, "hello from Kantine")
    await game.settle()
    assert (await game.me(author)).points == 5 + 1 + 10 + 5
    assert author in [e.user_id for e in (await game.board(author, period="week")).entries]


async def test_leaderboards_leave_out_hidden_people_and_keep_private_groups_inside(game: Game) -> None:
    owner = await game.person("Olga Owner")
    shy = await game.person("Shy Sigrid")
    loud = await game.person("Loud Lasse")
    outsider = await game.person("Otto Outsider")
    public = await game.group(owner, shy, loud)
    secret = await game.group(owner, shy, private=True)
    await game.post(loud, "public hello", group_id=public)
    await game.post(shy, "public hi", group_id=public)
    for i in range(3):
        await game.post(shy, f"private work {i}", group_id=secret)
    await game.settle()

    org = await game.board(outsider, period="week")
    points = {e.user_id: e.points for e in org.entries}
    assert points[shy] == 5 and points[loud] == 5  # the private group's posts count inside it only
    assert org.personal and org.participants >= 2

    inside = await game.board(shy, group_id=secret, period="month")
    assert [(e.user_id, e.points) for e in inside.entries] == [(shy, 15)]
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await game.board(outsider, group_id=secret)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    assert (await game.me(outsider, shy)).points == 5  # others see public points only
    assert (await game.me(shy)).points == 20

    await game.gs.SetRecognitionVisibility(g.SetRecognitionVisibilityRequest(user_id=shy, hidden=True))
    hidden = await game.board(outsider, period="week")
    assert shy not in {e.user_id for e in hidden.entries}
    assert hidden.participants == org.participants  # still counted in the aggregates
    assert not (await game.me(outsider, shy)).visible
    assert (await game.me(shy)).visible and (await game.me(shy)).hidden


async def test_switching_leaderboards_off_shows_only_aggregates_above_the_minimum(game: Game) -> None:
    manager = await game.person("Mona Manager", community_manager=True, department="People")
    dane = await game.person("Dan Dane", country="DK", department="Sales")
    norwegian = await game.person("Nora Nordmann", country="NO", department="Sales")
    await game.post(dane, "hej")
    await game.post(norwegian, "hei")
    await game.settle()

    with pytest.raises(grpc.aio.AioRpcError) as err:
        await game.gs.UpdateRecognitionSettings(
            g.UpdateRecognitionSettingsRequest(actor_id=dane, scope=ev.RECOGNITION_SCOPE_ORGANISATION,
                                               leaderboards=False)
        )  # fmt: skip
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED

    await game.gs.UpdateRecognitionSettings(
        g.UpdateRecognitionSettingsRequest(actor_id=manager, scope=ev.RECOGNITION_SCOPE_COUNTRY, scope_id="no",
                                           leaderboards=False, public_badges=False)
    )  # fmt: skip
    board = await game.board(dane)
    assert {e.user_id for e in board.entries} == {dane}
    assert not (await game.me(dane, norwegian)).visible
    assert (await game.me(norwegian, dane)).visible

    await game.gs.UpdateRecognitionSettings(
        g.UpdateRecognitionSettingsRequest(actor_id=manager, scope=ev.RECOGNITION_SCOPE_ORGANISATION,
                                           leaderboards=False)
    )  # fmt: skip
    off = await game.board(dane)
    assert not off.personal and not off.entries and off.participants == 2 and off.points == 10
    assert [(d.department, d.people) for d in off.departments] == [("Sales", 2)]
    settings = await game.gs.GetRecognitionSettings(g.GetRecognitionSettingsRequest(viewer_id=dane))
    assert [(s.scope, s.scope_id, s.leaderboards) for s in settings.settings] == [
        (ev.RECOGNITION_SCOPE_ORGANISATION, "", False),
        (ev.RECOGNITION_SCOPE_COUNTRY, "NO", False),
    ]


async def test_bad_requests_get_clear_errors(game: Game) -> None:
    ada = await game.person("Ada Lund")
    await game.settle()
    for call, field in (
        (game.gs.GetLeaderboard(g.LeaderboardRequest(viewer_id=ada, period="fortnight")), "period"),
        (game.gs.GetRecognition(g.GetRecognitionRequest(viewer_id="nobody")), "viewer_id"),
        (game.gs.ListPoints(g.ListPointsRequest(viewer_id=ada, cursor="%%%")), "cursor"),
        (game.gs.ListPoints(g.ListPointsRequest(viewer_id=ada, limit=1000)), "limit"),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await call
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT, field
        assert field in (err.value.details() or "")
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await game.me(ada, new_id())
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def _without(badge_id: str, path: Path) -> str:
    rules = yaml.safe_load(DEFAULT_RULES.read_text())
    rules["badges"] = [b for b in rules["badges"] if b["id"] != badge_id]
    path.write_text(yaml.safe_dump(rules))
    return str(path)


async def _consumed(url: str) -> dict[str, list[tuple[Any, ...]]]:
    conn = await asyncpg.connect(url)
    try:
        return {
            table: sorted((tuple(r) for r in await conn.fetch(f"SELECT * FROM gamify.{table}")), key=repr)
            for table in projection.CONSUMED_TABLES
        }
    finally:
        await conn.close()


async def test_a_rule_added_later_is_backfilled_without_notifications(game: Game, tmp_path: Path) -> None:
    # gamify runs without the team-player badge while people praise each other
    await game.restart_gamify(rules_path=_without("team-player", tmp_path / "rules.yaml"))
    giver = await game.person("Gita Giver")
    receiver = await game.person("Rolf Receiver")
    for i in range(3):
        await game.post(giver, f"thank you {i}!", kind=ev.POST_KIND_PRAISE, praised_user_ids=[receiver])
    await game.settle()
    assert ("team-player", "bronze") not in badge_ids(await game.me(giver))
    told_before = [x.badge_id for x in await game.badge_notifications(giver)]

    # the organisation adds it back; the next start sees a new rule and history is replayed
    await game.restart_gamify()
    assert any(key.startswith("badge:team-player:bronze") for key in game.gamify.new_rules)
    models = await projection.consumed_read_models(game.url, RulesSettings())
    await rebuild_consumer(game.url, game.nc, game.topology, models)
    await game.settle()

    earned = {b.badge_id: b for b in (await game.me(giver)).badges}
    assert earned["team-player"].backfilled
    assert [(a.badge_id, a.backfilled) for a in await game.awarded_events(giver) if a.badge_id == "team-player"] == [
        ("team-player", True)
    ]
    assert [x.badge_id for x in await game.badge_notifications(giver)] == told_before  # nobody told about the past

    # a new deed after the rule was known is announced as usual
    await game.post(giver, "one more thanks", kind=ev.POST_KIND_PRAISE, praised_user_ids=[receiver])
    await game.settle()
    assert "team-player" not in [x.badge_id for x in await game.badge_notifications(giver)]  # bronze already held


async def test_rebuild_from_the_stream_equals_the_live_tables(game: Game) -> None:
    boss = await game.person("Bo Boss", leader=True)
    people = [await game.person(f"Person {i}") for i in range(4)]
    group = await game.group(boss, *people[:2], private=True)
    question = await game.post(people[0], "where is the printer?", kind=ev.POST_KIND_QUESTION)
    answer = await game.comment(people[1], question, "second floor")
    await game.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=people[0], post_id=question, comment_id=answer))
    post = await game.post(people[2], "team lunch friday")
    for p in (boss, people[0], people[3]):
        await game.react(p, post)
    await game.react(people[3], post, "")
    await game.post(people[0], "inside", group_id=group)
    await game.post(boss, "well done all", kind=ev.POST_KIND_PRAISE, praised_user_ids=people[:3])
    removed = await game.comment(people[3], post, "count me in")
    await game.fs.DeleteComment(f.CommentCommand(actor_id=people[3], post_id=post, comment_id=removed))
    await game.settle()
    live = await _consumed(game.url)
    assert live["ledger"] and live["scores"]
    awards_before = await fetchval(game.url, "SELECT count(*) FROM gamify.awards")

    models = await projection.consumed_read_models(game.url, RulesSettings())
    done = await rebuild_consumer(game.url, game.nc, game.topology, models)
    await game.settle()
    assert done.events > 0
    assert await _consumed(game.url) == live
    assert await fetchval(game.url, "SELECT count(*) FROM gamify.awards") == awards_before

    # the live consumer goes on from the swapped-in tables without applying anything twice
    before = (await game.me(people[2])).points
    await game.react(people[3], post)
    await game.settle()
    assert (await game.me(people[2])).points == before + 1
