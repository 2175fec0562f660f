"""HTTP/JSON to gRPC and back: how one route turns a request into a service's request message.

The public API is the services' contracts seen through a table of routes (`routes.py`), so a field
added to a `.proto` reaches the API, its validation and its OpenAPI document without a second
definition to keep in step. The JSON is protobuf's own JSON mapping with the field names as they are
written in the contract (snake_case): 64-bit integers are strings, enums are their names.

Who is asking is never taken from the request: the route names the fields that are the signed-in
person, and those, the path's fields and the fields the route fixes are refused when a client sends
them. A service always sees an actor the gateway authenticated.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

from google.protobuf import descriptor as d
from google.protobuf import json_format, message_factory
from google.protobuf.message import Message

from services.gateway.domain.problems import problem

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_INTEGERS = {
    d.FieldDescriptor.TYPE_INT32,
    d.FieldDescriptor.TYPE_INT64,
    d.FieldDescriptor.TYPE_UINT32,
    d.FieldDescriptor.TYPE_UINT64,
    d.FieldDescriptor.TYPE_SINT32,
    d.FieldDescriptor.TYPE_SINT64,
}
_WHOLE = re.compile(r"-?[0-9]+")
MAX_QUERY_VALUES = 50  # repeated query parameters, e.g. ?option=a&option=b


class BadInputError(ValueError):
    """The request cannot become the service's request; `field` names the input at fault, `errors`
    every input at fault when there are several (each `{"field", "detail"}`)."""

    def __init__(self, message: str, field: str = "", errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.errors = errors or ([{"field": field, "detail": message}] if field else [])

    @classmethod
    def of(cls, found: list[BadInputError]) -> BadInputError:
        """One refusal for all the mistakes found: the first one's words, and every one named."""
        return cls(str(found[0]), found[0].field, [e for f in found for e in f.errors])

    def problem(self) -> dict[str, Any]:
        return problem(400, str(self), field=self.field, errors=self.errors)


@dataclasses.dataclass(frozen=True)
class Route:
    """One operation of the public API: an HTTP method and path, and the gRPC method it calls.

    `actor` names the request fields that are set to the signed-in person; `fixed` sets fields to
    values of the route's own (e.g. an empty reaction for DELETE); `hidden` are further fields a client
    may not set. Without `body`, the fields come from the query string (always so for GET).
    """

    method: str
    path: str
    service: str
    rpc: str
    summary: str
    tag: str
    actor: tuple[str, ...] = ()
    fixed: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    hidden: tuple[str, ...] = ()
    status: int = 200
    body: bool = True
    public: bool = False  # no sign-in needed (a signed link's own check stands in)
    csv: tuple[str, ...] = ()  # the reply's lists offered as CSV (`?format=csv&table=`), the first by default

    @property
    def path_fields(self) -> tuple[str, ...]:
        return tuple(_PLACEHOLDER.findall(self.path))

    @property
    def reads_body(self) -> bool:
        return self.body and self.method != "GET"

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    def closed_fields(self) -> set[str]:
        """Fields a client may not send: who asks, the path's, the fixed ones, the hidden ones."""
        return {*self.actor, *self.path_fields, *self.fixed, *self.hidden, "idempotency_key"}

    def open_fields(self, request: d.Descriptor) -> list[d.FieldDescriptor]:
        closed = self.closed_fields()
        return [f for f in request.fields if f.name not in closed]


def check(route: Route, request_type: d.Descriptor) -> None:
    """Refuse, at start-up, a route that names a field its request does not have."""
    fields = set(request_type.fields_by_name)
    named = {*route.actor, *route.path_fields, *route.fixed, *route.hidden}
    if unknown := named - fields:
        raise ValueError(f"{route.method} {route.path}: {request_type.name} has no {', '.join(sorted(unknown))}")


def message_class(descriptor: d.Descriptor) -> type[Message]:
    return message_factory.GetMessageClass(descriptor)


def build_request(
    route: Route,
    request_type: d.Descriptor,
    *,
    path: Mapping[str, str],
    query: Sequence[tuple[str, str]],
    body: Any,
    actor_id: str,
    idempotency_key: str = "",
) -> Message:
    """The service's request for this HTTP request, or BadInputError naming what is wrong."""
    fields = {f.name: f for f in request_type.fields}
    values = _from_body(route, request_type, body) if route.reads_body else _from_query(route, request_type, query)
    message = message_class(request_type)()
    if found := _type_errors(request_type, values, ""):
        raise BadInputError.of(found)
    try:
        json_format.ParseDict(values, message, ignore_unknown_fields=False)
    except json_format.ParseError as exc:
        raise BadInputError(_readable(str(exc)), _failed_field(str(exc))) from None
    for name in route.path_fields:
        value = path.get(name, "")
        if not value:
            raise BadInputError(f"{name} is missing from the path", name)
        setattr(message, name, value)
    for name, value in route.fixed.items():
        setattr(message, name, value)
    for name in route.actor:
        setattr(message, name, actor_id)
    if idempotency_key and "idempotency_key" in fields:
        message.idempotency_key = idempotency_key  # type: ignore[attr-defined]
    return message


def _from_body(route: Route, request_type: d.Descriptor, body: Any) -> dict[str, Any]:
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise BadInputError("the body must be a JSON object")
    allowed = {f.name for f in route.open_fields(request_type)}
    unknown = [BadInputError(_unknown(key, allowed, route), key) for key in body if key not in allowed]
    if unknown:  # with the wrong types of the known ones, so that one answer names every mistake
        known = {k: v for k, v in body.items() if k in allowed}
        raise BadInputError.of([*unknown, *_type_errors(request_type, known, "")])
    return body


