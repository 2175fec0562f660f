"""`make chaos`: the platform under kill -9, and what the README promises checked afterwards.

A campaign starts the whole platform as `make demo` does (every service its own process, with its relay,
and NATS and PostgreSQL of its own, durable), provisions a few people over SCIM and signs them in
through the demo sign-in, then runs a bounded load through the gateway's HTTP API (posts, questions,
comments, reactions, accepted answers, invitations into private groups, joins and leaves) while a killer
sends SIGKILL to one process at a time at random moments (each service, NATS, PostgreSQL; several times
each) and starts it again with `kantine up`. The clients behave as the page does: a write answered 5xx
or cut off is sent again with the same Idempotency-Key until it is answered.

Once everything has caught up, the invariants are checked with the feed's event store as the truth:
- every write the gateway accepted (2xx) is in the feed, once; one never answered is there at most once;
- every post and comment the feed holds is in every projection that should hold it (search, notify,
  gamify, insights), and their comment and reaction counts match the feed's;
- points equal a recomputation from the events: gamify's read models are rebuilt from the stream
  (`kantine projections rebuild gamify`) and everyone's points compared before and after;
- no e-mail twice (Message-IDs in the mail catcher's spool);
- no one who left a private group is in any consumer's directory of it, nor finds its posts in search;
- nothing in the dead letters, of the consumers or of the relays.

`python -m tools.chaos` (what `make chaos` runs) is the long form and writes docs/reliability.md;
tests/e2e/test_chaos.py runs the short form in `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import dataclasses
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from nats.js.errors import NotFoundError

from kantine.platform import supervisor
from kantine.platform.demo import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, VISIBILITY, dev_form, wait_until_settled
from kantine.platform.mail_server import message_files
from kantine.platform.nats_server import NatsServer, cluster, cluster_url, new_passwords
from kantine.platform.procs import alive

ROOT = Path(__file__).resolve().parents[1]
CONSUMERS = ("notify", "gamify", "search", "insights")
SERVICES = ("feed", "notify", "gamify", "search", "insights", "gateway")
SERVERS = ("nats", "postgres")
API = "/api/v1"


@dataclasses.dataclass(frozen=True)
class Campaign:
    """How long the load runs, how many clients write, and how often each process is killed."""

    load_s: float = 60.0
    kills_each: int = 1  # SIGKILLs per target over the load
    targets: tuple[str, ...] = (*SERVICES, *SERVERS)
    nats_nodes: int = 1  # 3: a JetStream cluster (streams at three replicas); kill its nodes as nats-1 ...
    people: int = 8
    clients: int = 6
    seed: int = 7
    catch_up_timeout_s: float = 300.0


@dataclasses.dataclass
class Outcome:
    """What a campaign did and found; `violations` empty means every invariant held."""

    campaign: Campaign
    kills: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    restart_s: dict[str, list[float]] = dataclasses.field(default_factory=lambda: collections.defaultdict(list))
    accepted: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    refused: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    retried: int = 0  # writes sent again after a 5xx or a cut connection
    unanswered: int = 0  # writes never answered 2xx or 4xx, however often sent
    lost: list[str] = dataclasses.field(default_factory=list)
    doubled: list[str] = dataclasses.field(default_factory=list)
    violations: list[str] = dataclasses.field(default_factory=list)
    checked: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    control: list[str] = dataclasses.field(default_factory=list)  # what the checks found in planted faults
    catch_up_s: float = 0.0
    load_s: float = 0.0
    emails: int = 0

    @property
    def ok(self) -> bool:
        return not (self.lost or self.doubled or self.violations)


# ----- the platform -----


def cluster_targets(nodes: int = 3) -> tuple[str, ...]:
    """Every service, PostgreSQL and each node of the NATS cluster, one at a time."""
    return (*SERVICES, "postgres", *(f"nats-{i + 1}" for i in range(nodes)))


# The nodes of the NATS cluster this process started (a cluster is a NATS "of your own" to `kantine up`).
NODES: dict[str, NatsServer] = {}


@contextlib.contextmanager
def platform(home: Path, nats_nodes: int = 1) -> Iterator[dict[str, Any]]:
    """The whole platform on servers of its own in `home`, stopped afterwards; with `nats_nodes` > 1 on a
    JetStream cluster of that many nodes, its streams at as many replicas (`sync_interval: always`)."""
    saved = dict(os.environ)
    for key in ("KANTINE_NATS_URL", "KANTINE_DATABASE_URL", "KANTINE_SMTP_HOST", "KANTINE_PUBLIC_URL",
                "KANTINE_SCIM_TOKEN", "KANTINE_IMPORT_TOKEN", "OTEL_EXPORTER_OTLP_ENDPOINT"):  # fmt: skip
        os.environ.pop(key, None)
    os.environ.update({
        "KANTINE_HOME": str(home),
        "KANTINE_NATS_PREFIX": "chaos",
        "KANTINE_DEV_SIGNIN": "true",
        "KANTINE_TRACE_VIEWER": "none",
        "KANTINE_RATE_WRITES_PER_MINUTE": "0",
        "KANTINE_NOTIFY_EMAIL_DELAY_S": "0",  # e-mail goes out during the load, so a crash can double it
    })  # fmt: skip
    if nats_nodes > 1:
        users = new_passwords(s.name for s in supervisor.SERVICES)
        users_file = home / "nats-users.json"
        home.mkdir(parents=True, exist_ok=True)
        users_file.touch(mode=0o600)
        users_file.write_text(json.dumps(users))
        NODES.update({n.server_name: n for n in cluster(home, nats_nodes, users, "chaos")})
        for node in NODES.values():
            node.start(detach=True)
        wait_until_current(NODES.values())
        os.environ.update({"KANTINE_NATS_URL": cluster_url(NODES.values()), "KANTINE_NATS_USERS_FILE": str(users_file),
                           "KANTINE_NATS_REPLICAS": str(nats_nodes)})  # fmt: skip
    say = supervisor.say
    setattr(supervisor, "say", lambda message: None)  # noqa: B010 (quiet: its restarts would fill the report)
    try:
        yield supervisor.up(timeout=180)
    finally:
        try:
            supervisor.down()
            for node in NODES.values():
                node.stop()
            NODES.clear()
        finally:
            setattr(supervisor, "say", say)  # noqa: B010
            os.environ.clear()
            os.environ.update(saved)


def pid_of(state: Mapping[str, Any], target: str) -> int | None:
    info = state.get(target) if target in SERVERS else state.get("services", {}).get(target)
    return (info or {}).get("pid")


def wait_until_current(nodes: Iterable[NatsServer], timeout: float = 60.0) -> None:
    """Until every node has JetStream up and current (a meta leader known, caught up)."""
    deadline = time.monotonic() + timeout
    while not all(node.current() for node in nodes):
        if time.monotonic() > deadline:
            raise TimeoutError("the NATS cluster did not form")
        time.sleep(0.1)


def restart(target: str) -> None:
    """Start the killed process again: a cluster node on its ports and store, anything else by `kantine up`."""
    if target in NODES:
        NODES[target].start(detach=True)
        wait_until_current(NODES.values())  # caught up before the next one goes: one node away at a time
    else:
        supervisor.up(180)


def kill(target: str) -> bool:
    """SIGKILL, and wait until it is gone (a child of ours is reaped, or `up` would see it alive); False
    if it was not running when its turn came (it died by itself: worth knowing)."""
    if target in NODES:
        running = alive(NODES[target].pid)
        NODES[target].kill()
        return running
    pid = pid_of(supervisor.load_state(), target)
    if not pid or not alive(pid):
        return False
    os.kill(pid, signal.SIGKILL)
    while True:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        if not alive(pid):
            return True
        time.sleep(0.05)


# ----- the clients -----


@dataclasses.dataclass
class Person:
    user_id: str
    headers: dict[str, str]


@dataclasses.dataclass
class World:
    """What the clients know: the people, the groups (one public, two private with their owner), the
    posts and comments they wrote, and who is in which private group as far as they were told."""

    people: list[Person]
    public: str
    private: dict[str, Person]  # group -> owner
    posts: dict[str, tuple[str, str, bool]] = dataclasses.field(default_factory=dict)  # id -> author, group, question
    comments: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)  # id -> post, author
    members: dict[str, set[str]] = dataclasses.field(default_factory=lambda: collections.defaultdict(set))
    markers: dict[str, str] = dataclasses.field(default_factory=dict)  # marker -> "post" | "comment"


class Client:
    """Writes as the page does: each write with an Idempotency-Key, sent again after a 5xx or a cut
    connection (the platform is restarting) until it is answered."""

    def __init__(self, http: httpx.AsyncClient, outcome: Outcome, stop_retrying_at: float) -> None:
        self.http = http
        self.outcome = outcome
        self.until = stop_retrying_at

    async def write(self, kind: str, who: Person, method: str, path: str, body: Any = None) -> dict[str, Any] | None:
        """The answer's body when accepted (2xx), None when refused (4xx) or never answered."""
        key = uuid.uuid4().hex
        headers = {**who.headers, "Idempotency-Key": key}
        first = True
        while True:
            if not first:
                self.outcome.retried += 1
            first = False
            try:
                response = await self.http.request(method, API + path, json=body, headers=headers)
            except httpx.TransportError:
                response = None
            if response is not None and response.status_code < 500:
                if response.status_code < 300:
                    self.outcome.accepted[kind] += 1
                    return response.json() if response.content else {}
                if response.status_code == 429:
                    await asyncio.sleep(0.2)
                    continue
                self.outcome.refused[f"{kind} {response.status_code}"] += 1
                return None
            if time.monotonic() > self.until:
                self.outcome.unanswered += 1
                return None
            await asyncio.sleep(0.3)

    async def read(self, who: Person, path: str, **params: Any) -> Any:
        for _ in range(100):
            try:
                response = await self.http.get(API + path, params=params, headers=who.headers)
            except httpx.TransportError:
                await asyncio.sleep(0.3)
                continue
            if response.status_code < 500:
                response.raise_for_status()
                return response.json()
            await asyncio.sleep(0.3)
        raise RuntimeError(f"GET {path} kept failing")


