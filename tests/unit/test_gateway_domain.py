"""The gateway's pure rules: how a route builds a service's request, limits, languages, problems."""

from __future__ import annotations

import time
from http.cookies import SimpleCookie

import pytest
from starlette.responses import Response

from kantine.config import ConfigError, load
from kantine.v1 import events_pb2, feed_pb2
from services.gateway.config import GatewaySettings
from services.gateway.domain.locales import from_accept_language, locale_of
from services.gateway.domain.problems import from_grpc
from services.gateway.domain.ratelimit import RateLimiter, retry_after
from services.gateway.domain.transcode import BadInputError, Route, build_request, check
from services.gateway.routes import ROUTES
from services.gateway.sessions import SESSION_COOKIE, Sessions
from services.gateway.upstream import method

CREATE = Route("POST", "/posts", "feed", "CreatePost", "", "posts", ("author_id",), hidden=("post_id",))
COMMENTS = Route("GET", "/people/{key}/posts", "feed", "ProfileFeed", "", "people", ("viewer_id",))


def build(route: Route, **kw: object) -> object:
    args = {"path": {}, "query": [], "body": None, "actor_id": "me", **kw}
    return build_request(route, method(route.service, route.rpc).input_type, **args)  # type: ignore[arg-type]


def test_the_actor_comes_from_the_sign_in_and_the_key_from_the_header() -> None:
    request = build(CREATE, body={"body": "hi", "kind": "POST_KIND_QUESTION"}, idempotency_key="k1")
    assert isinstance(request, feed_pb2.CreatePostRequest)
    assert (request.author_id, request.body, request.idempotency_key) == ("me", "hi", "k1")
    assert request.kind == events_pb2.POST_KIND_QUESTION


@pytest.mark.parametrize("field", ["author_id", "post_id", "idempotency_key"])
def test_fields_a_client_may_not_set_are_refused_by_name(field: str) -> None:
    with pytest.raises(BadInputError) as refused:
        build(CREATE, body={"body": "hi", field: "x"})
    assert refused.value.field == field
    assert "cannot be set" in str(refused.value)


def test_query_values_become_the_fields_types() -> None:
    request = build(COMMENTS, path={"key": "u1"}, query=[("limit", "5"), ("mark_visited", "true")])
    assert isinstance(request, feed_pb2.FeedRequest)
    assert (request.key, request.limit, request.mark_visited, request.viewer_id) == ("u1", 5, True, "me")


@pytest.mark.parametrize(
    ("query", "field"),
    [([("limit", "x")], "limit"), ([("mark_visited", "perhaps")], "mark_visited"), ([("key", "u2")], "key"),
     ([("limit", "1"), ("limit", "2")], "limit")],
)  # fmt: skip
def test_bad_query_values_are_named(query: list[tuple[str, str]], field: str) -> None:
    with pytest.raises(BadInputError) as refused:
        build(COMMENTS, path={"key": "u1"}, query=query)
    assert refused.value.field == field


PROFILE = Route("PUT", "/people/{user_id}/profile", "feed", "UpdateProfile", "", "people", ("actor_id",))


@pytest.mark.parametrize(
    ("route", "body", "field", "said"),
    [
        (CREATE, {"body": {"text": "hi"}}, "body", "body is text, not an object"),
        (CREATE, {"body": 42}, "body", "body is text, not a number"),
        (CREATE, {"body": "hi", "kind": True}, "kind", "kind is one of its names, not true or false"),
        (CREATE, {"body": "hi", "kind": "POST_KIND_RANT"}, "kind", "POST_KIND_RANT"),
        (CREATE, {"body": "hi", "poll_options": "a"}, "poll_options", "poll_options is a list, not text"),
        (PROFILE, {"profile": 5}, "profile", "profile is an object, not a number"),
        (PROFILE, {"profile": {"skills": ["sql", 7]}}, "profile.skills", "profile.skills is text, not a number"),
        (PROFILE, {"expected_version": "two"}, "expected_version", "a whole number, not 'two'"),
        (PROFILE, {"expected_version": True}, "expected_version", "a whole number, not true or false"),
    ],
)
def test_a_value_of_the_wrong_type_is_named_with_what_it_should_be(
    route: Route, body: dict[str, object], field: str, said: str
) -> None:
    with pytest.raises(BadInputError) as refused:
        build(route, path={"user_id": "u1", "post_id": "p1"}, body=body)
    assert refused.value.field == field
    assert said in str(refused.value)


def test_values_of_the_right_type_pass_in_their_json_forms() -> None:
    request = build(PROFILE, path={"user_id": "u1"}, body={"expected_version": "3", "profile": {"skills": ["sql"]}})
    assert isinstance(request, feed_pb2.UpdateProfileRequest)
    assert (request.expected_version, list(request.profile.skills)) == (3, ["sql"])
    assert isinstance(build(CREATE, body={"body": "hi", "kind": 2, "poll_options": None}), feed_pb2.CreatePostRequest)


def test_every_route_names_fields_its_request_has() -> None:
    for route in ROUTES:
        check(route, method(route.service, route.rpc).input_type)
    with pytest.raises(ValueError, match="no group_id"):
        check(
            Route("GET", "/groups/{group_id}/posts", "feed", "GroupFeed", "", "g"),
            method("feed", "GroupFeed").input_type,
        )


def test_routes_are_unique() -> None:
    keys = [(r.method, r.path) for r in ROUTES]
    assert len(keys) == len(set(keys))


