"""The feed's rules for a new post."""

from __future__ import annotations

import pytest

from kantine.ids import new_id
from kantine.v1 import events_pb2
from services.feed.domain import CreatePost, DomainError, extract_tags, post_created, validate_create_post


def cmd(**kw: object) -> CreatePost:
    base: dict[str, object] = {"post_id": new_id(), "author_id": new_id(), "group_id": "", "kind": 0, "body": "hi"}
    base.update(kw)
    return CreatePost(**base)  # type: ignore[arg-type]


def test_tags_are_found_once_in_order_and_lower_cased() -> None:
    assert extract_tags("#Hello world #fika, #hello again; mail#not #ærø #a-b") == ["hello", "fika", "ærø", "a-b"]


def test_a_valid_post_is_normalised() -> None:
    post = validate_create_post(cmd(body="  #Onboarding tips  "), 100)
    assert post.body == "#Onboarding tips"
    assert post.kind == events_pb2.POST_KIND_DISCUSSION
    assert post_created(post).tags == ["onboarding"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "x" * 101}, "body"),
        ({"body": "a\x00b"}, "body"),
        ({"kind": 42}, "kind"),
        ({"author_id": "bob"}, "author_id"),
        ({"group_id": "team-a"}, "group_id"),
        ({"post_id": "1"}, "post_id"),
    ],
)
def test_invalid_posts_are_refused_naming_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(DomainError) as info:
        validate_create_post(cmd(**change), 100)
    assert info.value.field == field
