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
from google.protobuf.message import Message
from nats.aio.client import Client as NatsClient

from kantine import codec, history, periods
from kantine.envelope import Envelope
from kantine.grpcutil import channel
from kantine.projections import rebuild_consumer
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc, insights_pb2_grpc, search_pb2, search_pb2_grpc
from kantine.v1 import insights_pb2 as pb
from services.gateway.domain import tables
from services.gateway.domain.replies import reply_json
from services.gateway.routes import ROUTES
from services.insights import projection
from services.insights.config import CountingSettings
from tests.harness import FeedHarness, InsightsHarness, SearchHarness, fetchval

ZONE = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime.now(dt.UTC)
THIS_WEEK = periods.start("w", NOW.astimezone(ZONE).date())
LAST_WEEK = dt.datetime.combine(THIS_WEEK - dt.timedelta(days=5), dt.time(10), ZONE)  # a Wednesday morning
LONG_AGO = NOW - dt.timedelta(days=120)
SECRET = ev.GROUP_VISIBILITY_SECRET


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
                    secret: bool = False, at: dt.datetime = LONG_AGO) -> str:  # fmt: skip
        visibility = SECRET if secret else ev.GROUP_VISIBILITY_PRIVATE if private else ev.GROUP_VISIBILITY_PUBLIC
        reply = await self.fs.CreateGroup(
            f.CreateGroupRequest(actor_id=owner, name=name, purpose=purpose, visibility=visibility),
            metadata=history.metadata(at),
        )
        for member in members:
            if private or secret:
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
    # provisioned only now, with history imported from before: counted from their first deed
    late = await world.person("Sales 9", "Sales", at=dt.datetime.now(dt.UTC))
    await world.react(late, post, at=LAST_WEEK + dt.timedelta(hours=5))
    await world.settle()

    weeks = await world.ins.GetParticipation(pb.ParticipationRequest(viewer_id=sales[8], periods=2))
    last, this = weeks.periods
    assert (last.start, this.start) == ((THIS_WEEK - dt.timedelta(days=7)).isoformat(), THIS_WEEK.isoformat())
    assert (last.population, last.creators, last.contributors, last.reactors, last.readers, last.inactive) == (
        14, 1, 2, 4, 2, 5,
    )  # fmt: skip
    assert last.moved_up == 9 and this.creators == 0
    # Sales is shown; Legal (3) and Communications (1) are fewer than five people
    assert [(d.department, d.tiers.population) for d in weeks.departments] == [("Sales", 10)]
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
    assert department.periods[-1].population == 10

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


async def test_a_merged_groups_questions_wait_in_the_group_it_was_merged_into(world: World) -> None:
    manager = await world.person("Camilla Community", community_manager=True)
    owner, asker = [await world.person(n) for n in ("Olga Owner", "Ask")]
    old = await world.group(owner, "VPN Help", "When the VPN drops", asker)
    into = await world.group(owner, "IT Help", "Ask IT anything")
    question = await world.post(asker, "VPN drops every hour? #vpn", group_id=old, kind=ev.POST_KIND_QUESTION,
                                at=NOW - dt.timedelta(hours=50))  # fmt: skip
    await world.fs.MergeGroups(f.MergeGroupsRequest(actor_id=manager, group_id=old, into_group_id=into))
    await world.settle()

    radar = await world.ins.ListUnansweredQuestions(pb.UnansweredRequest(viewer_id=manager, group_id=into))
    assert [(q.post_id, q.group_id, q.group_name) for q in radar.questions] == [(question, into, "IT Help")]
    left = await world.ins.ListUnansweredQuestions(pb.UnansweredRequest(viewer_id=manager, group_id=old))
    assert not left.questions
    reviewed = {g.group_id for g in (await world.ins.ListGroupHealth(pb.GroupHealthRequest(viewer_id=manager))).groups}
    assert into in reviewed and old not in reviewed  # archived by the merge


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
    # the rebuild reads the question and its answer in one run: the new row has its first answer
    sql = "SELECT (first_answer_at, reactions) FROM insights.posts WHERE post_id = $1"
    assert await fetchval(world.url, sql, uuid.UUID(question)) == (LAST_WEEK + dt.timedelta(hours=5), 1)
    # the live consumer goes on from the swapped-in tables without applying anything twice
    await world.react(helper, question)
    await world.settle()
    assert await fetchval(world.url, "SELECT count(*) FROM insights.processed_events") == done.events + 1


