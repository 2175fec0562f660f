"""Who wants to hear about what, and how: Kantine's defaults, the organisation's, and each person's.

Everything is on by default (opt-out): networks die when notifications are opt-in. A person's choices
are overrides on top of the organisation's, which are overrides on top of Kantine's; a setting not
chosen follows the layer below, so when the organisation changes a default everyone who did not
choose otherwise follows it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid
import zoneinfo
from collections.abc import Iterable, Mapping

from kantine.errors import invalid
from services.notify.domain.model import Category, Digest, Level

_DEFAULT_EMAIL = {Category.REPLIES, Category.MENTIONS, Category.RECOGNITION, Category.ANNOUNCEMENTS}
# Categories whose notifications may be e-mailed at once; the others only ever reach the digest.
IMMEDIATE_EMAIL = frozenset(_DEFAULT_EMAIL)


@dataclasses.dataclass(frozen=True, slots=True)
class Channel:
    """One category's channels in one layer; None follows the layer below (so a person who turned only
    e-mail off still follows the organisation's in-app choice)."""

    in_app: bool | None = None
    email: bool | None = None

    def over(self, below: Channel) -> Channel:
        return Channel(
            below.in_app if self.in_app is None else self.in_app, below.email if self.email is None else self.email
        )


@dataclasses.dataclass(frozen=True, slots=True)
class QuietHours:
    start: dt.time
    end: dt.time
    time_zone: str

    def covers(self, moment: dt.datetime) -> bool:
        t = moment.astimezone(zoneinfo.ZoneInfo(self.time_zone)).time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def postpone(self, now: dt.datetime) -> dt.datetime | None:
        """When quiet hours that contain `now` end, or None when `now` is not in them.

        Found by walking forward a minute at a time in UTC rather than by building the local end time,
        so the nights the clocks change need no special case: an end inside the skipped hour is the
        moment the clocks jump, and an end inside the repeated hour is its next passing.
        """
        if not self.covers(now):
            return None
        moment = now.astimezone(dt.UTC).replace(second=0, microsecond=0)
        for _ in range(26 * 60):
            moment += dt.timedelta(minutes=1)
            if not self.covers(moment):
                return moment
        return None


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    """One layer of choices. Absent (None, or not in a mapping) means: follow the layer below."""

    channels: Mapping[Category, Channel] = dataclasses.field(default_factory=dict)
    groups: Mapping[str, Level] = dataclasses.field(default_factory=dict)
    group_default: Level | None = None
    digest: Digest | None = None
    quiet_hours: QuietHours | None = None


BUILT_IN = Settings(
    channels={c: Channel(in_app=True, email=c in _DEFAULT_EMAIL) for c in Category},
    group_default=Level.ALL,
    digest=Digest.WEEKLY,
)


@dataclasses.dataclass(frozen=True, slots=True)
class Effective:
    """What applies to one person now: every category resolved, with which ones they chose themselves."""

    channels: Mapping[Category, Channel]
    overridden: frozenset[Category]
    groups: Mapping[str, Level]
    group_default: Level
    digest: Digest
    quiet_hours: QuietHours | None

    def level(self, group_id: str, *, large: bool = False) -> Level:
        """A group's level: the person's choice for it, else their default; a large group the person
        never chose for defaults to highlights, so an all-company group does not flood everyone."""
        if group_id in self.groups:
            return self.groups[group_id]
        if large and self.group_default == Level.ALL:
            return Level.HIGHLIGHTS
        return self.group_default


def resolve(*layers: Settings) -> Effective:
    """Stack layers, lowest first (built-in, organisation, person)."""
    channels: dict[Category, Channel] = {}
    groups: dict[str, Level] = {}
    group_default, digest, quiet = Level.ALL, Digest.WEEKLY, None
    for layer in (BUILT_IN, *layers):
        for cat, channel in layer.channels.items():
            channels[cat] = channel.over(channels[cat]) if cat in channels else channel
        groups.update(layer.groups)
        group_default = layer.group_default or group_default
        digest = layer.digest or digest
        quiet = layer.quiet_hours or quiet
    top = layers[-1] if layers else BUILT_IN
    chosen = frozenset(c for c, ch in top.channels.items() if ch.in_app is not None or ch.email is not None)
    return Effective(channels, chosen, groups, group_default, digest, quiet)


