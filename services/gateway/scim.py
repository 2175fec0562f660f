"""Directory sync: SCIM 2.0 (RFC 7643, RFC 7644) at `/scim/v2`, as Entra ID and Okta provision.

The company's directory creates, updates and deactivates people and groups here with a bearer token
(KANTINE_SCIM_TOKEN; without one every SCIM path is not found). A User is a person of the feed: its
`id` is the Kantine user id, its profile the feed's, and what SCIM needs besides (userName, externalId,
the representation the directory last sent) is kept in the gateway's schema (`scim_store`). DELETE
deactivates: Kantine never deletes a person's history, and the person comes back with it if the
directory provisions them again. Groups are the directory's own; a community manager links one to a
Kantine group (`/api/v1/directory-groups/{id}/link`) and from then on the directory's adds and removes
are that group's too (the feed's SyncGroupMembers).

Every answer is SCIM JSON (`application/scim+json`), every error a SCIM Error with a `detail` written
for the administrator reading the provisioning log. A request that is refused changes nothing: the
payload is checked whole before the first write, and the gateway's changes commit in one transaction
with the feed's answers in it (a feed that is down rolls them back: 503, and the client retries).

See docs/scim.md for connecting Entra ID and Okta and for the attribute mapping.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hmac
import json
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import grpc
from pydantic import ValidationError
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    Error,
    ETag,
    Filter,
    Group,
    GroupMember,
    InvalidSyntaxException,
    InvalidValueException,
    ListResponse,
    Meta,
    MutabilityException,
    NotFoundException,
    Patch,
    PatchOp,
    PayloadTooLargeException,
    PreconditionFailedException,
    ResourceType,
    ResponseParameters,
    Schema,
    SCIMException,
    ServiceProviderConfig,
    Sort,
    UniquenessException,
)
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kantine.ids import new_id
from kantine.v1 import feed_pb2
from services.gateway import scim_store
from services.gateway.api import problem_response, read_json, refused
from services.gateway.auth import Gate, RefusedError
from services.gateway.domain.problems import from_grpc
from services.gateway.domain.scim import (
    ENTERPRISE,
    POLICY,
    KantineEnterpriseUser,
    KantineManager,
    KantineUser,
    Person,
    ScimUser,
    etag,
    member_ids,
    person_of,
    profile_for,
    scim_error,
    split_group_patch,
    validation_error,
)
from services.gateway.domain.scim_filter import Where, key, translate
from services.gateway.upstream import Upstreams

log = logging.getLogger("kantine.gateway.scim")

BASE = "/scim/v2"
MEDIA_TYPE = "application/scim+json"
MAX_BODY_BYTES = 1024 * 1024  # a PATCH of a large group's members
MAX_PAGE = 200
DEFAULT_PAGE = 100
REFUSED_PER_MINUTE = 30  # requests without the SCIM token, per address
SYNC_CHUNK = 1000  # people per SyncGroupMembers call (the feed's limit)
SYNC_TIMEOUT_S = 30.0  # a call of a thousand joins is one transaction of a thousand events
DIRECTORY = ""  # the actor the feed knows as the directory
ANY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]  # answered by the endpoint: 405 as SCIM
USER_SCHEMA = str(KantineUser.__schema__)
GROUP_SCHEMA = str(Group.__schema__)
_RETRYABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.ABORTED}
_BY_GRPC = {
    grpc.StatusCode.INVALID_ARGUMENT: (400, "invalidValue"),
    grpc.StatusCode.OUT_OF_RANGE: (400, "invalidValue"),
    grpc.StatusCode.NOT_FOUND: (404, None),
    grpc.StatusCode.ALREADY_EXISTS: (409, "uniqueness"),
    grpc.StatusCode.FAILED_PRECONDITION: (400, "invalidValue"),
    grpc.StatusCode.PERMISSION_DENIED: (403, None),
}

Handler = Callable[[Request], Awaitable[Response]]


class ScimResponse(JSONResponse):
    media_type = MEDIA_TYPE


class RefusalError(Exception):
    """An error the SCIM library has no exception for (401, 405, 415, 503)."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.error = Error(status=status, detail=detail)
        self.headers = headers or {}


