"""The public API over the real services, NATS and PostgreSQL: every operation's happy path, bad input
answered with the documented problem and nothing changed, other people's resources, private groups,
limits, and a service that is down."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from nats.aio.client import Client as NatsClient
from openapi_spec_validator import validate

from kantine.topology import Topology
from services.gateway.domain.openapi import DIRECTORY_GROUPS
from services.gateway.routes import ROUTES
from tests.harness import NotifyHarness, eventually
from tests.integration.gateway_world import GatewayWorld, Person, gateway_world

METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture
async def world(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[GatewayWorld]:
    async for w in gateway_world(database_url, nats_url, nc, topology):
        yield w


class Calls:
    """Calls by route (method and path template), so a test can show it went through every operation."""

    def __init__(self) -> None:
        self.done: set[tuple[str, str]] = set()

    async def __call__(
        self, person: Person | httpx.AsyncClient, method: str, template: str, expect: int = 200, **kw: Any
    ) -> Any:
        path = template.format(**kw.pop("path", {}))
        client = person.client if isinstance(person, Person) else person
        reply = await client.request(method, f"/api/v1{path}", **kw)
        assert reply.status_code == expect, f"{method} {path}: {reply.status_code} {reply.text}"
        self.done.add((method, template))
        return reply.json()


async def test_every_operation_answers_its_happy_path(world: GatewayWorld) -> None:
    call = Calls()
    anna = await world.person("Anna Holm", leader=True, community_manager=True, locale="da")
    bob = await world.person("Bob Smit", locale="nl")
    carl = await world.person("Carl Berg")

    # ----- people -----
    me = await call(anna, "GET", "/me")
    assert me["user_id"] == anna.user_id and me["profile"]["leader"] is True
    seen = await call(bob, "GET", "/people/{user_id}", path={"user_id": anna.user_id})
    assert seen["profile"]["display_name"] == "Anna Holm"
    found = await call(anna, "GET", "/people", params={"email": "bob.smit@contoso.example"})
    assert [u["user_id"] for u in found["users"]] == [bob.user_id]
    dora = await call(anna, "POST", "/people", 201, json={
        "external_id": "hr-42", "profile": {"display_name": "Dora Lund", "email": "dora@contoso.example"}})  # fmt: skip
    await call(bob, "PUT", "/people/{user_id}/profile", path={"user_id": bob.user_id},
               json={"profile": {"display_name": "Bob Smit", "email": "bob.smit@contoso.example", "title": "Developer",
                                 "locale": "nl", "skills": ["kubernetes"]}})  # fmt: skip
    await call(anna, "POST", "/people/{user_id}/deactivate", path={"user_id": dora["user_id"]})
    await call(anna, "POST", "/people/{user_id}/reactivate", path={"user_id": dora["user_id"]})
    await call(bob, "PUT", "/people/{user_id}/follow", path={"user_id": anna.user_id})
    await call(bob, "DELETE", "/people/{user_id}/follow", path={"user_id": anna.user_id})
    await call(bob, "PUT", "/people/{user_id}/follow", path={"user_id": anna.user_id})
    await call(carl, "PUT", "/tags/{tag}/follow", path={"tag": "kubernetes"})
    await call(carl, "DELETE", "/tags/{tag}/follow", path={"tag": "kubernetes"})

    # ----- groups -----
    group = await call(anna, "POST", "/groups", 201, json={
        "name": "Platform team", "purpose": "Where the platform team plans its work and answers questions",
        "visibility": "GROUP_VISIBILITY_PRIVATE"})  # fmt: skip
    g = {"group_id": group["group_id"]}
    listed = await call(anna, "GET", "/groups", params={"mine": "true"})
    assert group["group_id"] in [x["group_id"] for x in listed["groups"]]
    await call(anna, "GET", "/groups/{group_id}", path=g)
    await call(anna, "PUT", "/groups/{group_id}", path=g,
               json={"name": "Platform team", "purpose": "Where the platform team plans its work, asks and answers",
                     "visibility": "GROUP_VISIBILITY_PRIVATE"})  # fmt: skip
    await call(bob, "POST", "/groups/{group_id}/join", path=g)
    requests = await call(anna, "GET", "/groups/{group_id}/members", path=g, params={"requests": "true"})
    assert bob.user_id in json.dumps(requests)
    await call(anna, "POST", "/groups/{group_id}/members/{user_id}/approve", path={**g, "user_id": bob.user_id})
    await call(carl, "POST", "/groups/{group_id}/join", path=g)
    await call(anna, "POST", "/groups/{group_id}/members/{user_id}/decline", path={**g, "user_id": carl.user_id})
    await call(anna, "POST", "/groups/{group_id}/members/{user_id}/invite", path={**g, "user_id": carl.user_id})
    await call(carl, "POST", "/groups/{group_id}/join", path=g)
    await call(anna, "PUT", "/groups/{group_id}/members/{user_id}/role", path={**g, "user_id": bob.user_id},
               json={"role": "MEMBER_ROLE_ADMIN"})  # fmt: skip
    await call(anna, "DELETE", "/groups/{group_id}/members/{user_id}", path={**g, "user_id": carl.user_id})

    # ----- posts, comments, reactions -----
    question = await call(bob, "POST", "/posts", 201, json={
        "group_id": group["group_id"], "kind": "POST_KIND_QUESTION",
        "body": "How do we roll back a #kubernetes deployment safely?"})  # fmt: skip
    p = {"post_id": question["post_id"]}
    await call(bob, "PATCH", "/posts/{post_id}", path=p,
               json={"body": "How do we roll back a #kubernetes deployment safely, without downtime?"})  # fmt: skip
    comment = await call(anna, "POST", "/posts/{post_id}/comments", 201, path=p,
                         json={"body": "kubectl rollout undo, then check the readiness probes"})  # fmt: skip
    c = {**p, "comment_id": comment["comment_id"]}
    await call(anna, "PATCH", "/posts/{post_id}/comments/{comment_id}", path=c,
               json={"body": "kubectl rollout undo, then watch the readiness probes"})  # fmt: skip
    await call(bob, "PUT", "/posts/{post_id}/comments/{comment_id}/reaction", path=c, json={"reaction": "like"})
    await call(bob, "DELETE", "/posts/{post_id}/comments/{comment_id}/reaction", path=c)
    await call(bob, "POST", "/posts/{post_id}/accept", path=p, json={"comment_id": comment["comment_id"]})
    await call(anna, "PUT", "/posts/{post_id}/reaction", path=p, json={"reaction": "celebrate"})
    shown = await call(bob, "GET", "/posts/{post_id}", path=p)
    assert shown["accepted_comment_id"] == comment["comment_id"]
    assert shown["viewer_reaction"] == "" and shown["reactions"]
    await call(anna, "DELETE", "/posts/{post_id}/reaction", path=p)
    await call(anna, "POST", "/posts/{post_id}/pin", path=p)
    await call(anna, "POST", "/posts/{post_id}/unpin", path=p)
    poll = await call(carl, "POST", "/posts", 201, json={"kind": "POST_KIND_POLL", "body": "Friday lunch?",
                                                         "poll_options": ["Pizza", "Smørrebrød"]})  # fmt: skip
    await call(bob, "POST", "/posts/{post_id}/vote", path={"post_id": poll["post_id"]}, json={"option": 1})
    notice = await call(anna, "POST", "/posts", 201, json={
        "kind": "POST_KIND_ANNOUNCEMENT", "body": "The office is closed on Friday. #office",
        "must_read": True})  # fmt: skip
    await call(bob, "POST", "/posts/{post_id}/read", path={"post_id": notice["post_id"]})
    readers = await call(anna, "GET", "/posts/{post_id}/readers", path={"post_id": notice["post_id"]})
    assert bob.user_id in json.dumps(readers)
    feed = await call(bob, "GET", "/feed")
    assert notice["post_id"] in [x["post_id"] for x in feed["posts"]]
    await call(bob, "GET", "/groups/{key}/posts", path={"key": group["group_id"]})
    await call(bob, "GET", "/people/{key}/posts", path={"key": anna.user_id})
    await call(bob, "GET", "/tags/{key}/posts", path={"key": "office"})
    spare = await call(carl, "POST", "/posts/{post_id}/comments", 201, path={"post_id": poll["post_id"]},
                       json={"body": "Pizza!"})  # fmt: skip
    await call(carl, "DELETE", "/posts/{post_id}/comments/{comment_id}",
               path={"post_id": poll["post_id"], "comment_id": spare["comment_id"]})  # fmt: skip
    await call(carl, "DELETE", "/posts/{post_id}", path={"post_id": poll["post_id"]})
    await call(bob, "POST", "/groups/{group_id}/leave", path=g)

    # ----- groups that end -----
    old = await call(
        anna, "POST", "/groups", 201, json={"name": "Old platform", "purpose": "The platform team before the merge"}
    )
    spare_group = await call(
        anna, "POST", "/groups", 201, json={"name": "Spare", "purpose": "A group that is archived"}
    )
    await call(anna, "POST", "/groups/{group_id}/merge", path={"group_id": old["group_id"]},
               json={"into_group_id": group["group_id"]})  # fmt: skip
    await call(anna, "POST", "/groups/{group_id}/archive", path={"group_id": spare_group["group_id"]})
    await call(anna, "POST", "/groups/{group_id}/unarchive", path={"group_id": spare_group["group_id"]})
    reopened = await call(anna, "GET", "/groups/{group_id}", path={"group_id": spare_group["group_id"]})
    assert reopened["archived"] is False
    await call(anna, "POST", "/groups/{group_id}/archive", path={"group_id": spare_group["group_id"]})

    # ----- notifications -----
    async def bob_notified() -> bool:
        reply = await bob.client.get("/api/v1/notifications/unread-count")
        return int(reply.json()["unread_count"]) > 0

    await eventually(bob_notified)
    inbox = await call(bob, "GET", "/notifications")
    first = inbox["notifications"][0]["notification_id"]
    await call(bob, "GET", "/notifications/unread-count")
    await call(bob, "POST", "/notifications/{notification_id}/read", path={"notification_id": first})
    await call(bob, "POST", "/notifications/read-all")
    await call(bob, "GET", "/notifications/preferences")
    await call(bob, "PATCH", "/notifications/preferences", json={"digest": "DIGEST_FREQUENCY_WEEKLY"})
    chosen = await call(bob, "POST", "/notifications/preferences/preset", json={"preset": "answers_and_mentions"})
    assert chosen["preset"] == "answers_and_mentions"  # the page shows which preset is on
    await call(anna, "GET", "/notifications/organisation-defaults")
    await call(anna, "PATCH", "/notifications/organisation-defaults", json={"digest": "DIGEST_FREQUENCY_DAILY"})
    notify = next(o for o in world.others if isinstance(o, NotifyHarness))
    token = notify.links.token(carl.user_id, "digest")
    await call(world.anonymous(), "POST", "/unsubscribe", params={"token": token},
               content=b"List-Unsubscribe=One-Click",
               headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip

    # ----- recognition -----
    await call(bob, "GET", "/people/{user_id}/recognition", path={"user_id": bob.user_id})
    await call(bob, "GET", "/points")
    await call(bob, "GET", "/leaderboard", params={"period": "all"})
    await call(anna, "GET", "/groups/{group_id}/leaderboard", path=g)
    rules = await call(bob, "GET", "/recognition/rules")
    assert rules
    await call(anna, "GET", "/recognition/settings")
    await call(anna, "PATCH", "/recognition/settings",
               json={"scope": "RECOGNITION_SCOPE_ORGANISATION", "leaderboards": True})  # fmt: skip
    await call(carl, "PUT", "/me/recognition-visibility", json={"hidden": True})

    # ----- search -----
    async def searchable() -> bool:
        reply = await anna.client.get("/api/v1/search", params={"query": "deployment"})  # bob has left the group
        return any(h["post_id"] == question["post_id"] for h in reply.json().get("hits", []))

    await eventually(searchable)
    await call(bob, "GET", "/search", params={"query": "kubernetes", "limit": "5"})
    await call(bob, "GET", "/search/groups", params={"query": "platform"})
    await call(bob, "GET", "/search/people", params={"query": "anna"})
    await call(bob, "GET", "/search/experts", params={"topic": "kubernetes"})
    await call(bob, "GET", "/search/where-to-ask", params={"query": "kubernetes"})
    await call(anna, "GET", "/search/missed")
    await call(anna, "PUT", "/me/expertise-visibility", json={"hidden": True})
    assert (await call(anna, "GET", "/me/expertise-visibility"))["hidden"] is True

    # ----- community management -----
    async def counted() -> bool:
        reply = await anna.client.get("/api/v1/insights/participation")
        return reply.status_code == 200 and reply.json()["periods"][-1]["creators"] >= 2

    await eventually(counted)
    split = await call(anna, "GET", "/insights/participation", params={"period": "month", "periods": "2"})
    assert len(split["periods"]) == 2 and split["periods"][-1]["population"] == 4  # with Dora
    await call(anna, "GET", "/insights/unanswered")
    times = await call(anna, "GET", "/insights/answer-times")
    assert sum(p["asked"] for p in times["periods"]) >= 1
    target = await call(anna, "PUT", "/groups/{group_id}/answer-target", path=g, json={"hours": 4})
    assert target["hours"] == 4 and target["default"] is False
    health = await call(anna, "GET", "/insights/groups")
    assert g["group_id"] in [x["group_id"] for x in health["groups"]]
    sheet = await anna.client.get("/api/v1/insights/groups", params={"format": "csv"})
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/csv")
    assert "attachment" in sheet.headers["content-disposition"]
    rows = sheet.text.splitlines()
    assert rows[0].startswith("group_id,name,visibility,members") and len(rows) == len(health["groups"]) + 1
    asked_for = await anna.client.get("/api/v1/insights/participation", headers={"Accept": "text/csv"},
                                      params={"table": "departments"})  # fmt: skip
    assert asked_for.status_code == 200 and asked_for.text.splitlines()[0].startswith("department,tiers.start")
    leaders = await call(anna, "GET", "/insights/leaders", params={"period": "month"})
    assert [x["leader"]["user_id"] for x in leaders["leaders"]] == [anna.user_id]
    await call(anna, "GET", "/insights/thanks")
    reach = await call(anna, "GET", "/insights/announcements")
    assert notice["post_id"] in [a["post_id"] for a in reach["announcements"]]
    inbox = await call(anna, "GET", "/insights/inbox")
    assert inbox["missed_searches_unavailable"] is False and inbox["week"]
    for params, field in (({"format": "xml"}, "format"), ({"format": "csv", "table": "nope"}, "table")):
        refused = await anna.client.get("/api/v1/insights/groups", params=params)
        assert refused.status_code == 400 and refused.json()["field"] == field

    missing = {(r.method, r.path) for r in ROUTES} - call.done
    assert not missing, f"operations without a happy-path call: {sorted(missing)}"


async def feed_events(world: GatewayWorld) -> int:
    return int(await world.feed.pool.fetchval("SELECT count(*) FROM feed.events"))


@pytest.mark.parametrize(
    ("case", "request_kw", "status", "field"),
    [
        ("wrong type", {"json": {"body": {"text": "hi"}}}, 400, ""),
        ("number for text", {"json": {"body": 42}}, 400, ""),
        ("unknown enum", {"json": {"body": "hi", "kind": "POST_KIND_RANT"}}, 400, ""),
        ("too long for a post", {"json": {"body": "x" * 20_000}}, 400, "body"),
        ("too large a body", {"json": {"body": "x" * 70_000}}, 413, ""),
        ("missing", {"json": {}}, 400, "body"),
        ("someone else as author", {"json": {"body": "hi", "author_id": "00000000-0000-0000-0000-000000000001"}}, 400,
         "author_id"),
        ("unknown field", {"json": {"body": "hi", "colour": "red"}}, 400, "colour"),
        ("not an object", {"json": ["hi"]}, 400, ""),
        ("not JSON", {"content": b"{body: hi", "headers": {"Content-Type": "application/json"}}, 400, ""),
        ("not JSON at all", {"content": b"body=hi", "headers": {"Content-Type": "text/plain"}}, 415, ""),
        ("bad idempotency key", {"json": {"body": "hi"}, "headers": {"Idempotency-Key": "k" * 300}}, 400,
         "Idempotency-Key"),
        ("unknown group", {"json": {"body": "hi", "group_id": "00000000-0000-0000-0000-000000000002"}}, 404, ""),
        ("not an id", {"json": {"body": "hi", "group_id": "lunch"}}, 404, ""),
    ],
)  # fmt: skip
async def test_bad_input_is_a_problem_and_changes_nothing(
    world: GatewayWorld, case: str, request_kw: dict[str, Any], status: int, field: str
) -> None:
    anna = await world.person("Anna Holm")
    before = await feed_events(world)
    reply = await anna.client.post("/api/v1/posts", **request_kw)
    assert reply.status_code == status, reply.text
    assert reply.headers["content-type"] == "application/problem+json"
    problem = reply.json()
    assert problem["status"] == status and problem["detail"] and problem["title"]
    if field:
        assert problem.get("field") == field, problem
    assert await feed_events(world) == before
    assert (await anna.client.get("/api/v1/feed")).json()["posts"] == []


async def stored_events(world: GatewayWorld) -> int:
    """Events in every service's store: what no refused request may add to."""
    schemas = await world.feed.pool.fetch(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'events' ORDER BY 1"
    )
    assert len(schemas) >= 5, schemas
    return sum([int(await world.feed.pool.fetchval(f'SELECT count(*) FROM "{r[0]}".events')) for r in schemas])


