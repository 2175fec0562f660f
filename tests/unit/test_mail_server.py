"""The mail catcher's files and the platform's e-mail wiring, without starting any process."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from kantine import cli
from kantine.platform import supervisor
from kantine.platform.mail_server import MailboxHandler, message_files, read_mailbox

STATE: dict[str, Any] = {
    "nats": {"url": "nats://127.0.0.1:4222"},
    "postgres": {"url": "postgresql://postgres@127.0.0.1:5432/kantine"},
    "mail": {"smtp": "127.0.0.1:2525", "port": 2525, "dir": "/tmp/mail", "pid": None},
    "notify_secret": "from-state",
}


def raw(subject: str, to: str = "a@example.org") -> bytes:
    return (
        f"From: k@localhost\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Tue, 01 Jul 2025 10:00:00 +0000\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
    ).encode()


async def test_handler_writes_whole_files_in_arrival_order(tmp_path: Path) -> None:
    handler = MailboxHandler(tmp_path / "mail")
    for n in range(3):
        envelope = SimpleNamespace(
            mail_from="k@localhost", rcpt_tos=[f"p{n}@example.org"], original_content=raw(f"s{n}")
        )
        assert (await handler.handle_DATA(None, None, envelope)).startswith("250")
    files = message_files(tmp_path / "mail")
    assert [f.suffix for f in files] == [".eml"] * 3
    assert list((tmp_path / "mail").glob(".*")) == []  # no temporary file left behind
    messages = read_mailbox(tmp_path / "mail")
    assert [m["Subject"] for m in messages] == ["s0", "s1", "s2"]
    assert messages[2]["X-RcptTo"] == "p2@example.org"
    assert [m["Subject"] for m in read_mailbox(tmp_path / "mail", last=2)] == ["s1", "s2"]
    assert read_mailbox(tmp_path / "mail", last=0) == []


def test_platform_env_points_services_at_the_catcher() -> None:
    env = supervisor.platform_env(STATE, environ={})
    assert env["KANTINE_SMTP_HOST"] == "127.0.0.1"
    assert env["KANTINE_SMTP_PORT"] == "2525"
    assert env["KANTINE_SMTP_SECURITY"] == "none"
    assert env["KANTINE_SMTP_USERNAME"] == env["KANTINE_SMTP_PASSWORD"] == ""
    assert env["KANTINE_NOTIFY_SECRET"] == "from-state"
    assert env["KANTINE_NOTIFY_EMAIL_DELAY_S"] == "60"


def test_platform_env_leaves_your_own_settings_alone() -> None:
    state = {**STATE, "mail": {"smtp": "mail.example.org:587", "external": True}}
    environ = {"KANTINE_NOTIFY_SECRET": "mine", "KANTINE_NOTIFY_EMAIL_DELAY_S": "600"}
    env = supervisor.platform_env(state, environ=environ)
    for key in ("KANTINE_SMTP_HOST", "KANTINE_SMTP_PORT", "KANTINE_SMTP_SECURITY", "KANTINE_NOTIFY_SECRET"):
        assert key not in env
    assert "KANTINE_NOTIFY_EMAIL_DELAY_S" not in env
    assert {**environ, **env}["KANTINE_NOTIFY_SECRET"] == "mine"


def test_status_reports_the_mailbox(tmp_path: Path) -> None:
    MailboxHandler(tmp_path).write(raw("one"))
    lines = supervisor.mail_report({"mail": {**STATE["mail"], "dir": str(tmp_path)}})
    assert "127.0.0.1:2525" in lines[0] and "STOPPED" in lines[0]
    assert lines[1].startswith(f"mailbox {tmp_path}: 1 message ")
    assert "external" in supervisor.mail_report({"mail": {"smtp": "mx:25", "external": True}})[0]
    assert supervisor.mail_report({}) == []


def test_kantine_mail_lists_the_newest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KANTINE_HOME", str(tmp_path))
    cli.main(["mail"])
    assert "no e-mail caught yet" in capsys.readouterr().out
    handler = MailboxHandler(tmp_path / "mail")
    for n in range(12):
        handler.write(raw(f"subject {n}", to=f"p{n}@example.org"))
    cli.main(["mail", "--last", "2"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("p10@example.org  subject 10") and lines[1].endswith("subject 11")
    cli.main(["mail"])
    assert len(capsys.readouterr().out.splitlines()) == 10
