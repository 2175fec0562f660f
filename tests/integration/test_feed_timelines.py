"""The home feed's two queries agree: the scan of the newest posts (taken when it fills a page) and the
per-source query, on a world of public, private and secret groups, follows, tags, pins and announcements."""

from __future__ import annotations

import random

import grpc
from nats.aio.client import Client as NatsClient

from kantine.ids import new_id
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc
from services.feed import reads
from tests.harness import FeedHarness


async def test_the_recent_scan_and_the_per_source_query_give_the_same_pages(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    h = await FeedHarness.start(database_url, nc, topology, relay=False)
    rnd = random.Random(3)
    try:
        async with grpc.aio.insecure_channel(h.address) as ch:
            s = feed_pb2_grpc.FeedServiceStub(ch)
            cm = await h.provision(new_id(), "CM", community_manager=True, leader=True)
            people = [await h.provision(new_id(), f"P{i}") for i in range(12)]
            groups = []
            for i, visibility in enumerate([ev.GROUP_VISIBILITY_PUBLIC, ev.GROUP_VISIBILITY_PRIVATE,
                                            ev.GROUP_VISIBILITY_SECRET, ev.GROUP_VISIBILITY_PUBLIC]):  # fmt: skip
                g = await s.CreateGroup(f.CreateGroupRequest(actor_id=cm, name=f"G{i}", purpose="testing the feed",
                                                             visibility=visibility))  # fmt: skip
                groups.append(g.group_id)
                for person in rnd.sample(people, 5):
                    await s.InviteMember(f.GroupMemberCommand(actor_id=cm, group_id=g.group_id, user_id=person))
                    await s.JoinGroup(f.GroupMemberCommand(actor_id=person, group_id=g.group_id))
            for person in people:
                for other in rnd.sample(people, 3):
                    if other != person:
                        await s.Follow(f.FollowRequest(actor_id=person, user_id=other))
                await s.Follow(f.FollowRequest(actor_id=person, tag=rnd.choice(["fika", "news", "ops"])))
            members = {g: {m.user_id for m in (await s.ListMembers(
                f.ListMembersRequest(viewer_id=cm, group_id=g, limit=100))).members} for g in groups}  # fmt: skip
            created = []
            for i in range(160):
                author = rnd.choice(people)
                mine = [g for g in groups if author in members[g]]
                group = rnd.choice(mine) if mine and rnd.random() < 0.5 else ""
                body = f"post {i} #{rnd.choice(['fika', 'news', 'ops', 'misc'])}"
                created.append((await h.create_post(author, body, group_id=group)).post_id)
                if i % 40 == 0:
                    await s.CreatePost(f.CreatePostRequest(author_id=cm, body=f"announcement {i}",
                                                           kind=ev.POST_KIND_ANNOUNCEMENT))  # fmt: skip
            for post_id in rnd.sample(created, 6):
                await s.PinPost(f.PostCommand(actor_id=cm, post_id=post_id))

        async with h.pool.acquire() as conn:
            compared = 0
            for viewer in people:
                for n in (1, 3, 7):
                    below = 2**62
                    while True:
                        slow = await conn.fetch(reads.HOME, viewer, below, n)
                        quick = await conn.fetch(reads.HOME_RECENT, viewer, below, n, n * reads.RECENT_WINDOW)
                        if len(quick) == n:  # the scan is only taken when it fills the page
                            assert [r[0] for r in quick] == [r[0] for r in slow], (viewer, n, below)
                            compared += 1
                        else:  # a short scan: the per-source query has no more in the window either
                            assert [r[0] for r in quick] == [r[0] for r in slow][: len(quick)]
                        if len(slow) < n:
                            break
                        below = slow[-1][1]
            assert compared > 100
    finally:
        await h.close()
