"""The insights service's paths: the platform's events in to the community manager's figures, and how long
the figures take to compute on what that leaves behind.

Insights runs as its own process (`python -m services.insights`). The events are published to JetStream
from here, as the feed's and the gateway's relays would, so the figures are insights' alone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from google.protobuf.message import Message

from bench.common import Results, World, n, service_world, wait_applied
from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.v1 import events_pb2 as ev
from kantine.v1 import insights_pb2 as pb
from kantine.v1 import insights_pb2_grpc

EVENTS = "insights: posts, comments, reactions, visits, reads -> figures (consumer process)"
PEOPLE, GROUPS, POSTS, MEMBERSHIPS = 2_000, 40, 400, 3
CALLS = 20  # of each figure, one after the other
Events = list[tuple[Message, str, str]]


@dataclasses.dataclass
class Figures:
    """Each figure's latency (p50, p99 in ms) on the store the event rate left behind."""

    latency: dict[str, tuple[float, float]] = dataclasses.field(default_factory=dict)
    people: int = 0
    groups: int = 0
    events: int = 0


def _insights(nats_url: str, pg_server_url: str, log: Path, name: str) -> contextlib.AbstractAsyncContextManager[World]:
    return service_world("services.insights", nats_url, pg_server_url, log, name, {})


def _setup() -> tuple[Events, list[str], list[ev.PostCreated]]:
    """People in 12 departments (1 in 20 a leader, one community manager), groups with their members,
    and posts: questions, announcements and discussions."""
    events: Events = []
    ids = []
    for i in range(PEOPLE):
        user = new_id()
        ids.append(user)
        profile = ev.UserProvisioned(user_id=user, display_name=f"Person {i}", department=f"Dept {i % 12}",
                                     leader=i % 20 == 0, community_manager=i == 1)  # fmt: skip
        events.append((profile, user, ""))
    groups = []
    for i in range(GROUPS):
        group = new_id()
        groups.append(group)
        owner = ids[i]
        created = ev.GroupCreated(group_id=group, name=f"Group {i}", purpose=f"The purpose of group {i}",
                                  visibility=ev.GROUP_VISIBILITY_PUBLIC, owner_ids=[owner])  # fmt: skip
        events.append((created, group, owner))
    for user in ids:
        for group in random.sample(groups, MEMBERSHIPS):
            events.append((ev.MemberJoined(group_id=group, user_id=user, role=ev.MEMBER_ROLE_MEMBER), group, user))
    kinds = (ev.POST_KIND_DISCUSSION, ev.POST_KIND_QUESTION, ev.POST_KIND_DISCUSSION, ev.POST_KIND_ANNOUNCEMENT)
    posts = []
    for i in range(POSTS):
        kind = kinds[i % len(kinds)]
        post = ev.PostCreated(post_id=new_id(), author_id=random.choice(ids), group_id=random.choice(groups),
                              kind=kind, body=f"post {i} #topic{i % 30}", tags=[f"topic{i % 30}"],
                              must_read=kind == ev.POST_KIND_ANNOUNCEMENT)  # fmt: skip
        posts.append(post)
        events.append((post, post.post_id, post.author_id))
    return events, ids, posts