def _from_query(route: Route, request_type: d.Descriptor, query: Sequence[tuple[str, str]]) -> dict[str, Any]:
    open_fields = {f.name: f for f in route.open_fields(request_type)}
    values: dict[str, Any] = {}
    if len(query) > MAX_QUERY_VALUES:
        raise BadInputError(f"at most {MAX_QUERY_VALUES} query parameters")
    found: list[BadInputError] = []
    for key, raw in query:
        field = open_fields.get(key)
        try:
            if field is None or field.type == d.FieldDescriptor.TYPE_MESSAGE:
                raise BadInputError(_unknown(key, set(open_fields), route), key)
            value = _scalar(field, raw)
            if field.is_repeated:
                values.setdefault(key, []).append(value)
            elif key in values:
                raise BadInputError(f"{key} is given more than once", key)
            else:
                values[key] = value
        except BadInputError as exc:
            found.append(exc)
    if found:
        raise BadInputError.of(found)
    return values


def _scalar(field: d.FieldDescriptor, raw: str) -> Any:
    if field.type == d.FieldDescriptor.TYPE_BOOL:
        if raw.lower() in {"true", "1", ""}:
            return True
        if raw.lower() in {"false", "0"}:
            return False
        raise BadInputError(f"{field.name} is true or false, not {raw[:40]!r}", field.name)
    if field.type in _INTEGERS:
        try:
            return int(raw)
        except ValueError:
            raise BadInputError(f"{field.name} is a whole number, not {raw[:40]!r}", field.name) from None
    _text(raw, field.name)
    return raw


def _text(value: str, name: str) -> None:
    """Text holds no NUL character: PostgreSQL cannot store one, and no one types it."""
    if "\x00" in value:
        raise BadInputError(f"{name} contains the NUL character (\\u0000), which text may not", name)


def _unknown(key: str, allowed: set[str], route: Route) -> str:
    where = "the body" if route.reads_body else "the query"
    if key in route.closed_fields():
        return f"{key} cannot be set in {where}: it comes from the path or from who is signed in"
    known = ", ".join(sorted(allowed)) or "none"
    return f"{key[:60]!r} is not a field of {where} (known: {known})"


_KINDS: dict[int, tuple[str, tuple[type, ...]]] = {
    d.FieldDescriptor.CPPTYPE_STRING: ("text", (str,)),
    d.FieldDescriptor.CPPTYPE_BOOL: ("true or false", (bool,)),
    d.FieldDescriptor.CPPTYPE_INT32: ("a whole number", (int, str)),
    d.FieldDescriptor.CPPTYPE_INT64: ("a whole number", (int, str)),
    d.FieldDescriptor.CPPTYPE_UINT32: ("a whole number", (int, str)),
    d.FieldDescriptor.CPPTYPE_UINT64: ("a whole number", (int, str)),
    d.FieldDescriptor.CPPTYPE_DOUBLE: ("a number", (int, float, str)),
    d.FieldDescriptor.CPPTYPE_FLOAT: ("a number", (int, float, str)),
    d.FieldDescriptor.CPPTYPE_ENUM: ("one of its names", (str, int)),
    d.FieldDescriptor.CPPTYPE_MESSAGE: ("an object", (dict,)),
}


def _json_kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true or false", type(None): "null"}.get(
        type(value), "a number"
    )


def _type_errors(message: d.Descriptor, values: Mapping[str, Any], prefix: str) -> list[BadInputError]:
    """Every value that lacks the JSON type of its field, each naming the field (`profile.locale`) and what
    it should be: protobuf's own parser says "'int' object is not iterable", names no field, and stops at
    the first."""
    found: list[BadInputError] = []
    for key, value in values.items():
        try:
            _check_type(message, key, value, prefix, found)
        except BadInputError as exc:
            found.append(exc)
    return found


def _check_type(message: d.Descriptor, key: str, value: Any, prefix: str, found: list[BadInputError]) -> None:
    field = message.fields_by_name.get(key)
    if field is None or value is None:
        return  # an unknown name is refused by name elsewhere; null is "not given" in proto3 JSON
    name = f"{prefix}{key}"
    if field.message_type is not None and (
        field.message_type.GetOptions().map_entry or field.message_type.full_name.startswith("google.protobuf.")
    ):
        return  # maps and well-known types have JSON forms of their own; protobuf's parser checks them
    items = value if field.is_repeated else [value]
    if field.is_repeated and not isinstance(value, list):
        raise BadInputError(f"{name} is a list, not {_json_kind(value)}", name)
    kind, types = _KINDS[field.cpp_type]
    for item in items:
        if not isinstance(item, types) or (isinstance(item, bool) and bool not in types):
            raise BadInputError(f"{name} is {kind}, not {_json_kind(item)}", name)
        if kind == "a whole number" and isinstance(item, str) and not _WHOLE.fullmatch(item):
            raise BadInputError(f"{name} is a whole number, not {item[:40]!r}", name)
        if kind == "text" and isinstance(item, str):
            _text(item, name)
        if isinstance(item, dict) and field.message_type is not None:
            found += _type_errors(field.message_type, item, f"{name}.")


def _failed_field(error: str) -> str:
    """`profile.locale` from protobuf's "Failed to parse profile field: Failed to parse locale field: …"."""
    return ".".join(re.findall(r"Failed to parse (\w+) field", error))


def _readable(error: str) -> str:
    """protobuf's parse error, without the message type's full name a reader has never seen."""
    return re.sub(r'Message type "kantine\.v1\.(\w+)"', r"\1", error).replace("Failed to parse ", "")
