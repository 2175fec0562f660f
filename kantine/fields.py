"""The fields of a gRPC request and response the same way in every service: ids that must be UUIDs, page
sizes, and times as RFC 3339 in UTC. A bad field is an INVALID_ARGUMENT that names it."""

from __future__ import annotations

import datetime as dt
import uuid

from kantine.errors import invalid


def required_id(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise invalid(f"{field} must be a UUID, got {value[:40]!r}", field) from None


def page_limit(value: int, default: int, maximum: int, field: str = "limit") -> int:
    """0 asks for the default; anything else must be within 1..maximum (never silently clipped)."""
    limit = value or default
    if not 1 <= limit <= maximum:
        raise invalid(f"{field} must be between 1 and {maximum}", field)
    return limit


def rfc3339(value: dt.datetime | None) -> str:
    """A time for a response: UTC with a Z; "" for no time."""
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else ""
