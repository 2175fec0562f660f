"""Who notify tells about which event, why, and under which key: the model and the pure rules."""

from __future__ import annotations

import pytest

from kantine.v1 import events_pb2 as ev
from services.notify.domain import rules
from services.notify.domain.model import CATEGORY, Category, Draft, Kind, Level, Reason
from services.notify.domain.preferences import BUILT_IN, IMMEDIATE_EMAIL
from services.notify.domain.rules import PostFacts

ANNA, BO, CARL, DINA, EVA = "anna", "bo", "carl", "dina", "eva"
POST, GROUP, COMMENT, PARENT = "p1", "g1", "c1", "c0"


def _post(**kw: object) -> PostFacts:
    return PostFacts(**{"post_id": POST, "author_id": ANNA, **kw})  # type: ignore[arg-type]


def _by_recipient(drafts: list[Draft]) -> dict[str, Draft]:
    recipients = [d.recipient for d in drafts]
    assert len(recipients) == len(set(recipients)), f"someone is told twice: {recipients}"
    return {d.recipient: d for d in drafts}


# ----- the model -----


def test_every_kind_belongs_to_a_category() -> None:
    assert set(CATEGORY) == set(Kind)
    assert {Draft(ANNA, k, "k", Reason.YOU).category for k in Kind} == set(Category)


@pytest.mark.parametrize(
    ("kind", "category"),
    [
        (Kind.COMMENT, Category.REPLIES),
        (Kind.ANSWER, Category.REPLIES),
        (Kind.REPLY, Category.REPLIES),
        (Kind.MENTION, Category.MENTIONS),
        (Kind.REACTION, Category.REACTIONS),
        (Kind.PRAISE, Category.RECOGNITION),
        (Kind.ANSWER_ACCEPTED, Category.RECOGNITION),
        (Kind.BADGE, Category.RECOGNITION),
        (Kind.LEVEL, Category.RECOGNITION),
        (Kind.ANNOUNCEMENT, Category.ANNOUNCEMENTS),
        (Kind.GROUP_POST, Category.GROUP_POSTS),
        (Kind.FOLLOWED_POST, Category.FOLLOWS),
        (Kind.NEW_FOLLOWER, Category.FOLLOWS),
        (Kind.JOIN_REQUEST, Category.GROUPS),
        (Kind.JOIN_APPROVED, Category.GROUPS),
        (Kind.INVITED, Category.GROUPS),
    ],
)
def test_a_kind_is_switched_on_and_off_with_its_category(kind: Kind, category: Category) -> None:
    assert Draft(ANNA, kind, "k", Reason.YOU).category is category


def test_category_ids_are_stable_because_they_travel_in_events_and_links() -> None:
    assert [c.value for c in Category] == [
        "replies",
        "mentions",
        "reactions",
        "recognition",
        "announcements",
        "group_posts",
        "follows",
        "groups",
    ]


def test_only_piling_up_kinds_consolidate() -> None:
    assert {k for k in Kind if Draft(ANNA, k, "k", Reason.YOU).consolidated} == {
        Kind.COMMENT,
        Kind.ANSWER,
        Kind.REPLY,
        Kind.REACTION,
        Kind.NEW_FOLLOWER,
        Kind.JOIN_REQUEST,
    }


def test_praise_outranks_a_mention_which_outranks_an_announcement_then_follows_then_group_posts() -> None:
    def priority(kind: Kind) -> int:
        return Draft(ANNA, kind, "k", Reason.YOU).priority

    order = [Kind.PRAISE, Kind.MENTION, Kind.ANNOUNCEMENT, Kind.COMMENT, Kind.FOLLOWED_POST, Kind.GROUP_POST]
    assert [priority(k) for k in order] == sorted((priority(k) for k in order), reverse=True)
    assert len({priority(k) for k in order}) == len(order)


