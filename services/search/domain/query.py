"""The search box's little language, read into a SearchQuery the store can turn into SQL.

People type what they know: some words, a "phrase", -noise, #tags, @people, from:, in:, type:, is:,
after: and before:. The parser is forgiving where a guess is harmless (an unknown `kl:10` or a URL is
just text, an unclosed quote runs to the end, a lone `-` or `#` is ignored) and strict where a guess
would silently return the wrong posts (a date that is no date, an unknown type:, a range with no day
in it): those raise `invalid(..., "query")` with a message that names the part to fix.

People, groups and their names are kept exactly as typed: only the store can resolve them.

Dates are days: `after:` (or `since:`) includes its day, `before:` (or `until:`) does not, so
`after:2026-03-01 before:2026-04-01` is the whole of March and consecutive ranges never overlap.

The input is at most MAX_QUERY_CHARS and is read in one pass, so no input makes parsing slow.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator

from kantine.errors import invalid
from kantine.markup import TAG_CHARS, is_tag, normal_tag

MAX_QUERY_CHARS = 500
MAX_TERMS = 32  # words + phrases + exclusions + filters, as typed (a repeat counts; a lone "-" does not)
FIELD = "query"

# Straight quotes and the typographic pairs of the languages we serve (“…”, „…“, ”…”, «…», »…«);
# any of them closes a phrase, so a mismatched pair from a phone keyboard still works.
QUOTES = frozenset('"“”„«»')


class Kind(enum.Enum):
    DISCUSSION = "discussion"
    QUESTION = "question"
    ANNOUNCEMENT = "announcement"
    PRAISE = "praise"
    POLL = "poll"
    COMMENT = "comment"


_KIND_NAMES = {name: kind for kind in Kind for name in (kind.value, f"{kind.value}s")}
# The order people read in the error message: the most searched first.
_KIND_CHOICES = "question, discussion, announcement, praise, poll or comment"
_IS = {"unanswered": False, "answered": True}
_IS_CHOICES = "unanswered, answered or question"
# filter name as typed (lower-cased) -> the filter it means
_KEYS = {
    "from": "from",
    "in": "in",
    "type": "type",
    "is": "is",
    "after": "after",
    "since": "after",
    "before": "before",
    "until": "before",
}
_OPENERS = QUOTES | {"#", "@"}
_KEY = re.compile(r"([A-Za-z]+):")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KIND_SEPARATOR = re.compile(r"[,|]")


@dataclasses.dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed search. Words, phrases, tags and mentions must all match; a post has one author,
    one group and one type, so several from:, in: or type: mean any of them."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()  # words and phrases after '-'; a word is a phrase of one
    tags: tuple[str, ...] = ()  # normalised (normal_tag): lower-case, no '#'
    mentions: tuple[str, ...] = ()  # raw references: a UUID, a handle or a name
    groups: tuple[str, ...] = ()  # raw references
    authors: tuple[str, ...] = ()  # raw references
    kinds: frozenset[Kind] = frozenset()  # empty: any
    answered: bool | None = None  # questions only: is:unanswered -> False, is:answered -> True
    after: dt.date | None = None  # inclusive
    before: dt.date | None = None  # exclusive

    @property
    def text(self) -> str:
        """The words and phrases as one string, for ranking and highlighting; the store matches
        `phrases` as phrases itself."""
        return " ".join((*self.words, *self.phrases))

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)

    @property
    def is_empty(self) -> bool:
        """Nothing to search by: the page shows no results rather than every post."""
        return not (
            self.has_text
            or self.excluded
            or self.tags
            or self.mentions
            or self.groups
            or self.authors
            or self.kinds
            or self.answered is not None
            or self.after is not None
            or self.before is not None
        )

    def normalised(self) -> str:
        """One spelling per meaning, so the searches that found nothing can be counted together:
        lower-cased, repeats dropped, text in the order typed, filters in a fixed order and sorted.
        It parses back to the same query (lower-cased; NFC again, as lower-casing can undo it)."""
        parts = _unique(w.lower() for w in self.words)
        parts += _unique(f'"{p.lower()}"' for p in self.phrases)
        # quoted when it would read back as a filter: -"from:anna" was typed as a phrase
        parts += _unique(f"-{_quoted(e.lower(), _key_at(e, 0) is not None)}" for e in self.excluded)
        parts += sorted({f"#{t}" for t in self.tags})
        parts += sorted({f"@{_quoted(m.lower())}" for m in self.mentions})
        parts += sorted({f"from:{_quoted(a.lower())}" for a in self.authors})
        parts += sorted({f"in:{_quoted(g.lower())}" for g in self.groups})
        if self.answered is not None:  # implies type:question, and allows no other type
            parts.append("is:answered" if self.answered else "is:unanswered")
        elif self.kinds:
            parts.append("type:" + ",".join(sorted(k.value for k in self.kinds)))
        if self.after:
            parts.append(f"after:{self.after.isoformat()}")
        if self.before:
            parts.append(f"before:{self.before.isoformat()}")
        return unicodedata.normalize("NFC", " ".join(parts))


def parse(raw: str) -> SearchQuery:
    """Read what a person typed into the search box.

    Raises invalid(message, "query") for: more than MAX_QUERY_CHARS or MAX_TERMS, a date that is not
    YYYY-MM-DD, an unknown type: or is: value, a #tag the feed could never have found, an excluded
    filter (`-from:anna`: there is nowhere to keep it, and ignoring the '-' would return what the
    person asked to leave out), is:answered with is:unanswered or with a type other than question,
    and an after: that is not before before:. An unclosed quote is not an error: the rest is the
    phrase.
    """
    text = raw.strip()
    if len(text) > MAX_QUERY_CHARS:
        raise invalid(f"a search is at most {MAX_QUERY_CHARS} characters (this one has {len(text)})", FIELD)
    builder = _Builder()
    for term in _scan(clean(text)):
        builder.add(term)
    return builder.build()


# ----- reading -----


@dataclasses.dataclass(frozen=True, slots=True)
class _Term:
    typed: str  # as written (without a leading '-'), for messages and for a filter that is just a word
    key: str  # "" for text, "#", "@" or a filter of _KEYS as written, lower-cased
    value: str  # after the key, without quotes
    quoted: bool
    negated: bool


def clean(text: str) -> str:
    """Control characters and zero-width spaces separate words (a pasted NUL, a Thai text); other
    invisible format characters (soft hyphens, joiners, bidi marks) and lone surrogates vanish, so a
    word copied from a document matches the same word typed, and the store never sees a character
    PostgreSQL refuses; NFC, so a decomposed "é" matches a composed one."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc" or ch == "\u200b":
            out.append(" ")
        elif category not in ("Cf", "Cs"):
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _scan(text: str) -> Iterator[_Term]:
    """The terms of a query in one pass: every character is looked at a bounded number of times."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = False
        if text[i] == "-":
            if i + 1 == n or text[i + 1].isspace():
                i += 1  # a lone '-'
                continue
            negated = True
            i += 1
        while i < n and not (_wordy(text[i]) or text[i] in _OPENERS or text[i].isspace()):
            i += 1  # "(#fika", "/from:anna": what a term opens with is read as if the punctuation were not there
        if i == n or text[i].isspace():
            continue
        start = i
        if text[i] in QUOTES:
            value, i = _until_quote(text, i + 1)
            yield _Term(text[start:i], "", value, True, negated)
            continue
        key, value_start = "", start
        if text[i] in "#@":
            key, value_start = text[i], i + 1
        else:
            match = _key_at(text, i)
            if match:
                key, value_start = match.group(1).lower(), match.end()
        if key and value_start < n and text[value_start] in QUOTES:
            value, i = _until_quote(text, value_start + 1)
            yield _Term(text[start:i], key, value, True, negated)
            continue
        while i < n and not text[i].isspace():
            i += 1
        yield _Term(text[start:i], key, text[value_start:i], False, negated)


def _until_quote(text: str, i: int) -> tuple[str, int]:
    """The text up to the next quote (or the end), and where reading goes on."""
    start = i
    while i < len(text) and text[i] not in QUOTES:
        i += 1
    return text[start:i], min(i + 1, len(text))


def _wordy(ch: str) -> bool:
    # marks too: a letter whose accent did not compose is still a letter
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _trim(value: str, keep: str = "") -> str:
    """Without the punctuation around it ("(vpn)," -> "vpn"), keeping what is inside ("don't")."""
    start, end = 0, len(value)
    while start < end and not (_wordy(value[start]) or value[start] in keep):
        start += 1
    while end > start and not (_wordy(value[end - 1]) or value[end - 1] in keep):
        end -= 1
    return value[start:end]


def _phrase(value: str) -> str:
    return _trim(" ".join(value.split()))


def _quoted(value: str, always: bool = False) -> str:
    return f'"{value}"' if always or any(ch.isspace() for ch in value) else value


def _key_at(text: str, i: int) -> re.Match[str] | None:
    """`from:` and the other filter names at i (an unknown `kl:` is not one)."""
    match = _KEY.match(text, i)
    return match if match and match.group(1).lower() in _KEYS else None


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# ----- building -----


class _Builder:
    """Collects terms in the order typed, drops repeats, and checks what only the whole query shows."""

    def __init__(self) -> None:
        self.terms = 0
        self.words: dict[str, None] = {}
        self.phrases: dict[str, None] = {}
        self.excluded: dict[str, None] = {}
        self.tags: dict[str, None] = {}
        self.refs: dict[str, dict[str, None]] = {"@": {}, "from": {}, "in": {}}
        self.kinds: dict[Kind, str] = {}  # -> as typed, for messages
        self.answered: dict[bool, str] = {}
        self.after: tuple[dt.date, str] | None = None
        self.before: tuple[dt.date, str] | None = None

    def add(self, term: _Term) -> None:
        if not term.key:
            self.text(term.value if term.quoted else _trim(term.value), term.quoted, term.negated)
            return
        value = _phrase(term.value) if term.quoted else _trim(term.value)
        if not value:  # "#", "@" or "from:" alone: no filter, and "from:" is a word in "notes from: ..."
            if term.key not in ("#", "@"):
                self.text(_trim(term.typed), False, term.negated)
            return
        if term.negated:
            raise invalid(f"-{term.typed}: only words and phrases can be left out with '-'", FIELD)
        if term.key != "type":  # type: counts each of its values
            self.terms += 1
        if term.key == "#":  # a tag may end in - or _
            self.tag(term.typed, term.value if term.quoted else _trim(term.value, keep="-_"))
        elif term.key in self.refs:
            self.refs[term.key].setdefault(value, None)
        elif term.key == "type":
            self.kind(value)
        elif term.key == "is":
            self.is_(term.typed, value)
        else:
            self.date(_KEYS[term.key], term.typed[: term.typed.index(":") + 1] + value, value)

    def text(self, value: str, quoted: bool, negated: bool) -> None:
        value = _phrase(value) if quoted else value
        if not value:
            return
        self.terms += 1
        target = self.excluded if negated else self.phrases if quoted else self.words
        target.setdefault(value, None)

    def tag(self, typed: str, value: str) -> None:
        tag = normal_tag(value)
        if not is_tag(tag):
            raise invalid(f"{typed} is not a tag (letters, digits, - and _, up to {TAG_CHARS})", FIELD)
        self.tags.setdefault(tag, None)

    def kind(self, value: str) -> None:
        for part in _KIND_SEPARATOR.split(value):
            name = _trim(part)
            if not name:
                continue
            self.terms += 1
            kind = _KIND_NAMES.get(name.lower())
            if kind is None:
                raise invalid(f"type:{name}: use {_KIND_CHOICES}", FIELD)
            self.kinds.setdefault(kind, f"type:{name}")

    def is_(self, typed: str, value: str) -> None:
        name = value.lower()
        if name in ("question", "questions"):
            self.kinds.setdefault(Kind.QUESTION, typed)
        elif name in _IS:
            self.answered.setdefault(_IS[name], f"is:{value}")
        else:
            raise invalid(f"is:{value}: use {_IS_CHOICES}", FIELD)

    def date(self, which: str, typed: str, value: str) -> None:
        try:
            if not _DATE.fullmatch(value):
                raise ValueError(value)
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise invalid(f"{typed} is not a date (YYYY-MM-DD)", FIELD) from None
        # repeated, the narrowest range wins: every filter must hold, like every word
        if which == "after" and (self.after is None or day > self.after[0]):
            self.after = (day, typed)
        if which == "before" and (self.before is None or day < self.before[0]):
            self.before = (day, typed)

    def build(self) -> SearchQuery:
        if self.terms > MAX_TERMS:
            raise invalid(f"a search has at most {MAX_TERMS} terms (this one has {self.terms})", FIELD)
        if len(self.answered) > 1:
            raise invalid(f"{self.answered[True]} and {self.answered[False]}: a question is one or the other", FIELD)
        if self.answered:
            others = [typed for kind, typed in self.kinds.items() if kind is not Kind.QUESTION]
            if others:
                (typed,) = self.answered.values()
                raise invalid(f"{typed} finds questions only; it cannot be combined with {others[0]}", FIELD)
            self.kinds.setdefault(Kind.QUESTION, "")
        if self.after and self.before and self.after[0] >= self.before[0]:
            raise invalid(
                f"{self.after[1]} and {self.before[1]} leave no day to search "
                "(after: includes its day, before: does not)",
                FIELD,
            )
        return SearchQuery(
            words=tuple(self.words),
            phrases=tuple(self.phrases),
            excluded=tuple(self.excluded),
            tags=tuple(self.tags),
            mentions=tuple(self.refs["@"]),
            groups=tuple(self.refs["in"]),
            authors=tuple(self.refs["from"]),
            kinds=frozenset(self.kinds),
            answered=next(iter(self.answered), None),
            after=self.after[0] if self.after else None,
            before=self.before[0] if self.before else None,
        )
