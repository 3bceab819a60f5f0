"""References to inputs of the generation: `<<<voice_1>>>`, `<<<image_2>>>`, `@Name`."""

from __future__ import annotations

import re

from .findings import Finding, Fix, Severity, TextEdit
from .model import Reference
from .spans import Span

RULE = "invalid-reference"
BRACKETED = re.compile(r"(?<!<)(<{1,4})([^<>\n]{0,60}?)(>{1,4})(?!>)")
VALID = re.compile(r"(voice|element|image|video)_(\d{1,2})", re.IGNORECASE)
LOOSE = re.compile(r"[ \t]*(voice|element|image|video)[ \t_-]?(\d{1,2})[ \t]*", re.IGNORECASE)
AT_NAME = re.compile(r"(?<![\w.@])@([^\W\d_][\w'\u2019-]*)")


def scan_references(text: str, start: int, end: int, labels: list[Span]) -> tuple[list[Reference], list[Finding]]:
    refs: list[Reference] = []
    findings: list[Finding] = []
    if "<" in text[start:end]:
        for m in BRACKETED.finditer(text, start, end):
            _bracketed(m, refs, findings)
    in_labels: set[int] = set()
    for label in labels:  # inside a label the tag runs to the bracket: [Guard A@My Friend's Voice]
        s = text.find("@", label.start, label.end)
        if s != -1:
            e = label.end - 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s + 1:
                refs.append(Reference("at", text[s + 1:e], None, Span(s, e)))
            in_labels.add(s)
    for m in AT_NAME.finditer(text, start, end):
        s = m.start()
        if s in in_labels or any(label.start < s < label.end for label in labels):
            continue
        refs.append(Reference("at", m.group(1), None, Span(s, m.end())))
    refs.sort(key=lambda r: r.span.start)
    return refs, findings


def _bracketed(m: re.Match[str], refs: list[Reference], findings: list[Finding]) -> None:
    """`<<<voice_1>>>` is a reference; `<<voice_1>>`, `<<<voice1>>>`, `<<voice_1>>>` are near
    misses Kling will not read (with a safe fix); other `<<<...>>>` is unknown."""
    opening, body, closing = m.group(1), m.group(2), m.group(3)
    span = Span(m.start(), m.end())
    triple = len(opening) == 3 and len(closing) == 3
    valid = VALID.fullmatch(body)
    if triple and valid:
        kind, number = valid.group(1).lower(), int(valid.group(2))
        refs.append(Reference(kind, f"{kind}_{number}", number, span))
        return
    loose = LOOSE.fullmatch(body)
    if loose:
        fixed = f"<<<{loose.group(1).lower()}_{int(loose.group(2))}>>>"
        findings.append(Finding(
            RULE, Severity.WARNING, span,
            f"{m.group()!r} looks like a reference, but Kling reads only {fixed} (three angle brackets, "
            "kind, underscore, number)",
            (Fix(f"Write {fixed}", (TextEdit(m.start(), m.end(), fixed),), safe=True),),
        ))
    elif triple:
        findings.append(Finding(
            RULE, Severity.WARNING, span,
            f"{m.group()!r} is not a reference Kling knows; write <<<voice_1>>>, <<<element_1>>>, "
            "<<<image_1>>> or <<<video_1>>>",
        ))
