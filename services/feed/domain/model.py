"""The state a rule decides on: snapshots loaded by the handlers from the feed's tables."""

from __future__ import annotations

import dataclasses

from kantine.v1 import events_pb2 as ev

PUBLIC, PRIVATE, SECRET = ev.GROUP_VISIBILITY_PUBLIC, ev.GROUP_VISIBILITY_PRIVATE, ev.GROUP_VISIBILITY_SECRET
MEMBER, ADMIN, OWNER = ev.MEMBER_ROLE_MEMBER, ev.MEMBER_ROLE_ADMIN, ev.MEMBER_ROLE_OWNER
DISCUSSION, QUESTION, ANNOUNCEMENT, PRAISE, POLL = (
    ev.POST_KIND_DISCUSSION,
    ev.POST_KIND_QUESTION,
    ev.POST_KIND_ANNOUNCEMENT,
    ev.POST_KIND_PRAISE,
    ev.POST_KIND_POLL,
)
SYSTEM = ""  # the actor id of the directory and of the feed's own scheduler


@dataclasses.dataclass(frozen=True, slots=True)
class Person:
    user_id: str
    active: bool = True
    leader: bool = False
    community_manager: bool = False
    version: int = 1


@dataclasses.dataclass(frozen=True, slots=True)
class Group:
    group_id: str
    name: str
    visibility: ev.GroupVisibility = PUBLIC
    posting_policy: ev.PostingPolicy = ev.POSTING_POLICY_EVERYONE
    archived: bool = False
    merged_into: str = ""
    version: int = 1
    end_date: str = ""  # ISO date, or empty
    imported: bool = False  # created by imported history (kantine.history)


@dataclasses.dataclass(frozen=True, slots=True)
class Membership:
    """One person's standing in one group."""

    role: ev.MemberRole = ev.MEMBER_ROLE_UNSPECIFIED  # not a member
    requested: bool = False
    invited: bool = False

    @property
    def member(self) -> bool:
        return self.role != 0

    @property
    def admin(self) -> bool:
        return self.role in (ADMIN, OWNER)


NOBODY = Membership()


@dataclasses.dataclass(frozen=True, slots=True)
class Post:
    post_id: str
    author_id: str
    group_id: str = ""
    kind: ev.PostKind = DISCUSSION
    deleted: bool = False
    published: bool = True
    pinned: bool = False
    must_read: bool = False
    poll_options: int = 0
    accepted_comment_id: str = ""
    version: int = 1
    publish_at: str = ""  # RFC 3339 for a scheduled post, or empty
    imported: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Comment:
    comment_id: str
    author_id: str
    parent_comment_id: str = ""
    deleted: bool = False
    imported: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class Limits:
    """What the feed accepts; set from FeedSettings."""

    post_chars: int = 10_000
    comment_chars: int = 5_000
    mentions: int = 50
    tags: int = 30
    poll_options: int = 10
    praised: int = 20
    reactions: tuple[str, ...] = ("like", "celebrate", "support", "insightful", "love")
    company_values: tuple[str, ...] = ()  # empty: any value up to 60 characters
