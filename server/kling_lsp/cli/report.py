"""Output formats of `kling check` (text for people, JSON for scripts, SARIF for code scanning)
and the text of `kling export`."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .. import __version__
from ..core.findings import Finding, Severity
from ..core.rules import get_rule
from ..core.ruledocs import rule_summary
from ..core.text import LineIndex, UTF16, UTF32

SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning",
               Severity.INFORMATION: "note", Severity.HINT: "note"}


@dataclass(frozen=True)
class FileResult:
    display: str
    lines: LineIndex
    findings: list[Finding]


def lsp_range(lines: LineIndex, finding: Finding, encoding: str = UTF16) -> dict:
    sl, sc = lines.position(finding.span.start, encoding)
    el, ec = lines.position(finding.span.end, encoding)
    return {"start": {"line": sl, "character": sc}, "end": {"line": el, "character": ec}}


def text_lines(result: FileResult) -> list[str]:
    """`path:line:col: severity [rule] message`, 1-based, columns in characters."""
    out = []
    for f in result.findings:
        line, col = result.lines.position(f.span.start, UTF32)
        out.append(f"{result.display}:{line + 1}:{col + 1}: {f.severity.label} [{f.rule}] {f.message}")
    return out


def json_items(result: FileResult) -> list[dict]:
    return [
        {"path": result.display, "range": lsp_range(result.lines, f), "severity": f.severity.label,
         "code": f.rule, "message": f.message}
        for f in result.findings
    ]


def summary(results: list[FileResult], checked: int) -> str:
    findings = [f for r in results for f in r.findings]
    if not findings:
        noun = "file" if checked == 1 else "files"
        return f"All clear: no problems in {checked} {noun}."
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    parts = [f"{n} {s.label if n == 1 else _plural(s.label)}" for s, n in counts.items() if n]
    with_problems = sum(1 for r in results if r.findings)
    fixable = sum(1 for f in findings if any(fix.safe for fix in f.fixes))
    line = (f"Found {len(findings)} problem{'s' if len(findings) != 1 else ''} ({', '.join(parts)}) "
            f"in {with_problems} of {checked} file{'s' if checked != 1 else ''}.")
    if fixable:
        line += f" {fixable} can be fixed with `kling fix`."
    return line


def _plural(label: str) -> str:
    return "information" if label == "information" else label + "s"


def sarif(results: list[FileResult]) -> dict:
    used = sorted({f.rule for r in results for f in r.findings})
    rules = []
    index = {}
    for n, name in enumerate(used):
        index[name] = n
        rule = get_rule(name)
        entry: dict = {"id": name, "name": name}
        if rule is not None:
            entry["shortDescription"] = {"text": rule.summary}
            entry["defaultConfiguration"] = {"level": SARIF_LEVEL[rule.severity]}
        full = rule_summary(name)
        if full:
            entry["fullDescription"] = {"text": full}
        rules.append(entry)
    sarif_results = []
    for r in results:
        for f in r.findings:
            sl, sc = r.lines.position(f.span.start, UTF16)
            el, ec = r.lines.position(f.span.end, UTF16)
            sarif_results.append({
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": SARIF_LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": r.display.replace("\\", "/")},
                    "region": {"startLine": sl + 1, "startColumn": sc + 1, "endLine": el + 1, "endColumn": ec + 1},
                }}],
            })
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "kling", "version": __version__, "rules": rules}},
            "columnKind": "utf16CodeUnits",
            "results": sarif_results,
        }],
    }


def export_text(display: str, clip, exported) -> str:
    """One clip of `kling export`: a header line, the prompt, and its negative prompt."""
    sound = "sound on" if exported.sound == "on" else "sound off"
    lines = [f"── {display} · clip {clip.index + 1}: {exported.name or clip.title} · {exported.duration} s · "
             f"{exported.aspect_ratio} · {exported.model} · {sound}", exported.prompt]
    if exported.negative_prompt:
        lines.append(f"Negative prompt: {exported.negative_prompt}")
    return "\n".join(lines)


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
