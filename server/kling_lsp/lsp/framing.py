"""Cutting the client's byte stream into JSON-RPC message bodies, whatever the headers claim.

pygls 2.1's reader trusts Content-Length: a length that is too long swallows the next messages
and then waits for bytes that never come, one that is too short leaves the rest of the body to
be read as headers, a missing, negative or non-numeric one makes it skip messages, and a huge one
is allocated at once (MemoryError). This framer never waits for more than a message needs: a
body still incomplete when the next header arrives was cut short by a lying length; bytes that
belong to no message are skipped up to the next `Content-Length:` header; a message over
MAX_MESSAGE is refused without reading it into memory. Every such event is reported.

Pure: bytes in, bodies and problems out; the transport does the I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_MESSAGE = 64 * 1024 * 1024  # bytes; a 2 MB prompt file is 2-3 MB of JSON, 64 MB is no editor's
MAX_HEADER = 8 * 1024  # bytes of header lines before the blank line
HEADER_START = re.compile(rb"content-length[ \t]*:", re.IGNORECASE)
# A header line cannot occur inside a valid JSON body (raw line breaks are not allowed in strings
# and the name is not a JSON token), so finding one in an incomplete body means the length lied.
NEXT_HEADER = re.compile(rb"content-length[ \t]*:[ \t]*\d+\r\n", re.IGNORECASE)
OVERLAP = 64  # bytes kept between scans so that a header split across reads is still found


@dataclass
class Framer:
    """Feed it the bytes as they arrive; it returns the message bodies and the problems found."""

    buffer: bytearray = field(default_factory=bytearray)
    skipped: int = 0  # bytes dropped in the current run of junk
    scanned: int = 0  # how far the incomplete body was already searched for a next header

    def feed(self, data: bytes) -> tuple[list[bytes], list[str]]:
        self.buffer += data
        bodies: list[bytes] = []
        problems: list[str] = []
        while self._step(bodies, problems):
            pass
        return bodies, problems

    def _step(self, bodies: list[bytes], problems: list[str]) -> bool:
        """Take one message or one run of junk from the buffer; False when more bytes are needed."""
        buffer = self.buffer
        start = HEADER_START.search(buffer)
        if start is None or start.start() > 0:
            return self._drop(start.start() if start else max(0, len(buffer) - OVERLAP), start is not None, problems)
        end = buffer.find(b"\r\n\r\n")
        if end == -1:
            if len(buffer) > MAX_HEADER:
                problems.append(f"a message header ran over {MAX_HEADER} bytes without ending; skipped")
                self._drop(1, False, problems)
                return True
            return False
        again = HEADER_START.search(buffer, 1, end)
        if again is not None:  # a header that never ended, then a new message
            problems.append("a message header was cut short by the next message; skipped")
            self._drop(again.start(), False, problems)
            return True
        length, problem = _content_length(bytes(buffer[:end]))
        if problem:
            problems.append(problem)
            self._drop(end + 4, False, problems)  # its body is skipped as junk up to the next header
            return True
        body_start = end + 4
        body_end = body_start + length
        following = NEXT_HEADER.search(buffer, max(body_start, self.scanned), body_end + OVERLAP)
        if following is not None and following.start() >= body_end:
            following = None  # the next message, right where the length said
        if following is None and len(buffer) - body_start >= length:
            bodies.append(bytes(buffer[body_start:body_end]))
            del buffer[:body_end]
            self.scanned = 0
            return True
        if following is None:
            self.scanned = max(body_start, len(buffer) - OVERLAP)
            return False
        got = following.start() - body_start
        problems.append(f"Content-Length said {length} bytes but the next message began after {got}")
        bodies.append(bytes(buffer[body_start:following.start()]))
        del buffer[:following.start()]
        self.scanned = 0
        return True

    def _drop(self, count: int, resynced: bool, problems: list[str]) -> bool:
        """Drop `count` bytes that belong to no message; report the run once it ends."""
        junk = self.buffer[:count]
        if junk.strip():
            self.skipped += len(junk)
        del self.buffer[:count]
        if resynced:
            if self.skipped:
                problems.append(f"skipped {self.skipped} bytes that belonged to no message")
            self.skipped = 0
        return resynced


def _content_length(header: bytes) -> tuple[int, str | None]:
    """The declared body length, or a problem saying why the message is skipped."""
    for line in header.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() != b"content-length":
            continue
        value = value.strip()
        if not value.isdigit():
            return 0, f"Content-Length {value.decode('latin-1')!r} is not a byte count; message skipped"
        length = int(value)
        if length > MAX_MESSAGE:
            return 0, f"a message of {length} bytes is over the {MAX_MESSAGE}-byte limit; skipped"
        return length, None
    return 0, "a message without Content-Length; skipped"
