"""Suppression comments: `// kling-ignore RULE[, RULE...]`, optionally followed by a note after
`--`, `#` or an em dash. This module is the only place that reads them and the only place that
writes them, so an edit that adds a rule puts it where the reader will find it.
"""

from __future__ import annotations

import re

from .findings import Finding, Fix, Severity, TextEdit
from .model import Clip, Document, Suppression
from .settings import suggest
from .spans import Span

LEAD = re.compile(r"[ \t]*//[ \t]*kling-ignore(?![\w-])[ \t]*:?")
RULE_NAME = re.compile(r"[A-Za-z0-9][\w-]*")
NOTE_MARKS = ("--", "#", "\u2014")  # what follows one of these is a note for people, not a rule


def read(text: str, line: Span, scope: str) -> Suppression | None:
    """The suppression comment on `line`, or None when the line is not one."""
    lead = LEAD.match(text, line.start, line.end)
    if lead is None:
        return None
    list_end = line.end
    for mark in NOTE_MARKS:
        at = text.find(mark, lead.end(), line.end)
        if at != -1:
            list_end = min(list_end, at)
    names = tuple((m.group(), Span(m.start(), m.end())) for m in RULE_NAME.finditer(text, lead.end(), list_end))
    return Suppression(line, names, scope)


def comment(rule: str) -> str:
    return f"// kling-ignore {rule}"


def add_rule(text: str, suppression: Suppression, rule: str) -> TextEdit | None:
    """The edit that adds `rule` to a comment's list, right after its last name (so before any
    note); None when the comment already silences it."""
    if suppression.silences(rule):
        return None
    names = suppression.rules
    last = names[-1][1]
    between = text[names[0][1].end:last.start] if len(names) > 1 else ""
    separator = " " if between and "," not in between else ", "  # follow the writer's own style
    return TextEdit(last.end, last.end, f"{separator}{rule}")


def ignore_in_clip(document: Document, clip: Clip, rule: str) -> TextEdit | None:
    """Silence `rule` in one clip: extend the clip's first list of rules, or add a comment under
    its heading. None for the text above the first heading, whose comments cover the file."""
    if clip.heading is None:
        return None
    if clip.suppressions:  # a bare kling-ignore silences every rule already: add_rule says None
        return add_rule(document.text, clip.suppressions[0], rule)
    at = clip.heading.span.end
    return TextEdit(at, at, f"{document.newline}{comment(rule)}")


def ignore_in_file(document: Document, rule: str) -> TextEdit | None:
    """Silence `rule` in the whole file: extend the first file-wide list, or add a comment at the
    top (after the front matter, if there is one)."""
    if document.suppressions:
        return add_rule(document.text, document.suppressions[0], rule)
    text, nl = document.text, document.newline
    at = 1 if text.startswith("\ufeff") else 0
    if document.front_matter is not None:
        lines = document.lines
        line = lines.line_of(document.front_matter.span.end)
        if line + 1 >= lines.line_count:  # the front matter ends the file, with no line break
            return TextEdit(len(text), len(text), f"{nl}{comment(rule)}{nl}")
        at = lines.starts[line + 1]
    return TextEdit(at, at, f"{comment(rule)}{nl}")


def unknown_rules(suppressions: list[Suppression], known: tuple[str, ...]) -> list[Finding]:
    """`unknown-rule` findings for names that are no rule, with the closest name as a fix."""
    findings = []
    for suppression in suppressions:
        for name, span in suppression.rules:
            if name in known:
                continue
            hint = suggest(name, known)
            fixes: tuple[Fix, ...] = ()
            if hint:
                replacement = hint.split("'")[1]
                fixes = (Fix(f"Replace with {replacement}", (TextEdit(span.start, span.end, replacement),)),)
            findings.append(Finding(
                "unknown-rule", Severity.WARNING, span,
                f"no rule is called {name!r}{hint}, so this comment silences nothing; `kling rules` lists them",
                fixes,
            ))
    return findings
