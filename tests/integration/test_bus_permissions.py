"""Who may publish what on the bus, on a real NATS with the platform's users (kantine.topology.permissions).

Each service's user publishes the events of its own aggregates and nothing of anyone else's: a
compromised gateway cannot publish a feed event such as a forged "promoted to community manager", nor
reach a consumer by the side doors (a replay or dead-letter subject, another's inbox or consumer, a
change to the stream). Every refusal is set beside the same act done by the one allowed to do it.
"""

from __future__ import annotations

import collections
from collections.abc import AsyncIterator

import pytest
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from nats.js.errors import NotFoundError

from kantine import codec
from kantine.envelope import Envelope
from kantine.ids import new_id
from kantine.topology import BUS_USERS, Topology, inbox_prefix, owner_of
from kantine.v1 import events_pb2 as ev
from tests.bus import connect_as, passwords_of
from tests.harness import eventually

CONSUMERS = ["notify", "gamify", "search", "insights", "gateway"]  # the services that run a durable consumer


class Users:
    """A connection per user, each keeping what the server refused it (NATS reports a refused publish or
    subscription asynchronously, as an error on the connection)."""

    def __init__(self, nc: NatsClient) -> None:
        if not passwords_of(nc):
            pytest.skip("the NATS server has no Kantine users (KANTINE_NATS_URL names a server of its own)")
        self.admin = nc
        self.refused: dict[str, list[str]] = collections.defaultdict(list)
        self.clients: dict[str, NatsClient] = {}

    async def __call__(self, user: str) -> NatsClient:
        if user not in self.clients:

            async def refused(exc: Exception) -> None:
                self.refused[user].append(str(exc).lower())

            self.clients[user] = await connect_as(self.admin, user, error_cb=refused, max_reconnect_attempts=0)
        return self.clients[user]

    async def refuses(self, user: str, subject: str, action: str = "publish") -> None:
        """Wait until the server has refused `user` this publish (or subscription) of `subject`."""
        expected = f'{action} to "{subject.lower()}"'

        async def refused() -> bool:
            return any(expected in error for error in self.refused[user])

        await eventually(refused, timeout=10)

    async def try_publish(self, user: str, subject: str, data: bytes = b"forged") -> None:
        client = await self(user)
        await client.publish(subject, data)
        await client.flush()
        await self.refuses(user, subject)

    async def close(self) -> None:
        for client in self.clients.values():
            await client.close()


@pytest.fixture
async def users(nc: NatsClient) -> AsyncIterator[Users]:
    found = Users(nc)
    yield found
    await found.close()


def one_event_per_aggregate() -> dict[str, codec.EventType]:
    found: dict[str, codec.EventType] = {}
    for event_type in codec.all_event_types():
        found.setdefault(event_type.aggregate, event_type)
    return found


async def test_each_service_publishes_its_own_events_and_nobody_elses(
    users: Users, nc: NatsClient, topology: Topology
) -> None:
    allowed: dict[str, str] = {}
    for aggregate, event_type in one_event_per_aggregate().items():
        subject = topology.event_subject(event_type)
        for user in BUS_USERS:
            if user == owner_of(aggregate):
                ack = await (await users(user)).jetstream().publish(subject, b"own", headers={"Nats-Msg-Id": new_id()})
                assert ack.stream == topology.events_stream
                allowed[subject] = user
            else:
                await users.try_publish(user, subject)
    # the owners' publishes, one per aggregate, and not one of the others'
    assert set(allowed.values()) == set(BUS_USERS)
    info = await nc.jetstream().stream_info(topology.events_stream, subjects_filter=f"{topology.prefix}.events.>")
    assert info.state.subjects == dict.fromkeys(allowed, 1)


