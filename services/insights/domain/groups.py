"""Group health: what a community manager or an owner should do about a group. Inactive groups are to be
revived or archived; two groups alike in name and purpose with members in common are likely duplicates,
and the smaller is suggested for merging into the larger."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence

NAME_WEIGHT = 0.6  # of the similarity; the rest is the purpose's words
SIMILAR = 0.45  # alike enough to be a duplicate when members overlap too
OVERLAP = 0.3  # the share of the smaller group's members who are in the other
ALIKE = 0.8  # alike enough to be a duplicate whatever the members
_WORD = re.compile(r"\w{3,}")
_STOP = frozenset(
    {"the", "and", "for", "with", "our", "all", "about", "from", "this", "that", "are", "you", "your", "here"}  # en
    | {"og", "til", "med", "den", "det", "der", "som", "vores", "alle", "om"}  # da, nb
    | {"och", "till", "för", "våra", "alla"}  # sv
    | {"het", "een", "van", "voor", "met", "onze", "over", "die", "dat"}  # nl
)


@dataclasses.dataclass(frozen=True, slots=True)
class GroupFacts:
    group_id: str
    name: str
    purpose: str
    members: frozenset[str]
    created_at: float = 0.0  # a sortable time: the older of two equal groups is kept


@dataclasses.dataclass(frozen=True, slots=True)
class Duplicate:
    group_id: str
    other_id: str
    similarity: float
    member_overlap: float


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _trigrams(text: str) -> set[str]:
    padded = f"  {' '.join(_fold(text).split())} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(_fold(text)) if w not in _STOP}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def similarity(a: GroupFacts, b: GroupFacts) -> float:
    """0..1: the names' letter trigrams (word order and plurals matter little) and the purposes' words."""
    names = _jaccard(_trigrams(a.name), _trigrams(b.name))
    purposes = _jaccard(_words(a.purpose), _words(b.purpose))
    return round(NAME_WEIGHT * names + (1 - NAME_WEIGHT) * purposes, 3)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    smaller = min(len(a), len(b))
    return round(len(a & b) / smaller, 3) if smaller else 0.0


def likely_duplicates(groups: Sequence[GroupFacts]) -> list[Duplicate]:
    """Every pair alike in name and purpose whose members overlap (or that are nearly the same), both
    ways round."""
    found: list[Duplicate] = []
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            alike = similarity(a, b)
            if alike < SIMILAR:
                continue
            shared = overlap(a.members, b.members)
            if shared >= OVERLAP or alike >= ALIKE:
                found += [Duplicate(a.group_id, b.group_id, alike, shared),
                          Duplicate(b.group_id, a.group_id, alike, shared)]  # fmt: skip
    return found


def merge_into(group: GroupFacts, other: GroupFacts) -> bool:
    """Whether `group` is the one to merge into `other`: the smaller goes, and of two equal the newer."""
    return (len(group.members), -group.created_at) < (len(other.members), -other.created_at)


def suggestion(*, merge: bool, inactive: bool, owners_present: bool, unanswered: int) -> str:
    """The one thing to do first, as a code the page words in the viewer's language."""
    if merge:
        return "merge"
    if inactive:
        return "revive_or_archive"
    if not owners_present:
        return "find_owner"
    if unanswered:
        return "answer_questions"
    return ""
