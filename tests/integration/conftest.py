"""What the notify tests share: a feed and a notify in-process on one database, an SMTP server the test
can stop and start, and a little vocabulary for people, posts and inboxes."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import uuid
from collections.abc import AsyncIterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from nats.aio.client import Client as NatsClient

from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.platform.procs import free_port
from kantine.topology import Topology
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc, notify_pb2_grpc
from kantine.v1 import notify_pb2 as n
from tests.harness import FeedHarness, NotifyHarness, eventually, fetchval


class Mailbox:
    """An aiosmtpd handler that keeps what it is sent."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    """A real SMTP server on a fixed port that a test can stop and start again (an outage)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@dataclasses.dataclass
class World:
    feed: FeedHarness
    notify: NotifyHarness
    fs: Any  # FeedServiceStub
    ns: Any  # NotifyServiceStub
    smtp: SmtpServer
    url: str

    async def person(self, name: str, **profile: Any) -> str:
        user_id = new_id()
        email_address = f"{name.lower().replace(' ', '.')}@example.com"
        await self.fs.ProvisionUser(
            f.ProvisionUserRequest(
                user_id=user_id, profile=f.Profile(display_name=name, email=email_address, **profile)
            )
        )
        return user_id

    async def post(self, author: str, body: str = "hello", **kw: Any) -> str:
        reply = await self.fs.CreatePost(f.CreatePostRequest(author_id=author, body=body, **kw))
        return str(reply.post_id)

    async def inbox(self, user: str, **kw: Any) -> n.NotificationPage:
        return await self.ns.ListNotifications(n.ListNotificationsRequest(user_id=user, **kw))

    async def settle(self, *, fan_out: bool = True) -> None:
        """Wait until notify has applied everything the feed has committed, and its fan-out worker has
        told everyone of a large group's posts (those the consumer handed to it); not for a test that
        holds the worker back (`fan_out=False`)."""
        await self.feed.relay.publish_pending()
        await self.notify.consumer.wait_idle()
        if not fan_out:
            return

        async def fanned_out() -> bool:
            return await fetchval(self.url, "SELECT count(*) FROM notify.fanouts WHERE NOT done") == 0

        await eventually(fanned_out)

    async def known(self, *users: str) -> None:
        """Wait until notify's projection has these people (the consumer runs behind the feed)."""

        async def all_known() -> bool:
            count = await fetchval(self.url, "SELECT count(*) FROM notify.recipients WHERE user_id = ANY($1::uuid[])",
                                   [uuid.UUID(u) for u in users])  # fmt: skip
            return count == len(users)

        await eventually(all_known)


@pytest.fixture
async def world(database_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[World]:
    smtp = SmtpServer()
    smtp.start()
    feed = await FeedHarness.start(database_url, nc, topology)
    notify = await NotifyHarness.start(database_url, nc, topology, smtp_port=smtp.port, email_delay_s=1.0)
    async with channel(feed.address) as fch, channel(notify.address) as nch:
        yield World(
            feed, notify, feed_pb2_grpc.FeedServiceStub(fch), notify_pb2_grpc.NotifyServiceStub(nch), smtp, database_url
        )
    await notify.close()
    await feed.close()
    smtp.stop()
