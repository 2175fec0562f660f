"""Which text-search configuration analyses a text: the language a post is written in when it says so
clearly, else its author's locale, else `simple`; Danish and Norwegian told apart; links, mentions and
#tags never counted as words."""

from __future__ import annotations

import re

import pytest

from services.search.domain.language import CONFIGS, LANGUAGES, SAMPLE_CHARS, SIMPLE, config_for_locale, detect, scores

ANN = "0b4c6f1e-8d2a-4c3b-9e5f-1a2b3c4d5e6f"
LOCALES = ("", "da-DK", "nb-NO", "nn", "sv-SE", "nl-BE", "en-GB", "de-DE")

DANISH = [
    "Hvad synes I om det nye intranet?",
    "Er der nogen, der ved, hvordan man får adgang til den nye VPN? Jeg har prøvet hele formiddagen uden held.",
    "Kæmpe tak til Mette for hjælpen med kvartalsrapporten – det havde vi aldrig nået uden dig!",
    "Husk at kantinen holder lukket fredag på grund af renovering. Der bliver serveret sandwich i mødelokale 3 i "
    "stedet.",
    "Min computer vil ikke starte efter opdateringen i nat. Er det kun mig?",
    "Velkommen til vores nye kolleger i København! Vi glæder os meget til at arbejde sammen med jer.",
    "Kan nogen hjælpe mig med Excel? Jeg skal lave en pivottabel, men ved ikke hvor jeg skal starte.",
    "Hvornår kommer lønsedlerne ud i denne måned?",
    "Fra mandag skal alle medarbejdere bruge to-faktor-login, når de logger på hjemmefra. IT-afdelingen står klar "
    "til at hjælpe, hvis der er problemer, og der ligger en vejledning på intranettet. Skriv gerne til os, hvis "
    "noget er uklart.",
]
NORWEGIAN = [
    "Hva synes dere om det nye intranettet?",
    "Er det noen som vet hvordan man får tilgang til den nye VPN-en? Jeg har prøvd hele formiddagen uten hell.",
    "Stor takk til Kari for hjelpen med kvartalsrapporten – det hadde vi aldri klart uten deg!",
    "Husk at kantina er stengt fredag på grunn av oppussing. Det blir servert smørbrød på møterom 3 i stedet.",
    "PC-en min vil ikke starte etter oppdateringen i natt. Er det bare meg?",
    "Velkommen til våre nye kolleger i Oslo! Vi gleder oss veldig til å jobbe sammen med dere.",
    "Kan noen hjelpe meg med Excel? Jeg skal lage en pivottabell, men vet ikke hvor jeg skal begynne.",
    "Når kommer lønnsslippene ut denne måneden?",
    "Fra mandag må alle ansatte bruke tofaktorinnlogging når de logger på hjemmefra. IT-avdelingen står klar til å "
    "hjelpe hvis det blir problemer, og det ligger en veiledning på intranettet. Skriv gjerne til oss hvis noe er "
    "uklart.",
]
NYNORSK = [
    "Korleis får eg tilgang til det nye lønssystemet?",
    "Eg veit ikkje kva som skjedde med skrivaren i andre etasje, men han fungerer ikkje lenger.",
    "Takk til alle som var med på dugnaden i helga, det var kjekt å sjå så mange av dykk!",
    "Vi har fått ein ny kollega på kontoret i Bergen. Ho heiter Ingrid og kjem frå Voss.",
    "Kven har ansvaret for møteromma no? Det er berre eitt ledig rom heile veka.",
    "Det er dessverre nedetid på e-postserveren. Vi jobbar med saka og gjev beskjed så snart vi veit meir.",
]
SWEDISH = [
    "Vad tycker ni om det nya intranätet?",
    "Är det någon som vet hur man får tillgång till det nya VPN:et? Jag har försökt hela förmiddagen utan att lyckas.",
    "Stort tack till Anna för hjälpen med kvartalsrapporten – det hade vi aldrig klarat utan dig!",
    "Kom ihåg att personalmatsalen är stängd på fredag på grund av renovering.",
    "Min dator startar inte efter uppdateringen i natt. Är det bara jag?",
    "Välkommen till våra nya kollegor i Stockholm! Vi ser mycket fram emot att jobba tillsammans med er.",
    "Skrivaren på andra våningen är trasig igen.",
    "Från och med måndag måste alla anställda använda tvåfaktorsinloggning när de loggar in hemifrån. "
    "IT-avdelingen hjälper gärna till om det blir problem.",
]
DUTCH = [
    "Wat vinden jullie van het nieuwe intranet?",
    "Weet iemand hoe ik toegang krijg tot de nieuwe VPN? Ik heb het de hele ochtend geprobeerd zonder succes.",
    "Heel erg bedankt aan Sanne voor de hulp met het kwartaalrapport, zonder jou was het ons nooit gelukt!",
    "Let op: het bedrijfsrestaurant is vrijdag gesloten vanwege een verbouwing.",
    "Mijn laptop start niet meer op na de update van vannacht. Heeft iemand anders dit ook?",
    "Welkom aan onze nieuwe collega's in Antwerpen! We kijken ernaar uit om met jullie samen te werken.",
    "De printer op de tweede verdieping is weer kapot.",
    "Vanaf maandag moeten alle medewerkers tweestapsverificatie gebruiken als ze thuis inloggen. De IT-afdeling "
    "helpt graag als er problemen zijn.",
]
ENGLISH = [
    "What do you think of the new intranet?",
    "Does anyone know how to get access to the new VPN? I've been trying all morning without any luck.",
    "Huge thanks to Priya for helping with the quarterly report – we would never have made it without you!",
    "Reminder: the canteen is closed on Friday because of the renovation. Sandwiches will be served in meeting room 3.",
    "My laptop won't boot after last night's update. Is it just me?",
    "Welcome to our new colleagues in Amsterdam! We're really looking forward to working with you.",
    "The printer on the second floor is broken again.",
    "From Monday, everyone has to use two-factor login when working from home. The IT team is happy to help if "
    "there are any problems.",
]
WRITTEN = [
    *((text, "danish") for text in DANISH),
    *((text, "norwegian") for text in NORWEGIAN + NYNORSK),
    *((text, "swedish") for text in SWEDISH),
    *((text, "dutch") for text in DUTCH),
    *((text, "english") for text in ENGLISH),
]