def test_a_bucket_allows_a_burst_then_the_rate() -> None:
    limiter = RateLimiter(60)  # one a second, fifteen at once
    assert all(limiter.take("anna", 0.0) == 0 for _ in range(15))
    wait = limiter.take("anna", 0.0)
    assert wait == pytest.approx(1.0)
    assert retry_after(wait) == "1"
    assert limiter.take("bob", 0.0) == 0  # per person
    assert limiter.take("anna", 1.0) == 0  # a second later, one more


def test_forgotten_buckets_are_only_full_ones() -> None:
    limiter = RateLimiter(60, max_keys=2)
    for _ in range(15):
        limiter.take("anna", 0.0)
    limiter.take("bob", 100.0)
    limiter.take("carl", 100.0)  # the table is full: anna's bucket has long refilled and is dropped
    assert "anna" not in limiter._buckets and limiter.take("anna", 100.0) == 0


def test_unlimited() -> None:
    assert RateLimiter(0).take("x", 0.0) == 0


@pytest.mark.parametrize(
    ("tag", "language"), [("da-DK", "da"), ("nn", "nb"), ("no", "nb"), ("sv_SE", "sv"), ("NL", "nl"), ("fr", "")]
)
def test_locales(tag: str, language: str) -> None:
    assert locale_of(tag) == language


def test_accept_language_takes_the_best_supported() -> None:
    assert from_accept_language("fr-FR, nb;q=0.8, en;q=0.9") == "en"
    assert from_accept_language("fr, sv-SE;q=0.5") == "sv"
    assert from_accept_language("") == "en"


def test_a_services_status_becomes_a_problem() -> None:
    assert from_grpc("NOT_FOUND", "post not found", "feed")["status"] == 404
    invalid = from_grpc("INVALID_ARGUMENT", "body: too long", "feed")
    assert (invalid["status"], invalid["field"]) == (400, "body")
    down = from_grpc("UNAVAILABLE", "connection refused 10.0.0.3", "search")
    assert down["status"] == 503 and down["service"] == "search" and "10.0.0.3" not in down["detail"]
    assert "Traceback" not in from_grpc("INTERNAL", "Traceback ...", "feed")["detail"]


GATEWAY_ENVIRONMENT = {
    "KANTINE_DATABASE_URL": "postgresql://localhost/kantine",
    "KANTINE_NATS_URL": "nats://localhost:4222",
    "KANTINE_FEED_ADDRESS": "localhost:1",
    "KANTINE_NOTIFY_ADDRESS": "localhost:2",
    "KANTINE_GAMIFY_ADDRESS": "localhost:3",
    "KANTINE_SEARCH_ADDRESS": "localhost:4",
    "KANTINE_INSIGHTS_ADDRESS": "localhost:5",
    "KANTINE_GRPC_LISTEN": "127.0.0.1:0",
    "KANTINE_SESSION_SECRET": "s" * 32,
}


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("KANTINE_SESSION_SECRET", "short", "KANTINE_SESSION_SECRET must be at least 32"),
        ("KANTINE_SCIM_TOKEN", "guessable", "KANTINE_SCIM_TOKEN must be at least 32"),
        ("KANTINE_IMPORT_TOKEN", "guessable", "KANTINE_IMPORT_TOKEN must be at least 32"),
        ("KANTINE_OIDC_ISSUER", "https://login.example.com", "KANTINE_OIDC_CLIENT_ID is needed"),
        ("KANTINE_PUBLIC_URL", "kantine.example.com", "an http:// or https:// address"),
    ],
)
def test_gateway_settings_refuse_what_would_be_unsafe_or_unusable(name: str, value: str, complaint: str) -> None:
    assert load(GatewaySettings, GATEWAY_ENVIRONMENT).scim_token == ""  # no SCIM unless a token is set
    with pytest.raises(ConfigError, match=complaint):
        load(GatewaySettings, {**GATEWAY_ENVIRONMENT, name: value})


def test_the_import_token_is_off_by_default_and_never_the_directorys() -> None:
    assert load(GatewaySettings, GATEWAY_ENVIRONMENT).import_token == ""
    same = {"KANTINE_SCIM_TOKEN": "t" * 40, "KANTINE_IMPORT_TOKEN": "t" * 40}
    with pytest.raises(ConfigError, match="must differ from KANTINE_SCIM_TOKEN"):
        load(GatewaySettings, {**GATEWAY_ENVIRONMENT, **same})


def test_a_session_cookie_verified_once_is_still_refused_once_expired(monkeypatch: pytest.MonkeyPatch) -> None:
    sessions = Sessions("s" * 32, hours=1, public_url="https://kantine.example.com")
    response = Response()
    started = sessions.start(response, "anna")
    cookie = SimpleCookie()
    for header in response.headers.getlist("set-cookie"):
        cookie.load(header)
    value = cookie[SESSION_COOKIE].value
    first = sessions.read(value)
    assert first is not None and (first.user_id, first.csrf) == (started.user_id, started.csrf)
    assert sessions.read(value) is first  # remembered: the same answer without verifying again
    assert sessions.read(value[:-2] + "xx") is None  # a forged cookie is verified, and refused
    later = time.time() + 3601
    monkeypatch.setattr(time, "time", lambda: later)
    assert sessions.read(value) is None  # remembered or not, an expired session is over
    assert Sessions("t" * 32, hours=1, public_url="https://kantine.example.com").read(value) is None  # another key