def wrong_type(schema: dict[str, Any]) -> Any:
    """A JSON value no field of this schema accepts: a number for an object, an object for the rest."""
    return 12345 if "$ref" in schema else {"wrong": ["type"]}


async def test_every_operation_refuses_bad_input_by_name_and_changes_nothing(
    database_url: str, nats_url: str, nc: NatsClient, topology: Topology
) -> None:
    """Each operation of the document, as a careless client calls it: a field it does not have, and a
    value of the wrong type in one it has. Each answers 400 problem+json naming the field, and no service
    records anything. (Without a rate limit: some 200 calls in a second are what it would refuse.)"""
    async for world in gateway_world(database_url, nats_url, nc, topology, writes_per_minute=0):
        await _every_operation_refuses_bad_input(world)


async def _every_operation_refuses_bad_input(world: GatewayWorld) -> None:
    document = (await world.anonymous().get("/api/v1/openapi.json")).json()
    schemas = document["components"]["schemas"]
    # community managers: the directory groups' links refuse anyone else before reading the request
    unknown_field = await world.person("Anna Holm", community_manager=True)
    typo = await world.person("Bob Smit", community_manager=True)
    before = await stored_events(world)
    checked = 0
    for template, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue  # the path's own parameters
            if template == "/live" or operation.get("security") == []:
                continue  # the event stream is not a call; the unsubscribe link checks its own signature
            parameters = [*operations.get("parameters", []), *operation.get("parameters", [])]
            path = template.format(**{p["name"]: str(uuid.uuid4()) for p in parameters if p.get("in") == "path"})
            cases: list[tuple[str, dict[str, Any], Person]] = []
            if "requestBody" in operation:
                body = schemas[operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
                cases.append(("no_such_field", {"json": {"no_such_field": 1}}, unknown_field))
                fields = [(n, f) for n, f in body.get("properties", {}).items() if f.get("type") != "object"]
                if fields:
                    name, field = fields[0]
                    cases.append((name, {"json": {name: wrong_type(field)}}, typo))
            else:
                cases.append(("no_such_field", {"params": {"no_such_field": "1"}}, unknown_field))
                numbers = [
                    p["name"]
                    for p in parameters
                    if p.get("in") == "query" and p["schema"].get("type") in ("integer", "boolean")
                ]
                if numbers:
                    cases.append((numbers[0], {"params": {numbers[0]: "many"}}, typo))
            for field, request_kw, person in cases:
                reply = await person.client.request(method.upper(), f"/api/v1{path}", **request_kw)
                where = f"{method.upper()} {template} with a bad {field}: {reply.status_code} {reply.text}"
                assert reply.status_code == 400, where
                assert reply.headers["content-type"] == "application/problem+json", where
                problem = reply.json()
                assert problem["code"] == "invalid_argument" and problem["detail"], where
                assert problem.get("field") == field, where
                checked += 1
    assert checked > len(ROUTES)
    assert await stored_events(world) == before


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=many", "limit"), ("colour=red", "colour"), ("viewer_id=someone", "viewer_id"), ("cursor=%00junk", "")],
)
async def test_bad_query_parameters_are_named(world: GatewayWorld, query: str, field: str) -> None:
    anna = await world.person("Anna Holm")
    reply = await anna.client.get(f"/api/v1/feed?{query}")
    assert reply.status_code == 400, reply.text
    if field:
        assert reply.json()["field"] == field