async def sign_in(http: httpx.AsyncClient, user_id: str) -> Person:
    form = dev_form(await http.get("/auth/dev"))
    response = await http.post("/auth/dev", data={"user_id": user_id, "next": "/", "form": form["form"]},
                               headers={"Cookie": form["cookie"]})  # fmt: skip
    cookies = {name: response.cookies.get(name) for name in (SESSION_COOKIE, CSRF_COOKIE)}
    if response.status_code != 303 or not all(cookies.values()):
        raise RuntimeError(f"signing in as {user_id} failed: {response.status_code} {response.text[:200]}")
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return Person(user_id, {"Cookie": cookie, CSRF_HEADER: str(cookies[CSRF_COOKIE])})


async def seed(http: httpx.AsyncClient, state: Mapping[str, Any], campaign: Campaign, client: Client) -> World:
    """The people (over SCIM, the first a community manager) and three groups, before any kill."""
    auth = {"Authorization": f"Bearer {state['scim_token']}"}
    people: list[Person] = []
    for i in range(campaign.people):
        response = await http.post("/scim/v2/Users", headers=auth, json={
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": f"chaos{i}@example.com", "externalId": f"chaos-{i}", "active": True,
            "displayName": f"Chaos Person {i}", "emails": [{"value": f"chaos{i}@example.com", "primary": True}],
            "preferredLanguage": ("da-DK", "nb-NO", "sv-SE", "nl-NL", "en-GB")[i % 5],
        })  # fmt: skip
        response.raise_for_status()
        people.append(await sign_in(http, response.json()["id"]))
    groups: list[tuple[str, Person]] = []
    for name, visibility in (("Open floor", "public"), ("Board", "private"), ("Works council", "private")):
        owner = people[len(groups)]
        body = {"name": name, "purpose": f"{name} of the chaos campaign", "visibility": VISIBILITY[visibility]}
        reply = await client.write("group", owner, "POST", "/groups", body)
        assert reply is not None, f"creating {name} failed"
        groups.append((reply["group_id"], owner))
    world = World(people, groups[0][0], {g: o for g, o in groups[1:]})
    for person in people[1:]:  # everyone writes in the open group
        assert await client.write("join", person, "POST", f"/groups/{world.public}/join") is not None
    for group, owner in groups[1:]:
        world.members[group].add(owner.user_id)
    return world


