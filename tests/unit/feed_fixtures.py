"""Shared builders for the feed domain's unit tests: fixed times, fresh ids, and an error check."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterator

import pytest

from kantine.errors import Code, DomainError
from services.feed.domain.model import ADMIN, MEMBER, OWNER, PUBLIC, Comment, Group, Membership, Person, Post

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 23)

NOT_A_MEMBER = Membership()
A_MEMBER = Membership(role=MEMBER)
AN_ADMIN = Membership(role=ADMIN)
AN_OWNER = Membership(role=OWNER)
INVITED = Membership(invited=True)
REQUESTED = Membership(requested=True)


def new_id() -> str:
    return str(uuid.uuid4())


def person(**kw: object) -> Person:
    return Person(user_id=new_id(), **kw)  # type: ignore[arg-type]


def community_manager(**kw: object) -> Person:
    return person(community_manager=True, **kw)


def deactivated(p: Person) -> Person:
    return dataclasses.replace(p, active=False)


def group(visibility: int = PUBLIC, /, **kw: object) -> Group:
    return Group(group_id=new_id(), name="Fika club", visibility=visibility, **kw)  # type: ignore[arg-type]


def post(author: Person, in_group: Group | None = None, /, **kw: object) -> Post:
    return Post(post_id=new_id(), author_id=author.user_id, group_id=in_group.group_id if in_group else "", **kw)  # type: ignore[arg-type]


def comment(author: Person, **kw: object) -> Comment:
    return Comment(comment_id=new_id(), author_id=author.user_id, **kw)  # type: ignore[arg-type]


@contextlib.contextmanager
def refused(code: Code, field: str = "") -> Iterator[None]:
    """The block raises DomainError with exactly this code and field ("" when none is named)."""
    with pytest.raises(DomainError) as info:
        yield
    assert info.value.code is code, f"{info.value.code} ({info.value})"
    assert info.value.field == field, f"field {info.value.field!r} ({info.value})"
