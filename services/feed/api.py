"""FeedService over gRPC: translate requests to commands and rule violations to clear statuses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import Any, TypeVar

import asyncpg
import grpc

from kantine.errors import DomainError, denied, not_found
from kantine.eventstore import EventStore
from kantine.fields import rfc3339
from kantine.grpcutil import Context, run
from kantine.ids import new_id
from kantine.v1 import feed_pb2, feed_pb2_grpc
from services.feed import reads, store
from services.feed.domain import groups, people, posts
from services.feed.domain.model import SYSTEM, Limits
from services.feed.domain.text import normal_tag
from services.feed.handlers import Feed
from services.feed.projection import NIL

READ_PAGE = 1000
T = TypeVar("T")


def _profile(p: feed_pb2.Profile) -> people.Profile:
    return people.Profile(
        display_name=p.display_name, email=p.email, title=p.title, department=p.department, location=p.location,
        manager_id=p.manager_id, locale=p.locale, avatar_url=p.avatar_url, leader=p.leader, skills=tuple(p.skills),
        community_manager=p.community_manager, country=p.country,
    )  # fmt: skip


def _counts(pairs: list[list[Any]]) -> list[feed_pb2.ReactionCount]:
    return [feed_pb2.ReactionCount(reaction=r, count=n) for r, n in pairs]


def post_view(row: dict[str, Any], seen_rank: int = 0) -> feed_pb2.PostView:
    vote = row["viewer_vote"]
    return feed_pb2.PostView(
        post_id=str(row["post_id"]), author_id=str(row["author_id"]), author_name=row["author_name"] or "",
        author_active=row["author_active"], group_id=str(row["group_id"] or ""), group_name=row["group_name"] or "",
        kind=row["kind"], body=row["body"], tags=row["tags"], mentioned_user_ids=[str(u) for u in row["mentions"]],
        links=row["links"], praised_user_ids=[str(u) for u in row["praised_user_ids"]],
        company_value=row["company_value"],
        poll=[feed_pb2.PollOption(text=t, votes=n)
              for t, n in zip(row["poll_options"], row["poll_counts"], strict=False)],
        viewer_vote=-1 if vote is None else vote, must_read=row["must_read"], viewer_read=row["viewer_read"],
        pinned=row["pinned"], accepted_comment_id=str(row["accepted_comment_id"] or ""),
        created_at=rfc3339(row["created_at"]), edited_at=rfc3339(row["edited_at"]),
        reactions=_counts(row["reaction_counts"]), viewer_reaction=row["viewer_reaction"] or "",
        comment_count=row["comment_count"], is_new=bool(seen_rank) and (row["rank"] or 0) > seen_rank,
        version=row["version"], publish_at=rfc3339(row["publish_at"]),
    )  # fmt: skip


def group_view(row: dict[str, Any]) -> feed_pb2.Group:
    return feed_pb2.Group(
        group_id=str(row["group_id"]), name=row["name"], purpose=row["purpose"], visibility=row["visibility"],
        posting_policy=row["posting_policy"], end_date=row["end_date"].isoformat() if row["end_date"] else "",
        archived=row["archived"], merged_into=str(row["merged_into"] or ""), members=row["members"],
        viewer_role=row["viewer_role"], viewer_requested=row["viewer_requested"],
        viewer_invited=row["viewer_invited"], version=row["version"],
    )  # fmt: skip


class FeedApi(feed_pb2_grpc.FeedServiceServicer):
    def __init__(self, pool: asyncpg.Pool, limits: Limits | None = None) -> None:
        self.pool = pool
        self.feed = Feed(pool, limits)
        self.events = EventStore("feed")

    # ----- people -----

    async def ProvisionUser(self, request: feed_pb2.ProvisionUserRequest, context: Context) -> feed_pb2.UserReply:
        user_id, version = await run(context, self.feed.provision_user(
            request.actor_id, request.user_id, request.external_id, _profile(request.profile)))  # fmt: skip
        return feed_pb2.UserReply(user_id=user_id, version=version)

    async def UpdateProfile(self, request: feed_pb2.UpdateProfileRequest, context: Context) -> feed_pb2.UserReply:
        version = await run(context, self.feed.update_profile(
            request.actor_id, request.user_id, _profile(request.profile), request.expected_version))  # fmt: skip
        return feed_pb2.UserReply(user_id=request.user_id, version=version)

    async def DeactivateUser(self, request: feed_pb2.UserCommand, context: Context) -> feed_pb2.UserReply:
        version = await run(context, self.feed.set_active(request.actor_id, request.user_id, False))
        return feed_pb2.UserReply(user_id=request.user_id, version=version)

    async def ReactivateUser(self, request: feed_pb2.UserCommand, context: Context) -> feed_pb2.UserReply:
        version = await run(context, self.feed.set_active(request.actor_id, request.user_id, True))
        return feed_pb2.UserReply(user_id=request.user_id, version=version)

    async def GetUser(self, request: feed_pb2.GetUserRequest, context: Context) -> feed_pb2.User:
        return await run(context, self._get_user(request))

    async def _get_user(self, request: feed_pb2.GetUserRequest) -> feed_pb2.User:
        async with self.pool.acquire() as conn:
            row = await reads.user(conn, _id(request.user_id), _viewer(request.viewer_id))
        if row is None:
            raise not_found("user")
        return _user(row)

    async def ListUsers(self, request: feed_pb2.ListUsersRequest, context: Context) -> feed_pb2.ListUsersReply:
        return await run(context, self._list_users(request))

    async def _list_users(self, request: feed_pb2.ListUsersRequest) -> feed_pb2.ListUsersReply:
        async with self.pool.acquire() as conn:
            if request.actor_id != SYSTEM and not await conn.fetchval(
                "SELECT community_manager AND active FROM users WHERE user_id = $1", _id(request.actor_id)
            ):
                raise denied("the directory lists people to the directory's sync and community managers only")
            rows, next_cursor = await reads.users(
                conn, request.external_id.strip(), request.email.strip(), request.limit, request.cursor
            )
        return feed_pb2.ListUsersReply(users=[_user(r, directory=True) for r in rows], next_cursor=next_cursor)

    async def Follow(self, request: feed_pb2.FollowRequest, context: Context) -> feed_pb2.Ack:
        return feed_pb2.Ack(version=await run(context, self.feed.follow(
            request.actor_id, request.user_id, request.tag, True)))  # fmt: skip

    async def Unfollow(self, request: feed_pb2.FollowRequest, context: Context) -> feed_pb2.Ack:
        return feed_pb2.Ack(version=await run(context, self.feed.follow(
            request.actor_id, request.user_id, request.tag, False)))  # fmt: skip

    # ----- groups -----

    async def CreateGroup(self, request: feed_pb2.CreateGroupRequest, context: Context) -> feed_pb2.GroupReply:
        settings = groups.Settings(request.name, request.purpose, request.visibility, request.posting_policy,
                                   request.end_date)  # fmt: skip
        group_id, version = await run(context, self.feed.create_group(
            request.actor_id, request.idempotency_key, settings, list(request.owner_ids)))  # fmt: skip
        return feed_pb2.GroupReply(group_id=group_id, version=version)

    async def UpdateGroup(self, request: feed_pb2.UpdateGroupRequest, context: Context) -> feed_pb2.GroupReply:
        settings = groups.Settings(request.name, request.purpose, request.visibility, request.posting_policy,
                                   request.end_date)  # fmt: skip
        version = await run(context, self.feed.update_group(
            request.actor_id, _id(request.group_id), settings, request.expected_version))  # fmt: skip
        return feed_pb2.GroupReply(group_id=request.group_id, version=version)

    async def JoinGroup(self, request: feed_pb2.GroupMemberCommand, context: Context) -> feed_pb2.JoinReply:
        joined, version = await run(context, self.feed.join(request.actor_id, _id(request.group_id)))
        return feed_pb2.JoinReply(joined=joined, version=version)

    async def LeaveGroup(self, request: feed_pb2.GroupMemberCommand, context: Context) -> feed_pb2.Ack:
        return feed_pb2.Ack(version=await run(context, self.feed.leave(request.actor_id, _id(request.group_id))))

    async def ApproveJoinRequest(self, request: feed_pb2.GroupMemberCommand, context: Context) -> feed_pb2.Ack:
        return feed_pb2.Ack(version=await run(context, self.feed.answer_request(
            request.actor_id, _id(request.group_id), _id(request.user_id), True)))  # fmt: skip

    async def DeclineJoinRequest(self, request: feed_pb2.GroupMemberCommand, context: Context) -> feed_pb2.Ack:
        return feed_pb2.Ack(version=await run(context, self.feed.answer_request(
            request.actor_id, _id(request.group_id), _id(request.user_id), False)))  # fmt: skip

    async def InviteMember(self, request: feed_pb2.GroupMemberCommand, context: Context) -> feed_pb2.Ack:
        return feed_pb2.Ack(version=await run(context, self.feed.invite(
            request.actor_id, _id(request.group_id), _id(request.user_id))))  # fmt: skip

    async def RemoveMember(self, request: feed_pb2.GroupMemberCommand, context: Context) -> feed_pb2.Ack:
        return feed_pb2.Ack(version=await run(context, self.feed.remove(
            request.actor_id, _id(request.group_id), _id(request.user_id))))  # fmt: skip

    async def SetMemberRole(self, request: feed_pb2.SetMemberRoleRequest, context: Context) -> feed_pb2.Ack:
        return feed_pb2.Ack(version=await run(context, self.feed.set_role(
            request.actor_id, _id(request.group_id), _id(request.user_id), request.role)))  # fmt: skip

    async def SyncGroupMembers(
        self, request: feed_pb2.SyncGroupMembersRequest, context: Context
    ) -> feed_pb2.SyncGroupMembersReply:
        version, skipped = await run(context, self.feed.sync_members(
            request.actor_id, _id(request.group_id), [u.lower() for u in request.add_user_ids],
            [u.lower() for u in request.remove_user_ids]))  # fmt: skip
        return feed_pb2.SyncGroupMembersReply(version=version, skipped_user_ids=skipped)

    async def ArchiveGroup(self, request: feed_pb2.GroupCommand, context: Context) -> feed_pb2.GroupReply:
        version = await run(context, self.feed.archive(request.actor_id, _id(request.group_id)))
        return feed_pb2.GroupReply(group_id=request.group_id, version=version)

    async def UnarchiveGroup(self, request: feed_pb2.GroupCommand, context: Context) -> feed_pb2.GroupReply:
        version = await run(context, self.feed.unarchive(request.actor_id, _id(request.group_id)))
        return feed_pb2.GroupReply(group_id=request.group_id, version=version)

    async def MergeGroups(self, request: feed_pb2.MergeGroupsRequest, context: Context) -> feed_pb2.GroupReply:
        version = await run(context, self.feed.merge(
            request.actor_id, _id(request.group_id), _id(request.into_group_id)))  # fmt: skip
        return feed_pb2.GroupReply(group_id=request.group_id, version=version)

    async def GetGroup(self, request: feed_pb2.GetGroupRequest, context: Context) -> feed_pb2.Group:
        return await run(context, self._get_group(request))

    async def _get_group(self, request: feed_pb2.GetGroupRequest) -> feed_pb2.Group:
        async with self.pool.acquire() as conn:
            group_id = _id(request.group_id)
            groups.visible(*await store.group_context(conn, group_id, request.viewer_id, lock=False))
            row = await reads.group(conn, group_id, _viewer(request.viewer_id))
        assert row is not None
        return group_view(row)

    async def ListGroups(self, request: feed_pb2.ListGroupsRequest, context: Context) -> feed_pb2.ListGroupsReply:
        return await run(context, self._list_groups(request))

    async def _list_groups(self, request: feed_pb2.ListGroupsRequest) -> feed_pb2.ListGroupsReply:
        async with self.pool.acquire() as conn:
            rows, next_cursor = await reads.groups(conn, _viewer(request.viewer_id), request.mine,
                                                   request.limit, request.cursor)  # fmt: skip
        return feed_pb2.ListGroupsReply(groups=[group_view(r) for r in rows], next_cursor=next_cursor)

    async def ListMembers(self, request: feed_pb2.ListMembersRequest, context: Context) -> feed_pb2.ListMembersReply:
        return await run(context, self._list_members(request))

    async def _list_members(self, request: feed_pb2.ListMembersRequest) -> feed_pb2.ListMembersReply:
        async with self.pool.acquire() as conn:
            group_id = _id(request.group_id)
            found, mine = await store.group_context(conn, group_id, request.viewer_id, lock=False)
            groups.member_list(await store.person(conn, request.viewer_id), found, mine, request.requests)
            rows, next_cursor = await reads.members(conn, group_id, request.requests, request.limit, request.cursor)
        return feed_pb2.ListMembersReply(
            members=[feed_pb2.Member(user_id=str(r["user_id"]), display_name=r["display_name"],
                                     role=r["role"], active=r["active"]) for r in rows],
            next_cursor=next_cursor,
        )  # fmt: skip

    # ----- posts -----

    async def CreatePost(self, request: feed_pb2.CreatePostRequest, context: Context) -> feed_pb2.CreatePostResponse:
        cmd = posts.NewPost(
            post_id=request.post_id or new_id(), body=request.body, kind=request.kind,
            praised_user_ids=tuple(request.praised_user_ids), company_value=request.company_value,
            poll_options=tuple(request.poll_options), must_read=request.must_read, publish_at=request.publish_at,
        )  # fmt: skip
        post_id, position = await run(context, self.feed.create_post(
            request.author_id, _id(request.group_id, optional=True), cmd, request.idempotency_key))  # fmt: skip
        return feed_pb2.CreatePostResponse(post_id=post_id, position=position)

    async def EditPost(self, request: feed_pb2.EditPostRequest, context: Context) -> feed_pb2.PostReply:
        version = await run(context, self.feed.edit_post(
            request.actor_id, request.post_id, request.body, request.expected_version))  # fmt: skip
        return feed_pb2.PostReply(post_id=request.post_id, version=version)

    async def DeletePost(self, request: feed_pb2.PostCommand, context: Context) -> feed_pb2.PostReply:
        version = await run(context, self.feed.delete_post(request.actor_id, request.post_id))
        return feed_pb2.PostReply(post_id=request.post_id, version=version)

    async def PinPost(self, request: feed_pb2.PostCommand, context: Context) -> feed_pb2.PostReply:
        version = await run(context, self.feed.pin(request.actor_id, request.post_id, True))
        return feed_pb2.PostReply(post_id=request.post_id, version=version)

    async def UnpinPost(self, request: feed_pb2.PostCommand, context: Context) -> feed_pb2.PostReply:
        version = await run(context, self.feed.pin(request.actor_id, request.post_id, False))
        return feed_pb2.PostReply(post_id=request.post_id, version=version)

    async def MarkRead(self, request: feed_pb2.PostCommand, context: Context) -> feed_pb2.PostReply:
        version = await run(context, self.feed.mark_read(request.actor_id, request.post_id))
        return feed_pb2.PostReply(post_id=request.post_id, version=version)

    async def VotePoll(self, request: feed_pb2.VotePollRequest, context: Context) -> feed_pb2.PostReply:
        version = await run(context, self.feed.vote(request.actor_id, request.post_id, request.option))
        return feed_pb2.PostReply(post_id=request.post_id, version=version)

    async def AcceptAnswer(self, request: feed_pb2.AcceptAnswerRequest, context: Context) -> feed_pb2.PostReply:
        version = await run(context, self.feed.accept_answer(request.actor_id, request.post_id, request.comment_id))
        return feed_pb2.PostReply(post_id=request.post_id, version=version)

    async def AddComment(self, request: feed_pb2.AddCommentRequest, context: Context) -> feed_pb2.CommentReply:
        r = request
        comment_id, version = await run(
            context, self.feed.add_comment(r.actor_id, r.post_id, r.parent_comment_id, r.body, r.idempotency_key)
        )
        return feed_pb2.CommentReply(post_id=request.post_id, comment_id=comment_id, version=version)

    async def EditComment(self, request: feed_pb2.EditCommentRequest, context: Context) -> feed_pb2.CommentReply:
        version = await run(context, self.feed.edit_comment(
            request.actor_id, request.post_id, request.comment_id, request.body))  # fmt: skip
        return feed_pb2.CommentReply(post_id=request.post_id, comment_id=request.comment_id, version=version)

    async def DeleteComment(self, request: feed_pb2.CommentCommand, context: Context) -> feed_pb2.CommentReply:
        version = await run(context, self.feed.delete_comment(request.actor_id, request.post_id, request.comment_id))
        return feed_pb2.CommentReply(post_id=request.post_id, comment_id=request.comment_id, version=version)

    async def React(self, request: feed_pb2.ReactRequest, context: Context) -> feed_pb2.PostReply:
        version = await run(context, self.feed.react(
            request.actor_id, request.post_id, request.comment_id, request.reaction))  # fmt: skip
        return feed_pb2.PostReply(post_id=request.post_id, version=version)

    # ----- reading -----

    async def GetPost(self, request: feed_pb2.GetPostRequest, context: Context) -> feed_pb2.PostView:
        return await run(context, self._get_post(request))

    async def _get_post(self, request: feed_pb2.GetPostRequest) -> feed_pb2.PostView:
        # ids as stored (lower case; reads.posts matches rows by them); a viewer that is no id is anonymous
        post_id, viewer_id = _id(request.post_id), _viewer(request.viewer_id) or ""
        async with self.pool.acquire() as conn:
            post, group, mine = await store.post_context(conn, post_id, viewer_id)
            if not posts.can_see_post(viewer_id, post, group, mine):
                raise not_found("post")
            (row,) = await reads.posts(conn, [post_id], viewer_id)
            view = post_view(row)
            accepted = view.accepted_comment_id
            for c in await reads.comments(conn, post_id, viewer_id):
                view.comments.append(feed_pb2.Comment(
                    comment_id=str(c["comment_id"]), parent_comment_id=str(c["parent_id"] or ""),
                    author_id=str(c["author_id"]), author_name=c["author_name"] or "", body=c["body"],
                    created_at=rfc3339(c["created_at"]), edited_at=rfc3339(c["edited_at"]),
                    reactions=_counts(c["reaction_counts"]), viewer_reaction=c["viewer_reaction"] or "",
                    accepted_answer=str(c["comment_id"]) == accepted,
                ))  # fmt: skip
            if request.with_history:
                for h in await reads.history(conn, post_id):
                    view.history.append(feed_pb2.Edit(body=h["body"], edited_by=str(h["edited_by"]),
                                                      edited_at=rfc3339(h["edited_at"])))  # fmt: skip
            return view

    async def ReadReceipts(self, request: feed_pb2.PostCommand, context: Context) -> feed_pb2.ReadReceiptsReply:
        return await run(context, self._read_receipts(request))

    async def _read_receipts(self, request: feed_pb2.PostCommand) -> feed_pb2.ReadReceiptsReply:
        async with self.pool.acquire() as conn:
            post, group, mine = await store.post_context(conn, request.post_id, request.actor_id)
            p = posts.read_receipts(await store.person(conn, request.actor_id), post, group, mine)
            read_by, audience = await reads.read_receipts(conn, p.post_id, p.group_id)
        return feed_pb2.ReadReceiptsReply(read_by=read_by, audience=audience)

    async def _page(self, kind: str, request: feed_pb2.FeedRequest) -> feed_pb2.FeedPage:
        if not store.is_uuid(request.viewer_id):
            raise DomainError("viewer_id must be a UUID", "viewer_id")
        key = request.key
        if kind in ("group", "profile"):
            key = _id(key)
        if kind == "tag":
            key = normal_tag(key)
        async with self.pool.acquire() as conn:
            if kind == "group":  # an empty page would hide why; the page's own rules say
                groups.readable(*await store.group_context(conn, key, request.viewer_id, lock=False))
            ids, next_cursor = await reads.timeline(conn, kind, request.viewer_id, key, request.limit, request.cursor)
            rows = await reads.posts(conn, ids, request.viewer_id)
            newest = max((r["rank"] or 0 for r in rows), default=0)
            seen = await reads.visit(conn, request.viewer_id, f"{kind}:{key}", newest, request.mark_visited)
            follows = kind == "tag" and await store.follows_tag(conn, request.viewer_id, key)
        views = [post_view(r, seen) for r in rows]
        return feed_pb2.FeedPage(posts=views, next_cursor=next_cursor, viewer_follows=follows,
                                 new_since_last_visit=sum(v.is_new for v in views))  # fmt: skip

    async def HomeFeed(self, request: feed_pb2.FeedRequest, context: Context) -> feed_pb2.FeedPage:
        return await run(context, self._page("home", request))

    async def GroupFeed(self, request: feed_pb2.FeedRequest, context: Context) -> feed_pb2.FeedPage:
        return await run(context, self._page("group", request))

    async def ProfileFeed(self, request: feed_pb2.FeedRequest, context: Context) -> feed_pb2.FeedPage:
        return await run(context, self._page("profile", request))

    async def TagFeed(self, request: feed_pb2.FeedRequest, context: Context) -> feed_pb2.FeedPage:
        return await run(context, self._page("tag", request))

    async def ReadEvents(
        self, request: feed_pb2.ReadEventsRequest, context: Context
    ) -> AsyncIterator[feed_pb2.StoredEvent]:
        if request.after_position < 0 or request.limit < 0:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "after_position and limit must not be negative")
        after, sent = request.after_position, 0
        while True:
            page = READ_PAGE if not request.limit else min(READ_PAGE, request.limit - sent)
            async with self.pool.acquire() as conn:
                batch = await self.events.read_all(conn, after, page)
            for event in batch:
                yield feed_pb2.StoredEvent(
                    position=event.position,
                    event_id=event.event_id,
                    event_type=event.event_type,
                    stream_id=event.stream_id,
                    stream_version=event.stream_version,
                    data=event.data,
                    metadata=event.metadata,
                )
            sent += len(batch)
            if batch:
                after = batch[-1].position
            if request.limit and sent >= request.limit:
                return
            if len(batch) < page:
                if not request.follow:
                    return
                await asyncio.sleep(0.2)


def _id(value: str, *, optional: bool = False) -> str:
    """An id from a request; one that is not a UUID names nothing, so it becomes the nil UUID (not found)."""
    if optional and not value:
        return ""
    return value.lower() if store.is_uuid(value) else NIL


def _viewer(value: str) -> str | None:
    """The viewer of a read; anyone not a known id sees only what is open to all."""
    return value.lower() if store.is_uuid(value) else None


def _user(row: Mapping[str, Any], *, directory: bool = False) -> feed_pb2.User:
    """A person as the API shows them; the directory's own id only to the directory's readers."""
    profile = feed_pb2.Profile(
        display_name=row["display_name"], email=row["email"], title=row["title"], department=row["department"],
        location=row["location"], manager_id=str(row["manager_id"] or ""), locale=row["locale"],
        avatar_url=row["avatar_url"], leader=row["leader"], skills=row["skills"],
        community_manager=row["community_manager"], country=row["country"],
    )  # fmt: skip
    return feed_pb2.User(user_id=str(row["user_id"]), profile=profile, active=row["active"],
                         version=row["version"], followers=row["followers"],
                         followed_by_viewer=row["followed_by_viewer"],
                         external_id=(row["external_id"] or "") if directory else "")  # fmt: skip
