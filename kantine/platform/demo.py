"""`kantine demo-data`: the demo company, loaded through the gateway's public HTTP API.

The plan (`demo_company`: who, what, where, when, in which order) is played the way a customer's own
tools would: the directory provisions the people over SCIM with the gateway's SCIM token; the past
(groups, members, follows and two months of content) comes in as imported history with the gateway's
import token, each call as its person at the time it happened (`kantine.history`: counted on its day,
told to nobody); and what is still to happen today is written live through the demo sign-in
(`/auth/dev`, on when KANTINE_DEV_SIGNIN=true), each person with their own session cookie and CSRF
token, so notifications and e-mail follow as they would. Without an import token everything is played
live, dated now. Nothing goes around the API: the directory also makes the first community manager (a
SCIM role, as an Entra ID app role would), who then marks the leaders.

Loading twice creates nothing new:
- SCIM finds people by externalId (a create of someone known answers 409 and we look them up);
- every create (group, post, comment) sends an Idempotency-Key made from its place in the plan, so a
  replay returns the first result;
- everything else (join, react, vote, follow, accept) changes nothing when done again;
- and when the plan's last post exists, an earlier run finished: the content is not played again.

Writes go out concurrently (CONCURRENCY at a time) in the plan's order. Each person's writes are spaced
to stay under the gateway's per-person limit (KANTINE_RATE_WRITES_PER_MINUTE, as the gateway reads it); a
429 waits for its Retry-After, a 503 (a service restarting) is retried.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import datetime as dt
import itertools
import os
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import httpx

from kantine import history
from kantine.platform.demo_company import (
    DAYS,
    Accept,
    Action,
    Approve,
    Comment,
    CreateGroup,
    Follow,
    Group,
    Invite,
    Join,
    MarkRead,
    Person,
    Pin,
    Plan,
    Post,
    React,
    SetProfile,
    Vote,
    make_plan,
    needs,
)

SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
SESSION_COOKIE, CSRF_COOKIE, CSRF_HEADER = "kantine_session", "kantine_csrf", "X-CSRF-Token"
DEV_FORM_COOKIE = "kantine_dev_form"  # the demo sign-in form's token, sent back with the choice
CONCURRENCY = 16  # requests in flight: enough to keep the platform busy on two cores, not more
WINDOW = 400  # actions started ahead of the slowest unfinished one, so the feed keeps the plan's order
PROGRESS_EVERY_S = 5.0
VISIBILITY = {"public": "GROUP_VISIBILITY_PUBLIC", "private": "GROUP_VISIBILITY_PRIVATE",
              "secret": "GROUP_VISIBILITY_SECRET"}  # fmt: skip
_PERSON_REF = re.compile(r"\(person:([^)\s]+)\)")


class DemoError(RuntimeError):
    """The demo could not be loaded; the message says what to do."""


@dataclasses.dataclass
class Summary:
    """What the demo holds after loading, and whom to sign in as."""

    url: str
    people: int
    people_created: int
    groups: int
    counts: Mapping[str, int]
    seconds: float
    content_loaded_before: bool
    sign_in_as: Mapping[str, Person]
    ids: Mapping[str, str]  # each person's Kantine id, by their key in the plan ("anna")
    failures: Sequence[str] = ()
    imported: int = 0  # actions brought in as history, at their time; the rest were played live

    def __str__(self) -> str:
        c = self.counts
        was = " (the content was there already)" if self.content_loaded_before else ""
        lines = [
            f"demo data: {self.people} people ({self.people_created} new), {self.groups} groups, {c['Post']} posts, "
            f"{c['Comment']} comments, {c['React']} reactions, {c['Vote']} votes, {c['Accept']} accepted answers, "
            f"{c['Follow']} follows{was}; {self.seconds:.0f} s",
            f"{self.imported} of them imported as history of the past {DAYS} working days, the rest played live",
            f"sign in at {self.url}/auth/dev as:",
        ]
        for role, person in self.sign_in_as.items():
            lines.append(f"  {role + ':':<19} {person.name} ({person.title}, {person.city})")
        if self.failures:
            lines.append(f"{len(self.failures)} request(s) failed, the first: {self.failures[0]}")
        return "\n".join(lines)


def demo_scale() -> float:
    """KANTINE_DEMO_SCALE: 1 is the whole company; tests load 0.02 (the core people, a few dozen posts)."""
    raw = os.environ.get("KANTINE_DEMO_SCALE", "1")
    try:
        scale = float(raw)
    except ValueError:
        raise DemoError(f"KANTINE_DEMO_SCALE is a number such as 0.1 or 1, not {raw!r}") from None
    if scale < 0:
        raise DemoError("KANTINE_DEMO_SCALE is 0 or more")
    return scale


async def load_demo_data(
    url: str,
    scim_token: str,
    scale: float = 1.0,
    *,
    import_token: str = "",
    say: Callable[[str], None] = print,
) -> Summary:
    """Provision the demo company's people over SCIM and play its plan as them, the past as imported
    history when an import token is given; idempotent. `say` receives progress lines."""
    plan = make_plan(scale)
    started = time.monotonic()
    async with _Api(url.rstrip("/"), _writes_per_minute()) as api:
        ids, created = await _provision(api, plan, scim_token, say)
        sessions = _Sessions(api, ids)
        past = _History(plan, import_token, dt.datetime.now(dt.UTC)) if import_token else None
        player = _Player(api, plan, ids, sessions, say, past)
        loaded_before = await _already_loaded(api, sessions, ids, plan)
        if loaded_before:
            say("content: already loaded (the plan's last post exists); nothing to do")
        else:
            profiles = [a for a in plan.setup if isinstance(a, SetProfile)]
            await player.play("profiles", profiles)  # before the follows, which change a profile's version
            await player.play("setup", [a for a in plan.setup if not isinstance(a, SetProfile)])
            await player.play("content", plan.content)
    counts = collections.Counter(type(a).__name__ for a in (*plan.setup, *plan.content))
    for name in ("Post", "Comment", "React", "Vote", "Accept", "Follow"):
        counts.setdefault(name, 0)
    summary = Summary(
        url.rstrip("/"), len(plan.people), created, len(plan.groups), counts, time.monotonic() - started,
        loaded_before, plan.sign_in_as(), ids, player.failures, player.imported,
    )  # fmt: skip
    if player.failures:
        raise DemoError(str(summary))
    return summary


def _writes_per_minute() -> float:
    """The gateway's per-person write limit: the platform passes its environment on to the gateway."""
    try:
        return float(os.environ.get("KANTINE_RATE_WRITES_PER_MINUTE", "120"))
    except ValueError:
        return 120.0


