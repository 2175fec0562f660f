"""Figures as CSV: columns from the contract, nested messages as dotted columns, lists as one cell, and
cells a spreadsheet would run as formulas defused."""

from __future__ import annotations

import csv
import io

import pytest

from kantine.v1 import insights_pb2 as pb
from services.gateway.domain import tables
from services.gateway.domain.replies import reply_json


def test_a_table_of_nested_messages_is_flattened_under_the_contracts_columns() -> None:
    reply = pb.UnansweredPage(questions=[pb.UnansweredQuestion(
        post_id="p1", asker=pb.PersonRef(user_id="u1", display_name="Anna Berg"), tags=["vpn", "wifi"],
        hours_waiting=50.5, likely_answerers=[pb.PersonRef(display_name="Erik"), pb.PersonRef(display_name="Ola")],
    )])  # fmt: skip
    header = tables.columns(pb.UnansweredQuestion.DESCRIPTOR)
    assert header[:6] == ["post_id", "group_id", "group_name", "asker.user_id", "asker.display_name",
                          "asker.department"]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(tables.to_csv(reply_json(reply), "questions", header))))
    assert rows == [{**dict.fromkeys(header, ""), "post_id": "p1", "asker.user_id": "u1",
                     "asker.display_name": "Anna Berg", "tags": "vpn; wifi", "hours_waiting": "50.5",
                     "target_hours": "0", "likely_answerers": "Erik; Ola"}]  # fmt: skip


def test_an_empty_table_still_has_its_header() -> None:
    header = tables.columns(pb.DepartmentTiers.DESCRIPTOR)
    assert header[:3] == ["department", "tiers.start", "tiers.population"]
    assert tables.to_csv(reply_json(pb.Participation()), "departments", header) == ",".join(header) + "\r\n"


def test_cells_that_would_run_as_formulas_are_defused() -> None:
    reply = {"groups": [{"name": '=HYPERLINK("http://evil")', "members": -1, "inactive": True, "id": "-1"}]}
    text = tables.to_csv(reply, "groups", ["name", "members", "inactive", "id"])
    assert next(csv.reader(io.StringIO(text.splitlines()[1]))) == ['\'=HYPERLINK("http://evil")', "-1", "true", "'-1"]


def test_a_table_is_chosen_by_name_and_an_unknown_one_is_refused() -> None:
    assert tables.choose(("periods", "departments"), "") == "periods"
    assert tables.choose(("periods", "departments"), "departments") == "departments"
    with pytest.raises(tables.TableError, match="one of periods, departments"):
        tables.choose(("periods", "departments"), "people")
