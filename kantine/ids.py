"""UUIDv7 identifiers: time-ordered, so event ids sort by creation and index well in PostgreSQL."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """A UUIDv7 (RFC 9562) that is strictly increasing within this process.

    The 12-bit `rand_a` field holds a counter within one millisecond (method 1 of the RFC), so two ids
    made in the same millisecond still sort in the order they were made.
    """
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF  # leave headroom for the counter
        else:
            _counter += 1
            if _counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | _counter << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)


def new_id() -> str:
    """A new UUIDv7 as the canonical string used in events and APIs."""
    return str(uuid7())


def uuid7_time_ms(value: uuid.UUID) -> int:
    """The Unix time in milliseconds embedded in a UUIDv7."""
    return value.int >> 80


def optional_uuid(value: str) -> uuid.UUID | None:
    """An id that may be empty in an event (a post on a profile has no group; the directory acts as nobody)."""
    return uuid.UUID(value) if value else None
