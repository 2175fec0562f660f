"""Which PostgreSQL text-search configuration analyses a text, so that its words are stemmed in the
language they are written in: Danish "medarbejderne" must find "medarbejder", Norwegian "samarbeidet"
must find "samarbeid", and English stemming must not mangle either.

Kantine's networks mix Danish, Norwegian (bokmål and nynorsk), Swedish, Dutch and English, often within
one organisation, and a person's locale is only a hint: a Danish colleague posts in English for the
Dutch office. So the text decides when it says clearly enough what it is, and the author's locale only
when it does not. Detection runs for every post and comment indexed, so it is a cheap count of short
function words and letter groups, not a model: function words are what every sentence has, whatever it
is about, and the workplace jargon borrowed from English ("deadline", "team", "release") is not among
them. Words several languages share count for each of them a fraction of one, so that "ikke" says
"Danish or Norwegian" and "af", "hvad", "nogen" or "meget" say which.

A short text ("Tak!", "Kubernetes 1.31 upgrade?") says too little to overrule the locale; a text with
no locale and no clear language gets `simple`, which matches words exactly rather than stemming them
wrongly.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

LANGUAGES: tuple[str, ...] = ("danish", "norwegian", "swedish", "dutch", "english")  # PostgreSQL config names
SIMPLE = "simple"  # no stemming: when the language cannot be told
CONFIGS = (*LANGUAGES, SIMPLE)

DANISH, NORWEGIAN, SWEDISH, DUTCH, ENGLISH = LANGUAGES
_DA, _NO = LANGUAGES.index(DANISH), LANGUAGES.index(NORWEGIAN)

# Beyond this the text only repeats what its beginning already said, and a long text is not worth the time.
SAMPLE_CHARS = 2000
# Evidence is counted in sixtieths of a word, so that a word shared by 2, 3, 4 or 5 languages counts a
# whole number of sixtieths for each, and integers add up exactly.
WORD = 60
LETTER_GROUP = WORD * 2 // 5  # weaker than a word: loanwords and names carry letters across languages
# Enough evidence: about two distinctive words, or one and a few shared ones.
MIN_SCORE = WORD * 3 // 2
# Clearly ahead of the runner-up: by a whole distinctive word, and with half as much again of the evidence
# that tells the two apart (a long text mixing two languages is not clearly either).
MIN_LEAD = WORD
MIN_RATIO = (3, 2)

# Frequent function words (and a few everyday workplace words) of each language, as written in posts.
# A word listed under several languages counts 1/n for each of them; a word common in one language and
# rare in another is listed only where it is common ("to" is English, not the Danish "two").
_WORDS: Mapping[str, str] = MappingProxyType(
    {
        DANISH: """
            af alle allerede alt altid andre anden andet at bare blev blive bliver da dag de dem den denne der
            deres det dette dig din dine dit du efter egentlig eller en end er et for fordi fra få får gerne godt
            gør gøre hans har have havde hej hele hende hendes her hilsen hinanden hjælp hjælpe hos hun hurtigt
            hvad hvem hver hvilke hvilken hvis hvor hvordan hvorfor hvornår i igen ikke ind ingen jeg jer jo
            kan kollega kollegaer kolleger kom kommer kunne lidt lige man mange med meget mellem men mere mest
            mig min mine mit mod møde mødet må måned måske ned nej noget nogen nogle nok nu når næste og også
            om op os over på rigtig rigtigt sammen selv sidste sig siger sin sine sit skal skulle som spørgsmål
            stadig synes så sådan tage tak til tror tusind ud uden inden uge ugen under var ved vi vil ville virkelig
            vores være været år aldrig arbejde osv pga mvh venlig venlige desværre gik gået tillykke brug bruge fik
            lave lavet endnu derfor ellers helt altså morgen tid komme kender kende finde finder hedder giver
            tager spørge sige fået
        """,
        NORWEGIAN: """
            av alle allerede alt alltid andre at bare ble bli blir blitt bra da dag de dem den denne der dere
            deg deres det dette din dine ditt du egentlig eller en enn er et etter for fordi fra få får gjerne godt
            gjør gjøre gjort hadde hans har hei hele henne hennes her hilsen hjelp hjelpe hos hun hva hvem hver
            hverandre hvilke hvilken hvis hvor hvordan hvorfor i igjen ikke inn ingen jeg jo jobb kan kanskje
            kollega kollegaer kolleger kom kommer kunne lite litt man mange med meg mellom men mer mest min mine
            mitt mot mye møte møtet må måned ned nei neste noe noen nok nå når og også om opp oss over på riktig
            sammen se seg selv ser si sier sin sine siste sitt skal skulle slik som spørsmål synes så sånn ta
            takk til tror under uke uka ut var ved veldig vi vil ville virkelig vår våre vårt være vært år å
            aldri arbeid osv pga mvh vennlig vennlige dessverre fortsatt uten innen gikk gått
            ikkje eg kva korleis kven kvifor kvar ein eit dei deira dykk berre frå ho vore noko nokon nokre
            mykje heile saman vere vera hjå difor sidan kjem gjer veit seier òg fekk vart ynskjer gratulerer bruk
            bruke trenger fikk lage laget ennå derfor ellers helt altså morgen tid komme kjenner kjenne finne
            finner heter gir tar spørre fått
        """,
        SWEDISH: """
            och att är inte jag som för med vi kan har också mycket efter av alla allt andra bara blev blir bli
            blivit bra då dag de dem den denna detta dessa där deras det dig din dina ditt du eller en ett än fick
            från få får gärna gott gör göra gjort hade hans hej hela henne hennes här hos hon hur vad vem varje
            vilken vilka vilket om var varför när i igen in ingen inget inga jo ju kanske kom kommer kunde kunna
            lite man många mer mest mig min mina mitt mot måste ner nej nog nu någon något några oss på redan
            rätt se ser själv sig sin sina sitt ska skall skulle sådan så tack ta till tror tycker tycka ut upp
            under ville vill vår våra vårt vara varit vecka veckan möte mötet fråga frågor hjälp hjälpa kollega
            kollegor fortfarande varandra tillsammans alltid aldrig väldigt nästa sista säger saker arbete jobb
            verkligen egentligen vänliga hälsningar månad år osv pga mvh tyvärr även sedan eftersom därför väl
            ni idag imorgon samt utan genom innan bättre behöver finns gäller gick gått grattis använda hemma
            helt alltså tid känner känna hitta hittar heter ger tar
        """,
        DUTCH: """
            de het een en van is niet ik we wij zijn voor met ook dat die dit deze er op te aan om als maar of
            naar bij uit nog wel al kan kunnen kunt moet moeten wordt worden hebben heeft hebt heb was werd zal
            zou omdat wat wie hoe waar waarom wanneer jij je jullie u ons onze mijn hun hem haar zij ze geen veel
            meer hier daar nu zo dan toch even alle alles iets niets iemand iedereen graag bedankt dank hallo
            hoi groet groeten groetjes collega vandaag morgen week jaar tijd wil willen weet weten gaan
            gaat ga komt komen doen doet gedaan goed nieuwe nieuw over na door tot tegen zonder tussen mee zelf
            heel erg echt misschien vraag vragen hulp helpen vergadering allemaal hartelijk fijn leuk welkom in
            dag kom hele weer twee tweede eerste s gefeliciteerd helaas dus nooit altijd soms mag mogen krijgen
            krijg jou jouw mij zich welke elke andere eens eigenlijk gewoon zeker samen
        """,
        ENGLISH: """
            the and of to is not we for with that this a an are be been being you your it its in on at by from
            have has had was were will would can could should our ours their they them he she his her him i my
            me us there here what who how why when where which if or but as so do does did don doesn didn isn
            aren won t s ll ve re just all any some also thanks thank please hi hello about after before up out
            more new next get got one no yes everyone anyone someone today tomorrow week great good well now
            then than only very really still already into over under because while these those other each
            every again let know need want like see make made going looking congrats congratulations welcome sorry
            anything something nothing off down back too much many most
        """,
    }
)

# Letter groups that mark a language whatever its words: æ and ø against ä and ö, Dutch ij and oe, English
# th, Norwegian -sjon, gj and øy against Danish øj (høy, høj). Few, because each costs a scan of the text.
_LETTERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "æ": (DANISH, NORWEGIAN),
        "ø": (DANISH, NORWEGIAN),
        "å": (DANISH, NORWEGIAN, SWEDISH),
        "ä": (SWEDISH,),
        "ö": (SWEDISH,),
        "ij": (DUTCH,),
        "oe": (DUTCH,),
        "th": (ENGLISH,),
        "sjon": (NORWEGIAN,),
        "gj": (NORWEGIAN,),
        "øy": (NORWEGIAN,),
        "øj": (DANISH,),
    }
)

# One pass over the text: a URL, a mention (`@[Name](user id)`, whose name is no evidence of the
# writer's language), an @handle or a #tag is matched and dropped; a run of letters is the word kept.
_TOKEN = re.compile(r"https?://\S+|www\.\S+|@\[[^\]\n]*\]\([^)\s]*\)|[#@][\w-]+|([^\W\d_]+)")

# Locale tags name their language first, in any case: "da", "da-DK", "nb_NO", "sv-Latn-SE", "nl_BE.UTF-8".
_LOCALE_LANGUAGE = re.compile(r"\s*([A-Za-z]{2,3})(?:[-_.@,;\s]|$)")
_LOCALES: Mapping[str, str] = MappingProxyType(
    {
        "da": DANISH,
        "dan": DANISH,
        "no": NORWEGIAN,
        "nb": NORWEGIAN,
        "nn": NORWEGIAN,  # PostgreSQL has one Norwegian stemmer; nynorsk shares most endings with bokmål
        "nor": NORWEGIAN,
        "nob": NORWEGIAN,
        "nno": NORWEGIAN,
        "sv": SWEDISH,
        "swe": SWEDISH,
        "nl": DUTCH,
        "nld": DUTCH,
        "dut": DUTCH,
        "en": ENGLISH,
        "eng": ENGLISH,
    }
)

# The evidence is one integer of 20-bit fields, so that a text's evidence is one sum() over its words'
# integers, run in C: a Python loop over the words would take most of the time of an indexer that sees
# every post and comment. It holds three things:
# - each language's score, a shared word counting 1/n for each of its n languages: which languages
#   the text is most likely in, and whether it says enough;
# - each language's words at full weight, and for each pair of languages the words they share: what
#   tells two languages apart, since "efter" is as good as "af" against Norwegian, though it is Swedish too.
_FIELD = 20  # SAMPLE_CHARS of one-letter words and letter groups stay far below 2**20
_MASK = (1 << _FIELD) - 1
_COUNTS = len(LANGUAGES)
_SHARED = {pair: 2 * len(LANGUAGES) + n for n, pair in enumerate(itertools.combinations(range(len(LANGUAGES)), 2))}
_SHARED.update({(b, a): field for (a, b), field in list(_SHARED.items())})
_NOTHING = itertools.repeat(0)


def _pack(languages: Iterable[str], weight: int) -> int:
    """The evidence of one word or letter group that marks `languages`."""
    found = sorted({LANGUAGES.index(language) for language in languages})
    fields = [(i, weight // len(found)) for i in found]
    fields += [(_COUNTS + i, weight) for i in found]
    fields += [(_SHARED[pair], weight) for pair in itertools.combinations(found, 2)]
    return sum(value << _FIELD * field for field, value in fields)


def _words(groups: Mapping[str, str]) -> dict[str, int]:
    languages: dict[str, list[str]] = {}
    for language, words in groups.items():
        for word in words.split():
            languages.setdefault(word, []).append(language)
    return {word: _pack(found, WORD) for word, found in languages.items()}


_WORD_EVIDENCE = _words(_WORDS)
_GROUPS = tuple(_LETTERS)
_GROUP_EVIDENCE = tuple(_pack(languages, LETTER_GROUP) for languages in _LETTERS.values())


def config_for_locale(locale: str) -> str | None:
    """The config of a locale tag (BCP 47 or POSIX style, any case), or None for other languages."""
    match = _LOCALE_LANGUAGE.match(locale)
    return _LOCALES.get(match.group(1).lower()) if match else None


def _evidence(text: str) -> int:
    tokens: list[str] = _TOKEN.findall(text[:SAMPLE_CHARS].lower())  # "" where a link, mention or tag was
    words = sum(map(_WORD_EVIDENCE.get, tokens, _NOTHING))
    letters: int = sum(map(operator.mul, map(" ".join(tokens).count, _GROUPS), _GROUP_EVIDENCE))
    return words + letters


def _field(evidence: int, field: int) -> int:
    return evidence >> _FIELD * field & _MASK


def scores(text: str) -> dict[str, float]:
    """The evidence for each language in words (a distinctive word is 1): for tests and tuning."""
    evidence = _evidence(text)
    return {language: _field(evidence, i) / WORD for i, language in enumerate(LANGUAGES)}


def _ahead(evidence: int, best: int, other: int) -> bool:
    """Whether the text says `best` clearly enough over `other`, judged on the words that tell the two
    apart: the words they share swell both alike (Danish and Norwegian share most short words)."""
    shared = _field(evidence, _SHARED[best, other])
    high = _field(evidence, _COUNTS + best) - shared
    low = _field(evidence, _COUNTS + other) - shared
    more, less = MIN_RATIO
    return _field(evidence, best) >= MIN_SCORE and high - low >= MIN_LEAD and high * less >= low * more


def detect(text: str, locale: str = "") -> str:
    """The config for a text: the language it is written in when the text says so clearly enough, else the
    language of the author's locale (e.g. "da", "da-DK", "nb_NO", "nn", "no", "sv-SE", "nl-BE", "en-GB"),
    else SIMPLE.

    A text can be plainly Danish or Norwegian without saying which ("vi har ikke tid i dag"). Then the
    author's locale decides if it is one of the two, else the one ahead at all, because either stemmer
    serves the other language far better than none or an English one; a dead heat with a locale that is
    neither is SIMPLE, as the text has shown the locale wrong without showing what is right.
    """
    evidence = _evidence(text)
    found = [evidence >> _FIELD * i & _MASK for i in range(len(LANGUAGES))]
    first, second, third = sorted(range(len(LANGUAGES)), key=found.__getitem__, reverse=True)[:3]
    if _ahead(evidence, first, second):
        return LANGUAGES[first]
    fallback = config_for_locale(locale) if locale else None
    if {first, second} == {_DA, _NO} and _ahead(evidence, first, third):
        if fallback in (DANISH, NORWEGIAN):
            return fallback
        return LANGUAGES[first] if found[first] > found[second] else SIMPLE
    return fallback or SIMPLE
