"""Insights settings: the platform's, plus where weeks start, the targets and thresholds a community
manager works to, and how long per-period activity is kept."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kantine.config import ConfigError, PlatformSettings, env, load


@dataclasses.dataclass(frozen=True)
class CountingSettings:
    """What counting needs (also read by `kantine projections rebuild insights`)."""

    time_zone: str = env(
        "KANTINE_INSIGHTS_TIME_ZONE", "Europe/Copenhagen", help="where days, weeks and months start (an IANA name)"
    )

    @classmethod
    def from_environment(cls) -> CountingSettings:
        return load(cls)

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"KANTINE_INSIGHTS_TIME_ZONE={self.time_zone!r} is not an IANA time zone") from None


@dataclasses.dataclass(frozen=True)
class InsightsSettings(CountingSettings, PlatformSettings):
    minimum_group_size: int = env(
        "KANTINE_INSIGHTS_MINIMUM_GROUP_SIZE", 5, help="figures about fewer people than this are not shown"
    )
    answer_target_hours: int = env(
        "KANTINE_INSIGHTS_ANSWER_TARGET_HOURS", 24, help="a question should have a first answer within this"
    )
    inactive_days: int = env("KANTINE_INSIGHTS_INACTIVE_DAYS", 90, help="a group without a post this long is inactive")
    leaders_see_reports: bool = env(
        "KANTINE_INSIGHTS_LEADERS_SEE_REPORTS", False,
        help="a leader's manager sees the leader's engagement figures (off: the leader and community managers)",
    )  # fmt: skip
    search_address: str = env(
        "KANTINE_SEARCH_ADDRESS", "", help="host:port of the search service's gRPC, for the inbox's missed searches"
    )
    retention_days: int = env(
        "KANTINE_INSIGHTS_RETENTION_DAYS", 400, help="who was active in which week or month is kept this long"
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.minimum_group_size < 2:
            raise ConfigError("KANTINE_INSIGHTS_MINIMUM_GROUP_SIZE must be 2 or more: one person is a person")
        if not 1 <= self.answer_target_hours <= 720:
            raise ConfigError("KANTINE_INSIGHTS_ANSWER_TARGET_HOURS must be between 1 and 720")
        if self.inactive_days < 7 or self.retention_days < 62:
            raise ConfigError("KANTINE_INSIGHTS_INACTIVE_DAYS is 7 or more, KANTINE_INSIGHTS_RETENTION_DAYS 62 or more")
        self.zone()