@pytest.mark.parametrize(
    "kind", [Kind.COMMENT, Kind.REPLY, Kind.REACTION, Kind.BADGE, Kind.NEW_FOLLOWER, Kind.JOIN_REQUEST]
)
def test_kinds_without_a_rank_sit_between_an_announcement_and_a_followed_post(kind: Kind) -> None:
    priority = Draft(ANNA, kind, "k", Reason.YOU).priority
    assert Draft(ANNA, Kind.FOLLOWED_POST, "k", Reason.YOU).priority < priority
    assert priority < Draft(ANNA, Kind.ANNOUNCEMENT, "k", Reason.YOU).priority


def test_a_draft_is_not_emailed_at_once_unless_asked() -> None:
    draft = Draft(ANNA, Kind.COMMENT, "k", Reason.YOUR_POST)
    assert draft.email is False
    assert draft.subject == ""


def test_every_kind_worth_an_email_at_once_is_in_a_category_that_may_be_emailed_at_once() -> None:
    assert {CATEGORY[k] for k in rules.EMAIL_AT_ONCE | {Kind.ANNOUNCEMENT}} <= IMMEDIATE_EMAIL


def test_every_kind_worth_an_email_at_once_is_emailed_by_default() -> None:
    for kind in rules.EMAIL_AT_ONCE:
        assert BUILT_IN.channels[CATEGORY[kind]].email, kind


# ----- one per person -----


def test_one_per_person_keeps_the_strongest_reason() -> None:
    follow = Draft(BO, Kind.FOLLOWED_POST, "post:p1", Reason.FOLLOW_PERSON, ANNA)
    mention = Draft(BO, Kind.MENTION, "post:p1", Reason.MENTIONED, email=True)
    group = Draft(BO, Kind.GROUP_POST, "post:p1", Reason.MEMBER, GROUP)
    assert rules.one_per_person([follow, mention, group]) == [mention]
    assert rules.one_per_person([group, follow]) == [follow]


def test_one_per_person_keeps_the_first_of_equal_reasons() -> None:
    by_person = Draft(BO, Kind.FOLLOWED_POST, "post:p1", Reason.FOLLOW_PERSON, ANNA)
    by_tag = Draft(BO, Kind.FOLLOWED_POST, "post:p1", Reason.FOLLOW_TAG, "onboarding")
    assert rules.one_per_person([by_person, by_tag]) == [by_person]
    assert rules.one_per_person([by_tag, by_person]) == [by_tag]


def test_one_per_person_keeps_everyone_else() -> None:
    drafts = [Draft(u, Kind.MENTION, "k", Reason.MENTIONED) for u in (BO, CARL, DINA)]
    assert rules.one_per_person(drafts) == drafts
    assert rules.one_per_person([]) == []


# ----- a new post -----


def test_post_key_makes_everything_about_one_post_one_notification() -> None:
    assert rules.post_key("p1") == "post:p1"


def test_people_named_in_a_new_post_are_told_they_were_mentioned_by_email() -> None:
    drafts = rules.post_published(_post(mentions=(BO, CARL)))
    assert drafts == [
        Draft(BO, Kind.MENTION, "post:p1", Reason.MENTIONED, email=True),
        Draft(CARL, Kind.MENTION, "post:p1", Reason.MENTIONED, email=True),
    ]
    assert {d.category for d in drafts} == {Category.MENTIONS}


def test_someone_mentioned_twice_in_a_post_is_told_once() -> None:
    assert [d.recipient for d in rules.post_published(_post(mentions=(BO, BO)))] == [BO]


def test_the_author_is_never_told_about_their_own_post() -> None:
    post = _post(kind=ev.POST_KIND_PRAISE, mentions=(ANNA, BO), praised=(ANNA,), tags=("x",))
    drafts = rules.post_published(post, followers=[ANNA], tag_followers={"x": [ANNA]})
    assert ANNA not in {d.recipient for d in drafts}