# ----- HTTP with retries and pacing -----


class _Pacer:
    """The gateway's write limit kept on our side (a token bucket per person, as the gateway's): a person's
    writes are spaced so that they are not refused, while others' go ahead."""

    def __init__(self, per_minute: float) -> None:
        self.rate = per_minute / 60.0 * 0.95  # a little under: our clock and the gateway's differ
        self.capacity = max(1.0, per_minute / 4.0 - 1.0)
        self.buckets: dict[str, tuple[float, float]] = {}

    async def wait(self, who: str) -> None:
        if self.rate <= 0:
            return
        now = time.monotonic()
        tokens, at = self.buckets.get(who, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - at) * self.rate) - 1.0  # may go below 0: a reservation
        self.buckets[who] = (tokens, now)
        if tokens < 0:
            await asyncio.sleep(-tokens / self.rate)


@dataclasses.dataclass(frozen=True)
class _Session:
    key: str
    user_id: str
    headers: Mapping[str, str]
    paced: bool = True  # kept under the per-person write limit (an import is not limited)


@dataclasses.dataclass(frozen=True)
class _History:
    """The past of the plan, imported with the import token: each action as its person, at its time."""

    plan: Plan
    token: str
    started: dt.datetime  # what is due before this happened already; the rest is played live

    def session(self, action: Action, user_id: str) -> _Session | None:
        """How to import the action, or None to play it live (it is still to come, or needs a read)."""
        if isinstance(action, SetProfile):  # a read, then a write: done live, as the person
            return None
        at = self.plan.happened_at(action.key, self.started.date())
        if at is None or at >= self.started:
            return None
        headers = {
            "Authorization": f"Bearer {self.token}",
            history.ACT_AS: user_id,
            history.HEADER: at.isoformat(),
            **UNTRACED,
        }
        return _Session(action.actor, user_id, headers, paced=False)


