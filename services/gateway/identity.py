"""Who a signed-in token is in Kantine: the person the directory provisioned, or a new one.

The provider's id for the person (the `sub` claim, or the one KANTINE_OIDC_ID_CLAIM names: Entra ID
puts the object id that SCIM provisions in `oid`) is looked up as the person's external id. A person
the directory provisioned under another id is found by e-mail address, unless the provider says the
address is unverified. Anyone else is provisioned at first sign-in, from the token's name, e-mail and
locale. A deactivated person cannot sign in.

Answers are kept for a few minutes: an API client sends the same token with every call.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

from kantine.v1 import feed_pb2
from services.gateway.domain.locales import locale_of
from services.gateway.upstream import Upstreams

CACHE_S = 300.0
CACHE_SIZE = 50_000
DIRECTORY = ""  # the actor the feed knows as the directory


class DeactivatedError(PermissionError):
    """The directory has deactivated this person: no sign-in, whatever the token says."""


class Identities:
    def __init__(self, upstreams: Upstreams, id_claim: str = "sub") -> None:
        self.upstreams = upstreams
        self.id_claim = id_claim
        self._known: OrderedDict[str, tuple[str, float]] = OrderedDict()

    async def user_for(self, claims: dict[str, Any]) -> str:
        external = str(claims.get(self.id_claim) or claims.get("sub") or "")
        if not external:
            raise PermissionError(f"the token has no {self.id_claim} claim")
        cached = self._known.get(external)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        user_id = await self._resolve(external, claims)
        self._known[external] = (user_id, time.monotonic() + CACHE_S)
        self._known.move_to_end(external)
        while len(self._known) > CACHE_SIZE:
            self._known.popitem(last=False)
        return user_id

    async def _resolve(self, external: str, claims: dict[str, Any]) -> str:
        list_users = self.upstreams.feed.ListUsers
        found = await list_users(feed_pb2.ListUsersRequest(actor_id=DIRECTORY, external_id=external, limit=1))
        email = str(claims.get("email") or "")
        if not found.users and email and claims.get("email_verified") is not False:
            found = await list_users(feed_pb2.ListUsersRequest(actor_id=DIRECTORY, email=email, limit=1))
        if found.users:
            user = found.users[0]
            if not user.active:
                raise DeactivatedError("your Kantine account is deactivated; ask your IT department")
            return str(user.user_id)
        name = str(claims.get("name") or " ".join(filter(None, [claims.get("given_name"), claims.get("family_name")])))
        profile = feed_pb2.Profile(
            display_name=name or email.partition("@")[0] or "New colleague",
            email=email,
            locale=locale_of(str(claims.get("locale") or "")),
        )
        reply = await self.upstreams.feed.ProvisionUser(
            feed_pb2.ProvisionUserRequest(actor_id=DIRECTORY, external_id=external, profile=profile)
        )
        return str(reply.user_id)