def test_the_praised_in_a_praise_post_are_told_as_recognition_by_email() -> None:
    drafts = rules.post_published(_post(kind=ev.POST_KIND_PRAISE, praised=(BO,)))
    assert drafts == [Draft(BO, Kind.PRAISE, "post:p1", Reason.PRAISED, email=True)]
    assert drafts[0].category is Category.RECOGNITION


@pytest.mark.parametrize("kind", [ev.POST_KIND_DISCUSSION, ev.POST_KIND_QUESTION, ev.POST_KIND_ANNOUNCEMENT])
def test_praised_people_on_a_post_that_is_not_praise_are_not_told_of_praise(kind: int) -> None:
    assert rules.post_published(_post(kind=kind, praised=(BO,))) == []


def test_followers_of_the_author_are_told_because_they_follow_the_author_without_email() -> None:
    drafts = rules.post_published(_post(), followers=[BO, CARL])
    assert drafts == [
        Draft(BO, Kind.FOLLOWED_POST, "post:p1", Reason.FOLLOW_PERSON, ANNA),
        Draft(CARL, Kind.FOLLOWED_POST, "post:p1", Reason.FOLLOW_PERSON, ANNA),
    ]
    assert all(d.category is Category.FOLLOWS for d in drafts)


def test_followers_of_a_tag_are_told_because_they_follow_that_tag() -> None:
    drafts = rules.post_published(_post(tags=("onboarding",)), tag_followers={"onboarding": [BO]})
    assert drafts == [Draft(BO, Kind.FOLLOWED_POST, "post:p1", Reason.FOLLOW_TAG, "onboarding")]


def test_someone_following_the_author_and_two_tags_is_told_once_because_of_the_author() -> None:
    drafts = rules.post_published(
        _post(tags=("a", "b")), followers=[BO], tag_followers={"a": [BO, CARL], "b": [BO, CARL]}
    )
    by = _by_recipient(drafts)
    assert by[BO].reason is Reason.FOLLOW_PERSON and by[BO].subject == ANNA
    assert by[CARL].reason is Reason.FOLLOW_TAG and by[CARL].subject == "a"


def test_a_follower_who_is_also_mentioned_is_told_once_as_mentioned() -> None:
    drafts = rules.post_published(_post(mentions=(BO,)), followers=[BO], tag_followers={"t": [BO]})
    assert drafts == [Draft(BO, Kind.MENTION, "post:p1", Reason.MENTIONED, email=True)]


def test_a_follower_who_is_praised_is_told_once_as_praised() -> None:
    drafts = rules.post_published(_post(kind=ev.POST_KIND_PRAISE, praised=(BO,)), followers=[BO])
    assert drafts == [Draft(BO, Kind.PRAISE, "post:p1", Reason.PRAISED, email=True)]


def test_someone_both_mentioned_and_praised_is_told_once_of_the_praise() -> None:
    drafts = rules.post_published(_post(kind=ev.POST_KIND_PRAISE, mentions=(BO,), praised=(BO,)))
    assert len(drafts) == 1
    assert drafts[0].kind is Kind.PRAISE  # the praise is the news, and its category is recognition


def test_a_post_nobody_follows_or_is_named_in_tells_nobody_directly() -> None:
    assert rules.post_published(_post(group_id=GROUP, tags=("x",))) == []


def test_every_draft_about_a_new_post_shares_the_post_key() -> None:
    post = _post(kind=ev.POST_KIND_PRAISE, mentions=(BO,), praised=(CARL,), tags=("t",))
    drafts = rules.post_published(post, followers=[DINA], tag_followers={"t": [EVA]})
    assert {d.key for d in drafts} == {"post:p1"}
    assert {d.recipient for d in drafts} == {BO, CARL, DINA, EVA}


# ----- the post's audience -----


def test_a_discussion_on_a_profile_has_no_audience_beyond_followers() -> None:
    assert rules.fanout(_post()) is None


