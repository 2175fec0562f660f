"""What notify says: every kind, reason and category in every locale, and the two e-mails."""

from __future__ import annotations

import dataclasses
import html
import string
from typing import Any

import pytest

from services.notify.domain.model import Category, Digest, Kind, Reason
from services.notify.messages import (
    DIGEST_MAX_ITEMS,
    EN,
    LOCALES,
    TABLES,
    DigestItem,
    Email,
    category_label,
    digest_email,
    locale_of,
    notification_email,
    notification_text,
    reason_text,
)

ANNA = "Anna Berg"
PER = "Per Lund"
SUBJECT_REASONS = {Reason.FOLLOW_PERSON, Reason.FOLLOW_TAG, Reason.MEMBER, Reason.GROUP_ADMIN}
NO_ACTORS = {Kind.JOIN_APPROVED, Kind.BADGE, Kind.LEVEL}
LINK = "https://kantine.example/posts/42?from=email&n=7"
UNSUBSCRIBE = "https://kantine.example/unsubscribe/tok3n"
SETTINGS = "https://kantine.example/settings/notifications"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# ----- the tables -----


def test_there_is_a_table_for_every_locale() -> None:
    assert set(TABLES) == set(LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_table_has_exactly_the_english_keys_and_placeholders(locale: str) -> None:
    table = TABLES[locale]
    assert set(table) == set(EN)
    wrong = {key: text for key, text in table.items() if _placeholders(text) != _placeholders(EN[key])}
    assert not wrong


@pytest.mark.parametrize("locale", ["da", "nb", "sv", "nl"])
@pytest.mark.parametrize(
    "key", ["kind.comment.one", "reason.your_post", "category.follows", "email.open", "digest.title.weekly"]
)
def test_translations_are_not_english(locale: str, key: str) -> None:
    assert TABLES[locale][key] != EN[key]


# ----- locale_of -----


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("da", "da"),
        ("da-DK", "da"),
        ("DA_dk", "da"),
        ("no", "nb"),
        ("nn", "nb"),
        ("nb", "nb"),
        ("nb-NO", "nb"),
        ("nn_NO", "nb"),
        ("sv", "sv"),
        ("sv-SE", "sv"),
        ("sv_FI", "sv"),
        ("nl", "nl"),
        ("nl-BE", "nl"),
        ("NL-nl", "nl"),
        ("", "en"),
        ("de-DE", "en"),
        ("xx", "en"),
    ],
)
def test_locale_of(tag: str, locale: str) -> None:
    assert locale_of(tag) == locale


def test_unknown_locales_read_english() -> None:
    assert notification_text("fr-FR", Kind.MENTION, [ANNA], 1) == "Anna Berg mentioned you"
    assert reason_text("", Reason.YOU) == "because it is about you"
    assert category_label("de", Category.MENTIONS) == "Mentions"


# ----- notification_text -----


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_renders_in_every_locale(locale: str, kind: Kind) -> None:
    for names, count in [([ANNA], 1), ([ANNA, PER], 2), ([ANNA, PER], 5)]:
        text = notification_text(locale, kind, names, count, group_name="Fika", detail="Helper")
        assert text
        assert "{" not in text and "}" not in text
        if kind not in NO_ACTORS:
            assert ANNA in text
            assert (PER in text) == (count == 2)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_renders_without_actors_or_group(locale: str, kind: Kind) -> None:
    text = notification_text(locale, kind, [], 0)
    assert text
    assert "{" not in text
    assert not text.endswith(" ")


