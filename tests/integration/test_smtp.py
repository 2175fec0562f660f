"""notify's SMTP sender against real SMTP servers (aiosmtpd on free loopback ports), and the demo
mail catcher as the process `kantine up` starts."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from kantine.platform.mail_server import MailServer, read_mailbox
from kantine.platform.procs import alive, free_port
from services.notify.smtp import OutgoingEmail, SendError, SmtpConfig, SmtpSender, build_message

REFUSED = "nobody@example.org"


class Recorder:
    """Keeps what the server accepted; refuses REFUSED with 550 as a real server refuses an unknown
    mailbox; notes the login each message came with."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes, Any]] = []  # envelope recipients, data, login
        self.tls: list[bool] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:
        if address == REFUSED:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        login = session.auth_data.login if isinstance(session.auth_data, LoginPassword) else None
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content, login))
        # session.ssl is set by STARTTLS only; an implicit-TLS transport carries its SSL context
        self.tls.append(session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None)
        return "250 OK"

    def parsed(self) -> list[Any]:
        import email
        import email.policy

        return [email.message_from_bytes(data, policy=email.policy.default) for _, data, _ in self.messages]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def start(handler: Recorder, **kwargs: Any) -> Controller:
    # no SMTPUTF8, like many servers: a non-ASCII display name must still get through
    kwargs.setdefault("enable_SMTPUTF8", False)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), server_hostname="test-smtp", **kwargs)
    controller.start()
    return controller


@pytest.fixture
def smtp_server(recorder: Recorder) -> Iterator[Controller]:
    controller = start(recorder)
    yield controller
    controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed; it makes the self-signed certificate")
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    name_and_days = ["-subj", "/CN=localhost", "-days", "1"]
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            *name_and_days,
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def config(port: int, **kwargs: Any) -> SmtpConfig:
    return SmtpConfig(
        host="127.0.0.1", port=port, timeout_s=5.0, mail_from="Kantine <kantine@kantine.example>", **kwargs
    )


def outgoing(n: int, to: str = "", **kwargs: Any) -> OutgoingEmail:
    values: dict[str, Any] = {
        "to": to or f"Zoë {n} <person{n}@example.org>",
        "subject": f"Anna replied to your post {n}",
        "text": f"Anna wrote: grüß dich {n}",
        "html": f"<p>Anna wrote: <b>grüß dich {n}</b></p>",
        "message_id": f"notification-{n}",
    }
    return OutgoingEmail(**{**values, **kwargs})


# --- unit level: configuration and message building ---


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"security": "ssl"}, "security 'ssl'"),
        ({"username": "kantine"}, "password is empty"),
        ({"password": "secret"}, "username is empty"),
        ({"port": 0}, "port 0"),
        ({"host": ""}, "host is empty"),
    ],
)
def test_config_validate_names_the_problem(settings: dict[str, Any], complaint: str) -> None:
    values: dict[str, Any] = {"host": "mail.example.org", **settings}
    with pytest.raises(ValueError, match=complaint):
        SmtpConfig(**values).validate()
    with pytest.raises(ValueError, match=complaint):
        SmtpSender(SmtpConfig(**values))


def test_config_auto_means_implicit_tls_on_465_only() -> None:
    assert SmtpConfig("h", port=465).implicit_tls
    assert not SmtpConfig("h", port=587).implicit_tls
    assert SmtpConfig("h", port=587, security="tls").implicit_tls
    assert not SmtpConfig("h", port=465, security="none").implicit_tls


def test_build_message() -> None:
    email = outgoing(1, unsubscribe_url="https://kantine.example/u/abc?sig=1", headers={"X-Kantine-Kind": "reply"})
    msg = build_message(email, "Kantine <kantine@kantine.example>")
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    assert parts[0].get_content().strip() == "Anna wrote: grüß dich 1"
    assert msg["Message-ID"] == "<notification-1@kantine.example>"
    assert msg["List-Unsubscribe"] == "<https://kantine.example/u/abc?sig=1>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Kantine-Kind"] == "reply"
    assert msg["Date"].datetime is not None
    # the same notification gives the same Message-ID, so a retried send can be de-duplicated
    assert build_message(email, "kantine@kantine.example")["Message-ID"] == msg["Message-ID"]