# ----- a text that says its language -----


@pytest.mark.parametrize(("text", "config"), WRITTEN)
def test_a_text_that_says_its_language_clearly_gets_it_whatever_the_authors_locale(text: str, config: str) -> None:
    assert {locale: detect(text, locale) for locale in LOCALES} == dict.fromkeys(LOCALES, config)


@pytest.mark.parametrize(
    ("danish", "norwegian"),
    [
        *zip(DANISH, NORWEGIAN, strict=True),
        ("Tak for i dag!", "Takk for i dag!"),
        ("Kan du dele slides fra mødet?", "Kan du dele slides fra møtet?"),
        ("Tak for sidst, det var en god fest.", "Takk for sist, det var en god fest."),
        (
            "Hvordan går det med projektet? Jeg har ikke hørt noget siden mandag.",
            "Hvordan går det med prosjektet? Jeg har ikke hørt noe siden mandag.",
        ),
        (
            "Nogen der har erfaring med Terraform og AWS? Vi overvejer at migrere vores setup.",
            "Har noen erfaring med Terraform og AWS? Vi vurderer å migrere oppsettet vårt.",
        ),
    ],
)
def test_the_same_sentence_in_danish_and_in_norwegian_is_told_apart_even_against_the_neighbours_locale(
    danish: str, norwegian: str
) -> None:
    assert (detect(danish, "nb-NO"), detect(norwegian, "da-DK")) == ("danish", "norwegian")


