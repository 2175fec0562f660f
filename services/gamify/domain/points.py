"""Who earns points for what: one pure function per kind of event.

Each `Earn` names the person, the action (a key of the rules' `points`), and a `key` that identifies
the deed, so that it is earned once (a redelivered or repeated event changes nothing) and can be taken
back (a reaction removed, a comment or post deleted). How many points it is worth, the daily cap and
the periods are applied by the store, from the rules. Nobody earns anything from their own content.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence


@dataclasses.dataclass(frozen=True, slots=True)
class Earn:
    user_id: str
    action: str
    key: str
    other_id: str = ""  # the person whose deed it was, when it is not the earner ("Anna reacted ...")
    post_id: str = ""
    comment_id: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class PostFacts:
    post_id: str
    author_id: str
    question: bool
    first: bool  # the author's first post: commenting on it welcomes a newcomer


def _unique(earns: Iterable[Earn]) -> list[Earn]:
    """One entry per person and action per event: the store's daily cap counts them one at a time."""
    seen: set[tuple[str, str]] = set()
    result = []
    for earn in earns:
        if earn.user_id and (earn.user_id, earn.action) not in seen:
            seen.add((earn.user_id, earn.action))
            result.append(earn)
    return result


def post_created(post: PostFacts, praised: Sequence[str], author_is_leader: bool) -> list[Earn]:
    p, author = post.post_id, post.author_id
    earns = [Earn(author, "question" if post.question else "post", f"post:{p}", post_id=p)]
    others = [u for u in dict.fromkeys(praised) if u and u != author]
    if others:
        earns.append(Earn(author, "praise_given", f"praise_given:{p}", post_id=p))
    for user in others:
        earns.append(Earn(user, "praise_received", f"praise:{p}:{user}", author, post_id=p))
        if author_is_leader:
            earns.append(Earn(user, "leader_recognition", f"leader:praise:{p}:{user}", author, post_id=p))
    return _unique(earns)


def comment_added(post: PostFacts, comment_id: str, writer: str, *, reply: bool, writer_is_leader: bool) -> list[Earn]:
    p, c, author = post.post_id, comment_id, post.author_id
    own = writer == author
    answer = post.question and not own and not reply
    earns = [Earn(writer, "answer" if answer else "comment", f"comment:{c}", author, p, c)]
    if not own:
        earns.append(Earn(author, "comment_received", f"comment_received:{c}", writer, p, c))
        if writer_is_leader:
            earns.append(Earn(author, "leader_recognition", f"leader:comment:{c}", writer, p, c))
        if post.first:
            earns.append(Earn(writer, "welcome", f"welcome:{p}:{writer}", author, p, c))
    return _unique(earns)


def reaction_keys(post_id: str, comment_id: str, reactor: str) -> list[str]:
    """The deeds a reaction earned, so that taking the reaction back takes them back."""
    target = f"{post_id}:{comment_id or '-'}:{reactor}"
    return [f"reaction:{target}", f"leader:reaction:{target}"]


def reaction_added(
    post_id: str, comment_id: str, target_author: str, reactor: str, *, reactor_is_leader: bool
) -> list[Earn]:
    if not target_author or reactor == target_author:
        return []  # reacting to oneself earns nothing
    plain, leader = reaction_keys(post_id, comment_id, reactor)
    earns = [Earn(target_author, "reaction_received", plain, reactor, post_id, comment_id)]
    if reactor_is_leader:
        earns.append(Earn(target_author, "leader_recognition", leader, reactor, post_id, comment_id))
    return earns


def answer_accepted(post: PostFacts, comment_id: str, answer_author: str) -> list[Earn]:
    if not answer_author or answer_author == post.author_id:
        return []  # accepting one's own answer earns nothing
    return [
        Earn(answer_author, "accepted_answer", f"accepted:{post.post_id}", post.author_id, post.post_id, comment_id)
    ]


def accepted_key(post_id: str) -> str:
    return f"accepted:{post_id}"


def week_of(day: dt.date) -> dt.date:
    """The Monday that starts the ISO week of a day."""
    return day - dt.timedelta(days=day.weekday())


def streak(weeks: Iterable[dt.date], current: dt.date) -> int:
    """Weeks in a row, ending with the week of `current`, in which the person was active."""
    active = set(weeks)
    week, count = week_of(current), 0
    while week in active:
        count += 1
        week -= dt.timedelta(days=7)
    return count
