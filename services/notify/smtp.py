"""The outgoing side of notify's e-mail: build a message, hand a batch of them to one SMTP server.

Delivery is at least once: notify retries a message whose send failed transiently, so the same
e-mail can reach the server twice (say the connection drops after the server accepted the data but
before its reply arrived). Each message therefore carries a Message-ID the caller derives from the
notification, so a retry carries the same id and mail clients can drop the duplicate.

Errors are sorted into permanent (the server refused this recipient or this message with a 5xx
reply: a retry gets the same answer) and transient (everything else: nothing listening, timeouts,
4xx replies, a dropped connection, a refused login or a missing STARTTLS, which an operator can fix
while the retries are still running).

Logs carry ids and SMTP codes only, never an address, a subject or a body (see kantine/logs.py).
"""

from __future__ import annotations

import dataclasses
import email.message
import email.policy
import email.utils
import logging
import re
import ssl
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from types import MappingProxyType

import aiosmtplib

__all__ = ["SECURITY_MODES", "OutgoingEmail", "SendError", "SmtpConfig", "SmtpSender", "build_message"]

log = logging.getLogger("kantine.notify.smtp")

SECURITY_MODES = ("none", "starttls", "tls", "auto")
IMPLICIT_TLS_PORT = 465

# The characters RFC 5322 allows in the left part of a Message-ID (dot-atom-text): anything else
# would make the header unparseable, so build_message refuses it rather than mangle it.
_ID_LEFT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+")
# Headers build_message owns: a caller's extra header must not change the MIME structure.
_STRUCTURAL = frozenset({"content-type", "content-transfer-encoding", "mime-version"})


@dataclasses.dataclass(frozen=True)
class SmtpConfig:
    """Where and how to hand e-mail over.

    security: "none" never uses TLS (a relay on localhost, the demo mail catcher); "starttls"
    requires the server to offer STARTTLS and fails otherwise (so a stripped STARTTLS offer cannot
    downgrade the connection to plain text); "tls" is implicit TLS from the first byte (port 465);
    "auto" is implicit TLS on port 465 and otherwise STARTTLS whenever the server offers it.

    verify_tls=False accepts any certificate; it exists for tests with a self-signed certificate
    and is deliberately not an environment setting.
    """

    host: str
    port: int = 25
    security: str = "auto"
    username: str = ""
    password: str = ""
    timeout_s: float = 30.0
    mail_from: str = "Kantine <kantine@localhost>"
    verify_tls: bool = True

    def validate(self) -> None:
        """Raise ValueError naming the bad setting; called when a sender is made, so at start-up."""
        if not self.host:
            raise ValueError("SMTP host is empty")
        if not 0 < self.port < 65536:
            raise ValueError(f"SMTP port {self.port} is not a TCP port (1-65535)")
        if self.security not in SECURITY_MODES:
            raise ValueError(f"SMTP security {self.security!r} is not one of {', '.join(SECURITY_MODES)}")
        if self.username and not self.password:
            raise ValueError("SMTP username is set but the password is empty: set both or neither")
        if self.password and not self.username:
            raise ValueError("SMTP password is set but the username is empty: set both or neither")
        if self.timeout_s <= 0:
            raise ValueError(f"SMTP timeout {self.timeout_s} s must be positive")
        if not email.utils.parseaddr(self.mail_from)[1]:
            raise ValueError(f"mail from {self.mail_from!r} holds no e-mail address")

    @property
    def implicit_tls(self) -> bool:
        return self.security == "tls" or (self.security == "auto" and self.port == IMPLICIT_TLS_PORT)


@dataclasses.dataclass(frozen=True)
class OutgoingEmail:
    """One e-mail to one person. message_id is the caller's stable id for it (e.g. derived from
    the notification id), without angle brackets or domain: build_message adds those."""

    to: str
    subject: str
    text: str
    html: str
    message_id: str
    unsubscribe_url: str = ""
    headers: Mapping[str, str] = dataclasses.field(default_factory=lambda: MappingProxyType({}))


