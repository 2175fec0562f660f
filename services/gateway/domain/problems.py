"""Errors as RFC 9457 problem details (`application/problem+json`), one shape for every failure.

A service's gRPC status becomes the HTTP status a client expects, and its message (written for a
person) becomes the `detail`. `code` repeats the status as a stable word a program can switch on.
Nothing else of the service's error is passed on: no stack, no SQL, no address.
"""

from __future__ import annotations

from typing import Any

MEDIA_TYPE = "application/problem+json"

# a gRPC status by name: the HTTP status, the stable code
_BY_GRPC: dict[str, tuple[int, str]] = {
    "INVALID_ARGUMENT": (400, "invalid_argument"),
    "OUT_OF_RANGE": (400, "invalid_argument"),
    "UNAUTHENTICATED": (401, "unauthenticated"),
    "PERMISSION_DENIED": (403, "permission_denied"),
    "NOT_FOUND": (404, "not_found"),
    "ALREADY_EXISTS": (409, "conflict"),
    "ABORTED": (409, "conflict"),
    "FAILED_PRECONDITION": (409, "failed_precondition"),
    "RESOURCE_EXHAUSTED": (429, "rate_limited"),
    "UNIMPLEMENTED": (501, "not_implemented"),
    "UNAVAILABLE": (503, "unavailable"),
    "DEADLINE_EXCEEDED": (503, "unavailable"),
}

TITLES = {
    400: "The request is not valid",
    401: "Sign-in needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with the current state",
    413: "The request is too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Something went wrong on our side",
    501: "Not implemented",
    503: "This part of Kantine is unavailable right now",
}

CODES = {
    400: "invalid_argument",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    500: "internal",
    501: "not_implemented",
    503: "unavailable",
}


def problem(
    status: int,
    detail: str,
    *,
    code: str = "",
    field: str = "",
    errors: list[dict[str, str]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A problem document; `field` names the input at fault when there is one, and `errors` every one
    of them (each with its own `detail`) when there are several, so a form can mark them all at once."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code or CODES.get(status, "error"),
    }
    if field:
        body["field"] = field
    if errors and len(errors) > 1:
        body["errors"] = errors
    body.update(extra)
    return body


def from_grpc(code: str, details: str, service: str, violations: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """The problem for a service's status (by name: "NOT_FOUND"). Unavailability names the service,
    so a page can say which part is down while the rest keeps working. `violations` are the fields the
    service named as at fault (kantine.grpcutil.VIOLATIONS), the first of them the problem's `field`."""
    status, word = _BY_GRPC.get(code, (500, "internal"))
    if status == 503:
        return problem(503, f"the {service} service is not reachable; try again shortly", code=word, service=service)
    if status == 500:
        return problem(500, "the request failed inside Kantine; it has been logged", code=word)
    named = [v for v in violations or [] if v.get("field")]
    field = named[0]["field"] if named else _field_of(details)
    return problem(status, details or TITLES[status], code=word, field=field, errors=named)


def _field_of(details: str) -> str:
    """Services prefix a field's error with its name ("body: too long"); lift it out for programs."""
    head, sep, _ = details.partition(": ")
    return head if sep and head.isidentifier() and head.islower() else ""
