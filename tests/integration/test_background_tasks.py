"""Background tasks for real: insights' retention deletes what is older than its days and keeps the
rest, and a service whose background task keeps failing says so in its health and in `kantine status`
while it goes on serving."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from pathlib import Path

from kantine import db
from kantine.background import HEALTH_NAME
from kantine.config import PlatformSettings, load
from kantine.grpcutil import GrpcServer, check_health
from kantine.platform.procs import free_port
from kantine.platform.supervisor import service_report
from kantine.service import Service, cancel_all
from services.insights import retention
from services.insights.store import MIGRATIONS, SCHEMA
from tests.harness import eventually

TODAY = dt.date(2026, 12, 7)


async def test_the_insights_retention_deletes_activity_and_acts_older_than_its_days(database_url: str) -> None:
    pool = await db.prepare_schema(database_url, SCHEMA, MIGRATIONS)
    try:
        scope, person = uuid.uuid4(), uuid.uuid4()
        cutoff = TODAY - dt.timedelta(days=62)
        months = {  # a month's row goes once its whole month (31 days at most) is before the cutoff
            "gone": cutoff - dt.timedelta(days=32),
            "kept, its month reaches past the cutoff": cutoff - dt.timedelta(days=30),
            "kept, recent": TODAY - dt.timedelta(days=3),
        }
        async with pool.acquire() as conn:
            await conn.execute("DELETE FROM activity; DELETE FROM acts")
            await conn.executemany(
                "INSERT INTO activity (scope, period, start, user_id, level) VALUES ($1, 'm', $2, $3, 1)",
                [(scope, start, person) for start in months.values()],
            )
            await conn.executemany(
                """INSERT INTO acts (kind, target_id, actor_id, subject_id, post_id, at)
                   VALUES ('reaction', $1, $2, $2, $1, $3)""",
                [(uuid.uuid4(), person, dt.datetime.combine(day, dt.time(12), dt.UTC))
                 for day in (cutoff - dt.timedelta(days=1), cutoff + dt.timedelta(days=1))],
            )  # fmt: skip
        assert await retention.retain(pool, TODAY, 62) == 2
        starts = {r[0] for r in await pool.fetch("SELECT start FROM activity")}
        assert starts == {months["kept, its month reaches past the cutoff"], months["kept, recent"]}
        assert [r[0].date() for r in await pool.fetch("SELECT at FROM acts")] == [cutoff + dt.timedelta(days=1)]
        assert await retention.retain(pool, TODAY, 62) == 0  # the control: nothing more is older
    finally:
        await pool.close()


async def test_a_service_whose_background_task_keeps_failing_is_degraded_and_says_why(
    database_url: str, nats_url: str, tmp_path: Path
) -> None:
    address = f"127.0.0.1:{free_port()}"
    settings = load(PlatformSettings, {"KANTINE_DATABASE_URL": database_url, "KANTINE_NATS_URL": nats_url,
                                       "KANTINE_GRPC_LISTEN": address})  # fmt: skip
    svc = Service("background_test", [], settings)
    svc.grpc = GrpcServer(address)
    svc.jobs.backoff_s, svc.jobs.healthy_after_s = (0.05,), 0.3
    mended = asyncio.Event()

    async def broken() -> None:
        if not mended.is_set():
            raise RuntimeError("operator does not exist: date < integer")
        await asyncio.Event().wait()

    svc.background("retention", broken)
    log = tmp_path / "insights.log"
    log.write_text('{"message": "background task failed; restarting", "task": "retention"}\n')
    info = {"pid": os.getpid(), "grpc": address, "log": str(log)}
    running = asyncio.create_task(svc.run())
    try:

        async def degraded() -> bool:
            return await check_health(address) and not await check_health(address, service=HEALTH_NAME)

        await eventually(degraded)  # up and serving, and saying that something in it is broken
        report = await service_report("insights", info)
        assert "DEGRADED" in report[0] and "background task failed" in report[1] and str(log) in report[1]
        mended.set()

        async def well() -> bool:
            return await check_health(address, service=HEALTH_NAME)

        await eventually(well)
        assert "healthy" in (await service_report("insights", info))[0]
        assert svc.jobs.tasks["retention"].total_failures >= 1
    finally:
        svc.stop()
        await asyncio.wait_for(running, 10)
        await cancel_all(svc._running)