# ----- changes -----


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    """A partial change: what is not given stays as it is."""

    channels: Mapping[str, Channel] = dataclasses.field(default_factory=dict)
    groups: Mapping[str, Level | None] = dataclasses.field(default_factory=dict)  # None: back to default
    reset_categories: Iterable[str] = ()
    group_default: Level | None = None
    clear_group_default: bool = False
    digest: Digest | None = None
    clear_digest: bool = False
    quiet_hours: tuple[str, str, str] | None = None  # start, end, time zone as given
    clear_quiet_hours: bool = False


MAX_GROUPS = 2000


def category(name: str, field: str = "category") -> Category:
    try:
        return Category(name.strip().lower())
    except ValueError:
        known = ", ".join(c.value for c in Category)
        raise invalid(f"unknown category {name!r}; one of {known}", field) from None


def quiet_hours(start: str, end: str, time_zone: str) -> QuietHours:
    """Parse quiet hours as a person types them: HH:MM and an IANA time zone."""
    times = []
    for name, value in (("start", start), ("end", end)):
        if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value.strip()):
            raise invalid(f"quiet hours {name} {value!r}: use HH:MM, e.g. 22:00", f"quiet_hours.{name}")
        hour, minute = value.strip().split(":")
        times.append(dt.time(int(hour), int(minute)))
    if times[0] == times[1]:
        raise invalid("quiet hours start and end are the same time", "quiet_hours")
    try:
        zoneinfo.ZoneInfo(time_zone.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a region such as "Europe"
        raise invalid(
            f"unknown time zone {time_zone!r}; use an IANA name such as Europe/Copenhagen", "quiet_hours.time_zone"
        ) from None
    return QuietHours(times[0], times[1], time_zone.strip())


def change(current: Settings, request: Change) -> Settings:
    """Apply a change to one layer, or raise with the offending field; the result is the whole layer."""
    channels = dict(current.channels)
    for name in request.reset_categories:
        channels.pop(category(name, "reset_categories"), None)
    for name, channel in request.channels.items():
        cat = category(name, "channels")
        channels[cat] = channel.over(channels.get(cat, Channel()))
    groups = dict(current.groups)
    for group_id, level in request.groups.items():
        try:
            key = str(uuid.UUID(group_id))
        except ValueError:
            raise invalid(f"group id {group_id!r} is not a UUID", "groups") from None
        if level is None:
            groups.pop(key, None)
        else:
            groups[key] = level
    if len(groups) > MAX_GROUPS:
        raise invalid(f"at most {MAX_GROUPS} groups can have a level of their own", "groups")
    group_default = None if request.clear_group_default else request.group_default or current.group_default
    digest = None if request.clear_digest else request.digest or current.digest
    quiet = current.quiet_hours
    if request.clear_quiet_hours:
        quiet = None
    elif request.quiet_hours is not None:
        quiet = quiet_hours(*request.quiet_hours)
    return Settings(channels, groups, group_default, digest, quiet)


# ----- presets: one click -----

PRESETS = ("everything", "answers_and_mentions", "answers_only", "no_email")


def preset(name: str, current: Settings) -> Settings:
    """A whole set of channel choices at once; group levels, digest and quiet hours are kept.

    "everything" drops the person's channel choices (back to the organisation's defaults);
    "answers_and_mentions" and "answers_only" keep only what answers or names the person, in the app
    and by e-mail; "no_email" keeps the app as it is and stops every e-mail, the digest too.
    """
    key = name.strip().lower()
    if key not in PRESETS:
        raise invalid(f"unknown preset {name!r}; one of {', '.join(PRESETS)}", "preset")
    keep = current
    if key == "everything":
        return dataclasses.replace(keep, channels={})
    if key == "no_email":
        own = current.channels
        channels = {c: Channel(in_app=own[c].in_app if c in own else None, email=False) for c in Category}
        return dataclasses.replace(keep, channels=channels, digest=Digest.OFF)
    wanted = {Category.REPLIES} | ({Category.MENTIONS} if key == "answers_and_mentions" else set())
    channels = {c: Channel(in_app=c in wanted, email=c in wanted) for c in Category}
    return dataclasses.replace(keep, channels=channels)


def active_preset(current: Settings) -> str:
    """The preset the person's choices are now, or "" when they were changed by hand since: the one
    that, applied again, would change nothing."""
    return next((name for name in PRESETS if preset(name, current) == current), "")


def unsubscribe(current: Settings, what: str) -> Settings:
    """The one-click link in an e-mail: that category's e-mail off, or the digest off."""
    if what == "digest":
        return dataclasses.replace(current, digest=Digest.OFF)
    cat = category(what)
    own = current.channels.get(cat, Channel())
    return dataclasses.replace(current, channels={**current.channels, cat: Channel(in_app=own.in_app, email=False)})
