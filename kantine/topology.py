"""Names on the bus: the events stream, the dead-letter stream, subjects, how they are created, and who
may publish what (each process's NATS user and its permissions).

A prefix (default `kantine`) namespaces everything, so tests and several installations can share one
NATS server without touching each other's streams.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping

from nats.js import JetStreamContext, api
from nats.js.errors import BadRequestError, NotFoundError

from kantine.codec import EventType
from kantine.config import BusSettings

log = logging.getLogger("kantine.topology")
ANY_PREFIX = "*"  # a Topology with this prefix describes permissions that hold for every prefix (tests)
ADMIN = "admin"  # the NATS user of `kantine streams`, `kantine dlq replay` and the tests' own checks


@dataclasses.dataclass(frozen=True, slots=True)
class Topology:
    prefix: str = "kantine"
    duplicate_window_s: float = 120.0
    replicas: int = 1  # 3 on a JetStream cluster
    max_age_s: float = 0.0  # 0: events stay; consumers rebuild their read models from the stream
    dead_letter_max_age_s: float = 0.0
    # False for a process with a NATS user of its own: it may not create or change streams (a stream's
    # configuration can map any subject into the events, so changing it would be a way to forge
    # events); it checks that they exist, and `kantine streams` (the admin) makes them
    manage_streams: bool = True

    @classmethod
    def of(cls, settings: BusSettings) -> Topology:
        """The bus as these settings describe it; a process with a NATS user of its own leaves the streams
        to the admin."""
        day = 86_400.0
        return cls(
            settings.nats_prefix,
            duplicate_window_s=settings.nats_duplicate_window_s,
            replicas=settings.nats_replicas,
            max_age_s=settings.nats_max_age_days * day,
            dead_letter_max_age_s=settings.nats_dead_letter_max_age_days * day,
            manage_streams=not settings.nats_user or settings.nats_user == ADMIN,
        )

    @property
    def events_stream(self) -> str:
        return f"{self.prefix.upper()}_EVENTS"

    @property
    def dead_letter_stream(self) -> str:
        return f"{self.prefix.upper()}_DLQ"

    def event_subject(self, event_type: EventType) -> str:
        return f"{self.prefix}.events.{event_type.aggregate}.{event_type.name}"

    @property
    def all_events(self) -> str:
        return f"{self.prefix}.events.>"

    def replay_subject(self, consumer: str, event_type: str) -> str:
        """Where a replayed dead letter goes: inside the events stream, seen by one consumer only."""
        return f"{self.prefix}.replay.{consumer}.{event_type}"

    def replay_filter(self, consumer: str) -> str:
        return f"{self.prefix}.replay.{consumer}.>"

    def dead_letter_subject(self, consumer: str, event_type: str) -> str:
        return f"{self.prefix}.dlq.{consumer}.{event_type}"

    def dead_letter_filter(self, consumer: str | None = None) -> str:
        return f"{self.prefix}.dlq.{consumer or '*'}.>"

    def rebuild_consumer(self, consumer: str) -> str:
        """The temporary consumer a rebuild of `consumer`'s read models replays the stream with."""
        return f"{consumer}_rebuild"

    async def ensure_streams(self, js: JetStreamContext) -> None:
        """Create or update both streams: file storage, so an acknowledged event survives a crash.

        Without `manage_streams`, only check that they exist (and warn when their settings differ
        from this process's): raises StreamsMissingError when the admin has not made them yet."""
        for config in self.stream_configs():
            if self.manage_streams:
                await _ensure_stream(js, config)
            else:
                await _expect_stream(js, config)

    def stream_configs(self) -> list[api.StreamConfig]:
        return [
            api.StreamConfig(
                name=self.events_stream,
                subjects=[self.all_events, f"{self.prefix}.replay.>"],
                storage=api.StorageType.FILE,
                retention=api.RetentionPolicy.LIMITS,
                duplicate_window=self.duplicate_window_s,
                num_replicas=self.replicas,
                max_age=self.max_age_s,
                allow_msg_ttl=True,  # presence events carry a Nats-TTL: nobody keeps who visited when for ever
                description="Kantine domain events (see docs/events.md)",
            ),
            api.StreamConfig(
                name=self.dead_letter_stream,
                subjects=[f"{self.prefix}.dlq.>"],
                storage=api.StorageType.FILE,
                retention=api.RetentionPolicy.LIMITS,
                num_replicas=self.replicas,
                max_age=self.dead_letter_max_age_s,
                description="events a consumer gave up on, with the error; `kantine dlq replay` sends them back",
            ),
        ]


class StreamsMissingError(RuntimeError):
    """A stream this process needs does not exist, and its NATS user may not create it."""


async def _expect_stream(js: JetStreamContext, wanted: api.StreamConfig) -> None:
    assert wanted.name is not None
    try:
        found = (await js.stream_info(wanted.name)).config
    except NotFoundError:
        raise StreamsMissingError(
            f"the stream {wanted.name} does not exist; `kantine streams` (as the NATS admin user) creates it"
        ) from None
    differs = [
        name
        for name, have, want in (
            ("subjects", sorted(found.subjects or []), sorted(wanted.subjects or [])),
            ("replicas", found.num_replicas or 1, wanted.num_replicas or 1),
            ("max age", found.max_age or 0.0, wanted.max_age or 0.0),
            # unset (the dead letters'): the server's default
            ("duplicate window", found.duplicate_window, wanted.duplicate_window or found.duplicate_window),
        )
        if have != want
    ]
    if differs:
        log.warning(
            "the stream's settings differ from this process's; `kantine streams` (as the NATS admin user) applies them",
            extra={"stream": wanted.name, "settings": ", ".join(differs)},
        )


