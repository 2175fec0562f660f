"""What each person hears and how: Kantine's defaults under the organisation's under theirs, changes,
presets, unsubscribing, quiet hours and the digest."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
import zoneinfo

import pytest

from kantine.errors import Code, DomainError
from services.notify.domain import digest as digests
from services.notify.domain import preferences as prefs
from services.notify.domain.model import Category, Digest, Level
from services.notify.domain.preferences import BUILT_IN, Change, Channel, QuietHours, Settings

G1 = "6f1c2a8e-0000-4000-8000-000000000001"
G2 = "6f1c2a8e-0000-4000-8000-000000000002"
OFF = Channel(in_app=False, email=False)
BOTH = Channel(in_app=True, email=True)
APP_ONLY = Channel(in_app=True, email=False)
EMAIL_ONLY = Channel(in_app=False, email=True)
NIGHT = QuietHours(dt.time(22), dt.time(7), "Europe/Copenhagen")
UTC = dt.UTC


def _invalid(field: str, fn: object, *args: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        fn(*args)  # type: ignore[operator]
    assert caught.value.code is Code.INVALID
    assert caught.value.field == field
    assert str(caught.value)
    return caught.value


def _at(zone: str, *parts: int) -> dt.datetime:
    """A local wall-clock time in `zone`, as the aware instant the mailer passes (UTC)."""
    return dt.datetime(*parts, tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(UTC)  # type: ignore[misc]


def _utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# ----- Kantine's defaults -----


def test_everything_is_on_in_the_app_by_default() -> None:
    effective = prefs.resolve()
    assert all(effective.channels[c].in_app for c in Category)


def test_by_default_only_what_answers_names_recognises_or_announces_is_emailed() -> None:
    emailed = {c for c, channel in prefs.resolve().channels.items() if channel.email}
    assert emailed == {Category.REPLIES, Category.MENTIONS, Category.RECOGNITION, Category.ANNOUNCEMENTS}


def test_reactions_group_posts_follows_and_groups_never_email_at_once() -> None:
    assert set(Category) - prefs.IMMEDIATE_EMAIL == {
        Category.REACTIONS,
        Category.GROUP_POSTS,
        Category.FOLLOWS,
        Category.GROUPS,
    }


def test_by_default_every_group_is_at_level_all_the_digest_is_weekly_and_there_are_no_quiet_hours() -> None:
    effective = prefs.resolve(Settings(), Settings())
    assert effective.group_default is Level.ALL
    assert effective.level(G1) is Level.ALL
    assert effective.digest is Digest.WEEKLY
    assert effective.quiet_hours is None
    assert effective.groups == {}


def test_nobody_has_chosen_anything_when_both_layers_are_empty() -> None:
    effective = prefs.resolve(Settings(), Settings())
    assert effective.overridden == frozenset()
    assert set(effective.channels) == set(Category)


# ----- layers -----


def test_an_organisation_default_changes_what_a_person_gets_unless_they_chose_themselves() -> None:
    chooser = Settings(channels={Category.REACTIONS: APP_ONLY})
    before = Settings()
    after = Settings(channels={Category.REACTIONS: OFF, Category.GROUPS: EMAIL_ONLY})
    assert prefs.resolve(before, Settings()).channels[Category.REACTIONS] == APP_ONLY
    assert prefs.resolve(after, Settings()).channels[Category.REACTIONS] == OFF
    assert prefs.resolve(after, Settings()).channels[Category.GROUPS] == EMAIL_ONLY
    assert prefs.resolve(after, chooser).channels[Category.REACTIONS] == APP_ONLY
    assert prefs.resolve(after, chooser).channels[Category.GROUPS] == EMAIL_ONLY


def test_the_person_sees_which_categories_they_chose_themselves() -> None:
    org = Settings(channels={Category.GROUPS: OFF})
    own = Settings(channels={Category.REACTIONS: OFF, Category.MENTIONS: BOTH})
    assert prefs.resolve(org, own).overridden == {Category.REACTIONS, Category.MENTIONS}


def test_the_organisations_own_view_shows_what_it_changed_from_kantines_defaults() -> None:
    org = Settings(channels={Category.GROUPS: OFF})
    effective = prefs.resolve(org)
    assert effective.overridden == {Category.GROUPS}
    assert effective.channels[Category.GROUPS] == OFF
    assert effective.channels[Category.REPLIES] == BOTH


def test_an_organisation_group_default_digest_and_quiet_hours_apply_to_those_who_did_not_choose() -> None:
    org = Settings(group_default=Level.HIGHLIGHTS, digest=Digest.DAILY, quiet_hours=NIGHT)
    effective = prefs.resolve(org, Settings())
    assert (effective.group_default, effective.digest, effective.quiet_hours) == (Level.HIGHLIGHTS, Digest.DAILY, NIGHT)


def test_a_persons_group_default_digest_and_quiet_hours_win_over_the_organisations() -> None:
    mine = QuietHours(dt.time(23), dt.time(6), "America/New_York")
    org = Settings(group_default=Level.HIGHLIGHTS, digest=Digest.DAILY, quiet_hours=NIGHT)
    own = Settings(group_default=Level.MUTED, digest=Digest.OFF, quiet_hours=mine)
    effective = prefs.resolve(org, own)
    assert (effective.group_default, effective.digest, effective.quiet_hours) == (Level.MUTED, Digest.OFF, mine)


def test_group_levels_from_the_organisation_and_the_person_stack_with_the_person_winning() -> None:
    org = Settings(groups={G1: Level.MUTED, G2: Level.HIGHLIGHTS})
    own = Settings(groups={G1: Level.ALL})
    effective = prefs.resolve(org, own)
    assert effective.level(G1) is Level.ALL
    assert effective.level(G2) is Level.HIGHLIGHTS


def test_resolving_does_not_change_the_built_in_defaults() -> None:
    prefs.resolve(Settings(channels={c: OFF for c in Category}, groups={G1: Level.MUTED}))
    assert all(BUILT_IN.channels[c].in_app for c in Category)
    assert BUILT_IN.groups == {}


# ----- a group's level -----


def test_a_group_i_chose_a_level_for_keeps_it() -> None:
    effective = prefs.resolve(Settings(), Settings(groups={G1: Level.MUTED}, group_default=Level.ALL))
    assert effective.level(G1) is Level.MUTED
    assert effective.level(G2) is Level.ALL


def test_a_large_group_i_never_chose_for_defaults_to_highlights() -> None:
    assert prefs.resolve().level(G1, large=True) is Level.HIGHLIGHTS


def test_a_large_group_i_chose_all_for_stays_at_all() -> None:
    effective = prefs.resolve(Settings(), Settings(groups={G1: Level.ALL}))
    assert effective.level(G1, large=True) is Level.ALL


@pytest.mark.parametrize("default", [Level.HIGHLIGHTS, Level.MUTED])
def test_a_large_group_never_raises_a_quieter_default(default: Level) -> None:
    effective = prefs.resolve(Settings(), Settings(group_default=default))
    assert effective.level(G1, large=True) is default
    assert effective.level(G1) is default


# ----- changes -----


def test_a_change_touches_only_what_it_names() -> None:
    current = Settings(
        channels={Category.REACTIONS: OFF},
        groups={G1: Level.MUTED},
        group_default=Level.HIGHLIGHTS,
        digest=Digest.DAILY,
        quiet_hours=NIGHT,
    )
    assert prefs.change(current, Change()) == current
    changed = prefs.change(current, Change(channels={"mentions": APP_ONLY}))
    assert changed == dataclasses.replace(current, channels={Category.REACTIONS: OFF, Category.MENTIONS: APP_ONLY})


def test_a_change_leaves_the_current_layer_as_it_was() -> None:
    current = Settings(channels={Category.REACTIONS: OFF}, groups={G1: Level.MUTED})
    prefs.change(current, Change(channels={"reactions": BOTH}, groups={G1: None, G2: Level.ALL}))
    assert current.channels == {Category.REACTIONS: OFF}
    assert current.groups == {G1: Level.MUTED}


@pytest.mark.parametrize("name", ["replies", "Replies", " REPLIES "])
def test_category_names_are_read_as_typed(name: str) -> None:
    changed = prefs.change(Settings(), Change(channels={name: OFF}))
    assert changed.channels == {Category.REPLIES: OFF}


def test_an_unknown_category_is_refused_naming_the_known_ones() -> None:
    error = _invalid("channels", prefs.change, Settings(), Change(channels={"likes": OFF}))
    assert "likes" in str(error) and "replies" in str(error)


def test_resetting_a_category_follows_the_organisation_again() -> None:
    org = Settings(channels={Category.REACTIONS: OFF})
    own = Settings(channels={Category.REACTIONS: BOTH, Category.MENTIONS: OFF})
    reset = prefs.change(own, Change(reset_categories=["Reactions"]))
    assert reset.channels == {Category.MENTIONS: OFF}
    assert prefs.resolve(org, reset).channels[Category.REACTIONS] == OFF
    assert Category.REACTIONS not in prefs.resolve(org, reset).overridden


def test_resetting_a_category_never_chosen_changes_nothing() -> None:
    assert prefs.change(Settings(), Change(reset_categories=["reactions"])) == Settings()


def test_resetting_an_unknown_category_is_refused() -> None:
    _invalid("reset_categories", prefs.change, Settings(), Change(reset_categories=["likes"]))


def test_a_category_both_reset_and_set_in_one_change_ends_up_set() -> None:
    own = Settings(channels={Category.REACTIONS: BOTH})
    changed = prefs.change(own, Change(reset_categories=["reactions"], channels={"reactions": OFF}))
    assert changed.channels == {Category.REACTIONS: OFF}


def test_a_group_level_is_set_and_removed_again() -> None:
    changed = prefs.change(Settings(), Change(groups={G1: Level.MUTED, G2: Level.HIGHLIGHTS}))
    assert changed.groups == {G1: Level.MUTED, G2: Level.HIGHLIGHTS}
    back = prefs.change(changed, Change(groups={G1: None}))
    assert back.groups == {G2: Level.HIGHLIGHTS}
    assert prefs.change(back, Change(groups={G1: None})).groups == {G2: Level.HIGHLIGHTS}


@pytest.mark.parametrize("written", [G1.upper(), G1.replace("-", ""), "{" + G1 + "}", "urn:uuid:" + G1])
def test_a_group_id_however_written_is_stored_in_one_form(written: str) -> None:
    changed = prefs.change(Settings(groups={G1: Level.ALL}), Change(groups={written: Level.MUTED}))
    assert changed.groups == {G1: Level.MUTED}


@pytest.mark.parametrize("group_id", ["", "engineering", "6f1c2a8e-0000-4000-8000"])
def test_a_group_id_that_is_not_a_uuid_is_refused(group_id: str) -> None:
    _invalid("groups", prefs.change, Settings(), Change(groups={group_id: Level.MUTED}))


def test_at_most_two_thousand_groups_have_a_level_of_their_own() -> None:
    ids = [str(uuid.UUID(int=i + 1)) for i in range(prefs.MAX_GROUPS + 1)]
    full = prefs.change(Settings(), Change(groups=dict.fromkeys(ids[:-1], Level.MUTED)))
    assert len(full.groups) == prefs.MAX_GROUPS
    _invalid("groups", prefs.change, full, Change(groups={ids[-1]: Level.MUTED}))
    swapped = prefs.change(full, Change(groups={ids[0]: None, ids[-1]: Level.MUTED}))
    assert len(swapped.groups) == prefs.MAX_GROUPS


def test_group_default_is_set_kept_and_cleared() -> None:
    changed = prefs.change(Settings(), Change(group_default=Level.HIGHLIGHTS))
    assert changed.group_default is Level.HIGHLIGHTS
    assert prefs.change(changed, Change(digest=Digest.DAILY)).group_default is Level.HIGHLIGHTS
    cleared = prefs.change(changed, Change(clear_group_default=True))
    assert cleared.group_default is None
    assert prefs.resolve(Settings(group_default=Level.MUTED), cleared).group_default is Level.MUTED


def test_digest_is_set_kept_and_cleared() -> None:
    changed = prefs.change(Settings(), Change(digest=Digest.DAILY))
    assert changed.digest is Digest.DAILY
    assert prefs.change(changed, Change(group_default=Level.ALL)).digest is Digest.DAILY
    cleared = prefs.change(changed, Change(clear_digest=True))
    assert cleared.digest is None
    assert prefs.resolve(Settings(), cleared).digest is Digest.WEEKLY


def test_quiet_hours_are_set_as_typed_kept_and_cleared() -> None:
    changed = prefs.change(Settings(), Change(quiet_hours=(" 22:00", "7:05 ", " Europe/Copenhagen ")))
    assert changed.quiet_hours == QuietHours(dt.time(22, 0), dt.time(7, 5), "Europe/Copenhagen")
    assert prefs.change(changed, Change(digest=Digest.DAILY)).quiet_hours == changed.quiet_hours
    assert prefs.change(changed, Change(clear_quiet_hours=True)).quiet_hours is None


@pytest.mark.parametrize("value", ["24:00", "7", "22:60", "22.00", "ab:cd", "", "22:00:00", "-1:00", "123:00"])
@pytest.mark.parametrize("field", ["start", "end"])
def test_quiet_hours_not_typed_as_hh_mm_are_refused_naming_the_field(field: str, value: str) -> None:
    times = {"start": "22:00", "end": "07:00", field: value}
    error = _invalid(f"quiet_hours.{field}", prefs.quiet_hours, times["start"], times["end"], "UTC")
    assert "HH:MM" in str(error)


@pytest.mark.parametrize(("start", "end"), [("00:00", "23:59"), ("23:59", "00:00"), ("9:30", "09:31")])
def test_quiet_hours_accept_every_real_time_of_day(start: str, end: str) -> None:
    assert prefs.quiet_hours(start, end, "UTC").time_zone == "UTC"


def test_quiet_hours_that_start_when_they_end_are_refused() -> None:
    _invalid("quiet_hours", prefs.quiet_hours, "22:00", "22:00", "UTC")
    _invalid("quiet_hours", prefs.quiet_hours, "7:00", "07:00", "UTC")


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus", "europe/copenhagen", "", "Europe/", "../etc/passwd", "/etc/localtime", "CET+1"]
)
def test_an_unknown_time_zone_is_refused_with_an_example(zone: str) -> None:
    error = _invalid("quiet_hours.time_zone", prefs.quiet_hours, "22:00", "07:00", zone)
    assert "Europe/Copenhagen" in str(error)


@pytest.mark.parametrize("zone", ["Europe", "America"])
def test_a_region_instead_of_a_time_zone_is_refused_with_a_clear_error(zone: str) -> None:
    _invalid("quiet_hours.time_zone", prefs.quiet_hours, "22:00", "07:00", zone)


def test_invalid_quiet_hours_in_a_change_are_refused() -> None:
    _invalid("quiet_hours.time_zone", prefs.change, Settings(), Change(quiet_hours=("22:00", "07:00", "Nowhere")))


# ----- presets -----


def test_the_presets_are_offered_by_name() -> None:
    assert prefs.PRESETS == ("everything", "answers_and_mentions", "answers_only", "no_email")


@pytest.mark.parametrize("name", ["", "all", "quiet", "no-email"])
def test_an_unknown_preset_is_refused_naming_the_known_ones(name: str) -> None:
    error = _invalid("preset", prefs.preset, name, Settings())
    assert "answers_only" in str(error)


def test_the_active_preset_is_the_one_that_would_change_nothing() -> None:
    assert prefs.active_preset(Settings()) == "everything"  # no choices of one's own
    assert prefs.active_preset(_someone()) == ""  # choices made by hand
    for name in prefs.PRESETS:
        chosen = prefs.preset(name, _someone())
        assert prefs.active_preset(chosen) == name
        by_hand = dataclasses.replace(chosen, channels={**chosen.channels, Category.REACTIONS: EMAIL_ONLY})
        assert prefs.active_preset(by_hand) == ""  # one change afterwards, and no preset is active


def _someone() -> Settings:
    return Settings(
        channels={Category.REACTIONS: OFF, Category.GROUP_POSTS: EMAIL_ONLY},
        groups={G1: Level.MUTED},
        group_default=Level.HIGHLIGHTS,
        digest=Digest.DAILY,
        quiet_hours=NIGHT,
    )


def _kept(before: Settings, after: Settings) -> bool:
    kept = ("groups", "group_default", "quiet_hours")
    return all(getattr(after, name) == getattr(before, name) for name in kept)


def test_preset_everything_drops_my_channel_choices_back_to_the_organisations() -> None:
    org = Settings(channels={Category.GROUPS: OFF})
    result = prefs.preset("everything", _someone())
    assert result.channels == {}
    assert _kept(_someone(), result) and result.digest is Digest.DAILY
    effective = prefs.resolve(org, result)
    assert effective.channels[Category.GROUPS] == OFF
    assert effective.channels[Category.REACTIONS] == APP_ONLY
    assert effective.overridden == frozenset()


def test_preset_answers_only_leaves_in_app_and_email_on_only_for_replies() -> None:
    result = prefs.preset("answers_only", _someone())
    effective = prefs.resolve(Settings(), result)
    assert {c for c, ch in effective.channels.items() if ch.in_app} == {Category.REPLIES}
    assert {c for c, ch in effective.channels.items() if ch.email} == {Category.REPLIES}


def test_preset_answers_only_keeps_group_levels_digest_and_quiet_hours() -> None:
    result = prefs.preset("answers_only", _someone())
    assert _kept(_someone(), result) and result.digest is Digest.DAILY


def test_preset_answers_only_wins_over_an_organisation_that_turned_everything_on() -> None:
    org = Settings(channels=dict.fromkeys(Category, BOTH))
    effective = prefs.resolve(org, prefs.preset("answers_only", Settings()))
    assert {c for c, ch in effective.channels.items() if ch.in_app or ch.email} == {Category.REPLIES}


def test_preset_answers_and_mentions_leaves_replies_and_mentions_on() -> None:
    result = prefs.preset("answers_and_mentions", _someone())
    effective = prefs.resolve(Settings(), result)
    on = {Category.REPLIES, Category.MENTIONS}
    assert {c for c, ch in effective.channels.items() if ch.in_app} == on
    assert {c for c, ch in effective.channels.items() if ch.email} == on
    assert _kept(_someone(), result)


def test_preset_no_email_turns_off_every_email_and_the_digest() -> None:
    org = Settings(channels={Category.GROUPS: BOTH})
    result = prefs.preset("no_email", _someone())
    effective = prefs.resolve(org, result)
    assert not any(ch.email for ch in effective.channels.values())
    assert effective.digest is Digest.OFF


def test_preset_no_email_keeps_in_app_as_the_organisation_set_it_and_as_i_chose_it() -> None:
    org = Settings(channels={Category.FOLLOWS: OFF, Category.GROUPS: EMAIL_ONLY})
    own = Settings(channels={Category.REACTIONS: OFF, Category.GROUP_POSTS: BOTH})
    effective = prefs.resolve(org, prefs.preset("no_email", own))
    in_app = {c for c, ch in effective.channels.items() if ch.in_app}
    assert in_app == set(Category) - {Category.FOLLOWS, Category.GROUPS, Category.REACTIONS}


def test_preset_no_email_keeps_group_levels_and_quiet_hours() -> None:
    assert _kept(_someone(), prefs.preset("no_email", _someone()))


def test_after_no_email_a_later_organisation_change_to_in_app_still_reaches_me() -> None:
    result = prefs.preset("no_email", Settings())
    later = Settings(channels={Category.REACTIONS: OFF})
    assert prefs.resolve(later, result).channels[Category.REACTIONS].in_app is False


@pytest.mark.parametrize("name", ["No_Email", " no_email ", "ANSWERS_ONLY"])
def test_preset_names_are_read_as_typed(name: str) -> None:
    assert prefs.preset(name, Settings()).channels


def test_applying_a_preset_leaves_the_current_layer_as_it_was() -> None:
    current = _someone()
    for name in prefs.PRESETS:
        prefs.preset(name, current)
    assert current == _someone()


# ----- unsubscribe -----


def test_unsubscribe_from_mentions_keeps_in_app_as_the_organisation_set_it() -> None:
    result = prefs.unsubscribe(Settings(), "mentions")
    assert result.channels == {Category.MENTIONS: Channel(in_app=None, email=False)}
    assert prefs.resolve(Settings(), result).channels[Category.MENTIONS] == APP_ONLY


def test_unsubscribe_from_mentions_keeps_in_app_off_where_the_organisation_turned_it_off() -> None:
    org = Settings(channels={Category.MENTIONS: EMAIL_ONLY})
    result = prefs.unsubscribe(Settings(), "Mentions")
    assert result.channels == {Category.MENTIONS: Channel(in_app=None, email=False)}
    assert prefs.resolve(org, result).channels[Category.MENTIONS] == OFF


def test_unsubscribe_keeps_my_own_in_app_choice_and_my_other_categories() -> None:
    own = Settings(channels={Category.MENTIONS: EMAIL_ONLY, Category.REPLIES: OFF}, digest=Digest.DAILY)
    result = prefs.unsubscribe(own, "mentions")
    assert result.channels == {Category.MENTIONS: OFF, Category.REPLIES: OFF}
    assert result.digest is Digest.DAILY


def test_unsubscribe_from_the_digest_turns_only_the_digest_off() -> None:
    own = _someone()
    result = prefs.unsubscribe(own, "digest")
    assert result == dataclasses.replace(own, digest=Digest.OFF)


def test_unsubscribe_from_an_unknown_category_is_refused() -> None:
    _invalid("category", prefs.unsubscribe, Settings(), "likes")


def test_after_unsubscribing_a_later_organisation_change_to_in_app_still_reaches_me() -> None:
    result = prefs.unsubscribe(Settings(), "mentions")
    later = Settings(channels={Category.MENTIONS: OFF})
    assert prefs.resolve(later, result).channels[Category.MENTIONS].in_app is False


# ----- quiet hours -----


def test_quiet_hours_22_to_07_at_2330_local_postpone_to_07_next_local_day_in_utc() -> None:
    until = NIGHT.postpone(_at("Europe/Copenhagen", 2024, 1, 15, 23, 30))
    assert until == _utc(2024, 1, 16, 6, 0)
    assert until is not None and until.tzinfo is UTC


@pytest.mark.parametrize(
    ("local", "until"),
    [
        ((2024, 1, 16, 3, 0), (2024, 1, 16, 6, 0)),  # after midnight: the same local day
        ((2024, 1, 15, 22, 0), (2024, 1, 16, 6, 0)),  # the first minute is quiet
        ((2024, 1, 16, 0, 0), (2024, 1, 16, 6, 0)),
        ((2024, 1, 16, 6, 59), (2024, 1, 16, 6, 0)),
        ((2024, 7, 15, 23, 30), (2024, 7, 16, 5, 0)),  # summer time: 07:00 is 05:00 UTC
    ],
)
def test_quiet_hours_over_midnight_postpone_to_their_local_end(local: tuple[int, ...], until: tuple[int, ...]) -> None:
    assert NIGHT.postpone(_at("Europe/Copenhagen", *local)) == _utc(*until)


@pytest.mark.parametrize("local", [(2024, 1, 16, 7, 0), (2024, 1, 16, 12, 0), (2024, 1, 15, 21, 59)])
def test_outside_quiet_hours_nothing_is_postponed(local: tuple[int, ...]) -> None:
    assert NIGHT.postpone(_at("Europe/Copenhagen", *local)) is None


@pytest.mark.parametrize(
    ("local", "until"),
    [
        ((12, 0), (2024, 1, 15, 12, 0)),
        ((12, 59), (2024, 1, 15, 12, 0)),
        ((13, 0), None),
        ((11, 59), None),
    ],
)
def test_quiet_hours_within_a_day_postpone_to_their_end_the_same_day(
    local: tuple[int, int], until: tuple[int, ...] | None
) -> None:
    lunch = QuietHours(dt.time(12), dt.time(13), "Europe/Copenhagen")
    expected = _utc(*until) if until else None
    assert lunch.postpone(_at("Europe/Copenhagen", 2024, 1, 15, *local)) == expected


def test_quiet_hours_are_read_in_the_persons_time_zone_not_utc() -> None:
    now = _utc(2024, 1, 15, 23, 30)  # 00:30 in Copenhagen, 18:30 in New York
    assert NIGHT.postpone(now) == _utc(2024, 1, 16, 6, 0)
    assert dataclasses.replace(NIGHT, time_zone="America/New_York").postpone(now) is None


def test_quiet_hours_that_start_when_they_end_postpone_nothing() -> None:
    assert QuietHours(dt.time(22), dt.time(22), "UTC").postpone(_utc(2024, 1, 15, 22, 0)) is None


@pytest.mark.parametrize(
    ("zone", "local", "until"),
    [
        ("Europe/Copenhagen", (2024, 3, 30, 23, 30), (2024, 3, 31, 5, 0)),  # clocks go forward that night
        ("Europe/Copenhagen", (2024, 3, 31, 4, 0), (2024, 3, 31, 5, 0)),
        ("Europe/Copenhagen", (2024, 10, 26, 23, 30), (2024, 10, 27, 6, 0)),  # clocks go back that night
        ("Europe/Copenhagen", (2024, 10, 27, 4, 0), (2024, 10, 27, 6, 0)),
        ("America/New_York", (2024, 3, 9, 23, 30), (2024, 3, 10, 11, 0)),
        ("America/New_York", (2024, 3, 10, 4, 0), (2024, 3, 10, 11, 0)),
        ("America/New_York", (2024, 11, 2, 23, 30), (2024, 11, 3, 12, 0)),
        ("America/New_York", (2024, 11, 3, 4, 0), (2024, 11, 3, 12, 0)),
    ],
)
def test_quiet_hours_on_a_dst_day_end_at_0700_local_time(
    zone: str, local: tuple[int, ...], until: tuple[int, ...]
) -> None:
    quiet = QuietHours(dt.time(22), dt.time(7), zone)
    assert quiet.postpone(_at(zone, *local)) == _utc(*until)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("Europe/Copenhagen", (2024, 3, 30)),
        ("Europe/Copenhagen", (2024, 10, 26)),
        ("America/New_York", (2024, 3, 9)),
        ("America/New_York", (2024, 11, 2)),
    ],
)
def test_every_quarter_hour_of_a_dst_night_is_postponed_to_the_first_moment_after_quiet_hours(
    zone: str, day: tuple[int, int, int]
) -> None:
    quiet = QuietHours(dt.time(22), dt.time(7), zone)
    start = _utc(*day, 12, 0)
    for step in range(4 * 30):
        now = start + dt.timedelta(minutes=15 * step)
        until = quiet.postpone(now)
        if until is None:
            continue
        assert until > now
        assert quiet.postpone(until) is None
        assert quiet.postpone(until - dt.timedelta(minutes=1)) is not None
        assert until.astimezone(zoneinfo.ZoneInfo(zone)).time() == dt.time(7)


@pytest.mark.parametrize(
    ("zone", "now", "until"),
    [
        ("America/New_York", _utc(2024, 11, 3, 6, 15), _utc(2024, 11, 3, 6, 30)),  # 01:15 EST, 2nd pass
        ("Europe/Copenhagen", _utc(2024, 10, 27, 1, 10), _utc(2024, 10, 27, 1, 30)),  # 02:10 CET, 2nd pass
    ],
)
def test_quiet_hours_ending_in_the_repeated_hour_never_postpone_into_the_past(
    zone: str, now: dt.datetime, until: dt.datetime
) -> None:
    end = dt.time(1, 30) if zone == "America/New_York" else dt.time(2, 30)
    assert QuietHours(dt.time(22), end, zone).postpone(now) == until


def test_quiet_hours_ending_in_the_skipped_hour_end_when_the_clocks_jump() -> None:
    quiet = QuietHours(dt.time(22), dt.time(2, 30), "America/New_York")
    assert quiet.postpone(_utc(2024, 3, 10, 7, 0)) is None  # 03:00 EDT: already over
    assert quiet.postpone(_utc(2024, 3, 10, 6, 30)) == _utc(2024, 3, 10, 7, 0)  # 01:30 EST


# ----- the digest -----

NOW = _utc(2024, 5, 10, 8, 0)
DAY, WEEK = dt.timedelta(days=1), dt.timedelta(days=7)


def test_a_digest_switched_off_is_not_sent_and_checked_again_tomorrow() -> None:
    decision = digests.decide(Digest.OFF, last_sent=None, last_seen=None, now=NOW)
    assert decision == digests.Decision(False, NOW, NOW + DAY, "off")


@pytest.mark.parametrize(("frequency", "period"), [(Digest.DAILY, DAY), (Digest.WEEKLY, WEEK)])
def test_a_first_digest_covers_one_period_back_for_someone_who_never_came(
    frequency: Digest, period: dt.timedelta
) -> None:
    decision = digests.decide(frequency, last_sent=None, last_seen=None, now=NOW)
    assert decision == digests.Decision(True, NOW - period, NOW + period, "due")


@pytest.mark.parametrize(("frequency", "period"), [(Digest.DAILY, DAY), (Digest.WEEKLY, WEEK)])
def test_a_digest_covers_what_came_since_the_last_one(frequency: Digest, period: dt.timedelta) -> None:
    last_sent = NOW - period
    decision = digests.decide(frequency, last_sent=last_sent, last_seen=last_sent - DAY, now=NOW)
    assert (decision.send, decision.since, decision.next_check) == (True, last_sent, NOW + period)


def test_someone_who_came_by_since_the_last_digest_gets_none() -> None:
    decision = digests.decide(Digest.WEEKLY, last_sent=NOW - WEEK, last_seen=NOW - DAY, now=NOW)
    assert not decision.send
    assert decision.next_check == NOW + WEEK
    assert decision.why == "visited since the last digest"


def test_someone_new_who_came_by_within_the_period_gets_none() -> None:
    assert not digests.decide(Digest.DAILY, last_sent=None, last_seen=NOW - dt.timedelta(hours=3), now=NOW).send
    assert digests.decide(Digest.DAILY, last_sent=None, last_seen=NOW - 2 * DAY, now=NOW).send


def test_a_visit_at_the_very_moment_of_the_last_digest_does_not_count_as_coming_back() -> None:
    assert digests.decide(Digest.WEEKLY, last_sent=NOW - WEEK, last_seen=NOW - WEEK, now=NOW).send


def test_someone_who_came_once_after_the_last_digest_and_then_drifted_away_gets_one_again() -> None:
    decision = digests.decide(Digest.WEEKLY, last_sent=NOW - 3 * WEEK, last_seen=NOW - 2 * WEEK, now=NOW)
    assert decision.send
