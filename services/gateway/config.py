"""Gateway settings: where it listens, where the services are, how people sign in, and its limits."""

from __future__ import annotations

import dataclasses
import urllib.parse

from kantine.config import ConfigError, PlatformSettings, env

LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def is_loopback(public_url: str) -> bool:
    """An address only this machine reaches: where the demo sign-in may run."""
    return (urllib.parse.urlsplit(public_url).hostname or "") in LOOPBACK


@dataclasses.dataclass(frozen=True, kw_only=True)
class GatewaySettings(PlatformSettings):
    http_listen: str = env("KANTINE_HTTP_LISTEN", "127.0.0.1:8080", help="host:port of the web page and the API")
    public_url: str = env(
        "KANTINE_PUBLIC_URL", "http://localhost:8080", help="the address people open; sign-in redirects back to it"
    )
    feed_address: str = env("KANTINE_FEED_ADDRESS", help="host:port of the feed service's gRPC")
    notify_address: str = env("KANTINE_NOTIFY_ADDRESS", help="host:port of the notify service's gRPC")
    gamify_address: str = env("KANTINE_GAMIFY_ADDRESS", help="host:port of the gamify service's gRPC")
    search_address: str = env("KANTINE_SEARCH_ADDRESS", help="host:port of the search service's gRPC")
    insights_address: str = env("KANTINE_INSIGHTS_ADDRESS", help="host:port of the insights service's gRPC")
    session_secret: str = env(
        "KANTINE_SESSION_SECRET", help="signs session cookies; a long random string, the same on every replica"
    )
    session_hours: float = env("KANTINE_SESSION_HOURS", 12.0, help="a sign-in ends after this long without use")
    session_max_hours: float = env(
        "KANTINE_SESSION_MAX_HOURS", 168.0, help="a sign-in ends after this long however busy it is; then sign in again"
    )
    oidc_issuer: str = env("KANTINE_OIDC_ISSUER", "", help="the company's OpenID provider; empty: no OIDC sign-in")
    oidc_client_id: str = env("KANTINE_OIDC_CLIENT_ID", "")
    oidc_client_secret: str = env("KANTINE_OIDC_CLIENT_SECRET", "")
    oidc_audience: str = env("KANTINE_OIDC_AUDIENCE", "", help="the aud of API bearer tokens; empty: the client id")
    oidc_id_claim: str = env(
        "KANTINE_OIDC_ID_CLAIM", "sub", help="the claim that is a person's directory id (Entra ID with SCIM: oid)"
    )
    oidc_tenant_id: str = env(
        "KANTINE_OIDC_TENANT_ID", "", help="Entra ID: the tenant (tid) every token must come from; empty: not checked"
    )
    oidc_email_trusted: bool = env(
        "KANTINE_OIDC_EMAIL_TRUSTED", False,
        help="link a sign-in to a person by e-mail when the token says email_verified: true (never with Entra ID)",
    )  # fmt: skip
    dev_signin: bool = env(
        "KANTINE_DEV_SIGNIN", False, help="sign in as any provisioned person without a password: demos only"
    )
    dev_signin_unsafe: bool = env(
        "KANTINE_DEV_SIGNIN_UNSAFE", False,
        help="allow the demo sign-in on an address other than loopback (a shared demo); logged at every start",
    )  # fmt: skip
    scim_token: str = env(
        "KANTINE_SCIM_TOKEN", "", help="the bearer token the directory's SCIM client sends; empty: no SCIM"
    )
    import_token: str = env(
        "KANTINE_IMPORT_TOKEN", "",
        help="the bearer token of a tool importing history from another network; empty: no import",
    )  # fmt: skip
    reads_per_minute: int = env("KANTINE_RATE_READS_PER_MINUTE", 1200, help="per person; 0: no limit")
    writes_per_minute: int = env("KANTINE_RATE_WRITES_PER_MINUTE", 120, help="per person; 0: no limit")
    signin_per_minute: int = env(
        "KANTINE_RATE_SIGNIN_PER_MINUTE", 60, help="/auth/* per client address, on all replicas together; 0: no limit"
    )
    scim_per_minute: int = env(
        "KANTINE_RATE_SCIM_PER_MINUTE", 6000, help="SCIM requests, on all replicas together; 0: no limit"
    )
    unsubscribe_per_minute: int = env(
        "KANTINE_RATE_UNSUBSCRIBE_PER_MINUTE", 10, help="per unsubscribe link, on all replicas together; 0: no limit"
    )
    imports_per_minute: int = env(
        "KANTINE_RATE_IMPORTS_PER_MINUTE", 30000, help="the import token's calls, on all replicas together; 0: no limit"
    )
    live_streams_per_person: int = env(
        "KANTINE_LIVE_STREAMS_PER_PERSON", 10, help="open live pages per person on one replica; 0: no limit"
    )
    trusted_proxies: str = env(
        "KANTINE_TRUSTED_PROXIES", "",
        help="addresses or networks of the ingress whose X-Forwarded-For names the client (comma-separated); "
        "empty: the connection's address",
    )  # fmt: skip
    upstream_timeout_s: float = env("KANTINE_UPSTREAM_TIMEOUT_S", 5.0, help="the deadline of every call to a service")
    presence_visit_every_s: float = env(
        "KANTINE_PRESENCE_VISIT_EVERY_S", 300.0, help="at most one Visited event per person this often"
    )
    presence_window_s: float = env(
        "KANTINE_PRESENCE_WINDOW_S", 300.0, help="one FeedViewed event (posts shown, to how many) per window"
    )
    presence_retention_days: float = env(
        "KANTINE_PRESENCE_RETENTION_DAYS", 7.0, help="published presence events are deleted from the gateway after"
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(self.session_secret) < 32:
            raise ConfigError("KANTINE_SESSION_SECRET must be at least 32 characters")
        if 0 < len(self.scim_token) < 32:
            raise ConfigError("KANTINE_SCIM_TOKEN must be at least 32 characters (or empty: no SCIM)")
        if 0 < len(self.import_token) < 32:
            raise ConfigError("KANTINE_IMPORT_TOKEN must be at least 32 characters (or empty: no import)")
        if self.import_token and self.import_token == self.scim_token:
            raise ConfigError("KANTINE_IMPORT_TOKEN must differ from KANTINE_SCIM_TOKEN: they grant different powers")
        if "*" in (p.strip() for p in self.trusted_proxies.split(",")):
            raise ConfigError(
                "KANTINE_TRUSTED_PROXIES=*: any client could then say who it is in X-Forwarded-For (and escape the "
                "sign-in limits); name the ingress's addresses or networks, such as 10.0.0.0/8"
            )
        if self.oidc_issuer and not self.oidc_client_id:
            raise ConfigError("KANTINE_OIDC_CLIENT_ID is needed with KANTINE_OIDC_ISSUER")
        if not self.public_url.startswith(("http://", "https://")):
            raise ConfigError(f"KANTINE_PUBLIC_URL={self.public_url!r}: an http:// or https:// address")
        listen_host = self.http_listen.rpartition(":")[0].strip("[]")
        if (
            self.dev_signin
            and not self.dev_signin_unsafe
            and not (is_loopback(self.public_url) and listen_host in LOOPBACK)
        ):
            raise ConfigError(
                f"KANTINE_DEV_SIGNIN lets anyone sign in as anyone, and KANTINE_PUBLIC_URL={self.public_url!r} or "
                f"KANTINE_HTTP_LISTEN={self.http_listen!r} is not a loopback address; use it only on your own "
                "machine, or set KANTINE_DEV_SIGNIN_UNSAFE=true for a shared demo with nothing real in it"
            )

    @property
    def audience(self) -> str:
        return self.oidc_audience or self.oidc_client_id
