"""The periods figures are counted in: the organisation's week (from Monday), month and quarter, and all
time (gamify's leaderboards, insights' participation and answer times)."""

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


def back(period_code: str, first: dt.date, n: int) -> list[dt.date]:
    """The first days of the `n` periods up to and with the one starting `first`, oldest first."""
    if period_code == "a":
        return [ALL_TIME]
    found = [first]
    while len(found) < n:
        found.append(start(period_code, found[-1] - dt.timedelta(days=1)))
    return found[::-1]


def end(period_code: str, first: dt.date) -> dt.date:
    """The first day after the period starting `first`."""
    if period_code == "w":
        return first + dt.timedelta(days=7)
    if period_code in ("m", "q"):
        month = first.month - 1 + (1 if period_code == "m" else 3)
        return dt.date(first.year + month // 12, month % 12 + 1, 1)
    return dt.date.max
