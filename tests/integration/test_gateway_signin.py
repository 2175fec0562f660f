"""Sign-in: the authorization-code flow with PKCE against a real OpenID provider (oidc-provider-mock, over
HTTP), bearer tokens verified against the provider's JWKS, sessions and their CSRF token, and the demo
sign-in that is off unless switched on."""

from __future__ import annotations

import urllib.parse
from collections.abc import AsyncIterator, Iterator
from http.cookies import SimpleCookie

import httpx
import oidc_provider_mock
import pytest
from joserfc.jwk import RSAKey
from nats.aio.client import Client as NatsClient

from kantine.platform.demo import dev_form
from kantine.platform.procs import free_port
from kantine.topology import Topology
from kantine.v1 import feed_pb2
from tests.harness import eventually
from tests.integration.gateway_world import GatewayWorld, gateway_world


@pytest.fixture
async def world(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[GatewayWorld]:
    async for w in gateway_world(database_url, nats_url, nc, topology, services=()):
        yield w


def cookies_of(response: httpx.Response) -> dict[str, SimpleCookie]:
    """Each Set-Cookie by name, with its attributes (httpx keeps only values, and never sends a Secure
    cookie over plain http, so the tests carry cookies themselves)."""
    found = {}
    for header in response.headers.get_list("set-cookie"):
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        for name in cookie:
            found[name] = cookie
    return found


def cookie_header(*responses: httpx.Response) -> str:
    jar: dict[str, str] = {}
    for response in responses:
        for name, cookie in cookies_of(response).items():
            jar[name] = cookie[name].value
    return "; ".join(f"{k}={v}" for k, v in jar.items() if v)


# ----- bearer tokens -----


async def test_a_valid_token_is_the_person_the_directory_provisioned(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm")
    me = await anna.client.get("/api/v1/me")
    assert me.status_code == 200, me.text
    assert me.json()["user_id"] == anna.user_id
    assert me.json()["profile"]["display_name"] == "Anna Holm"


async def test_first_sign_in_provisions_the_person_from_the_token(world: GatewayWorld) -> None:
    token = world.issuer.token("new-sub-1", name="Mette Dahl", email="mette@contoso.example", locale="da-DK")
    async with httpx.AsyncClient(base_url=world.url, headers={"Authorization": f"Bearer {token}"}) as client:
        first = await client.get("/api/v1/me")
        again = await client.get("/api/v1/me")
    assert first.status_code == 200, first.text
    profile = first.json()["profile"]
    assert (profile["display_name"], profile["email"], profile["locale"]) == (
        "Mette Dahl",
        "mette@contoso.example",
        "da",
    )
    assert again.json()["user_id"] == first.json()["user_id"]
    listed = await world.feed_stub().ListUsers(feed_pb2.ListUsersRequest(external_id="new-sub-1"))
    assert [u.user_id for u in listed.users] == [first.json()["user_id"]]


async def hand_made(world: GatewayWorld, name: str) -> str:
    """A person added by hand (no directory id), as a community manager adds a contractor."""
    email = f"{name.lower().replace(' ', '.')}@contoso.example"
    reply = await world.feed_stub().ProvisionUser(
        feed_pb2.ProvisionUserRequest(profile=feed_pb2.Profile(display_name=name, email=email))
    )
    return str(reply.user_id)


async def people_with(world: GatewayWorld, email: str) -> int:
    listed = await world.feed_stub().ListUsers(feed_pb2.ListUsersRequest(email=email, limit=100))
    return len(listed.users)


async def test_an_address_alone_never_takes_over_a_person(world: GatewayWorld) -> None:
    """The nOAuth takeover: Entra ID sends no email_verified, and a tenant's admin sets any address. By
    default (the provider's addresses not trusted), an address never links a sign-in to anyone; neither
    is a second person made with that address. The person is refused with what to ask for."""
    anna = await world.person("Anna Holm")
    contractor = await hand_made(world, "Carl Berg")
    for email, verified in (("anna.holm@contoso.example", None), ("carl.berg@contoso.example", None),
                            ("carl.berg@contoso.example", True), ("anna.holm@contoso.example", False)):  # fmt: skip
        claims = {"email": email} if verified is None else {"email": email, "email_verified": verified}
        token = world.issuer.token(f"intruder-{email}-{verified}", **claims)
        reply = await world.anonymous().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert reply.status_code == 403, (email, verified, reply.text)
        assert "IT department" in reply.json()["detail"]
        assert await people_with(world, email) == 1  # no one new under that address either
    # the control: the same people sign in by the subject the directory gave them
    me = await anna.client.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["user_id"] == anna.user_id
    assert contractor


@pytest.fixture
async def trusting(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[GatewayWorld]:
    async for w in gateway_world(database_url, nats_url, nc, topology, services=(), oidc_email_trusted=True):
        yield w


async def test_a_trusted_provider_links_a_verified_address_but_never_a_person_bound_elsewhere(
    trusting: GatewayWorld,
) -> None:
    anna = await trusting.person("Anna Holm")  # bound by the directory to idp-anna-holm
    contractor = await hand_made(trusting, "Carl Berg")  # bound to nobody

    async def me(sub: str, **claims: object) -> httpx.Response:
        token = trusting.issuer.token(sub, **claims)
        return await trusting.anonymous().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})

    linked = await me("okta-carl", email="carl.berg@contoso.example", email_verified=True)
    assert linked.status_code == 200, linked.text
    assert linked.json()["user_id"] == contractor
    unverified = await me("okta-carl-2", email="carl.berg@contoso.example")  # the claim absent
    assert unverified.status_code == 403 and "verified" in unverified.json()["detail"]
    bound = await me("okta-someone", email="anna.holm@contoso.example", email_verified=True)
    assert bound.status_code == 403, bound.text
    assert "does not match the account" in bound.json()["detail"]
    assert (await anna.client.get("/api/v1/me")).json()["user_id"] == anna.user_id


async def test_an_id_token_is_not_an_api_credential(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm")
    for token in (
        world.issuer.id_token(anna.sub),
        world.issuer.token(anna.sub, typ="JWT", scope=None),
        world.issuer.token(anna.sub, typ="JWT", scope=None, roles=["Kantine.Admin"]),  # app roles alone
    ):
        reply = await world.anonymous().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert reply.status_code == 401, reply.text
        assert "access token" in reply.json()["detail"]
    daemon = world.issuer.token(anna.sub, typ="JWT", scp="Kantine.Use", idtyp="app")  # Entra's app-only token
    reply = await world.anonymous().get("/api/v1/me", headers={"Authorization": f"Bearer {daemon}"})
    assert reply.status_code == 401 and "application's token" in reply.json()["detail"], reply.text
    # the control: the same person's access token, typed or carrying its scopes, is accepted
    for token in (world.issuer.token(anna.sub), world.issuer.token(anna.sub, typ="JWT", scp="Kantine.Use")):
        reply = await world.anonymous().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert reply.status_code == 200, reply.text


@pytest.mark.parametrize(
    ("case", "detail"),
    [
        ("expired", "expired"),
        ("forged", "cannot be verified"),
        ("other audience", "not for Kantine"),
        ("other issuer", "not for Kantine"),
        ("not a jwt", "cannot"),
        ("basic scheme", "Bearer"),
    ],
)
async def test_bad_tokens_are_refused(world: GatewayWorld, case: str, detail: str) -> None:
    await world.person("Anna Holm")
    sub = "idp-anna-holm"
    headers = {
        "expired": f"Bearer {world.issuer.token(sub, expires_in=-120)}",
        "forged": f"Bearer {world.issuer.token(sub, key=RSAKey.generate_key(2048, parameters={'kid': 'evil'}))}",
        "other audience": f"Bearer {world.issuer.token(sub, audience='another-app')}",
        "other issuer": f"Bearer {world.issuer.token(sub, iss='https://login.example.org')}",
        "not a jwt": "Bearer not-a-token",
        "basic scheme": "Basic YW5uYTpwdw==",
    }
    reply = await world.anonymous().get("/api/v1/me", headers={"Authorization": headers[case]})
    assert reply.status_code == 401, reply.text
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.json()["code"] == "unauthenticated"
    assert detail in reply.json()["detail"]
    assert reply.headers["www-authenticate"].startswith("Bearer")


async def test_a_rotated_key_is_fetched_again(world: GatewayWorld) -> None:
    anna = await world.person("Anna Holm")
    assert (await anna.client.get("/api/v1/me")).status_code == 200
    world.issuer.rotate()
    token = world.issuer.token(anna.sub)
    reply = await world.anonymous().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 200, reply.text
    # forged tokens naming unknown keys do not make the gateway fetch the keys again and again
    fetched = world.issuer.jwks_requests
    forger = RSAKey.generate_key(2048, parameters={"kid": "evil"})
    for _ in range(5):
        forged = world.issuer.token(anna.sub, key=forger)
        assert (await anna.client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"})).status_code == 401
    assert world.issuer.jwks_requests <= fetched + 1


async def test_a_deactivated_persons_token_is_refused_once_the_deactivation_is_told(world: GatewayWorld) -> None:
    """The identity cache keeps an answer for minutes; the deactivation event drops it at once."""
    token = world.issuer.token("leaver", name="Leaving Person", email="leaver@contoso.example")
    client = world.anonymous()
    me = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200  # known now, and cached
    await world.feed_stub().DeactivateUser(feed_pb2.UserCommand(user_id=me.json()["user_id"]))

    async def refused() -> bool:
        reply = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        return reply.status_code == 403 and "deactivated" in reply.json()["detail"]

    await eventually(refused)  # well within the cache's CACHE_S: the event, not a timer
    assert world.gateway.gateway.identities._known.get("leaver") is None


async def test_no_credentials_is_401_with_a_challenge(world: GatewayWorld) -> None:
    reply = await world.anonymous().get("/api/v1/feed")
    assert reply.status_code == 401
    assert reply.headers["www-authenticate"] == 'Bearer realm="kantine"'


# ----- the browser's sign-in -----


@pytest.fixture
def provider() -> Iterator[str]:
    users = [
        oidc_provider_mock.User(sub="oidc-ingrid", claims={"name": "Ingrid Berg", "email": "ingrid@contoso.example"})
    ]
    with oidc_provider_mock.run_server_in_thread(port=free_port(), user_claims=users, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
async def oidc_world(
    database_url: str, nats_url: str, nc: NatsClient, topology: Topology, provider: str
) -> AsyncIterator[GatewayWorld]:
    settings = {"oidc_issuer": provider, "oidc_client_id": "kantine-web", "oidc_client_secret": "s3cret"}
    async for w in gateway_world(database_url, nats_url, nc, topology, services=(), **settings):
        yield w


async def sign_in(world: GatewayWorld, sub: str, next_path: str = "/groups") -> tuple[httpx.Response, httpx.Response]:
    """The browser's round trip: Kantine → provider (the person picks `sub`) → Kantine's callback."""
    async with httpx.AsyncClient(base_url=world.url, timeout=15) as browser:
        login = await browser.get("/auth/login", params={"next": next_path})
        assert login.status_code == 303, login.text
        authorize = login.headers["location"]
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorize).query))
        assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
        assert query["redirect_uri"] == f"{world.url}/auth/callback"
        assert query["nonce"] and query["state"]
        consent = await browser.post(authorize, data={"sub": sub})
        assert consent.status_code in (302, 303), consent.text
        callback = consent.headers["location"]
        assert callback.startswith(f"{world.url}/auth/callback?")
        done = await browser.get(callback, headers={"Cookie": cookie_header(login)})
    return login, done


async def test_authorization_code_sign_in_starts_a_safe_session(oidc_world: GatewayWorld) -> None:
    _, done = await sign_in(oidc_world, "oidc-ingrid", "/groups")
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/groups"
    cookies = cookies_of(done)
    session = cookies["kantine_session"]["kantine_session"]
    assert session["httponly"] and session["secure"] and session["samesite"] == "lax"
    csrf = cookies["kantine_csrf"]["kantine_csrf"]
    assert not csrf["httponly"] and csrf["samesite"] == "lax"

    client = oidc_world.anonymous()
    signed_in = {"Cookie": cookie_header(done)}
    me = await client.get("/api/v1/me", headers=signed_in)
    assert me.status_code == 200, me.text
    assert me.json()["profile"]["display_name"] == "Ingrid Berg"

    # a write with the cookie alone is what another site could make a browser send
    forged = await client.post("/api/v1/posts", json={"body": "hi"}, headers=signed_in)
    assert forged.status_code == 403
    assert "CSRF" in forged.json()["detail"]
    wrong = await client.post("/api/v1/posts", json={"body": "hi"}, headers={**signed_in, "X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    posted = await client.post("/api/v1/posts", json={"body": "hi"}, headers={**signed_in, "X-CSRF-Token": csrf.value})
    assert posted.status_code == 201, posted.text

    out = await client.post("/auth/logout", headers={**signed_in, "X-CSRF-Token": csrf.value})
    assert out.status_code == 204
    assert cookies_of(out)["kantine_session"]["kantine_session"].value == ""


async def test_a_callback_with_another_state_is_refused(oidc_world: GatewayWorld) -> None:
    async with httpx.AsyncClient(base_url=oidc_world.url) as browser:
        login = await browser.get("/auth/login")
        reply = await browser.get(
            "/auth/callback", params={"code": "x", "state": "not-the-one"}, headers={"Cookie": cookie_header(login)}
        )
    assert reply.status_code == 400
    assert "kantine_session" not in cookies_of(reply)


async def test_sign_in_goes_back_only_to_this_site(oidc_world: GatewayWorld) -> None:
    _, done = await sign_in(oidc_world, "oidc-ingrid", "//evil.example/phish")
    assert done.headers["location"] == "/"


# ----- the demo's sign-in -----


async def test_demo_sign_in_is_off_unless_switched_on(world: GatewayWorld) -> None:
    await world.person("Anna Holm")
    client = world.anonymous()
    assert (await client.get("/auth/dev")).status_code == 404
    assert (await client.post("/auth/dev", data={"user_id": "x"})).status_code == 404
    assert (await client.get("/auth/methods")).json() == {"oidc": True, "dev": False}


async def test_demo_sign_in_when_switched_on(
    database_url: str, nats_url: str, nc: NatsClient, topology: Topology
) -> None:
    async for world in gateway_world(database_url, nats_url, nc, topology, services=(), dev_signin=True):
        anna = await world.person("Anna <b>Holm</b>")
        client = world.anonymous()
        listing = await client.get("/auth/dev")
        assert listing.status_code == 200
        assert "Anna &lt;b&gt;Holm&lt;/b&gt;" in listing.text  # names are text, never markup
        form = dev_form(listing)
        cookie = {"Cookie": form["cookie"]}
        chosen = await client.post(
            "/auth/dev", data={"user_id": anna.user_id, "next": "/search", "form": form["form"]}, headers=cookie
        )
        assert chosen.status_code == 303 and chosen.headers["location"] == "/search"
        me = await client.get("/api/v1/me", headers={"Cookie": cookie_header(chosen)})
        assert me.json()["user_id"] == anna.user_id
        elsewhere = await client.post(
            "/auth/dev", data={"user_id": anna.user_id, "form": form["form"]},
            headers={**cookie, "Origin": "https://evil.example"},
        )  # fmt: skip
        assert elsewhere.status_code == 403
        # another site's form can neither read the page's token nor set its cookie (login CSRF)
        for data, headers in (({"user_id": anna.user_id}, {}), ({"user_id": anna.user_id, "form": "guess"}, cookie),
                              ({"user_id": anna.user_id, "form": form["form"]}, {})):  # fmt: skip
            forged = await client.post("/auth/dev", data=data, headers=headers)
            assert forged.status_code == 403 and "kantine_session" not in cookies_of(forged)
        # a company larger than one page of the directory: everyone can be chosen, the last name too
        feed = world.feed_stub()
        for n in range(150):
            await feed.ProvisionUser(
                feed_pb2.ProvisionUserRequest(
                    external_id=f"demo-{n}", profile=feed_pb2.Profile(display_name=f"Zed {n:03d}")
                )
            )
        listing = await client.get("/auth/dev")
        assert "Zed 149" in listing.text and listing.text.count('name="user_id"') == 151
