"""Insights' rules without I/O: the 1-9-90 split and who moved up, answer times, group similarity,
duplicates and suggestions, and who may see which figure."""

from __future__ import annotations

import datetime as dt

import pytest

from kantine import periods
from kantine.v1 import events_pb2 as ev
from services.insights.domain import groups, participation, privacy, questions
from services.insights.domain.participation import Level

W0, W1, W2 = dt.date(2026, 11, 9), dt.date(2026, 11, 16), dt.date(2026, 11, 23)
ENDS = [periods.end("w", w) for w in (W0, W1, W2)]


def test_each_person_counts_once_in_the_highest_tier_and_the_rest_were_inactive() -> None:
    joined = {p: dt.date(2026, 1, 1) for p in "abcdefgh"}
    levels = {
        "a": {W1: Level.CREATE, W2: Level.READ},
        "b": {W1: Level.COMMENT},
        "c": {W1: Level.REACT, W2: Level.CREATE},
        "d": {W1: Level.READ},
        "e": {W0: Level.READ, W1: Level.READ},
    }
    w1, w2 = participation.split([W0, W1, W2], ENDS, joined, levels)
    assert (w1.start, w1.population, w1.creators, w1.contributors, w1.reactors, w1.readers, w1.inactive) == (
        W1, 8, 1, 1, 1, 2, 3,
    )  # fmt: skip
    assert w1.moved_up == 4  # a, b, c, d rose from nothing; e read both weeks
    assert (w2.creators, w2.readers, w2.inactive, w2.moved_up) == (1, 1, 6, 1)
    assert participation.moved_up([W0, W1, W2], joined, levels) == ["c"]


def test_people_count_only_in_periods_that_end_after_they_joined() -> None:
    joined = {"old": dt.date(2026, 1, 1), "new": W2 + dt.timedelta(days=2)}
    w1, w2 = participation.split([W0, W1, W2], ENDS, joined, {"new": {W2: Level.CREATE}})
    assert (w1.population, w2.population, w2.creators) == (1, 2, 1)


def test_a_group_member_who_came_to_kantine_at_all_is_a_reader_of_the_group() -> None:
    in_group = {"a": {W1: Level.COMMENT}}
    anywhere = {"a": {W1: Level.CREATE}, "b": {W1: Level.REACT}, "c": {W2: Level.READ}, "x": {W1: Level.READ}}
    combined = participation.group_levels(in_group, anywhere, ["a", "b", "c"])
    assert combined == {"a": {W1: Level.COMMENT}, "b": {W1: Level.READ}, "c": {W2: Level.READ}}


def test_answer_times_count_the_first_answer_against_the_target() -> None:
    asked = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
    hours = dt.timedelta(hours=1)
    figures = questions.figures([
        questions.Asked(asked, asked + 2 * hours, 24),
        questions.Asked(asked, asked + 30 * hours, 24),
        questions.Asked(asked, asked + 4 * hours, 2),
        questions.Asked(asked, None, 24),
    ])  # fmt: skip
    assert figures == questions.AnswerFigures(asked=4, answered=3, within_target=1, median_hours=4.0)
    assert questions.figures([]) == questions.AnswerFigures()
    assert questions.waiting_hours(asked, asked + 50 * hours + dt.timedelta(minutes=3)) == 50.0


def _group(gid: str, name: str, purpose: str, members: str, created: float = 0.0) -> groups.GroupFacts:
    return groups.GroupFacts(gid, name, purpose, frozenset(members), created)


def test_groups_alike_in_name_and_purpose_with_shared_members_are_likely_duplicates() -> None:
    big = _group("big", "Nordic Sales", "Deals and wins of the sales team in the Nordics", "abcdefgh")
    small = _group("small", "Sales Nordics", "Wins and deals of the Nordic sales team", "cdef", created=5.0)
    strangers = _group("strangers", "Sales Nordic", "Wins and deals, the Nordic sales team", "xyz")
    running = _group("run", "Running Club", "Sunday runs from the office", "abcdefgh")
    assert groups.similarity(big, small) > groups.SIMILAR > groups.similarity(big, running)
    found = {(d.group_id, d.other_id) for d in groups.likely_duplicates([big, small, strangers, running])}
    assert ("small", "big") in found and ("big", "small") in found
    assert not any("run" in pair for pair in found)
    assert groups.merge_into(small, big) and not groups.merge_into(big, small)
    twin = _group("twin", "Nordic Sales", "Deals and wins of the sales team in the Nordics", "abcdefgh", created=9.0)
    assert groups.merge_into(twin, big)  # of two equal groups the newer goes


def test_similarity_ignores_case_accents_word_order_and_small_words() -> None:
    a = _group("a", "Løbeklubben Århus", "Vi løber om søndagen", "")
    b = _group("b", "århus løbeklubben", "vi LØBER søndagen", "")
    assert groups.similarity(a, b) >= groups.ALIKE


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"merge": True, "inactive": True, "owners_present": False, "unanswered": 3}, "merge"),
        ({"merge": False, "inactive": True, "owners_present": False, "unanswered": 3}, "revive_or_archive"),
        ({"merge": False, "inactive": False, "owners_present": False, "unanswered": 3}, "find_owner"),
        ({"merge": False, "inactive": False, "owners_present": True, "unanswered": 3}, "answer_questions"),
        ({"merge": False, "inactive": False, "owners_present": True, "unanswered": 0}, ""),
    ],
)
def test_one_suggestion_per_group_most_important_first(facts: dict[str, bool | int], expected: str) -> None:
    assert groups.suggestion(**facts) == expected  # type: ignore[arg-type]


def test_private_figures_are_for_owners_and_community_managers_content_for_members() -> None:
    private = ev.GROUP_VISIBILITY_PRIVATE
    owner = privacy.Viewer("o", owns=frozenset({"g"}), member_of=frozenset({"g"}))
    member = privacy.Viewer("m", member_of=frozenset({"g"}))
    manager = privacy.Viewer("c", community_manager=True)
    stranger = privacy.Viewer("s")
    assert [privacy.group_figures(v, "g", private) for v in (owner, member, manager, stranger)] == [
        True, False, True, False,
    ]  # fmt: skip
    assert [privacy.group_content(v, "g", private) for v in (owner, member, manager, stranger)] == [
        True, True, False, False,
    ]  # fmt: skip
    assert privacy.group_figures(stranger, "p", ev.GROUP_VISIBILITY_PUBLIC)
    assert privacy.group_content(stranger, "", 0)  # not in a group
    assert privacy.enough(5, 5) and not privacy.enough(4, 5)


def test_periods_count_back_from_the_current_and_end_where_the_next_begins() -> None:
    assert periods.back("w", W2, 3) == [W0, W1, W2]
    assert periods.back("m", dt.date(2026, 1, 1), 2) == [dt.date(2025, 12, 1), dt.date(2026, 1, 1)]
    assert periods.end("m", dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert periods.end("q", dt.date(2026, 10, 1)) == dt.date(2027, 1, 1)
    assert periods.end("w", W2) == dt.date(2026, 11, 30)
