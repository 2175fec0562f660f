"""The leak matrix: every surface of the API, as every kind of person who must not read a private or a
secret group, on the real services. Nothing of the groups' content reaches them, and nothing of a secret
group at all, through any read of the gateway, the live stream or the digest e-mail.

The world: Mia owns a private group ("Harbour Board", its posts say WORD) and a secret one (named NAME,
its posts say SECRET_WORD). She asks and announces there, praises, mentions people, gets an answer.
Everyone follows Mia and the tag the posts carry, so every fan-out that could carry a word to them is
tried. The viewers:

- the member (the control): in both groups, and a community manager and a leader, so every surface that
  should show the words to someone shows them to her. Each row says what she must see; a row whose
  control sees nothing would pass whatever the others see, so the control is asserted first;
- an outsider, mentioned in the private question all the same;
- a former member, who was in both, posted, reacted and confirmed reading, then left;
- an invitee who never joined: may know the secret group exists (the invitation names it), no more;
- a deactivated person, who was in both: refused on every read;
- a community manager in neither group: may count, never read, and never know the secret group.

The table is keyed by the gateway's route table: a GET route without a row fails the test, so a new
surface cannot ship without saying who may see what on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from nats.aio.client import Client as NatsClient

from kantine.topology import Topology
from services.gateway.routes import ROUTES
from tests.harness import InsightsHarness, NotifyHarness
from tests.integration.conftest import SmtpServer
from tests.integration.gateway_world import GatewayWorld, Person, gateway_world
from tests.integration.test_gateway_api import Events

WORD = "zephyrword"  # in the private group's posts, comments, praise and announcement
SECRET_WORD = "quillsecret"  # in the secret group's posts
NAME = "Quillfeather"  # the secret group's name and purpose
TAG = "zephyrtag"  # on posts in both groups and on the public marker
MARKER = "harbourmarker"  # the public group's post made last: a surface that shows it has seen all before
WORDS = (WORD, SECRET_WORD)
DEADLINE_S = 30.0


@dataclasses.dataclass(frozen=True)
class Probe:
    """One read of a route: its path parameters (names of the world's ids) and query."""

    path: dict[str, str] = dataclasses.field(default_factory=dict)
    query: dict[str, str] = dataclasses.field(default_factory=dict)
    shows: tuple[str, ...] = ()  # what the member, the control, must find in the answer (words or ids)
    hits: Callable[[Any], int] | None = None  # results that name the groups' content: none for the others
    echoes: bool = False  # the answer quotes the query back ("no group by that name"): not a leak of it


def csv(**query: str) -> dict[str, str]:
    return {**query, "format": "csv"}


def search_hits(reply: Any) -> int:
    return int(reply.get("total", 0)) + len(reply.get("hits", []))


def readers(reply: Any) -> int:
    return len(reply.get("read_by", []))


def experts(reply: Any) -> int:
    return len(reply.get("experts", []))


# What each GET route is read with. `shows` is the control: the member's answer holds those words.
MATRIX: dict[str, list[Probe]] = {
    "/feed": [Probe(shows=(WORD, SECRET_WORD))],
    "/posts/{post_id}": [
        Probe({"post_id": "question"}, shows=(WORD,)),  # the post, its comments, reactions, accepted answer
        Probe({"post_id": "question"}, {"with_history": "true"}, shows=(WORD,)),
        Probe({"post_id": "secret_notice"}, shows=(SECRET_WORD,)),
    ],
    "/posts/{post_id}/readers": [
        Probe({"post_id": "notice"}, shows=("former",), hits=readers),
        Probe({"post_id": "secret_notice"}, shows=("former",), hits=readers),
    ],
    "/tags/{key}/posts": [Probe({"key": TAG}, shows=(WORD, SECRET_WORD))],
    "/groups": [Probe(shows=(NAME,)), Probe(query={"mine": "true"}, shows=(NAME,))],
    "/groups/{group_id}": [Probe({"group_id": "private"}), Probe({"group_id": "secret"}, shows=(NAME,))],
    "/groups/{key}/posts": [Probe({"key": "private"}, shows=(WORD,)), Probe({"key": "secret"}, shows=(SECRET_WORD,))],
    "/groups/{group_id}/members": [
        Probe({"group_id": "private"}, shows=("Member Mo",)),
        Probe({"group_id": "secret"}, shows=("Member Mo",)),
    ],
    "/groups/{group_id}/leaderboard": [Probe({"group_id": "private"}), Probe({"group_id": "secret"})],
    "/me": [Probe()],
    "/people": [Probe(query={"email": "mia.owner@contoso.example"})],
    "/people/{user_id}": [Probe({"user_id": "mia"}), Probe({"user_id": "former"})],
    "/people/{key}/posts": [
        Probe({"key": "mia"}, shows=(WORD, SECRET_WORD)),
        Probe({"key": "former"}, shows=(WORD,)),
    ],
    "/people/{user_id}/recognition": [Probe({"user_id": "member"}), Probe({"user_id": "mia"})],
    "/notifications": [Probe(shows=(WORD,))],
    "/notifications/unread-count": [Probe()],
    "/notifications/preferences": [Probe()],
    "/notifications/organisation-defaults": [Probe()],
    "/points": [Probe()],
    "/leaderboard": [Probe(), Probe(query={"period": "all"})],
    "/recognition/rules": [Probe()],
    "/recognition/settings": [Probe()],
    "/search": [
        Probe(query={"query": WORD}, shows=(WORD,), hits=search_hits),
        Probe(query={"query": SECRET_WORD}, shows=(SECRET_WORD,), hits=search_hits),
        Probe(query={"query": f"#{TAG}"}, shows=(WORD, SECRET_WORD)),  # with the facets of the groups
        Probe(query={"query": f"in:{NAME}"}, hits=search_hits, echoes=True),  # as for a group that is not
    ],
    "/search/groups": [Probe(query={"query": NAME}, shows=(NAME,)), Probe(query={"query": "harbour"})],
    "/search/people": [Probe(query={"query": WORD}), Probe(query={"query": "Member"})],
    "/search/experts": [
        Probe(query={"topic": WORD}, hits=experts),  # the control: the member is told of two experts
        Probe(query={"topic": SECRET_WORD}, hits=experts),
    ],
    "/search/where-to-ask": [Probe(query={"query": WORD}), Probe(query={"query": SECRET_WORD})],
    "/search/missed": [Probe()],
    "/me/expertise-visibility": [Probe()],
    "/insights/participation": [Probe(), Probe(query=csv(table="departments"))],
    "/insights/unanswered": [Probe(shows=(SECRET_WORD,)), Probe(query=csv(), shows=(SECRET_WORD,))],
    "/insights/answer-times": [Probe(), Probe(query=csv())],
    "/insights/groups": [Probe(shows=(NAME,)), Probe(query=csv(), shows=(NAME,))],
    "/insights/leaders": [Probe(query={"period": "month"}), Probe(query=csv(period="month"))],
    "/insights/thanks": [Probe(query={"leader_id": "mia"}), Probe(query=csv(leader_id="mia"))],
    "/insights/announcements": [
        Probe(shows=(WORD, SECRET_WORD)),
        Probe(query=csv(), shows=(WORD, SECRET_WORD)),
        Probe(query={"post_id": "secret_notice"}, shows=(SECRET_WORD,)),
    ],
    "/insights/inbox": [Probe(shows=(SECRET_WORD,)), Probe(query=csv(table="unanswered"), shows=(SECRET_WORD,))],
}
# Read after every other row: a non-member's search for the words finds nothing, so it is rightly listed
# among the missed searches a community manager sees (their own query, not the group's content).
LAST = ("/search", "/search/groups", "/search/people", "/search/experts", "/search/where-to-ask")


@dataclasses.dataclass
class World:
    api: GatewayWorld
    smtp: SmtpServer
    people: dict[str, Person]
    ids: dict[str, str]

    def url(self, template: str, probe: Probe) -> tuple[str, dict[str, str]]:
        path = template.format(**{k: self.ids.get(v, v) for k, v in probe.path.items()})
        return f"/api/v1{path}", {k: self.ids.get(v, v) for k, v in probe.query.items()}


@pytest.fixture
async def world(database_url: str, nats_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[World]:
    smtp = SmtpServer()
    smtp.start()
    try:
        async for api in gateway_world(
            database_url, nats_url, nc, topology, notify_smtp_port=smtp.port, writes_per_minute=0
        ):
            insights = next(o for o in api.others if isinstance(o, InsightsHarness))
            insights.api.target_hours = 0  # a question waits from the moment it is asked: the radar shows it
            yield World(api, smtp, {}, {})
    finally:
        smtp.stop()


async def ok(reply: httpx.Response, status: int = 200) -> Any:
    assert reply.status_code == status, f"{reply.request.method} {reply.request.url}: {reply.status_code} {reply.text}"
    return reply.json() if reply.content else None


async def post(person: Person, body: str, **fields: Any) -> str:
    reply = await person.client.post("/api/v1/posts", json={"body": body, **fields})
    return str((await ok(reply, 201))["post_id"])


def mention(person: Person, name: str) -> str:
    return f"@[{name}]({person.user_id})"


async def build(w: World) -> None:
    api = w.api
    mia = await api.person("Mia Owner", leader=True)
    member = await api.person("Member Mo", community_manager=True, leader=True)
    outsider = await api.person("Otto Outsider")
    former = await api.person("Former Member")
    invited = await api.person("Ivy Invited")
    gone = await api.person("Gus Gone")
    manager = await api.person("Carla Manager", community_manager=True)
    w.people.update(mia=mia, member=member, outsider=outsider, former=former, invited=invited, gone=gone,
                    manager=manager)  # fmt: skip
    w.ids.update({k: p.user_id for k, p in w.people.items()})
    for person in (member, outsider, former, invited, gone, manager):
        await ok(await person.client.put(f"/api/v1/people/{mia.user_id}/follow"))
        await ok(await person.client.put(f"/api/v1/tags/{TAG}/follow"))

    lunch = await ok(await mia.client.post(
        "/api/v1/groups", json={"name": "Harbour Lunch", "purpose": "Lunch together by the harbour"}), 201)  # fmt: skip
    w.ids["public"] = lunch["group_id"]
    for person in (member, outsider, former, invited, gone, manager):
        await ok(await person.client.post(f"/api/v1/groups/{w.ids['public']}/join"))
    for key, name, purpose, visibility in (
        ("private", "Harbour Board", "Where the harbour deal is prepared", "GROUP_VISIBILITY_PRIVATE"),
        ("secret", f"{NAME} Circle", f"The {NAME} plans, for the few who know", "GROUP_VISIBILITY_SECRET"),
    ):
        group = await ok(await mia.client.post(
            "/api/v1/groups", json={"name": name, "purpose": purpose, "visibility": visibility}), 201)  # fmt: skip
        w.ids[key] = group["group_id"]
        for person in (member, former, gone, invited):
            await ok(await mia.client.post(f"/api/v1/groups/{w.ids[key]}/members/{person.user_id}/invite"))
        for person in (member, former, gone):
            await ok(await person.client.post(f"/api/v1/groups/{w.ids[key]}/join"))


async def write(w: World) -> None:
    p, ids = w.people, w.ids
    mia, member, former = p["mia"], p["member"], p["former"]
    ids["question"] = await post(mia, f"{WORD}: what price for the harbour deal? #{TAG} "
                                      f"{mention(member, 'Member Mo')} {mention(p['outsider'], 'Otto Outsider')}",
                                 group_id=ids["private"], kind="POST_KIND_QUESTION")  # fmt: skip
    comment = await ok(await member.client.post(
        f"/api/v1/posts/{ids['question']}/comments", json={"body": f"{WORD} answer: eleven million"}), 201)  # fmt: skip
    await ok(
        await mia.client.post(f"/api/v1/posts/{ids['question']}/accept", json={"comment_id": comment["comment_id"]})
    )
    edited = f"{WORD}: what price for the harbour deal, in euros? #{TAG} {mention(member, 'Member Mo')}"
    await ok(await mia.client.patch(f"/api/v1/posts/{ids['question']}", json={"body": edited}))
    for person in (member, former):
        await ok(await person.client.put(f"/api/v1/posts/{ids['question']}/reaction", json={"reaction": "like"}))
        await ok(await person.client.put(f"/api/v1/posts/{ids['question']}/comments/{comment['comment_id']}/reaction",
                                         json={"reaction": "celebrate"}))  # fmt: skip
    ids["notice"] = await post(mia, f"{WORD} announcement: the harbour deal is signed #{TAG}",
                               group_id=ids["private"], kind="POST_KIND_ANNOUNCEMENT", must_read=True)  # fmt: skip
    ids["praise"] = await post(mia, f"{WORD} praise for the harbour figures", group_id=ids["private"],
                               kind="POST_KIND_PRAISE", praised_user_ids=[member.user_id, former.user_id])  # fmt: skip
    ids["former_post"] = await post(former, f"{WORD} note from the former member #{TAG}", group_id=ids["private"])
    ids["secret_notice"] = await post(mia, f"{SECRET_WORD} announcement: the {NAME} plan starts #{TAG}",
                                      group_id=ids["secret"], kind="POST_KIND_ANNOUNCEMENT",
                                      must_read=True)  # fmt: skip
    ids["secret_question"] = await post(member, f"{SECRET_WORD}: who leads it? #{TAG}", group_id=ids["secret"],
                                        kind="POST_KIND_QUESTION")  # fmt: skip
    for person in (member, former):
        for notice in ("notice", "secret_notice"):
            await ok(await person.client.post(f"/api/v1/posts/{ids[notice]}/read"))
    for key in ("private", "secret"):
        await ok(await former.client.post(f"/api/v1/groups/{ids[key]}/leave"))
    await ok(await member.client.post(f"/api/v1/people/{p['gone'].user_id}/deactivate"))


async def write_after_leaving(w: World) -> None:
    ids, mia = w.ids, w.people["mia"]
    ids["after"] = await post(mia, f"{WORD} after they left", group_id=ids["private"])
    ids["marker"] = await post(mia, f"{MARKER}: lunch on Friday #{TAG}", group_id=ids["public"])


def forbidden(viewer: str) -> tuple[str, ...]:
    """What this viewer may not find: the groups' words, and the secret group's name unless invited to it."""
    return WORDS if viewer == "invited" else (*WORDS, NAME)


VIEWERS = ("outsider", "former", "invited", "gone", "manager")


async def settle(what: str, check: Callable[[], Any]) -> None:
    """Await a check (an async function answering None when it holds, else why not) until it holds."""
    deadline = asyncio.get_running_loop().time() + DEADLINE_S
    while True:
        why = await check()
        if why is None:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{what}: {why}")
        await asyncio.sleep(0.1)


async def read(w: World, viewer: str, template: str, probe: Probe) -> tuple[int, str, Any]:
    path, query = w.url(template, probe)
    reply = await w.people[viewer].client.get(path, params=query)
    body: Any = None
    if reply.headers.get("content-type", "").startswith(("application/json", "application/problem+json")):
        body = reply.json()
    return reply.status_code, reply.text, body


async def control(w: World, template: str, probe: Probe) -> None:
    async def seen() -> str | None:
        status, text, body = await read(w, "member", template, probe)
        missing = [word for word in probe.shows if w.ids.get(word, word) not in text]
        if status != 200 or missing:
            return f"the member does not see {missing}: {status} {text[:600]}"
        if probe.hits is not None and isinstance(body, dict) and probe.hits(body) == 0:
            return f"the member has no results: {text[:600]}"
        return None

    await settle(f"GET {template} {probe} (control)", seen)


async def hidden(w: World, viewer: str, template: str, probe: Probe) -> None:
    async def clean() -> str | None:
        status, text, body = await read(w, viewer, template, probe)
        if viewer == "gone" and status not in (401, 403):
            return f"a deactivated person's read answers {status}: {text[:300]}"
        if status >= 500:
            return f"{status}: {text[:300]}"
        shown = text
        for asked in w.url(template, probe)[1].values() if probe.echoes else ():
            shown = shown.replace(json.dumps(asked)[1:-1], "")
        leaked = [word for word in forbidden(viewer) if word.lower() in shown.lower()]
        if leaked:
            return f"shows {leaked}: {around(shown, leaked)}"
        if probe.hits is not None and status == 200 and isinstance(body, dict) and probe.hits(body):
            return f"counts or names the groups' content: {text[:800]}"
        return None

    await settle(f"GET {template} {probe} as the {viewer}", clean)


def around(text: str, words: list[str]) -> str:
    """Where each word is, with what surrounds it: which item of a long answer shows it."""
    lower = text.lower()
    places = [i for word in words for i in _find_all(lower, word.lower())]
    return " … ".join(text[max(i - 300, 0) : i + 100] for i in places[:4])


def _find_all(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def rows() -> list[tuple[str, Probe]]:
    ordered = sorted(MATRIX.items(), key=lambda item: item[0] in LAST)
    return [(template, probe) for template, probes in ordered for probe in probes]


def test_every_read_of_the_api_has_a_row() -> None:
    gets = {r.path for r in ROUTES if r.method == "GET"}
    assert gets - MATRIX.keys() == set(), "GET routes without a row in the leak matrix"
    assert MATRIX.keys() - gets == set(), "rows for routes the gateway no longer has"


async def test_nothing_of_a_private_or_secret_group_reaches_who_may_not_read_it(world: World) -> None:
    w = world
    await build(w)
    p = w.people
    async with contextlib.AsyncExitStack() as stack:
        # live pages opened before anything is written: the home page of each, the group's page of two;
        # the former member's home page once they have left
        streams: dict[str, Events] = {}

        async def home(name: str) -> None:
            reply = await stack.enter_async_context(p[name].client.stream("GET", "/api/v1/live"))
            streams[name] = Events(reply)
            await streams[name].next(1)  # the count: the stream is open and listening

        for name in ("member", *VIEWERS):
            if name != "former":
                await home(name)
        for name in ("member", "former"):
            reply = await stack.enter_async_context(
                p[name].client.stream("GET", "/api/v1/live", params={"feed": f"group:{w.ids['private']}"})
            )
            streams[f"{name}:group"] = Events(reply)
            await streams[f"{name}:group"].next(1)
        await write(w)
        # what they were told while a member was theirs to read; from when notify knows they left, nothing
        await settle("notify knows the former member left", lambda: inbox_forgot(w))
        await home("former")
        await write_after_leaving(w)
        await live_pages(w, streams)
    await digests(w)

    checked = 0
    for template, probe in rows():
        await control(w, template, probe)
        for viewer in VIEWERS:
            await hidden(w, viewer, template, probe)
            checked += 1
    print(f"leak matrix: {len(MATRIX)} routes, {len(rows())} reads x {len(VIEWERS)} viewers = {checked} cells")
    assert checked == len(rows()) * len(VIEWERS)


async def inbox_forgot(w: World) -> str | None:
    """None once the former member's inbox has forgotten the secret group (notify has seen them leave)."""
    text = (await w.people["former"].client.get("/api/v1/notifications")).text
    return f"the inbox still names it: {around(text, [NAME])}" if NAME in text else None


async def live_pages(w: World, streams: dict[str, Events]) -> None:
    """Each home page is told of the public marker, and of nothing it may not read before it; the group's
    page of the member is told of the post made after the former member left, theirs ends instead, as
    does every page of the deactivated person (whatever they were told while they were a member)."""
    ids = w.ids
    secret_posts = {ids[k] for k in ("question", "notice", "praise", "former_post", "secret_notice",
                                     "secret_question", "after")}  # fmt: skip
    told: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, stream in streams.items():
        events: list[tuple[str, dict[str, Any]]] = []
        until = "ended" if name in ("gone", "former:group") else "posts"
        while True:
            [(kind, data, _)] = await stream.next(1, timeout=DEADLINE_S)
            events.append((kind, data))
            if kind == until and (kind == "ended" or ids["marker" if name != "member:group" else "after"]
                                  in data.get("post_ids", [])):  # fmt: skip
                break
        told[name] = events
    member = json.dumps(told["member"])
    assert WORD in member and ids["question"] in member, "the control: the member's page is told of the words"
    for name, events in told.items():
        if name.startswith("member"):
            continue
        if name in ("gone", "former:group"):
            assert events[-1][0] == "ended", (name, events)
            assert ids["after"] not in json.dumps(events), (name, events)
            continue
        text = json.dumps(events)
        viewer = name.split(":")[0]
        assert not [word for word in forbidden(viewer) if word in text], (name, events)
        assert not secret_posts & {i for _, d in events for i in d.get("post_ids", [])}, (name, events)


async def digests(w: World) -> None:
    """The weekly digest each person gets: the member's carries the groups' posts, nobody else's does,
    and the deactivated person gets none."""
    notify = next(o for o in w.api.others if isinstance(o, NotifyHarness))
    assert notify.mailer is not None
    await _react_to_everything(w)
    provisioned = await notify.pool.fetchval("SELECT max(created_at) FROM recipients")
    # a day on, as if nobody had been back since (each follow, post and reaction was a sign of life)
    await notify.pool.execute("UPDATE recipients SET last_seen_at = NULL")
    await notify.mailer.plan_digests(now=provisioned + dt.timedelta(days=1, hours=1))
    planned = {str(r["recipient"]) for r in await notify.pool.fetch(
        "SELECT recipient FROM email_outbox WHERE kind = 'digest'")}  # fmt: skip
    # the control: the member's digest, and the outsider's (the public marker), are planned
    names = {v: k for k, v in w.ids.items()}
    assert {w.ids["member"], w.ids["outsider"]} <= planned, [names.get(r, r) for r in planned]
    await notify.pool.execute("UPDATE email_outbox SET due_at = now() WHERE kind = 'digest'")

    async def sent() -> str | None:
        left = await notify.pool.fetchval(
            "SELECT count(*) FROM email_outbox WHERE kind = 'digest' AND status = 'pending'"
        )
        return None if left == 0 else f"{left} digests not sent"

    await settle("the digests are sent", sent)
    mails = {name: w.smtp.mailbox.to(person_email(name)) for name in ("member", *VIEWERS)}
    member = "".join(part_texts(m) for m in mails["member"])
    assert WORD in member, f"the control: the member's digest carries the group's posts: {member[:600]}"
    assert mails["outsider"], "the control: the outsider's digest is sent (with the public marker)"
    assert mails["gone"] == [], "a deactivated person gets no digest"
    for viewer in VIEWERS:
        text = "".join(part_texts(m) for m in mails[viewer])
        leaked = [word for word in forbidden(viewer) if word.lower() in text.lower()]
        assert not leaked, (viewer, leaked, text[:800])


async def _react_to_everything(w: World) -> None:
    """Reactions make posts the digest's choice; the public group's marker is in everyone's, the control."""
    for key in ("question", "notice", "secret_notice", "marker"):
        await ok(await w.people["member"].client.put(f"/api/v1/posts/{w.ids[key]}/reaction", json={"reaction": "like"}))


def person_email(name: str) -> str:
    display = {"member": "Member Mo", "outsider": "Otto Outsider", "former": "Former Member", "invited": "Ivy Invited",
               "gone": "Gus Gone", "manager": "Carla Manager"}[name]  # fmt: skip
    return f"{display.lower().replace(' ', '.')}@contoso.example"


def part_texts(mail: Any) -> str:
    texts = []
    for kind in ("plain", "html"):
        body = mail.get_body(preferencelist=(kind,))
        if body is not None:
            texts.append(body.get_content())
    return "\n".join([str(mail["Subject"]), *texts])
