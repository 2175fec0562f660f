"""What notify talks about: the kinds of notification, the categories people switch on and off, and
the draft a rule hands to the store."""

from __future__ import annotations

import dataclasses
import enum


class Category(enum.StrEnum):
    """What a person switches on or off, per channel. Stable ids: they travel in events and links."""

    REPLIES = "replies"  # comments on my posts, replies to my comments, answers to my questions
    MENTIONS = "mentions"
    REACTIONS = "reactions"
    RECOGNITION = "recognition"  # praise, my answer accepted, badges and levels
    ANNOUNCEMENTS = "announcements"
    GROUP_POSTS = "group_posts"  # new posts in my groups, as the group's level allows
    FOLLOWS = "follows"  # posts by people and tags I follow; new followers
    GROUPS = "groups"  # join requests to my groups, my requests approved, invitations


class Kind(enum.StrEnum):
    COMMENT = "comment"  # on my post
    ANSWER = "answer"  # on my question
    REPLY = "reply"  # to my comment
    MENTION = "mention"
    REACTION = "reaction"
    PRAISE = "praise"
    ANSWER_ACCEPTED = "answer_accepted"
    ANNOUNCEMENT = "announcement"
    GROUP_POST = "group_post"
    FOLLOWED_POST = "followed_post"
    JOIN_REQUEST = "join_request"
    JOIN_APPROVED = "join_approved"
    INVITED = "invited"
    NEW_FOLLOWER = "new_follower"
    BADGE = "badge"
    LEVEL = "level"


CATEGORY = {
    Kind.COMMENT: Category.REPLIES,
    Kind.ANSWER: Category.REPLIES,
    Kind.REPLY: Category.REPLIES,
    Kind.MENTION: Category.MENTIONS,
    Kind.REACTION: Category.REACTIONS,
    Kind.PRAISE: Category.RECOGNITION,
    Kind.ANSWER_ACCEPTED: Category.RECOGNITION,
    Kind.BADGE: Category.RECOGNITION,
    Kind.LEVEL: Category.RECOGNITION,
    Kind.ANNOUNCEMENT: Category.ANNOUNCEMENTS,
    Kind.GROUP_POST: Category.GROUP_POSTS,
    Kind.FOLLOWED_POST: Category.FOLLOWS,
    Kind.NEW_FOLLOWER: Category.FOLLOWS,
    Kind.JOIN_REQUEST: Category.GROUPS,
    Kind.JOIN_APPROVED: Category.GROUPS,
    Kind.INVITED: Category.GROUPS,
}

# Kinds that pile up on one notification ("Anna and 4 others reacted to your post").
CONSOLIDATED = frozenset({Kind.COMMENT, Kind.ANSWER, Kind.REPLY, Kind.REACTION, Kind.NEW_FOLLOWER, Kind.JOIN_REQUEST})

# When two reasons meet on one notification (a member who also follows the author), the higher wins.
PRIORITY = {
    Kind.PRAISE: 95,  # praised and mentioned in one post: the praise is the news
    Kind.MENTION: 90,
    Kind.ANNOUNCEMENT: 70,
    Kind.FOLLOWED_POST: 40,
    Kind.GROUP_POST: 30,
}


class Reason(enum.StrEnum):
    """Why a person got a notification; with its subject it reads "because you follow #onboarding"."""

    YOUR_POST = "your_post"
    YOUR_COMMENT = "your_comment"
    MENTIONED = "mentioned"
    PRAISED = "praised"
    FOLLOW_PERSON = "follow_person"  # subject: the person followed
    FOLLOW_TAG = "follow_tag"  # subject: the tag
    MEMBER = "member"  # subject: the group
    EVERYONE = "everyone"  # a company-wide announcement
    GROUP_ADMIN = "group_admin"  # subject: the group
    YOUR_REQUEST = "your_request"
    INVITATION = "invitation"
    YOU = "you"  # about you: a follower, a badge, a level


class Level(enum.StrEnum):
    ALL = "all"
    HIGHLIGHTS = "highlights"
    MUTED = "muted"


class Digest(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


@dataclasses.dataclass(frozen=True, slots=True)
class Draft:
    """One person to tell about one event, and why. The store drops it if their preferences, their
    membership or their being the actor say so."""

    recipient: str
    kind: Kind
    key: str  # one notification per (recipient, key): what consolidates or de-duplicates
    reason: Reason
    subject: str = ""  # the group, person or tag the reason names
    email: bool = False  # worth an e-mail at once if still unseen after the delay

    @property
    def category(self) -> Category:
        return CATEGORY[self.kind]

    @property
    def consolidated(self) -> bool:
        return self.kind in CONSOLIDATED

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.kind, 50)
