"""Line bookkeeping: one index that turns string offsets into editor positions and back.

The core works in Python string offsets (code points). Editors speak LSP positions whose
character counts are UTF-16 code units by default, or UTF-8 bytes / code points when
negotiated. Lookup of the line is a binary search; so is the column, in a list of the line's
wide characters made once per line and encoding, so many positions on one long line stay linear.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

NEWLINE = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"

UTF16 = "utf-16"
UTF8 = "utf-8"
UTF32 = "utf-32"


def newline_style(text: str) -> str:
    """The newline a fix should insert: the first one the text uses, LF when it has none."""
    match = NEWLINE.search(text)
    return match.group(0) if match else "\n"


LSP_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def lsp_lines(text: str) -> list[str]:
    """Lines as LSP counts them (\\n, \\r\\n, \\r only), each with its line break."""
    lines = [m.group() for m in LSP_LINE.finditer(text)]
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    return lines or [""]


def covering_change(edits: list[tuple[int, int, int]]) -> tuple[int, int, int] | None:
    """One change that covers a series of edits, each (start, old end, new end) in the text as
    it was when that edit came: (start, end in the first text, end in the last text). Outside
    it, the first and last texts agree; inside, it may be wider than what really differs."""
    if not edits:
        return None
    low, high, delta = edits[0][0], edits[0][2], edits[0][2] - edits[0][1]
    for start, old_end, new_end in edits[1:]:
        shift = new_end - old_end
        high = high + shift if old_end <= high else new_end  # the unchanged tail starts after both
        low = min(low, start)
        delta += shift
    return low, high - delta, high


def units(segment: str, encoding: str) -> int:
    """Length of `segment` in the code units of `encoding`."""
    if encoding == UTF32 or segment.isascii():
        return len(segment)
    if encoding == UTF16:
        return len(segment) + sum(1 for ch in segment if ord(ch) > 0xFFFF)
    return len(segment.encode("utf-8", "surrogatepass"))


# characters that take more than one code unit: astral ones in UTF-16, non-ASCII in UTF-8
_WIDE = {UTF16: re.compile("[\U00010000-\U0010ffff]"), UTF8: re.compile("[^\x00-\x7f]")}


class LineIndex:
    """Offsets <-> (line, character) for one text, in any LSP position encoding."""

    __slots__ = ("text", "starts", "_wide")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.starts.extend(m.end() for m in NEWLINE.finditer(text))
        self._wide: dict[tuple[str, int], tuple[list[int], list[int]]] = {}

    def edited(self, text: str, start: int, old_end: int, new_end: int) -> LineIndex:
        """The index of `text`: this index's text with [start, old_end) replaced by
        text[start:new_end]. Only the edited lines are scanned again; the lines after them are
        shifted, so a keystroke in a 1 MB storyboard does not rescan it."""
        index = LineIndex.__new__(LineIndex)
        index.text = text
        index._wide = {}
        old = self.starts
        # A line start s < start ends a break whose characters, and the one after them, lie
        # before the edit, so it stands. From old_end + 2 on, the same holds after the edit
        # (two characters of margin: an edit can turn "\r" + "\n" into one break or split it).
        head = old[:max(1, bisect_right(old, start - 1))]  # 0 always starts a line
        tail_from = bisect_right(old, old_end + 1)
        limit = new_end + 2
        middle = []
        for m in NEWLINE.finditer(text, max(0, start - 1)):
            if m.end() >= limit:
                break
            middle.append(m.end())
        delta = new_end - old_end
        head.extend(middle)
        if delta:
            head.extend([s + delta for s in old[tail_from:]])
        else:
            head.extend(old[tail_from:])
        index.starts = head
        return index

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def line_end(self, line: int) -> int:
        """Offset of the end of `line`, before its newline."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            text = self.text
            if text[end - 1] == "\n":
                end -= 1
                if end > self.starts[line] and text[end - 1] == "\r":
                    end -= 1
            elif text[end - 1] == "\r":
                end -= 1
            return end
        return len(self.text)

    def position(self, offset: int, encoding: str = UTF16) -> tuple[int, int]:
        """LSP position (0-based line, character in `encoding` units) of a string offset."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        offset = min(offset, self.line_end(line))
        if encoding == UTF32:
            return line, offset - start
        wide, extra = self._wide_chars(line, encoding)
        before = bisect_left(wide, offset)  # wide characters that start before the offset
        return line, offset - start + (extra[before - 1] if before else 0)

    def _wide_chars(self, line: int, encoding: str) -> tuple[list[int], list[int]]:
        """Where `line`'s wide characters are, and the extra code units up to each one, counted
        once per line: a column is then a binary search, not a count from the line's start."""
        key = (encoding, line)
        found = self._wide.get(key)
        if found is None:
            wide: list[int] = []
            extra: list[int] = []
            total = 0
            for m in _WIDE[encoding].finditer(self.text, self.starts[line], self.line_end(line)):
                total += units(m.group(), encoding) - 1
                wide.append(m.start())
                extra.append(total)
            found = self._wide[key] = (wide, extra)
        return found

    def offset(self, line: int, character: int, encoding: str = UTF16) -> int:
        """String offset of an LSP position; positions past a line's end clamp to it."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        end = self.line_end(line)
        segment = self.text[start:end]
        if encoding == UTF32 or segment.isascii():
            return start + max(0, min(character, len(segment)))
        count = 0
        for index, ch in enumerate(segment):
            if count >= character:
                return start + index
            count += units(ch, encoding)
        return end
