"""An inbox row as the person reads it: texts rendered now, in their language, with current names.

Rendering at read time rather than at delivery means a renamed colleague or group, an edited post and
a changed locale show correctly in notifications that were written before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kantine.fields import rfc3339
from kantine.v1 import notify_pb2
from services.notify import messages
from services.notify.domain.model import Kind, Reason


def texts(row: Mapping[str, Any], locale: str) -> tuple[str, str]:
    """The sentence and the reason of one inbox row."""
    kind = Kind(row["kind"])
    detail = row["detail"] or ""
    text = messages.notification_text(
        locale, kind, [n for n in row["actor_names"] if n], row["actor_count"], group_name=row["group_name"] or "",
        detail=detail,
    )  # fmt: skip
    reason = messages.reason_text(locale, Reason(row["reason"]), row["subject_label"] or "")
    return text, reason


def notification(row: Mapping[str, Any], locale: str) -> notify_pb2.Notification:
    text, reason = texts(row, locale)
    return notify_pb2.Notification(
        notification_id=str(row["notification_id"]), kind=row["kind"], category=row["category"], text=text,
        reason=reason, actor_ids=[str(a) for a in row["actors"]], actor_names=list(row["actor_names"]),
        actor_count=row["actor_count"], post_id=str(row["post_id"] or ""), comment_id=str(row["comment_id"] or ""),
        group_id=str(row["group_id"] or ""), snippet=row["snippet"] or "", read=row["read_at"] is not None,
        created_at=rfc3339(row["created_at"]), updated_at=rfc3339(row["updated_at"]),
        badge_id=row["key"].split(":")[1] if row["kind"] == Kind.BADGE else "",
    )  # fmt: skip