async def act(rng: random.Random, world: World, me: Person, client: Client) -> None:
    """One thing a person does, picked at random among what the load covers."""
    choice = rng.choices(("post", "comment", "react", "accept", "join", "leave"), (30, 30, 20, 5, 8, 7))[0]
    mine = [g for g, members in world.members.items() if me.user_id in members]
    readable = [p for p, (_, g, _) in world.posts.items() if g in ("", world.public) or g in mine]
    if choice == "post" or not readable:
        marker = f"chaos{uuid.uuid4().hex[:16]}"
        group = rng.choice(["", world.public, *mine])
        question = rng.random() < 0.3
        body: dict[str, Any] = {"kind": "POST_KIND_QUESTION" if question else "POST_KIND_DISCUSSION",
                                "body": f"{marker} Hvad synes I om kantinen i dag? #chaos"}  # fmt: skip
        if group:
            body["group_id"] = group
        world.markers[marker] = "post"
        reply = await client.write("post", me, "POST", "/posts", body)
        if reply is not None:
            world.posts[reply["post_id"]] = (me.user_id, group, question)
    elif choice == "comment":
        post = rng.choice(readable)
        marker = f"chaos{uuid.uuid4().hex[:16]}"
        world.markers[marker] = "comment"
        reply = await client.write("comment", me, "POST", f"/posts/{post}/comments", {"body": f"{marker} Enig!"})
        if reply is not None:
            world.comments[reply["comment_id"]] = (post, me.user_id)
    elif choice == "react":
        post = rng.choice(readable)
        await client.write("reaction", me, "PUT", f"/posts/{post}/reaction", {"reaction": "like"})
    elif choice == "accept":
        questions = {p for p, (author, _, q) in world.posts.items() if q and author == me.user_id}
        answers = [c for c, (p, author) in world.comments.items() if p in questions and author != me.user_id]
        if answers:
            answer = rng.choice(answers)
            await client.write("accept", me, "POST", f"/posts/{world.comments[answer][0]}/accept",
                               {"comment_id": answer})  # fmt: skip
    elif choice == "join":
        group, owner = rng.choice(list(world.private.items()))
        if me.user_id in world.members[group] or me is owner:
            return
        if await client.write("invite", owner, "POST", f"/groups/{group}/members/{me.user_id}/invite") is None:
            return
        if await client.write("join", me, "POST", f"/groups/{group}/join") is not None:
            world.members[group].add(me.user_id)
    elif choice == "leave":
        leaving = [g for g in mine if world.private[g] is not me]
        if leaving:
            group = rng.choice(leaving)
            if await client.write("leave", me, "POST", f"/groups/{group}/leave") is not None:
                world.members[group].discard(me.user_id)


