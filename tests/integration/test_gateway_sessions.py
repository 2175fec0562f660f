"""Sessions that end, on the server and on every replica: logout, "sign out everywhere", deactivation (by
the API or the directory), the idle and the absolute lifetime; the live stream of an ended session
closes; a person holds a bounded number of live streams. Two gateway replicas share one database and one
bus, as a chart runs them."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from nats.aio.client import Client as NatsClient
from starlette.responses import Response

from kantine.platform.demo import dev_sign_in
from kantine.topology import Topology
from kantine.v1 import feed_pb2
from services.gateway.identity import DeactivatedError
from services.gateway.sessions import Revocations
from tests.harness import GatewayHarness, eventually, fetchval
from tests.integration.gateway_world import GatewayWorld, gateway_world
from tests.integration.test_gateway_api import Events
from tests.integration.test_gateway_signin import cookie_header


@dataclasses.dataclass
class Replicas:
    world: GatewayWorld
    second: GatewayHarness
    database_url: str

    @property
    def urls(self) -> list[str]:
        return [self.world.url, self.second.url]


async def two_replicas(
    database_url: str, nats_url: str, nc: NatsClient, topology: Topology, **settings: Any
) -> AsyncIterator[Replicas]:
    settings = {"dev_signin": True, "live_streams_per_person": 3, **settings}
    async for world in gateway_world(database_url, nats_url, nc, topology, services=("notify",), **settings):
        addresses = {"feed": world.feed.address, "notify": world.others[0].address}
        second = await GatewayHarness.start(
            database_url, nats_url, addresses, nc, topology,
            oidc_issuer=world.issuer.issuer, oidc_client_id=world.issuer.audience, **settings,
        )  # fmt: skip
        try:
            yield Replicas(world, second, database_url)
        finally:
            await second.close()


@pytest.fixture
async def replicas(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[Replicas]:
    async for r in two_replicas(database_url, nats_url, nc, topology):
        yield r


@dataclasses.dataclass
class Browser:
    """One browser's session: its cookies and CSRF token, sent to whichever replica is named."""

    user_id: str
    cookie: str
    csrf: str
    http: httpx.AsyncClient

    def headers(self, write: bool = False) -> dict[str, str]:
        return {"Cookie": self.cookie, **({"X-CSRF-Token": self.csrf} if write else {})}

    async def me(self, url: str) -> int:
        return (await self.http.get(f"{url}/api/v1/me", headers=self.headers())).status_code

    async def post(self, url: str, path: str) -> httpx.Response:
        return await self.http.post(f"{url}{path}", headers=self.headers(write=True))


async def browser(r: Replicas, user_id: str) -> Browser:
    http = r.world.anonymous()
    signed_in = await dev_sign_in(http, user_id)
    assert signed_in.status_code == 303, signed_in.text
    csrf = signed_in.cookies["kantine_csrf"]
    return Browser(user_id, cookie_header(signed_in), csrf, http)


async def provisioned(r: Replicas, name: str) -> str:
    reply = await r.world.feed_stub().ProvisionUser(
        feed_pb2.ProvisionUserRequest(external_id=f"x-{name}", profile=feed_pb2.Profile(display_name=name))
    )
    return str(reply.user_id)


async def open_rows(r: Replicas, user_id: str) -> int:
    found = await fetchval(
        r.database_url, "SELECT count(*) FROM gateway.sessions WHERE user_id = $1 AND ended_at IS NULL", user_id
    )
    return int(found)  # type: ignore[call-overload]


async def test_logout_ends_the_session_on_every_replica(replicas: Replicas) -> None:
    anna = await provisioned(replicas, "Anna")
    phone, laptop = await browser(replicas, anna), await browser(replicas, anna)
    for url in replicas.urls:  # both replicas know both sessions now (and remember them)
        assert await phone.me(url) == 200 and await laptop.me(url) == 200
    assert (await phone.post(replicas.world.url, "/auth/logout")).status_code == 204
    for url in replicas.urls:  # the old cookie, sent again as a copy would be, is refused everywhere
        assert await phone.me(url) == 401
        assert await laptop.me(url) == 200  # the control: the other browser goes on
    assert await open_rows(replicas, anna) == 1


