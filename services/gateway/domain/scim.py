"""SCIM 2.0 resources as Kantine reads them: what a directory's User says of a person's profile, how a
person is shown back as a User, and how a Group PATCH changes members.

The models are scim2-models' own (RFC 7643), read under one tolerant policy, because the two clients
that matter bend the standard in known ways:

- Entra ID writes `op` in any case, sends `"False"` for false, names an e-mail address by
  `emails[type eq "work"].value` before the person has one, removes group members with a `value` list
  instead of a filter, sends its own schema URN on groups, and gives the manager as a plain id, as a
  list, or as `{"value": …, "$ref": null}`;
- Okta sends `password` and `groups` on create and addresses under special-use domains in its examples
  (`okta.local`), which a strict e-mail check refuses.

Attributes Kantine has no use for are kept as the directory sent them and returned; unknown attributes
and schema URNs are ignored, never refused.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator
from scim2_models import (
    AnyExtension,
    Email,
    EnterpriseUser,
    Error,
    Group,
    GroupMember,
    InvalidPathException,
    InvalidValueException,
    Manager,
    PatchOperation,
    Reference,
    SCIMException,
    ScimPolicy,
    User,
)
from scim2_models.annotations import Required
from scim2_models.path import CompareOperator, Comparison, FilterNode, LogicalExpr, LogicalOperator

from kantine.v1 import feed_pb2
from services.gateway.domain.locales import locale_of

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)


class KantineEmail(Email):
    """An e-mail address as a string: the feed checks the one address it keeps."""

    value: str | None = None


class KantineManager(Manager):
    """The manager, with `$ref` optional: Entra ID sends `"$ref": null`."""

    ref: Annotated[Reference[Any] | None, Required.false] = Field(
        None, serialization_alias="$ref", validation_alias="$ref"
    )


class KantineEnterpriseUser(EnterpriseUser):
    manager: KantineManager | None = None

    @field_validator("manager", mode="before")
    @classmethod
    def _manager_as_sent(cls, value: Any) -> Any:
        """A plain id, a list of one manager, or an empty string (no manager), as Entra ID sends them."""
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str):
            return {"value": value.strip()} if value.strip() else None
        return value


class KantineUser(User[AnyExtension]):
    emails: list[KantineEmail] | None = None  # type: ignore[assignment]


ScimUser = KantineUser[KantineEnterpriseUser]


@dataclasses.dataclass(frozen=True)
class Person:
    """What the directory says of a person, in the profile's terms. `email`, `locale`, `location` and
    `country` are empty (or None) when the directory says nothing of them: then Kantine keeps its own."""

    user_name: str
    display_name: str
    email: str
    title: str
    department: str
    locale: str
    manager: str  # the directory's reference: a SCIM id or an externalId
    active: bool
    location: str | None = None
    country: str | None = None
    roles: frozenset[str] = frozenset()  # the Kantine roles the directory grants: ROLES


# Roles a directory may grant in SCIM's `roles` (Entra ID sends the application's app roles there):
# how the first community manager is made, before there is anyone in Kantine to make them.
ROLES = {"community_manager", "leader"}


def role_key(value: str) -> str:
    """ "Community Manager", "community-manager" and "community_manager" are one role."""
    return "_".join(value.strip().lower().replace("-", " ").split())


def person_of(user: Any) -> Person:
    """The profile a User describes. Raises InvalidValueException for a blank userName."""
    user_name = (user.user_name or "").strip()
    if not user_name:
        raise InvalidValueException(detail="userName must not be empty")
    name = user.name
    given = " ".join(p for p in (name and name.given_name, name and name.family_name) if p)
    display = (user.display_name or (name and name.formatted) or given or "").strip() or user_name
    enterprise = user[KantineEnterpriseUser]
    language = user.preferred_language or user.locale or ""
    address = _preferred(user.addresses or [])
    country = (address.country or "").strip() if address is not None else None
    return Person(
        user_name=user_name,
        display_name=" ".join(display.split()),
        email=_email(user),
        title=(user.title or "").strip(),
        department=((enterprise.department if enterprise else None) or "").strip(),
        locale=(locale_of(language) or "en") if language.strip() else "",
        manager=((enterprise.manager.value if enterprise and enterprise.manager else None) or "").strip(),
        active=user.active is not False,
        location=(address.locality or "").strip() if address is not None else None,
        country=country if country is None or (len(country) == 2 and country.isalpha()) else None,
        roles=frozenset(key for r in user.roles or [] if (key := role_key(str(r.value or ""))) in ROLES),
    )


def _preferred(values: list[Any]) -> Any:
    """The primary value of a multi-valued attribute, else the work one, else the first."""
    for test in (lambda v: v.primary, lambda v: str(v.type or "").lower() == "work", lambda v: True):
        for value in values:
            if test(value):
                return value
    return None


def _email(user: Any) -> str:
    found = _preferred([e for e in user.emails or [] if (e.value or "").strip()])
    if found is not None:
        return str(found.value).strip()
    name = (user.user_name or "").strip()
    local, at, domain = name.partition("@")
    return name if at and local and "." in domain and not any(c.isspace() for c in name) else ""


def profile_for(current: feed_pb2.Profile | None, person: Person, manager_id: str | None) -> feed_pb2.Profile:
    """The profile after the directory's word: what it says replaces, what it leaves out stays (e-mail,
    language, location, skills and picture). `manager_id` None keeps the current manager (the directory
    names one Kantine does not know yet).

    Decision: a role the directory sends grants it, and a role it leaves out is not taken away. Entra
    ID sends `roles: []` for everyone without an app role, and community managers appoint each other in
    Kantine: a sync must not undo that. Taking a role away is done in Kantine."""
    profile = feed_pb2.Profile()
    if current is not None:
        profile.CopyFrom(current)
    profile.display_name = person.display_name
    profile.title = person.title
    profile.department = person.department
    if person.email:
        profile.email = person.email
    if person.locale:
        profile.locale = person.locale
    if person.location is not None:
        profile.location = person.location
    if person.country is not None:
        profile.country = person.country.upper()
    if manager_id is not None:
        profile.manager_id = manager_id
    if "community_manager" in person.roles:
        profile.community_manager = True
    if "leader" in person.roles:
        profile.leader = True
    return profile


def etag(scim_version: int, feed_version: int) -> str:
    """A weak ETag over both halves of a person: the directory's record and the Kantine profile."""
    return f'W/"{scim_version}-{feed_version}"'


