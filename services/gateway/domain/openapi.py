"""The OpenAPI 3.1 document of `/api/v1`, derived from the route table and the services' contracts.

Each message of a contract becomes a schema under its own name; a route's body is its request message
without the fields the route fills itself (who asks, the path's, the fixed ones), so the document shows
exactly what a client may send, and the server refuses exactly what it does not show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from google.protobuf import descriptor as d

from kantine import history
from services.gateway.domain.transcode import Route

_JSON_TYPES: dict[int, dict[str, Any]] = {
    d.FieldDescriptor.TYPE_STRING: {"type": "string"},
    d.FieldDescriptor.TYPE_BOOL: {"type": "boolean"},
    d.FieldDescriptor.TYPE_INT32: {"type": "integer", "format": "int32"},
    d.FieldDescriptor.TYPE_SINT32: {"type": "integer", "format": "int32"},
    d.FieldDescriptor.TYPE_UINT32: {"type": "integer", "format": "int32", "minimum": 0},
    d.FieldDescriptor.TYPE_INT64: {"type": "string", "format": "int64", "pattern": "^-?[0-9]+$"},
    d.FieldDescriptor.TYPE_SINT64: {"type": "string", "format": "int64", "pattern": "^-?[0-9]+$"},
    d.FieldDescriptor.TYPE_UINT64: {"type": "string", "format": "int64", "pattern": "^[0-9]+$"},
    d.FieldDescriptor.TYPE_DOUBLE: {"type": "number"},
    d.FieldDescriptor.TYPE_FLOAT: {"type": "number"},
    d.FieldDescriptor.TYPE_BYTES: {"type": "string", "contentEncoding": "base64"},
}

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details; `code` is a stable word a program can switch on",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "what went wrong, written for a person"},
        "code": {
            "type": "string",
            "enum": [
                "invalid_argument", "unauthenticated", "permission_denied", "not_found", "method_not_allowed",
                "conflict", "failed_precondition", "too_large", "unsupported_media_type", "rate_limited",
                "internal", "not_implemented", "unavailable",
            ],
        },
        "field": {"type": "string", "description": "the input at fault, when there is one"},
        "service": {"type": "string", "description": "the service that is unavailable (503)"},
    },
}  # fmt: skip

# The one operation that is no gRPC call: Server-Sent Events, described in docs/gateway.md.
LIVE: dict[str, Any] = {
    "operationId": "live",
    "summary": "Live updates: the unread count, each new notification, and new posts of the feed being viewed",
    "description": (
        "A `text/event-stream` that stays open. Events: `unread` `{unread_count}`, `notification` "
        "`{notification, unread_count}`, `posts` `{feed, post_ids}` (its SSE id is the newest post's time), "
        "`unavailable` `{service}`. A reconnect sends `Last-Event-ID`; a first connect may send `since`."
    ),
    "tags": ["notifications"],
    "parameters": [
        {
            "name": "feed",
            "in": "query",
            "description": "`home` or `group:<group_id>`",
            "schema": {"type": "string", "default": "home"},
        },
        {
            "name": "since",
            "in": "query",
            "description": "the time of the newest post the page shows (RFC 3339)",
            "schema": {"type": "string"},
        },
        {"name": "Last-Event-ID", "in": "header", "schema": {"type": "string"}},
    ],
    "responses": {
        "200": {"description": "the event stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
        "400": {"$ref": "#/components/responses/E400"},
        "401": {"$ref": "#/components/responses/E401"},
    },
}
# An import tool (docs/gateway.md, "Importing history") sends the import token as its bearer and these
# two headers on every write; with any other credential they are ignored.
IMPORT_PARAMETERS: dict[str, Any] = {
    "ActAs": {
        "name": history.ACT_AS,
        "in": "header",
        "description": "import token only, and then required: the id of the person whose history this is",
        "schema": {"type": "string", "format": "uuid"},
    },
    "OccurredAt": {
        "name": history.HEADER,
        "in": "header",
        "description": "import token only, and then required: when it happened (RFC 3339 with offset, not "
        "in the future); it is recorded at that time and notifies nobody",
        "schema": {"type": "string", "format": "date-time"},
    },
}
_ERRORS = {
    "400": "The input is not valid: a wrong type, too long, missing, or not allowed here",
    "401": "Not signed in, or the token is expired or not signed by the company's provider",
    "403": "Signed in, but not allowed to do this",
    "404": "Not found, or not visible to you",
    "409": "The resource changed meanwhile or is not in a state that allows this",
    "429": "Too many requests: wait for the seconds in Retry-After",
    "503": "The service behind this operation is unavailable; the rest of the API works",
}


def document(
    routes: Sequence[Route],
    request_of: Callable[[Route], d.Descriptor],
    reply_of: Callable[[Route], d.Descriptor],
    *,
    title: str,
    version: str,
    server: str,
) -> dict[str, Any]:
    schemas: dict[str, Any] = {"Problem": PROBLEM}
    paths: dict[str, dict[str, Any]] = {}
    operation_ids = _operation_ids(routes)
    for i, route in enumerate(routes):
        request, reply = request_of(route), reply_of(route)
        _add_schema(reply, schemas)
        operation: dict[str, Any] = {
            "operationId": operation_ids[i],
            "summary": route.summary,
            "tags": [route.tag],
            "parameters": [
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                for name in route.path_fields
            ],
            "responses": {
                str(route.status): {
                    "description": "OK" if route.status == 200 else "Created",
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{reply.name}"}}},
                },
                **{
                    code: {"$ref": f"#/components/responses/E{code}"}
                    for code in _ERRORS
                    if not (route.public and code in {"401", "403"})
                },
            },
        }
        open_fields = route.open_fields(request)
        if route.reads_body:
            body_name = f"{route.rpc}Body" if route.closed_fields() & {f.name for f in request.fields} else request.name
            schemas[body_name] = _object(open_fields, schemas)
            operation["requestBody"] = {
                "required": bool(open_fields),
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body_name}"}}},
            }
        else:
            operation["parameters"] += [_query_parameter(f, schemas) for f in open_fields]
        if route.csv:
            operation["parameters"] += [
                {"name": "format", "in": "query", "description": "csv: the figure as a spreadsheet (or send "
                 "Accept: text/csv)", "schema": {"type": "string", "enum": ["json", "csv"]}},
                {"name": "table", "in": "query", "description": "which list of the reply the CSV holds",
                 "schema": {"type": "string", "enum": list(route.csv), "default": route.csv[0]}},
            ]  # fmt: skip
            operation["responses"][str(route.status)]["content"]["text/csv"] = {"schema": {"type": "string"}}
        if "idempotency_key" in request.fields_by_name:
            operation["parameters"].append(
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "description": "the same key again returns the first result and creates nothing new",
                    "schema": {"type": "string", "maxLength": 200},
                }
            )
        if route.public:
            operation["security"] = []
        elif route.method != "GET":
            operation["parameters"] += [{"$ref": f"#/components/parameters/{name}"} for name in IMPORT_PARAMETERS]
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    paths["/live"] = {"get": LIVE}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": (
                "Kantine's public API. Sign in with the company's OpenID provider and send its token as "
                "`Authorization: Bearer`, or use the web page's session cookie with `X-CSRF-Token` on writes. "
                "Field names are as in the contracts (snake_case); 64-bit integers are strings; enums are "
                "their names. Lists take `limit` and `cursor` and answer `next_cursor` (empty on the last page). "
                "An edit may send `expected_version`, the `version` it read: if the post, group or person "
                "changed at all since (a reaction, a join and a follow count too), it answers 409 and changes "
                "nothing; without it the edit applies to what is current."
            ),
        },
        "servers": [{"url": server}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "responses": {
                f"E{code}": {
                    "description": text,
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                }
                for code, text in _ERRORS.items()
            },
            "parameters": IMPORT_PARAMETERS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "session": {"type": "apiKey", "in": "cookie", "name": "kantine_session"},
            },
        },
    }


def _operation_ids(routes: Sequence[Route]) -> dict[int, str]:
    """The gRPC method's name, made unique by method and path where several routes share a method."""
    counts: dict[str, int] = {}
    for route in routes:
        counts[route.rpc] = counts.get(route.rpc, 0) + 1
    ids = {}
    for i, route in enumerate(routes):
        name = route.rpc[0].lower() + route.rpc[1:]
        if counts[route.rpc] > 1:
            words = [p for p in route.path.split("/") if p and not p.startswith("{")]
            name += route.method.title() + "".join(w.title().replace("-", "") for w in words)
        ids[i] = name
    return ids