async def test_leaders_figures_and_the_people_they_have_not_thanked_yet(world: World) -> None:
    manager = await world.person("Camilla Community", community_manager=True)
    lea = await world.person("Lea Leader", "Support", leader=True)
    bo = await world.person("Bo Boss", "Sales", leader=True)
    team = [await world.person(f"Support {i}", "Support") for i in range(5)]
    soon = NOW - dt.timedelta(minutes=30)
    first = await world.post(team[0], "Rolled out the new ticket form", at=soon)
    await world.fs.AddComment(f.AddCommentRequest(actor_id=lea, post_id=first, body="Great work!"),
                              metadata=history.metadata(soon + dt.timedelta(minutes=12)))  # fmt: skip
    second = await world.post(team[1], "Updated the macros")
    await world.react(lea, second)
    await world.post(lea, "Thank you for the weekend shift!", kind=ev.POST_KIND_PRAISE, praised_user_ids=[team[2]])
    question = await world.post(team[4], "How do I escalate to tier 2?", kind=ev.POST_KIND_QUESTION)
    answer = await world.comment(team[3], question)
    await world.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=team[4], post_id=question, comment_id=answer))
    popular = await world.post(team[4], "Cheat sheet for the new phone system")
    for fan in team[:3]:
        await world.react(fan, popular)
    await world.react(bo, popular)  # a leader (of another department) noticed: team[4] is recognised
    await world.settle()

    mine = await world.ins.GetLeaderEngagement(pb.LeaderEngagementRequest(viewer_id=lea))
    [figures] = mine.leaders
    assert (figures.leader.user_id, figures.posts, figures.replies_to_employees, figures.reactions_given,
            figures.praise_given) == (lea, 1, 1, 1, 1)  # fmt: skip
    assert figures.median_hours_to_reply == 0.2  # twelve minutes
    assert (figures.department_size, figures.department_recognised, figures.department_recognised_share) == (
        5, 3, 0.6,
    )  # fmt: skip
    everyone = await world.ins.GetLeaderEngagement(pb.LeaderEngagementRequest(viewer_id=manager, period="month"))
    assert [x.leader.display_name for x in everyone.leaders] == ["Bo Boss", "Lea Leader"]
    assert everyone.leaders[0].department_recognised == -1  # Bo's department is Bo alone
    for viewer, leader in ((team[0], lea), (bo, lea)):
        with pytest.raises(grpc.aio.AioRpcError) as denied:
            await world.ins.GetLeaderEngagement(pb.LeaderEngagementRequest(viewer_id=viewer, leader_id=leader))
        assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED

    thanks = await world.ins.ListPeopleToThank(pb.PeopleToThankRequest(viewer_id=lea))
    assert [(c.person.display_name, c.accepted_answers) for c in thanks.people] == [("Support 3", 1)]
    assert thanks.people[0].post_ids == [question]
    assert (await world.ins.ListPeopleToThank(pb.PeopleToThankRequest(viewer_id=bo))).people == []
    with pytest.raises(grpc.aio.AioRpcError) as not_a_leader:
        await world.ins.ListPeopleToThank(pb.PeopleToThankRequest(viewer_id=team[0]))
    assert not_a_leader.value.code() == grpc.StatusCode.PERMISSION_DENIED

    # Lea thanks them: off the list
    await world.react(lea, question)  # on the question: it is team[4]'s, not the answer
    await world.fs.React(f.ReactRequest(actor_id=lea, post_id=question, comment_id=answer, reaction="celebrate"))
    await world.settle()
    assert (await world.ins.ListPeopleToThank(pb.PeopleToThankRequest(viewer_id=lea))).people == []