def scim_response(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return ScimResponse(body, status_code=status, headers={"Cache-Control": "no-store", **(headers or {})})


def error_response(error: Error, headers: dict[str, str] | None = None) -> Response:
    return scim_response(error.model_dump(), int(error.status or 500), headers)


class Scim:
    """The SCIM service provider and the community managers' links; `routes()` mounts both."""

    def __init__(
        self,
        upstreams: Upstreams,
        pool: asyncpg.Pool,
        token: str,
        *,
        public_url: str = "",
        gate: Gate | None = None,
        timeout_s: float = 5.0,
        per_minute: int = 0,
    ) -> None:
        self.per_minute = per_minute
        self.upstreams = upstreams
        self.pool = pool
        self._token = token.encode()
        self.public_url = public_url.rstrip("/")
        self.gate = gate
        self.timeout_s = timeout_s

    def routes(self) -> list[BaseRoute]:
        scim: list[tuple[str, dict[str, Handler]]] = [
            ("/ServiceProviderConfig", {"GET": self.service_provider_config}),
            ("/ResourceTypes", {"GET": self.resource_types}),
            ("/ResourceTypes/{name}", {"GET": self.resource_type}),
            ("/Schemas", {"GET": self.schemas}),
            ("/Schemas/{name}", {"GET": self.schema}),
            ("/Users", {"GET": self.list_users, "POST": self.create_user}),
            ("/Users/{id}", {"GET": self.get_user, "PUT": self.replace_user, "PATCH": self.patch_user,
                             "DELETE": self.delete_user}),
            ("/Groups", {"GET": self.list_groups, "POST": self.create_group}),
            ("/Groups/{id}", {"GET": self.get_group, "PUT": self.replace_group, "PATCH": self.patch_group,
                              "DELETE": self.delete_group}),
            ("", {}),
            ("/{rest:path}", {}),
        ]  # fmt: skip
        routes: list[BaseRoute] = [
            Route(f"{BASE}{path}", self._endpoint(methods), methods=ANY_METHOD) for path, methods in scim
        ]
        if self.gate is not None:
            routes += [
                Route("/api/v1/directory-groups", self.directory_groups, methods=["GET"]),
                Route("/api/v1/directory-groups/{id}/link", self.link, methods=["PUT", "DELETE"]),
            ]
        return routes

    # ----- the door -----

    def _endpoint(self, methods: dict[str, Handler]) -> Handler:
        async def endpoint(request: Request) -> Response:
            if not self._token:
                return error_response(Error(status=404, detail="SCIM is not enabled here: set KANTINE_SCIM_TOKEN"))
            try:
                await self._authorise(request)
                if not methods:
                    raise NotFoundException(detail=f"there is no SCIM endpoint at {request.url.path}")
                handler = methods.get(request.method)
                if handler is None:
                    allowed = ", ".join(methods)
                    raise RefusalError(405, f"{request.method} is not allowed here; use {allowed}", {"Allow": allowed})
                return await handler(request)
            except RefusalError as exc:
                return error_response(exc.error, exc.headers)
            except SCIMException as exc:
                return error_response(scim_error(exc))
            except ValidationError as exc:
                return error_response(validation_error(exc))
            except grpc.aio.AioRpcError as exc:
                return _upstream_failed(exc)
            except Exception:  # a SCIM client reads SCIM errors only; the cause is logged
                log.exception("SCIM %s %s failed", request.method, request.url.path)
                return error_response(Error(status=500, detail="the request failed inside Kantine; it has been logged"))

        return endpoint

    async def _authorise(self, request: Request) -> None:
        """The directory's token, within SCIM's rate (shared by every replica); a caller without it is
        limited by its address, so guessing floods nobody's sync."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        given = token.strip().encode()
        if scheme.lower() == "bearer" and hmac.compare_digest(given, self._token):
            await self._limit("scim", self.per_minute)
            return
        await self._limit(f"scim-refused:{request.client.host if request.client else '?'}", REFUSED_PER_MINUTE)
        raise RefusalError(
            401,
            "a SCIM request needs the header 'Authorization: Bearer <secret token>' with Kantine's SCIM token",
            {"WWW-Authenticate": 'Bearer realm="kantine-scim"'},
        )

    async def _limit(self, key: str, per_minute: int) -> None:
        if self.gate is None:
            return
        try:
            await self.gate.limit_shared(key, per_minute, "SCIM requests")
        except RefusedError as exc:
            raise RefusalError(429, str(exc.body["detail"]), exc.headers) from None

    async def _body(self, request: Request) -> Any:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind and kind != "application/json" and not kind.endswith("+json"):
            raise RefusalError(415, f"send the body as {MEDIA_TYPE}, not {kind}")
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            raise PayloadTooLargeException(detail=f"the body is larger than {MAX_BODY_BYTES // 1024} KiB")
        raw = bytearray()
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BODY_BYTES:
                raise PayloadTooLargeException(detail=f"the body is larger than {MAX_BODY_BYTES // 1024} KiB")
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidSyntaxException(detail=f"the body is not JSON: {exc}") from None
        if not isinstance(body, dict):
            raise InvalidSyntaxException(detail="the body is a JSON object")
        return body

    def _url(self, request: Request, path: str) -> str:
        base = self.public_url or str(request.base_url).rstrip("/")
        return f"{base}{BASE}{path}"

    @contextlib.asynccontextmanager
    async def _tx(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn

    # ----- discovery -----

    async def service_provider_config(self, request: Request) -> Response:
        config = ServiceProviderConfig(
            patch=Patch(supported=True),
            bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
            filter=Filter(supported=True, max_results=MAX_PAGE),
            change_password=ChangePassword(supported=False),
            sort=Sort(supported=False),
            etag=ETag(supported=True),
            authentication_schemes=[
                AuthenticationScheme(
                    type=AuthenticationScheme.Type.oauthbearertoken,
                    name="Bearer token",
                    description="The secret token Kantine is configured with (KANTINE_SCIM_TOKEN)",
                    primary=True,
                )
            ],
            meta=Meta(resource_type="ServiceProviderConfig", location=self._url(request, "/ServiceProviderConfig")),
        )
        return scim_response(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))

    def _resource_types(self, request: Request) -> list[ResourceType]:
        found = []
        for model in (ScimUser, Group):
            kind = ResourceType.from_resource(model)
            kind.meta = Meta(resource_type="ResourceType", location=self._url(request, f"/ResourceTypes/{kind.id}"))
            found.append(kind)
        return found

    async def resource_types(self, request: Request) -> Response:
        kinds = self._resource_types(request)
        return scim_response(_listing(ResourceType, kinds, len(kinds), 1))

    async def resource_type(self, request: Request) -> Response:
        name = request.path_params["name"]
        for kind in self._resource_types(request):
            if str(kind.id).lower() == name.lower():
                return scim_response(kind.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
        raise NotFoundException(detail=f"there is no resource type {name}; there are User and Group")

    def _schemas(self, request: Request) -> list[Schema]:
        found = []
        for model, name in ((KantineUser, "User"), (KantineEnterpriseUser, "EnterpriseUser"), (Group, "Group")):
            schema = model.to_schema()
            schema.name = name
            schema.meta = Meta(resource_type="Schema", location=self._url(request, f"/Schemas/{schema.id}"))
            found.append(schema)
        return found

    async def schemas(self, request: Request) -> Response:
        schemas = self._schemas(request)
        return scim_response(_listing(Schema, schemas, len(schemas), 1))

    async def schema(self, request: Request) -> Response:
        name = request.path_params["name"]
        for schema in self._schemas(request):
            if str(schema.id).lower() == name.lower():
                return scim_response(schema.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
        raise NotFoundException(detail=f"there is no schema {name}")

    # ----- users -----

    async def list_users(self, request: Request) -> Response:
        where, start, count = _query(request, USER_SCHEMA, scim_store.USER_FIELDS)
        params = _response_parameters(request, ScimUser)
        async with self.pool.acquire() as conn:
            rows, total = await scim_store.find_users(conn, where, start - 1, count)
        people = await self._feed_users([str(r["user_id"]) for r in rows])
        users = [self._user(request, r, people[str(r["user_id"])]) for r in rows if str(r["user_id"]) in people]
        return scim_response(_listing(ScimUser, users, total, start, params))

    async def get_user(self, request: Request) -> Response:
        user_id = _id(request)
        async with self.pool.acquire() as conn:
            row = await scim_store.user(conn, user_id) if user_id else None
        if row is None:
            raise NotFoundException(detail=f"there is no User {request.path_params['id']}")
        user = self._user(request, row, await self._feed_user(user_id))
        return self._user_response(user, _response_parameters(request, ScimUser))

    async def create_user(self, request: Request) -> Response:
        payload = await self._body(request)
        user = ScimUser.model_validate(payload, scim_ctx=Context.RESOURCE_CREATION_REQUEST, scim_policy=POLICY)
        person = person_of(user)
        external = (user.external_id or "").strip() or None
        async with self.pool.acquire() as conn:
            taken = await scim_store.user_conflict(conn, key(person.user_name), external, None)
            if taken:
                value = person.user_name if taken == "userName" else external
                raise UniquenessException(detail=f"a User with {taken} {value!r} exists already")
            manager_id = await self._manager_id(conn, person.manager)
            existing = await self._existing_person(conn, external or person.user_name, person.email)
            if existing is not None:
                await self._update_person(existing, person, manager_id)
                user_id = str(existing.user_id)
            else:
                reply = await self.upstreams.feed.ProvisionUser(
                    feed_pb2.ProvisionUserRequest(
                        actor_id=DIRECTORY,
                        external_id=external or person.user_name,
                        profile=profile_for(None, person, manager_id or ""),
                    ),
                    timeout=self.timeout_s,
                )
                user_id = str(reply.user_id)
                if not person.active:
                    await self._set_active(user_id, False)
            try:
                async with conn.transaction():
                    row = await self._save_user(conn, user_id, person, external, user, create=True)
                    if row is None:  # a create of the same person that came first (a retry)
                        raise UniquenessException(detail=f"this person is provisioned already (id {user_id})")
                    if existing is not None and person.active and not existing.active:
                        await self._rejoin_linked(conn, user_id)
            except asyncpg.UniqueViolationError:
                raise UniquenessException(detail=f"a User with userName {person.user_name!r} exists already") from None
        resource = self._user(request, row, await self._feed_user(user_id))
        return self._user_response(resource, None, status=201, location=True)

    async def replace_user(self, request: Request) -> Response:
        user_id = _id(request)
        payload = await self._body(request)
        new = ScimUser.model_validate(payload, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST, scim_policy=POLICY)
        async with self._tx() as conn:
            row, current = await self._locked_user(conn, request, user_id)
            if new.external_id is None:  # left out: kept (it is what sign-in finds the person by)
                new.external_id = row["external_id"]
            row = await self._apply_user(conn, row, current, new)
        return self._user_response(self._user(request, row, await self._feed_user(user_id)), None)

    async def patch_user(self, request: Request) -> Response:
        user_id = _id(request)
        payload = await self._body(request)
        patch = PatchOp[ScimUser].model_validate(  # type: ignore[valid-type]
            payload, scim_ctx=Context.RESOURCE_PATCH_REQUEST, scim_policy=POLICY
        )
        async with self._tx() as conn:
            row, current = await self._locked_user(conn, request, user_id)
            user = self._user(request, row, current, meta=False)
            patch.patch(user, scim_policy=POLICY)
            row = await self._apply_user(conn, row, current, user)
        resource = self._user(request, row, await self._feed_user(user_id))
        return self._user_response(resource, _response_parameters(request, ScimUser))

    async def delete_user(self, request: Request) -> Response:
        """Deactivates the person (their posts, comments and praise stay) and takes them out of the
        directory's groups; for SCIM the User is gone."""
        user_id = _id(request)
        async with self._tx() as conn:
            _, current = await self._locked_user(conn, request, user_id)
            if current.active:
                await self._set_active(user_id, False)
            for _, linked in await scim_store.delete_user(conn, user_id):
                if linked:
                    await self._follow(conn, linked, [], [user_id])
        return Response(status_code=204)

    async def _locked_user(
        self, conn: asyncpg.Connection, request: Request, user_id: str
    ) -> tuple[asyncpg.Record, feed_pb2.User]:
        row = await scim_store.user(conn, user_id, lock=True) if user_id else None
        if row is None:
            raise NotFoundException(detail=f"there is no User {request.path_params['id']}")
        current = await self._feed_user(user_id)
        _check_version(request, etag(row["version"], current.version))
        return row, current

    async def _apply_user(
        self, conn: asyncpg.Connection, row: asyncpg.Record, current: feed_pb2.User, user: Any
    ) -> asyncpg.Record:
        """Make the person what the User says: the profile, active, and the directory's record. The
        language and the address count only when the directory changes them: a language the person chose
        in Kantine stands until then."""
        user_id = str(row["user_id"])
        person = person_of(user)
        sent_before = {**json.loads(row["resource"]), "userName": row["user_name"]}
        before = person_of(ScimUser.model_validate(sent_before, scim_policy=POLICY))
        person = dataclasses.replace(
            person,
            locale="" if person.locale == before.locale else person.locale,
            location=None if person.location == before.location else person.location,
            country=None if person.country == before.country else person.country,
        )
        external = (user.external_id or "").strip() or None
        if row["external_id"] and external != row["external_id"]:
            raise MutabilityException(
                detail=f"externalId is {row['external_id']!r} and does not change: people sign in by it"
            )
        taken = await scim_store.user_conflict(conn, key(person.user_name), external, user_id)
        if taken:
            value = person.user_name if taken == "userName" else external
            raise UniquenessException(detail=f"another User has {taken} {value!r}")
        manager_id = await self._manager_id(conn, person.manager)
        changed = await self._update_person(current, person, manager_id)
        stored = _stored(user)
        if changed or stored != json.loads(row["resource"]) or row["user_name"] != person.user_name:
            row = await self._save_user(conn, user_id, person, external, user)
        if person.active and not current.active:
            await self._rejoin_linked(conn, user_id)
        return row

    async def _save_user(
        self,
        conn: asyncpg.Connection,
        user_id: str,
        person: Person,
        external: str | None,
        user: Any,
        *,
        create: bool = False,
    ) -> asyncpg.Record:
        emails = sorted({key(e.value) for e in user.emails or [] if e.value})
        return await scim_store.save_user(
            conn, user_id, person.user_name, key(person.user_name), external, emails, _stored(user), create=create
        )

    async def _update_person(self, current: feed_pb2.User, person: Person, manager_id: str | None) -> bool:
        """The feed's profile and active as the directory says; whether anything changed."""
        user_id = str(current.user_id)
        changed = False
        for attempt in range(3):
            profile = profile_for(current.profile, person, manager_id)
            if profile == current.profile:
                break
            try:
                await self.upstreams.feed.UpdateProfile(
                    feed_pb2.UpdateProfileRequest(
                        actor_id=DIRECTORY, user_id=user_id, profile=profile, expected_version=current.version
                    ),
                    timeout=self.timeout_s,
                )
                changed = True
                break
            except grpc.aio.AioRpcError as exc:  # the person changed their profile meanwhile: merge again
                if exc.code() != grpc.StatusCode.ABORTED or attempt == 2:
                    raise
                current = await self._feed_user(user_id)
        if person.active != current.active:
            await self._set_active(user_id, person.active)
            changed = True
        return changed

    async def _set_active(self, user_id: str, active: bool) -> None:
        command = feed_pb2.UserCommand(actor_id=DIRECTORY, user_id=user_id)
        call = self.upstreams.feed.ReactivateUser if active else self.upstreams.feed.DeactivateUser
        await call(command, timeout=self.timeout_s)

    async def _existing_person(self, conn: asyncpg.Connection, external_id: str, email: str) -> feed_pb2.User | None:
        """The Kantine person a new User is: the one with its external id (they signed in before the
        directory was connected, or were deleted and come back), else the one with its e-mail address if
        the directory does not know them under another userName yet."""
        list_users = self.upstreams.feed.ListUsers
        found = await list_users(
            feed_pb2.ListUsersRequest(actor_id=DIRECTORY, external_id=external_id, limit=1), timeout=self.timeout_s
        )
        if not found.users and email:
            found = await list_users(
                feed_pb2.ListUsersRequest(actor_id=DIRECTORY, email=email, limit=1), timeout=self.timeout_s
            )
            if found.users and await scim_store.user(conn, found.users[0].user_id) is not None:
                return None  # known to the directory as someone else: a namesake address, a new person
        if not found.users:
            return None
        person: feed_pb2.User = found.users[0]
        row = await scim_store.user(conn, person.user_id)
        if row is not None:
            raise UniquenessException(
                detail=f"this person is provisioned already, as userName {row['user_name']!r} (id {person.user_id})"
            )
        return person

    async def _manager_id(self, conn: asyncpg.Connection, reference: str) -> str | None:
        """The Kantine id of the manager the directory names: by SCIM id (the Kantine id) or by
        externalId. "" for none; None for someone Kantine does not know (yet): the profile keeps its
        manager, and the next change after the manager is provisioned sets it."""
        if not reference:
            return ""
        if _is_uuid(reference):
            if await scim_store.user(conn, reference.lower(), deleted=True) is not None:
                return reference.lower()
            with contextlib.suppress(grpc.aio.AioRpcError):
                found = await self.upstreams.feed.GetUser(
                    feed_pb2.GetUserRequest(user_id=reference.lower()), timeout=self.timeout_s
                )
                return str(found.user_id)
        by_external = await scim_store.user_by_external_id(conn, reference)
        if by_external:
            return by_external
        listed = await self.upstreams.feed.ListUsers(
            feed_pb2.ListUsersRequest(actor_id=DIRECTORY, external_id=reference, limit=1), timeout=self.timeout_s
        )
        if listed.users:
            return str(listed.users[0].user_id)
        log.info("the directory names a manager Kantine does not know (yet): %s", reference)
        return None

    async def _feed_user(self, user_id: str) -> feed_pb2.User:
        user: feed_pb2.User = await self.upstreams.feed.GetUser(
            feed_pb2.GetUserRequest(user_id=user_id), timeout=self.timeout_s
        )
        return user

    async def _feed_users(self, user_ids: list[str]) -> dict[str, feed_pb2.User]:
        limit = asyncio.Semaphore(16)

        async def one(user_id: str) -> feed_pb2.User | None:
            async with limit:
                try:
                    return await self._feed_user(user_id)
                except grpc.aio.AioRpcError as exc:
                    if exc.code() != grpc.StatusCode.NOT_FOUND:
                        raise
                    return None

        found = await asyncio.gather(*(one(u) for u in user_ids))
        return {u: f for u, f in zip(user_ids, found, strict=True) if f is not None}

    def _user(self, request: Request, row: asyncpg.Record, current: feed_pb2.User, *, meta: bool = True) -> Any:
        """The User: what the directory sent, with Kantine's word on the profile it keeps. Without `meta`,
        the base a PATCH applies to: there the display name is Kantine's only if the directory sends one
        (else a PATCH of `name.givenName` must make it anew)."""
        sent = json.loads(row["resource"])
        user = ScimUser.model_validate(sent, scim_policy=POLICY)
        user_id = str(row["user_id"])
        profile = current.profile
        user.id = user_id
        user.user_name = row["user_name"]
        user.external_id = row["external_id"]
        if meta or sent.get("displayName"):
            user.display_name = profile.display_name
        user.title = profile.title or None
        user.active = current.active
        enterprise = user[KantineEnterpriseUser] or KantineEnterpriseUser()
        enterprise.department = profile.department or None
        if profile.manager_id:
            enterprise.manager = KantineManager.model_validate({"value": profile.manager_id})
        user[KantineEnterpriseUser] = enterprise if enterprise.department or enterprise.manager else None
        if meta:
            user.meta = Meta(
                resource_type="User",
                created=row["created"],
                last_modified=row["modified"],
                location=self._url(request, f"/Users/{user_id}"),
                version=etag(row["version"], current.version),
            )
        return user

    def _user_response(
        self, user: Any, params: ResponseParameters[Any] | None, *, status: int = 200, location: bool = False
    ) -> Response:
        headers = {"ETag": str(user.meta.version)}
        if location:
            headers["Location"] = str(user.meta.location)
        body = user.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=params)
        return scim_response(body, status, headers)

    # ----- groups -----

    async def list_groups(self, request: Request) -> Response:
        where, start, count = _query(request, GROUP_SCHEMA, scim_store.GROUP_FIELDS)
        params = _response_parameters(request, Group)
        async with self.pool.acquire() as conn:
            rows, total = await scim_store.find_groups(conn, where, start - 1, count)
            members = (
                await scim_store.members(conn, [str(r["group_id"]) for r in rows]) if _wants_members(params) else {}
            )
        groups = [self._group(request, r, members.get(str(r["group_id"]))) for r in rows]
        return scim_response(_listing(Group, groups, total, start, params))

    async def get_group(self, request: Request) -> Response:
        group_id = _id(request)
        params = _response_parameters(request, Group)
        async with self.pool.acquire() as conn:
            row = await scim_store.group(conn, group_id) if group_id else None
            if row is None:
                raise NotFoundException(detail=f"there is no Group {request.path_params['id']}")
            members = (await scim_store.members(conn, [group_id]))[group_id] if _wants_members(params) else None
        return self._group_response(self._group(request, row, members), params)

    async def create_group(self, request: Request) -> Response:
        payload = await self._body(request)
        group = Group.model_validate(payload, scim_ctx=Context.RESOURCE_CREATION_REQUEST, scim_policy=POLICY)
        name, external = _group_names(group)
        joining = member_ids(group.members or [])
        group_id = new_id()
        async with self._tx() as conn:
            await self._check_group(conn, name, external, None, joining)
            row = await scim_store.save_group(conn, group_id, name, key(name), external)
            await scim_store.change_members(conn, group_id, list(dict.fromkeys(joining)), [])
            members = (await scim_store.members(conn, [group_id]))[group_id]
        return self._group_response(self._group(request, row, members), None, status=201, location=True)

    async def replace_group(self, request: Request) -> Response:
        """The whole group; a body without `members` keeps them (a rename), `"members": []` empties it."""
        group_id = _id(request)
        payload = await self._body(request)
        group = Group.model_validate(payload, scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST, scim_policy=POLICY)
        name, external = _group_names(group)
        wanted = member_ids(group.members or []) if any(k.lower() == "members" for k in payload) else None
        async with self._tx() as conn:
            row = await self._locked_group(conn, request, group_id)
            await self._check_group(conn, name, external, group_id, wanted or [])
            row = await scim_store.save_group(conn, group_id, name, key(name), external)
            if wanted is not None:
                current = await scim_store.member_ids(conn, group_id)
                joins = [m for m in dict.fromkeys(wanted) if m not in current]
                await self._change_members(conn, row, joins, sorted(current - set(wanted)))
            members = (await scim_store.members(conn, [group_id]))[group_id]
        return self._group_response(self._group(request, row, members), None)

    async def patch_group(self, request: Request) -> Response:
        """Members by add and remove (as Entra ID and Okta send them), displayName and externalId.
        Answers 204: a large group's members are not sent back for every change."""
        group_id = _id(request)
        payload = await self._body(request)
        patch = PatchOp[Group].model_validate(payload, scim_ctx=Context.RESOURCE_PATCH_REQUEST, scim_policy=POLICY)
        others, changes = split_group_patch(list(patch.operations or []))
        async with self._tx() as conn:
            row = await self._locked_group(conn, request, group_id)
            group = Group(id=group_id, display_name=row["display_name"], external_id=row["external_id"])
            if others:
                PatchOp[Group](Operations=others).patch(group, scim_policy=POLICY)
            name, external = _group_names(group)
            joining = [*(changes.replace or []), *changes.add]
            await self._check_group(conn, name, external, group_id, joining)
            joins, leaves = (
                changes.outcome(await scim_store.member_ids(conn, group_id)) if changes.touched else ([], [])
            )
            if (name, external) != (row["display_name"], row["external_id"]) or joins or leaves:
                row = await scim_store.save_group(conn, group_id, name, key(name), external)
            await self._change_members(conn, row, joins, leaves)
        return Response(status_code=204, headers={"ETag": _group_etag(row)})

    async def delete_group(self, request: Request) -> Response:
        """The directory's group is gone; a Kantine group linked to it keeps its members."""
        group_id = _id(request)
        async with self._tx() as conn:
            await self._locked_group(conn, request, group_id)
            await scim_store.delete_group(conn, group_id)
        return Response(status_code=204)

    async def _locked_group(self, conn: asyncpg.Connection, request: Request, group_id: str) -> asyncpg.Record:
        row = await scim_store.group(conn, group_id, lock=True) if group_id else None
        if row is None:
            raise NotFoundException(detail=f"there is no Group {request.path_params['id']}")
        _check_version(request, _group_etag(row))
        return row

    async def _check_group(
        self, conn: asyncpg.Connection, name: str, external: str | None, group_id: str | None, joining: list[str]
    ) -> None:
        taken = await scim_store.group_conflict(conn, key(name), external, group_id)
        if taken:
            raise UniquenessException(
                detail=f"a Group with {taken} {name if taken == 'displayName' else external!r} exists already"
            )
        unknown = sorted(set(joining) - await scim_store.live_users(conn, joining))
        if unknown:
            shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            raise InvalidValueException(detail=f"members must be Users provisioned here; unknown: {shown}")

    async def _change_members(
        self, conn: asyncpg.Connection, row: asyncpg.Record, joins: list[str], leaves: list[str]
    ) -> None:
        group_id = str(row["group_id"])
        await scim_store.change_members(conn, group_id, joins, leaves)
        if row["linked_group_id"] and (joins or leaves):
            await self._follow(conn, str(row["linked_group_id"]), joins, leaves)

    async def _follow(
        self, conn: asyncpg.Connection, linked: str, joins: list[str], leaves: list[str], *, strict: bool = False
    ) -> list[str]:
        """The linked Kantine group follows: whom the directory added joins it, whom it removed leaves it
        unless another directory group linked to it still has them. Returns the people the feed skipped.
        A feed that is down fails the whole change; a group that no longer takes members is logged (or,
        `strict`, fails it too: a link must not be made to a group that cannot follow)."""
        if leaves:
            staying = await scim_store.still_in_linked(conn, linked, leaves)
            leaves = [u for u in leaves if u not in staying]
        skipped: list[str] = []
        pending = [(u, True) for u in joins] + [(u, False) for u in leaves]
        for start in range(0, len(pending), SYNC_CHUNK):
            chunk = pending[start : start + SYNC_CHUNK]
            request = feed_pb2.SyncGroupMembersRequest(
                actor_id=DIRECTORY,
                group_id=linked,
                add_user_ids=[u for u, add in chunk if add],
                remove_user_ids=[u for u, add in chunk if not add],
            )
            try:
                reply = await self.upstreams.feed.SyncGroupMembers(request, timeout=max(self.timeout_s, SYNC_TIMEOUT_S))
            except grpc.aio.AioRpcError as exc:
                if strict or exc.code() in _RETRYABLE:
                    raise
                log.warning("Kantine group %s does not follow its directory group: %s", linked, exc.details())
                return skipped
            skipped += list(reply.skipped_user_ids)
        if skipped:
            log.info("Kantine group %s: the directory's change skipped %s", linked, ", ".join(skipped))
        return skipped

    async def _rejoin_linked(self, conn: asyncpg.Connection, user_id: str) -> None:
        """A person active again joins the linked groups they were skipped in while deactivated."""
        for linked in await scim_store.linked_groups_of(conn, user_id):
            await self._follow(conn, linked, [user_id], [])

    def _group(self, request: Request, row: asyncpg.Record, members: list[tuple[str, str]] | None) -> Group:
        group_id = str(row["group_id"])
        return Group(
            id=group_id,
            external_id=row["external_id"],
            display_name=row["display_name"],
            members=None
            if members is None
            else [
                GroupMember.model_validate(
                    {"value": u, "display": name, "type": "User", "$ref": self._url(request, f"/Users/{u}")}
                )
                for u, name in members
            ],
            meta=Meta(
                resource_type="Group",
                created=row["created"],
                last_modified=row["modified"],
                location=self._url(request, f"/Groups/{group_id}"),
                version=_group_etag(row),
            ),
        )

    def _group_response(
        self, group: Group, params: ResponseParameters[Any] | None, *, status: int = 200, location: bool = False
    ) -> Response:
        assert group.meta is not None
        headers = {"ETag": str(group.meta.version)}
        if location:
            headers["Location"] = str(group.meta.location)
        body = group.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE, response_parameters=params)
        return scim_response(body, status, headers)

    # ----- linking a directory group to a Kantine group (community managers, /api/v1) -----

    async def _community_manager(self, request: Request, *, write: bool) -> str:
        assert self.gate is not None
        principal = await self.gate.principal(request, write=write)
        self.gate.limit(principal.user_id, write=write)
        me = await self.upstreams.feed.GetUser(
            feed_pb2.GetUserRequest(viewer_id=principal.user_id, user_id=principal.user_id), timeout=self.timeout_s
        )
        if not (me.active and me.profile.community_manager):
            raise RefusedError(403, "only community managers link directory groups to Kantine groups")
        return principal.user_id

    async def directory_groups(self, request: Request) -> Response:
        """The directory's groups, with their members' number and the Kantine group each is linked to."""
        try:
            await self._community_manager(request, write=False)
            for name in sorted(set(request.query_params) - {"offset", "limit"}):  # as every API operation
                raise RefusedError(400, f"{name[:60]!r} is not a field of the query (known: limit, offset)", field=name)
            offset = _number(request.query_params.get("offset", "0"), "offset")
            limit = min(_number(request.query_params.get("limit", str(DEFAULT_PAGE)), "limit"), MAX_PAGE)
        except RefusedError as exc:
            return refused(exc)
        except grpc.aio.AioRpcError as exc:
            return problem_response(from_grpc(exc.code().name, exc.details() or "", "feed"))
        async with self.pool.acquire() as conn:
            rows, total = await scim_store.find_groups(conn, None, offset, limit)
        return JSONResponse(
            {"total": total, "directory_groups": [_directory_group(r, r["member_count"]) for r in rows]},
            headers={"Cache-Control": "no-store"},
        )

    async def link(self, request: Request) -> Response:
        """PUT {"group_id": "<Kantine group>"}: the group's members follow the directory group from now
        on, and its current members join; DELETE: they stop following (nobody is removed)."""
        try:
            actor = await self._community_manager(request, write=True)
            for name in sorted(request.query_params):  # as every operation: before looking anything up
                raise RefusedError(400, f"{name[:60]!r} is not a field of the query (it takes none)", field=name)
            directory_group = _id(request)
            target = ""
            if request.method == "PUT":
                body = await read_json(request)
                for name in sorted(set(body) - {"group_id"}) if isinstance(body, dict) else ():  # as every operation
                    raise RefusedError(400, f"{name[:60]!r} is not a field of the body (known: group_id)", field=name)
                target = str((body or {}).get("group_id") or "") if isinstance(body, dict) else ""
                if not _is_uuid(target):
                    raise RefusedError(400, 'send {"group_id": "<the Kantine group\'s id>"}', field="group_id")
                target = target.lower()
                group = await self.upstreams.feed.GetGroup(
                    feed_pb2.GetGroupRequest(viewer_id=actor, group_id=target), timeout=self.timeout_s
                )
                if group.archived or group.merged_into:
                    raise RefusedError(409, "this Kantine group is archived or merged: link an open group")
            async with self._tx() as conn:
                row = await scim_store.group(conn, directory_group, lock=True) if directory_group else None
                if row is None:
                    raise RefusedError(404, "there is no such directory group")
                row = await scim_store.link(conn, directory_group, target or None, actor if target else None)
                skipped: list[str] = []
                following = 0
                if target:
                    members = sorted(await scim_store.member_ids(conn, directory_group))
                    skipped = await self._follow(conn, target, members, [], strict=True)
                    following = len(members) - len(skipped)
        except RefusedError as exc:
            return refused(exc)
        except grpc.aio.AioRpcError as exc:
            return problem_response(from_grpc(exc.code().name, exc.details() or "", "feed"))
        return JSONResponse(
            {"directory_group": _directory_group(row, None), "members": following, "skipped_user_ids": skipped},
            headers={"Cache-Control": "no-store"},
        )


