"""The rule registry. A rule is a name, a default severity, a one-line summary and (for
rules that are not reported by the parser itself) a small function over one clip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from ..findings import Finding, Severity

if TYPE_CHECKING:
    from ..config import Config
    from ..model import Clip, Document
    from ..vocab import Vocabulary


@dataclass(frozen=True, slots=True)
class ClipContext:
    document: "Document"
    clip: "Clip"
    config: "Config"
    vocab: "Vocabulary"


@dataclass(frozen=True, slots=True)
class FileContext:
    """What a file-level check sees: the front matter and file-wide settings, no clip."""

    document: "Document"
    config: "Config"


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    severity: Severity
    summary: str
    check: Callable[[ClipContext], Iterable[Finding]] | None = None  # None: the parser reports it
    category: str = "syntax"
    file_check: Callable[[FileContext], Iterable[Finding]] | None = None  # findings outside any clip


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.name in RULES:
        raise ValueError(f"rule {rule.name} registered twice")
    RULES[rule.name] = rule
    return rule


def rule_names() -> tuple[str, ...]:
    _load()
    return tuple(RULES)


def all_rules() -> list[Rule]:
    _load()
    return list(RULES.values())


def get_rule(name: str) -> Rule | None:
    _load()
    return RULES.get(name)


def _load() -> None:
    from . import dialogue, limits, music, sound, syntax  # noqa: F401  (registering is their import)
