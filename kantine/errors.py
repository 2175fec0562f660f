"""The one error a rule raises, in every service, with a code the gRPC layer maps to a status."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Code(enum.Enum):
    INVALID = "invalid argument"  # the input itself is wrong
    NOT_FOUND = "not found"  # unknown, or not visible to the actor (never reveal what is hidden)
    DENIED = "permission denied"  # visible, but the actor may not do this
    PRECONDITION = "failed precondition"  # not in this state (an archived group, a deleted post)
    CONFLICT = "aborted"  # the caller's expected version is not the current one


class DomainError(ValueError):
    """A command that breaks a rule; `field` names the offending input when there is one.

    `violations` are every (field, message) at fault when a command has several bad inputs at once,
    so a client can correct them all in one go; the first is this error's own field and message."""

    def __init__(self, message: str, field: str = "", code: Code = Code.INVALID) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.violations: list[tuple[str, str]] = [(field, message)]


class Violations:
    """Collects the bad inputs of one command, so that it is refused once for all of them.

    `check` runs one field's rule and keeps its error instead of raising it; `done` raises them all,
    as one DomainError, when any was found."""

    def __init__(self) -> None:
        self.found: list[DomainError] = []

    def check(self, rule: Callable[[], T], default: T) -> T:
        try:
            return rule()
        except DomainError as exc:
            if exc.code is not Code.INVALID:
                raise
            self.found.append(exc)
            return default

    def done(self) -> None:
        if not self.found:
            return
        first = self.found[0]
        error = DomainError(str(first), first.field, Code.INVALID)
        error.violations = [v for found in self.found for v in found.violations]
        raise error


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
