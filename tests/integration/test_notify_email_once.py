"""A notification's e-mail goes out at most once across replicas and crashes, and at least once after a
crash before it was handed over.

Two notify replicas share the outbox. The first claims a batch and stalls on the mail server with its
first message (the SMTP server holds it) until its lease has run out; the second claims what is due
then and sends it. Before, both sent the rest of the batch, and the stalled message twice."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from nats.aio.client import Client as NatsClient

from kantine.grpcutil import channel
from kantine.platform.procs import free_port
from kantine.topology import Topology
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc
from services.notify.mailer import Mailer
from services.notify.smtp import SmtpConfig, SmtpSender
from tests.harness import FeedHarness, NotifyHarness, eventually, fetchval
from tests.integration.conftest import Mailbox


class HeldMailbox(Mailbox):
    """Keeps the first message it is given waiting (the server is slow with it) until released."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if not self.holding.is_set():
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        return await super().handle_DATA(server, session, envelope)


@dataclasses.dataclass
class Outbox:
    url: str
    mailbox: HeldMailbox
    notify: NotifyHarness
    fs: Any
    port: int

    def replica(self, lease_s: float) -> Mailer:
        sender = SmtpSender(SmtpConfig(host="127.0.0.1", port=self.port, security="none", timeout_s=30))
        return Mailer(self.notify.pool, sender, self.notify.links, retry_s=(0.3,), lease_s=lease_s)

    async def count(self, where: str) -> int:
        return int(str(await fetchval(self.url, f"SELECT count(*) FROM notify.email_outbox WHERE {where}")))


@pytest.fixture
async def outbox(database_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[Outbox]:
    mailbox = HeldMailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    feed = await FeedHarness.start(database_url, nc, topology)
    notify = await NotifyHarness.start(database_url, nc, topology, smtp_port=port, email_delay_s=0.0, run_outbox=False)
    try:
        async with channel(feed.address) as ch:
            yield Outbox(database_url, mailbox, notify, feed_pb2_grpc.FeedServiceStub(ch), port)
    finally:
        mailbox.release.set()
        await notify.close()
        await feed.close()
        controller.stop()


async def three_mails(o: Outbox) -> list[str]:
    """Three people, each told by e-mail of a comment on their post."""
    commenter = (
        await o.fs.ProvisionUser(f.ProvisionUserRequest(profile=f.Profile(display_name="Cai Comment")))
    ).user_id
    addresses = []
    for name in ("Ada One", "Bo Two", "Cy Three"):
        address = f"{name.lower().replace(' ', '.')}@example.com"
        author = (await o.fs.ProvisionUser(f.ProvisionUserRequest(
            profile=f.Profile(display_name=name, email=address)))).user_id  # fmt: skip
        post = (await o.fs.CreatePost(f.CreatePostRequest(author_id=author, body=f"{name} asks"))).post_id
        await o.fs.AddComment(f.AddCommentRequest(actor_id=commenter, post_id=post, body="an answer"))
        addresses.append(address)

    async def queued() -> bool:
        return await o.count("status = 'pending'") == 3

    await eventually(queued)
    return addresses


async def test_a_batch_whose_lease_ran_out_is_not_sent_again_by_another_replica(outbox: Outbox) -> None:
    o = outbox
    addresses = await three_mails(o)
    slow, other = o.replica(lease_s=0.5), o.replica(lease_s=0.5)
    stalled = asyncio.create_task(slow.send_due())
    await asyncio.get_running_loop().run_in_executor(None, o.mailbox.holding.wait, 30)

    async def lease_over() -> bool:  # the stalled batch's other rows are due again, free to be claimed
        return await o.count("status = 'pending' AND due_at <= now()") >= 2

    await eventually(lease_over)
    assert await other.send_due() == 2  # it claims the two the stalled replica has not handed over yet
    o.mailbox.release.set()
    assert await asyncio.wait_for(stalled, 30) == 3
    for address in addresses:
        assert len(o.mailbox.to(address)) == 1, address
    assert await o.count("status = 'sent'") == 3


async def test_after_a_crash_a_mail_not_yet_handed_over_goes_once_and_one_being_sent_is_not_repeated(
    outbox: Outbox,
) -> None:
    o = outbox
    first, second, third = await three_mails(o)
    # a sender died: it had claimed all three (their lease still runs) and was handing the first to SMTP
    await fetchval(o.url, """UPDATE notify.email_outbox SET claim = gen_random_uuid(), attempts = 1,
                                    due_at = now() + interval '1 hour'""")  # fmt: skip
    await fetchval(o.url, """UPDATE notify.email_outbox SET status = 'sending',
                                    sending_since = now() - interval '1 hour'
                             WHERE email_id = (SELECT email_id FROM notify.email_outbox e JOIN notify.recipients u
                                               ON u.user_id = e.recipient WHERE u.email = $1)""", first)  # fmt: skip
    o.mailbox.holding.set()  # nothing to hold in this test
    replica = o.replica(lease_s=30)
    assert await replica.send_due() == 0  # the lease of the dead sender's claim still runs: nothing is due
    assert await o.count("status = 'failed' AND last_error LIKE '%may have gone out%'") == 1
    await fetchval(o.url, "UPDATE notify.email_outbox SET due_at = now() WHERE status = 'pending'")  # its lease ends
    assert await replica.send_due() == 2
    assert [len(o.mailbox.to(a)) for a in (first, second, third)] == [0, 1, 1]
    assert await replica.send_due() == 0  # and nothing more