async def load(world: World, campaign: Campaign, client: Client, until: float, killing: asyncio.Event) -> None:
    """The clients write until the load's time is up and the last process killed is back."""

    async def one(index: int) -> None:
        rng = random.Random(campaign.seed * 1000 + index)
        while time.monotonic() < until or killing.is_set():
            await act(rng, world, rng.choice(world.people), client)

    await asyncio.gather(*(one(i) for i in range(campaign.clients)))


async def killer(campaign: Campaign, outcome: Outcome, until: float, killing: asyncio.Event) -> None:
    """Each target `kills_each` times, in a random order, at random moments spread over the load."""
    rng = random.Random(campaign.seed)
    plan = [t for t in campaign.targets for _ in range(campaign.kills_each)]
    rng.shuffle(plan)
    gap = (until - time.monotonic()) / (len(plan) + 1)
    try:
        for target in plan:
            await asyncio.sleep(rng.uniform(0.2, 1.0) * gap)
            if kill(target):
                outcome.kills[target] += 1
            else:
                outcome.violations.append(f"{target} was not running when its turn to be killed came")
            await asyncio.sleep(rng.uniform(0.0, 2.0))  # down for a moment: requests fail meanwhile
            started = time.monotonic()
            await asyncio.to_thread(restart, target)
            outcome.restart_s[target].append(time.monotonic() - started)
    finally:
        killing.clear()


