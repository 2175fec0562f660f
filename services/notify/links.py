"""The links in notify's e-mails, and the signed one-click unsubscribe token.

The token names the person and the category and is signed with KANTINE_NOTIFY_SECRET, so the link
works without signing in (RFC 8058 one-click) and cannot be forged to unsubscribe someone else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
import uuid

from kantine.errors import invalid


class Links:
    def __init__(self, public_url: str, secret: str) -> None:
        if len(secret) < 16:
            raise ValueError("KANTINE_NOTIFY_SECRET must be set, at least 16 characters (it signs unsubscribe links)")
        self.base = public_url.rstrip("/")
        self._key = secret.encode()

    def _sign(self, body: str) -> str:
        digest = hmac.new(self._key, body.encode(), hashlib.sha256).digest()[:18]
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def token(self, user_id: str, what: str) -> str:
        body = f"{uuid.UUID(user_id).hex}.{what}"
        return f"{body}.{self._sign(body)}"

    def verify(self, token: str) -> tuple[str, str]:
        """(user id, category or "digest") of a token this installation signed, or a clear error."""
        parts = token.strip().split(".")
        if (
            not token.isascii()
            or len(parts) != 3
            or not hmac.compare_digest(self._sign(f"{parts[0]}.{parts[1]}"), parts[2])
        ):
            raise invalid("this unsubscribe link is not valid (it may be cut short or from another site)", "token")
        try:
            return str(uuid.UUID(parts[0])), parts[1]
        except ValueError:
            raise invalid("this unsubscribe link is not valid", "token") from None

    def unsubscribe(self, user_id: str, what: str) -> str:
        return f"{self.base}/unsubscribe?token={urllib.parse.quote(self.token(user_id, what))}"

    def one_click(self, user_id: str, what: str) -> str:
        """The List-Unsubscribe address a mail client POSTs to (the gateway serves it)."""
        return f"{self.base}/api/v1/unsubscribe?token={urllib.parse.quote(self.token(user_id, what))}"

    def settings(self) -> str:
        return f"{self.base}/settings/notifications"

    def post(self, post_id: str, comment_id: str = "") -> str:
        return f"{self.base}/posts/{post_id}" + (f"#comment-{comment_id}" if comment_id else "")

    def inbox(self) -> str:
        return f"{self.base}/notifications"

    def group(self, group_id: str) -> str:
        return f"{self.base}/groups/{group_id}"
