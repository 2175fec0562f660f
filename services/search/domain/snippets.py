"""Snippets as plain text with highlight ranges, never HTML: the page escapes the text and marks the
ranges itself, so a post's own markup can never reach a browser as markup."""

from __future__ import annotations

START, STOP = "\x02", "\x03"  # what the database puts around a matching word (reads._HEADLINE)
# stands in for "<" while the database makes the snippet: its parser takes "<...>" for markup and drops it
LT = "\ue000"


def highlighted(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without the markers, and [start, end) of each marked part in code points.

    Split at the markers rather than read a character at a time: it runs for every hit of every search."""
    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    length = 0
    for n, part in enumerate(marked.split(START)):
        inside, stop, after = part.partition(STOP) if n else ("", "", part)
        if stop and inside:
            ranges.append((length, length + len(inside)))
        text = inside + after.replace(STOP, "") if stop else part.replace(STOP, "")
        out.append(text)
        length += len(text)
    return "".join(out).replace(LT, "<"), ranges
