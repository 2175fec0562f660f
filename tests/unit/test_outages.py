"""An outage (the database or the bus away) is told from an event's own failure."""

from __future__ import annotations

import asyncpg
import nats.errors
import pytest

from kantine.outages import is_outage


def caused_by(cause: BaseException) -> Exception:
    try:
        raise RuntimeError("the handler's own wrapping") from cause
    except RuntimeError as exc:
        return exc


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)"),
        OSError(113, "No route to host"),
        TimeoutError(),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
        asyncpg.exceptions.SerializationError("could not serialize access"),
        asyncpg.exceptions.DeadlockDetectedError("deadlock detected"),
        asyncpg.exceptions.ReadOnlySQLTransactionError("cannot execute INSERT in a read-only transaction"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.exceptions.InterfaceError("cannot call Connection.fetch(): connection is closed"),
        nats.errors.ConnectionClosedError(),
        caused_by(ConnectionResetError()),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_unavailable_database_or_bus_is_an_outage(exc: BaseException) -> None:
    assert is_outage(exc)


@pytest.mark.parametrize(
    "exc",
    [
        RuntimeError("cannot handle this post"),
        ValueError("bad payload"),
        asyncpg.exceptions.UniqueViolationError("duplicate key"),
        asyncpg.exceptions.UndefinedFunctionError("operator does not exist: date < integer"),
        asyncpg.exceptions.QueryCanceledError("canceling statement due to statement timeout"),
        asyncpg.exceptions.InterfaceError("cannot perform operation: another operation is in progress"),
        caused_by(KeyError("user_id")),
    ],
    ids=lambda e: type(e).__name__,
)
def test_an_events_own_failure_is_not(exc: BaseException) -> None:
    assert not is_outage(exc)
