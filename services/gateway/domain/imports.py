"""What the import token may call: the feed's writes that bring another network's past across.

The import token acts as any provisioned person at any past time and tells nobody (`kantine.history`),
so it gets exactly the operations an archive needs and nothing else: posts, comments, reactions, votes,
accepted answers, reads, pins and follows, and the groups an import brings in with their members. It
cannot read anything, change people (roles, profiles, flags, provisioning, deactivation), change a group's
settings, archive, reopen or merge groups, remove members or anyone's follows; the feed itself refuses
any change to a group, post or comment that the import did not bring in: no post in a group made in
Kantine, no comment, reaction, vote, read or accepted answer on a post written here
(`services.feed.domain.imports`).
"""

from __future__ import annotations

IMPORTABLE = frozenset({
    "CreatePost", "EditPost", "DeletePost", "PinPost", "UnpinPost", "MarkRead", "VotePoll", "AcceptAnswer",
    "React", "AddComment", "EditComment", "DeleteComment", "Follow",
    "CreateGroup", "JoinGroup", "LeaveGroup", "InviteMember", "ApproveJoinRequest", "SetMemberRole",
})  # fmt: skip
SERVICE = "feed"


def refusal(service: str, rpc: str, writes: bool) -> str:
    """Why the import token may not call this operation, or "" when it may."""
    if service != SERVICE or not writes:
        return (
            "the import token brings history to the feed only: its changes (posts, comments, reactions, "
            "groups, follows), not reads or settings"
        )
    if rpc not in IMPORTABLE:
        return (
            f"the import token cannot {rpc}: it brings history across (posts, comments, reactions, votes, "
            "answers, follows, and the archive's groups and members) and never changes people, roles, "
            "group settings, merges or deactivations"
        )
    return ""
