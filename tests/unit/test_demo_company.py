"""The demo company's plan, without a platform: a believable company, and a story the API accepts.

The plan is replayed here against the feed's rules as the player will meet them (who may post where, who
may comment, what an answer needs), so a plan the gateway would refuse fails here, in milliseconds.
"""

from __future__ import annotations

import collections
import re

import pytest

from kantine.platform import demo_company as dc
from kantine.platform.demo_company import (
    ANNOUNCEMENT,
    POLL,
    PRAISE_KIND,
    QUESTION,
    Accept,
    Action,
    Approve,
    Comment,
    CreateGroup,
    Follow,
    Invite,
    Join,
    MarkRead,
    Pin,
    Plan,
    Post,
    React,
    SetProfile,
    Vote,
    make_plan,
    needs,
)
from kantine.platform.demo_texts import LANGS, POLLS, TOPICS

FULL = make_plan(1.0)
SMALL = make_plan(0.02)
MENTION = re.compile(r"@\[([^\]]+)\]\(person:([^)]+)\)")


def test_the_plan_is_the_same_every_time() -> None:
    again = dc._Planner(1.0).plan()
    assert again == FULL
    assert dc._Planner(0.02).plan() == SMALL


def test_about_200_people_in_four_countries_with_local_names() -> None:
    people = FULL.people
    assert len(people) == 200
    assert len({p.key for p in people}) == len({p.email for p in people}) == len({p.name for p in people}) == 200
    assert {p.city for p in people} == set(dc.CITIES)
    assert {p.country for p in people} == {"DK", "NO", "SE", "NL"}
    locales = collections.Counter(p.locale for p in people)
    assert set(locales) == {"da", "nb", "sv", "nl", "en"} and locales["en"] < 20
    assert {p.department for p in people} >= {
        "Engineering", "Sales", "Support", "People", "Finance", "Operations", "Product", "Marketing",
    }  # fmt: skip
    for p in people:
        if p.locale == "nb":
            assert p.family in dc.FAMILY_NAMES["nb"] or p.key in dc.CORE_KEYS
        assert p.email.endswith(f"@{dc.DOMAIN}") and p.email.isascii()


def test_the_first_demos_five_are_there_with_their_names_and_anna_leads() -> None:
    for plan in (FULL, SMALL):
        names = {p.key: p.name for p in plan.people}
        assert {k: names[k] for k in dc.FIRST_DEMO} == {
            "anna": "Anna Holm", "lars": "Lars Mikkelsen", "ingrid": "Ingrid Berg", "sven": "Sven Lindqvist",
            "femke": "Femke de Vries",
        }  # fmt: skip
        assert plan.by_key["anna"].leader
        assert plan.by_key["anna"].external_id == "demo:anna"
        # the tests sign in by a name: no one else's name contains one of theirs
        for key in dc.FIRST_DEMO:
            assert [p.key for p in plan.people if names[key] in p.name] == [key]


def test_leaders_are_the_ceo_and_department_heads_and_there_is_one_community_manager() -> None:
    leaders = [p for p in FULL.people if p.leader]
    assert {p.key for p in leaders} == {dc.CEO, *dc.HEADS.values()}
    assert {p.department for p in leaders} >= {"Engineering", "Sales", "Support", "People", "Finance"}
    assert [p.key for p in FULL.people if p.community_manager] == [dc.COMMUNITY_MANAGER]
    leader_flags = {a.person for a in FULL.setup if isinstance(a, SetProfile) and a.leader}
    assert leader_flags == {p.key for p in leaders}


def test_everyone_has_a_manager_up_to_the_ceo() -> None:
    for plan in (FULL, SMALL):
        for p in plan.people:
            seen = p
            for _ in range(5):
                if not seen.manager:
                    break
                seen = plan.by_key[seen.manager]
            assert seen.key == dc.CEO, p


def test_fifteen_groups_with_purposes_a_private_one_an_announcement_one_and_a_project_with_an_end() -> None:
    groups = FULL.groups
    assert len(groups) == 15 and len({g.name for g in groups}) == 15
    assert all(len(g.purpose) >= 10 for g in groups)
    assert any(g.visibility == "private" for g in groups)
    assert [g.key for g in groups if g.admins_only] == ["news"]
    assert [g.key for g in groups if g.end_in_days] == ["skylight"]
    for g in groups:  # the owners are there at every scale
        assert all(o in SMALL.by_key for o in g.owners)


