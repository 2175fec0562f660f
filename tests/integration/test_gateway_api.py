"""The public API over the real services, NATS and PostgreSQL: each operation's happy path, and bad input
answered with the documented problem and nothing changed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from nats.aio.client import Client as NatsClient

from kantine.topology import Topology
from tests.integration.gateway_world import GatewayWorld, gateway_world


@pytest.fixture
async def world(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[GatewayWorld]:
    async for w in gateway_world(database_url, nats_url, nc, topology):
        yield w


async def test_post_and_read_it_back(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm")
    created = await anna.client.post("/api/v1/posts", json={"body": "Hello #kantine", "kind": "POST_KIND_DISCUSSION"})
    assert created.status_code == 201, created.text
    post_id = created.json()["post_id"]
    got = await anna.client.get(f"/api/v1/posts/{post_id}")
    assert got.status_code == 200, got.text
    assert got.json()["body"] == "Hello #kantine"
