"""Posts, comments, votes and reactions: who may write what where, and what each kind of post needs."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from kantine.errors import Code, DomainError
from kantine.v1 import events_pb2 as ev
from services.feed.domain import posts as p
from services.feed.domain.model import (
    ANNOUNCEMENT,
    DISCUSSION,
    POLL,
    PRAISE,
    PRIVATE,
    PUBLIC,
    QUESTION,
    SECRET,
    Comment,
    Group,
    Limits,
    Membership,
    Person,
    Post,
)
from services.feed.domain.posts import NewPost
from tests.unit.feed_fixtures import (
    A_MEMBER,
    AN_ADMIN,
    AN_OWNER,
    INVITED,
    NOT_A_MEMBER,
    NOW,
    REQUESTED,
    comment,
    community_manager,
    deactivated,
    group,
    new_id,
    person,
    post,
    refused,
)

LIMITS = Limits()
ANN = "0b4c6f1e-8d2a-4c3b-9e5f-1a2b3c4d5e6f"


def new_post(**kw: object) -> NewPost:
    fields: dict[str, object] = {"post_id": new_id(), "body": "Fika at three"}
    fields.update(kw)
    return NewPost(**fields)  # type: ignore[arg-type]


def create(
    cmd: NewPost,
    actor: Person | None = None,
    grp: Group | None = None,
    membership: Membership = NOT_A_MEMBER,
    limits: Limits = LIMITS,
    praised_active: set[str] | None = None,
) -> ev.PostCreated:
    """Create and return the one PostCreated event."""
    events = p.create_post(actor or person(), grp, membership, cmd, limits, NOW, praised_active or set())
    assert len(events) == 1
    [event] = events
    assert isinstance(event, ev.PostCreated)
    return event


# ----- creating a post -----


def test_a_post_on_your_own_profile_records_the_text_and_its_facts() -> None:
    ann, post_id = person(), new_id()
    body = f"  Welcome @[Ann]({ANN.upper()})! #Onboarding tips at https://wiki.example.com/start. #onboarding  "
    events = p.create_post(ann, None, NOT_A_MEMBER, NewPost(post_id.upper(), body), LIMITS, NOW, set())
    assert events == [
        ev.PostCreated(
            post_id=post_id,
            author_id=ann.user_id,
            group_id="",
            kind=DISCUSSION,
            body=body.strip(),
            tags=["onboarding"],
            mentioned_user_ids=[ANN],
            links=["https://wiki.example.com/start"],
        )
    ]


def test_the_default_kind_is_a_discussion() -> None:
    assert create(new_post(kind=0)).kind == DISCUSSION


@pytest.mark.parametrize(
    ("cmd", "field"),
    [
        (new_post(post_id="1"), "post_id"),
        (new_post(post_id=""), "post_id"),
        (new_post(body=""), "body"),
        (new_post(body="   "), "body"),
        (new_post(body="a\x00b"), "body"),
        (new_post(kind=99), "kind"),
    ],
)
def test_an_invalid_post_names_the_field(cmd: NewPost, field: str) -> None:
    with refused(Code.INVALID, field):
        p.create_post(person(), None, NOT_A_MEMBER, cmd, LIMITS, NOW, set())


def test_the_post_length_limit_comes_from_the_settings() -> None:
    assert create(new_post(body="x" * 20), limits=Limits(post_chars=20)).body == "x" * 20
    with refused(Code.INVALID, "body"):
        create(new_post(body="x" * 21), limits=Limits(post_chars=20))


@pytest.mark.parametrize(("what", "limit"), [("tags", 2), ("mentions", 2)])
def test_tags_and_mentions_per_text_are_limited(what: str, limit: int) -> None:
    one = "#a" if what == "tags" else f"@[A]({new_id()})"
    two = "#b" if what == "tags" else f"@[B]({new_id()})"
    three = "#c" if what == "tags" else f"@[C]({new_id()})"
    limits = dataclasses.replace(LIMITS, **{what: limit})  # type: ignore[arg-type]
    event = create(new_post(body=f"{one} {two} {one}"), limits=limits)
    assert len(event.tags if what == "tags" else event.mentioned_user_ids) == 2
    with refused(Code.INVALID, "body"):
        create(new_post(body=f"{one} {two} {three}"), limits=limits)


def test_a_tag_of_64_characters_is_kept() -> None:
    assert list(create(new_post(body="#" + "T" * 64 + " rocks")).tags) == ["t" * 64]


@pytest.mark.parametrize("length", [65, 70, 500])
def test_a_post_with_an_over_long_tag_is_refused_naming_the_limit(length: int) -> None:
    """Decision: a #tag longer than 64 characters is refused with a clear message, never cut or dropped."""
    body = f"Welcome #fika #{'a' * length}"
    with refused(Code.INVALID, "body"):
        create(new_post(body=body))
    with pytest.raises(DomainError, match=rf"a #tag is at most 64 characters \(#a{{20}}… has {length}\)"):
        create(new_post(body=body))


def test_a_long_fragment_in_a_link_is_neither_a_tag_nor_refused() -> None:
    link = "https://wiki.example.com/handbook/#" + "section" * 12
    event = create(new_post(body=f"Read {link} #onboarding"))
    assert (list(event.tags), list(event.links)) == (["onboarding"], [link])


# ----- posting in groups -----


@pytest.mark.parametrize("visibility", [PUBLIC, PRIVATE, SECRET])
@pytest.mark.parametrize("membership", [A_MEMBER, AN_ADMIN, AN_OWNER])
def test_members_post_in_their_group(visibility: int, membership: Membership) -> None:
    ann, grp = person(), group(visibility)
    event = create(new_post(), ann, grp, membership)
    assert (event.group_id, event.author_id) == (grp.group_id, ann.user_id)


def test_a_non_member_of_a_public_group_must_join_to_post() -> None:
    with refused(Code.DENIED):
        create(new_post(), grp=group(PUBLIC), membership=NOT_A_MEMBER)
    with refused(Code.DENIED):
        create(new_post(), community_manager(), group(PUBLIC), NOT_A_MEMBER)


@pytest.mark.parametrize(
    ("visibility", "membership"),
    [(PRIVATE, NOT_A_MEMBER), (PRIVATE, INVITED), (PRIVATE, REQUESTED), (SECRET, NOT_A_MEMBER), (SECRET, INVITED)],
)
def test_a_group_you_cannot_read_is_not_found(visibility: int, membership: Membership) -> None:
    with refused(Code.NOT_FOUND):
        create(new_post(), grp=group(visibility), membership=membership)


@pytest.mark.parametrize("change", [{"archived": True}, {"merged_into": new_id()}])
def test_no_posts_in_an_archived_or_merged_group(change: dict[str, object]) -> None:
    with refused(Code.PRECONDITION):
        create(new_post(), grp=group(**change), membership=AN_OWNER)


