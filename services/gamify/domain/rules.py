"""The organisation's rules as data: points per action, levels and badges, parsed and checked.

Rules live in a YAML file the organisation can change without code (`rules.yaml` is the default). A
mistake in it must stop the service at start-up with a message naming the place, not award nonsense
later, so `parse` checks everything and raises `RulesError`.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

ACTIONS = (
    "post",
    "question",
    "answer",
    "comment",
    "accepted_answer",
    "reaction_received",
    "comment_received",
    "praise_received",
    "praise_given",
    "leader_recognition",
    "welcome",
)

# metric -> the ledger actions it counts (metrics with no actions are computed from their own tables)
COUNTED: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "posts": ("post", "question"),
        "answers": ("answer",),
        "accepted_answers": ("accepted_answer",),
        "leader_recognitions": ("leader_recognition",),
        "praise_given": ("praise_given",),
    }
)
METRICS = (*COUNTED, "conversations", "streak_weeks", "group_members")
PARAMS: Mapping[str, tuple[str, ...]] = MappingProxyType({"conversations": ("comments", "people")})
TIER_ORDER = ("", "bronze", "silver", "gold", "platinum")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class RulesError(ValueError):
    """The rules file is wrong; the message says where and how."""


@dataclasses.dataclass(frozen=True, slots=True)
class PointsRule:
    action: str
    points: int
    daily_cap: int = 0  # 0: no cap


@dataclasses.dataclass(frozen=True, slots=True)
class Tier:
    name: str  # "" for a badge with one step
    threshold: int


@dataclasses.dataclass(frozen=True, slots=True)
class BadgeRule:
    badge_id: str
    name: str
    description: str
    metric: str
    tiers: tuple[Tier, ...]  # ascending thresholds
    params: tuple[tuple[str, int], ...] = ()

    def param(self, name: str) -> int:
        return dict(self.params)[name]

    def key(self, tier: Tier) -> str:
        """Identifies the rule as it decides: a changed threshold or parameter is a new rule, backfilled."""
        params = ",".join(f"{k}={v}" for k, v in self.params)
        return f"badge:{self.badge_id}:{tier.name}:{self.metric}:{tier.threshold}:{params}"


@dataclasses.dataclass(frozen=True, slots=True)
class LevelRule:
    level: int
    name: str
    points: int

    @property
    def key(self) -> str:
        return f"level:{self.level}:{self.points}"


@dataclasses.dataclass(frozen=True, slots=True)
class RuleSet:
    points: Mapping[str, PointsRule]
    levels: tuple[LevelRule, ...]  # ascending
    badges: tuple[BadgeRule, ...]

    def level_for(self, points: int) -> LevelRule:
        reached = [level for level in self.levels if points >= level.points]
        return reached[-1] if reached else self.levels[0]

    def next_level(self, points: int) -> LevelRule | None:
        return next((level for level in self.levels if level.points > points), None)

    def badges_for(self, metrics: set[str]) -> list[BadgeRule]:
        return [badge for badge in self.badges if badge.metric in metrics]

    def keys(self) -> list[str]:
        return [b.key(t) for b in self.badges for t in b.tiers] + [level.key for level in self.levels]

    def badge(self, badge_id: str) -> BadgeRule | None:
        return next((b for b in self.badges if b.badge_id == badge_id), None)


def _int(value: Any, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RulesError(f"{where}: expected a whole number of at least {minimum}, got {value!r}")
    return value


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RulesError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def _text(value: Any, where: str, limit: int = 200) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise RulesError(f"{where}: expected a text of 1 to {limit} characters")
    return value.strip()


def _points(data: Mapping[str, Any]) -> dict[str, PointsRule]:
    rules = {}
    for action, spec in data.items():
        where = f"points.{action}"
        if action not in ACTIONS:
            raise RulesError(f"{where}: unknown action; the actions are {', '.join(ACTIONS)}")
        spec = _mapping(spec, where)
        unknown = set(spec) - {"points", "daily_cap"}
        if unknown:
            raise RulesError(f"{where}: unknown setting {sorted(unknown)[0]!r} (points, daily_cap)")
        rules[action] = PointsRule(
            action, _int(spec.get("points"), f"{where}.points"), _int(spec.get("daily_cap", 0), f"{where}.daily_cap")
        )
    for action in ACTIONS:  # an action the file leaves out earns nothing, explicitly
        rules.setdefault(action, PointsRule(action, 0))
    return rules


def _levels(data: Sequence[Any]) -> tuple[LevelRule, ...]:
    if not isinstance(data, Sequence) or not data:
        raise RulesError("levels: expected a list of at least one level")
    levels = []
    for i, item in enumerate(data):
        spec = _mapping(item, f"levels[{i}]")
        levels.append(
            LevelRule(
                _int(spec.get("level"), f"levels[{i}].level", 1),
                _text(spec.get("name"), f"levels[{i}].name", 60),
                _int(spec.get("points"), f"levels[{i}].points"),
            )
        )
    for before, after in itertools.pairwise(levels):
        if after.level != before.level + 1 or after.points <= before.points:
            raise RulesError(f"levels: level {after.level} must follow {before.level} and need more points")
    if levels[0].level != 1 or levels[0].points != 0:
        raise RulesError("levels: the first level is level 1 at 0 points")
    return tuple(levels)


def _badge(i: int, item: Any) -> BadgeRule:
    where = f"badges[{i}]"
    spec = _mapping(item, where)
    unknown = set(spec) - {"id", "name", "description", "metric", "tiers", "params"}
    if unknown:
        raise RulesError(f"{where}: unknown setting {sorted(unknown)[0]!r}")
    badge_id = spec.get("id")
    if not isinstance(badge_id, str) or not _ID.match(badge_id):
        raise RulesError(f"{where}.id: lowercase letters, digits and dashes, e.g. first-post")
    where = f"badge {badge_id}"
    metric = spec.get("metric")
    if metric not in METRICS:
        raise RulesError(f"{where}.metric: one of {', '.join(METRICS)}")
    tiers_spec = _mapping(spec.get("tiers"), f"{where}.tiers")
    if not tiers_spec:
        raise RulesError(f"{where}.tiers: at least one tier")
    tiers = []
    for name, threshold in tiers_spec.items():
        if name not in TIER_ORDER:
            raise RulesError(f"{where}.tiers: {name!r} is not one of {TIER_ORDER}")
        tiers.append(Tier(name, _int(threshold, f"{where}.tiers.{name or 'single'}", 1)))
    tiers.sort(key=lambda t: TIER_ORDER.index(t.name))
    if ("" in tiers_spec and len(tiers) > 1) or any(a.threshold >= b.threshold for a, b in itertools.pairwise(tiers)):
        raise RulesError(f"{where}.tiers: either one untiered step or tiers with rising thresholds")
    params_spec = _mapping(spec.get("params", {}), f"{where}.params")
    wanted = PARAMS.get(metric, ())
    if set(params_spec) != set(wanted):
        raise RulesError(f"{where}.params: {metric} takes exactly {', '.join(wanted) or 'no parameters'}")
    params = tuple((name, _int(params_spec[name], f"{where}.params.{name}", 1)) for name in wanted)
    return BadgeRule(
        badge_id,
        _text(spec.get("name"), f"{where}.name", 60),
        _text(spec.get("description", spec.get("name")), f"{where}.description"),
        metric,
        tuple(tiers),
        params,
    )


def parse(data: Any) -> RuleSet:
    """Check a loaded rules document and turn it into a RuleSet."""
    data = _mapping(data, "rules")
    unknown = set(data) - {"points", "levels", "badges"}
    if unknown:
        raise RulesError(f"rules: unknown section {sorted(unknown)[0]!r} (points, levels, badges)")
    badges_spec = data.get("badges", [])
    if not isinstance(badges_spec, Sequence):
        raise RulesError("badges: expected a list")
    badges = tuple(_badge(i, item) for i, item in enumerate(badges_spec))
    ids = [b.badge_id for b in badges]
    duplicate = next((b for b in ids if ids.count(b) > 1), None)
    if duplicate:
        raise RulesError(f"badges: {duplicate} is defined twice")
    return RuleSet(
        MappingProxyType(_points(_mapping(data.get("points", {}), "points"))), _levels(data.get("levels")), badges
    )
