"""Schemathesis against a started gateway on the real services: every operation of the OpenAPI document,
with data the document allows and data it forbids, signed in as a colleague and as a community manager.

What must hold: no server error, every response (status, media type, body) as the document says, and no
operation whose every allowed request is refused (schemathesis's warnings: the document would then be
looser than the server). Ids in paths and bodies are drawn mostly from what the test created, so an
operation reaches its rules instead of "not found". Everything the fuzzer writes, archives or deactivates
is its own: the world is made for the run.

Inside `make test` each operation gets a few examples (KANTINE_FUZZ_EXAMPLES, default 4); `make fuzz`
runs many more. The counts are printed, for the record.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from nats.aio.client import Client as NatsClient

from kantine.topology import Topology
from tests.harness import NotifyHarness, eventually
from tests.integration.gateway_world import GatewayWorld, Person, gateway_world

EXAMPLES = int(os.environ.get("KANTINE_FUZZ_EXAMPLES", "4"))
SEED = os.environ.get("KANTINE_FUZZ_SEED", "")
PHASES = os.environ.get("KANTINE_FUZZ_PHASES", "examples,fuzzing,stateful")
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
# what would make the document looser than the server, or the run blind
WARNINGS = ["missing_auth", "missing_test_data", "validation_mismatch", "missing_deserializer", "unsupported_regex"]
TOKEN_LIFETIME_S = 6 * 3600
SCIM_TOKEN = "fuzz-directory-sync-token-of-at-least-32-characters"


@pytest.fixture
async def world(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[GatewayWorld]:
    """No rate limits: the fuzzer sends hundreds of requests a second, which a limit would refuse."""
    async for w in gateway_world(
        database_url, nats_url, nc, topology, writes_per_minute=0, reads_per_minute=0, scim_token=SCIM_TOKEN
    ):
        yield w


@dataclasses.dataclass
class Seeded:
    """What one run may find, by the name of the path, query or body field that takes it: `everywhere`
    for every operation, `by_operation` narrower pools where an operation needs a particular kind (its
    own comment, a pending request), and the pools destructive operations draw from, so a delete or an
    archive early in the run does not leave the rest with nothing to find."""

    everywhere: dict[str, list[str]]
    by_operation: dict[str, dict[str, list[str]]]


async def created(person: Person, path: str, body: dict[str, Any], key: str = "") -> str:
    """The id of what a POST made: `<thing>_id` of its reply (a comment's reply names its post too)."""
    reply = await person.client.post(f"/api/v1{path}", json=body)
    assert reply.status_code == 201, f"{path}: {reply.text}"
    return str(reply.json()[key or f"{path.rstrip('s').rsplit('/', 1)[-1]}_id"])


async def directory_groups(world: GatewayWorld, name: str) -> list[str]:
    """Groups the directory's sync made, for a community manager to link (as Entra sends them)."""
    made = []
    async with httpx.AsyncClient(base_url=f"{world.url}/scim/v2", timeout=15,
                                 headers={"Authorization": f"Bearer {SCIM_TOKEN}"}) as scim:  # fmt: skip
        for i in range(2):
            reply = await scim.post("/Groups", json={
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": f"{name} directory {i}",
                "externalId": f"{name.lower()}-directory-{i}"})  # fmt: skip
            assert reply.status_code == 201, reply.text
            made.append(str(reply.json()["id"]))
    return made


async def seed(world: GatewayWorld, runner: Person, name: str, *, manager: bool = False) -> Seeded:
    """A little company around the person the fuzzer signs in as: colleagues, groups the runner owns and
    others own, posts and comments of each, join requests waiting for the runner, and notifications. A
    community manager changes a colleague's profile (their own could lose them the role mid-run) and
    links the directory's groups."""
    peers = [await world.person(f"{name} Peer {i}") for i in range(4)]
    doomed_people = [await world.person(f"{name} Leaver {i}") for i in range(2)]
    people = [runner.user_id, *(p.user_id for p in peers)]

    def group(n: int) -> dict[str, str]:
        return {"name": f"{name} group {n}", "purpose": f"A group the fuzzer may change, number {n}"}

    own = [await created(runner, "/groups", group(i)) for i in range(2)]
    private = await created(runner, "/groups", {**group(2), "visibility": "GROUP_VISIBILITY_PRIVATE"})
    doomed_groups = [await created(runner, "/groups", group(3 + i)) for i in range(3)]
    theirs = await created(peers[0], "/groups", group(9))
    for group_id in [*own, theirs, *doomed_groups]:
        for person in peers[:2]:
            assert (await person.client.post(f"/api/v1/groups/{group_id}/join")).status_code == 200
    assert (await runner.client.post(f"/api/v1/groups/{theirs}/join")).status_code == 200
    for person in peers:  # join requests the runner answers
        assert (await person.client.post(f"/api/v1/groups/{private}/join")).status_code == 200

    posts = [await created(runner, "/posts", {"body": f"{name} post {i} #fuzz", "group_id": own[0]}) for i in range(2)]
    posts.append(await created(peers[0], "/posts", {"body": f"{name} a peer's post #fuzz"}))
    question = await created(
        runner, "/posts", {"body": f"{name} asks: where is the #fuzz?", "kind": "POST_KIND_QUESTION"}
    )
    poll = await created(
        peers[1], "/posts", {"body": "Lunch?", "kind": "POST_KIND_POLL", "poll_options": ["Yes", "No"]}
    )
    notice = await created(runner, "/posts", {"body": "Read me", "kind": "POST_KIND_ANNOUNCEMENT", "must_read": True,
                                                "group_id": own[0]})  # fmt: skip
    doomed_posts = [await created(runner, "/posts", {"body": f"{name} to be deleted {i}"}) for i in range(3)]
    on = f"/posts/{question}/comments"
    answers = [await created(peers[i], on, {"body": f"answer {i}"}, "comment_id") for i in range(2)]
    mine = [await created(runner, on, {"body": f"mine {i}"}, "comment_id") for i in range(3)]

    async def notified() -> bool:
        reply = await runner.client.get("/api/v1/notifications")
        return len(reply.json()["notifications"]) >= 2

    await eventually(notified)
    inbox = (await runner.client.get("/api/v1/notifications")).json()["notifications"]
    notify = next(o for o in world.others if isinstance(o, NotifyHarness))
    token = notify.links.token(runner.user_id, "digest")
    groups = [*own, private, theirs]
    everywhere = {
        "user_id": [p.user_id for p in peers],
        "group_id": groups,
        "into_group_id": groups,
        "post_id": [*posts, question, poll, notice],
        "comment_id": [*answers, *mine],
        "notification_id": [n["notification_id"] for n in inbox],
        "tag": ["fuzz", "kubernetes"],
    }
    on_question = {"post_id": [question], "comment_id": [*answers, *mine]}
    by_operation = {
        "GET /groups/{key}/posts": {"key": groups},
        "GET /people/{key}/posts": {"key": people},
        "GET /tags/{key}/posts": {"key": ["fuzz"]},
        "GET /people/{user_id}": {"user_id": people},
        "PUT /groups/{group_id}/answer-target": {"group_id": own},
        "POST /unsubscribe": {"token": [token]},
        "GET /insights/announcements": {"post_id": [notice]},
        "GET /people/{user_id}/recognition": {"user_id": people},
        "PUT /people/{user_id}/profile": {"user_id": [peers[3].user_id if manager else runner.user_id]},
        "POST /people/{user_id}/deactivate": {"user_id": [p.user_id for p in doomed_people]},
        "POST /people/{user_id}/reactivate": {"user_id": [p.user_id for p in doomed_people]},
        "PUT /groups/{group_id}": {"group_id": own},
        "POST /groups/{group_id}/archive": {"group_id": doomed_groups},
        "POST /groups/{group_id}/merge": {"group_id": doomed_groups, "into_group_id": own},
        "POST /groups/{group_id}/leave": {"group_id": [theirs]},
        "POST /groups/{group_id}/members/{user_id}/approve": {"group_id": [private], "user_id": people[1:]},
        "POST /groups/{group_id}/members/{user_id}/decline": {"group_id": [private], "user_id": people[1:]},
        "POST /groups/{group_id}/members/{user_id}/invite": {"group_id": own, "user_id": people[3:]},
        "DELETE /groups/{group_id}/members/{user_id}": {"group_id": doomed_groups, "user_id": people[1:3]},
        "PUT /groups/{group_id}/members/{user_id}/role": {"group_id": own, "user_id": people[1:3]},
        "PATCH /posts/{post_id}": {"post_id": posts[:2]},
        "DELETE /posts/{post_id}": {"post_id": doomed_posts},
        "POST /posts/{post_id}/read": {"post_id": [notice]},
        "GET /posts/{post_id}/readers": {"post_id": [notice]},
        "POST /posts/{post_id}/vote": {"post_id": [poll]},
        "POST /posts/{post_id}/accept": {"post_id": [question], "comment_id": answers},
        "PATCH /posts/{post_id}/comments/{comment_id}": {"post_id": [question], "comment_id": mine},
        "DELETE /posts/{post_id}/comments/{comment_id}": {"post_id": [question], "comment_id": mine[1:]},
        "PUT /posts/{post_id}/comments/{comment_id}/reaction": on_question,
        "DELETE /posts/{post_id}/comments/{comment_id}/reaction": on_question,
    }
    if manager:
        linked = await directory_groups(world, name)
        for method in ("PUT", "DELETE"):
            by_operation[f"{method} /directory-groups/{{id}}/link"] = {"id": linked, "group_id": own}
    return Seeded(everywhere, by_operation)


def _bindings(pools: dict[str, list[str]], prefix: str) -> list[str]:
    """Dictionaries for each pool, and every place its field can be (path, query, body), bound to it
    nine times in ten: the tenth is whatever the document allows, so unknown ids are tried too."""
    lines = []
    for field in pools:
        for where in ("path", "query", "body"):
            lines.append(f'"{where}.{field}" = {{ dictionary = "{prefix}{field}", probability = 0.9 }}')
    return lines


def config(seeded: Seeded, token: str, refused: list[str]) -> str:
    """schemathesis.toml for one run: the signed-in person's token, ids drawn from the seeded data, and no
    warning for the operations this person may not use (`refused`): their 403s are the point."""
    lines = [f'headers = {{ Authorization = "Bearer {token}" }}', "", "[dictionaries]"]
    pools = {"": seeded.everywhere} | {f"op{i}_": p for i, p in enumerate(seeded.by_operation.values())}
    for prefix, pool in pools.items():
        lines += [f"{prefix}{field} = {{ values = {json.dumps(values)} }}" for field, values in pool.items()]
    lines += ["", "[parameters]", *_bindings(seeded.everywhere, "")]
    for i, (operation, pool) in enumerate(seeded.by_operation.items()):
        lines += ["", "[[operations]]", f"include-name = {json.dumps(operation)}", "[operations.parameters]"]
        lines += _bindings(pool, f"op{i}_")
    for operation in refused:
        lines += ["", "[[operations]]", f"include-name = {json.dumps(operation)}", "warnings = false"]
    return "\n".join(lines) + "\n"


async def fuzz(world: GatewayWorld, person: Person, seeded: Seeded, where: Path, refused: list[str]) -> dict[str, Any]:
    where.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 (a test's own folder, once)
    token = world.issuer.token(person.sub, expires_in=TOKEN_LIFETIME_S)
    (where / "schemathesis.toml").write_text(config(seeded, token, refused))
    command = [
        sys.executable, "-m", "schemathesis.cli", "--no-color", "--config-file", str(where / "schemathesis.toml"),
        "run",
        f"{world.url}/api/v1/openapi.json", "--checks", CHECKS, "--phases", PHASES,
        "--max-examples", str(EXAMPLES), "--workers", "1",
        "--warnings", ",".join(WARNINGS), "--report", "json,har", "--report-dir", str(where),
        "--request-timeout", "20", *(["--seed", SEED] if SEED else []),
    ]  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd=where
    )
    output, _ = await process.communicate()
    text = output.decode(errors="replace")
    (where / "output.txt").write_text(text)
    return {"code": process.returncode, "output": text, "dir": where}


async def test_the_api_holds_to_its_document_under_fuzzing(world: GatewayWorld, tmp_path: Path) -> None:
    reports = Path(os.environ.get("KANTINE_FUZZ_REPORTS", tmp_path))
    colleague = await world.person("Fuzz Colleague")
    manager = await world.person("Fuzz Manager", community_manager=True, leader=True)
    document = (await world.anonymous().get("/api/v1/openapi.json")).json()
    managers_only = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and operation.get("summary", "").endswith("(community managers)")
    ] + [
        "GET /insights/leaders",  # a leader's own figures, or any leader's for a community manager
        "GET /insights/thanks",  # a leader's own list of people to thank, or any leader's for a manager
    ]
    assert len(managers_only) >= 8, managers_only
    for name, person, refused in (("colleague", colleague, managers_only), ("manager", manager, [])):
        seeded = await seed(world, person, name.title(), manager=person is manager)
        run = await fuzz(world, person, seeded, reports / name, refused)
        print(f"--- schemathesis as the {name} ---\n{run['output'][-6000:]}")
        assert run["code"] == 0, f"as the {name}: {run['output'][-12000:]}"
