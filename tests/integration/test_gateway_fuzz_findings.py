"""What fuzzing the public API found, each kept as a test: inputs that once made a service fail (500)
now answer a 4xx problem document, naming the input where there is one.

Each case has its control beside it: the same request with a good value goes through, so a refusal is
about the value, not a route that refuses everything."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from nats.aio.client import Client as NatsClient

from kantine.topology import Topology
from tests.integration.gateway_world import GatewayWorld, gateway_world

PROBLEM = "application/problem+json"


@pytest.fixture
async def world(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[GatewayWorld]:
    """The feed alone, without a write limit: a test here sends a hundred refused writes in a second."""
    async for w in gateway_world(database_url, nats_url, nc, topology, services=(), writes_per_minute=0):
        yield w


async def test_a_profile_change_for_an_id_that_is_no_uuid_is_not_found(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm", community_manager=True)
    profile = {"profile": {"display_name": "Anna Holm", "email": "anna.holm@contoso.example"}}
    for user_id in ("0", "not-a-person", "00000000-0000-0000-0000-00000000000g"):
        reply = await anna.client.put(f"/api/v1/people/{user_id}/profile", json=profile)
        assert reply.status_code == 404, (user_id, reply.text)
        assert reply.headers["content-type"] == PROBLEM
    control = await anna.client.put(f"/api/v1/people/{anna.user_id}/profile", json=profile)
    assert control.status_code == 200, control.text


@pytest.mark.parametrize("cursor", [str(2**63), str(2**63 - 1), str(2**64 + 5), "9" * 40, "٣", "+5", " 5"])
async def test_a_cursor_past_any_rank_is_refused_by_name_on_every_feed(world: GatewayWorld, cursor: str) -> None:
    anna = await world.person("Anna Holm")
    group = await anna.client.post(
        "/api/v1/groups", json={"name": "Lunch club", "purpose": "Where we agree on where to eat on Fridays"}
    )
    assert group.status_code == 201, group.text
    group_id = group.json()["group_id"]
    for i in range(3):
        posted = await anna.client.post("/api/v1/posts", json={"body": f"#lunch number {i}", "group_id": group_id})
        assert posted.status_code == 201, posted.text
    feeds = ["/feed", f"/people/{anna.user_id}/posts", "/tags/lunch/posts", f"/groups/{group_id}/posts"]
    for feed in feeds:
        first = await anna.client.get(f"/api/v1{feed}", params={"limit": 2})
        assert first.status_code == 200 and first.json()["next_cursor"], (feed, first.text)
        control = await anna.client.get(f"/api/v1{feed}", params={"limit": 2, "cursor": first.json()["next_cursor"]})
        assert control.status_code == 200 and control.json()["posts"], (feed, control.text)
        reply = await anna.client.get(f"/api/v1{feed}", params={"cursor": cursor})
        assert reply.status_code == 400, (feed, reply.text)
        assert reply.headers["content-type"] == PROBLEM
        assert reply.json()["field"] == "cursor", reply.json()


def nested(depth: int) -> bytes:
    return b'{"body": ' + b"[" * depth + b"]" * depth + b"}"


async def test_json_nested_thousands_deep_is_a_problem_on_every_body(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm", community_manager=True)  # the directory groups' links need one
    headers = {"Content-Type": "application/json"}
    document = (await world.anonymous().get("/api/v1/openapi.json")).json()
    writes = [
        (method, path.replace("{", "").replace("}", ""))
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    ]
    assert len(writes) > 20
    for method, path in writes:
        for depth in (10, 5_000, 30_000):
            reply = await anna.client.request(method.upper(), f"/api/v1{path}", content=nested(depth), headers=headers)
            assert reply.status_code == 400, (method, path, depth, reply.status_code, reply.text[:200])
            assert reply.headers["content-type"] == PROBLEM, (method, path, depth)
    # the control: a shallow list in the same place is refused for its type, by the field's name
    shallow = await anna.client.post("/api/v1/posts", content=nested(10), headers=headers)
    assert shallow.json()["field"] == "body", shallow.text
