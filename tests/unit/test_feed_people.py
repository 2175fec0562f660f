"""People: provisioning, profiles, (de)activation and follows."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from kantine.errors import Code
from kantine.v1 import events_pb2 as ev
from services.feed.domain.model import SYSTEM, Person
from services.feed.domain.people import Profile, clean_profile, follow, provision_user, require_active, set_active
from services.feed.domain.people import update_profile as update
from tests.unit.feed_fixtures import community_manager, deactivated, new_id, person, refused

PROFILE = Profile(display_name="Ann Berg", email="ann@example.com")


# ----- the acting person -----


def test_an_active_actor_is_returned() -> None:
    ann = person()
    assert require_active(ann) is ann


@pytest.mark.parametrize("actor", [None, deactivated(person())], ids=["unknown", "deactivated"])
def test_unknown_and_deactivated_actors_are_denied(actor: Person | None) -> None:
    with refused(Code.DENIED):
        require_active(actor)


# ----- profile validation -----


def test_a_profile_is_normalised() -> None:
    manager = new_id()
    raw = Profile(
        display_name="  Ann \t  Berg ",
        email=" Ann.Berg@Example.COM ",
        title=" Engineer ",
        department=" R&D ",
        location=" Oslo ",
        manager_id=manager.upper(),
        locale="nb-NO",
        avatar_url=" https://cdn.example.com/ann.png ",
        skills=(" Python ", "python", "", "  ", "Go", "PYTHON"),
    )
    assert clean_profile(raw) == Profile(
        display_name="Ann Berg",
        email="ann.berg@example.com",
        title="Engineer",
        department="R&D",
        location="Oslo",
        manager_id=manager,
        locale="nb",
        avatar_url="https://cdn.example.com/ann.png",
        skills=("python", "go"),
    )


@pytest.mark.parametrize(
    ("locale", "clean"),
    [("nb-NO", "nb"), ("sv_SE", "sv"), ("EN", "en"), ("", "en"), (" da ", "da"), ("nn", "nn"), ("nl-BE", "nl")],
)
def test_locales_are_reduced_to_the_language(locale: str, clean: str) -> None:
    assert clean_profile(dataclasses.replace(PROFILE, locale=locale)).locale == clean


@pytest.mark.parametrize("avatar", ["", "https://x.example/a.png", "http://x.example/a.png", "/avatars/ann.png"])
def test_accepted_avatars(avatar: str) -> None:
    assert clean_profile(dataclasses.replace(PROFILE, avatar_url=avatar)).avatar_url == avatar


def test_fifty_skills_of_sixty_characters_are_fine_and_repeats_do_not_count() -> None:
    skills = (*(f"{i:02d}" + "s" * 58 for i in range(50)), "00" + "S" * 58)
    assert len(clean_profile(dataclasses.replace(PROFILE, skills=skills)).skills) == 50


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": " \t "}, "display_name"),
        ({"display_name": "x" * 121}, "display_name"),
        ({"email": "ann.example.com"}, "email"),
        ({"email": "ann berg@example.com"}, "email"),
        ({"email": "a@" + "x" * 253}, "email"),
        ({"locale": "de"}, "locale"),
        ({"locale": "xx-NO"}, "locale"),
        ({"avatar_url": "ftp://x.example/a.png"}, "avatar_url"),
        ({"avatar_url": "javascript:alert(1)"}, "avatar_url"),
        ({"skills": tuple(f"skill {i}" for i in range(51))}, "skills"),
        ({"skills": ("x" * 61,)}, "skills"),
        ({"title": "x" * 201}, "title"),
        ({"department": "x" * 201}, "department"),
        ({"location": "x" * 201}, "location"),
        ({"manager_id": "bob"}, "manager_id"),
    ],
)
def test_an_invalid_profile_names_the_field(change: dict[str, object], field: str) -> None:
    with refused(Code.INVALID, field):
        clean_profile(dataclasses.replace(PROFILE, **change))  # type: ignore[arg-type]


def test_a_display_name_of_120_characters_is_fine() -> None:
    assert clean_profile(dataclasses.replace(PROFILE, display_name="x" * 120)).display_name == "x" * 120


def test_surrounding_white_space_does_not_count_towards_the_title_limit() -> None:
    assert clean_profile(dataclasses.replace(PROFILE, title=" " + "x" * 200 + " ")).title == "x" * 200


@pytest.mark.parametrize("field", ["title", "department", "location"])
def test_the_short_fields_are_stripped_before_their_limit_is_checked(field: str) -> None:
    cleaned = clean_profile(dataclasses.replace(PROFILE, **{field: "\t " + "x" * 200 + " \n"}))  # type: ignore[arg-type]
    assert getattr(cleaned, field) == "x" * 200
    with refused(Code.INVALID, field):
        clean_profile(dataclasses.replace(PROFILE, **{field: "  " + "x" * 201 + "  "}))  # type: ignore[arg-type]


# ----- provisioning -----


def provisioned(user_id: str, profile: Profile, external_id: str = "") -> ev.UserProvisioned:
    return ev.UserProvisioned(
        user_id=user_id,
        external_id=external_id,
        display_name=profile.display_name,
        email=profile.email,
        title=profile.title,
        department=profile.department,
        location=profile.location,
        manager_id=profile.manager_id,
        locale=profile.locale,
        avatar_url=profile.avatar_url,
        leader=profile.leader,
        community_manager=profile.community_manager,
        skills=list(profile.skills),
    )


def test_the_directory_provisions_a_person_with_a_normalised_profile() -> None:
    user_id = new_id()
    raw = Profile(display_name=" Ann  Berg ", email="ANN@example.com", locale="sv_SE", skills=("Go", "go"))
    events = provision_user(SYSTEM, None, user_id, None, "ad:1234", raw)
    assert events == [provisioned(user_id, clean_profile(raw), "ad:1234")]
    [event] = events
    assert isinstance(event, ev.UserProvisioned)
    assert event.display_name == "Ann Berg"
    assert list(event.skills) == ["go"]
    assert event.locale == "sv"


def test_the_directory_sets_leader_and_community_manager() -> None:
    user_id = new_id()
    profile = dataclasses.replace(PROFILE, leader=True, community_manager=True)
    [event] = provision_user(SYSTEM, None, user_id, None, "", profile)
    assert isinstance(event, ev.UserProvisioned)
    assert (event.leader, event.community_manager) == (True, True)


def test_a_person_provisions_themselves_at_first_sign_in() -> None:
    user_id = new_id()
    assert provision_user(user_id, None, user_id, None, "", PROFILE) == [provisioned(user_id, PROFILE)]


def test_a_community_manager_provisions_someone_else_with_flags() -> None:
    cm, user_id = community_manager(), new_id()
    profile = dataclasses.replace(PROFILE, leader=True)
    assert provision_user(cm.user_id, cm, user_id, None, "", profile) == [provisioned(user_id, profile)]


def test_the_user_id_is_normalised() -> None:
    user_id = new_id()
    [event] = provision_user(SYSTEM, None, user_id.upper(), None, "", PROFILE)
    assert isinstance(event, ev.UserProvisioned)
    assert event.user_id == user_id


@pytest.mark.parametrize(
    "actor",
    [person(), person(leader=True), None, deactivated(community_manager())],
    ids=["colleague", "leader", "unknown", "deactivated-cm"],
)
def test_others_may_not_provision_a_person(actor: Person | None) -> None:
    actor_id = actor.user_id if actor else new_id()
    with refused(Code.DENIED):
        provision_user(actor_id, actor, new_id(), None, "", PROFILE)


@pytest.mark.parametrize("by", ["system", "self", "cm"])
def test_provisioning_an_existing_person_changes_nothing(by: str) -> None:
    existing = person()
    cm = community_manager()
    actor_id, actor = {"system": (SYSTEM, None), "self": (existing.user_id, existing), "cm": (cm.user_id, cm)}[by]
    changed = dataclasses.replace(PROFILE, display_name="Someone Else")
    assert provision_user(actor_id, actor, existing.user_id, existing, "", changed) == []


@pytest.mark.parametrize("flags", [{"leader": True}, {"community_manager": True}])
def test_self_provisioning_cannot_grant_flags(flags: dict[str, bool]) -> None:
    user_id = new_id()
    with refused(Code.DENIED):
        provision_user(user_id, None, user_id, None, "", dataclasses.replace(PROFILE, **flags))  # type: ignore[arg-type]


def test_provisioning_checks_the_user_id_and_the_external_id() -> None:
    with refused(Code.INVALID, "user_id"):
        provision_user(SYSTEM, None, "ann", None, "", PROFILE)
    with refused(Code.INVALID, "external_id"):
        provision_user(SYSTEM, None, new_id(), None, "x" * 201, PROFILE)
    assert provision_user(SYSTEM, None, new_id(), None, "x" * 200, PROFILE) != []


def test_provisioning_validates_the_profile() -> None:
    with refused(Code.INVALID, "display_name"):
        provision_user(SYSTEM, None, new_id(), None, "", Profile(display_name=" "))


# ----- profile updates -----


def updated(user_id: str, profile: Profile) -> ev.UserUpdated:
    p = clean_profile(profile)
    return ev.UserUpdated(
        user_id=user_id,
        display_name=p.display_name,
        email=p.email,
        title=p.title,
        department=p.department,
        location=p.location,
        manager_id=p.manager_id,
        locale=p.locale,
        avatar_url=p.avatar_url,
        leader=p.leader,
        community_manager=p.community_manager,
        skills=list(p.skills),
    )


NEW = Profile(display_name="Ann  B. Berg", email="Ann@Example.com", title="Lead", locale="nb-NO", skills=("Go",))


def test_a_person_updates_their_own_profile_as_a_whole() -> None:
    ann = person()
    events = update(ann.user_id, ann, ann, (False, False), NEW, 0)
    assert events == [updated(ann.user_id, NEW)]
    assert isinstance(events[0], ev.UserUpdated)
    assert (events[0].display_name, events[0].email, events[0].locale) == ("Ann B. Berg", "ann@example.com", "nb")


def test_a_colleague_may_not_update_someone_elses_profile() -> None:
    ann, bo = person(), person(leader=True)
    with refused(Code.DENIED):
        update(bo.user_id, bo, ann, (False, False), NEW, 0)


@pytest.mark.parametrize("by", ["cm", "system"])
def test_a_community_manager_or_the_directory_updates_anyone_including_flags(by: str) -> None:
    ann, cm = person(), community_manager()
    actor_id, actor = (cm.user_id, cm) if by == "cm" else (SYSTEM, None)
    profile = dataclasses.replace(NEW, leader=True, community_manager=True)
    assert update(actor_id, actor, ann, (False, False), profile, 0) == [updated(ann.user_id, profile)]


def test_the_person_must_exist() -> None:
    with refused(Code.NOT_FOUND):
        update(SYSTEM, None, None, (False, False), NEW, 0)


@pytest.mark.parametrize("actor_state", ["unknown", "deactivated"])
def test_an_unknown_or_deactivated_actor_may_not_update(actor_state: str) -> None:
    ann = person()
    actor = None if actor_state == "unknown" else deactivated(ann)
    with refused(Code.DENIED):
        update(ann.user_id, actor, ann, (False, False), NEW, 0)


@pytest.mark.parametrize(("expected", "version"), [(0, 5), (5, 5)])
def test_expected_version_zero_means_any_otherwise_it_must_match(expected: int, version: int) -> None:
    ann = person(version=version)
    assert update(ann.user_id, ann, ann, (False, False), NEW, expected) == [updated(ann.user_id, NEW)]


@pytest.mark.parametrize("expected", [4, 6])
def test_a_stale_expected_version_conflicts(expected: int) -> None:
    ann = person(version=5)
    with refused(Code.CONFLICT, "expected_version"):
        update(ann.user_id, ann, ann, (False, False), NEW, expected)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [((False, False), (True, False)), ((False, False), (False, True)), ((True, False), (False, False))],
)
def test_a_person_may_not_change_their_own_flags(current: tuple[bool, bool], wanted: tuple[bool, bool]) -> None:
    ann = person(leader=current[0], community_manager=current[1])
    profile = dataclasses.replace(NEW, leader=wanted[0], community_manager=wanted[1])
    with refused(Code.DENIED):
        update(ann.user_id, ann, ann, current, profile, 0)


def test_a_leader_keeps_the_flag_when_updating_their_own_profile() -> None:
    ann = person(leader=True)
    profile = dataclasses.replace(NEW, leader=True)
    assert update(ann.user_id, ann, ann, (True, False), profile, 0) == [updated(ann.user_id, profile)]


def test_an_update_validates_the_profile() -> None:
    ann = person()
    with refused(Code.INVALID, "email"):
        update(ann.user_id, ann, ann, (False, False), dataclasses.replace(NEW, email="nope"), 0)


# ----- deactivation -----


def test_the_directory_deactivates_and_reactivates() -> None:
    ann = person()
    assert set_active(SYSTEM, None, ann, False) == [ev.UserDeactivated(user_id=ann.user_id)]
    assert set_active(SYSTEM, None, deactivated(ann), True) == [ev.UserReactivated(user_id=ann.user_id)]


def test_a_community_manager_deactivates_and_reactivates_others() -> None:
    ann, cm = person(), community_manager()
    assert set_active(cm.user_id, cm, ann, False) == [ev.UserDeactivated(user_id=ann.user_id)]
    assert set_active(cm.user_id, cm, deactivated(ann), True) == [ev.UserReactivated(user_id=ann.user_id)]


@pytest.mark.parametrize(("active", "target_active"), [(True, True), (False, False)])
def test_setting_the_current_state_changes_nothing(active: bool, target_active: bool) -> None:
    ann, cm = person(active=target_active), community_manager()
    assert set_active(cm.user_id, cm, ann, active) == []
    assert set_active(SYSTEM, None, ann, active) == []


def test_a_community_manager_cannot_deactivate_themselves() -> None:
    cm = community_manager()
    with refused(Code.INVALID, "user_id"):
        set_active(cm.user_id, cm, cm, False)
    assert set_active(cm.user_id, cm, cm, True) == []


@pytest.mark.parametrize("active", [True, False])
def test_colleagues_may_not_change_who_is_active(active: bool) -> None:
    bo = person(leader=True)
    target = person(active=not active)
    with refused(Code.DENIED):
        set_active(bo.user_id, bo, target, active)


def test_a_person_cannot_reactivate_or_deactivate_themselves_without_being_cm() -> None:
    ann = person()
    with refused(Code.DENIED):
        set_active(ann.user_id, ann, ann, False)
    with refused(Code.DENIED):
        set_active(ann.user_id, deactivated(ann), deactivated(ann), True)


def test_set_active_needs_an_existing_target() -> None:
    cm = community_manager()
    with refused(Code.NOT_FOUND):
        set_active(cm.user_id, cm, None, False)


@pytest.mark.parametrize("actor", [None, deactivated(community_manager())], ids=["unknown", "deactivated-cm"])
def test_set_active_by_an_unknown_or_deactivated_actor_is_denied(actor: Person | None) -> None:
    actor_id = actor.user_id if actor else new_id()
    with refused(Code.DENIED):
        set_active(actor_id, actor, person(), False)


# ----- follows -----


def test_follow_and_unfollow_a_colleague() -> None:
    ann, bo = person(), person()
    assert follow(ann, bo, "", False, True) == [ev.Followed(follower_id=ann.user_id, followee_user_id=bo.user_id)]
    assert follow(ann, bo, "", True, False) == [ev.Unfollowed(follower_id=ann.user_id, followee_user_id=bo.user_id)]


@pytest.mark.parametrize("on", [True, False])
def test_repeating_a_follow_or_unfollow_changes_nothing(on: bool) -> None:
    ann, bo = person(), person()
    assert follow(ann, bo, "", on, on) == []
    assert follow(ann, None, "fika", on, on) == []


def test_follow_and_unfollow_a_tag_cleaned() -> None:
    ann = person()
    assert follow(ann, None, " #Fika ", False, True) == [ev.Followed(follower_id=ann.user_id, tag="fika")]
    assert follow(ann, None, "FIKA", True, False) == [ev.Unfollowed(follower_id=ann.user_id, tag="fika")]


def test_a_tag_wins_over_a_colleague() -> None:
    ann, bo = person(), person()
    assert follow(ann, bo, "fika", False, True) == [ev.Followed(follower_id=ann.user_id, tag="fika")]


@pytest.mark.parametrize("tag", ["_x", "two words", "#"])
def test_following_something_that_is_not_a_tag_is_invalid(tag: str) -> None:
    with refused(Code.INVALID, "tag"):
        follow(person(), None, tag, False, True)


@pytest.mark.parametrize(("following", "on"), [(False, True), (True, False), (True, True), (False, False)])
def test_following_yourself_is_invalid(following: bool, on: bool) -> None:
    ann = person()
    with refused(Code.INVALID, "user_id"):
        follow(ann, ann, "", following, on)


def test_a_deactivated_colleague_cannot_be_followed_but_can_be_unfollowed() -> None:
    ann, gone = person(), deactivated(person())
    with refused(Code.INVALID, "user_id"):
        follow(ann, gone, "", False, True)
    assert follow(ann, gone, "", True, False) == [ev.Unfollowed(follower_id=ann.user_id, followee_user_id=gone.user_id)]


def test_following_an_unknown_person_is_not_found() -> None:
    with refused(Code.NOT_FOUND):
        follow(person(), None, "", False, True)


@pytest.mark.parametrize("actor", [None, deactivated(person())], ids=["unknown", "deactivated"])
@pytest.mark.parametrize(
    "call",
    [
        lambda a: follow(a, person(), "", False, True),
        lambda a: follow(a, person(), "", True, False),
        lambda a: follow(a, None, "fika", False, True),
    ],
    ids=["follow", "unfollow", "follow-tag"],
)
def test_an_unknown_or_deactivated_actor_may_not_follow(
    actor: Person | None, call: Callable[[Person | None], object]
) -> None:
    with refused(Code.DENIED):
        call(actor)
