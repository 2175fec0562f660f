"""The `kantine` command: run the platform locally and operate its event flow."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from typing import Any

from kantine.platform import supervisor


def _state_or_exit(*needs: str) -> dict[str, Any]:
    """Where NATS and PostgreSQL are: from the environment when it says (a pod of a deployment), else
    from what `kantine up` started here."""
    state = supervisor.load_state()
    if os.environ.get("KANTINE_NATS_URL"):
        # a server of its own: its credentials are the environment's, not those `up` made for its own
        state["nats"] = supervisor.external_nats(os.environ["KANTINE_NATS_URL"])
        state["prefix"] = os.environ.get("KANTINE_NATS_PREFIX") or state.get("prefix", "kantine")
    if os.environ.get("KANTINE_DATABASE_URL"):
        state["postgres"] = {**state.get("postgres", {}), "url": os.environ["KANTINE_DATABASE_URL"]}
    if any(not state.get(need) for need in needs or ("nats", "postgres")):
        sys.exit(f"the platform is not running here (no state in {supervisor.home()}); start it with `kantine up`")
    return state


def _service(name: str) -> supervisor.ServiceSpec:
    spec = next((s for s in supervisor.SERVICES if s.name == name), None)
    if spec is None:
        sys.exit(f"unknown service {name!r}; one of: {', '.join(s.name for s in supervisor.SERVICES)}")
    return spec


async def _with_js(state: dict[str, Any], action: Any) -> Any:
    from kantine.topology import Topology

    nc = await supervisor.connect_bus(state)
    try:
        return await action(nc.jetstream(), Topology(state.get("prefix", "kantine")))
    finally:
        await nc.close()


def cmd_up(args: argparse.Namespace) -> None:
    state = supervisor.up()
    print(asyncio.run(supervisor.status_report(state)))


def cmd_down(args: argparse.Namespace) -> None:
    supervisor.down()


def cmd_status(args: argparse.Namespace) -> None:
    print(asyncio.run(supervisor.status_report(_state_or_exit())))


def cmd_streams(args: argparse.Namespace) -> None:
    """Create or update the streams with the KANTINE_NATS_* settings: the admin's step before services
    start (`kantine up` and the chart's hook run it), and after a stream setting changed."""
    for line in asyncio.run(supervisor.ensure_streams(_state_or_exit("nats"))):
        print(line)


def cmd_dlq_list(args: argparse.Namespace) -> None:
    from kantine import deadletters

    letters = asyncio.run(
        _with_js(_state_or_exit("nats"), lambda js, topo: deadletters.list_dead_letters(js, topo, args.consumer))
    )
    if not letters:
        print("no dead letters")
    for letter in letters:
        print(
            f"seq {letter.sequence}  {letter.consumer}  {letter.event_type}  event {letter.event_id}  "
            f"after {letter.deliveries} deliveries: {letter.error}"
        )


def cmd_dlq_replay(args: argparse.Namespace) -> None:
    from kantine import deadletters

    sequences = set(args.seq) if args.seq else None
    done = asyncio.run(
        _with_js(_state_or_exit("nats"), lambda js, topo: deadletters.replay(js, topo, args.consumer, sequences))
    )
    print(f"replayed {len(done)} dead letter(s) to {args.consumer}")


def cmd_dlq_relay_list(args: argparse.Namespace) -> None:
    """The events a relay passed over because the stream refused them for good."""
    import asyncpg

    from kantine import relay

    async def listed() -> list[relay.RefusedEvent]:
        conn = await asyncpg.connect(_state_or_exit("postgres")["postgres"]["url"])
        try:
            return await relay.refused_events(conn, args.store or "")
        finally:
            await conn.close()

    refused = asyncio.run(listed())
    if not refused:
        print("no events refused by the stream")
    for r in refused:
        print(
            f"{r.store}  position {r.position}  {r.event_type}  event {r.event_id}  {r.at:%Y-%m-%d %H:%M}: {r.reason}"
        )


def cmd_dlq_relay_replay(args: argparse.Namespace) -> None:
    """Publish a store's refused events again once the cause is fixed."""
    import asyncpg

    from kantine import relay

    state = _state_or_exit()

    async def replayed(js: Any, topology: Any) -> list[relay.RefusedEvent]:
        conn = await asyncpg.connect(state["postgres"]["url"])
        try:
            return await relay.replay_refused(conn, js, topology, args.store, set(args.position or []) or None)
        finally:
            await conn.close()

    done = asyncio.run(_with_js(state, replayed))
    print(f"published {len(done)} refused event(s) of {args.store} again")


def cmd_mail(args: argparse.Namespace) -> None:
    """The newest messages the demo mail catcher kept, oldest of them first (like `tail`)."""
    from kantine.platform.mail_server import read_mailbox

    mail = supervisor.load_state().get("mail", {})
    if mail.get("external"):
        sys.exit(f"e-mail goes to your own server {mail['smtp']} (KANTINE_SMTP_HOST); look there")
    directory = mail.get("dir") or str(supervisor.home() / "mail")
    messages = read_mailbox(directory, last=args.last)
    if not messages:
        print(f"no e-mail caught yet in {directory}")
    for message in messages:
        date = message["Date"]
        when = date.datetime.astimezone().strftime("%Y-%m-%d %H:%M:%S") if date and date.datetime else "-"
        print(f"{when}  {message.get('To', '-')}  {message.get('Subject', '')}")


def cmd_demo_data(args: argparse.Namespace) -> None:
    """The demo company through the gateway's API: people over SCIM, the past as imported history,
    today's content live as them (demo sign-in)."""

    from kantine.platform.demo import DemoError, demo_scale, load_demo_data, wait_until_settled

    state = _state_or_exit()
    token = os.environ.get("KANTINE_SCIM_TOKEN") or state.get("scim_token")
    if not token or not state.get("http"):
        sys.exit("the gateway or its SCIM token is missing from the state: start the platform with `kantine up`")
    try:
        scale = args.scale if args.scale is not None else demo_scale()
        summary = asyncio.run(
            load_demo_data(
                state["http"]["url"], token, scale,
                import_token=os.environ.get("KANTINE_IMPORT_TOKEN") or state.get("import_token", ""),
                say=lambda line: print(line, flush=True),
            )
        )  # fmt: skip
        print(summary, flush=True)
        print("waiting for notify, gamify and search to take it all in …", flush=True)
        print(f"  done in {asyncio.run(wait_until_settled(state)):.0f} s: search, inboxes and points are complete")
    except DemoError as exc:
        sys.exit(str(exc))


def cmd_rebuild(args: argparse.Namespace) -> None:
    import importlib

    from kantine.projections import ConsumedReadModels, ReadModels, RebuildProgress, rebuild, rebuild_consumer

    spec = _service(args.service)
    try:
        module = importlib.import_module(f"{spec.module}.projection")
    except ImportError:
        module = None
    own = getattr(module, "READ_MODELS", None)
    consumed = getattr(module, "consumed_read_models", None)
    if own is None and consumed is None:
        sys.exit(f"{args.service} keeps no read models that can be rebuilt (no {spec.module}.projection)")
    url = args.database_url or _state_or_exit("postgres")["postgres"]["url"]

    def show(p: RebuildProgress) -> None:
        rate = p.events / p.seconds if p.seconds else 0.0
        print(f"{p.phase:<8} position {p.position:>9} of {p.head:>9}  {p.events:>9} events  {rate:8.0f}/s", flush=True)

    if own is not None:
        assert isinstance(own, ReadModels)
        done = asyncio.run(rebuild(url, own, progress=show))
        print(
            f"rebuilt {args.service}'s read models of its own events from {done.events} events in {done.seconds:.1f} s"
        )
    if consumed is not None:
        bus = {"nats": {"url": args.nats_url, "external": True}} if args.nats_url else _state_or_exit("nats")
        nats_url = bus["nats"]["url"]
        prefix = os.environ.get("KANTINE_NATS_PREFIX") or supervisor.load_state().get("prefix", "kantine")

        async def replay() -> RebuildProgress:
            from kantine.service import connect_nats
            from kantine.topology import Topology

            models = await consumed(url)
            assert isinstance(models, ConsumedReadModels)
            user, password = supervisor.nats_login(bus)
            nc = await connect_nats(nats_url, f"kantine-rebuild-{args.service}", user, password)
            try:
                return await rebuild_consumer(url, nc, Topology(prefix), models, progress=show)
            finally:
                await nc.close()

        done = asyncio.run(replay())
        print(f"rebuilt {args.service}'s read models from {done.events} events of the stream in {done.seconds:.1f} s")


def cmd_migrate(args: argparse.Namespace) -> None:
    """Bring one service's schema up to date and exit: what a deployment runs before new code starts
    (the chart's migration Job). A service migrates at start too; this makes the step visible and lets
    it fail before a rollout, not during one."""
    import importlib

    from kantine import db

    spec = _service(args.service)
    try:
        store = importlib.import_module(f"{spec.module}.store")
        schema, migrations = store.SCHEMA, store.MIGRATIONS
    except (ImportError, AttributeError):
        sys.exit(f"{args.service} declares no schema to migrate (no SCHEMA and MIGRATIONS in {spec.module}.store)")
    url = args.database_url or _state_or_exit("postgres")["postgres"]["url"]

    applied = asyncio.run(db.migrate_database(url, schema, migrations))
    for migration in applied:
        print(f"applied {schema}: {migration.source} {migration.version} {migration.name}", flush=True)
    print(f"{args.service}: schema {schema} is current ({len(applied)} applied, {len(migrations)} known)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kantine", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="start NATS, PostgreSQL and every service; returns once all are healthy").set_defaults(
        func=cmd_up
    )
    sub.add_parser("down", help="stop everything `up` started").set_defaults(func=cmd_down)
    sub.add_parser("status", help="processes, stream, consumers and their lag, dead letters").set_defaults(
        func=cmd_status
    )
    demo = sub.add_parser("demo-data", help="load the demo company through the API (idempotent)")
    demo.add_argument("--scale", type=float, help="1 = 200 people, 2,400 posts (default: KANTINE_DEMO_SCALE or 1)")
    demo.set_defaults(func=cmd_demo_data)
    mail = sub.add_parser("mail", help="the e-mails the demo's mail catcher kept: date, to, subject")
    mail.add_argument("--last", type=int, default=10, metavar="N", help="the newest N messages (default 10)")
    mail.set_defaults(func=cmd_mail)
    sub.add_parser(
        "streams", help="create or update the streams with the KANTINE_NATS_* settings (the NATS admin user)"
    ).set_defaults(func=cmd_streams)
    dlq = sub.add_parser("dlq", help="dead letters").add_subparsers(dest="dlq_command", required=True)
    listing = dlq.add_parser("list", help="what consumers gave up on, with the error")
    listing.add_argument("consumer", nargs="?")
    listing.set_defaults(func=cmd_dlq_list)
    replay = dlq.add_parser("replay", help="send a consumer's dead letters back to it once the cause is fixed")
    replay.add_argument("consumer")
    replay.add_argument("--seq", type=int, action="append", help="only this DLQ sequence (repeatable)")
    replay.set_defaults(func=cmd_dlq_replay)
    relayed = dlq.add_parser("relay", help="events a relay passed over: the stream refused them for good")
    relay_commands = relayed.add_subparsers(dest="relay_command", required=True)
    relay_list = relay_commands.add_parser("list", help="every store's refused events, with the reason")
    relay_list.add_argument("store", nargs="?", help="only this store's (feed, gamify, …)")
    relay_list.set_defaults(func=cmd_dlq_relay_list)
    relay_replay = relay_commands.add_parser("replay", help="publish a store's refused events again")
    relay_replay.add_argument("store")
    relay_replay.add_argument("--position", type=int, action="append", help="only this event (repeatable)")
    relay_replay.set_defaults(func=cmd_dlq_relay_replay)
    projections = sub.add_parser("projections", help="a service's read models").add_subparsers(
        dest="projections_command", required=True
    )
    rebuilding = projections.add_parser(
        "rebuild", help="replay the event store into fresh read models and swap them in; the service keeps serving"
    )
    rebuilding.add_argument("service", help="the service whose read models to rebuild, e.g. feed")
    rebuilding.add_argument(
        "--database-url", help="PostgreSQL URL (default: KANTINE_DATABASE_URL, else `kantine up`'s)"
    )
    rebuilding.add_argument(
        "--nats-url", help="NATS URL, for a consumer's rebuild (default: KANTINE_NATS_URL, else `kantine up`'s)"
    )
    rebuilding.set_defaults(func=cmd_rebuild)
    migrating = sub.add_parser("migrate", help="bring a service's database schema up to date, then exit")
    migrating.add_argument("service", help="the service whose schema to migrate, e.g. feed")
    migrating.add_argument("--database-url", help="PostgreSQL URL (default: KANTINE_DATABASE_URL, else `kantine up`'s)")
    migrating.set_defaults(func=cmd_migrate)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except (RuntimeError, TimeoutError) as exc:
        sys.exit(f"kantine {args.command}: {exc}")


if __name__ == "__main__":
    main()
