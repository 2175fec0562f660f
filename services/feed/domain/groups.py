"""Groups: purpose, visibility, posting policy, membership and its requests, archive and merge."""

from __future__ import annotations

import dataclasses
import datetime as dt

from google.protobuf.message import Message

from kantine.errors import check_version, denied, invalid, not_found, precondition
from kantine.v1 import events_pb2 as ev
from services.feed.domain.model import (
    ADMIN,
    MEMBER,
    NOBODY,
    OWNER,
    PRIVATE,
    PUBLIC,
    SECRET,
    SYSTEM,
    Group,
    Membership,
    Person,
)
from services.feed.domain.people import require_active
from services.feed.domain.text import require_uuid

VISIBILITIES = {PUBLIC, PRIVATE, SECRET}
POLICIES = {ev.POSTING_POLICY_EVERYONE, ev.POSTING_POLICY_ADMINS}
ROLES = {MEMBER, ADMIN, OWNER}
SYNC_LIMIT = 1000  # people in one SyncGroupMembers call


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    name: str
    purpose: str
    visibility: ev.GroupVisibility = PUBLIC
    posting_policy: ev.PostingPolicy = ev.POSTING_POLICY_EVERYONE
    end_date: str = ""


def clean_settings(s: Settings, today: dt.date) -> Settings:
    name = " ".join(s.name.split())
    if not name:
        raise invalid("a group needs a name", "name")
    if len(name) > 80:
        raise invalid("a group name is at most 80 characters", "name")
    purpose = s.purpose.strip()
    if len(purpose) < 10:
        raise invalid("say in a sentence what the group is for (a purpose of at least 10 characters)", "purpose")
    if len(purpose) > 1000:
        raise invalid("a purpose is at most 1000 characters", "purpose")
    visibility = s.visibility or PUBLIC
    if visibility not in VISIBILITIES:
        raise invalid(f"unknown visibility {s.visibility}", "visibility")
    policy = s.posting_policy or ev.POSTING_POLICY_EVERYONE
    if policy not in POLICIES:
        raise invalid(f"unknown posting policy {s.posting_policy}", "posting_policy")
    end = s.end_date.strip()
    if end:
        try:
            day = dt.date.fromisoformat(end)
        except ValueError:
            raise invalid("end_date is a date: YYYY-MM-DD", "end_date") from None
        if day < today:
            raise invalid("end_date is in the past", "end_date")
        end = day.isoformat()
    return Settings(name, purpose, visibility, policy, end)


def can_see(group: Group, membership: Membership) -> bool:
    """Whether the group exists for this person at all: secret groups only for members and invitees."""
    return group.visibility != SECRET or membership.member or membership.invited


def can_read(group: Group, membership: Membership) -> bool:
    """Whether its posts, comments and member list are open to this person."""
    return group.visibility == PUBLIC or membership.member


def visible(group: Group | None, membership: Membership) -> Group:
    if group is None or not can_see(group, membership):
        raise not_found("group")
    return group


def readable(group: Group | None, membership: Membership) -> Group:
    """The group whose posts this person may read: not found when they may not know of it, refused
    with a reason when they may (a private group shows its name and purpose, so one can ask to join)."""
    g = visible(group, membership)
    if not can_read(g, membership):
        raise denied("the posts of a private group are for its members; ask to join")
    return g


def member_list(actor: Person | None, group: Group | None, membership: Membership, requests: bool) -> Group:
    """Members are listed to whoever may read the group; pending requests only to its admins.

    Decision: a community manager lists the members and requests of a private group they are not in,
    as they answer its requests, invite, remove and change roles there; a secret group stays not found.
    """
    me = require_active(actor)
    g = visible(group, membership)
    if not (can_read(g, membership) or me.community_manager):
        raise denied("the member list of a private group is for its members")
    if requests:
        _admin(me, membership)
    return g


def _open(group: Group) -> None:
    if group.merged_into:
        raise precondition(f"this group was merged into group {group.merged_into}")
    if group.archived:
        raise precondition("this group is archived")


def _admin(actor: Person, membership: Membership) -> None:
    if not (membership.admin or actor.community_manager):
        raise denied("only the group's owners and admins can do this")


def create_group(
    actor: Person | None,
    group_id: str,
    settings: Settings,
    owner_ids: list[str],
    owners: dict[str, Person],
    today: dt.date,
) -> list[Message]:
    """Decision: the group id is checked and normalised as a UUID here too, though the handler makes it."""
    me = require_active(actor)
    group_id = require_uuid(group_id, "group_id")
    s = clean_settings(settings, today)
    all_owners = list(dict.fromkeys([me.user_id, *(require_uuid(o, "owner_ids") for o in owner_ids)]))
    for owner in all_owners[1:]:
        person = owners.get(owner)
        if person is None or not person.active:
            raise invalid(f"owner {owner} is not an active person", "owner_ids")
    return [
        ev.GroupCreated(
            group_id=group_id,
            name=s.name,
            purpose=s.purpose,
            visibility=s.visibility,
            posting_policy=s.posting_policy,
            owner_ids=all_owners,
            end_date=s.end_date,
            created_by=me.user_id,
        )
    ]


