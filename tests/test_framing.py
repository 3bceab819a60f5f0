"""The framer cuts a byte stream into message bodies whatever the headers claim (see framing.py)."""

from __future__ import annotations

import json

import pytest

from kling_lsp.lsp.framing import MAX_MESSAGE, Framer

BODY = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}}).encode()


def frame(body: bytes = BODY, length: int | None = None) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


def test_honest_messages_come_out_whole_even_a_byte_at_a_time():
    framer, bodies = Framer(), []
    for byte in frame() + frame(b'{"a": "Content-Length: 5"}'):
        bodies += framer.feed(bytes([byte]))[0]
    assert bodies == [BODY, b'{"a": "Content-Length: 5"}']


@pytest.mark.parametrize("lie", [
    frame(length=10), frame(length=len(BODY) + 500), b"Content-Length: -4\r\n\r\n" + BODY,
    b"Content-Length: 1e3\r\n\r\n" + BODY, b"Content-Type: x\r\n\r\n" + BODY, frame(length=10**11),
    b"\xff\xfe junk", b"Content-Length: 12" + b" " * 9000,
])
def test_after_any_lie_the_next_honest_message_comes_out_and_a_problem_is_told(lie):
    bodies, problems = Framer().feed(lie + frame())
    assert bodies[-1] == BODY and problems


def test_a_message_over_the_limit_is_never_held_in_memory():
    framer = Framer()
    framer.feed(frame(length=MAX_MESSAGE + 1)[:-len(BODY)])
    for _ in range(20):
        framer.feed(b"x" * 65536)
    assert len(framer.buffer) < 1024


def test_a_length_too_long_gives_the_body_up_when_the_next_header_arrives():
    framer = Framer()
    assert framer.feed(frame(length=len(BODY) + 50)) == ([], [])  # may still be coming
    bodies, problems = framer.feed(frame())
    assert bodies == [BODY, BODY] and "next message" in problems[0]


@pytest.mark.parametrize("cut", range(1, 30))
def test_a_length_too_long_that_ends_inside_the_next_header_loses_nothing(cut):
    bodies, _ = Framer().feed(frame(length=len(BODY) + cut) + frame())
    assert bodies[-1] == BODY and len(bodies) == 2
