"""Feed settings: the platform's plus the feed's own limits."""

from __future__ import annotations

import dataclasses

from kantine.config import PlatformSettings, env
from services.feed.domain.model import Limits


@dataclasses.dataclass(frozen=True)
class FeedSettings(PlatformSettings):
    max_post_chars: int = env("KANTINE_FEED_MAX_POST_CHARS", 10_000)
    max_comment_chars: int = env("KANTINE_FEED_MAX_COMMENT_CHARS", 5_000)
    reactions: str = env("KANTINE_FEED_REACTIONS", "like,celebrate,support,insightful,love", help="comma-separated")
    company_values: str = env("KANTINE_FEED_COMPANY_VALUES", "", help="comma-separated; empty accepts any value")
    scheduler_interval_s: float = env(
        "KANTINE_FEED_SCHEDULER_INTERVAL_S",
        15.0,
        help="how often scheduled posts and ended groups are looked for; 0 = off",
    )
    relay_enabled: bool = env("KANTINE_FEED_RELAY", True, help="run the event relay in this process")

    def limits(self) -> Limits:
        return Limits(
            post_chars=self.max_post_chars,
            comment_chars=self.max_comment_chars,
            reactions=tuple(r.strip().lower() for r in self.reactions.split(",") if r.strip()),
            company_values=tuple(v.strip() for v in self.company_values.split(",") if v.strip()),
        )
