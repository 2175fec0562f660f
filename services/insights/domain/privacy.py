"""Who may see which figure. Community managers see every figure and every name; a private or secret
group's figures are its owners' and the community managers'; figures about fewer people than the
minimum are not shown to anyone.

What a figure quotes of a group follows the rule every service shares (`kantine.visibility`): its posts'
words (a question's text and tags, an announcement's snippet) only to its members, and a secret group's
name and people (who asked, who wrote, who moved up, who would answer) only to its members too. A
community manager who is not a member still counts it: they see that a question waits and for how long,
how far an announcement reached, how a group is doing, never what was said or by whom."""

from __future__ import annotations

import dataclasses

from kantine.visibility import NO_GROUP, is_open, may_know, may_read


@dataclasses.dataclass(frozen=True, slots=True)
class Viewer:
    user_id: str
    community_manager: bool = False
    owns: frozenset[str] = frozenset()
    member_of: frozenset[str] = frozenset()


def group_figures(viewer: Viewer, group_id: str, visibility: int | None) -> bool:
    """Whether the viewer may see a group's figures (its counts)."""
    return viewer.community_manager or is_open(visibility) or group_id in viewer.owns


def group_content(viewer: Viewer, group_id: str, visibility: int | None) -> bool:
    """Whether the viewer may read a group's posts ("": in no group); None: a group insights does not know."""
    return may_read(visibility if group_id else NO_GROUP, member=group_id in viewer.member_of)


def group_known(viewer: Viewer, group_id: str, visibility: int | None) -> bool:
    """Whether the viewer may know a group: its name and who is in it ("": in no group)."""
    return not group_id or may_know(visibility, member=group_id in viewer.member_of)


def enough(people: int, minimum: int) -> bool:
    return people >= minimum
