"""E-mail: the outbox sender and the digest planner, both background tasks of the notify process.

A notification worth an e-mail queues one row in `email_outbox`, due after the delay, in the
transaction that wrote the notification. The sender claims due rows (SKIP LOCKED, with a lease, so
replicas share the work and a crash hands the row to the next try), checks that the notification is
still unseen and the person still wants this e-mail and is not in quiet hours, renders it in their
language and hands it to SMTP. A digest is made of the posts the person may read when it is sent, not
when it was planned: someone who left a private group while their digest waited (in quiet hours, say)
reads nothing of that group in it. A failure is retried with backoff and, when the retries are spent,
marked failed with its error, logged and counted: never dropped silently. Each e-mail keeps one
Message-ID across retries, so a copy sent twice after a crash is recognisably the same.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import uuid
from collections.abc import Sequence

import asyncpg
from opentelemetry import metrics

from services.notify import messages, present, store
from services.notify.domain import digest as digests
from services.notify.domain import preferences as prefs
from services.notify.domain.model import Category, Digest, Level
from services.notify.links import Links
from services.notify.smtp import OutgoingEmail, SendError, SmtpSender, Taken

log = logging.getLogger("kantine.notify.mail")
_meter = metrics.get_meter("kantine.notify")
_emails = _meter.create_counter("kantine.notify.emails", description="e-mails by outcome")


@dataclasses.dataclass(frozen=True, slots=True)
class _Skip:
    why: str


@dataclasses.dataclass(frozen=True, slots=True)
class _Later:
    until: dt.datetime


Plan = OutgoingEmail | _Skip | _Later


class Mailer:
    def __init__(
        self,
        pool: asyncpg.Pool,
        sender: SmtpSender,
        links: Links,
        *,
        retry_s: Sequence[float] = (30, 120, 600, 1800, 7200),
        digest_items: int = 8,
        batch: int = 50,
        lease_s: float | None = None,
        poll_s: float = 1.0,
        digest_check_s: float = 300.0,
    ) -> None:
        self.pool = pool
        self.sender = sender
        self.links = links
        self.retry_s = tuple(retry_s)
        self.digest_items = digest_items
        self.batch = batch
        # longer than the slowest batch: each message up to the SMTP timeout (a row whose lease ran out
        # is claimed again, but the per-message claim keeps it from going out twice all the same)
        self.lease_s = lease_s if lease_s is not None else batch * sender.config.timeout_s + 60
        # a row 'sending' this long was being sent by a sender that stopped (a crash, a killed pod)
        self.sending_gone_s = sender.config.timeout_s * 2 + 60
        self.poll_s = poll_s
        self.digest_check_s = digest_check_s

    # ----- the outbox -----

    async def run_outbox(self) -> None:
        while True:
            if not await self.send_due():
                await asyncio.sleep(self.poll_s)

    async def send_due(self) -> int:
        """Send what is due now, one batch; returns how many rows were handled.

        At most once: the batch claims its rows with a token of its own and a lease; right before each
        message is handed to SMTP its row turns 'sending', only if the claim is still this batch's (a
        slow batch whose lease ran out may have lost some rows to another replica, which then sends
        them). At least once: a row claimed but not yet sending when the sender died is due again when
        the lease ends. A row left 'sending' is not sent again (`_interrupted`)."""
        await self._interrupted()
        claim = uuid.uuid4()
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(
                """UPDATE email_outbox SET due_at = now() + make_interval(secs => $2), attempts = attempts + 1,
                                           claim = $3
                   WHERE email_id IN (SELECT email_id FROM email_outbox WHERE status = 'pending' AND due_at <= now()
                                      ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                   RETURNING *""",
                self.batch, self.lease_s, claim,
            )  # fmt: skip
            if not rows:
                return 0
            org = await store.load_settings(conn, store.ORGANISATION)
            plans = [await self._plan(conn, row, org) for row in rows]
        outgoing = [(row, plan) for row, plan in zip(rows, plans, strict=True) if isinstance(plan, OutgoingEmail)]

        async def still_ours(i: int) -> bool:
            async with self.pool.acquire() as conn:
                return bool(await conn.fetchval(
                    """UPDATE email_outbox SET status = 'sending', sending_since = now()
                       WHERE email_id = $1 AND claim = $2 AND status = 'pending' RETURNING true""",
                    outgoing[i][0]["email_id"], claim,
                ))  # fmt: skip

        results = await self.sender.send([plan for _, plan in outgoing], still_ours) if outgoing else []
        async with self.pool.acquire() as conn, conn.transaction():
            for row, plan in zip(rows, plans, strict=True):
                if isinstance(plan, _Skip):
                    await self._finish(conn, row, "skipped", plan.why, claim)
                elif isinstance(plan, _Later):
                    await conn.execute(
                        """UPDATE email_outbox SET due_at = $2, attempts = attempts - 1
                           WHERE email_id = $1 AND claim = $3 AND status = 'pending'""",
                        row["email_id"], plan.until, claim,
                    )  # fmt: skip
            for (row, _), result in zip(outgoing, results, strict=True):
                if not isinstance(result, Taken):
                    await self._record(conn, row, result, claim)
        return len(rows)

    async def _interrupted(self) -> None:
        """Rows a sender marked 'sending' and never finished: it stopped while handing them to SMTP. They
        may have gone out, so they are not sent again; they are marked failed, logged and counted."""
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(
                """UPDATE email_outbox SET status = 'failed', finished_at = now(),
                       last_error = 'the sender stopped while handing it to the mail server; not sent again, '
                                    || 'as it may have gone out'
                   WHERE status = 'sending' AND sending_since < now() - make_interval(secs => $1)
                   RETURNING email_id, kind""",
                self.sending_gone_s,
            )  # fmt: skip
        for row in rows:
            _emails.add(1, {"kind": row["kind"], "outcome": "interrupted"})
            log.error("e-mail interrupted while being sent; not sent again", extra={"email_id": str(row["email_id"])})

    async def _finish(
        self, conn: asyncpg.Connection, row: asyncpg.Record, status: str, why: str, claim: uuid.UUID
    ) -> None:
        await conn.execute(
            """UPDATE email_outbox SET status = $2, last_error = $3, finished_at = now()
               WHERE email_id = $1 AND claim = $4""",
            row["email_id"], status, why, claim,
        )  # fmt: skip
        _emails.add(1, {"kind": row["kind"], "outcome": status})

    async def _record(
        self, conn: asyncpg.Connection, row: asyncpg.Record, result: SendError | None, claim: uuid.UUID
    ) -> None:
        fields = {"email_id": str(row["email_id"]), "kind": row["kind"], "attempt": row["attempts"]}
        if result is None:
            await self._finish(conn, row, "sent", "", claim)
            log.info("e-mail sent", extra=fields)
            return
        spent = row["attempts"] > len(self.retry_s)
        if result.permanent or spent:
            await self._finish(conn, row, "failed", result.message[:2000], claim)
            log.error(
                "e-mail failed; giving up", extra={**fields, "error": result.message, "permanent": result.permanent}
            )
            return
        wait = self.retry_s[row["attempts"] - 1]
        await conn.execute(  # back to pending: it was refused or never handed over
            """UPDATE email_outbox SET due_at = now() + make_interval(secs => $2), last_error = $3,
                                       status = 'pending', sending_since = NULL
               WHERE email_id = $1 AND claim = $4""",
            row["email_id"], wait, result.message[:2000], claim,
        )  # fmt: skip
        _emails.add(1, {"kind": row["kind"], "outcome": "retried"})
        log.warning("e-mail not sent; will retry", extra={**fields, "retry_in_s": wait, "error": result.message})

    async def _plan(self, conn: asyncpg.Connection, row: asyncpg.Record, org: prefs.Settings) -> Plan:
        person = await store.person_for_mail(conn, row["recipient"])
        if person is None or not person["active"] or not person["email"]:
            return _Skip("no active person with an e-mail address")
        user_id = str(row["recipient"])
        wants = prefs.resolve(org, await store.load_settings(conn, user_id))
        if wants.quiet_hours is not None and (until := wants.quiet_hours.postpone(dt.datetime.now(dt.UTC))):
            return _Later(until)
        if row["kind"] == "digest":
            return await self._digest(conn, row, person, wants)
        return await self._notification(conn, row, person, wants)

    async def _notification(
        self, conn: asyncpg.Connection, row: asyncpg.Record, person: asyncpg.Record, wants: prefs.Effective
    ) -> Plan:
        note = await store.notification(conn, row["notification_id"])
        if note is None:
            return _Skip("the notification is gone")
        if note["read_at"] is not None:
            return _Skip("seen in the app before the delay")
        category = Category(note["category"])
        if not wants.channels[category].email:
            return _Skip(f"e-mail for {category.value} is off")
        user_id = str(row["recipient"])
        locale = messages.locale_of(person["locale"])
        text, reason = present.texts(note, locale)
        if note["post_id"]:
            link = self.links.post(str(note["post_id"]), str(note["comment_id"] or ""))
        elif note["group_id"]:
            link = self.links.group(str(note["group_id"]))
        else:
            link = self.links.inbox()
        mail = messages.notification_email(
            locale, text=text, reason=reason, snippet=note["snippet"] or "", link=link,
            unsubscribe_link=self.links.unsubscribe(user_id, category.value), settings_link=self.links.settings(),
            category=category,
        )  # fmt: skip
        generation = row["dedup_key"].rsplit(":", 1)[-1]
        return OutgoingEmail(
            to=person["email"], subject=mail.subject, text=mail.text, html=mail.html,
            message_id=f"notification.{note['notification_id']}.{generation}",
            unsubscribe_url=self.links.one_click(user_id, category.value),
        )  # fmt: skip

    async def _digest(
        self, conn: asyncpg.Connection, row: asyncpg.Record, person: asyncpg.Record, wants: prefs.Effective
    ) -> Plan:
        if wants.digest == Digest.OFF:
            return _Skip("the digest is off")
        posts = await store.digest_posts(conn, row["recipient"], row["post_ids"])
        if not posts:
            return _Skip("every post of the digest was deleted or is no longer theirs to read")
        user_id = str(row["recipient"])
        items = [
            messages.DigestItem(
                author_name=p["author"], group_name=p["group_name"], snippet=p["snippet"],
                link=self.links.post(str(p["post_id"])), reactions=p["reactions"], comments=p["comments"],
            )
            for p in posts
        ]  # fmt: skip
        mail = messages.digest_email(
            person["locale"], display_name=person["display_name"], items=items, frequency=wants.digest,
            unsubscribe_link=self.links.unsubscribe(user_id, "digest"), settings_link=self.links.settings(),
        )  # fmt: skip
        return OutgoingEmail(
            to=person["email"], subject=mail.subject, text=mail.text, html=mail.html,
            message_id=f"digest.{row['email_id']}", unsubscribe_url=self.links.one_click(user_id, "digest"),
        )  # fmt: skip

    # ----- the digest planner -----

    async def run_digests(self) -> None:
        while True:
            await self.plan_digests()
            await asyncio.sleep(self.digest_check_s)

    async def plan_digests(self, now: dt.datetime | None = None, page: int = 200) -> int:
        """Queue the digests that are due; returns how many were queued. Safe on every replica."""
        now = now or dt.datetime.now(dt.UTC)
        queued = 0
        while True:
            async with self.pool.acquire() as conn, conn.transaction():
                due = await conn.fetch(
                    """SELECT d.user_id, d.last_sent_at, r.last_seen_at FROM digests d
                       JOIN recipients r USING (user_id) JOIN directory_people u USING (user_id)
                       WHERE d.next_due_at <= $1 AND u.active AND r.email <> ''
                       ORDER BY d.next_due_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED""",
                    now,
                    page,
                )
                org = await store.load_settings(conn, store.ORGANISATION)
                for person in due:
                    queued += await self._plan_one(conn, person, org, now)
            if len(due) < page:
                return queued

    async def _plan_one(
        self, conn: asyncpg.Connection, person: asyncpg.Record, org: prefs.Settings, now: dt.datetime
    ) -> int:
        user_id = str(person["user_id"])
        wants = prefs.resolve(org, await store.load_settings(conn, user_id))
        decision = digests.decide(wants.digest, last_sent=person["last_sent_at"], last_seen=person["last_seen_at"],
                                  now=now)  # fmt: skip
        sent = None
        if decision.send:
            muted = [uuid.UUID(g) for g, level in wants.groups.items() if level == Level.MUTED]
            posts = await conn.fetch(
                """SELECT p.post_id FROM directory_members m
                   JOIN posts p ON p.group_id = m.group_id AND p.created_at > $2 AND NOT p.deleted AND p.published
                   WHERE m.user_id = $1 AND p.author_id <> $1 AND NOT (m.group_id = ANY($3::uuid[]))
                   ORDER BY p.reactions DESC, p.comments DESC, p.created_at DESC LIMIT $4""",
                person["user_id"], decision.since, muted, self.digest_items,
            )  # fmt: skip
            if posts:
                await conn.execute(
                    """INSERT INTO email_outbox (email_id, dedup_key, recipient, kind, post_ids, due_at)
                       VALUES (gen_random_uuid(), $1, $2, 'digest', $3, $4) ON CONFLICT (dedup_key) DO NOTHING""",
                    f"digest:{user_id}:{now:%Y-%m-%dT%H}", person["user_id"], [p[0] for p in posts], now,
                )  # fmt: skip
                sent = now
        await conn.execute(
            "UPDATE digests SET next_due_at = $2, last_sent_at = coalesce($3, last_sent_at) WHERE user_id = $1",
            person["user_id"], decision.next_check, sent,
        )  # fmt: skip
        return 1 if sent else 0
