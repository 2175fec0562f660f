"""What imported history may change: only what imported history itself brought in.

The import token writes as any provisioned person at any past time, so it is the most powerful credential
Kantine has. Its job is to bring another network's past across (posts, comments, reactions, votes,
answers, follows, and the groups of the archive with their privacy and members); nothing it does is told
to anyone. So a leaked token must not be able to rearrange the living network silently: it may not
change people (roles, profiles, flags, deactivation), nor the members or settings of a group made in
Kantine, nor edit, delete or pin a post or comment someone wrote here. The gateway refuses the
operations outright (`services.gateway.domain.imports`); this rule is the feed's own, for the targets.
"""

from __future__ import annotations

from kantine.errors import denied


def never(importing: bool, change: str) -> None:
    """A change imported history never makes."""
    if importing:
        raise denied(f"imported history cannot {change}; an administrator does that in Kantine")


def only_imported(importing: bool, target_imported: bool, change: str) -> None:
    """A change imported history makes only to what it brought in itself."""
    if importing and not target_imported:
        raise denied(f"imported history can {change} only where it brought the {change.split()[-1]} in itself")
