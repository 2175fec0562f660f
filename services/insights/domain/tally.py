"""A run of the most common events (reactions, comments, visits, reads, votes, follows), summed up so that
each of insights' tables is written once for the whole run instead of once per event.

Most of what these events change is commutative: a tier is the highest reached, a last visit the
latest, a first answer the earliest, a count a sum, an act recorded once. The few things a later event
of the run depends on (a reaction to a comment added earlier in the same run) are kept in the tally's
own view of the posts and comments, so the result is what the events one by one would have written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from kantine import periods
from services.insights.domain.participation import Level

ORGANISATION = ""  # the scope of activity that is the whole organisation
COUNTED = ("w", "m")  # the periods activity is kept for


@dataclasses.dataclass(frozen=True, slots=True)
class Post:
    author: str
    group_id: str  # "" outside a group
    created_at: dt.datetime
    question: bool
    announcement: bool
    tags: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class NewPost:
    """A post the run created, as its row is first written."""

    post: Post
    must_read: bool
    snippet: str
    published: bool


@dataclasses.dataclass(frozen=True, slots=True)
class Comment:
    author: str
    created_at: dt.datetime


@dataclasses.dataclass(frozen=True, slots=True)
class Act:
    """Someone did something for someone (see the acts table)."""

    kind: str
    target: str
    actor: str
    subject: str
    post: str
    at: dt.datetime
    after_hours: float | None = None


class Tally:
    """What the run changes; `posts` and `comments` are what the store knew of those the run names."""

    def __init__(self, zone: ZoneInfo, posts: Mapping[str, Post], comments: Mapping[str, Comment]) -> None:
        self.zone = zone
        self.posts = dict(posts)
        self.comments = dict(comments)
        self.new_posts: dict[str, NewPost] = {}
        self.group_posts: dict[str, dt.datetime] = {}  # group -> its newest published post of the run
        self.levels: dict[tuple[str, str, dt.date, str], int] = {}  # (scope, period, start, person) -> level
        self.seen: dict[str, tuple[dt.datetime, dt.datetime]] = {}  # person -> (first, last) time in the run
        self.acts: dict[tuple[str, str, str, str], Act] = {}
        self.new_comments: dict[str, tuple[str, str, dt.datetime]] = {}  # comment -> (post, author, at)
        self.first_answers: dict[str, dt.datetime] = {}  # question -> earliest answer of the run
        self.expertise: dict[tuple[str, str], list[int]] = {}  # (person, key) -> [answers, accepted]
        self.reactions: dict[str, int] = {}  # post -> reactions added by others
        self.announcement_reactions: set[tuple[str, str]] = set()
        self.announcement_reads: set[tuple[str, str]] = set()

    # ----- the events -----

    def posted(self, post_id: str, new: NewPost, praised: Iterable[str]) -> None:
        post, at = new.post, new.post.created_at
        if post_id not in self.posts:
            self.new_posts[post_id] = new
            self.posts[post_id] = post
        if new.published and post.group_id:
            newest = self.group_posts.get(post.group_id)
            self.group_posts[post.group_id] = at if newest is None else max(newest, at)
        self.reached(post.author, Level.CREATE, at, post.group_id)
        self.act(Act("post", post_id, post.author, "", post_id, at))
        for person in praised:
            self.act(Act("praise", post_id, post.author, person, post_id, at))

    def visited(self, user_id: str, at: dt.datetime) -> None:
        self.reached(user_id, Level.READ, at)

    def read(self, post_id: str, user_id: str, at: dt.datetime) -> None:
        self.reached(user_id, Level.READ, at, self._group(post_id))
        self.announcement_reads.add((post_id, user_id))

    def voted(self, post_id: str, user_id: str, at: dt.datetime) -> None:
        self.reached(user_id, Level.REACT, at, self._group(post_id))

    def reacted(self, post_id: str, comment_id: str, user_id: str, at: dt.datetime) -> None:
        group, author = self._written(post_id, comment_id)
        self.reached(user_id, Level.REACT, at, group)
        if author is None or author[0] == user_id:
            return
        self.act(Act("reaction", comment_id or post_id, user_id, author[0], post_id, at))
        post = self.posts.get(post_id)
        if not comment_id and post is not None:
            self.reactions[post_id] = self.reactions.get(post_id, 0) + 1
            if post.announcement:
                self.announcement_reactions.add((post_id, user_id))

    def commented(self, post_id: str, comment_id: str, parent_id: str, author: str, at: dt.datetime) -> None:
        if comment_id not in self.comments:
            self.new_comments[comment_id] = (post_id, author, at)
            self.comments[comment_id] = Comment(author, at)
        post = self.posts.get(post_id)
        if post is not None and post.question and post.author != author:
            earliest = self.first_answers.get(post_id)
            self.first_answers[post_id] = at if earliest is None else min(earliest, at)
            if not parent_id:
                self.answered(author, post.group_id, post.tags, answers=1)
        group, replied = self._written(post_id, parent_id)
        self.reached(author, Level.COMMENT, at, group)
        if replied is not None:
            hours = max((at - replied[1]).total_seconds() / 3600, 0.0)
            self.act(Act("reply", comment_id, author, replied[0], post_id, at, hours))

    # ----- what they change -----

    def reached(self, user_id: str, level: int, at: dt.datetime, group_id: str = "") -> None:
        """The person reached `level` at `at`: in the organisation, and in the group when there is one."""
        day = at.astimezone(self.zone).date()
        for scope in (ORGANISATION, group_id) if group_id else (ORGANISATION,):
            for code in COUNTED:
                key = (scope, code, periods.start(code, day), user_id)
                self.levels[key] = max(self.levels.get(key, level), level)
        first, last = self.seen.get(user_id, (at, at))
        self.seen[user_id] = (min(first, at), max(last, at))

    def act(self, act: Act) -> None:
        if act.subject == act.actor:
            return  # nobody recognises themselves
        self.acts.setdefault((act.kind, act.target, act.actor, act.subject), act)

    def answered(self, user_id: str, group_id: str, tags: Iterable[str], answers: int = 0, accepted: int = 0) -> None:
        for key in expertise_keys(group_id, tags):
            counts = self.expertise.setdefault((user_id, key), [0, 0])
            counts[0] += answers
            counts[1] += accepted

    def _group(self, post_id: str) -> str:
        post = self.posts.get(post_id)
        return post.group_id if post else ""

    def _written(self, post_id: str, comment_id: str) -> tuple[str, tuple[str, dt.datetime] | None]:
        """The post's group, and who wrote the comment (or, without one, the post) and when."""
        post = self.posts.get(post_id)
        if post is None:
            return "", None
        if not comment_id:
            return post.group_id, (post.author, post.created_at)
        comment = self.comments.get(comment_id)
        return post.group_id, (comment.author, comment.created_at) if comment else None


def expertise_keys(group_id: str, tags: Iterable[str]) -> list[str]:
    """What an answer counts towards: its group (the organisation's nil id outside one) and each tag."""
    return [f"g:{group_id or '00000000-0000-0000-0000-000000000000'}", *(f"t:{t}" for t in dict.fromkeys(tags))]