class SendError(Exception):
    """Why one message was not handed over. permanent=True: the server refused this recipient or
    message for good (5xx); do not retry. permanent=False: retrying later may succeed.
    code is the SMTP reply code when the server gave one."""

    def __init__(self, message: str, *, permanent: bool, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.code = code

    def __repr__(self) -> str:
        return f"SendError({self.message!r}, permanent={self.permanent}, code={self.code})"


def message_id_header(message_id: str, mail_from: str) -> str:
    """`<{message_id}@{domain of mail_from}>`: the same notification gives the same header."""
    if not _ID_LEFT.fullmatch(message_id) or message_id.startswith(".") or message_id.endswith("."):
        raise ValueError(f"message id {message_id!r} is not a valid Message-ID left part")
    domain = email.utils.parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    return f"<{message_id}@{domain}>"


def build_message(email_: OutgoingEmail, mail_from: str) -> email.message.EmailMessage:
    """A multipart/alternative message, plain text first (clients show the last part they can
    render, so HTML wins where supported), both UTF-8 and quoted-printable: 7-bit safe for any
    server and no line over the 998-octet limit however long the HTML's lines are.

    Auto-Submitted tells auto-responders not to answer (RFC 3834); List-Unsubscribe with
    List-Unsubscribe-Post makes the mail client's one-click unsubscribe a POST to the URL (RFC 8058)
    that a link scanner's GET cannot trigger. Raises ValueError for a value that cannot go into a
    header (an invalid message id, a line break in the URL or in an extra header).
    """
    msg = email.message.EmailMessage(policy=email.policy.default)
    msg["From"] = mail_from
    msg["To"] = email_.to
    # a subject is built from people's text: fold any line breaks rather than fail the message
    msg["Subject"] = " ".join(email_.subject.split())
    msg["Date"] = email.utils.format_datetime(datetime.now(UTC))
    msg["Message-ID"] = message_id_header(email_.message_id, mail_from)
    msg["Auto-Submitted"] = "auto-generated"
    if email_.unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{email_.unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    for name, value in email_.headers.items():
        if name.lower() in _STRUCTURAL:
            raise ValueError(f"header {name} is set by build_message and cannot be overridden")
        del msg[name]
        msg[name] = value
    msg.set_content(email_.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(email_.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return msg


@dataclasses.dataclass(frozen=True, slots=True)
class Taken:
    """A message not handed over because another sender claimed it meanwhile (nothing went wrong)."""


TAKEN = Taken()


class SmtpSender:
    """Hands batches of e-mail to one SMTP server, one connection per batch.

    One connection per batch keeps the TLS handshake and the login to one per batch instead of one
    per message, while a connection is never held open between batches (servers drop idle clients
    after a few minutes). A sender holds no connection itself, so one sender can serve concurrent
    batches.
    """

    def __init__(self, config: SmtpConfig) -> None:
        config.validate()
        self.config = config

    def _client(self) -> aiosmtplib.SMTP:
        c = self.config
        return aiosmtplib.SMTP(
            hostname=c.host,
            port=c.port,
            timeout=c.timeout_s,
            use_tls=c.implicit_tls,
            # auto: aiosmtplib's opportunistic STARTTLS; starttls: done in _secure_and_login, to fail clearly
            start_tls=None if c.security == "auto" and not c.implicit_tls else False,
            validate_certs=c.verify_tls,
        )

    async def _secure_and_login(self, smtp: aiosmtplib.SMTP) -> None:
        c = self.config
        if c.security == "starttls":
            await smtp.ehlo()
            if not smtp.supports_extension("starttls"):
                raise SendError(
                    f"SMTP server {c.host}:{c.port} does not offer STARTTLS, which security='starttls' requires "
                    "(use 'tls' for a server that speaks TLS from the start, or 'none' for a local relay)",
                    permanent=False,
                )
            await smtp.starttls()
        if c.username:
            await smtp.login(c.username, c.password)

    async def send(
        self, emails: Sequence[OutgoingEmail], claim: Callable[[int], Awaitable[bool]] | None = None
    ) -> list[SendError | Taken | None]:
        """Send each message in turn; the result list matches `emails`: None for a message the
        server accepted, else its SendError. Never raises for a message's or the connection's
        failure: if the connection cannot be made or is lost, that message and every one after
        it get a transient SendError (the earlier ones were accepted and keep their None).

        `claim(i)`, when given, is asked right before message i is handed over: False (another sender
        has it now) skips it, and its result is TAKEN."""
        results: list[SendError | Taken | None] = []
        if not emails:
            return results
        c = self.config
        failure: SendError | None = None
        try:
            async with self._client() as smtp:
                await self._secure_and_login(smtp)
                for i, outgoing in enumerate(emails):
                    if claim is not None and not await claim(i):
                        results.append(TAKEN)
                        continue
                    results.append(await self._send_one(smtp, outgoing))
        except SendError as exc:
            failure = exc
        except aiosmtplib.SMTPResponseException as exc:
            # a refusal of the session: greeting, EHLO, STARTTLS, AUTH (535: wrong password) or a
            # 421 (the server is closing the connection) in the middle of the batch
            failure = SendError(
                f"SMTP server {c.host}:{c.port}: {exc.code} {exc.message}", permanent=False, code=exc.code
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            # OSError covers ssl.SSLError (e.g. certificate verify failed) and socket errors;
            # SMTPServerDisconnected and SMTPTimeoutError are SMTPExceptions
            failure = SendError(f"SMTP server {c.host}:{c.port}: {_describe(exc)}", permanent=False)
        remaining = len(emails) - len(results)
        if failure is not None and remaining:  # (a failed QUIT after the last message changes nothing)
            log.warning(
                "SMTP connection failed; messages left for a retry",
                extra={
                    "smtp_server": f"{c.host}:{c.port}",
                    "error": failure.message,
                    "sent": sum(r is None for r in results),
                    "not_sent": remaining,
                },
            )
            results.append(failure)
            results.extend(SendError(failure.message, permanent=False, code=failure.code) for _ in range(remaining - 1))
        return results

    async def _send_one(self, smtp: aiosmtplib.SMTP, outgoing: OutgoingEmail) -> SendError | None:
        """The outcome of one message; connection-level failures propagate to end the batch."""
        fields: dict[str, object] = {"message_id": outgoing.message_id}
        try:
            message = build_message(outgoing, self.config.mail_from)
            # the envelope is the To header's address(es) only: an extra Cc or Bcc header must not add
            # recipients, and a display name ("Zoë <zoe@example.org>") must not reach the envelope,
            # where its non-ASCII letters would demand SMTPUTF8 of the server
            recipients = [address.addr_spec for address in message["To"].addresses]
            await smtp.send_message(message, recipients=recipients)
        except ValueError as exc:
            # an address or header that cannot be sent: the same message will never go out
            error = SendError(f"message cannot be sent: {exc}", permanent=True)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            refusal = exc.recipients[0]
            error = SendError(
                f"recipient refused: {refusal.code} {refusal.message}",
                permanent=refusal.code >= 500,
                code=refusal.code,
            )
        except aiosmtplib.SMTPSenderRefused as exc:
            # a refused MAIL FROM is about our configuration, not this message, and fixing it
            # lets the retries through; 552 there is the SIZE check: this message is too big
            error = SendError(f"sender refused: {exc.code} {exc.message}", permanent=exc.code == 552, code=exc.code)
        except aiosmtplib.SMTPResponseException as exc:
            if exc.code == 421:  # the server is closing the connection: the batch ends here
                raise
            error = SendError(f"message refused: {exc.code} {exc.message}", permanent=exc.code >= 500, code=exc.code)
        except aiosmtplib.SMTPNotSupported as exc:
            # e.g. a non-ASCII address for a server without SMTPUTF8
            error = SendError(f"message cannot be sent to this server: {exc.message}", permanent=True)
        else:
            log.info("e-mail handed over", extra=fields)
            return None
        log.warning(
            "e-mail refused",
            extra={**fields, "smtp_code": error.code, "permanent": error.permanent},
        )
        return error


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted: {exc.verify_message}"
    if isinstance(exc, aiosmtplib.SMTPException):
        return exc.message
    return str(exc) or type(exc).__name__
