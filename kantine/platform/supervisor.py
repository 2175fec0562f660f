"""`kantine up / down / status`: the whole platform on one machine, each service its own process.

State (pids, ports, URLs) lives in $KANTINE_HOME/state.json (default ./.kantine), so `down` and
`status` work from any shell. KANTINE_NATS_URL / KANTINE_DATABASE_URL point the platform at servers
you run yourself; then only the services are started and stopped.

NATS: the one `up` starts admits only the admin and one user per service, each allowed to publish
only its own subjects (kantine.topology.permissions); their passwords are made here and kept in the
state. The admin creates the streams before the services start and is who `kantine` commands on this
machine connect as. A server of your own (KANTINE_NATS_URL) is used with the users and passwords of
the JSON file KANTINE_NATS_USERS_FILE names (`{"admin": "...", "feed": "...", ...}`, the users of
`kantine.topology`), else with whatever credentials its URL or KANTINE_NATS_USER / KANTINE_NATS_PASSWORD give.

E-mail: unless KANTINE_SMTP_HOST names a mail server of your own, `up` starts a mail catcher that
keeps every message notify sends as a file in $KANTINE_HOME/mail (`kantine mail` lists them), so
the demo shows real e-mails and sends nothing anywhere.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nats.aio.client import Client as NatsClient

from kantine.background import HEALTH_NAME
from kantine.config import BusSettings, load
from kantine.grpcutil import check_health
from kantine.platform import trace_viewer
from kantine.platform.mail_server import MailServer, message_files
from kantine.platform.nats_server import NatsServer, new_passwords
from kantine.platform.postgres_server import DURABLE, PostgresServer, create_database
from kantine.platform.procs import alive, free_port, port_free, tail, terminate
from kantine.topology import ADMIN

__all__ = ["alive", "connect_bus", "down", "ensure_streams", "status_report", "up"]


@dataclasses.dataclass(frozen=True)
class ServiceSpec:
    name: str
    module: str
    description: str


# Every service process of the platform, in start order. A new service adds one line.
SERVICES = [
    ServiceSpec("feed", "services.feed", "posts, groups, people: source of truth (gRPC FeedService)"),
    ServiceSpec("notify", "services.notify", "inbox, unread count, live stream, e-mail (gRPC NotifyService)"),
    ServiceSpec("gamify", "services.gamify", "points, badges, levels, leaderboards (gRPC GamifyService)"),
    ServiceSpec("search", "services.search", "posts, groups, people, experts in five languages (gRPC SearchService)"),
    ServiceSpec(
        "insights", "services.insights", "participation, unanswered questions, group health (gRPC InsightsService)"
    ),
    ServiceSpec("author_stats", "examples.author_stats", "example consumer: posts per author"),
    ServiceSpec("gateway", "services.gateway", "web page, HTTP API, sign-in (HTTP, in front of the others)"),
]
HTTP_PORT = 8080  # the gateway's, when free: a demo at the same address every time
TRACES_PORT = 6006  # the trace viewer's page, when free
# the secrets a platform makes for itself unless the environment sets them, by their key in the state
SECRETS = {
    "KANTINE_NOTIFY_SECRET": "notify_secret",
    "KANTINE_SESSION_SECRET": "session_secret",
    "KANTINE_SCIM_TOKEN": "scim_token",
    "KANTINE_IMPORT_TOKEN": "import_token",
}


def home() -> Path:
    return Path(os.environ.get("KANTINE_HOME", ".kantine")).resolve()


def state_path() -> Path:
    return home() / "state.json"


def load_state() -> dict[str, Any]:
    try:
        return dict(json.loads(state_path().read_text()))
    except FileNotFoundError:
        return {}


def save_state(state: dict[str, Any]) -> None:
    state_path().parent.mkdir(parents=True, exist_ok=True)
    tmp = state_path().with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2))
    tmp.replace(state_path())


def platform_env(state: dict[str, Any], environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """What every service process is told on top of the environment `up` runs in. A setting the
    environment already has is left to it: the demo defaults below must not override a choice."""
    environ = os.environ if environ is None else environ
    env = {
        "KANTINE_NATS_URL": state["nats"]["url"],
        "KANTINE_DATABASE_URL": state["postgres"]["url"],
        "KANTINE_NATS_PREFIX": state.get("prefix", "kantine"),
    }
    mail = state.get("mail", {})
    if mail.get("smtp") and not mail.get("external"):
        host, _, port = mail["smtp"].rpartition(":")
        # the catcher speaks plain SMTP on loopback and offers no AUTH: credentials meant for a
        # real server would only make the login fail
        env |= {
            "KANTINE_SMTP_HOST": host,
            "KANTINE_SMTP_PORT": port,
            "KANTINE_SMTP_SECURITY": "none",
            "KANTINE_SMTP_USERNAME": "",
            "KANTINE_SMTP_PASSWORD": "",
        }
    for variable, key in SECRETS.items():
        if not environ.get(variable) and state.get(key):
            env[variable] = state[key]
    traces = state.get("traces", {})
    if traces.get("otlp") and alive(traces.get("pid")) and not environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        # the viewer takes traces; metrics stay on each service's /metrics
        env |= {
            "OTEL_EXPORTER_OTLP_ENDPOINT": traces["otlp"],
            "OTEL_EXPORTER_OTLP_INSECURE": "true",
            "OTEL_METRICS_EXPORTER": "none",
        }
    # the gateway finds the services where this platform started them
    for name, info in state.get("services", {}).items():
        env[f"KANTINE_{name.upper()}_ADDRESS"] = info["grpc"]
    if http := state.get("http"):
        env["KANTINE_HTTP_LISTEN"] = http["listen"]
        env.setdefault("KANTINE_PUBLIC_URL", environ.get("KANTINE_PUBLIC_URL") or http["url"])
    if not environ.get("KANTINE_NOTIFY_EMAIL_DELAY_S"):
        # notify waits 10 minutes for a notification to be seen in the app before e-mailing it;
        # a demo user should see the e-mail within a minute
        env["KANTINE_NOTIFY_EMAIL_DELAY_S"] = "60"
    return env


def external_nats(url: str) -> dict[str, Any]:
    """The state of a NATS server of your own: its URL, and its users when KANTINE_NATS_USERS_FILE names them."""
    nats: dict[str, Any] = {"url": url, "external": True}
    if users_file := os.environ.get("KANTINE_NATS_USERS_FILE"):
        nats["users"] = dict(json.loads(Path(users_file).read_text()))
    return nats


def nats_credentials(state: dict[str, Any], name: str) -> dict[str, str]:
    """A service's NATS user and password, when the platform started NATS with users."""
    users = state.get("nats", {}).get("users") or {}
    if name not in users:
        return {}
    return {"KANTINE_NATS_USER": name, "KANTINE_NATS_PASSWORD": users[name]}