# ----- the invariants -----


async def check(state: Mapping[str, Any], world: World, outcome: Outcome, client: Client) -> None:
    conn = await asyncpg.connect(state["postgres"]["url"])
    try:
        await _writes(conn, world, outcome)
        await _projections(conn, outcome)
        await _counts(conn, outcome)
        await _left_groups(conn, world, outcome, client)
        await _dead_letters(conn, state, outcome)
    finally:
        await conn.close()
    _emails(state, outcome)


async def _writes(conn: asyncpg.Connection, world: World, outcome: Outcome) -> None:
    """Accepted writes are in the feed once; every write sent (answered or not) at most once."""
    for table, ids in (("posts", world.posts), ("comments", world.comments)):
        known = {str(r[0]) for r in await conn.fetch(f"SELECT {table[:-1]}_id FROM feed.{table}")}
        for item in ids:
            outcome.checked[f"accepted {table[:-1]}"] += 1
            if item not in known:
                outcome.lost.append(f"accepted {table[:-1]} {item} is not in the feed")
    for marker, kind in world.markers.items():
        table = "posts" if kind == "post" else "comments"
        n = await conn.fetchval(f"SELECT count(*) FROM feed.{table} WHERE position($1 IN body) > 0", marker)
        outcome.checked[f"{kind} written once"] += 1
        if n > 1:
            outcome.doubled.append(f"{kind} {marker} is in the feed {n} times")


async def _projections(conn: asyncpg.Connection, outcome: Outcome) -> None:
    """Every post and comment of the feed in every projection that keeps it."""
    holders = {
        "post": ("feed.posts", "post_id", ["search.entries:entry_id", "notify.posts:post_id", "gamify.posts:post_id",
                                           "insights.posts:post_id"]),
        "comment": ("feed.comments", "comment_id", ["search.entries:entry_id", "notify.comments:comment_id",
                                                    "gamify.comments:comment_id", "insights.comments:comment_id"]),
    }  # fmt: skip
    for kind, (source, key, targets) in holders.items():
        for target in targets:
            table, column = target.split(":")
            missing = await conn.fetch(
                f"SELECT s.{key}::text FROM {source} s WHERE NOT EXISTS "
                f"(SELECT 1 FROM {table} t WHERE t.{column} = s.{key})"
            )
            outcome.checked[f"{kind}s in {table}"] += await conn.fetchval(f"SELECT count(*) FROM {source}")
            outcome.lost += [f"{kind} {r[0]} is missing from {table}" for r in missing]


async def _counts(conn: asyncpg.Connection, outcome: Outcome) -> None:
    """Comment and reaction counts of each post as the feed has them, in search and notify."""
    truth = """SELECT p.post_id,
                      (SELECT count(*) FROM feed.comments c WHERE c.post_id = p.post_id AND NOT c.deleted) AS comments,
                      (SELECT count(*) FROM feed.reactions r WHERE r.post_id = p.post_id
                         AND r.comment_id = '00000000-0000-0000-0000-000000000000') AS reactions
               FROM feed.posts p"""
    for table, key in (("search.entries", "entry_id"), ("notify.posts", "post_id")):
        wrong = await conn.fetch(
            f"""SELECT t.post_id::text, t.comments, t.reactions, x.comments AS c2, x.reactions AS r2
                FROM ({truth}) t JOIN {table} x ON x.{key} = t.post_id
                WHERE t.comments <> x.comments OR t.reactions <> x.reactions"""
        )
        outcome.checked[f"counts in {table}"] += await conn.fetchval("SELECT count(*) FROM feed.posts")
        for r in wrong:
            found = f"{table}: post {r[0]} has {r['c2']} comments and {r['r2']} reactions, the feed {r[1]} and {r[2]}"
            (outcome.lost if r["c2"] < r[1] or r["r2"] < r[2] else outcome.doubled).append(found)


