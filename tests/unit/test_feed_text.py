"""What the feed reads out of a text (#tags, @mentions, links) and the checks every text passes."""

from __future__ import annotations

import pytest

from kantine.errors import Code, DomainError, check_version
from services.feed.domain.text import (
    check_tags,
    clean_tag,
    clean_text,
    extract_links,
    extract_mentions,
    extract_tags,
    require_uuid,
)
from tests.unit.feed_fixtures import refused

ANN = "0b4c6f1e-8d2a-4c3b-9e5f-1a2b3c4d5e6f"
BO = "7f6e5d4c-3b2a-4190-8a7b-6c5d4e3f2a1b"


# ----- tags -----


def test_tags_are_found_once_in_order_of_first_use_and_lower_cased() -> None:
    assert extract_tags("#Hello world #fika, #hello again; #FIKA #ærø #a-b") == ["hello", "fika", "ærø", "a-b"]


@pytest.mark.parametrize(
    ("body", "tags"),
    [
        ("", []),
        ("no tags here", []),
        ("mail#not a tag", []),
        ("C# and F#", []),
        ("##double", []),
        ("#_underscore first", []),
        ("# space", []),
        ("#1on1 with my lead", ["1on1"]),
        ("#snake_case stays", ["snake_case"]),
        ("(#paren) and #end.", ["paren", "end"]),
        ("line one\n#second-line", ["second-line"]),
        ("#Ærø-2026!", ["ærø-2026"]),
    ],
)
def test_what_counts_as_a_tag(body: str, tags: list[str]) -> None:
    assert extract_tags(body) == tags


def test_a_tag_of_64_characters_is_kept_whole() -> None:
    assert extract_tags("#" + "a" * 64 + " done") == ["a" * 64]


def test_an_over_long_tag_is_not_cut_into_a_different_tag() -> None:
    assert extract_tags("#" + "a" * 70) != ["a" * 64]


@pytest.mark.parametrize(
    "body",
    ["#" + "a" * 65, "#" + "a" * 70 + " done", "#" + "a" * 64 + "-b", "#" + "a" * 63 + "_bc", "#" + "æ" * 65],
)
def test_an_over_long_tag_is_no_tag_at_all(body: str) -> None:
    assert extract_tags(f"#fika {body} #tea") == ["fika", "tea"]


@pytest.mark.parametrize(
    ("body", "tags"),
    [
        ("https://wiki.example.com/page#Section-two", []),
        ("https://wiki.example.com/#Section-two and #fika", ["fika"]),
        ("[docs](https://wiki.example.com/#start) #docs", ["docs"]),
        ("#before https://x.example/#inside #after", ["before", "after"]),
    ],
)
def test_a_links_fragment_is_not_a_tag(body: str, tags: list[str]) -> None:
    assert extract_tags(body) == tags


# ----- check_tags -----


@pytest.mark.parametrize(
    "body",
    [
        "",
        "no tags",
        "#" + "a" * 64,
        "#" + "a" * 64 + ".",
        "C# and F# and ##" + "a" * 70,
        "mail#" + "a" * 70,
        "https://wiki.example.com/#" + "a" * 70,
        "#_" + "a" * 70,
    ],
    ids=["empty", "no-tags", "64", "64-then-dot", "not-tags", "mid-word", "in-a-link", "underscore-first"],
)
def test_check_tags_accepts_tags_up_to_the_limit_and_what_is_no_tag(body: str) -> None:
    check_tags(body)


@pytest.mark.parametrize("body", ["#" + "a" * 65, "ok #fika then #" + "b" * 100 + "!", "#" + "a" * 64 + "-"])
def test_check_tags_refuses_an_over_long_tag_naming_the_limit(body: str) -> None:
    with refused(Code.INVALID, "body"):
        check_tags(body)
    with pytest.raises(DomainError, match=r"a #tag is at most 64 characters"):
        check_tags(body)


def test_check_tags_says_which_tag_and_names_the_field() -> None:
    with pytest.raises(DomainError, match=r"#" + "x" * 20 + r"… has 70\)") as info:
        check_tags("#ok #" + "x" * 70, field="text")
    assert (info.value.code, info.value.field) == (Code.INVALID, "text")


# ----- mentions -----


def test_mentions_are_the_ids_in_order_lower_cased_and_without_repeats() -> None:
    body = f"Thanks @[Ann Berg]({ANN.upper()}) and @[Bo]({BO})! Also @[Ann]({ANN})."
    assert extract_mentions(body) == [ANN, BO]


