"""check(document, config) -> findings: parser findings plus rule findings, with the
configured severities and the file's suppression comments applied.

Clips are checked independently (`check_clip`), so an editor can re-check only the clips
an edit touched and reuse the rest.
"""

from __future__ import annotations

from .config import Config
from .gcpause import collector_paused
from . import suppressions
from .findings import Finding, Severity
from .model import Clip, Document, Suppression
from .rules import ClipContext, FileContext, all_rules, rule_names
from .vocab import vocabulary


def check(document: Document, config: Config | None = None) -> list[Finding]:
    config = config or Config()
    findings = check_file_level(document, config)
    with collector_paused(len(document.text)):
        for clip in document.clips:
            findings.extend(check_clip(document, clip, config))
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
    unique = []
    for finding in findings:  # a front-matter value can be judged once per clip: report it once
        if not unique or (finding.rule, finding.span, finding.message) != (unique[-1].rule, unique[-1].span, unique[-1].message):
            unique.append(finding)
    return unique


def check_file_level(document: Document, config: Config) -> list[Finding]:
    """Findings outside any clip: front matter and file-wide suppression comments."""
    raw = list(document.findings) + _unknown_rules(document.suppressions)
    context = FileContext(document, config)
    for rule in all_rules():
        if rule.file_check is not None and config.severity_for(rule.name, rule.severity) is not None:
            raw.extend(rule.file_check(context))
    return _filter(raw, document.suppressions, config)


def check_clip(document: Document, clip: Clip, config: Config) -> list[Finding]:
    raw = list(clip.findings) + _unknown_rules(clip.suppressions)
    context = ClipContext(document, clip, config, vocabulary())
    for rule in all_rules():
        if rule.check is not None and config.severity_for(rule.name, rule.severity) is not None:
            raw.extend(rule.check(context))
    return _filter(raw, document.suppressions + clip.suppressions, config)


def _filter(findings: list[Finding], suppressions: list[Suppression], config: Config) -> list[Finding]:
    """Drop suppressed and disabled findings; a configured severity replaces the finding's own."""
    kept = []
    for finding in findings:
        if any(s.silences(finding.rule) for s in suppressions):
            continue
        choice = config.rules.get(finding.rule)
        if choice == "off":
            continue
        severity = Severity.parse(choice) if choice else finding.severity
        kept.append(finding if severity == finding.severity else finding.with_severity(severity))
    return kept


def _unknown_rules(found: list[Suppression]) -> list[Finding]:
    return suppressions.unknown_rules(found, rule_names())