# A W3C trace context whose "sampled" flag is off: the services record no spans for the thousands of
# imported actions (the trace viewer would spend the demo's minutes taking them in), while what
# happens live, and everything people do on the page, is traced.
UNTRACED = {"traceparent": "00-00000000000000000000000000000001-0000000000000001-00"}


class _Api:
    """The gateway over a few small connection pools, taken in turn. A person's session is only a Cookie
    header and a CSRF token, so any pool serves anyone: 200 clients of their own would hold 200 sets of
    connections. Several small pools rather than one big one, because httpcore looks at every connection
    of a pool (a system call each) for every request: with 16 in one pool, that was most of our CPU."""

    def __init__(self, url: str, writes_per_minute: float, pools: int = 4) -> None:
        size = max(1, CONCURRENCY // pools)
        limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
        self.clients = [httpx.AsyncClient(base_url=url, timeout=30.0, limits=limits) for _ in range(pools)]
        self.turn = itertools.cycle(self.clients)
        self.slots = asyncio.Semaphore(CONCURRENCY)
        self.pacer = _Pacer(writes_per_minute)

    async def __aenter__(self) -> _Api:
        return self

    async def __aexit__(self, *_: object) -> None:
        for client in self.clients:
            await client.aclose()

    async def call(
        self,
        method: str,
        path: str,
        *,
        who: _Session | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        params: Mapping[str, str | int] | None = None,
    ) -> httpx.Response:
        """The response, after waiting out 429s and retrying 503s and dropped connections."""
        write = method != "GET"
        sent = {**(who.headers if who else {}), **(headers or {})}
        for attempt in range(30):
            if who is not None and write and who.paced:
                await self.pacer.wait(who.key)
            try:
                async with self.slots:
                    client = next(self.turn)
                    # a client keeps no cookies: each request names its person's (see _Sessions)
                    client.cookies.clear()
                    response = await client.request(method, path, json=json, data=data, params=params,
                                                    headers=sent)  # fmt: skip
            except httpx.TransportError as exc:
                if attempt >= 5:
                    raise DemoError(f"the gateway at {client.base_url} does not answer: {exc!r}") from None
                await asyncio.sleep(0.5 * (attempt + 1))
                continue
            if response.status_code == 429 or (response.status_code == 503 and attempt < 10):
                await asyncio.sleep(_retry_after(response))
                continue
            return response
        return response


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.2, float(response.headers.get("retry-after", "1")))
    except ValueError:
        return 1.0


def _problem(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} {response.text[:200]}"
    detail = body.get("detail") if isinstance(body, dict) else None
    return f"{response.status_code} {detail or response.text[:200]}"


# ----- people: the directory's part -----


def _depth(person: Person, by_key: Mapping[str, Person]) -> int:
    depth, seen = 0, person
    while seen.manager and seen.manager in by_key and depth < 20:
        seen, depth = by_key[seen.manager], depth + 1
    return depth


def scim_user(person: Person) -> dict[str, Any]:
    """A person as a directory such as Entra ID sends them (the manager by the directory's own id)."""
    enterprise: dict[str, Any] = {"department": person.department}
    if person.manager:
        enterprise["manager"] = {"value": f"demo:{person.manager}"}
    return {
        "schemas": [SCIM_USER, ENTERPRISE],
        "userName": person.user_name,
        "externalId": person.external_id,
        "active": True,
        "displayName": person.name,
        "name": {"givenName": person.given, "familyName": person.family, "formatted": person.name},
        "emails": [{"value": person.email, "type": "work", "primary": True}],
        "title": person.title,
        "preferredLanguage": {"da": "da-DK", "nb": "nb-NO", "sv": "sv-SE", "nl": "nl-NL", "en": "en-GB"}[person.locale],
        "addresses": [{"type": "work", "locality": person.city, "country": person.country, "primary": True}],
        ENTERPRISE: enterprise,
        # the directory makes the first community manager (an app role in Entra ID); they mark the leaders
        "roles": [{"value": "community_manager"}] if person.community_manager else [],
    }