def nats_login(state: dict[str, Any]) -> tuple[str, str]:
    """Who a command run here connects to NATS as: the environment's user (in a pod, the service's), else
    the admin of the NATS `up` started; ("", "") for none (the URL may carry credentials)."""
    if user := os.environ.get("KANTINE_NATS_USER"):
        return user, os.environ.get("KANTINE_NATS_PASSWORD", "")
    users = state.get("nats", {}).get("users") or {}
    return (ADMIN, users[ADMIN]) if ADMIN in users else ("", "")


async def connect_bus(state: dict[str, Any], name: str = "kantine-cli", **options: Any) -> NatsClient:
    """A short-lived connection for a command (status, dead letters, the demo's wait), as `nats_login`."""
    from kantine.service import connect_nats

    user, password = nats_login(state)
    options = {"connect_timeout": 3, "max_reconnect_attempts": 1, **options}
    return await connect_nats(state["nats"]["url"], name, user, password, **options)


async def ensure_streams(state: dict[str, Any]) -> list[str]:
    """Create or update both streams with the settings of the environment (KANTINE_NATS_REPLICAS, ...):
    what only the admin may do once services have users of their own. Returns a line per stream."""
    from kantine.topology import Topology

    environ = {**os.environ, "KANTINE_NATS_URL": state["nats"]["url"], "KANTINE_NATS_PREFIX": state["prefix"]}
    topology = dataclasses.replace(Topology.of(load(BusSettings, environ)), manage_streams=True)
    nc = await connect_bus(state, "kantine-streams")
    try:
        js = nc.jetstream()
        await topology.ensure_streams(js)
        lines = []
        for stream in (topology.events_stream, topology.dead_letter_stream):
            config = (await js.stream_info(stream)).config
            lines.append(
                f"stream {stream}: subjects {', '.join(config.subjects or [])}; {config.num_replicas} "
                f"replica(s), max age {(config.max_age or 0) / 86_400:g} days (0: kept)"
            )
        return lines
    finally:
        await nc.close()


