"""The docs and the bundled examples say what the tool does: keep them true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kling_lsp.core.checker import check
from kling_lsp.core.parser import parse
from kling_lsp.core.rules import all_rules
from kling_lsp.core.ruledocs import rule_doc, rule_summary

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.kling"))
FENCE = re.compile(r"^## (Example|Use instead)\s*\n+```kling\n(.*?)^```", re.MULTILINE | re.DOTALL)


def rules_found(text: str) -> set[str]:
    return {f.rule for f in check(parse(text))}


def test_there_are_enough_examples():
    assert len(EXAMPLES) >= 5
    assert any(p.name.startswith("clean-") for p in EXAMPLES)
    assert any(p.name.startswith("problem-") for p in EXAMPLES)


@pytest.mark.parametrize("path", [p for p in EXAMPLES if p.name.startswith(("clean-", "multilingual", "pasted"))],
                         ids=lambda p: p.name)
def test_clean_examples_have_no_findings(path):
    findings = check(parse(path.read_text(encoding="utf-8")))
    assert findings == [], [(f.rule, f.message) for f in findings]


@pytest.mark.parametrize("path", [p for p in EXAMPLES if p.name.startswith("problem-syntax")], ids=lambda p: p.name)
def test_syntax_example_shows_every_syntax_rule(path):
    syntax_rules = {r.name for r in all_rules() if r.category == "syntax"}
    assert rules_found(path.read_text(encoding="utf-8")) == syntax_rules


@pytest.mark.parametrize("rule", [r.name for r in all_rules()])
def test_every_rule_has_a_page_with_the_fixed_sections(rule):
    page = rule_doc(rule)
    assert page is not None, f"docs/rules/{rule}.md is missing"
    assert page.startswith(f"# {rule}\n")
    prose = re.sub(r"^```.*?^```", "", page, flags=re.MULTILINE | re.DOTALL)  # headings in code are clip headings
    headings = re.findall(r"^## (.+)$", prose, re.MULTILINE)
    assert headings[:6] == ["What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "Options"]
    assert rule_summary(rule)
    index = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert f"rules/{rule}.md" in index


@pytest.mark.parametrize("rule", [r.name for r in all_rules()])
def test_rule_page_example_triggers_the_rule_and_the_fix_does_not(rule):
    blocks = {kind: body for kind, body in FENCE.findall(rule_doc(rule) or "")}
    assert rule in rules_found(blocks["Example"]), blocks["Example"]
    assert rule not in rules_found(blocks["Use instead"]), blocks["Use instead"]


def test_format_reference_snippets_parse():
    page = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    snippets = re.findall(r"^```(?:kling)?\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    assert len(snippets) > 10
    for snippet in snippets:
        document = parse(snippet)
        check(document)
        for clip in document.clips:
            clip.dialogue  # speaker analysis runs too


def test_the_readme_example_is_clean():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```kling\n(.*?)```", readme, re.DOTALL).group(1)
    assert check(parse(example)) == []
