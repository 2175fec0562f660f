"""The fast NATS header parser gives exactly what nats-py's own parser gives."""

from __future__ import annotations

import pytest
from nats.aio.client import Client

from kantine.envelope import Envelope
from kantine.natsheaders import original_parse_header_lines, parse_header_lines

AWKWARD = [
    b"",
    b"\r\n",
    b"A: 1\r\nB:2\r\nC:\t3 \r\n\r\n",
    b"No-Colon-Here\r\nD: ok\r\n",
    b"Sp ace: dropped\r\nTab\there: dropped\r\nE: kept\r\n",
    b" Padded : name is stripped\r\n",
    "Caf\u00e9: non-ascii name dropped\r\nF: v\u00e6rdi \u00f8\u00e5\r\n".encode(),
    b"G: broken \xff utf-8\r\n",
    b"H: a: b: c\r\nH: second wins\r\n",
    b"\x1cSep: isspace says yes\r\nI\x0bJ: vertical tab\r\n",
]


@pytest.mark.parametrize("raw", AWKWARD)
def test_same_result_as_nats_py(raw: bytes) -> None:
    assert parse_header_lines(raw) == original_parse_header_lines(raw)


@pytest.mark.parametrize("code", range(128))
def test_every_ascii_character_in_a_name(code: int) -> None:
    raw = b"A" + bytes([code]) + b"B: value\r\n"
    assert parse_header_lines(raw) == original_parse_header_lines(raw)


def test_an_envelope_round_trips_and_the_parser_is_installed() -> None:
    env = Envelope.new("PostCreated", "p1", 3, "u1", correlation_id="c1", trace={"traceparent": "00-ab-cd-01"})
    raw = "".join(f"{k}: {v}\r\n" for k, v in env.to_headers().items()).encode()
    assert parse_header_lines(raw) == original_parse_header_lines(raw) == env.to_headers()
    assert Client._parse_header_lines is parse_header_lines