def update_group(
    actor: Person | None,
    group: Group | None,
    membership: Membership,
    settings: Settings,
    expected_version: int,
    today: dt.date,
) -> list[Message]:
    me = require_active(actor)
    g = visible(group, membership)
    _admin(me, membership)
    _open(g)
    check_version(expected_version, g.version, "the group")
    s = clean_settings(settings, today)
    return [
        ev.GroupUpdated(
            group_id=g.group_id,
            name=s.name,
            purpose=s.purpose,
            visibility=s.visibility,
            posting_policy=s.posting_policy,
            end_date=s.end_date,
        )
    ]


def join(actor: Person | None, group: Group | None, membership: Membership) -> list[Message]:
    """Public: join. Private: accept an invitation or ask an admin. Secret: invitation only."""
    me = require_active(actor)
    g = visible(group, membership)
    _open(g)
    if membership.member:
        return []
    if g.visibility == PUBLIC or membership.invited:
        return [ev.MemberJoined(group_id=g.group_id, user_id=me.user_id, role=MEMBER)]
    if g.visibility == SECRET:
        raise not_found("group")
    if membership.requested:
        return []
    return [ev.JoinRequested(group_id=g.group_id, user_id=me.user_id)]


def leave(actor: Person | None, group: Group | None, membership: Membership, owners: int) -> list[Message]:
    me = require_active(actor)
    g = visible(group, membership)
    if not membership.member:
        return []
    if membership.role == OWNER and owners <= 1:
        raise precondition("you are the group's only owner: make someone else owner first")
    return [ev.MemberLeft(group_id=g.group_id, user_id=me.user_id)]


def answer_request(
    actor: Person | None,
    group: Group | None,
    membership: Membership,
    user: Person | None,
    theirs: Membership,
    approve: bool,
) -> list[Message]:
    """A deactivated person's old request cannot be approved (as they cannot be invited), but it can be
    declined, so that admins can clear it from the list of requests."""
    me = require_active(actor)
    g = visible(group, membership)
    _admin(me, membership)
    _open(g)
    if user is None or not theirs.requested:
        raise not_found("join request")
    if approve and not user.active:
        raise not_found("person")
    if approve:
        return [ev.MemberJoined(group_id=g.group_id, user_id=user.user_id, added_by=me.user_id, role=MEMBER)]
    return [ev.JoinRequestDeclined(group_id=g.group_id, user_id=user.user_id, declined_by=me.user_id)]


def invite(
    actor: Person | None, group: Group | None, membership: Membership, user: Person | None, theirs: Membership
) -> list[Message]:
    """Admins invite to any group; members may invite colleagues to a public one."""
    me = require_active(actor)
    g = visible(group, membership)
    _open(g)
    if not (membership.admin or (membership.member and g.visibility == PUBLIC) or me.community_manager):
        raise denied("only the group's owners and admins can invite to it")
    if user is None or not user.active:
        raise not_found("person")
    if theirs.member or theirs.invited:
        return []
    if theirs.requested and (membership.admin or me.community_manager):  # they asked: inviting approves
        return [ev.MemberJoined(group_id=g.group_id, user_id=user.user_id, added_by=me.user_id, role=MEMBER)]
    return [ev.MemberInvited(group_id=g.group_id, user_id=user.user_id, invited_by=me.user_id)]


def remove(
    actor: Person | None,
    group: Group | None,
    membership: Membership,
    user_id: str,
    theirs: Membership,
    owners: int,
) -> list[Message]:
    """Admins remove members and admins; owners and community managers remove owners too.

    `owners` is how many owners the group has (as for leave and set_role).

    Decision: not even a community manager removes a group's last owner: a group always keeps an owner
    (make someone else owner first), as with leave and set_role.
    """
    me = require_active(actor)
    g = visible(group, membership)
    _admin(me, membership)
    if user_id == me.user_id:
        raise invalid("to leave a group, use leave", "user_id")
    if not theirs.member:
        return []
    if theirs.role == OWNER and membership.role != OWNER and not me.community_manager:
        raise denied("only an owner can remove an owner")
    if theirs.role == OWNER and owners <= 1:
        raise precondition("this is the group's only owner: make someone else owner first")
    return [ev.MemberLeft(group_id=g.group_id, user_id=user_id, removed_by=me.user_id)]


