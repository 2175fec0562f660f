"""Which failures are an outage and which are an event's own fault.

An outage is the database or the bus away for a while: PostgreSQL restarting, a CloudNativePG failover
(connections dropped, then the old primary read-only for a moment), a full connection pool, NATS
reconnecting. Trying again later succeeds without anyone doing anything, so it is waited out. Counting it
toward the dead letters would send every event in flight there during a two-minute failover, and
replaying them later, out of order, is exactly how a late `MemberJoined` re-admits someone who left.

Anything else (a constraint a handler breaks, a bug, a statement timeout on one event's work) is the
event's own: retried a few times, then dead-lettered with its error.
"""

from __future__ import annotations

from collections.abc import Iterator

import asyncpg
import nats.errors

# SQLSTATE classes: 08 connection exception, 53 insufficient resources (too many connections, disk full),
# 57P admin shutdown, crash shutdown, cannot connect now (a server starting or stopping)
_CLASSES = ("08", "53", "57P")
# serialization failure and deadlock (retrying is what PostgreSQL asks for), read-only transaction (a
# failover's former primary, until the connection is moved)
_STATES = {"40001", "40P01", "25006"}
_ERRORS = (
    OSError,  # refused, reset, unreachable: ConnectionError is one
    TimeoutError,  # connecting or waiting for a pooled connection
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    nats.errors.ConnectionClosedError,
    nats.errors.ConnectionReconnectingError,
    nats.errors.NoRespondersError,
    nats.errors.TimeoutError,
)


def is_outage(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) says the database or the bus is unavailable, not the event bad."""
    for error in _chain(exc):
        if isinstance(error, _ERRORS):
            return True
        if isinstance(error, asyncpg.InterfaceError) and "connection" in str(error).lower():
            return True  # "connection is closed", "connection was closed in the middle of operation"
        state = getattr(error, "sqlstate", None)
        if (
            isinstance(error, asyncpg.PostgresError)
            and isinstance(state, str)
            and (state in _STATES or state.startswith(_CLASSES))
        ):
            return True
    return False


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
