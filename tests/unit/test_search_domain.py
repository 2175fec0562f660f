"""Search's small pure rules: the text as indexed, snippets as text with ranges, and the ranking figures."""

from __future__ import annotations

import pytest

from services.search.domain import estimate, ranking
from services.search.domain.snippets import START, STOP, highlighted
from services.search.domain.text import plain


def test_a_mention_reads_as_the_name_and_control_characters_go() -> None:
    body = "Ask @[Anna Berg](01a208ef-48ea-713e-a9a7-5acefda8e73b) about it\x02 now\x00"
    assert plain(body) == "Ask @Anna Berg about it now"


def test_text_is_composed_so_a_decomposed_letter_matches() -> None:
    assert plain("pa\u030a mødet") == "på mødet"


def test_line_breaks_and_tabs_stay() -> None:
    assert plain("one\ntwo\tthree") == "one\ntwo\tthree"


def test_highlighted_parts_become_ranges_of_the_plain_text() -> None:
    text, ranges = highlighted(f"the {START}budget{STOP} for {START}Q3{STOP} is out")
    assert text == "the budget for Q3 is out"
    assert [text[a:b] for a, b in ranges] == ["budget", "Q3"]


def test_unmatched_or_empty_markers_give_no_range() -> None:
    assert highlighted(f"a {STOP}b{START}{STOP} c {START}d") == ("a b c d", [])


def test_ranges_count_code_points_not_bytes() -> None:
    text, ranges = highlighted(f"Søg på {START}møderne{STOP}")
    assert [text[a:b] for a, b in ranges] == ["møderne"]


def test_engagement_and_freshness_raise_a_score_with_diminishing_returns() -> None:
    base = ranking.score(0.1, reactions=0, comments=0, answered=False, age_days=400)
    liked = ranking.score(0.1, reactions=10, comments=0, answered=False, age_days=400)
    loved = ranking.score(0.1, reactions=100, comments=0, answered=False, age_days=400)
    fresh = ranking.score(0.1, reactions=0, comments=0, answered=False, age_days=0)
    assert base < liked < loved
    assert loved - liked < (liked - base) * 2  # a log, not a count
    r = ranking.RANKING
    assert fresh / base == pytest.approx((1 + r.fresh_boost) / (1 + r.fresh_boost / (1 + 400 / r.fresh_days)))
    assert ranking.score(0.1, reactions=0, comments=0, answered=True, age_days=400) > base


def test_an_accepted_answer_is_the_strongest_evidence_and_evidence_fades() -> None:
    def weight(**kw: bool) -> float:
        facts = {"comment": False, "on_question": False, "accepted": False, "asked": False} | kw
        return ranking.evidence(**facts, reactions=0, age_days=0)

    accepted = weight(comment=True, on_question=True, accepted=True)
    answer = weight(comment=True, on_question=True)
    post, asked = weight(), weight(asked=True)
    assert accepted > answer > post > asked
    old = ranking.evidence(comment=False, on_question=False, accepted=False, asked=False, reactions=0,
                           age_days=ranking.EVIDENCE.half_life_days)  # fmt: skip
    assert old == pytest.approx(post / 2)


def test_the_share_of_a_query_follows_its_words_and_variants() -> None:
    stats = estimate.Statistics(rows=100_000, lexemes={"medarbejd": 0.2, "print": 0.01, "budget": 0.05}, floor=0.001)
    assert estimate.text_share("('medarbejd')", stats) == pytest.approx(0.2)
    # the same word in two spellings: either matches
    assert estimate.text_share("('print') | ('printer')", stats) == pytest.approx(1 - 0.99 * 0.999)
    # a conjunction or phrase needs every word
    assert estimate.text_share("('print' & 'budget') | ('print' <-> 'budget')", stats) == pytest.approx(
        1 - (1 - 0.0005) ** 2
    )
    assert estimate.text_share("('it''s')", stats) == pytest.approx(0.001)  # a quote inside a lexeme


def test_common_words_walk_the_newest_and_rare_ones_use_the_index() -> None:
    rows, cap = 200_000, 200
    assert estimate.walk_newest(0.2, rows, cap)
    assert not estimate.walk_newest(0.005, rows, cap)
    assert not estimate.walk_newest(0.2, 100, cap)  # a small network: fetch everything
    stats = estimate.Statistics(rows=rows, tags={"security": 0.02}, tag_floor=0.0001)
    assert estimate.tags_share(["security"], stats) == 0.02
    assert estimate.tags_share(["security", "nowhere"], stats) == pytest.approx(0.02 * 0.0001)


def test_a_stray_stop_marker_is_dropped_and_marks_nothing() -> None:
    assert highlighted(f"x{START}ab{STOP}cd{STOP}e") == ("xabcde", [(1, 3)])
