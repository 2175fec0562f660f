"""People: provisioning, profiles, deactivation and follows."""

from __future__ import annotations

import dataclasses

from google.protobuf.message import Message

from kantine.errors import check_version, denied, invalid, not_found
from kantine.v1 import events_pb2 as ev
from services.feed.domain.model import SYSTEM, Person
from services.feed.domain.text import clean_tag, require_uuid


@dataclasses.dataclass(frozen=True, slots=True)
class Profile:
    display_name: str
    email: str = ""
    title: str = ""
    department: str = ""
    location: str = ""
    manager_id: str = ""
    locale: str = "en"
    avatar_url: str = ""
    leader: bool = False
    skills: tuple[str, ...] = ()
    community_manager: bool = False
    country: str = ""


LOCALES = {"en", "da", "nb", "nn", "no", "sv", "nl"}


def clean_profile(profile: Profile) -> Profile:
    name = " ".join(profile.display_name.split())
    if not name:
        raise invalid("a person needs a display name", "display_name")
    if len(name) > 120:
        raise invalid("a display name is at most 120 characters", "display_name")
    email = profile.email.strip().lower()
    if email and ("@" not in email or len(email) > 254 or any(c.isspace() for c in email)):
        raise invalid(f"{profile.email!r} is not an e-mail address", "email")
    locale = (profile.locale or "en").strip().lower().replace("_", "-").split("-")[0]
    if locale not in LOCALES:
        raise invalid(f"locale {profile.locale!r} is not one of {', '.join(sorted(LOCALES))}", "locale")
    avatar = profile.avatar_url.strip()
    if avatar and not avatar.startswith(("https://", "http://", "/")):
        raise invalid("the avatar URL must be http(s) or a path", "avatar_url")
    skills = tuple(dict.fromkeys(s.strip().lower() for s in profile.skills if s.strip()))
    if len(skills) > 50 or any(len(s) > 60 for s in skills):
        raise invalid("at most 50 skills of up to 60 characters each", "skills")
    title, department, location = profile.title.strip(), profile.department.strip(), profile.location.strip()
    for field, value in (("title", title), ("department", department), ("location", location)):
        if len(value) > 200:  # the limit counts what is stored: the text without its surrounding space
            raise invalid(f"{field} is at most 200 characters", field)
    country = profile.country.strip().upper()
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise invalid(f"country {profile.country!r} is not a two-letter ISO 3166 code such as DK", "country")
    return dataclasses.replace(
        profile,
        country=country,
        display_name=name,
        email=email,
        locale=locale,
        avatar_url=avatar,
        skills=skills,
        manager_id=require_uuid(profile.manager_id, "manager_id", optional=True),
        title=title,
        department=department,
        location=location,
    )


def _fill(event: ev.UserProvisioned | ev.UserUpdated, p: Profile) -> ev.UserProvisioned | ev.UserUpdated:
    event.display_name, event.email, event.title = p.display_name, p.email, p.title
    event.department, event.location, event.manager_id = p.department, p.location, p.manager_id
    event.locale, event.avatar_url, event.leader = p.locale, p.avatar_url, p.leader
    event.community_manager, event.country = p.community_manager, p.country
    event.skills.extend(p.skills)
    return event


def require_active(actor: Person | None) -> Person:
    """The person acting exists and may sign in."""
    if actor is None:
        raise denied("unknown actor: sign in first")
    if not actor.active:
        raise denied("this account is deactivated")
    return actor


def _may_administer(actor: Person | None) -> bool:
    return actor is None or actor.community_manager


def provision_user(
    actor_id: str, actor: Person | None, user_id: str, existing: Person | None, external_id: str, profile: Profile
) -> list[Message]:
    """By the directory (actor SYSTEM), by a community manager, or by the person at first sign-in."""
    user_id = require_uuid(user_id, "user_id")
    if actor_id != SYSTEM and actor_id != user_id:
        require_active(actor)
        if actor is None or not actor.community_manager:
            raise denied("only the directory or a community manager provisions other people")
    if existing is not None:
        return []  # provisioning is idempotent: the first one wins
    profile = clean_profile(profile)
    if actor_id == user_id and (profile.leader or profile.community_manager):
        raise denied("leader and community manager come from the directory or a community manager")
    if len(external_id) > 200:
        raise invalid("external_id is at most 200 characters", "external_id")
    return [_fill(ev.UserProvisioned(user_id=user_id, external_id=external_id), profile)]


def update_profile(
    actor_id: str,
    actor: Person | None,
    target: Person | None,
    current_flags: tuple[bool, bool],
    profile: Profile,
    expected_version: int,
) -> list[Message]:
    """Self or a community manager; leader and community manager flags only by a community manager."""
    if target is None:
        raise not_found("person")
    if actor_id != SYSTEM:
        require_active(actor)
        if actor_id != target.user_id and not _may_administer(actor):
            raise denied("you can only change your own profile")
    check_version(expected_version, target.version, "the profile")
    profile = clean_profile(profile)
    flags_changed = (profile.leader, profile.community_manager) != current_flags
    if flags_changed and actor_id != SYSTEM and not _may_administer(actor):
        raise denied("leader and community manager are set by the directory or a community manager")
    return [_fill(ev.UserUpdated(user_id=target.user_id), profile)]


def set_active(actor_id: str, actor: Person | None, target: Person | None, active: bool) -> list[Message]:
    if target is None:
        raise not_found("person")
    if actor_id != SYSTEM:
        require_active(actor)
        if not _may_administer(actor):
            raise denied("only the directory or a community manager (de)activates accounts")
        if actor_id == target.user_id and not active:
            raise invalid("you cannot deactivate your own account", "user_id")
    if target.active == active:
        return []
    return [ev.UserReactivated(user_id=target.user_id) if active else ev.UserDeactivated(user_id=target.user_id)]


def follow(actor: Person | None, target: Person | None, tag: str, following: bool, on: bool) -> list[Message]:
    """Follow (on=True) or unfollow a colleague (target) or a #tag; repeating it changes nothing."""
    me = require_active(actor)
    if tag:
        tag = clean_tag(tag)
        event_type = ev.Followed if on else ev.Unfollowed
        return [] if following == on else [event_type(follower_id=me.user_id, tag=tag)]
    if target is None:
        raise not_found("person")
    if target.user_id == me.user_id:
        raise invalid("you cannot follow yourself", "user_id")
    if on and not target.active:
        raise invalid("this account is deactivated", "user_id")
    if following == on:
        return []
    event_type = ev.Followed if on else ev.Unfollowed
    return [event_type(follower_id=me.user_id, followee_user_id=target.user_id)]