def test_an_admins_only_group_takes_posts_from_admins_only() -> None:
    grp = group(posting_policy=ev.POSTING_POLICY_ADMINS)
    with refused(Code.DENIED):
        create(new_post(), grp=grp, membership=A_MEMBER)
    with refused(Code.DENIED):
        create(new_post(), person(leader=True), grp, A_MEMBER)
    assert create(new_post(), grp=grp, membership=AN_ADMIN).group_id == grp.group_id
    assert create(new_post(), grp=grp, membership=AN_OWNER).group_id == grp.group_id


# ----- announcements -----


@pytest.mark.parametrize(
    ("actor", "grp", "membership"),
    [
        (person(leader=True), None, NOT_A_MEMBER),
        (community_manager(), None, NOT_A_MEMBER),
        (person(), group(), AN_ADMIN),
        (person(), group(), AN_OWNER),
        (person(leader=True), group(), A_MEMBER),
    ],
    ids=["leader-profile", "cm-profile", "group-admin", "group-owner", "leader-in-group"],
)
def test_who_makes_announcements(actor: Person, grp: Group | None, membership: Membership) -> None:
    event = create(new_post(kind=ANNOUNCEMENT, must_read=True), actor, grp, membership)
    assert (event.kind, event.must_read) == (ANNOUNCEMENT, True)


@pytest.mark.parametrize(
    ("grp", "membership"),
    [(None, NOT_A_MEMBER), (None, AN_ADMIN), (group(), A_MEMBER)],
    ids=["profile", "profile-admin", "member"],
)
def test_colleagues_and_plain_members_make_no_announcements(grp: Group | None, membership: Membership) -> None:
    with refused(Code.DENIED):
        create(new_post(kind=ANNOUNCEMENT), person(), grp, membership)


@pytest.mark.parametrize("kind", [DISCUSSION, QUESTION, POLL, PRAISE])
def test_only_an_announcement_can_be_must_read(kind: int) -> None:
    with refused(Code.INVALID, "must_read"):
        create(new_post(kind=kind, must_read=True), person(leader=True))


def test_an_announcement_need_not_be_must_read() -> None:
    assert create(new_post(kind=ANNOUNCEMENT), person(leader=True)).must_read is False


# ----- praise -----


def test_praise_names_active_colleagues_once_with_a_value() -> None:
    bo, cy = new_id(), new_id()
    cmd = new_post(kind=PRAISE, praised_user_ids=(bo.upper(), cy, bo), company_value=" Courage ")
    event = create(cmd, praised_active={bo, cy})
    assert (list(event.praised_user_ids), event.company_value, event.kind) == ([bo, cy], "Courage", PRAISE)


def test_praise_may_include_yourself_among_others() -> None:
    ann, bo = person(), new_id()
    event = create(new_post(kind=PRAISE, praised_user_ids=(ann.user_id, bo)), ann, praised_active={ann.user_id, bo})
    assert list(event.praised_user_ids) == [ann.user_id, bo]


def test_praise_needs_colleagues() -> None:
    with refused(Code.INVALID, "praised_user_ids"):
        create(new_post(kind=PRAISE))


def test_praise_is_not_for_yourself_alone() -> None:
    ann = person()
    with refused(Code.INVALID, "praised_user_ids"):
        create(new_post(kind=PRAISE, praised_user_ids=(ann.user_id, ann.user_id)), ann, praised_active={ann.user_id})


@pytest.mark.parametrize("praised", [("bob",), ("",)])
def test_praise_names_colleagues_by_id(praised: tuple[str, ...]) -> None:
    with refused(Code.INVALID, "praised_user_ids"):
        create(new_post(kind=PRAISE, praised_user_ids=praised))


def test_praised_colleagues_must_be_active() -> None:
    bo, gone = new_id(), new_id()
    with refused(Code.INVALID, "praised_user_ids"):
        create(new_post(kind=PRAISE, praised_user_ids=(bo, gone)), praised_active={bo})


def test_praise_names_at_most_the_configured_number() -> None:
    ids = tuple(new_id() for _ in range(3))
    limits = Limits(praised=2)
    event = create(new_post(kind=PRAISE, praised_user_ids=ids[:2]), limits=limits, praised_active=set(ids))
    assert list(event.praised_user_ids) == list(ids[:2])
    with refused(Code.INVALID, "praised_user_ids"):
        create(new_post(kind=PRAISE, praised_user_ids=ids), limits=limits, praised_active=set(ids))


@pytest.mark.parametrize("value", ["Courage", "", "  "])
def test_a_configured_company_value_or_none(value: str) -> None:
    bo = new_id()
    limits = Limits(company_values=("Courage", "Care"))
    cmd = new_post(kind=PRAISE, praised_user_ids=(bo,), company_value=value)
    assert create(cmd, limits=limits, praised_active={bo}).company_value == value.strip()


@pytest.mark.parametrize(
    ("value", "stored"), [("courage", "Courage"), ("  COURAGE ", "Courage"), ("cArE", "Care"), ("Care", "Care")]
)
def test_a_configured_company_value_is_accepted_in_any_case_and_stored_as_configured(value: str, stored: str) -> None:
    """Decision: company values compare case-insensitively; the configured spelling is stored."""
    bo = new_id()
    limits = Limits(company_values=("Courage", "Care"))
    cmd = new_post(kind=PRAISE, praised_user_ids=(bo,), company_value=value)
    assert create(cmd, limits=limits, praised_active={bo}).company_value == stored


@pytest.mark.parametrize("value", ["Greed", "Courage and care", "Couragé", "Cares"])
def test_a_company_value_outside_the_configured_ones_is_refused(value: str) -> None:
    bo = new_id()
    limits = Limits(company_values=("Courage", "Care"))
    with refused(Code.INVALID, "company_value"):
        create(new_post(kind=PRAISE, praised_user_ids=(bo,), company_value=value), limits=limits, praised_active={bo})


def test_without_configured_values_a_value_is_stored_as_written() -> None:
    bo = new_id()
    cmd = new_post(kind=PRAISE, praised_user_ids=(bo,), company_value=" bold COURAGE ")
    assert create(cmd, praised_active={bo}).company_value == "bold COURAGE"


def test_without_configured_values_any_value_of_sixty_characters() -> None:
    bo = new_id()
    ok = new_post(kind=PRAISE, praised_user_ids=(bo,), company_value="v" * 60)
    assert create(ok, praised_active={bo}).company_value == "v" * 60
    with refused(Code.INVALID, "company_value"):
        create(dataclasses.replace(ok, company_value="v" * 61), praised_active={bo})


@pytest.mark.parametrize("kind", [DISCUSSION, QUESTION, POLL])
def test_only_praise_names_colleagues(kind: int) -> None:
    with refused(Code.INVALID, "praised_user_ids"):
        create(new_post(kind=kind, praised_user_ids=(new_id(),), poll_options=("a", "b") if kind == POLL else ()))


def test_only_praise_has_a_company_value_naming_that_field() -> None:
    with refused(Code.INVALID, "company_value"):
        create(new_post(kind=DISCUSSION, company_value="Courage"))


