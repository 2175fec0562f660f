"""How a ledger entry reads for the person it belongs to."""

from __future__ import annotations

REASONS = {
    "post": "your post",
    "question": "your question",
    "answer": "your answer to {other}'s question",
    "comment": "your comment",
    "accepted_answer": "{other} accepted your answer",
    "reaction_received": "{other} reacted to your work",
    "comment_received": "{other} commented on your post",
    "praise_received": "{other} praised you",
    "praise_given": "you praised a colleague",
    "leader_recognition": "{other}, a leader, recognised your work",
    "welcome": "you welcomed {other}, who is new here",
}


def reason(action: str, other: str, *, reversal: bool, capped: bool) -> str:
    text = REASONS.get(action, action).format(other=other or "a colleague")
    if reversal:
        return f"taken back: {text}"
    return f"{text} (daily cap reached)" if capped else text
