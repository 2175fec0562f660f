"""Start the example consumer: `python -m examples.author_stats` (the platform does it for you)."""

from __future__ import annotations

from kantine.service import Service, main

from .handlers import MIGRATIONS, NAME, router


async def run() -> None:
    async with Service(NAME, MIGRATIONS) as svc:
        svc.consume(router)
        await svc.run()


if __name__ == "__main__":
    main(run)