async def test_an_announcements_reach_by_department_for_its_author_and_community_managers(world: World) -> None:
    manager = await world.person("Camilla Community", community_manager=True)
    lea = await world.person("Lea Leader", "Support", leader=True)
    team = [await world.person(f"Support {i}", "Support") for i in range(5)]
    legal = await world.person("Lars Legal", "Legal")
    notice = await world.post(lea, "New on-call rota from Monday. Please confirm.", kind=ev.POST_KIND_ANNOUNCEMENT,
                              must_read=True)  # fmt: skip
    for person in team[:2]:
        await world.fs.MarkRead(f.PostCommand(actor_id=person, post_id=notice))
    await world.react(team[2], notice)
    await world.visit(team[3], dt.datetime.now(dt.UTC))  # after the announcement
    envelope = Envelope.new("FeedViewed", "views", 1, "")
    await world.nc.jetstream().publish(
        world.topology.event_subject(codec.event_type_of(ev.FeedViewed)),
        codec.encode(ev.FeedViewed(posts=[ev.PostViewers(post_id=notice, viewers=7)], views=9)),
        headers=envelope.to_headers(),
    )
    await world.settle()

    [reach] = (await world.ins.ListAnnouncementReach(pb.AnnouncementReachRequest(viewer_id=lea))).announcements
    assert reach.post_id == notice and reach.must_read and reach.views == 7
    assert (reach.reach.audience, reach.reach.reached, reach.reach.read, reach.reach.reacted) == (8, 5, 2, 1)
    assert [(d.department, d.reach.audience, d.reach.read) for d in reach.departments] == [("Support", 6, 2)]
    assert reach.departments_withheld == 1  # Legal is one person
    seen = await world.ins.ListAnnouncementReach(pb.AnnouncementReachRequest(viewer_id=manager, post_id=notice))
    assert seen.announcements[0].reach == reach.reach
    assert (await world.ins.ListAnnouncementReach(pb.AnnouncementReachRequest(viewer_id=legal))).announcements == []
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await world.ins.ListAnnouncementReach(pb.AnnouncementReachRequest(viewer_id=legal, post_id=notice))
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND


def _texts(message: Message) -> list[str]:
    """Every text anywhere in a reply: names, snippets, tags, ids."""
    found: list[str] = []
    for field, value in message.ListFields():
        for item in value if field.is_repeated else [value]:
            if isinstance(item, Message):
                found += _texts(item)
            elif isinstance(item, str):
                found.append(item)
    return found


def _csvs(rpc: str, reply: Message) -> list[str]:
    """Every CSV the gateway offers of this reply (`?format=csv&table=`), made as the gateway makes them."""
    [route] = [r for r in ROUTES if r.service == "insights" and r.rpc == rpc and r.method == "GET"]
    return [
        tables.to_csv(reply_json(reply), table, tables.columns(reply.DESCRIPTOR.fields_by_name[table].message_type))
        for table in route.csv
    ]


