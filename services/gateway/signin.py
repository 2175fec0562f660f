"""`/auth/*`: signing in with the company's OpenID provider, signing out, and the demo's sign-in.

`/auth/login` sends the browser to the provider with a fresh state, nonce and PKCE challenge, kept in a
short-lived signed cookie; `/auth/callback` checks the state, trades the code (with the verifier) for
tokens, verifies the ID token and its nonce, finds or provisions the person and starts the session.

`/auth/logout` ends this session on the server, `/auth/logout-everywhere` every session of the person
(both need the CSRF token, or another site could sign people out).

`/auth/dev` lists the people of the directory to sign in as any of them without a password. It exists
only with KANTINE_DEV_SIGNIN=true on a loopback address (for `make demo` and tests; the settings refuse
anything else unless KANTINE_DEV_SIGNIN_UNSAFE=true); everywhere else it is not found. Its form carries
a token of its own, checked against a cookie (another site can neither read nor set it).

Every other `/auth/*` request counts against a limit per client address that all replicas share.
"""

from __future__ import annotations

import html
import logging
import secrets
import urllib.parse
from collections.abc import Awaitable, Callable

import grpc
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from kantine.v1 import feed_pb2
from services.gateway.api import problem_response, refused
from services.gateway.auth import Gate, RefusedError
from services.gateway.domain.problems import problem
from services.gateway.identity import DIRECTORY, DeactivatedError, Identities, NotLinkedError
from services.gateway.oidc import Provider, ProviderError, TokenError, pkce_pair
from services.gateway.sessions import CSRF_HEADER, SESSION_COOKIE, SIGNIN_COOKIE, Sessions, safe_next
from services.gateway.upstream import Upstreams

log = logging.getLogger("kantine.gateway.signin")
DEV_PEOPLE = 500  # listed on the demo sign-in page, leaders and community managers first
DEV_FORM_COOKIE = "kantine_dev_form"