def test_english_sentences() -> None:
    assert notification_text("en", Kind.COMMENT, [ANNA], 1) == "Anna Berg commented on your post"
    assert notification_text("en", Kind.ANSWER, [ANNA, PER], 2) == "Anna Berg and Per Lund answered your question"
    assert notification_text("en", Kind.REACTION, [ANNA], 5) == "Anna Berg and 4 others reacted to your post"
    assert notification_text("en", Kind.REACTION, [ANNA], 1, detail="comment") == "Anna Berg reacted to your comment"
    assert notification_text("en", Kind.ANNOUNCEMENT, [ANNA], 1, group_name="HR") == (
        "Anna Berg posted an announcement in HR"
    )
    assert notification_text("en", Kind.ANNOUNCEMENT, [ANNA], 1) == "Anna Berg posted an announcement for everyone"
    assert notification_text("en", Kind.GROUP_POST, [ANNA], 1, group_name="Fika") == "Anna Berg posted in Fika"
    assert notification_text("en", Kind.GROUP_POST, [ANNA], 1) == "Anna Berg posted"
    assert notification_text("en", Kind.FOLLOWED_POST, [ANNA], 1) == "Anna Berg posted"
    assert notification_text("en", Kind.FOLLOWED_POST, [ANNA], 1, group_name="Fika") == "Anna Berg posted in Fika"
    assert notification_text("en", Kind.JOIN_APPROVED, [], 0, group_name="Fika") == "You are now a member of Fika"
    assert notification_text("en", Kind.BADGE, [], 0, detail="Helper") == "You earned the badge Helper"
    assert notification_text("en", Kind.LEVEL, [], 0, detail="Level 3") == "You reached Level 3"


def test_actors_count_the_others() -> None:
    assert notification_text("en", Kind.NEW_FOLLOWER, [ANNA, PER], 5).startswith("Anna Berg and 4 others ")
    assert notification_text("en", Kind.NEW_FOLLOWER, [ANNA], 2) == "Anna Berg and 1 other started following you"
    assert notification_text("en", Kind.NEW_FOLLOWER, [ANNA, PER], 2).startswith("Anna Berg and Per Lund ")
    assert notification_text("en", Kind.NEW_FOLLOWER, [ANNA, PER], 0).startswith("Anna Berg and Per Lund ")
    assert notification_text("en", Kind.NEW_FOLLOWER, [], 3) == "Someone started following you"
    assert notification_text("en", Kind.NEW_FOLLOWER, ["  "], 1) == "Someone started following you"


@pytest.mark.parametrize(
    ("locale", "others", "one_other"),
    [
        ("en", "Anna Berg and 4 others", "Anna Berg and 1 other"),
        ("da", "Anna Berg og 4 andre", "Anna Berg og 1 anden"),
        ("nb", "Anna Berg og 4 andre", "Anna Berg og 1 annen"),
        ("sv", "Anna Berg och 4 andra", "Anna Berg och 1 annan"),
        ("nl", "Anna Berg en 4 anderen", "Anna Berg en 1 ander"),
    ],
)
def test_others_singular_and_plural_in_every_locale(locale: str, others: str, one_other: str) -> None:
    assert notification_text(locale, Kind.REACTION, [ANNA], 5).startswith(others + " ")
    assert notification_text(locale, Kind.REACTION, [ANNA], 2).startswith(one_other + " ")


def test_dutch_verb_agrees_with_the_actors() -> None:
    assert notification_text("nl", Kind.MENTION, [ANNA], 1) == "Anna Berg heeft je genoemd"
    assert notification_text("nl", Kind.MENTION, [ANNA, PER], 2) == "Anna Berg en Per Lund hebben je genoemd"
    assert notification_text("nl", Kind.NEW_FOLLOWER, [ANNA], 3) == "Anna Berg en 2 anderen volgen je nu"


def test_user_input_with_braces_is_not_formatted_again() -> None:
    assert notification_text("en", Kind.MENTION, ["{actors} {0}"], 1) == "{actors} {0} mentioned you"


# ----- reason_text and category_label -----


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_renders_in_every_locale(locale: str, reason: Reason) -> None:
    text = reason_text(locale, reason, "onboarding")
    assert text
    assert "{" not in text and "}" not in text
    if reason in SUBJECT_REASONS:
        assert "onboarding" in text


def test_english_reasons() -> None:
    assert reason_text("en", Reason.FOLLOW_PERSON, ANNA) == "because you follow Anna Berg"
    assert reason_text("en", Reason.FOLLOW_TAG, "onboarding") == "because you follow #onboarding"
    assert reason_text("en", Reason.FOLLOW_TAG, "#onboarding") == "because you follow #onboarding"
    assert reason_text("en", Reason.MEMBER, "Fika") == "because you are a member of Fika"
    assert reason_text("nl", Reason.FOLLOW_TAG, "fika") == "omdat je #fika volgt"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_category_has_a_label_in_every_locale(locale: str) -> None:
    labels = [category_label(locale, category) for category in Category]
    assert all(labels)
    assert len(set(labels)) == len(labels)