async def test_a_secret_groups_words_names_and_people_reach_only_its_members_in_every_figure_and_csv(
    world: World,
) -> None:
    camilla = await world.person("Camilla Community", community_manager=True)  # not in the secret group
    carl = await world.person("Carl Community", community_manager=True)  # in it: the control
    lea = await world.person("Lea Leader", "Strategy", leader=True)
    mia = await world.person("Mia Member", "Strategy")
    others = [await world.person(f"Strategy {i}", "Strategy") for i in range(3)]
    pia = await world.person("Pia Public")
    secret = await world.group(lea, "Falcon", "Codename work for the acquisition", carl, mia, *others, secret=True)
    # alike in name and purpose, smaller, with members in common: a duplicate to merge into the secret group
    lookalike = await world.group(pia, "Falkon", "Codename work for the acquisition", mia, others[0])
    board = await world.group(lea, "Board", "The board's papers", carl, others[0], private=True)
    notice = await world.post(lea, "Nordlys acquisition closes Friday", group_id=secret,
                              kind=ev.POST_KIND_ANNOUNCEMENT, must_read=True)  # fmt: skip
    minutes = await world.post(lea, "Board minutes: the bonus pool is set", group_id=board,
                               kind=ev.POST_KIND_ANNOUNCEMENT)  # fmt: skip
    # Pia asks to join a private group, which then turns secret
    skunkworks = await world.group(lea, "Skunkworks", "Prototypes", carl, private=True)
    await world.fs.JoinGroup(f.GroupMemberCommand(actor_id=pia, group_id=skunkworks))
    await world.fs.UpdateGroup(f.UpdateGroupRequest(actor_id=lea, group_id=skunkworks, name="Skunkworks",
                                                    purpose="Prototypes", visibility=SECRET))  # fmt: skip
    question = await world.post(mia, "Who signs the Nordlys term sheet? #nordlys", group_id=secret,
                                kind=ev.POST_KIND_QUESTION, at=NOW - dt.timedelta(hours=30))  # fmt: skip
    public = await world.post(pia, "Where is the expense form? #expenses", kind=ev.POST_KIND_QUESTION,
                              at=NOW - dt.timedelta(hours=30))  # fmt: skip
    await world.settle()

    async def figures(viewer: str) -> dict[str, Any]:
        return {
            "GetParticipation": await world.ins.GetParticipation(
                pb.ParticipationRequest(viewer_id=viewer, scope="group", scope_id=secret)),
            "ListUnansweredQuestions": await world.ins.ListUnansweredQuestions(pb.UnansweredRequest(viewer_id=viewer)),
            "GetAnswerTimes": await world.ins.GetAnswerTimes(pb.AnswerTimesRequest(viewer_id=viewer, period="month")),
            "ListGroupHealth": await world.ins.ListGroupHealth(pb.GroupHealthRequest(viewer_id=viewer)),
            "GetLeaderEngagement": await world.ins.GetLeaderEngagement(pb.LeaderEngagementRequest(viewer_id=viewer)),
            "ListPeopleToThank": await world.ins.ListPeopleToThank(
                pb.PeopleToThankRequest(viewer_id=viewer, leader_id=lea)),
            "ListAnnouncementReach": await world.ins.ListAnnouncementReach(
                pb.AnnouncementReachRequest(viewer_id=viewer)),
            "GetInbox": await world.ins.GetInbox(pb.InboxRequest(viewer_id=viewer)),
        }  # fmt: skip

    outside, inside = await figures(camilla), await figures(carl)
    # the secret group's name, its posts' words and tags, who asked there; the private group's words
    secrets = ("Falcon", "Nordlys", "nordlys", "Mia Member", "bonus pool", "Skunkworks")
    for rpc, reply in outside.items():
        for text in [*_texts(reply), *_csvs(rpc, reply)]:
            assert not [word for word in secrets if word in text], (rpc, text)
    assert all(any(word in t for reply in inside.values() for t in _texts(reply)) for word in secrets)

    # the counts are Camilla's all the same: the question waits, the announcement reached six, the group lives
    radar = outside["ListUnansweredQuestions"]
    assert radar.total == 2 and {q.post_id for q in radar.questions} == {question, public}
    waiting = next(q for q in radar.questions if q.post_id == question)
    assert waiting.group_id == secret and waiting.hours_waiting >= 30 and not waiting.asker.user_id
    assert next(q for q in radar.questions if q.post_id == public).snippet.startswith("Where is the expense form")
    reach = {a.post_id: a for a in outside["ListAnnouncementReach"].announcements}
    assert (reach[notice].reach.audience, reach[notice].author.user_id, reach[notice].group_name) == (6, "", "")
    assert (reach[minutes].group_name, reach[minutes].author.user_id, reach[minutes].snippet) == ("Board", lea, "")
    health = {g.group_id: g for g in outside["ListGroupHealth"].groups}
    assert health[secret].members == 6 and health[secret].name == ""
    assert not health[lookalike].likely_duplicates and health[lookalike].merge_into_group_id == ""
    assert secret in {g.group_id for g in outside["GetAnswerTimes"].groups}
    participation = outside["GetParticipation"]
    assert participation.periods[-1].population == 6 and not participation.moved_up
    assert not outside["GetInbox"].join_requests  # the request is to a group she may not know of
    # ... and a community manager who is a member reads it all
    assert [r.group_name for r in inside["GetInbox"].join_requests] == ["Skunkworks"]
    assert [p.display_name for p in inside["GetParticipation"].moved_up] == ["Lea Leader"]
    assert {g.group_id: g for g in inside["ListGroupHealth"].groups}[lookalike].merge_into_group_id == secret


