"""The markup of a post's text, shared by the feed (which finds #tags and @mentions in posts) and search
(which filters by them and shows mentions as names): a tag a person can write is exactly a tag a person
can search for.

Mentions are written by the page's autocomplete as `@[Display Name](user id)`, so they name an id, not a
handle that could be ambiguous or renamed."""

from __future__ import annotations

import re

TAG_CHARS = 64
# A tag ends where its word ends: a longer run is not cut to its first 64 characters (the feed refuses it).
TAG = re.compile(rf"(?<![\w#])#([^\W_][\w-]{{0,{TAG_CHARS - 1}}})(?![\w-])", re.UNICODE)
LONG_TAG = re.compile(rf"(?<![\w#])#([^\W_][\w-]{{{TAG_CHARS},}})", re.UNICODE)
MENTION = re.compile(r"@\[([^\]\n]{1,200})\]\(([0-9a-fA-F-]{36})\)")


def normal_tag(tag: str) -> str:
    """A tag as stored: without its #, lower-cased (not yet checked; see is_tag)."""
    return tag.strip().lstrip("#").lower()


def is_tag(value: str) -> bool:
    """Whether a normalised tag (see normal_tag) is one the TAG rule would find in a text."""
    return TAG.fullmatch(f"#{value}") is not None