async def test_a_forged_promotion_from_the_gateway_never_enters_the_stream_while_the_feeds_does(
    users: Users, nc: NatsClient, topology: Topology
) -> None:
    person = new_id()
    subject = topology.event_subject(codec.event_type_of(ev.UserUpdated))

    def promotion(name: str) -> tuple[bytes, dict[str, str]]:
        payload = ev.UserUpdated(user_id=person, display_name=name, community_manager=True)
        envelope = Envelope.new("UserUpdated", person, 2, person)
        return codec.encode(payload), envelope.to_headers()

    forged, headers = promotion("forged by the gateway")
    with pytest.raises(TimeoutError):  # the stream never answers what the server refused
        await (await users("gateway")).jetstream().publish(subject, forged, headers=headers, timeout=1)
    await users.refuses("gateway", subject)
    genuine, headers = promotion("promoted by the feed")
    ack = await (await users("feed")).jetstream().publish(subject, genuine, headers=headers)
    js = nc.jetstream()
    first = await js.get_msg(topology.events_stream, seq=1, subject=subject, next=True)
    assert (first.seq, ev.UserUpdated.FromString(first.data or b"").display_name) == (
        ack.seq,
        "promoted by the feed",
    )
    with pytest.raises(NotFoundError):
        await js.get_msg(topology.events_stream, seq=ack.seq + 1, subject=subject, next=True)


async def test_the_gateway_reaches_no_consumer_by_a_side_door_but_uses_its_own_subjects(
    users: Users, nc: NatsClient, topology: Topology
) -> None:
    events, p = topology.events_stream, topology.prefix
    doors = {
        "a replay into notify": topology.replay_subject("notify", "UserUpdated"),
        "a dead letter of notify, for an admin to replay": topology.dead_letter_subject("notify", "UserUpdated"),
        "an event fetched by notify": f"{inbox_prefix('notify')}.forged",
        "a change of the stream (a subject transform)": f"$JS.API.STREAM.UPDATE.{events}",
        "a new stream": "$JS.API.STREAM.CREATE.FORGED",
        "the stream deleted": f"$JS.API.STREAM.DELETE.{events}",
        "the stream purged": f"$JS.API.STREAM.PURGE.{events}",
        "an event deleted": f"$JS.API.STREAM.MSG.DELETE.{events}",
        "notify's consumer changed": f"$JS.API.CONSUMER.DURABLE.CREATE.{events}.notify",
        "notify's events taken": f"$JS.API.CONSUMER.MSG.NEXT.{events}.notify",
        "notify's events acknowledged away": f"$JS.ACK.{events}.notify.1.1.1.0.0",
        "a subject of notify's own": f"{p}.notify.anything",
    }
    for subject in doors.values():
        await users.try_publish("gateway", subject)
    gateway = await users("gateway")
    await gateway.subscribe(f"{inbox_prefix('notify')}.>")
    await gateway.flush()
    await users.refuses("gateway", f"{inbox_prefix('notify')}.>", action="subscription")
    # what it may do: its own core subject (to the other replicas), its own events, reading the stream
    heard: list[Msg] = []

    async def hear(msg: Msg) -> None:
        heard.append(msg)

    await gateway.subscribe(f"{p}.gateway.sessions", cb=hear)
    await gateway.publish(f"{p}.gateway.sessions", b"ended")

    async def was_heard() -> bool:
        return [m.data for m in heard] == [b"ended"]

    await eventually(was_heard, timeout=10)
    presence = topology.event_subject(codec.event_type_of(ev.Visited))
    assert (await gateway.jetstream().publish(presence, b"", headers={"Nats-Msg-Id": new_id()})).seq >= 1
    assert (await gateway.jetstream().stream_info(events)).config.name == events
    # the admin may do what the gateway may not: the refusals are the gateway's user, not the subjects
    replayed = await nc.jetstream().publish(topology.replay_subject("notify", "UserUpdated"), b"")
    assert replayed.stream == events


async def test_a_consumer_runs_its_own_durable_consumer_and_nobody_elses(
    users: Users, nc: NatsClient, topology: Topology
) -> None:
    events = topology.events_stream
    for user in CONSUMERS:
        client = await users(user)
        js = client.jetstream()
        await js.publish(topology.dead_letter_subject(user, "UserUpdated"), b"its own dead letter")
        for other in CONSUMERS:
            if other == user:
                continue
            for subject in (
                f"$JS.API.CONSUMER.DURABLE.CREATE.{events}.{other}",
                f"$JS.API.CONSUMER.MSG.NEXT.{events}.{other}",
                f"$JS.ACK.{events}.{other}.1.1.1.0.0",
                topology.dead_letter_subject(other, "UserUpdated"),
            ):
                await users.try_publish(user, subject)
    # each consumer's own dead letter, and no other
    info = await nc.jetstream().stream_info(topology.dead_letter_stream, subjects_filter=">")
    assert info.state.subjects == {topology.dead_letter_subject(u, "UserUpdated"): 1 for u in CONSUMERS}