def validation_error(exc: ValidationError) -> Error:
    """One SCIM Error for a payload Pydantic refused: the first problem, with where it is."""
    errors = Error.from_validation_errors(exc)
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return Error(status=first.status or 400, scim_type=first.scim_type, detail=f"{first.detail}{more}")


def scim_error(exc: SCIMException) -> Error:
    """The Error for a library exception; a Pydantic message inside is reduced to its first line."""
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, ValidationError):
        found = validation_error(cause)
        return Error(status=exc.status, scim_type=exc.scim_type or found.scim_type, detail=found.detail)
    return exc.to_error()


# ----- group members in a PATCH -----


@dataclasses.dataclass
class MemberChanges:
    """What a PATCH does to a group's members, without loading them: `replace` is the whole new list
    when an operation set it, `add` and `remove` what the operations after it changed."""

    replace: list[str] | None = None
    add: dict[str, None] = dataclasses.field(default_factory=dict)  # an ordered set
    remove: set[str] = dataclasses.field(default_factory=set)

    def added(self, ids: list[str]) -> None:
        for member in ids:
            self.remove.discard(member)
            self.add[member] = None

    def removed(self, ids: list[str]) -> None:
        for member in ids:
            self.add.pop(member, None)
            self.remove.add(member)

    def replaced(self, ids: list[str]) -> None:
        self.replace = list(dict.fromkeys(ids))
        self.add.clear()
        self.remove.clear()

    @property
    def touched(self) -> bool:
        return self.replace is not None or bool(self.add) or bool(self.remove)

    def outcome(self, current: set[str]) -> tuple[list[str], list[str]]:
        """(who joins, who leaves), given the current members."""
        base = set(self.replace) if self.replace is not None else set(current)
        wanted = (base | set(self.add)) - self.remove
        order = [*(self.replace or []), *self.add]
        joins = [m for m in dict.fromkeys(order) if m in wanted and m not in current]
        return joins, sorted(current - wanted)


def split_group_patch(operations: list[PatchOperation[Any]]) -> tuple[list[PatchOperation[Any]], MemberChanges]:
    """The operations on `members`, as changes, apart from the others (displayName, externalId), which
    the library applies to the group."""
    changes = MemberChanges()
    others: list[PatchOperation[Any]] = []
    for operation in operations:
        op = operation.op.value
        if operation.path is None:
            value = dict(operation.value) if isinstance(operation.value, dict) else None
            members = next((k for k in value or {} if k.lower() == "members"), None)
            if value is None or members is None:
                others.append(operation)
                continue
            ids = member_ids(value.pop(members))
            if op == "add":
                changes.added(ids)
            else:
                changes.replaced(ids)
            if value:
                others.append(type(operation)(op=operation.op, value=value))
            continue
        if operation.path.attr.lower() != "members" or (
            operation.path.schema and not operation.path.schema.lower().endswith(":group")
        ):
            others.append(operation)
            continue
        chosen = operation.path.value_filter
        if chosen is not None:
            if op != "remove":
                raise InvalidPathException(detail=f"{op} members takes the whole list, not {operation.path}")
            changes.removed(_filtered_ids(chosen))
        elif op == "add":
            changes.added(member_ids(operation.value))
        elif op == "replace":
            changes.replaced(member_ids(operation.value))
        elif operation.value is not None:  # Entra ID: remove with the members in `value`
            changes.removed(member_ids(operation.value))
        else:
            changes.replaced([])
    return others, changes


def member_ids(value: Any) -> list[str]:
    """The ids of a members value: a list of {"value": id}, one of them, or GroupMember objects."""
    items = value if isinstance(value, list) else [value] if value is not None else []
    ids: list[str] = []
    for item in items:
        member = item if isinstance(item, GroupMember) else GroupMember.model_validate(_dict_of(item))
        if member.type and str(member.type).lower() != "user":
            raise InvalidValueException(detail="a group's members are people: groups in groups are not supported")
        if not isinstance(member.value, str) or not member.value.strip():
            raise InvalidValueException(detail='every member needs its "value": the id of a User')
        ids.append(member.value.strip().lower())
    return ids


def _dict_of(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise InvalidValueException(detail='a member is an object: {"value": "<id of a User>"}')
    return item


def _filtered_ids(node: FilterNode) -> list[str]:
    """The ids a `members[value eq "…" or value eq "…"]` path names; other filters are refused."""
    terms = node.terms if isinstance(node, LogicalExpr) and node.op == LogicalOperator.or_ else (node,)
    ids: list[str] = []
    for term in terms:
        if not (
            isinstance(term, Comparison)
            and term.attr_path.attr.lower() == "value"
            and term.op == CompareOperator.eq
            and isinstance(term.value, str)
        ):
            raise InvalidPathException(detail='remove members by id: members[value eq "<id>"]')
        ids.append(term.value.strip().lower())
    return ids


__all__ = ["ENTERPRISE", "POLICY", "Group", "ScimUser"]