def sync_members(
    actor_id: str,
    group: Group | None,
    add: list[str],
    remove: list[str],
    people: dict[str, Person],
    roles: dict[str, ev.MemberRole],
    owners: int,
) -> tuple[list[Message], list[str]]:
    """The directory's sync makes `add` members and takes `remove` out; returns (events, skipped people).

    `people` are the persons to add as loaded, `roles` the current role of each person concerned who is a
    member, `owners` how many owners the group has.

    Decision: the directory decides who is in a group, never roles: whom it adds is a member, with no
    invitation or request (it is the company's own record of who belongs), and whom it removes leaves,
    admins and owners too (a private group's readers follow the directory), except the group's only owner,
    as a group always keeps one. Unknown and deactivated people are skipped, not refused: one of them must
    not hold up everyone else's membership. Archived and merged groups take no one new.
    """
    if actor_id != SYSTEM:
        raise denied("only the directory's sync adds and removes members directly; invite them instead")
    if group is None:
        raise not_found("group")
    add_ids = list(dict.fromkeys(require_uuid(u, "add_user_ids") for u in add))
    remove_ids = list(dict.fromkeys(require_uuid(u, "remove_user_ids") for u in remove))
    if len(add_ids) + len(remove_ids) > SYNC_LIMIT:
        raise invalid(f"at most {SYNC_LIMIT} people in one call", "add_user_ids")
    if both := set(add_ids) & set(remove_ids):
        raise invalid(f"{min(both)} is both added and removed", "remove_user_ids")
    if add_ids:
        _open(group)
    decided: list[Message] = []
    skipped: list[str] = []
    for user_id in add_ids:
        person = people.get(user_id)
        if person is None or not person.active:
            skipped.append(user_id)
        elif user_id not in roles:
            decided.append(ev.MemberJoined(group_id=group.group_id, user_id=user_id, role=MEMBER))
    for user_id in remove_ids:
        role = roles.get(user_id)
        if role is None:
            continue
        if role == OWNER:
            if owners <= 1:
                skipped.append(user_id)
                continue
            owners -= 1
        decided.append(ev.MemberLeft(group_id=group.group_id, user_id=user_id))
    return decided, skipped


def set_role(
    actor: Person | None,
    group: Group | None,
    membership: Membership,
    user_id: str,
    theirs: Membership,
    role: ev.MemberRole,
    owners: int,
) -> list[Message]:
    me = require_active(actor)
    g = visible(group, membership)
    if membership.role != OWNER and not me.community_manager:
        raise denied("only the group's owners change roles")
    if role not in ROLES:
        raise invalid(f"unknown role {role}", "role")
    if not theirs.member:
        raise not_found("member")
    if theirs.role == role:
        return []
    if theirs.role == OWNER and owners <= 1:
        raise precondition("a group keeps at least one owner")
    return [ev.MemberRoleChanged(group_id=g.group_id, user_id=user_id, role=role, changed_by=me.user_id)]


def archive(actor: Person | None, group: Group | None, membership: Membership) -> list[Message]:
    me = require_active(actor)
    g = visible(group, membership)
    _admin(me, membership)
    if g.archived:
        return []
    return [ev.GroupArchived(group_id=g.group_id, archived_by=me.user_id)]


def unarchive(actor: Person | None, group: Group | None, membership: Membership, today: dt.date) -> list[Message]:
    """Open an archived group again: whoever may archive it (its admins, community managers). A merged
    group cannot come back (its posts live in the other group now); an end date that has passed is
    dropped, else the scheduler would archive the group again at its next pass."""
    me = require_active(actor)
    g = visible(group, membership)
    _admin(me, membership)
    if g.merged_into:
        raise precondition(f"this group was merged into group {g.merged_into}; it cannot be opened again")
    if not g.archived:
        return []
    ended = bool(g.end_date) and dt.date.fromisoformat(g.end_date) < today
    return [ev.GroupUnarchived(group_id=g.group_id, unarchived_by=me.user_id, end_date_cleared=ended)]


def expire(group: Group, today: dt.date) -> list[Message]:
    """The scheduler's rule: a group past its end date is archived."""
    if group.archived or not group.end_date or dt.date.fromisoformat(group.end_date) >= today:
        return []
    return [ev.GroupArchived(group_id=group.group_id)]


def merge(
    actor: Person | None,
    source: Group | None,
    target: Group | None,
    source_members: dict[str, ev.MemberRole],
    target_members: set[str],
) -> tuple[list[Message], list[Message]]:
    """A community manager merges source into target: (events for the source, events for the target)."""
    me = require_active(actor)
    if not me.community_manager:
        raise denied("only a community manager merges groups")
    if source is None:
        raise not_found("group")
    if target is None:
        raise not_found("target group")
    if source.group_id == target.group_id:
        raise invalid("a group cannot be merged into itself", "into_group_id")
    if source.merged_into:
        raise precondition(f"this group was merged into group {source.merged_into} already")
    _open(target)
    joined: list[Message] = [
        ev.MemberJoined(
            group_id=target.group_id,
            user_id=user,
            added_by=me.user_id,
            role=role if role in (ADMIN, MEMBER) else ADMIN,
        )
        for user, role in source_members.items()
        if user not in target_members
    ]
    return [ev.GroupMerged(group_id=source.group_id, into_group_id=target.group_id, merged_by=me.user_id)], joined


__all__ = ["NOBODY", "Settings"]
