"""Applying fixes to text: non-overlapping edits, pass after pass, keeping only the fixes that
really remove their finding, until nothing more changes."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from .config import Config
from .checker import check
from .findings import Finding, Fix, TextEdit
from .parser import parse

MAX_PASSES = 10
_BUCKET = 64  # characters per bucket of the clash index


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """Apply edits that do not overlap (the caller guarantees it), in one join."""
    pieces: list[str] = []
    at = len(text)
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        pieces.append(text[edit.end:at])
        pieces.append(edit.new_text)
        at = edit.start
    pieces.append(text[:at])
    return "".join(reversed(pieces))


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
    """Apply fixes pass by pass (a fix may move or reveal others). A pass whose fixes leave some
    of their findings in place is undone and tried again without those (a fix that cannot do its
    job must not grow the text run after run); a text seen before ends the work."""
    applied = 0
    findings = check(parse(text), config)
    failed: set[tuple[str, str]] = set()
    seen = {text}
    passes = 0
    while passes < MAX_PASSES:
        chosen = choose_fixes(findings, unsafe, failed)
        if not chosen:
            break
        fixed = apply_edits(text, [edit for _, fix in chosen for edit in fix.edits])
        after = check(parse(fixed), config)
        missed = _not_removed(findings, after, chosen)
        if missed:
            failed |= missed
            continue  # the same pass without the fixes that did not work
        if fixed in seen:
            break
        seen.add(fixed)
        applied += len(chosen)
        text, findings = fixed, after
        failed = set()  # on the new text, a fix that failed may work (a quote closed around it)
        passes += 1
    return FixResult(text, applied, findings)


def choose_fixes(findings: list[Finding], unsafe: bool,
                 skip: set[tuple[str, str]] = frozenset()) -> list[tuple[Finding, Fix]]:
    """The preferred fix of each finding, in order, left out where it clashes with one taken
    before it. Linear in the number of edits: each is checked against its neighbours only."""
    taken = _Taken()
    chosen: list[tuple[Finding, Fix]] = []
    for finding in findings:
        if _key(finding) in skip:
            continue
        fix = preferred_fix(finding, unsafe)
        if fix is None or not fix.edits:
            continue
        spans = [(e.start, e.end) for e in fix.edits]
        if taken.clashes(spans):
            continue
        taken.add(spans)
        chosen.append((finding, fix))
    return chosen


def _key(finding: Finding) -> tuple[str, str]:
    return finding.rule, finding.message


def _not_removed(before: list[Finding], after: list[Finding],
                 chosen: list[tuple[Finding, Fix]]) -> set[tuple[str, str]]:
    """The findings (by rule and message) of which fewer went away than were fixed."""
    wanted = Counter(_key(finding) for finding, _ in chosen)
    had = Counter(_key(f) for f in before if _key(f) in wanted)
    has = Counter(_key(f) for f in after if _key(f) in wanted)
    return {key for key, count in wanted.items() if had[key] - has[key] < count}


class _Taken:
    """The spans of the edits taken so far, filed by buckets of the text, so a new span is
    compared only with the few that share a bucket."""

    def __init__(self) -> None:
        self._buckets: dict[int, list[tuple[int, int]]] = defaultdict(list)

    def clashes(self, spans: list[tuple[int, int]]) -> bool:
        return any(_clash(span, other) for span in spans for other in self._near(span))

    def add(self, spans: list[tuple[int, int]]) -> None:
        for span in spans:
            for bucket in range(span[0] // _BUCKET, span[1] // _BUCKET + 1):
                self._buckets[bucket].append(span)

    def _near(self, span: tuple[int, int]):
        for bucket in range(span[0] // _BUCKET, span[1] // _BUCKET + 1):
            yield from self._buckets.get(bucket, ())


def _clash(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Edits clash when they overlap, or both insert at the same point."""
    if a[0] == a[1] == b[0] == b[1]:
        return True
    return a[0] < b[1] and b[0] < a[1] or (a[0] == a[1] and b[0] < a[0] < b[1]) or (b[0] == b[1] and a[0] < b[0] < a[1])
