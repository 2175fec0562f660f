"""SCIM filters (RFC 7644 §3.4.2.2) as SQL over the gateway's directory tables.

A directory's client filters on a few attributes: Entra ID and Okta ask `userName eq "…"` before they
create anyone, Entra asks `externalId eq "…"` for a manager and `displayName eq "…"` for a group, and
some clients look people up by `emails[type eq "work"].value eq "…"`. Each attribute an endpoint can
filter on is a `Field` naming its column; `and`, `or`, `not`, `pr` and every comparison operator work
on them. A filter on anything else is refused as `invalidFilter`, never ignored, so a client never
takes "nothing matched" for an answer to a question Kantine cannot ask.

Values are always bound parameters. Strings the SCIM schema compares without case (`userName`,
`displayName`, e-mail addresses) are stored and compared through `key()`.
"""

from __future__ import annotations

import dataclasses
import unicodedata
import uuid
from collections.abc import Mapping
from typing import Any, Literal

from scim2_models import InvalidFilterException
from scim2_models.path import (
    AttrPath,
    CompareOperator,
    Comparison,
    FilterNode,
    FilterVisitor,
    LogicalExpr,
    LogicalOperator,
    Not,
    Present,
    ScimFilter,
    ValuePath,
)

MAX_FILTER = 1000  # characters
Kind = Literal["text", "key", "uuid", "bool"]
_SQL_OPERATORS = {
    CompareOperator.eq: "=",
    CompareOperator.ne: "<>",
    CompareOperator.gt: ">",
    CompareOperator.ge: ">=",
    CompareOperator.lt: "<",
    CompareOperator.le: "<=",
}


def key(value: str) -> str:
    """A case-insensitive attribute's value as it is compared (RFC 7643 §2.1: caseExact false)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).lower())


@dataclasses.dataclass(frozen=True)
class Field:
    """One attribute: its SQL expression and how its values compare."""

    sql: str
    kind: Kind = "text"


@dataclasses.dataclass(frozen=True)
class Values:
    """A multi-valued attribute (emails, members): a filter over its values becomes EXISTS over
    `rows`, a query that yields one row per value, in which the sub-attributes are `fields`."""

    rows: str
    fields: Mapping[str, Field]
    correlate: str = "TRUE"  # ties a value to the resource's row
    prefilter: str = ""  # with {param}: an indexed test implied by `value eq`, added before the EXISTS


@dataclasses.dataclass(frozen=True)
class Where:
    sql: str
    params: list[Any]


def translate(
    text: str,
    fields: Mapping[str, Field | Values],
    *,
    schema: str,
    first_param: int = 1,
) -> Where:
    """The WHERE condition for a filter on a resource whose attributes are `fields` (by lower-case name,
    sub-attributes as "name.sub"); `schema` is the resource's core schema URN, which may prefix a name."""
    text = text.strip()
    if not text:
        raise InvalidFilterException(detail="the filter is empty")
    if len(text) > MAX_FILTER:
        raise InvalidFilterException(detail=f"a filter is at most {MAX_FILTER} characters")
    try:
        tree = ScimFilter(text).ast
    except InvalidFilterException as exc:
        raise InvalidFilterException(detail=f"{text!r} is not a SCIM filter: {exc.detail}") from None
    visitor = _Sql(fields, schema.lower(), first_param)
    return Where(visitor.visit(tree), visitor.params)


