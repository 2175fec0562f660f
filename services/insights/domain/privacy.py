"""Who may see which figure. Community managers see every figure and every name; a private or secret
group's figures are its owners' and the community managers'; figures about fewer people than the
minimum are not shown to anyone."""

from __future__ import annotations

import dataclasses

from kantine.v1 import events_pb2 as ev

OPEN = (ev.GROUP_VISIBILITY_UNSPECIFIED, ev.GROUP_VISIBILITY_PUBLIC)


@dataclasses.dataclass(frozen=True, slots=True)
class Viewer:
    user_id: str
    community_manager: bool = False
    owns: frozenset[str] = frozenset()
    member_of: frozenset[str] = frozenset()


def group_figures(viewer: Viewer, group_id: str, visibility: int) -> bool:
    """Whether the viewer may see a group's figures."""
    return viewer.community_manager or visibility in OPEN or group_id in viewer.owns


def group_content(viewer: Viewer, group_id: str, visibility: int) -> bool:
    """Whether the viewer may read a group's posts (a snippet of a question, say)."""
    return not group_id or visibility in OPEN or group_id in viewer.member_of


def enough(people: int, minimum: int) -> bool:
    return people >= minimum
