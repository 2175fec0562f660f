"""Participation against the 1-9-90 model: in each period every person is in the highest tier they
reached (created, commented, reacted, read, or nothing), and "moved up" when that tier is higher than in
the period before."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence


class Level(enum.IntEnum):
    """A person's tier in a period, as stored (the higher wins)."""

    INACTIVE = 0
    READ = 1
    REACT = 2
    COMMENT = 3
    CREATE = 4


@dataclasses.dataclass(frozen=True, slots=True)
class Split:
    start: dt.date
    population: int
    creators: int = 0
    contributors: int = 0
    reactors: int = 0
    readers: int = 0
    moved_up: int = 0

    @property
    def inactive(self) -> int:
        return self.population - self.creators - self.contributors - self.reactors - self.readers


Levels = Mapping[str, Mapping[dt.date, int]]  # person -> period start -> level


def split(
    starts: Sequence[dt.date], ends: Sequence[dt.date], population: Mapping[str, dt.date], levels: Levels
) -> list[Split]:
    """The split in each period of `starts` (with their `ends`) but the first, which is only the baseline
    of "moved up" for the second. `population` maps each person to the day they joined: they are counted
    in the periods that end after it. People without a level in a period were inactive in it."""
    reported = list(zip(starts[1:], ends[1:], strict=True))
    counts = [[0] * 5 for _ in reported]
    sizes = [0] * len(reported)
    moved = [0] * len(reported)
    for person, joined in population.items():
        mine = levels.get(person, {})
        before = _level(mine, starts[0]) if starts else 0
        for i, (start, end) in enumerate(reported):
            level = _level(mine, start)
            if joined < end:
                sizes[i] += 1
                counts[i][level] += 1
                moved[i] += level > before
            before = level
    return [
        Split(start, sizes[i], creators=c[Level.CREATE], contributors=c[Level.COMMENT], reactors=c[Level.REACT],
              readers=c[Level.READ], moved_up=moved[i])
        for i, ((start, _), c) in enumerate(zip(reported, counts, strict=True))
    ]  # fmt: skip


def moved_up(starts: Sequence[dt.date], population: Iterable[str], levels: Levels) -> list[str]:
    """The people in a higher tier in the last period than in the one before it."""
    if len(starts) < 2:
        return []
    last, before = starts[-1], starts[-2]
    return [p for p in population if _level(levels.get(p, {}), last) > _level(levels.get(p, {}), before)]


def _level(levels: Mapping[dt.date, int], start: dt.date) -> int:
    return min(max(levels.get(start, 0), 0), int(Level.CREATE))


def group_levels(in_group: Levels, anywhere: Levels, members: Iterable[str]) -> dict[str, dict[dt.date, int]]:
    """A group's members' levels: what they did in the group, and "read" for a member who came to
    Kantine at all in the period (which posts they read is never known, so a visit counts as reading)."""
    out: dict[str, dict[dt.date, int]] = {}
    for person in members:
        mine = dict(in_group.get(person, {}))
        for start, level in anywhere.get(person, {}).items():
            if level >= Level.READ:
                mine[start] = max(mine.get(start, 0), Level.READ)
        if mine:
            out[person] = mine
    return out
