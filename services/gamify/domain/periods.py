"""Leaderboard periods: the organisation's week (from Monday), month and quarter, and all time."""

from __future__ import annotations

import datetime as dt

PERIODS = {"week": "w", "month": "m", "quarter": "q", "all": "a"}
ALL_TIME = dt.date(2000, 1, 1)


def code(period: str) -> str:
    """The stored code of a period name; ValueError names the choices."""
    try:
        return PERIODS[period or "week"]
    except KeyError:
        raise ValueError(f"period {period!r}: one of {', '.join(PERIODS)}") from None


def start(period_code: str, day: dt.date) -> dt.date:
    """The first day of the period that contains `day` (matches the store's date_trunc)."""
    if period_code == "w":
        return day - dt.timedelta(days=day.weekday())
    if period_code == "m":
        return day.replace(day=1)
    if period_code == "q":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return ALL_TIME