class SignIn:
    def __init__(
        self,
        sessions: Sessions,
        identities: Identities,
        provider: Provider | None,
        upstreams: Upstreams,
        public_url: str,
        *,
        dev: bool,
        gate: Gate | None = None,
        per_minute: int = 0,
    ) -> None:
        self.gate = gate
        self.per_minute = per_minute
        self.sessions = sessions
        self.identities = identities
        self.provider = provider
        self.upstreams = upstreams
        self.public_url = public_url.rstrip("/")
        self.dev = dev

    @property
    def redirect_uri(self) -> str:
        return f"{self.public_url}/auth/callback"

    def routes(self) -> list[Route]:
        return [
            Route("/auth/methods", self._limited(self.methods), methods=["GET"]),
            Route("/auth/login", self._limited(self.login), methods=["GET"]),
            Route("/auth/callback", self._limited(self.callback), methods=["GET"]),
            Route("/auth/logout", self._limited(self.logout), methods=["POST"]),
            Route("/auth/logout-everywhere", self._limited(self.logout_everywhere), methods=["POST"]),
            # on loopback demos only (see the settings), where a loader signs hundreds of people in
            Route("/auth/dev", self.dev_page, methods=["GET"]),
            Route("/auth/dev", self.dev_signin, methods=["POST"]),
        ]

    def _limited(self, handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        """Each /auth request counts against its client address's limit (shared by the replicas)."""

        async def limited(request: Request) -> Response:
            if self.gate is not None:
                try:
                    address = request.client.host if request.client else "?"
                    await self.gate.limit_shared(f"auth:{address}", self.per_minute, "sign-in attempts")
                except RefusedError as exc:
                    if request.method == "GET" and request.url.path != "/auth/methods":
                        wait = exc.headers.get("Retry-After", "60")
                        return page(429, "Too many sign-in attempts", f"Wait {wait} seconds and try again.")
                    return refused(exc)
            return await handler(request)

        limited.__name__ = handler.__name__
        return limited

    async def methods(self, request: Request) -> Response:
        """How one can sign in here, for the page's sign-in screen."""
        return JSONResponse({"oidc": self.provider is not None, "dev": self.dev})

    async def login(self, request: Request) -> Response:
        if self.provider is None:
            target = "/auth/dev" if self.dev else None
            if target:
                return RedirectResponse(target, status_code=303)
            return page(404, "Sign-in is not set up", "No OpenID provider is configured (KANTINE_OIDC_ISSUER).")
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        verifier, challenge = pkce_pair()
        try:
            url = await self.provider.authorization_url(self.redirect_uri, state, nonce, challenge)
        except ProviderError as exc:
            log.warning("OpenID provider unreachable: %s", exc)
            return page(503, "Sign-in is unavailable", "The company's sign-in service cannot be reached. Try again.")
        response = RedirectResponse(url, status_code=303)
        self.sessions.remember_signin(response, state, nonce, verifier, safe_next(request.query_params.get("next")))
        return response

    async def callback(self, request: Request) -> Response:
        if self.provider is None:
            return page(404, "Sign-in is not set up", "No OpenID provider is configured.")
        pending = self.sessions.recall_signin(request.cookies.get(SIGNIN_COOKIE))
        query = request.query_params
        if error := query.get("error"):
            detail = query.get("error_description") or error
            return page(401, "Sign-in was not completed", f"The sign-in service said: {detail}", retry=True)
        if pending is None or not secrets.compare_digest(pending.get("s", ""), query.get("state", "")):
            return page(400, "Sign-in expired", "This sign-in was started elsewhere or too long ago.", retry=True)
        try:
            tokens = await self.provider.exchange(query.get("code", ""), self.redirect_uri, pending["v"])
            claims = await self.provider.verify(tokens["id_token"], self.provider.client_id, nonce=pending["n"])
            user_id = await self.identities.user_for(claims, fresh=True)  # never a kept answer: active now?
        except TokenError as exc:
            return page(401, "Sign-in failed", str(exc), retry=True)
        except ProviderError as exc:
            log.warning("OpenID provider failed: %s", exc)
            return page(503, "Sign-in is unavailable", "The company's sign-in service cannot be reached.", retry=True)
        except DeactivatedError as exc:
            return page(403, "Your account is deactivated", str(exc))
        except NotLinkedError as exc:
            return page(403, "Your sign-in cannot be linked to your account", str(exc))
        except PermissionError as exc:
            log.warning("sign-in refused: %s", exc)
            return page(403, "Your sign-in is not accepted here", f"{exc}. Ask your IT department.")
        except grpc.aio.AioRpcError as exc:
            log.warning("provisioning at sign-in failed: %s %s", exc.code().name, exc.details())
            return page(503, "Kantine is starting", "Your profile could not be loaded. Try again shortly.", retry=True)
        response = RedirectResponse(safe_next(pending.get("next")), status_code=303)
        self.sessions.forget_signin(response)
        try:
            await self.sessions.start(response, user_id)
        except DeactivatedError as exc:
            return page(403, "Your account is deactivated", str(exc))
        return response

    async def logout(self, request: Request) -> Response:
        """Ends this session on the server (every replica refuses it from now on)."""
        session = await self.sessions.read(request.cookies.get(SESSION_COOKIE))
        if session is not None and not self.sessions.csrf_ok(session, request.headers.get(CSRF_HEADER)):
            return problem_response(problem(403, "signing out needs the X-CSRF-Token header the page sends"))
        response = Response(status_code=204)
        await self.sessions.end(response, session)
        return response

    async def logout_everywhere(self, request: Request) -> Response:
        """Ends every session of the person, in every browser (a lost phone, a shared computer)."""
        session = await self.sessions.read(request.cookies.get(SESSION_COOKIE))
        if session is None:
            return problem_response(problem(401, "sign in first: the session has ended or there is none"))
        if not self.sessions.csrf_ok(session, request.headers.get(CSRF_HEADER)):
            return problem_response(problem(403, "signing out needs the X-CSRF-Token header the page sends"))
        ended = await self.sessions.end_all(session.user_id, "everywhere")
        log.info("%s signed out everywhere: %d sessions ended", session.user_id, ended)
        response = JSONResponse({"sessions_ended": ended}, headers={"Cache-Control": "no-store"})
        self.sessions.forget(response)
        return response

    async def dev_page(self, request: Request) -> Response:
        if not self.dev:
            return page(404, "Not found", "There is no such page.")
        users: list[feed_pb2.User] = []
        cursor = ""
        try:
            while len(users) < DEV_PEOPLE:  # the directory answers 100 at a time
                reply = await self.upstreams.feed.ListUsers(
                    feed_pb2.ListUsersRequest(actor_id=DIRECTORY, limit=100, cursor=cursor), timeout=5
                )
                users += reply.users
                cursor = reply.next_cursor
                if not cursor:
                    break
        except grpc.aio.AioRpcError:
            return page(503, "Kantine is starting", "The directory cannot be read yet. Try again shortly.", retry=True)
        people = sorted(
            (u for u in users if u.active),
            key=lambda u: (not u.profile.leader, not u.profile.community_manager, u.profile.display_name),
        )
        next_path = html.escape(safe_next(request.query_params.get("next")))
        form_token = secrets.token_urlsafe(24)
        rows = "".join(
            f'<li><button name="user_id" value="{html.escape(u.user_id)}">'
            f"<strong>{html.escape(u.profile.display_name)}</strong> "
            f"<span>{html.escape(_role(u))}</span></button></li>"
            for u in people[:DEV_PEOPLE]
        )
        body = (
            "<p>Demo sign-in: choose who you are. This page exists only when KANTINE_DEV_SIGNIN is on.</p>"
            f'<form method="post" action="/auth/dev"><input type="hidden" name="next" value="{next_path}">'
            f'<input type="hidden" name="form" value="{form_token}">'
            f'<ul class="people">{rows or "<li>Nobody is provisioned yet.</li>"}</ul></form>'
        )
        response = html_page(200, "Sign in to Kantine (demo)", body)
        response.set_cookie(
            DEV_FORM_COOKIE, form_token, max_age=3600, path="/auth", httponly=True, secure=self.sessions.secure,
            samesite="strict",
        )  # fmt: skip
        return response

    async def dev_signin(self, request: Request) -> Response:
        if not self.dev:
            return page(404, "Not found", "There is no such page.")
        origin = request.headers.get("origin")
        if origin and origin.rstrip("/") != self.public_url and origin != _origin_of(request):
            return page(403, "Not allowed", "Sign-in must come from Kantine's own page.")
        form = urllib.parse.parse_qs((await request.body())[:4096].decode("utf-8", "replace"))
        sent, kept = form.get("form", [""])[0], request.cookies.get(DEV_FORM_COOKIE, "")
        if not sent or not kept or not secrets.compare_digest(sent, kept):
            return page(403, "Not allowed", "This sign-in form has expired. Open the sign-in page again.", retry=True)
        user_id = form.get("user_id", [""])[0]
        try:
            user = await self.upstreams.feed.GetUser(
                feed_pb2.GetUserRequest(viewer_id=user_id, user_id=user_id), timeout=5
            )
        except grpc.aio.AioRpcError:
            return page(400, "Unknown person", "Choose someone from the list.", retry=True)
        if not user.active:
            return page(403, "This person is deactivated", "Choose someone else from the list.", retry=True)
        response = RedirectResponse(safe_next(form.get("next", [""])[0]), status_code=303)
        try:
            await self.sessions.start(response, user.user_id)
        except DeactivatedError:
            return page(403, "This person is deactivated", "Choose someone else from the list.", retry=True)
        return response


def _role(user: feed_pb2.User) -> str:
    parts = [user.profile.title, user.profile.department]
    if user.profile.leader:
        parts.append("leader")
    if user.profile.community_manager:
        parts.append("community manager")
    return " · ".join(p for p in parts if p)


def _origin_of(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def page(status: int, title: str, text: str, *, retry: bool = False) -> HTMLResponse:
    again = '<p><a href="/auth/login">Sign in again</a></p>' if retry else ""
    return html_page(status, title, f"<p>{html.escape(text)}</p>{again}")


def html_page(status: int, title: str, body: str) -> HTMLResponse:
    """A small page of its own (sign-in happens before the web page's script can run)."""
    document = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{html.escape(title)}</title><link rel="stylesheet" href="/static/auth.css"></head>'
        f"<body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )
    return HTMLResponse(document, status_code=status, headers={"Cache-Control": "no-store"})


def login_url(next_path: str) -> str:
    return "/auth/login?" + urllib.parse.urlencode({"next": safe_next(next_path)})
