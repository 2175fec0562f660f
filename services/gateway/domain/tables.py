"""A reply's list as CSV, for the figures a community manager takes to a spreadsheet.

A route that offers CSV names the lists of its reply that are tables (`Route.csv`); `?format=csv` asks
for the first, `&table=<name>` for another. Each item of the list is a row; a nested message becomes
columns named with a dot (`tiers.creators`), a list of words one cell joined by "; ", and a list of people
or groups one cell of their names. Cells that a spreadsheet would run as a formula (starting with =, +, -
or @) are quoted with a leading apostrophe, as OWASP advises for CSV injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from google.protobuf import descriptor as d

MEDIA_TYPE = "text/csv; charset=utf-8"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


class TableError(ValueError):
    """A table the route does not have; the message names the ones it has."""


def choose(tables: Sequence[str], wanted: str) -> str:
    if not wanted:
        return tables[0]
    if wanted not in tables:
        raise TableError(f"table {wanted[:40]!r}: one of {', '.join(tables)}")
    return wanted


def columns(item: d.Descriptor, prefix: str = "") -> list[str]:
    """The columns of a table of `item` messages: its fields, a nested message's fields by dotted name."""
    found: list[str] = []
    for field in item.fields:
        if field.message_type is not None and not field.is_repeated:
            found += columns(field.message_type, f"{prefix}{field.name}.")
        else:
            found.append(f"{prefix}{field.name}")
    return found


def to_csv(reply: Mapping[str, Any], table: str, header: Sequence[str]) -> str:
    """The reply's list `table` (as the reply's JSON) as CSV text under `header` (see `columns`), so an
    empty list still says what its columns are."""
    rows = [_flatten(item) for item in reply.get(table, ())]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(c, "")) for c in header])
    return out.getvalue()


def _flatten(item: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            flat[name] = "; ".join(_named(v) for v in value)
        else:
            flat[name] = value
    return flat


def _named(value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("display_name") or value.get("name") or next(iter(value.values()), ""))
    return str(value)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)  # a number, -1 too, is no formula
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA) else text
