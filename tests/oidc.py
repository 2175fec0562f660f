"""An OpenID provider the tests serve over real HTTP: discovery, a JWKS, and tokens signed with a real RSA
key, so the gateway verifies them exactly as it verifies the company's. It can also sign with a key it
does not publish (a forgery), issue expired tokens, and rotate its key.

The full browser-style sign-in (authorization code with PKCE) is tested against `oidc-provider-mock`,
a separate provider implementation; this one is for API clients' bearer tokens.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kantine.platform.procs import free_port
from services.gateway.server import HttpServer, serve_http


class TokenIssuer:
    def __init__(self, audience: str = "kantine") -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.audience = audience
        self.key = RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex[:8], "use": "sig", "alg": "RS256"})
        self.jwks_requests = 0
        self._server: HttpServer | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> TokenIssuer:
        app = Starlette(
            routes=[Route("/.well-known/openid-configuration", self._discovery), Route("/jwks", self._jwks)]
        )
        self._server, self._task = await serve_http(app, f"127.0.0.1:{self.port}")
        return self

    async def stop(self) -> None:
        if self._server and self._task:
            self._server.should_exit = True
            await self._task

    def rotate(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": uuid.uuid4().hex[:8], "use": "sig", "alg": "RS256"})

    def token(
        self,
        sub: str,
        *,
        expires_in: int = 600,
        key: RSAKey | None = None,
        audience: str | None = None,
        typ: str = "at+jwt",
        **claims: Any,
    ) -> str:
        """An access token (RFC 9068: typed at+jwt, with the scopes granted), as an API client holds."""
        now = int(time.time())
        payload = {
            "iss": self.issuer, "sub": sub, "aud": audience or self.audience, "iat": now, "exp": now + expires_in,
            "scope": "kantine", **claims,
        }  # fmt: skip
        payload = {k: v for k, v in payload.items() if v is not None}  # a claim given as None is left out
        signer = key or self.key
        header = {"alg": "RS256", "kid": signer.kid, **({"typ": typ} if typ else {})}
        return jwt.encode(header, payload, signer)

    def id_token(self, sub: str, **claims: Any) -> str:
        """An ID token for the same client: what the sign-in gets, never an API credential."""
        return self.token(sub, typ="JWT", scope=None, nonce="n-0123", at_hash="abc", **claims)

    async def _discovery(self, request: Request) -> JSONResponse:
        return JSONResponse({
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
        })  # fmt: skip

    async def _jwks(self, request: Request) -> JSONResponse:
        self.jwks_requests += 1
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})
