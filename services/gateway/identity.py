"""Who a signed-in token is in Kantine: the person the directory provisioned, or a new one.

The provider's id for the person (the `sub` claim, or the one KANTINE_OIDC_ID_CLAIM names: Entra ID
puts the object id that SCIM provisions in `oid`) is looked up as the person's external id; the rule
for anything else (an address, a new person) is `domain.linking`. A deactivated person cannot sign in.

Answers are kept for a few minutes, since an API client sends the same token with every call; a
deactivation drops the person's answers at once (`forget_person`, told by `sessions.Revocations`), so the
next request is looked up again and refused.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from typing import Any

from kantine.v1 import feed_pb2
from services.gateway.domain import linking
from services.gateway.domain.locales import locale_of
from services.gateway.upstream import Upstreams

log = logging.getLogger("kantine.gateway.identity")

# An answer is kept this long: a replica that was away from the bus when a deactivation was told looks
# the person up again within it (as it looks at a session's row, `sessions.RECHECK_S`).
CACHE_S = 60.0
CACHE_SIZE = 50_000
DIRECTORY = ""  # the actor the feed knows as the directory


class DeactivatedError(PermissionError):
    """The directory has deactivated this person: no sign-in, whatever the token says."""


class NotLinkedError(PermissionError):
    """The sign-in is genuine but cannot be linked to a person safely (`domain.linking`)."""


class Identities:
    def __init__(
        self, upstreams: Upstreams, id_claim: str = "sub", *, email_trusted: bool = False, tenant: str = ""
    ) -> None:
        self.upstreams = upstreams
        self.id_claim = id_claim
        self.email_trusted = email_trusted
        self.tenant = tenant
        self._known: OrderedDict[str, tuple[str, float]] = OrderedDict()

    async def user_for(self, claims: dict[str, Any], *, fresh: bool = False) -> str:
        """The person of these claims; `fresh` (a sign-in) looks them up whatever was kept."""
        external = linking.subject_of(claims, self.id_claim, self.tenant)
        if not external:
            what = f"tid {self.tenant}" if self.tenant and claims.get("tid") != self.tenant else self.id_claim
            raise PermissionError(f"the token has no {what} claim")
        cached = self._known.get(external)
        if cached and cached[1] > time.monotonic() and not fresh:
            return cached[0]
        user_id = await self._resolve(external, claims)
        self._known[external] = (user_id, time.monotonic() + CACHE_S)
        self._known.move_to_end(external)
        while len(self._known) > CACHE_SIZE:
            self._known.popitem(last=False)
        return user_id

    def forget_person(self, user_id: str) -> None:
        """The person was deactivated: their tokens are looked up again, and refused."""
        for external in [e for e, (u, _) in self._known.items() if u == user_id]:
            del self._known[external]

    async def _resolve(self, external: str, claims: dict[str, Any]) -> str:
        list_users = self.upstreams.feed.ListUsers
        found = await list_users(feed_pb2.ListUsersRequest(actor_id=DIRECTORY, external_id=external, limit=1))
        by_subject = _known(found.users[0]) if found.users else None
        email = str(claims.get("email") or "")
        by_email = None
        if by_subject is None and email:
            found = await list_users(feed_pb2.ListUsersRequest(actor_id=DIRECTORY, email=email, limit=1))
            by_email = _known(found.users[0]) if found.users else None
        decision = linking.decide(external, claims, by_subject, by_email, email_trusted=self.email_trusted)
        if isinstance(decision, linking.Refuse):
            log.warning("%s", decision.log)
            raise NotLinkedError(decision.reason)
        if isinstance(decision, linking.Link):
            person = by_subject if by_subject is not None else by_email
            assert person is not None
            if not person.active:
                raise DeactivatedError("your Kantine account is deactivated; ask your IT department")
            return decision.user_id
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


def _known(user: feed_pb2.User) -> linking.Known:
    return linking.Known(user.user_id, user.external_id, user.active)