def test_build_message_without_unsubscribe_and_with_a_broken_subject() -> None:
    msg = build_message(outgoing(1, subject="line one\r\nline two"), "kantine@localhost")
    assert "List-Unsubscribe" not in msg and "List-Unsubscribe-Post" not in msg
    assert msg["Subject"] == "line one line two"
    with pytest.raises(ValueError, match="message id"):
        build_message(outgoing(1, message_id="a b@c"), "kantine@localhost")
    with pytest.raises(ValueError, match="Content-Type"):
        build_message(outgoing(1, headers={"Content-Type": "text/plain"}), "kantine@localhost")


# --- against a real SMTP server ---


async def test_batch_arrives_with_headers_and_both_parts(smtp_server: Controller, recorder: Recorder) -> None:
    sender = SmtpSender(config(smtp_server.port, security="none"))
    unsubscribe = "https://kantine.example/unsubscribe/tok"
    results = await sender.send([outgoing(1, unsubscribe_url=unsubscribe), outgoing(2)])
    assert results == [None, None]
    assert [rcpt for rcpt, _, _ in recorder.messages] == [["person1@example.org"], ["person2@example.org"]]
    first, second = recorder.parsed()
    assert first["To"] == "Zoë 1 <person1@example.org>"
    assert first["Subject"] == "Anna replied to your post 1"
    assert first["From"] == "Kantine <kantine@kantine.example>"
    assert first["Message-ID"] == "<notification-1@kantine.example>"
    assert first["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert first.get_body(("plain",)).get_content().strip() == "Anna wrote: grüß dich 1"
    assert first.get_body(("html",)).get_content().strip() == "<p>Anna wrote: <b>grüß dich 1</b></p>"
    assert second["Message-ID"] == "<notification-2@kantine.example>"
    assert "List-Unsubscribe" not in second


async def test_refused_recipient_is_permanent_for_that_message_only(
    smtp_server: Controller, recorder: Recorder
) -> None:
    sender = SmtpSender(config(smtp_server.port, security="none"))
    results = await sender.send([outgoing(1, to=REFUSED), outgoing(2)])
    error = results[0]
    assert isinstance(error, SendError)
    assert error.permanent and error.code == 550
    assert results[1] is None
    assert [rcpt for rcpt, _, _ in recorder.messages] == [["person2@example.org"]]


async def test_unsendable_message_does_not_stop_the_batch(smtp_server: Controller, recorder: Recorder) -> None:
    results = await SmtpSender(config(smtp_server.port, security="none")).send(
        [outgoing(1, message_id="not <valid>"), outgoing(2)]
    )
    assert isinstance(results[0], SendError) and results[0].permanent
    assert results[1] is None
    assert len(recorder.messages) == 1


async def test_nothing_listening_is_transient_for_all() -> None:
    sender = SmtpSender(config(free_port(), security="none"))
    results = await sender.send([outgoing(1), outgoing(2), outgoing(3)])
    assert len(results) == 3
    for error in results:
        assert isinstance(error, SendError)
        assert not error.permanent
        assert "127.0.0.1" in str(error)
    assert results[1] is not results[2]


async def test_empty_batch_opens_no_connection() -> None:
    assert await SmtpSender(config(free_port())).send([]) == []


@pytest.mark.parametrize("security", ["starttls", "auto"])
async def test_auth_over_starttls_with_self_signed_certificate(
    recorder: Recorder, certificate: tuple[Path, Path], security: str
) -> None:
    logins: list[tuple[str, bytes, bytes]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((mechanism, data.login, data.password))
        # handled=False: aiosmtpd answers a failure with 535 itself
        return AuthResult(success=data == (b"kantine", b"s3cret"), handled=False, auth_data=data)

    controller = start(
        recorder,
        tls_context=server_tls(certificate),
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    )
    try:
        good = SmtpSender(
            config(controller.port, security=security, username="kantine", password="s3cret", verify_tls=False)
        )
        assert await good.send([outgoing(1)]) == [None]
        assert recorder.messages[0][2] == b"kantine"
        assert recorder.tls == [True]
        assert logins and logins[0][1:] == (b"kantine", b"s3cret")

        wrong = SmtpSender(
            config(controller.port, security=security, username="kantine", password="nope", verify_tls=False)
        )
        [error] = await wrong.send([outgoing(2)])
        assert isinstance(error, SendError) and not error.permanent and error.code == 535

        # certificates are verified unless a test says otherwise
        [error] = await SmtpSender(config(controller.port, security=security)).send([outgoing(3)])
        assert isinstance(error, SendError) and not error.permanent
        assert "certificate" in str(error)
        assert len(recorder.messages) == 1
    finally:
        controller.stop()


async def test_implicit_tls(recorder: Recorder, certificate: tuple[Path, Path]) -> None:
    controller = start(recorder, ssl_context=server_tls(certificate))
    try:
        sender = SmtpSender(config(controller.port, security="tls", verify_tls=False))
        assert await sender.send([outgoing(1)]) == [None]
        assert recorder.tls == [True]
    finally:
        controller.stop()


async def test_required_starttls_not_offered_fails_clearly(smtp_server: Controller, recorder: Recorder) -> None:
    sender = SmtpSender(config(smtp_server.port, security="starttls"))
    results = await sender.send([outgoing(1), outgoing(2)])
    for error in results:
        assert isinstance(error, SendError) and not error.permanent
        assert "does not offer STARTTLS" in str(error)
    assert recorder.messages == []


async def test_connection_lost_mid_batch_marks_the_rest_transient(recorder: Recorder) -> None:
    class DropsAfterOne(Recorder):
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            if self.messages:
                server.transport.close()
                return "421 closing"
            return await super().handle_DATA(server, session, envelope)

    handler = DropsAfterOne()
    controller = start(handler)
    try:
        results = await SmtpSender(config(controller.port, security="none")).send(
            [outgoing(1), outgoing(2), outgoing(3)]
        )
    finally:
        controller.stop()
    assert results[0] is None
    assert all(isinstance(e, SendError) and not e.permanent for e in results[1:])
    assert len(handler.messages) == 1


# --- the demo mail catcher ---


async def test_mail_catcher_keeps_what_it_receives(tmp_path: Path) -> None:
    mailbox = tmp_path / "mail"
    server = MailServer(mailbox).start()
    try:
        assert server.address == f"127.0.0.1:{server.port}"
        sender = SmtpSender(config(server.port, security="none"))
        assert await sender.send([outgoing(1, unsubscribe_url="https://k.example/u"), outgoing(2)]) == [None, None]
        messages = read_mailbox(mailbox)
        assert [m["Subject"] for m in messages] == ["Anna replied to your post 1", "Anna replied to your post 2"]
        assert messages[0]["To"] == "Zoë 1 <person1@example.org>"
        assert messages[0]["X-RcptTo"] == "person1@example.org"
        assert messages[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        plain = messages[1].get_body(("plain",))
        assert plain is not None and plain.get_content().strip() == "Anna wrote: grüß dich 2"
        assert [m["Subject"] for m in read_mailbox(mailbox, last=1)] == ["Anna replied to your post 2"]
        assert sorted(p.suffix for p in mailbox.iterdir()) == [".eml", ".eml"]  # no temporary files left
    finally:
        server.stop()
    assert server.proc is not None and server.proc.returncode == 0  # SIGTERM is a clean exit
    assert not alive(server.pid)
    assert "caught" in server.log.read_text()
    assert read_mailbox(tmp_path / "nothing-here") == []


def test_up_starts_the_catcher_and_down_stops_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kantine.platform import supervisor

    monkeypatch.setenv("KANTINE_HOME", str(tmp_path))
    monkeypatch.delenv("KANTINE_SMTP_HOST", raising=False)
    state: dict[str, Any] = {}
    supervisor.start_mail(state, tmp_path)
    supervisor.save_state(state)
    pid = state["mail"]["pid"]
    try:
        assert alive(pid)
        assert state["mail"]["dir"] == str(tmp_path / "mail")
        assert state["mail"]["smtp"] == f"127.0.0.1:{state['mail']['port']}"
        supervisor.start_mail(state, tmp_path)  # already running: left alone
        assert state["mail"]["pid"] == pid
    finally:
        supervisor.down()
    assert not alive(pid)
    assert "pid" not in supervisor.load_state()["mail"]

    monkeypatch.setenv("KANTINE_SMTP_HOST", "mail.example.org")
    supervisor.start_mail(state, tmp_path)
    assert state["mail"] == {"smtp": "mail.example.org:25", "external": True}
