"""Notify settings: the platform's, plus SMTP, delays and fan-out sizes."""

from __future__ import annotations

import dataclasses

from kantine.config import ConfigError, PlatformSettings, env


@dataclasses.dataclass(frozen=True)
class NotifySettings(PlatformSettings):
    smtp_host: str = env("KANTINE_SMTP_HOST", "", help="SMTP server; empty: no e-mail is sent (in-app only)")
    smtp_port: int = env("KANTINE_SMTP_PORT", 25)
    smtp_security: str = env(
        "KANTINE_SMTP_SECURITY", "auto", help="none, starttls, tls, or auto (465: tls, else STARTTLS when offered)"
    )
    smtp_username: str = env("KANTINE_SMTP_USERNAME", "")
    smtp_password: str = env("KANTINE_SMTP_PASSWORD", "")
    smtp_timeout_s: float = env("KANTINE_SMTP_TIMEOUT_S", 30.0)
    mail_from: str = env("KANTINE_MAIL_FROM", "Kantine <kantine@localhost>", help="the From of every e-mail")
    public_url: str = env("KANTINE_PUBLIC_URL", "http://localhost:8080", help="the web page's address, for links")
    secret: str = env(
        "KANTINE_NOTIFY_SECRET", "", help="signs the one-click unsubscribe links; a long random string, kept secret"
    )
    email_delay_s: float = env(
        "KANTINE_NOTIFY_EMAIL_DELAY_S", 600.0, help="an e-mail goes out only if the notification is unseen this long"
    )
    email_retry_s: str = env(
        "KANTINE_NOTIFY_EMAIL_RETRY_S", "30,120,600,1800,7200", help="waits between attempts; then it is reported"
    )
    digest_check_s: float = env("KANTINE_NOTIFY_DIGEST_CHECK_S", 300.0, help="how often due digests are looked for")
    digest_items: int = env("KANTINE_NOTIFY_DIGEST_ITEMS", 8, help="posts in one digest at most")
    fanout_inline: int = env(
        "KANTINE_NOTIFY_FANOUT_INLINE", 500, help="a group this big or smaller is notified in the event's transaction"
    )
    fanout_chunk: int = env("KANTINE_NOTIFY_FANOUT_CHUNK", 2000, help="members per transaction of a large fan-out")
    large_group: int = env(
        "KANTINE_NOTIFY_LARGE_GROUP", 200, help="from this size a group's default level is highlights, not all posts"
    )

    def retry_delays(self) -> tuple[float, ...]:
        try:
            delays = tuple(float(x) for x in self.email_retry_s.split(",") if x.strip())
        except ValueError:
            delays = ()
        if not delays or any(d < 0 for d in delays):
            raise ConfigError(f"KANTINE_NOTIFY_EMAIL_RETRY_S={self.email_retry_s!r}: comma-separated seconds")
        return delays
