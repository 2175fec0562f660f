"""Directory sync over SCIM 2.0, as Entra ID and Okta provision: the gateway's SCIM endpoints over HTTP
(uvicorn, as in production) in front of the feed on real PostgreSQL and NATS.

The payloads are the ones Entra ID's SCIM reference ("Develop and plan provisioning for a SCIM
endpoint", user and group operations) and Okta's SCIM 2.0 reference show, word for word, with the ids
and names the test provisioned put in where the documents have theirs.
"""

from __future__ import annotations

import asyncio
import dataclasses
import http.cookies
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
from nats.aio.client import Client as NatsClient
from starlette.applications import Starlette
from starlette.responses import Response

from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc
from services.gateway.scim import Scim
from services.gateway.sessions import CSRF_HEADER, SESSION_COOKIE, Sessions
from services.gateway.upstream import Upstreams
from tests.harness import FeedHarness, GatewayHarness, fetchval

TOKEN = "scim-secret-token-for-tests-0123456789"
SCIM_JSON = "application/scim+json"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PRIVATE = ev.GROUP_VISIBILITY_PRIVATE


@dataclasses.dataclass
class Directory:
    """A SCIM client: `ok` for an answer that must succeed, `no` for a SCIM Error that must come."""

    http: httpx.AsyncClient

    async def ok(self, method: str, path: str, status: int = 200, **kw: Any) -> Any:
        return scim(await self.http.request(method, path, **kw), status)

    async def no(self, method: str, path: str, status: int, scim_type: str | None = None, **kw: Any) -> str:
        return refused(await self.http.request(method, path, **kw), status, scim_type)

    async def patch(self, path: str, *operations: dict[str, Any], status: int = 200) -> Any:
        return await self.ok("PATCH", path, status, json=patch(*operations))

    async def find(self, resource: str, scim_filter: str, **params: str) -> list[str]:
        """The ids a filter finds (checking the ListResponse's numbers)."""
        body = await self.ok("GET", f"/{resource}", params={"filter": scim_filter, **params})
        assert body["schemas"] == [LIST] and body["totalResults"] == body["itemsPerPage"] == len(body["Resources"])
        return [r["id"] for r in body["Resources"]]


@dataclasses.dataclass
class Env:
    feed: FeedHarness
    fs: Any  # FeedServiceStub
    pool: asyncpg.Pool
    url: str
    database_url: str
    sessions: Sessions
    clients: list[httpx.AsyncClient] = dataclasses.field(default_factory=list)

    def client(self, token: str | None = TOKEN) -> Directory:
        """The directory's SCIM client (with Kantine's SCIM token, unless told otherwise)."""
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        client = httpx.AsyncClient(base_url=f"{self.url}/scim/v2", timeout=15, headers=headers)
        self.clients.append(client)
        return Directory(client)

    async def signed_in(self, user_id: str) -> httpx.AsyncClient:
        """The API as this person with the web page's session (cookie and CSRF header)."""
        response = Response()
        session = await self.sessions.start(response, user_id)
        cookies = http.cookies.SimpleCookie()
        for value in response.headers.getlist("set-cookie"):
            cookies.load(value)
        headers = {"Cookie": f"{SESSION_COOKIE}={cookies[SESSION_COOKIE].value}", CSRF_HEADER: session.csrf}
        client = httpx.AsyncClient(base_url=f"{self.url}/api/v1", timeout=15, headers=headers)
        self.clients.append(client)
        return client

    async def user(self, user_id: str) -> f.User:
        found: f.User = await self.fs.GetUser(f.GetUserRequest(user_id=user_id))
        return found

    async def directory(self, **by: str) -> list[f.User]:
        """The feed's directory as the sync reads it (with external ids)."""
        reply = await self.fs.ListUsers(f.ListUsersRequest(**by))
        return list(reply.users)

    async def members(self, group_id: str, viewer: str) -> set[str]:
        page = await self.fs.ListMembers(f.ListMembersRequest(viewer_id=viewer, group_id=group_id, limit=100))
        return {m.user_id for m in page.members}

    async def count(self, table: str) -> int:
        value = await fetchval(self.database_url, f"SELECT count(*) FROM gateway.{table}")
        assert isinstance(value, int)
        return value