async def test_someone_elses_resource_is_refused_and_unchanged(world: GatewayWorld) -> None:
    anna, bob = await world.person("Anna Holm"), await world.person("Bob Smit")
    post = (await anna.client.post("/api/v1/posts", json={"body": "Anna's words"})).json()
    comment = (await anna.client.post(f"/api/v1/posts/{post['post_id']}/comments", json={"body": "mine"})).json()
    before = await feed_events(world)
    attempts = [
        await bob.client.patch(f"/api/v1/posts/{post['post_id']}", json={"body": "Bob's words"}),
        await bob.client.delete(f"/api/v1/posts/{post['post_id']}"),
        await bob.client.patch(f"/api/v1/posts/{post['post_id']}/comments/{comment['comment_id']}", json={"body": "x"}),
        await bob.client.put(f"/api/v1/people/{anna.user_id}/profile", json={"profile": {"display_name": "Hacked"}}),
        await bob.client.get("/api/v1/people"),
    ]
    for reply in attempts:
        assert reply.status_code in (403, 404), reply.text
        assert reply.headers["content-type"] == "application/problem+json"
    assert await feed_events(world) == before
    shown = (await anna.client.get(f"/api/v1/posts/{post['post_id']}")).json()
    assert shown["body"] == "Anna's words"


