"""The gamify service's paths: the platform's events in to points, leaderboards and badge checks with the
full shipped rule set, and the time from an event to the award it earns being published.

Gamify runs as its own process (`python -m services.gamify`). The events are published to JetStream
from here, as the feed's relay would, so the figures are gamify's alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import statistics
import time
from pathlib import Path

import nats
from google.protobuf.message import Message

from bench.common import Results, World, n, service_world, wait_applied
from kantine.ids import new_id
from kantine.v1 import events_pb2 as ev

EVENTS = "gamify: posts, comments, reactions, answers -> points, boards, badges (consumer process)"
PEOPLE, POSTS = 2_000, 400
Events = list[tuple[Message, str, str]]


def _gamify(nats_url: str, pg_server_url: str, log: Path, name: str) -> contextlib.AbstractAsyncContextManager[World]:
    return service_world("services.gamify", nats_url, pg_server_url, log, name, {})


def _people(count: int) -> Events:
    out: Events = []
    for i in range(count):
        user = new_id()
        profile = ev.UserProvisioned(user_id=user, display_name=f"Person {i}", department=f"Dept {i % 12}",
                                     country=("DK", "NO", "SE", "NL")[i % 4], leader=i % 20 == 0)  # fmt: skip
        out.append((profile, user, ""))
    return out


def _posts(ids: list[str], count: int) -> list[ev.PostCreated]:
    kinds = (ev.POST_KIND_DISCUSSION, ev.POST_KIND_QUESTION, ev.POST_KIND_PRAISE, ev.POST_KIND_DISCUSSION)
    posts = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        praised = random.sample(ids, 2) if kind == ev.POST_KIND_PRAISE else []
        posts.append(ev.PostCreated(post_id=new_id(), author_id=random.choice(ids), kind=kind, body="a post",
                                    praised_user_ids=praised))  # fmt: skip
    return posts


async def event_rate(nats_url: str, pg_server_url: str, home: Path, results: Results, round_no: int) -> float:
    """A mixed day: reactions (half), comments and answers (a quarter), new posts, reactions taken back and
    accepted answers, by 2,000 people of whom 1 in 20 lead, pre-published and drained by gamify."""
    async with _gamify(nats_url, pg_server_url, home / "gamify-events.log", f"gamify_{round_no}") as world:
        people = _people(PEOPLE)
        ids = [p[1] for p in people]
        posts = _posts(ids, POSTS)
        setup = [*people, *[(p, p.post_id, p.author_id) for p in posts]]
        await world.publish(setup)
        await wait_applied(world.pool, "gamify", len(setup))
        count = n(20_000)
        work: Events = []
        reacted: list[tuple[str, str]] = []
        answers: list[tuple[ev.PostCreated, str, str]] = []
        for i in range(count):
            post, actor = random.choice(posts), random.choice(ids)
            event: Message
            step = i % 20
            if step < 10:
                event = ev.ReactionAdded(post_id=post.post_id, user_id=actor, reaction="like")
                reacted.append((post.post_id, actor))
            elif step < 15:
                comment = new_id()
                event = ev.CommentAdded(post_id=post.post_id, comment_id=comment, author_id=actor, body="a comment")
                if post.kind == ev.POST_KIND_QUESTION and actor != post.author_id:
                    answers.append((post, comment, actor))
            elif step < 17:
                new = _posts(ids, 1)[0]
                posts.append(new)
                event, actor = new, new.author_id
            elif step < 18 and reacted:
                gone_post, actor = reacted.pop(random.randrange(len(reacted)))
                event = ev.ReactionRemoved(post_id=gone_post, user_id=actor, reaction="like")
            elif answers:
                question, comment, author = answers.pop()
                event = ev.AnswerAccepted(post_id=question.post_id, comment_id=comment, accepted_by=question.author_id,
                                          answer_author_id=author)  # fmt: skip
                actor = question.author_id
            else:
                event = ev.ReactionAdded(post_id=post.post_id, user_id=actor, reaction="like")
            work.append((event, getattr(event, "post_id", ""), actor))
        rate = await world.drain_rate("gamify", work, len(setup))
        entries = await world.pool.fetchval("SELECT count(*) FROM gamify.ledger")
        awarded = await world.pool.fetchval("SELECT count(*) FROM gamify.awards")
    return results.add(EVENTS, rate, f"{count:,} events; {entries:,} ledger entries and {awarded:,} badges in all")


async def award_latency(nats_url: str, pg_server_url: str, home: Path) -> tuple[float, float, float, int]:
    """First posts of people who had none, 100 a second: publish of PostCreated -> BadgeAwarded on the bus.

    Returns (p50 ms, p99 ms, achieved rate, samples)."""
    async with _gamify(nats_url, pg_server_url, home / "gamify-award.log", "gamify_award") as world:
        people = _people(PEOPLE)
        await world.publish(people)
        await wait_applied(world.pool, "gamify", len(people))
        sent: dict[str, float] = {}
        latencies: list[float] = []
        nc = await nats.connect(nats_url)

        async def awarded(msg: object) -> None:
            headers = getattr(msg, "headers", None) or {}
            if headers.get("Kantine-Event-Type") != "BadgeAwarded":
                return
            payload = ev.BadgeAwarded.FromString(getattr(msg, "data", b""))
            started = sent.get(payload.user_id)
            if payload.badge_id == "first-post" and started is not None:
                latencies.append((time.perf_counter() - started) * 1000)

        sub = await nc.subscribe(f"{world.topology.prefix}.events.recognition.>", cb=awarded)
        count, rate = min(n(2_000), PEOPLE), 100.0
        start = time.perf_counter()
        for i in range(count):
            author = people[i][1]
            post = ev.PostCreated(post_id=new_id(), author_id=author, kind=ev.POST_KIND_DISCUSSION, body="hello")
            sent[author] = time.perf_counter()
            await world.publish([(post, post.post_id, author)])
            await asyncio.sleep(max(0.0, start + (i + 1) / rate - time.perf_counter()))
        achieved = count / (time.perf_counter() - start)
        deadline = time.monotonic() + 60
        while len(latencies) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await sub.unsubscribe()
        await nc.close()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return statistics.median(latencies), p99, achieved, len(latencies)
