"""The web page's sessions: held on the server so that they end when they should, and their CSRF token.

A session is a row in the gateway's `sessions` table; the cookie carries a random token whose SHA-256 is
the row's key. It ends on the server, for every replica: at logout, at "sign out everywhere", when the
person is deactivated (the feed's `UserDeactivated`, whichever way it came: API, SCIM or a manager), after
`idle_hours` without use and after `max_hours` however busy it is. A signed cookie alone could do none of
this: it stays valid until it expires, in every browser that holds a copy.

Checking the row on every request would be a database round trip per request, so a replica remembers a
session it checked for RECHECK_S. What ends a session earlier reaches every replica at once as a message
on the bus (`Revocations`), and a replica that missed it checks the row again within RECHECK_S.

The cookie is HttpOnly (no script reads it), SameSite=Lax (sent when following a link to Kantine, never
with another site's form or fetch) and Secure. Writes made with the cookie must also send the CSRF token
in `X-CSRF-Token`; the page reads it from a second, readable cookie that another site cannot read.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

from kantine import metrics
from services.gateway import store
from services.gateway.identity import DeactivatedError

SESSION_COOKIE = "kantine_session"
CSRF_COOKIE = "kantine_csrf"
SIGNIN_COOKIE = "kantine_signin"
CSRF_HEADER = "x-csrf-token"
RECHECK_S = 60.0  # a replica looks at a session's row again after this long
SIGNIN_MAX_AGE_S = 600
REMEMBERED = 20_000  # sessions a replica remembers as checked, a few MB at most


@dataclasses.dataclass(frozen=True, slots=True)
class Session:
    sid: bytes
    user_id: str
    csrf: str
    started: float  # epoch seconds
    expires: float
    checked: float = 0.0  # when this replica last saw its row open (time.monotonic)


class Revocations:
    """What ended while this replica holds it in memory: single sessions (logout) and everything of a
    person up to a moment (sign out everywhere, deactivation), and the live streams to close then.

    Filled by this replica's own acts and by the messages other replicas and the feed publish, so a
    session ended anywhere is refused here at once, not after RECHECK_S."""

    def __init__(self) -> None:
        self._sessions: dict[bytes, float] = {}  # sid -> until when to remember it (its expiry)
        self._people: dict[str, float] = {}  # user id -> sessions started up to this epoch second are over
        self._streams: dict[str, set[tuple[bytes | None, asyncio.Event]]] = {}
        self._listeners: list[Callable[[str], None]] = []

    def session_ended(self, sid: bytes, user_id: str, until: float) -> None:
        self._sessions[sid] = until
        for stream_sid, closed in self._streams.get(user_id, ()):
            if stream_sid == sid:
                closed.set()

    def person_ended(self, user_id: str, at: float) -> None:
        """Every session of the person started up to `at` is over, and every stream they hold closes."""
        self._people[user_id] = max(at, self._people.get(user_id, 0.0))
        for _, closed in self._streams.get(user_id, ()):
            closed.set()
        for listener in self._listeners:
            listener(user_id)

    def on_person_ended(self, listener: Callable[[str], None]) -> None:
        """Also tell `listener` (the identity cache of bearer tokens)."""
        self._listeners.append(listener)

    def refuses(self, session: Session) -> bool:
        return session.sid in self._sessions or self._people.get(session.user_id, -1.0) >= session.started

    def stream(self, user_id: str, sid: bytes | None) -> asyncio.Event:
        """An event set when this person's stream (of this session, or of a bearer token) must close."""
        closed = asyncio.Event()
        self._streams.setdefault(user_id, set()).add((sid, closed))
        return closed

    def stream_closed(self, user_id: str, sid: bytes | None, closed: asyncio.Event) -> None:
        found = self._streams.get(user_id)
        if found is not None:
            found.discard((sid, closed))
            if not found:
                del self._streams[user_id]

    def streams_of(self, user_id: str) -> int:
        return len(self._streams.get(user_id, ()))

    def forget_before(self, now: float, oldest_session: float) -> None:
        """Drop what no open session can need any more."""
        self._sessions = {sid: until for sid, until in self._sessions.items() if until > now}
        self._people = {user: at for user, at in self._people.items() if at > oldest_session}


Announce = Callable[[dict[str, Any]], Awaitable[None]]


async def _nobody(_: dict[str, Any]) -> None:
    return None


