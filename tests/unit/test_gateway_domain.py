"""The gateway's pure rules: how a route builds a service's request, limits, languages, problems."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kantine.config import ConfigError, load
from kantine.v1 import events_pb2, feed_pb2
from services.gateway.config import GatewaySettings
from services.gateway.domain import imports
from services.gateway.domain.linking import Known, Link, Provision, Refuse, decide, subject_of
from services.gateway.domain.locales import from_accept_language, locale_of
from services.gateway.domain.problems import from_grpc
from services.gateway.domain.ratelimit import RateLimiter, retry_after
from services.gateway.domain.transcode import BadInputError, Route, build_request, check
from services.gateway.routes import ROUTES
from services.gateway.sessions import Revocations, Session
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


PEOPLE = Route("GET", "/people", "feed", "ListUsers", "", "people", ("actor_id",))


@pytest.mark.parametrize(
    ("route", "where", "values", "field"),
    [(PEOPLE, "query", lambda t: [("email", f"ann{t}@contoso.example")], "email"),
     (CREATE, "body", lambda t: {"body": f"hi{t}there"}, "body"),
     (CREATE, "body", lambda t: {"body": "hi", "poll_options": ["yes", f"n{t}o"]}, "poll_options")],
)  # fmt: skip
def test_text_with_a_nul_character_is_refused_by_name(
    route: Route, where: str, values: Callable[[str], object], field: str
) -> None:
    """PostgreSQL stores no NUL: let through, it was a 500 (found by fuzzing `GET /people?email=`)."""
    build(route, **{where: values("")})  # the control: the same text without it is taken
    with pytest.raises(BadInputError) as refused:
        build(route, **{where: values("\x00")})
    assert refused.value.field == field and "NUL" in str(refused.value)


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


def _session(sid: bytes, user_id: str, started: float) -> Session:
    return Session(sid, user_id, "csrf", started, started + 3600)


def test_an_ended_session_or_person_is_refused_and_their_streams_close() -> None:
    revocations = Revocations()
    anna_phone, anna_laptop, bob = (
        _session(b"p", "anna", 100.0),
        _session(b"l", "anna", 100.0),
        _session(b"b", "bob", 100.0),
    )
    phone_stream, laptop_stream = revocations.stream("anna", b"p"), revocations.stream("anna", b"l")
    bearer_stream, bob_stream = revocations.stream("anna", None), revocations.stream("bob", b"b")
    assert not any(revocations.refuses(s) for s in (anna_phone, anna_laptop, bob))

    revocations.session_ended(b"p", "anna", until=3700.0)  # logout on the phone
    assert revocations.refuses(anna_phone) and not revocations.refuses(anna_laptop)
    assert phone_stream.is_set() and not laptop_stream.is_set() and not bearer_stream.is_set()

    told: list[str] = []
    revocations.on_person_ended(told.append)
    revocations.person_ended("anna", at=150.0)  # deactivated, or signed out everywhere
    assert revocations.refuses(anna_laptop) and laptop_stream.is_set() and bearer_stream.is_set()
    assert told == ["anna"]
    assert not revocations.refuses(_session(b"n", "anna", 151.0))  # a sign-in after it (reactivated) is fine
    assert not revocations.refuses(bob) and not bob_stream.is_set()  # nobody else is touched

    revocations.stream_closed("anna", b"l", laptop_stream)
    assert revocations.streams_of("anna") == 2
    revocations.forget_before(now=4000.0, oldest_session=200.0)  # both revocations outlived their sessions
    assert not revocations.refuses(anna_phone) and not revocations.refuses(anna_laptop)


ENTRA = {"sub": "pairwise-1", "oid": "oid-1", "tid": "tenant-a", "email": "anna@contoso.example"}


@pytest.mark.parametrize(
    ("case", "by_subject", "by_email", "trusted", "claims", "expected"),
    [
        ("the subject the directory provisioned", Known("u1", "oid-1", True), None, False, ENTRA, Link("u1")),
        ("nobody has subject or address", None, None, False, ENTRA, Provision()),
        # Entra: no email_verified, any address a tenant sets: never linked by address
        ("address, untrusted provider", None, Known("u1", "", True), False, ENTRA, Refuse),
        ("address, verified absent", None, Known("u1", "", True), True, ENTRA, Refuse),
        ("address, verified false", None, Known("u1", "", True), True, {**ENTRA, "email_verified": False}, Refuse),
        ("address, verified true", None, Known("u1", "", True), True, {**ENTRA, "email_verified": True}, Link("u1")),
        ("address of a person bound to another subject", None, Known("u1", "oid-2", True), True,
         {**ENTRA, "email_verified": True}, Refuse),
    ],
)  # fmt: skip
def test_a_sign_in_links_by_subject_and_by_address_only_when_verified_and_trusted(
    case: str,
    by_subject: Known | None,
    by_email: Known | None,
    trusted: bool,
    claims: dict[str, object],
    expected: object,
) -> None:
    decided = decide("oid-1", dict(claims), by_subject, by_email, email_trusted=trusted)
    if expected is Refuse:
        assert isinstance(decided, Refuse), case
        assert decided.reason and ("KANTINE_" in decided.log or "email_verified" in decided.log)
    else:
        assert decided == expected


def test_the_subject_is_the_configured_claim_of_the_configured_tenant() -> None:
    assert subject_of(ENTRA, "oid") == "oid-1"
    assert subject_of(ENTRA, "oid", tenant="tenant-a") == "oid-1"
    assert subject_of(ENTRA, "oid", tenant="tenant-b") == ""  # another company's tenant
    assert subject_of({"sub": "s"}, "oid") == ""  # never another claim in its place


def test_the_import_token_may_bring_history_but_not_change_people_or_settings() -> None:
    assert not imports.refusal("feed", "CreatePost", True)
    assert not imports.refusal("feed", "CreateGroup", True) and not imports.refusal("feed", "InviteMember", True)
    for rpc in ("DeactivateUser", "UpdateProfile", "ProvisionUser", "UpdateGroup", "MergeGroups", "ArchiveGroup",
                "RemoveMember", "ReactivateUser"):  # fmt: skip
        assert rpc in imports.refusal("feed", rpc, True)
    assert imports.refusal("feed", "HomeFeed", False)  # reads
    assert imports.refusal("notify", "UpdateOrganisationDefaults", True)  # other services
    feed_writes = {r.rpc for r in ROUTES if r.service == "feed" and r.method != "GET"}
    assert imports.IMPORTABLE.issubset(feed_writes)  # every name it allows is an operation that exists


def test_the_demo_sign_in_runs_only_on_a_loopback_address_unless_said_unsafe() -> None:
    on = {**GATEWAY_ENVIRONMENT, "KANTINE_DEV_SIGNIN": "true"}
    assert load(GatewaySettings, {**on, "KANTINE_PUBLIC_URL": "http://localhost:8080"}).dev_signin
    with pytest.raises(ConfigError, match="KANTINE_DEV_SIGNIN_UNSAFE"):
        load(GatewaySettings, {**on, "KANTINE_PUBLIC_URL": "https://kantine.contoso.example"})
    with pytest.raises(ConfigError, match="KANTINE_HTTP_LISTEN"):  # a loopback name, but open to the network
        load(
            GatewaySettings,
            {**on, "KANTINE_PUBLIC_URL": "http://localhost:8080", "KANTINE_HTTP_LISTEN": "0.0.0.0:8080"},
        )
    unsafe = {**on, "KANTINE_PUBLIC_URL": "https://demo.example", "KANTINE_DEV_SIGNIN_UNSAFE": "true"}
    assert load(GatewaySettings, unsafe).dev_signin


def test_any_proxy_is_not_trusted_to_say_who_the_client_is() -> None:
    assert load(GatewaySettings, {**GATEWAY_ENVIRONMENT, "KANTINE_TRUSTED_PROXIES": "10.0.0.0/8"}).trusted_proxies
    with pytest.raises(ConfigError, match="X-Forwarded-For"):
        load(GatewaySettings, {**GATEWAY_ENVIRONMENT, "KANTINE_TRUSTED_PROXIES": "10.0.0.1, *"})
