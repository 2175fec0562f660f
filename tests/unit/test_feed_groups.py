"""Groups: settings, visibility, membership and its requests, roles, archive, expiry and merge."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from kantine.errors import Code
from kantine.v1 import events_pb2 as ev
from services.feed.domain import groups as g
from services.feed.domain.groups import Settings
from services.feed.domain.model import ADMIN, MEMBER, OWNER, PRIVATE, PUBLIC, SECRET, Group, Membership, Person
from tests.unit.feed_fixtures import (
    A_MEMBER,
    AN_ADMIN,
    AN_OWNER,
    INVITED,
    NOT_A_MEMBER,
    REQUESTED,
    TODAY,
    community_manager,
    deactivated,
    group,
    new_id,
    person,
    refused,
)

SETTINGS = Settings(name="Fika club", purpose="Coffee and cake on Fridays")
ADMINS_ONLY = ev.POSTING_POLICY_ADMINS
EVERYONE = ev.POSTING_POLICY_EVERYONE
UNSET, NO_POLICY = ev.GROUP_VISIBILITY_UNSPECIFIED, ev.POSTING_POLICY_UNSPECIFIED  # both 0: the defaults apply


# ----- settings -----


def test_settings_are_normalised_with_defaults() -> None:
    raw = Settings(
        name="  Fika \n club ", purpose="  Coffee and cake on Fridays  ", visibility=UNSET, posting_policy=NO_POLICY
    )
    assert g.clean_settings(raw, TODAY) == Settings("Fika club", "Coffee and cake on Fridays", PUBLIC, EVERYONE, "")


@pytest.mark.parametrize(("end", "clean"), [("2026-11-23", "2026-11-23"), (" 2027-01-31 ", "2027-01-31")])
def test_an_end_date_from_today_on_is_kept(end: str, clean: str) -> None:
    assert g.clean_settings(dataclasses.replace(SETTINGS, end_date=end), TODAY).end_date == clean


def test_limits_that_are_just_fine() -> None:
    s = g.clean_settings(
        Settings(name="n" * 80, purpose="p" * 10, visibility=SECRET, posting_policy=ADMINS_ONLY), TODAY
    )
    assert (s.name, s.purpose, s.visibility, s.posting_policy) == ("n" * 80, "p" * 10, SECRET, ADMINS_ONLY)
    assert g.clean_settings(dataclasses.replace(SETTINGS, purpose="p" * 1000), TODAY).purpose == "p" * 1000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "  \t "}, "name"),
        ({"name": "n" * 81}, "name"),
        ({"purpose": ""}, "purpose"),
        ({"purpose": "too short"}, "purpose"),
        ({"purpose": "   short    "}, "purpose"),
        ({"purpose": "p" * 1001}, "purpose"),
        ({"visibility": 99}, "visibility"),
        ({"posting_policy": 99}, "posting_policy"),
        ({"end_date": "23.11.2026"}, "end_date"),
        ({"end_date": "2026-02-30"}, "end_date"),
        ({"end_date": "soon"}, "end_date"),
        ({"end_date": "2026-11-22"}, "end_date"),
    ],
)
def test_invalid_settings_name_the_field(change: dict[str, object], field: str) -> None:
    with refused(Code.INVALID, field):
        g.clean_settings(dataclasses.replace(SETTINGS, **change), TODAY)  # type: ignore[arg-type]


# ----- create -----


def test_create_a_group_with_the_actor_as_first_owner() -> None:
    ann, bo, cy = person(), person(), person()
    owners = {bo.user_id: bo, cy.user_id: cy}
    settings = Settings("Fika", "Coffee and cake on Fridays", PRIVATE, ADMINS_ONLY, "2027-01-01")
    group_id = new_id()
    events = g.create_group(ann, group_id, settings, [bo.user_id, ann.user_id, cy.user_id, bo.user_id], owners, TODAY)
    assert events == [
        ev.GroupCreated(
            group_id=group_id,
            name="Fika",
            purpose="Coffee and cake on Fridays",
            visibility=PRIVATE,
            posting_policy=ADMINS_ONLY,
            owner_ids=[ann.user_id, bo.user_id, cy.user_id],
            end_date="2027-01-01",
            created_by=ann.user_id,
        )
    ]


def test_create_alone_defaults_to_a_public_group_open_to_everyone() -> None:
    ann, group_id = person(), new_id()
    settings = dataclasses.replace(SETTINGS, visibility=UNSET, posting_policy=NO_POLICY)
    assert g.create_group(ann, group_id, settings, [], {}, TODAY) == [
        ev.GroupCreated(
            group_id=group_id,
            name="Fika club",
            purpose="Coffee and cake on Fridays",
            visibility=PUBLIC,
            posting_policy=EVERYONE,
            owner_ids=[ann.user_id],
            created_by=ann.user_id,
        )
    ]


def test_owner_ids_are_normalised_before_they_are_looked_up() -> None:
    ann, bo = person(), person()
    [event] = g.create_group(ann, new_id(), SETTINGS, [bo.user_id.upper()], {bo.user_id: bo}, TODAY)
    assert isinstance(event, ev.GroupCreated)
    assert list(event.owner_ids) == [ann.user_id, bo.user_id]


@pytest.mark.parametrize("case", ["unknown", "deactivated", "not-a-uuid"])
def test_further_owners_must_be_active_people(case: str) -> None:
    ann, bo = person(), person()
    owners = {bo.user_id: deactivated(bo)} if case == "deactivated" else {}
    owner_id = "bob" if case == "not-a-uuid" else bo.user_id
    with refused(Code.INVALID, "owner_ids"):
        g.create_group(ann, new_id(), SETTINGS, [owner_id], owners, TODAY)


def test_the_group_id_is_normalised() -> None:
    group_id = new_id()
    [event] = g.create_group(person(), group_id.upper(), SETTINGS, [], {}, TODAY)
    assert isinstance(event, ev.GroupCreated)
    assert event.group_id == group_id


@pytest.mark.parametrize("group_id", ["", "fika", "1", new_id() + "0"])
def test_the_group_id_must_be_a_uuid(group_id: str) -> None:
    """Decision: create_group checks its group id like every other id, though the handler makes it."""
    with refused(Code.INVALID, "group_id"):
        g.create_group(person(), group_id, SETTINGS, [], {}, TODAY)


def test_create_checks_the_settings() -> None:
    with refused(Code.INVALID, "purpose"):
        g.create_group(person(), new_id(), dataclasses.replace(SETTINGS, purpose="Fika"), [], {}, TODAY)
    with refused(Code.INVALID, "end_date"):
        g.create_group(person(), new_id(), dataclasses.replace(SETTINGS, end_date="2026-11-01"), [], {}, TODAY)


# ----- update -----


def test_an_admin_updates_the_settings() -> None:
    grp = group(version=3)
    settings = Settings(" New  name ", "A new purpose for us", PRIVATE, ADMINS_ONLY, "2026-12-24")
    assert g.update_group(person(), grp, AN_ADMIN, settings, 3, TODAY) == [
        ev.GroupUpdated(
            group_id=grp.group_id,
            name="New name",
            purpose="A new purpose for us",
            visibility=PRIVATE,
            posting_policy=ADMINS_ONLY,
            end_date="2026-12-24",
        )
    ]


def test_a_community_manager_updates_a_group_they_are_not_in() -> None:
    grp = group(PRIVATE)
    assert len(g.update_group(community_manager(), grp, NOT_A_MEMBER, SETTINGS, 0, TODAY)) == 1


@pytest.mark.parametrize(
    ("grp", "membership", "code"),
    [
        (group(), A_MEMBER, Code.DENIED),
        (group(), NOT_A_MEMBER, Code.DENIED),
        (group(SECRET), NOT_A_MEMBER, Code.NOT_FOUND),
        (None, AN_ADMIN, Code.NOT_FOUND),
        (group(archived=True), AN_OWNER, Code.PRECONDITION),
        (group(merged_into=new_id()), AN_OWNER, Code.PRECONDITION),
    ],
)
def test_who_may_update_and_when(grp: Group | None, membership: Membership, code: Code) -> None:
    with refused(code):
        g.update_group(person(), grp, membership, SETTINGS, 0, TODAY)


def test_update_with_a_stale_version_conflicts() -> None:
    with refused(Code.CONFLICT, "expected_version"):
        g.update_group(person(), group(version=4), AN_OWNER, SETTINGS, 3, TODAY)


def test_update_checks_the_settings() -> None:
    with refused(Code.INVALID, "name"):
        g.update_group(person(), group(), AN_OWNER, dataclasses.replace(SETTINGS, name=""), 0, TODAY)


# ----- visibility -----


@pytest.mark.parametrize(
    ("visibility", "membership", "see", "read"),
    [
        (PUBLIC, NOT_A_MEMBER, True, True),
        (PUBLIC, A_MEMBER, True, True),
        (PRIVATE, NOT_A_MEMBER, True, False),
        (PRIVATE, REQUESTED, True, False),
        (PRIVATE, INVITED, True, False),
        (PRIVATE, A_MEMBER, True, True),
        (SECRET, NOT_A_MEMBER, False, False),
        (SECRET, REQUESTED, False, False),
        (SECRET, INVITED, True, False),
        (SECRET, A_MEMBER, True, True),
        (SECRET, AN_OWNER, True, True),
    ],
)
def test_who_sees_a_group_and_who_reads_it(visibility: int, membership: Membership, see: bool, read: bool) -> None:
    grp = group(visibility)
    assert (g.can_see(grp, membership), g.can_read(grp, membership)) == (see, read)


@pytest.mark.parametrize(
    ("grp", "membership", "code"),
    [
        (None, NOT_A_MEMBER, Code.NOT_FOUND),
        (group(SECRET), INVITED, Code.DENIED),  # the invitation shows the group, not yet its posts
        (group(SECRET), NOT_A_MEMBER, Code.NOT_FOUND),
        (group(PRIVATE), REQUESTED, Code.DENIED),
    ],
)
def test_a_groups_posts_are_refused_to_whoever_may_not_read_them(
    grp: Group | None, membership: Membership, code: Code
) -> None:
    with refused(code):
        g.readable(grp, membership)
    private = group(PRIVATE)
    assert g.readable(private, A_MEMBER) is private


# ----- join -----


def test_joining_a_public_group() -> None:
    ann, grp = person(), group(PUBLIC)
    assert g.join(ann, grp, NOT_A_MEMBER) == [ev.MemberJoined(group_id=grp.group_id, user_id=ann.user_id, role=MEMBER)]


def test_joining_a_private_group_files_a_request_once() -> None:
    ann, grp = person(), group(PRIVATE)
    assert g.join(ann, grp, NOT_A_MEMBER) == [ev.JoinRequested(group_id=grp.group_id, user_id=ann.user_id)]
    assert g.join(ann, grp, REQUESTED) == []


@pytest.mark.parametrize("visibility", [PRIVATE, SECRET])
def test_an_invited_person_joins_directly(visibility: int) -> None:
    ann, grp = person(), group(visibility)
    expected = [ev.MemberJoined(group_id=grp.group_id, user_id=ann.user_id, role=MEMBER)]
    assert g.join(ann, grp, INVITED) == expected
    assert g.join(ann, grp, Membership(invited=True, requested=True)) == expected


@pytest.mark.parametrize("membership", [NOT_A_MEMBER, REQUESTED], ids=["stranger", "requested"])
def test_a_secret_group_does_not_exist_for_strangers(membership: Membership) -> None:
    with refused(Code.NOT_FOUND):
        g.join(person(), group(SECRET), membership)


def test_a_secret_group_is_not_found_even_for_a_community_manager() -> None:
    with refused(Code.NOT_FOUND):
        g.join(community_manager(), group(SECRET), NOT_A_MEMBER)


@pytest.mark.parametrize("visibility", [PUBLIC, PRIVATE, SECRET])
@pytest.mark.parametrize("membership", [A_MEMBER, AN_ADMIN, AN_OWNER])
def test_joining_again_changes_nothing(visibility: int, membership: Membership) -> None:
    assert g.join(person(), group(visibility), membership) == []


@pytest.mark.parametrize("change", [{"archived": True}, {"merged_into": new_id()}])
@pytest.mark.parametrize("membership", [NOT_A_MEMBER, INVITED])
def test_an_archived_or_merged_group_takes_no_members(change: dict[str, object], membership: Membership) -> None:
    with refused(Code.PRECONDITION):
        g.join(person(), group(PUBLIC, **change), membership)


def test_joining_an_unknown_group_is_not_found() -> None:
    with refused(Code.NOT_FOUND):
        g.join(person(), None, NOT_A_MEMBER)


# ----- leave -----


@pytest.mark.parametrize("membership", [A_MEMBER, AN_ADMIN])
def test_a_member_leaves(membership: Membership) -> None:
    ann, grp = person(), group(PRIVATE)
    assert g.leave(ann, grp, membership, 1) == [ev.MemberLeft(group_id=grp.group_id, user_id=ann.user_id)]


def test_leaving_a_group_you_are_not_in_changes_nothing() -> None:
    assert g.leave(person(), group(PRIVATE), NOT_A_MEMBER, 1) == []
    assert g.leave(person(), group(PRIVATE), REQUESTED, 1) == []


def test_the_last_owner_cannot_leave_but_one_of_two_can() -> None:
    ann, grp = person(), group()
    with refused(Code.PRECONDITION):
        g.leave(ann, grp, AN_OWNER, 1)
    assert g.leave(ann, grp, AN_OWNER, 2) == [ev.MemberLeft(group_id=grp.group_id, user_id=ann.user_id)]


def test_leaving_an_archived_group_is_allowed() -> None:
    ann, grp = person(), group(archived=True)
    assert g.leave(ann, grp, A_MEMBER, 1) == [ev.MemberLeft(group_id=grp.group_id, user_id=ann.user_id)]


def test_leaving_a_secret_group_you_cannot_see_is_not_found() -> None:
    with refused(Code.NOT_FOUND):
        g.leave(person(), group(SECRET), NOT_A_MEMBER, 1)


# ----- join requests -----


@pytest.mark.parametrize("membership", [AN_ADMIN, AN_OWNER])
def test_an_admin_approves_or_declines_a_request(membership: Membership) -> None:
    admin, ann, grp = person(), person(), group(PRIVATE)
    assert g.answer_request(admin, grp, membership, ann, REQUESTED, True) == [
        ev.MemberJoined(group_id=grp.group_id, user_id=ann.user_id, added_by=admin.user_id, role=MEMBER)
    ]
    assert g.answer_request(admin, grp, membership, ann, REQUESTED, False) == [
        ev.JoinRequestDeclined(group_id=grp.group_id, user_id=ann.user_id, declined_by=admin.user_id)
    ]


def test_a_community_manager_answers_requests_without_being_a_member() -> None:
    cm, ann, grp = community_manager(), person(), group(PRIVATE)
    assert g.answer_request(cm, grp, NOT_A_MEMBER, ann, REQUESTED, True) == [
        ev.MemberJoined(group_id=grp.group_id, user_id=ann.user_id, added_by=cm.user_id, role=MEMBER)
    ]


@pytest.mark.parametrize("approve", [True, False])
def test_a_plain_member_may_not_answer_requests(approve: bool) -> None:
    with refused(Code.DENIED):
        g.answer_request(person(), group(PRIVATE), A_MEMBER, person(), REQUESTED, approve)


@pytest.mark.parametrize(
    ("user", "theirs"),
    [(None, REQUESTED), (person(), NOT_A_MEMBER), (person(), INVITED), (person(), A_MEMBER)],
    ids=["unknown-person", "no-request", "invited", "member"],
)
def test_answering_a_request_that_does_not_exist_is_not_found(user: Person | None, theirs: Membership) -> None:
    with refused(Code.NOT_FOUND):
        g.answer_request(person(), group(PRIVATE), AN_ADMIN, user, theirs, True)


def test_requests_in_an_archived_group_cannot_be_approved() -> None:
    with refused(Code.PRECONDITION):
        g.answer_request(person(), group(PRIVATE, archived=True), AN_ADMIN, person(), REQUESTED, True)


def test_approving_the_request_of_a_deactivated_person_is_refused() -> None:
    with refused(Code.NOT_FOUND):
        g.answer_request(person(), group(PRIVATE), AN_ADMIN, deactivated(person()), REQUESTED, True)


@pytest.mark.parametrize("me", [person(), community_manager()], ids=["admin", "cm"])
def test_the_request_of_a_deactivated_person_can_still_be_declined(me: Person) -> None:
    ann, grp = deactivated(person()), group(PRIVATE)
    membership = AN_ADMIN if not me.community_manager else NOT_A_MEMBER
    assert g.answer_request(me, grp, membership, ann, REQUESTED, False) == [
        ev.JoinRequestDeclined(group_id=grp.group_id, user_id=ann.user_id, declined_by=me.user_id)
    ]


# ----- invite -----


@pytest.mark.parametrize(
    ("visibility", "membership"),
    [(PUBLIC, AN_ADMIN), (PRIVATE, AN_ADMIN), (SECRET, AN_OWNER), (PUBLIC, A_MEMBER)],
)
def test_who_may_invite(visibility: int, membership: Membership) -> None:
    me, ann, grp = person(), person(), group(visibility)
    assert g.invite(me, grp, membership, ann, NOT_A_MEMBER) == [
        ev.MemberInvited(group_id=grp.group_id, user_id=ann.user_id, invited_by=me.user_id)
    ]


def test_a_community_manager_invites_to_a_private_group_they_are_not_in() -> None:
    cm, ann, grp = community_manager(), person(), group(PRIVATE)
    assert g.invite(cm, grp, NOT_A_MEMBER, ann, NOT_A_MEMBER) == [
        ev.MemberInvited(group_id=grp.group_id, user_id=ann.user_id, invited_by=cm.user_id)
    ]


@pytest.mark.parametrize(
    ("visibility", "membership"),
    [(PRIVATE, A_MEMBER), (SECRET, A_MEMBER), (PUBLIC, NOT_A_MEMBER), (PRIVATE, NOT_A_MEMBER), (PRIVATE, INVITED)],
)
def test_who_may_not_invite(visibility: int, membership: Membership) -> None:
    with refused(Code.DENIED):
        g.invite(person(), group(visibility), membership, person(), NOT_A_MEMBER)


def test_inviting_to_a_secret_group_you_cannot_see_is_not_found() -> None:
    with refused(Code.NOT_FOUND):
        g.invite(community_manager(), group(SECRET), NOT_A_MEMBER, person(), NOT_A_MEMBER)


@pytest.mark.parametrize("theirs", [A_MEMBER, AN_OWNER, INVITED], ids=["member", "owner", "invited"])
def test_inviting_a_member_or_an_invitee_again_changes_nothing(theirs: Membership) -> None:
    assert g.invite(person(), group(PRIVATE), AN_ADMIN, person(), theirs) == []


@pytest.mark.parametrize("by", ["admin", "cm"])
def test_inviting_someone_who_asked_to_join_lets_them_in(by: str) -> None:
    me = person() if by == "admin" else community_manager()
    membership = AN_ADMIN if by == "admin" else NOT_A_MEMBER
    ann, grp = person(), group(PRIVATE)
    assert g.invite(me, grp, membership, ann, REQUESTED) == [
        ev.MemberJoined(group_id=grp.group_id, user_id=ann.user_id, added_by=me.user_id, role=MEMBER)
    ]


def test_a_plain_member_inviting_someone_who_asked_only_invites_them() -> None:
    me, ann, grp = person(), person(), group(PUBLIC)
    assert g.invite(me, grp, A_MEMBER, ann, REQUESTED) == [
        ev.MemberInvited(group_id=grp.group_id, user_id=ann.user_id, invited_by=me.user_id)
    ]


@pytest.mark.parametrize("user", [None, deactivated(person())], ids=["unknown", "deactivated"])
def test_inviting_an_unknown_or_deactivated_person_is_not_found(user: Person | None) -> None:
    with refused(Code.NOT_FOUND):
        g.invite(person(), group(), AN_ADMIN, user, NOT_A_MEMBER)


@pytest.mark.parametrize("change", [{"archived": True}, {"merged_into": new_id()}])
def test_no_invitations_to_an_archived_or_merged_group(change: dict[str, object]) -> None:
    with refused(Code.PRECONDITION):
        g.invite(person(), group(**change), AN_ADMIN, person(), NOT_A_MEMBER)


# ----- remove -----


@pytest.mark.parametrize(
    ("me", "membership", "theirs"),
    [
        (person(), AN_ADMIN, A_MEMBER),
        (person(), AN_ADMIN, AN_ADMIN),
        (person(), AN_OWNER, AN_OWNER),
        (community_manager(), NOT_A_MEMBER, AN_OWNER),
    ],
    ids=["admin-member", "admin-admin", "owner-owner", "cm-owner"],
)
def test_who_may_remove_whom(me: Person, membership: Membership, theirs: Membership) -> None:
    grp, ann = group(), new_id()
    assert g.remove(me, grp, membership, ann, theirs, 2) == [
        ev.MemberLeft(group_id=grp.group_id, user_id=ann, removed_by=me.user_id)
    ]


def test_an_admin_may_not_remove_an_owner() -> None:
    with refused(Code.DENIED):
        g.remove(person(), group(), AN_ADMIN, new_id(), AN_OWNER, 2)


def test_a_community_manager_may_not_remove_the_last_owner() -> None:
    """Decision: a group always keeps an owner; not even a community manager removes the last one."""
    cm, grp, ann = community_manager(), group(), new_id()
    with refused(Code.PRECONDITION):
        g.remove(cm, grp, NOT_A_MEMBER, ann, AN_OWNER, 1)
    assert g.remove(cm, grp, NOT_A_MEMBER, ann, AN_OWNER, 2) == [
        ev.MemberLeft(group_id=grp.group_id, user_id=ann, removed_by=cm.user_id)
    ]


def test_the_owner_count_does_not_matter_for_removing_members_and_admins() -> None:
    cm, grp = community_manager(), group()
    for theirs in (A_MEMBER, AN_ADMIN):
        ann = new_id()
        assert g.remove(cm, grp, NOT_A_MEMBER, ann, theirs, 1) == [
            ev.MemberLeft(group_id=grp.group_id, user_id=ann, removed_by=cm.user_id)
        ]


def test_an_admin_removing_the_last_owner_is_denied_before_anything_else() -> None:
    with refused(Code.DENIED):
        g.remove(person(), group(), AN_ADMIN, new_id(), AN_OWNER, 1)


@pytest.mark.parametrize("membership", [A_MEMBER, NOT_A_MEMBER])
def test_a_plain_member_may_not_remove_anyone(membership: Membership) -> None:
    with refused(Code.DENIED):
        g.remove(person(), group(), membership, new_id(), A_MEMBER, 1)


def test_removing_yourself_is_leaving() -> None:
    me = person()
    with refused(Code.INVALID, "user_id"):
        g.remove(me, group(), AN_OWNER, me.user_id, AN_OWNER, 2)


@pytest.mark.parametrize("theirs", [NOT_A_MEMBER, INVITED, REQUESTED])
def test_removing_a_non_member_changes_nothing(theirs: Membership) -> None:
    assert g.remove(person(), group(), AN_ADMIN, new_id(), theirs, 1) == []


# ----- roles -----


@pytest.mark.parametrize(
    ("theirs", "role"),
    [(A_MEMBER, ADMIN), (A_MEMBER, OWNER), (AN_ADMIN, MEMBER), (AN_ADMIN, OWNER)],
)
def test_an_owner_changes_roles(theirs: Membership, role: ev.MemberRole) -> None:
    me, grp, ann = person(), group(), new_id()
    assert g.set_role(me, grp, AN_OWNER, ann, theirs, role, 1) == [
        ev.MemberRoleChanged(group_id=grp.group_id, user_id=ann, role=role, changed_by=me.user_id)
    ]


def test_a_community_manager_changes_roles() -> None:
    cm, grp, ann = community_manager(), group(), new_id()
    assert g.set_role(cm, grp, NOT_A_MEMBER, ann, A_MEMBER, OWNER, 1) == [
        ev.MemberRoleChanged(group_id=grp.group_id, user_id=ann, role=OWNER, changed_by=cm.user_id)
    ]


@pytest.mark.parametrize("membership", [AN_ADMIN, A_MEMBER, NOT_A_MEMBER])
def test_only_owners_change_roles(membership: Membership) -> None:
    with refused(Code.DENIED):
        g.set_role(person(), group(), membership, new_id(), A_MEMBER, ADMIN, 1)


@pytest.mark.parametrize("role", [ev.MEMBER_ROLE_UNSPECIFIED, 99])
def test_an_unknown_role_is_invalid(role: int) -> None:
    with refused(Code.INVALID, "role"):
        g.set_role(person(), group(), AN_OWNER, new_id(), A_MEMBER, role, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize("theirs", [NOT_A_MEMBER, INVITED, REQUESTED])
def test_only_members_have_roles(theirs: Membership) -> None:
    with refused(Code.NOT_FOUND):
        g.set_role(person(), group(), AN_OWNER, new_id(), theirs, ADMIN, 1)


@pytest.mark.parametrize(("theirs", "role"), [(A_MEMBER, MEMBER), (AN_ADMIN, ADMIN), (AN_OWNER, OWNER)])
def test_the_same_role_changes_nothing(theirs: Membership, role: int) -> None:
    assert g.set_role(person(), group(), AN_OWNER, new_id(), theirs, role, 1) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("role", [ADMIN, MEMBER])
def test_a_group_keeps_at_least_one_owner(role: ev.MemberRole) -> None:
    me, grp = person(), group()
    with refused(Code.PRECONDITION):
        g.set_role(me, grp, AN_OWNER, me.user_id, AN_OWNER, role, 1)
    assert g.set_role(me, grp, AN_OWNER, me.user_id, AN_OWNER, role, 2) == [
        ev.MemberRoleChanged(group_id=grp.group_id, user_id=me.user_id, role=role, changed_by=me.user_id)
    ]


def test_roles_in_a_secret_group_you_cannot_see_are_not_found() -> None:
    with refused(Code.NOT_FOUND):
        g.set_role(community_manager(), group(SECRET), NOT_A_MEMBER, new_id(), A_MEMBER, ADMIN, 1)


# ----- archive and expiry -----


@pytest.mark.parametrize(
    ("me", "membership"),
    [(person(), AN_ADMIN), (person(), AN_OWNER), (community_manager(), NOT_A_MEMBER)],
    ids=["admin", "owner", "cm"],
)
def test_admins_and_community_managers_archive(me: Person, membership: Membership) -> None:
    grp = group()
    assert g.archive(me, grp, membership) == [ev.GroupArchived(group_id=grp.group_id, archived_by=me.user_id)]


def test_archiving_again_changes_nothing() -> None:
    assert g.archive(person(), group(archived=True), AN_OWNER) == []


@pytest.mark.parametrize(
    ("grp", "membership", "code"),
    [(group(), A_MEMBER, Code.DENIED), (group(SECRET), NOT_A_MEMBER, Code.NOT_FOUND), (None, AN_OWNER, Code.NOT_FOUND)],
)
def test_who_may_not_archive(grp: Group | None, membership: Membership, code: Code) -> None:
    with refused(code):
        g.archive(person(), grp, membership)


@pytest.mark.parametrize(
    ("me", "membership"),
    [(person(), AN_ADMIN), (person(), AN_OWNER), (community_manager(), NOT_A_MEMBER)],
    ids=["admin", "owner", "cm"],
)
def test_whoever_may_archive_a_group_may_open_it_again(me: Person, membership: Membership) -> None:
    grp = group(archived=True, end_date="2027-01-01")
    assert g.unarchive(me, grp, membership, TODAY) == [
        ev.GroupUnarchived(group_id=grp.group_id, unarchived_by=me.user_id, end_date_cleared=False)
    ]


def test_opening_a_group_whose_end_date_passed_drops_the_date_so_the_scheduler_leaves_it_open() -> None:
    grp = group(archived=True, end_date="2026-11-22")
    (opened,) = g.unarchive(person(), grp, AN_OWNER, TODAY)
    assert isinstance(opened, ev.GroupUnarchived) and opened.end_date_cleared
    assert g.expire(dataclasses.replace(grp, archived=False, end_date=""), TODAY) == []


def test_opening_an_open_group_changes_nothing() -> None:
    assert g.unarchive(person(), group(), AN_OWNER, TODAY) == []


@pytest.mark.parametrize(
    ("grp", "membership", "code"),
    [
        (group(archived=True), A_MEMBER, Code.DENIED),
        (group(archived=True), NOT_A_MEMBER, Code.DENIED),
        (group(SECRET, archived=True), NOT_A_MEMBER, Code.NOT_FOUND),
        (None, AN_OWNER, Code.NOT_FOUND),
        (group(archived=True, merged_into=new_id()), AN_OWNER, Code.PRECONDITION),
    ],
    ids=["member", "outsider", "secret", "unknown", "merged"],
)
def test_who_may_not_open_an_archived_group(grp: Group | None, membership: Membership, code: Code) -> None:
    with refused(code):
        g.unarchive(person(), grp, membership, TODAY)


def test_a_group_past_its_end_date_is_archived_by_the_scheduler() -> None:
    grp = group(end_date="2026-11-22")
    assert g.expire(grp, TODAY) == [ev.GroupArchived(group_id=grp.group_id)]


@pytest.mark.parametrize(
    ("grp", "end_date"),
    [(group(), "2026-11-23"), (group(), "2027-01-01"), (group(), ""), (group(archived=True), "2026-01-01")],
    ids=["ends-today", "future", "no-end", "already-archived"],
)
def test_expire_leaves_a_group_alone(grp: Group, end_date: str) -> None:
    assert g.expire(dataclasses.replace(grp, end_date=end_date), TODAY) == []


# ----- merge -----


def test_a_community_manager_merges_members_into_the_target() -> None:
    cm, source, target = community_manager(), group(), group()
    owner, admin, member, both = new_id(), new_id(), new_id(), new_id()
    source_events, target_events = g.merge(
        cm, source, target, {owner: OWNER, admin: ADMIN, member: MEMBER, both: MEMBER}, {both, new_id()}
    )
    assert source_events == [
        ev.GroupMerged(group_id=source.group_id, into_group_id=target.group_id, merged_by=cm.user_id)
    ]
    assert target_events == [
        ev.MemberJoined(group_id=target.group_id, user_id=owner, added_by=cm.user_id, role=ADMIN),
        ev.MemberJoined(group_id=target.group_id, user_id=admin, added_by=cm.user_id, role=ADMIN),
        ev.MemberJoined(group_id=target.group_id, user_id=member, added_by=cm.user_id, role=MEMBER),
    ]


def test_merging_a_group_whose_members_are_all_in_the_target_adds_no_one() -> None:
    cm, source, target = community_manager(), group(), group()
    ann = new_id()
    source_events, target_events = g.merge(cm, source, target, {ann: OWNER}, {ann})
    assert [type(e) for e in source_events] == [ev.GroupMerged]
    assert target_events == []


def test_an_archived_source_can_be_merged() -> None:
    cm, source, target = community_manager(), group(archived=True), group()
    assert g.merge(cm, source, target, {}, set()) == (
        [ev.GroupMerged(group_id=source.group_id, into_group_id=target.group_id, merged_by=cm.user_id)],
        [],
    )


@pytest.mark.parametrize("who", [person(), person(leader=True)], ids=["colleague", "leader"])
def test_only_a_community_manager_merges(who: Person) -> None:
    with refused(Code.DENIED):
        g.merge(who, group(), group(), {}, set())


def test_a_group_cannot_be_merged_into_itself() -> None:
    grp = group()
    with refused(Code.INVALID, "into_group_id"):
        g.merge(community_manager(), grp, dataclasses.replace(grp), {}, set())


@pytest.mark.parametrize(
    ("source", "target", "code"),
    [
        (None, group(), Code.NOT_FOUND),
        (group(), None, Code.NOT_FOUND),
        (group(merged_into=new_id()), group(), Code.PRECONDITION),
        (group(), group(archived=True), Code.PRECONDITION),
        (group(), group(merged_into=new_id()), Code.PRECONDITION),
    ],
    ids=["no-source", "no-target", "source-merged", "target-archived", "target-merged"],
)
def test_merge_needs_an_unmerged_source_and_an_open_target(
    source: Group | None, target: Group | None, code: Code
) -> None:
    with refused(code):
        g.merge(community_manager(), source, target, {new_id(): MEMBER}, set())


# ----- member list -----


@pytest.mark.parametrize(
    ("me", "visibility", "membership"),
    [
        (person(), PUBLIC, NOT_A_MEMBER),
        (person(), PUBLIC, REQUESTED),
        (person(), PUBLIC, A_MEMBER),
        (person(), PRIVATE, A_MEMBER),
        (person(), SECRET, A_MEMBER),
        (person(), PRIVATE, AN_ADMIN),
        (person(), SECRET, AN_OWNER),
        (community_manager(), PUBLIC, NOT_A_MEMBER),
        (community_manager(), PRIVATE, NOT_A_MEMBER),
        (community_manager(), SECRET, A_MEMBER),
    ],
    ids=[
        "public-stranger",
        "public-requested",
        "public-member",
        "private-member",
        "secret-member",
        "private-admin",
        "secret-owner",
        "cm-public",
        "cm-private",
        "cm-secret-member",
    ],
)
def test_who_sees_the_members(me: Person, visibility: int, membership: Membership) -> None:
    grp = group(visibility)
    assert g.member_list(me, grp, membership, False) is grp


@pytest.mark.parametrize(
    ("me", "visibility", "membership"),
    [
        (person(), PUBLIC, AN_ADMIN),
        (person(), PRIVATE, AN_ADMIN),
        (person(), PRIVATE, AN_OWNER),
        (person(), SECRET, AN_OWNER),
        (community_manager(), PUBLIC, NOT_A_MEMBER),
        (community_manager(), PRIVATE, NOT_A_MEMBER),
    ],
    ids=["public-admin", "private-admin", "private-owner", "secret-owner", "cm-public", "cm-private"],
)
def test_admins_and_community_managers_see_the_requests(me: Person, visibility: int, membership: Membership) -> None:
    grp = group(visibility)
    assert g.member_list(me, grp, membership, True) is grp


@pytest.mark.parametrize(
    ("me", "visibility", "membership"),
    [
        (person(), PUBLIC, NOT_A_MEMBER),
        (person(), PUBLIC, A_MEMBER),
        (person(), PRIVATE, A_MEMBER),
        (person(), SECRET, A_MEMBER),
        (person(leader=True), PUBLIC, A_MEMBER),
    ],
    ids=["public-stranger", "public-member", "private-member", "secret-member", "leader-member"],
)
def test_requests_are_listed_only_to_admins(me: Person, visibility: int, membership: Membership) -> None:
    with refused(Code.DENIED):
        g.member_list(me, group(visibility), membership, True)


@pytest.mark.parametrize("requests", [False, True])
@pytest.mark.parametrize("membership", [NOT_A_MEMBER, REQUESTED, INVITED], ids=["stranger", "requested", "invited"])
def test_the_members_of_a_private_group_are_for_its_members(membership: Membership, requests: bool) -> None:
    with refused(Code.DENIED):
        g.member_list(person(), group(PRIVATE), membership, requests)


@pytest.mark.parametrize("requests", [False, True])
@pytest.mark.parametrize(
    ("me", "grp", "membership"),
    [
        (person(), group(SECRET), NOT_A_MEMBER),
        (person(), group(SECRET), REQUESTED),
        (community_manager(), group(SECRET), NOT_A_MEMBER),
        (person(), None, AN_OWNER),
    ],
    ids=["secret-stranger", "secret-requested", "secret-cm", "unknown-group"],
)
def test_the_members_of_a_group_you_cannot_see_are_not_found(
    me: Person, grp: Group | None, membership: Membership, requests: bool
) -> None:
    with refused(Code.NOT_FOUND):
        g.member_list(me, grp, membership, requests)


def test_a_secret_group_invitee_sees_the_group_but_not_its_members() -> None:
    with refused(Code.DENIED):
        g.member_list(person(), group(SECRET), INVITED, False)


@pytest.mark.parametrize("change", [{"archived": True}, {"merged_into": new_id()}])
def test_the_members_of_an_archived_or_merged_group_are_still_listed(change: dict[str, object]) -> None:
    grp = group(PRIVATE, **change)
    assert g.member_list(person(), grp, A_MEMBER, False) is grp
    assert g.member_list(person(), grp, AN_ADMIN, True) is grp


# ----- unknown and deactivated actors -----


GROUP_CALLS: dict[str, Callable[[Person | None], object]] = {
    "create": lambda a: g.create_group(a, new_id(), SETTINGS, [], {}, TODAY),
    "update": lambda a: g.update_group(a, group(), AN_OWNER, SETTINGS, 0, TODAY),
    "join": lambda a: g.join(a, group(), NOT_A_MEMBER),
    "leave": lambda a: g.leave(a, group(), A_MEMBER, 2),
    "answer": lambda a: g.answer_request(a, group(PRIVATE), AN_ADMIN, person(), REQUESTED, True),
    "invite": lambda a: g.invite(a, group(), AN_ADMIN, person(), NOT_A_MEMBER),
    "remove": lambda a: g.remove(a, group(), AN_OWNER, new_id(), A_MEMBER, 1),
    "set_role": lambda a: g.set_role(a, group(), AN_OWNER, new_id(), A_MEMBER, ADMIN, 1),
    "archive": lambda a: g.archive(a, group(), AN_OWNER),
    "merge": lambda a: g.merge(a, group(), group(), {}, set()),
    "member_list": lambda a: g.member_list(a, group(PRIVATE), A_MEMBER, False),
    "requests": lambda a: g.member_list(a, group(PRIVATE), AN_ADMIN, True),
}


@pytest.mark.parametrize("actor", [None, deactivated(community_manager())], ids=["unknown", "deactivated-cm"])
@pytest.mark.parametrize("call", GROUP_CALLS.values(), ids=GROUP_CALLS.keys())
def test_an_unknown_or_deactivated_actor_is_denied(
    actor: Person | None, call: Callable[[Person | None], object]
) -> None:
    with refused(Code.DENIED):
        call(actor)


@pytest.mark.parametrize("call", GROUP_CALLS.values(), ids=GROUP_CALLS.keys())
def test_the_same_calls_succeed_for_an_active_community_manager(call: Callable[[Person | None], object]) -> None:
    assert call(community_manager()) not in ([], ([], []))


# ----- the directory's sync -----


def test_the_directory_adds_members_to_any_group_without_asking() -> None:
    for visibility in (PUBLIC, PRIVATE, SECRET):
        grp, ann, bob = group(visibility), person(), person()
        people = {ann.user_id: ann, bob.user_id: bob}
        decided, skipped = g.sync_members("", grp, [ann.user_id, bob.user_id], [], people, {}, 1)
        assert decided == [
            ev.MemberJoined(group_id=grp.group_id, user_id=ann.user_id, role=MEMBER),
            ev.MemberJoined(group_id=grp.group_id, user_id=bob.user_id, role=MEMBER),
        ]
        assert skipped == []


def test_the_directory_adding_a_member_again_changes_nothing_and_keeps_their_role() -> None:
    grp, ann = group(), person()
    assert g.sync_members("", grp, [ann.user_id], [], {ann.user_id: ann}, {ann.user_id: ADMIN}, 1) == ([], [])


def test_unknown_and_deactivated_people_are_skipped_not_refused() -> None:
    grp, ann, gone, unknown = group(), person(), deactivated(person()), new_id()
    people = {ann.user_id: ann, gone.user_id: gone}
    decided, skipped = g.sync_members("", grp, [gone.user_id, ann.user_id, unknown], [], people, {}, 1)
    assert decided == [ev.MemberJoined(group_id=grp.group_id, user_id=ann.user_id, role=MEMBER)]
    assert skipped == [gone.user_id, unknown]


def test_the_directory_removes_members_admins_and_owners_but_not_the_only_owner() -> None:
    grp, ann, bob, cat, dan = group(), new_id(), new_id(), new_id(), new_id()
    roles = {ann: MEMBER, bob: ADMIN, cat: OWNER, dan: OWNER}
    decided, skipped = g.sync_members("", grp, [], [ann, bob, cat, dan, new_id()], {}, roles, 2)
    assert decided == [ev.MemberLeft(group_id=grp.group_id, user_id=u) for u in (ann, bob, cat)]
    assert skipped == [dan]  # the last owner stays: a group always keeps one


def test_only_the_directory_syncs_members() -> None:
    cm = community_manager()
    with refused(Code.DENIED):
        g.sync_members(cm.user_id, group(), [new_id()], [], {}, {}, 1)


def test_an_archived_or_merged_group_takes_no_one_new_but_loses_members() -> None:
    ann = person()
    for grp in (group(archived=True), group(merged_into=new_id())):
        with refused(Code.PRECONDITION):
            g.sync_members("", grp, [ann.user_id], [], {ann.user_id: ann}, {}, 1)
        assert g.sync_members("", grp, [], [ann.user_id], {}, {ann.user_id: MEMBER}, 1) == (
            [ev.MemberLeft(group_id=grp.group_id, user_id=ann.user_id)],
            [],
        )


def test_bad_sync_input_is_refused() -> None:
    ann = new_id()
    with refused(Code.NOT_FOUND):
        g.sync_members("", None, [ann], [], {}, {}, 1)
    with refused(Code.INVALID, "add_user_ids"):
        g.sync_members("", group(), ["not-an-id"], [], {}, {}, 1)
    with refused(Code.INVALID, "remove_user_ids"):
        g.sync_members("", group(), [ann], [ann], {}, {}, 1)
    with refused(Code.INVALID, "add_user_ids"):
        g.sync_members("", group(), [new_id() for _ in range(g.SYNC_LIMIT + 1)], [], {}, {}, 1)