class Sessions:
    def __init__(
        self,
        pool: asyncpg.Pool,
        secret: str,
        *,
        idle_hours: float,
        max_hours: float,
        revocations: Revocations | None = None,
    ) -> None:
        self.pool = pool
        self.idle = dt.timedelta(hours=idle_hours)
        self.lifetime = dt.timedelta(hours=max(max_hours, idle_hours))
        self.revocations = revocations or Revocations()
        self.announce: Announce = _nobody  # set once the bus is there: tells the other replicas
        self._signins = URLSafeTimedSerializer(secret, salt="kantine.signin")
        self._known: dict[bytes, Session] = {}
        # always Secure: browsers keep Secure cookies from http://localhost too, and a plain-http address
        # anywhere else would send the session in clear text (the gateway warns at start)
        self.secure = True

    @staticmethod
    def sid_of(token: str) -> bytes:
        return hashlib.sha256(token.encode()).digest()

    async def read(self, token: str | None) -> Session | None:
        """The open session a cookie names, or None (unknown, ended, idle too long, past its lifetime)."""
        if not token or len(token) > 200:
            return None
        sid = self.sid_of(token)
        now = time.monotonic()
        known = self._known.get(sid)
        if known is not None:
            if self.revocations.refuses(known) or known.expires <= time.time():
                del self._known[sid]
                return None
            if now - known.checked < RECHECK_S:
                return known
        async with self.pool.acquire() as conn:
            row = await store.touch_session(conn, sid, self.idle)
        if row is None:
            self._known.pop(sid, None)
            return None
        session = Session(sid, row.user_id, row.csrf, row.started_at.timestamp(), row.expires_at.timestamp(), now)
        if self.revocations.refuses(session):
            return None
        if len(self._known) >= REMEMBERED:
            self._known.clear()  # rare; the next requests look at their rows again
        self._known[sid] = session
        return session

    async def start(self, response: Response, user_id: str) -> Session:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        sid = self.sid_of(token)
        async with self.pool.acquire() as conn:
            row = await store.start_session(conn, sid, user_id, csrf, self.lifetime)
        if row is None:  # deactivated meanwhile (a sign-in that raced the deactivation)
            raise DeactivatedError("your Kantine account is deactivated; ask your IT department")
        session = Session(sid, user_id, csrf, row.started_at.timestamp(), row.expires_at.timestamp(), time.monotonic())
        self._known[sid] = session
        common: dict[str, Any] = {
            "max_age": int(self.lifetime.total_seconds()), "path": "/", "secure": self.secure, "samesite": "lax",
        }  # fmt: skip
        response.set_cookie(SESSION_COOKIE, token, httponly=True, **common)
        response.set_cookie(CSRF_COOKIE, csrf, httponly=False, **common)
        return session

    async def end(self, response: Response, session: Session | None) -> None:
        """Logout: this session is over on every replica, and this browser forgets the cookies."""
        self.forget(response)
        if session is None:
            return
        async with self.pool.acquire() as conn:
            await store.end_session(conn, session.sid, "logout")
        metrics.sessions_ended.add(1, {"why": "logout"})
        self._known.pop(session.sid, None)
        self.revocations.session_ended(session.sid, session.user_id, session.expires)
        await self.announce({"session": session.sid.hex(), "user_id": session.user_id, "until": session.expires})

    async def end_all(self, user_id: str, why: str) -> int:
        """Every session of the person ends now, on every replica; how many were open."""
        async with self.pool.acquire() as conn:
            ended, when = await store.end_sessions_of(conn, user_id, why)
        if ended:
            metrics.sessions_ended.add(ended, {"why": why})
        at = when.timestamp()
        self.revocations.person_ended(user_id, at)
        await self.announce({"user_id": user_id, "at": at})
        return ended

    def heard(self, message: dict[str, Any]) -> None:
        """Another replica ended a session or all of a person's."""
        user_id = str(message.get("user_id", ""))
        if "session" in message:
            try:
                sid = bytes.fromhex(str(message["session"]))
            except ValueError:
                return
            self._known.pop(sid, None)
            self.revocations.session_ended(sid, user_id, float(message.get("until", time.time() + 86400)))
        elif user_id:
            self.revocations.person_ended(user_id, float(message.get("at", time.time())))

    async def prune(self) -> None:
        """Forget the rows and the revocations no session can need any more."""
        async with self.pool.acquire() as conn:
            await store.prune_sessions(conn, self.idle)
        now = time.time()
        self.revocations.forget_before(now, now - self.lifetime.total_seconds())

    def forget(self, response: Response) -> None:
        for name in (SESSION_COOKIE, CSRF_COOKIE):
            response.delete_cookie(name, path="/", secure=self.secure, samesite="lax")

    def csrf_ok(self, session: Session, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest(session.csrf, sent or "")

    # ----- a sign-in on its way through the provider, and the demo sign-in's form -----

    def remember_signin(self, response: Response, state: str, nonce: str, verifier: str, next_path: str) -> None:
        value = self._signins.dumps({"s": state, "n": nonce, "v": verifier, "next": next_path})
        response.set_cookie(
            SIGNIN_COOKIE, value, max_age=SIGNIN_MAX_AGE_S, path="/auth", httponly=True, secure=self.secure,
            samesite="lax",
        )  # fmt: skip

    def recall_signin(self, value: str | None) -> dict[str, str] | None:
        if not value:
            return None
        try:
            data = self._signins.loads(value, max_age=SIGNIN_MAX_AGE_S)
        except BadSignature:
            return None
        return data if isinstance(data, dict) else None

    def forget_signin(self, response: Response) -> None:
        response.delete_cookie(SIGNIN_COOKIE, path="/auth", secure=self.secure, samesite="lax")


def safe_next(path: str | None) -> str:
    """Where to go after signing in: a path on this site only, never another site (an open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or "\n" in path:
        return "/"
    return path[:500]
