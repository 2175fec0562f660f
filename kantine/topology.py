"""Names on the bus: the events stream, the dead-letter stream, subjects, and how they are created.

A prefix (default `kantine`) namespaces everything, so tests and several installations can share one
NATS server without touching each other's streams.
"""

from __future__ import annotations

import dataclasses

from nats.js import JetStreamContext, api
from nats.js.errors import BadRequestError

from kantine.codec import EventType


@dataclasses.dataclass(frozen=True, slots=True)
class Topology:
    prefix: str = "kantine"
    duplicate_window_s: float = 120.0
    replicas: int = 1  # 3 on a JetStream cluster
    max_age_s: float = 0.0  # 0: events stay; consumers rebuild their read models from the stream
    dead_letter_max_age_s: float = 0.0

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

    async def ensure_streams(self, js: JetStreamContext) -> None:
        """Create or update both streams: file storage, so an acknowledged event survives a crash."""
        await _ensure_stream(
            js,
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
        )
        await _ensure_stream(
            js,
            api.StreamConfig(
                name=self.dead_letter_stream,
                subjects=[f"{self.prefix}.dlq.>"],
                storage=api.StorageType.FILE,
                retention=api.RetentionPolicy.LIMITS,
                num_replicas=self.replicas,
                max_age=self.dead_letter_max_age_s,
                description="events a consumer gave up on, with the error; `kantine dlq replay` sends them back",
            ),
        )


async def _ensure_stream(js: JetStreamContext, config: api.StreamConfig) -> None:
    try:
        await js.add_stream(config)
    except BadRequestError as exc:
        if exc.err_code != 10058:  # stream name already in use with a different configuration
            raise
        await js.update_stream(config)