def test_english_category_labels() -> None:
    assert category_label("en", Category.REPLIES) == "Answers to you"
    assert category_label("en", Category.FOLLOWS) == "People and tags you follow"
    assert category_label("en", Category.GROUPS) == "Group requests and invitations"


# ----- notification_email -----


def _notification(locale: str = "en", **overrides: str) -> Email:
    values = {
        "text": notification_text(locale, Kind.COMMENT, [ANNA], 1),
        "reason": reason_text(locale, Reason.YOUR_POST),
        "snippet": "Lunch is at noon today",
        "link": LINK,
        "unsubscribe_link": UNSUBSCRIBE,
        "settings_link": SETTINGS,
    } | overrides
    return notification_email(locale, category=Category.REPLIES, **values)


def test_notification_email_subject_is_the_text() -> None:
    assert _notification().subject == "Anna Berg commented on your post"


def test_notification_email_subject_is_one_line_of_at_most_150_characters() -> None:
    subject = _notification(text="word " * 100 + "\nnext line").subject
    assert len(subject) <= 150
    assert "\n" not in subject and "\r" not in subject
    assert subject.endswith("…")
    assert _notification(text="Hi\r\nBcc: x@example.com").subject == "Hi Bcc: x@example.com"


@pytest.mark.parametrize("locale", LOCALES)
def test_notification_email_parts_carry_the_links_and_the_footer(locale: str) -> None:
    email = _notification(locale)
    for url in (LINK, UNSUBSCRIBE, SETTINGS):
        assert url in email.text
        assert html.escape(url) in email.html
    label = category_label(locale, Category.REPLIES)
    assert label in email.text and html.escape(label) in email.html
    reason = reason_text(locale, Reason.YOUR_POST)
    assert reason in email.text and reason in email.html
    open_button = TABLES[locale]["email.open"].format(product="Kantine")
    assert open_button in email.text and open_button in email.html
    assert "Lunch is at noon today" in email.text and "Lunch is at noon today" in email.html


def test_english_notification_email_footer() -> None:
    email = _notification()
    assert "Open in Kantine: " + LINK in email.text
    assert "You get these e-mails for “Answers to you”." in email.text
    assert "Unsubscribe from them with one click: " + UNSUBSCRIBE in email.text
    assert "Notification settings: " + SETTINGS in email.text
    assert "max-width:600px" in email.html


def test_notification_email_escapes_user_input_in_html_only() -> None:
    evil = '<script>alert("x")</script>'
    text = notification_text("en", Kind.COMMENT, [f"Anna {evil}"], 1)
    email = _notification(text=text, snippet=f"look {evil} & more")
    assert "<script>" not in email.html
    assert "&lt;script&gt;" in email.html
    assert "&amp; more" in email.html
    assert f"Anna {evil} commented on your post" in email.text
    assert f"look {evil} & more" in email.text
    assert email.subject == f"Anna {evil} commented on your post"


def test_notification_email_product_name_is_escaped() -> None:
    email = notification_email(
        "en",
        text="x",
        reason="",
        snippet="",
        link=LINK,
        unsubscribe_link=UNSUBSCRIBE,
        settings_link=SETTINGS,
        category=Category.MENTIONS,
        product="A<b>",
    )
    assert "Open in A<b>" in email.text
    assert "Open in A&lt;b&gt;" in email.html
    assert "<blockquote" not in email.html  # no snippet, no quote


def test_notification_email_snippet_is_cut_on_a_word_boundary() -> None:
    email = _notification(snippet="lunch " * 100)
    quoted = next(line for line in email.text.splitlines() if line.startswith("> "))
    assert len(quoted) <= 2 + 280
    assert quoted.endswith("lunch…")


def test_notification_email_snippet_shows_mentions_by_name() -> None:
    email = _notification(snippet="thanks @[Per Lund](0b4c6f1e-8d2a-4c3b-9e5f-1a2b3c4d5e6f)!")
    assert "> thanks @Per Lund!" in email.text