async def test_sign_out_everywhere_ends_every_session_of_the_person_only(replicas: Replicas) -> None:
    anna, bob = await provisioned(replicas, "Anna"), await provisioned(replicas, "Bob")
    phone, laptop, bobs = await browser(replicas, anna), await browser(replicas, anna), await browser(replicas, bob)
    for url in replicas.urls:
        assert await laptop.me(url) == 200
    forged = await replicas.world.anonymous().post(
        "/auth/logout-everywhere", headers={"Cookie": phone.cookie}
    )  # another site's form: no CSRF token
    assert forged.status_code == 403 and await phone.me(replicas.world.url) == 200
    ended = await phone.post(replicas.second.url, "/auth/logout-everywhere")
    assert ended.status_code == 200 and ended.json() == {"sessions_ended": 2}
    for url in replicas.urls:
        assert await phone.me(url) == 401 and await laptop.me(url) == 401
        assert await bobs.me(url) == 200
    again = await browser(replicas, anna)  # signing in afterwards works as before
    assert await again.me(replicas.world.url) == 200


async def test_a_deactivated_persons_open_browser_and_live_stream_end(replicas: Replicas) -> None:
    anna, bob = await provisioned(replicas, "Anna"), await provisioned(replicas, "Bob")
    tab, bobs = await browser(replicas, anna), await browser(replicas, bob)
    for url in replicas.urls:
        assert await tab.me(url) == 200
    async with tab.http.stream("GET", f"{replicas.second.url}/api/v1/live", headers=tab.headers()) as live:
        stream = Events(live)
        await stream.until("unread")
        await replicas.world.feed_stub().DeactivateUser(feed_pb2.UserCommand(user_id=anna))
        data, _ = await stream.until("ended")
        assert data["reason"] == "signed_out"
    for url in replicas.urls:
        assert await tab.me(url) == 401
        assert await bobs.me(url) == 200
    # the row is ended too: a replica that was away from the bus, or starts later, refuses it as well
    await eventually(lambda: _none_open(replicas, anna))
    why = await fetchval(replicas.database_url, "SELECT ended_why FROM gateway.sessions WHERE user_id = $1", anna)
    assert why == "deactivated"
    assert await open_rows(replicas, bob) == 1


async def _none_open(r: Replicas, user_id: str) -> bool:
    return await open_rows(r, user_id) == 0


async def test_a_session_ends_after_its_idle_and_its_absolute_lifetime(replicas: Replicas) -> None:
    anna = await provisioned(replicas, "Anna")
    idle, busy, fresh = await browser(replicas, anna), await browser(replicas, anna), await browser(replicas, anna)
    # thirteen hours without use (the idle lifetime is twelve) / started eight days ago but used just now
    await fetchval(replicas.database_url, "UPDATE gateway.sessions SET seen_at = now() - interval '13 hours' "
                   "WHERE csrf = $1", idle.csrf)  # fmt: skip
    await fetchval(replicas.database_url, "UPDATE gateway.sessions SET expires_at = now() - interval '1 hour' "
                   "WHERE csrf = $1", busy.csrf)  # fmt: skip
    for gateway in (replicas.world.gateway, replicas.second):  # as once RECHECK_S has passed
        gateway.gateway.sessions._known.clear()
    for url in replicas.urls:
        assert await idle.me(url) == 401 and await busy.me(url) == 401
        assert await fresh.me(url) == 200


