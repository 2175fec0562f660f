"""`kantine demo-data` against the platform as `kantine up` runs it: the demo company goes in through the
public API (SCIM for people, the import token for two months of history, the demo sign-in for what is
still to happen today) and a second load creates nothing.

Everything is checked through the API, as someone opening the demo would see it; the feed's event store
is read only to prove that loading again recorded nothing at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

import asyncpg
import httpx
import pytest

from kantine.platform import demo
from kantine.platform.demo import Summary, dev_sign_in, load_demo_data
from kantine.platform.demo_company import QUESTION, Accept, Comment, Plan, make_plan, working_days
from kantine.platform.demo_texts import LANGS
from tests.e2e.demo_platform import demo_platform

pytestmark = pytest.mark.e2e

SCALE = 0.05  # the core people (14) and about 130 posts: seconds, not minutes


@pytest.fixture(scope="module")
def platform(
    nats_url: str, pg_server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[dict[str, Any], Summary]]:
    with demo_platform(nats_url, pg_server_url, tmp_path_factory.mktemp("demo") / "home", SCALE) as started:
        yield started


async def load(state: Mapping[str, Any]) -> Summary:
    return await load_demo_data(
        state["http"]["url"], state["scim_token"], SCALE, import_token=state["import_token"],
        say=lambda _: None,
    )  # fmt: skip


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(SCALE)


class As:
    """One person's session, signed in through the demo sign-in as the demo loader signs in."""

    def __init__(self, http: httpx.AsyncClient, user_id: str) -> None:
        self.http = http
        self.user_id = user_id

    @classmethod
    async def sign_in(cls, url: str, user_id: str) -> As:
        http = httpx.AsyncClient(base_url=url, timeout=30)
        reply = await dev_sign_in(http, user_id)
        assert reply.status_code == 303, reply.text
        http.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in reply.cookies.items())
        return cls(http, user_id)

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.http.get(f"/api/v1{path}", params=params)

    async def json(self, path: str, **params: Any) -> dict[str, Any]:
        reply = await self.get(path, **params)
        assert reply.status_code == 200, reply.text
        body: dict[str, Any] = reply.json()
        return body

    async def everything(self, path: str, field: str) -> list[dict[str, Any]]:
        """All pages of a list."""
        items: list[dict[str, Any]] = []
        cursor = ""
        while True:
            page = await self.json(path, limit=100, **({"cursor": cursor} if cursor else {}))
            items += page[field]
            cursor = page["next_cursor"]
            if not cursor:
                return items


@pytest.fixture
async def people(platform: tuple[dict[str, Any], Summary]) -> AsyncIterator[dict[str, As]]:
    state, summary = platform
    sessions = {key: await As.sign_in(state["http"]["url"], summary.ids[key]) for key in summary.ids}
    yield sessions
    for session in sessions.values():
        await session.http.aclose()


async def scim(state: Mapping[str, Any], **params: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=state["http"]["url"]) as http:
        reply = await http.get(
            "/scim/v2/Users", params=params, headers={"Authorization": f"Bearer {state['scim_token']}"}
        )
        assert reply.status_code == 200, reply.text
        body: dict[str, Any] = reply.json()
        return body


async def test_people_come_from_the_directory_with_leaders_a_community_manager_and_managers(
    platform: tuple[dict[str, Any], Summary], plan: Plan, people: dict[str, As]
) -> None:
    state, summary = platform
    listed = await scim(state, count=200)
    assert listed["totalResults"] == len(plan.people) == summary.people
    assert {u["externalId"] for u in listed["Resources"]} == {p.external_id for p in plan.people}

    lars = people["lars"]
    profiles = {key: (await lars.json(f"/people/{user_id}"))["profile"] for key, user_id in summary.ids.items()}
    assert {k for k, p in profiles.items() if p["leader"]} == {p.key for p in plan.people if p.leader}
    assert "anna" in {k for k, p in profiles.items() if p["leader"]}
    assert [k for k, p in profiles.items() if p["community_manager"]] == ["camilla"]
    assert profiles["lars"]["display_name"] == "Lars Mikkelsen" and profiles["lars"]["locale"] == "da"
    assert profiles["lars"]["manager_id"] == summary.ids["mette"]  # the enterprise extension's manager
    assert profiles["ingrid"]["location"] == "Oslo" and profiles["ingrid"]["country"] == "NO"
    assert "python" in profiles["sven"]["skills"]
    assert summary.sign_in_as["community manager"].key == "camilla"


async def test_groups_have_purposes_and_a_private_one_is_closed_to_others(
    platform: tuple[dict[str, Any], Summary], plan: Plan, people: dict[str, As]
) -> None:
    _, summary = platform
    groups = await people["lars"].everything("/groups", "groups")
    by_name = {g["name"]: g for g in groups}
    assert {g.name for g in plan.groups} <= set(by_name)
    assert all(len(g["purpose"]) >= 10 for g in groups)
    news = by_name["Nordhavn News"]
    assert news["posting_policy"] == "POSTING_POLICY_ADMINS" and int(news["members"]) >= 10
    assert by_name["Project Skylight"]["end_date"]

    leadership = by_name["Leadership Team"]
    assert (
        leadership["visibility"] == "GROUP_VISIBILITY_PRIVATE"
        and leadership["viewer_role"] == "MEMBER_ROLE_UNSPECIFIED"
    )
    inside = await people["anna"].json(f"/groups/{leadership['group_id']}/posts")
    assert inside["posts"], "the leaders' group has posts"
    outside = await people["lars"].get(f"/groups/{leadership['group_id']}/posts")
    assert outside.status_code == 403 and "posts" not in outside.json(), outside.text
    for post in inside["posts"][:3]:
        assert (await people["lars"].get(f"/posts/{post['post_id']}")).status_code == 404
    members = await people["anna"].everything(f"/groups/{leadership['group_id']}/members", "members")
    assert {m["user_id"] for m in members} == {summary.ids[p.key] for p in plan.people if p.leader} | {
        summary.ids["camilla"]  # asked to join, and the CEO let her in
    }
    home = await people["lars"].everything("/feed", "posts")
    assert all(p["group_id"] != leadership["group_id"] for p in home)


