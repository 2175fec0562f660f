"""OpenID Connect against the company's own provider: discovery, the authorization-code flow with PKCE,
and verifying the provider's signed tokens (ID tokens at sign-in, bearer tokens on API calls).

The provider is found from its issuer URL alone (`/.well-known/openid-configuration`); its signing
keys are fetched from its JWKS and fetched again when a token names a key not seen yet (the provider
rotated its keys): once at once, then at most every half minute, so forged tokens cannot make us
hammer it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
import urllib.parse
from typing import Any

import httpx
from joserfc import errors as jose_errors
from joserfc import jwt
from joserfc.jwk import KeySet

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]
METADATA_TTL_S = 3600.0
KEYS_TTL_S = 600.0
KEYS_REFETCH_S = 30.0
LEEWAY_S = 30


class TokenError(ValueError):
    """A token that is not one of ours: badly signed, expired, for someone else, or not a JWT."""


class ProviderError(RuntimeError):
    """The provider cannot be reached or answered something that is not OpenID Connect."""


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


class Provider:
    def __init__(self, issuer: str, client_id: str, client_secret: str, http: httpx.AsyncClient) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.http = http
        self._metadata: dict[str, Any] = {}
        self._metadata_at = 0.0
        self._keys: KeySet | None = None
        self._keys_at = 0.0
        self._refetched = False

    async def metadata(self) -> dict[str, Any]:
        if not self._metadata or time.monotonic() - self._metadata_at > METADATA_TTL_S:
            found = await self._get_json(f"{self.issuer}/.well-known/openid-configuration")
            if str(found.get("issuer", "")).rstrip("/") != self.issuer:
                raise ProviderError(f"the provider at {self.issuer} says its issuer is {found.get('issuer')!r}")
            for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not isinstance(found.get(key), str):
                    raise ProviderError(f"the provider's configuration has no {key}")
            self._metadata, self._metadata_at = found, time.monotonic()
        return self._metadata

    async def keys(self, *, refresh: bool = False) -> KeySet:
        """The provider's keys. `refresh`: a token named a key we do not have; fetch again once, then at
        most every KEYS_REFETCH_S, so forged tokens cannot make us hammer the provider."""
        age = time.monotonic() - self._keys_at
        due = self._keys is None or age > KEYS_TTL_S
        if refresh and (not self._refetched or age > KEYS_REFETCH_S):
            due, self._refetched = True, True
        elif due:
            self._refetched = False
        if due:
            jwks = await self._get_json((await self.metadata())["jwks_uri"])
            try:
                self._keys = KeySet.import_key_set(jwks)  # type: ignore[arg-type]
            except (jose_errors.JoseError, ValueError, TypeError, KeyError) as exc:
                raise ProviderError(f"the provider's JWKS cannot be read: {exc}") from None
            self._keys_at = time.monotonic()
        assert self._keys is not None
        return self._keys

    async def authorization_url(self, redirect_uri: str, state: str, nonce: str, challenge: str) -> str:
        endpoint = (await self.metadata())["authorization_endpoint"]
        query = urllib.parse.urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": redirect_uri,
                "scope": "openid profile email",
                "state": state,
                "nonce": nonce,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    async def exchange(self, code: str, redirect_uri: str, verifier: str) -> dict[str, Any]:
        """Trade the authorization code for tokens; the verifier proves we started this sign-in."""
        endpoint = (await self.metadata())["token_endpoint"]
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        if not self.client_secret:  # a public client names itself; a confidential one authenticates
            form["client_id"] = self.client_id
        try:
            if self.client_secret:
                reply = await self.http.post(endpoint, data=form, auth=(self.client_id, self.client_secret))
            else:
                reply = await self.http.post(endpoint, data=form)
        except httpx.HTTPError as exc:
            raise ProviderError(f"the provider's token endpoint is not reachable: {exc}") from None
        if reply.status_code != 200:
            raise TokenError(f"the provider refused the sign-in ({reply.status_code}): {reply.text[:200]}")
        tokens = dict(reply.json())
        if not isinstance(tokens.get("id_token"), str):
            raise TokenError("the provider's answer has no ID token")
        return tokens

    async def verify(self, token: str, audience: str, nonce: str | None = None) -> dict[str, Any]:
        """The claims of an ID token the provider signed for `audience` at sign-in, still valid; else
        TokenError. `azp`, where the provider sets it, must be our client (OpenID Connect Core 3.1.3.7)."""
        claims, _ = await self._verified(token, audience)
        if nonce is not None and claims.get("nonce") != nonce:
            raise TokenError("the sign-in's ID token is from another sign-in (nonce)")
        if "azp" in claims and claims["azp"] != self.client_id:
            raise TokenError("the sign-in's ID token was issued to another application (azp)")
        return claims

    async def verify_access(self, token: str, audience: str) -> dict[str, Any]:
        """The claims of an access token for `audience` (an API call's bearer token); else TokenError.

        An ID token is signed by the same keys for the same audience (the client id), but it says who
        signed in to that client, not that its holder may call the API: a page that leaks one (in a log,
        a URL) would otherwise hand out API access. So the token must look like a person's access token:
        typed `at+jwt` (RFC 9068, Keycloak, Okta, Auth0) or carrying the scopes the person granted (`scp`
        in Entra ID, `scope` elsewhere), and show none of an ID token's marks (`nonce`, `at_hash`,
        Keycloak's `typ: ID`). App roles alone (`roles`) are not enough: Entra puts them in ID tokens of
        the same application, and in app-only tokens (a daemon, `idtyp: app`), which are nobody."""
        claims, header = await self._verified(token, audience)
        typ = str(header.get("typ", "")).lower()
        if "nonce" in claims or "at_hash" in claims or str(claims.get("typ", "")).lower() == "id":
            raise TokenError("this is an ID token; call the API with an access token")
        if str(claims.get("idtyp", "")).lower() == "app":
            raise TokenError("this is an application's token, not a person's; call the API as a person")
        if typ not in ("at+jwt", "application/at+jwt") and not any(k in claims for k in ("scp", "scope")):
            raise TokenError("the token is not an access token (no at+jwt type, no scp or scope)")
        return claims

    async def _verified(self, token: str, audience: str) -> tuple[dict[str, Any], dict[str, Any]]:
        try:
            decoded = await self._decode(token)
        except jose_errors.JoseError as exc:
            raise TokenError(f"the token cannot be verified: {exc.description or exc.error}") from None
        except ValueError as exc:
            raise TokenError(f"the token cannot be read: {exc}") from None
        claims = dict(decoded.claims)
        registry = jwt.JWTClaimsRegistry(
            leeway=LEEWAY_S,
            iss={"essential": True, "value": self.issuer},
            aud={"essential": True, "value": audience},
            exp={"essential": True},
            sub={"essential": True},
        )
        try:
            registry.validate(claims)
        except jose_errors.ExpiredTokenError:
            raise TokenError("the token has expired") from None
        except jose_errors.JoseError as exc:
            raise TokenError(f"the token is not for Kantine: {exc.description or exc.error}") from None
        return claims, dict(decoded.header)

    async def _decode(self, token: str) -> jwt.Token:
        try:
            return jwt.decode(token, await self.keys(), algorithms=ALGORITHMS)
        except (jose_errors.BadSignatureError, jose_errors.InvalidKeyIdError, jose_errors.MissingKeyError):
            # a key we have not seen: the provider may have rotated; look once more
            return jwt.decode(token, await self.keys(refresh=True), algorithms=ALGORITHMS)

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            reply = await self.http.get(url)
            reply.raise_for_status()
            found = reply.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderError(f"{url}: {exc}") from None
        if not isinstance(found, dict):
            raise ProviderError(f"{url} is not a JSON object")
        return found
