"""When a person gets a digest: on their rhythm (daily or weekly, weekly by default), and only if they
have not been here since the last one. Someone who comes by every day needs no summary of what they saw;
the digest is for the people drifting away, and a digest they did not need is spam."""

from __future__ import annotations

import dataclasses
import datetime as dt

from services.notify.domain.model import Digest

PERIOD = {Digest.DAILY: dt.timedelta(days=1), Digest.WEEKLY: dt.timedelta(days=7)}
RECHECK_OFF = dt.timedelta(days=1)  # someone who switched it off may switch it on again


@dataclasses.dataclass(frozen=True, slots=True)
class Decision:
    send: bool
    since: dt.datetime  # the digest covers posts from here on
    next_check: dt.datetime
    why: str


def decide(
    frequency: Digest, *, last_sent: dt.datetime | None, last_seen: dt.datetime | None, now: dt.datetime
) -> Decision:
    if frequency == Digest.OFF:
        return Decision(False, now, now + RECHECK_OFF, "off")
    period = PERIOD[frequency]
    reference = last_sent or now - period
    if last_seen is not None and last_seen > max(reference, now - period):
        return Decision(False, reference, now + period, "visited since the last digest")
    # someone who came by once after the last digest and then stayed away gets what they missed since
    since = max(reference, last_seen) if last_seen is not None else reference
    return Decision(True, since, now + period, "due")