@pytest.mark.parametrize(
    ("danish", "norwegian"),
    [("af", "av"), ("nogen", "noen"), ("hvad", "hva"), ("meget", "mye"), ("efter", "etter"), ("mig", "meg"),
     ("dig", "deg"), ("sig", "seg"), ("nu", "nå")],
)  # fmt: skip
def test_the_small_words_that_separate_danish_from_norwegian_decide_against_the_neighbours_locale(
    danish: str, norwegian: str
) -> None:
    assert scores(danish)["danish"] > scores(danish)["norwegian"]
    assert scores(norwegian)["norwegian"] > scores(norwegian)["danish"]
    neutral = "Vi har ikke tid i dag"
    assert (detect(neutral, "da-DK"), detect(neutral, "nb-NO")) == ("danish", "norwegian")
    assert (detect(f"{neutral}, {danish}", "nb-NO"), detect(f"{neutral}, {norwegian}", "da-DK")) == (
        "danish",
        "norwegian",
    )


def test_a_word_several_languages_share_counts_less_for_each_than_a_distinctive_one() -> None:
    shared, own = scores("ikke"), scores("af")
    assert shared["danish"] == shared["norwegian"] == 0.5 and shared["swedish"] == 0
    assert own["danish"] == 1 and own["norwegian"] == 0
    assert scores("med")["danish"] < shared["danish"]  # Danish, Norwegian and Swedish


@pytest.mark.parametrize(
    ("word", "languages"),
    [("smørbrød", {"danish", "norwegian"}), ("köttbullar", {"swedish"}), ("vrijdag", {"dutch"}),
     ("throughput", {"english"}), ("informasjon", {"norwegian"})],
)  # fmt: skip
def test_characteristic_letters_count_when_the_words_are_unknown(word: str, languages: set[str]) -> None:
    assert {language for language, score in scores(word).items() if score} == languages


# ----- a text that does not say enough -----


@pytest.mark.parametrize(
    ("text", "locale", "config"),
    [
        ("Tak!", "da-DK", "danish"),
        ("Tak!", "", SIMPLE),
        ("Tak!", "de-DE", SIMPLE),
        ("Thanks!", "da", "danish"),  # one word is not enough to overrule the author
        ("Kubernetes 1.31 upgrade?", "sv-SE", "swedish"),
        ("Kubernetes 1.31 upgrade?", "", SIMPLE),
        ("LGTM 👍", "en-GB", "english"),
        ("👍", "nl-BE", "dutch"),
        ("", "nb_NO", "norwegian"),
        ("", "", SIMPLE),
        ("   \n", "fr-FR", SIMPLE),
        ("Deploy af release 2.4 er done", "nl", "dutch"),
    ],
)
def test_a_short_text_gets_the_authors_locale_and_else_simple(text: str, locale: str, config: str) -> None:
    assert detect(text, locale) == config


@pytest.mark.parametrize(
    "text",
    [
        "FYI: The new release is live. Tak for jeres hårde arbejde!",
        "Bedankt allemaal voor de workshop! Thanks everyone, it was great.",
        "Tack för idag, det var jättekul! Thanks for today, it was great.",
    ],
)
def test_a_text_that_mixes_two_languages_evenly_gets_the_authors_locale(text: str) -> None:
    assert [detect(text, locale) for locale in ("da", "nl", "sv", "en", "")] == [
        "danish", "dutch", "swedish", "english", SIMPLE
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Vi har ikke tid i dag, men jeg kan godt komme i morgen.",
        "Jeg er ikke på kontoret i dag, men jeg kan godt ringe.",
        "Det er ikke så godt.",
        "Vil du være med?",
    ],
)
def test_plain_danish_or_norwegian_that_does_not_say_which_follows_the_locale(text: str) -> None:
    assert detect(text, "da") == "danish"
    assert detect(text, "nb-NO") == detect(text, "nn") == "norwegian"
    # the text shows that an English locale is wrong, but not what is right
    assert detect(text, "en-GB") == detect(text) == SIMPLE