async def _provision(api: _Api, plan: Plan, token: str, say: Callable[[str], None]) -> tuple[dict[str, str], int]:
    """Everyone's Kantine id, provisioning those the directory has not sent yet: managers before the
    people who report to them, so each names a manager Kantine knows."""
    auth = {"Authorization": f"Bearer {token}"}
    known: dict[str, str] = {}
    start = 1
    while True:
        response = await api.call("GET", "/scim/v2/Users", headers=auth,
                                  params={"startIndex": start, "count": 200, "attributes": "externalId"})  # fmt: skip
        if response.status_code == 401:
            raise DemoError("the gateway refused the SCIM token: is it the platform's scim_token in state.json?")
        if response.status_code == 404:
            raise DemoError("SCIM is not enabled on the gateway: start it with KANTINE_SCIM_TOKEN set")
        if response.status_code != 200:
            raise DemoError(f"listing the directory's people failed: {_problem(response)}")
        page = response.json()
        resources = page.get("Resources", [])
        known.update({r["externalId"]: r["id"] for r in resources if r.get("externalId")})
        start += len(resources)
        if not resources or start > int(page.get("totalResults", 0)):
            break
    ids: dict[str, str] = {}
    created = 0
    waves: dict[int, list[Person]] = collections.defaultdict(list)
    for person in plan.people:
        if person.external_id in known:
            ids[person.key] = known[person.external_id]
        else:
            waves[_depth(person, plan.by_key)].append(person)

    async def create(person: Person) -> None:
        nonlocal created
        response = await api.call("POST", "/scim/v2/Users", headers=auth, json=scim_user(person))
        if response.status_code == 201:
            ids[person.key] = response.json()["id"]
            created += 1
            return
        if response.status_code == 409:  # there already (a run that stopped halfway): find them
            found = await api.call("GET", "/scim/v2/Users", headers=auth,
                                   params={"filter": f'externalId eq "{person.external_id}"'})  # fmt: skip
            resources = found.json().get("Resources", []) if found.status_code == 200 else []
            if resources:
                ids[person.key] = resources[0]["id"]
                return
        raise DemoError(f"provisioning {person.name} failed: {_problem(response)}")

    for depth in sorted(waves):
        await asyncio.gather(*(create(p) for p in waves[depth]))
    say(f"people {len(ids)}/{len(plan.people)} ({created} new)")
    return ids, created


def dev_form(page: httpx.Response) -> dict[str, str]:
    """What choosing a name on the demo sign-in page (GET /auth/dev) sends back besides the name: the
    form's token, in the form and in its cookie (the cookie is Secure, so it is sent by hand)."""
    token = page.cookies.get(DEV_FORM_COOKIE)
    if page.status_code == 404:
        raise DemoError("the demo sign-in is off: start the platform with KANTINE_DEV_SIGNIN=true")
    if page.status_code != 200 or not token:
        raise DemoError(f"the demo sign-in page answered {_problem(page)}")
    return {"form": token, "cookie": f"{DEV_FORM_COOKIE}={token}"}


async def dev_sign_in(http: httpx.AsyncClient, user_id: str, next_path: str = "/") -> httpx.Response:
    """Sign in as `user_id` the way a person does on the demo sign-in page: open it, choose the name."""
    form = dev_form(await http.get("/auth/dev"))
    return await http.post(
        "/auth/dev", data={"user_id": user_id, "next": next_path, "form": form["form"]},
        headers={"Cookie": form["cookie"]},
    )  # fmt: skip


