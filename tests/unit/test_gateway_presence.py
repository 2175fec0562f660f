"""The presence sampler's rules: one Visited per person per interval, one count per window, bounded
memory, and nothing lost when a flush is put back."""

from __future__ import annotations

import datetime as dt

from kantine.v1 import feed_pb2
from services.gateway.domain.presence import Presence, shown_posts

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_visit_is_due_once_per_interval_per_person() -> None:
    presence = Presence(visit_every_s=300, window_s=300)
    for second in (0, 10, 299):
        presence.seen("bob", at(second))
    presence.seen("anna", at(5))
    assert presence.flush(at(6)).visited == ["bob", "anna"]
    presence.seen("bob", at(200))
    assert presence.flush(at(201)).visited == []
    presence.seen("bob", at(300))
    assert presence.flush(at(301)).visited == ["bob"]


def test_memory_forgets_visits_once_the_next_is_due_anyway() -> None:
    presence = Presence(visit_every_s=300)
    for n in range(1000):
        presence.seen(f"person-{n}", at(0))
    presence.flush(at(1))
    assert presence.people == 1000
    presence.flush(at(300))
    assert presence.people == 0


def test_a_window_counts_people_per_post_and_closes_when_old() -> None:
    presence = Presence(window_s=300)
    presence.shown("bob", ["p1", "p2"], at(0))
    presence.shown("bob", ["p1"], at(10))
    presence.shown("carol", ["p2", "p3"], at(20))
    presence.shown("dave", [], at(30))  # an empty page is a view
    assert presence.flush(at(299)).window is None
    window = presence.flush(at(300)).window
    assert window is not None and window.since == at(0) and window.views == 4
    assert window.counts() == [("p1", 1), ("p2", 2), ("p3", 1)]
    assert presence.flush(at(900), everything=True).window is None  # nothing shown since


def test_posts_beyond_the_cap_count_as_views_only() -> None:
    presence = Presence(max_posts=2)
    presence.shown("bob", ["p1", "p2", "p3"], at(0))
    presence.shown("carol", ["p3", "p1"], at(1))
    window = presence.flush(at(2), everything=True).window
    assert window is not None and window.counts() == [("p1", 2), ("p2", 1)] and window.views == 2


def test_a_flush_put_back_merges_with_what_came_since() -> None:
    presence = Presence(window_s=300)
    presence.seen("bob", at(0))
    presence.shown("bob", ["p1"], at(0))
    failed = presence.flush(at(1), everything=True)
    presence.shown("carol", ["p1", "p2"], at(2))
    presence.put_back(failed)
    again = presence.flush(at(3), everything=True)
    assert again.visited == ["bob"]
    assert again.window is not None and again.window.since == at(0) and again.window.views == 2
    assert again.window.counts() == [("p1", 2), ("p2", 1)]


def test_only_feed_pages_and_opened_posts_are_views() -> None:
    page = feed_pb2.FeedPage(posts=[feed_pb2.PostView(post_id="a"), feed_pb2.PostView(post_id="b")])
    assert shown_posts(page) == ["a", "b"]
    assert shown_posts(feed_pb2.FeedPage()) == []
    assert shown_posts(feed_pb2.PostView(post_id="a")) == ["a"]
    assert shown_posts(feed_pb2.ListGroupsReply()) is None
