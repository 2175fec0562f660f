"""The services behind the gateway: one gRPC channel each, and a callable per method.

A service that is down must cost its own part of the page only, and quickly: the channels try to
reconnect within a second (gRPC's default waits up to two minutes), retries on UNAVAILABLE stay short,
and every call has a deadline.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import grpc
from google.protobuf import descriptor as d
from google.protobuf.message import Message

from kantine.grpcutil import channel
from kantine.v1 import feed_pb2, feed_pb2_grpc, gamify_pb2, notify_pb2, search_pb2
from services.gateway.domain.transcode import message_class

CONTRACTS = {
    "feed": feed_pb2.DESCRIPTOR.services_by_name["FeedService"],
    "notify": notify_pb2.DESCRIPTOR.services_by_name["NotifyService"],
    "gamify": gamify_pb2.DESCRIPTOR.services_by_name["GamifyService"],
    "search": search_pb2.DESCRIPTOR.services_by_name["SearchService"],
}
_RECONNECT = (
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.min_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 1000),
)

Call = Callable[..., Awaitable[Message]]


def _serialize(message: Message) -> bytes:
    return message.SerializeToString()


def method(service: str, rpc: str) -> d.MethodDescriptor:
    try:
        return CONTRACTS[service].methods_by_name[rpc]
    except KeyError:
        raise KeyError(f"{service} has no method {rpc}") from None


@dataclasses.dataclass
class Upstreams:
    """Channels to the services by name; `call` gives the unary method `service.rpc` as a callable."""

    addresses: Mapping[str, str]
    timeout_s: float = 5.0
    channels: dict[str, grpc.aio.Channel] = dataclasses.field(default_factory=dict)
    _calls: dict[tuple[str, str], Call] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, address in self.addresses.items():
            self.channels[name] = channel(address, options=_RECONNECT)
        self.feed = feed_pb2_grpc.FeedServiceStub(self.channels["feed"])

    def call(self, service: str, rpc: str) -> Call:
        key = (service, rpc)
        found = self._calls.get(key)
        if found is None:
            m = method(service, rpc)
            reply = message_class(m.output_type)
            found = self.channels[service].unary_unary(
                f"/{m.containing_service.full_name}/{m.name}",
                request_serializer=_serialize,
                response_deserializer=reply.FromString,
            )
            self._calls[key] = found
        return found

    def stream(self, service: str, rpc: str) -> Callable[..., Any]:
        m = method(service, rpc)
        reply = message_class(m.output_type)
        return self.channels[service].unary_stream(
            f"/{m.containing_service.full_name}/{m.name}",
            request_serializer=_serialize,
            response_deserializer=reply.FromString,
        )

    async def close(self) -> None:
        for ch in self.channels.values():
            await ch.close(None)
