"""Time to first answer: a question is answered when someone other than the asker first comments on it,
and answered within target when that took no longer than its group's target."""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
from collections.abc import Iterable

MAX_TARGET_HOURS = 720  # thirty days


@dataclasses.dataclass(frozen=True, slots=True)
class Asked:
    asked_at: dt.datetime
    first_answer_at: dt.datetime | None
    target_hours: int


@dataclasses.dataclass(frozen=True, slots=True)
class AnswerFigures:
    asked: int = 0
    answered: int = 0
    within_target: int = 0
    median_hours: float = 0.0


def figures(questions: Iterable[Asked]) -> AnswerFigures:
    asked = 0
    waits: list[float] = []
    within = 0
    for q in questions:
        asked += 1
        if q.first_answer_at is None:
            continue
        hours = max((q.first_answer_at - q.asked_at).total_seconds() / 3600, 0.0)
        waits.append(hours)
        within += hours <= q.target_hours
    return AnswerFigures(asked, len(waits), within, round(statistics.median(waits), 2) if waits else 0.0)


def waiting_hours(asked_at: dt.datetime, now: dt.datetime) -> float:
    return round(max((now - asked_at).total_seconds() / 3600, 0.0), 1)
