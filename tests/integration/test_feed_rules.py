"""The feed's rules over gRPC on real PostgreSQL: who sees a closed group's posts, merges, idempotent and
concurrent commands, pins, polls, must-read receipts, invitations, roles, follows, the directory reads
(people, groups, members) and bad input that must change nothing."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Awaitable
from typing import Any

import grpc
import pytest
from nats.aio.client import Client as NatsClient

from kantine.ids import new_id
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc
from tests.harness import FeedHarness, fetchval

PUBLIC, PRIVATE, SECRET = ev.GROUP_VISIBILITY_PUBLIC, ev.GROUP_VISIBILITY_PRIVATE, ev.GROUP_VISIBILITY_SECRET
MEMBER, ADMIN, OWNER = ev.MEMBER_ROLE_MEMBER, ev.MEMBER_ROLE_ADMIN, ev.MEMBER_ROLE_OWNER
NOBODY = ev.MEMBER_ROLE_UNSPECIFIED
INVALID = grpc.StatusCode.INVALID_ARGUMENT
NOT_FOUND = grpc.StatusCode.NOT_FOUND
DENIED = grpc.StatusCode.PERMISSION_DENIED
PRECONDITION = grpc.StatusCode.FAILED_PRECONDITION
ABORTED = grpc.StatusCode.ABORTED


@dataclasses.dataclass
class Env:
    """A feed service on its own database, with a client stub."""

    h: FeedHarness
    s: Any  # feed_pb2_grpc.FeedServiceStub (generated without type information)
    url: str

    async def person(self, name: str, **profile: Any) -> str:
        """Provision a person as the directory would."""
        user_id = new_id()
        reply = await self.s.ProvisionUser(
            f.ProvisionUserRequest(user_id=user_id, profile=f.Profile(display_name=name, **profile))
        )
        assert reply.user_id == user_id
        return user_id

    async def group(self, owner: str, name: str, visibility: ev.GroupVisibility = PUBLIC) -> str:
        reply = await self.s.CreateGroup(
            f.CreateGroupRequest(actor_id=owner, name=name, purpose=f"a group for {name}", visibility=visibility)
        )
        return str(reply.group_id)

    async def invite_and_join(self, admin: str, group_id: str, user_id: str) -> None:
        await self.s.InviteMember(f.GroupMemberCommand(actor_id=admin, group_id=group_id, user_id=user_id))
        joined = await self.s.JoinGroup(f.GroupMemberCommand(actor_id=user_id, group_id=group_id))
        assert joined.joined

    async def post(self, author: str, body: str, **kw: Any) -> str:
        reply = await self.s.CreatePost(f.CreatePostRequest(author_id=author, body=body, **kw))
        return str(reply.post_id)

    async def view(self, viewer: str, post_id: str, *, history: bool = False) -> f.PostView:
        view: f.PostView = await self.s.GetPost(
            f.GetPostRequest(viewer_id=viewer, post_id=post_id, with_history=history)
        )
        return view

    async def count(self, sql: str, *args: object) -> int:
        value = await fetchval(self.url, sql, *args)
        assert isinstance(value, int)
        return value

    async def events(self, event_type: str = "") -> int:
        """Events in the feed's event store (of one type, when given)."""
        return await self.count("SELECT count(*) FROM feed.events WHERE $1 = '' OR event_type = $1", event_type)