def test_an_ordinary_announcement_on_a_profile_has_no_audience_beyond_followers() -> None:
    assert rules.fanout(_post(kind=ev.POST_KIND_ANNOUNCEMENT)) is None


def test_a_must_read_announcement_on_a_profile_reaches_everyone_at_every_level_by_email() -> None:
    spec = rules.fanout(_post(kind=ev.POST_KIND_ANNOUNCEMENT, must_read=True))
    assert spec == rules.Fanout(Kind.ANNOUNCEMENT, Reason.EVERYONE, frozenset(Level), email=True, everyone=True)


def test_a_discussion_by_a_non_leader_reaches_only_members_at_level_all() -> None:
    spec = rules.fanout(_post(group_id=GROUP))
    assert spec == rules.Fanout(Kind.GROUP_POST, Reason.MEMBER, frozenset({Level.ALL}), email=False)


def test_a_leaders_post_reaches_members_at_highlights_level() -> None:
    spec = rules.fanout(_post(group_id=GROUP, author_leader=True))
    assert spec is not None
    assert spec.levels == {Level.ALL, Level.HIGHLIGHTS}
    assert spec.kind is Kind.GROUP_POST and not spec.email


def test_a_question_reaches_members_at_highlights_level() -> None:
    spec = rules.fanout(_post(group_id=GROUP, kind=ev.POST_KIND_QUESTION))
    assert spec is not None and spec.levels == {Level.ALL, Level.HIGHLIGHTS}


@pytest.mark.parametrize("kind", [ev.POST_KIND_DISCUSSION, ev.POST_KIND_PRAISE, ev.POST_KIND_POLL])
def test_other_posts_by_non_leaders_do_not_reach_highlights(kind: int) -> None:
    spec = rules.fanout(_post(group_id=GROUP, kind=kind))
    assert spec is not None and spec.levels == {Level.ALL}
    assert spec.kind is Kind.GROUP_POST


def test_a_group_announcement_reaches_highlights_but_not_muted_and_is_not_emailed_at_once() -> None:
    spec = rules.fanout(_post(group_id=GROUP, kind=ev.POST_KIND_ANNOUNCEMENT))
    assert spec == rules.Fanout(Kind.ANNOUNCEMENT, Reason.MEMBER, frozenset({Level.ALL, Level.HIGHLIGHTS}), False)
    assert not spec.everyone


def test_a_must_read_group_announcement_reaches_even_muted_members_by_email() -> None:
    spec = rules.fanout(_post(group_id=GROUP, kind=ev.POST_KIND_ANNOUNCEMENT, must_read=True))
    assert spec == rules.Fanout(Kind.ANNOUNCEMENT, Reason.MEMBER, frozenset(Level), email=True)
    assert not spec.everyone


def test_nobody_in_a_group_is_reached_at_muted_level_without_must_read() -> None:
    for kind in (ev.POST_KIND_DISCUSSION, ev.POST_KIND_QUESTION, ev.POST_KIND_ANNOUNCEMENT):
        spec = rules.fanout(_post(group_id=GROUP, kind=kind, author_leader=True))
        assert spec is not None and Level.MUTED not in spec.levels


def test_a_fanout_draft_names_the_group_and_shares_the_post_key() -> None:
    spec = rules.fanout(_post(group_id=GROUP, kind=ev.POST_KIND_ANNOUNCEMENT, must_read=True))
    assert spec is not None
    assert spec.draft(BO, POST, GROUP) == Draft(BO, Kind.ANNOUNCEMENT, "post:p1", Reason.MEMBER, GROUP, True)


def test_a_member_also_mentioned_keeps_the_mention_because_it_outranks_the_group_post() -> None:
    spec = rules.fanout(_post(group_id=GROUP))
    assert spec is not None
    member = spec.draft(BO, POST, GROUP)
    (mention,) = rules.post_published(_post(group_id=GROUP, mentions=(BO,)))
    assert member.key == mention.key
    assert rules.one_per_person([member, mention]) == [mention]