# ----- helpers -----


def _upstream_failed(exc: grpc.aio.AioRpcError) -> Response:
    code = exc.code()
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        log.warning("the feed is not reachable for SCIM: %s", exc.details())
        return error_response(
            Error(status=503, detail="Kantine's feed service is not reachable; try again shortly"),
            {"Retry-After": "10"},
        )
    status, scim_type = _BY_GRPC.get(code, (500, None))
    if status == 500:
        log.error("the feed failed a SCIM request: %s %s", code.name, exc.details())
        return error_response(Error(status=500, detail="the request failed inside Kantine; it has been logged"))
    return error_response(Error(status=status, scim_type=scim_type, detail=_in_scim_terms(exc.details() or code.name)))


# the profile's fields as the attributes a directory's administrator maps
_ATTRIBUTES = {
    "display_name": "displayName",
    "email": "emails",
    "title": "title",
    "department": f"{ENTERPRISE}:department",
    "locale": "preferredLanguage",
    "location": "addresses.locality",
    "country": "addresses.country",
    "manager_id": f"{ENTERPRISE}:manager",
    "external_id": "externalId",
}


def _in_scim_terms(detail: str) -> str:
    """The feed names its field first ("display_name: too long"): name the SCIM attribute instead."""
    field, sep, rest = detail.partition(": ")
    return f"{_ATTRIBUTES[field]}: {rest}" if sep and field in _ATTRIBUTES else detail


