"""Feed settings: the platform's plus the feed's own limits."""

from __future__ import annotations

import dataclasses

from kantine.config import PlatformSettings, env


@dataclasses.dataclass(frozen=True)
class FeedSettings(PlatformSettings):
    max_post_chars: int = env("KANTINE_FEED_MAX_POST_CHARS", 10_000)
    relay_enabled: bool = env("KANTINE_FEED_RELAY", True, help="run the event relay in this process")
