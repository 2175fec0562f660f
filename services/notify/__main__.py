"""Start the notify service: gRPC NotifyService, the consumer of the platform's events, the live hub,
the fan-out worker, the e-mail outbox and digest planner, and the relay of its own event store."""

from __future__ import annotations

import logging

from kantine.config import ConfigError, load
from kantine.relay import Relay
from kantine.service import Service, main
from kantine.v1 import notify_pb2_grpc

from .api import NotifyApi
from .config import NotifySettings
from .fanout import FanoutWorker
from .handlers import Delivery, build_router
from .links import Links
from .live import Hub
from .mailer import Mailer
from .smtp import SmtpConfig, SmtpSender
from .store import MIGRATIONS, SCHEMA

log = logging.getLogger("kantine.notify")


async def run() -> None:
    settings = load(NotifySettings)
    try:
        links = Links(settings.public_url, settings.secret)
        smtp = None
        if settings.smtp_host:
            smtp = SmtpConfig(
                host=settings.smtp_host, port=settings.smtp_port, security=settings.smtp_security,
                username=settings.smtp_username, password=settings.smtp_password, timeout_s=settings.smtp_timeout_s,
                mail_from=settings.mail_from,
            )  # fmt: skip
            smtp.validate()
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    delay = settings.email_delay_s if smtp else None
    async with Service(SCHEMA, MIGRATIONS, settings) as svc:
        if smtp is None:
            log.warning("KANTINE_SMTP_HOST is not set: notifications stay in the app, no e-mail is sent")
        hub = Hub(settings.database_url)
        svc.grpc.add(notify_pb2_grpc.add_NotifyServiceServicer_to_server, NotifyApi(svc.pool, hub, links),
                     "kantine.v1.NotifyService")  # fmt: skip
        delivery = Delivery(email_delay_s=delay, fanout_inline=settings.fanout_inline, large_group=settings.large_group)
        svc.consume(build_router(delivery))
        svc.background("live-hub", hub.run)
        svc.background("fan-out", FanoutWorker(svc.pool, chunk=settings.fanout_chunk, email_delay_s=delay).run)
        svc.background("relay", Relay(svc.pool, svc.nc.jetstream(), svc.topology).run)
        if smtp is not None:
            mailer = Mailer(
                svc.pool, SmtpSender(smtp), links, retry_s=settings.retry_delays(),
                digest_items=settings.digest_items, digest_check_s=settings.digest_check_s,
            )  # fmt: skip
            svc.background("mail-outbox", mailer.run_outbox)
            svc.background("digests", mailer.run_digests)
        await svc.run()


if __name__ == "__main__":
    main(run)
