"""Each in-process service on the tests' NATS as its own user, as in production.

tests/conftest.py starts NATS with the platform's users (kantine.topology.permissions, for every
prefix) and registers their passwords here; the test's own `nc` is the admin. A harness asks
`service_bus` for a service's connection: its own user's on a server registered here, else (a server a
test started itself without users, or one from KANTINE_NATS_URL) the test's connection.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from urllib.parse import urlsplit

from nats.aio.client import Client as NatsClient

from kantine.service import connect_nats
from kantine.topology import Topology

# (host, port) of a NATS server -> its users' passwords
_users: dict[tuple[str, int], dict[str, str]] = {}


def register_users(url: str, passwords: Mapping[str, str]) -> None:
    where = urlsplit(url)
    _users[(where.hostname or "", where.port or 4222)] = dict(passwords)


def passwords_of(nc: NatsClient) -> dict[str, str]:
    """The users of the server `nc` is connected to, when the tests started it with users; else empty."""
    where = nc.connected_url
    if where is None:
        return {}
    return _users.get((where.hostname or "", where.port or 4222), {})


async def connect_as(nc: NatsClient, user: str, **options: object) -> NatsClient:
    """A new connection as `user` to the server `nc` is on (which must have the tests' users)."""
    where = nc.connected_url
    assert where is not None
    url = f"nats://{where.hostname}:{where.port}"
    settings = {"max_reconnect_attempts": -1, "reconnect_time_wait": 0.2, **options}
    return await connect_nats(url, f"test-{user}", user, passwords_of(nc)[user], **settings)


@dataclasses.dataclass
class ServiceBus:
    """A service's view of the bus: its connection, and the topology it may use (streams are the admin's)."""

    nc: NatsClient
    topology: Topology
    owned: bool

    async def close(self) -> None:
        if self.owned:
            await self.nc.close()


async def service_bus(nc: NatsClient, topology: Topology, user: str) -> ServiceBus:
    if user not in passwords_of(nc):
        return ServiceBus(nc, topology, owned=False)
    own = await connect_as(nc, user)
    return ServiceBus(own, dataclasses.replace(topology, manage_streams=False), owned=True)