@pytest.fixture
async def env(database_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[Env]:
    h = await FeedHarness.start(database_url, nc, topology, relay=False)
    try:
        async with grpc.aio.insecure_channel(h.address) as ch:
            yield Env(h, feed_pb2_grpc.FeedServiceStub(ch), database_url)
    finally:
        await h.close()


async def status(call: Awaitable[object]) -> grpc.StatusCode:
    """The status a call fails with; a call that succeeds fails the test."""
    try:
        await call
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    raise AssertionError("the call succeeded, but it should have been refused")


def ids(page: f.FeedPage) -> list[str]:
    return [p.post_id for p in page.posts]


# ----- closed groups -----


@pytest.mark.parametrize("visibility", [PRIVATE, SECRET], ids=["private", "secret"])
async def test_a_closed_groups_post_never_reaches_a_non_member(env: Env, visibility: ev.GroupVisibility) -> None:
    s = env.s
    ann, bob, eve = await env.person("Ann"), await env.person("Bob"), await env.person("Eve")
    group = await env.group(ann, "Skunkworks", visibility)
    town_square = await env.group(eve, "Town square")
    await env.invite_and_join(ann, group, bob)
    for follower in (eve, bob):  # both follow the author and the tag
        await s.Follow(f.FollowRequest(actor_id=follower, user_id=ann))
        await s.Follow(f.FollowRequest(actor_id=follower, tag="#plans"))
    public = await env.post(ann, "open to all #plans")
    hidden = await env.post(ann, "the real #plans", group_id=group)

    async def outsider_sees_only_the_public_post() -> None:
        assert ids(await s.HomeFeed(f.FeedRequest(viewer_id=eve))) == [public]
        assert ids(await s.TagFeed(f.FeedRequest(viewer_id=eve, key="plans"))) == [public]
        assert ids(await s.ProfileFeed(f.FeedRequest(viewer_id=eve, key=ann))) == [public]
        # the group feed refuses, as the group's other content does: a secret group is not found, a
        # private one (whose name and purpose anyone sees, to ask to join) is for its members
        feed = s.GroupFeed(f.FeedRequest(viewer_id=eve, key=group, mark_visited=True))
        assert await status(feed) == (NOT_FOUND if visibility == SECRET else DENIED)
        assert await status(s.GetPost(f.GetPostRequest(viewer_id=eve, post_id=hidden))) == NOT_FOUND
        assert await status(s.GetPost(f.GetPostRequest(post_id=hidden))) == NOT_FOUND  # anonymous
        assert await status(s.AddComment(f.AddCommentRequest(actor_id=eve, post_id=hidden, body="hi"))) == NOT_FOUND
        assert await status(s.React(f.ReactRequest(actor_id=eve, post_id=hidden, reaction="like"))) == NOT_FOUND

    async def member_sees_it_everywhere() -> None:
        assert ids(await s.HomeFeed(f.FeedRequest(viewer_id=bob))) == [hidden, public]
        assert ids(await s.TagFeed(f.FeedRequest(viewer_id=bob, key="plans"))) == [hidden, public]
        assert ids(await s.ProfileFeed(f.FeedRequest(viewer_id=bob, key=ann))) == [hidden, public]
        assert ids(await s.GroupFeed(f.FeedRequest(viewer_id=bob, key=group))) == [hidden]
        view = await env.view(bob, hidden)
        assert view.body == "the real #plans" and view.group_id == group

    await outsider_sees_only_the_public_post()
    await member_sees_it_everywhere()
    # pinned posts are read by a query of their own: it must not leak either
    await s.PinPost(f.PostCommand(actor_id=ann, post_id=hidden))
    assert (await env.view(bob, hidden)).pinned
    await outsider_sees_only_the_public_post()
    await member_sees_it_everywhere()

    listed_for_eve = {g.group_id for g in (await s.ListGroups(f.ListGroupsRequest(viewer_id=eve))).groups}
    listed_for_bob = {g.group_id for g in (await s.ListGroups(f.ListGroupsRequest(viewer_id=bob))).groups}
    assert listed_for_bob == {group, town_square}
    assert (await s.GetGroup(f.GetGroupRequest(viewer_id=bob, group_id=group))).viewer_role == MEMBER
    members = await s.ListMembers(f.ListMembersRequest(viewer_id=bob, group_id=group))
    assert {m.user_id for m in members.members} == {ann, bob}
    join = f.GroupMemberCommand(actor_id=eve, group_id=group)
    if visibility == SECRET:
        assert listed_for_eve == {town_square}
        assert await status(s.GetGroup(f.GetGroupRequest(viewer_id=eve, group_id=group))) == NOT_FOUND
        assert await status(s.GetGroup(f.GetGroupRequest(group_id=group))) == NOT_FOUND
        assert await status(s.ListMembers(f.ListMembersRequest(viewer_id=eve, group_id=group))) == NOT_FOUND
        assert await status(s.JoinGroup(join)) == NOT_FOUND
    else:
        assert listed_for_eve == {group, town_square}
        seen = await s.GetGroup(f.GetGroupRequest(viewer_id=eve, group_id=group))
        assert seen.name == "Skunkworks" and seen.members == 2 and seen.viewer_role == NOBODY
        assert await status(s.ListMembers(f.ListMembersRequest(viewer_id=eve, group_id=group))) == DENIED
        assert not (await s.JoinGroup(join)).joined  # a request for an admin, not a membership
        await outsider_sees_only_the_public_post()


# ----- merge -----


async def test_merge_moves_posts_and_unites_members(env: Env) -> None:
    s = env.s
    cm = await env.person("Cora", community_manager=True)
    ann, bob, carl, dave = [await env.person(n) for n in ("Ann", "Bob", "Carl", "Dave")]
    old = await env.group(ann, "Old coffee club", PRIVATE)
    await env.invite_and_join(ann, old, bob)
    target = await env.group(carl, "Coffee")
    await s.JoinGroup(f.GroupMemberCommand(actor_id=dave, group_id=target))
    moved = await env.post(bob, "beans from the old club", group_id=old)
    stays = await env.post(dave, "the target's own post", group_id=target)
    request = f.MergeGroupsRequest(actor_id=cm, group_id=old, into_group_id=target)

    assert await status(s.MergeGroups(f.MergeGroupsRequest(actor_id=ann, group_id=old, into_group_id=target))) == DENIED
    assert await status(s.MergeGroups(f.MergeGroupsRequest(actor_id=cm, group_id=old, into_group_id=old))) == INVALID
    assert ids(await s.GroupFeed(f.FeedRequest(viewer_id=dave, key=target))) == [stays]
    assert await status(s.GetPost(f.GetPostRequest(viewer_id=dave, post_id=moved))) == NOT_FOUND
    await s.MergeGroups(request)

    assert ids(await s.GroupFeed(f.FeedRequest(viewer_id=dave, key=target))) == [stays, moved]
    assert ids(await s.GroupFeed(f.FeedRequest(viewer_id=bob, key=old))) == []
    view = await env.view(dave, moved)  # dave was never in the old private group; the target is public
    assert view.group_id == target and view.group_name == "Coffee"
    assert moved in ids(await s.HomeFeed(f.FeedRequest(viewer_id=bob)))
    members = await s.ListMembers(f.ListMembersRequest(viewer_id=dave, group_id=target))
    # the old group's owner arrives as an admin; the target keeps its own owner
    assert {m.user_id: m.role for m in members.members} == {carl: OWNER, dave: MEMBER, ann: ADMIN, bob: MEMBER}
    assert (await s.GetGroup(f.GetGroupRequest(viewer_id=dave, group_id=target))).members == 4

    for viewer in (bob, cm):
        redirect = await s.GetGroup(f.GetGroupRequest(viewer_id=viewer, group_id=old))
        assert redirect.merged_into == target and redirect.archived
    listed = {g.group_id for g in (await s.ListGroups(f.ListGroupsRequest(viewer_id=bob))).groups}
    assert listed == {target}
    assert await status(s.CreatePost(f.CreatePostRequest(author_id=bob, group_id=old, body="hello?"))) == PRECONDITION
    assert await status(s.MergeGroups(request)) == PRECONDITION
    assert await env.events("GroupMerged") == 1


# ----- idempotency and concurrency -----


async def test_a_retried_create_post_creates_exactly_one_post(env: Env) -> None:
    s = env.s
    ann, bob = await env.person("Ann"), await env.person("Bob")
    posts_by = "SELECT count(*) FROM feed.posts WHERE author_id = $1"
    created = await env.events("PostCreated")

    first = await s.CreatePost(f.CreatePostRequest(author_id=ann, body="once", idempotency_key="k-1"))
    retry = await s.CreatePost(f.CreatePostRequest(author_id=ann, body="once, retried", idempotency_key="k-1"))
    assert (retry.post_id, retry.position) == (first.post_id, first.position)
    assert await env.count(posts_by, ann) == 1
    assert await env.events("PostCreated") == created + 1
    assert (await env.view(ann, first.post_id)).body == "once"

    same_key = f.CreatePostRequest(author_id=ann, body="at the same time", idempotency_key="k-2")
    a, b = await asyncio.gather(s.CreatePost(same_key), s.CreatePost(same_key))
    assert a.post_id == b.post_id != first.post_id and a.position == b.position
    assert await env.count(posts_by, ann) == 2
    assert await env.events("PostCreated") == created + 2

    # a key is the actor's own: another person's k-1 is another post
    other = await s.CreatePost(f.CreatePostRequest(author_id=bob, body="mine", idempotency_key="k-1"))
    assert other.post_id not in (first.post_id, a.post_id)
    # a refused call does not use up its key: the corrected retry creates the post
    too_long = f.CreatePostRequest(author_id=ann, body="x" * 10_001, idempotency_key="k-3")
    assert await status(s.CreatePost(too_long)) == INVALID
    fixed = await s.CreatePost(f.CreatePostRequest(author_id=ann, body="shorter", idempotency_key="k-3"))
    assert (await env.view(ann, fixed.post_id)).body == "shorter"
    assert await env.count(posts_by, ann) == 3
    assert await env.events("PostCreated") == created + 4


async def test_concurrent_edits_give_one_winner_and_one_aborted(env: Env) -> None:
    s = env.s
    ann = await env.person("Ann")
    post = await env.post(ann, "draft")
    version = (await env.view(ann, post)).version
    bodies = ["version A", "version B"]
    results = await asyncio.gather(
        *(s.EditPost(f.EditPostRequest(actor_id=ann, post_id=post, body=b, expected_version=version)) for b in bodies),
        return_exceptions=True,
    )
    won = [i for i, r in enumerate(results) if isinstance(r, f.PostReply)]
    lost = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert lost[0].code() == ABORTED
    view = await env.view(ann, post, history=True)
    assert view.body == bodies[won[0]]
    assert view.version == results[won[0]].version == version + 1  # type: ignore[union-attr]
    assert [h.body for h in view.history] == ["draft"]
    assert await env.events("PostEdited") == 1
    # the loser reloads and retries: that works, and the history grows by one
    retry = f.EditPostRequest(actor_id=ann, post_id=post, body="merged", expected_version=view.version)
    await s.EditPost(retry)
    assert [h.body for h in (await env.view(ann, post, history=True)).history] == ["draft", bodies[won[0]]]


# ----- pins and roles -----


async def test_a_pinned_post_leads_the_first_page_only_and_admins_pin(env: Env) -> None:
    s = env.s
    ann, bob = await env.person("Ann"), await env.person("Bob")
    group = await env.group(ann, "Kitchen")
    await s.JoinGroup(f.GroupMemberCommand(actor_id=bob, group_id=group))
    posts = [await env.post(ann, f"post {i}", group_id=group) for i in range(5)]
    oldest = posts[0]
    pin = f.PostCommand(actor_id=bob, post_id=oldest)

    assert await status(s.PinPost(pin)) == DENIED  # a member does not pin
    assert await status(
        s.SetMemberRole(f.SetMemberRoleRequest(actor_id=bob, group_id=group, user_id=bob, role=ADMIN))
    ) == DENIED  # fmt: skip
    await s.SetMemberRole(f.SetMemberRoleRequest(actor_id=ann, group_id=group, user_id=bob, role=ADMIN))
    assert (await s.GetGroup(f.GetGroupRequest(viewer_id=bob, group_id=group))).viewer_role == ADMIN
    await s.PinPost(pin)

    first = await s.GroupFeed(f.FeedRequest(viewer_id=bob, key=group, limit=2))
    assert ids(first) == [oldest, posts[4], posts[3]]
    assert [p.pinned for p in first.posts] == [True, False, False]
    assert first.next_cursor
    second = await s.GroupFeed(f.FeedRequest(viewer_id=bob, key=group, limit=2, cursor=first.next_cursor))
    assert ids(second) == [posts[2], posts[1]]
    if second.next_cursor:
        third = await s.GroupFeed(f.FeedRequest(viewer_id=bob, key=group, limit=2, cursor=second.next_cursor))
        assert ids(third) == []
    # the pin shows on the group members' home feed first, too
    assert ids(await s.HomeFeed(f.FeedRequest(viewer_id=bob, limit=2)))[0] == oldest

    await s.UnpinPost(pin)
    assert ids(await s.GroupFeed(f.FeedRequest(viewer_id=bob, key=group, limit=2))) == [posts[4], posts[3]]
    # back to member: no more pinning
    await s.SetMemberRole(f.SetMemberRoleRequest(actor_id=ann, group_id=group, user_id=bob, role=MEMBER))
    assert await status(s.PinPost(pin)) == DENIED


# ----- polls -----


async def test_poll_votes_can_change_and_are_counted_once_per_person(env: Env) -> None:
    s = env.s
    ann, bob, carl = await env.person("Ann"), await env.person("Bob"), await env.person("Carl")
    poll = await env.post(ann, "Lunch?", kind=ev.POST_KIND_POLL, poll_options=["Pizza", "Sushi", "Tacos"])

    async def counts(viewer: str) -> tuple[list[int], int]:
        view = await env.view(viewer, poll)
        assert [o.text for o in view.poll] == ["Pizza", "Sushi", "Tacos"]
        return [o.votes for o in view.poll], view.viewer_vote

    assert await counts(bob) == ([0, 0, 0], -1)
    await s.VotePoll(f.VotePollRequest(actor_id=bob, post_id=poll, option=0))
    assert await counts(bob) == ([1, 0, 0], 0)
    changed = await s.VotePoll(f.VotePollRequest(actor_id=bob, post_id=poll, option=2))
    assert await counts(bob) == ([0, 0, 1], 2)
    again = await s.VotePoll(f.VotePollRequest(actor_id=bob, post_id=poll, option=2))
    assert again.version == changed.version  # the same vote again changes nothing
    await s.VotePoll(f.VotePollRequest(actor_id=carl, post_id=poll, option=2))
    assert await counts(carl) == ([0, 0, 2], 2)
    assert await counts(ann) == ([0, 0, 2], -1)
    assert await status(s.VotePoll(f.VotePollRequest(actor_id=carl, post_id=poll, option=3))) == INVALID
    assert await status(s.VotePoll(f.VotePollRequest(actor_id=carl, post_id=poll, option=-1))) == INVALID
    plain = await env.post(ann, "not a poll")
    assert await status(s.VotePoll(f.VotePollRequest(actor_id=carl, post_id=plain, option=0))) == PRECONDITION
    assert await counts(carl) == ([0, 0, 2], 2)
    assert await env.events("PollVoted") == 3


# ----- must-read announcements -----


async def test_must_read_announcements_keep_read_receipts_for_author_and_admins(env: Env) -> None:
    s = env.s
    cm = await env.person("Cora", community_manager=True)
    lea = await env.person("Lea", leader=True)
    ann, bob, carl, dave, eve = [await env.person(n) for n in ("Ann", "Bob", "Carl", "Dave", "Eve")]
    group = await env.group(ann, "All hands", PRIVATE)
    for member in (bob, carl, dave):
        await env.invite_and_join(ann, group, member)
    assert await status(
        s.CreatePost(f.CreatePostRequest(author_id=bob, group_id=group, body="hear ye", kind=ev.POST_KIND_ANNOUNCEMENT))
    ) == DENIED  # fmt: skip  # a member is no leader and no admin
    assert await status(
        s.CreatePost(f.CreatePostRequest(author_id=bob, group_id=group, body="read me", must_read=True))
    ) == INVALID  # fmt: skip  # only an announcement is must-read
    memo = await env.post(ann, "new badges Monday", group_id=group, kind=ev.POST_KIND_ANNOUNCEMENT, must_read=True)
    receipts = f.PostCommand(post_id=memo)

    first = await s.MarkRead(f.PostCommand(actor_id=bob, post_id=memo))
    again = await s.MarkRead(f.PostCommand(actor_id=bob, post_id=memo))
    assert again.version == first.version
    view = await env.view(bob, memo)
    assert view.must_read and view.viewer_read
    assert not (await env.view(carl, memo)).viewer_read
    await s.MarkRead(f.PostCommand(actor_id=dave, post_id=memo))

    mine = await s.ReadReceipts(f.PostCommand(actor_id=ann, post_id=memo))
    assert list(mine.read_by) == [bob, dave] and mine.audience == 4
    receipts.actor_id = carl
    assert await status(s.ReadReceipts(receipts)) == DENIED  # an ordinary member
    receipts.actor_id = eve
    assert await status(s.ReadReceipts(receipts)) == NOT_FOUND  # not in the private group
    assert await status(s.MarkRead(f.PostCommand(actor_id=eve, post_id=memo))) == NOT_FOUND
    await s.SetMemberRole(f.SetMemberRoleRequest(actor_id=ann, group_id=group, user_id=carl, role=ADMIN))
    receipts.actor_id = carl
    assert set((await s.ReadReceipts(receipts)).read_by) == {bob, dave}

    plain = await env.post(ann, "just chatting", group_id=group)
    assert await status(s.MarkRead(f.PostCommand(actor_id=bob, post_id=plain))) == PRECONDITION
    assert await status(s.ReadReceipts(f.PostCommand(actor_id=ann, post_id=plain))) == PRECONDITION

    # company-wide: everyone active is the audience, and everyone reads it on the home feed
    gone = await env.person("Gone")
    await s.DeactivateUser(f.UserCommand(actor_id=cm, user_id=gone))
    memo_all = await env.post(lea, "we moved offices", kind=ev.POST_KIND_ANNOUNCEMENT, must_read=True)
    assert memo_all in ids(await s.HomeFeed(f.FeedRequest(viewer_id=eve)))
    await s.MarkRead(f.PostCommand(actor_id=eve, post_id=memo_all))
    for reader in (lea, cm):
        company = await s.ReadReceipts(f.PostCommand(actor_id=reader, post_id=memo_all))
        assert list(company.read_by) == [eve] and company.audience == 7  # Cora, Lea, Ann..Eve; not Gone
    assert await status(s.ReadReceipts(f.PostCommand(actor_id=eve, post_id=memo_all))) == DENIED


# ----- invitations -----


async def test_an_invitation_lets_a_person_into_a_private_or_secret_group(env: Env) -> None:
    s = env.s
    ann, bob, carl, dave = [await env.person(n) for n in ("Ann", "Bob", "Carl", "Dave")]
    board = await env.group(ann, "Board", PRIVATE)
    invite_bob = f.GroupMemberCommand(actor_id=ann, group_id=board, user_id=bob)
    assert await status(s.InviteMember(f.GroupMemberCommand(actor_id=carl, group_id=board, user_id=bob))) == DENIED
    seen = await s.GetGroup(f.GetGroupRequest(viewer_id=bob, group_id=board))
    assert (seen.viewer_role, seen.viewer_invited, seen.members) == (NOBODY, False, 1)
    await s.InviteMember(invite_bob)
    seen = await s.GetGroup(f.GetGroupRequest(viewer_id=bob, group_id=board))
    assert seen.viewer_invited and seen.viewer_role == NOBODY
    in_board = f.CreatePostRequest(author_id=bob, group_id=board, body="hello board")
    # invited is not a member yet: a private group's content, posting included, is for members only
    assert await status(s.CreatePost(in_board)) == NOT_FOUND

    assert (await s.JoinGroup(f.GroupMemberCommand(actor_id=bob, group_id=board))).joined
    seen = await s.GetGroup(f.GetGroupRequest(viewer_id=bob, group_id=board))
    assert (seen.viewer_role, seen.viewer_invited, seen.members) == (MEMBER, False, 2)
    post = (await s.CreatePost(in_board)).post_id
    assert ids(await s.GroupFeed(f.FeedRequest(viewer_id=ann, key=board))) == [post]

    # an invitation answers an open join request at once
    assert not (await s.JoinGroup(f.GroupMemberCommand(actor_id=carl, group_id=board))).joined
    assert (await s.GetGroup(f.GetGroupRequest(viewer_id=carl, group_id=board))).viewer_requested
    await s.InviteMember(f.GroupMemberCommand(actor_id=ann, group_id=board, user_id=carl))
    seen = await s.GetGroup(f.GetGroupRequest(viewer_id=carl, group_id=board))
    assert (seen.viewer_role, seen.viewer_requested) == (MEMBER, False)

    # a secret group shows itself to the people invited to it, and to no one else
    vault = await env.group(ann, "Vault", SECRET)
    await s.InviteMember(f.GroupMemberCommand(actor_id=ann, group_id=vault, user_id=carl))
    assert vault in {g.group_id for g in (await s.ListGroups(f.ListGroupsRequest(viewer_id=carl))).groups}
    assert vault not in {g.group_id for g in (await s.ListGroups(f.ListGroupsRequest(viewer_id=dave))).groups}
    assert (await s.GetGroup(f.GetGroupRequest(viewer_id=carl, group_id=vault))).viewer_invited
    assert await status(s.JoinGroup(f.GroupMemberCommand(actor_id=dave, group_id=vault))) == NOT_FOUND
    assert (await s.JoinGroup(f.GroupMemberCommand(actor_id=carl, group_id=vault))).joined
    members = await s.ListMembers(f.ListMembersRequest(viewer_id=carl, group_id=vault))
    assert {(m.user_id, m.role) for m in members.members} == {(ann, OWNER), (carl, MEMBER)}


# ----- people -----


async def test_following_a_person_or_tag_shapes_the_home_feed(env: Env) -> None:
    s = env.s
    ann, bob, carl = await env.person("Ann"), await env.person("Bob"), await env.person("Carl")
    by_bob = await env.post(bob, "bob's thoughts")
    by_carl = await env.post(carl, "carl on #rust")
    own = await env.post(ann, "my own")
    home = f.FeedRequest(viewer_id=ann)
    assert ids(await s.HomeFeed(home)) == [own]

    await s.Follow(f.FollowRequest(actor_id=ann, user_id=bob))
    assert ids(await s.HomeFeed(home)) == [own, by_bob]
    bob_for_ann = await s.GetUser(f.GetUserRequest(viewer_id=ann, user_id=bob))
    assert (bob_for_ann.followers, bob_for_ann.followed_by_viewer) == (1, True)
    bob_for_carl = await s.GetUser(f.GetUserRequest(viewer_id=carl, user_id=bob))
    assert (bob_for_carl.followers, bob_for_carl.followed_by_viewer) == (1, False)
    await s.Follow(f.FollowRequest(actor_id=ann, tag="#Rust"))
    assert ids(await s.HomeFeed(home)) == [own, by_carl, by_bob]

    await s.Unfollow(f.FollowRequest(actor_id=ann, user_id=bob))
    assert ids(await s.HomeFeed(home)) == [own, by_carl]
    bob_for_ann = await s.GetUser(f.GetUserRequest(viewer_id=ann, user_id=bob))
    assert (bob_for_ann.followers, bob_for_ann.followed_by_viewer) == (0, False)
    await s.Unfollow(f.FollowRequest(actor_id=ann, tag="rust"))
    assert ids(await s.HomeFeed(home)) == [own]
    assert await status(s.Follow(f.FollowRequest(actor_id=ann, user_id=ann))) == INVALID
    assert await status(s.Follow(f.FollowRequest(actor_id=ann, user_id=new_id()))) == NOT_FOUND


async def test_get_user_shows_the_profile_and_a_deactivated_person_cannot_post(env: Env) -> None:
    s = env.s
    cm = await env.person("Cora", community_manager=True)
    boss = await env.person("Boss")
    ann = await env.person(
        "  Ann   Andersen ", email="Ann@Example.com", title="Engineer", department="Platform", location="Oslo",
        manager_id=boss, locale="nb_NO", avatar_url="https://img.example/ann.png", leader=True,
        skills=["Python", "python", "PostgreSQL"],
    )  # fmt: skip
    post = await env.post(ann, "before I leave")
    await s.Follow(f.FollowRequest(actor_id=boss, user_id=ann))

    user = await s.GetUser(f.GetUserRequest(viewer_id=boss, user_id=ann))
    p = user.profile
    assert (user.user_id, user.active, user.followers, user.followed_by_viewer) == (ann, True, 1, True)
    assert (p.display_name, p.email, p.title, p.department, p.location) == (
        "Ann Andersen", "ann@example.com", "Engineer", "Platform", "Oslo",
    )  # fmt: skip
    assert (p.manager_id, p.locale, p.avatar_url, p.leader, p.community_manager) == (
        boss, "nb", "https://img.example/ann.png", True, False,
    )  # fmt: skip
    assert list(p.skills) == ["python", "postgresql"]
    assert (await s.GetUser(f.GetUserRequest(user_id=cm))).profile.community_manager  # anonymous viewer
    assert await status(s.GetUser(f.GetUserRequest(viewer_id=boss, user_id=new_id()))) == NOT_FOUND
    assert await status(s.GetUser(f.GetUserRequest(viewer_id=boss, user_id="ann"))) == NOT_FOUND

    assert await status(s.DeactivateUser(f.UserCommand(actor_id=boss, user_id=ann))) == DENIED
    await s.DeactivateUser(f.UserCommand(actor_id=cm, user_id=ann))
    gone = await s.GetUser(f.GetUserRequest(viewer_id=boss, user_id=ann))
    assert not gone.active and gone.version == user.version + 1
    events = await env.events()
    assert await status(s.CreatePost(f.CreatePostRequest(author_id=ann, body="still here?"))) == DENIED
    assert await status(s.Follow(f.FollowRequest(actor_id=boss, user_id=ann))) == INVALID  # already following
    assert await env.events() == events
    kept = await env.view(boss, post)  # the content stays, the name shows as deactivated
    assert kept.body == "before I leave" and not kept.author_active
    await s.ReactivateUser(f.UserCommand(actor_id=cm, user_id=ann))
    assert (await s.GetUser(f.GetUserRequest(viewer_id=boss, user_id=ann))).active
    await env.post(ann, "back again")


# ----- the group directory -----


async def walk_groups(env: Env, viewer: str, limit: int, *, mine: bool = False) -> list[str]:
    """Every page of ListGroups, as names in order; stops after a bounded number of pages."""
    names: list[str] = []
    cursor = ""
    for _ in range(30):
        page = await env.s.ListGroups(f.ListGroupsRequest(viewer_id=viewer, mine=mine, limit=limit, cursor=cursor))
        assert len(page.groups) <= limit
        names += [g.name for g in page.groups]
        cursor = page.next_cursor
        if not cursor:
            return names
    raise AssertionError(f"ListGroups did not end after 30 pages: {names}")


async def test_list_groups_pages_through_every_visible_group_once(env: Env) -> None:
    ann, bob, eve = await env.person("Ann"), await env.person("Bob"), await env.person("Eve")
    # names whose lower case differs between Python and PostgreSQL (dotted İ, final sigma) sit on page edges
    public = ["alpha", "Beta", "İstanbul office", "Italy fans", "ΣΑΣ club", "Zeta", "Ærø"]
    for name in public:
        await env.group(ann, name)
    await env.group(ann, "Private lounge", PRIVATE)
    await env.group(ann, "Secret lab", SECRET)
    await env.group(eve, "Eve's secret", SECRET)
    mine = {"Beta", "Secret lab", "Zeta"}
    for g in (await env.s.ListGroups(f.ListGroupsRequest(viewer_id=ann))).groups:
        if g.name in mine:
            await env.invite_and_join(ann, g.group_id, bob)

    everything = await walk_groups(env, bob, 100)
    assert sorted(everything) == sorted([*public, "Private lounge", "Secret lab"])  # not Eve's secret
    for limit in (1, 2, 3):
        assert await walk_groups(env, bob, limit) == everything, limit
    assert sorted(await walk_groups(env, bob, 1, mine=True)) == sorted(mine)
    assert sorted(await walk_groups(env, eve, 2)) == sorted([*public, "Private lounge", "Eve's secret"])
    page = await env.s.ListGroups(f.ListGroupsRequest(viewer_id=bob, mine=True))
    assert {g.viewer_role for g in page.groups} == {MEMBER}
    assert await status(env.s.ListGroups(f.ListGroupsRequest(viewer_id=bob, cursor="not a cursor"))) == INVALID


async def test_list_members_is_for_members_and_requests_are_for_admins(env: Env) -> None:
    s = env.s
    ann, bob, eve = await env.person("Ann"), await env.person("Bob"), await env.person("Eve")
    # display names whose lower case differs between Python and PostgreSQL sit on page edges
    others = [await env.person(n) for n in ("Ian", "İlkay", "Ivo", "ΣΟΦΟΣ", "Zoe")]
    group = await env.group(ann, "Inner circle", PRIVATE)
    for member in (bob, *others):
        await env.invite_and_join(ann, group, member)

    def listing(viewer: str, *, requests: bool = False, limit: int = 0, cursor: str = "") -> Any:
        return s.ListMembers(
            f.ListMembersRequest(viewer_id=viewer, group_id=group, requests=requests, limit=limit, cursor=cursor)
        )

    assert await status(listing(eve)) == DENIED
    everyone = (await listing(bob)).members
    assert [m.display_name for m in everyone] == ["Ann", "Bob", "Ian", "İlkay", "Ivo", "Zoe", "ΣΟΦΟΣ"]
    assert {m.user_id: m.role for m in everyone}[ann] == OWNER and all(m.active for m in everyone)
    for limit in (1, 2):
        seen: list[str] = []
        cursor = ""
        for _ in range(20):
            page = await listing(bob, limit=limit, cursor=cursor)
            seen += [m.user_id for m in page.members]
            cursor = page.next_cursor
            if not cursor:
                break
        assert seen == [m.user_id for m in everyone], limit

    assert not (await s.JoinGroup(f.GroupMemberCommand(actor_id=eve, group_id=group))).joined
    assert await status(listing(bob, requests=True)) == DENIED
    pending = (await listing(ann, requests=True)).members
    assert [(m.user_id, m.display_name, m.role) for m in pending] == [(eve, "Eve", NOBODY)]
    assert eve not in {m.user_id for m in (await listing(ann)).members}
    await s.ApproveJoinRequest(f.GroupMemberCommand(actor_id=ann, group_id=group, user_id=eve))
    assert not (await listing(ann, requests=True)).members
    assert eve in {m.user_id for m in (await listing(eve)).members}


async def test_concurrent_provisionings_of_one_external_id_make_one_person(env: Env) -> None:
    """The directory's retry and the person's first sign-in can arrive together: one person, one id."""
    request = f.ProvisionUserRequest(external_id="oid-123", profile=f.Profile(display_name="Ann"))
    replies = await asyncio.gather(*(env.s.ProvisionUser(request) for _ in range(6)))
    assert len({r.user_id for r in replies}) == 1
    assert await env.count("SELECT count(*) FROM feed.users WHERE external_id = 'oid-123'") == 1


async def test_the_directory_sync_adds_and_removes_members_of_a_closed_group(env: Env) -> None:
    """SyncGroupMembers: the directory (actor empty) only; a pending request is settled by the add; the
    only owner and deactivated people are skipped and named; nobody else may call it."""
    s = env.s
    ann, bob, cat, eve = [await env.person(n) for n in ("Ann", "Bob", "Cat", "Eve")]
    gone = await env.person("Gone")
    await s.DeactivateUser(f.UserCommand(user_id=gone))
    group = await env.group(ann, "Finance", SECRET)
    await s.InviteMember(f.GroupMemberCommand(actor_id=ann, group_id=group, user_id=cat))

    def sync(add: list[str], remove: list[str], actor: str = "") -> Any:
        request = f.SyncGroupMembersRequest(actor_id=actor, group_id=group, add_user_ids=add, remove_user_ids=remove)
        return s.SyncGroupMembers(request)

    async def members() -> dict[str, int]:
        page = await s.ListMembers(f.ListMembersRequest(viewer_id=ann, group_id=group))
        return {m.user_id: m.role for m in page.members}

    reply = await sync([bob.upper(), cat, gone], [])
    assert list(reply.skipped_user_ids) == [gone]
    assert await members() == {ann: OWNER, bob: MEMBER, cat: MEMBER}
    assert await env.count("SELECT count(*) FROM feed.group_pending WHERE group_id = $1", group) == 0
    assert (await sync([bob], [])).version == reply.version  # again: nothing to do
    assert await status(sync([eve], [], actor=ann)) == DENIED
    assert await status(sync([eve], [eve])) == INVALID
    assert await members() == {ann: OWNER, bob: MEMBER, cat: MEMBER}

    reply = await sync([], [bob, ann, eve])
    assert list(reply.skipped_user_ids) == [ann]  # the only owner stays
    assert await members() == {ann: OWNER, cat: MEMBER}
    assert await env.events("MemberLeft") == 1 and await env.events("MemberJoined") == 2
    await s.ArchiveGroup(f.GroupCommand(actor_id=ann, group_id=group))
    assert await status(sync([bob], [])) == PRECONDITION
    await sync([], [cat])
    assert await members() == {ann: OWNER}
    assert await status(s.SyncGroupMembers(f.SyncGroupMembersRequest(group_id=new_id(), add_user_ids=[bob]))) == (
        NOT_FOUND
    )


# ----- bad input -----


async def test_bad_input_is_refused_and_changes_nothing(env: Env) -> None:
    s = env.s
    ann, bob = await env.person("Ann"), await env.person("Bob")
    open_group = await env.group(ann, "Open")
    closed = await env.group(ann, "Closed", PRIVATE)
    post = await env.post(ann, "original")
    tables = ("feed.events", "feed.posts", "feed.groups", "feed.idempotency_keys", "feed.post_edits")

    async def snapshot() -> list[int]:
        return [await env.count(f"SELECT count(*) FROM {t}") for t in tables]

    before = await snapshot()

    def create(**kw: Any) -> Any:
        kw.setdefault("author_id", ann)
        kw.setdefault("body", "fine")
        return s.CreatePost(f.CreatePostRequest(idempotency_key=new_id(), **kw))

    refused = {
        "too long": (lambda: create(body="x" * 10_001), INVALID),
        "blank": (lambda: create(body="   "), INVALID),
        "NUL": (lambda: create(body="a\x00b"), INVALID),
        "group id not a UUID": (lambda: create(group_id="not-a-uuid"), NOT_FOUND),
        "unknown group": (lambda: create(group_id=new_id()), NOT_FOUND),
        "not a member": (lambda: create(author_id=bob, group_id=open_group), DENIED),
        "private, not a member": (lambda: create(author_id=bob, group_id=closed), NOT_FOUND),
        "unknown kind": (lambda: create(kind=99), INVALID),
        "one poll option": (lambda: create(kind=ev.POST_KIND_POLL, poll_options=["only"]), INVALID),
        "options on a discussion": (lambda: create(poll_options=["a", "b"]), INVALID),
        "must-read discussion": (lambda: create(must_read=True), INVALID),
        "too many tags": (lambda: create(body=" ".join(f"#t{i}" for i in range(31))), INVALID),
        "publish_at garbage": (lambda: create(publish_at="tomorrow"), INVALID),
        "publish_at past": (lambda: create(publish_at="2001-01-01T00:00:00Z"), INVALID),
        "praise of nobody": (lambda: create(kind=ev.POST_KIND_PRAISE, praised_user_ids=[new_id()]), INVALID),
        "post id not a UUID": (lambda: create(post_id="post-1"), INVALID),
        "unknown author": (lambda: create(author_id=new_id()), DENIED),
        "author not a UUID": (lambda: create(author_id="ann"), DENIED),
        "edit too long": (
            lambda: s.EditPost(f.EditPostRequest(actor_id=ann, post_id=post, body="y" * 10_001)),
            INVALID,
        ),
        "edit by another": (lambda: s.EditPost(f.EditPostRequest(actor_id=bob, post_id=post, body="mine now")), DENIED),
        "edit stale": (
            lambda: s.EditPost(f.EditPostRequest(actor_id=ann, post_id=post, body="b", expected_version=9)),
            ABORTED,
        ),
        "edit unknown": (lambda: s.EditPost(f.EditPostRequest(actor_id=ann, post_id=new_id(), body="b")), NOT_FOUND),
        "group without purpose": (
            lambda: s.CreateGroup(f.CreateGroupRequest(actor_id=ann, name="G", purpose="x")),
            INVALID,
        ),
        "group bad end date": (
            lambda: s.CreateGroup(
                f.CreateGroupRequest(actor_id=ann, name="G", purpose="a fine purpose", end_date="soon")
            ),
            INVALID,
        ),
        "merge by a member": (
            lambda: s.MergeGroups(f.MergeGroupsRequest(actor_id=ann, group_id=closed, into_group_id=open_group)),
            DENIED,
        ),
        "feed bad cursor": (lambda: s.HomeFeed(f.FeedRequest(viewer_id=ann, cursor="abc")), INVALID),
        "feed negative cursor": (
            lambda: s.GroupFeed(f.FeedRequest(viewer_id=ann, key=open_group, cursor="-5")),
            INVALID,
        ),
        "feed viewer not a UUID": (lambda: s.HomeFeed(f.FeedRequest(viewer_id="ann")), INVALID),
        "get post not a UUID": (lambda: s.GetPost(f.GetPostRequest(viewer_id=ann, post_id="p-1")), NOT_FOUND),
        "get group not a UUID": (lambda: s.GetGroup(f.GetGroupRequest(viewer_id=ann, group_id="g-1")), NOT_FOUND),
        "members of unknown group": (
            lambda: s.ListMembers(f.ListMembersRequest(viewer_id=ann, group_id=new_id())),
            NOT_FOUND,
        ),
    }
    got = {name: await status(call()) for name, (call, _) in refused.items()}
    assert got == {name: code for name, (_, code) in refused.items()}
    assert await snapshot() == before
    view = await env.view(ann, post, history=True)
    assert (view.body, view.version, list(view.history)) == ("original", 1, [])
    # an upper-case spelling of an id names the same post
    assert (await env.view(ann, post.upper())).post_id == post
    assert (await env.view("not-a-uuid", post)).body == "original"  # an unknown viewer reads what is open to all