def _query_parameter(field: d.FieldDescriptor, schemas: dict[str, Any]) -> dict[str, Any]:
    return {"name": field.name, "in": "query", "required": False, "schema": _field_schema(field, schemas)}


def _object(fields: Sequence[d.FieldDescriptor], schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {f.name: _field_schema(f, schemas) for f in fields},
    }


def _add_schema(message: d.Descriptor, schemas: dict[str, Any]) -> None:
    if message.name in schemas:
        return
    schemas[message.name] = {}  # placeholder, so a message that contains itself ends
    schemas[message.name] = _object(message.fields, schemas)


def _field_schema(field: d.FieldDescriptor, schemas: dict[str, Any]) -> dict[str, Any]:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        value = field.message_type.fields_by_name["value"]
        return {"type": "object", "additionalProperties": _single(value, schemas)}
    single = _single(field, schemas)
    return {"type": "array", "items": single} if field.is_repeated else single


def _single(field: d.FieldDescriptor, schemas: dict[str, Any]) -> dict[str, Any]:
    if field.message_type is not None:
        _add_schema(field.message_type, schemas)
        return {"$ref": f"#/components/schemas/{field.message_type.name}"}
    if field.enum_type is not None:
        return {"type": "string", "enum": [v.name for v in field.enum_type.values]}
    return dict(_JSON_TYPES[field.type])
