"""Snippets as plain text with highlight ranges, never HTML: the page escapes the text and marks the
ranges itself, so a post's own markup can never reach a browser as markup."""

from __future__ import annotations

START, STOP = "\x02", "\x03"  # what the database puts around a matching word (reads._HEADLINE)
# stands in for "<" while the database makes the snippet: its parser takes "<...>" for markup and drops it
LT = "\ue000"


def highlighted(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without the markers, and [start, end) of each marked part in code points."""
    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for ch in marked:
        if ch == START:
            start = length
        elif ch == STOP:
            if start is not None and length > start:
                ranges.append((start, length))
            start = None
        else:
            out.append(ch)
            length += 1
    return "".join(out).replace(LT, "<"), ranges