def _id(request: Request) -> str:
    """The resource id in the path, as stored; "" when it cannot name anything (not a UUID)."""
    value = str(request.path_params.get("id", ""))
    return value.lower() if _is_uuid(value) else ""


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


MAX_OFFSET = 2**31 - 1  # as the document says; PostgreSQL's OFFSET takes no more than an int64


def _number(text: str, name: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise RefusedError(400, f"{name} is a whole number", field=name) from None
    if not 0 <= number <= MAX_OFFSET:
        raise RefusedError(400, f"{name} is a whole number from 0 to {MAX_OFFSET}", field=name)
    return number


def _query(request: Request, schema: str, fields: dict[str, Any]) -> tuple[Where | None, int, int]:
    """The filter and the page (startIndex from 1, count at most MAX_PAGE) of a list request."""
    query = request.query_params
    try:
        start = max(int(query.get("startIndex", "1") or "1"), 1)
        count = min(max(int(query.get("count", str(DEFAULT_PAGE)) or DEFAULT_PAGE), 0), MAX_PAGE)
    except ValueError:
        raise InvalidValueException(detail="startIndex and count are whole numbers") from None
    text = query.get("filter")
    return (translate(text, fields, schema=schema) if text is not None else None), start, count


def _response_parameters(request: Request, model: Any) -> ResponseParameters[Any] | None:
    query = request.query_params
    attributes, excluded = query.get("attributes"), query.get("excludedAttributes")
    if not attributes and not excluded:
        return None
    parameters: ResponseParameters[Any] = ResponseParameters[model].model_validate(  # type: ignore[valid-type]
        {"attributes": attributes or None, "excluded_attributes": excluded or None}
    )
    return parameters


def _wants_members(params: ResponseParameters[Any] | None) -> bool:
    if params is None:
        return True
    named = [str(p).lower().rsplit(":", 1)[-1] for p in params.excluded_attributes or []]
    if any(n == "members" or n.startswith("members.") for n in named):
        return False
    wanted = [str(p).lower().rsplit(":", 1)[-1] for p in params.attributes or []]
    return not wanted or any(n == "members" or n.startswith("members.") for n in wanted)


def _listing(
    model: Any, resources: list[Any], total: int, start: int, params: ResponseParameters[Any] | None = None
) -> dict[str, Any]:
    response = ListResponse[model](  # type: ignore[valid-type]
        total_results=total, start_index=start, items_per_page=len(resources), resources=resources
    )
    body: dict[str, Any] = response.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=params)
    body.setdefault("Resources", [])
    return body


