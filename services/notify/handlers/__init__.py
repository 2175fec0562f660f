"""What notify does with each event: keep its own picture of posts, comments and follows, and tell people.

The directory (people, groups, memberships) is kantine.directory's, mounted here; notify reacts to what
it applied (a join request tells the group's admins, leaving a secret group forgets it). The handlers
are grouped by topic, one module each: people, groups, posts, responses (comments, reactions, answers)
and recognition (gamify's badges and levels).

Imported history (an envelope marked `imported`, see `kantine.history`) updates the picture but tells
nobody: a comment from last spring is neither a notification nor an e-mail.

Each handler runs inside the consumer's transaction that also records the event id, so a redelivered
event changes nothing and a crash loses nothing. A group too large to notify inline becomes a fan-out
job in the same transaction; the fan-out worker (`fanout.py`) works through it in chunks so that one
all-company announcement never holds up the next comment.
"""

from __future__ import annotations

from kantine import directory
from kantine.consumer import Router
from services.notify.handlers import groups, people, posts, recognition, responses
from services.notify.handlers.telling import Delivery, Teller

NAME = "notify"

__all__ = ["NAME", "Delivery", "build_router"]


def build_router(settings: Delivery) -> Router:
    router = Router(NAME)
    mounted = directory.Directory(router)
    teller = Teller(settings)
    people.mount(router, mounted, teller)
    groups.mount(mounted, teller)
    posts.mount(router, teller)
    responses.mount(router, teller)
    recognition.mount(router, teller)
    return router