@pytest.mark.parametrize("kind", [QUESTION, POLL, ANNOUNCEMENT])
def test_no_kind_but_praise_has_a_company_value(kind: int) -> None:
    cmd = new_post(kind=kind, company_value="Courage", poll_options=("a", "b") if kind == POLL else ())
    with refused(Code.INVALID, "company_value"):
        create(cmd, person(leader=True))


# ----- polls -----


def test_a_poll_keeps_its_options_stripped_in_order() -> None:
    event = create(new_post(kind=POLL, poll_options=(" Tea ", "Coffee", "Both")))
    assert (event.kind, list(event.poll_options)) == (POLL, ["Tea", "Coffee", "Both"])


def test_a_poll_has_up_to_the_configured_number_of_options() -> None:
    limits = Limits(poll_options=3)
    assert len(create(new_post(kind=POLL, poll_options=("a", "b", "c")), limits=limits).poll_options) == 3
    with refused(Code.INVALID, "poll_options"):
        create(new_post(kind=POLL, poll_options=("a", "b", "c", "d")), limits=limits)


@pytest.mark.parametrize(
    "options",
    [(), ("only one",), ("a", ""), ("a", "   "), ("a", "x" * 201), ("Tea", "tea"), ("Tea", " Tea "), ("a", "b", "a")],
)
def test_invalid_poll_options(options: tuple[str, ...]) -> None:
    with refused(Code.INVALID, "poll_options"):
        create(new_post(kind=POLL, poll_options=options))


def test_an_option_of_200_characters_is_fine() -> None:
    assert create(new_post(kind=POLL, poll_options=("a", "x" * 200))).poll_options[1] == "x" * 200


@pytest.mark.parametrize("kind", [DISCUSSION, QUESTION])
def test_only_a_poll_has_options(kind: int) -> None:
    with refused(Code.INVALID, "poll_options"):
        create(new_post(kind=kind, poll_options=("a", "b")))


# ----- scheduling -----


@pytest.mark.parametrize(
    ("publish_at", "stored"),
    [
        ("2026-11-24T09:00:00Z", "2026-11-24T09:00:00Z"),
        ("2026-11-24T10:00:00+01:00", "2026-11-24T09:00:00Z"),
        ("2026-11-23T07:00:01-05:00", "2026-11-23T12:00:01Z"),
        ("2027-11-24T12:00:00+00:00", "2027-11-24T12:00:00Z"),
    ],
)
def test_a_scheduled_time_is_stored_in_utc(publish_at: str, stored: str) -> None:
    assert create(new_post(publish_at=publish_at)).publish_at == stored


@pytest.mark.parametrize(
    "publish_at",
    [
        "2026-11-23T12:00:00Z",
        "2026-11-23T11:59:59Z",
        "2026-11-23T13:00:00+01:00",
        "2027-11-24T12:00:01Z",
        "2028-01-01T00:00:00Z",
        "2026-11-24T09:00:00",
        "2026-11-24",
        "tomorrow",
        "24.11.2026 09:00",
    ],
    ids=["now", "past", "now-in-cet", "a-year-and-a-second", "years", "no-zone", "date-only", "words", "local-format"],
)
def test_an_invalid_scheduled_time(publish_at: str) -> None:
    with refused(Code.INVALID, "publish_at"):
        create(new_post(publish_at=publish_at))


def test_a_post_without_a_schedule_is_published_now() -> None:
    assert create(new_post()).publish_at == ""


def test_a_scheduled_post_is_published_when_its_time_comes() -> None:
    scheduled = post(person(), published=False)
    for publish_at in ("2026-11-23T12:00:00Z", "2026-11-23T11:00:00Z"):
        due = dataclasses.replace(scheduled, publish_at=publish_at)
        assert p.publish_due(due, NOW) == [ev.PostPublished(post_id=scheduled.post_id)]


@pytest.mark.parametrize(
    ("state", "publish_at"),
    [
        ({"published": False}, "2026-11-23T12:00:01Z"),
        ({"published": False}, ""),
        ({"published": True}, "2026-11-22T12:00:00Z"),
        ({"published": False, "deleted": True}, "2026-11-22T12:00:00Z"),
    ],
    ids=["not-yet", "no-time", "already-published", "deleted"],
)
def test_publish_due_leaves_other_posts_alone(state: dict[str, bool], publish_at: str) -> None:
    assert p.publish_due(post(person(), publish_at=publish_at, **state), NOW) == []


# ----- who sees a post -----


AUTHOR = person()
VIEWER = person()
PUB, PRIV, SEC = group(PUBLIC), group(PRIVATE), group(SECRET)


@pytest.mark.parametrize(
    ("viewer", "the_post", "grp", "membership", "sees"),
    [
        (VIEWER, None, None, NOT_A_MEMBER, False),
        (VIEWER, post(AUTHOR), None, NOT_A_MEMBER, True),
        (VIEWER, post(AUTHOR, deleted=True), None, NOT_A_MEMBER, False),
        (AUTHOR, post(AUTHOR, deleted=True), None, NOT_A_MEMBER, False),
        (VIEWER, post(AUTHOR, published=False), None, NOT_A_MEMBER, False),
        (AUTHOR, post(AUTHOR, published=False), None, NOT_A_MEMBER, True),
        (VIEWER, post(AUTHOR, PUB), PUB, NOT_A_MEMBER, True),
        (VIEWER, post(AUTHOR, PRIV), PRIV, NOT_A_MEMBER, False),
        (VIEWER, post(AUTHOR, PRIV), PRIV, INVITED, False),
        (VIEWER, post(AUTHOR, PRIV), PRIV, A_MEMBER, True),
        (VIEWER, post(AUTHOR, SEC), SEC, NOT_A_MEMBER, False),
        (VIEWER, post(AUTHOR, SEC), SEC, INVITED, False),
        (VIEWER, post(AUTHOR, SEC), SEC, A_MEMBER, True),
        (VIEWER, post(AUTHOR, PUB), None, NOT_A_MEMBER, False),
        (VIEWER, post(AUTHOR, PRIV, published=False), PRIV, A_MEMBER, False),
        (AUTHOR, post(AUTHOR, PRIV, published=False), PRIV, A_MEMBER, True),
    ],
    ids=[
        "no-post",
        "profile-post",
        "deleted",
        "deleted-for-author",
        "scheduled",
        "scheduled-for-author",
        "public-group",
        "private-stranger",
        "private-invitee",
        "private-member",
        "secret-stranger",
        "secret-invitee",
        "secret-member",
        "group-gone",
        "scheduled-in-group",
        "scheduled-in-group-for-author",
    ],
)
def test_can_see_post(
    viewer: Person, the_post: Post | None, grp: Group | None, membership: Membership, sees: bool
) -> None:
    assert p.can_see_post(viewer.user_id, the_post, grp, membership) is sees


# ----- editing and deleting posts -----


def test_the_author_edits_a_post() -> None:
    ann = person()
    mine = post(ann, version=4)
    body = f" Now at four #Fika @[Bo]({ANN}) https://x.example/a. "
    assert p.edit_post(ann, mine, None, NOT_A_MEMBER, body, 4, LIMITS) == [
        ev.PostEdited(
            post_id=mine.post_id,
            editor_id=ann.user_id,
            body=body.strip(),
            tags=["fika"],
            mentioned_user_ids=[ANN],
            links=["https://x.example/a"],
        )
    ]


