"""Event consumers: a router of typed handlers, run against a durable JetStream pull consumer.

    router = Router("authors")

    @router.on(PostCreated)
    async def count_post(event: PostCreated, ctx: EventContext) -> None:
        await ctx.conn.execute("INSERT ...", event.author_id)

    @router.on_batch(ReactionAdded)            # many events, one call: use executemany
    async def count_reactions(batch: Sequence[Delivery[ReactionAdded]], ctx: BatchContext) -> None:
        await ctx.conn.executemany("INSERT ...", [(d.event.post_id,) for d in batch])

The runner fetches what is waiting (up to a batch), applies every new event of the batch in ONE
PostgreSQL transaction together with the ids of the events it applied, commits, then acks. A
redelivered event is found among the applied ids and changes nothing. If the batch fails, each event is
retried in a transaction of its own, so one poison message cannot hold back the others: it is retried
with backoff and, after `max_deliveries`, moved to the dead-letter stream with its error. An outage
of the database or the bus is not the event's fault and does not count (`kantine.outages`): the events
in hand are held and tried again until it is over, and the service says it is degraded meanwhile.

Why not faststream's subscriber loop: its batch mode waits for a full batch or its timeout before
calling the handler, which adds that timeout to every event's latency at low load, and its
one-call-per-message mode costs about a quarter of the raw consume rate. This loop asks for what is
available and returns as soon as anything arrives. faststream still describes our subjects for the
AsyncAPI document (kantine.asyncapi).

Why a batch form: a statement per event costs a round trip to PostgreSQL each, which caps a one-row
handler at about a third of what the raw consume loop and `executemany` allow. A batch handler gets each
run of consecutive events of its types, in stream order, and writes them in one pipelined call.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

import asyncpg
import nats.errors
from google.protobuf.message import Message
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from nats.js import JetStreamContext, api
from opentelemetry import trace
from opentelemetry.trace import SpanKind

from kantine import codec, metrics, outages, telemetry
from kantine.envelope import H_MSG_ID, Envelope, EnvelopeError
from kantine.topology import Topology

log = logging.getLogger("kantine.consumer")

E = TypeVar("E", bound=Message)

H_ERROR = "Kantine-Error"
H_CONSUMER = "Kantine-Consumer"
H_DELIVERIES = "Kantine-Deliveries"
H_ORIGINAL_SUBJECT = "Kantine-Original-Subject"


@dataclasses.dataclass(frozen=True, slots=True)
class EventContext:
    """What a handler gets besides the event: the open transaction and the envelope."""

    conn: asyncpg.Connection
    envelope: Envelope
    consumer: str


@dataclasses.dataclass(frozen=True, slots=True)
class Delivery(Generic[E]):
    """One event of a batch with its envelope (id, actor, time, aggregate version)."""

    event: E
    envelope: Envelope


@dataclasses.dataclass(frozen=True, slots=True)
class BatchContext:
    """What a batch handler gets besides its events: the open transaction."""

    conn: asyncpg.Connection
    consumer: str


Handler = Callable[[Any, EventContext], Awaitable[None]]
BatchHandler = Callable[[Sequence[Delivery[Any]], BatchContext], Awaitable[None]]


@dataclasses.dataclass(frozen=True, slots=True)
class _Registration:
    """Exactly one of the two is set: a handler per event, or one per run of events."""

    each: Handler | None = None
    many: BatchHandler | None = None


class Router:
    """The handlers of one consumer; its name is the durable consumer's name and its tracking key."""

    def __init__(self, name: str) -> None:
        if not name.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"consumer name {name!r}: letters, digits, - and _ only")
        self.name = name
        self.handlers: dict[str, _Registration] = {}

    def on(
        self, *events: type[Message]
    ) -> Callable[[Callable[[E, EventContext], Awaitable[None]]], Callable[[E, EventContext], Awaitable[None]]]:
        """Register a handler called once per event (an event type has one handler per router)."""

        def register(fn: Callable[[E, EventContext], Awaitable[None]]) -> Callable[[E, EventContext], Awaitable[None]]:
            self._register(events, _Registration(each=fn))
            return fn

        return register

    def on_batch(
        self, *events: type[Message]
    ) -> Callable[
        [Callable[[Sequence[Delivery[E]], BatchContext], Awaitable[None]]],
        Callable[[Sequence[Delivery[E]], BatchContext], Awaitable[None]],
    ]:
        """Register a handler called with runs of consecutive events of these types, in stream order.

        A redelivered event that was already applied is not in the run; if the call fails, each event is
        retried in a call of its own so that only the culprit is held back.
        """

        def register(
            fn: Callable[[Sequence[Delivery[E]], BatchContext], Awaitable[None]],
        ) -> Callable[[Sequence[Delivery[E]], BatchContext], Awaitable[None]]:
            self._register(events, _Registration(many=fn))
            return fn

        return register

    def _register(self, events: Sequence[type[Message]], registration: _Registration) -> None:
        for event in events:
            name = codec.event_type_of(event).name
            if name in self.handlers:
                raise ValueError(f"{self.name} already handles {name}")
            self.handlers[name] = registration

    def subjects(self, topology: Topology) -> list[str]:
        return sorted(topology.event_subject(codec.lookup(name)) for name in self.handlers)


