"""Which Kantine person a verified sign-in is: the rule that keeps an account from being taken over.

A token proves what the provider says, not what is true: Microsoft Entra ID sends no `email_verified`
and lets a tenant's admin put any address in `email`, so linking by address alone would let anyone with
a tenant of their own sign in as anyone (the "nOAuth" takeover). So a sign-in is linked to an existing
person by the provider's stable subject (the external id the directory provisioned), and by e-mail
only when the installation trusts its provider's addresses *and* the token says `email_verified: true`,
and never to a person the directory already bound to another subject. A sign-in that would need
anything else is refused, with a reason an admin can act on; nobody new is made in their place, since a
second account with the same address is how a person's history gets split.
"""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True, slots=True)
class Known:
    """A person the directory has, as the sign-in found them."""

    user_id: str
    external_id: str
    active: bool


@dataclasses.dataclass(frozen=True, slots=True)
class Link:
    user_id: str


@dataclasses.dataclass(frozen=True, slots=True)
class Provision:
    """Nobody has this subject or this address: a new person, from the token's name and address."""


@dataclasses.dataclass(frozen=True, slots=True)
class Refuse:
    reason: str  # for the person
    log: str  # for the admin: what to change


Decision = Link | Provision | Refuse


def subject_of(claims: dict[str, Any], id_claim: str, tenant: str = "") -> str:
    """The provider's stable id for the person, or "" when the token has none (or is another tenant's).

    With Entra ID, `oid` is stable within one tenant only; the issuer already names the tenant, and
    `tenant` (KANTINE_OIDC_TENANT_ID) makes the check explicit for a multi-tenant app registration."""
    if tenant and str(claims.get("tid", "")) != tenant:
        return ""
    return str(claims.get(id_claim) or "")


def decide(
    subject: str,
    claims: dict[str, Any],
    by_subject: Known | None,
    by_email: Known | None,
    *,
    email_trusted: bool,
) -> Decision:
    """What to do with a verified sign-in: `by_subject` is the person with this external id, `by_email`
    the person with the token's address (looked up only when nobody has the subject)."""
    if by_subject is not None:
        return Link(by_subject.user_id)
    if by_email is None:
        return Provision()
    email = str(claims.get("email", ""))
    if by_email.external_id and by_email.external_id != subject:
        return Refuse(
            "Your sign-in does not match the account the directory set up for your address. "
            "Ask your IT department to check Kantine's sign-in settings.",
            f"sign-in refused: {email} belongs to a person bound to another subject; the token's subject is "
            f"{subject!r}. If the directory provisions by another claim, set KANTINE_OIDC_ID_CLAIM to it",
        )
    if not email_trusted:
        return Refuse(
            "An account with your address exists, but this sign-in cannot be linked to it by address. "
            "Ask your IT department to link your account.",
            f"sign-in refused: {email} matches a person with no directory id, and KANTINE_OIDC_EMAIL_TRUSTED is "
            f"off. Provision the person with external id {subject!r} (SCIM), or trust the provider's "
            f"verified addresses (never with Entra ID)",
        )
    if claims.get("email_verified") is not True:
        return Refuse(
            "Your sign-in service has not verified your address, so it cannot be linked to your account. "
            "Ask your IT department.",
            f"sign-in refused: {email} matches a person, but the token does not say email_verified: true",
        )
    return Link(by_email.user_id)