async def test_a_person_holds_a_bounded_number_of_live_streams(replicas: Replicas) -> None:
    anna = await provisioned(replicas, "Anna")
    tab = await browser(replicas, anna)
    url = f"{replicas.world.url}/api/v1/live"
    async with (
        tab.http.stream("GET", url, headers=tab.headers()) as one,
        tab.http.stream("GET", url, headers=tab.headers()) as two,
        tab.http.stream("GET", url, headers=tab.headers()) as three,
    ):
        pages = [Events(opened) for opened in (one, two, three)]  # held: a dropped reader closes its stream
        for opened, page in zip((one, two, three), pages, strict=True):
            assert opened.status_code == 200
            await page.until("unread")
        assert replicas.world.gateway.gateway.sessions.revocations.streams_of(anna) == 3
        async with tab.http.stream("GET", url, headers=tab.headers()) as fourth:  # a stream, should it open
            assert fourth.status_code == 429
            assert "at most 3" in json.loads(await fourth.aread())["detail"]
        async with tab.http.stream("GET", f"{replicas.second.url}/api/v1/live", headers=tab.headers()) as other:
            assert other.status_code == 200  # the control: the bound is per replica, and the others are open
    # closed pages free their places, once the replica has seen them go

    async def places_freed() -> bool:
        return replicas.world.gateway.gateway.sessions.revocations.streams_of(anna) == 0

    await eventually(places_freed)
    async with tab.http.stream("GET", url, headers=tab.headers()) as again:
        assert again.status_code == 200


async def test_no_session_starts_or_goes_on_for_a_deactivated_person_even_past_the_bus(replicas: Replicas) -> None:
    """The sign-in that races a deactivation (the person was active when looked up, and the session is
    started after the deactivation ended their rows), and a replica away from the bus: the gateway's
    record of who is deactivated refuses both. Reactivation lifts it."""
    anna, bob = await provisioned(replicas, "Anna"), await provisioned(replicas, "Bob")
    tab = await browser(replicas, anna)
    await replicas.world.feed_stub().DeactivateUser(feed_pb2.UserCommand(user_id=anna))

    async def recorded() -> bool:
        found = await fetchval(replicas.database_url, "SELECT count(*) FROM gateway.deactivated_people "
                               "WHERE user_id = $1", anna)  # fmt: skip
        return found == 1

    await eventually(recorded)
    sessions = replicas.second.gateway.sessions
    with pytest.raises(DeactivatedError):  # what the racing sign-in comes to
        await sessions.start(Response(), anna)
    assert await sessions.start(Response(), bob) is not None  # the control: others sign in
    # a replica that missed the word on the bus looks at the row: the session is not used again
    sessions.revocations = Revocations()
    sessions._known.clear()
    assert await tab.me(replicas.second.url) == 401
    await replicas.world.feed_stub().ReactivateUser(feed_pb2.UserCommand(user_id=anna))

    async def lifted() -> bool:
        found = await fetchval(replicas.database_url, "SELECT count(*) FROM gateway.deactivated_people")
        return found == 0

    await eventually(lifted)
    assert await sessions.start(Response(), anna) is not None


async def one_click(http: httpx.AsyncClient, url: str, token: str) -> int:
    """The mail client's one-click unsubscribe (RFC 8058) at one replica."""
    reply = await http.post(f"{url}/api/v1/unsubscribe", params={"token": token}, content=b"List-Unsubscribe=One-Click",
                            headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    return reply.status_code


async def test_the_doors_a_stranger_knocks_on_are_limited_across_replicas(
    database_url: str, nats_url: str, nc: NatsClient, topology: Topology
) -> None:
    """Sign-in (by client address) and the unsubscribe link (by its signed token, so a company behind one
    ingress address does not share one allowance) hold across both replicas: a bucket of two a replica
    would let four through."""
    async for r in two_replicas(database_url, nats_url, nc, topology, signin_per_minute=8, unsubscribe_per_minute=8):
        notify = r.world.others[0]
        anna, bob = await provisioned(r, "Anna"), await provisioned(r, "Bob")
        http = r.world.anonymous()

        annas = notify.links.token(anna, "digest")
        first, second = r.urls
        assert [await one_click(http, first, annas), await one_click(http, second, annas)] == [200, 200]
        assert await one_click(http, first, annas) == 429  # the two replicas' shared bucket of two is empty
        assert await one_click(http, second, notify.links.token(bob, "digest")) == 200  # another link: its own
        methods = [(await http.get(f"{url}/auth/methods")).status_code for url in (first, second)]
        assert methods == [200, 200]
        assert (await http.get(f"{first}/auth/methods")).status_code == 429
