"""What the feed reads out of a text: #tags, @mentions and links, and the checks every text passes.

The text is stored as written (a markdown subset, rendered with escaping by the web page). Mentions
are written by the page's autocomplete as `@[Display Name](user id)`, so they name an id, not a
handle that could be ambiguous or renamed.
"""

from __future__ import annotations

import re
import uuid

from kantine.errors import invalid

# The markup rules live in kantine.markup (search uses them too); re-exported here for the feed's modules.
from kantine.markup import LONG_TAG as LONG_TAG
from kantine.markup import MENTION as MENTION
from kantine.markup import TAG as TAG
from kantine.markup import TAG_CHARS as TAG_CHARS
from kantine.markup import is_tag
from kantine.markup import normal_tag as normal_tag

LINK = re.compile(r"https?://[^\s<>()\[\]\"']{1,2000}")
_TRAILING = ".,;:!?'\""


def _outside_links(body: str) -> str:
    """The text with its links blanked out: a URL's #fragment is part of the link, not a tag."""
    return LINK.sub(lambda m: " " * len(m.group(0)), body)


def extract_tags(body: str) -> list[str]:
    """#tags in order of first use, lower-cased and without repeats (never inside a link)."""
    seen: dict[str, None] = {}
    for match in TAG.finditer(_outside_links(body)):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def check_tags(body: str, field: str = "body") -> None:
    """Decision: a #tag longer than 64 characters is refused with a clear message, never cut short
    into a tag nobody wrote, nor silently dropped from a post whose author meant it as a tag."""
    match = LONG_TAG.search(_outside_links(body))
    if match:
        tag = match.group(1)
        raise invalid(f"a #tag is at most {TAG_CHARS} characters (#{tag[:20]}… has {len(tag)})", field)


def extract_mentions(body: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in MENTION.finditer(body):
        try:
            seen.setdefault(str(uuid.UUID(match.group(2))), None)
        except ValueError:
            continue
    return list(seen)


def extract_links(body: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in LINK.finditer(body):
        seen.setdefault(match.group(0).rstrip(_TRAILING), None)
    return list(seen)


def clean_text(body: str, max_chars: int, field: str = "body", what: str = "a post") -> str:
    text = body.strip()
    if not text:
        raise invalid(f"{what} needs some text", field)
    if len(text) > max_chars:
        raise invalid(f"{what} is at most {max_chars} characters (this one has {len(text)})", field)
    if "\x00" in text:
        raise invalid("the text contains a NUL character", field)
    return text


def require_uuid(value: str, field: str, *, optional: bool = False) -> str:
    if optional and not value:
        return ""
    try:
        return str(uuid.UUID(value))
    except (ValueError, TypeError):
        raise invalid(f"{field} must be a UUID", field) from None


def clean_tag(tag: str) -> str:
    value = normal_tag(tag)
    if not is_tag(value):
        raise invalid(f"{tag!r} is not a tag (letters, digits, - and _, up to {TAG_CHARS})", "tag")
    return value
