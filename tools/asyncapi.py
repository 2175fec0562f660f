"""Write docs/asyncapi.json and the event table of docs/events.md: every event subject and payload.

The AsyncAPI document is produced through faststream's generator so it follows what standard tools
read; the table in events.md is written between its markers, so the catalogue never lags the contract.

Each event type becomes a documented subscriber on its subject; the payload schema is the event's
protobuf fields (proto3 JSON names and types).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from faststream.nats import NatsBroker
from faststream.specification import AsyncAPI
from google.protobuf.descriptor import Descriptor, FieldDescriptor

from kantine import codec
from kantine.topology import Topology

OUT = Path(__file__).resolve().parent.parent / "docs" / "asyncapi.json"
CATALOGUE = OUT.parent / "events.md"
BEGIN, END = "<!-- events:begin (written by make proto) -->", "<!-- events:end -->"
_SCALARS = {
    FieldDescriptor.TYPE_STRING: {"type": "string"},
    FieldDescriptor.TYPE_BOOL: {"type": "boolean"},
    FieldDescriptor.TYPE_INT32: {"type": "integer"},
    FieldDescriptor.TYPE_INT64: {"type": "string", "format": "int64"},
    FieldDescriptor.TYPE_BYTES: {"type": "string", "contentEncoding": "base64"},
    FieldDescriptor.TYPE_DOUBLE: {"type": "number"},
}


def schema_of(message: Descriptor) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for field in message.fields:
        if field.enum_type is not None:
            item: dict[str, Any] = {"type": "string", "enum": [v.name for v in field.enum_type.values]}
        elif field.message_type is not None:
            item = schema_of(field.message_type)
        else:
            item = dict(_SCALARS.get(field.type, {"type": "string"}))
        item["x-protobuf-field"] = field.number
        properties[field.json_name] = {"type": "array", "items": item} if field.is_repeated else item
    return {
        "title": message.name,
        "type": "object",
        "description": f"protobuf {message.full_name}",
        "properties": properties,
    }


def build() -> dict[str, Any]:
    topology = Topology()
    broker = NatsBroker()
    for event in codec.all_event_types():
        schema = schema_of(event.message.DESCRIPTOR)  # type: ignore[arg-type]

        async def handler(body: dict[str, Any]) -> None:  # documentation only
            return None

        handler.__annotations__["body"] = dict[str, Any]
        broker.subscriber(
            topology.event_subject(event),
            title=event.name,
            description=f"{event.name} ({event.aggregate}): protobuf payload, envelope in headers",
        )(handler)
        schema_holder[event.name] = schema
    spec = (
        AsyncAPI(broker, title="Kantine events", version="1.0.0", schema_version="3.0.0")
        .to_specification()
        .to_jsonable()
    )
    spec.setdefault("components", {}).setdefault("schemas", {}).update(schema_holder)
    return dict(spec)


schema_holder: dict[str, Any] = {}


def event_table() -> str:
    topology = Topology()
    rows = ["| event | aggregate | subject | payload fields |", "| --- | --- | --- | --- |"]
    for event in codec.all_event_types():
        fields = ", ".join(f.name for f in event.message.DESCRIPTOR.fields)
        rows.append(f"| `{event.name}` | {event.aggregate} | `{topology.event_subject(event)}` | {fields} |")
    return "\n".join(rows)


def write_catalogue() -> None:
    text = CATALOGUE.read_text()
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    CATALOGUE.write_text(f"{head}{BEGIN}\n{event_table()}\n{END}{tail}")


def main() -> None:
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(build(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT}")
    write_catalogue()
    print(f"wrote {CATALOGUE}")


if __name__ == "__main__":
    main()
