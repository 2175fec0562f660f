"""What the demo company writes: templates and word lists in Danish, Norwegian, Swedish, Dutch and English.

Pure data, no I/O. `demo_company` fills the templates with a seeded random generator, so the same scale
always gives the same company. Every topic has the same questions in the same order in every language:
someone answering a Danish question in Norwegian answers the same question.

Templates use `{slot}` fields. Slots the plan knows from the author (`city`, `first`, `team`, `version`,
`quarter`, `praised`) come from the context, `mention` names a colleague, `n` and `pct` are numbers, and
the rest are drawn from SLOTS (per language) or COMMON. A slot's value may hold slots of its own (a reason
for praise that names a customer).
"""

from __future__ import annotations

import dataclasses
from typing import Literal

Lang = Literal["da", "nb", "sv", "nl", "en"]
LANGS: tuple[Lang, ...] = ("da", "nb", "sv", "nl", "en")
SCANDINAVIAN: frozenset[str] = frozenset({"da", "nb", "sv"})


@dataclasses.dataclass(frozen=True)
class Texts:
    """One topic in one language: discussion posts, questions with their answers, and comments."""

    posts: tuple[str, ...] = ()
    questions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    comments: tuple[str, ...] = ()


def _t(posts: list[str], questions: list[tuple[str, list[str]]], comments: list[str]) -> Texts:
    return Texts(tuple(posts), tuple((q, tuple(a)) for q, a in questions), tuple(comments))


COMMON: dict[str, tuple[str, ...]] = {
    "customer": (
        "Skagerak Freight", "Vesterhav Logistik", "Polderhaven Transport", "Kjølbotn Sjømat", "Norrvik Timber",
        "Hanseholm Cold Chain", "Lillebælt Fragt", "Dalby Mejeri", "Maasdelta Reefers", "Nordkapp Fisk",
        "Öresund Pall", "Zeeveld Agro", "Fyrholm Foods", "Gullmarn Marin", "IJsselhaven Logistics", "Bergvik Bygg",
    ),
    "product": ("Harbour Track", "Harbour Dock", "Harbour Insight", "Harbour Mobile", "Harbour API"),
    "room": ("Fyrtårnet", "Ankeret", "Kompasset", "Bølgen", "Kajen", "Lodsen", "Vindrosen", "Dokken"),
    "time": ("9:00", "10:30", "13:00", "14:30", "15:00"),
    "newcity": ("Malmö", "Trondheim", "Rotterdam", "Odense"),
}  # fmt: skip

SLOTS: dict[Lang, dict[str, tuple[str, ...]]] = {
    "da": {
        "day": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag"),
        "feature": ("mørk tilstand", "eksport til Excel", "live-sporing af containere", "en ny rapportside",
                    "single sign-on", "bedre søgning", "push-notifikationer i appen"),
        "cake": ("chokoladekage", "gulerodskage", "kanelsnegle", "hindbærsnitter", "brunsviger", "drømmekage"),
        "course": ("Kubernetes", "forhandlingsteknik", "datavisualisering", "god mødeledelse",
                   "tilgængelighed på nettet", "projektledelse"),
        "reason": ("at redde kundedemoen i sidste øjeblik", "at tage så godt imod vores nye kolleger",
                   "at løse en svær sag for {customer}", "at holde hovedet koldt under nedbruddet",
                   "at gøre release-processen meget nemmere", "en knivskarp præsentation til ledelsen",
                   "at rydde op i supportkøen før weekenden"),
    },
    "nb": {
        "day": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag"),
        "feature": ("mørk modus", "eksport til Excel", "sanntidssporing av containere", "en ny rapportside",
                    "single sign-on", "bedre søk", "push-varsler i appen"),
        "cake": ("sjokoladekake", "gulrotkake", "kanelboller", "skillingsboller", "eplekake", "brownies"),
        "course": ("Kubernetes", "forhandlingsteknikk", "datavisualisering", "god møteledelse",
                   "universell utforming", "prosjektledelse"),
        "reason": ("å redde kundedemoen i siste liten", "å ta så godt imot de nye kollegene våre",
                   "å løse en vanskelig sak for {customer}", "å holde hodet kaldt under nedetiden",
                   "å gjøre release-prosessen mye enklere", "en knallgod presentasjon for ledergruppen",
                   "å rydde supportkøen før helgen"),
    },
    "sv": {
        "day": ("måndag", "tisdag", "onsdag", "torsdag", "fredag"),
        "feature": ("mörkt läge", "export till Excel", "realtidsspårning av containrar", "en ny rapportsida",
                    "single sign-on", "bättre sökning", "pushnotiser i appen"),
        "cake": ("kladdkaka", "morotskaka", "kanelbullar", "prinsesstårta", "chokladbollar", "äppelpaj"),
        "course": ("Kubernetes", "förhandlingsteknik", "datavisualisering", "effektiva möten",
                   "tillgänglighet på webben", "projektledning"),
        "reason": ("att rädda kunddemon i sista stund", "att ta emot våra nya kollegor så fint",
                   "att lösa ett knepigt ärende åt {customer}", "att hålla huvudet kallt under driftstörningen",
                   "att göra releaseprocessen mycket enklare", "en knivskarp presentation för ledningen",
                   "att beta av hela supportkön före helgen"),
    },
    "nl": {
        "day": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"),
        "feature": ("een donkere modus", "export naar Excel", "live tracking van containers",
                    "een nieuwe rapportpagina", "single sign-on", "een betere zoekfunctie", "pushmeldingen in de app"),
        "cake": ("appeltaart", "stroopwafels", "bananenbrood", "tompouces", "boterkoek", "worteltaart"),
        "course": ("Kubernetes", "onderhandelen", "datavisualisatie", "effectief vergaderen",
                   "digitale toegankelijkheid", "projectmanagement"),
        "reason": ("het redden van de klantdemo op het laatste moment", "het warme welkom voor onze nieuwe collega's",
                   "het oplossen van een lastig ticket voor {customer}", "het koel blijven tijdens de storing",
                   "het veel eenvoudiger maken van het releaseproces", "een ijzersterke presentatie voor het MT",
                   "het wegwerken van de hele supportwachtrij voor het weekend"),
    },
    "en": {
        "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
        "feature": ("dark mode", "export to Excel", "live container tracking", "a new reports page",
                    "single sign-on", "better search", "push notifications in the app"),
        "cake": ("chocolate cake", "carrot cake", "cinnamon buns", "brownies", "lemon drizzle cake", "banana bread"),
        "course": ("Kubernetes", "negotiation", "data visualisation", "running good meetings", "web accessibility",
                   "project management"),
        "reason": ("saving the customer demo at the last minute", "giving our new colleagues such a warm welcome",
                   "solving a tricky case for {customer}", "keeping a cool head during the outage",
                   "making the release process so much easier", "a razor-sharp presentation to the leadership team",
                   "clearing the whole support queue before the weekend"),
    },
}  # fmt: skip

# a department as the subject or object of a sentence, e.g. "started in the support team"
TEAMS: dict[Lang, dict[str, str]] = {
    "da": {"Management": "ledelsen", "Engineering": "udviklingsteamet", "Sales": "salgsteamet",
           "Support": "supportteamet", "Product": "produktteamet", "Marketing": "marketingteamet",
           "People": "HR-teamet", "Finance": "økonomiteamet", "Operations": "driftsteamet"},
    "nb": {"Management": "ledergruppen", "Engineering": "utviklingsteamet", "Sales": "salgsteamet",
           "Support": "supportteamet", "Product": "produktteamet", "Marketing": "markedsteamet",
           "People": "HR-teamet", "Finance": "økonomiteamet", "Operations": "driftsteamet"},
    "sv": {"Management": "ledningsgruppen", "Engineering": "utvecklingsteamet", "Sales": "säljteamet",
           "Support": "supportteamet", "Product": "produktteamet", "Marketing": "marknadsteamet",
           "People": "HR-teamet", "Finance": "ekonomiteamet", "Operations": "driftteamet"},
    "nl": {"Management": "het managementteam", "Engineering": "het ontwikkelteam", "Sales": "het salesteam",
           "Support": "het supportteam", "Product": "het productteam", "Marketing": "het marketingteam",
           "People": "het HR-team", "Finance": "het financeteam", "Operations": "het operationsteam"},
    "en": {"Management": "the management team", "Engineering": "the engineering team", "Sales": "the sales team",
           "Support": "the support team", "Product": "the product team", "Marketing": "the marketing team",
           "People": "the people team", "Finance": "the finance team", "Operations": "the operations team"},
}  # fmt: skip

CITY_NAMES: dict[Lang, dict[str, str]] = {
    "da": {"Copenhagen": "København", "Gothenburg": "Göteborg"},
    "nb": {"Copenhagen": "København", "Gothenburg": "Göteborg"},
    "sv": {"Copenhagen": "Köpenhamn", "Aarhus": "Århus", "Gothenburg": "Göteborg"},
    "nl": {"Copenhagen": "Kopenhagen", "Gothenburg": "Göteborg"},
    "en": {},
}
AND: dict[Lang, str] = {"da": "og", "nb": "og", "sv": "och", "nl": "en", "en": "and"}

