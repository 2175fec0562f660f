"""Nordhavn, the demo company: its people, its groups and two months of its life as a plan of API calls.

Pure: nothing here does I/O. `make_plan(scale)` returns the same plan every time for the same scale (a
seeded `random.Random`), and `kantine.platform.demo` plays it against the gateway. Keeping the two apart
lets the unit tests check the story (who may post where, that every answer follows its question, that no
one writes more than the rate limit allows) without starting anything.

Nordhavn makes Harbour, logistics software, from offices in Denmark, Norway, Sweden and the Netherlands.
About 200 people: a CEO and department heads who are leaders, one community manager, and colleagues
whose activity follows the 1-9-90 rule: a few write a lot, many a little, and many only read and react.

The plan is in the order things happened: first the setup (leaders marked, skills, groups, members,
follows), then the content day by day, each post followed by its comments, reactions, votes and accepted
answers. The API cannot backdate, so this order is what makes the feed read naturally.

People are named by key in the plan ("anna"); their ids exist only once the directory has provisioned
them, so a mention in a text is written `@[Name](person:key)` and the player puts the id in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from kantine.platform.demo_texts import (
    AND,
    CITY_NAMES,
    COMMON,
    COMPANY_VALUES,
    GENERIC_COMMENTS,
    LANGS,
    POLLS,
    PRAISE,
    PRAISE_COMMENTS,
    SCANDINAVIAN,
    SKILLS_BY_DEPARTMENT,
    SLOTS,
    TAGS_BY_DEPARTMENT,
    TEAMS,
    THANKS,
    TOPICS,
    Lang,
)

SEED = "nordhavn"
COMPANY = "Nordhavn"
DOMAIN = "nordhavn.example"
FULL_PEOPLE = 200
FULL_POSTS = 2400
DAYS = 40  # eight working weeks
DEV_SIGNIN_LISTED = 500  # the demo sign-in page lists this many people (services/gateway/signin.py DEV_PEOPLE)

DISCUSSION, QUESTION, ANNOUNCEMENT, PRAISE_KIND, POLL = (
    "POST_KIND_DISCUSSION", "POST_KIND_QUESTION", "POST_KIND_ANNOUNCEMENT", "POST_KIND_PRAISE", "POST_KIND_POLL",
)  # fmt: skip
Tier = Literal["power", "contributor", "occasional", "reader"]
Visibility = Literal["public", "private", "secret"]

# How much each kind of person posts, comments and reacts (relative weights): the 1-9-90 rule. The few
# "power" users also stay under the gateway's per-person write limit while the whole plan plays.
POST_WEIGHT: dict[str, float] = {"power": 12.0, "contributor": 8.0, "occasional": 1.4, "reader": 0.0}
COMMENT_WEIGHT: dict[str, float] = {"power": 8.0, "contributor": 6.0, "occasional": 2.0, "reader": 0.03}
REACT_WEIGHT: dict[str, float] = {"power": 6.0, "contributor": 5.0, "occasional": 3.0, "reader": 1.2}
LEADER_POSTS = 4.0  # leaders post sometimes: less than the keenest colleagues, and mostly announcements

CITIES: dict[str, tuple[str, int]] = {  # city: (country, people at full scale)
    "Copenhagen": ("DK", 52), "Aarhus": ("DK", 24), "Oslo": ("NO", 24), "Bergen": ("NO", 12),
    "Stockholm": ("SE", 30), "Gothenburg": ("SE", 14), "Utrecht": ("NL", 26), "Amsterdam": ("NL", 18),
}  # fmt: skip
LANGUAGE_OF_COUNTRY: dict[str, Lang] = {"DK": "da", "NO": "nb", "SE": "sv", "NL": "nl"}


@dataclasses.dataclass(frozen=True)
class Person:
    key: str
    given: str
    family: str
    title: str
    department: str
    city: str
    locale: Lang
    email: str = ""
    manager: str = ""  # a key
    leader: bool = False
    community_manager: bool = False
    tier: Tier = "reader"
    skills: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def country(self) -> str:
        return CITIES[self.city][0]

    @property
    def external_id(self) -> str:
        """The directory's id for the person; `demo:anna` is what the first demo provisioned Anna with."""
        return f"demo:{self.key}"

    @property
    def user_name(self) -> str:
        return self.email

    def mention(self) -> str:
        return f"@[{self.name}](person:{self.key})"


# The people every scale has: the five of the first demo (tests sign in as them), the leaders who own the
# groups, and the community manager.
CORE: tuple[Person, ...] = (
    Person("christian", "Christian", "Vestergaard", "Chief Executive Officer", "Management", "Copenhagen", "da",
           leader=True, tier="contributor", skills=("strategy", "logistics")),
    Person("anna", "Anna", "Holm", "Chief People Officer", "People", "Copenhagen", "da", manager="christian",
           leader=True, tier="contributor", skills=("leadership", "onboarding", "labour law")),
    Person("karin", "Karin", "Sjöberg", "Chief Technology Officer", "Engineering", "Stockholm", "sv",
           manager="christian", leader=True, tier="contributor", skills=("architecture", "kubernetes")),
    Person("morten", "Morten", "Haugen", "VP Sales", "Sales", "Oslo", "nb", manager="christian", leader=True,
           tier="contributor", skills=("negotiation", "key accounts")),
    Person("mette", "Mette", "Kristensen", "Head of Support", "Support", "Aarhus", "da", manager="christian",
           leader=True, tier="contributor", skills=("customer care", "escalations")),
    Person("joost", "Joost", "van Dijk", "Chief Product Officer", "Product", "Utrecht", "nl", manager="christian",
           leader=True, tier="contributor", skills=("roadmaps", "pricing")),
    Person("sanne", "Sanne", "Bakker", "Head of Marketing", "Marketing", "Amsterdam", "nl", manager="christian",
           leader=True, tier="contributor", skills=("brand", "events")),
    Person("birgitte", "Birgitte", "Lund", "Chief Financial Officer", "Finance", "Copenhagen", "da",
           manager="christian", leader=True, tier="contributor", skills=("budgeting", "ifrs")),
    Person("erik", "Erik", "Nilsson", "Chief Operating Officer", "Operations", "Gothenburg", "sv",
           manager="christian", leader=True, tier="contributor", skills=("procurement", "facilities")),
    Person("camilla", "Camilla", "Rask", "Community Manager", "People", "Copenhagen", "da", manager="anna",
           community_manager=True, tier="contributor", skills=("community building", "internal communication")),
    Person("lars", "Lars", "Mikkelsen", "Support Engineer", "Support", "Aarhus", "da", manager="mette",
           tier="contributor", skills=("troubleshooting", "harbour track")),
    Person("ingrid", "Ingrid", "Berg", "Office Manager", "Operations", "Oslo", "nb", manager="erik",
           tier="contributor", skills=("facilities",)),
    Person("sven", "Sven", "Lindqvist", "Developer", "Engineering", "Stockholm", "sv", manager="karin",
           tier="contributor", skills=("python", "postgresql")),
    Person("femke", "Femke", "de Vries", "Product Manager", "Product", "Utrecht", "nl", manager="joost",
           tier="contributor", skills=("user research", "roadmaps")),
)  # fmt: skip
FIRST_DEMO = ("anna", "lars", "ingrid", "sven", "femke")
CORE_KEYS = frozenset(p.key for p in CORE)
HEADS: dict[str, str] = {p.department: p.key for p in CORE if p.leader}
CEO, COMMUNITY_MANAGER = "christian", "camilla"