@pytest.mark.parametrize("editor", [person(), community_manager()], ids=["colleague", "cm"])
def test_only_the_author_edits_a_post(editor: Person) -> None:
    with refused(Code.DENIED):
        p.edit_post(editor, post(person()), None, NOT_A_MEMBER, "new", 0, LIMITS)


def test_editing_with_a_stale_version_conflicts() -> None:
    ann = person()
    with refused(Code.CONFLICT, "expected_version"):
        p.edit_post(ann, post(ann, version=4), None, NOT_A_MEMBER, "new", 3, LIMITS)
    assert p.edit_post(ann, post(ann, version=4), None, NOT_A_MEMBER, "new", 0, LIMITS) != []


@pytest.mark.parametrize("change", [{"archived": True}, {"merged_into": new_id()}])
def test_no_edits_in_an_archived_or_merged_group(change: dict[str, object]) -> None:
    ann, grp = person(), group(**change)
    with refused(Code.PRECONDITION):
        p.edit_post(ann, post(ann, grp), grp, A_MEMBER, "new", 0, LIMITS)


def test_an_edit_checks_the_text() -> None:
    ann = person()
    with refused(Code.INVALID, "body"):
        p.edit_post(ann, post(ann), None, NOT_A_MEMBER, "  ", 0, LIMITS)
    with refused(Code.INVALID, "body"):
        p.edit_post(ann, post(ann), None, NOT_A_MEMBER, "#a #b #c", 0, Limits(tags=2))
    with refused(Code.INVALID, "body"):
        p.edit_post(ann, post(ann), None, NOT_A_MEMBER, "now #" + "a" * 65, 0, LIMITS)


@pytest.mark.parametrize(
    ("the_post", "grp", "membership"),
    [
        (None, None, NOT_A_MEMBER),
        (post(AUTHOR, deleted=True), None, NOT_A_MEMBER),
        (post(AUTHOR, PRIV), PRIV, NOT_A_MEMBER),
    ],
    ids=["unknown", "deleted", "private-group-left"],
)
def test_editing_a_post_you_cannot_see_is_not_found(
    the_post: Post | None, grp: Group | None, membership: Membership
) -> None:
    with refused(Code.NOT_FOUND):
        p.edit_post(AUTHOR, the_post, grp, membership, "new", 0, LIMITS)


@pytest.mark.parametrize(
    ("me", "in_group", "membership"),
    [
        (AUTHOR, False, NOT_A_MEMBER),
        (AUTHOR, True, A_MEMBER),
        (person(), True, AN_ADMIN),
        (person(), True, AN_OWNER),
        (community_manager(), False, NOT_A_MEMBER),
        (community_manager(), True, NOT_A_MEMBER),
    ],
    ids=["author", "author-in-group", "group-admin", "group-owner", "cm-profile", "cm-group"],
)
def test_who_deletes_a_post(me: Person, in_group: bool, membership: Membership) -> None:
    grp = PUB if in_group else None
    the_post = post(AUTHOR, grp)
    assert p.delete_post(me, the_post, grp, membership) == [
        ev.PostDeleted(post_id=the_post.post_id, deleted_by=me.user_id)
    ]


def test_an_author_deletes_in_an_archived_group() -> None:
    grp = group(archived=True)
    the_post = post(AUTHOR, grp)
    assert p.delete_post(AUTHOR, the_post, grp, A_MEMBER) == [
        ev.PostDeleted(post_id=the_post.post_id, deleted_by=AUTHOR.user_id)
    ]


@pytest.mark.parametrize(
    ("in_group", "membership"),
    [(False, NOT_A_MEMBER), (False, AN_ADMIN), (True, A_MEMBER), (True, NOT_A_MEMBER)],
    ids=["profile", "admin-elsewhere-on-profile", "group-member", "group-stranger"],
)
def test_others_may_not_delete_a_post(in_group: bool, membership: Membership) -> None:
    grp = PUB if in_group else None
    with refused(Code.DENIED):
        p.delete_post(person(leader=True), post(AUTHOR, grp), grp, membership)


def test_deleting_a_deleted_post_is_not_found() -> None:
    with refused(Code.NOT_FOUND):
        p.delete_post(AUTHOR, post(AUTHOR, deleted=True), None, NOT_A_MEMBER)


# ----- pins -----


@pytest.mark.parametrize(
    ("me", "in_group", "membership"),
    [(person(), True, AN_ADMIN), (person(), True, AN_OWNER), (community_manager(), False, NOT_A_MEMBER)],
    ids=["group-admin", "group-owner", "cm-profile"],
)
def test_admins_and_community_managers_pin_and_unpin(me: Person, in_group: bool, membership: Membership) -> None:
    grp = PUB if in_group else None
    the_post = post(AUTHOR, grp)
    assert p.pin(me, the_post, grp, membership, True) == [ev.PostPinned(post_id=the_post.post_id, pinned_by=me.user_id)]
    pinned = dataclasses.replace(the_post, pinned=True)
    assert p.pin(me, pinned, grp, membership, False) == [
        ev.PostUnpinned(post_id=the_post.post_id, unpinned_by=me.user_id)
    ]


@pytest.mark.parametrize("on", [True, False])
def test_pinning_again_changes_nothing(on: bool) -> None:
    the_post = post(AUTHOR, PUB, pinned=on)
    assert p.pin(person(), the_post, PUB, AN_ADMIN, on) == []


@pytest.mark.parametrize(
    ("me", "in_group", "membership"),
    [(AUTHOR, False, NOT_A_MEMBER), (AUTHOR, True, A_MEMBER), (person(), False, AN_ADMIN)],
    ids=["author-profile", "author-member", "admin-elsewhere-on-profile"],
)
def test_authors_and_members_do_not_pin(me: Person, in_group: bool, membership: Membership) -> None:
    grp = PUB if in_group else None
    with refused(Code.DENIED):
        p.pin(me, post(AUTHOR, grp), grp, membership, True)


@pytest.mark.parametrize("on", [True, False])
@pytest.mark.parametrize("change", [{"archived": True}, {"merged_into": new_id()}], ids=["archived", "merged"])
@pytest.mark.parametrize(
    ("me", "membership"), [(person(), AN_ADMIN), (community_manager(), AN_OWNER)], ids=["admin", "cm-owner"]
)
def test_no_pins_in_an_archived_or_merged_group(
    me: Person, membership: Membership, change: dict[str, object], on: bool
) -> None:
    """Decision: an archived group is read-only, so its pins stay as they are."""
    grp = group(**change)
    with refused(Code.PRECONDITION):
        p.pin(me, post(AUTHOR, grp, pinned=not on), grp, membership, on)


def test_a_member_pinning_in_an_archived_group_is_denied_first() -> None:
    grp = group(archived=True)
    with refused(Code.DENIED):
        p.pin(AUTHOR, post(AUTHOR, grp), grp, A_MEMBER, True)