TOPICS: dict[str, dict[Lang, Texts]] = {
    "onboarding": {
        "da": _t(
            ["Hej alle! Jeg hedder {first} og er startet i {team} i {city} i denne uge. Glæder mig til at lære jer at "
             "kende – sig endelig hej ved kaffemaskinen. #hello",
             "Velkommen til {mention}, som starter hos os i dag! Tag godt imod vores nye kollega, og husk at invitere "
             "med til frokost. #onboarding",
             "Første uge er gået, og jeg er imponeret over, hvor hjælpsomme alle er. Tak for den varme velkomst! "
             "#onboarding",
             "Tip til nye kolleger: onboarding-tjeklisten ligger under #onboarding, og IT-hjælpen sidder ved {room}, "
             "hvis noget driller."],
            [("Jeg er ny i {city} – hvor henter man adgangskort til kontoret? #onboarding",
              ["Det får du i receptionen, husk billed-ID.", "Receptionen udleverer dem hver dag mellem 9 og 15.",
               "Skriv til {mention}, så bliver det ordnet."]),
             ("Hvem skal jeg kontakte for at få adgang til testmiljøet for Harbour? #onboarding",
              ["Opret en sag i IT-portalen, så får du adgang inden for en dag.",
               "Din leder skal godkende det først – spørg i #ithelp, hvis det trækker ud."])],
            ["Velkommen til! 👋", "Velkommen – godt at have dig med!", "Super, sig til hvis du mangler noget."],
        ),
        "nb": _t(
            ["Hei alle sammen! Jeg heter {first} og har nettopp begynt i {team} i {city}. Gleder meg til å bli kjent "
             "med dere. #hello",
             "Velkommen til {mention}, som starter hos oss i dag! Ta godt imot vår nye kollega. #onboarding",
             "Første uke er over, og for en mottakelse! Takk til alle som har svart på dumme spørsmål. #onboarding",
             "Tips til nyansatte: sjekklisten for onboarding ligger under #onboarding, og kaffen ved {room} er best."],
            [("Jeg er ny i {city} – hvor får jeg adgangskort til kontoret? #onboarding",
              ["Du får det i resepsjonen, ta med legitimasjon.", "Resepsjonen deler dem ut hver dag mellom 9 og 15.",
               "{mention} ordner det raskt, bare send en melding."]),
             ("Hvem gir tilgang til testmiljøet for Harbour? #onboarding",
              ["Lag en sak i IT-portalen, så får du tilgang i løpet av en dag.",
               "Lederen din må godkjenne først. Spør i #ithelp hvis det tar tid."])],
            ["Velkommen! 👋", "Velkommen til oss!", "Så hyggelig, si ifra om du trenger noe."],
        ),
        "sv": _t(
            ["Hej allihop! Jag heter {first} och har precis börjat i {team} i {city}. Ser fram emot att lära känna er. "
             "#hello",
             "Välkommen {mention} som börjar hos oss i dag! Ta väl hand om vår nya kollega. #onboarding",
             "Första veckan avklarad – tack alla för ett så varmt mottagande! #onboarding",
             "Tips till nyanställda: checklistan för onboarding finns under #onboarding, och bästa kaffet finns vid "
             "{room}."],
            [("Jag är ny i {city} – var hämtar man passerkort till kontoret? #onboarding",
              ["I receptionen, ta med legitimation.", "Receptionen delar ut dem varje dag mellan 9 och 15.",
               "{mention} fixar det, skicka bara ett meddelande."]),
             ("Vem ger behörighet till testmiljön för Harbour? #onboarding",
              ["Skapa ett ärende i IT-portalen så får du access inom en dag.",
               "Din chef behöver godkänna först. Fråga i #ithelp om det drar ut på tiden."])],
            ["Välkommen! 👋", "Varmt välkommen!", "Kul att du är här, säg till om du behöver något."],
        ),
        "nl": _t(
            ["Hoi allemaal! Ik ben {first} en deze week begonnen bij {team} in {city}. Ik kijk ernaar uit jullie te "
             "leren kennen. #hello",
             "Welkom {mention}, die vandaag bij ons begint! Maak onze nieuwe collega wegwijs. #onboarding",
             "Eerste week zit erop. Wat een warm welkom, bedankt allemaal! #onboarding",
             "Tip voor nieuwe collega's: de onboarding-checklist staat onder #onboarding en de beste koffie staat bij "
             "{room}."],
            [("Ik ben nieuw in {city}: waar haal ik mijn toegangspas op? #onboarding",
              ["Bij de receptie, neem je ID mee.", "De receptie geeft ze elke dag uit tussen 9 en 15 uur.",
               "{mention} regelt dat, stuur even een berichtje."]),
             ("Wie geeft toegang tot de testomgeving van Harbour? #onboarding",
              ["Maak een ticket aan in het IT-portaal, dan heb je binnen een dag toegang.",
               "Je manager moet het eerst goedkeuren. Vraag het in #ithelp als het lang duurt."])],
            ["Welkom! 👋", "Welkom bij Nordhavn!", "Leuk dat je er bent, laat het weten als je iets nodig hebt."],
        ),
        "en": _t(
            ["Hi everyone! I'm {first} and I just joined {team} in {city}. Looking forward to meeting you all. #hello",
             "Please welcome {mention}, who starts with us today! Say hi and invite our new colleague to lunch. "
             "#onboarding",
             "First week done. Thanks everyone for the warm welcome and for answering all my questions! #onboarding",
             "Tip for new joiners: the onboarding checklist lives under #onboarding, and the best coffee is next to "
             "{room}."],
            [("I'm new in {city}: where do I pick up my access card? #onboarding",
              ["At reception, bring your ID.", "Reception hands them out every day between 9 and 3.",
               "{mention} can sort that out, just send a message."]),
             ("Who grants access to the Harbour test environment? #onboarding",
              ["Open a ticket in the IT portal and you'll have access within a day.",
               "Your manager approves it first. Ask in #ithelp if it takes long."])],
            ["Welcome aboard! 👋", "Great to have you here!", "Welcome, shout if you need anything."],
        ),
    },
    "ithelp": {
        "da": _t(
            ["Planlagt vedligehold: VPN'en er nede {day} aften fra 22 til 23. Gem jeres arbejde i god tid. #ithelp",
             "Pas på: der går en phishingmail rundt, der ligner en faktura fra {customer}. Klik ikke på linket, men "
             "videresend den til IT. #ithelp #security",
             "De nye bærbare er kommet! Hvis du har fået en mail om udskiftning, kan du hente din ved {room} {day}. "
             "#ithelp"],
            [("Min VPN afbryder hele tiden, når jeg arbejder hjemmefra. Er der andre, der oplever det? #ithelp",
              ["Prøv at opdatere klienten til den nyeste version, det løste det for mig.",
               "Genstart routeren og vælg serveren i {city} i stedet for den automatiske.",
               "Vi kigger på det – opret gerne en sag, så vi kan se logfilerne."]),
             ("Hvordan nulstiller jeg min MFA, når jeg har fået ny telefon? #ithelp",
              ["Gå til selvbetjeningsportalen og vælg 'Ny enhed'. Du skal bruge en engangskode fra IT.",
               "Ring til IT-supporten, så hjælper de dig igennem det på fem minutter."]),
             ("Printeren på 2. sal siger 'papirstop', men der sidder intet fast. Nogen idéer? #ithelp",
              ["Åbn bagklappen – der sidder tit en lille stump papir fast der.",
               "Den har gjort det før. Sluk og tænd den, så plejer den at komme sig."])],
            ["Tak for info!", "Godt at vide, tak.", "Samme problem her."],
        ),
        "nb": _t(
            ["Planlagt vedlikehold: VPN er nede {day} kveld mellom 22 og 23. Lagre arbeidet ditt i god tid. #ithelp",
             "Obs: det går en phishing-e-post som ser ut som en faktura fra {customer}. Ikke klikk på lenken – "
             "videresend den til IT. #ithelp #security",
             "De nye PC-ene er kommet! Har du fått e-post om bytte, kan du hente din ved {room} på {day}. #ithelp"],
            [("VPN-en faller ut hele tiden når jeg jobber hjemmefra. Noen andre som opplever det samme? #ithelp",
              ["Prøv å oppdatere klienten til nyeste versjon, det hjalp for meg.",
               "Start ruteren på nytt og velg serveren i {city} i stedet for automatisk.",
               "Vi ser på saken – lag gjerne en sak så vi får loggene."]),
             ("Hvordan tilbakestiller jeg MFA når jeg har fått ny telefon? #ithelp",
              ["Gå til selvbetjeningsportalen og velg «Ny enhet». Du trenger en engangskode fra IT.",
               "Ring IT-brukerstøtten, så er det fikset på fem minutter."]),
             ("Skriveren i andre etasje sier «papirstopp», men det sitter ikke noe fast. Noen tips? #ithelp",
              ["Åpne luken bak – det sitter ofte en liten papirbit der.",
               "Den har gjort det før. Skru den av og på igjen, så pleier det å gå."])],
            ["Takk for info!", "Godt å vite, takk.", "Samme problem her."],
        ),
        "sv": _t(
            ["Planerat underhåll: VPN:en ligger nere {day} kväll mellan 22 och 23. Spara ditt arbete i god tid. "
             "#ithelp",
             "Varning: det går runt ett nätfiskemejl som ser ut som en faktura från {customer}. Klicka inte på länken "
             "utan skicka vidare till IT. #ithelp #security",
             "De nya datorerna har kommit! Har du fått mejl om byte kan du hämta din vid {room} på {day}. #ithelp"],
            [("Min VPN kopplar ner hela tiden när jag jobbar hemifrån. Är det fler som har det så? #ithelp",
              ["Uppdatera klienten till senaste versionen, det löste det för mig.",
               "Starta om routern och välj servern i {city} i stället för automatiskt.",
               "Vi tittar på det – skapa gärna ett ärende så vi får loggarna."]),
             ("Hur återställer jag MFA när jag har fått ny telefon? #ithelp",
              ["Gå till självserviceportalen och välj ”Ny enhet”. Du behöver en engångskod från IT.",
               "Ring IT-supporten så är det fixat på fem minuter."]),
             ("Skrivaren på plan 2 säger ”pappersstopp” men inget sitter fast. Några tips? #ithelp",
              ["Öppna luckan på baksidan – där sitter ofta en liten papperslapp.",
               "Den har gjort så förut. Stäng av och sätt på den igen så brukar det gå."])],
            ["Tack för infon!", "Bra att veta, tack.", "Samma problem här."],
        ),
        "nl": _t(
            ["Gepland onderhoud: de VPN is {day}avond tussen 22.00 en 23.00 uur niet beschikbaar. Sla je werk op tijd "
             "op. #ithelp",
             "Let op: er gaat een phishingmail rond die lijkt op een factuur van {customer}. Klik niet op de link en "
             "stuur hem door naar IT. #ithelp #security",
             "De nieuwe laptops zijn binnen! Heb je een mail over een vervanging gekregen, dan kun je de jouwe {day} "
             "ophalen bij {room}. #ithelp"],
            [("Mijn VPN valt steeds weg als ik thuiswerk. Hebben meer mensen daar last van? #ithelp",
              ["Update de client naar de nieuwste versie, dat loste het bij mij op.",
               "Herstart je router en kies de server in {city} in plaats van automatisch.",
               "We kijken ernaar. Maak even een ticket aan, dan kunnen we de logs bekijken."]),
             ("Hoe reset ik mijn MFA nu ik een nieuwe telefoon heb? #ithelp",
              ["Ga naar het selfserviceportaal en kies 'Nieuw apparaat'. Je hebt een eenmalige code van IT nodig.",
               "Bel de IT-servicedesk, dan is het in vijf minuten geregeld."]),
             ("De printer op de tweede verdieping meldt een papierstoring, maar er zit niets vast. Iemand een idee? "
              "#ithelp",
              ["Open de klep aan de achterkant, daar zit vaak nog een klein snippertje.",
               "Dat doet hij vaker. Even uit- en aanzetten helpt meestal."])],
            ["Bedankt voor de info!", "Goed om te weten, dank je.", "Zelfde probleem hier."],
        ),
        "en": _t(
            ["Planned maintenance: the VPN will be down on {day} evening from 22:00 to 23:00. Save your work in good "
             "time. #ithelp",
             "Heads-up: a phishing e-mail dressed up as an invoice from {customer} is going around. Don't click the "
             "link, forward it to IT. #ithelp #security",
             "The new laptops have arrived! If you got an e-mail about a replacement, pick yours up at {room} on "
             "{day}. #ithelp"],
            [("My VPN keeps dropping when I work from home. Anyone else seeing this? #ithelp",
              ["Update the client to the latest version, that fixed it for me.",
               "Restart your router and pick the {city} server instead of automatic.",
               "We're looking into it. Please open a ticket so we can see the logs."]),
             ("How do I reset MFA after getting a new phone? #ithelp",
              ["Go to the self-service portal and choose 'New device'. You'll need a one-time code from IT.",
               "Call the IT service desk, they'll get you sorted in five minutes."]),
             ("The printer on the second floor says 'paper jam' but nothing is stuck. Any ideas? #ithelp",
              ["Open the back panel, there's often a tiny scrap of paper in there.",
               "It does that sometimes. Switch it off and on again and it usually recovers."])],
            ["Thanks for the heads-up!", "Good to know, thanks.", "Same problem here."],
        ),
    },
    "office": {
        "da": _t(
            ["Kaffemaskinen på 3. sal er repareret ☕ Tak til {mention} for at jagte serviceteknikeren. #kontoret",
             "Husk at booke {room} i kalenderen, hvis I skal bruge det til kundemøder – det har været dobbeltbooket et "
             "par gange i denne uge. #kontoret",
             "Der kommer nye planter og lydabsorbenter i det åbne kontor i {city} på {day}. Ryd gerne skrivebordene "
             "lidt. #kontoret",
             "Cykelkælderen bliver ryddet {day}. Cykler uden mærkat bliver flyttet ud i gården. #kontoret"],
            [("Må man tage sin hund med på kontoret i {city}? #kontoret",
              ["Ja, om fredagen, så længe den er rolig og ikke kommer i kantinen.",
               "Spørg lige dem, der sidder omkring dig – en kollega er allergiker."]),
             ("Hvor finder jeg en ekstra skærm til hjemmearbejdspladsen? #kontoret",
              ["Du kan låne en fra depotet ved {room}. Skriv dig på listen.",
               "Bestil den i IT-portalen, så bliver den sendt hjem til dig."])],
            ["Tak! 🙏", "Endelig!", "Godt initiativ."],
        ),
        "nb": _t(
            ["Kaffemaskinen i tredje etasje er fikset ☕ Takk til {mention} som jaget servicefolka. #kontoret",
             "Husk å booke {room} i kalenderen hvis dere skal ha kundemøter – det har vært dobbeltbooket et par ganger "
             "denne uka. #kontoret",
             "Det kommer nye planter og lyddempende skillevegger til kontorlandskapet i {city} på {day}. Rydd gjerne "
             "pultene litt. #kontoret",
             "Sykkelkjelleren ryddes på {day}. Sykler uten merke blir flyttet ut i bakgården. #kontoret"],
            [("Er det lov å ta med hund på kontoret i {city}? #kontoret",
              ["Ja, på fredager, så lenge den er rolig og holder seg unna kantina.",
               "Spør de som sitter rundt deg først – en kollega er allergisk."]),
             ("Hvor får jeg tak i en ekstra skjerm til hjemmekontoret? #kontoret",
              ["Du kan låne en fra lageret ved {room}. Skriv deg på lista.",
               "Bestill i IT-portalen, så blir den sendt hjem til deg."])],
            ["Takk! 🙏", "Endelig!", "Bra tiltak."],
        ),
        "sv": _t(
            ["Kaffemaskinen på plan 3 är lagad ☕ Tack {mention} för att du jagade serviceteknikern. #kontoret",
             "Kom ihåg att boka {room} i kalendern om ni ska ha kundmöten – det har dubbelbokats några gånger den här "
             "veckan. #kontoret",
             "Det kommer nya växter och ljudabsorbenter till kontorslandskapet i {city} på {day}. Röj gärna "
             "skrivborden lite. #kontoret",
             "Cykelrummet städas på {day}. Cyklar utan märkning flyttas ut på gården. #kontoret"],
            [("Får man ta med hunden till kontoret i {city}? #kontoret",
              ["Ja, på fredagar, så länge den är lugn och håller sig borta från köket.",
               "Fråga dem som sitter runt dig först – en kollega är allergisk."]),
             ("Var får jag tag på en extra skärm till hemmakontoret? #kontoret",
              ["Du kan låna en från förrådet vid {room}. Skriv upp dig på listan.",
               "Beställ i IT-portalen så skickas den hem till dig."])],
            ["Tack! 🙏", "Äntligen!", "Bra initiativ."],
        ),
        "nl": _t(
            ["Het koffieapparaat op de derde verdieping is gerepareerd ☕ Dank aan {mention} voor het achter de "
             "monteur aan zitten. #kantoor",
             "Vergeet niet {room} in de agenda te boeken als je het voor klantgesprekken nodig hebt. Het was deze week "
             "een paar keer dubbel geboekt. #kantoor",
             "Op {day} komen er nieuwe planten en geluidsdempers in de kantoortuin in {city}. Ruim je bureau even op. "
             "#kantoor",
             "De fietsenkelder wordt {day} opgeruimd. Fietsen zonder sticker worden naar de binnenplaats gezet. "
             "#kantoor"],
            [("Mag je je hond meenemen naar kantoor in {city}? #kantoor",
              ["Ja, op vrijdag, zolang hij rustig is en uit de kantine blijft.",
               "Vraag het eerst even aan je buren: een collega is allergisch."]),
             ("Waar kan ik een extra beeldscherm voor thuis krijgen? #kantoor",
              ["Je kunt er een lenen uit de opslag bij {room}. Zet je naam op de lijst.",
               "Bestel het via het IT-portaal, dan wordt het thuisbezorgd."])],
            ["Top, bedankt! 🙏", "Eindelijk!", "Goed initiatief."],
        ),
        "en": _t(
            ["The coffee machine on the third floor is fixed ☕ Thanks to {mention} for chasing the technician. "
             "#office",
             "Please book {room} in the calendar if you need it for customer meetings: it was double-booked a few "
             "times this week. #office",
             "New plants and sound panels are coming to the open office in {city} on {day}. Please clear your desks a "
             "little. #office",
             "The bike room is being cleared on {day}. Bikes without a sticker will be moved to the courtyard. "
             "#office"],
            [("Can I bring my dog to the {city} office? #office",
              ["Yes, on Fridays, as long as it's calm and stays out of the kitchen.",
               "Check with the people around you first: one colleague is allergic."]),
             ("Where can I get an extra monitor for working from home? #office",
              ["You can borrow one from the storage room next to {room}. Put your name on the list.",
               "Order it in the IT portal and it will be delivered to your home."])],
            ["Thanks! 🙏", "Finally!", "Great initiative."],
        ),
    },
    "cake": {
        "da": _t(
            ["Der står {cake} i køkkenet på 2. sal – først til mølle! 🎂 #fredagskage",
             "Det er min tur til fredagskage, så der er hjemmebagt {cake} kl. 14 ved {room}. #fredagskage",
             "Fødselsdag! {mention} har fødselsdag i dag, og der er {cake} til alle i kantinen. 🎉 #fredagskage"],
            [("Hvem har fredagskage i næste uge? Listen er forsvundet fra køleskabet. #fredagskage",
              ["Det er salgsteamet, tror jeg. {mention} har listen.",
               "Den ligger nu i teamkalenderen, så den ikke forsvinder igen."])],
            ["Mums! 😋", "Den var virkelig god, tak!", "Er der mere tilbage?", "Opskrift, tak!"],
        ),
        "nb": _t(
            ["Det står {cake} på kjøkkenet i andre etasje – førstemann til mølla! 🎂 #kakefredag",
             "Min tur til kakefredag: hjemmebakt {cake} klokka 14 ved {room}. #kakefredag",
             "Bursdag! {mention} har bursdag i dag, og det er {cake} til alle i kantina. 🎉 #kakefredag"],
            [("Hvem har kakefredag neste uke? Lista har forsvunnet fra kjøleskapet. #kakefredag",
              ["Det er salgsteamet, tror jeg. {mention} har lista.",
               "Den ligger nå i teamkalenderen, så den ikke blir borte igjen."])],
            ["Nam! 😋", "Den var skikkelig god, takk!", "Er det noe igjen?", "Oppskrift, takk!"],
        ),
        "sv": _t(
            ["Fika! Det finns {cake} i köket på plan 2 – först till kvarn! 🎂 #fika",
             "Min tur att bjuda på fredagsfika: det blir {cake} klockan tre vid {room}. #fika",
             "Födelsedagsfika! {mention} fyller år i dag, så det bjuds på {cake} i köket. 🎉 #fika"],
            [("Vem har fikaansvar nästa vecka? Listan har försvunnit från kylskåpet. #fika",
              ["Säljteamet, tror jag. {mention} har listan.",
               "Den ligger i teamkalendern nu så den inte försvinner igen."])],
            ["Mums! 😋", "Den var riktigt god, tack!", "Finns det något kvar?", "Recept, tack!"],
        ),
        "nl": _t(
            ["Er staat {cake} in de keuken op de tweede verdieping. Wie het eerst komt… 🎂 #taart",
             "Mijn beurt voor de vrijdagtraktatie: om 14.00 uur {cake} bij {room}. #taart",
             "{mention} is vandaag jarig, dus er is {cake} voor iedereen in de kantine. Hoera! 🎉 #taart"],
            [("Wie trakteert er volgende week? Het lijstje is van de koelkast verdwenen. #taart",
              ["Het salesteam, denk ik. {mention} heeft de lijst.",
               "Hij staat nu in de teamagenda, dan raakt hij niet meer kwijt."])],
            ["Lekker! 😋", "Die was echt goed, dank je!", "Is er nog wat over?", "Recept graag!"],
        ),
        "en": _t(
            ["There's {cake} in the kitchen on the second floor, first come, first served! 🎂 #fridaycake",
             "My turn for Friday cake: {cake} at 2 pm by {room}. #fridaycake",
             "It's {mention}'s birthday today, so there's {cake} for everyone in the canteen. 🎉 #fridaycake"],
            [("Who's on Friday cake duty next week? The list has vanished from the fridge. #fridaycake",
              ["The sales team, I think. {mention} has the list.",
               "It's in the team calendar now, so it can't vanish again."])],
            ["Yum! 😋", "That was really good, thanks!", "Anything left?", "Recipe please!"],
        ),
    },
    "sales": {
        "da": _t(
            ["Vi har netop skrevet kontrakt med {customer} 🎉 De starter med {product} i {city} og udruller til {n} "
             "lagre i løbet af året. Stor tak til alle, der hjalp med demoen! #saleswin",
             "Fornyelse i hus: {customer} forlænger i tre år og tilføjer {product}. #saleswin",
             "God uge i salg: {n} nye møder booket og to tilbud ude hos {customer}. Krydser fingre! #sales"],
            [("Har nogen en kundecase fra transportbranchen, vi kan bruge over for {customer}? #sales",
              ["Marketing har en ny case med tal på leveringstider – spørg {mention}.",
               "Der ligger tre cases i salgsmappen under 'Transport'."]),
             ("Hvad er vores standardrabat på flerårige aftaler? #sales",
              ["Op til 10 % uden godkendelse, derover skal salgsdirektøren ind over.",
               "Se prisguiden i salgsmappen – den blev opdateret i sidste måned."])],
            ["Tillykke! 🍾", "Stærkt gået!", "Fantastisk, godt arbejde!"],
        ),
        "nb": _t(
            ["Vi har nettopp signert med {customer} 🎉 De starter med {product} i {city} og ruller ut til {n} lagre i "
             "løpet av året. Stor takk til alle som hjalp med demoen! #saleswin",
             "Fornyelse i boks: {customer} forlenger i tre år og legger til {product}. #saleswin",
             "God uke i salg: {n} nye møter booket og to tilbud ute hos {customer}. Krysser fingrene! #sales"],
            [("Har noen en kundecase fra transportbransjen vi kan bruke mot {customer}? #sales",
              ["Markedsavdelingen har en ny case med tall på leveringstider – spør {mention}.",
               "Det ligger tre caser i salgsmappa under «Transport»."]),
             ("Hva er standardrabatten vår på flerårige avtaler? #sales",
              ["Opptil 10 % uten godkjenning, over det må salgsdirektøren inn.",
               "Se prisguiden i salgsmappa, den ble oppdatert forrige måned."])],
            ["Gratulerer! 🍾", "Sterkt jobbet!", "Fantastisk, godt jobba!"],
        ),
        "sv": _t(
            ["Vi har precis skrivit avtal med {customer} 🎉 De börjar med {product} i {city} och rullar ut till {n} "
             "lager under året. Stort tack till alla som hjälpte till med demon! #saleswin",
             "Förlängning klar: {customer} förlänger i tre år och lägger till {product}. #saleswin",
             "Bra vecka på sälj: {n} nya möten bokade och två offerter ute hos {customer}. Håller tummarna! #sales"],
            [("Har någon ett kundcase från transportbranschen som vi kan använda mot {customer}? #sales",
              ["Marknad har ett nytt case med siffror på leveranstider – fråga {mention}.",
               "Det finns tre case i säljmappen under ”Transport”."]),
             ("Vad är vår standardrabatt på fleråriga avtal? #sales",
              ["Upp till 10 % utan godkännande, över det behöver säljchefen godkänna.",
               "Kolla prisguiden i säljmappen, den uppdaterades förra månaden."])],
            ["Grattis! 🍾", "Starkt jobbat!", "Fantastiskt, bra jobbat!"],
        ),
        "nl": _t(
            ["We hebben zojuist getekend met {customer} 🎉 Ze beginnen met {product} in {city} en rollen dit jaar uit "
             "naar {n} magazijnen. Dank aan iedereen die hielp met de demo! #saleswin",
             "Verlenging binnen: {customer} verlengt voor drie jaar en neemt er {product} bij. #saleswin",
             "Goede week voor sales: {n} nieuwe afspraken gepland en twee offertes uit bij {customer}. Duimen maar! "
             "#sales"],
            [("Heeft iemand een klantcase uit de transportsector die we bij {customer} kunnen gebruiken? #sales",
              ["Marketing heeft een nieuwe case met cijfers over levertijden, vraag het aan {mention}.",
               "Er staan drie cases in de salesmap onder 'Transport'."]),
             ("Wat is onze standaardkorting op meerjarige contracten? #sales",
              ["Tot 10% zonder goedkeuring, daarboven moet de salesdirecteur akkoord geven.",
               "Kijk in de prijsgids in de salesmap, die is vorige maand bijgewerkt."])],
            ["Gefeliciteerd! 🍾", "Sterk werk!", "Geweldig, goed gedaan!"],
        ),
        "en": _t(
            ["We just signed {customer} 🎉 They start with {product} in {city} and roll out to {n} warehouses this "
             "year. Huge thanks to everyone who helped with the demo! #saleswin",
             "Renewal in the bag: {customer} extends for three years and adds {product}. #saleswin",
             "Good week in sales: {n} new meetings booked and two proposals out with {customer}. Fingers crossed! "
             "#sales"],
            [("Does anyone have a customer story from the transport sector we can use with {customer}? #sales",
              ["Marketing has a new case study with delivery-time figures, ask {mention}.",
               "There are three case studies in the sales folder under 'Transport'."]),
             ("What's our standard discount on multi-year deals? #sales",
              ["Up to 10% without approval, above that the sales director signs off.",
               "Check the pricing guide in the sales folder, it was updated last month."])],
            ["Congratulations! 🍾", "Brilliant work!", "Fantastic, well done!"],
        ),
    },
    "release": {
        "da": _t(
            ["{product} {version} er ude! Nyt i denne version: {feature}. Release notes ligger i hjælpecentret. "
             "#release",
             "Vi ruller {product} {version} ud til alle kunder i aften. Supportteamet er klar, hvis der kommer "
             "spørgsmål. #release",
             "Tak for alle jeres input til {feature} – det er nu i beta hos {n} kunder. Skriv, hvis jeres kunder vil "
             "være med. #release"],
            [("Hvornår kommer {feature} til {product}? {customer} har spurgt to gange nu. #release",
              ["Det er planlagt til næste version, hvis testen går godt.",
               "Det står på roadmappen for næste kvartal – {mention} kender detaljerne."])],
            ["Flot arbejde, team! 🚀", "Kunderne kommer til at elske det.", "Endelig – det har vi ventet på."],
        ),
        "nb": _t(
            ["{product} {version} er ute! Nytt i denne versjonen: {feature}. Release notes ligger i hjelpesenteret. "
             "#release",
             "Vi ruller ut {product} {version} til alle kunder i kveld. Brukerstøtte er klar hvis det kommer "
             "spørsmål. #release",
             "Takk for alle innspill til {feature} – det er nå i beta hos {n} kunder. Si ifra om kundene deres vil "
             "være med. #release"],
            [("Når kommer {feature} i {product}? {customer} har spurt to ganger nå. #release",
              ["Det er planlagt til neste versjon hvis testingen går bra.",
               "Det står på veikartet for neste kvartal – {mention} kan detaljene."])],
            ["Bra jobba, team! 🚀", "Kundene kommer til å elske dette.", "Endelig – dette har vi ventet på."],
        ),
        "sv": _t(
            ["{product} {version} är ute! Nytt i den här versionen: {feature}. Release notes finns i hjälpcentret. "
             "#release",
             "Vi rullar ut {product} {version} till alla kunder i kväll. Supporten står redo om det kommer frågor. "
             "#release",
             "Tack för alla synpunkter på {feature} – nu är det i beta hos {n} kunder. Hör av er om era kunder vill "
             "vara med. #release"],
            [("När kommer {feature} till {product}? {customer} har frågat två gånger nu. #release",
              ["Det är planerat till nästa version om testerna går bra.",
               "Det ligger på roadmapen för nästa kvartal – {mention} kan detaljerna."])],
            ["Snyggt jobbat, team! 🚀", "Kunderna kommer att älska det här.", "Äntligen – det har vi väntat på."],
        ),
        "nl": _t(
            ["{product} {version} is uit! Nieuw in deze versie: {feature}. De release notes staan in het helpcentrum. "
             "#release",
             "Vanavond rollen we {product} {version} uit naar alle klanten. Support staat klaar voor vragen. #release",
             "Dank voor alle input op {feature}: het staat nu in bèta bij {n} klanten. Laat het weten als jouw "
             "klanten mee willen doen. #release"],
            [("Wanneer komt {feature} naar {product}? {customer} heeft er nu twee keer naar gevraagd. #release",
              ["Dat staat gepland voor de volgende versie, als de tests goed gaan.",
               "Het staat op de roadmap voor volgend kwartaal, {mention} weet de details."])],
            ["Mooi werk, team! 🚀", "Klanten gaan dit geweldig vinden.", "Eindelijk, hier hebben we op gewacht."],
        ),
        "en": _t(
            ["{product} {version} is out! New in this release: {feature}. Release notes are in the help centre. "
             "#release",
             "We're rolling out {product} {version} to all customers tonight. Support is ready for questions. "
             "#release",
             "Thanks for all your input on {feature}: it's now in beta with {n} customers. Let us know if your "
             "customers want in. #release"],
            [("When is {feature} coming to {product}? {customer} has asked twice now. #release",
              ["It's planned for the next release if testing goes well.",
               "It's on the roadmap for next quarter, {mention} knows the details."])],
            ["Great work, team! 🚀", "Customers are going to love this.", "Finally, we've been waiting for this."],
        ),
    },
    "engineering": {
        "da": _t(
            ["Postmortem fra nedbruddet {day}: et certifikat, der ikke blev fornyet, tog API'et ned i {n} minutter. "
             "Nu overvåger vi alle certifikater. #engineering #incident",
             "Vi har flyttet CI til de nye runners – byggetiden er faldet fra 14 til {n} minutter. 🏎️ #devops",
             "Tech talk {day} kl. {time} i {room}: {mention} fortæller om, hvordan vi tester {product}. Der er kage. "
             "#engineering",
             "Husk: ingen deploys fredag eftermiddag. Weekenden er hellig. 🙏 #devops"],
            [("Hvordan får jeg adgang til staging-databasen? #engineering",
              ["Anmod om rollen 'staging-read' i adgangsportalen, din leder godkender.",
               "Spørg {mention} – de har lige sat det op for de nye."]),
             ("Er der nogen, der har erfaring med at opgradere til den nye PostgreSQL-version? #engineering",
              ["Vi gjorde det i {product} sidste måned, det gik glat. Læs vores noter i wikien.",
               "Husk at teste udvidelserne først – det var det eneste, der drillede."])],
            ["Godt fundet!", "Tak for den grundige gennemgang.", "Det skal vi også gøre i vores team."],
        ),
        "nb": _t(
            ["Postmortem etter nedetiden på {day}: et sertifikat som ikke ble fornyet tok ned API-et i {n} minutter. "
             "Nå overvåker vi alle sertifikater. #engineering #incident",
             "CI er flyttet til de nye runnerne – byggetiden gikk ned fra 14 til {n} minutter. 🏎️ #devops",
             "Tech talk på {day} klokka {time} i {room}: {mention} forteller om hvordan vi tester {product}. Det blir "
             "kake. #engineering",
             "Påminnelse: ingen deploy fredag ettermiddag. Helgen er hellig. 🙏 #devops"],
            [("Hvordan får jeg tilgang til staging-databasen? #engineering",
              ["Be om rollen «staging-read» i tilgangsportalen, lederen din godkjenner.",
               "Spør {mention}, de satte det nettopp opp for de nye."]),
             ("Noen som har erfaring med å oppgradere til den nye PostgreSQL-versjonen? #engineering",
              ["Vi gjorde det i {product} forrige måned, det gikk knirkefritt. Les notatene våre i wikien.",
               "Test utvidelsene først – det var det eneste som ga trøbbel."])],
            ["Godt funnet!", "Takk for grundig gjennomgang.", "Det bør vi gjøre i vårt team også."],
        ),
        "sv": _t(
            ["Postmortem efter driftstörningen i {day}s: ett certifikat som inte förnyades tog ner API:t i {n} "
             "minuter. Nu övervakar vi alla certifikat. #engineering #incident",
             "CI är flyttad till de nya runnerna – byggtiden har gått ner från 14 till {n} minuter. 🏎️ #devops",
             "Tech talk på {day} klockan {time} i {room}: {mention} berättar hur vi testar {product}. Det blir fika. "
             "#engineering",
             "Påminnelse: inga deployer på fredag eftermiddag. Helgen är helig. 🙏 #devops"],
            [("Hur får jag åtkomst till staging-databasen? #engineering",
              ["Begär rollen ”staging-read” i behörighetsportalen, din chef godkänner.",
               "Fråga {mention}, de satte precis upp det för de nya."]),
             ("Har någon erfarenhet av att uppgradera till den nya PostgreSQL-versionen? #engineering",
              ["Vi gjorde det i {product} förra månaden, det gick smidigt. Läs våra anteckningar i wikin.",
               "Testa tilläggen först – det var det enda som krånglade."])],
            ["Bra hittat!", "Tack för den grundliga genomgången.", "Det borde vi göra i vårt team också."],
        ),
        "nl": _t(
            ["Postmortem van de storing van {day}: een certificaat dat niet werd vernieuwd legde de API {n} minuten "
             "plat. We monitoren nu alle certificaten. #engineering #incident",
             "CI draait nu op de nieuwe runners: de buildtijd ging van 14 naar {n} minuten. 🏎️ #devops",
             "Tech talk op {day} om {time} in {room}: {mention} vertelt hoe we {product} testen. Er is taart. "
             "#engineering",
             "Reminder: geen deploys op vrijdagmiddag. Het weekend is heilig. 🙏 #devops"],
            [("Hoe krijg ik toegang tot de staging-database? #engineering",
              ["Vraag de rol 'staging-read' aan in het toegangsportaal, je manager keurt het goed.",
               "Vraag het aan {mention}, die heeft het net voor de nieuwe collega's ingericht."]),
             ("Heeft iemand ervaring met upgraden naar de nieuwe PostgreSQL-versie? #engineering",
              ["We deden het vorige maand voor {product}, dat ging soepel. Lees onze notities in de wiki.",
               "Test eerst de extensies, dat was het enige dat tegenviel."])],
            ["Goed gevonden!", "Dank voor de grondige uitleg.", "Dat moeten wij in ons team ook doen."],
        ),
        "en": _t(
            ["Postmortem for {day}'s outage: a certificate that wasn't renewed took the API down for {n} minutes. We "
             "now monitor every certificate. #engineering #incident",
             "CI has moved to the new runners: build time went from 14 to {n} minutes. 🏎️ #devops",
             "Tech talk on {day} at {time} in {room}: {mention} explains how we test {product}. There will be cake. "
             "#engineering",
             "Reminder: no deploys on Friday afternoons. Weekends are sacred. 🙏 #devops"],
            [("How do I get access to the staging database? #engineering",
              ["Request the 'staging-read' role in the access portal, your manager approves it.",
               "Ask {mention}, they just set it up for the new joiners."]),
             ("Has anyone upgraded to the new PostgreSQL version yet? #engineering",
              ["We did it for {product} last month, went smoothly. Our notes are in the wiki.",
               "Test the extensions first, that was the only thing that bit us."])],
            ["Good catch!", "Thanks for the thorough write-up.", "We should do that in our team too."],
        ),
    },
    "support": {
        "da": _t(
            ["Dejlig mail fra {customer} i dag: 'Jeres support er den bedste, vi har oplevet.' Det er jer, "
             "supportteam! 💙 #support",
             "Status fra support: {n} åbne sager, og svartiden er nede på under en time. Godt gået alle sammen. "
             "#support",
             "Hvis I får spørgsmål om {feature} fra kunder, så send dem gerne videre til os – vi samler dem til "
             "produktteamet. #support"],
            [("Hvordan eskalerer jeg en kritisk sag fra {customer} uden for åbningstid? #support",
              ["Ring til vagttelefonen – nummeret står i support-wikien.",
               "Opret sagen med prioritet 1, så går der automatisk en alarm til vagten."])],
            ["Sådan! 💪", "Det er dejligt at høre.", "Godt arbejde!"],
        ),
        "nb": _t(
            ["Hyggelig e-post fra {customer} i dag: «Dere har den beste kundestøtten vi har opplevd.» Det er dere, "
             "supportteam! 💙 #support",
             "Status fra support: {n} åpne saker, og svartiden er nede i under en time. Godt jobba alle sammen. "
             "#support",
             "Får dere spørsmål om {feature} fra kunder, send dem gjerne videre til oss – vi samler dem til "
             "produktteamet. #support"],
            [("Hvordan eskalerer jeg en kritisk sak fra {customer} utenom åpningstid? #support",
              ["Ring vakttelefonen – nummeret står i support-wikien.",
               "Opprett saken med prioritet 1, så går det automatisk en alarm til vakta."])],
            ["Sånn ja! 💪", "Så fint å høre.", "Godt jobbet!"],
        ),
        "sv": _t(
            ["Härligt mejl från {customer} i dag: ”Er support är den bästa vi har varit med om.” Det är ni, "
             "supportteamet! 💙 #support",
             "Läget på support: {n} öppna ärenden och svarstiden är nere under en timme. Bra jobbat allihop. #support",
             "Får ni frågor om {feature} från kunder, skicka dem gärna vidare till oss – vi samlar dem åt "
             "produktteamet. #support"],
            [("Hur eskalerar jag ett kritiskt ärende från {customer} utanför kontorstid? #support",
              ["Ring jourtelefonen – numret finns i support-wikin.",
               "Skapa ärendet med prioritet 1, så larmas jouren automatiskt."])],
            ["Så ska det se ut! 💪", "Vad kul att höra.", "Bra jobbat!"],
        ),
        "nl": _t(
            ["Mooie mail van {customer} vandaag: 'Jullie support is de beste die we ooit hebben gehad.' Dat zijn "
             "jullie, supportteam! 💙 #support",
             "Stand van zaken bij support: {n} open tickets en de reactietijd is onder het uur. Goed gedaan "
             "allemaal. #support",
             "Krijgen jullie vragen over {feature} van klanten, stuur ze dan door naar ons. We verzamelen ze voor "
             "het productteam. #support"],
            [("Hoe escaleer ik een kritiek ticket van {customer} buiten kantoortijd? #support",
              ["Bel de storingsdienst, het nummer staat in de support-wiki.",
               "Maak het ticket aan met prioriteit 1, dan gaat er automatisch een alarm naar de dienst."])],
            ["Zo! 💪", "Wat fijn om te horen.", "Goed werk!"],
        ),
        "en": _t(
            ["Lovely e-mail from {customer} today: 'Your support is the best we've ever had.' That's you, support "
             "team! 💙 #support",
             "Support status: {n} open cases and response time is down to under an hour. Well done, everyone. "
             "#support",
             "If customers ask you about {feature}, send them our way: we collect the questions for the product team. "
             "#support"],
            [("How do I escalate a critical case from {customer} outside office hours? #support",
              ["Call the on-call phone, the number is in the support wiki.",
               "Open the case with priority 1 and the on-call engineer is alerted automatically."])],
            ["That's it! 💪", "So good to hear.", "Great work!"],
        ),
    },
    "hr": {
        "da": _t(
            ["Påmindelse: medarbejderudviklingssamtalerne skal være holdt inden udgangen af måneden. Skabelonen ligger "
             "i HR-portalen. #hr",
             "Nyt i personalehåndbogen: vi udvider ordningen for hjemmearbejde til tre dage om ugen. #hr",
             "Lønnen udbetales {day} i denne måned på grund af helligdagen. #payroll"],
            [("Hvor mange feriedage kan man overføre til næste år? #hr",
              ["Op til fem dage, hvis du aftaler det med din leder inden 31. december.",
               "Se feriepolitikken i HR-portalen – der står det hele."]),
             ("Hvordan registrerer jeg barns første sygedag? #hr",
              ["Det gør du i tidsregistreringen under 'Fravær'.",
               "Giv din leder besked og registrér det i tidsregistreringen."])],
            ["Tak for påmindelsen!", "Godt at vide.", "Super, tak."],
        ),
        "nb": _t(
            ["Påminnelse: medarbeidersamtalene skal være gjennomført innen utgangen av måneden. Malen ligger i "
             "HR-portalen. #hr",
             "Nytt i personalhåndboka: vi utvider hjemmekontorordningen til tre dager i uka. #hr",
             "Lønna kommer på {day} denne måneden på grunn av helligdagen. #payroll"],
            [("Hvor mange feriedager kan man overføre til neste år? #hr",
              ["Inntil fem dager hvis du avtaler det med lederen din før 31. desember.",
               "Se feriepolicyen i HR-portalen, der står alt."]),
             ("Hvordan registrerer jeg sykt barn-dager? #hr",
              ["Det gjør du i timeføringen under «Fravær».",
               "Gi lederen din beskjed og registrer det i timeføringen."])],
            ["Takk for påminnelsen!", "Godt å vite.", "Supert, takk."],
        ),
        "sv": _t(
            ["Påminnelse: medarbetarsamtalen ska vara klara före månadens slut. Mallen finns i HR-portalen. #hr",
             "Nytt i personalhandboken: vi utökar distansarbetet till tre dagar i veckan. #hr",
             "Lönen betalas ut på {day} den här månaden på grund av helgdagen. #payroll"],
            [("Hur många semesterdagar kan man spara till nästa år? #hr",
              ["Upp till fem dagar om du kommer överens med din chef före 31 december.",
               "Kolla semesterpolicyn i HR-portalen, där står allt."]),
             ("Hur registrerar jag VAB? #hr",
              ["Det gör du i tidrapporteringen under ”Frånvaro”, och glöm inte att anmäla till Försäkringskassan.",
               "Säg till din chef och registrera det i tidrapporten."])],
            ["Tack för påminnelsen!", "Bra att veta.", "Toppen, tack."],
        ),
        "nl": _t(
            ["Herinnering: de functioneringsgesprekken moeten voor het einde van de maand gevoerd zijn. Het sjabloon "
             "staat in het HR-portaal. #hr",
             "Nieuw in het personeelshandboek: thuiswerken kan voortaan drie dagen per week. #hr",
             "Het salaris wordt deze maand op {day} uitbetaald vanwege de feestdag. #payroll"],
            [("Hoeveel vakantiedagen mag je meenemen naar volgend jaar? #hr",
              ["Tot vijf dagen, als je dat vóór 31 december met je manager afspreekt.",
               "Kijk in het verlofbeleid in het HR-portaal, daar staat alles."]),
             ("Hoe meld ik calamiteitenverlof als mijn kind ziek is? #hr",
              ["Dat doe je in de urenregistratie onder 'Verlof'.",
               "Laat het je manager weten en registreer het in de urenregistratie."])],
            ["Bedankt voor de herinnering!", "Goed om te weten.", "Top, dank je."],
        ),
        "en": _t(
            ["Reminder: performance conversations should be done by the end of the month. The template is in the HR "
             "portal. #hr",
             "New in the employee handbook: working from home is now possible three days a week. #hr",
             "Salaries are paid on {day} this month because of the public holiday. #payroll"],
            [("How many vacation days can I carry over to next year? #hr",
              ["Up to five days, if you agree it with your manager before 31 December.",
               "Check the vacation policy in the HR portal, it's all there."]),
             ("How do I register a day off to look after a sick child? #hr",
              ["In the time registration tool under 'Absence'.",
               "Let your manager know and register it in the time tool."])],
            ["Thanks for the reminder!", "Good to know.", "Great, thanks."],
        ),
    },
    "finance": {
        "da": _t(
            ["Månedsafslutning: husk at indsende udlæg senest {day}, ellers kommer de først med næste måneds løn. "
             "#expenses",
             "Nyt rejsebureau fra næste måned – alle rejser bookes via portalen. Vejledningen ligger under #travel."],
            [("Skal jeg gemme den fysiske kvittering, når jeg har taget et billede af den? #expenses",
              ["Nej, et tydeligt billede i appen er nok.",
               "Billedet er nok, men på udenlandske kvitteringer skal valutaen fremgå."]),
             ("Må man tage toget til {city} i stedet for at flyve, selv om det tager længere tid? #travel",
              ["Ja, vi anbefaler tog, når rejsetiden er under seks timer.",
               "Ja – rejsepolitikken blev ændret i år for at skære ned på CO2."])],
            ["Tak for info.", "Godt at vide!"],
        ),
        "nb": _t(
            ["Månedsavslutning: husk å levere utlegg innen {day}, ellers kommer de først med neste måneds lønn. "
             "#expenses",
             "Nytt reisebyrå fra neste måned – alle reiser bestilles via portalen. Veiledningen ligger under #travel."],
            [("Må jeg ta vare på papirkvitteringen når jeg har tatt bilde av den? #expenses",
              ["Nei, et tydelig bilde i appen holder.",
               "Bildet holder, men på utenlandske kvitteringer må valutaen komme fram."]),
             ("Er det lov å ta toget til {city} i stedet for å fly, selv om det tar lengre tid? #travel",
              ["Ja, vi anbefaler tog når reisetiden er under seks timer.",
               "Ja, reisepolicyen ble endret i år for å kutte utslipp."])],
            ["Takk for info.", "Godt å vite!"],
        ),
        "sv": _t(
            ["Månadsbokslut: kom ihåg att lämna in utlägg senast på {day}, annars kommer de med nästa månads lön. "
             "#expenses",
             "Ny resebyrå från nästa månad – alla resor bokas via portalen. Instruktionerna finns under #travel."],
            [("Måste jag spara papperskvittot när jag har fotat det? #expenses",
              ["Nej, en tydlig bild i appen räcker.", "Bilden räcker, men på utländska kvitton måste valutan synas."]),
             ("Får man ta tåget till {city} i stället för att flyga, även om det tar längre tid? #travel",
              ["Ja, vi rekommenderar tåg när restiden är under sex timmar.",
               "Ja, resepolicyn ändrades i år för att minska utsläppen."])],
            ["Tack för infon.", "Bra att veta!"],
        ),
        "nl": _t(
            ["Maandafsluiting: lever je declaraties uiterlijk {day} in, anders komen ze pas mee met het salaris van "
             "volgende maand. #expenses",
             "Vanaf volgende maand hebben we een nieuw reisbureau: alle reizen boek je via het portaal. De handleiding "
             "staat onder #travel."],
            [("Moet ik het papieren bonnetje bewaren als ik er een foto van heb gemaakt? #expenses",
              ["Nee, een duidelijke foto in de app is genoeg.",
               "De foto is genoeg, maar bij buitenlandse bonnen moet de valuta zichtbaar zijn."]),
             ("Mag je met de trein naar {city} in plaats van te vliegen, ook als het langer duurt? #travel",
              ["Ja, we raden de trein aan als de reistijd onder de zes uur blijft.",
               "Ja, het reisbeleid is dit jaar aangepast om de uitstoot te verlagen."])],
            ["Bedankt voor de info.", "Goed om te weten!"],
        ),
        "en": _t(
            ["Month-end close: please submit your expenses by {day}, otherwise they'll be paid with next month's "
             "salary. #expenses",
             "New travel agency from next month: all trips are booked through the portal. The guide is under "
             "#travel."],
            [("Do I need to keep the paper receipt once I've taken a photo of it? #expenses",
              ["No, a clear photo in the app is enough.",
               "The photo is enough, but on foreign receipts the currency must be visible."]),
             ("Can I take the train to {city} instead of flying, even if it takes longer? #travel",
              ["Yes, we recommend the train when the journey is under six hours.",
               "Yes, the travel policy changed this year to cut emissions."])],
            ["Thanks for the info.", "Good to know!"],
        ),
    },
    "social": {
        "da": _t(
            ["Fredagsbar i kantinen fra kl. 16 – i dag står {team} for musikken. 🎶 #afterwork",
             "Tak for en fantastisk sommerfest! Billederne ligger i den fælles mappe. ☀️ #sommerfest",
             "Vi er nogle stykker, der spiller brætspil efter arbejde {day} i {room}. Alle er velkomne! 🎲 #afterwork"],
            [("Er der nogen, der vil dele en taxa hjem fra julefrokosten? Jeg skal mod Valby. #afterwork",
              ["Jeg er med – jeg skal samme vej.", "Der går en bus lige uden for, men jeg deler gerne."])],
            ["Jeg kommer! 🙌", "Det lyder hyggeligt.", "Ses der!"],
        ),
        "nb": _t(
            ["Fredagspils i kantina fra klokka 16 – i dag står {team} for musikken. 🎶 #afterwork",
             "Takk for en fantastisk sommerfest! Bildene ligger i fellesmappa. ☀️ #sommerfest",
             "Noen av oss spiller brettspill etter jobb på {day} i {room}. Alle er velkomne! 🎲 #afterwork"],
            [("Noen som vil dele taxi hjem fra julebordet? Jeg skal mot Grünerløkka. #afterwork",
              ["Jeg blir med, skal samme vei.", "Det går trikk rett utenfor, men jeg deler gjerne."])],
            ["Jeg kommer! 🙌", "Høres koselig ut.", "Sees der!"],
        ),
        "sv": _t(
            ["AW i köket från klockan 16 – i dag står {team} för musiken. 🎶 #afterwork",
             "Tack för en fantastisk sommarfest! Bilderna finns i den gemensamma mappen. ☀️ #sommarfest",
             "Några av oss spelar brädspel efter jobbet på {day} i {room}. Alla är välkomna! 🎲 #afterwork"],
            [("Någon som vill dela taxi hem från julfesten? Jag ska mot Södermalm. #afterwork",
              ["Jag hänger på, ska åt samma håll.", "Det går en buss precis utanför, men jag delar gärna."])],
            ["Jag kommer! 🙌", "Låter mysigt.", "Vi ses där!"],
        ),
        "nl": _t(
            ["Vrijdagmiddagborrel in de kantine vanaf 16.00 uur. Vandaag regelt {team} de muziek. 🎶 #borrel",
             "Bedankt voor een geweldig zomerfeest! De foto's staan in de gedeelde map. ☀️ #zomerfeest",
             "Met een paar collega's spelen we {day} na het werk bordspellen in {room}. Iedereen is welkom! 🎲 "
             "#borrel"],
            [("Wil iemand een taxi delen na het kerstdiner? Ik moet richting Lombok. #borrel",
              ["Ik doe mee, ik moet dezelfde kant op.", "Er rijdt een tram vlak voor de deur, maar delen is prima."])],
            ["Ik kom! 🙌", "Klinkt gezellig.", "Tot dan!"],
        ),
        "en": _t(
            ["Friday drinks in the canteen from 4 pm, and today {team} is in charge of the music. 🎶 #afterwork",
             "Thanks for an amazing summer party! The photos are in the shared folder. ☀️ #summerparty",
             "A few of us play board games after work on {day} in {room}. Everyone's welcome! 🎲 #afterwork"],
            [("Anyone want to share a taxi home after the Christmas party? #afterwork",
              ["I'm in, I'm heading the same way.", "There's a bus right outside, but happy to share."])],
            ["I'll be there! 🙌", "Sounds fun.", "See you there!"],
        ),
    },
    "running": {
        "da": _t(
            ["Søndagsløb fra kontoret kl. 9: {n} km i roligt tempo, alle kan være med. 🏃 #løb",
             "Stærkt løbet af alle til stafetten i går! Vi blev nummer {n} ud af 40 hold. 🏅 #løb"],
            [("Er der nogen, der har tips til løbesko til asfalt? #løb",
              ["Få lavet en løbeanalyse i en løbebutik, det er det værd.",
               "Jeg er glad for mine med ekstra dæmpning – især på lange ture."])],
            ["Jeg er med!", "Flot løbet! 👏"],
        ),
        "nb": _t(
            ["Søndagsløp fra kontoret klokka 9: {n} km i rolig tempo, alle kan bli med. 🏃 #løping",
             "Sterkt løpt av alle på stafetten i går! Vi ble nummer {n} av 40 lag. 🏅 #løping"],
            [("Noen som har tips til løpesko for asfalt? #løping",
              ["Ta en løpeanalyse i en sportsbutikk, det er verdt det.",
               "Jeg er fornøyd med mine med ekstra demping, særlig på lange turer."])],
            ["Jeg blir med!", "Bra løpt! 👏"],
        ),
        "sv": _t(
            ["Söndagslöpning från kontoret klockan 9: {n} km i lugnt tempo, alla kan vara med. 🏃 #löpning",
             "Starkt sprunget av alla på stafetten i går! Vi kom på plats {n} av 40 lag. 🏅 #löpning"],
            [("Någon som har tips på löparskor för asfalt? #löpning",
              ["Gör en löpanalys i en sportbutik, det är värt det.",
               "Jag är nöjd med mina med extra dämpning, särskilt på långpass."])],
            ["Jag hänger på!", "Snyggt sprunget! 👏"],
        ),
        "nl": _t(
            ["Zondagsloop vanaf kantoor om 9.00 uur: {n} km in een rustig tempo, iedereen kan mee. 🏃 #hardlopen",
             "Goed gelopen allemaal bij de estafette gisteren! We werden {n}e van de 40 teams. 🏅 #hardlopen"],
            [("Heeft iemand tips voor hardloopschoenen voor op de weg? #hardlopen",
              ["Laat een loopanalyse doen in een sportwinkel, dat is het waard.",
               "Ik ben blij met die van mij met extra demping, vooral op lange duurlopen."])],
            ["Ik doe mee!", "Goed gelopen! 👏"],
        ),
        "en": _t(
            ["Sunday run from the office at 9: {n} km at an easy pace, everyone welcome. 🏃 #running",
             "Great running at yesterday's relay, everyone! We finished in place {n} out of 40 teams. 🏅 #running"],
            [("Any tips for running shoes for tarmac? #running",
              ["Get a gait analysis at a running shop, it's worth it.",
               "I'm happy with my cushioned ones, especially on long runs."])],
            ["I'm in!", "Well run! 👏"],
        ),
    },
    "green": {
        "da": _t(
            ["Fra næste uge sorterer vi også madaffald i kantinen i {city}. Skraldespandene er mærket med grønt. ♻️ "
             "#sustainability",
             "Cykeludfordringen: i denne måned har vi tilsammen cyklet {n}00 km til arbejde. 🚲 #sustainability"],
            [("Hvor afleverer man brugte batterier på kontoret? #sustainability",
              ["Der står en kasse ved receptionen.", "I printerrummet på 2. sal, ved siden af papirindsamlingen."])],
            ["Godt initiativ! 🌱", "Fedt!"],
        ),
        "nb": _t(
            ["Fra neste uke sorterer vi også matavfall i kantina i {city}. Dunkene er merket med grønt. ♻️ "
             "#sustainability",
             "Sykkelutfordringen: denne måneden har vi til sammen syklet {n}00 km til jobb. 🚲 #sustainability"],
            [("Hvor leverer man brukte batterier på kontoret? #sustainability",
              ["Det står en boks ved resepsjonen.", "På kopirommet i andre etasje, ved siden av papirinnsamlingen."])],
            ["Bra tiltak! 🌱", "Kult!"],
        ),
        "sv": _t(
            ["Från nästa vecka sorterar vi även matavfall i köket i {city}. Kärlen är märkta med grönt. ♻️ "
             "#sustainability",
             "Cykelutmaningen: den här månaden har vi tillsammans cyklat {n}00 km till jobbet. 🚲 #sustainability"],
            [("Var lämnar man använda batterier på kontoret? #sustainability",
              ["Det står en låda vid receptionen.", "I skrivarrummet på plan 2, bredvid pappersåtervinningen."])],
            ["Bra initiativ! 🌱", "Kul!"],
        ),
        "nl": _t(
            ["Vanaf volgende week scheiden we ook gft in de kantine in {city}. De bakken hebben een groene sticker. ♻️ "
             "#sustainability",
             "Fietsuitdaging: deze maand hebben we samen {n}00 km naar het werk gefietst. 🚲 #sustainability"],
            [("Waar lever je lege batterijen in op kantoor? #sustainability",
              ["Er staat een doos bij de receptie.",
               "In de printerruimte op de tweede verdieping, naast het oud papier."])],
            ["Goed initiatief! 🌱", "Leuk!"],
        ),
        "en": _t(
            ["From next week we also sort food waste in the {city} canteen. The bins are marked green. ♻️ "
             "#sustainability",
             "Bike challenge: this month we've cycled {n}00 km to work together. 🚲 #sustainability"],
            [("Where do I drop off used batteries in the office? #sustainability",
              ["There's a box at reception.",
               "In the printer room on the second floor, next to the paper recycling."])],
            ["Great initiative! 🌱", "Love it!"],
        ),
    },
    "learning": {
        "da": _t(
            ["Lunch & learn {day} kl. 12 i {room}: {mention} fortæller om {course}. Tag madpakken med! #lunchandlearn",
             "Jeg har lige afsluttet et kursus i {course} – spørg endelig, hvis I overvejer det. #learning"],
            [("Kan nogen anbefale en god bog om {course}? #learning",
              ["Tjek reolen i {room} – der står et par gode.",
               "Jeg lærte mest af et onlinekursus, jeg sender dig linket."])],
            ["Tak for tippet!", "Det vil jeg også gerne lære."],
        ),
        "nb": _t(
            ["Lunsj og læring på {day} klokka 12 i {room}: {mention} forteller om {course}. Ta med matpakke! "
             "#lunchandlearn",
             "Jeg har nettopp fullført et kurs i {course} – spør gjerne om dere vurderer det. #learning"],
            [("Kan noen anbefale en god bok om {course}? #learning",
              ["Sjekk bokhylla i {room}, der står det noen gode.",
               "Jeg lærte mest av et nettkurs, jeg sender deg lenken."])],
            ["Takk for tipset!", "Det vil jeg også lære."],
        ),
        "sv": _t(
            ["Lunch & learn på {day} klockan 12 i {room}: {mention} berättar om {course}. Ta med matlåda! "
             "#lunchandlearn",
             "Jag har precis gått en kurs i {course} – fråga gärna om ni funderar på den. #learning"],
            [("Kan någon tipsa om en bra bok om {course}? #learning",
              ["Kolla bokhyllan i {room}, där finns några bra.",
               "Jag lärde mig mest av en onlinekurs, jag skickar länken."])],
            ["Tack för tipset!", "Det vill jag också lära mig."],
        ),
        "nl": _t(
            ["Lunch & learn op {day} om 12.00 uur in {room}: {mention} vertelt over {course}. Neem je lunch mee! "
             "#lunchandlearn",
             "Ik heb net een cursus {course} afgerond. Vraag het gerust als je erover twijfelt. #learning"],
            [("Kan iemand een goed boek over {course} aanraden? #learning",
              ["Kijk in de boekenkast in {room}, daar staan er een paar goede.",
               "Ik heb het meest geleerd van een online cursus, ik stuur je de link."])],
            ["Bedankt voor de tip!", "Dat wil ik ook leren."],
        ),
        "en": _t(
            ["Lunch & learn on {day} at 12 in {room}: {mention} talks about {course}. Bring your lunch! #lunchandlearn",
             "I just finished a course on {course}, ask me if you're thinking about it. #learning"],
            [("Can anyone recommend a good book on {course}? #learning",
              ["Check the bookshelf in {room}, there are a few good ones.",
               "I learned most from an online course, I'll send you the link."])],
            ["Thanks for the tip!", "I'd like to learn that too."],
        ),
    },
    "leadership": {
        "da": _t(
            ["Udkast til næste års budget ligger i ledelsesmappen. Tilføj jeres ansættelsesbehov senest {day}. #budget",
             "Dagsorden til ledelsesseminaret: strategi, roadmap for {product} og et nyt kontor i {newcity}. Mangler "
             "der noget? #offsite"],
            [("Skal vi holde ansættelsesstoppet i support, eller åbne to stillinger i {city}? #hiring",
              ["To stillinger – køen vokser hurtigere end kundebasen.",
               "Lad os vente på prognosen for Q{quarter}, før vi beslutter."])],
            ["Enig.", "God pointe, lad os tage den {day}."],
        ),
        "nb": _t(
            ["Utkast til neste års budsjett ligger i ledermappa. Legg inn ansettelsesbehovene deres innen {day}. "
             "#budget",
             "Agenda for ledersamlingen: strategi, veikart for {product} og et nytt kontor i {newcity}. Mangler noe? "
             "#offsite"],
            [("Skal vi beholde ansettelsesstoppen i support, eller åpne to stillinger i {city}? #hiring",
              ["To stillinger – køen vokser raskere enn kundebasen.",
               "La oss vente på prognosen for Q{quarter} før vi bestemmer oss."])],
            ["Enig.", "Godt poeng, vi tar det på {day}."],
        ),
        "sv": _t(
            ["Budgetutkastet för nästa år ligger i ledningsmappen. Lägg in era rekryteringsbehov senast på {day}. "
             "#budget",
             "Agenda för ledningskonferensen: strategi, roadmap för {product} och ett nytt kontor i {newcity}. Saknas "
             "något? #offsite"],
            [("Ska vi behålla anställningsstoppet på support eller öppna två tjänster i {city}? #hiring",
              ["Två tjänster – kön växer snabbare än kundbasen.",
               "Vi väntar på prognosen för Q{quarter} innan vi bestämmer oss."])],
            ["Håller med.", "Bra poäng, vi tar det på {day}."],
        ),
        "nl": _t(
            ["De conceptbegroting voor volgend jaar staat in de map van het MT. Vul vóór {day} de wervingsbehoefte van "
             "je team in. #budget",
             "Agenda voor de MT-heidag: strategie, de roadmap van {product} en een nieuw kantoor in {newcity}. Mis ik "
             "iets? #offsite"],
            [("Houden we de vacaturestop bij Support aan, of openen we twee vacatures in {city}? #hiring",
              ["Twee vacatures: de wachtrij groeit harder dan ons klantenbestand.",
               "Laten we de prognose voor Q{quarter} afwachten voordat we beslissen."])],
            ["Eens.", "Goed punt, laten we het {day} bespreken."],
        ),
        "en": _t(
            ["The draft budget for next year is in the leadership folder. Please add your team's hiring needs by "
             "{day}. #budget",
             "Agenda for the leadership offsite: strategy, the {product} roadmap and a new office in {newcity}. "
             "Anything missing? #offsite",
             "Q{quarter} numbers: revenue up {pct}% on last year, churn flat. Let's go through the details on {day}. "
             "#results"],
            [("Do we keep the hiring freeze in Support, or open two roles in {city}? #hiring",
              ["Two roles: the queue is growing faster than the customer base.",
               "Let's wait for the Q{quarter} forecast before deciding."])],
            ["Agreed.", "Good point, let's take it on {day}."],
        ),
    },
    "skylight": {
        "da": _t(
            ["Demo af Skylight-sprint {n} {day} kl. {time}: det nye login til kundeportalen og "
             "forsendelsesoversigten. #skylight",
             "Pilotopdatering: {customer} har testet Skylight-portalen i denne uge. Feedback: hurtig, men de vil gerne "
             "have {feature}. #skylight"],
            [("Hvilken API-version bruger Skylight-portalen til forsendelsesdata? #skylight",
              ["v3, den samme som {product}. De gamle v2-endpoints er uden for scope.",
               "v3. {mention} skriver adapteren i denne sprint."])],
            ["Ser godt ud!", "Flot fremdrift, team."],
        ),
        "nb": _t(
            ["Demo av Skylight-sprint {n} på {day} klokka {time}: ny innlogging til kundeportalen og "
             "forsendelsesoversikten. #skylight",
             "Pilotoppdatering: {customer} har testet Skylight-portalen denne uka. Tilbakemelding: rask, men de ønsker "
             "seg {feature}. #skylight"],
            [("Hvilken API-versjon bruker Skylight-portalen for forsendelsesdata? #skylight",
              ["v3, samme som {product}. De gamle v2-endepunktene er utenfor scope.",
               "v3. {mention} skriver adapteren denne sprinten."])],
            ["Ser bra ut!", "Fin fremdrift, team."],
        ),
        "sv": _t(
            ["Demo av Skylight-sprint {n} på {day} klockan {time}: nya inloggningen till kundportalen och "
             "försändelseöversikten. #skylight",
             "Pilotuppdatering: {customer} har testat Skylight-portalen den här veckan. Feedback: snabb, men de vill "
             "ha {feature}. #skylight"],
            [("Vilken API-version använder Skylight-portalen för försändelsedata? #skylight",
              ["v3, samma som {product}. De gamla v2-endpointsen ligger utanför scope.",
               "v3. {mention} skriver adaptern den här sprinten."])],
            ["Ser bra ut!", "Fina framsteg, team."],
        ),
        "nl": _t(
            ["Demo van Skylight-sprint {n} op {day} om {time}: de nieuwe inlog van het klantportaal en het "
             "zendingenoverzicht. #skylight",
             "Pilotupdate: {customer} heeft deze week het Skylight-portaal getest. Feedback: snel, maar ze willen "
             "{feature}. #skylight"],
            [("Welke API-versie gebruikt het Skylight-portaal voor zendingsgegevens? #skylight",
              ["v3, dezelfde als {product}. De oude v2-endpoints vallen buiten scope.",
               "v3. {mention} bouwt deze sprint de adapter."])],
            ["Ziet er goed uit!", "Mooie voortgang, team."],
        ),
        "en": _t(
            ["Skylight sprint {n} demo on {day} at {time}: the new customer portal login and the shipment overview. "
             "#skylight",
             "Pilot update: {customer} tried the Skylight portal this week. Feedback: fast, but they want {feature}. "
             "#skylight",
             "Design review for the Skylight dashboard in {room} on {day}. Bring your opinions! #skylight"],
            [("Which API version does the Skylight portal use for shipment data? #skylight",
              ["v3, the same as {product}. The old v2 endpoints are out of scope.",
               "v3. {mention} is writing the adapter this sprint."])],
            ["Looks great!", "Nice progress, team.", "Can we show this to {customer} too?"],
        ),
    },
    # leaders' announcements, in the news group or on their profile
    "news": {
        "da": _t(
            ["Resultater for Q{quarter}: omsætningen steg {pct} %, og vi fik {n} nye kunder, bl.a. {customer}. Tak for "
             "jeres store indsats! #results",
             "Vi åbner et nyt kontor i {newcity} efter sommerferien. Mere om det til fællesmødet {day}. #news",
             "Fællesmøde {day} kl. {time} i kantinen og online. Send gerne spørgsmål på forhånd i kommentarerne. "
             "#townhall",
             "Organisationsnyt: {mention} bliver ny teamleder hos os. Tillykke! #news"],
            [],
            ["Gode nyheder!", "Tillykke! 🎉", "Glæder mig."],
        ),
        "nb": _t(
            ["Resultater for Q{quarter}: omsetningen økte med {pct} %, og vi fikk {n} nye kunder, blant andre "
             "{customer}. Takk for innsatsen! #results",
             "Vi åpner nytt kontor i {newcity} etter sommeren. Mer om det på allmøtet på {day}. #news",
             "Allmøte på {day} klokka {time} i kantina og på nett. Send gjerne spørsmål på forhånd i kommentarfeltet. "
             "#townhall",
             "Organisasjonsnytt: {mention} blir ny teamleder hos oss. Gratulerer! #news"],
            [],
            ["Gode nyheter!", "Gratulerer! 🎉", "Gleder meg."],
        ),
        "sv": _t(
            ["Resultat för Q{quarter}: intäkterna ökade med {pct} % och vi fick {n} nya kunder, bland annat "
             "{customer}. Tack för ert fantastiska arbete! #results",
             "Vi öppnar ett nytt kontor i {newcity} efter sommaren. Mer om det på stormötet på {day}. #news",
             "Stormöte på {day} klockan {time} i köket och online. Skicka gärna frågor i förväg i kommentarerna. "
             "#townhall",
             "Organisationsnytt: {mention} blir ny teamledare hos oss. Grattis! #news"],
            [],
            ["Goda nyheter!", "Grattis! 🎉", "Ser fram emot det."],
        ),
        "nl": _t(
            ["Resultaten Q{quarter}: de omzet steeg met {pct}% en we verwelkomden {n} nieuwe klanten, waaronder "
             "{customer}. Dank jullie wel voor de inzet! #results",
             "Na de zomer openen we een nieuw kantoor in {newcity}. Meer daarover tijdens de town hall op {day}. #news",
             "Town hall op {day} om {time} in de kantine en online. Stel je vragen gerust vooraf in de reacties. "
             "#townhall",
             "Organisatienieuws: {mention} wordt onze nieuwe teamleider. Gefeliciteerd! #news"],
            [],
            ["Goed nieuws!", "Gefeliciteerd! 🎉", "Ik kijk ernaar uit."],
        ),
        "en": _t(
            ["Q{quarter} results: revenue grew {pct}% and we welcomed {n} new customers, including {customer}. Thank "
             "you all for your hard work! #results",
             "We're opening a new office in {newcity} after the summer. More at the town hall on {day}. #news",
             "Town hall on {day} at {time} in the canteen and online. Send your questions in advance in the comments. "
             "#townhall",
             "Our company values are up for review: tell us what 'Customer first' means in your daily work. #values",
             "Organisation update: {mention} becomes one of our new team leads. Congratulations! #news"],
            [],
            ["Great news!", "Congratulations! 🎉", "Looking forward to it."],
        ),
    },
}  # fmt: skip