FIRST_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # locale: (women, men)
    "da": (("Mette", "Louise", "Sofie", "Maria", "Julie", "Ida", "Emma", "Line", "Katrine", "Signe", "Maja",
            "Cecilie", "Helle", "Pernille", "Rikke", "Sara", "Nanna", "Freja", "Astrid", "Hanne", "Malene",
            "Charlotte", "Marianne", "Trine"),
           ("Mads", "Rasmus", "Søren", "Jesper", "Thomas", "Anders", "Jakob", "Frederik", "Mikkel", "Henrik",
            "Niels", "Jens", "Kasper", "Martin", "Peter", "Simon", "Emil", "Oliver", "Troels", "Kristian", "Torben",
            "Jonas", "Nikolaj", "Steffen")),
    "nb": (("Kari", "Silje", "Ingvild", "Marte", "Hanne", "Nora", "Thea", "Maren", "Hilde", "Tone", "Kristin",
            "Ragnhild", "Solveig", "Tuva", "Sigrid", "Marit", "Live", "Guro", "Synnøve", "Vilde"),
           ("Ole", "Knut", "Håkon", "Eirik", "Sindre", "Magnus", "Jørgen", "Trond", "Espen", "Per", "Kjetil",
            "Øyvind", "Sander", "Torbjørn", "Vegard", "Bjørn", "Even", "Stian", "Geir", "Petter")),
    "sv": (("Karin", "Maria", "Eva", "Lena", "Kristina", "Sara", "Emma", "Elin", "Johanna", "Linnea", "Frida",
            "Malin", "Sofia", "Ebba", "Elsa", "Maja", "Hanna", "Klara", "Matilda", "Agnes", "Lisa"),
           ("Lars", "Anders", "Johan", "Per", "Mikael", "Karl", "Jonas", "Fredrik", "Oskar", "Gustav", "Axel",
            "Viktor", "Daniel", "Mattias", "Henrik", "Niklas", "Magnus", "Björn", "Olof", "Emil", "Linus", "Pontus")),
    "nl": (("Lotte", "Anouk", "Eva", "Lisa", "Iris", "Sophie", "Fleur", "Noor", "Marloes", "Esther", "Judith",
            "Mirjam", "Renske", "Ilse", "Maartje", "Anne", "Lieke", "Romy", "Janneke", "Nienke", "Marieke"),
           ("Bram", "Daan", "Thijs", "Ruben", "Jeroen", "Bas", "Sander", "Niels", "Maarten", "Wouter", "Pieter",
            "Jasper", "Tim", "Stijn", "Koen", "Rik", "Tom", "Gijs", "Vincent", "Martijn", "Hugo")),
}  # fmt: skip
FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    "da": ("Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
           "Jørgensen", "Petersen", "Madsen", "Olsen", "Thomsen", "Poulsen", "Johansen", "Møller", "Mortensen",
           "Knudsen", "Jakobsen", "Lauridsen", "Frandsen", "Bech", "Dam", "Skov", "Juhl", "Overgaard", "Winther",
           "Holst", "Bak", "Krogh", "Brandt", "Nørgaard", "Kjær", "Iversen"),
    "nb": ("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
           "Karlsen", "Johnsen", "Dahl", "Halvorsen", "Bakken", "Lie", "Solberg", "Strand", "Eide", "Moen", "Lunde",
           "Sæther", "Hagen", "Myhre", "Aas", "Kvamme", "Nygård", "Fjeld", "Brekke", "Vik", "Røed", "Tangen"),
    "sv": ("Andersson", "Johansson", "Karlsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
           "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Lindström", "Lundqvist", "Bergström", "Sandberg",
           "Forsberg", "Wallin", "Engström", "Ek", "Nyström", "Åberg", "Hedlund", "Sundberg", "Axelsson",
           "Berglund"),
    "nl": ("de Jong", "Jansen", "van den Berg", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
           "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
           "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel",
           "Verhoeven", "Prins"),
}  # fmt: skip
# colleagues from elsewhere, who use Kantine in English: (given, family, city)
INTERNATIONALS: tuple[tuple[str, str, str], ...] = (
    ("Priya", "Raman", "Amsterdam"), ("James", "Carter", "Copenhagen"), ("Lucas", "Moreau", "Amsterdam"),
    ("Sarah", "Mitchell", "Stockholm"), ("Marco", "Bianchi", "Copenhagen"), ("Chloé", "Martin", "Amsterdam"),
    ("Arjun", "Mehta", "Stockholm"), ("Ana", "Costa", "Copenhagen"), ("Ryan", "O'Connor", "Amsterdam"),
    ("Mei", "Lin", "Stockholm"), ("Daniel", "Weber", "Oslo"), ("Zofia", "Nowak", "Copenhagen"),
    ("Tomás", "García", "Amsterdam"), ("Aisha", "Okafor", "Stockholm"), ("Olivia", "Brennan", "Oslo"),
    ("David", "Kim", "Copenhagen"),
)  # fmt: skip
DEPARTMENTS_BY_CITY: dict[str, dict[str, int]] = {  # relative share of each department in an office
    "Copenhagen": {"Engineering": 30, "Sales": 10, "Support": 8, "Product": 10, "Marketing": 10, "People": 12,
                   "Finance": 12, "Operations": 8},
    "Aarhus": {"Support": 45, "Engineering": 35, "Sales": 10, "Operations": 10},
    "Oslo": {"Sales": 40, "Engineering": 25, "Support": 15, "Operations": 10, "Marketing": 10},
    "Bergen": {"Sales": 30, "Support": 40, "Engineering": 30},
    "Stockholm": {"Engineering": 60, "Product": 15, "Sales": 10, "Support": 10, "Operations": 5},
    "Gothenburg": {"Engineering": 40, "Operations": 30, "Sales": 20, "Support": 10},
    "Utrecht": {"Product": 30, "Engineering": 40, "Support": 15, "Sales": 15},
    "Amsterdam": {"Marketing": 35, "Sales": 30, "Engineering": 20, "Finance": 5, "People": 10},
}  # fmt: skip
TITLES: dict[str, tuple[str, tuple[tuple[str, int], ...]]] = {  # department: (a team lead's title, others')
    "Engineering": ("Engineering Manager", (("Software Engineer", 5), ("Senior Software Engineer", 4),
                    ("Frontend Developer", 2), ("Backend Developer", 2), ("DevOps Engineer", 2), ("QA Engineer", 1),
                    ("Data Engineer", 1), ("Tech Lead", 1))),
    "Sales": ("Sales Manager", (("Account Executive", 4), ("Key Account Manager", 3),
              ("Sales Development Representative", 2), ("Sales Engineer", 1))),
    "Support": ("Support Team Lead", (("Support Engineer", 4), ("Support Specialist", 3),
                ("Customer Success Manager", 3))),
    "Product": ("Group Product Manager", (("Product Manager", 3), ("Product Designer", 3), ("UX Researcher", 1),
                ("Product Owner", 2))),
    "Marketing": ("Marketing Lead", (("Marketing Manager", 2), ("Content Marketer", 2),
                  ("Communications Specialist", 2), ("Brand Designer", 1), ("Event Coordinator", 1))),
    "People": ("HR Manager", (("HR Business Partner", 2), ("Talent Acquisition Specialist", 2),
               ("People Operations Specialist", 1), ("Payroll Specialist", 1))),
    "Finance": ("Finance Manager", (("Controller", 2), ("Financial Analyst", 2), ("Accountant", 2),
                ("Accounts Payable Specialist", 1))),
    "Operations": ("IT Manager", (("IT Support Specialist", 3), ("IT Administrator", 2), ("Office Manager", 1),
                   ("Facility Coordinator", 1), ("Procurement Specialist", 1))),
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Group:
    """A group as its owner creates it, and how people write in it."""

    key: str
    name: str
    purpose: str
    owner: str
    co_owners: tuple[str, ...] = ()
    visibility: Visibility = "public"
    admins_only: bool = False  # the posting policy: only owners and admins post
    end_in_days: int | None = None  # a project group ends (and is archived) this many days after the demo
    topics: tuple[str, ...] = ()
    language: Lang | None = None  # the local language of an office's group
    english: float = 0.15  # how often someone writes in English here rather than their own language
    activity: float = 1.0  # how much is posted here, relative to the other groups

    @property
    def owners(self) -> tuple[str, ...]:
        return (self.owner, *self.co_owners)


GROUPS: tuple[Group, ...] = (
    Group("news", f"{COMPANY} News",
          "Official news from the leadership team: strategy, results, organisation changes and town halls. Only "
          "the leadership team and the community manager post here; questions and comments are welcome under "
          "each post.",
          CEO, ("anna", "karin", "morten", "mette", "joost", "sanne", "birgitte", "erik", COMMUNITY_MANAGER),
          admins_only=True, topics=("news",), english=0.6, activity=0.0),
    Group("ithelp", "IT Help",
          "Ask anything about laptops, VPN, accounts, printers and software. The IT team answers within a working "
          "day. Search first: your question may already have an answer.",
          "erik", (COMMUNITY_MANAGER,), topics=("ithelp",), activity=2.0),
    Group("danmark", f"{COMPANY} Danmark",
          "Alt om vores kontorer i København og Aarhus: kontorliv, frokostordning, arrangementer og praktiske "
          "beskeder.", COMMUNITY_MANAGER, topics=("office", "cake", "social", "onboarding", "green"), language="da",
          activity=3.0),
    Group("norge", f"{COMPANY} Norge",
          "Alt om kontorene våre i Oslo og Bergen: kontorhverdag, lunsj, arrangementer og praktiske beskjeder.",
          "ingrid", topics=("office", "cake", "social", "onboarding", "green"), language="nb", activity=3.0),
    Group("sverige", f"{COMPANY} Sverige",
          "Allt om våra kontor i Stockholm och Göteborg: kontorsliv, luncher, evenemang och praktisk information.",
          "karin", topics=("office", "cake", "social", "onboarding", "green"), language="sv", activity=3.0),
    Group("nederland", f"{COMPANY} Nederland",
          "Alles over onze kantoren in Utrecht en Amsterdam: kantoorleven, lunch, borrels en praktische "
          "mededelingen.", "joost", topics=("office", "cake", "social", "onboarding", "green"), language="nl",
          activity=3.0),
    Group("engineering", "Engineering",
          "Engineering across all offices: architecture, incidents and postmortems, tooling, code review and tech "
          "talks.", "karin", topics=("engineering", "release", "learning"), english=0.4, activity=3.0),
    Group("sales", "Sales Wins & Deals",
          "Celebrate new customers and renewals, share what worked, and ask for help with proposals and case "
          "studies.", "morten", topics=("sales", "support"), english=0.3, activity=2.0),
    Group("releases", "Harbour Releases",
          "Release notes, betas and roadmap news for the Harbour platform, so that Sales and Support know what is "
          "coming and can give feedback.", "joost", ("femke",), topics=("release", "support"), english=0.4,
          activity=1.5),
    Group("leadership", "Leadership Team",
          "The leadership team's working space: budgets, hiring plans, offsite preparation and decisions before "
          "they are announced.", CEO, ("anna",), visibility="private", topics=("leadership",), english=0.4,
          activity=2.5),
    Group("askhr", "Ask HR & Payroll",
          "Questions about vacation, leave, payroll, expenses, travel and benefits. The People and Finance teams "
          "answer here, so everyone can find the answers.", "anna", (COMMUNITY_MANAGER,), topics=("hr", "finance"),
          activity=1.5),
    Group("skylight", "Project Skylight",
          "Project group for Skylight, the new customer portal: sprint demos, pilot customers' feedback and "
          "decisions until the launch, when the group ends.", "femke", visibility="private", end_in_days=120,
          topics=("skylight",), english=0.45, activity=2.5),
    Group("cake", "Friday Cake & Fika",
          "Cake, fika, Friday drinks and board games: who brings what, where and when, in every office.",
          COMMUNITY_MANAGER, topics=("cake", "social"), activity=2.0),
    Group("running", "Running Club",
          "Weekly runs from the offices, relays and races. All paces welcome.", "lars", topics=("running",),
          activity=1.0),
    Group("green", "Green Team",
          "Ideas and small steps for a more sustainable Nordhavn: commuting, waste sorting, energy and travel.",
          "sanne", topics=("green",), activity=0.8),
)  # fmt: skip
GROUP_BY_KEY = {g.key: g for g in GROUPS}
PROFILE_TOPICS: dict[str, tuple[str, ...]] = {  # what people write on their own profile, by department
    "Management": ("news", "learning"),
    "Engineering": ("engineering", "release", "learning"),
    "Sales": ("sales", "learning"),
    "Support": ("support", "release"),
    "Product": ("release", "learning"),
    "Marketing": ("learning", "social", "sales"),
    "People": ("onboarding", "hr"),
    "Finance": ("finance", "learning"),
    "Operations": ("office", "ithelp"),
}


# ----- the actions -----


@dataclasses.dataclass(frozen=True)
class SetProfile:
    """`actor` changes `person`'s profile: the community manager marks a leader, or someone adds skills."""

    key: str
    actor: str
    person: str
    leader: bool | None = None
    skills: tuple[str, ...] | None = None


@dataclasses.dataclass(frozen=True)
class CreateGroup:
    key: str
    actor: str
    group: str


@dataclasses.dataclass(frozen=True)
class Join:
    """Joins a public group, accepts an invitation, or asks to join a private group."""

    key: str
    actor: str
    group: str
    after: str = ""  # the invitation it accepts


@dataclasses.dataclass(frozen=True)
class Invite:
    key: str
    actor: str
    group: str
    person: str


@dataclasses.dataclass(frozen=True)
class Approve:
    key: str
    actor: str
    group: str
    person: str
    request: str  # the Join that asked


@dataclasses.dataclass(frozen=True)
class Follow:
    key: str
    actor: str
    person: str = ""
    tag: str = ""


@dataclasses.dataclass(frozen=True)
class Post:
    key: str
    actor: str
    kind: str
    body: str
    language: Lang
    group: str = ""
    topic: str = ""
    qa: int = -1  # a question: which of its topic's questions, so that answers answer it
    praised: tuple[str, ...] = ()
    company_value: str = ""
    poll_options: tuple[str, ...] = ()
    must_read: bool = False


@dataclasses.dataclass(frozen=True)
class Comment:
    key: str
    actor: str
    post: str
    body: str
    language: Lang
    parent: str = ""  # the comment this replies to
    answer: bool = False  # an answer to a question


@dataclasses.dataclass(frozen=True)
class React:
    key: str
    actor: str
    post: str
    reaction: str
    comment: str = ""


@dataclasses.dataclass(frozen=True)
class Vote:
    key: str
    actor: str
    post: str
    option: int


@dataclasses.dataclass(frozen=True)
class Accept:
    key: str
    actor: str
    post: str
    comment: str


@dataclasses.dataclass(frozen=True)
class Pin:
    key: str
    actor: str
    post: str


@dataclasses.dataclass(frozen=True)
class MarkRead:
    key: str
    actor: str
    post: str


Action = (
    SetProfile
    | CreateGroup
    | Join
    | Invite
    | Approve
    | Follow
    | Post
    | Comment
    | React
    | Vote
    | Accept
    | Pin
    | MarkRead
)


def needs(action: Action) -> tuple[str, ...]:
    """The keys of the earlier actions whose results (ids) this one uses or whose effect it relies on."""
    match action:
        case Join(group=group, after=after):
            return (f"group:{group}", after) if after else (f"group:{group}",)
        case Invite(group=group):
            return (f"group:{group}",)
        case Approve(group=group, request=request):
            return (f"group:{group}", request)
        case Post(group=group):
            return (f"group:{group}",) if group else ()
        case Comment(post=post, parent=parent):
            return (post, parent) if parent else (post,)
        case React(post=post, comment=comment):
            return (post, comment) if comment else (post,)
        case Accept(post=post, comment=comment):
            return (post, comment)
        case Vote(post=post) | Pin(post=post) | MarkRead(post=post):
            return (post,)
    return ()


@dataclasses.dataclass(frozen=True)
class Plan:
    scale: float
    people: tuple[Person, ...]
    groups: tuple[Group, ...]
    setup: tuple[Action, ...]  # leaders, skills, groups, members and follows: done before any content
    content: tuple[Action, ...]  # posts and what follows them, in the order they happened
    minutes: Mapping[str, float] = dataclasses.field(default_factory=dict)  # content key -> minutes after the start

    def happened_at(self, key: str, today: dt.date) -> dt.datetime | None:
        """When an action happens in a story of DAYS working days (UTC) whose last is `today` or, at a
        weekend, the Friday before; the setup happens the first morning. None: when it is played (the
        closing post)."""
        days = working_days(today)
        if key not in self.minutes:
            if any(a.key == key for a in self.setup):
                return dt.datetime.combine(days[0], dt.time(6), dt.UTC)
            return None
        minutes = self.minutes[key]
        day = int(minutes // 1440)
        date = days[day] if day < len(days) else days[-1] + dt.timedelta(days=day - len(days) + 1)
        return dt.datetime.combine(date, dt.time(), dt.UTC) + dt.timedelta(minutes=minutes - day * 1440)

    @functools.cached_property
    def by_key(self) -> dict[str, Person]:
        return {p.key: p for p in self.people}

    @property
    def posts(self) -> list[Post]:
        return [a for a in self.content if isinstance(a, Post)]

    @property
    def marker(self) -> Post:
        """The plan's last action, a post: when it exists, an earlier run played the whole plan."""
        last = self.content[-1]
        assert isinstance(last, Post)
        return last

    def count(self, kind: type) -> int:
        return sum(isinstance(a, kind) for a in (*self.setup, *self.content))

    def sign_in_as(self) -> dict[str, Person]:
        """Whom to sign in as to see the demo from three sides; all listed on the demo sign-in page."""
        listed = {p.key for p in sorted(self.people, key=lambda p: p.name.lower())[:DEV_SIGNIN_LISTED]}
        colleague = next((k for k in ("lars", "ingrid", "femke", "sven") if k in listed), "lars")
        return {
            "leader": self.by_key[CEO],
            "community manager": self.by_key[COMMUNITY_MANAGER],
            "colleague": self.by_key[colleague],
        }


def working_days(today: dt.date, days: int = DAYS) -> list[dt.date]:
    """The last `days` working days (Monday to Friday) up to and with `today`, oldest first."""
    found: list[dt.date] = []
    day = today
    while len(found) < days:
        if day.weekday() < 5:
            found.append(day)
        day -= dt.timedelta(days=1)
    return found[::-1]


# ----- the people -----


def _email(given: str, family: str, taken: set[str]) -> str:
    """first.last@domain in plain ASCII, as a directory would make it (ø becomes oe, å aa)."""
    text = f"{given}.{family}".lower()
    for letter, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(letter, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    local = re.sub(r"[^a-z.]", "", text)
    email, n = f"{local}@{DOMAIN}", 2
    while email in taken:
        email, n = f"{local}{n}@{DOMAIN}", n + 1
    taken.add(email)
    return email


def _key(given: str, family: str, taken: set[str]) -> str:
    """A person's key in the plan: the local part of their address ("maja.gustafsson")."""
    base = _email(given, family, set()).split("@")[0]
    key, n = base, 2
    while key in taken:
        key, n = f"{base}{n}", n + 1
    taken.add(key)
    return key


def _apportion(shares: Mapping[str, int], total: int) -> list[str]:
    """`total` slots split by the shares, largest remainders first: the department of each person."""
    whole = sum(shares.values())
    counts = {k: v * total // whole for k, v in shares.items()}
    order = sorted(shares, key=lambda k: -(shares[k] * total % whole))
    for k in order[: total - sum(counts.values())]:
        counts[k] += 1
    return [k for k, n in counts.items() for _ in range(n)]


@functools.cache
def _staff() -> tuple[Person, ...]:
    """Everyone besides CORE at full scale, in a fixed order; a smaller scale takes the first of them."""
    rng = random.Random(f"{SEED}/people")
    core_names = [p.name for p in CORE]
    names: set[str] = set(core_names)
    emails = {_email(p.given, p.family, set()) for p in CORE}
    keys = set(CORE_KEYS)
    internationals = {city: [i for i in INTERNATIONALS if i[2] == city] for city in CITIES}
    staff: list[Person] = []
    for city, (country, total) in CITIES.items():
        here = total - sum(p.city == city for p in CORE)
        departments = _apportion(DEPARTMENTS_BY_CITY[city], here)
        rng.shuffle(departments)
        leads: set[str] = set()
        for i, department in enumerate(departments):
            if i < len(internationals[city]):
                given, family, _ = internationals[city][i]
                locale: Lang = "en"
            else:
                locale = LANGUAGE_OF_COUNTRY[country]
                while True:
                    given = rng.choice(rng.choice(FIRST_NAMES[locale]))
                    family = rng.choice(FAMILY_NAMES[locale])
                    name = f"{given} {family}"
                    # a name that contains another's would make "sign in as Anna Holm" ambiguous
                    if name not in names and not any(n in name or name in n for n in core_names):
                        break
            names.add(f"{given} {family}")
            lead_title, titles = TITLES[department]
            if department not in leads and departments.count(department) >= 5:  # a team lead for five or more
                leads.add(department)
                title = lead_title
            else:
                title = rng.choices([t for t, _ in titles], [w for _, w in titles])[0]
            skills = tuple(rng.sample(SKILLS_BY_DEPARTMENT[department], rng.randint(2, 4)))
            staff.append(
                Person(
                    _key(given, family, keys), given, family, title, department, city, locale,
                    email=_email(given, family, emails), skills=skills,
                )
            )  # fmt: skip
    # 1-9-90: two who write a lot, a handful of regulars (with the leaders, the community manager and the first
    # demo's people), many who write now and then, and the rest, who read and react
    counts: dict[Tier, int] = {"power": 2, "contributor": 8, "occasional": 80}
    tiers: list[Tier] = [tier for tier, n in counts.items() for _ in range(n)]
    tiers += ["reader" for _ in range(len(staff) - len(tiers))]
    rng.shuffle(tiers)
    for i, p in enumerate(staff):
        lead = p.title == TITLES[p.department][0]
        staff[i] = dataclasses.replace(p, tier="occasional" if lead and tiers[i] == "reader" else tiers[i])
    rng.shuffle(staff)  # who is in a smaller company: anyone, not the first office's people
    return tuple(staff)


def people(scale: float = 1.0) -> tuple[Person, ...]:
    """CORE and as many of the rest as the scale asks for, each with their manager: their office's team
    lead in their department if there is one, else the head of their department."""
    emails = {p.key: _email(p.given, p.family, set()) for p in CORE}
    core = tuple(dataclasses.replace(p, email=emails[p.key]) for p in CORE)
    wanted = max(0, round(FULL_PEOPLE * scale) - len(core))
    staff = _staff()[:wanted]
    leads = {(p.department, p.city): p.key for p in staff if p.title == TITLES[p.department][0]}
    placed = []
    for p in staff:
        lead = leads.get((p.department, p.city))
        manager = HEADS[p.department] if lead in (None, p.key) else lead
        placed.append(dataclasses.replace(p, manager=manager or CEO))
    return core + tuple(placed)


# ----- making the plan -----


class _Weighted:
    """People to draw from with weights, without the same person twice in one draw."""

    def __init__(self, members: Sequence[Person], weight: Callable[[Person], float]) -> None:
        self.members = [m for m in members if weight(m) > 0]
        self.cumulative: list[float] = []
        total = 0.0
        for m in self.members:
            total += weight(m)
            self.cumulative.append(total)

    def draw(self, rng: random.Random, k: int, exclude: Iterable[str] = ()) -> list[Person]:
        left = {m.key for m in self.members} - set(exclude)
        k = min(k, len(left))
        chosen: list[Person] = []
        while len(chosen) < k:
            person = rng.choices(self.members, cum_weights=self.cumulative)[0]
            if person.key in left:
                left.discard(person.key)
                chosen.append(person)
        return chosen


def _post_weight(person: Person) -> float:
    return LEADER_POSTS if person.leader else POST_WEIGHT[person.tier]


_FIELD = re.compile(r"\{(\w+)\}")


def render(template: str, language: Lang, context: Mapping[str, str], rng: random.Random,
           mention: Callable[[], str]) -> str:  # fmt: skip
    """A template with its slots filled; a slot's value may name slots of its own."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in context:
            return context[name]
        if name == "mention":
            return mention()
        if name == "n":
            return str(rng.randint(3, 12))
        if name == "pct":
            return str(rng.randint(4, 28))
        pool = SLOTS[language].get(name) or COMMON.get(name)
        if pool is None:
            raise KeyError(f"no values for the slot {{{name}}}")
        return rng.choice(pool)

    for _ in range(3):
        filled = _FIELD.sub(value, template)
        if filled == template:
            break
        template = filled
    return template


@dataclasses.dataclass
class _Timed:
    at: float  # minutes since the demo's first day began
    action: Action


class _Planner:
    """Builds the plan; a class only to share the state (members, weights, the random generator)."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.rng = random.Random(f"{SEED}/plan")
        self.people = people(scale)
        self.by_key = {p.key: p for p in self.people}
        self.members: dict[str, list[Person]] = {}
        self.admins: dict[str, set[str]] = {g.key: set(g.owners) for g in GROUPS}
        self.timed: list[_Timed] = []
        self.serial = 0

    # --- setup ---

    def setup(self) -> list[Action]:
        rng = self.rng
        actions: list[Action] = [
            SetProfile(f"leader:{p.key}", COMMUNITY_MANAGER, p.key, leader=True) for p in self.people if p.leader
        ]
        for p in self.people:  # about half fill in their skills: what "find an expert" searches
            if p.key in CORE_KEYS or rng.random() < 0.5:
                actions.append(SetProfile(f"skills:{p.key}", p.key, p.key, skills=p.skills))
        actions += [CreateGroup(f"group:{g.key}", g.owner, g.key) for g in GROUPS]
        joins: list[Action] = []
        for g in GROUPS:
            members = [self.by_key[k] for k in g.owners]
            for p in self.people:
                if p.key in g.owners:
                    continue
                how = self._joins(g, p)
                if how is None:
                    continue
                members.append(p)
                join = f"join:{g.key}:{p.key}"
                if how == "invited":
                    invite = f"invite:{g.key}:{p.key}"
                    actions.append(Invite(invite, g.owner, g.key, p.key))
                    actions.append(Join(join, p.key, g.key, after=invite))
                elif how == "asked":
                    actions.append(Join(join, p.key, g.key))
                    actions.append(Approve(f"approve:{g.key}:{p.key}", g.owner, g.key, p.key, request=join))
                else:
                    joins.append(Join(join, p.key, g.key))
            self.members[g.key] = members
        rng.shuffle(joins)
        follows = self._follows()
        rng.shuffle(follows)
        return actions + joins + follows

    def _joins(self, g: Group, p: Person) -> Literal["joined", "invited", "asked"] | None:
        """Whether and how `p` becomes a member of `g`."""
        r = self.rng.random()
        if g.key == "leadership":
            if p.leader:
                return "invited"
            return "asked" if p.community_manager else None
        if g.key == "skylight":
            invited = {"Product": 0.6, "Engineering": 0.15, "Support": 0.1}.get(p.department, 0.0)
            if p.key == "sven" or r < invited:
                return "invited"
            return "asked" if p.key == "joost" or (p.department in ("Engineering", "Sales") and r < 0.25) else None
        chance: float | None = {
            "news": 0.75,
            "ithelp": 0.9 if p.department == "Operations" else 0.45,
            "engineering": {"Engineering": 0.9, "Product": 0.6, "Support": 0.25}.get(p.department, 0.05),
            "sales": {"Sales": 0.95, "Marketing": 0.5, "Support": 0.35}.get(p.department, 0.6 if p.leader else 0.08),
            "releases": {"Product": 0.9, "Engineering": 0.5, "Support": 0.7, "Sales": 0.5, "Marketing": 0.4}.get(
                p.department, 0.1
            ),
            "askhr": 0.35,
            "cake": 0.3,
            "running": 0.12,
            "green": 0.1,
        }.get(g.key)
        if chance is None:  # an office's group
            local = g.language is not None and LANGUAGE_OF_COUNTRY[p.country] == g.language
            chance = 0.85 if local else 0.04
        return "joined" if r < chance else None

    def _follows(self) -> list[Action]:
        rng = self.rng
        follows: list[Action] = []
        for p in self.people:
            targets: list[str] = []
            if p.manager and rng.random() < 0.7:
                targets.append(p.manager)
            if p.key != CEO and rng.random() < 0.4:
                targets.append(CEO)
            if p.key != COMMUNITY_MANAGER and rng.random() < 0.3:
                targets.append(COMMUNITY_MANAGER)
            near = [q for q in self.people if q.key != p.key and (q.department == p.department or q.city == p.city)]
            many = {"power": 5, "contributor": 3, "occasional": 2, "reader": 1}[p.tier]
            targets += [q.key for q in rng.sample(near, min(len(near), rng.randint(0, many)))]
            for target in dict.fromkeys(targets):
                if target != p.key:
                    follows.append(Follow(f"follow:{p.key}:{target}", p.key, person=target))
            tags = TAGS_BY_DEPARTMENT[p.department]
            for tag in rng.sample(tags, rng.randint(0, min(3, len(tags)))):
                follows.append(Follow(f"follow:{p.key}:#{tag}", p.key, tag=tag))
        return follows

    # --- content ---

    def add(self, at: float, action: Action) -> None:
        self.timed.append(_Timed(at, action))

    def eligible(self, group: str) -> list[Person]:
        """Who reads, comments and reacts on a post: the group's members, or everyone."""
        return self.members[group] if group else list(self.people)

    def language(self, author: Person, group: Group | None) -> Lang:
        """What `author` writes in here: mostly their own language."""
        if author.locale == "en":
            return "en"
        if group is not None and group.language is not None:
            if author.locale == group.language or (author.locale in SCANDINAVIAN and group.language in SCANDINAVIAN):
                return author.locale
            return "en"
        english = group.english if group is not None else 0.15
        return "en" if self.rng.random() < english else author.locale

    def reply_language(self, commenter: Person, language: Lang) -> Lang:
        """Scandinavians answer each other in their own languages; otherwise people meet in English."""
        if commenter.locale == language:
            return language
        if language in SCANDINAVIAN and commenter.locale in SCANDINAVIAN:
            return commenter.locale
        if language == "en" and commenter.locale != "en" and self.rng.random() < 0.1:
            return commenter.locale
        return "en"

    def context(self, author: Person, language: Lang, day: int) -> dict[str, str]:
        return {
            "city": CITY_NAMES[language].get(author.city, author.city),
            "first": author.given,
            "team": TEAMS[language][author.department],
            "version": f"4.{3 + day // 7}",
            "quarter": str(2 + day // 30),
        }

    def mentioner(self, author: Person, pool: Sequence[Person]) -> Callable[[], str]:
        """Picks a colleague to mention: often someone from the author's department."""

        def mention() -> str:
            same = [p for p in pool if p.department == author.department and p.key != author.key]
            others = [p for p in pool if p.key != author.key] or [author]
            return self.rng.choice(same if same and self.rng.random() < 0.6 else others).mention()

        return mention

    def new_key(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}:{self.serial:05d}"

    def content(self) -> None:
        rng = self.rng
        writers = _Weighted(self.people, _post_weight)
        self.scripted()
        total = round(FULL_POSTS * self.scale)
        for i in range(total):
            day = i * DAYS // max(total, 1)
            at = day * 1440 + 480 + rng.uniform(0, 540)
            author = writers.draw(rng, 1)[0]
            post = self.random_post(author, day)
            self.add(at, post)
            self.follow_ups(post, at, day)

    def random_post(self, author: Person, day: int) -> Post:
        rng = self.rng
        r = rng.random()
        if (author.leader or author.community_manager) and rng.random() < 0.2:
            kind = ANNOUNCEMENT
        elif r < 0.2:
            kind = QUESTION
        elif r < 0.28:
            kind = PRAISE_KIND
        elif r < 0.292:
            kind = POLL
        else:
            kind = DISCUSSION
        group = self.pick_group(author, kind)
        g = GROUP_BY_KEY.get(group)
        language = self.language(author, g)
        pool = self.eligible(group)
        mention = self.mentioner(author, pool)
        context = self.context(author, language, day)
        key = self.new_key("post")
        if kind == PRAISE_KIND:
            near = [
                p for p in pool if p.key != author.key and (p.department == author.department or p.city == author.city)
            ]
            candidates = near or [p for p in pool if p.key != author.key]
            praised = rng.sample(candidates, min(len(candidates), 1 if rng.random() < 0.8 else 2))
            context["praised"] = f" {AND[language]} ".join(p.mention() for p in praised)
            body = render(rng.choice(PRAISE[language]), language, context, rng, mention)
            value = rng.choice(COMPANY_VALUES) if rng.random() < 0.6 else ""
            return Post(key, author.key, kind, body, language, group, "praise",
                        praised=tuple(p.key for p in praised), company_value=value)  # fmt: skip
        if kind == POLL:
            question, options = rng.choice(POLLS[language])
            body = render(question, language, context, rng, mention)
            return Post(key, author.key, kind, body, language, group, "poll", poll_options=options)
        topics = g.topics if g is not None else PROFILE_TOPICS[author.department]
        qa = -1
        if kind == QUESTION:
            topics = tuple(t for t in topics if TOPICS[t][language].questions) or ("ithelp",)
            topic = rng.choice(topics)
            qa = rng.randrange(len(TOPICS[topic][language].questions))
            body = render(TOPICS[topic][language].questions[qa][0], language, context, rng, mention)
        else:
            if kind == ANNOUNCEMENT and group in ("", "news"):
                topics = ("news",)
            topic = rng.choice(topics)
            body = render(rng.choice(TOPICS[topic][language].posts), language, context, rng, mention)
        return Post(key, author.key, kind, body, language, group, topic, qa)

    def pick_group(self, author: Person, kind: str) -> str:
        """Where `author` posts this: one of their groups where they may post it, or their profile."""
        options: list[tuple[str, float]] = [("", 2.5)]
        for g in GROUPS:
            if author not in self.members[g.key]:
                continue
            admin = author.key in self.admins[g.key]
            if g.admins_only and not admin:
                continue
            if kind == ANNOUNCEMENT:
                weight = 4.0 if g.key == "news" else (0.5 if admin else 0.0)
            elif kind == POLL:
                weight = g.activity if g.key not in ("ithelp", "askhr", "leadership", "news") else 0.0
            elif kind == PRAISE_KIND:
                weight = g.activity if g.key not in ("ithelp", "askhr", "news") else 0.0
            elif kind == QUESTION:
                weight = g.activity * (3.0 if g.key in ("ithelp", "askhr") else 1.0)
            else:
                weight = g.activity
            if weight > 0:
                options.append((g.key, weight))
        return self.rng.choices([k for k, _ in options], [w for _, w in options])[0]

    def follow_ups(self, post: Post, at: float, day: int) -> None:
        """The comments, answers, reactions, votes and accepted answer that follow a post."""
        rng = self.rng
        author = self.by_key[post.actor]
        pool = self.eligible(post.group)
        commenters = _Weighted(pool, lambda p: COMMENT_WEIGHT[p.tier])
        reactors = _Weighted(pool, lambda p: REACT_WEIGHT[p.tier])
        mention = self.mentioner(author, pool)
        spread = {QUESTION: (0.22, 0.35, 0.27, 0.13, 0.03), DISCUSSION: (0.58, 0.24, 0.11, 0.05, 0.02),
                  ANNOUNCEMENT: (0.2, 0.3, 0.25, 0.15, 0.1), PRAISE_KIND: (0.3, 0.35, 0.2, 0.15, 0.0),
                  POLL: (0.6, 0.3, 0.1, 0.0, 0.0)}[post.kind]  # fmt: skip
        how_many = rng.choices(range(5), spread)[0]
        comments: list[tuple[float, Comment]] = []
        when = at
        texts = TOPICS.get(post.topic, {})
        for j, commenter in enumerate(commenters.draw(rng, how_many, exclude=[post.actor])):
            when += rng.expovariate(1 / 90) + 2
            language = self.reply_language(commenter, post.language)
            context = self.context(commenter, language, day)
            if post.kind == QUESTION:
                answers = texts[language].questions[post.qa][1]
                body = render(answers[j % len(answers)], language, context, rng, mention)
            elif post.kind == PRAISE_KIND:
                body = rng.choice(PRAISE_COMMENTS[language])
            elif texts and texts[language].comments and rng.random() < 0.6:
                body = render(rng.choice(texts[language].comments), language, context, rng, mention)
            else:
                body = rng.choice(GENERIC_COMMENTS[language])
            parent = ""
            if post.kind != QUESTION and comments and rng.random() < 0.25:
                parent = comments[0][1].key
            comment = Comment(f"{post.key}/c{j + 1}", commenter.key, post.key, body, language, parent,
                              answer=post.kind == QUESTION)  # fmt: skip
            comments.append((when, comment))
            self.add(when, comment)
        if post.kind == QUESTION and comments and rng.random() < 0.6:
            chosen_at, chosen = rng.choice(comments)
            accept_at = max(w for w, _ in comments) + rng.uniform(20, 600)
            self.add(accept_at, Accept(f"{post.key}/accept", post.actor, post.key, chosen.key))
            if rng.random() < 0.5:
                thanks = Comment(f"{post.key}/thanks", post.actor, post.key, rng.choice(THANKS[post.language]),
                                 post.language, parent=chosen.key)  # fmt: skip
                self.add(accept_at + 1, thanks)
            self.add(max(chosen_at, accept_at) + 2, React(f"{chosen.key}/r/{post.actor}", post.actor, post.key,
                                                          "like", comment=chosen.key))  # fmt: skip
        elif post.kind != QUESTION and comments and rng.random() < 0.15:
            first_at, first = comments[0]
            reply = Comment(f"{post.key}/thanks", post.actor, post.key, rng.choice(THANKS[post.language]),
                            post.language, parent=first.key)  # fmt: skip
            self.add(first_at + rng.uniform(5, 120), reply)
        for when_c, comment in comments:
            if rng.random() < 0.12:
                for fan in reactors.draw(rng, 1, exclude=[comment.actor, post.actor]):
                    self.add(when_c + rng.uniform(1, 240), React(f"{comment.key}/r/{fan.key}", fan.key, post.key,
                                                                 "like", comment=comment.key))  # fmt: skip
        mean = {QUESTION: 0.5, DISCUSSION: 0.8, ANNOUNCEMENT: 4.0, PRAISE_KIND: 2.5, POLL: 0.6}[post.kind]
        if post.topic == "sales":
            mean *= 2
        kinds, weights = {
            QUESTION: (("insightful", "like"), (6, 4)),
            PRAISE_KIND: (("celebrate", "love", "like"), (5, 3, 2)),
            ANNOUNCEMENT: (("like", "celebrate", "insightful"), (5, 3, 2)),
        }.get(post.kind, (("like", "love", "celebrate", "insightful", "support"), (6, 1, 1, 1, 1)))
        if post.topic == "sales":
            kinds, weights = ("celebrate", "like"), (7, 3)
        for fan in reactors.draw(rng, round(rng.expovariate(1 / mean)), exclude=[post.actor]):
            reaction = rng.choices(kinds, weights)[0]
            self.add(at + rng.uniform(1, 900), React(f"{post.key}/r/{fan.key}", fan.key, post.key, reaction))
        if post.kind == POLL:
            odds = [rng.random() + 0.2 for _ in post.poll_options]
            for voter in reactors.draw(rng, rng.randint(4, 20), exclude=[post.actor]):
                option = rng.choices(range(len(odds)), odds)[0]
                self.add(at + rng.uniform(1, 1440), Vote(f"{post.key}/v/{voter.key}", voter.key, post.key, option))
        if post.must_read:
            for reader in reactors.draw(rng, round(len(pool) * 0.45), exclude=[post.actor]):
                self.add(at + rng.uniform(10, 2880), MarkRead(f"{post.key}/read/{reader.key}", reader.key, post.key))

    # --- the story's fixed points ---

    def scripted(self) -> None:
        """The first day's posts (the first demo's six among them), and the must-read a week later."""
        at = 480.0  # eight in the morning
        for group, author, language, kind, body, pinned_by in WELCOMES:
            at += 7
            post = Post(f"post:welcome-{group}", author, kind, body, language, group, "welcome")
            self.add(at, post)
            if pinned_by:
                self.add(at + 1, Pin(f"{post.key}/pin", pinned_by, post.key))
            self.follow_ups(post, at, 0)
        for i, (author, kind, body, language, praised) in enumerate(FIRST_POSTS):
            at += 9
            post = Post(f"post:first-{i}", author, kind, body, language, "", "hello", praised=praised)
            self.add(at, post)
            if kind == QUESTION:
                self.add(at + 25, Comment(f"{post.key}/c1", "morten", post.key, ROOM_ANSWER, "nb", answer=True))
                self.add(at + 40, Accept(f"{post.key}/accept", author, post.key, f"{post.key}/c1"))
                self.add(at + 41, Comment(f"{post.key}/thanks", author, post.key, "Tusen takk, det funket! 😊", "nb",
                                          parent=f"{post.key}/c1"))  # fmt: skip
            else:
                self.follow_ups(post, at, 0)
        at = 7 * 1440 + 600
        post = Post("post:travel-policy", "birgitte", ANNOUNCEMENT, MUST_READ, "en", "news", "news", must_read=True)
        self.add(at, post)
        self.follow_ups(post, at, 7)

    def plan(self) -> Plan:
        setup = self.setup()
        self.content()
        ordered = sorted(self.timed, key=lambda t: t.at)  # stable: a comment stays after its post
        content = [t.action for t in ordered]
        posts = [a for a in content if isinstance(a, Post)]
        questions = [p for p in posts if p.kind == QUESTION]
        answered = {a.post for a in content if isinstance(a, Comment) and a.answer}
        closing = CLOSING.format(posts=len(posts) + 1, questions=len(questions),
                                 answered=sum(q.key in answered for q in questions),
                                 praise=sum(p.kind == PRAISE_KIND for p in posts))  # fmt: skip
        content.append(Post("post:closing", COMMUNITY_MANAGER, ANNOUNCEMENT, closing, "en", "news", "news"))
        minutes = {t.action.key: t.at for t in ordered}
        return Plan(self.scale, self.people, GROUPS, tuple(setup), tuple(content), minutes)


WELCOMES: tuple[tuple[str, str, Lang, str, str, str], ...] = (  # group, owner, language, kind, body, pinned by
    ("news", CEO, "en", ANNOUNCEMENT,
     "Welcome to Kantine, our new home for company news, questions and kudos! Join the groups for your office and "
     "your team, ask anything in IT Help, and say hello under #hello. 👋 #news", COMMUNITY_MANAGER),
    ("ithelp", "erik", "en", DISCUSSION,
     "Welcome to IT Help! Ask here rather than in private messages, so the next person finds the answer. Tell us "
     "what you tried and add a screenshot if you can. #ithelp", "erik"),
    ("danmark", COMMUNITY_MANAGER, "da", DISCUSSION,
     "Velkommen til Nordhavn Danmark! Her deler vi alt fra kontorbeskeder til fredagsbar for København og Aarhus. "
     "#kontoret", ""),
    ("norge", "ingrid", "nb", DISCUSSION,
     "Velkommen til Nordhavn Norge! Her kommer praktisk info om kontorene i Oslo og Bergen – og kakefredag, "
     "selvsagt. #kontoret", ""),
    ("sverige", "karin", "sv", DISCUSSION,
     "Välkommen till Nordhavn Sverige! Här delar vi allt om kontoren i Stockholm och Göteborg, från fika till "
     "flytt. #kontoret", ""),
    ("nederland", "joost", "nl", DISCUSSION,
     "Welkom bij Nordhavn Nederland! Hier delen we alles over de kantoren in Utrecht en Amsterdam, van borrel tot "
     "parkeren. #kantoor", ""),
    ("engineering", "karin", "en", DISCUSSION,
     "Welcome to Engineering! Postmortems, tech talks and tooling questions go here. Be kind in code review. "
     "#engineering", ""),
    ("sales", "morten", "en", DISCUSSION,
     "Ring the bell here: every new customer and renewal deserves a post. Ask for help with proposals too! "
     "#saleswin", ""),
    ("releases", "joost", "en", DISCUSSION,
     "Release notes and roadmap news for Harbour land here first, so that Sales and Support are never surprised. "
     "#release", ""),
    ("leadership", CEO, "en", DISCUSSION,
     "Our working space for budgets, hiring and the offsite. Decisions are announced in Nordhavn News once they "
     "are made. #offsite", ""),
    ("askhr", "anna", "en", DISCUSSION,
     "No question is too small: ask here, so that everyone benefits from the answer. Personal matters still go "
     "to your HR partner directly. #hr", ""),
    ("skylight", "femke", "en", DISCUSSION,
     "Kick-off! Skylight is our new customer portal. Sprint demos every other week, a pilot with three customers, "
     "and the launch before this group's end date. #skylight", "femke"),
    ("cake", COMMUNITY_MANAGER, "en", DISCUSSION,
     "Who brings cake this Friday? Post it here, in any language, with a photo if you can. 🎂 #fridaycake", ""),
    ("running", "lars", "da", DISCUSSION,
     "Løbeklubben er i gang! Vi løber fra kontorerne hver søndag kl. 9 – alle tempi er velkomne. 🏃 #løb", ""),
    ("green", "sanne", "en", DISCUSSION,
     "Green Team: share ideas, small and big, for a more sustainable Nordhavn. First up: the bike challenge! 🚲 "
     "#sustainability", ""),
)  # fmt: skip
# the first demo's posts, as they were, and the community manager's hello: (author, kind, body, language, praised)
FIRST_POSTS: tuple[tuple[str, str, str, Lang, tuple[str, ...]], ...] = (
    ("anna", ANNOUNCEMENT, "Welcome to Kantine! Introduce yourself in #hello and ask anything in #help.", "en", ()),
    ("lars", DISCUSSION, "Hej alle sammen! Første dag i Aarhus-kontoret. #hello", "da", ()),
    ("ingrid", QUESTION, "Hvem vet hvordan man bestiller møterom i Oslo? #help", "nb", ()),
    ("sven", DISCUSSION, "Fika klockan tre i köket på plan 4. #fika", "sv", ()),
    ("femke", PRAISE_KIND, "Grote dank aan het supportteam voor de snelle hulp vannacht! #kudos", "nl", ("lars",)),
    ("anna", DISCUSSION, "Our onboarding checklist is now in #onboarding: comments welcome.", "en", ()),
    (COMMUNITY_MANAGER, DISCUSSION,
     "Hi everyone, I'm Camilla, Nordhavn's community manager 👋 I'll help you find the right groups and make sure no "
     "question goes unanswered. Ping me anytime! #hello", "en", ()),
)  # fmt: skip
ROOM_ANSWER = "Du booker dem i Outlook: alle møterommene i Oslo begynner med «OSL». Ankeret er størst."
MUST_READ = (
    "New travel and expense policy from next month: trains for trips under six hours, and receipts in the app "
    "within 30 days. Please confirm that you have read it. #travel #expenses"
)
CLOSING = (
    "Two months of Kantine at Nordhavn: {posts} posts, {questions} questions ({answered} answered) and {praise} "
    "shout-outs. Thank you all for making our offices feel like one! 💙 #kantine"
)


@functools.cache
def make_plan(scale: float = 1.0) -> Plan:
    """The demo at `scale`: 1.0 is about 200 people and 2,400 posts; smaller keeps the core people."""
    if scale < 0:
        raise ValueError("the scale is 0 or more")
    return _Planner(scale).plan()


__all__ = ["LANGS", "Action", "Plan", "make_plan", "needs"]
