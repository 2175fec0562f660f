"""Who is asking: a bearer token from the company's provider, or the web page's session cookie.

Every API call but the few public ones names a person the gateway has verified; the services behind
it trust the actor they are sent, so this is the one place that decides it. A write made with the
session cookie must carry the CSRF token too, so another site cannot make a signed-in browser post.

A tool importing history from another network holds the import token (KANTINE_IMPORT_TOKEN, off
unless set) and says for each call whom it acts as (`Kantine-Act-As`) and when that happened
(`Kantine-Occurred-At`); see `kantine.history`. It may call only what `domain.imports` lists, at its own
rate (shared by every replica), and every call it makes is logged for the audit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import logging
import time
import uuid
from typing import Any

import grpc
from starlette.requests import Request

from kantine import history, metrics
from kantine.errors import DomainError
from services.gateway.domain import imports
from services.gateway.domain.problems import from_grpc, problem
from services.gateway.domain.ratelimit import RateLimiter, retry_after
from services.gateway.identity import DeactivatedError, Identities, NotLinkedError
from services.gateway.limits import SharedLimits
from services.gateway.oidc import Provider, ProviderError, TokenError
from services.gateway.sessions import CSRF_HEADER, SESSION_COOKIE, Session, Sessions

audit = logging.getLogger("kantine.gateway.import")


class RefusedError(Exception):
    """A request the gateway answers itself with a problem document (and maybe headers)."""

    def __init__(self, status: int, detail: str, *, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.body = problem(status, detail, **extra)
        self.status = status
        self.headers = headers or {}

    @classmethod
    def of(cls, body: dict[str, Any], headers: dict[str, str] | None = None) -> RefusedError:
        """A refusal with a problem document made elsewhere (a service's status)."""
        refusal = cls(body["status"], body["detail"], headers=headers)
        refusal.body = body
        return refusal


ACT_AS = history.ACT_AS


@dataclasses.dataclass(frozen=True)
class Principal:
    user_id: str
    session: Session | None = None  # None: a bearer token
    occurred_at: dt.datetime | None = None  # history being imported: when it happened


class Gate:
    def __init__(
        self,
        sessions: Sessions,
        identities: Identities,
        provider: Provider | None,
        audience: str,
        reads: RateLimiter,
        writes: RateLimiter,
        import_token: str = "",
        *,
        shared: SharedLimits | None = None,
        imports_per_minute: int = 0,
    ) -> None:
        self.import_token = import_token.encode()
        self.sessions = sessions
        self.identities = identities
        self.provider = provider
        self.audience = audience
        self.reads = reads
        self.writes = writes
        self.shared = shared
        self.imports_per_minute = imports_per_minute

    async def principal(self, request: Request, *, write: bool, history_allowed: bool = False) -> Principal:
        """Who is calling. The import token is someone only where `history_allowed` says the caller checks it
        (`importing`): the API's operations; anywhere else (the live stream, the directory groups'
        links) it is refused, so it can neither read nor change the living network."""
        authorization = request.headers.get("authorization", "")
        if authorization:
            scheme, _, token = authorization.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise RefusedError(401, "Authorization must be 'Bearer <token>'", headers=_CHALLENGE)
            if self.import_token and hmac.compare_digest(token.strip().encode(), self.import_token):
                if not history_allowed:
                    raise RefusedError(403, "the import token writes imported history only, not this")
                return self._importer(request)
            return Principal(await self._bearer(token.strip()))
        session = await self.sessions.read(request.cookies.get(SESSION_COOKIE))
        if session is None:
            raise RefusedError(401, "sign in first: the session has ended or there is none", headers=_CHALLENGE)
        if write and not self.sessions.csrf_ok(session, request.headers.get(CSRF_HEADER)):
            raise RefusedError(403, "this change needs the X-CSRF-Token header the page sends; reload the page")
        return Principal(session.user_id, session)

    def _importer(self, request: Request) -> Principal:
        """The import tool, acting as the person who did what it brings over, at the time they did it."""
        user_id = request.headers.get(ACT_AS, "").strip()
        try:
            uuid.UUID(user_id)
        except ValueError:
            raise RefusedError(400, f"{ACT_AS}: the id of the person this history is theirs", field=ACT_AS) from None
        raw = request.headers.get(history.HEADER, "")
        if not raw:
            raise RefusedError(400, f"{history.HEADER}: when it happened, such as 2026-03-01T09:30:00Z",
                               field=history.HEADER)  # fmt: skip
        try:
            at = history.parse(raw, dt.datetime.now(dt.UTC))
        except DomainError as exc:
            raise RefusedError(400, str(exc), field=history.HEADER) from None
        return Principal(user_id, occurred_at=at)

    async def importing(self, principal: Principal, service: str, rpc: str, writes: bool) -> None:
        """May the import token call this, now? Refuses what `domain.imports` does not list (403) and
        more than its rate (429); every call is logged for the audit, whatever the answer."""
        why = imports.refusal(service, rpc, writes)
        if why:
            self.audited(principal, rpc, "refused")
            raise RefusedError(403, why)
        await self.limit_shared("import", self.imports_per_minute, "imports")

    @staticmethod
    def audited(principal: Principal, rpc: str, outcome: str) -> None:
        at = principal.occurred_at.isoformat() if principal.occurred_at else ""
        fields = {"operation": rpc, "act_as": principal.user_id, "occurred_at": at, "outcome": outcome}
        audit.info("import %s as %s at %s: %s", rpc, principal.user_id, at, outcome, extra=fields)
        metrics.import_calls.add(1, {"operation": rpc, "outcome": outcome})

    async def limit_shared(self, key: str, per_minute: int, what: str = "requests") -> None:
        """A limit that holds across every replica (kept in PostgreSQL): for sign-in, SCIM, unsubscribe and
        the import token, whose callers a per-replica bucket would let through once per replica."""
        if self.shared is None or per_minute <= 0:
            return
        wait = await self.shared.take(key, per_minute)
        if wait:
            raise RefusedError(
                429, f"too many {what}; try again in {retry_after(wait)} s", headers={"Retry-After": retry_after(wait)}
            )

    def limit(self, key: str, *, write: bool) -> None:
        wait = (self.writes if write else self.reads).take(key, time.monotonic())
        if wait:
            raise RefusedError(
                429, f"too many {'changes' if write else 'requests'}; try again in {retry_after(wait)} s",
                headers={"Retry-After": retry_after(wait)},
            )  # fmt: skip

    async def _bearer(self, token: str) -> str:
        if self.provider is None:
            raise RefusedError(
                401, "bearer tokens are not accepted: no OpenID provider is configured", headers=_CHALLENGE
            )
        try:
            claims = await self.provider.verify_access(token, self.audience)
        except TokenError as exc:
            raise RefusedError(401, str(exc), headers=_INVALID) from None
        except ProviderError:
            raise RefusedError(
                503, "the sign-in provider is not reachable; try again shortly", service="oidc"
            ) from None
        try:
            return await self.identities.user_for(claims)
        except grpc.aio.AioRpcError as exc:
            raise RefusedError.of(from_grpc(exc.code().name, exc.details() or "", "feed")) from None
        except (DeactivatedError, NotLinkedError) as exc:
            raise RefusedError(403, str(exc)) from None
        except PermissionError as exc:
            raise RefusedError(401, str(exc), headers=_INVALID) from None


def token_key(kind: str, token: str) -> str:
    """A rate-limit key for a signed token (an unsubscribe link, a sign-in's state): its hash, never the
    token itself, so the buckets table holds nothing anyone could use."""
    return f"{kind}:{hashlib.sha256(token.encode()).hexdigest()[:32]}"


_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="kantine"'}
_INVALID = {"WWW-Authenticate": 'Bearer realm="kantine", error="invalid_token"'}