class NotYet(Exception):  # noqa: N818 (a state of the world, not an error of the handler)
    """Raised by a handler whose event needs an earlier one that has not arrived here yet (a comment whose
    post is not known): the event waits and is tried again, without counting as a failure.

    Events arrive out of order after a crash: a consumer process that dies holds a fetched batch it never
    acknowledged, and JetStream delivers those events again only once their ack wait has passed, while
    the events after them go straight to the restarted process. A comment handled before its post would
    otherwise be lost (its counts, its points, whom it notifies). The wait is bounded by time, longer than
    the ack wait three times over; what is still missing then is dead-lettered, to be seen and replayed.
    """


@dataclasses.dataclass(frozen=True, slots=True)
class ConsumerSettings:
    batch_size: int = 500
    max_deliveries: int = 5
    backoff_s: tuple[float, ...] = (1.0, 5.0, 30.0, 60.0)
    ack_wait_s: float = 60.0
    idle_wait_s: float = 5.0
    gather_s: float = 0.005  # how long a busy fetch waits for a batch to fill

    @property
    def not_yet_backoff_s(self) -> tuple[float, ...]:
        """The pauses of an event waiting for an earlier one (`NotYet`): short first (a retried batch is
        usually just behind), then up to three ack waits in all."""
        pauses: list[float] = []
        step = 0.5
        while sum(pauses) < 3 * self.ack_wait_s:
            pauses.append(step)
            step = min(step * 2, max(self.ack_wait_s / 2, 0.5))
        return tuple(pauses)


@dataclasses.dataclass(slots=True)
class _Item:
    msg: Msg
    envelope: Envelope
    payload: Message
    handler: _Registration


Span = Callable[[Sequence[_Item], bool], contextlib.AbstractContextManager[object]]
# the pauses between tries while the database or the bus is away; each well under the ack wait, which
# `in_progress` restarts, so the held events are not redelivered meanwhile
OUTAGE_BACKOFF_S = (0.2, 0.5, 1.0, 2.0, 5.0, 10.0)


Parsed = _Item  # what `parse` makes of a fetched message: for a replay outside the runner (projections)


class _AbandonedError(Exception):
    """The consumer stopped during an outage: the held events are neither acked nor counted."""


def _no_span(run: Sequence[_Item], batch: bool) -> contextlib.AbstractContextManager[object]:
    return contextlib.nullcontext()


def parse(router: Router, msg: Msg, envelope: Envelope) -> _Item | None:
    """The work a message is for this router, or None if the router does not handle its type.

    Raises codec.PayloadError for a payload that does not decode.
    """
    handler = router.handlers.get(envelope.event_type)
    if handler is None:
        return None
    return _Item(msg, envelope, codec.decode(envelope.event_type, msg.data), handler)


