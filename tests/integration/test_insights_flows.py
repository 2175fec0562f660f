"""Insights over real NATS JetStream and PostgreSQL, with the feed in-process and history placed in past
weeks with the import metadata: the 1-9-90 split of a known population, a department too small to show,
the unanswered-question radar and answer targets, inactive and duplicate groups, who may see what, and a
rebuild that equals the live tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import grpc
import pytest
from nats.aio.client import Client as NatsClient

from kantine import codec, history, periods
from kantine.envelope import Envelope
from kantine.grpcutil import channel
from kantine.projections import rebuild_consumer
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc, insights_pb2_grpc
from kantine.v1 import insights_pb2 as pb
from services.insights import projection
from services.insights.config import CountingSettings
from tests.harness import FeedHarness, InsightsHarness, fetchval

ZONE = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime.now(dt.UTC)
THIS_WEEK = periods.start("w", NOW.astimezone(ZONE).date())
LAST_WEEK = dt.datetime.combine(THIS_WEEK - dt.timedelta(days=5), dt.time(10), ZONE)  # a Wednesday morning
LONG_AGO = NOW - dt.timedelta(days=120)


@dataclasses.dataclass
class World:
    feed: FeedHarness
    insights: InsightsHarness
    fs: Any
    ins: Any
    nc: NatsClient
    topology: Topology
    url: str

    async def person(self, name: str, department: str = "", *, at: dt.datetime = LONG_AGO, **profile: Any) -> str:
        reply = await self.fs.ProvisionUser(
            f.ProvisionUserRequest(profile=f.Profile(display_name=name, department=department, **profile)),
            metadata=history.metadata(at),
        )
        return str(reply.user_id)

    async def post(self, author: str, body: str, *, at: dt.datetime | None = None, **kw: Any) -> str:
        reply = await self.fs.CreatePost(f.CreatePostRequest(author_id=author, body=body, **kw), metadata=_at(at))
        return str(reply.post_id)

    async def comment(self, author: str, post_id: str, *, at: dt.datetime | None = None) -> str:
        reply = await self.fs.AddComment(
            f.AddCommentRequest(actor_id=author, post_id=post_id, body="try the wiki"), metadata=_at(at)
        )
        return str(reply.comment_id)

    async def react(self, user: str, post_id: str, *, at: dt.datetime | None = None) -> None:
        await self.fs.React(f.ReactRequest(actor_id=user, post_id=post_id, reaction="like"), metadata=_at(at))

    async def group(self, owner: str, name: str, purpose: str, *members: str, private: bool = False,
                    at: dt.datetime = LONG_AGO) -> str:  # fmt: skip
        visibility = ev.GROUP_VISIBILITY_PRIVATE if private else ev.GROUP_VISIBILITY_PUBLIC
        reply = await self.fs.CreateGroup(
            f.CreateGroupRequest(actor_id=owner, name=name, purpose=purpose, visibility=visibility),
            metadata=history.metadata(at),
        )
        for member in members:
            if private:
                command = f.GroupMemberCommand(actor_id=owner, group_id=reply.group_id, user_id=member)
                await self.fs.InviteMember(command, metadata=history.metadata(at))
            await self.fs.JoinGroup(f.GroupMemberCommand(actor_id=member, group_id=reply.group_id),
                                    metadata=history.metadata(at))  # fmt: skip
        return str(reply.group_id)

    async def visit(self, user_id: str, at: dt.datetime) -> None:
        """A Visited event as the gateway publishes it."""
        envelope = Envelope.new("Visited", user_id, 1, user_id, occurred_at=at)
        await self.nc.jetstream().publish(
            self.topology.event_subject(codec.event_type_of(ev.Visited)),
            codec.encode(ev.Visited(user_id=user_id)),
            headers=envelope.to_headers(),
        )

    async def settle(self) -> None:
        await self.feed.relay.publish_pending()
        await self.insights.consumer.wait_idle()


def _at(at: dt.datetime | None) -> tuple[tuple[str, str], ...] | None:
    return history.metadata(at) if at else None


@pytest.fixture
async def world(database_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[World]:
    feed = await FeedHarness.start(database_url, nc, topology)
    insights = await InsightsHarness.start(database_url, nc, topology)
    async with channel(feed.address) as fch, channel(insights.address) as ich:
        yield World(feed, insights, feed_pb2_grpc.FeedServiceStub(fch), insights_pb2_grpc.InsightsServiceStub(ich),
                    nc, topology, database_url)  # fmt: skip
    await insights.close()
    await feed.close()


async def test_the_1_9_90_split_of_a_known_population_with_small_departments_withheld(world: World) -> None:
    manager = await world.person("Camilla Community", "Communications", community_manager=True)
    sales = [await world.person(f"Sales {i}", "Sales") for i in range(9)]
    for i in range(3):
        await world.person(f"Legal {i}", "Legal")
    creator, commenters, reactors, readers = sales[0], sales[1:3], sales[3:6], sales[6:8]
    post = await world.post(creator, "Q3 numbers are in", at=LAST_WEEK)
    for person in commenters:
        await world.comment(person, post, at=LAST_WEEK + dt.timedelta(hours=1))
    for person in reactors:
        await world.react(person, post, at=LAST_WEEK + dt.timedelta(hours=2))
    for person in readers:
        await world.visit(person, LAST_WEEK + dt.timedelta(hours=3))
    await world.visit(commenters[0], LAST_WEEK + dt.timedelta(hours=4))  # counted once, in the highest tier
    await world.settle()

    weeks = await world.ins.GetParticipation(pb.ParticipationRequest(viewer_id=sales[8], periods=2))
    last, this = weeks.periods
    assert (last.start, this.start) == ((THIS_WEEK - dt.timedelta(days=7)).isoformat(), THIS_WEEK.isoformat())
    assert (last.population, last.creators, last.contributors, last.reactors, last.readers, last.inactive) == (
        13, 1, 2, 3, 2, 5,
    )  # fmt: skip
    assert last.moved_up == 8 and this.creators == 0
    # Sales is shown; Legal (3) and Communications (1) are fewer than five people
    assert [(d.department, d.tiers.population) for d in weeks.departments] == [("Sales", 9)]
    assert weeks.departments_withheld == 2
    assert list(weeks.moved_up) == []  # names are for community managers
    with pytest.raises(grpc.aio.AioRpcError) as small:
        await world.ins.GetParticipation(pb.ParticipationRequest(viewer_id=manager, scope="department",
                                                                 scope_id="Legal"))  # fmt: skip
    assert small.value.code() == grpc.StatusCode.FAILED_PRECONDITION and "fewer than 5" in str(small.value.details())

    # a reader of last week writes this week: moved up, and the community manager sees who
    await world.post(readers[0], "my first post")
    await world.settle()
    weeks = await world.ins.GetParticipation(pb.ParticipationRequest(viewer_id=manager, periods=2))
    assert weeks.periods[-1].creators == 1 and weeks.periods[-1].moved_up == 1
    assert [p.display_name for p in weeks.moved_up] == ["Sales 6"]
    department = await world.ins.GetParticipation(
        pb.ParticipationRequest(viewer_id=manager, scope="department", scope_id="Sales", period="month")
    )
    assert department.periods[-1].population == 9

    for bad, field in (({"period": "year"}, "period"), ({"periods": 27}, "periods"), ({"scope": "team"}, "scope")):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await world.ins.GetParticipation(pb.ParticipationRequest(viewer_id=manager, **bad))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT and field in str(refused.value.details())


async def test_a_question_past_its_target_is_on_the_radar_until_answered(world: World) -> None:
    manager = await world.person("Camilla Community", community_manager=True)
    owner, expert, asker, outsider = [await world.person(n) for n in ("Olga Owner", "Erik Expert", "Ask", "Otto")]
    it = await world.group(owner, "IT Help", "Ask IT anything", expert, asker)
    old = await world.post(asker, "VPN drops every hour? #vpn", group_id=it, kind=ev.POST_KIND_QUESTION,
                           at=LAST_WEEK - dt.timedelta(days=7))  # fmt: skip
    answer = await world.comment(expert, old, at=LAST_WEEK - dt.timedelta(days=6, hours=20))
    await world.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=asker, post_id=old, comment_id=answer),
                                metadata=history.metadata(LAST_WEEK - dt.timedelta(days=6)))  # fmt: skip
    waiting = await world.post(asker, "VPN certificate expired, what now? #vpn", group_id=it,
                               kind=ev.POST_KIND_QUESTION, at=NOW - dt.timedelta(hours=50))  # fmt: skip
    fresh = await world.post(asker, "Printer on floor 3?", group_id=it, kind=ev.POST_KIND_QUESTION,
                             at=NOW - dt.timedelta(hours=2))  # fmt: skip
    secret = await world.group(owner, "Board", "The board's papers", asker, private=True)
    hidden = await world.post(asker, "Who minutes the board meeting?", group_id=secret, kind=ev.POST_KIND_QUESTION,
                              at=NOW - dt.timedelta(hours=30))  # fmt: skip
    await world.settle()

    radar = await world.ins.ListUnansweredQuestions(pb.UnansweredRequest(viewer_id=manager))
    assert [q.post_id for q in radar.questions] == [waiting, hidden]  # the longest waiting first
    first = radar.questions[0]
    assert first.hours_waiting >= 50 and first.target_hours == 24 and first.snippet.startswith("VPN certificate")
    assert [p.display_name for p in first.likely_answerers] == ["Erik Expert"]  # answered a #vpn question here
    assert radar.questions[1].snippet == "" and radar.questions[1].group_name == "Board"  # not her group's posts
    seen_by_outsider = await world.ins.ListUnansweredQuestions(pb.UnansweredRequest(viewer_id=outsider))
    assert [q.post_id for q in seen_by_outsider.questions] == [waiting]
    member = await world.ins.ListUnansweredQuestions(pb.UnansweredRequest(viewer_id=asker, group_id=secret))
    assert member.questions[0].snippet.startswith("Who minutes")

    # the owner wants answers within an hour: the fresh question is overdue too; others may not decide it
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await world.ins.SetAnswerTarget(pb.SetAnswerTargetRequest(actor_id=asker, group_id=it, hours=1))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as bad:
        await world.ins.SetAnswerTarget(pb.SetAnswerTargetRequest(actor_id=owner, group_id=it, hours=721))
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    target = await world.ins.SetAnswerTarget(pb.SetAnswerTargetRequest(actor_id=owner, group_id=it, hours=1))
    assert target.hours == 1 and not target.default
    radar = await world.ins.ListUnansweredQuestions(pb.UnansweredRequest(viewer_id=manager, group_id=it))
    assert [q.post_id for q in radar.questions] == [waiting, fresh]

    # answered: off the radar, and counted in the answer times
    await world.comment(expert, waiting)
    await world.settle()
    radar = await world.ins.ListUnansweredQuestions(pb.UnansweredRequest(viewer_id=manager, group_id=it))
    assert [q.post_id for q in radar.questions] == [fresh]
    times = await world.ins.GetAnswerTimes(pb.AnswerTimesRequest(viewer_id=manager, period="month", periods=3))
    assert sum(p.asked for p in times.periods) == 4 and sum(p.answered for p in times.periods) == 2
    it_figures = next(g for g in times.groups if g.group_id == it)
    assert it_figures.target_hours == 1
    owners_view = await world.ins.GetAnswerTimes(pb.AnswerTimesRequest(viewer_id=outsider, period="month"))
    assert secret not in {g.group_id for g in owners_view.groups}

    # a cursor that is not one is refused by name
    with pytest.raises(grpc.aio.AioRpcError) as cursor:
        await world.ins.ListUnansweredQuestions(pb.UnansweredRequest(viewer_id=manager, cursor="nonsense"))
    assert "cursor" in str(cursor.value.details())


async def test_inactive_groups_and_likely_duplicates_are_flagged_for_their_owners(world: World) -> None:
    manager = await world.person("Camilla Community", community_manager=True)
    people = [await world.person(f"Person {i}") for i in range(8)]
    anna, bo = people[0], people[1]
    quiet = await world.group(anna, "Book Club", "Novels we read together", *people[2:6])
    await world.post(anna, "Next book?", group_id=quiet, at=NOW - dt.timedelta(days=95))
    big = await world.group(bo, "Nordic Sales", "Deals and wins of the sales team in the Nordics", *people[2:8])
    small = await world.group(anna, "Sales Nordics", "Wins and deals of the Nordic sales team", *people[3:6])
    lively = await world.group(bo, "Running Club", "Sunday runs from the office", *people[2:8])
    for group in (big, small, lively):
        await world.post(bo if group != small else anna, "hello", group_id=group)
    secret = await world.group(bo, "Leadership", "Budgets and hiring", *people[2:4], private=True)
    await world.post(bo, "hiring plan", group_id=secret)
    await world.visit(anna, NOW)
    await world.visit(bo, NOW)
    await world.settle()

    page = await world.ins.ListGroupHealth(pb.GroupHealthRequest(viewer_id=manager))
    by_id = {g.group_id: g for g in page.groups}
    assert page.quarter.startswith(str(NOW.astimezone(ZONE).year))
    assert by_id[quiet].inactive and by_id[quiet].suggestion == "revive_or_archive"
    assert by_id[quiet].days_since_last_post >= 95
    assert by_id[small].suggestion == "merge" and by_id[small].merge_into_group_id == big
    assert [d.group_id for d in by_id[small].likely_duplicates] == [big]
    assert by_id[big].likely_duplicates[0].group_id == small and by_id[big].suggestion == ""  # the one to keep
    assert by_id[lively].suggestion == "" and by_id[lively].active_members >= 1
    assert by_id[small].active_members == -1  # four members: too few to say how many were active
    assert secret in by_id  # community managers see every group

    flagged = await world.ins.ListGroupHealth(pb.GroupHealthRequest(viewer_id=manager, flagged_only=True))
    assert {g.group_id for g in flagged.groups} == {quiet, small}
    review = await world.ins.ListGroupHealth(pb.GroupHealthRequest(viewer_id=anna, owner_id=anna))
    assert {g.group_id for g in review.groups} == {quiet, small}
    assert secret not in {g.group_id for g in (await world.ins.ListGroupHealth(
        pb.GroupHealthRequest(viewer_id=anna))).groups}  # fmt: skip
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await world.ins.ListGroupHealth(pb.GroupHealthRequest(viewer_id=anna, owner_id=bo))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await world.ins.ListGroupHealth(pb.GroupHealthRequest(viewer_id=str(uuid.uuid4())))
    assert unknown.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def _tables(url: str) -> dict[str, list[tuple[Any, ...]]]:
    conn = await asyncpg.connect(url)
    try:
        return {
            table: sorted((tuple(r) for r in await conn.fetch(f"SELECT * FROM insights.{table}")), key=repr)
            for table in projection.CONSUMED_TABLES
        }
    finally:
        await conn.close()


async def test_rebuild_from_the_stream_equals_the_live_tables(world: World) -> None:
    owner, asker, helper = [await world.person(n, "Ops") for n in ("Olga", "Ask", "Hel")]
    group = await world.group(owner, "Ops", "Operations", asker, helper)
    question = await world.post(asker, "who has the keys? #keys", group_id=group, kind=ev.POST_KIND_QUESTION,
                                at=LAST_WEEK)  # fmt: skip
    answer = await world.comment(helper, question, at=LAST_WEEK + dt.timedelta(hours=5))
    await world.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=asker, post_id=question, comment_id=answer))
    await world.react(owner, question)
    removed = await world.comment(owner, question)
    await world.fs.DeleteComment(f.CommentCommand(actor_id=owner, post_id=question, comment_id=removed))
    await world.visit(owner, LAST_WEEK)
    await world.settle()
    live = await _tables(world.url)
    assert live["activity"] and live["expertise"] and live["posts"]

    done = await rebuild_consumer(world.url, world.nc, world.topology,
                                  await projection.consumed_read_models(world.url, CountingSettings()))  # fmt: skip
    await world.settle()
    assert done.events > 0
    assert await _tables(world.url) == live
    # the live consumer goes on from the swapped-in tables without applying anything twice
    await world.react(helper, question)
    await world.settle()
    assert await fetchval(world.url, "SELECT count(*) FROM insights.processed_events") == done.events + 1
