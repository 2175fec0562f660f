"""A run of common events summed up: the same as the events one by one would have written."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from services.insights.domain.participation import Level
from services.insights.domain.tally import Act, Comment, NewPost, Post, Tally, expertise_keys

ZONE = ZoneInfo("Europe/Copenhagen")
T0 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)  # a Monday
ANN, BOB, CARL = "ann", "bob", "carl"
GROUP = "11111111-1111-1111-1111-111111111111"
QUESTION = Post(ANN, GROUP, T0, question=True, announcement=False, tags=("vpn", "vpn", "it"))
NEWS = Post(ANN, "", T0, question=False, announcement=True, tags=())


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def run(**comments: Comment) -> Tally:
    return Tally(ZONE, {"q": QUESTION, "news": NEWS}, comments)


def test_a_comment_added_in_the_run_is_known_to_a_reaction_later_in_it() -> None:
    tally = run()
    tally.commented("q", "c1", "", BOB, at(2))
    tally.reacted("q", "c1", CARL, at(3))
    assert tally.acts[("reaction", "c1", CARL, BOB)] == Act("reaction", "c1", CARL, BOB, "q", at(3))
    assert tally.new_comments == {"c1": ("q", BOB, at(2))}
    assert tally.reactions == {}  # a reaction to a comment is not the post's


def test_an_answer_counts_once_for_the_group_and_each_tag_and_the_earliest_is_the_first() -> None:
    tally = run()
    tally.commented("q", "c2", "", BOB, at(5))
    tally.commented("q", "c1", "", CARL, at(2))
    tally.commented("q", "c3", "c1", BOB, at(6))  # a reply to an answer is not an answer
    tally.commented("q", "c4", "", ANN, at(1))  # nor is the asker's own comment
    assert tally.first_answers == {"q": at(2)}
    keys = [f"g:{GROUP}", "t:vpn", "t:it"]
    assert tally.expertise == {(who, key): [1, 0] for who in (BOB, CARL) for key in keys}
    reply = tally.acts[("reply", "c3", BOB, CARL)]
    assert reply.after_hours == 4.0


def test_the_highest_tier_wins_in_the_organisation_and_the_group_for_the_week_and_the_month() -> None:
    tally = run()
    tally.visited(BOB, at(1))
    tally.reacted("q", "", BOB, at(2))
    tally.visited(BOB, at(3))
    week, month = dt.date(2026, 11, 30), dt.date(2026, 11, 1)
    assert tally.levels == {
        ("", "w", week, BOB): Level.REACT, ("", "m", month, BOB): Level.REACT,
        (GROUP, "w", week, BOB): Level.REACT, (GROUP, "m", month, BOB): Level.REACT,
    }  # fmt: skip
    assert tally.seen == {BOB: (at(1), at(3))}


def test_reactions_to_a_post_by_others_are_counted_and_an_announcements_remembered() -> None:
    tally = run()
    tally.reacted("news", "", BOB, at(1))
    tally.reacted("news", "", CARL, at(1))
    tally.reacted("news", "", ANN, at(1))  # the author's own: a tier, not a count
    tally.reacted("gone", "", BOB, at(1))  # a post insights does not know: a tier only
    assert tally.reactions == {"news": 2}
    assert tally.announcement_reactions == {("news", BOB), ("news", CARL)}
    assert set(tally.acts) == {("reaction", "news", BOB, ANN), ("reaction", "news", CARL, ANN)}
    assert ("", "w", dt.date(2026, 11, 30), ANN) in tally.levels


def test_nobody_recognises_themselves_and_an_act_is_recorded_once() -> None:
    tally = run()
    tally.act(Act("praise", "p", ANN, ANN, "p", at(0)))
    tally.act(Act("praise", "p", ANN, BOB, "p", at(0)))
    tally.act(Act("praise", "p", ANN, BOB, "p", at(1)))
    assert list(tally.acts.values()) == [Act("praise", "p", ANN, BOB, "p", at(0))]


def test_reads_and_votes_reach_their_tier_in_the_posts_group() -> None:
    tally = run()
    tally.read("q", CARL, at(1))
    tally.voted("q", BOB, at(1))
    assert tally.announcement_reads == {("q", CARL)}
    assert tally.levels[(GROUP, "w", dt.date(2026, 11, 30), CARL)] == Level.READ
    assert tally.levels[(GROUP, "w", dt.date(2026, 11, 30), BOB)] == Level.REACT


def test_expertise_outside_a_group_counts_for_the_organisation() -> None:
    assert expertise_keys("", ["a", "a"]) == ["g:00000000-0000-0000-0000-000000000000", "t:a"]


def test_a_post_of_the_run_is_written_once_and_known_to_what_follows_it() -> None:
    tally = run()
    question = Post(BOB, GROUP, at(1), question=True, announcement=False, tags=("keys",))
    tally.posted("new", NewPost(question, must_read=False, snippet="who has the keys?", published=True), [CARL, CARL])
    tally.commented("new", "c1", "", CARL, at(2))
    tally.posted("q", NewPost(QUESTION, must_read=False, snippet="again", published=True), [])  # known: not new
    assert list(tally.new_posts) == ["new"] and tally.first_answers == {"new": at(2)}
    assert tally.group_posts == {GROUP: at(1)}
    assert set(tally.acts) == {("post", "new", BOB, ""), ("praise", "new", BOB, CARL), ("reply", "c1", CARL, BOB),
                               ("post", "q", ANN, "")}  # fmt: skip
    assert tally.levels[(GROUP, "w", dt.date(2026, 11, 30), BOB)] == Level.CREATE


def test_a_scheduled_post_is_not_the_groups_newest_yet() -> None:
    tally = run()
    later = Post(BOB, GROUP, at(1), question=False, announcement=False, tags=())
    tally.posted("later", NewPost(later, must_read=False, snippet="soon", published=False), [])
    assert tally.group_posts == {} and "later" in tally.new_posts
