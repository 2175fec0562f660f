"""The gateway's HTTP application: the API, sign-in, the API's documents and the web page, with the
security headers every response carries."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from nats.aio.client import Client as NatsClient
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kantine import metrics, telemetry
from kantine.consumer import Consumer, ConsumerSettings
from kantine.service import cancel_all
from kantine.topology import Topology
from services.gateway import store
from services.gateway.api import Api, problem_response
from services.gateway.auth import Gate
from services.gateway.config import GatewaySettings
from services.gateway.domain import openapi
from services.gateway.domain.presence import Presence
from services.gateway.domain.problems import problem
from services.gateway.domain.ratelimit import RateLimiter
from services.gateway.identity import Identities
from services.gateway.limits import SharedLimits
from services.gateway.live import Live
from services.gateway.oidc import Provider
from services.gateway.presence import PresenceRecorder
from services.gateway.revocation import SessionBus, build_router
from services.gateway.routes import ROUTES
from services.gateway.scim import Scim
from services.gateway.sessions import Sessions
from services.gateway.signin import SignIn
from services.gateway.upstream import Upstreams, method

log = logging.getLogger("kantine.gateway")
API = "/api/v1"
PRUNE_EVERY_S = 3600.0
WEB = Path(__file__).parent / "web"
# The page's own script and style only; user text is never HTML, so nothing inline is needed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self' https:; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
# The web page's own paths: each answers the page, whose script shows the right view.
PAGES = ["/", "/posts/{post_id}", "/groups", "/groups/{group_id}", "/people/{user_id}", "/tags/{tag}",
         "/notifications", "/search", "/leaderboard", "/settings/notifications", "/unsubscribe",
         "/community"]  # fmt: skip


class SecurityHeaders:
    """Adds the headers above to every response (an ASGI middleware: no per-request objects)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class Gateway:
    """Everything the HTTP application needs, built once from the settings."""

    def __init__(
        self,
        settings: GatewaySettings,
        upstreams: Upstreams,
        http: httpx.AsyncClient,
        nc: NatsClient | None,
        topology: Topology | None,
        pool: asyncpg.Pool,
    ) -> None:
        self.settings = settings
        self.upstreams = upstreams
        self.pool = pool
        self.sessions = Sessions(
            pool, settings.session_secret, idle_hours=settings.session_hours, max_hours=settings.session_max_hours
        )
        self.provider = (
            Provider(settings.oidc_issuer, settings.oidc_client_id, settings.oidc_client_secret, http)
            if settings.oidc_issuer
            else None
        )
        self.identities = Identities(
            upstreams, settings.oidc_id_claim, email_trusted=settings.oidc_email_trusted, tenant=settings.oidc_tenant_id
        )
        self.sessions.revocations.on_person_ended(self.identities.forget_person)
        self.gate = Gate(
            self.sessions,
            self.identities,
            self.provider,
            settings.audience,
            RateLimiter(settings.reads_per_minute),
            RateLimiter(settings.writes_per_minute),
            settings.import_token,
            shared=SharedLimits(pool),
            imports_per_minute=settings.imports_per_minute,
        )
        self.presence: PresenceRecorder | None = PresenceRecorder(
            pool,
            Presence(settings.presence_visit_every_s, settings.presence_window_s),
            retention_days=settings.presence_retention_days,
        )
        self._presence_task: asyncio.Task[None] | None = None
        self.api = Api(
            self.gate, upstreams, settings.upstream_timeout_s, self.presence,
            public_per_minute=settings.unsubscribe_per_minute,
        )  # fmt: skip
        self.signin = SignIn(
            self.sessions, self.identities, self.provider, upstreams, settings.public_url, dev=settings.dev_signin,
            gate=self.gate, per_minute=settings.signin_per_minute,
        )  # fmt: skip
        self.live = Live(
            self.gate, upstreams, nc, topology, self.sessions.revocations, settings.live_streams_per_person
        )
        self.bus = SessionBus(self.sessions, nc, topology) if nc is not None and topology is not None else None
        self.consumer = (
            Consumer(
                build_router(),
                pool,
                nc,
                topology,
                ConsumerSettings(
                    ack_wait_s=settings.consumer_ack_wait_s, max_deliveries=settings.consumer_max_deliveries
                ),
            )
            if nc is not None and topology is not None
            else None
        )
        self._tasks: list[asyncio.Task[None]] = []
        self.scim: Scim | None = Scim(
            upstreams,
            pool,
            settings.scim_token,
            public_url=settings.public_url,
            gate=self.gate,
            timeout_s=settings.upstream_timeout_s,
            per_minute=settings.scim_per_minute,
        )
        self.document = openapi.document(
            ROUTES,
            lambda r: method(r.service, r.rpc).input_type,
            lambda r: method(r.service, r.rpc).output_type,
            title="Kantine API",
            version="1",
            server=f"{settings.public_url.rstrip('/')}{API}",
        )
        self._document_bytes = json.dumps(self.document).encode()

    def routes(self) -> list[BaseRoute]:
        api: list[BaseRoute] = [
            Route(f"{API}{r.path}", self.api.endpoint(r), methods=[r.method], name=f"{r.method} {r.path}")
            for r in ROUTES
        ]
        return [
            *api,
            Route(f"{API}/live", self.live.endpoint, methods=["GET"]),
            Route(f"{API}/openapi.json", self.openapi_json, methods=["GET"]),
            Route(f"{API}/docs", self.docs, methods=["GET"]),
            Route("/healthz", self.healthz, methods=["GET"]),
            *self.signin.routes(),
            *(self.scim.routes() if self.scim else []),
            Mount("/static", StaticFiles(directory=WEB / "static", check_dir=False), name="static"),
            *(Route(path, self.page, methods=["GET"]) for path in PAGES),
        ]

    async def start(self) -> None:
        await self.live.start()
        if self.bus is not None:
            await self.bus.start()
        if self.consumer is not None:
            await self.consumer.start()
        if self.presence is not None:
            self._presence_task = asyncio.create_task(self.presence.run())
        self._tasks.append(asyncio.create_task(self._prune()))

    async def _prune(self) -> None:
        """Forget ended sessions and full rate buckets, hourly; a failure is logged and tried again."""
        while True:
            try:
                await self.sessions.prune()
                async with self.pool.acquire() as conn:
                    await store.prune_rate_buckets(conn)
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("pruning sessions failed, trying again in an hour: %s", exc)
            await asyncio.sleep(PRUNE_EVERY_S)

    async def stop(self) -> None:
        await self.live.stop()
        if self.bus is not None:
            await self.bus.stop()
        if self.consumer is not None:
            await self.consumer.stop()
        await cancel_all(self._tasks)
        if self._presence_task is not None:
            await cancel_all([self._presence_task])
        if self.presence is not None:
            await self.presence.flush(everything=True)  # what was counted since the last flush

    async def openapi_json(self, request: Request) -> Response:
        return Response(self._document_bytes, media_type="application/json")

    async def docs(self, request: Request) -> Response:
        return FileResponse(WEB / "docs.html", headers={"Cache-Control": "no-cache"})

    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def page(self, request: Request) -> Response:
        return FileResponse(WEB / "index.html", headers={"Cache-Control": "no-cache"})

    def app(self) -> ASGIApp:
        app = Starlette(routes=self.routes(), exception_handlers={HTTPException: not_found_or_not_allowed})
        measured = metrics.measure_asgi(SecurityHeaders(app)) if metrics.enabled() else SecurityHeaders(app)
        return telemetry.instrument_asgi(measured)  # type: ignore[no-any-return]


async def not_found_or_not_allowed(request: Request, exc: Any) -> Response:
    """Starlette's own 404 and 405, as problem documents like every other error."""
    status = int(getattr(exc, "status_code", 500))
    detail = {404: f"there is nothing at {request.url.path}", 405: f"{request.method} is not allowed here"}.get(
        status, str(getattr(exc, "detail", ""))
    )
    return problem_response(problem(status, detail), dict(getattr(exc, "headers", None) or {}))