@pytest.fixture
async def env(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[Env]:
    feed = await FeedHarness.start(database_url, nc, topology, relay=False)
    gateway = await GatewayHarness.start(
        database_url, nats_url, {"feed": feed.address},
        scim_token=TOKEN, upstream_timeout_s=3, reads_per_minute=0, writes_per_minute=0,
    )  # fmt: skip
    stub = feed_pb2_grpc.FeedServiceStub(gateway.upstreams.channels["feed"])
    environment = Env(feed, stub, gateway.pool, gateway.url, database_url, gateway.gateway.sessions)
    try:
        yield environment
    finally:
        for client in environment.clients:
            await client.aclose()
        await gateway.close()
        await feed.close()


def scim(response: httpx.Response, status: int) -> Any:
    """The SCIM body of a response that must have this status."""
    assert response.status_code == status, response.text
    if status == 204:
        return None
    assert response.headers["content-type"].startswith(SCIM_JSON)
    return response.json()


def refused(response: httpx.Response, status: int, scim_type: str | None = None) -> str:
    """A SCIM Error with this status (and scimType); returns its detail."""
    body = scim(response, status)
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type, body
    assert body["detail"]
    return str(body["detail"])


def patch(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": list(operations)}


def members(*ids: str) -> list[dict[str, Any]]:
    """A members value as Entra ID sends it."""
    return [{"$ref": None, "value": i} for i in ids]


# ----- Entra ID's requests -----

ENTRA_CREATE_USER = {
    "schemas": [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ],
    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
    "active": True,
    "emails": [
        {"primary": True, "type": "work", "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}
    ],
    "meta": {"resourceType": "User"},
    "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
    "roles": [],
}
ENTRA_CREATE_GROUP = {
    "schemas": [
        "urn:ietf:params:scim:schemas:core:2.0:Group",
        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
    ],
    "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
    "displayName": "displayName",
    "meta": {"resourceType": "Group"},
}


def entra_user(user_name: str, external_id: str, given: str, family: str, **extra: Any) -> dict[str, Any]:
    """Entra ID's create request for another person."""
    return {
        **ENTRA_CREATE_USER,
        "externalId": external_id,
        "userName": user_name,
        "emails": [{"primary": True, "type": "work", "value": user_name}],
        "name": {"formatted": f"{given} {family}", "familyName": family, "givenName": given},
        **extra,
    }


async def test_entra_creates_finds_updates_disables_and_deletes_a_person(env: Env) -> None:
    c = env.client()
    name = ENTRA_CREATE_USER["userName"]
    # Entra asks first whether the person exists (zero results), then creates them
    nobody = await c.ok("GET", "/Users", params={"filter": f'userName eq "{name}"'})
    assert nobody == {"schemas": [LIST], "totalResults": 0, "startIndex": 1, "itemsPerPage": 0, "Resources": []}

    created = await c.http.post("/Users", json=ENTRA_CREATE_USER, headers={"Content-Type": SCIM_JSON})
    user = scim(created, 201)
    user_id = user["id"]
    assert created.headers["location"] == f"{env.url}/scim/v2/Users/{user_id}" == user["meta"]["location"]
    assert created.headers["etag"] == user["meta"]["version"]
    assert (user["userName"], user["active"], user["externalId"]) == (name, True, ENTRA_CREATE_USER["externalId"])
    assert user["displayName"] == "givenName familyName" and user["name"] == ENTRA_CREATE_USER["name"]
    assert user["meta"]["resourceType"] == "User" and "roles" not in user

    # the SCIM id is the Kantine person, whose profile and directory id the feed keeps
    person = await env.user(user_id)
    assert person.active and person.profile.display_name == "givenName familyName"
    assert person.profile.email == "test_user_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"
    assert person.profile.locale == "en"
    assert [u.user_id for u in await env.directory(external_id=ENTRA_CREATE_USER["externalId"])] == [user_id]

    assert await c.ok("GET", f"/Users/{user_id}") == user
    assert await c.find("Users", 'userName eq "test_user_AB6490EE-1e48-479e-a20b-2d77186b5dd1"') == [user_id]
    work = 'emails[type eq "work"].value eq "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"'
    assert await c.find("Users", work) == [user_id]
    assert await c.find("Users", 'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"') == [user_id]

    # Entra creates the same userName again: 409 uniqueness, and nobody new
    assert "userName" in await c.no("POST", "/Users", 409, "uniqueness", json=ENTRA_CREATE_USER)
    assert len(await env.directory()) == 1 and await env.count("scim_users") == 1

    # "Update User [Multi-valued properties]" and "[Single-valued properties]"
    updated = await c.patch(
        f"/Users/{user_id}",
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "updatedEmail@microsoft.com"},
        {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
    )
    assert updated["emails"] == [{"value": "updatedEmail@microsoft.com", "type": "work", "primary": True}]
    assert updated["name"]["familyName"] == "updatedFamilyName"
    assert (await env.user(user_id)).profile.email == "updatedemail@microsoft.com"
    new_name = "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"
    renamed = await c.patch(f"/Users/{user_id}", {"op": "Replace", "path": "userName", "value": new_name})
    assert renamed["userName"] == new_name and renamed["meta"]["version"] != updated["meta"]["version"]

    # Entra's older requests send "False" as a string: the person is deactivated all the same
    disabled = await c.patch(f"/Users/{user_id}", {"op": "Replace", "path": "active", "value": "False"})
    assert disabled["active"] is False and not (await env.user(user_id)).active
    enabled = await c.patch(f"/Users/{user_id}", {"op": "Replace", "path": "active", "value": "True"})
    assert enabled["active"] is True and (await env.user(user_id)).active
    # "Disable User", written as in Entra's reference (Operations before schemas)
    disable = {
        "Operations": [{"op": "Replace", "path": "active", "value": False}],
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    }
    assert (await c.ok("PATCH", f"/Users/{user_id}", json=disable))["active"] is False
    assert not (await env.user(user_id)).active

    # "Delete User": deactivated in Kantine, gone for SCIM
    await c.patch(f"/Users/{user_id}", {"op": "Replace", "path": "active", "value": True})
    assert await c.ok("DELETE", f"/Users/{user_id}", 204) is None
    assert not (await env.user(user_id)).active
    await c.no("GET", f"/Users/{user_id}", 404)
    assert await c.find("Users", f'userName eq "{new_name}"') == []
    await c.no("DELETE", f"/Users/{user_id}", 404)

    # assigned again, the person comes back as who they were: the same id, active, history and all
    again = await c.ok("POST", "/Users", 201, json=ENTRA_CREATE_USER)
    assert again["id"] == user_id and again["active"] is True and (await env.user(user_id)).active
    assert again["emails"] == ENTRA_CREATE_USER["emails"] and len(await env.directory()) == 1


async def test_entra_sets_title_department_language_and_the_manager_as_it_sends_them(env: Env) -> None:
    c = env.client()
    boss = await c.ok("POST", "/Users", 201, json=entra_user("ann.boss@contoso.example", "oid-ann", "Ann", "Boss"))
    enterprise = {"department": "Platform", "manager": {"value": boss["id"], "$ref": None}}
    payload = entra_user(
        "bob.worker@contoso.example", "oid-bob", "Bob", "Worker", title="Engineer", preferredLanguage="da-DK",
        **{ENTERPRISE: enterprise},
    )  # fmt: skip
    bob = await c.ok("POST", "/Users", 201, json=payload)
    profile = (await env.user(bob["id"])).profile
    assert (profile.title, profile.department, profile.manager_id) == ("Engineer", "Platform", boss["id"])
    assert profile.locale == "da"
    assert bob[ENTERPRISE] == {"department": "Platform", "manager": {"value": boss["id"]}}
    assert bob["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE]

    cat = await c.ok("POST", "/Users", 201, json=entra_user("cat.lead@contoso.example", "oid-cat", "Cat", "Lead"))
    # the manager as a plain id, by the manager's externalId, as a list: each names a person
    manager = f"{ENTERPRISE}:manager"
    for value, expected in ((cat["id"], cat["id"]), ("oid-ann", boss["id"]), (members(cat["id"]), cat["id"])):
        await c.patch(f"/Users/{bob['id']}", {"op": "Add", "path": manager, "value": value})
        assert (await env.user(bob["id"])).profile.manager_id == expected
    # a manager Kantine does not know yet keeps the current one (Entra sets it again once they exist)
    got = await c.patch(f"/Users/{bob['id']}", {"op": "Add", "path": manager, "value": "oid-nobody"})
    assert (await env.user(bob["id"])).profile.manager_id == cat["id"]
    assert got[ENTERPRISE]["manager"]["value"] == cat["id"]
    await c.patch(
        f"/Users/{bob['id']}",
        {"op": "Remove", "path": manager},
        {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Sales"},
        {"op": "Replace", "path": "title", "value": "Account manager"},
        {"op": "Replace", "path": "preferredLanguage", "value": "pt-BR"},
    )
    profile = (await env.user(bob["id"])).profile
    assert (profile.title, profile.department, profile.manager_id) == ("Account manager", "Sales", "")
    assert profile.locale == "en"  # a language Kantine does not speak: English

    # the language Bob then chooses in Kantine stands until the directory changes its own
    await env.fs.UpdateProfile(f.UpdateProfileRequest(actor_id=bob["id"], user_id=bob["id"], profile=f.Profile(
        display_name=profile.display_name, email=profile.email, title=profile.title, department=profile.department,
        locale="sv")))  # fmt: skip
    await c.patch(f"/Users/{bob['id']}", {"op": "Replace", "path": "title", "value": "Key account manager"})
    assert (await env.user(bob["id"])).profile.locale == "sv"
    await c.patch(f"/Users/{bob['id']}", {"op": "Replace", "path": "preferredLanguage", "value": "nb-NO"})
    assert (await env.user(bob["id"])).profile.locale == "nb"

    # without a displayName, the display name follows the name the directory changes
    named = {"schemas": [USER], "userName": "dan@contoso.example", "name": {"givenName": "Dan", "familyName": "Ek"}}
    dan = await c.ok("POST", "/Users", 201, json=named)
    assert dan["displayName"] == "Dan Ek"
    renamed = await c.patch(f"/Users/{dan['id']}", {"op": "Replace", "path": "name.givenName", "value": "Daniel"})
    assert renamed["displayName"] == "Daniel Ek" == (await env.user(dan["id"])).profile.display_name


# ----- Okta's requests -----

OKTA_CREATE_USER = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "test.user@okta.local",
    "name": {"givenName": "Test", "familyName": "User"},
    "emails": [{"primary": True, "value": "test.user@okta.local", "type": "work"}],
    "displayName": "Test User",
    "locale": "en-US",
    "externalId": "00ujl29u0le5T6Aj10h7",
    "groups": [],
    "password": "1mz050nq",
    "active": True,
}
OKTA_DEACTIVATE = {
    "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    "Operations": [{"op": "replace", "value": {"active": False}}],
}


def okta_replacement(user_id: str) -> dict[str, Any]:
    """Okta's "Update a specific user (PUT)": the whole user, id and meta included."""
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": user_id,
        "userName": "test.user@okta.local",
        "name": {"givenName": "Another", "familyName": "User"},
        "emails": [{"primary": True, "value": "test.user@okta.local", "type": "work"}],
        "displayName": "Another User",
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "groups": [],
        "password": "1mz050nq",
        "active": True,
        "meta": {
            "resourceType": "User",
            "created": "2019-03-04T21:11:55.000Z",
            "lastModified": "2019-03-04T21:11:55.000Z",
        },
    }


async def test_okta_creates_replaces_and_deactivates_a_person(env: Env) -> None:
    c = env.client()
    paging = {"startIndex": "1", "count": "100"}
    assert await c.find("Users", 'userName eq "test.user@okta.local"', **paging) == []
    user = await c.ok("POST", "/Users", 201, json=OKTA_CREATE_USER)
    user_id = user["id"]
    assert "password" not in user and "groups" not in user
    assert "1mz050nq" not in str(await fetchval(env.database_url, "SELECT resource::text FROM gateway.scim_users"))
    profile = (await env.user(user_id)).profile
    assert (profile.display_name, profile.email, profile.locale) == ("Test User", "test.user@okta.local", "en")
    assert await c.find("Users", 'userName eq "test.user@okta.local"', **paging) == [user_id]

    replaced = await c.ok("PUT", f"/Users/{user_id}", json=okta_replacement(user_id))
    assert replaced["displayName"] == "Another User"
    assert replaced["name"] == {"givenName": "Another", "familyName": "User"}
    assert (await env.user(user_id)).profile.display_name == "Another User"

    # "Update a specific user (PATCH)": active false without a path
    assert (await c.ok("PATCH", f"/Users/{user_id}", json=OKTA_DEACTIVATE))["active"] is False
    assert not (await env.user(user_id)).active
    # Okta reactivates with PUT, and deactivates with PUT too
    assert (await c.ok("PUT", f"/Users/{user_id}", json=okta_replacement(user_id)))["active"] is True
    assert (await env.user(user_id)).active
    assert (await c.ok("PUT", f"/Users/{user_id}", json={**okta_replacement(user_id), "active": False}))[
        "active"
    ] is False
    assert not (await env.user(user_id)).active


# ----- groups -----


async def community_group(env: Env, name: str, external_id: str, **settings: Any) -> tuple[str, str]:
    """A community manager and a Kantine group of theirs: (manager, group)."""
    profile = f.Profile(display_name="Carla Manager", community_manager=True)
    manager = (await env.fs.ProvisionUser(f.ProvisionUserRequest(external_id=external_id, profile=profile))).user_id
    request = f.CreateGroupRequest(actor_id=manager, name=name, purpose=f"The group of {name}", **settings)
    return manager, (await env.fs.CreateGroup(request)).group_id


async def test_directory_groups_and_a_linked_kantine_group_follow_entra_and_okta(env: Env) -> None:
    c = env.client()
    people = []
    for n in ("ann", "bob", "cat", "dan"):
        people.append((await c.ok("POST", "/Users", 201, json=entra_user(f"{n}@contoso.example", n, n, "Doe")))["id"])
    ann, bob, cat, dan = people
    # "Create Group", with Entra's own schema URN beside the core one
    created = await c.http.post("/Groups", json=ENTRA_CREATE_GROUP)
    group = scim(created, 201)
    group_id = group["id"]
    assert created.headers["location"] == f"{env.url}/scim/v2/Groups/{group_id}"
    assert group["displayName"] == "displayName" and group.get("members", []) == []
    found = await c.ok(
        "GET", "/Groups", params={"excludedAttributes": "members", "filter": 'displayName eq "displayName"'}
    )
    assert [(g["id"], "members" in g) for g in found["Resources"]] == [(group_id, False)]
    await c.no(
        "POST",
        "/Groups",
        409,
        "uniqueness",
        json={**ENTRA_CREATE_GROUP, "externalId": "x", "displayName": "DISPLAYNAME"},
    )

    # "Update Group [Add Members]" before any link: the directory's group only
    add_ann_and_bob = {"op": "Add", "path": "members", "value": members(ann, bob)}
    await c.patch(f"/Groups/{group_id}", add_ann_and_bob, status=204)
    listed = (await c.ok("GET", f"/Groups/{group_id}"))["members"]
    assert {m["value"] for m in listed} == {ann, bob}
    assert {m["display"] for m in listed} == {"ann@contoso.example", "bob@contoso.example"}
    assert listed[0]["$ref"] == f"{env.url}/scim/v2/Users/{listed[0]['value']}"
    assert await c.find("Groups", f'id eq "{group_id}" and members eq "{ann}"', excludedAttributes="members") == [
        group_id
    ]
    assert await c.find("Groups", f'members[value eq "{dan}"]') == []

    # a community manager links the directory group to a private Kantine group; its members join it
    manager, finance = await community_group(env, "Finance", "oid-cm", visibility=PRIVATE)
    assert await env.members(finance, manager) == {manager}
    not_allowed = await (await env.signed_in(bob)).put(f"/directory-groups/{group_id}/link", json={"group_id": finance})
    assert not_allowed.status_code == 403 and not_allowed.json()["status"] == 403
    cm = await env.signed_in(manager)
    assert (await cm.get("/directory-groups")).json()["directory_groups"] == [
        {"id": group_id, "display_name": "displayName", "external_id": ENTRA_CREATE_GROUP["externalId"],
         "linked_group_id": "", "members": 2}
    ]  # fmt: skip
    linked = await cm.put(f"/directory-groups/{group_id}/link", json={"group_id": finance})
    assert linked.status_code == 200, linked.text
    assert linked.json()["members"] == 2 and linked.json()["directory_group"]["linked_group_id"] == finance
    assert await env.members(finance, manager) == {manager, ann, bob}

    # from now on the directory's adds and removes are the Kantine group's
    await c.patch(f"/Groups/{group_id}", {"op": "Add", "path": "members", "value": members(cat)}, status=204)
    assert await env.members(finance, manager) == {manager, ann, bob, cat}
    # "Update Group [Remove Members]": Entra names them in `value`
    await c.patch(f"/Groups/{group_id}", {"op": "Remove", "path": "members", "value": members(ann)}, status=204)
    assert await env.members(finance, manager) == {manager, bob, cat}
    # Okta's "Update group membership": remove by filter, add with a display name, in one request
    okta = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "remove", "path": f'members[value eq "{bob}"]'},
            {"op": "add", "path": "members", "value": [{"value": dan, "display": "dan@contoso.example"}]},
        ],
    }
    await c.ok("PATCH", f"/Groups/{group_id}", 204, json=okta)
    assert await env.members(finance, manager) == {manager, cat, dan}
    assert {m["value"] for m in (await c.ok("GET", f"/Groups/{group_id}"))["members"]} == {cat, dan}

    # Okta renames with a replace without a path (its value repeats the id); Entra with a path
    await c.patch(
        f"/Groups/{group_id}", {"op": "replace", "value": {"id": group_id, "displayName": "Test SCIMv2"}}, status=204
    )
    await c.patch(f"/Groups/{group_id}", {"op": "Replace", "path": "displayName", "value": "Finance team"}, status=204)
    assert (await c.ok("GET", f"/Groups/{group_id}"))["displayName"] == "Finance team"

    # a PUT replaces the members; the Kantine group's owner stays whatever the directory says
    replacement = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Finance team",
                   "members": [{"value": dan}]}  # fmt: skip
    await c.ok("PUT", f"/Groups/{group_id}", json=replacement)
    assert await env.members(finance, manager) == {manager, dan}
    # deleting a directory person takes them out of its groups, and of the linked Kantine group
    await c.ok("DELETE", f"/Users/{dan}", 204)
    assert await env.members(finance, manager) == {manager}
    assert (await c.ok("GET", f"/Groups/{group_id}")).get("members", []) == []

    # unlinked, the Kantine group no longer follows; deleting the directory group leaves it as it is
    assert (await cm.delete(f"/directory-groups/{group_id}/link")).status_code == 200
    await c.patch(f"/Groups/{group_id}", add_ann_and_bob, status=204)
    assert await env.members(finance, manager) == {manager}
    await c.ok("DELETE", f"/Groups/{group_id}", 204)
    await c.no("GET", f"/Groups/{group_id}", 404)
    assert await env.count("scim_group_members") == 0