GENERIC_COMMENTS: dict[Lang, tuple[str, ...]] = {
    "da": ("Tak for info!", "Godt set.", "Enig 👍", "Det lyder godt!", "Spændende!", "Fedt! 🙌", "+1"),
    "nb": ("Takk for info!", "Godt sett.", "Enig 👍", "Høres bra ut!", "Spennende!", "Kult! 🙌", "+1"),
    "sv": ("Tack för infon!", "Bra sagt.", "Håller med 👍", "Låter bra!", "Spännande!", "Kul! 🙌", "+1"),
    "nl": ("Bedankt voor de info!", "Goed punt.", "Eens 👍", "Klinkt goed!", "Interessant!", "Leuk! 🙌", "+1"),
    "en": ("Thanks for sharing!", "Good point.", "Agreed 👍", "Sounds good!", "Interesting!", "Nice! 🙌", "+1"),
}
# an author's reply to the first comment, or an asker's to the answer that helped
THANKS: dict[Lang, tuple[str, ...]] = {
    "da": ("Tak! 😊", "Tusind tak, det virkede!", "Tak for hjælpen!"),
    "nb": ("Takk! 😊", "Tusen takk, det funket!", "Takk for hjelpen!"),
    "sv": ("Tack! 😊", "Tack, det funkade!", "Tack för hjälpen!"),
    "nl": ("Dank je! 😊", "Bedankt, het werkt!", "Dank voor de hulp!"),
    "en": ("Thanks! 😊", "Thanks, that worked!", "Thanks for the help!"),
}
PRAISE: dict[Lang, tuple[str, ...]] = {
    "da": ("Kæmpe tak til {praised} for {reason}! 🙌 #kudos",
           "{praised} fortjener et skulderklap for {reason}. Tak! #kudos",
           "Shoutout til {praised} for {reason} 👏 #kudos"),
    "nb": ("Stor takk til {praised} for {reason}! 🙌 #kudos",
           "{praised} fortjener en klapp på skulderen for {reason}. Takk! #kudos",
           "Shoutout til {praised} for {reason} 👏 #kudos"),
    "sv": ("Stort tack till {praised} för {reason}! 🙌 #kudos",
           "{praised} förtjänar en klapp på axeln för {reason}. Tack! #kudos",
           "Shoutout till {praised} för {reason} 👏 #kudos"),
    "nl": ("Grote dank aan {praised} voor {reason}! 🙌 #kudos",
           "{praised} verdient een schouderklopje voor {reason}. Bedankt! #kudos",
           "Shout-out naar {praised} voor {reason} 👏 #kudos"),
    "en": ("Huge thanks to {praised} for {reason}! 🙌 #kudos",
           "{praised} deserves a pat on the back for {reason}. Thank you! #kudos",
           "Shout-out to {praised} for {reason} 👏 #kudos"),
}  # fmt: skip
PRAISE_COMMENTS: dict[Lang, tuple[str, ...]] = {
    "da": ("Helt fortjent! 👏", "Så fortjent!", "Godt gået! 🙌"),
    "nb": ("Fortjent! 👏", "Så bra!", "Godt jobba! 🙌"),
    "sv": ("Välförtjänt! 👏", "Så bra!", "Bra jobbat! 🙌"),
    "nl": ("Dik verdiend! 👏", "Helemaal mee eens!", "Goed gedaan! 🙌"),
    "en": ("Well deserved! 👏", "Absolutely!", "Great job! 🙌"),
}
COMPANY_VALUES = ("Customer first", "Own it", "Better together", "Keep it simple", "Be curious")