def test_only_the_beginning_of_a_long_text_is_read() -> None:
    english = "We are moving to the new office next week, so please pack your desks before Friday."
    assert detect(english) == "english"
    assert detect("1234 " * (SAMPLE_CHARS // 5) + english) == SIMPLE
    assert detect(DANISH[-1] + " " * (SAMPLE_CHARS - len(DANISH[-1])) + english * 20) == "danish"


def test_a_text_of_one_word_over_and_over_stays_that_words_language() -> None:
    # the evidence of every language is a field of one integer: a full sample must not spill into the next
    assert detect("å " * SAMPLE_CHARS) == "norwegian"
    assert detect("a " * SAMPLE_CHARS, "da") == "english"
    assert detect("ø" * SAMPLE_CHARS, "nl") == SIMPLE  # Danish or Norwegian, and a Dutch locale is no help
    assert detect("ø " * SAMPLE_CHARS, "nb") == "norwegian"


# ----- links, mentions and tags -----


@pytest.mark.parametrize(
    ("noise", "config"),
    [
        ("https://www.theguardian.com/the-best-of-the-year-with-all-of-the-team", "english"),
        ("www.the-best-of-the-web.com/what-is-this", "english"),
        (f"@[Anne de Vries van den Berg](https://kantine/{ANN})", "dutch"),
        (f"@[Anne de Vries van den Berg]({ANN})", "dutch"),
        ("#the #and #of #this #that", "english"),
        ("@the @and @of", "english"),
    ],
)
def test_links_mentions_and_tags_are_not_counted(noise: str, config: str) -> None:
    words = re.sub(r"[^\w\s]", " ", noise)
    assert scores(words)[config] >= 1  # as words they would count
    text = "Tak for hjælpen!"
    assert scores(f"{text} {noise}") == scores(text) == scores(f"{noise} {text} {noise}")
    assert detect(f"{noise} {text} {noise}") == "danish"


# ----- locales -----


@pytest.mark.parametrize(
    ("locale", "config"),
    [
        ("da", "danish"), ("da-DK", "danish"), ("da_DK", "danish"), ("DA-dk", "danish"), ("da_DK.UTF-8", "danish"),
        ("nb_NO", "norwegian"), ("nb-NO", "norwegian"), ("nn", "norwegian"), ("nn-NO", "norwegian"),
        ("no", "norwegian"), ("NO_no", "norwegian"), ("nb_NO.UTF-8@euro", "norwegian"),
        ("sv-SE", "swedish"), ("sv_FI", "swedish"), ("sv-Latn-SE", "swedish"),
        ("nl-BE", "dutch"), ("nl_NL", "dutch"), ("NL", "dutch"),
        ("en-GB", "english"), ("en_US.UTF-8", "english"), ("en", "english"), ("en-GB,en;q=0.9", "english"),
        (" da-DK ", "danish"),
        ("de-DE", None), ("de", None), ("fr_FR.UTF-8", None), ("fi-FI", None), ("", None), ("C", None),
        ("POSIX", None), ("dansk", None), ("-da", None), ("nbx", None),
    ],
)  # fmt: skip
def test_a_locale_tag_names_its_config_in_either_style_and_any_case(locale: str, config: str | None) -> None:
    assert config_for_locale(locale) == config


def test_every_answer_is_a_postgresql_config_and_the_languages_come_first() -> None:
    assert (*LANGUAGES, SIMPLE) == CONFIGS and SIMPLE not in LANGUAGES
    answers = {detect(text, locale) for text, _ in WRITTEN for locale in LOCALES}
    answers |= {detect(text, locale) for text in ("", "Tak!", "ok") for locale in LOCALES}
    assert answers == set(CONFIGS)
