"""Background tasks under guard: restarted after a failure with a growing pause, and a failing one
shows (the service is degraded) until it has run a while without failing."""

from __future__ import annotations

import asyncio

import pytest

from kantine.background import Background


class Flaky:
    """A task that fails `times` times, then runs until it is told to stop."""

    def __init__(self, times: int) -> None:
        self.times = times
        self.runs = 0
        self.running = asyncio.Event()
        self.stop = asyncio.Event()

    async def __call__(self) -> None:
        self.runs += 1
        if self.runs <= self.times:
            raise RuntimeError(f"failure {self.runs}")
        self.running.set()
        await self.stop.wait()


async def test_a_failing_task_is_restarted_and_degrades_the_service_until_it_runs_well() -> None:
    told: list[bool] = []
    changed = asyncio.Event()

    def on_change(degraded: bool) -> None:
        told.append(degraded)
        changed.set()

    jobs = Background(on_change, backoff_s=(0.01, 0.02), healthy_after_s=0.2)
    task = Flaky(times=3)
    guard = asyncio.create_task(jobs.guard("retention", task))
    await asyncio.wait_for(task.running.wait(), 10)
    state = jobs.tasks["retention"]
    assert (task.runs, state.total_failures, state.last_error) == (4, 3, "RuntimeError: failure 3")
    assert told[0] is True  # degraded at the first failure
    while len(told) < 2:  # and well again once it has run healthy_after_s without failing
        changed.clear()
        await asyncio.wait_for(changed.wait(), 10)
    assert told == [True, False] and jobs.failing == [] and state.total_failures == 3  # told once each
    task.stop.set()
    await asyncio.wait_for(guard, 10)  # a task that returns is done: not run again
    assert task.runs == 4


async def test_a_task_that_never_fails_never_degrades_and_a_cancel_ends_it() -> None:
    told: list[bool] = []
    jobs = Background(told.append, backoff_s=(0.01,), healthy_after_s=0.01)
    task = Flaky(times=0)
    guard = asyncio.create_task(jobs.guard("relay", task))
    await asyncio.wait_for(task.running.wait(), 10)
    guard.cancel()
    with pytest.raises(asyncio.CancelledError):
        await guard
    assert told == [] and jobs.tasks["relay"].total_failures == 0