# ----- read receipts -----


def test_a_must_read_announcement_is_marked_read_once() -> None:
    me, the_post = person(), post(AUTHOR, kind=ANNOUNCEMENT, must_read=True)
    assert p.mark_read(me, the_post, None, NOT_A_MEMBER, False) == [
        ev.PostRead(post_id=the_post.post_id, user_id=me.user_id)
    ]
    assert p.mark_read(me, the_post, None, NOT_A_MEMBER, True) == []


@pytest.mark.parametrize(
    "the_post", [post(AUTHOR), post(AUTHOR, kind=ANNOUNCEMENT)], ids=["discussion", "announcement"]
)
def test_only_must_read_posts_take_receipts(the_post: Post) -> None:
    with refused(Code.PRECONDITION):
        p.mark_read(person(), the_post, None, NOT_A_MEMBER, False)


def test_a_receipt_for_a_post_you_cannot_see_is_not_found() -> None:
    with refused(Code.NOT_FOUND):
        p.mark_read(person(), post(AUTHOR, PRIV, kind=ANNOUNCEMENT, must_read=True), PRIV, NOT_A_MEMBER, False)


def test_reading_in_an_archived_group_is_still_recorded() -> None:
    """Archived is read-only for content, but reading it is what a receipt records."""
    me, grp = person(), group(PRIVATE, archived=True)
    the_post = post(AUTHOR, grp, kind=ANNOUNCEMENT, must_read=True)
    assert p.mark_read(me, the_post, grp, A_MEMBER, False) == [
        ev.PostRead(post_id=the_post.post_id, user_id=me.user_id)
    ]


# ----- who sees the read receipts -----


def must_read_post(grp: Group | None = None, **kw: object) -> Post:
    return post(AUTHOR, grp, kind=ANNOUNCEMENT, must_read=True, **kw)


@pytest.mark.parametrize(
    ("me", "grp", "membership"),
    [
        (AUTHOR, None, NOT_A_MEMBER),
        (AUTHOR, PUB, NOT_A_MEMBER),
        (AUTHOR, PRIV, A_MEMBER),
        (person(), PUB, AN_ADMIN),
        (person(), PRIV, AN_ADMIN),
        (person(), SEC, AN_OWNER),
        (community_manager(), None, NOT_A_MEMBER),
        (community_manager(), PUB, NOT_A_MEMBER),
        (community_manager(), PRIV, A_MEMBER),
    ],
    ids=[
        "author-profile",
        "author-public-left",
        "author-private",
        "admin-public",
        "admin-private",
        "owner-secret",
        "cm-profile",
        "cm-public",
        "cm-private-member",
    ],
)
def test_the_author_group_admins_and_community_managers_see_read_receipts(
    me: Person, grp: Group | None, membership: Membership
) -> None:
    the_post = must_read_post(grp)
    assert p.read_receipts(me, the_post, grp, membership) is the_post


def test_receipts_of_an_archived_group_stay_visible() -> None:
    grp = group(PRIVATE, archived=True)
    the_post = must_read_post(grp)
    assert p.read_receipts(person(), the_post, grp, AN_ADMIN) is the_post


@pytest.mark.parametrize(
    ("me", "grp", "membership"),
    [
        (person(), None, NOT_A_MEMBER),
        (person(leader=True), None, NOT_A_MEMBER),
        (person(), None, AN_ADMIN),
        (person(), PUB, NOT_A_MEMBER),
        (person(), PUB, A_MEMBER),
        (person(), PRIV, A_MEMBER),
        (person(leader=True), SEC, A_MEMBER),
    ],
    ids=[
        "colleague-profile",
        "leader-profile",
        "admin-elsewhere-on-profile",
        "public-stranger",
        "public-member",
        "private-member",
        "secret-leader-member",
    ],
)
def test_readers_do_not_see_who_else_has_read(me: Person, grp: Group | None, membership: Membership) -> None:
    with refused(Code.DENIED):
        p.read_receipts(me, must_read_post(grp), grp, membership)


@pytest.mark.parametrize(
    ("me", "the_post", "grp", "membership"),
    [
        (person(), must_read_post(PRIV), PRIV, NOT_A_MEMBER),
        (person(), must_read_post(PRIV), PRIV, INVITED),
        (community_manager(), must_read_post(PRIV), PRIV, NOT_A_MEMBER),
        (person(), must_read_post(SEC), SEC, NOT_A_MEMBER),
        (community_manager(), must_read_post(SEC), SEC, INVITED),
        (AUTHOR, must_read_post(PRIV), PRIV, NOT_A_MEMBER),
        (AUTHOR, must_read_post(deleted=True), None, NOT_A_MEMBER),
        (community_manager(), must_read_post(published=False), None, NOT_A_MEMBER),
        (AUTHOR, None, None, NOT_A_MEMBER),
    ],
    ids=[
        "private-stranger",
        "private-invitee",
        "private-cm",
        "secret-stranger",
        "secret-cm-invitee",
        "author-left-private",
        "deleted",
        "scheduled-for-cm",
        "unknown-post",
    ],
)
def test_receipts_of_a_post_you_cannot_see_are_not_found(
    me: Person, the_post: Post | None, grp: Group | None, membership: Membership
) -> None:
    with refused(Code.NOT_FOUND):
        p.read_receipts(me, the_post, grp, membership)


def test_the_author_sees_receipts_of_a_scheduled_post() -> None:
    the_post = must_read_post(published=False)
    assert p.read_receipts(AUTHOR, the_post, None, NOT_A_MEMBER) is the_post


@pytest.mark.parametrize(
    ("me", "the_post"),
    [
        (AUTHOR, post(AUTHOR)),
        (AUTHOR, post(AUTHOR, kind=ANNOUNCEMENT)),
        (community_manager(), post(AUTHOR, kind=ANNOUNCEMENT)),
        (person(), post(AUTHOR, kind=POLL, poll_options=2)),
    ],
    ids=["author-discussion", "author-announcement", "cm-announcement", "colleague-poll"],
)
def test_only_must_read_posts_have_receipts(me: Person, the_post: Post) -> None:
    with refused(Code.PRECONDITION):
        p.read_receipts(me, the_post, None, NOT_A_MEMBER)


# ----- polls: votes -----


POLL_POST = post(AUTHOR, kind=POLL, poll_options=3)


@pytest.mark.parametrize(("option", "current"), [(0, None), (2, None), (1, 0), (0, 2)])
def test_a_vote_is_recorded_or_replaced(option: int, current: int | None) -> None:
    me = person()
    assert p.vote(me, POLL_POST, None, NOT_A_MEMBER, option, current) == [
        ev.PollVoted(post_id=POLL_POST.post_id, user_id=me.user_id, option=option)
    ]


def test_the_same_vote_again_changes_nothing() -> None:
    assert p.vote(person(), POLL_POST, None, NOT_A_MEMBER, 1, 1) == []


