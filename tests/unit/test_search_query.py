"""The search box's language: every feature reads into the right field, every mistake that would
silently find the wrong posts is refused with a message naming the part, and no input breaks it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kantine.errors import Code, DomainError
from services.feed.domain.text import extract_tags
from services.search.domain.query import MAX_QUERY_CHARS, MAX_TERMS, Kind, SearchQuery, _scan, parse

ANN = "0b4c6f1e-8d2a-4c3b-9e5f-1a2b3c4d5e6f"


@contextmanager
def refused(message: str) -> Iterator[None]:
    """The block raises an invalid-argument DomainError on the query whose message contains `message`."""
    with pytest.raises(DomainError) as info:
        yield
    assert info.value.code is Code.INVALID, info.value.code
    assert info.value.field == "query", info.value.field
    assert message in str(info.value), str(info.value)


# ----- words -----


def test_plain_words_are_kept_in_order_with_their_letters_and_case() -> None:
    assert parse("VPN hjemmefra Ærø café straße 2026").words == ("VPN", "hjemmefra", "Ærø", "café", "straße", "2026")


def test_punctuation_around_a_word_goes_and_inside_it_stays() -> None:
    assert parse("(vpn), don't e-post wi-fi… «ok»?").words[:4] == ("vpn", "don't", "e-post", "wi-fi")


def test_a_typographic_apostrophe_inside_a_word_is_part_of_the_word() -> None:
    assert parse("don’t l’été").words == ("don’t", "l’été")


def test_a_repeated_word_is_kept_once() -> None:
    assert parse("vpn fika vpn").words == ("vpn", "fika")


def test_an_unknown_prefix_is_plain_text_not_an_error() -> None:
    query = parse("kl:10 https://kantine.example/p?id=1 foo:bar Re:")
    assert query.words == ("kl:10", "https://kantine.example/p?id=1", "foo:bar", "Re")
    assert query == SearchQuery(words=query.words)


def test_a_filter_name_with_nothing_after_it_is_a_word() -> None:
    assert parse("notes from: the meeting in:").words == ("notes", "from", "the", "meeting", "in")
    assert parse('from:"" type:, is:').words == ("from", "type", "is")


def test_an_at_sign_inside_a_word_is_no_mention() -> None:
    query = parse("anna@firma.no")
    assert query.words == ("anna@firma.no",) and query.mentions == ()


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "-", "#", "@", " - # @ -- ## @@ ", "!!! ... ?!", "\t\n\r", '""', '-""', "“ ”", '"!!!"', "\x00\x07"],
    ids=repr,
)
def test_nothing_to_search_by_is_the_empty_query(raw: str) -> None:
    query = parse(raw)
    assert query == SearchQuery()
    assert query.is_empty and not query.has_text and query.text == "" and query.normalised() == ""


# ----- phrases -----


@pytest.mark.parametrize(
    "raw",
    ['"work from home"', "“work from home”", "„work from home“", "”work from home”", "«work from home»"],
)
def test_a_phrase_in_straight_or_typographic_quotes(raw: str) -> None:
    assert parse(f"vpn {raw} fika") == SearchQuery(words=("vpn", "fika"), phrases=("work from home",))


def test_an_unclosed_quote_makes_the_rest_a_phrase() -> None:
    assert parse('vpn "work from  home #fika') == SearchQuery(words=("vpn",), phrases=("work from home #fika",))


def test_a_phrase_loses_extra_spaces_and_the_punctuation_at_its_ends() -> None:
    assert parse('"  Work,\n from   home!  "').phrases == ("Work, from home",)


def test_phrases_next_to_each_other_are_two_phrases() -> None:
    assert parse('"a b""c d"x').phrases == ("a b", "c d")
    assert parse('"a b""c d"x').words == ("x",)


def test_punctuation_before_a_term_does_not_hide_what_it_is() -> None:
    query = parse('(#fika) [from:anna] ("work from home") /in:hr -(office) --vpn')
    assert query == SearchQuery(
        phrases=("work from home",), excluded=("office", "vpn"), tags=("fika",), groups=("hr",), authors=("anna",)
    )


def test_a_quote_inside_a_word_opens_no_phrase() -> None:
    assert parse('12" pipe').words == ("12", "pipe")
    assert parse('12" pipe').phrases == ()


# ----- exclusions -----


def test_a_minus_excludes_a_word_or_a_phrase() -> None:
    query = parse('vpn -office -"work from home" -„ikke nå“')
    assert query.words == ("vpn",)
    assert query.excluded == ("office", "work from home", "ikke nå")
    assert query.phrases == ()


def test_a_minus_inside_a_word_or_alone_excludes_nothing() -> None:
    query = parse("e-post - wi-fi")
    assert query.words == ("e-post", "wi-fi") and query.excluded == ()


@pytest.mark.parametrize("raw", ["-#fika", "-@anna", "-from:anna", '-in:"HR team"', "-type:poll", "-is:answered"])
def test_a_filter_cannot_be_excluded(raw: str) -> None:
    with refused(f"{raw}: only words and phrases can be left out"):
        parse(f"vpn {raw}")


# ----- tags -----


def test_tags_are_lower_cased_without_their_hash() -> None:
    assert parse("#Fika #ærø, #a-b ##Dobbel (#x) #y_").tags == ("fika", "ærø", "a-b", "dobbel", "x", "y_")


def test_a_repeated_tag_is_kept_once_whatever_its_case() -> None:
    assert parse("#fika #FIKA #Fika").tags == ("fika",)


def test_a_tag_of_64_characters_is_a_tag() -> None:
    assert parse("#" + "a" * 64).tags == ("a" * 64,)


@pytest.mark.parametrize("tag", ["#foo/bar", "#_x", "#-x", "#" + "a" * 65, '#"two words"'])
def test_what_the_feed_could_never_find_as_a_tag_is_refused(tag: str) -> None:
    with refused(f"{tag} is not a tag (letters, digits, - and _, up to 64)"):
        parse(f"vpn {tag}")


@pytest.mark.parametrize("body", ["#Fika i dag", "Hei #ærø-2026!", "#a_b, #x-", "(#Tea)"])
def test_every_tag_the_feed_finds_in_a_post_can_be_searched(body: str) -> None:
    tags = extract_tags(body)
    assert tags
    assert parse(" ".join(f"#{t}" for t in tags)).tags == tuple(tags)


# ----- people and groups -----


def test_mentions_authors_and_groups_are_kept_as_typed() -> None:
    query = parse(f'@anna.berg @{ANN} @"Bo Ek" from:Anna.Berg from:“Carl  Holm” in:hr-team in:"Oslo office"')
    assert query.mentions == ("anna.berg", ANN, "Bo Ek")
    assert query.authors == ("Anna.Berg", "Carl Holm")
    assert query.groups == ("hr-team", "Oslo office")
    assert query.words == ()


def test_a_reference_loses_the_punctuation_of_the_sentence_around_it() -> None:
    query = parse("from:anna.berg, @bo. in:(hr)")
    assert (query.authors, query.mentions, query.groups) == (("anna.berg",), ("bo",), ("hr",))


def test_several_people_and_groups_are_kept_once_each() -> None:
    query = parse("from:anna from:bo from:anna in:hr in:it in:hr @bo @bo")
    assert (query.authors, query.groups, query.mentions) == (("anna", "bo"), ("hr", "it"), ("bo",))


def test_filter_names_are_not_case_sensitive() -> None:
    query = parse("FROM:anna In:hr TYPE:Question Is:Unanswered After:2026-01-01 UNTIL:2026-02-01")
    assert (query.authors, query.groups, query.answered) == (("anna",), ("hr",), False)
    assert query.kinds == {Kind.QUESTION}
    assert (query.after, query.before) == (dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    with refused("is:Unanswered finds questions only"):
        parse("Type:Poll Is:Unanswered")


# ----- type: and is: -----


@pytest.mark.parametrize(
    ("raw", "kinds"),
    [
        ("type:question", {Kind.QUESTION}),
        ("type:Questions", {Kind.QUESTION}),
        ("type:discussion", {Kind.DISCUSSION}),
        ("type:announcements", {Kind.ANNOUNCEMENT}),
        ("type:praise", {Kind.PRAISE}),
        ("type:polls", {Kind.POLL}),
        ("type:comment", {Kind.COMMENT}),
        ("type:poll type:praise", {Kind.POLL, Kind.PRAISE}),
        ("type:poll,praise type:POLL", {Kind.POLL, Kind.PRAISE}),
        ("type:question|comment.", {Kind.QUESTION, Kind.COMMENT}),
        ('type:"poll"', {Kind.POLL}),
        ("is:question", {Kind.QUESTION}),
        ("vpn", set()),
    ],
)
def test_type_names_any_of_the_kinds(raw: str, kinds: set[Kind]) -> None:
    assert parse(raw).kinds == kinds


def test_a_kind_is_named_by_its_lower_case_name() -> None:
    assert [k.value for k in Kind] == ["discussion", "question", "announcement", "praise", "poll", "comment"]


@pytest.mark.parametrize("value", ["foo", "qestion", "post"])
def test_an_unknown_type_names_the_choices(value: str) -> None:
    with refused(f"type:{value}: use question, discussion, announcement, praise, poll or comment"):
        parse(f"vpn type:poll,{value}")


@pytest.mark.parametrize(
    ("raw", "answered"), [("is:unanswered", False), ("is:answered", True), ("IS:ANSWERED type:question", True)]
)
def test_is_answered_or_unanswered_finds_questions_only(raw: str, answered: bool) -> None:
    query = parse(raw)
    assert query.answered is answered and query.kinds == {Kind.QUESTION}


def test_without_is_answered_anything_goes() -> None:
    assert parse("type:question").answered is None


def test_an_unknown_is_names_the_choices() -> None:
    with refused("is:open: use unanswered, answered or question"):
        parse("is:open")


def test_answered_and_unanswered_exclude_each_other() -> None:
    with refused("is:answered and is:unanswered"):
        parse("is:unanswered is:answered")


def test_is_answered_with_another_type_would_find_nothing_so_it_is_refused() -> None:
    with refused("is:unanswered finds questions only; it cannot be combined with type:discussion"):
        parse("type:question,discussion is:unanswered")


# ----- dates -----


def test_after_and_before_and_their_synonyms() -> None:
    assert parse("after:2026-01-01 before:2026-02-01") == SearchQuery(
        after=dt.date(2026, 1, 1), before=dt.date(2026, 2, 1)
    )
    assert parse("since:2026-01-01 until:2026-02-01") == parse("after:2026-01-01 before:2026-02-01")


def test_a_single_day_is_after_it_and_before_the_next() -> None:
    query = parse("after:2026-02-28 before:2026-03-01")
    assert (query.after, query.before) == (dt.date(2026, 2, 28), dt.date(2026, 3, 1))


def test_repeated_dates_keep_the_narrowest_range() -> None:
    query = parse("after:2026-01-01 before:2026-12-01 since:2026-03-01 until:2026-06-01 after:2026-02-01")
    assert (query.after, query.before) == (dt.date(2026, 3, 1), dt.date(2026, 6, 1))


@pytest.mark.parametrize(
    "raw",
    [
        "after:2026-13-01",
        "before:2026-02-30",
        "since:yesterday",
        "until:2026-1-1",
        "after:20260101",
        "after:2026-01-01T10:00",
        "Before:0000-01-01",
        "after:٢٠٢٦-٠١-٠١",
    ],
)
def test_a_date_that_is_no_date_is_refused_by_name(raw: str) -> None:
    with refused(f"{raw} is not a date (YYYY-MM-DD)"):
        parse(f"vpn {raw}")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("after:2026-03-01 before:2026-02-01", "after:2026-03-01 and before:2026-02-01 leave no day to search"),
        ("before:2026-03-01 after:2026-03-01", "after:2026-03-01 and before:2026-03-01 leave no day to search"),
        ("since:2026-03-02 UNTIL:2026-03-01", "since:2026-03-02 and UNTIL:2026-03-01 leave no day to search"),
    ],
)
def test_a_range_without_a_day_in_it_is_refused(raw: str, message: str) -> None:
    with refused(message):
        parse(raw)


# ----- everything together -----


def test_filters_and_text_mix_in_any_order() -> None:
    expected = SearchQuery(
        words=("vpn", "hjemmefra"),
        phrases=("work from home",),
        excluded=("office",),
        tags=("it",),
        mentions=("bo",),
        groups=("hr",),
        authors=("anna",),
        kinds=frozenset({Kind.QUESTION}),
        answered=False,
        after=dt.date(2026, 1, 1),
        before=dt.date(2026, 2, 1),
    )
    one = 'vpn hjemmefra "work from home" -office #it @bo in:hr from:anna is:unanswered after:2026-01-01 '
    one += "before:2026-02-01"
    other = "before:2026-02-01 is:unanswered #IT from:anna vpn -office in:hr after:2026-01-01 "
    other += '"work from home" @bo hjemmefra'
    assert parse(one) == expected
    assert parse(other) == expected


def test_only_filters_is_a_query_without_text() -> None:
    query = parse("#fika from:anna")
    assert not query.has_text and not query.is_empty and query.text == ""


@pytest.mark.parametrize(
    "raw",
    ["-vpn", "#fika", "@bo", "from:bo", "in:hr", "type:poll", "is:answered", "after:2026-01-01", "before:2026-01-01"],
)
def test_any_single_filter_or_exclusion_makes_a_query(raw: str) -> None:
    assert not parse(raw).is_empty


def test_the_text_is_the_words_and_phrases() -> None:
    query = parse('vpn -office "work from home" #it hjemmefra')
    assert query.text == "vpn hjemmefra work from home" and query.has_text


def test_a_query_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse("vpn").words = ()  # type: ignore[misc]


# ----- characters -----


def test_control_characters_and_zero_width_spaces_separate_words() -> None:
    assert parse("vpn\x00hjemme\x07fra\u200bnå").words == ("vpn", "hjemme", "fra", "nå")


def test_invisible_format_characters_vanish_inside_a_word() -> None:
    assert parse("hjemme\u00adfra \u200evpn\u200f \ufefffika").words == ("hjemmefra", "vpn", "fika")


def test_a_decomposed_letter_is_the_composed_one() -> None:
    assert parse("cafe\u0301").words == ("café",)


def test_a_lone_surrogate_never_reaches_the_store() -> None:
    assert parse("vp\ud800n").words == ("vpn",)


# ----- limits -----


def test_a_query_of_the_maximum_length_is_read_and_its_surrounding_spaces_do_not_count() -> None:
    raw = " ".join(f"{i:02}" + "x" * 22 for i in range(20)) + "x"
    assert len(raw) == MAX_QUERY_CHARS
    assert len(parse(f"  \n {raw}  \t ").words) == 20


def test_a_longer_query_is_refused_saying_how_long() -> None:
    with refused(f"a search is at most 500 characters (this one has {MAX_QUERY_CHARS + 1})"):
        parse("a" * (MAX_QUERY_CHARS + 1))


def test_the_maximum_number_of_terms_is_read() -> None:
    raw = " ".join(f"w{i}" for i in range(MAX_TERMS - 4)) + " #t @m from:a type:poll"
    assert len(parse(raw).words) == MAX_TERMS - 4


@pytest.mark.parametrize(
    "extra", ["w", "-w", '"w x"', "#t2", "@m2", "from:b", "in:g", "type:praise", "after:2026-01-01", "is:question"]
)
def test_one_more_term_of_any_sort_is_refused(extra: str) -> None:
    raw = " ".join(f"w{i}" for i in range(MAX_TERMS - 4)) + " #t @m from:a type:poll"
    with refused(f"a search has at most 32 terms (this one has {MAX_TERMS + 1})"):
        parse(f"{raw} {extra}")


def test_each_value_of_a_type_counts_as_a_term() -> None:
    raw = " ".join(f"w{i}" for i in range(MAX_TERMS - 1))
    assert parse(f"{raw} type:poll").kinds == {Kind.POLL}
    with refused("at most 32 terms (this one has 33)"):
        parse(f"{raw} type:poll,praise")


def test_what_is_ignored_is_no_term() -> None:
    raw = " ".join(f"w{i}" for i in range(MAX_TERMS))
    assert len(parse(f'{raw} - # @ !!! "" -- ##').words) == MAX_TERMS


def test_repeats_count_as_typed() -> None:
    with refused("this one has 33"):
        parse("vpn " * (MAX_TERMS + 1))


# ----- the normalised form -----


def test_the_normalised_form_is_lower_case_with_filters_in_a_fixed_sorted_order() -> None:
    query = parse(
        'Before:2026-02-01 type:Poll,Discussion in:"Oslo  Office" in:HR from:Bo @Anna #Tea #fika -"Work From Home" '
        "VPN Hjemmefra vpn since:2026-01-01 -Office"
    )
    assert query.normalised() == (
        'vpn hjemmefra -"work from home" -office #fika #tea @anna from:bo in:"oslo office" in:hr '
        "type:discussion,poll after:2026-01-01 before:2026-02-01"
    )


def test_is_answered_stands_for_its_implied_type() -> None:
    assert parse("type:question is:unanswered").normalised() == "is:unanswered"
    assert parse("is:question").normalised() == "type:question"


def test_the_same_search_typed_differently_normalises_the_same() -> None:
    one = parse('VPN "Work from home" #Fika from:anna type:polls,praise after:2026-01-01')
    other = parse("vpn  “work from  home” type:Praise  after:2026-01-01 FROM:Anna #FIKA type:poll")
    assert one.normalised() == other.normalised()
    assert one.normalised() != parse('vpn "work from home" #fika from:anna type:poll').normalised()


def test_an_excluded_phrase_that_looks_like_a_filter_stays_a_phrase_when_normalised() -> None:
    query = parse('-"from:anna" -kl:10')
    assert query.excluded == ("from:anna", "kl:10")
    assert query.normalised() == '-"from:anna" -kl:10'
    assert parse(query.normalised()) == query


def test_the_normalised_form_reads_back_as_the_same_search() -> None:
    query = parse('vpn "a b" -c -"d e" #f @"G H" from:i in:"J K" is:answered since:2026-01-01 until:2026-02-01')
    again = parse(query.normalised())
    assert again.normalised() == query.normalised()
    assert again == dataclasses.replace(query, mentions=("g h",), groups=("j k",))


# ----- any input -----

_PIECES = [
    *"aZæøé9 -#@:,.|()'!?_/\\",
    *'"“”„«»',
    *"\t\n\x00\x07\x1b\x7f\x85\u00a0\u200b\u00ad\u200e\ufeff\ud800\U0001f600\u0301",
    "from:", "in:", "type:", "is:", "after:", "before:", "since:", "until:", "-from:",
    "question", "poll,", "answered", "unanswered", "2026-01-01", "2026-02-30", "#fika", "vpn", "-vpn", "--",
]  # fmt: skip


def test_any_input_parses_or_is_refused_as_a_domain_error() -> None:
    rng = random.Random(20260101)
    parsed = refused_ = 0
    for _ in range(3000):
        raw = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40)))
        try:
            query = parse(raw)
        except DomainError as error:
            assert error.code is Code.INVALID and error.field == "query", raw
            refused_ += 1
            continue
        parsed += 1
        for value in (*query.words, *query.phrases, *query.excluded, *query.tags, *query.mentions, *query.groups):
            assert value and value == value.strip(), (raw, value)
            assert not re.search(r"[\x00-\x1f\x7f\u200b]", value), (raw, value)
            value.encode("utf-8")  # what PostgreSQL can store: no lone surrogate
        assert parse(query.normalised()).normalised() == query.normalised(), raw
    assert parsed > 1000 and refused_ > 100  # the fuzzing reached both outcomes


@pytest.mark.parametrize("raw", ["!", "-", "#", "@", '"', "-#", "--", "...", "-\"'", "\x00", "from:", "a:"])
def test_only_punctuation_of_any_length_is_no_error(raw: str) -> None:
    for count in (1, 2, 3, MAX_QUERY_CHARS // len(raw)):
        parse(raw * count)


@pytest.mark.parametrize("unit", ["-", '"', "#", "from:", "a", "a:", '-"x', '"a"b', "x- ", 'from:"a b"c\''])
def test_reading_takes_time_in_proportion_to_the_input(unit: str) -> None:
    """Far beyond the length limit, so a quadratic scanner would take hours, not a fraction of a second."""
    text = unit * (400_000 // len(unit))
    began = time.perf_counter()
    for _ in _scan(text):
        pass
    assert time.perf_counter() - began < 5.0
