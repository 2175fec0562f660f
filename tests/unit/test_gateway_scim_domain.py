"""The gateway's SCIM rules without I/O: filters as SQL, what a directory's User says of a profile, and
what a Group PATCH does to members."""

from __future__ import annotations

from typing import Any

import pytest
from scim2_models import (
    Context,
    Group,
    InvalidFilterException,
    InvalidPathException,
    InvalidValueException,
    PatchOp,
    SCIMException,
)

from kantine.v1 import feed_pb2
from services.gateway.domain import scim_filter as sf
from services.gateway.domain.scim import (
    POLICY,
    MemberChanges,
    ScimUser,
    person_of,
    profile_for,
    split_group_patch,
)

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
FIELDS: dict[str, sf.Field | sf.Values] = {
    "id": sf.Field("u.id", "uuid"),
    "username": sf.Field("u.name_key", "key"),
    "externalid": sf.Field("u.external_id"),
    "active": sf.Field("u.active", "bool"),
    "emails": sf.Values("emails e", {"value": sf.Field("e.value", "key"), "type": sf.Field("e.type", "key")},
                        "e.user_id = u.id", prefilter="u.emails @> ARRAY[{param}]"),
}  # fmt: skip
ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"


def where(text: str, first: int = 1) -> tuple[str, list[Any]]:
    found = sf.translate(text, FIELDS, schema=USER, first_param=first)
    return found.sql, found.params


# ----- filters -----


def test_username_eq_compares_without_case_on_the_indexed_key() -> None:
    assert where('userName eq "BJensen@Example.COM"') == ("u.name_key = $1", ["bjensen@example.com"])
    assert where(f'{USER}:userName eq "a"', first=3) == ("u.name_key = $3", ["a"])


def test_external_id_compares_exactly_and_ids_must_be_uuids() -> None:
    assert where('externalId eq "00uAbC"') == ("u.external_id = $1", ["00uAbC"])
    assert where(f'id eq "{ID.upper()}"') == ("u.id = $1::uuid", [ID])
    assert where('id eq "not-an-id"') == ("FALSE", [])
    assert where("externalId eq null") == ("u.external_id IS NULL", [])


def test_an_email_filter_is_a_test_on_the_values_with_an_indexed_prefilter() -> None:
    sql, params = where('emails[type eq "work"].value eq "A@x.example"')
    assert sql == (
        "(u.emails @> ARRAY[$3] AND EXISTS (SELECT 1 FROM emails e"
        " WHERE e.user_id = u.id AND (e.type = $1 AND e.value = $2)))"
    )
    assert params == ["work", "a@x.example", "a@x.example"]
    sql, params = where('emails eq "a@x.example"')
    assert "EXISTS" in sql and "e.value = $1" in sql and params == ["a@x.example", "a@x.example"]
    assert where("emails pr")[0] == "EXISTS (SELECT 1 FROM emails e WHERE e.user_id = u.id AND TRUE)"


def test_logic_presence_and_string_operators() -> None:
    sql, params = where('userName sw "a_b%" and (externalId pr or not (active eq false))')
    assert sql == (
        "(u.name_key LIKE $1 ESCAPE '\\' AND ((u.external_id IS NOT NULL AND u.external_id::text <> '')"
        " OR NOT (u.active = $2)))"
    )
    assert params == ["a\\_b\\%%", False]
    assert where('userName co "x"')[1] == ["%x%"] and where('userName ew "x"')[1] == ["%x"]
    assert where('userName gt "m"') == ("u.name_key > $1", ["m"])


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("userName eq", "not a SCIM filter"),
        ('title eq "x"', "filtering on title is not supported"),
        ('urn:example:schema:userName eq "x"', "not supported"),
        ('userName.first eq "x"', "no sub-attribute"),
        ('userName[value eq "x"]', "single value"),
        ("userName eq 5", "quote the value"),
        ('active eq "yes"', "true or false"),
        ('id co "0190"', "eq or ne"),
        ("userName co null", "null"),
        ("   ", "empty"),
        ('userName eq "' + "x" * sf.MAX_FILTER + '"', "at most"),
    ],
)
def test_a_filter_kantine_cannot_answer_is_refused_not_ignored(text: str, says: str) -> None:
    with pytest.raises(InvalidFilterException) as info:
        where(text)
    assert says in info.value.detail


# ----- users -----


def user(**payload: Any) -> Any:
    return ScimUser.model_validate(
        {"schemas": [USER], "userName": "ann@contoso.example", **payload},
        scim_ctx=Context.RESOURCE_CREATION_REQUEST,
        scim_policy=POLICY,
    )


def test_the_display_name_is_the_first_the_directory_gives() -> None:
    name = {"formatted": "Ann  B. Smith", "givenName": "Ann", "familyName": "Smith"}
    assert person_of(user(displayName="Annie", name=name)).display_name == "Annie"
    assert person_of(user(name=name)).display_name == "Ann B. Smith"
    assert person_of(user(name={"givenName": "Ann", "familyName": "Smith"})).display_name == "Ann Smith"
    assert person_of(user()).display_name == "ann@contoso.example"


def test_the_email_is_the_primary_then_the_work_one_then_the_username_when_it_is_an_address() -> None:
    emails = [{"value": "home@x.example", "type": "home"}, {"value": "work@x.example", "type": "work"}]
    assert person_of(user(emails=emails)).email == "work@x.example"
    assert person_of(user(emails=[*emails, {"value": "main@x.example", "primary": True}])).email == "main@x.example"
    assert person_of(user()).email == "ann@contoso.example"
    assert person_of(user(userName="Test_User_1")).email == ""
    assert person_of(user(userName="Test_User_1", emails=[{"value": "t@okta.local"}])).email == "t@okta.local"


