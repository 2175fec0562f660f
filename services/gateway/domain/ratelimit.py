"""Per-person rate limits: a token bucket for reads and one for writes.

A bucket holds a quarter of a minute's allowance, so a page that loads ten things at once is never
refused, while a script that loops is slowed to the per-minute rate. A refused request learns when
the next one will be allowed (Retry-After). The limits are per gateway process: with several replicas
a person's allowance is at most the replicas times the configured rate, which is what a limit against
runaway clients needs; it is not a quota.
"""

from __future__ import annotations

import dataclasses
import math


@dataclasses.dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """Buckets by key; `now` is passed in so the rule is tested without a clock."""

    def __init__(self, per_minute: int, *, max_keys: int = 100_000) -> None:
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, per_minute / 4.0)
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}

    @property
    def unlimited(self) -> bool:
        return self.rate <= 0

    def take(self, key: str, now: float) -> float:
        """0 when the request may go ahead (and is counted), else the seconds until it may."""
        if self.unlimited:
            return 0.0
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._forget_full(now)
            bucket = self._buckets[key] = _Bucket(self.capacity, now)
        else:
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.rate)
            bucket.at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        """Drop buckets that have refilled: forgetting one is the same as keeping it full."""
        refill = self.capacity / self.rate
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.at < refill}


def retry_after(seconds: float) -> str:
    """The Retry-After header's value: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
