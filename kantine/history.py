"""History imported from another network: what people did earlier, recorded now at the time it happened.

A company moving to Kantine brings its past (the posts, comments and reactions of the old network) so
that the first page people open is not empty and every projection fills the normal way. Such a command
travels as any other, with one gRPC metadata entry more, `kantine-occurred-at`; the gateway sends it only
for callers holding the import token. The service records the events at that time and marks their
envelopes `imported` (and so every event they cause): consumers count them on their own days (points,
streaks, search ranking, figures) but tell nobody about them: no notification, no e-mail, no badge
announced for something that happened months ago.

`grpcutil.run` reads the entry of every call into a context variable; a service's command handlers ask
`occurred_at()` for the time to decide and record at. Times are taken as given (the importer sends
history in time order); only a time in the future is refused.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable, Iterator

from kantine.errors import invalid

METADATA_KEY = "kantine-occurred-at"
HEADER = "Kantine-Occurred-At"  # the HTTP header of the import API, with the same value
ACT_AS = "Kantine-Act-As"  # the HTTP header naming the person the imported history is of
_occurred_at: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("occurred_at", default=None)


def parse(value: str, now: dt.datetime) -> dt.datetime:
    """An RFC 3339 time with its offset, not after `now`; a clear error naming the header otherwise."""
    try:
        at = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        example = "2026-03-01T09:30:00Z"
        raise invalid(f"{HEADER}: {value[:40]!r} is not an RFC 3339 time such as {example}", HEADER) from None
    if at.tzinfo is None:
        raise invalid(f"{HEADER}: give the time with its offset, such as 2026-03-01T09:30:00+01:00", HEADER)
    at = at.astimezone(dt.UTC)
    if at > now:
        raise invalid(f"{HEADER}: {at.isoformat()} is in the future; history is what already happened", HEADER)
    return at


def metadata(at: dt.datetime) -> tuple[tuple[str, str], ...]:
    """The gRPC metadata that makes a command a piece of imported history."""
    return ((METADATA_KEY, at.astimezone(dt.UTC).isoformat()),)


def from_metadata(entries: Iterable[tuple[str, str | bytes]] | None) -> dt.datetime | None:
    """The import time a call carries, or None for a call made now."""
    for key, value in entries or ():
        if key == METADATA_KEY:
            return parse(value.decode() if isinstance(value, bytes) else value, dt.datetime.now(dt.UTC))
    return None


@contextlib.contextmanager
def occurring_at(at: dt.datetime | None) -> Iterator[None]:
    """Within the block, commands are history that happened at `at` (None: now)."""
    token = _occurred_at.set(at)
    try:
        yield
    finally:
        _occurred_at.reset(token)


def occurred_at() -> dt.datetime | None:
    """When the command being handled happened, if it is imported history; None when it happens now."""
    return _occurred_at.get()
