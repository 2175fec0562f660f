"""The event envelope: who did what to which aggregate, when, and why; carried as NATS headers.

The payload is the protobuf message alone; everything a consumer needs to route, deduplicate, order
and trace an event travels beside it, so a consumer can skip an event type it does not know without
decoding anything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, datetime

from kantine.ids import uuid7

# Header names. JetStream de-duplicates on Nats-Msg-Id, which the relay sets to the event id; a
# replayed dead letter carries a new Nats-Msg-Id but keeps its Kantine-Event-Id.
H_MSG_ID = "Nats-Msg-Id"
H_TTL = "Nats-TTL"  # set by a relay with a message TTL; the stream then deletes the event after it
H_EVENT_ID = "Kantine-Event-Id"
H_EVENT_TYPE = "Kantine-Event-Type"
H_AGGREGATE_ID = "Kantine-Aggregate-Id"
H_AGGREGATE_VERSION = "Kantine-Aggregate-Version"
H_ACTOR = "Kantine-Actor"
H_OCCURRED_AT = "Kantine-Occurred-At"
H_CORRELATION_ID = "Kantine-Correlation-Id"
H_CAUSATION_ID = "Kantine-Causation-Id"
H_POSITION = "Kantine-Position"
H_IMPORTED = "Kantine-Imported"  # present ("true") only on imported history and what it caused
TRACE_HEADERS = ("traceparent", "tracestate")


class EnvelopeError(ValueError):
    """A message whose headers do not form a valid envelope."""


@dataclasses.dataclass(frozen=True, slots=True)
class Envelope:
    """Everything about an event except its payload."""

    event_id: str
    event_type: str
    aggregate_id: str
    aggregate_version: int
    actor: str
    occurred_at: datetime
    correlation_id: str
    causation_id: str
    position: int = 0  # global position in the source event store, 0 until stored
    trace: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # history brought over from another network (kantine.history): counted on its day, told to nobody
    imported: bool = False

    @classmethod
    def new(
        cls,
        event_type: str,
        aggregate_id: str,
        aggregate_version: int,
        actor: str,
        *,
        correlation_id: str = "",
        causation_id: str = "",
        trace: Mapping[str, str] | None = None,
        occurred_at: datetime | None = None,
        imported: bool = False,
    ) -> Envelope:
        """A fresh envelope; without a correlation id the event starts its own conversation. `occurred_at`
        is now unless given."""
        event_id = str(uuid7())
        return cls(
            event_id=event_id,
            event_type=event_type,
            aggregate_id=aggregate_id,
            aggregate_version=aggregate_version,
            actor=actor,
            occurred_at=occurred_at or datetime.now(UTC),
            correlation_id=correlation_id or event_id,
            causation_id=causation_id,
            trace=dict(trace or {}),
            imported=imported,
        )

    def caused(self, event_type: str, aggregate_id: str, aggregate_version: int, actor: str) -> Envelope:
        """The envelope of an event this event caused: same correlation, this event as causation; what
        imported history causes is imported too."""
        return Envelope.new(
            event_type,
            aggregate_id,
            aggregate_version,
            actor,
            correlation_id=self.correlation_id,
            causation_id=self.event_id,
            trace=self.trace,
            imported=self.imported,
        )

    def to_headers(self) -> dict[str, str]:
        headers = {
            H_MSG_ID: self.event_id,
            H_EVENT_ID: self.event_id,
            H_EVENT_TYPE: self.event_type,
            H_AGGREGATE_ID: self.aggregate_id,
            H_AGGREGATE_VERSION: str(self.aggregate_version),
            H_ACTOR: self.actor,
            H_OCCURRED_AT: self.occurred_at.isoformat(),
            H_CORRELATION_ID: self.correlation_id,
            H_CAUSATION_ID: self.causation_id,
        }
        if self.position:
            headers[H_POSITION] = str(self.position)
        if self.imported:
            headers[H_IMPORTED] = "true"
        for name in TRACE_HEADERS:
            if value := self.trace.get(name):
                headers[name] = value
        return headers

    @classmethod
    def from_headers(cls, headers: Mapping[str, str] | None) -> Envelope:
        """Parse headers; raises EnvelopeError naming the first missing or malformed field."""
        if not headers:
            raise EnvelopeError("message has no headers")
        try:
            return cls(
                event_id=_required(headers, H_EVENT_ID),
                event_type=_required(headers, H_EVENT_TYPE),
                aggregate_id=_required(headers, H_AGGREGATE_ID),
                aggregate_version=int(_required(headers, H_AGGREGATE_VERSION)),
                actor=headers.get(H_ACTOR, ""),
                occurred_at=datetime.fromisoformat(_required(headers, H_OCCURRED_AT)),
                correlation_id=headers.get(H_CORRELATION_ID, ""),
                causation_id=headers.get(H_CAUSATION_ID, ""),
                position=int(headers.get(H_POSITION) or 0),
                trace={k: headers[k] for k in TRACE_HEADERS if headers.get(k)},
                imported=headers.get(H_IMPORTED) == "true",
            )
        except ValueError as exc:
            if isinstance(exc, EnvelopeError):
                raise
            raise EnvelopeError(f"malformed envelope header: {exc}") from exc

    def to_metadata(self) -> dict[str, str]:
        """The envelope as stored beside the payload in the event store (same keys as the headers)."""
        return self.to_headers()


def _required(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if not value:
        raise EnvelopeError(f"missing header {name}")
    return value