@pytest.mark.parametrize(
    ("payload", "locale"),
    [
        ({"preferredLanguage": "da-DK"}, "da"),
        ({"locale": "nn_NO"}, "nb"),
        ({"locale": "sv-SE", "preferredLanguage": "nl"}, "nl"),
        ({"preferredLanguage": "pt-BR"}, "en"),
        ({}, ""),
    ],
)
def test_the_language_is_one_kantine_speaks_or_english_or_nothing_said(payload: dict[str, Any], locale: str) -> None:
    assert person_of(user(**payload)).locale == locale


def test_the_enterprise_extension_and_the_address() -> None:
    person = person_of(user(**{
        "schemas": [USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], "title": " CFO ",
        "active": "False", "addresses": [{"type": "work", "locality": "Aarhus", "country": "dk"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Finance", "manager": "oid-1"},
    }))  # fmt: skip
    assert (person.title, person.department, person.manager, person.active) == ("CFO", "Finance", "oid-1", False)
    assert (person.location, person.country) == ("Aarhus", "dk")
    assert person_of(user(addresses=[{"country": "Denmark"}])).country is None


def test_a_blank_username_is_refused() -> None:
    with pytest.raises(InvalidValueException):
        person_of(user(userName="  "))


def test_the_directory_replaces_what_it_says_and_keeps_what_it_does_not() -> None:
    current = feed_pb2.Profile(
        display_name="Old", email="old@x.example", title="Old title", department="Old", manager_id=ID, locale="da",
        location="Oslo", leader=True, community_manager=True, skills=["sql"], avatar_url="/a.png",
    )  # fmt: skip
    person = person_of(user(userName="Test_User_1", displayName="New"))
    new = profile_for(current, person, "")
    assert (new.display_name, new.email, new.title, new.department, new.manager_id) == (
        "New",
        "old@x.example",
        "",
        "",
        "",
    )
    assert (new.locale, new.location, new.leader, new.community_manager, list(new.skills), new.avatar_url) == (
        "da",
        "Oslo",
        True,
        True,
        ["sql"],
        "/a.png",
    )
    assert profile_for(current, person, None).manager_id == ID  # a manager Kantine does not know: kept
    assert profile_for(None, person, "").locale == ""  # the feed's default (English) applies


def test_roles_the_directory_sends_grant_and_its_silence_takes_nothing_away() -> None:
    granted = person_of(user(roles=[{"value": "Community Manager"}, {"value": "leader"}, {"value": "Reader"}]))
    assert granted.roles == {"community_manager", "leader"}  # roles Kantine has no use for are left
    new = profile_for(feed_pb2.Profile(display_name="Ann"), granted, None)
    assert (new.community_manager, new.leader) == (True, True)
    appointed_in_kantine = feed_pb2.Profile(display_name="Ann", community_manager=True)
    entra = person_of(user(roles=[]))  # Entra ID's payload for someone without an app role
    assert profile_for(appointed_in_kantine, entra, None).community_manager


# ----- group members in a PATCH -----


def operations(*ops: dict[str, Any]) -> list[Any]:
    payload = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": list(ops)}
    patch = PatchOp[Group].model_validate(payload, scim_ctx=Context.RESOURCE_PATCH_REQUEST, scim_policy=POLICY)
    return list(patch.operations or [])


def test_entra_and_okta_member_operations_become_changes() -> None:
    others, changes = split_group_patch(operations(
        {"op": "Add", "path": "members", "value": [{"$ref": None, "value": "A"}, {"value": "b"}]},
        {"op": "Remove", "path": "members", "value": [{"$ref": None, "value": "c"}]},
        {"op": "remove", "path": 'members[value eq "d" or value eq "b"]'},
        {"op": "Replace", "path": "displayName", "value": "New name"},
    ))  # fmt: skip
    assert [str(o.path) for o in others] == ["displayName"]
    assert (changes.replace, list(changes.add), changes.remove) == (None, ["a"], {"b", "c", "d"})
    assert changes.outcome({"b", "c", "x"}) == (["a"], ["b", "c"])


def test_replacing_members_with_or_without_a_path() -> None:
    others, changes = split_group_patch(operations(
        {"op": "replace", "value": {"displayName": "Renamed", "members": [{"value": "a"}]}},
        {"op": "add", "path": "members", "value": [{"value": "b"}]},
    ))  # fmt: skip
    assert len(others) == 1 and others[0].value == {"displayName": "Renamed"}
    assert changes.outcome({"a", "x"}) == (["b"], ["x"])
    _, emptied = split_group_patch(operations({"op": "remove", "path": "members"}))
    assert emptied.outcome({"a", "b"}) == ([], ["a", "b"])
    assert not split_group_patch(operations({"op": "replace", "path": "externalId", "value": "e"}))[1].touched


def test_adding_after_removing_wins_and_the_other_way_round() -> None:
    changes = MemberChanges()
    changes.removed(["a"])
    changes.added(["a", "b"])
    changes.removed(["b"])
    assert changes.outcome(set()) == (["a"], [])


@pytest.mark.parametrize(
    ("op", "error"),
    [
        ({"op": "remove", "path": 'members[display eq "Ann"]'}, InvalidPathException),
        ({"op": "add", "path": "members", "value": [{"value": "g", "type": "Group"}]}, InvalidValueException),
        ({"op": "add", "path": "members", "value": [{"display": "no id"}]}, InvalidValueException),
        ({"op": "add", "path": "members", "value": ["a"]}, InvalidValueException),
    ],
)
def test_member_operations_kantine_cannot_apply_are_refused(op: dict[str, Any], error: type[SCIMException]) -> None:
    with pytest.raises(error):
        split_group_patch(operations(op))
