"""Gamify's pure rules: the rules file is checked with messages that name the place, deeds are decided
without I/O, badges and levels come due once, and the privacy switches resolve as a works council
would expect."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from kantine import periods
from kantine.config import ConfigError
from services.gamify.config import DEFAULT_RULES, load_rules
from services.gamify.domain import badges
from services.gamify.domain import points as deeds
from services.gamify.domain.points import PostFacts
from services.gamify.domain.privacy import Policy, Switches
from services.gamify.domain.rules import ACTIONS, RulesError, parse

RULES = load_rules(DEFAULT_RULES)


def shipped() -> dict[str, Any]:
    data = yaml.safe_load(DEFAULT_RULES.read_text())
    assert isinstance(data, dict)
    return data


# ----- the rules file -----


def test_the_shipped_rules_parse_and_cover_every_action_and_badge_the_issue_names() -> None:
    assert set(RULES.points) == set(ACTIONS)
    assert {b.badge_id for b in RULES.badges} >= {
        "first-post", "first-answer", "accepted-answers", "conversation-starter", "recognised-by-leader",
        "team-player", "streak", "community-builder",
    }  # fmt: skip
    assert [t.name for t in RULES.badge("accepted-answers").tiers] == ["bronze", "silver", "gold"]  # type: ignore[union-attr]
    assert RULES.level_for(0).level == 1 and RULES.level_for(10**9).level == RULES.levels[-1].level


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["points"].update(boasting={"points": 1}), "points.boasting: unknown action"),
        (lambda d: d["points"]["post"].update(points=-1), "points.post.points"),
        (lambda d: d["points"]["post"].update(points=True), "points.post.points"),
        (lambda d: d["levels"].append({"level": 9, "name": "Skip", "points": 99999}), "levels: level 9"),
        (lambda d: d["badges"][0].update(metric="likes"), "badge first-post.metric"),
        (lambda d: d["badges"][0].update(id="First Post"), "badges[0].id"),
        (lambda d: d["badges"][2].update(tiers={"bronze": 5, "silver": 5}), "rising thresholds"),
        (lambda d: d["badges"][2].update(tiers={"tin": 1}), "'tin' is not one of"),
        (lambda d: d["badges"][3].update(params={"comments": 3}), "conversations takes exactly comments, people"),
        (lambda d: d["badges"].append(dict(d["badges"][0])), "first-post is defined twice"),
        (lambda d: d.update(bonus={}), "unknown section 'bonus'"),
    ],
)
def test_a_mistake_in_the_rules_is_refused_with_its_place(change: Any, message: str) -> None:
    data = shipped()
    change(data)
    with pytest.raises(RulesError, match=re.escape(message)):
        parse(data)


def test_a_rules_file_that_cannot_be_read_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_rules(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("points: [unclosed")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_rules(broken)


def test_changing_a_threshold_makes_a_new_rule_key() -> None:
    data = shipped()
    data["badges"][2]["tiers"]["gold"] = 40
    new = set(parse(data).keys()) - set(RULES.keys())
    assert len(new) == 1 and next(iter(new)).startswith("badge:accepted-answers:gold:accepted_answers:40:")


# ----- deeds -----

POST = PostFacts("p1", "author", question=False, first=False)
QUESTION = PostFacts("q1", "asker", question=True, first=True)


def test_a_post_earns_its_author_and_praise_earns_both_sides() -> None:
    earns = deeds.post_created(POST, ["ann", "bob", "ann", "author"], author_is_leader=True)
    assert [(e.user_id, e.action) for e in earns] == [
        ("author", "post"), ("author", "praise_given"), ("ann", "praise_received"), ("ann", "leader_recognition"),
        ("bob", "praise_received"), ("bob", "leader_recognition"),
    ]  # fmt: skip
    assert deeds.post_created(POST, ["author"], author_is_leader=False) == [
        deeds.Earn("author", "post", "post:p1", post_id="p1")
    ]  # praising oneself is nothing


def test_an_answer_to_a_newcomers_question_earns_answer_welcome_and_comment_received() -> None:
    earns = deeds.comment_added(QUESTION, "c1", "helper", reply=False, writer_is_leader=False)
    assert {(e.user_id, e.action) for e in earns} == {
        ("helper", "answer"),
        ("asker", "comment_received"),
        ("helper", "welcome"),
    }
    reply = deeds.comment_added(QUESTION, "c2", "helper", reply=True, writer_is_leader=True)
    assert {(e.user_id, e.action) for e in reply} == {
        ("helper", "comment"),
        ("asker", "comment_received"),
        ("asker", "leader_recognition"),
        ("helper", "welcome"),
    }
    own = deeds.comment_added(QUESTION, "c3", "asker", reply=False, writer_is_leader=True)
    assert [(e.user_id, e.action) for e in own] == [("asker", "comment")]


def test_reactions_to_oneself_and_self_accepted_answers_earn_nothing() -> None:
    assert deeds.reaction_added("p1", "", "author", "author", reactor_is_leader=True) == []
    assert deeds.answer_accepted(QUESTION, "c1", "asker") == []
    leader = deeds.reaction_added("p1", "c9", "author", "boss", reactor_is_leader=True)
    assert {e.key for e in leader} == set(deeds.reaction_keys("p1", "c9", "boss"))


def test_a_streak_counts_weeks_in_a_row_up_to_this_one() -> None:
    monday = dt.date(2026, 11, 16)
    weeks = [monday - dt.timedelta(days=7 * i) for i in (0, 1, 2, 4)]
    assert deeds.streak(weeks, dt.date(2026, 11, 22)) == 3
    assert deeds.streak(weeks, dt.date(2026, 11, 23)) == 0  # a new week with nothing in it yet


def test_periods_start_on_monday_the_first_and_the_quarter() -> None:
    day = dt.date(2026, 11, 19)
    assert periods.start("w", day) == dt.date(2026, 11, 16)
    assert periods.start("m", day) == dt.date(2026, 11, 1)
    assert periods.start("q", day) == dt.date(2026, 10, 1)
    assert periods.start("a", day) == periods.ALL_TIME
    with pytest.raises(ValueError, match="one of week, month, quarter, all"):
        periods.code("fortnight")


# ----- badges and levels -----


def test_badges_come_due_once_per_tier_and_progress_points_at_the_next() -> None:
    due = badges.due(RULES, {"accepted-answers": 10}, have={("accepted-answers", "bronze")})
    assert [(d.badge.badge_id, d.tier.name, d.reason) for d in due] == [
        ("accepted-answers", "silver", "10 accepted answers")
    ]
    assert badges.due(RULES, {"first-post": 3}, have={("first-post", "")}) == []
    have = {("accepted-answers", "bronze"), ("accepted-answers", "silver")}
    figures = {"accepted-answers": 12, "first-post": 0}
    progress = {
        p.badge.badge_id: (p.tier.name, p.current, p.tier.threshold) for p in badges.progress(RULES, figures, have)
    }
    assert progress["accepted-answers"] == ("gold", 12, 50)
    assert progress["first-post"] == ("", 0, 1)


def test_levels_due_skip_what_was_reached_and_backfill_is_about_the_evidence() -> None:
    assert [lv.level for lv in badges.levels_due(RULES, 250, reached={2})] == [3]
    assert badges.levels_due(RULES, 10, reached=set()) == []
    seen = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    assert badges.backfilled(seen, seen - dt.timedelta(days=1))
    assert not badges.backfilled(seen, seen)
    assert not badges.backfilled(None, seen)


# ----- privacy -----


def test_privacy_switches_resolve_from_group_and_country_to_the_organisation() -> None:
    policy = Policy(Switches(), {"NO": Switches(leaderboards=False)}, {"g1": Switches(leaderboards=False)}, minimum=5)
    assert policy.leaderboard_personal() and not policy.leaderboard_personal("g1")
    assert policy.ranks("DK", hidden=False) and not policy.ranks("NO", hidden=False)
    assert not policy.ranks("DK", hidden=True)
    assert policy.badges_public("NO", hidden=False) and not policy.badges_public("DK", hidden=True)
    off = Policy(Switches(False, False), {"SE": Switches(leaderboards=True)}, {"g2": Switches(leaderboards=True)})
    assert not off.leaderboard_personal() and off.leaderboard_personal("g2")
    assert off.ranks("SE", hidden=False) and not off.ranks("DK", hidden=False)
    assert not off.shown(4) and off.shown(5)