class _Sessions:
    """Each person signed in once through the demo sign-in, as someone choosing their name on /auth/dev
    (the page is opened once; its form's token serves every choice)."""

    def __init__(self, api: _Api, ids: Mapping[str, str]) -> None:
        self.api = api
        self.ids = ids
        self.sessions: dict[str, asyncio.Task[_Session]] = {}
        self._form: asyncio.Task[dict[str, str]] | None = None

    def of(self, key: str) -> Awaitable[_Session]:
        if key not in self.sessions:
            self.sessions[key] = asyncio.ensure_future(self._sign_in(key))
        return self.sessions[key]

    async def _page(self) -> dict[str, str]:
        return dev_form(await self.api.call("GET", "/auth/dev"))

    async def _sign_in(self, key: str) -> _Session:
        user_id = self.ids[key]
        if self._form is None:
            self._form = asyncio.ensure_future(self._page())
        form = await self._form
        response = await self.api.call(
            "POST", "/auth/dev", data={"user_id": user_id, "next": "/", "form": form["form"]},
            headers={"Cookie": form["cookie"]},
        )  # fmt: skip
        cookies = {name: response.cookies.get(name) for name in (SESSION_COOKIE, CSRF_COOKIE)}
        if response.status_code != 303 or not all(cookies.values()):
            raise DemoError(f"signing in as {key} failed: {_problem(response)}")
        # Each request names its person's cookies itself: the cookies are Secure, which a client keeps to
        # https, and a client's jar would hold only the last person's session anyway.
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        return _Session(key, user_id, {"Cookie": cookie, CSRF_HEADER: str(cookies[CSRF_COOKIE])})


def _resolve(text: str, ids: Mapping[str, str]) -> str:
    """A plan's text with `(person:key)` mentions pointing at the person's id."""
    return _PERSON_REF.sub(lambda m: f"({ids[m.group(1)]})", text)


async def _already_loaded(api: _Api, sessions: _Sessions, ids: Mapping[str, str], plan: Plan) -> bool:
    """Whether the plan's last post exists: then an earlier run played the whole plan."""
    marker = plan.marker
    me = await sessions.of(marker.actor)
    response = await api.call("GET", f"/api/v1/people/{me.user_id}/posts", who=me, params={"limit": 20})
    if response.status_code != 200:
        return False
    body = _resolve(marker.body, ids)
    return any(p.get("body") == body for p in response.json().get("posts", []))


# ----- playing the plan -----


class _ActionError(Exception):
    pass


