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

_UUID = {"type": "string", "format": "uuid"}

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
        "field": {"type": "string", "description": "the input at fault, when there is one (the first, when several)"},
        "errors": {
            "type": "array",
            "description": "every input at fault, when a request has several mistakes at once",
            "items": {
                "type": "object",
                "required": ["field", "detail"],
                "properties": {"field": {"type": "string"}, "detail": {"type": "string"}},
            },
        },
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
        "200": {
            "description": "the event stream",
            "content": {
                "text/event-stream": {
                    "schema": {
                        "type": "object",
                        "description": "one event as it arrives; `data` is JSON",
                        "required": ["data"],
                        "properties": {
                            "event": {"type": "string", "enum": ["unread", "notification", "posts", "unavailable",
                                                                 "ended", "message"]},
                            "data": {"type": "string", "contentMediaType": "application/json"},
                            "id": {"type": "string"},
                            "retry": {"type": "integer"},
                        },
                    }
                }
            },
        },
        "400": {"$ref": "#/components/responses/E400"},
        "401": {"$ref": "#/components/responses/E401"},
        "429": {"$ref": "#/components/responses/E429"},
    },
}  # fmt: skip
# Linking the directory's groups (SCIM) to Kantine groups, for community managers (docs/scim.md): not a
# gRPC call either, so described here.
DIRECTORY_SCHEMAS: dict[str, Any] = {
    "DirectoryGroup": {
        "type": "object",
        "required": ["id", "display_name", "external_id", "linked_group_id"],
        "properties": {
            "id": {"type": "string"},
            "display_name": {"type": "string"},
            "external_id": {"type": "string"},
            "linked_group_id": {"type": "string", "description": "the Kantine group it is linked to, or empty"},
            "members": {"type": "integer"},
        },
    },
    "DirectoryGroups": {
        "type": "object",
        "required": ["total", "directory_groups"],
        "properties": {
            "total": {"type": "integer"},
            "directory_groups": {"type": "array", "items": {"$ref": "#/components/schemas/DirectoryGroup"}},
        },
    },
    "DirectoryLinkBody": {
        "type": "object",
        "required": ["group_id"],
        "properties": {"group_id": _UUID},
    },
    "DirectoryLink": {
        "type": "object",
        "required": ["directory_group", "members", "skipped_user_ids"],
        "properties": {
            "directory_group": {"$ref": "#/components/schemas/DirectoryGroup"},
            "members": {"type": "integer", "description": "how many now follow the directory group"},
            "skipped_user_ids": {"type": "array", "items": {"type": "string"}},
        },
    },
}
_MANAGER_ERRORS = {code: {"$ref": f"#/components/responses/E{code}"} for code in ("400", "401", "403", "429", "503")}
_LINK_ERRORS = {code: {"$ref": f"#/components/responses/E{code}"} for code in ("404", "409", "413", "415")}
_DIRECTORY_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
DIRECTORY_GROUPS: dict[str, Any] = {
    "/directory-groups": {
        "get": {
            "operationId": "listDirectoryGroups",
            "summary": "The directory's groups, their members and the Kantine group each is linked to "
            "(community managers)",
            "tags": ["groups"],
            "parameters": [
                {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 200}},
            ],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/DirectoryGroups"}}}},
                **_MANAGER_ERRORS,
            },
        }
    },
    "/directory-groups/{id}/link": {
        "put": {
            "operationId": "linkDirectoryGroup",
            "parameters": [_DIRECTORY_ID],
            "summary": "Link a directory group to a Kantine group: its members join and follow it from now on "
            "(community managers)",
            "tags": ["groups"],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/DirectoryLinkBody"}}}},
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/DirectoryLink"}}}},
                **_MANAGER_ERRORS, **_LINK_ERRORS,
            },
        },
        "delete": {
            "operationId": "unlinkDirectoryGroup",
            "parameters": [_DIRECTORY_ID],
            "summary": "Unlink a directory group: its members stay, but no longer follow it (community managers)",
            "tags": ["groups"],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/DirectoryLink"}}}},
                **_MANAGER_ERRORS, **_LINK_ERRORS,
            },
        },
    },
}  # fmt: skip
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
# What the services enforce beyond a field's type, so that a client (and a fuzzer) knows before it asks:
# the document is as strict as the server, and schema-valid input is accepted unless it names something
# that does not exist, is not the caller's, or breaks a rule between fields (a poll's options on a
# discussion). Keys are `Message.field`; `Message` lists its required fields. Ids are UUIDs everywhere.
_TEXT = r"^[^\x00]*\S[^\x00]*$"  # some text besides space, and no NUL (PostgreSQL cannot store it)
_NO_NUL = r"^[^\x00]*$"
_MAYBE_UUID = {"type": "string", "anyOf": [{"format": "uuid"}, {"maxLength": 0}]}  # "" is "not given"


