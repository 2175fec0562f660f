"""Gamify settings: the platform's, plus the rules file, the organisation's time zone and the smallest
group of people a figure may be shown about."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from kantine.config import ConfigError, PlatformSettings, env, load
from services.gamify.domain.rules import RulesError, RuleSet, parse

DEFAULT_RULES = Path(__file__).parent / "rules.yaml"


@dataclasses.dataclass(frozen=True)
class RulesSettings:
    """What deciding points and awards needs (also read by `kantine projections rebuild gamify`)."""

    rules_path: str = env("KANTINE_GAMIFY_RULES", "", help="the rules file (YAML); empty: the rules Kantine ships")
    time_zone: str = env(
        "KANTINE_GAMIFY_TIME_ZONE", "Europe/Copenhagen", help="where days, weeks and months start (an IANA name)"
    )

    @classmethod
    def from_environment(cls) -> RulesSettings:
        return load(cls)

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"KANTINE_GAMIFY_TIME_ZONE={self.time_zone!r} is not an IANA time zone") from None

    def rules(self) -> RuleSet:
        return load_rules(Path(self.rules_path) if self.rules_path else DEFAULT_RULES)


@dataclasses.dataclass(frozen=True)
class GamifySettings(RulesSettings, PlatformSettings):
    minimum_group_size: int = env(
        "KANTINE_GAMIFY_MINIMUM_GROUP_SIZE", 5, help="figures about fewer people than this are not shown"
    )
    backfill_on_new_rules: bool = env(
        "KANTINE_GAMIFY_BACKFILL", True, help="apply a rule added to the file to history at start-up"
    )


def load_rules(path: Path) -> RuleSet:
    """Read and check a rules file; every problem is a ConfigError naming the file and the place."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"KANTINE_GAMIFY_RULES: cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    try:
        return parse(data)
    except RulesError as exc:
        raise ConfigError(f"{path}: {exc}") from None