async def _left_groups(conn: asyncpg.Connection, world: World, outcome: Outcome, client: Client) -> None:
    """Who is not in a private group (by the feed) is in no consumer's directory of it and finds none of
    its posts; the members find them (the control)."""
    for group in world.private:
        members = {str(r[0]) for r in await conn.fetch(
            "SELECT user_id FROM feed.group_members WHERE group_id = $1", uuid.UUID(group))}  # fmt: skip
        for consumer in CONSUMERS:
            kept = {str(r[0]) for r in await conn.fetch(
                f"SELECT user_id FROM {consumer}.directory_members WHERE group_id = $1", uuid.UUID(group))}  # fmt: skip
            outcome.checked["memberships"] += 1
            if kept != members:
                outcome.violations.append(
                    f"{consumer} has {sorted(kept - members)} in private group {group} too, "
                    f"and misses {sorted(members - kept)}"
                )
        markers = [r[0] for r in await conn.fetch(
            "SELECT substring(body from 'chaos[0-9a-f]{16}') FROM feed.posts WHERE group_id = $1 LIMIT 3",
            uuid.UUID(group))]  # fmt: skip
        for person in world.people:
            for marker in markers:
                hits = len((await client.read(person, "/search", query=marker)).get("hits", []))
                outcome.checked["private searches"] += 1
                if person.user_id in members and hits == 0:
                    outcome.violations.append(f"member {person.user_id} cannot find {marker} of group {group}")
                if person.user_id not in members and hits:
                    outcome.violations.append(f"{person.user_id}, not a member, finds {marker} of group {group}")


async def _dead_letters(conn: asyncpg.Connection, state: Mapping[str, Any], outcome: Outcome) -> None:
    from kantine.topology import Topology

    for schema in ("feed", *CONSUMERS):
        n = await conn.fetchval(f"SELECT count(*) FROM {schema}.relay_dead_letters")
        if n:
            outcome.violations.append(f"{schema}'s relay dead-lettered {n} events")
    nc = await supervisor.connect_bus(dict(state), "kantine-chaos")
    try:
        js = nc.jetstream()
        try:
            info = await js.stream_info(Topology(state.get("prefix", "chaos")).dead_letter_stream)
            if info.state.messages:
                outcome.violations.append(f"{info.state.messages} events in the consumers' dead letters")
        except NotFoundError:  # no dead-letter stream: nothing was dead-lettered
            pass
    finally:
        await nc.close()


def _emails(state: Mapping[str, Any], outcome: Outcome) -> None:
    """No Message-ID twice in the mail catcher's spool."""
    ids: collections.Counter[str] = collections.Counter()
    for path in message_files(Path(state["mail"]["dir"])):
        for line in path.read_text(errors="replace").splitlines():
            if line.lower().startswith("message-id:"):
                ids[line.split(":", 1)[1].strip()] += 1
                break
    outcome.emails = sum(ids.values())
    outcome.checked["e-mails"] += outcome.emails
    outcome.doubled += [f"e-mail {m} sent {n} times" for m, n in ids.items() if n > 1]


async def _points(state: Mapping[str, Any]) -> dict[str, int]:
    conn = await asyncpg.connect(state["postgres"]["url"])
    try:
        rows = await conn.fetch("SELECT user_id::text, sum(points) FROM gamify.ledger GROUP BY user_id")
    finally:
        await conn.close()
    return {r[0]: int(r[1]) for r in rows}


