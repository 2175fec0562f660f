"""`kantine projections rebuild feed`: the rebuilt read models equal the live ones, and the service
keeps serving reads and commands while the rebuild runs."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt

import asyncpg
import grpc
from nats.aio.client import Client as NatsClient

from kantine.ids import new_id
from kantine.projections import RebuildProgress, rebuild
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc
from services.feed.handlers import Feed
from services.feed.projection import READ_MODELS, TABLES
from tests.harness import FeedHarness

Snapshot = dict[str, list[tuple[object, ...]]]


def _row(record: asyncpg.Record) -> tuple[object, ...]:
    return tuple(tuple(v) if isinstance(v, list) else v for v in record.values())


async def snapshot(url: str) -> Snapshot:
    conn = await asyncpg.connect(url)
    try:
        return {t: sorted((_row(r) for r in await conn.fetch(f"SELECT * FROM feed.{t}")), key=repr) for t in TABLES}
    finally:
        await conn.close()


async def indexes(url: str) -> set[str]:
    conn = await asyncpg.connect(url)
    try:
        return {r[0] for r in await conn.fetch("SELECT indexname FROM pg_indexes WHERE schemaname = 'feed'")}
    finally:
        await conn.close()


async def build_world(h: FeedHarness, s: feed_pb2_grpc.FeedServiceStub) -> str:
    """Something of every kind of event the feed records; returns the leader whose announcement all see."""
    cm, ann, bob, eve = new_id(), new_id(), new_id(), new_id()
    await h.provision(cm, "Community Manager", community_manager=True)
    await h.provision(ann, "Ann Leader", leader=True, title="CEO", skills=["strategy"])
    await h.provision(bob, "Bob")
    await h.provision(eve, "Eve")
    await s.UpdateProfile(f.UpdateProfileRequest(actor_id=bob, user_id=bob, profile=f.Profile(display_name="Bobby")))
    await s.Follow(f.FollowRequest(actor_id=bob, user_id=ann))
    await s.Follow(f.FollowRequest(actor_id=bob, tag="fika"))
    await s.Follow(f.FollowRequest(actor_id=eve, user_id=ann))
    await s.Unfollow(f.FollowRequest(actor_id=eve, user_id=ann))
    private = await s.CreateGroup(
        f.CreateGroupRequest(
            actor_id=ann, name="Board", purpose="board matters", visibility=ev.GROUP_VISIBILITY_PRIVATE
        )
    )
    public = await s.CreateGroup(f.CreateGroupRequest(actor_id=cm, name="Kaffe", purpose="all things coffee"))
    old = await s.CreateGroup(f.CreateGroupRequest(actor_id=bob, name="Kaffe 2", purpose="a second coffee group"))
    await s.JoinGroup(f.GroupMemberCommand(actor_id=bob, group_id=private.group_id))
    await s.ApproveJoinRequest(f.GroupMemberCommand(actor_id=ann, group_id=private.group_id, user_id=bob))
    await s.JoinGroup(f.GroupMemberCommand(actor_id=eve, group_id=private.group_id))
    await s.DeclineJoinRequest(f.GroupMemberCommand(actor_id=ann, group_id=private.group_id, user_id=eve))
    await s.InviteMember(f.GroupMemberCommand(actor_id=ann, group_id=private.group_id, user_id=cm))
    await s.SetMemberRole(
        f.SetMemberRoleRequest(actor_id=ann, group_id=private.group_id, user_id=bob, role=ev.MEMBER_ROLE_ADMIN)
    )
    await s.JoinGroup(f.GroupMemberCommand(actor_id=eve, group_id=public.group_id))
    await s.LeaveGroup(f.GroupMemberCommand(actor_id=eve, group_id=public.group_id))
    await s.JoinGroup(f.GroupMemberCommand(actor_id=eve, group_id=old.group_id))
    question = await s.CreatePost(
        f.CreatePostRequest(author_id=bob, group_id=private.group_id, kind=ev.POST_KIND_QUESTION, body="who? #fika")
    )
    answer = await s.AddComment(f.AddCommentRequest(actor_id=ann, post_id=question.post_id, body="me"))
    reply = await s.AddComment(
        f.AddCommentRequest(actor_id=bob, post_id=question.post_id, parent_comment_id=answer.comment_id, body="ok")
    )
    await s.EditComment(
        f.EditCommentRequest(actor_id=bob, post_id=question.post_id, comment_id=reply.comment_id, body="ok!")
    )
    await s.DeleteComment(f.CommentCommand(actor_id=bob, post_id=question.post_id, comment_id=reply.comment_id))
    await s.AcceptAnswer(f.AcceptAnswerRequest(actor_id=bob, post_id=question.post_id, comment_id=answer.comment_id))
    await s.React(f.ReactRequest(actor_id=ann, post_id=question.post_id, reaction="like"))
    await s.React(f.ReactRequest(actor_id=ann, post_id=question.post_id, reaction="insightful"))
    await s.React(f.ReactRequest(actor_id=bob, post_id=question.post_id, comment_id=answer.comment_id, reaction="love"))
    news = await s.CreatePost(
        f.CreatePostRequest(author_id=ann, kind=ev.POST_KIND_ANNOUNCEMENT, body="all hands", must_read=True)
    )
    await s.PinPost(f.PostCommand(actor_id=cm, post_id=news.post_id))
    await s.MarkRead(f.PostCommand(actor_id=bob, post_id=news.post_id))
    await s.EditPost(f.EditPostRequest(actor_id=ann, post_id=news.post_id, body="all hands on Friday #news"))
    poll = await s.CreatePost(
        f.CreatePostRequest(
            author_id=cm, group_id=public.group_id, kind=ev.POST_KIND_POLL, body="tea?", poll_options=["yes", "no"]
        )
    )
    await s.VotePoll(f.VotePollRequest(actor_id=bob, post_id=poll.post_id, option=0))
    await s.VotePoll(f.VotePollRequest(actor_id=bob, post_id=poll.post_id, option=1))
    await s.CreatePost(
        f.CreatePostRequest(
            author_id=bob, kind=ev.POST_KIND_PRAISE, body="thanks @[Ann](" + ann + ")", praised_user_ids=[ann]
        )
    )
    gone = await s.CreatePost(f.CreatePostRequest(author_id=eve, body="oops"))
    await s.DeletePost(f.PostCommand(actor_id=eve, post_id=gone.post_id))
    await s.CreatePost(f.CreatePostRequest(author_id=eve, group_id=old.group_id, body="in the old group"))
    await s.MergeGroups(f.MergeGroupsRequest(actor_id=cm, group_id=old.group_id, into_group_id=public.group_id))
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    await s.CreatePost(f.CreatePostRequest(author_id=ann, body="later", publish_at=f"{soon:%Y-%m-%dT%H:%M:%SZ}"))
    await s.CreatePost(f.CreatePostRequest(author_id=ann, body="much later", publish_at=f"{soon:%Y-%m-%dT%H:%M:%SZ}"))
    summit = await s.CreateGroup(
        f.CreateGroupRequest(actor_id=cm, name="Summit", purpose="the summit", end_date=f"{soon:%Y-%m-%d}")
    )
    await s.ArchiveGroup(f.GroupCommand(actor_id=cm, group_id=summit.group_id))
    await s.DeactivateUser(f.UserCommand(actor_id=cm, user_id=eve))
    assert await Feed(h.pool, clock=lambda: soon + dt.timedelta(days=1)).publish_due() == 2
    return ann


async def test_a_rebuild_yields_the_live_read_models(database_url: str, nc: NatsClient, topology: Topology) -> None:
    h = await FeedHarness.start(database_url, nc, topology, relay=False)
    try:
        async with grpc.aio.insecure_channel(h.address) as ch:
            await build_world(h, feed_pb2_grpc.FeedServiceStub(ch))
        live, live_indexes = await snapshot(database_url), await indexes(database_url)
        assert all(live[t] for t in TABLES), [t for t in TABLES if not live[t]]  # the world touches every table
        steps: list[RebuildProgress] = []
        done = await rebuild(database_url, READ_MODELS, page=7, progress=steps.append)
        assert await snapshot(database_url) == live
        assert await indexes(database_url) == live_indexes  # later migrations find the indexes by name
        events = int(await h.pool.fetchval("SELECT count(*) FROM events"))
        assert done.phase == "done" and done.events == events
        assert [p.events for p in steps if p.phase == "replay"][:3] == [7, 14, 21]  # progress per page
        shadow = "SELECT count(*) FROM pg_namespace WHERE nspname = 'feed_rebuild'"
        assert await h.pool.fetchval(shadow) == 0
    finally:
        await h.close()


async def test_the_feed_serves_while_it_rebuilds(database_url: str, nc: NatsClient, topology: Topology) -> None:
    h = await FeedHarness.start(database_url, nc, topology, relay=False)
    try:
        async with grpc.aio.insecure_channel(h.address) as ch:
            s = feed_pb2_grpc.FeedServiceStub(ch)
            leader = await build_world(h, s)
            author, reader = new_id(), new_id()
            await h.provision(author, "Writer")
            await h.provision(reader, "Reader")
            await s.Follow(f.FollowRequest(actor_id=reader, user_id=author))
            before = await snapshot(database_url)
            created: list[str] = []
            pages = 0
            stop = asyncio.Event()

            async def write() -> None:
                while not stop.is_set():
                    reply = await s.CreatePost(f.CreatePostRequest(author_id=author, body=f"post {len(created)}"))
                    created.append(reply.post_id)

            async def read() -> None:
                nonlocal pages
                while not stop.is_set():
                    page = await s.HomeFeed(f.FeedRequest(viewer_id=reader, limit=5))
                    assert {p.author_id for p in page.posts} <= {author, leader}
                    pages += 1
                    await asyncio.sleep(0)

            tasks = [asyncio.create_task(write()), asyncio.create_task(read())]
            try:
                await rebuild(database_url, READ_MODELS, page=5)
            finally:
                stop.set()
                for task in tasks:  # a failed read or write fails the test here
                    await task
            assert created and pages
            after = await snapshot(database_url)
            new_rows = {t: sorted(set(after[t]) - set(before[t]), key=repr) for t in TABLES}
            assert {t for t, rows in new_rows.items() if rows} == {"posts"}
            assert sorted(str(r[0]) for r in new_rows["posts"]) == sorted(created)
            assert all(set(before[t]) <= set(after[t]) for t in TABLES)
            home = await s.HomeFeed(f.FeedRequest(viewer_id=reader, limit=3))
            assert [p.post_id for p in home.posts if not p.pinned] == created[::-1][:3]
    finally:
        with contextlib.suppress(Exception):
            await h.close()