async def apply_items(conn: asyncpg.Connection, consumer: str, items: Sequence[_Item], span: Span = _no_span) -> int:
    """Apply new events and record their ids in the caller's transaction; returns how many were new.

    The ids are claimed first, in one statement that returns those not seen before, so dedup costs
    one round trip per batch; if a handler fails the claim rolls back with everything else. A rebuild
    (kantine.projections) applies the events stream through this same function.
    """
    ids = [uuid.UUID(item.envelope.event_id) for item in items]
    claimed = {
        r["event_id"]
        for r in await conn.fetch(
            """INSERT INTO processed_events (consumer, event_id) SELECT $1, unnest($2::uuid[])
               ON CONFLICT DO NOTHING RETURNING event_id""",
            consumer,
            ids,
        )
    }
    fresh = len(claimed)
    run: list[_Item] = []
    for event_id, item in zip(ids, items, strict=True):
        if event_id not in claimed:
            continue  # applied before, or a second copy within this batch
        claimed.discard(event_id)
        if run and run[0].handler is not item.handler:
            await _call(conn, consumer, run, span)
            run = []
        run.append(item)
    if run:
        await _call(conn, consumer, run, span)
    return fresh


async def _call(conn: asyncpg.Connection, consumer: str, run: Sequence[_Item], span: Span) -> None:
    """Call the handler of a run of events that share it: once per event, or once for a batch handler."""
    registration = run[0].handler
    if registration.many is not None:
        with span(run, True):
            await registration.many(
                [Delivery(item.payload, item.envelope) for item in run], BatchContext(conn, consumer)
            )
        return
    fn = registration.each
    assert fn is not None
    for item in run:
        with span([item], False):
            await fn(item.payload, EventContext(conn, item.envelope, consumer))


