"""Who may see a snippet: the one rule for what of a group reaches whom, shared by every service that
shows posts or groups from its own copy of them (notify's inbox and e-mail, search, insights' figures,
gamify's private leaderboards).

The feed decides who may read a group, but the other services answer from their own projections, and a
rule each of them writes for itself drifts: the radar hid a secret group's question from a community
manager while the announcement figures showed its words and its name. So the rule is written here, once,
in Python for code that decides row by row and in SQL for a query that filters rows, both the same:

- a post's words (its text, snippet, tags, what a figure quotes of it) are everyone's when the post is in
  no group or in a public one, and only its members' when the group is private or secret. Nobody else,
  a community manager neither: they may see that something is there and how many, never what it says;
- a group's name is everyone's unless the group is secret: a secret group exists only for its members
  and invitees;
- a group a service does not know (yet) is closed: nothing of it is shown until its settings arrive.

Decide when the words are shown, not when they were gathered: a digest planned yesterday is sent to
the person as they are today, who may have left the group since.
"""

from __future__ import annotations

from kantine.v1 import events_pb2 as ev

PUBLIC, PRIVATE, SECRET = ev.GROUP_VISIBILITY_PUBLIC, ev.GROUP_VISIBILITY_PRIVATE, ev.GROUP_VISIBILITY_SECRET
# An event that does not say (an old one) made a public group.
OPEN = (ev.GROUP_VISIBILITY_UNSPECIFIED, PUBLIC)
CLOSED = (PRIVATE, SECRET)
NO_GROUP = PUBLIC  # the visibility to pass for a post in no group: the whole company's


def is_open(visibility: int | None) -> bool:
    """Whether a group's posts are everyone's to read; None: a group not known here, so closed."""
    return visibility in OPEN


def may_read(visibility: int | None, *, member: bool) -> bool:
    """Whether someone may read a post of a group with this visibility (NO_GROUP for a post in none)."""
    return is_open(visibility) or member


def may_know(visibility: int | None, *, member: bool, invited: bool = False) -> bool:
    """Whether someone may know that a group exists and what it is called."""
    return visibility is not None and (visibility != SECRET or member or invited)


_OPEN_SQL = ", ".join(str(int(v)) for v in OPEN)


def open_sql(visibility: str) -> str:
    """`is_open` in SQL, over an expression giving the group's visibility (NULL: a group not known)."""
    return f"coalesce(({visibility}) IN ({_OPEN_SQL}), false)"


def readable_sql(visibility: str, member: str) -> str:
    """`may_read` in SQL, over the group's visibility and a condition that the viewer is a member."""
    return f"({open_sql(visibility)} OR {member})"


def known_sql(visibility: str, member_or_invited: str) -> str:
    """`may_know` in SQL, over the group's visibility and a condition that the viewer is a member or invitee
    (a group not known here is known to nobody, its members neither, until its settings arrive)."""
    v = f"({visibility})"
    return f"(coalesce({v} <> {int(SECRET)}, false) OR ({v} IS NOT NULL AND {member_or_invited}))"