# ----- an edited post -----


def test_an_edit_tells_only_the_newly_mentioned() -> None:
    drafts = rules.post_edited(_post(mentions=(BO, CARL, DINA)), before=[BO], editor_id=ANNA)
    assert drafts == [
        Draft(CARL, Kind.MENTION, "post:p1", Reason.MENTIONED, email=True),
        Draft(DINA, Kind.MENTION, "post:p1", Reason.MENTIONED, email=True),
    ]


def test_an_edit_that_mentions_nobody_new_tells_nobody() -> None:
    assert rules.post_edited(_post(mentions=(BO,)), before=[BO, CARL], editor_id=ANNA) == []


def test_an_edit_never_tells_the_editor_nor_the_author() -> None:
    drafts = rules.post_edited(_post(mentions=(ANNA, EVA, BO, BO)), before=[], editor_id=EVA)
    assert drafts == [Draft(BO, Kind.MENTION, "post:p1", Reason.MENTIONED, email=True)]


# ----- comments -----


def test_a_comment_on_my_post_tells_me_in_replies_keyed_by_the_post_so_later_comments_consolidate() -> None:
    drafts = rules.comment_added(_post(group_id=GROUP), comment_id=COMMENT, author_id=BO)
    assert drafts == [Draft(ANNA, Kind.COMMENT, "comments:p1", Reason.YOUR_POST, email=True)]
    assert drafts[0].category is Category.REPLIES and drafts[0].consolidated
    later = rules.comment_added(_post(group_id=GROUP), comment_id="c2", author_id=CARL)
    assert later[0].key == drafts[0].key


def test_a_comment_on_my_question_is_an_answer_in_replies_keyed_so_later_comments_consolidate() -> None:
    drafts = rules.comment_added(_post(kind=ev.POST_KIND_QUESTION), comment_id=COMMENT, author_id=BO)
    assert drafts == [Draft(ANNA, Kind.ANSWER, "comments:p1", Reason.YOUR_POST, email=True)]
    assert drafts[0].category is Category.REPLIES and drafts[0].consolidated


def test_my_own_comment_on_my_post_tells_nobody() -> None:
    assert rules.comment_added(_post(), comment_id=COMMENT, author_id=ANNA) == []


def test_a_reply_to_my_comment_on_someone_elses_post_tells_me_and_the_post_author() -> None:
    drafts = rules.comment_added(
        _post(), comment_id=COMMENT, author_id=CARL, parent_author_id=BO, parent_comment_id=PARENT
    )
    by = _by_recipient(drafts)
    assert by[ANNA] == Draft(ANNA, Kind.COMMENT, "comments:p1", Reason.YOUR_POST, email=True)
    assert by[BO] == Draft(BO, Kind.REPLY, "replies:c0", Reason.YOUR_COMMENT, email=True)
    assert by[BO].category is Category.REPLIES and by[BO].consolidated


def test_a_reply_to_my_comment_on_my_own_post_tells_me_once() -> None:
    drafts = rules.comment_added(
        _post(), comment_id=COMMENT, author_id=BO, parent_author_id=ANNA, parent_comment_id=PARENT
    )
    assert drafts == [Draft(ANNA, Kind.COMMENT, "comments:p1", Reason.YOUR_POST, email=True)]


def test_replying_to_my_own_comment_tells_only_the_post_author() -> None:
    drafts = rules.comment_added(
        _post(), comment_id=COMMENT, author_id=BO, parent_author_id=BO, parent_comment_id=PARENT
    )
    assert [d.recipient for d in drafts] == [ANNA]


def test_the_post_author_replying_to_a_comment_tells_the_comment_author_only() -> None:
    drafts = rules.comment_added(
        _post(), comment_id=COMMENT, author_id=ANNA, parent_author_id=BO, parent_comment_id=PARENT
    )
    assert drafts == [Draft(BO, Kind.REPLY, "replies:c0", Reason.YOUR_COMMENT, email=True)]