async def test_okta_creates_a_group_with_members_and_a_reactivated_person_rejoins(env: Env) -> None:
    c = env.client()
    ann = (await c.ok("POST", "/Users", 201, json=OKTA_CREATE_USER))["id"]
    okta_group = {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": "Test SCIMv2",
        "members": [],
    }
    group_id = (await c.ok("POST", "/Groups", 201, json=okta_group))["id"]
    manager, team = await community_group(env, "Team", "okta-cm")
    linked = await (await env.signed_in(manager)).put(f"/directory-groups/{group_id}/link", json={"group_id": team})
    assert linked.status_code == 200

    # a deactivated person added to the group is skipped in Kantine, and joins when reactivated
    await c.ok("PATCH", f"/Users/{ann}", json=OKTA_DEACTIVATE)
    await c.patch(f"/Groups/{group_id}", {"op": "add", "path": "members", "value": [{"value": ann}]}, status=204)
    assert await env.members(team, manager) == {manager}
    await c.patch(f"/Users/{ann}", {"op": "replace", "value": {"active": True}})
    assert await env.members(team, manager) == {manager, ann}


async def test_a_retried_create_makes_one_person_and_a_feed_that_is_down_changes_nothing(env: Env) -> None:
    c = env.client()
    answers = await asyncio.gather(*(c.http.post("/Users", json=OKTA_CREATE_USER) for _ in range(4)))
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409]
    assert len(await env.directory()) == 1 and await env.count("scim_users") == 1
    ann = next(a.json()["id"] for a in answers if a.status_code == 201)
    group_id = (await c.ok("POST", "/Groups", 201, json={"displayName": "Ops"}))["id"]
    manager, ops = await community_group(env, "Ops", "okta-cm")
    managers = await env.signed_in(manager)
    assert (await managers.put(f"/directory-groups/{group_id}/link", json={"group_id": ops})).is_success

    await env.feed.server.stop(0)
    add = patch({"op": "add", "path": "members", "value": [{"value": ann}]})
    response = await c.http.patch(f"/Groups/{group_id}", json=add)
    assert "try again" in refused(response, 503) and response.headers["retry-after"]
    refused(await c.http.get(f"/Users/{ann}"), 503)
    assert await env.count("scim_group_members") == 0  # the directory's side was rolled back too


