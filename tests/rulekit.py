"""Shared helpers for the rule tests (test_rules_*.py, test_expectations.py).

Not a test module: pytest does not collect it, the test modules import it.
"""

from __future__ import annotations

from kling_lsp.core.checker import check
from kling_lsp.core.config import OPTIONS, Config
from kling_lsp.core.findings import Finding, Fix, Severity
from kling_lsp.core.fixes import apply_edits, fix_text
from kling_lsp.core.parser import parse


def config(rules: dict[str, str] | None = None, **options) -> Config:
    """A Config with the defaults, some options changed (max_speakers=2 -> max-speakers)."""
    values = {name: option.default for name, option in OPTIONS.items()}
    for key, value in options.items():
        name = key.replace("_", "-")
        assert name in OPTIONS, f"unknown option {name}"
        values[name] = value
    return Config(options=values, rules=dict(rules or {}))


def findings(text: str, cfg: Config | None = None) -> list[Finding]:
    return check(parse(text), cfg)


def of_rule(text: str, rule: str, cfg: Config | None = None) -> list[Finding]:
    return [f for f in findings(text, cfg) if f.rule == rule]


def rule_names(text: str, cfg: Config | None = None) -> list[str]:
    return [f.rule for f in findings(text, cfg)]


def under(text: str, finding_or_span) -> str:
    """The text a finding (or a span) covers."""
    span = getattr(finding_or_span, "span", finding_or_span)
    return text[span.start:span.end]


def one(text: str, rule: str, cfg: Config | None = None) -> Finding:
    found = of_rule(text, rule, cfg)
    assert len(found) == 1, f"expected one {rule}, got {[(f.rule, under(text, f)) for f in found]}"
    return found[0]


def quiet(text: str, rule: str, cfg: Config | None = None) -> None:
    found = of_rule(text, rule, cfg)
    assert not found, f"{rule} should stay quiet, got {[under(text, f) for f in found]}"


def clean(text: str, cfg: Config | None = None) -> None:
    found = findings(text, cfg)
    assert not found, f"expected no findings, got {[(f.rule, under(text, f)) for f in found]}"


def fix_titled(finding: Finding, words: str) -> Fix:
    matches = [fix for fix in finding.fixes if words.lower() in fix.title.lower()]
    assert len(matches) == 1, f"no single fix titled like {words!r}: {[f.title for f in finding.fixes]}"
    return matches[0]


def _key(finding: Finding, text: str) -> tuple[str, str]:
    return finding.rule, under(text, finding)


def apply_fix(text: str, finding: Finding, fix: Fix, cfg: Config | None = None) -> str:
    """Apply one fix and check what every fix must keep:

    (a) the finding it fixed is gone: the rule reports one finding fewer than before,
    (b) no error-severity finding appeared that was not there before,
    (c) after a safe fix, `fix_text` on the result changes nothing more (idempotent); the
        test texts are written so that the fixed finding is the only one with a safe fix.

    Returns the fixed text for further checks.
    """
    before = findings(text, cfg)
    assert any(f is finding or (f.rule, f.span, f.message) == (finding.rule, finding.span, finding.message)
               for f in before), "the finding does not come from this text"
    fixed = apply_edits(text, list(fix.edits))
    assert fixed != text, f"fix {fix.title!r} changes nothing"
    after = findings(fixed, cfg)
    count_before = sum(1 for f in before if f.rule == finding.rule)
    count_after = sum(1 for f in after if f.rule == finding.rule)
    assert count_after < count_before, \
        f"{finding.rule} on {under(text, finding)!r} is still there after {fix.title!r}:\n{fixed}"
    errors_before = {_key(f, text) for f in before if f.severity == Severity.ERROR}
    new_errors = [_key(f, fixed) for f in after
                  if f.severity == Severity.ERROR and _key(f, fixed) not in errors_before]
    assert not new_errors, f"{fix.title!r} created errors {new_errors}:\n{fixed}"
    if fix.safe:
        again = fix_text(fixed, cfg)
        assert again.text == fixed, f"fix_text changed the result of safe fix {fix.title!r} again:\n{fixed}\n->\n{again.text}"
    return fixed


def apply_all_fixes(text: str, rule: str, cfg: Config | None = None) -> list[str]:
    """Apply each fix of the one finding of `rule` in turn (each to the original text)."""
    finding = one(text, rule, cfg)
    assert finding.fixes, f"{rule} offers no fix"
    return [apply_fix(text, finding, fix, cfg) for fix in finding.fixes]


# --- the expectation corpus (tests/corpus) -----------------------------------------------

def expectations(text: str) -> list[str] | None:
    """The `// expect: rule` lines at the top of a corpus file, in order; [] for `// expect:
    nothing`; None when the file declares nothing. A front-matter block must be the file's
    first line (docs/format.md), so in a file that has one the expectations follow it."""
    lines = text.lstrip("\ufeff").splitlines()
    i = 0
    if lines and lines[0].strip() == "---":
        i = 1
        while i < len(lines) and lines[i].strip() not in ("---", "..."):
            i += 1
        i += 1
    found: list[str] = []
    declared = False
    for line in lines[i:]:
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("//"):
            break
        body = stripped[2:].strip()
        if not body.startswith("expect:"):
            continue
        declared = True
        value = body[len("expect:"):].strip()
        if value != "nothing":
            found.append(value)
        else:
            assert not found, "`expect: nothing` cannot be combined with other expectations"
    return found if declared else None