def _text(at_most: int, *, required: bool = True) -> dict[str, Any]:
    return {"type": "string", "maxLength": at_most, "pattern": _TEXT if required else _NO_NUL}


def _limit(at_most: int) -> dict[str, Any]:
    return {"type": "integer", "format": "int32", "minimum": 0, "maximum": at_most,
            "description": f"at most {at_most}; 0 or none for the default"}  # fmt: skip


_PERIOD = {"type": "string", "enum": ["week", "month"]}
_BOARD_PERIOD = {"type": "string", "enum": ["week", "month", "all"]}
_REACTION = {"type": "string", "enum": ["like", "celebrate", "support", "insightful", "love"],
             "description": "the organisation's reactions (these by default)"}  # fmt: skip
_CATEGORY = {"type": "string", "enum": ["replies", "mentions", "reactions", "recognition", "announcements",
                                        "group_posts", "follows", "groups", "digest"]}  # fmt: skip
_DATE = {"type": "string", "format": "date"}
_TIME = {"type": "string", "format": "date-time", "pattern": r"(Z|z|[+-][0-9]{2}:[0-9]{2})$"}
RULES: dict[str, dict[str, Any]] = {
    # feed: posts and comments
    "CreatePostRequest": {"required": ["body"]},
    "CreatePostRequest.body": _text(10_000),
    "CreatePostRequest.company_value": _text(60, required=False),
    "CreatePostRequest.poll_options": {
        "type": "array",
        "maxItems": 10,
        "uniqueItems": True,
        "items": {**_text(200), "minLength": 1},
    },
    "CreatePostRequest.praised_user_ids": {"type": "array", "maxItems": 20, "items": _UUID},
    "CreatePostRequest.publish_at": {**_TIME, "description": "schedule it (RFC 3339 with an offset, within a year)"},
    "EditPostRequest": {"required": ["body"]},
    "EditPostRequest.body": _text(10_000),
    "AddCommentRequest": {"required": ["body"]},
    "AddCommentRequest.body": _text(5_000),
    "AddCommentRequest.parent_comment_id": _MAYBE_UUID,
    "EditCommentRequest": {"required": ["body"]},
    "EditCommentRequest.body": _text(5_000),
    "ReactRequest": {"required": ["reaction"]},
    "ReactRequest.reaction": _REACTION,
    "VotePollRequest": {"required": ["option"]},
    "VotePollRequest.option": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 9},
    "AcceptAnswerRequest": {"required": ["comment_id"]},
    "AcceptAnswerRequest.comment_id": _UUID,
    # feed: groups
    "CreateGroupRequest": {"required": ["name", "purpose"]},
    "CreateGroupRequest.name": _text(80),
    "CreateGroupRequest.purpose": {
        **_text(1000),
        "minLength": 10,
        "pattern": r"^[^\x00]*\S[^\x00]*\S[^\x00]*$",
        "description": "a sentence: what the group is for (10 characters or more)",
    },
    "CreateGroupRequest.end_date": {**_DATE, "description": "archived the day after (today or later)"},
    "CreateGroupRequest.owner_ids": {"type": "array", "items": _UUID, "maxItems": 20},
    "UpdateGroupRequest": {"required": ["name", "purpose"]},
    "MergeGroupsRequest": {"required": ["into_group_id"]},
    "MergeGroupsRequest.into_group_id": _UUID,
    "SetMemberRoleRequest": {"required": ["role"]},
    # feed: people
    "Profile": {"required": ["display_name"]},
    "Profile.display_name": _text(120),
    "Profile.email": {"type": "string", "maxLength": 254, "pattern": r"^([^\s@]*@[^\s]*)?$"},
    "Profile.title": _text(200, required=False),
    "Profile.department": _text(200, required=False),
    "Profile.location": _text(200, required=False),
    "Profile.manager_id": _MAYBE_UUID,
    "Profile.locale": {"type": "string", "enum": ["", "en", "da", "nb", "nn", "no", "sv", "nl"]},
    "Profile.avatar_url": {"type": "string", "maxLength": 2000, "pattern": r"^(https?://[^\x00]*|/[^\x00]*)?$"},
    "Profile.skills": {
        "type": "array",
        "maxItems": 50,
        "items": {"type": "string", "maxLength": 60, "pattern": _NO_NUL},
    },
    "Profile.country": {
        "type": "string",
        "pattern": "^([A-Za-z]{2})?$",
        "description": "ISO 3166-1 alpha-2, e.g. DK",
    },
    "ProvisionUserRequest": {"required": ["profile"]},
    "ProvisionUserRequest.external_id": _text(200, required=False),
    "UpdateProfileRequest": {"required": ["profile"]},
    "ListUsersRequest.email": {"type": "string", "maxLength": 254},
    # notify
    "ListNotificationsRequest.limit": _limit(100),
    "ListNotificationsRequest.cursor": {"type": "string", "pattern": "^[0-9]{0,18}$"},
    "ApplyPresetRequest": {"required": ["preset"]},
    "ApplyPresetRequest.preset": {
        "type": "string",
        "enum": ["everything", "answers_and_mentions", "answers_only", "no_email"],
    },
    "UpdatePreferencesRequest.groups": {"type": "array", "maxItems": 2000},
    "ChannelPreference": {"required": ["category"]},
    "ChannelPreference.category": _CATEGORY,
    "GroupPreference": {"required": ["group_id"]},
    "GroupPreference.group_id": _UUID,
    "UpdatePreferencesRequest.reset_categories": {"type": "array", "items": _CATEGORY},
    "QuietHours": {"required": ["start", "end"]},
    "QuietHours.start": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
    "QuietHours.end": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
    "QuietHours.time_zone": {"type": "string", "maxLength": 60, "description": "an IANA time zone, e.g. Europe/Oslo"},
    "UnsubscribeRequest": {"required": ["token"]},
    "UnsubscribeRequest.token": {"type": "string", "minLength": 1, "maxLength": 1000},
    # gamify
    "ListPointsRequest.limit": _limit(200),
    "LeaderboardRequest.limit": _limit(100),
    "LeaderboardRequest.period": _BOARD_PERIOD,
    "LeaderboardRequest.group_id": _MAYBE_UUID,
    # search
    "SearchRequest": {"required": ["query"]},
    "SearchRequest.query": _text(200),
    "SearchRequest.limit": _limit(100),
    "SearchGroupsRequest": {"required": ["query"]},
    "SearchGroupsRequest.query": _text(200),
    "SearchGroupsRequest.limit": _limit(100),
    "SearchPeopleRequest": {"required": ["query"]},
    "SearchPeopleRequest.query": _text(200),
    "SearchPeopleRequest.limit": _limit(100),
    "FindExpertsRequest": {"required": ["topic"]},
    "FindExpertsRequest.topic": _text(200),
    "FindExpertsRequest.limit": _limit(50),
    "SuggestRequest": {"required": ["query"]},
    "SuggestRequest.query": _text(200),
    "SuggestRequest.limit": _limit(10),
    "ListMissedQueriesRequest.limit": _limit(500),
    "ListMissedQueriesRequest.week": {**_DATE, "description": "the week's Monday"},
    # insights
    "ParticipationRequest.scope": {"type": "string", "enum": ["", "organisation", "department", "group"]},
    "ParticipationRequest.period": _PERIOD,
    "ParticipationRequest.periods": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 26},
    "AnswerTimesRequest.period": _PERIOD,
    "AnswerTimesRequest.periods": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 26},
    "UnansweredRequest.limit": _limit(100),
    "UnansweredRequest.group_id": _MAYBE_UUID,
    "SetAnswerTargetRequest": {"required": ["hours"]},
    "SetAnswerTargetRequest.hours": {
        "type": "integer",
        "format": "int32",
        "minimum": 0,
        "maximum": 720,
        "description": "1 to 720, or 0 for the organisation's default",
    },
    "GroupHealthRequest.owner_id": _MAYBE_UUID,
    "LeaderEngagementRequest.leader_id": _MAYBE_UUID,
    "LeaderEngagementRequest.period": _PERIOD,
    "PeopleToThankRequest.leader_id": _MAYBE_UUID,
    "AnnouncementReachRequest.post_id": _MAYBE_UUID,
    "AnnouncementReachRequest.limit": _limit(100),
    "SetMemberRoleRequest.role": {
        "type": "string",
        "enum": ["MEMBER_ROLE_MEMBER", "MEMBER_ROLE_ADMIN", "MEMBER_ROLE_OWNER"],
    },
    "UpdateRecognitionSettingsRequest": {
        "required": ["scope"],
        "anyOf": [{"required": ["leaderboards"]}, {"required": ["public_badges"]}],
        "allOf": [
            {
                "if": {"properties": {"scope": {"const": "RECOGNITION_SCOPE_GROUP"}}},
                "then": {"required": ["scope_id"], "properties": {"scope_id": _UUID}},
            },
            {
                "if": {"properties": {"scope": {"const": "RECOGNITION_SCOPE_COUNTRY"}}},
                "then": {"required": ["scope_id"], "properties": {"scope_id": {"pattern": "^[A-Za-z]{2}$"}}},
            },
            {
                "if": {"properties": {"scope": {"const": "RECOGNITION_SCOPE_ORGANISATION"}}},
                "then": {"properties": {"scope_id": {"maxLength": 0}}},
            },
        ],
    },
    "UpdateRecognitionSettingsRequest.scope": {
        "type": "string",
        "enum": ["RECOGNITION_SCOPE_ORGANISATION", "RECOGNITION_SCOPE_COUNTRY", "RECOGNITION_SCOPE_GROUP"],
    },
    "UpdateRecognitionSettingsRequest.scope_id": {"type": "string", "maxLength": 36},
}
for _message in ("UpdateGroupRequest",):
    for _field in ("name", "purpose", "end_date"):
        RULES[f"{_message}.{_field}"] = RULES[f"CreateGroupRequest.{_field}"]
