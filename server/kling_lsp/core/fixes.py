"""Applying fixes to text: non-overlapping edits, repeated until nothing more applies."""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .checker import check
from .findings import Finding, Fix, TextEdit
from .parser import parse

MAX_PASSES = 10


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """Apply edits that do not overlap (the caller guarantees it), back to front."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.new_text + text[edit.end:]
    return text


def preferred_fix(finding: Finding, unsafe: bool) -> Fix | None:
    """The fix `kling fix` applies: the first safe one, or the first at all with --unsafe-fixes."""
    for fix in finding.fixes:
        if fix.safe or unsafe:
            return fix
    return None


@dataclass(frozen=True)
class FixResult:
    text: str
    applied: int
    remaining: list[Finding]


def fix_text(text: str, config: Config | None = None, unsafe: bool = False) -> FixResult:
    """Apply fixes pass by pass (a fix may move or reveal others) until none is left."""
    applied = 0
    for _ in range(MAX_PASSES):
        findings = check(parse(text), config)
        chosen: list[TextEdit] = []
        taken: list[tuple[int, int]] = []
        for finding in findings:
            fix = preferred_fix(finding, unsafe)
            if fix is None or not fix.edits:
                continue
            spans = [(e.start, e.end) for e in fix.edits]
            if any(_clash(a, b) for a in spans for b in taken):
                continue
            taken.extend(spans)
            chosen.extend(fix.edits)
            applied += 1
        if not chosen:
            return FixResult(text, applied, findings)
        text = apply_edits(text, chosen)
    return FixResult(text, applied, check(parse(text), config))


def _clash(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Edits clash when they overlap, or both insert at the same point."""
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1] or (a[0] == a[1] and b[0] < a[0] < b[1]) or (b[0] == b[1] and a[0] < b[0] < a[1])
