"""Match many phrases in one pass: a trie compiled into a single regular expression.

A plain alternation of hundreds of phrases retries every alternative at every position; a
trie-shaped pattern shares prefixes, so each position costs about the length of the longest
match. The pattern has no nested quantifiers, so it cannot backtrack catastrophically.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

_SPACE = "\x00"  # stands for "one or more blanks" inside the trie


def _normalise(phrase: str) -> str:
    return re.sub(r"\s+", _SPACE, phrase.strip().lower())


def _trie_pattern(node: dict) -> str:
    end = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        piece = r"[ \t]+" if ch == _SPACE else re.escape(ch)
        branches.append(piece + _trie_pattern(node[ch]))
    if not branches:
        return ""
    if len(branches) == 1 and not end:
        return branches[0]
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if end else body


class PhraseMatcher:
    """Finds whole-word, case-insensitive occurrences of any of `phrases`, longest first."""

    def __init__(self, phrases: Iterable[str], suffix: str = r"(?![\w-])", prefix: str = r"(?<![\w@-])") -> None:
        trie: dict = {}
        self.phrases: set[str] = set()
        for phrase in phrases:
            key = _normalise(phrase)
            if not key:
                continue
            self.phrases.add(key.replace(_SPACE, " "))
            node = trie
            for ch in key:
                node = node.setdefault(ch, {})
            node[""] = True
        body = _trie_pattern(trie) if trie else r"(?!x)x"
        self.pattern = re.compile(prefix + r"(?P<p>" + body + r")" + suffix, re.IGNORECASE)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
        """(start, end, canonical phrase) for each match."""
        stop = len(text) if end is None else end
        for m in self.pattern.finditer(text, start, stop):
            yield m.start("p"), m.end("p"), " ".join(m.group("p").lower().split())

    def __contains__(self, phrase: str) -> bool:
        return " ".join(phrase.lower().split()) in self.phrases