@pytest.mark.parametrize("option", [-1, 3, 99])
def test_a_vote_outside_the_options_is_invalid(option: int) -> None:
    with refused(Code.INVALID, "option"):
        p.vote(person(), POLL_POST, None, NOT_A_MEMBER, option, None)


@pytest.mark.parametrize("kind", [DISCUSSION, QUESTION, ANNOUNCEMENT, PRAISE])
def test_only_polls_take_votes(kind: int) -> None:
    with refused(Code.PRECONDITION):
        p.vote(person(), post(AUTHOR, kind=kind, poll_options=3), None, NOT_A_MEMBER, 0, None)


def test_no_votes_in_an_archived_group() -> None:
    grp = group(archived=True)
    with refused(Code.PRECONDITION):
        p.vote(person(), post(AUTHOR, grp, kind=POLL, poll_options=3), grp, A_MEMBER, 0, None)


@pytest.mark.parametrize("membership", [NOT_A_MEMBER, REQUESTED, INVITED], ids=["stranger", "requested", "invited"])
def test_whoever_reads_a_public_group_votes_in_it(membership: Membership) -> None:
    """Decision: a public group is open to read for everyone, so everyone votes there (and reacts)."""
    me, poll = person(), post(AUTHOR, PUB, kind=POLL, poll_options=3)
    assert p.vote(me, poll, PUB, membership, 1, None) == [
        ev.PollVoted(post_id=poll.post_id, user_id=me.user_id, option=1)
    ]


@pytest.mark.parametrize(
    ("grp", "membership"),
    [(PRIV, NOT_A_MEMBER), (PRIV, INVITED), (PRIV, REQUESTED), (SEC, NOT_A_MEMBER), (SEC, INVITED)],
)
def test_no_votes_in_a_group_you_cannot_read(grp: Group, membership: Membership) -> None:
    with refused(Code.NOT_FOUND):
        p.vote(person(), post(AUTHOR, grp, kind=POLL, poll_options=3), grp, membership, 0, None)


@pytest.mark.parametrize("grp", [PRIV, SEC])
def test_members_vote_in_their_private_and_secret_groups(grp: Group) -> None:
    me, poll = person(), post(AUTHOR, grp, kind=POLL, poll_options=2)
    assert p.vote(me, poll, grp, A_MEMBER, 0, None) == [ev.PollVoted(post_id=poll.post_id, user_id=me.user_id)]


# ----- accepted answers -----


QUESTION_POST = post(AUTHOR, PUB, kind=QUESTION)


@pytest.mark.parametrize(
    ("me", "membership"),
    [(AUTHOR, NOT_A_MEMBER), (person(), AN_ADMIN), (community_manager(), NOT_A_MEMBER)],
    ids=["asker", "group-admin", "cm"],
)
def test_the_asker_or_a_moderator_accepts_an_answer(me: Person, membership: Membership) -> None:
    bo = person()
    answer = comment(bo)
    assert p.accept_answer(me, QUESTION_POST, PUB, membership, answer) == [
        ev.AnswerAccepted(
            post_id=QUESTION_POST.post_id,
            comment_id=answer.comment_id,
            accepted_by=me.user_id,
            answer_author_id=bo.user_id,
        )
    ]


def test_accepting_the_same_answer_again_changes_nothing_another_replaces_it() -> None:
    first, second = comment(person()), comment(person())
    accepted = dataclasses.replace(QUESTION_POST, accepted_comment_id=first.comment_id)
    assert p.accept_answer(AUTHOR, accepted, PUB, A_MEMBER, first) == []
    [event] = p.accept_answer(AUTHOR, accepted, PUB, A_MEMBER, second)
    assert isinstance(event, ev.AnswerAccepted)
    assert event.comment_id == second.comment_id


def test_a_colleague_may_not_accept_an_answer() -> None:
    with refused(Code.DENIED):
        p.accept_answer(person(), QUESTION_POST, PUB, A_MEMBER, comment(person()))


@pytest.mark.parametrize("kind", [DISCUSSION, ANNOUNCEMENT, POLL, PRAISE])
def test_only_a_question_has_an_answer(kind: int) -> None:
    with refused(Code.PRECONDITION):
        p.accept_answer(AUTHOR, post(AUTHOR, kind=kind), None, NOT_A_MEMBER, comment(person()))


@pytest.mark.parametrize("change", [{"archived": True}, {"merged_into": new_id()}], ids=["archived", "merged"])
@pytest.mark.parametrize(
    ("me", "membership"),
    [(AUTHOR, A_MEMBER), (person(), AN_ADMIN), (community_manager(), A_MEMBER)],
    ids=["asker", "group-admin", "cm"],
)
def test_no_answers_are_accepted_in_an_archived_or_merged_group(
    me: Person, membership: Membership, change: dict[str, object]
) -> None:
    """Decision: an archived group is read-only, so its questions keep the answer they had."""
    grp = group(**change)
    with refused(Code.PRECONDITION):
        p.accept_answer(me, post(AUTHOR, grp, kind=QUESTION), grp, membership, comment(person()))


def test_a_colleague_accepting_in_an_archived_group_is_denied_first() -> None:
    grp = group(archived=True)
    with refused(Code.DENIED):
        p.accept_answer(person(), post(AUTHOR, grp, kind=QUESTION), grp, A_MEMBER, comment(person()))


@pytest.mark.parametrize("answer", [None, comment(VIEWER, deleted=True)], ids=["unknown", "deleted"])
def test_accepting_a_missing_comment_is_not_found(answer: Comment | None) -> None:
    with refused(Code.NOT_FOUND):
        p.accept_answer(AUTHOR, QUESTION_POST, PUB, A_MEMBER, answer)


# ----- comments -----


def test_anyone_comments_on_a_profile_post() -> None:
    me, the_post, comment_id = person(), post(AUTHOR), new_id()
    body = f"  Great! @[Ann]({ANN}) see https://x.example/b, #notatag-in-comments  "
    assert p.add_comment(me, the_post, None, NOT_A_MEMBER, comment_id.upper(), None, "", body, LIMITS) == [
        ev.CommentAdded(
            post_id=the_post.post_id,
            comment_id=comment_id,
            author_id=me.user_id,
            parent_comment_id="",
            body=body.strip(),
            mentioned_user_ids=[ANN],
            links=["https://x.example/b"],
        )
    ]


@pytest.mark.parametrize("visibility", [PUBLIC, PRIVATE, SECRET])
def test_members_comment_in_their_group(visibility: int) -> None:
    me, grp = person(), group(visibility)
    [event] = p.add_comment(me, post(AUTHOR, grp), grp, A_MEMBER, new_id(), None, "", "Yes", LIMITS)
    assert isinstance(event, ev.CommentAdded)
    assert event.author_id == me.user_id


def test_a_non_member_must_join_to_comment_in_a_public_group() -> None:
    with refused(Code.DENIED):
        p.add_comment(person(), post(AUTHOR, PUB), PUB, NOT_A_MEMBER, new_id(), None, "", "Yes", LIMITS)