def test_people_mentioned_in_a_comment_are_told_keyed_by_the_comment() -> None:
    drafts = rules.comment_added(_post(), comment_id=COMMENT, author_id=BO, mentions=[CARL, DINA, CARL])
    by = _by_recipient(drafts)
    assert set(by) == {ANNA, CARL, DINA}
    assert by[CARL] == Draft(CARL, Kind.MENTION, "mention:c1", Reason.MENTIONED, email=True)
    assert not by[CARL].consolidated


def test_someone_mentioned_in_a_comment_who_is_also_the_post_author_gets_one_notification() -> None:
    drafts = rules.comment_added(_post(), comment_id=COMMENT, author_id=BO, mentions=[ANNA])
    assert drafts == [Draft(ANNA, Kind.COMMENT, "comments:p1", Reason.YOUR_POST, email=True)]


def test_someone_mentioned_in_a_reply_to_their_own_comment_is_told_once_as_replied_to() -> None:
    drafts = rules.comment_added(
        _post(), comment_id=COMMENT, author_id=CARL, parent_author_id=BO, parent_comment_id=PARENT, mentions=[BO]
    )
    assert _by_recipient(drafts)[BO].kind is Kind.REPLY


def test_mentioning_myself_in_my_comment_tells_me_nothing() -> None:
    assert rules.comment_added(_post(), comment_id=COMMENT, author_id=ANNA, mentions=[ANNA]) == []


def test_the_post_author_mentioned_in_their_own_comment_is_not_told() -> None:
    drafts = rules.comment_added(_post(), comment_id=COMMENT, author_id=ANNA, mentions=[ANNA, BO])
    assert [d.recipient for d in drafts] == [BO]


def test_an_edited_comment_tells_only_the_newly_mentioned() -> None:
    drafts = rules.comment_edited(COMMENT, BO, before=[CARL], after=[CARL, DINA, DINA, BO])
    assert drafts == [Draft(DINA, Kind.MENTION, "mention:c1", Reason.MENTIONED, email=True)]


def test_an_edited_comment_mentioning_nobody_new_tells_nobody() -> None:
    assert rules.comment_edited(COMMENT, BO, before=[CARL, DINA], after=[DINA]) == []


# ----- reactions, accepted answers -----


def test_a_reaction_to_my_post_piles_up_on_one_notification_without_email() -> None:
    drafts = rules.reaction_added(ANNA, BO, POST)
    assert drafts == [Draft(ANNA, Kind.REACTION, "reactions:p1", Reason.YOUR_POST)]
    assert drafts[0].consolidated and drafts[0].category is Category.REACTIONS and not drafts[0].email


def test_a_reaction_to_my_comment_is_keyed_by_the_comment() -> None:
    drafts = rules.reaction_added(BO, CARL, POST, COMMENT)
    assert drafts == [Draft(BO, Kind.REACTION, "reactions:c1", Reason.YOUR_COMMENT)]
    assert rules.reaction_key(POST, COMMENT) == "reactions:c1"
    assert rules.reaction_key(POST) == "reactions:p1"


@pytest.mark.parametrize("target", [ANNA, ""])
def test_reacting_to_my_own_post_or_to_something_without_an_author_tells_nobody(target: str) -> None:
    assert rules.reaction_added(target, ANNA, POST) == []
    assert rules.reaction_added(target, ANNA, POST, COMMENT) == []


def test_my_answer_accepted_is_recognition_by_email() -> None:
    drafts = rules.answer_accepted(BO, ANNA, COMMENT)
    assert drafts == [Draft(BO, Kind.ANSWER_ACCEPTED, "accepted:c1", Reason.YOUR_COMMENT, email=True)]
    assert drafts[0].category is Category.RECOGNITION and not drafts[0].consolidated