async def test_private_group_content_reaches_members_only(world: GatewayWorld) -> None:
    anna, bob = await world.person("Anna Holm"), await world.person("Bob Smit")
    group = (
        await anna.client.post(
            "/api/v1/groups",
            json={"name": "Works council", "purpose": "Confidential matters of the works council",
                  "visibility": "GROUP_VISIBILITY_PRIVATE"},
        )
    ).json()  # fmt: skip
    post = (
        await anna.client.post("/api/v1/posts", json={"group_id": group["group_id"], "body": "Salary bands #council"})
    ).json()

    async def indexed() -> bool:
        reply = await anna.client.get("/api/v1/search", params={"query": "salary"})
        return bool(reply.json()["hits"])

    await eventually(indexed)
    assert (await bob.client.get(f"/api/v1/posts/{post['post_id']}")).status_code == 404
    outside = await bob.client.get(f"/api/v1/groups/{group['group_id']}/posts")
    assert outside.status_code == 403 and outside.headers["content-type"] == "application/problem+json", outside.text
    assert outside.json()["code"] == "permission_denied" and "Salary" not in outside.text
    everything = [
        await bob.client.get("/api/v1/feed"),
        await bob.client.get("/api/v1/search", params={"query": "salary"}),
        await bob.client.get("/api/v1/search", params={"query": "#council"}),
        await bob.client.get("/api/v1/tags/council/posts"),
        await bob.client.get(f"/api/v1/people/{anna.user_id}/posts"),
    ]
    for reply in everything:
        assert reply.status_code == 200, reply.text
        assert post["post_id"] not in reply.text and "Salary" not in reply.text