def _stored(user: Any) -> dict[str, Any]:
    """The User as kept: what the directory sent, without the password, id and meta."""
    kept = user.model_copy(deep=True)
    kept.password = None
    stored: dict[str, Any] = kept.model_dump(scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST)
    return stored


def _check_version(request: Request, current: str) -> None:
    """If-Match: the client's version must be the current one (weak comparison)."""
    wanted = request.headers.get("if-match")
    if not wanted or wanted.strip() == "*":
        return
    versions = {v.strip().removeprefix("W/") for v in wanted.split(",")}
    if current.removeprefix("W/") not in versions:
        raise PreconditionFailedException(detail=f"the resource changed: its version is now {current}")


def _group_names(group: Group) -> tuple[str, str | None]:
    name = " ".join((group.display_name or "").split())
    if not name:
        raise InvalidValueException(detail="displayName must not be empty")
    if len(name) > 256:
        raise InvalidValueException(detail="displayName is at most 256 characters")
    return name, (group.external_id or "").strip() or None


def _group_etag(row: asyncpg.Record) -> str:
    return f'W/"{row["version"]}"'


def _directory_group(row: asyncpg.Record, members: int | None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": str(row["group_id"]),
        "display_name": row["display_name"],
        "external_id": row["external_id"] or "",
        "linked_group_id": str(row["linked_group_id"] or ""),
    }
    if members is not None:
        found["members"] = members
    return found


__all__ = ["Scim"]
