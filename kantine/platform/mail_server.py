"""A mail catcher for the demo and the tests: an SMTP server that keeps every message as a file.

`make demo` shows real e-mails (headers, both parts, the unsubscribe link) without a real mail
server and without sending anything anywhere: notify talks plain SMTP to this process, which accepts
every recipient and writes each message to `DIR/<UTC timestamp>-<seq>.eml`. Any mail client opens
those files; `kantine mail` lists them.

    python -m kantine.platform.mail_server --dir DIR --host 127.0.0.1 --port PORT

It runs as its own process, like NATS and PostgreSQL, so it outlives `kantine up` and is stopped by
`kantine down` (SIGTERM). It offers no TLS and no AUTH: it listens on loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import email.message
import email.parser
import email.policy
import itertools
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kantine.platform.procs import free_port, port_open, terminate, wait_until

__all__ = ["MailServer", "MailboxHandler", "message_files", "read_mailbox", "serve"]

log = logging.getLogger("kantine.mail_server")

SUFFIX = ".eml"


class MailboxHandler:
    """aiosmtpd handler: accept every recipient and write each message to its own file.

    The file appears under its final name only once complete (written to a hidden temporary name,
    then renamed, which is atomic within one directory), so a reader never parses half a message.
    File names start with the UTC time of arrival, so sorting by name is sorting by arrival, also
    across restarts of the catcher; the sequence number keeps names unique within one process.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._seq = itertools.count(1)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's hook name)
        raw: bytes = envelope.original_content or b""
        # the envelope is what the server was told, which can differ from To (Bcc): keep it visible,
        # as aiosmtpd's own Mailbox handler does
        trace = f"X-MailFrom: {envelope.mail_from}\r\nX-RcptTo: {', '.join(envelope.rcpt_tos)}\r\n"
        # fsync and rename off the event loop, so other sessions are not held up meanwhile
        path = await asyncio.to_thread(self.write, trace.encode("utf-8", "replace") + raw)
        subject = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(raw).get("subject", "")
        log.info("caught %s from %s to %s: %s", path.name, envelope.mail_from, ", ".join(envelope.rcpt_tos), subject)
        return "250 OK: caught, not delivered"

    def write(self, data: bytes) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        final = self.directory / f"{stamp}-{next(self._seq):06d}{SUFFIX}"
        tmp = self.directory / f".{final.name}.tmp"
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(final)
        return final


async def serve(directory: Path, host: str, port: int, stop: asyncio.Event | None = None) -> None:
    """Run the catcher until `stop` is set, or until SIGTERM or SIGINT when no event is given."""
    from aiosmtpd.smtp import SMTP

    handler = MailboxHandler(directory)
    loop = asyncio.get_running_loop()
    if stop is None:
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
    # a fixed hostname: aiosmtpd would otherwise ask DNS for this machine's FQDN on every connection
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="kantine-mail-catcher", enable_SMTPUTF8=True, loop=loop), host=host, port=port
    )
    log.info("catching mail on %s:%d into %s", host, port, directory)
    try:
        await stop.wait()
    finally:
        server.close()
        await server.wait_closed()
        log.info("stopped")


def message_files(directory: str | Path) -> list[Path]:
    """The caught messages' files, oldest first; none if the directory does not exist."""
    return sorted(Path(directory).glob(f"*{SUFFIX}"))


def read_mailbox(directory: str | Path, last: int | None = None) -> list[email.message.EmailMessage]:
    """The caught messages, oldest first, parsed with email.policy.default (so headers are str and
    get_body() works); only the newest `last` ones when given."""
    files = message_files(directory)
    if last is not None:
        files = files[-last:] if last > 0 else []
    parser = email.parser.BytesParser(_class=email.message.EmailMessage, policy=email.policy.default)
    messages = []
    for path in files:
        with open(path, "rb") as f:
            message = parser.parse(f)
        assert isinstance(message, email.message.EmailMessage)
        messages.append(message)
    return messages


@dataclasses.dataclass
class MailServer:
    """The catcher as a child process, for `kantine up` and the tests, shaped like NatsServer."""

    directory: Path
    port: int = 0
    host: str = "127.0.0.1"
    proc: subprocess.Popen[bytes] | None = None
    pid: int | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"smtp://{self.address}"

    @property
    def log(self) -> Path:
        # beside the mailbox, not in it: the mailbox holds messages only
        return self.directory.parent / f"{self.directory.name}-server.log"

    def start(self, *, detach: bool = False, timeout: float = 30.0) -> MailServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        root = Path(__file__).resolve().parents[2]
        pythonpath = os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH", "")) if p)
        log_file = open(self.log, "ab")  # noqa: SIM115 (handed to the child)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kantine.platform.mail_server", *self._args()],
                env={**os.environ, "PYTHONPATH": pythonpath, "PYTHONUNBUFFERED": "1"},
                stdout=log_file,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=detach,
            )
        finally:
            log_file.close()  # the child has its own copy
        self.pid = self.proc.pid
        wait_until(self.healthy, timeout, "mail catcher", self.proc, self.log)
        return self

    def _args(self) -> list[str]:
        return ["--dir", str(self.directory), "--host", self.host, "--port", str(self.port)]

    def healthy(self) -> bool:
        return port_open(self.port, self.host)

    def stop(self) -> None:
        terminate(self.pid, signal.SIGTERM)
        if self.proc is not None:
            self.proc.wait()  # reaps it: no zombie left behind


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kantine.platform.mail_server", description=__doc__)
    parser.add_argument("--dir", type=Path, required=True, help="where each message is written as an .eml file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command chatter
    asyncio.run(serve(args.dir, args.host, args.port))


if __name__ == "__main__":
    main()
