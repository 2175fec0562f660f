"""The feed's rules, free of I/O so they are tested in microseconds.

Every decision is a function of plain state (who acts, the group, the post) and a command, and
returns the events that record it, or raises DomainError with a message meant for the person who
sent the command. Nothing is written until a decision has returned, so a broken rule changes nothing.
An empty list means there is nothing to do (following someone already followed): commands are
idempotent where a person would expect them to be.
"""

from kantine.errors import Code, DomainError
from services.feed.domain.model import Comment, Group, Limits, Membership, Person, Post

__all__ = ["Code", "Comment", "DomainError", "Group", "Limits", "Membership", "Person", "Post"]