async def _ensure_stream(js: JetStreamContext, config: api.StreamConfig) -> None:
    try:
        await js.add_stream(config)
    except BadRequestError as exc:
        if exc.err_code != 10058:  # stream name already in use with a different configuration
            raise
        await js.update_stream(config)


@dataclasses.dataclass(frozen=True, slots=True)
class BusUser:
    """One process's identity on NATS, named after the process (and its durable consumer).

    What it may publish follows from what it owns: the events of its own aggregates (its relay), its own
    core subjects (`<prefix>.<name>.>`), the dead letters of its own consumer, and the JetStream API calls
    of that consumer. Nothing else: the gateway cannot publish a feed event, and no service can publish
    another's, replay a dead letter into a consumer, answer another's request or change a stream.
    """

    name: str
    aggregates: tuple[str, ...] = ()  # its event store's aggregates, published as <prefix>.events.<aggregate>.*
    listens: tuple[str, ...] = ()  # core subjects under the prefix it subscribes to, besides its own

    @property
    def inbox(self) -> str:
        return inbox_prefix(self.name)


def inbox_prefix(user: str) -> str:
    """A user's reply subjects: only it may subscribe to them (JetStream's answers and fetched events
    arrive there), and no other service may publish to them (a forged fetched event would be applied)."""
    return f"_INBOX_{user}"


# Who publishes which aggregate's events: the one service whose event store holds them. A new service
# adds its line; a process not listed here (an extension consumer) owns no events.
BUS_USERS: Mapping[str, BusUser] = {
    user.name: user
    for user in (
        BusUser("feed", ("user", "group", "post")),
        BusUser("notify", ("notification_preferences",)),
        BusUser("gamify", ("recognition", "recognition_settings")),
        BusUser("search", ("expertise",)),
        BusUser("insights", ("answer_target",)),
        # live pages and ended sessions follow the events as they pass
        BusUser("gateway", ("presence",), listens=("events.>",)),
    )
}


def bus_user(name: str) -> BusUser:
    """A process's NATS identity: a service's own, or, for any other consumer, one that owns no events."""
    if name == ADMIN or name in {"events", "replay", "dlq"}:
        raise ValueError(f"{name!r} is not a name a Kantine process may have on the bus")
    return BUS_USERS.get(name) or BusUser(name)


def owner_of(aggregate: str) -> str:
    """The service that publishes this aggregate's events."""
    for user in BUS_USERS.values():
        if aggregate in user.aggregates:
            return user.name
    raise LookupError(f"no service owns the aggregate {aggregate!r}: add it to kantine.topology.BUS_USERS")


Permissions = dict[str, dict[str, list[str]]]


def permissions(topology: Topology, user: BusUser) -> Permissions:
    """The NATS authorization of one process: `{"publish": {"allow": [...]}, "subscribe": {"allow": [...]}}`.

    With ANY_PREFIX as the topology's prefix, the same rules for every prefix (and so every stream name):
    what the tests' NATS server uses, as each test has a prefix of its own.
    """
    p = topology.prefix
    any_prefix = p == ANY_PREFIX
    events = "*" if any_prefix else topology.events_stream
    dead = "*" if any_prefix else topology.dead_letter_stream
    name, rebuild = user.name, topology.rebuild_consumer(user.name)
    js = "$JS.API"
    publish = [f"{p}.events.{aggregate}.*" for aggregate in user.aggregates]
    publish += [
        f"{p}.{name}.>",
        f"{p}.dlq.{name}.>",
        # read-only: the streams, every consumer's lag (metrics, `kantine status`)
        f"{js}.INFO",
        f"{js}.STREAM.INFO.{events}",
        f"{js}.STREAM.INFO.{dead}",
        f"{js}.CONSUMER.LIST.{events}",
        f"{js}.CONSUMER.NAMES.{events}",
    ]
    for consumer in (name, rebuild):
        publish += [
            f"{js}.CONSUMER.CREATE.{events}.{consumer}",
            f"{js}.CONSUMER.CREATE.{events}.{consumer}.>",
            f"{js}.CONSUMER.INFO.{events}.{consumer}",
            f"{js}.CONSUMER.MSG.NEXT.{events}.{consumer}",
            f"$JS.ACK.{events}.{consumer}.>",
        ]
    publish += [
        f"{js}.CONSUMER.DURABLE.CREATE.{events}.{name}",
        f"{js}.CONSUMER.DELETE.{events}.{rebuild}",
        # `kantine dlq list`: reads the dead letters message by message, with no consumer
        f"{js}.STREAM.MSG.GET.{dead}",
    ]
    subscribe = [f"{user.inbox}.>", f"{p}.{name}.>", *(f"{p}.{subject}" for subject in user.listens)]
    return {"publish": {"allow": publish}, "subscribe": {"allow": subscribe}}


def admin_permissions() -> Permissions:
    """The admin may do anything: create and change streams, replay dead letters, run the tests' checks."""
    return {"publish": {"allow": [">"]}, "subscribe": {"allow": [">"]}}