class Consumer:
    """Runs a Router against JetStream and PostgreSQL."""

    def __init__(
        self,
        router: Router,
        pool: asyncpg.Pool,
        nc: NatsClient,
        topology: Topology,
        settings: ConsumerSettings | None = None,
    ) -> None:
        self.router = router
        self.pool = pool
        self.nc = nc
        self.js: JetStreamContext = nc.jetstream()
        self.topology = topology
        self.settings = settings or ConsumerSettings()
        self.applied = 0
        self.dead_lettered = 0
        self.waited = 0  # events put back to wait for an earlier one (NotYet)
        self.outage = ""  # while the database or the bus is unavailable: what it says (kantine.outages)
        self.outage_waits = 0
        self.on_outage: Callable[[], None] = lambda: None  # told when `outage` is set or cleared
        self._stopping = False
        self._stopped = asyncio.Event()
        self._fetching = False
        self._task: asyncio.Task[None] | None = None
        self._tracer = trace.get_tracer("kantine.consumer")

    @property
    def name(self) -> str:
        return self.router.name

    def consumer_config(self) -> api.ConsumerConfig:
        return api.ConsumerConfig(
            durable_name=self.name,
            ack_policy=api.AckPolicy.EXPLICIT,
            deliver_policy=api.DeliverPolicy.ALL,
            filter_subjects=[*self.router.subjects(self.topology), self.topology.replay_filter(self.name)],
            ack_wait=self.settings.ack_wait_s,
            max_deliver=-1,  # the runner decides when to give up, so nothing is dropped silently
            max_ack_pending=20_000,
            description=f"Kantine consumer {self.name}",
        )

    async def declare(self) -> None:
        """Create or update the durable consumer: done at start-up, so handlers added later are seen."""
        await self.topology.ensure_streams(self.js)
        # JetStream's create call updates a durable consumer that already exists
        await self.js.add_consumer(self.topology.events_stream, self.consumer_config())

    async def start(self) -> None:
        await self.declare()
        self._task = asyncio.create_task(self._run(), name=f"consumer-{self.name}")

    async def stop(self) -> None:
        """Finish the batch in hand, then stop; unacked messages are redelivered to the next run."""
        self._stopping = True
        self._stopped.set()  # ends an outage's wait: its events are left to be redelivered
        if self._task is not None:
            if self._fetching:
                self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _run(self) -> None:
        sub = await self.js.pull_subscribe_bind(durable=self.name, stream=self.topology.events_stream)
        busy = True
        try:
            while not self._stopping:
                self._fetching = True
                try:
                    if busy:
                        msgs = await sub.fetch(self.settings.batch_size, timeout=self.settings.gather_s)
                    else:
                        msgs = await sub.fetch(1, timeout=self.settings.idle_wait_s)
                except (TimeoutError, nats.errors.TimeoutError):
                    busy = False
                    continue
                except (nats.errors.ConnectionClosedError, nats.errors.NoRespondersError, nats.errors.Error) as exc:
                    log.warning("fetch failed, retrying", extra={"consumer": self.name, "error": type(exc).__name__})
                    await asyncio.sleep(0.5)
                    continue
                finally:
                    self._fetching = False
                busy = True
                await self._handle_batch(msgs)
        finally:
            with contextlib.suppress(Exception):
                await sub.unsubscribe()

    async def _handle_batch(self, msgs: Sequence[Msg]) -> None:
        items: list[_Item] = []
        for msg in msgs:
            item = await self._decode(msg)
            if item is not None:
                items.append(item)
        if not items:
            return
        try:
            await self._apply_through_outages(items)
        except _AbandonedError:
            return
        except Exception:  # noqa: BLE001 (any handler error: isolate, then retry or dead-letter)
            # Isolate the culprit: each event on its own, so the good ones still commit.
            for item in items:
                try:
                    await self._apply_through_outages([item])
                except _AbandonedError:
                    return
                except Exception as exc:  # noqa: BLE001 (recorded with the message)
                    await self._failed(item.msg, item.envelope, exc)
                else:
                    await item.msg.ack()
            return
        for item in items:
            await item.msg.ack()

    async def _apply_through_outages(self, items: Sequence[_Item]) -> None:
        """Apply; while the database or the bus is unavailable (`kantine.outages`), hold the events and try
        again with a growing pause, telling NATS they are still being worked on so that none is redelivered
        or counted toward the dead letters. Only an event's own failure counts."""
        waited = 0
        while True:
            try:
                await self._apply(items)
            except Exception as exc:
                if not outages.is_outage(exc):
                    raise
                pause = OUTAGE_BACKOFF_S[min(waited, len(OUTAGE_BACKOFF_S) - 1)]
                waited += 1
                self.outage_waits += 1
                if not self.outage:
                    log.warning(
                        "database or bus unavailable: holding the events and trying again",
                        extra={"consumer": self.name, "events": len(items), "error": f"{type(exc).__name__}: {exc}"},
                    )
                self._set_outage(f"{type(exc).__name__}: {exc}"[:300] or type(exc).__name__)
                for item in items:
                    with contextlib.suppress(Exception):  # NATS may be the one away: then it redelivers later
                        await item.msg.in_progress()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopped.wait(), pause)
                if self._stopping:
                    raise _AbandonedError from exc
            else:
                if self.outage:
                    log.info("available again: going on", extra={"consumer": self.name, "waits": waited})
                    self._set_outage("")
                return

    def _set_outage(self, what: str) -> None:
        changed = bool(what) != bool(self.outage)
        self.outage = what
        if changed:
            self.on_outage()

    async def _decode(self, msg: Msg) -> _Item | None:
        """Turn a message into work; acks what this consumer ignores and dead-letters what is broken."""
        try:
            envelope = Envelope.from_headers(msg.headers)
        except EnvelopeError as exc:
            await self._dead_letter(msg, None, exc)
            return None
        try:
            item = parse(self.router, msg, envelope)
        except codec.PayloadError as exc:
            await self._dead_letter(msg, envelope, exc)
            return None
        if item is None:
            await msg.ack()  # a type this consumer does not handle (or does not know yet): skip it
        return item

    async def _apply(self, items: Sequence[_Item]) -> None:
        started = time.perf_counter()
        async with self.pool.acquire() as conn, conn.transaction():
            fresh = await apply_items(conn, self.name, items, self._span)
        metrics.consumer_duration.record(time.perf_counter() - started, {"consumer": self.name})
        self.applied += fresh
        metrics.consumer_events.add(fresh, {"consumer": self.name})

    def _span(self, run: Sequence[_Item], batch: bool) -> contextlib.AbstractContextManager[object]:
        """The consumer span of one handler call: a child of the event's trace, or, for a batch call of
        several events, a span linked to each of their traces (the messaging conventions)."""
        if not telemetry.enabled():
            return contextlib.nullcontext()
        first = run[0].envelope
        attributes: dict[str, str | int] = {
            "messaging.system": "nats",
            "messaging.consumer.group.name": self.name,
            "kantine.event.type": first.event_type,
        }
        if batch:
            attributes["messaging.batch.message_count"] = len(run)
        else:
            attributes["messaging.message.id"] = first.event_id
        name = f"{self.name} process {first.event_type}"
        if len(run) == 1:
            context = telemetry.extract(run[0].msg.headers or {})
            return self._tracer.start_as_current_span(
                name, context=context, kind=SpanKind.CONSUMER, attributes=attributes
            )
        linked = [trace.get_current_span(telemetry.extract(item.msg.headers or {})).get_span_context() for item in run]
        if not any(c.trace_flags.sampled for c in linked):
            # none of these events' requests is traced (an import sends "not sampled"): nor is this call
            return contextlib.nullcontext()
        links = [trace.Link(c) for c in linked[:128]]
        return self._tracer.start_as_current_span(name, kind=SpanKind.CONSUMER, links=links, attributes=attributes)

    async def _failed(self, msg: Msg, envelope: Envelope, exc: Exception) -> None:
        if isinstance(exc, NotYet):
            await self._not_yet(msg, envelope, exc)
            return
        metrics.consumer_failures.add(1, {"consumer": self.name})
        deliveries = msg.metadata.num_delivered or 1
        if deliveries >= self.settings.max_deliveries:
            await self._dead_letter(msg, envelope, exc)
            return
        backoff = self.settings.backoff_s[min(deliveries, len(self.settings.backoff_s)) - 1]
        log.warning(
            "handler failed, will retry",
            extra={
                "consumer": self.name,
                "event_id": envelope.event_id,
                "event_type": envelope.event_type,
                "delivery": deliveries,
                "retry_in_s": backoff,
                "error": type(exc).__name__,
            },
        )
        await msg.nak(delay=backoff)

    async def _not_yet(self, msg: Msg, envelope: Envelope, exc: NotYet) -> None:
        deliveries = msg.metadata.num_delivered or 1
        pauses = self.settings.not_yet_backoff_s
        if deliveries > len(pauses):
            await self._dead_letter(msg, envelope, exc)
            return
        self.waited += 1
        metrics.consumer_waits.add(1, {"consumer": self.name})
        log.info(
            "event waits for an earlier one",
            extra={"consumer": self.name, "event_id": envelope.event_id, "event_type": envelope.event_type,
                   "delivery": deliveries, "retry_in_s": pauses[deliveries - 1], "waiting_for": str(exc)},
        )  # fmt: skip
        await msg.nak(delay=pauses[deliveries - 1])

    async def _dead_letter(self, msg: Msg, envelope: Envelope | None, exc: Exception) -> None:
        """Park the message with its error in the DLQ stream, then ack it so the rest keep flowing."""
        event_type = envelope.event_type if envelope else "Invalid"
        headers = dict(msg.headers or {})
        headers.pop(H_MSG_ID, None)
        headers.update(
            {
                H_ERROR: f"{type(exc).__name__}: {exc}"[:2000],
                H_CONSUMER: self.name,
                H_DELIVERIES: str(msg.metadata.num_delivered or 1),
                H_ORIGINAL_SUBJECT: msg.subject,
                H_MSG_ID: f"{self.name}:{msg.metadata.sequence.stream}",
            }
        )
        await self.js.publish(self.topology.dead_letter_subject(self.name, event_type), msg.data, headers=headers)
        await msg.ack()
        self.dead_lettered += 1
        metrics.consumer_dead_letters.add(1, {"consumer": self.name})
        log.error(
            "event moved to the dead-letter stream",
            extra={
                "consumer": self.name,
                "event_id": envelope.event_id if envelope else None,
                "event_type": event_type,
                "error": type(exc).__name__,
            },
        )

    async def wait_idle(self, timeout: float = 30.0) -> None:
        """Wait until the durable consumer has nothing pending or unacked (tests and tools)."""
        deadline = time.monotonic() + timeout
        while True:
            info = await self.js.consumer_info(self.topology.events_stream, self.name)
            if not info.num_pending and not info.num_ack_pending:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: {info.num_pending} pending, {info.num_ack_pending} unacked")
            await asyncio.sleep(0.05)