async def test_posts_in_five_languages_questions_answered_and_accepted(
    platform: tuple[dict[str, Any], Summary], plan: Plan, people: dict[str, As]
) -> None:
    _, summary = platform
    written: dict[str, list[dict[str, Any]]] = {}
    for key, session in people.items():
        written[key] = await session.everything(f"/people/{summary.ids[key]}/posts", "posts")
    assert sum(map(len, written.values())) == len(plan.posts)
    bodies = {p["body"] for posts in written.values() for p in posts}
    for language in LANGS:
        mine = [p for p in plan.posts if p.language == language and "(person:" not in p.body]
        assert mine and any(p.body in bodies for p in mine), language

    ingrid = next(p for p in written["ingrid"] if p["body"] == "Hvem vet hvordan man bestiller møterom i Oslo? #help")
    assert ingrid["kind"] == QUESTION
    assert ingrid["accepted_comment_id"]
    view = await people["lars"].json(f"/posts/{ingrid['post_id']}")
    accepted = [c for c in view["comments"] if c["accepted_answer"]]
    assert [c["author_name"] for c in accepted] == ["Morten Haugen"]
    # every question of the plan, as many accepted as the plan accepted, and some answered that nobody accepted
    questions = [p for posts in written.values() for p in posts if p["kind"] == QUESTION]
    asked = {p.key for p in plan.posts if p.kind == QUESTION}
    settled = asked & {a.post for a in plan.content if isinstance(a, Accept)}
    commented = asked & {c.post for c in plan.content if isinstance(c, Comment)}
    assert len(questions) == len(asked)
    assert sum(bool(q["accepted_comment_id"]) for q in questions) == len(settled) > 0
    waiting = [q for q in questions if not q["accepted_comment_id"] and int(q["comment_count"]) > 0]
    assert len(waiting) == len(commented - settled) > 0
    praise = [p for posts in written.values() for p in posts if p["kind"] == "POST_KIND_PRAISE"]
    assert praise and all(p["praised_user_ids"] for p in praise)
    assert any(p["mentioned_user_ids"] for posts in written.values() for p in posts)
    assert any(p["tags"] for posts in written.values() for p in posts)


async def test_the_past_is_spread_over_two_months_counted_on_its_days_and_told_to_nobody(
    platform: tuple[dict[str, Any], Summary], plan: Plan, people: dict[str, As]
) -> None:
    _, summary = platform
    today = dt.datetime.now(dt.UTC).date()
    first = working_days(today)[0]
    assert summary.imported > len(plan.posts) // 2
    posts = [p for key in people for p in await people[key].everything(f"/people/{summary.ids[key]}/posts", "posts")]
    days = {dt.date.fromisoformat(p["created_at"][:10]) for p in posts}
    assert min(days) == first and max(days) >= today - dt.timedelta(days=4)
    assert len(days) >= 30  # every working day has its posts, not one burst on the day of the demo

    # the first day's question, answered and accepted that day: searchable with its date, and its asker
    # was not notified about it two months later
    ingrid = people["ingrid"]
    asked = next(p for p in posts if p["body"] == "Hvem vet hvordan man bestiller møterom i Oslo? #help")
    hits = (await ingrid.json("/search", query="møterom Oslo"))["hits"]
    question = next(h for h in hits if h["post_id"] == asked["post_id"] and not h["comment_id"])
    when = dt.datetime.fromisoformat(asked["created_at"])
    assert when.date() == first and dt.datetime.fromisoformat(question["created_at"]) == when
    inbox = await ingrid.everything("/notifications", "notifications")
    assert all(n["post_id"] != question["post_id"] for n in inbox)
    assert all(dt.date.fromisoformat(n["created_at"][:10]) >= today - dt.timedelta(days=1) for n in inbox)

    # points on the days they were earned
    ledger = (await people["camilla"].json("/points", limit=200))["entries"]
    assert len({e["at"][:10] for e in ledger}) >= 5


async def count_events(state: Mapping[str, Any]) -> int:
    conn = await asyncpg.connect(state["postgres"]["url"])
    try:
        return int(await conn.fetchval("SELECT count(*) FROM feed.events"))
    finally:
        await conn.close()


async def test_loading_again_creates_nothing(
    platform: tuple[dict[str, Any], Summary], people: dict[str, As], monkeypatch: pytest.MonkeyPatch
) -> None:
    state, summary = platform
    before = await count_events(state)
    again = await load(state)
    assert again.content_loaded_before and again.people_created == 0 and again.ids == summary.ids
    assert (await scim(state, count=0))["totalResults"] == summary.people

    # a run that stopped halfway plays the whole plan again: the idempotency keys make that a no-op too
    async def never(*_: Any) -> bool:
        return False

    monkeypatch.setattr(demo, "_already_loaded", never)
    replayed = await load(state)
    assert not replayed.content_loaded_before and not replayed.failures
    assert await count_events(state) == before