def recompute_points(state: Mapping[str, Any], outcome: Outcome) -> None:
    """Everyone's points as the live consumer booked them, and as a replay of the stream books them."""
    before = asyncio.run(_points(state))
    done = subprocess.run(
        [sys.executable, "-m", "kantine.cli", "projections", "rebuild", "gamify"], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode:
        outcome.violations.append(f"rebuilding gamify failed: {done.stderr[-500:]}")
        return
    after = asyncio.run(_points(state))
    outcome.checked["people's points"] += len(after)
    for person in sorted(before.keys() | after.keys()):
        booked, recomputed = before.get(person, 0), after.get(person, 0)
        if booked != recomputed:
            found = f"{person} has {booked} points, a recomputation from the events {recomputed}"
            (outcome.lost if booked < recomputed else outcome.doubled).append(found)


# ----- the campaign -----


def run(campaign: Campaign, home: Path, *, control: bool = False) -> Outcome:
    outcome = Outcome(campaign)
    with platform(home, campaign.nats_nodes) as state:

        async def drive() -> World:
            async with httpx.AsyncClient(base_url=state["http"]["url"], timeout=30.0) as http:
                started = time.monotonic()
                until = started + campaign.load_s
                # a write is sent again until the platform is back: restarts run on past the load's time
                kills = len(campaign.targets) * campaign.kills_each
                client = Client(http, outcome, until + campaign.catch_up_timeout_s + 20.0 * kills)
                world = await seed(http, state, campaign, client)
                killing = asyncio.Event()
                killing.set()
                await asyncio.gather(
                    load(world, campaign, client, until, killing), killer(campaign, outcome, until, killing)
                )
                outcome.load_s = time.monotonic() - started
                return world

        world = asyncio.run(drive())
        state = supervisor.load_state()
        outcome.catch_up_s = asyncio.run(wait_until_settled(state, timeout=campaign.catch_up_timeout_s))

        async def verify() -> None:
            async with httpx.AsyncClient(base_url=state["http"]["url"], timeout=30.0) as http:
                await check(state, world, outcome, Client(http, outcome, time.monotonic() + 60))

        asyncio.run(verify())
        recompute_points(state, outcome)
        if control:
            outcome.control = asyncio.run(plant_faults(state, world))
    return outcome


async def plant_faults(state: Mapping[str, Any], world: World) -> list[str]:
    """The control: after the campaign, lose a post in search and put someone back into a private group in
    notify, by hand; the same checks must find both (so they can fail)."""
    conn = await asyncpg.connect(state["postgres"]["url"])
    try:
        post = await conn.fetchval(
            """DELETE FROM search.entries WHERE entry_id = (SELECT entry_id FROM search.entries WHERE kind <> 6 LIMIT 1)
               RETURNING entry_id"""
        )
        group = next(iter(world.private))
        outsider = await conn.fetchval(
            """SELECT u.user_id FROM feed.users u WHERE NOT EXISTS
               (SELECT 1 FROM feed.group_members m WHERE m.group_id = $1 AND m.user_id = u.user_id) LIMIT 1""",
            uuid.UUID(group),
        )
        await conn.execute(
            "INSERT INTO notify.directory_members (group_id, user_id, role, joined_at) VALUES ($1, $2, 1, now())",
            uuid.UUID(group), outsider,
        )  # fmt: skip
        found = Outcome(Campaign())
        await _projections(conn, found)
        async with httpx.AsyncClient(base_url=state["http"]["url"], timeout=30.0) as http:
            await _left_groups(conn, world, found, Client(http, found, time.monotonic() + 60))
    finally:
        await conn.close()
    return [f for f in found.lost + found.violations if str(post) in f or str(outsider) in f]


def report(outcome: Outcome, *, title: str = "# Reliability: the platform under kill -9") -> str:
    """docs/reliability.md: the campaign, what was killed, what was written, what was found."""
    c = outcome.campaign
    bus = (
        f"a JetStream cluster of {c.nats_nodes} nodes (streams at {c.nats_nodes} replicas, `sync_interval: always`)"
        if c.nats_nodes > 1
        else "NATS (`sync_interval: always`)"
    )
    intro = (
        f"Measured by `make chaos` (`python -m tools.chaos`) on {dt.date.today():%Y-%m-%d}: the whole platform as "
        f"`make demo` runs it, each service its own process with its relay, on {bus} and PostgreSQL of its own "
        f"(durable), {c.people} people, {c.clients} clients writing through the gateway for {c.load_s:.0f} s while "
        "one process at a time was killed with SIGKILL at a random moment and started again (`kantine up`; a "
        "cluster node on its own ports and store). Clients send a write that was answered 5xx or cut off again "
        "with the same Idempotency-Key. The invariants are checked against the feed's event store once everything "
        "has caught up; what each means is in `tools/chaos.py`. `make test` runs a short form of both campaigns "
        "(tests/e2e/test_chaos.py)."
    )
    lines = [
        title,
        "",
        textwrap.fill(intro, width=104),
        "",
        "| process | kills | restart (s, each) |",
        "|---|---:|---|",
    ]
    for target in c.targets:
        times = ", ".join(f"{t:.1f}" for t in outcome.restart_s.get(target, []))
        lines.append(f"| {target} | {outcome.kills[target]} | {times} |")
    lines += [
        "",
        "| writes | accepted (2xx) |",
        "|---|---:|",
        *(f"| {kind} | {n} |" for kind, n in sorted(outcome.accepted.items())),
        "",
        f"- sent again after a 5xx or a cut connection: {outcome.retried}; never answered: {outcome.unanswered}",
        "- refused (4xx, as the rules say: a leave that raced an invitation, say): "
        + (", ".join(f"{k} × {n}" for k, n in sorted(outcome.refused.items())) or "none"),
        f"- e-mails sent: {outcome.emails}",
        f"- **lost: {len(outcome.lost)}** (goal 0), **doubled: {len(outcome.doubled)}** (goal 0), "
        f"other violations: {len(outcome.violations)}",
        f"- load {outcome.load_s:.0f} s; time to catch up after it: {outcome.catch_up_s:.1f} s (a killed consumer's "
        "unacknowledged batch comes back after its ack wait, 60 s)",
        "",
        "| checked | items |",
        "|---|---:|",
        *(f"| {what} | {n} |" for what, n in sorted(outcome.checked.items())),
    ]
    for heading, found in (("Lost", outcome.lost), ("Doubled", outcome.doubled), ("Violations", outcome.violations)):
        if found:
            lines += ["", f"#{title.count('#') * '#'} {heading}", "", *(f"- {f}" for f in found[:50])]
    return "\n".join(lines) + "\n"


INTRO = """# Reliability: the platform under kill -9

`make chaos` runs two campaigns against the whole platform, each service its own process with its relay:
on one NATS server, and on a three-node JetStream cluster as `deploy/nats/values.yaml` runs it. In both,
every process is killed with SIGKILL three times at random moments under load and started again; then
what the gateway accepted is looked for everywhere it should be, once. The figures below are of commit
{commit} on this machine; the goal for lost and doubled is 0.

Found by these campaigns and fixed on the way: a killed consumer's unacknowledged batch comes back only
after its ack wait while the events after it go on, so comments and reactions arrived before their
post, and gamify dropped them, notify counted nothing on their posts and search lost a reaction count
(now `kantine.consumer.NotYet`: such an event waits for what it needs).

"""
UNCOVERED = """
## What the campaigns do not cover yet

The load writes posts, questions, comments, reactions, accepted answers and invitations, joins and leaves
of private groups; it edits and deletes nothing, votes in no poll, follows nobody and schedules no post
(those orders are tested one by one in `tests/integration/test_directory_late_events.py`). One process is
down at a time; two at once (a node and PostgreSQL, say) are not tried.
"""


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "(not a git checkout)"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.chaos", description=__doc__.splitlines()[0])
    parser.add_argument("--load-s", type=float, default=240.0, help="how long the load of each campaign runs")
    parser.add_argument("--kills-each", type=int, default=3, help="SIGKILLs per process")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", choices=("single", "cluster"), help="one of the two campaigns")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "reliability.md")
    args = parser.parse_args()
    campaigns = {
        "single": Campaign(load_s=args.load_s, kills_each=args.kills_each, seed=args.seed),
        "cluster": Campaign(load_s=args.load_s, kills_each=args.kills_each, seed=args.seed + 1,
                            nats_nodes=3, targets=cluster_targets(3)),
    }  # fmt: skip
    sections, ok = [], True
    for name, campaign in campaigns.items():
        if args.only and name != args.only:
            continue
        with tempfile.TemporaryDirectory(prefix="kantine-chaos-") as home:
            print(f"chaos ({name}): {campaign.load_s:.0f} s of load, each of {', '.join(campaign.targets)} killed "
                  f"{campaign.kills_each} times …", flush=True)  # fmt: skip
            outcome = run(campaign, Path(home))
        ok = ok and outcome.ok
        title = "## One NATS server" if name == "single" else "## A three-node NATS cluster"
        sections.append(report(outcome, title=title))
        print(sections[-1], flush=True)
    text = INTRO.format(commit=_commit()) + "\n".join(sections) + UNCOVERED
    args.report.write_text(text)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