# ----- the door, bad input, paging and discovery -----


async def test_scim_needs_its_token_and_is_off_without_one(env: Env) -> None:
    for c in (env.client(token=None), env.client(token="wrong"), env.client(token=TOKEN[:-1])):
        response = await c.http.get("/Users")
        assert "Bearer" in refused(response, 401)
        assert response.headers["www-authenticate"].startswith("Bearer")
        await c.no("POST", "/Users", 401, json=OKTA_CREATE_USER)
    assert await env.count("scim_users") == 0 and not await env.directory()

    off = Scim(Upstreams({"feed": env.feed.address}), env.pool, "")
    transport = httpx.ASGITransport(app=Starlette(routes=off.routes()))
    async with httpx.AsyncClient(transport=transport, base_url="http://kantine.test") as client:
        response = await client.get("/scim/v2/Users", headers={"Authorization": "Bearer "})
        assert "KANTINE_SCIM_TOKEN" in refused(response, 404)


async def test_bad_requests_are_refused_with_scim_errors_and_change_nothing(env: Env) -> None:
    c = env.client()
    user = await c.ok("POST", "/Users", 201, json=OKTA_CREATE_USER)
    user_id, version = user["id"], user["meta"]["version"]
    group_id = (await c.ok("POST", "/Groups", 201, json={"displayName": "Sales", "members": [{"value": user_id}]}))[
        "id"
    ]
    me, group = f"/Users/{user_id}", f"/Groups/{group_id}"

    async def no_patch(path: str, operation: dict[str, Any], status: int, scim_type: str | None = None) -> str:
        return await c.no("PATCH", path, status, scim_type, json=patch(operation))

    # filters: bad syntax, and attributes Kantine cannot filter on
    assert "not a SCIM filter" in await c.no("GET", "/Users", 400, "invalidFilter", params={"filter": "userName eq"})
    assert "title" in await c.no("GET", "/Users", 400, "invalidFilter", params={"filter": 'title eq "x"'})
    await c.no("GET", "/Groups", 400, "invalidFilter", params={"filter": 'displayName eq "a" or'})
    await c.no("GET", "/Users", 400, "invalidValue", params={"startIndex": "first"})
    # payloads
    await c.no("POST", "/Users", 400, "invalidValue", json={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]})
    await c.no("POST", "/Users", 400, "invalidValue", json={**OKTA_CREATE_USER, "userName": "x", "emails": "x@y.z"})
    await c.no("POST", "/Users", 400, "invalidValue", json={**OKTA_CREATE_USER, "userName": "  "})
    await c.no("POST", "/Users", 400, "invalidSyntax", content=b"{not json", headers={"Content-Type": SCIM_JSON})
    await c.no("POST", "/Users", 400, "invalidSyntax", json=[OKTA_CREATE_USER])
    await c.no("POST", "/Users", 415, content=b"userName=x", headers={"Content-Type": "text/plain"})
    too_long = {**OKTA_CREATE_USER, "userName": "long@okta.local", "externalId": "long", "displayName": "x" * 121}
    assert (await c.no("POST", "/Users", 400, "invalidValue", json=too_long)).startswith("displayName: ")
    await c.no("POST", "/Users", 409, "uniqueness", json={**OKTA_CREATE_USER, "userName": "other@okta.local"})
    await c.no("PUT", me, 400, "invalidValue", json={**OKTA_CREATE_USER, "userName": ""})
    # patches that cannot apply
    await no_patch(me, {"op": "Frob", "path": "title", "value": "x"}, 400, "invalidValue")
    await no_patch(me, {"op": "replace", "path": "active", "value": "maybe"}, 400, "invalidValue")
    await no_patch(me, {"op": "remove", "path": "userName"}, 400, "mutability")
    assert "externalId" in await no_patch(me, {"op": "replace", "path": "externalId", "value": "x"}, 400, "mutability")
    await c.no("PATCH", me, 400, "invalidValue", json={"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]})
    stale = patch({"op": "replace", "path": "title", "value": "x"})
    await c.no("PATCH", me, 412, json=stale, headers={"If-Match": 'W/"0-0"'})
    # groups
    ghost = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
    assert ghost in await no_patch(
        group, {"op": "add", "path": "members", "value": members(ghost)}, 400, "invalidValue"
    )
    nested = [{"value": group_id, "type": "Group"}]
    await no_patch(group, {"op": "add", "path": "members", "value": nested}, 400, "invalidValue")
    await no_patch(group, {"op": "replace", "path": "displayName", "value": " "}, 400, "invalidValue")
    await c.no("POST", "/Groups", 400, "invalidValue", json={"displayName": "Ghosts", "members": [{"value": ghost}]})
    # unknown resources and methods
    await c.no("GET", f"/Users/{ghost}", 404)
    await c.no("GET", "/Users/not-an-id", 404)
    await no_patch(f"/Groups/{ghost}", {"op": "add", "path": "members", "value": members(user_id)}, 404)
    await c.no("GET", "/Bulk", 404)
    response = await c.http.post(me, json=OKTA_CREATE_USER)
    refused(response, 405)
    assert response.headers["allow"] == "GET, PUT, PATCH, DELETE"

    # nothing changed
    assert (await c.ok("GET", me))["meta"]["version"] == version
    assert len(await env.directory()) == 1 and await env.count("scim_users") == 1
    assert await env.count("scim_groups") == 1 and await env.count("scim_group_members") == 1


async def test_list_pages_and_discovery(env: Env) -> None:
    c = env.client()
    ids = []
    for i in range(5):
        ids.append(
            (await c.ok("POST", "/Users", 201, json=entra_user(f"p{i}@contoso.example", f"{i}", f"P{i}", "D")))["id"]
        )
    seen: list[str] = []
    for start in (1, 3, 5):
        page = await c.ok("GET", "/Users", params={"startIndex": str(start), "count": "2"})
        assert page["totalResults"] == 5 and page["startIndex"] == start
        assert page["itemsPerPage"] == len(page["Resources"]) <= 2
        seen += [u["id"] for u in page["Resources"]]
    assert seen == ids
    counted = await c.ok("GET", "/Users", params={"count": "0"})
    assert counted == {"schemas": [LIST], "totalResults": 5, "startIndex": 1, "itemsPerPage": 0, "Resources": []}
    only = await c.ok("GET", "/Users", params={"filter": 'userName sw "P1"', "attributes": "userName"})
    assert only["Resources"] == [{"schemas": [USER], "id": ids[1], "userName": "p1@contoso.example"}]

    config = await c.ok("GET", "/ServiceProviderConfig")
    assert config["patch"] == {"supported": True} and config["filter"] == {"supported": True, "maxResults": 200}
    assert config["bulk"]["supported"] is False and config["etag"] == {"supported": True}
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    types = await c.ok("GET", "/ResourceTypes")
    assert {t["id"]: t["endpoint"] for t in types["Resources"]} == {"User": "/Users", "Group": "/Groups"}
    extensions = (await c.ok("GET", "/ResourceTypes/User"))["schemaExtensions"]
    assert extensions == [{"schema": ENTERPRISE, "required": False}]
    schemas = await c.ok("GET", "/Schemas")
    assert {s["id"] for s in schemas["Resources"]} == {USER, ENTERPRISE, "urn:ietf:params:scim:schemas:core:2.0:Group"}
    assert (await c.ok("GET", f"/Schemas/{ENTERPRISE}"))["name"] == "EnterpriseUser"