POLLS: dict[Lang, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "da": (("Hvor skal sommerfesten holdes i år? #sommerfest", ("Ved havnen", "I skoven med grill", "På tagterrassen")),
           ("Hvilken dag passer bedst til fællesfrokost i {city}?", ("Tirsdag", "Onsdag", "Torsdag")),
           ("Hvad skal vi have til fredagskage næste gang? #fredagskage",
            ("Chokoladekage", "Kanelsnegle", "Frugt – vi skal være sunde")),
           ("Hvilket emne skal næste lunch & learn handle om? #lunchandlearn",
            ("Kunstig intelligens", "Bedre møder", "Sikkerhed"))),
    "nb": (("Hvor skal sommerfesten være i år? #sommerfest", ("Ved sjøen", "På hytta med grill", "På takterrassen")),
           ("Hvilken dag passer best for felleslunsj i {city}?", ("Tirsdag", "Onsdag", "Torsdag")),
           ("Hva skal vi ha til kakefredag neste gang? #kakefredag",
            ("Sjokoladekake", "Kanelboller", "Frukt – vi må være sunne")),
           ("Hvilket tema skal neste lunsj og læring ha? #lunchandlearn",
            ("Kunstig intelligens", "Bedre møter", "Sikkerhet"))),
    "sv": (("Var ska sommarfesten vara i år? #sommarfest", ("Vid vattnet", "I skärgården", "På takterrassen")),
           ("Vilken dag passar bäst för gemensam lunch i {city}?", ("Tisdag", "Onsdag", "Torsdag")),
           ("Vad ska vi ha till fredagsfikat nästa gång? #fika",
            ("Kladdkaka", "Kanelbullar", "Frukt – vi ska vara nyttiga")),
           ("Vilket ämne ska nästa lunch & learn handla om? #lunchandlearn", ("AI", "Bättre möten", "Säkerhet"))),
    "nl": (("Waar houden we dit jaar het zomerfeest? #zomerfeest",
            ("Aan het strand", "Op een boot door de grachten", "Op het dakterras")),
           ("Welke dag is het best voor de gezamenlijke lunch in {city}?", ("Dinsdag", "Woensdag", "Donderdag")),
           ("Wat nemen we de volgende keer als traktatie? #taart",
            ("Appeltaart", "Tompouces", "Fruit, we moeten gezond blijven")),
           ("Waar moet de volgende lunch & learn over gaan? #lunchandlearn", ("AI", "Beter vergaderen", "Security"))),
    "en": (("Where should this year's summer party be? #summerparty",
            ("By the harbour", "A barbecue in the woods", "On the roof terrace")),
           ("Which day works best for a team lunch in {city}?", ("Tuesday", "Wednesday", "Thursday")),
           ("What should we have for Friday cake next time? #fridaycake",
            ("Chocolate cake", "Cinnamon buns", "Fruit, let's be healthy")),
           ("What should the next lunch & learn be about? #lunchandlearn", ("AI", "Better meetings", "Security")),
           ("Town hall format: what do you prefer? #townhall", ("In person", "Online", "Both, hybrid"))),
}  # fmt: skip

