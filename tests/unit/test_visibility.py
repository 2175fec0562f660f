"""The one rule for who may see what of a group (kantine.visibility), as every service applies it."""

from __future__ import annotations

import pytest

from kantine.v1 import events_pb2 as ev
from kantine.visibility import NO_GROUP, PRIVATE, PUBLIC, SECRET, may_know, may_read

UNSPECIFIED = ev.GROUP_VISIBILITY_UNSPECIFIED
UNKNOWN = None  # a group this service has not heard of


@pytest.mark.parametrize(
    ("visibility", "member", "reads"),
    [
        (NO_GROUP, False, True),
        (PUBLIC, False, True),
        (UNSPECIFIED, False, True),  # an old event that did not say made a public group
        (PRIVATE, False, False),
        (SECRET, False, False),
        (UNKNOWN, False, False),
        (PRIVATE, True, True),
        (SECRET, True, True),
    ],
)
def test_a_posts_words_are_for_everyone_in_a_public_group_and_for_members_only_elsewhere(
    visibility: int | None, member: bool, reads: bool
) -> None:
    assert may_read(visibility, member=member) is reads


@pytest.mark.parametrize(
    ("visibility", "member", "invited", "knows"),
    [
        (PUBLIC, False, False, True),
        (PRIVATE, False, False, True),  # listed, so that one can ask to join
        (SECRET, False, False, False),
        (SECRET, False, True, True),
        (SECRET, True, False, True),
        (UNKNOWN, False, False, False),
    ],
)
def test_a_secret_groups_name_is_for_its_members_and_invitees(
    visibility: int | None, member: bool, invited: bool, knows: bool
) -> None:
    assert may_know(visibility, member=member, invited=invited) is knows


def test_an_invitation_lets_one_know_a_group_not_read_it() -> None:
    assert may_know(SECRET, member=False, invited=True) and not may_read(SECRET, member=False)
