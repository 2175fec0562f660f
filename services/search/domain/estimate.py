"""How many entries a query will match, from PostgreSQL's own statistics of the index, and so which way
to find its newest matches.

The planner estimates the same from the same statistics, but it prices matching a text like comparing
two numbers; the real cost decides the choice here instead, once, in code that can be tested:

* walking the entries newest first reads about cap / share rows, each with a text match;
* fetching every match from the text index reads share x rows rows, then sorts them.

The first is cheaper exactly when share^2 x rows > SCAN_TO_FETCH x cap: for a word in every fifth post
(walk), not for a word in one post of a hundred (fetch).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping, Sequence

# the cost of reading one row and matching its text, against fetching one match by the index and sorting it
# (measured with `make bench` on 200,000 posts: about 0.4 µs against 4 µs)
SCAN_TO_FETCH = 0.1
# PostgreSQL's own assumption for a text match it has no statistics for (tsginidx.c)
DEFAULT_SHARE = 0.005
_LEXEME = re.compile(r"'((?:[^']|'')*)'")


@dataclasses.dataclass(frozen=True, slots=True)
class Statistics:
    """The index's shape as ANALYZE last saw it: rows, and the share of rows holding each common lexeme
    and tag. A lexeme not listed is rarer than `floor` (PostgreSQL's own rule: half the least common one)."""

    rows: float = 0.0
    lexemes: Mapping[str, float] = dataclasses.field(default_factory=dict)
    floor: float = DEFAULT_SHARE
    tags: Mapping[str, float] = dataclasses.field(default_factory=dict)
    tag_floor: float = DEFAULT_SHARE


def text_share(tsquery: str, stats: Statistics) -> float:
    """The share of entries a tsquery of ORed variants (each a conjunction or phrase of lexemes, as
    `reads.analysed` writes them) matches, taking words as independent."""
    miss = 1.0
    for variant in _variants(tsquery):
        share = 1.0
        for lexeme in _LEXEME.findall(variant):
            share *= stats.lexemes.get(lexeme.replace("''", "'"), stats.floor)
        miss *= 1.0 - share
    return 1.0 - miss


def tags_share(tags: Sequence[str], stats: Statistics) -> float:
    return math.prod(stats.tags.get(t, stats.tag_floor) for t in tags)


def walk_newest(share: float, rows: float, cap: int) -> bool:
    """Whether to find the newest `cap` matches by walking entries newest first (see the module)."""
    return share * share * rows > SCAN_TO_FETCH * cap


def _variants(tsquery: str) -> list[str]:
    """The top-level variants of `(a) | (b & c)`: split at the bars outside parentheses and quotes."""
    out, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(tsquery):
        if ch == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(tsquery[start:i])
            start = i + 1
    out.append(tsquery[start:])
    return [v for v in out if v.strip()]
