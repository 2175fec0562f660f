"""Presence through the gateway: what people do on the API becomes sampled `Visited` events and counted
`FeedViewed` events in the gateway's store, the relay brings them to notify, and nothing says who read
what. Real services, NATS and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from nats.aio.client import Client as NatsClient

from kantine import codec
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from tests.harness import eventually, fetchval
from tests.integration.gateway_world import GatewayWorld, gateway_world


@pytest.fixture
async def world(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[GatewayWorld]:
    async for w in gateway_world(database_url, nats_url, nc, topology, services=("notify",)):
        yield w


async def presence_events(world: GatewayWorld) -> list[tuple[str, bytes]]:
    async with world.gateway.pool.acquire() as conn:
        rows = await conn.fetch("SELECT event_type, data FROM events ORDER BY position")
    return [(r["event_type"], bytes(r["data"])) for r in rows]


async def test_visits_are_sampled_views_counted_and_notify_learns_who_was_here(
    world: GatewayWorld, database_url: str
) -> None:
    anna, bob, carol = [await world.person(n) for n in ("Anna Holm", "Bob Smit", "Carol Berg")]
    for person in (bob, carol):
        assert (await person.client.put(f"/api/v1/people/{anna.user_id}/follow")).status_code == 200
    post = (await anna.client.post("/api/v1/posts", json={"body": "Release notes are out"})).json()
    presence = world.gateway.gateway.presence
    await presence.flush(everything=True)  # the follows and the post: three people were here
    before = len(await presence_events(world))

    for _ in range(3):
        page = (await bob.client.get("/api/v1/feed")).json()
        assert [p["post_id"] for p in page["posts"]] == [post["post_id"]]
    assert (await bob.client.get(f"/api/v1/posts/{post['post_id']}")).status_code == 200
    assert (await carol.client.get("/api/v1/feed")).status_code == 200
    await presence.flush(everything=True)

    written = (await presence_events(world))[before:]
    # bob and carol were here a minute ago already: no new Visited, only the window's counts
    assert [kind for kind, _ in written] == ["FeedViewed"]
    viewed = codec.decode("FeedViewed", written[0][1])
    assert isinstance(viewed, ev.FeedViewed)
    assert [(p.post_id, p.viewers) for p in viewed.posts] == [(post["post_id"], 2)]  # two people, not five views
    assert viewed.views == 5 and viewed.since
    assert "user_id" not in ev.FeedViewed.DESCRIPTOR.fields_by_name  # counts leave the gateway, never who

    async def notify_saw_bob() -> bool:
        seen = await fetchval(
            database_url, "SELECT last_seen_at FROM notify.recipients WHERE user_id = $1", uuid.UUID(bob.user_id)
        )
        return seen is not None

    await eventually(notify_saw_bob)


async def test_a_flush_the_database_refuses_is_kept_for_the_next(world: GatewayWorld) -> None:
    bob = await world.person("Bob Smit")
    assert (await bob.client.get("/api/v1/feed")).status_code == 200
    presence = world.gateway.gateway.presence
    pool, presence.pool = presence.pool, _ClosedPool()
    assert await presence.flush(everything=True) == 0  # the database is away: nothing lost
    presence.pool = pool
    assert await presence.flush(everything=True) == 2  # the Visited and the window, once it is back
    assert [kind for kind, _ in await presence_events(world)] == ["Visited", "FeedViewed"]


async def test_published_presence_is_pruned_after_its_retention(world: GatewayWorld) -> None:
    bob = await world.person("Bob Smit")
    assert (await bob.client.get("/api/v1/feed")).status_code == 200
    presence = world.gateway.gateway.presence
    await presence.flush(everything=True)
    assert await presence.prune() == 0  # within the retention

    async def relayed() -> bool:
        async with world.gateway.pool.acquire() as conn:
            published = await conn.fetchval("SELECT coalesce(min(position), 0) FROM relay_cursor")
            newest = await conn.fetchval("SELECT max(position) FROM events")
        return bool(published and newest and published >= newest)

    await eventually(relayed)
    presence.retention = presence.retention * 0
    assert await presence.prune() == 2
    assert await presence_events(world) == []


class _ClosedPool:
    """A pool whose database does not answer, as when PostgreSQL restarts."""

    def acquire(self) -> object:
        raise ConnectionRefusedError("the database is not reachable")
