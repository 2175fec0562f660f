"""The gateway's reply encoder writes exactly what protobuf's JSON mapping writes, for every message
of every contract: empty, and with every field set (nested messages, repeated fields, maps, enums,
64-bit integers, optional fields)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from google.protobuf import descriptor as d
from google.protobuf import json_format
from google.protobuf.message import Message

from kantine.v1 import events_pb2, feed_pb2, gamify_pb2, notify_pb2, search_pb2
from services.gateway.api import ReplyResponse
from services.gateway.domain.replies import reply_json

MODULES = (feed_pb2, notify_pb2, gamify_pb2, search_pb2, events_pb2)
MESSAGES = [getattr(module, name) for module in MODULES for name in module.DESCRIPTOR.message_types_by_name]


def expected(message: Message) -> dict[str, Any]:
    return json_format.MessageToDict(
        message, preserving_proto_field_name=True, always_print_fields_with_no_presence=True
    )


def written(message: Message) -> Any:
    """What the API sends: the encoder's values through the response that writes them."""
    return json.loads(ReplyResponse(reply_json(message)).body)


def scalar(field: d.FieldDescriptor, n: int) -> Any:
    if field.type == d.FieldDescriptor.TYPE_ENUM:
        return field.enum_type.values[-1].number
    if field.type == d.FieldDescriptor.TYPE_BOOL:
        return True
    if field.type == d.FieldDescriptor.TYPE_STRING:
        return f"{field.name}-{n} «æøå»"
    if field.type == d.FieldDescriptor.TYPE_BYTES:
        return bytes([n, 255, 0])
    if field.type in (d.FieldDescriptor.TYPE_DOUBLE, d.FieldDescriptor.TYPE_FLOAT):
        return 0.5 + n
    return 2**40 + n if "64" in str(field.type) or field.cpp_type == d.FieldDescriptor.CPPTYPE_INT64 else 7 + n


def fill(message: Message, depth: int = 0) -> Message:
    """Every field set to something other than its default, nested messages to three levels."""
    for field in message.DESCRIPTOR.fields:
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            key, value = field.message_type.fields_by_name["key"], field.message_type.fields_by_name["value"]
            target = getattr(message, field.name)
            for n in range(2):
                if value.message_type is not None:
                    if depth < 3:
                        fill(target[scalar(key, n)], depth + 1)
                else:
                    target[scalar(key, n)] = scalar(value, n)
        elif field.message_type is not None:
            if depth >= 3:
                continue
            if field.is_repeated:
                for _ in range(2):
                    fill(getattr(message, field.name).add(), depth + 1)
            else:
                fill(getattr(message, field.name), depth + 1)
        elif field.is_repeated:
            getattr(message, field.name).extend([scalar(field, 0), scalar(field, 1)])
        else:
            setattr(message, field.name, scalar(field, 0))
    return message


@pytest.mark.parametrize("message_type", MESSAGES, ids=lambda m: m.DESCRIPTOR.full_name)
def test_every_message_is_written_as_protobuf_writes_it(message_type: type[Message]) -> None:
    empty = message_type()
    assert written(empty) == expected(empty)
    full = fill(message_type())
    assert written(full) == expected(full)


def test_odd_values_are_written_as_protobuf_writes_them() -> None:
    hit = search_pb2.Hit(score=math.inf)
    assert reply_json(hit)["score"] == expected(hit)["score"] == "Infinity"
    view = feed_pb2.PostView(kind=99)  # a kind newer than this gateway
    assert reply_json(view)["kind"] == expected(view)["kind"] == 99
    change = notify_pb2.UpdatePreferencesRequest()
    assert "group_default" not in reply_json(change)  # optional and unset: left out, as protobuf does
    change.group_default = 0
    assert reply_json(change)["group_default"] == expected(change)["group_default"]  # set, if to the default
