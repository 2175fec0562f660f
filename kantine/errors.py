"""The one error a rule raises, in every service, with a code the gRPC layer maps to a status."""

from __future__ import annotations

import enum


class Code(enum.Enum):
    INVALID = "invalid argument"  # the input itself is wrong
    NOT_FOUND = "not found"  # unknown, or not visible to the actor (never reveal what is hidden)
    DENIED = "permission denied"  # visible, but the actor may not do this
    PRECONDITION = "failed precondition"  # not in this state (an archived group, a deleted post)
    CONFLICT = "aborted"  # the caller's expected version is not the current one


class DomainError(ValueError):
    """A command that breaks a rule; `field` names the offending input when there is one."""

    def __init__(self, message: str, field: str = "", code: Code = Code.INVALID) -> None:
        super().__init__(message)
        self.field = field
        self.code = code


def invalid(message: str, field: str = "") -> DomainError:
    return DomainError(message, field, Code.INVALID)


def not_found(what: str) -> DomainError:
    return DomainError(f"{what} not found", "", Code.NOT_FOUND)


def denied(message: str) -> DomainError:
    return DomainError(message, "", Code.DENIED)


def precondition(message: str) -> DomainError:
    return DomainError(message, "", Code.PRECONDITION)


def check_version(expected: int, current: int, what: str) -> None:
    """An expected version of 0 means "whatever is current"; any other must match."""
    if expected and expected != current:
        raise DomainError(
            f"{what} changed since you read it (version {expected}, now {current}); reload and try again",
            "expected_version",
            Code.CONFLICT,
        )