# a tag in a path (its feed, following it); every other path field is an id
_TAG = {"type": "string", "minLength": 1, "maxLength": 50, "pattern": r"^#?[\w-]+$"}

_ERRORS = {
    "400": "The input is not valid: a wrong type, too long, missing, or not allowed here",
    "401": "Not signed in, or the token is expired or not signed by the company's provider",
    "403": "Signed in, but not allowed to do this",
    "404": "Not found, or not visible to you",
    "409": "The resource changed meanwhile or is not in a state that allows this",
    "429": "Too many requests: wait for the seconds in Retry-After",
    "503": "The service behind this operation is unavailable; the rest of the API works",
}
_BODY_ERRORS = {
    "413": "The body is larger than the API takes (64 KiB)",
    "415": "The body is not JSON: send it as application/json",
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
    body_names = _body_names(routes, request_of, operation_ids)
    for i, route in enumerate(routes):
        request, reply = request_of(route), reply_of(route)
        _add_schema(reply, schemas)
        operation: dict[str, Any] = {
            "operationId": operation_ids[i],
            "summary": route.summary,
            "tags": [route.tag],
            "parameters": [
                {"name": name, "in": "path", "required": True, "schema": _path_schema(route, name)}
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
            body_name = body_names[i]
            schemas[body_name] = _object(open_fields, schemas, request)
            operation["requestBody"] = {
                "required": bool(_rule(request).get("required")),
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body_name}"}}},
            }
            operation["responses"].update({code: {"$ref": f"#/components/responses/E{code}"} for code in _BODY_ERRORS})
        else:
            operation["parameters"] += [_query_parameter(f, schemas, request) for f in open_fields]
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
    paths.update(DIRECTORY_GROUPS)
    schemas.update(DIRECTORY_SCHEMAS)
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
                for code, text in {**_ERRORS, **_BODY_ERRORS}.items()
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


def _body_names(
    routes: Sequence[Route], request_of: Callable[[Route], d.Descriptor], operation_ids: dict[int, str]
) -> dict[int, str]:
    """A body's schema is its request message's name, or `<Rpc>Body` where the route fills some fields
    itself; routes of one method whose bodies differ (setting a reaction, removing it) get one each."""
    fields_of = {i: tuple(f.name for f in r.open_fields(request_of(r))) for i, r in enumerate(routes) if r.reads_body}
    names = {}
    for i in fields_of:
        route, request = routes[i], request_of(routes[i])
        name = f"{route.rpc}Body" if route.closed_fields() & {f.name for f in request.fields} else request.name
        if len({f for j, f in fields_of.items() if routes[j].rpc == route.rpc}) > 1:
            name = f"{operation_ids[i][0].upper()}{operation_ids[i][1:]}Body"
        names[i] = name
    return names


def _rule(message: d.Descriptor, field: str = "") -> dict[str, Any]:
    return RULES.get(f"{message.name}.{field}" if field else message.name, {})


def _path_schema(route: Route, name: str) -> dict[str, Any]:
    """Every path field is an id, but a tag (its feed's `key`, or the one to follow)."""
    return dict(_TAG if name == "tag" or (name == "key" and route.path.startswith("/tags/")) else _UUID)


def _query_parameter(field: d.FieldDescriptor, schemas: dict[str, Any], request: d.Descriptor) -> dict[str, Any]:
    required = field.name in _rule(request).get("required", ())
    schema = _field_schema(field, schemas, request)
    return {"name": field.name, "in": "query", "required": required, "schema": schema}


def _object(
    fields: Sequence[d.FieldDescriptor], schemas: dict[str, Any], request: d.Descriptor | None = None
) -> dict[str, Any]:
    """A message as a JSON object; with `request`, as the service accepts it (its rules), not as it
    answers (a reply's fields are what the service wrote and need no rule)."""
    names = {f.name for f in fields}
    rules = {k: v for k, v in _rule(request).items() if k != "required"} if request is not None else {}
    required = [n for n in _rule(request).get("required", ()) if n in names] if request is not None else []
    return {
        "type": "object",
        "additionalProperties": False,
        **({"required": required} if required else {}),
        "properties": {f.name: _field_schema(f, schemas, request) for f in fields},
        **rules,
    }


def _add_schema(message: d.Descriptor, schemas: dict[str, Any], request: bool = False) -> str:
    """The component's name: a message's own, or `<Name>Input` for a request's part that has rules."""
    name = f"{message.name}Input" if request and _has_rules(message) else message.name
    if name not in schemas:
        schemas[name] = {}  # placeholder, so a message that contains itself ends
        schemas[name] = _object(message.fields, schemas, message if request else None)
    return name


def _has_rules(message: d.Descriptor) -> bool:
    return any(key == message.name or key.startswith(f"{message.name}.") for key in RULES)


def _field_schema(
    field: d.FieldDescriptor, schemas: dict[str, Any], request: d.Descriptor | None = None
) -> dict[str, Any]:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        value = field.message_type.fields_by_name["value"]
        return {"type": "object", "additionalProperties": _single(value, schemas, request)}
    single = _single(field, schemas, request)
    schema = {"type": "array", "items": single} if field.is_repeated else single
    if request is None:
        return schema
    rule = _rule(request, field.name)
    if not rule and not field.is_repeated and field.type == d.FieldDescriptor.TYPE_STRING and _is_id(field.name):
        rule = _MAYBE_UUID  # an optional id: "" is "not given"
    if not rule and field.is_repeated and field.type == d.FieldDescriptor.TYPE_STRING and field.name.endswith("_ids"):
        rule = {"type": "array", "items": _UUID}
    if field.is_repeated and "items" in rule and "$ref" in single:
        rule = {k: v for k, v in rule.items() if k != "items"}
    return {**schema, **rule}


def _is_id(name: str) -> bool:
    return name.endswith("_id") and name not in {"external_id", "scope_id"}


def _single(field: d.FieldDescriptor, schemas: dict[str, Any], request: d.Descriptor | None = None) -> dict[str, Any]:
    if field.message_type is not None:
        if field.message_type.full_name.startswith("google.protobuf."):
            _add_schema(field.message_type, schemas)
            return {"$ref": f"#/components/schemas/{field.message_type.name}"}
        return {"$ref": f"#/components/schemas/{_add_schema(field.message_type, schemas, request is not None)}"}
    if field.enum_type is not None:
        return {"type": "string", "enum": [v.name for v in field.enum_type.values]}
    return dict(_JSON_TYPES[field.type])
