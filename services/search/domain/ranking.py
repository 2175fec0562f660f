"""How results are ordered: relevance, then engagement and freshness as multipliers, and how much each
kind of evidence says about a person's expertise.

The figures live here once; the queries (`reads`) are built from them, and a test checks that the
database computes the same score as `score` below.
"""

from __future__ import annotations

import dataclasses
import math


@dataclasses.dataclass(frozen=True, slots=True)
class Ranking:
    """score = relevance x engagement x freshness.

    Engagement: reactions and comments say others found it useful, with diminishing returns (a log), and
    an accepted answer more so. Freshness: a post of today counts up to (1 + fresh_boost) times one of
    long ago; half of the boost is gone after `fresh_days`.
    """

    engagement: float = 0.25
    comment_weight: float = 2.0
    answered_boost: float = 0.5
    fresh_boost: float = 1.0
    fresh_days: float = 30.0


RANKING = Ranking()

# A query ranks, counts and facets at most this many of its matches, the newest: what a search costs
# stays the same however large the network grows, and on a social network the newest matches of a common
# word are the ones worth ranking. A rarer query (fewer matches) is ranked in full.
NEWEST_RANKED = 200


def score(
    relevance: float, reactions: int, comments: int, answered: bool, age_days: float, r: Ranking = RANKING
) -> float:
    engagement = 1 + r.engagement * math.log(1 + reactions + r.comment_weight * comments)
    engagement += r.answered_boost if answered else 0.0
    freshness = 1 + r.fresh_boost / (1 + max(age_days, 0.0) / r.fresh_days)
    return relevance * engagement * freshness


@dataclasses.dataclass(frozen=True, slots=True)
class Evidence:
    """What one entry on a topic says about its author's expertise, before reactions and age.

    An accepted answer is the strongest sign (someone with the question confirmed it); an answer more
    than a post; asking about a topic says little. Reactions multiply by 1 + log(1 + reactions); the
    weight halves every `half_life_days`. A profile that lists the topic among skills or in the title
    adds `profile`.
    """

    accepted_answer: float = 6.0
    answer: float = 2.0
    post: float = 1.5
    comment: float = 1.0
    question: float = 0.3
    profile: float = 3.0
    half_life_days: float = 365.0


EVIDENCE = Evidence()


def evidence(
    *, comment: bool, on_question: bool, accepted: bool, asked: bool, reactions: int, age_days: float,
    e: Evidence = EVIDENCE,
) -> float:  # fmt: skip
    if comment:
        base = e.accepted_answer if accepted else e.answer if on_question else e.comment
    else:
        base = e.question if asked else e.post
    decay: float = 0.5 ** (max(age_days, 0.0) / e.half_life_days)
    return base * (1 + math.log(1 + reactions)) * decay
