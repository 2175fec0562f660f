"""Event types and their wire form: the registry is read from the contract, not maintained by hand.

Every message in proto/kantine/v1/events.proto that carries the `(kantine.v1.aggregate)` option is an
event; its short name is its type and its aggregate decides its subject. A later service adds its own
events file and calls `register_module` with it.
"""

from __future__ import annotations

import dataclasses
from types import ModuleType
from typing import TypeVar

from google.protobuf.message import DecodeError, Message

from kantine.v1 import events_pb2, options_pb2

M = TypeVar("M", bound=Message)


class UnknownEventTypeError(LookupError):
    """An event type this process has no contract for; consumers skip such events."""


class PayloadError(ValueError):
    """A payload that does not decode as its declared type."""


@dataclasses.dataclass(frozen=True, slots=True)
class EventType:
    name: str
    aggregate: str
    message: type[Message]


_registry: dict[str, EventType] = {}


def register_module(module: ModuleType) -> None:
    """Register every event message (one with the aggregate option) defined in a generated _pb2 module."""
    for name, descriptor in module.DESCRIPTOR.message_types_by_name.items():
        aggregate = descriptor.GetOptions().Extensions[options_pb2.aggregate]
        if aggregate:
            _registry[name] = EventType(name, aggregate, getattr(module, name))


register_module(events_pb2)


def event_type_of(message: Message | type[Message]) -> EventType:
    name = message.DESCRIPTOR.name
    try:
        return _registry[name]
    except KeyError:
        raise UnknownEventTypeError(f"{name} is not an event (no aggregate option)") from None


def lookup(name: str) -> EventType:
    try:
        return _registry[name]
    except KeyError:
        raise UnknownEventTypeError(name) from None


def all_event_types() -> list[EventType]:
    return sorted(_registry.values(), key=lambda t: (t.aggregate, t.name))


def encode(message: Message) -> bytes:
    return message.SerializeToString(deterministic=True)


def decode(event_type: str, data: bytes) -> Message:
    """Decode a payload; unknown fields from a newer producer are kept and ignored."""
    cls = lookup(event_type).message
    message = cls()
    try:
        message.ParseFromString(data)
    except DecodeError as exc:
        raise PayloadError(f"payload of {event_type} does not decode: {exc}") from exc
    return message