def test_comments_in_a_private_group_you_are_not_in_are_not_found() -> None:
    with refused(Code.NOT_FOUND):
        p.add_comment(person(), post(AUTHOR, PRIV), PRIV, INVITED, new_id(), None, "", "Yes", LIMITS)


def test_a_reply_attaches_to_the_top_level_comment() -> None:
    top = comment(person())
    reply = comment(person(), parent_comment_id=top.comment_id)
    the_post = post(AUTHOR)
    for parent in (top, reply):
        [event] = p.add_comment(
            person(), the_post, None, NOT_A_MEMBER, new_id(), parent, parent.comment_id, "Me too", LIMITS
        )
        assert isinstance(event, ev.CommentAdded)
        assert event.parent_comment_id == top.comment_id


@pytest.mark.parametrize("parent", [None, comment(VIEWER, deleted=True)], ids=["unknown", "deleted"])
def test_a_reply_to_a_missing_comment_is_not_found(parent: Comment | None) -> None:
    with refused(Code.NOT_FOUND):
        p.add_comment(person(), post(AUTHOR), None, NOT_A_MEMBER, new_id(), parent, new_id(), "Me too", LIMITS)


def test_no_comments_before_the_post_is_published() -> None:
    scheduled = post(AUTHOR, published=False)
    with refused(Code.PRECONDITION):
        p.add_comment(AUTHOR, scheduled, None, NOT_A_MEMBER, new_id(), None, "", "Early", LIMITS)
    with refused(Code.NOT_FOUND):
        p.add_comment(person(), scheduled, None, NOT_A_MEMBER, new_id(), None, "", "Early", LIMITS)


@pytest.mark.parametrize("change", [{"archived": True}, {"merged_into": new_id()}])
def test_no_comments_in_an_archived_or_merged_group(change: dict[str, object]) -> None:
    grp = group(**change)
    with refused(Code.PRECONDITION):
        p.add_comment(person(), post(AUTHOR, grp), grp, A_MEMBER, new_id(), None, "", "Yes", LIMITS)


@pytest.mark.parametrize(
    ("comment_id", "body", "limits", "field"),
    [
        (new_id(), "  ", LIMITS, "body"),
        (new_id(), "x" * 11, Limits(comment_chars=10), "body"),
        (new_id(), "a\x00b", LIMITS, "body"),
        (new_id(), "@[A](" + new_id() + ") @[B](" + new_id() + ")", Limits(mentions=1), "body"),
        ("c1", "fine", LIMITS, "comment_id"),
    ],
    ids=["empty", "too-long", "nul", "too-many-mentions", "bad-id"],
)
def test_an_invalid_comment_names_the_field(comment_id: str, body: str, limits: Limits, field: str) -> None:
    with refused(Code.INVALID, field):
        p.add_comment(person(), post(AUTHOR), None, NOT_A_MEMBER, comment_id, None, "", body, limits)


def test_a_comment_keeps_no_tags_so_an_over_long_one_is_just_text() -> None:
    body = "#" + "a" * 70
    [event] = p.add_comment(person(), post(AUTHOR), None, NOT_A_MEMBER, new_id(), None, "", body, LIMITS)
    assert isinstance(event, ev.CommentAdded)
    assert event.body == body


def test_a_comment_of_the_limit_length_is_fine() -> None:
    [event] = p.add_comment(
        person(), post(AUTHOR), None, NOT_A_MEMBER, new_id(), None, "", "x" * 10, Limits(comment_chars=10)
    )
    assert isinstance(event, ev.CommentAdded)
    assert event.body == "x" * 10


def test_the_author_edits_a_comment() -> None:
    me, the_post = person(), post(AUTHOR)
    mine = comment(me)
    body = f" Fixed @[Ann]({ANN}) http://x.example/c! "
    assert p.edit_comment(me, the_post, None, NOT_A_MEMBER, mine, body, LIMITS) == [
        ev.CommentEdited(
            post_id=the_post.post_id,
            comment_id=mine.comment_id,
            editor_id=me.user_id,
            body=body.strip(),
            mentioned_user_ids=[ANN],
            links=["http://x.example/c"],
        )
    ]


@pytest.mark.parametrize("editor", [AUTHOR, community_manager()], ids=["post-author", "cm"])
def test_only_the_comment_author_edits_it(editor: Person) -> None:
    with refused(Code.DENIED):
        p.edit_comment(editor, post(AUTHOR), None, NOT_A_MEMBER, comment(VIEWER), "new", LIMITS)


@pytest.mark.parametrize("which", [None, comment(VIEWER, deleted=True)], ids=["unknown", "deleted"])
def test_editing_a_missing_comment_is_not_found(which: Comment | None) -> None:
    with refused(Code.NOT_FOUND):
        p.edit_comment(VIEWER, post(AUTHOR), None, NOT_A_MEMBER, which, "new", LIMITS)


def test_comment_edits_in_an_archived_group_and_empty_edits_are_refused() -> None:
    grp = group(archived=True)
    with refused(Code.PRECONDITION):
        p.edit_comment(VIEWER, post(AUTHOR, grp), grp, A_MEMBER, comment(VIEWER), "new", LIMITS)
    with refused(Code.INVALID, "body"):
        p.edit_comment(VIEWER, post(AUTHOR), None, NOT_A_MEMBER, comment(VIEWER), " ", LIMITS)


@pytest.mark.parametrize(
    ("me", "in_group", "membership"),
    [
        (VIEWER, False, NOT_A_MEMBER),
        (person(), True, AN_ADMIN),
        (community_manager(), False, NOT_A_MEMBER),
        (community_manager(), True, NOT_A_MEMBER),
    ],
    ids=["comment-author", "group-admin", "cm-profile", "cm-group"],
)
def test_who_deletes_a_comment(me: Person, in_group: bool, membership: Membership) -> None:
    grp = PUB if in_group else None
    the_post, theirs = post(AUTHOR, grp), comment(VIEWER)
    assert p.delete_comment(me, the_post, grp, membership, theirs) == [
        ev.CommentDeleted(post_id=the_post.post_id, comment_id=theirs.comment_id, deleted_by=me.user_id)
    ]


@pytest.mark.parametrize(
    ("me", "in_group", "membership"),
    [(person(), False, NOT_A_MEMBER), (person(), True, A_MEMBER), (AUTHOR, False, NOT_A_MEMBER)],
    ids=["colleague", "group-member", "post-author"],
)
def test_others_may_not_delete_a_comment(me: Person, in_group: bool, membership: Membership) -> None:
    grp = PUB if in_group else None
    with refused(Code.DENIED):
        p.delete_comment(me, post(AUTHOR, grp), grp, membership, comment(VIEWER))


@pytest.mark.parametrize("which", [None, comment(VIEWER, deleted=True)], ids=["unknown", "deleted"])
def test_deleting_a_missing_comment_is_not_found(which: Comment | None) -> None:
    with refused(Code.NOT_FOUND):
        p.delete_comment(VIEWER, post(AUTHOR), None, NOT_A_MEMBER, which)


# ----- reactions -----


