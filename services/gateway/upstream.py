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
from kantine.v1 import feed_pb2, feed_pb2_grpc, gamify_pb2, insights_pb2, notify_pb2, search_pb2
from services.gateway.config import GatewaySettings
from services.gateway.domain.transcode import message_class

CONTRACTS = {
    "feed": feed_pb2.DESCRIPTOR.services_by_name["FeedService"],
    "notify": notify_pb2.DESCRIPTOR.services_by_name["NotifyService"],
    "gamify": gamify_pb2.DESCRIPTOR.services_by_name["GamifyService"],
    "search": search_pb2.DESCRIPTOR.services_by_name["SearchService"],
    "insights": insights_pb2.DESCRIPTOR.services_by_name["InsightsService"],
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
    channels: dict[str, grpc.aio.Channel] = dataclasses.field(default_factory=dict)
    _calls: dict[tuple[str, str], Call] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, address in self.addresses.items():
            self.channels[name] = channel(address, options=_RECONNECT)
        self.feed = feed_pb2_grpc.FeedServiceStub(self.channels["feed"])

    @classmethod
    def of(cls, settings: GatewaySettings) -> Upstreams:
        return cls(
            {"feed": settings.feed_address, "notify": settings.notify_address,
             "gamify": settings.gamify_address, "search": settings.search_address,
             "insights": settings.insights_address}
        )  # fmt: skip

    def call(self, service: str, rpc: str) -> Call:
        key = (service, rpc)
        found = self._calls.get(key)
        if found is None:
            found = self._calls[key] = self.channels[service].unary_unary(*self._wire(service, rpc))
        return found

    def stream(self, service: str, rpc: str) -> Callable[..., Any]:
        return self.channels[service].unary_stream(*self._wire(service, rpc))

    def _wire(self, service: str, rpc: str) -> tuple[str, Callable[[Message], bytes], Callable[[bytes], Message]]:
        """The method's path, and how its request and reply go over the wire."""
        m = method(service, rpc)
        return f"/{m.containing_service.full_name}/{m.name}", _serialize, message_class(m.output_type).FromString

    async def close(self) -> None:
        for ch in self.channels.values():
            await ch.close(None)
