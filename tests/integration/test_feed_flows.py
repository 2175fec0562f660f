"""The feed's command and read paths over gRPC on real PostgreSQL: a private group's question from
request to merge, its visibility, and the scheduler's rules."""

from __future__ import annotations

import asyncio
import datetime as dt

import grpc
import pytest
from nats.aio.client import Client as NatsClient

from kantine.ids import new_id
from kantine.service import cancel_all
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc
from services.feed import handlers
from services.feed.handlers import Feed
from tests.harness import FeedHarness, eventually, fetchval


async def test_a_private_group_question_from_join_request_to_merge(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    h = await FeedHarness.start(database_url, nc, topology, relay=False)
    try:
        cm, ann, bob = new_id(), new_id(), new_id()
        await h.provision(cm, "CM", community_manager=True)
        await h.provision(ann)
        await h.provision(bob)
        async with grpc.aio.insecure_channel(h.address) as ch:
            s = feed_pb2_grpc.FeedServiceStub(ch)
            g = await s.CreateGroup(
                f.CreateGroupRequest(
                    actor_id=ann,
                    name="Fika",
                    purpose="coffee at three o'clock",
                    visibility=ev.GROUP_VISIBILITY_PRIVATE,
                )
            )
            g2 = await s.CreateGroup(f.CreateGroupRequest(actor_id=cm, name="Kaffe", purpose="all things coffee ok"))
            soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
            await s.CreateGroup(
                f.CreateGroupRequest(
                    actor_id=cm, name="Summit", purpose="the spring summit", end_date=f"{soon:%Y-%m-%d}"
                )
            )
            j = await s.JoinGroup(f.GroupMemberCommand(actor_id=bob, group_id=g.group_id))
            assert not j.joined
            await s.ApproveJoinRequest(f.GroupMemberCommand(actor_id=ann, group_id=g.group_id, user_id=bob))
            p = await s.CreatePost(
                f.CreatePostRequest(author_id=ann, group_id=g.group_id, body="hi #fika", kind=ev.POST_KIND_QUESTION)
            )
            c = await s.AddComment(f.AddCommentRequest(actor_id=bob, post_id=p.post_id, body="three!"))
            await s.React(f.ReactRequest(actor_id=bob, post_id=p.post_id, reaction="like"))
            await s.React(f.ReactRequest(actor_id=bob, post_id=p.post_id, reaction="love"))
            await s.AcceptAnswer(f.AcceptAnswerRequest(actor_id=ann, post_id=p.post_id, comment_id=c.comment_id))
            await s.EditPost(f.EditPostRequest(actor_id=ann, post_id=p.post_id, body="hello #fika"))
            view = await s.GetPost(f.GetPostRequest(viewer_id=bob, post_id=p.post_id, with_history=True))
            assert view.reactions[0].reaction == "love" and view.accepted_comment_id == c.comment_id
            assert len(view.comments) == 1 and len(view.history) == 1
            with pytest.raises(grpc.aio.AioRpcError) as hidden:  # not a member of the private group
                await s.GetPost(f.GetPostRequest(viewer_id=cm, post_id=p.post_id))
            assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
            home = await s.HomeFeed(f.FeedRequest(viewer_id=bob))
            assert [x.post_id for x in home.posts] == [p.post_id]
            assert not (await s.HomeFeed(f.FeedRequest(viewer_id=cm))).posts
            tag = await s.TagFeed(f.FeedRequest(viewer_id=bob, key="#Fika"))
            assert len(tag.posts) == 1 and not tag.viewer_follows
            await s.Follow(f.FollowRequest(actor_id=bob, tag="#FIKA"))  # the page offers to stop following now
            assert (await s.TagFeed(f.FeedRequest(viewer_id=bob, key="fika"))).viewer_follows
            await s.MergeGroups(f.MergeGroupsRequest(actor_id=cm, group_id=g.group_id, into_group_id=g2.group_id))
            # the merge moves the post into the public target group, where everyone reads it
            grp = await s.GroupFeed(f.FeedRequest(viewer_id=cm, key=g2.group_id))
            assert [x.post_id for x in grp.posts] == [p.post_id]
            members = "SELECT count(*) FROM feed.group_members WHERE group_id = $1 AND user_id = ANY($2::uuid[])"
            assert await fetchval(database_url, members, g2.group_id, [ann, bob]) == 2
            sched = await s.CreatePost(
                f.CreatePostRequest(author_id=cm, body="later", publish_at=f"{soon:%Y-%m-%dT%H:%M:%SZ}")
            )
        later = Feed(h.pool, clock=lambda: soon + dt.timedelta(days=2))
        assert await later.publish_due() == 1
        assert await later.archive_ended() == 1  # the summit; the merged group was archived by the merge
        assert await later.publish_due() == 0
        published = "SELECT published FROM feed.posts WHERE post_id = $1"
        assert await fetchval(database_url, published, sched.post_id) is True
    finally:
        await h.close()


async def test_the_scheduler_publishes_every_due_post_page_by_page(
    database_url: str, nc: NatsClient, topology: Topology, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = await FeedHarness.start(database_url, nc, topology, relay=False)
    try:
        monkeypatch.setattr(handlers, "SWEEP_PAGE", 2)
        ann = await h.provision(new_id(), "Ann")
        soon = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        scheduled = [
            (await h.create_post(ann, f"later {i}", publish_at=f"{soon:%Y-%m-%dT%H:%M:%SZ}")).post_id for i in range(5)
        ]
        now_ = await h.create_post(ann, "now")
        home = f.FeedRequest(viewer_id=ann)
        async with grpc.aio.insecure_channel(h.address) as ch:
            s = feed_pb2_grpc.FeedServiceStub(ch)
            assert [p.post_id for p in (await s.HomeFeed(home)).posts] == [now_.post_id]
            assert await Feed(h.pool).sweep() == (0, 0)  # nothing is due yet
            later = Feed(h.pool, clock=lambda: soon + dt.timedelta(minutes=1))

            async def all_published() -> bool:
                return await fetchval(database_url, "SELECT count(*) FROM feed.posts WHERE published") == 6

            task = asyncio.create_task(later.run_scheduler(0.05))
            try:
                await eventually(all_published)
            finally:
                await cancel_all([task])
            page = (await s.HomeFeed(home)).posts
            assert [p.post_id for p in page] == [*scheduled[::-1], now_.post_id]  # ranked by publication
    finally:
        await h.close()


async def test_the_directory_lists_and_finds_people_for_its_sync_and_nobody_else(
    database_url: str, nc: NatsClient, topology: Topology
) -> None:
    h = await FeedHarness.start(database_url, nc, topology, relay=False)
    try:
        async with grpc.aio.insecure_channel(h.address) as ch:
            s = feed_pb2_grpc.FeedServiceStub(ch)
            people = {}
            for name in ("Dorte Dahl", "Arne Aas", "Cecilie Berg", "Bent Bo", "Eva Ek"):
                reply = await s.ProvisionUser(
                    f.ProvisionUserRequest(
                        external_id=f"entra-{name.split()[0].lower()}",
                        profile=f.Profile(display_name=name, email=f"{name.split()[0].lower()}@example.com"),
                    )
                )
                people[name] = reply.user_id
            cm = new_id()
            await h.provision(cm, "Zara Manager", community_manager=True)
            await s.DeactivateUser(f.UserCommand(actor_id="", user_id=people["Bent Bo"]))

            # the directory pages through everyone by name, deactivated people too
            seen, cursor = [], ""
            while True:
                page = await s.ListUsers(f.ListUsersRequest(actor_id="", limit=2, cursor=cursor))
                seen += [(u.profile.display_name, u.active, u.external_id) for u in page.users]
                cursor = page.next_cursor
                if not cursor:
                    break
            assert [n for n, _, _ in seen] == sorted([*people, "Zara Manager"])
            assert ("Bent Bo", False, "entra-bent") in seen

            # and finds one person by external id or e-mail (any case)
            by_id = await s.ListUsers(f.ListUsersRequest(actor_id="", external_id="entra-eva"))
            assert [u.user_id for u in by_id.users] == [people["Eva Ek"]]
            by_mail = await s.ListUsers(f.ListUsersRequest(actor_id=cm, email="Cecilie@Example.com"))
            assert [u.user_id for u in by_mail.users] == [people["Cecilie Berg"]]
            both = await s.ListUsers(f.ListUsersRequest(actor_id="", external_id="entra-eva", email="arne@example.com"))
            assert list(both.users) == []

            # nobody else reads the directory
            for actor in (people["Arne Aas"], "not-an-id"):
                with pytest.raises(grpc.aio.AioRpcError) as err:
                    await s.ListUsers(f.ListUsersRequest(actor_id=actor))
                assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
            with pytest.raises(grpc.aio.AioRpcError) as err:
                await s.ListUsers(f.ListUsersRequest(actor_id="", cursor="garbage"))
            assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            # GetUser does not show the directory's id
            assert (await s.GetUser(f.GetUserRequest(viewer_id=cm, user_id=people["Eva Ek"]))).external_id == ""
    finally:
        await h.close()
