"""The SQL of the one visibility rule says what its Python says, for every case (kantine.visibility):
a query that filters rows and code that decides row by row must never disagree on who sees a group."""

from __future__ import annotations

import itertools

import asyncpg

from kantine import visibility
from kantine.v1 import events_pb2 as ev

VISIBILITIES = (None, ev.GROUP_VISIBILITY_UNSPECIFIED, visibility.PUBLIC, visibility.PRIVATE, visibility.SECRET)


async def test_the_sql_and_the_python_of_the_rule_agree_on_every_case(db: asyncpg.Connection) -> None:
    readable = visibility.readable_sql("$1::smallint", "$2::bool")
    known = visibility.known_sql("$1::smallint", "($2::bool OR $3::bool)")
    cases = 0
    for kind, member, invited in itertools.product(VISIBILITIES, (False, True), (False, True)):
        reads, knows = await db.fetchrow(f"SELECT {readable}, {known}", kind, member, invited)
        assert reads is visibility.may_read(kind, member=member), (kind, member)
        assert knows is visibility.may_know(kind, member=member, invited=invited), (kind, member, invited)
        cases += 1
    assert cases == 20
