"""Signed-cookie sessions and their CSRF token.

A session is a cookie the gateway signs (KANTINE_SESSION_SECRET): the person's id and a CSRF token,
nothing stored on the server, so any replica serves any request. It is HttpOnly (no script reads it),
SameSite=Lax (sent when following a link to Kantine, never with another site's form or fetch) and
Secure wherever the browser allows it. Writes made with the cookie must also send the CSRF token
in `X-CSRF-Token`; the page reads it from a second, readable cookie that another site cannot read.

A session lasts `hours` since it was last used: it is signed again, at most every few minutes, while
the person keeps using it.
"""

from __future__ import annotations

import dataclasses
import hmac
import secrets
import time
import urllib.parse
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

SESSION_COOKIE = "kantine_session"
CSRF_COOKIE = "kantine_csrf"
SIGNIN_COOKIE = "kantine_signin"
CSRF_HEADER = "x-csrf-token"
RENEW_AFTER_S = 300.0
SIGNIN_MAX_AGE_S = 600
VERIFIED_SESSIONS = 10_000  # cookies remembered as verified, a few MB at most


@dataclasses.dataclass(frozen=True)
class Session:
    user_id: str
    csrf: str
    issued: float


class Sessions:
    def __init__(self, secret: str, hours: float, public_url: str) -> None:
        self.max_age = int(hours * 3600)
        self._sessions = URLSafeTimedSerializer(secret, salt="kantine.session")
        self._signins = URLSafeTimedSerializer(secret, salt="kantine.signin")
        self._verified: dict[str, Session] = {}
        host = urllib.parse.urlsplit(public_url).hostname or ""
        # browsers keep Secure cookies from http://localhost too; elsewhere plain http cannot have them
        self.secure = public_url.startswith("https://") or host in {"localhost", "127.0.0.1", "::1"}

    def read(self, value: str | None) -> Session | None:
        """The session a cookie carries, if it is ours and not expired.

        A cookie verified once is remembered (up to VERIFIED_SESSIONS of them): checking its signature
        was about a twentieth of the gateway's CPU per request, and the same cookie comes with every
        request of a page. Only the expiry is checked again."""
        if not value:
            return None
        known = self._verified.get(value)
        if known is not None:
            if time.time() - known.issued <= self.max_age:
                return known
            del self._verified[value]
            return None
        try:
            data, issued = self._sessions.loads(value, max_age=self.max_age, return_timestamp=True)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("u"), str) or not isinstance(data.get("c"), str):
            return None
        session = Session(data["u"], data["c"], issued.timestamp())
        if len(self._verified) >= VERIFIED_SESSIONS:
            self._verified.clear()  # rare, and the next requests verify again
        self._verified[value] = session
        return session

    def start(self, response: Response, user_id: str) -> Session:
        session = Session(user_id, secrets.token_urlsafe(24), time.time())
        self._write(response, session)
        return session

    def renew_if_due(self, response: Response, session: Session) -> None:
        if time.time() - session.issued > RENEW_AFTER_S:
            self._write(response, session)

    def end(self, response: Response) -> None:
        for name in (SESSION_COOKIE, CSRF_COOKIE):
            response.delete_cookie(name, path="/", secure=self.secure, samesite="lax")

    def csrf_ok(self, session: Session, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest(session.csrf, sent or "")

    def _write(self, response: Response, session: Session) -> None:
        value = self._sessions.dumps({"u": session.user_id, "c": session.csrf})
        common: dict[str, Any] = {"max_age": self.max_age, "path": "/", "secure": self.secure, "samesite": "lax"}
        response.set_cookie(SESSION_COOKIE, value, httponly=True, **common)
        response.set_cookie(CSRF_COOKIE, session.csrf, httponly=False, **common)

    # ----- a sign-in on its way through the provider -----

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
