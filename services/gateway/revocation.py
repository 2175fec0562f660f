"""How an ended session reaches every gateway replica: the bus.

Two ways, for two promises:
- at once: every replica listens (core NATS, no durable consumer) to the feed's `UserDeactivated` and to
  the gateway's own `<prefix>.gateway.sessions` messages (a logout or "sign out everywhere" on another
  replica), and refuses those sessions and bearer identities from the next request on, closing their
  live streams;
- for certain: a durable consumer ends a deactivated person's session rows in PostgreSQL, so a replica
  that was away from the bus when it happened refuses them too, at its next look at the row
  (`sessions.RECHECK_S`), and so does every replica started later.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from typing import Any

from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription

from kantine import codec, directory, metrics
from kantine.consumer import EventContext, Router
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from services.gateway import store
from services.gateway.sessions import Sessions

log = logging.getLogger("kantine.gateway.sessions")
CONSUMER = "gateway"


def sessions_subject(topology: Topology) -> str:
    return f"{topology.prefix}.gateway.sessions"


def build_router() -> Router:
    """The gateway's durable consumer: a deactivated person's sessions end in the table, and none starts
    or is used again until they are reactivated (`deactivated_people`)."""
    router = Router(CONSUMER)

    @router.on(ev.UserDeactivated)
    @directory.only_newest(directory.fixed(directory.ACTIVE))
    async def deactivated(event: ev.UserDeactivated, ctx: EventContext) -> None:
        await store.set_deactivated(ctx.conn, event.user_id, True)  # no session starts or is used again
        ended, _ = await store.end_sessions_of(ctx.conn, event.user_id, "deactivated")
        if ended:
            metrics.sessions_ended.add(ended, {"why": "deactivated"})
            log.info("ended %d sessions of %s: deactivated", ended, event.user_id)

    @router.on(ev.UserReactivated)
    @directory.only_newest(directory.fixed(directory.ACTIVE))
    async def reactivated(event: ev.UserReactivated, ctx: EventContext) -> None:
        await store.set_deactivated(ctx.conn, event.user_id, False)

    return router


class SessionBus:
    def __init__(self, sessions: Sessions, nc: NatsClient, topology: Topology) -> None:
        self.sessions = sessions
        self.nc = nc
        self.topology = topology
        self._subscriptions: list[Subscription] = []

    async def start(self) -> None:
        deactivated = self.topology.event_subject(codec.event_type_of(ev.UserDeactivated))
        self._subscriptions = [
            await self.nc.subscribe(deactivated, cb=self._deactivated),
            await self.nc.subscribe(sessions_subject(self.topology), cb=self._heard),
        ]
        self.sessions.announce = self._announce

    async def stop(self) -> None:
        for subscription in self._subscriptions:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()

    async def _announce(self, message: dict[str, Any]) -> None:
        """Tell the other replicas; if the bus is away they look at the row within RECHECK_S anyway."""
        try:
            await self.nc.publish(sessions_subject(self.topology), json.dumps(message).encode())
        except Exception as exc:  # noqa: BLE001 - the table has it; the bus only makes it sooner
            log.warning("could not tell the other replicas that a session ended: %s", exc)

    async def _deactivated(self, msg: Msg) -> None:
        try:
            user_id = ev.UserDeactivated.FromString(msg.data).user_id
        except Exception:  # noqa: BLE001 - not ours to judge; the durable consumer sees it too
            return
        if user_id:
            self.sessions.revocations.person_ended(user_id, time.time())

    async def _heard(self, msg: Msg) -> None:
        try:
            message = json.loads(msg.data)
        except ValueError:
            return
        if isinstance(message, dict):
            self.sessions.heard(message)