class _Player:
    def __init__(
        self, api: _Api, plan: Plan, ids: Mapping[str, str], sessions: _Sessions, say: Callable[[str], None],
        past: _History | None = None,
    ) -> None:  # fmt: skip
        self.api = api
        self.past = past
        self.imported = 0
        self.plan = plan
        self.ids = ids
        self.sessions = sessions
        self.say = say
        self.groups = {g.key: g for g in plan.groups}
        self.results: dict[str, asyncio.Future[str | None]] = {}
        self.failures: list[str] = []
        self.done: collections.Counter[str] = collections.Counter()

    async def play(self, label: str, actions: Sequence[Action]) -> None:
        """Every action, started in order, each once the actions it needs have their results."""
        totals = collections.Counter(type(a).__name__ for a in actions)
        started = time.monotonic()
        window = asyncio.Semaphore(WINDOW)
        loop = asyncio.get_running_loop()
        tasks: list[asyncio.Task[None]] = []
        reporter = asyncio.create_task(self._report(label, len(actions), totals, started))
        try:
            for action in actions:
                await window.acquire()
                future: asyncio.Future[str | None] = loop.create_future()
                self.results[action.key] = future
                task = asyncio.create_task(self._run(action, future))
                task.add_done_callback(lambda _: window.release())
                tasks.append(task)
            if tasks:
                await asyncio.gather(*tasks)
        finally:
            reporter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reporter
        self.say(self._progress(label, len(actions), totals, started))

    def _progress(self, label: str, total: int, totals: Mapping[str, int], started: float) -> str:
        done = sum(self.done[k] for k in totals)
        parts = [f"{label} {done}/{total}"]
        for name, what in (("Post", "posts"), ("Comment", "comments"), ("React", "reactions"), ("Join", "joins")):
            if totals.get(name):
                parts.append(f"{what} {self.done[name]}/{totals[name]}")
        details = f": {', '.join(parts[1:])}" if parts[1:] else ""
        return f"{parts[0]}{details} ({time.monotonic() - started:.0f} s)"

    async def _report(self, label: str, total: int, totals: Mapping[str, int], started: float) -> None:
        while True:
            await asyncio.sleep(PROGRESS_EVERY_S)
            self.say(self._progress(label, total, totals, started))

    async def _run(self, action: Action, future: asyncio.Future[str | None]) -> None:
        result: str | None = None
        try:
            found = [await self.results[k] for k in needs(action)]
            if any(f is None for f in found):
                raise _ActionError(f"{action.key}: skipped, an action it needs failed")
            result = await self._do(action)
            self.done[type(action).__name__] += 1
        except _ActionError as exc:
            self.failures.append(str(exc))
        except DemoError as exc:
            self.failures.append(f"{action.key}: {exc}")
        finally:
            future.set_result(result)

    async def _ok(self, action: Action, response: httpx.Response, *also: int) -> dict[str, Any]:
        if response.status_code >= 300 and response.status_code not in also:
            raise _ActionError(f"{action.key} ({type(action).__name__} by {action.actor}): {_problem(response)}")
        try:
            body = response.json()
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    def _id(self, key: str) -> str:
        """The result (an id) of an earlier action, which `_run` has awaited already."""
        value = self.results[key].result()
        assert value is not None
        return value

    async def _do(self, action: Action) -> str:
        """The action's HTTP call; returns the id it created, or "" when it creates none."""
        imported = self.past.session(action, self.ids[action.actor]) if self.past else None
        me = imported or await self.sessions.of(action.actor)
        self.imported += imported is not None
        call = self.api.call
        match action:
            case SetProfile():
                await self._set_profile(action, me)
            case CreateGroup(group=key):
                body = _group_body(self.groups[key], self.ids)
                reply = await self._ok(action, await call("POST", "/api/v1/groups", who=me, json=body,
                                                          headers=_idempotent(action)))  # fmt: skip
                return str(reply["group_id"])
            case Join(group=group):
                await self._ok(action, await call("POST", f"/api/v1/groups/{self._id(f'group:{group}')}/join", who=me))
            case Invite(group=group, person=person) | Approve(group=group, person=person):
                verb = "invite" if isinstance(action, Invite) else "approve"
                path = f"/api/v1/groups/{self._id(f'group:{group}')}/members/{self.ids[person]}/{verb}"
                # a replayed approval finds no request left to approve: the person is a member already
                await self._ok(action, await call("POST", path, who=me), *((404,) if verb == "approve" else ()))
            case Follow(person=person, tag=tag):
                path = (
                    f"/api/v1/tags/{urllib.parse.quote(tag)}/follow"
                    if tag
                    else f"/api/v1/people/{self.ids[person]}/follow"
                )
                await self._ok(action, await call("PUT", path, who=me))
            case Post():
                reply = await self._ok(action, await call("POST", "/api/v1/posts", who=me,
                                                          json=_post_body(action, self.ids, self.results),
                                                          headers=_idempotent(action)))  # fmt: skip
                return str(reply["post_id"])
            case Comment(post=post, parent=parent, body=text):
                new: dict[str, Any] = {"body": _resolve(text, self.ids)}
                if parent:
                    new["parent_comment_id"] = self._id(parent)
                reply = await self._ok(action, await call("POST", f"/api/v1/posts/{self._id(post)}/comments", who=me,
                                                          json=new, headers=_idempotent(action)))  # fmt: skip
                return str(reply["comment_id"])
            case React(post=post, comment=comment, reaction=reaction):
                where = f"/comments/{self._id(comment)}" if comment else ""
                path = f"/api/v1/posts/{self._id(post)}{where}/reaction"
                await self._ok(action, await call("PUT", path, who=me, json={"reaction": reaction}))
            case Vote(post=post, option=option):
                path = f"/api/v1/posts/{self._id(post)}/vote"
                await self._ok(action, await call("POST", path, who=me, json={"option": option}))
            case Accept(post=post, comment=comment):
                path = f"/api/v1/posts/{self._id(post)}/accept"
                await self._ok(action, await call("POST", path, who=me, json={"comment_id": self._id(comment)}))
            case Pin(post=post):
                await self._ok(action, await call("POST", f"/api/v1/posts/{self._id(post)}/pin", who=me))
            case MarkRead(post=post):
                await self._ok(action, await call("POST", f"/api/v1/posts/{self._id(post)}/read", who=me))
        return ""

    async def _set_profile(self, action: SetProfile, me: _Session) -> None:
        """Read the profile, change what the action says, write it back if that changed anything (a write
        with nothing new would still record an update)."""
        user_id = self.ids[action.person]
        for attempt in range(8):  # the version also counts the person's follows, made meanwhile
            if attempt:
                await asyncio.sleep(0.2 * attempt)
            response = await self.api.call("GET", f"/api/v1/people/{user_id}", who=me)
            user = await self._ok(action, response)
            profile = dict(user["profile"])
            if action.leader is not None:
                profile["leader"] = action.leader
            if action.skills is not None:
                profile["skills"] = list(dict.fromkeys([*profile.get("skills", []), *action.skills]))
            if profile == user["profile"]:
                return
            body = {"profile": profile, "expected_version": user["version"]}
            response = await self.api.call("PUT", f"/api/v1/people/{user_id}/profile", who=me, json=body)
            if response.status_code != 409:  # 409: changed meanwhile (by the directory): read again
                await self._ok(action, response)
                return
        raise _ActionError(f"{action.key}: the profile kept changing")