async def test_pages_follow_the_cursor(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm")
    for i in range(5):
        await anna.client.post("/api/v1/posts", json={"body": f"post number {i}"})
    first = (await anna.client.get("/api/v1/people/" + anna.user_id + "/posts", params={"limit": 3})).json()
    second = (
        await anna.client.get(
            "/api/v1/people/" + anna.user_id + "/posts", params={"limit": 3, "cursor": first["next_cursor"]}
        )
    ).json()
    ids = [p["post_id"] for p in first["posts"] + second["posts"]]
    assert len(first["posts"]) == 3 and len(ids) == len(set(ids)) == 5
    assert second["next_cursor"] == ""


async def test_a_retried_create_with_its_key_creates_once(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm")
    headers = {"Idempotency-Key": "composer-7f3a"}
    first = await anna.client.post("/api/v1/posts", json={"body": "Only once"}, headers=headers)
    again = await anna.client.post("/api/v1/posts", json={"body": "Only once"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["post_id"] == again.json()["post_id"]
    assert len((await anna.client.get("/api/v1/feed")).json()["posts"]) == 1


async def test_rate_limits_answer_429_with_retry_after(
    database_url: str, nats_url: str, nc: NatsClient, topology: Topology
) -> None:
    async for world in gateway_world(database_url, nats_url, nc, topology, services=(), writes_per_minute=12):
        anna, bob = await world.person("Anna Holm"), await world.person("Bob Smit")
        codes = [(await anna.client.post("/api/v1/posts", json={"body": f"n{i}"})).status_code for i in range(3)]
        refused = await anna.client.post("/api/v1/posts", json={"body": "one too many"})
        assert codes == [201, 201, 201]
        assert refused.status_code == 429
        assert refused.json()["code"] == "rate_limited"
        assert int(refused.headers["retry-after"]) >= 1
        assert (await anna.client.get("/api/v1/me")).status_code == 200  # reads have their own allowance
        assert (await bob.client.post("/api/v1/posts", json={"body": "mine"})).status_code == 201  # per person


async def test_a_service_that_is_down_costs_its_own_part_only(
    database_url: str, nats_url: str, nc: NatsClient, topology: Topology
) -> None:
    async for world in gateway_world(database_url, nats_url, nc, topology, services=("notify",)):
        anna = await world.person("Anna Holm")
        down = await asyncio.wait_for(anna.client.get("/api/v1/search", params={"query": "x"}), 10)
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert down.json()["service"] == "search" and down.json()["code"] == "unavailable"
        assert down.headers["retry-after"]
        assert (await anna.client.get("/api/v1/leaderboard")).json()["service"] == "gamify"
        assert (await anna.client.get("/api/v1/feed")).status_code == 200
        assert (await anna.client.get("/api/v1/notifications/unread-count")).status_code == 200


async def test_unknown_paths_and_methods_are_problems(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm")
    missing = await anna.client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    wrong = await anna.client.put("/api/v1/feed")
    assert wrong.status_code == 405 and wrong.json()["code"] == "method_not_allowed"


async def test_responses_carry_the_security_headers(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm")
    for reply in (await anna.client.get("/api/v1/me"), await world.anonymous().get("/")):
        assert "script-src 'self'" in reply.headers["content-security-policy"]
        assert "unsafe-inline" not in reply.headers["content-security-policy"]
        assert reply.headers["x-content-type-options"] == "nosniff"
    assert (await anna.client.get("/api/v1/me")).headers["cache-control"] == "no-store"


async def test_the_openapi_document_shows_what_a_client_may_send(world: GatewayWorld) -> None:
    document = (await world.anonymous().get("/api/v1/openapi.json")).json()
    assert document["openapi"].startswith("3.1")
    validate(document)  # the OpenAPI 3.1 schema itself: what code generators and doc viewers read
    # every route, the live updates' event stream, and the directory groups' links (not gRPC routes)
    directory = sum(method in METHODS for ops in DIRECTORY_GROUPS.values() for method in ops)
    assert directory == 3
    operations = [op for path in document["paths"].values() for op in path if op in METHODS]
    assert len(operations) == len(ROUTES) + 1 + directory
    assert "/directory-groups" in document["paths"] and "/directory-groups/{id}/link" in document["paths"]
    assert "text/event-stream" in document["paths"]["/live"]["get"]["responses"]["200"]["content"]
    schemas = document["components"]["schemas"]
    create = document["paths"]["/posts"]["post"]
    body = schemas[create["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
    assert (
        "body" in body["properties"] and "author_id" not in body["properties"] and "post_id" not in body["properties"]
    )
    assert any(p.get("name") == "Idempotency-Key" for p in create["parameters"])
    # an import tool's two headers are documented on every write, once
    imports = {"#/components/parameters/ActAs", "#/components/parameters/OccurredAt"}
    assert imports <= {p.get("$ref") for p in create["parameters"]}
    assert {p["name"] for p in document["components"]["parameters"].values()} == {
        "Kantine-Act-As",
        "Kantine-Occurred-At",
    }
    assert not imports & {p.get("$ref") for p in document["paths"]["/posts/{post_id}"]["get"]["parameters"]}
    assert document["paths"]["/unsubscribe"]["post"]["security"] == []
    refs = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(document)
    for ref in refs:
        kind, name = ref.split("/")[-2:]
        assert name in document["components"][kind], ref
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))


class Events:
    """The server-sent events of one open stream, read as they come."""

    def __init__(self, reply: httpx.Response) -> None:
        self.lines = reply.aiter_lines()

    async def next(self, wanted: int, timeout: float = 20.0) -> list[tuple[str, dict[str, Any], str]]:
        """(event, data, id) of the next `wanted` events."""
        found: list[tuple[str, dict[str, Any], str]] = []
        fields: dict[str, str] = {}

        async def collect() -> None:
            while len(found) < wanted:
                line = await anext(self.lines)
                if line == "":
                    if "event" in fields:
                        found.append((fields["event"], json.loads(fields.get("data", "{}")), fields.get("id", "")))
                    fields.clear()
                elif not line.startswith(":"):
                    name, _, value = line.partition(": ")
                    fields[name] = value

        await asyncio.wait_for(collect(), timeout)
        return found

    async def until(
        self, kind: str, timeout: float = 20.0, where: Callable[[dict[str, Any]], bool] = lambda _: True
    ) -> tuple[dict[str, Any], str]:
        """The data and id of the next `kind` event `where` holds for, passing others (a badge's notification)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            [(found, data, event_id)] = await self.next(1, deadline - asyncio.get_running_loop().time())
            if found == kind and where(data):
                return data, event_id


async def test_live_events_bring_the_bubble_and_new_posts(world: GatewayWorld) -> None:
    anna, bob = await world.person("Anna Holm"), await world.person("Bob Smit")
    await bob.client.put(f"/api/v1/people/{anna.user_id}/follow")
    question = (
        await bob.client.post("/api/v1/posts", json={"body": "Who knows Helm?", "kind": "POST_KIND_QUESTION"})
    ).json()
    async with bob.client.stream("GET", "/api/v1/live", params={"feed": "home"}) as reply:
        assert reply.headers["content-type"].startswith("text/event-stream")
        stream = Events(reply)
        [(kind, data, _)] = await stream.next(1)
        assert (kind, data) == ("unread", {"unread_count": 0})
        await anna.client.post(f"/api/v1/posts/{question['post_id']}/comments", json={"body": "I do"})
        # gamify may notify a badge for the question first; the answer's notification is the one awaited
        data, _ = await stream.until("notification", where=lambda d: d["notification"]["kind"] == "answer")
        assert data["unread_count"] >= 1
        assert data["notification"]["post_id"] == question["post_id"]
        fresh = (await anna.client.post("/api/v1/posts", json={"body": "Helm charts are in the wiki"})).json()
        data, since = await stream.until("posts")
    assert data["post_ids"] == [fresh["post_id"]]
    assert since  # the SSE id: a reconnecting page sends it back
    later = (await anna.client.post("/api/v1/posts", json={"body": "and in the handbook"})).json()
    async with bob.client.stream("GET", "/api/v1/live", headers={"Last-Event-ID": since}) as again:
        data, _ = await Events(again).until("posts")
    assert data == {"feed": "home", "post_ids": [later["post_id"]]}


async def test_live_events_of_a_group_need_its_membership(world: GatewayWorld) -> None:
    anna, bob = await world.person("Anna Holm"), await world.person("Bob Smit")
    group = (
        await anna.client.post(
            "/api/v1/groups",
            json={"name": "Board", "purpose": "What the board is preparing", "visibility": "GROUP_VISIBILITY_PRIVATE"},
        )
    ).json()
    feed = {"feed": f"group:{group['group_id']}"}
    async with (
        anna.client.stream("GET", "/api/v1/live", params=feed) as mine,
        bob.client.stream("GET", "/api/v1/live", params=feed) as theirs,
    ):
        member, outsider = Events(mine), Events(theirs)
        await member.next(1)  # the count
        told = [kind for kind, _, _ in await outsider.next(1)]  # the count, or the end
        post = await anna.client.post("/api/v1/posts", json={"group_id": group["group_id"], "body": "Budget draft"})
        # the control: the member's page is told, so the post's event has reached both pages' watchers
        await member.until("posts", where=lambda data: data["post_ids"] == [post.json()["post_id"]])
        # the outsider's page says nothing of it (for another round of checks), or ends
        with contextlib.suppress(TimeoutError, StopAsyncIteration):
            while "ended" not in told:
                told += [kind for kind, _, _ in await outsider.next(1, timeout=6)]
        assert "posts" not in told
    bad = await bob.client.get("/api/v1/live", params={"feed": "everything"})
    assert bad.status_code == 400 and bad.json()["field"] == "feed"
