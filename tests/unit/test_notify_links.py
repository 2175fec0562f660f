"""The links in notify's e-mails and the signed one-click unsubscribe token."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from kantine.errors import Code, DomainError
from services.notify.domain.model import Category
from services.notify.links import Links

SECRET = "s3cret-s3cret-s3cret"
ANNA = "0b6f3c1e-8d2a-4c1b-9e3f-2a1b0c9d8e7f"
BO = "1c7a4d2f-9e3b-4d2c-8f4a-3b2c1d0e9f8a"
BASE = "https://kantine.example"


@pytest.fixture
def links() -> Links:
    return Links(BASE + "/", SECRET)


def _refused(links: Links, token: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        links.verify(token)
    assert caught.value.field == "token"
    assert caught.value.code is Code.INVALID
    assert "not valid" in str(caught.value)
    return caught.value


@pytest.mark.parametrize("what", [*(c.value for c in Category), "digest"])
def test_a_token_names_the_person_and_what_to_unsubscribe_from(links: Links, what: str) -> None:
    assert links.verify(links.token(ANNA, what)) == (ANNA, what)


@pytest.mark.parametrize("written", [ANNA.upper(), ANNA.replace("-", ""), "{" + ANNA + "}"])
def test_a_token_gives_back_the_person_in_one_form_however_their_id_was_written(links: Links, written: str) -> None:
    assert links.verify(links.token(written, "mentions")) == (ANNA, "mentions")
    assert links.token(written, "mentions") == links.token(ANNA, "mentions")


def test_a_token_is_the_same_every_time_and_differs_per_person_and_category(links: Links) -> None:
    assert links.token(ANNA, "mentions") == links.token(ANNA, "mentions")
    assert links.token(ANNA, "mentions") != links.token(BO, "mentions")
    assert links.token(ANNA, "mentions") != links.token(ANNA, "replies")


def test_a_token_survives_a_url_unchanged_and_does_not_carry_the_secret(links: Links) -> None:
    token = links.token(ANNA, "group_posts")
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", token)
    assert urllib.parse.quote(token) == token
    assert SECRET not in token


def test_a_token_with_spaces_or_a_line_break_around_it_still_works(links: Links) -> None:
    assert links.verify(f"  {links.token(ANNA, 'digest')}\n") == (ANNA, "digest")


def test_a_token_is_refused_when_the_person_is_swapped(links: Links) -> None:
    _, what, signature = links.token(ANNA, "mentions").split(".")
    _refused(links, f"{BO.replace('-', '')}.{what}.{signature}")


def test_a_token_is_refused_when_the_category_is_swapped(links: Links) -> None:
    person, _, signature = links.token(ANNA, "mentions").split(".")
    _refused(links, f"{person}.replies.{signature}")


def test_a_token_is_refused_when_its_signature_is_altered(links: Links) -> None:
    token = links.token(ANNA, "mentions")
    last = "A" if token[-1] != "A" else "B"
    _refused(links, token[:-1] + last)


@pytest.mark.parametrize("cut", [1, 5, 24, 25])
def test_a_token_cut_short_is_refused(links: Links, cut: int) -> None:
    _refused(links, links.token(ANNA, "mentions")[:-cut])


@pytest.mark.parametrize("token", ["", "   ", "abc", "a.b", "a.b.c", "a.b.c.d", "..", "...."])
def test_something_that_is_no_token_at_all_is_refused(links: Links, token: str) -> None:
    _refused(links, token)


def test_a_token_with_an_extra_part_is_refused(links: Links) -> None:
    _refused(links, links.token(ANNA, "mentions") + ".x")


def test_a_token_signed_with_another_secret_is_refused(links: Links) -> None:
    elsewhere = Links(BASE, "another-secret-of-16+")
    _refused(links, elsewhere.token(ANNA, "mentions"))


def test_a_signed_token_naming_no_person_is_refused_clearly(links: Links) -> None:
    body = "not-a-person.mentions"
    _refused(links, f"{body}.{links._sign(body)}")


@pytest.mark.parametrize("tail", ["é", "…"])
def test_a_token_mangled_with_a_non_ascii_character_is_refused_clearly(links: Links, tail: str) -> None:
    _refused(links, links.token(ANNA, "mentions")[:-1] + tail)


@pytest.mark.parametrize("secret", ["", "short", "x" * 15])
def test_a_secret_shorter_than_16_characters_is_refused(secret: str) -> None:
    with pytest.raises(ValueError, match="KANTINE_NOTIFY_SECRET"):
        Links(BASE, secret)


def test_a_secret_of_16_characters_is_enough() -> None:
    links = Links(BASE, "x" * 16)
    assert links.verify(links.token(ANNA, "digest")) == (ANNA, "digest")


def test_the_unsubscribe_page_and_the_one_click_address_carry_a_token_that_verifies(links: Links) -> None:
    for url, path in ((links.unsubscribe(ANNA, "reactions"), "/unsubscribe"),
                      (links.one_click(ANNA, "reactions"), "/api/v1/unsubscribe")):  # fmt: skip
        parsed = urllib.parse.urlsplit(url)
        assert f"{parsed.scheme}://{parsed.netloc}" == BASE
        assert parsed.path == path
        (token,) = urllib.parse.parse_qs(parsed.query)["token"]
        assert links.verify(token) == (ANNA, "reactions")


def test_the_other_links_point_into_kantine_without_a_double_slash(links: Links) -> None:
    assert links.settings() == f"{BASE}/settings/notifications"
    assert links.inbox() == f"{BASE}/notifications"
    assert links.group("g1") == f"{BASE}/groups/g1"
    assert links.post("p1") == f"{BASE}/posts/p1"
    assert links.post("p1", "c1") == f"{BASE}/posts/p1#comment-c1"