async def test_the_inbox_holds_what_needs_a_community_manager(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    feed = await FeedHarness.start(database_url, nc, topology)
    search: SearchHarness | None = await SearchHarness.start(database_url, nc, topology)
    assert search is not None
    insights = await InsightsHarness.start(database_url, nc, topology, search_address=search.address)
    try:
        async with channel(feed.address) as fch, channel(insights.address) as ich, channel(search.address) as sch:
            world = World(feed, insights, feed_pb2_grpc.FeedServiceStub(fch),
                          insights_pb2_grpc.InsightsServiceStub(ich), nc, topology, database_url)  # fmt: skip
            manager = await world.person("Camilla Community", community_manager=True)
            owner = await world.person("Olga Owner")
            quiet = await world.person("Quinn Quiet", at=NOW - dt.timedelta(days=20))
            await world.person("Nina New", at=NOW - dt.timedelta(days=3))  # not quiet for long yet
            talker = await world.person("Tara Talker", at=NOW - dt.timedelta(days=20))
            await world.post(talker, "Hello from Tara")
            board = await world.group(owner, "Board", "The board's papers", private=True)
            await world.fs.JoinGroup(f.GroupMemberCommand(actor_id=quiet, group_id=board),
                                     metadata=history.metadata(NOW - dt.timedelta(days=2)))  # fmt: skip
            waiting = await world.post(talker, "Where are the forms?", kind=ev.POST_KIND_QUESTION,
                                       at=NOW - dt.timedelta(hours=30))  # fmt: skip
            await world.settle()
            await search.consumer.wait_idle()
            searcher = search_pb2_grpc.SearchServiceStub(sch)
            found = await searcher.Search(search_pb2.SearchRequest(viewer_id=owner, query="teleportation"))
            assert not found.hits

            inbox = await world.ins.GetInbox(pb.InboxRequest(viewer_id=manager))
            assert [q.post_id for q in inbox.unanswered] == [waiting] and inbox.unanswered_total == 1
            assert [(r.group_name, r.person.display_name) for r in inbox.join_requests] == [("Board", "Quinn Quiet")]
            assert inbox.join_requests[0].days_waiting >= 2
            assert [n.person.display_name for n in inbox.quiet_newcomers] == ["Quinn Quiet"]
            assert board in [g.group_id for g in inbox.groups_to_review]  # no post yet: revive or archive
            assert [m.query for m in inbox.missed_searches] == ["teleportation"]
            assert not inbox.missed_searches_unavailable
            with pytest.raises(grpc.aio.AioRpcError) as denied:
                await world.ins.GetInbox(pb.InboxRequest(viewer_id=owner))
            assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED

            # search away: the inbox is whole but for the searches, and says so
            await search.close()
            search = None
            inbox = await world.ins.GetInbox(pb.InboxRequest(viewer_id=manager))
            assert inbox.missed_searches_unavailable and inbox.unanswered_total == 1
    finally:
        await insights.close()
        if search is not None:
            await search.close()
        await feed.close()