def test_every_topic_has_every_language_and_the_same_questions_in_each() -> None:
    for topic, texts in TOPICS.items():
        assert set(texts) == set(LANGS), topic
        shapes = {lang: len(t.questions) for lang, t in texts.items()}
        assert len(set(shapes.values())) == 1, (topic, shapes)
        assert all(t.posts for t in texts.values()), topic
    assert set(POLLS) == set(LANGS)


class World:
    """The feed's rules as the plan meets them, applied action by action."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.groups = {g.key: g for g in plan.groups}
        self.created: set[str] = set()
        self.members: dict[str, set[str]] = collections.defaultdict(set)
        self.invited: set[tuple[str, str]] = set()
        self.requested: set[tuple[str, str]] = set()
        self.posts: dict[str, Post] = {}
        self.comments: dict[str, Comment] = {}
        self.done: set[str] = set()

    def apply(self, action: Action) -> None:
        for key in needs(action):
            assert key in self.done, f"{action.key} needs {key}, which comes later"
        assert action.key not in self.done, f"{action.key} twice"
        self.done.add(action.key)
        assert action.actor in self.plan.by_key
        match action:
            case SetProfile(actor=actor, person=person, leader=leader):
                assert actor == person or (leader is not None and actor == dc.COMMUNITY_MANAGER)
            case CreateGroup(group=g):
                self.created.add(g)
                self.members[g] |= set(self.groups[g].owners)
            case Invite(actor=actor, group=g, person=person):
                assert actor in self.groups[g].owners
                self.invited.add((g, person))
            case Join(actor=actor, group=g):
                group = self.groups[g]
                if group.visibility == "public" or (g, actor) in self.invited:
                    self.members[g].add(actor)
                else:
                    self.requested.add((g, actor))
            case Approve(actor=actor, group=g, person=person):
                assert actor in self.groups[g].owners and (g, person) in self.requested
                self.members[g].add(person)
            case Follow(actor=actor, person=person, tag=tag):
                assert bool(person) != bool(tag) and person != actor
            case Post():
                self.post(action)
            case Comment(actor=actor, post=post, parent=parent):
                self.readable(actor, post, write=True)
                if parent:
                    assert self.comments[parent].post == post
                self.comments[action.key] = action
            case React(actor=actor, post=post, comment=comment):
                self.readable(actor, post)
                assert not comment or self.comments[comment].post == post
            case Vote(actor=actor, post=post, option=option):
                self.readable(actor, post)
                assert 0 <= option < len(self.posts[post].poll_options)
            case Accept(actor=actor, post=post, comment=comment):
                question = self.posts[post]
                assert question.kind == QUESTION and question.actor == actor
                assert self.comments[comment].post == post and self.comments[comment].answer
            case Pin(actor=actor, post=post):
                group = self.posts[post].group
                assert group and (actor in self.groups[group].owners or actor == dc.COMMUNITY_MANAGER)
            case MarkRead(actor=actor, post=post):
                assert self.posts[post].must_read
                self.readable(actor, post)

    def post(self, post: Post) -> None:
        author = self.plan.by_key[post.actor]
        if post.group:
            group = self.groups[post.group]
            assert post.group in self.created and post.actor in self.members[post.group], post.key
            if group.admins_only:
                assert post.actor in group.owners, post.key
        if post.kind == ANNOUNCEMENT:
            admin = bool(post.group) and post.actor in self.groups[post.group].owners
            assert author.leader or author.community_manager or admin, post.key
        if post.kind == PRAISE_KIND:
            assert post.praised and post.actor not in post.praised
            # whom it praises is named in the text (but for the first demo's praise of "the support team")
            assert post.key.startswith("post:first-") or all(
                self.plan.by_key[k].name in post.body for k in post.praised
            )
        if post.kind == POLL:
            assert 2 <= len(post.poll_options) <= 10
        assert "{" not in post.body and "}" not in post.body, post.body
        assert 0 < len(post.body) <= 10_000
        for name, key in MENTION.findall(post.body):
            assert self.plan.by_key[key].name == name
        self.posts[post.key] = post

    def readable(self, actor: str, post: str, *, write: bool = False) -> None:
        """Members read and write in a group; on a profile, everyone."""
        group = self.posts[post].group
        if group and (write or self.groups[group].visibility != "public"):
            assert actor in self.members[group], (actor, post)


@pytest.mark.parametrize("plan", [FULL, SMALL, make_plan(0.3)], ids=["full", "small", "0.3"])
def test_the_plan_plays_by_the_feeds_rules(plan: Plan) -> None:
    world = World(plan)
    for action in (*plan.setup, *plan.content):
        world.apply(action)
    assert isinstance(plan.content[-1], Post) and plan.marker.key == "post:closing"


def test_a_few_thousand_posts_of_every_kind_in_five_languages() -> None:
    posts = FULL.posts
    assert 2000 <= len(posts) <= 3000
    kinds = collections.Counter(p.kind for p in posts)
    assert kinds[QUESTION] > 300 and kinds[PRAISE_KIND] > 100 and kinds[POLL] > 5 and kinds[ANNOUNCEMENT] > 50
    languages = collections.Counter(p.language for p in posts)
    assert set(languages) == set(LANGS) and min(languages.values()) > 150
    accepted = {a.post for a in FULL.content if isinstance(a, Accept)}
    answered = {c.post for c in FULL.content if isinstance(c, Comment) and c.answer}
    questions = {p.key for p in posts if p.kind == QUESTION}
    assert accepted < answered < questions  # some accepted, some only answered, some still open
    assert any(MENTION.search(p.body) for p in posts) and all("#" in p.body for p in posts if p.topic == "ithelp")
    assert FULL.count(Comment) > 1500 and FULL.count(React) > 2000 and FULL.count(Vote) > 100
    assert FULL.count(Follow) > 300 and any(isinstance(a, Follow) and a.tag for a in FULL.setup)


def test_people_write_mostly_in_their_own_language() -> None:
    """Their own language mostly; English in the company-wide groups now and then."""
    own = total = 0
    for person in FULL.people:
        mine = [p.language for p in FULL.posts if p.actor == person.key]
        if person.locale != "en":
            own, total = own + mine.count(person.locale), total + len(mine)
        if len(mine) >= 10:
            assert mine.count(person.locale) / len(mine) >= 0.4, person.key
    assert own / total > 0.65


def test_few_write_a_lot_many_a_little_and_many_never() -> None:
    """1-9-90: the most active tenth write most of the posts, and a good part of the company never writes."""
    writes = collections.Counter(a.actor for a in FULL.content if isinstance(a, Post | Comment))
    per_person = sorted((writes[p.key] for p in FULL.people), reverse=True)
    assert sum(per_person[:20]) / sum(per_person) > 0.4
    assert per_person.count(0) >= 50
    leaders = [p.key for p in FULL.people if p.leader]
    assert all(any(p.actor == k for p in FULL.posts) for k in leaders)  # leaders post sometimes


def test_no_one_writes_more_than_the_rate_limit_lets_through_in_a_few_minutes() -> None:
    """The gateway lets a person write 120 times a minute; the busiest person decides how long loading takes."""
    writes = collections.Counter(a.actor for a in (*FULL.setup, *FULL.content))
    assert max(writes.values()) <= 240


def test_a_small_scale_keeps_the_core_people_and_the_first_demos_posts() -> None:
    assert {p.key for p in SMALL.people} == dc.CORE_KEYS
    bodies = {p.body for p in SMALL.posts}
    assert {body for _, _, body, _, _ in dc.FIRST_POSTS} <= bodies
    assert {p.language for p in SMALL.posts} == set(LANGS)
    ingrid = next(p for p in SMALL.posts if p.actor == "ingrid" and p.kind == QUESTION)
    assert any(isinstance(a, Accept) and a.post == ingrid.key for a in SMALL.content)


def test_whom_to_sign_in_as_is_on_the_demo_sign_in_page() -> None:
    listed = {p.key for p in sorted(FULL.people, key=lambda p: p.name.lower())[: dc.DEV_SIGNIN_LISTED]}
    roles = FULL.sign_in_as()
    assert set(roles) == {"leader", "community manager", "colleague"}
    assert roles["leader"].leader and roles["community manager"].community_manager
    assert {p.key for p in roles.values()} <= listed


def test_directory_users_say_what_the_profile_needs() -> None:
    from kantine.platform.demo import ENTERPRISE, scim_user

    lars = scim_user(FULL.by_key["lars"])
    assert lars["userName"] == "lars.mikkelsen@nordhavn.example" and lars["externalId"] == "demo:lars"
    assert lars[ENTERPRISE] == {"department": "Support", "manager": {"value": "demo:mette"}}
    assert lars["preferredLanguage"] == "da-DK"
    assert lars["addresses"][0] == {"type": "work", "locality": "Aarhus", "country": "DK", "primary": True}
    assert "manager" not in scim_user(FULL.by_key[dc.CEO])[ENTERPRISE]
