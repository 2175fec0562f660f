"""A service's background tasks (relays, schedulers, the fan-out worker, the mailer, retention): each runs
for the life of the process, is restarted when it fails, and its failures show.

A task that failed used to be restarted every second and logged, with nothing else to see: in a fresh
demo insights' retention failed 1,925 times in its first half hour, unnoticed. Now each failure is counted
(`kantine.background.failures` by task, with an alert rule), restarts back off up to a minute, and while a
task is failing the service says it is degraded: its gRPC health service `kantine.background` answers
NOT_SERVING, which `kantine status` shows. The service as a whole ("") stays SERVING: it still answers,
and Kubernetes restarting it would not mend a broken query. A task that has run `healthy_after_s` since
its last restart without failing is well again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Sequence

from kantine import metrics

log = logging.getLogger("kantine.background")

HEALTH_NAME = "kantine.background"  # the gRPC health service that says whether every task is well
BACKOFF_S = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)
HEALTHY_AFTER_S = 60.0


@dataclasses.dataclass
class TaskState:
    name: str
    failures: int = 0  # in a row: since it last ran `healthy_after_s` without failing
    total_failures: int = 0
    last_error: str = ""

    @property
    def failing(self) -> bool:
        return self.failures > 0


class Background:
    """Runs named tasks under guard; `on_change(degraded)` is called whenever the answer to "is any task
    failing?" changes, so the service can tell its health."""

    def __init__(
        self,
        on_change: Callable[[bool], None] = lambda _: None,
        *,
        backoff_s: Sequence[float] = BACKOFF_S,
        healthy_after_s: float = HEALTHY_AFTER_S,
    ) -> None:
        self.tasks: dict[str, TaskState] = {}
        self.on_change = on_change
        self.backoff_s = tuple(backoff_s)
        self.healthy_after_s = healthy_after_s
        self._degraded = False

    @property
    def failing(self) -> list[TaskState]:
        return [t for t in self.tasks.values() if t.failing]

    async def guard(self, name: str, task: Callable[[], Awaitable[None]]) -> None:
        """Run `task` until it returns; after each failure wait (longer each time) and run it again."""
        state = self.tasks.setdefault(name, TaskState(name))
        loop = asyncio.get_running_loop()
        while True:
            well = loop.call_later(self.healthy_after_s, self._well, state)
            try:
                await task()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                state.failures += 1
                state.total_failures += 1
                state.last_error = f"{type(exc).__name__}: {exc}"[:500]
                pause = self.backoff_s[min(state.failures, len(self.backoff_s)) - 1]
                metrics.background_failures.add(1, {"task": name})
                log.exception(
                    "background task failed; restarting",
                    extra={"task": name, "failures_in_a_row": state.failures, "restart_in_s": pause},
                )
                self._changed()
                await asyncio.sleep(pause)
            finally:
                well.cancel()

    def _well(self, state: TaskState) -> None:
        if state.failing:
            log.info("background task is well again", extra={"task": state.name, "failures": state.failures})
            state.failures = 0
            self._changed()

    def _changed(self) -> None:
        degraded = bool(self.failing)
        if degraded != self._degraded:
            self._degraded = degraded
            self.on_change(degraded)
