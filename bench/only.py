"""`python -m bench.only insights [notify gamify home]`: one path's rate against the raw rate its goal is
written against, for a quick look while working on it (the full `make bench` writes docs/benchmarks.md)."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import uvloop

from bench import feed, gamify, insights, notify, raw
from bench.common import ROUNDS, Results
from kantine.platform.nats_server import NatsServer
from kantine.platform.postgres_server import DURABLE, PostgresServer, create_database


async def _home(nats_url: str, pg_server_url: str, home: Path, results: Results, round_no: int) -> None:
    await feed.raw_point_select(await create_database(pg_server_url, f"bench_raw_{round_no}"), results)
    await feed.home_feed_latency(nats_url, pg_server_url, home, results)


PATHS: dict[str, tuple[str, Callable[[str, str, Path, Results, int], Awaitable[Any]]]] = {
    "home": (feed.HOME, _home),
    "insights": (insights.EVENTS, insights.event_rate),
    "notify": (notify.INBOX, notify.inbox_rate),
    "gamify": (gamify.EVENTS, gamify.event_rate),
}


async def main(names: list[str]) -> None:
    unknown = set(names) - set(PATHS)
    if unknown or not names:
        raise SystemExit(f"which path: {', '.join(PATHS)} (not {', '.join(sorted(unknown))})")
    results = Results()
    with tempfile.TemporaryDirectory(prefix="kantine-bench-") as tmp:
        nats_server = NatsServer(Path(tmp) / "nats").start()
        pg = PostgresServer(Path(tmp) / "pg", settings=DURABLE).start()
        try:
            for round_no in range(1, ROUNDS + 1):
                await raw.raw_nats(nats_server.url, results)
                for name in names:
                    await PATHS[name][1](nats_server.url, pg.url(), Path(tmp) / "logs", results, round_no)
        finally:
            pg.stop()
            nats_server.stop()
    for name in names:
        label = PATHS[name][0]
        base = feed.RAW_POINT if name == "home" else raw.RAW_CONSUME
        print(f"{label}: {results.median(label):,.0f}/s, {results.ratio(label, base):.3f}x {base}")


if __name__ == "__main__":
    uvloop.run(main(sys.argv[1:]))
