"""The feed's rules, free of I/O so they are tested in microseconds.

A command is checked here before anything is written; a rule that fails raises DomainError with a
message meant for the person who sent it.
"""

from __future__ import annotations

import dataclasses
import re
import uuid

from kantine.v1 import events_pb2

TAG = re.compile(r"(?<![\w#])#([^\W_][\w-]{0,63})", re.UNICODE)
POST_KINDS = {
    events_pb2.POST_KIND_DISCUSSION,
    events_pb2.POST_KIND_QUESTION,
    events_pb2.POST_KIND_ANNOUNCEMENT,
    events_pb2.POST_KIND_PRAISE,
    events_pb2.POST_KIND_POLL,
}


class DomainError(ValueError):
    """A command that breaks a rule; `field` names the offending input when there is one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclasses.dataclass(frozen=True, slots=True)
class CreatePost:
    post_id: str
    author_id: str
    group_id: str
    kind: int
    body: str


def require_uuid(value: str, field: str, *, optional: bool = False) -> str:
    if optional and not value:
        return ""
    try:
        return str(uuid.UUID(value))
    except (ValueError, TypeError):
        raise DomainError(f"{field} must be a UUID", field) from None


def extract_tags(body: str) -> list[str]:
    """#tags in order of first use, lower-cased and without repeats."""
    seen: dict[str, None] = {}
    for match in TAG.finditer(body):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def validate_create_post(cmd: CreatePost, max_chars: int) -> CreatePost:
    """Normalise and check a new post; returns the post as it will be stored."""
    body = cmd.body.strip()
    if not body:
        raise DomainError("a post needs some text", "body")
    if len(body) > max_chars:
        raise DomainError(f"a post is at most {max_chars} characters (this one has {len(body)})", "body")
    if "\x00" in body:
        raise DomainError("the text contains a NUL character", "body")
    kind = cmd.kind or events_pb2.POST_KIND_DISCUSSION
    if kind not in POST_KINDS:
        raise DomainError(f"unknown post kind {cmd.kind}", "kind")
    return CreatePost(
        post_id=require_uuid(cmd.post_id, "post_id"),
        author_id=require_uuid(cmd.author_id, "author_id"),
        group_id=require_uuid(cmd.group_id, "group_id", optional=True),
        kind=kind,
        body=body,
    )


def post_created(cmd: CreatePost) -> events_pb2.PostCreated:
    return events_pb2.PostCreated(
        post_id=cmd.post_id,
        author_id=cmd.author_id,
        group_id=cmd.group_id,
        kind=cmd.kind,  # type: ignore[arg-type]  # validated against POST_KINDS
        body=cmd.body,
        tags=extract_tags(cmd.body),
    )
