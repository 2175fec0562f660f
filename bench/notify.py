"""The notify service's paths: events in to notifications stored, publish to live-stream delivery, and one
must-read announcement fanned out to 50,000 members.

Notify runs as its own process (`python -m services.notify`), as in production. The events are published
to JetStream from here, as the feed's relay would publish them, so the figures are notify's alone. E-mail
is on (an SMTP host is configured, the delay is an hour), so every e-mail-worthy notification also queues
its e-mail, as it would in production; nothing is sent during the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import random
import statistics
import time
import uuid
from pathlib import Path

from google.protobuf.message import Message

from bench.common import Results, World, n, service_world, wait_applied
from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.v1 import events_pb2 as ev
from kantine.v1 import notify_pb2, notify_pb2_grpc

INBOX = "notify: comments and reactions -> inbox (consumer process, e-mail queued)"
FANOUT_MEMBERS = 50_000
PEOPLE, POSTS, LISTENERS = 2_000, 400, 50
ENV = {
    "KANTINE_NOTIFY_SECRET": "bench-secret-bench-secret",
    "KANTINE_SMTP_HOST": "127.0.0.1",
    "KANTINE_SMTP_PORT": "9",  # nothing is due during the run: the delay is an hour
    "KANTINE_SMTP_SECURITY": "none",
    "KANTINE_NOTIFY_EMAIL_DELAY_S": "3600",
    "KANTINE_NOTIFY_DIGEST_CHECK_S": "86400",
}


def _notify(nats_url: str, pg_server_url: str, log: Path, name: str) -> contextlib.AbstractAsyncContextManager[World]:
    return service_world("services.notify", nats_url, pg_server_url, log, name, ENV)


def _people(count: int) -> list[tuple[Message, str, str]]:
    out: list[tuple[Message, str, str]] = []
    for i in range(count):
        user = new_id()
        profile = ev.UserProvisioned(user_id=user, display_name=f"Person {i}", email=f"p{i}@example.com", locale="da")
        out.append((profile, user, ""))
    return out


async def inbox_rate(nats_url: str, pg_server_url: str, home: Path, results: Results, round_no: int) -> float:
    """Reactions and comments (3 to 1) on 400 posts by 2,000 people, pre-published, drained by notify."""
    async with _notify(nats_url, pg_server_url, home / "notify-inbox.log", f"notify_{round_no}") as world:
        pool = world.pool
        people = _people(PEOPLE)
        ids = [p[1] for p in people]
        posts = [
            ev.PostCreated(post_id=new_id(), author_id=random.choice(ids), body="a post", kind=ev.POST_KIND_DISCUSSION)
            for _ in range(POSTS)
        ]
        setup = [*people, *[(p, p.post_id, p.author_id) for p in posts]]
        await world.publish(setup)
        await wait_applied(pool, "notify", len(setup))
        count = n(20_000)
        work: list[tuple[Message, str, str]] = []
        for i in range(count):
            target, actor = random.choice(posts), random.choice(ids)
            event: Message
            if i % 4 == 3:
                event = ev.CommentAdded(post_id=target.post_id, comment_id=new_id(), author_id=actor, body="a comment")
            else:
                event = ev.ReactionAdded(post_id=target.post_id, user_id=actor, reaction="like")
            work.append((event, target.post_id, actor))
        rate = await world.drain_rate("notify", work, len(setup))
        stored = await pool.fetchval("SELECT count(*) FROM notify.notifications")
    return results.add(INBOX, rate, f"{count:,} events into {stored:,} consolidated notifications")


async def live_latency(nats_url: str, pg_server_url: str, home: Path) -> tuple[float, float, float, int]:
    """Posts mentioning one of 50 people with an open Stream, 100 a second: publish -> stream delivery.

    Returns (p50 ms, p99 ms, achieved rate, samples)."""
    async with (
        _notify(nats_url, pg_server_url, home / "notify-live.log", "notify_live") as world,
        channel(world.address) as ch,
    ):
        stub = notify_pb2_grpc.NotifyServiceStub(ch)
        pool = world.pool
        people = _people(PEOPLE)
        await world.publish(people)
        await wait_applied(pool, "notify", len(people))
        listeners = [p[1] for p in people[:LISTENERS]]
        authors = [p[1] for p in people[LISTENERS:]]
        sent: dict[str, float] = {}
        latencies: list[float] = []
        opened = 0

        async def listen(user: str) -> None:
            nonlocal opened
            async for update in stub.Stream(notify_pb2.UserRequest(user_id=user)):
                if not update.HasField("notification"):
                    opened += 1
                    continue
                started = sent.get(update.notification.post_id)
                if started is not None:
                    latencies.append((time.perf_counter() - started) * 1000)

        tasks = [asyncio.create_task(listen(u)) for u in listeners]
        while opened < LISTENERS:
            await asyncio.sleep(0.05)
        count, rate = n(2_000), 100.0
        start = time.perf_counter()
        for i in range(count):
            target = listeners[i % LISTENERS]
            post = new_id()
            payload = ev.PostCreated(post_id=post, author_id=random.choice(authors), kind=ev.POST_KIND_DISCUSSION,
                                     body=f"@[Someone]({target}) look", mentioned_user_ids=[target])  # fmt: skip
            sent[post] = time.perf_counter()
            await world.publish([(payload, post, payload.author_id)])
            await asyncio.sleep(max(0.0, start + (i + 1) / rate - time.perf_counter()))
        achieved = count / (time.perf_counter() - start)
        deadline = time.monotonic() + 60
        while len(latencies) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return statistics.median(latencies), p99, achieved, len(latencies)


async def fanout_time(nats_url: str, pg_server_url: str, home: Path) -> tuple[float, float, int]:
    """A must-read announcement in a group of 50,000, and a comment published right after it.

    Returns (seconds until every member has the notification and its e-mail is queued, ms until the
    comment's notification is stored, members notified)."""
    async with _notify(nats_url, pg_server_url, home / "notify-fanout.log", "notify_fanout") as world:
        pool = world.pool
        group, owner = uuid.uuid4(), uuid.uuid4()
        members = [owner, *(uuid.uuid4() for _ in range(FANOUT_MEMBERS - 1))]
        # the directory and the group are seeded directly: the figure is the fan-out, not the seeding
        async with pool.acquire() as conn:
            now = dt.datetime.now(dt.UTC)
            await conn.copy_records_to_table(
                "directory_people", schema_name="notify", columns=["user_id", "display_name", "locale", "joined_at"],
                records=[(m, f"Member {i}", "nb", now) for i, m in enumerate(members)],
            )  # fmt: skip
            await conn.copy_records_to_table(
                "recipients", schema_name="notify", columns=["user_id", "email"],
                records=[(m, f"m{i}@example.com") for i, m in enumerate(members)],
            )  # fmt: skip
            await conn.execute(
                """INSERT INTO notify.directory_groups (group_id, name, visibility, members, created_at)
                   VALUES ($1, 'Everyone', 1, $2, now())""",
                group, len(members),
            )  # fmt: skip
            await conn.copy_records_to_table(
                "directory_members", schema_name="notify", columns=["group_id", "user_id", "role", "joined_at"],
                records=[(group, m, 3 if m == owner else 1, now) for m in members],
            )  # fmt: skip
            await conn.execute(
                "ANALYZE notify.directory_people; ANALYZE notify.recipients; ANALYZE notify.directory_members"
            )
        author_post = await pool.fetchval("SELECT count(*) FROM notify.processed_events")
        announcement = new_id()
        post = ev.PostCreated(post_id=announcement, author_id=str(owner), group_id=str(group),
                              kind=ev.POST_KIND_ANNOUNCEMENT, body="All hands on Friday", must_read=True)  # fmt: skip
        chatter = new_id()
        other = ev.PostCreated(
            post_id=chatter, author_id=str(members[1]), kind=ev.POST_KIND_DISCUSSION, body="unrelated"
        )
        comment = ev.CommentAdded(post_id=chatter, comment_id=new_id(), author_id=str(members[2]), body="reply")
        start = time.perf_counter()
        await world.publish([(post, announcement, str(owner)), (other, chatter, str(members[1]))])
        await world.publish([(comment, chatter, str(members[2]))])
        comment_ms = 0.0
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if not comment_ms and await pool.fetchval(
                "SELECT count(*) FROM notify.notifications WHERE post_id = $1", uuid.UUID(chatter)
            ):
                comment_ms = (time.perf_counter() - start) * 1000
            # the job's flag, not a count: counting 50,000 rows every few ms would slow what it measures
            if comment_ms and await pool.fetchval(
                "SELECT done FROM notify.fanouts WHERE post_id = $1", uuid.UUID(announcement)
            ):
                break
            await asyncio.sleep(0.02)
        seconds = time.perf_counter() - start
        told = int(await pool.fetchval(
            "SELECT count(*) FROM notify.notifications WHERE post_id = $1", uuid.UUID(announcement)
        ))  # fmt: skip
        mails = await pool.fetchval("SELECT count(*) FROM notify.email_outbox")
        assert author_post == 0 and mails >= told, (author_post, mails, told)
    return seconds, comment_ms, told
