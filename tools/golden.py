"""Record the field numbers of every contract message in tests/golden/descriptors.json.

Run after adding fields (`python tools/golden.py`); the golden test then guards the new numbers too.
It only ever adds: a number once recorded stays recorded, so reuse is caught even after a field is removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor, FileDescriptor

from kantine.v1 import events_pb2, feed_pb2, gamify_pb2, notify_pb2, search_pb2

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "golden" / "descriptors.json"
FILES: list[FileDescriptor] = [
    events_pb2.DESCRIPTOR,
    feed_pb2.DESCRIPTOR,
    gamify_pb2.DESCRIPTOR,
    notify_pb2.DESCRIPTOR,
    search_pb2.DESCRIPTOR,
]


def _type_name(field: FieldDescriptor) -> str:
    named = field.message_type or field.enum_type
    return named.full_name if named is not None else ""


def snapshot() -> dict[str, dict[str, Any]]:
    """message full name -> field number -> [field name, type, label, message/enum type name]."""
    result: dict[str, dict[str, Any]] = {}

    def visit(message: Descriptor) -> None:
        result[message.full_name] = {
            str(f.number): [
                f.name,
                f.type,
                "repeated" if f.is_repeated else "single",
                _type_name(f),
            ]
            for f in message.fields
        }
        for nested in message.nested_types:
            visit(nested)

    for file in FILES:
        for message in file.message_types_by_name.values():
            visit(message)
        for enum in file.enum_types_by_name.values():
            result[enum.full_name] = {str(v.number): [v.name] for v in enum.values}
    return result


def main() -> None:
    current = snapshot()
    golden = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
    for name, fields in current.items():
        golden.setdefault(name, {})
        for number, spec in fields.items():
            golden[name].setdefault(number, spec)
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    print(f"recorded {sum(len(f) for f in golden.values())} fields of {len(golden)} messages and enums")


if __name__ == "__main__":
    main()