@pytest.mark.parametrize(
    "body",
    [
        "@ann plain handle",
        f"@[]({ANN}) empty name",
        f"@[Ann\nBerg]({ANN}) name over two lines",
        "@[Ann](" + "-" * 36 + ") hyphens only",
        "@[Ann](" + "a" * 36 + ") 36 hex digits is no uuid",
        f"@[Ann]({ANN[:-1]}) too short",
        f"[Ann]({ANN}) no at sign",
    ],
)
def test_what_is_not_a_mention(body: str) -> None:
    assert extract_mentions(body) == []


def test_an_invalid_mention_does_not_hide_the_valid_ones() -> None:
    assert extract_mentions("@[X](" + "f" * 36 + f") @[Bo]({BO})") == [BO]


# ----- links -----


def test_links_lose_trailing_punctuation_and_repeats() -> None:
    body = 'See https://example.com/a, then http://x.org/b?c=1. Again: https://example.com/a! "https://q.no/x"'
    assert extract_links(body) == ["https://example.com/a", "http://x.org/b?c=1", "https://q.no/x"]


@pytest.mark.parametrize(
    ("body", "links"),
    [
        ("[docs](https://docs.example.com/start)", ["https://docs.example.com/start"]),
        ("<https://example.com/x>", ["https://example.com/x"]),
        ("ends with https://example.com/path?;:", ["https://example.com/path"]),
        ("ftp://files.example.com and www.example.com", []),
        ("https://example.com/a/b#frag", ["https://example.com/a/b#frag"]),
    ],
)
def test_what_counts_as_a_link(body: str, links: list[str]) -> None:
    assert extract_links(body) == links


# ----- clean_text -----


def test_clean_text_strips_surrounding_white_space() -> None:
    assert clean_text("  \n hello world \t ", 100) == "hello world"


def test_the_length_limit_counts_the_stripped_text() -> None:
    assert clean_text("  " + "x" * 10 + "  ", 10) == "x" * 10


@pytest.mark.parametrize("body", ["", "   ", "\n\t ", "x" * 11, "a\x00b", " \x00 "])
def test_clean_text_refuses_empty_too_long_and_nul(body: str) -> None:
    with refused(Code.INVALID, "body"):
        clean_text(body, 10)


def test_clean_text_names_the_field_and_the_thing() -> None:
    with pytest.raises(DomainError) as info:
        clean_text(" ", 10, field="text", what="a comment")
    assert (info.value.code, info.value.field) == (Code.INVALID, "text")
    assert "a comment" in str(info.value)


def test_clean_text_says_how_long_the_text_was() -> None:
    with pytest.raises(DomainError, match=r"at most 10 characters \(this one has 12\)"):
        clean_text("x" * 12, 10)


# ----- clean_tag -----


@pytest.mark.parametrize(
    ("tag", "clean"),
    [
        ("fika", "fika"),
        ("#Fika", "fika"),
        ("  #FIKA  ", "fika"),
        ("##fika", "fika"),
        ("a-b", "a-b"),
        ("snake_case", "snake_case"),
        ("Ærø", "ærø"),
        ("a" * 64, "a" * 64),
    ],
)
def test_clean_tag_normalises(tag: str, clean: str) -> None:
    assert clean_tag(tag) == clean


@pytest.mark.parametrize("tag", ["", "#", "   ", "_x", "-x", "two words", "a.b", "a" * 65, "#" + "a" * 65])
def test_clean_tag_refuses_what_is_not_a_tag(tag: str) -> None:
    with refused(Code.INVALID, "tag"):
        clean_tag(tag)


# ----- require_uuid, check_version -----


def test_require_uuid_normalises_case() -> None:
    assert require_uuid(ANN.upper(), "user_id") == ANN


@pytest.mark.parametrize("value", ["", "bob", "1", ANN + "0"])
def test_require_uuid_refuses_a_non_uuid_naming_the_field(value: str) -> None:
    with refused(Code.INVALID, "owner_ids"):
        require_uuid(value, "owner_ids")


def test_an_optional_uuid_may_be_empty_but_not_wrong() -> None:
    assert require_uuid("", "manager_id", optional=True) == ""
    with refused(Code.INVALID, "manager_id"):
        require_uuid("bob", "manager_id", optional=True)


@pytest.mark.parametrize(("expected", "current"), [(0, 1), (0, 7), (3, 3)])
def test_check_version_accepts_any_or_the_current(expected: int, current: int) -> None:
    check_version(expected, current, "the post")


def test_check_version_refuses_a_stale_version() -> None:
    with refused(Code.CONFLICT, "expected_version"):
        check_version(2, 3, "the post")