def _work(ids: list[str], posts: list[ev.PostCreated], count: int) -> Events:
    """A mixed day: reactions, comments and answers, visits, must-read confirmations, new posts, reactions
    taken back and accepted answers."""
    work: Events = []
    reacted: list[tuple[str, str]] = []
    answers: list[tuple[ev.PostCreated, str, str]] = []
    for i in range(count):
        post, actor = random.choice(posts), random.choice(ids)
        event: Message
        step = i % 20
        if step < 8:
            event = ev.ReactionAdded(post_id=post.post_id, user_id=actor, reaction="like")
            reacted.append((post.post_id, actor))
        elif step < 13:
            comment = new_id()
            event = ev.CommentAdded(post_id=post.post_id, comment_id=comment, author_id=actor, body="a comment")
            if post.kind == ev.POST_KIND_QUESTION and actor != post.author_id:
                answers.append((post, comment, actor))
        elif step < 16:
            event = ev.Visited(user_id=actor)
        elif step < 17:
            event = ev.PostRead(post_id=post.post_id, user_id=actor)
        elif step < 18:
            event = ev.PostCreated(post_id=new_id(), author_id=actor, group_id=post.group_id, body="news",
                                   kind=ev.POST_KIND_QUESTION if i % 3 else ev.POST_KIND_DISCUSSION)  # fmt: skip
            posts.append(event)
        elif step < 19 and reacted:
            gone, actor = reacted.pop(random.randrange(len(reacted)))
            event = ev.ReactionRemoved(post_id=gone, user_id=actor, reaction="like")
        elif answers:
            question, comment, author = answers.pop()
            event = ev.AnswerAccepted(post_id=question.post_id, comment_id=comment, accepted_by=question.author_id,
                                      answer_author_id=author)  # fmt: skip
            actor = question.author_id
        else:
            event = ev.ReactionAdded(post_id=post.post_id, user_id=actor, reaction="like")
        work.append((event, getattr(event, "post_id", "") or actor, actor))
    return work


async def event_rate(
    nats_url: str, pg_server_url: str, home: Path, results: Results, round_no: int, *, figures: bool = False
) -> Figures:
    """Events drained by the insights process; on request, then each figure's latency on what they left."""
    measured = Figures(people=PEOPLE, groups=GROUPS)
    async with _insights(nats_url, pg_server_url, home / f"insights-{round_no}.log", f"insights_{round_no}") as world:
        setup, ids, posts = _setup()
        await world.publish(setup)
        await wait_applied(world.pool, "insights", len(setup))
        count = n(20_000)
        work = _work(ids, posts, count)
        rate = await world.drain_rate("insights", work, len(setup))
        measured.events = len(setup) + count
        acts = await world.pool.fetchval("SELECT count(*) FROM insights.acts")
        results.add(EVENTS, rate, f"{count:,} events; {acts:,} acts and per-period tiers of {PEOPLE:,} people")
        if figures:
            manager = ids[1]
            async with channel(world.address) as ch:
                stub = insights_pb2_grpc.InsightsServiceStub(ch)
                calls: dict[str, Callable[[], Awaitable[Any]]] = {
                    "participation, 6 weeks, by department": lambda: stub.GetParticipation(
                        pb.ParticipationRequest(viewer_id=manager)),
                    "unanswered-question radar, first page": lambda: stub.ListUnansweredQuestions(
                        pb.UnansweredRequest(viewer_id=manager)),
                    "answer times, 6 weeks, by group": lambda: stub.GetAnswerTimes(
                        pb.AnswerTimesRequest(viewer_id=manager)),
                    "group health with duplicates": lambda: stub.ListGroupHealth(
                        pb.GroupHealthRequest(viewer_id=manager)),
                    f"leader engagement, all {PEOPLE // 20} leaders": lambda: stub.GetLeaderEngagement(
                        pb.LeaderEngagementRequest(viewer_id=manager)),
                    "announcement reach, 90 days": lambda: stub.ListAnnouncementReach(
                        pb.AnnouncementReachRequest(viewer_id=manager)),
                    "the community manager's inbox": lambda: stub.GetInbox(pb.InboxRequest(viewer_id=manager)),
                }  # fmt: skip
                for name, call in calls.items():
                    await call()  # warm
                    times = []
                    for _ in range(CALLS):
                        began = time.perf_counter()
                        await call()
                        times.append((time.perf_counter() - began) * 1000)
                    times.sort()
                    measured.latency[name] = (statistics.median(times), times[-1])
                    print(f"  {name:<50} p50 {measured.latency[name][0]:7.1f} ms  max {times[-1]:7.1f} ms", flush=True)
    return measured
