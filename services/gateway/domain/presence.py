"""Who was here, and which posts were shown to how many, sampled and counted before anything is written.

Notify needs "has this person been here since" (e-mail only what was not seen, a digest only for who
was away) and insights needs readers: who was here without writing, and how many saw a post. Neither
needs a trail of who read what when, so the gateway writes none: `Visited` at most once per person every
`visit_every_s`, and one `FeedViewed` per window with, for each post shown, how many different people
were shown it. Between flushes this lives in memory, bounded by the people and posts of one window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from google.protobuf.message import Message

from kantine.v1 import feed_pb2

MAX_POSTS = 5000  # posts counted in one window; more are still counted as views, not per post


@dataclasses.dataclass(slots=True)
class Window:
    """The views since `since`: per post, the people shown it (only their number leaves the gateway)."""

    since: dt.datetime
    viewers: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    views: int = 0

    def counts(self) -> list[tuple[str, int]]:
        """(post id, different people shown it), in the order the posts were first shown."""
        return [(post_id, len(people)) for post_id, people in self.viewers.items()]


@dataclasses.dataclass(frozen=True, slots=True)
class Flushed:
    """What is due to be written: the people who visited, and the window if it closed."""

    visited: list[str]
    window: Window | None


class Presence:
    """The sampler: `seen` on every request of a signed-in person, `shown` when a page listed posts, and
    `flush` every few seconds to take what is due."""

    def __init__(self, visit_every_s: float = 300.0, window_s: float = 300.0, max_posts: int = MAX_POSTS) -> None:
        self.visit_every = dt.timedelta(seconds=visit_every_s)
        self.window_length = dt.timedelta(seconds=window_s)
        self.max_posts = max_posts
        self._last_visit: dict[str, dt.datetime] = {}
        self._due: dict[str, None] = {}
        self._window: Window | None = None

    def seen(self, user_id: str, now: dt.datetime) -> None:
        """The person did something: a Visited is due unless one went within `visit_every_s`."""
        last = self._last_visit.get(user_id)
        if last is None or now - last >= self.visit_every:
            self._last_visit[user_id] = now
            self._due[user_id] = None

    def shown(self, user_id: str, post_ids: list[str], now: dt.datetime) -> None:
        """A page showed the person these posts (a feed page, a group, an opened post)."""
        if self._window is None:
            self._window = Window(now)
        window = self._window
        window.views += 1
        for post_id in post_ids:
            people = window.viewers.get(post_id)
            if people is None:
                if len(window.viewers) >= self.max_posts:
                    continue
                people = window.viewers[post_id] = set()
            people.add(user_id)

    def flush(self, now: dt.datetime, *, everything: bool = False) -> Flushed:
        """Take the due visits, and the window once it is `window_s` old (at shutdown, whatever its
        age); forget visits old enough that the next one is due anyway."""
        visited = list(self._due)
        self._due.clear()
        window = self._window
        if window is not None and (everything or now - window.since >= self.window_length):
            self._window = None
        else:
            window = None
        self._last_visit = {u: at for u, at in self._last_visit.items() if now - at < self.visit_every}
        return Flushed(visited, window)

    def put_back(self, flushed: Flushed) -> None:
        """A flush that could not be written is taken again at the next one, so a database that is
        briefly away loses nothing (the older window absorbs the newer one and keeps its start)."""
        for user_id in flushed.visited:
            self._due[user_id] = None
        old = flushed.window
        if old is None:
            return
        newer, self._window = self._window, old
        if newer is not None:
            old.views += newer.views
            for post_id, people in newer.viewers.items():
                if post_id in old.viewers or len(old.viewers) < self.max_posts:
                    old.viewers.setdefault(post_id, set()).update(people)

    @property
    def people(self) -> int:
        """How many people the sampler remembers a visit of (its memory is bounded by this)."""
        return len(self._last_visit)


def shown_posts(reply: Message) -> list[str] | None:
    """The posts a reply shows its reader (a feed page's, or the one opened); None when it is no view."""
    if isinstance(reply, feed_pb2.FeedPage):
        return [post.post_id for post in reply.posts]
    if isinstance(reply, feed_pb2.PostView):
        return [reply.post_id]
    return None
