"""Importing history through the gateway, over the real services, NATS and PostgreSQL: a tool holding the
import token writes as a person at the time it happened; the feed, search and gamify date it then,
notify tells nobody, and what happens afterwards is told as usual. Bad import calls change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from nats.aio.client import Client as NatsClient

from kantine.topology import Topology
from tests.harness import eventually, fetchval
from tests.integration.gateway_world import GatewayWorld, Person, gateway_world

TOKEN = "import-" + "x" * 40
THEN = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=30)


@pytest.fixture
async def world(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[GatewayWorld]:
    async for w in gateway_world(database_url, nats_url, nc, topology, import_token=TOKEN):
        yield w


def importing(
    world: GatewayWorld, person: Person | str, at: dt.datetime | str, token: str = TOKEN
) -> httpx.AsyncClient:
    """A client of the import tool, acting as `person` at `at`."""
    client = world.anonymous()
    client.headers.update({
        "Authorization": f"Bearer {token}",
        "Kantine-Act-As": person.user_id if isinstance(person, Person) else person,
        "Kantine-Occurred-At": at.isoformat() if isinstance(at, dt.datetime) else at,
    })  # fmt: skip
    return client


async def feed_events(world: GatewayWorld, database_url: str) -> int:
    value = await fetchval(database_url, "SELECT count(*) FROM feed.events")
    assert isinstance(value, int)
    return value


async def inbox(person: Person) -> list[dict[str, Any]]:
    reply = await person.client.get("/api/v1/notifications", params={"limit": 100})
    assert reply.status_code == 200, reply.text
    notifications: list[dict[str, Any]] = reply.json()["notifications"]
    return notifications


async def test_imported_history_is_dated_when_it_happened_and_told_to_nobody(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm", leader=True)
    bob = await world.person("Bob Smit")

    reply = await importing(world, bob, THEN).post(
        "/api/v1/posts", json={"kind": "POST_KIND_QUESTION", "body": "Where do I find the brand templates?"}
    )
    assert reply.status_code == 201, reply.text
    post_id = reply.json()["post_id"]
    answered = THEN + dt.timedelta(hours=3)
    reply = await importing(world, anna, answered).post(
        f"/api/v1/posts/{post_id}/comments", json={"body": "In the marketing drive, under Brand"}
    )
    assert reply.status_code == 201, reply.text
    comment_id = reply.json()["comment_id"]
    for path, body in ((f"/api/v1/posts/{post_id}/accept", {"comment_id": comment_id}),):
        assert (await importing(world, bob, answered).post(path, json=body)).status_code == 200
    assert (await importing(world, anna, answered).put(
        f"/api/v1/posts/{post_id}/reaction", json={"reaction": "like"})).status_code == 200  # fmt: skip

    post = (await bob.client.get(f"/api/v1/posts/{post_id}")).json()
    assert post["created_at"] == THEN.isoformat().replace("+00:00", "Z") or post["created_at"].startswith(
        THEN.isoformat()[:19]
    )
    assert post["accepted_comment_id"] == comment_id
    assert post["comments"][0]["created_at"].startswith(answered.isoformat()[:19])

    async def searchable() -> bool:
        hits = (await anna.client.get("/api/v1/search", params={"query": "brand templates"})).json()["hits"]
        return any(h["post_id"] == post_id and h["created_at"].startswith(THEN.isoformat()[:19]) for h in hits)

    await eventually(searchable)

    async def counted() -> bool:
        points = (await anna.client.get("/api/v1/points")).json()["entries"]
        return bool(points) and {e["at"][:10] for e in points} == {answered.date().isoformat()}

    await eventually(counted)  # the answer, the accepted answer: on the day they happened

    # a comment made now is told as ever; by then notify has seen the history before it, and told nothing
    live = await anna.client.post(f"/api/v1/posts/{post_id}/comments", json={"body": "And the fonts are there too"})
    assert live.status_code == 201, live.text

    async def told() -> bool:
        return any(n["comment_id"] == live.json()["comment_id"] for n in await inbox(bob))

    await eventually(told)
    assert [n["comment_id"] for n in await inbox(bob)] == [live.json()["comment_id"]]
    # anna's first answer, its acceptance and bob's reaction were long ago; passing 50 points with the
    # comment she wrote now is news
    assert [n["kind"] for n in await inbox(anna)] in ([], ["level"])

    # and nobody was "here" for it: an import records no visit
    presence = world.gateway.gateway.presence
    assert presence is not None
    await presence.flush(everything=True)
    async with world.gateway.pool.acquire() as conn:
        visitors = {r[0] for r in await conn.fetch("SELECT stream_id FROM events WHERE event_type = 'Visited'")}
    assert f"presence-{bob.user_id}" in visitors  # he read his post, signed in
    assert f"presence-{anna.user_id}" in visitors  # she commented live


async def test_bad_import_calls_are_refused_clearly_and_change_nothing(world: GatewayWorld, database_url: str) -> None:
    bob = await world.person("Bob Smit")
    before = await feed_events(world, database_url)
    body = {"body": "from the old intranet"}

    async def refused(client: httpx.AsyncClient, status: int, method: str = "POST", path: str = "/api/v1/posts",
                      **kw: Any) -> dict[str, Any]:  # fmt: skip
        reply = await client.request(method, path, **({"json": body} | kw))
        assert reply.status_code == status, reply.text
        assert reply.headers["content-type"].startswith("application/problem+json")
        problem: dict[str, Any] = reply.json()
        return problem

    future = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert "future" in (await refused(importing(world, bob, future), 400))["detail"]
    assert (await refused(importing(world, bob, "last Tuesday"), 400))["field"] == "Kantine-Occurred-At"
    assert "offset" in (await refused(importing(world, bob, "2026-03-01T09:30:00"), 400))["detail"]
    assert (await refused(importing(world, "bob", THEN), 400))["field"] == "Kantine-Act-As"
    missing = importing(world, bob, THEN)
    del missing.headers["Kantine-Occurred-At"]
    assert (await refused(missing, 400))["field"] == "Kantine-Occurred-At"
    # a wrong token is a bearer token like any other, and not one the provider signed
    assert (await refused(importing(world, bob, THEN, token="import-" + "y" * 40), 401))["status"] == 401
    # someone the feed does not know
    unknown = await refused(importing(world, "0190d3c8-7a7e-7000-8000-000000000000", THEN), 403)
    assert "unknown actor" in unknown["detail"]
    # history is the feed's changes: not reads, not settings of other services
    assert "feed only" in (await refused(importing(world, bob, THEN), 403, "GET", "/api/v1/feed"))["detail"]
    await refused(importing(world, bob, THEN), 403, "PATCH", "/api/v1/notifications/preferences",
                  json={"digest": "DIGEST_FREQUENCY_OFF"})  # fmt: skip
    # history is published when it happened, never scheduled
    scheduled = {"body": "later", "publish_at": (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()}
    assert (await refused(importing(world, bob, THEN), 400, json=scheduled))["field"] == "publish_at"

    assert await feed_events(world, database_url) == before
    assert (await bob.client.get(f"/api/v1/people/{bob.user_id}/posts")).json()["posts"] == []


async def test_without_an_import_token_there_is_no_import(
    database_url: str, nats_url: str, nc: NatsClient, topology: Topology
) -> None:
    async for world in gateway_world(database_url, nats_url, nc, topology, services=()):
        bob = await world.person("Bob Smit")
        reply = await importing(world, bob, THEN).post("/api/v1/posts", json={"body": "hello"})
        assert reply.status_code == 401  # an unknown bearer token, not a way in


async def made(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> str:
    reply = await client.post(path, json=body)
    assert reply.status_code == 201, reply.text
    return str(reply.json()["group_id" if path.endswith("groups") else "post_id"])


async def test_imported_history_cannot_read_or_change_the_living_network(
    world: GatewayWorld, database_url: str
) -> None:
    """The import token brings an archive across and changes nothing that was made in Kantine: no post in
    a group made here, no comment, reaction, vote, read or accepted answer on a post written here, no
    unfollow, no reopening; and outside the API's history operations (the live stream, the directory
    groups' links) it is no one. What it brought in itself it may go on with (the control)."""
    boss = await world.person("Bea Boss", community_manager=True)
    bob = await world.person("Bob Smit")
    live_group = await made(bob.client, "/api/v1/groups", {"name": "Today's team", "purpose": "made in Kantine"})
    live_post = await made(bob.client, "/api/v1/posts",
                           {"body": "Lunch?", "kind": "POST_KIND_POLL", "poll_options": ["Yes", "No"]})  # fmt: skip
    notice = await made(boss.client, "/api/v1/posts",
                        {"body": "Read me", "kind": "POST_KIND_ANNOUNCEMENT", "must_read": True})  # fmt: skip
    answer = (await boss.client.post(f"/api/v1/posts/{live_post}/comments", json={"body": "yes"})).json()
    await bob.client.put(f"/api/v1/people/{boss.user_id}/follow")
    old = importing(world, bob, THEN)
    before = await feed_events(world, database_url)
    for method, path, body in (
        ("POST", "/api/v1/posts", {"body": "into a live group", "group_id": live_group}),
        ("POST", f"/api/v1/posts/{live_post}/comments", {"body": "on a live post"}),
        ("PUT", f"/api/v1/posts/{live_post}/reaction", {"reaction": "like"}),
        ("POST", f"/api/v1/posts/{live_post}/vote", {"option": 1}),
        ("POST", f"/api/v1/posts/{notice}/read", None),
        ("POST", f"/api/v1/posts/{live_post}/accept", {"comment_id": answer["comment_id"]}),
        ("DELETE", f"/api/v1/people/{boss.user_id}/follow", None),
    ):
        reply = await old.request(method, path, **({"json": body} if body is not None else {}))
        assert reply.status_code == 403, (method, path, reply.text)
    assert await feed_events(world, database_url) == before
    # outside the history operations the token is no one
    as_boss = importing(world, boss, THEN)
    assert (await as_boss.get("/api/v1/live")).status_code == 403
    assert (await as_boss.get("/api/v1/directory-groups")).status_code == 403
    assert (
        await as_boss.put(f"/api/v1/directory-groups/{live_group}/link", json={"group_id": live_group})
    ).status_code == 403
    # the control: in a group it brought in, on a post it brought in, it goes on
    archive = await made(old, "/api/v1/groups", {"name": "Old intranet team", "purpose": "from the archive"})
    imported = await old.post("/api/v1/posts", json={"body": "in the archive's group", "group_id": archive})
    assert imported.status_code == 201, imported.text
    post_id = imported.json()["post_id"]
    assert (await old.post(f"/api/v1/posts/{post_id}/comments", json={"body": "an old reply"})).status_code == 201
    assert (await old.put(f"/api/v1/posts/{post_id}/reaction", json={"reaction": "like"})).status_code == 200
