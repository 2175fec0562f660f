"""The text of a post or comment as it is indexed and shown in a snippet."""

from __future__ import annotations

import unicodedata

from kantine.markup import MENTION

_INVISIBLE = dict.fromkeys(
    c for c in range(32) if chr(c) not in "\n\t"
)  # control characters, incl. the highlight markers


def plain(body: str) -> str:
    """A mention's markup `@[Anna Berg](id)` becomes `@Anna Berg`, so her name is found and read as written;
    control characters go (they would collide with the snippet's highlight markers); NFC, so an "å" typed
    as "a" and a combining ring is the letter the stemmers and the language detector know."""
    return unicodedata.normalize("NFC", MENTION.sub(lambda m: f"@{m.group(1)}", body).translate(_INVISIBLE))
