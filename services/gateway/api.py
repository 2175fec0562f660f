"""`/api/v1`: one HTTP endpoint per route of the table, each a gRPC call to the service behind it.

Every endpoint goes the same way: who asks (`auth.Gate`), their rate, the body (JSON, at most
MAX_BODY_BYTES), the service's request (`domain.transcode`), the call with its deadline, and the reply as
JSON, or one problem document for whatever went wrong on the way. A service that is down answers 503
for its own operations; the others are not touched.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kantine import history, telemetry
from kantine.grpcutil import VIOLATIONS
from services.gateway.auth import Gate, Principal, RefusedError, token_key
from services.gateway.domain import tables
from services.gateway.domain.problems import MEDIA_TYPE, from_grpc, problem
from services.gateway.domain.replies import reply_json
from services.gateway.domain.transcode import BadInputError, Route, build_request, check
from services.gateway.presence import PresenceRecorder
from services.gateway.upstream import Upstreams, method

log = logging.getLogger("kantine.gateway")

MAX_BODY_BYTES = 64 * 1024
MAX_IDEMPOTENCY_KEY = 200
NO_STORE = {"Cache-Control": "no-store"}
Endpoint = Callable[[Request], Awaitable[Response]]


class ProblemResponse(JSONResponse):
    media_type = MEDIA_TYPE


class ReplyResponse(JSONResponse):
    """A service's reply, written by orjson: the same compact UTF-8 JSON as Starlette's, at a tenth of
    the CPU (for a home-feed page, json.dumps was about a twelfth of the gateway's work)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return ProblemResponse(body, status_code=int(body["status"]), headers={**NO_STORE, **(headers or {})})


def refused(refusal: RefusedError) -> Response:
    return problem_response(refusal.body, refusal.headers)


def violations(exc: grpc.aio.AioRpcError) -> list[dict[str, str]]:
    """The fields a service named as at fault, from its status's trailing metadata."""
    trailers: Any = exc.trailing_metadata() or ()  # grpc.aio.Metadata: (key, value) pairs
    for key, value in trailers:
        if key == VIOLATIONS:
            with contextlib.suppress(ValueError, TypeError):
                found = json.loads(value)
                return [v for v in found if isinstance(v, dict) and isinstance(v.get("field"), str)]
    return []


def upstream_failed(exc: grpc.aio.AioRpcError, service: str) -> Response:
    body = from_grpc(exc.code().name, exc.details() or "", service, violations(exc))
    if body["status"] >= 500:
        log.warning("%s failed: %s %s", service, exc.code().name, exc.details())
    return problem_response(body, {"Retry-After": "5"} if body["status"] == 503 else None)


async def read_json(request: Request) -> Any:
    """The body as JSON, or None when there is none; refuses what is too large or not JSON."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise RefusedError(413, f"the body is larger than {MAX_BODY_BYTES // 1024} KiB")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise RefusedError(413, f"the body is larger than {MAX_BODY_BYTES // 1024} KiB")
    if not raw.strip():
        return None
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json" and not kind.endswith("+json"):
        raise RefusedError(415, "send the body as application/json")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RefusedError(400, f"the body is not valid JSON: {exc}") from None
    except RecursionError:  # the parser recurses once per level: some thousand levels exhaust the stack
        raise RefusedError(400, "the body is nested too deeply to be a request of this API") from None


class Api:
    def __init__(
        self,
        gate: Gate,
        upstreams: Upstreams,
        timeout_s: float,
        presence: PresenceRecorder | None = None,
        *,
        public_per_minute: int = 0,
    ) -> None:
        self.gate = gate
        self.public_per_minute = public_per_minute
        self.upstreams = upstreams
        self.timeout_s = timeout_s
        self.presence = presence

    def endpoint(self, route: Route) -> Endpoint:
        contract = method(route.service, route.rpc)
        request_type, reply_type = contract.input_type, contract.output_type
        check(route, request_type)
        headers: dict[str, list[str]] = {}  # the tables offered as CSV, with their columns
        for name in route.csv:
            field = reply_type.fields_by_name.get(name)
            if field is None or not field.is_repeated or field.message_type is None:
                raise ValueError(f"{route.method} {route.path}: {reply_type.name}.{name} is not a list to offer as CSV")
            headers[name] = tables.columns(field.message_type)
        call = self.upstreams.call(route.service, route.rpc)

        span_name = f"{route.method} /api/v1{route.path}"

        async def endpoint(request: Request) -> Response:
            telemetry.name_span(span_name)
            try:
                principal = None
                metadata: tuple[tuple[str, str], ...] | None = None
                if route.public:  # the unsubscribe link: limited by its signed token, on every replica
                    token = request.query_params.get("token", "")
                    await self.gate.limit_shared(token_key("unsubscribe", token), self.public_per_minute)
                else:
                    principal = await self.gate.principal(request, write=route.writes, history_allowed=True)
                    if principal.occurred_at is None:
                        self.gate.limit(principal.user_id, write=route.writes)
                    else:
                        await self.gate.importing(principal, route.service, route.rpc, route.writes)
                        metadata = history.metadata(principal.occurred_at)
                body = await read_json(request) if route.reads_body else None
                query = request.query_params.multi_items()
                table = ""
                if route.csv:
                    query, table = _csv_table(route, query, request.headers.get("accept", ""))
                key = request.headers.get("idempotency-key", "")
                if len(key) > MAX_IDEMPOTENCY_KEY:
                    raise BadInputError(
                        f"Idempotency-Key is longer than {MAX_IDEMPOTENCY_KEY} characters", "Idempotency-Key"
                    )
                message = build_request(
                    route, request_type, path=request.path_params, query=query,
                    body=body, actor_id=principal.user_id if principal else "", idempotency_key=key,
                )  # fmt: skip
                reply = await call(message, timeout=self.timeout_s, metadata=metadata)
            except RefusedError as exc:
                return _audited(principal, route, refused(exc))
            except BadInputError as exc:
                return _audited(principal, route, problem_response(exc.problem()))
            except tables.TableError as exc:
                return problem_response(problem(400, str(exc), field="table"))
            except grpc.aio.AioRpcError as exc:
                return _audited(principal, route, upstream_failed(exc, route.service))
            if metadata is not None and principal is not None:
                self.gate.audited(principal, route.rpc, "ok")
            if table:
                response: Response = Response(
                    tables.to_csv(reply_json(reply), table, headers[table]), media_type=tables.MEDIA_TYPE,
                    headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{route.rpc}-{table}.csv"'},
                )  # fmt: skip
            else:
                response = ReplyResponse(reply_json(reply), status_code=route.status, headers=NO_STORE)
            if principal is not None and metadata is None and self.presence is not None:  # an import: nobody's visit
                self.presence.answered(principal.user_id, reply)
            return response

        endpoint.__name__ = route.rpc
        return endpoint


def _audited(principal: Principal | None, route: Route, response: Response) -> Response:
    """An import call that was refused is in the audit log too, with its status (a 403 from `importing`
    is logged there already)."""
    if principal is not None and principal.occurred_at is not None and response.status_code != 403:
        Gate.audited(principal, route.rpc, str(response.status_code))
    return response


def _csv_table(route: Route, query: list[tuple[str, str]], accept: str) -> tuple[list[tuple[str, str]], str]:
    """The query without the CSV choice (`format`, `table`), and the table asked for ("": JSON)."""
    given = dict(q for q in query if q[0] in ("format", "table"))
    rest = [q for q in query if q[0] not in ("format", "table")]
    wanted = given.get("format", "csv" if "text/csv" in accept else "json")
    if wanted not in ("csv", "json"):
        raise BadInputError(f"format {wanted[:20]!r}: csv or json", "format")
    if wanted == "json":
        return rest, ""
    return rest, tables.choose(route.csv, given.get("table", ""))
