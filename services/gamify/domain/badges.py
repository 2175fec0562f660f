"""Which badges and levels are due, and how far a person is from the next: pure functions of the rules
and a person's figures.

A badge is due once a figure reaches a tier's threshold; it is never taken away again, even if the
figure drops later (a deleted post), because people remember being told. An award whose evidence is
older than the rule itself (a rule added or changed later and applied to history) is "backfilled":
recorded and shown, but nobody is notified about the past.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from services.gamify.domain.rules import BadgeRule, LevelRule, RuleSet, Tier

NOUNS = {
    "posts": ("post", "posts"),
    "answers": ("answer", "answers"),
    "accepted_answers": ("accepted answer", "accepted answers"),
    "conversations": ("post that got a conversation going", "posts that got a conversation going"),
    "leader_recognitions": ("recognition from a leader", "recognitions from leaders"),
    "praise_given": ("praise given", "praises given"),
    "streak_weeks": ("active week in a row", "active weeks in a row"),
    "group_members": ("member in a group you created", "members in a group you created"),
}


@dataclasses.dataclass(frozen=True, slots=True)
class Due:
    badge: BadgeRule
    tier: Tier
    value: int

    @property
    def reason(self) -> str:
        one, many = NOUNS[self.badge.metric]
        threshold = self.tier.threshold
        return f"{threshold} {one if threshold == 1 else many}"


@dataclasses.dataclass(frozen=True, slots=True)
class Progress:
    badge: BadgeRule
    tier: Tier
    current: int


def due(rules: RuleSet, values: Mapping[str, int], have: set[tuple[str, str]]) -> list[Due]:
    """Badge tiers reached by the figures (badge id -> value) and not yet awarded, lowest tier first."""
    result: list[Due] = []
    for badge in rules.badges:
        value = values.get(badge.badge_id)
        if value is None:
            continue
        result.extend(
            Due(badge, tier, value)
            for tier in badge.tiers
            if value >= tier.threshold and (badge.badge_id, tier.name) not in have
        )
    return result


def progress(rules: RuleSet, values: Mapping[str, int], have: set[tuple[str, str]]) -> list[Progress]:
    """For each badge, the next tier not yet awarded and the current figure (badges completed are left out)."""
    result = []
    for badge in rules.badges:
        tier = next((t for t in badge.tiers if (badge.badge_id, t.name) not in have), None)
        if tier is not None:
            result.append(Progress(badge, tier, min(values.get(badge.badge_id, 0), tier.threshold)))
    return result


def levels_due(rules: RuleSet, points: int, reached: set[int]) -> list[LevelRule]:
    """Levels at or below the person's points not yet recorded (level 1 is where everybody starts)."""
    return [
        level for level in rules.levels if level.level > 1 and points >= level.points and level.level not in reached
    ]


def backfilled(rule_first_seen: dt.datetime | None, evidence_at: dt.datetime) -> bool:
    """True when the deed that completed the rule happened before gamify knew the rule."""
    return rule_first_seen is not None and evidence_at < rule_first_seen
