"""References to inputs of the generation: `<<<voice_1>>>`, `<<<image_2>>>`, `@Name`."""

from __future__ import annotations

import re

from .findings import Finding, Fix, Severity, TextEdit
from .model import Reference
from .spans import Span

RULE = "invalid-reference"
KINDS = ("voice", "element", "image", "video")
TRIPLE = re.compile(r"<<<([^<>\n]{0,60})>>>")
VALID = re.compile(r"[ \t]*(voice|element|image|video)_(\d{1,2})[ \t]*", re.IGNORECASE)
NEAR_MISS = re.compile(r"(?<!<)<{1,2}[ \t]*((?:voice|element|image|video)[ _]?\d{1,2})[ \t]*>{1,2}(?!>)", re.IGNORECASE)
AT_NAME = re.compile(r"(?<![\w.@])@([^\W\d_][\w'\u2019-]*)")


def scan_references(text: str, start: int, end: int, labels: list[Span]) -> tuple[list[Reference], list[Finding]]:
    refs: list[Reference] = []
    findings: list[Finding] = []
    for m in TRIPLE.finditer(text, start, end):
        valid = VALID.fullmatch(m.group(1))
        span = Span(m.start(), m.end())
        if valid:
            kind = valid.group(1).lower()
            number = int(valid.group(2))
            refs.append(Reference(kind, f"{kind}_{number}", number, span))
        else:
            findings.append(Finding(
                RULE, Severity.WARNING, span,
                f"{m.group()!r} is not a reference Kling knows; write <<<voice_1>>>, <<<element_1>>>, "
                "<<<image_1>>> or <<<video_1>>>",
            ))
    for m in NEAR_MISS.finditer(text, start, end):
        body = re.sub(r"[ _]?(\d+)$", r"_\1", m.group(1).lower())
        fixed = f"<<<{body}>>>"
        findings.append(Finding(
            RULE, Severity.WARNING, Span(m.start(), m.end()),
            f"{m.group()!r} looks like a reference but Kling only reads three angle brackets: {fixed}",
            (Fix(f"Write {fixed}", (TextEdit(m.start(), m.end(), fixed),), safe=True),),
        ))
    for m in AT_NAME.finditer(text, start, end):
        s = m.start()
        e = m.end()
        for label in labels:
            if label.start < s < label.end:
                e = label.end - 1  # inside a label the tag runs to the bracket
                while e > s and text[e - 1].isspace():
                    e -= 1
                break
        refs.append(Reference("at", text[s + 1:e], None, Span(s, e)))
    return refs, findings