def react(
    me: Person,
    reaction: str,
    current: str = "",
    on: Comment | None = None,
    the_post: Post | None = None,
    grp: Group | None = None,
    membership: Membership = NOT_A_MEMBER,
    limits: Limits = LIMITS,
) -> list[object]:
    return list(
        p.react(
            me,
            the_post or post(AUTHOR),
            grp,
            membership,
            on.comment_id if on else "",
            on,
            reaction,
            current,
            limits,
        )
    )


def test_a_reaction_is_added_changed_and_removed() -> None:
    me, the_post = person(), post(AUTHOR)
    key = {"post_id": the_post.post_id, "comment_id": "", "user_id": me.user_id}
    assert react(me, "like", the_post=the_post) == [ev.ReactionAdded(reaction="like", **key)]
    assert react(me, "love", "like", the_post=the_post) == [
        ev.ReactionRemoved(reaction="like", **key),
        ev.ReactionAdded(reaction="love", **key),
    ]
    assert react(me, "", "love", the_post=the_post) == [ev.ReactionRemoved(reaction="love", **key)]


@pytest.mark.parametrize(("reaction", "current"), [("like", "like"), (" LIKE ", "like"), ("", ""), ("  ", "")])
def test_the_same_reaction_again_changes_nothing(reaction: str, current: str) -> None:
    assert react(person(), reaction, current) == []


def test_a_reaction_is_normalised() -> None:
    me, the_post = person(), post(AUTHOR)
    assert react(me, " Celebrate ", the_post=the_post) == [
        ev.ReactionAdded(post_id=the_post.post_id, user_id=me.user_id, reaction="celebrate")
    ]


@pytest.mark.parametrize("reaction", ["angry", "likes", "👍"])
def test_only_configured_reactions(reaction: str) -> None:
    with refused(Code.INVALID, "reaction"):
        react(person(), reaction)


def test_the_configured_set_replaces_the_default() -> None:
    limits = Limits(reactions=("+1", "heart"))
    assert [type(e) for e in react(person(), "+1", limits=limits)] == [ev.ReactionAdded]
    with refused(Code.INVALID, "reaction"):
        react(person(), "like", limits=limits)


def test_a_reaction_on_a_comment_names_the_comment() -> None:
    me, the_post, theirs = person(), post(AUTHOR), comment(VIEWER)
    key = {"post_id": the_post.post_id, "comment_id": theirs.comment_id, "user_id": me.user_id}
    assert react(me, "insightful", "support", on=theirs, the_post=the_post) == [
        ev.ReactionRemoved(reaction="support", **key),
        ev.ReactionAdded(reaction="insightful", **key),
    ]


@pytest.mark.parametrize("which", [None, comment(VIEWER, deleted=True)], ids=["unknown", "deleted"])
def test_a_reaction_on_a_missing_comment_is_not_found(which: Comment | None) -> None:
    with refused(Code.NOT_FOUND):
        p.react(person(), post(AUTHOR), None, NOT_A_MEMBER, new_id(), which, "like", "", LIMITS)


@pytest.mark.parametrize("change", [{"archived": True}, {"merged_into": new_id()}])
def test_no_reactions_in_an_archived_or_merged_group(change: dict[str, object]) -> None:
    grp = group(**change)
    with refused(Code.PRECONDITION):
        react(person(), "like", the_post=post(AUTHOR, grp), grp=grp, membership=A_MEMBER)


def test_reactions_on_a_post_you_cannot_see_are_not_found() -> None:
    with refused(Code.NOT_FOUND):
        react(person(), "like", the_post=post(AUTHOR, SEC), grp=SEC, membership=INVITED)


@pytest.mark.parametrize(
    ("grp", "membership"),
    [(PRIV, NOT_A_MEMBER), (PRIV, INVITED), (PRIV, REQUESTED), (SEC, NOT_A_MEMBER)],
)
def test_no_reactions_in_a_group_you_cannot_read(grp: Group, membership: Membership) -> None:
    with refused(Code.NOT_FOUND):
        react(person(), "like", the_post=post(AUTHOR, grp), grp=grp, membership=membership)


@pytest.mark.parametrize("membership", [NOT_A_MEMBER, REQUESTED, INVITED], ids=["stranger", "requested", "invited"])
def test_whoever_reads_a_public_group_reacts_in_it(membership: Membership) -> None:
    """Decision: reacting needs no membership where reading needs none (commenting does, see above)."""
    me, the_post, theirs = person(), post(AUTHOR, PUB), comment(VIEWER)
    assert react(me, "like", the_post=the_post, grp=PUB, membership=membership) == [
        ev.ReactionAdded(post_id=the_post.post_id, user_id=me.user_id, reaction="like")
    ]
    assert react(me, "support", on=theirs, the_post=the_post, grp=PUB, membership=membership) == [
        ev.ReactionAdded(post_id=the_post.post_id, comment_id=theirs.comment_id, user_id=me.user_id, reaction="support")
    ]


# ----- unknown and deactivated actors -----


def _calls() -> dict[str, Callable[[Person | None], object]]:
    mine, grp = post(AUTHOR, PUB), PUB
    question, poll = post(AUTHOR, kind=QUESTION), post(AUTHOR, kind=POLL, poll_options=2)
    must_read = post(AUTHOR, kind=ANNOUNCEMENT, must_read=True)
    return {
        "create": lambda a: p.create_post(a, None, NOT_A_MEMBER, new_post(), LIMITS, NOW, set()),
        "edit": lambda a: p.edit_post(a, mine, grp, AN_OWNER, "new", 0, LIMITS),
        "delete": lambda a: p.delete_post(a, mine, grp, AN_OWNER),
        "pin": lambda a: p.pin(a, mine, grp, AN_OWNER, True),
        "mark_read": lambda a: p.mark_read(a, must_read, None, NOT_A_MEMBER, False),
        "vote": lambda a: p.vote(a, poll, None, NOT_A_MEMBER, 0, None),
        "accept": lambda a: p.accept_answer(a, question, None, NOT_A_MEMBER, comment(VIEWER)),
        "comment": lambda a: p.add_comment(a, mine, grp, AN_OWNER, new_id(), None, "", "Yes", LIMITS),
        "edit_comment": lambda a: p.edit_comment(a, mine, grp, AN_OWNER, comment(AUTHOR), "new", LIMITS),
        "delete_comment": lambda a: p.delete_comment(a, mine, grp, AN_OWNER, comment(AUTHOR)),
        "react": lambda a: p.react(a, mine, grp, AN_OWNER, "", None, "like", "", LIMITS),
        "read_receipts": lambda a: p.read_receipts(a, must_read, None, NOT_A_MEMBER),
    }


CALLS = _calls()


@pytest.mark.parametrize("actor", [None, deactivated(AUTHOR)], ids=["unknown", "deactivated-author"])
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_an_unknown_or_deactivated_actor_is_denied(
    actor: Person | None, call: Callable[[Person | None], object]
) -> None:
    with refused(Code.DENIED):
        call(actor)


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_the_same_calls_succeed_for_the_active_author(call: Callable[[Person | None], object]) -> None:
    assert call(AUTHOR) != []