# tags people follow, by what they work on
TAGS_BY_DEPARTMENT: dict[str, tuple[str, ...]] = {
    "Management": ("results", "saleswin", "news"),
    "Engineering": ("engineering", "devops", "release", "incident"),
    "Sales": ("saleswin", "sales", "release"),
    "Support": ("support", "release", "ithelp"),
    "Product": ("release", "skylight", "support"),
    "Marketing": ("saleswin", "release", "values"),
    "People": ("onboarding", "hr", "hello"),
    "Finance": ("expenses", "travel", "results"),
    "Operations": ("ithelp", "office", "security"),
}
SKILLS_BY_DEPARTMENT: dict[str, tuple[str, ...]] = {
    "Management": ("strategy", "leadership", "logistics", "fundraising"),
    "Engineering": ("python", "kubernetes", "postgresql", "typescript", "react", "terraform", "observability",
                    "api design", "go", "ci/cd"),
    "Sales": ("negotiation", "key accounts", "logistics", "public tenders", "salesforce", "cold chain"),
    "Support": ("customer care", "troubleshooting", "harbour track", "sql", "zendesk", "escalations"),
    "Product": ("roadmaps", "user research", "figma", "analytics", "pricing"),
    "Marketing": ("content", "seo", "events", "brand", "linkedin", "copywriting"),
    "People": ("recruiting", "onboarding", "labour law", "payroll", "wellbeing", "community building"),
    "Finance": ("budgeting", "ifrs", "forecasting", "excel", "expenses", "vat"),
    "Operations": ("facilities", "it support", "procurement", "vpn", "laptops", "security awareness"),
}  # fmt: skip