class _Sql(FilterVisitor[str]):
    def __init__(self, fields: Mapping[str, Field | Values], schema: str, first_param: int) -> None:
        self.fields = fields
        self.schema = schema
        self.params: list[Any] = []
        self.first = first_param
        self.names = ", ".join(sorted(_display(n) for n in fields))

    def param(self, value: Any) -> str:
        self.params.append(value)
        return f"${self.first + len(self.params) - 1}"

    def visit_logical_expr(self, node: LogicalExpr) -> str:
        joiner = " AND " if node.op == LogicalOperator.and_ else " OR "
        return "(" + joiner.join(self.visit(term) for term in node.terms) + ")"

    def visit_not(self, node: Not) -> str:
        return f"NOT ({self.visit(node.expr)})"

    def _lookup(self, attr: AttrPath) -> tuple[Field | Values, str | None]:
        if attr.uri and attr.uri.lower() != self.schema:
            raise InvalidFilterException(detail=f"filtering on {attr} is not supported; filter on {self.names}")
        name = attr.attr.lower()
        sub = attr.sub_attr.lower() if attr.sub_attr else None
        found = self.fields.get(name if sub is None else f"{name}.{sub}") or self.fields.get(name)
        if found is None:
            raise InvalidFilterException(detail=f"filtering on {attr} is not supported; filter on {self.names}")
        if isinstance(found, Values):
            return found, sub or "value"
        if sub is not None and f"{name}.{sub}" not in self.fields:
            raise InvalidFilterException(detail=f"{attr.attr} has no sub-attribute {attr.sub_attr}")
        return found, None

    def visit_comparison(self, node: Comparison) -> str:
        found, sub = self._lookup(node.attr_path)
        if isinstance(found, Values):
            assert sub is not None
            return self._exists(found, Comparison(AttrPath(sub), node.op, node.value))
        return self._compare(found, node.op, node.value, str(node.attr_path))

    def visit_present(self, node: Present) -> str:
        found, sub = self._lookup(node.attr_path)
        if isinstance(found, Values):
            return self._exists(found, Present(AttrPath(sub)) if node.attr_path.sub_attr and sub else None)
        return f"({found.sql} IS NOT NULL AND {found.sql}::text <> '')"

    def visit_value_path(self, node: ValuePath) -> str:
        found, _ = self._lookup(node.attr_path)
        if not isinstance(found, Values):
            raise InvalidFilterException(detail=f"{node.attr_path} has a single value: filter it without [ ]")
        return self._exists(found, node.val_filter)

    def _exists(self, values: Values, inner: FilterNode | None) -> str:
        sub = _Sql(values.fields, "", 0)
        sub.params = self.params
        sub.first = self.first
        condition = sub.visit(inner) if inner is not None else "TRUE"
        exists = f"EXISTS (SELECT 1 FROM {values.rows} WHERE {values.correlate} AND {condition})"
        wanted = _value_eq(inner)
        if values.prefilter and wanted is not None:
            exists = f"({values.prefilter.format(param=self.param(key(wanted)))} AND {exists})"
        return exists

    def _compare(self, field: Field, op: CompareOperator, value: Any, name: str) -> str:
        if value is None:
            if op in (CompareOperator.eq, CompareOperator.ne):
                return f"{field.sql} IS {'' if op == CompareOperator.eq else 'NOT '}NULL"
            raise InvalidFilterException(detail=f"{name} {op.value} null: only eq and ne compare with null")
        if field.kind == "bool":
            if not isinstance(value, bool) or op not in (CompareOperator.eq, CompareOperator.ne):
                raise InvalidFilterException(detail=f"{name} is true or false, compared with eq or ne")
            return f"{field.sql} {_SQL_OPERATORS[op]} {self.param(value)}"
        if not isinstance(value, str):
            raise InvalidFilterException(detail=f"{name} is a string: quote the value")
        if field.kind == "uuid":
            if op not in (CompareOperator.eq, CompareOperator.ne):
                raise InvalidFilterException(detail=f"{name} is an id, compared with eq or ne")
            try:
                wanted = str(uuid.UUID(value))
            except ValueError:
                return "FALSE" if op == CompareOperator.eq else "TRUE"  # no such id: nothing matches it
            return f"{field.sql} {_SQL_OPERATORS[op]} {self.param(wanted)}::uuid"
        text = key(value) if field.kind == "key" else value
        if op in _SQL_OPERATORS:
            return f"{field.sql} {_SQL_OPERATORS[op]} {self.param(text)}"
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = {CompareOperator.co: f"%{escaped}%", CompareOperator.sw: f"{escaped}%"}.get(op, f"%{escaped}")
        return f"{field.sql} LIKE {self.param(pattern)} ESCAPE '\\'"


def _value_eq(node: FilterNode | None) -> str | None:
    """The value an inner filter requires with `value eq "x"` at its top (alone or in an `and`)."""
    terms = node.terms if isinstance(node, LogicalExpr) and node.op == LogicalOperator.and_ else (node,)
    for term in terms:
        if (
            isinstance(term, Comparison)
            and term.attr_path.attr.lower() == "value"
            and term.attr_path.sub_attr is None
            and term.op == CompareOperator.eq
            and isinstance(term.value, str)
        ):
            return term.value
    return None


_SPELLING = {"username": "userName", "externalid": "externalId", "displayname": "displayName"}


def _display(name: str) -> str:
    return ".".join(_SPELLING.get(part, part) for part in name.split("."))
