"""What a check reports: findings, their severities and the text edits that mend them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from .spans import Span


class Severity(IntEnum):
    """Ordered like LSP's DiagnosticSeverity: a lower value is more severe."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> "Severity":
        aliases = {"info": "information", "warn": "warning"}
        key = aliases.get(name.lower(), name.lower())
        return cls[key.upper()]

    @classmethod
    def names(cls) -> list[str]:
        return [s.label for s in cls]


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace text[start:end] with `new_text` (offsets in the document the finding came from)."""

    start: int
    end: int
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A titled set of edits. `safe` fixes keep the writer's intent and are applied by
    `kling fix`; unsafe ones are offered in the editor and need `--unsafe-fixes`."""

    title: str
    edits: tuple[TextEdit, ...]
    safe: bool = False


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that matters to a finding (the other speaker, the loud cue...)."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    span: Span
    message: str
    fixes: tuple[Fix, ...] = ()
    related: tuple[Related, ...] = field(default=())

    def with_severity(self, severity: Severity) -> "Finding":
        return Finding(self.rule, severity, self.span, self.message, self.fixes, self.related)