def _idempotent(action: Action) -> dict[str, str]:
    return {"Idempotency-Key": f"demo-{action.key}"}


def _group_body(group: Group, ids: Mapping[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": group.name,
        "purpose": group.purpose,
        "visibility": VISIBILITY[group.visibility],
        "posting_policy": "POSTING_POLICY_ADMINS" if group.admins_only else "POSTING_POLICY_EVERYONE",
    }
    if group.co_owners:
        body["owner_ids"] = [ids[k] for k in group.co_owners]
    if group.end_in_days is not None:
        body["end_date"] = (dt.date.today() + dt.timedelta(days=group.end_in_days)).isoformat()
    return body


def _post_body(post: Post, ids: Mapping[str, str], results: Mapping[str, asyncio.Future[str | None]]) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": post.kind, "body": _resolve(post.body, ids)}
    if post.group:
        body["group_id"] = results[f"group:{post.group}"].result()
    if post.praised:
        body["praised_user_ids"] = [ids[k] for k in post.praised]
    if post.company_value:
        body["company_value"] = post.company_value
    if post.poll_options:
        body["poll_options"] = list(post.poll_options)
    if post.must_read:
        body["must_read"] = True
    return body


# ----- for tests and the command: waiting until the consumers have everything -----


async def wait_until_settled(state: Mapping[str, Any], timeout: float = 180.0) -> float:
    """Seconds until notify, gamify and search have taken in every event the demo made: the feed's relay
    has published all of it and no consumer has anything pending, twice in a row. Search results,
    notifications and points are then as complete as they will get."""
    import asyncpg

    from kantine.platform.supervisor import connect_bus
    from kantine.relay import backlog as relay_backlog
    from kantine.topology import Topology

    started = time.monotonic()
    topology = Topology(state.get("prefix", "kantine"))
    try:
        nc = await connect_bus(dict(state), "kantine-demo", connect_timeout=5, max_reconnect_attempts=3)
    except Exception as exc:  # noqa: BLE001 (nats-py raises several kinds; any means the same here)
        raise DemoError(f"NATS cannot be reached to follow the consumers: {exc!r}") from None
    try:
        conn = await asyncpg.connect(state["postgres"]["url"], timeout=5)
    except (OSError, asyncpg.PostgresError) as exc:
        await nc.close()
        raise DemoError(f"PostgreSQL cannot be reached to follow the relay: {exc!r}") from None
    try:
        js = nc.jetstream()
        quiet = 0
        while quiet < 2:
            if time.monotonic() - started > timeout:
                raise DemoError(f"the consumers did not catch up within {timeout:.0f} s (`kantine status` shows lag)")
            _, lag = await relay_backlog(conn, "feed")
            consumers = await js.consumers_info(topology.events_stream)
            pending = sum((c.num_pending or 0) + (c.num_ack_pending or 0) for c in consumers)
            quiet = quiet + 1 if lag == 0 and pending == 0 else 0
            await asyncio.sleep(0.5)
    finally:
        await conn.close()
        await nc.close()
    return time.monotonic() - started