@pytest.mark.parametrize("author", [ANNA, ""])
def test_accepting_my_own_answer_or_one_without_an_author_tells_nobody(author: str) -> None:
    assert rules.answer_accepted(author, ANNA, COMMENT) == []


# ----- groups and people -----


def test_a_join_request_tells_each_admin_once_but_not_the_requester() -> None:
    drafts = rules.join_requested([ANNA, BO, ANNA, CARL], CARL, GROUP)
    assert drafts == [
        Draft(ANNA, Kind.JOIN_REQUEST, "join_requests:g1", Reason.GROUP_ADMIN, GROUP),
        Draft(BO, Kind.JOIN_REQUEST, "join_requests:g1", Reason.GROUP_ADMIN, GROUP),
    ]
    assert all(d.consolidated and d.category is Category.GROUPS and not d.email for d in drafts)


def test_a_group_without_admins_tells_nobody_of_a_join_request() -> None:
    assert rules.join_requested([], BO, GROUP) == []


def test_my_approved_request_tells_me() -> None:
    assert rules.join_approved(BO, GROUP) == [Draft(BO, Kind.JOIN_APPROVED, "joined:g1", Reason.YOUR_REQUEST, GROUP)]


def test_an_invitation_tells_the_invited() -> None:
    drafts = rules.invited(BO, ANNA, GROUP)
    assert drafts == [Draft(BO, Kind.INVITED, "invited:g1", Reason.INVITATION, GROUP)]
    assert drafts[0].category is Category.GROUPS


def test_inviting_myself_tells_nobody() -> None:
    assert rules.invited(ANNA, ANNA, GROUP) == []


def test_new_followers_pile_up_on_one_notification() -> None:
    first, second = rules.followed(ANNA, BO), rules.followed(ANNA, CARL)
    assert first == [Draft(ANNA, Kind.NEW_FOLLOWER, "followers", Reason.YOU)]
    assert first[0].key == second[0].key and first[0].consolidated
    assert first[0].category is Category.FOLLOWS


@pytest.mark.parametrize("followee", [BO, ""])
def test_following_myself_or_nobody_tells_nobody(followee: str) -> None:
    assert rules.followed(followee, BO) == []


# ----- badges and levels -----


def test_a_badge_tells_its_owner_as_recognition_by_email() -> None:
    drafts = rules.badge_awarded(ev.BadgeAwarded(user_id=BO, badge_id="helper"))
    assert drafts == [Draft(BO, Kind.BADGE, "badge:helper", Reason.YOU, email=True)]
    assert drafts[0].category is Category.RECOGNITION


def test_each_tier_of_a_badge_is_its_own_notification() -> None:
    (gold,) = rules.badge_awarded(ev.BadgeAwarded(user_id=BO, badge_id="helper", tier="gold"))
    (silver,) = rules.badge_awarded(ev.BadgeAwarded(user_id=BO, badge_id="helper", tier="silver"))
    assert gold.key == "badge:helper:gold"
    assert gold.key != silver.key


def test_a_level_reached_tells_its_owner_keyed_by_the_level() -> None:
    drafts = rules.level_reached(ev.LevelReached(user_id=BO, level=3))
    assert drafts == [Draft(BO, Kind.LEVEL, "level:3", Reason.YOU, email=True)]


def test_backfilled_badges_and_levels_tell_nobody() -> None:
    assert rules.badge_awarded(ev.BadgeAwarded(user_id=BO, badge_id="helper", backfilled=True)) == []
    assert rules.level_reached(ev.LevelReached(user_id=BO, level=3, backfilled=True)) == []


def test_badges_and_levels_without_a_person_tell_nobody() -> None:
    assert rules.badge_awarded(ev.BadgeAwarded(badge_id="helper")) == []
    assert rules.level_reached(ev.LevelReached(level=3)) == []