async def ensure_streams_when_ready(state: dict[str, Any], timeout: float) -> list[str]:
    """`ensure_streams`, waiting while JetStream cannot answer yet: a server just started, or a cluster
    electing a new leader for a stream after one of its nodes went away (seconds)."""
    import nats.errors
    import nats.js.errors

    deadline = time.monotonic() + timeout
    while True:
        try:
            return await ensure_streams(state)
        except (nats.errors.TimeoutError, nats.errors.NoRespondersError, nats.js.errors.ServiceUnavailableError,
                nats.errors.ConnectionClosedError, nats.errors.NoServersError, OSError):  # fmt: skip
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


def say(message: str) -> None:
    print(message, flush=True)


def up(timeout: float = 90.0) -> dict[str, Any]:
    """Start what is not running yet and wait until every service reports SERVING."""
    state = load_state()
    base = home()
    base.mkdir(parents=True, exist_ok=True)
    state.setdefault("prefix", os.environ.get("KANTINE_NATS_PREFIX", "kantine"))

    if url := os.environ.get("KANTINE_NATS_URL"):
        state["nats"] = external_nats(url)
    elif not alive(state.get("nats", {}).get("pid")):
        say("starting NATS JetStream …")
        old = state.get("nats", {})
        # the passwords made at the first start are kept, so services still running reconnect
        users = {**new_passwords(s.name for s in SERVICES), **old.get("users", {})}
        nats = NatsServer(
            base / "nats", port=old.get("port", 0), monitor_port=old.get("monitor_port", 0), users=users,
            prefix=state["prefix"],
        ).start(detach=True)  # fmt: skip
        state["nats"] = {
            "url": nats.url,
            "pid": nats.pid,
            "port": nats.port,
            "monitor_port": nats.monitor_port,
            "monitor": nats.monitor_url,
            "log": str(nats.log),
            "users": users,
        }
    save_state(state)
    if ADMIN in state["nats"].get("users", {}):
        # services with users of their own may not make or change streams: the admin does, first
        asyncio.run(ensure_streams_when_ready(state, timeout))

    if url := os.environ.get("KANTINE_DATABASE_URL"):
        state["postgres"] = {"url": url, "external": True}
    elif not alive(state.get("postgres", {}).get("pid")):
        say("starting PostgreSQL …")
        old = state.get("postgres", {})
        pg = PostgresServer(base / "postgres", port=old.get("port", 0), settings=DURABLE).start(detach=True)
        url = asyncio.run(create_database(pg.url(), "kantine"))
        state["postgres"] = {"url": url, "pid": pg.pid, "port": pg.port, "log": str(pg.log)}
    save_state(state)

    start_mail(state, base)
    given: set[int] = set()  # ports handed out in this start, none twice
    start_traces(state, base, given)
    for variable, key in SECRETS.items():
        if not os.environ.get(variable):
            # made once and kept: unsubscribe links already e-mailed, sessions and the directory's
            # token stay valid across restarts
            state.setdefault(key, secrets.token_urlsafe(32))
    if "http" not in state:
        port = _port_again(HTTP_PORT, given)
        state["http"] = {"listen": f"127.0.0.1:{port}", "url": f"http://localhost:{port}"}
    save_state(state)

    services = state.setdefault("services", {})
    root = Path(__file__).resolve().parents[2]
    for spec in SERVICES:
        current = services.get(spec.name, {})
        if alive(current.get("pid")):
            continue
        # again: a later service finds the earlier ones
        env = {**os.environ, **platform_env(state), **nats_credentials(state, spec.name)}
        say(f"starting {spec.name} …")
        # the same port as last time when it is free, so services still running (the gateway) keep
        # reaching one that is started again
        port = _port_again(int(current.get("grpc", ":0").rpartition(":")[2] or 0), given)
        metrics_port = _port_again(int(current.get("metrics_port", 0)), given)
        log = base / "logs" / f"{spec.name}.log"
        log.parent.mkdir(exist_ok=True)
        proc = subprocess.Popen(
            [sys.executable, "-m", spec.module],
            env={
                **env,
                "KANTINE_GRPC_LISTEN": f"127.0.0.1:{port}",
                "KANTINE_METRICS_LISTEN": f"127.0.0.1:{metrics_port}",
                "PYTHONPATH": str(root),
            },
            cwd=root,
            stdout=open(log, "ab"),  # noqa: SIM115 (handed to the child)
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        services[spec.name] = {
            "pid": proc.pid,
            "grpc": f"127.0.0.1:{port}",
            "metrics": f"http://127.0.0.1:{metrics_port}/metrics",
            "metrics_port": metrics_port,
            "log": str(log),
        }
        save_state(state)
    deadline = time.monotonic() + timeout
    for spec in SERVICES:
        info = services[spec.name]
        while not asyncio.run(check_health(info["grpc"])):
            if not alive(info["pid"]):
                raise RuntimeError(f"{spec.name} exited during start-up{tail(Path(info['log']))}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{spec.name} not healthy after {timeout:.0f} s{tail(Path(info['log']))}")
            time.sleep(0.1)
        say(f"  {spec.name:<14} healthy on {info['grpc']}")
    return state


def start_mail(state: dict[str, Any], base: Path) -> None:
    """Start the mail catcher unless KANTINE_SMTP_HOST names a mail server of your own."""
    old = state.get("mail", {})
    if host := os.environ.get("KANTINE_SMTP_HOST"):
        if not old.get("external") and terminate(old.get("pid")):
            say("stopped the mail catcher (KANTINE_SMTP_HOST is set now)")
        state["mail"] = {"smtp": f"{host}:{os.environ.get('KANTINE_SMTP_PORT', '25')}", "external": True}
    elif not alive(old.get("pid")):
        say("starting the mail catcher …")
        # the same port as last time, so services still running keep reaching it
        mail = MailServer(base / "mail", port=old.get("port", 0)).start(detach=True)
        state["mail"] = {
            "smtp": mail.address,
            "port": mail.port,
            "dir": str(mail.directory),
            "pid": mail.pid,
            "log": str(mail.log),
        }


def _port_again(port: int, given: set[int]) -> int:
    """The port used before (or a fixed default) when it is free, so an address people or running
    services know stays valid; another free one otherwise.

    Never one already `given` in this start: the services are started before any of them listens, and
    the kernel would hand a port that gamify is about to bind to the gateway as well (which then fails
    to listen, while its health check, asked on that port, is answered by gamify)."""
    if port and port not in given and port_free(port):
        given.add(port)
        return port
    while (found := free_port()) in given:
        pass
    given.add(found)
    return found


def start_traces(state: dict[str, Any], base: Path, given: set[int] | None = None) -> None:
    """Start the trace viewer when KANTINE_TRACE_VIEWER=phoenix (what `make demo` sets) and no OTLP
    endpoint of your own is configured; the services then send it their traces."""
    if os.environ.get("KANTINE_TRACE_VIEWER", "") != "phoenix" or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return
    if alive(state.get("traces", {}).get("pid")):
        return
    given = set() if given is None else given
    http_port = _port_again(TRACES_PORT, given)
    traces = trace_viewer.start(base, http_port, _port_again(0, given), say)
    if traces is None:
        state.pop("traces", None)
        say("going on without the trace viewer: the services will not export traces")
    else:
        state["traces"] = traces


def down() -> None:
    """Stop services first (they drain), then PostgreSQL and NATS; servers you run yourself stay up."""
    state = load_state()
    if not state:
        say(f"nothing is running (no state in {home()})")
        return
    for name, info in reversed(list(state.get("services", {}).items())):
        if terminate(info.get("pid")):
            say(f"stopped {name}")
    state["services"] = {}
    import signal

    pg = state.get("postgres", {})
    if not pg.get("external") and terminate(pg.get("pid"), signal.SIGINT, timeout=30):
        say("stopped PostgreSQL")
    nats = state.get("nats", {})
    if not nats.get("external") and terminate(nats.get("pid"), signal.SIGTERM, timeout=30):
        say("stopped NATS")
    mail = state.get("mail", {})
    if not mail.get("external") and terminate(mail.get("pid"), signal.SIGTERM):
        say("stopped the mail catcher")
    if terminate(state.get("traces", {}).get("pid"), signal.SIGTERM, timeout=15):
        say("stopped the trace viewer")
    for key in ("postgres", "nats", "mail", "traces"):
        state.get(key, {}).pop("pid", None)
    save_state(state)


def mail_report(state: dict[str, Any]) -> list[str]:
    """The mail catcher's line (or the external server's), and how many messages it caught."""
    mail = state.get("mail", {})
    if not mail:
        return []
    if mail.get("external"):
        return [f"  {'mail':<14} {'external':<9} {'':<12} smtp {mail['smtp']}"]
    running = "running" if alive(mail.get("pid")) else "STOPPED"
    caught = len(message_files(mail["dir"]))
    return [
        f"  {'mail':<14} {running:<9} pid {mail.get('pid', '-')!s:<8} smtp {mail['smtp']}",
        f"mailbox {mail['dir']}: {caught} message{'' if caught == 1 else 's'} (`kantine mail` lists them)",
    ]


def last_failure(log: Path) -> str:
    """The last failure that makes a service degraded (a background task's, or a consumer's outage), for
    `kantine status` to say which and why."""
    try:
        with log.open("rb") as f:
            f.seek(max(f.seek(0, 2) - 256_000, 0))
            lines = f.read().decode(errors="replace").splitlines()
    except OSError:
        return f"see {log}"
    for line in reversed(lines):
        if "background task failed" in line or "database or bus unavailable" in line:
            return f"{line[:300]} (in {log})"
    return f"see {log}"


async def service_report(name: str, info: dict[str, Any]) -> list[str]:
    """A service's line of `kantine status`: healthy, DEGRADED (up, but a background task keeps failing
    or a consumer waits for its database or the bus: which and why follows) or DOWN."""
    healthy = await check_health(info["grpc"], timeout=1.0) if alive(info.get("pid")) else False
    degraded = healthy and not await check_health(info["grpc"], timeout=1.0, service=HEALTH_NAME)
    shown = "DEGRADED" if degraded else "healthy" if healthy else "DOWN"
    lines = [f"  {name:<14} {shown:<9} pid {info.get('pid')!s:<8} grpc {info['grpc']}"]
    if degraded:
        lines.append(f"    not doing all its work: {last_failure(Path(info['log']))}")
    return lines


async def status_report(state: dict[str, Any]) -> str:
    """Processes, the events stream, every consumer with its lag, the dead letters and the relay."""
    import asyncpg
    from nats.js.errors import NotFoundError

    from kantine.relay import backlog as relay_backlog
    from kantine.relay import refused_events
    from kantine.topology import Topology

    lines = ["processes:"]
    for key in ("nats", "postgres"):
        info = state.get(key, {})
        where = info.get("url", "?")
        running = "external" if info.get("external") else ("running" if alive(info.get("pid")) else "STOPPED")
        lines.append(f"  {key:<14} {running:<9} pid {info.get('pid', '-')!s:<8} {where}")
    for name, info in state.get("services", {}).items():
        lines.extend(await service_report(name, info))
    lines.extend(mail_report(state))
    if traces := state.get("traces"):
        running = "running" if alive(traces.get("pid")) else "STOPPED"
        lines.append(f"  {'traces':<14} {running:<9} pid {traces.get('pid', '-')!s:<8} {traces['url']}")
    topology = Topology(state.get("prefix", "kantine"))
    try:
        nc = await connect_bus(state, "kantine-status", connect_timeout=2)
    except Exception as exc:  # noqa: BLE001 (reported, not raised)
        lines.append(f"NATS unreachable: {exc}")
        return "\n".join(lines)
    try:
        js = nc.jetstream()
        try:
            info = await js.stream_info(topology.events_stream)
            lines.append(
                f"stream {topology.events_stream}: {info.state.messages} messages, "
                f"{info.state.bytes} bytes, last sequence {info.state.last_seq}"
            )
            lines.append("consumers:              pending  unacked  redelivered")
            for consumer in await js.consumers_info(topology.events_stream):
                pending, unacked = consumer.num_pending, consumer.num_ack_pending
                lines.append(f"  {consumer.name:<20} {pending:>8} {unacked:>8} {consumer.num_redelivered:>12}")
            dlq = await js.stream_info(topology.dead_letter_stream)
            lines.append(f"dead letters: {dlq.state.messages} (`kantine dlq list` shows them)")
        except NotFoundError:
            lines.append(f"stream {topology.events_stream} does not exist yet")
    finally:
        await nc.close()
    try:
        conn = await asyncpg.connect(state["postgres"]["url"], timeout=2)
        try:
            stored, unpublished = await relay_backlog(conn, "feed")
            lines.append(f"relay (feed): {stored} events stored, {unpublished} not yet published")
            if refused := await refused_events(conn):
                stores = ", ".join(sorted({r.store for r in refused}))
                lines.append(f"refused by the stream: {len(refused)} in {stores} (`kantine dlq relay list` shows them)")
        except asyncpg.UndefinedTableError:
            lines.append("relay (feed): no event store yet")
        finally:
            await conn.close()
    except Exception as exc:  # noqa: BLE001 (reported, not raised)
        lines.append(f"PostgreSQL unreachable: {exc}")
    return "\n".join(lines)