def test_notification_email_in_an_unknown_locale_is_english() -> None:
    assert _notification("fr").text == _notification("en").text


# ----- digest_email -----


def _item(number: int = 1, **changes: Any) -> DigestItem:
    item = DigestItem(
        author_name=ANNA,
        group_name="Fika",
        snippet=f"Post number {number}",
        link=f"https://kantine.example/posts/{number}",
        reactions=3,
        comments=2,
    )
    return dataclasses.replace(item, **changes)


def _digest(items: list[DigestItem], locale: str = "en", frequency: Digest = Digest.WEEKLY) -> Email:
    return digest_email(
        locale,
        display_name="Per Lund",
        items=items,
        frequency=frequency,
        unsubscribe_link=UNSUBSCRIBE,
        settings_link=SETTINGS,
    )


def test_digest_subject_singular_and_plural() -> None:
    assert _digest([_item(n) for n in range(5)]).subject == "Your weekly digest: 5 popular posts in your groups"
    assert _digest([_item()], frequency=Digest.DAILY).subject == "Your daily digest: 1 popular post in your groups"


def test_digest_caps_the_items() -> None:
    email = _digest([_item(n) for n in range(15)])
    assert email.subject == f"Your weekly digest: {DIGEST_MAX_ITEMS} popular posts in your groups"
    for number in range(DIGEST_MAX_ITEMS):
        assert f"https://kantine.example/posts/{number}" in email.text
        assert f"https://kantine.example/posts/{number}" in email.html
    for number in range(DIGEST_MAX_ITEMS, 15):
        assert f"Post number {number}" not in email.text
        assert f"Post number {number}" not in email.html


def test_digest_counts_singular_and_plural() -> None:
    assert "1 reaction · 1 comment" in _digest([_item(reactions=1, comments=1)]).text
    assert "0 reactions · 7 comments" in _digest([_item(reactions=0, comments=7)]).text
    assert "1 reaktion · 3 kommentarer" in _digest([_item(reactions=1, comments=3)], "da").text
    assert "1 reactie · 2 opmerkingen" in _digest([_item(reactions=1, comments=2)], "nl").html


def test_digest_greets_by_name_and_names_author_and_group() -> None:
    email = _digest([_item()])
    assert email.text.startswith("Hi Per Lund,\n")
    assert "Anna Berg in Fika" in email.text and "Anna Berg in Fika" in email.html
    assert "Post number 1" in email.text and "Post number 1" in email.html
    assert "Hej Per Lund," in _digest([_item()], "sv").text


def test_digest_cuts_long_snippets_on_a_word_boundary() -> None:
    email = _digest([_item(snippet="fika " * 200)])
    line = next(line.strip() for line in email.text.splitlines() if line.strip().startswith("fika"))
    assert len(line) <= 280
    assert line.endswith("fika…")


def test_digest_refuses_an_empty_list() -> None:
    with pytest.raises(ValueError, match="empty"):
        _digest([])


def test_digest_refuses_frequency_off() -> None:
    with pytest.raises(ValueError):
        _digest([_item()], frequency=Digest.OFF)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("frequency", [Digest.DAILY, Digest.WEEKLY])
def test_digest_parts_carry_the_unsubscribe_and_settings_links(locale: str, frequency: Digest) -> None:
    email = _digest([_item(), _item(2)], locale, frequency)
    for url in (UNSUBSCRIBE, SETTINGS, "https://kantine.example/posts/2"):
        assert url in email.text
        assert url in email.html
    assert TABLES[locale]["digest.unsubscribe"] in email.text
    assert "{" not in email.subject and "{" not in email.text


def test_digest_escapes_user_input_in_html_only() -> None:
    email = _digest([_item(author_name="<script>x</script>", group_name="A & B", snippet="<img src=x>")])
    assert "<script>" not in email.html and "<img" not in email.html
    assert "&lt;script&gt;x&lt;/script&gt; in A &amp; B" in email.html
    assert "<script>x</script> in A & B" in email.text
    assert "<img src=x>" in email.text
