"""The TextMate grammar in grammar/: its JSON is sound, and its own test suites pass.

The suites run with Node.js (vscode-tmgrammar-test, installed by scripts/grammar-setup.sh).
Without node or npm on PATH these tests fail rather than skip: a skipped grammar test would
hide a broken setup.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GRAMMAR_DIR = ROOT / "grammar"
GRAMMAR = GRAMMAR_DIR / "kling.tmLanguage.json"
UNIT_DIR = GRAMMAR_DIR / "tests" / "unit"
SNAP_DIR = GRAMMAR_DIR / "tests" / "snap"
SETUP = ROOT / "scripts" / "grammar-setup.sh"
HEADER = re.compile(r'^// SYNTAX TEST "source\.kling"(?: "[^"]+")?\s*$')


def _grammar() -> dict:
    return json.loads(GRAMMAR.read_text(encoding="utf-8"))


def _walk(node, path="$"):
    """Every rule object in the grammar, with a readable path to it."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}[{i}]")


# --- pure Python: the grammar file itself -------------------------------------------------

def test_grammar_json_loads_with_its_identity():
    grammar = _grammar()
    assert grammar["scopeName"] == "source.kling"
    assert grammar["fileTypes"] == ["kling"]
    assert grammar["name"] == "Kling"
    assert grammar["patterns"], "the grammar has no top-level patterns"
    assert isinstance(grammar["repository"], dict) and grammar["repository"]


def test_every_include_names_an_existing_repository_rule():
    grammar = _grammar()
    repository = grammar["repository"]
    missing = []
    for path, node in _walk(grammar):
        include = node.get("include")
        if include is None:
            continue
        if include in ("$self", "$base"):
            continue
        assert include.startswith("#"), f"{path}: include {include!r} points outside this grammar"
        if include[1:] not in repository:
            missing.append(f"{path}: {include}")
    assert not missing, "includes of rules that do not exist:\n" + "\n".join(missing)


def test_every_repository_rule_is_used():
    grammar = _grammar()
    used = {node["include"][1:] for _, node in _walk(grammar) if isinstance(node.get("include"), str)}
    unused = sorted(set(grammar["repository"]) - used)
    assert not unused, f"repository rules nothing includes: {unused}"


def test_rules_are_well_formed_and_scopes_end_in_kling():
    problems = []
    for path, node in _walk(_grammar()):
        if "begin" in node and "end" not in node:
            problems.append(f"{path}: begin without end")
        if "end" in node and "begin" not in node:
            problems.append(f"{path}: end without begin")
        if "match" in node and "begin" in node:
            problems.append(f"{path}: both match and begin")
        for key in ("name", "contentName"):
            value = node.get(key)
            if isinstance(value, str) and path != "$":  # the root's name is the language's name
                for scope in value.split():
                    if not scope.endswith(".kling"):
                        problems.append(f"{path}.{key}: scope {scope!r} does not end in '.kling'")
    assert not problems, "\n".join(problems)


def test_unit_test_files_have_the_syntax_test_header():
    files = sorted(UNIT_DIR.glob("*.kling"))
    assert len(files) >= 10, f"expected the grammar's unit tests in {UNIT_DIR}"
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert HEADER.match(first), f"{path.name}: first line must be // SYNTAX TEST \"source.kling\" \"…\", got {first!r}"


def test_every_snapshot_case_has_its_snapshot():
    # vscode-tmgrammar-snap writes a missing snapshot and reports success, so a case without
    # its .snap file would pass without checking anything.
    cases = sorted(SNAP_DIR.glob("*.kling"))
    assert len(cases) >= 3
    missing = [p.name for p in cases if not p.with_name(p.name + ".snap").is_file()]
    assert not missing, f"snapshot cases without a .snap file: {missing}"


# --- Node.js: the grammar's own suites ----------------------------------------------------

def _require_node() -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail(
            "the grammar tests need Node.js and npm on PATH "
            f"(node: {node or 'missing'}, npm: {npm or 'missing'})",
            pytrace=False,
        )
    return npm


@pytest.fixture(scope="module")
def npm() -> str:
    npm = _require_node()
    # Idempotent: installs only when node_modules is missing or older than the lock file.
    result = subprocess.run(["bash", str(SETUP)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"scripts/grammar-setup.sh failed:\n{result.stdout}\n{result.stderr}"
    assert (GRAMMAR_DIR / "node_modules" / ".bin" / "vscode-tmgrammar-test").exists()
    return npm


def _run(npm: str, script: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, FORCE_COLOR="0", NO_COLOR="1")
    return subprocess.run([npm, "run", "--silent", script], cwd=GRAMMAR_DIR, capture_output=True,
                          text=True, timeout=600, env=env)


def _report(result: subprocess.CompletedProcess) -> str:
    return f"exit code {result.returncode}\n--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"


def test_scope_assertions_pass(npm):
    result = _run(npm, "test")
    print(result.stdout)
    assert result.returncode == 0, _report(result)
    passed = result.stdout.count("run successfuly")  # sic: the tool's own spelling
    assert passed == len(list(UNIT_DIR.glob("*.kling"))), _report(result)


def test_snapshots_match(npm):
    before = sorted(SNAP_DIR.glob("*.snap"))
    result = _run(npm, "snap")
    print(result.stdout)
    assert result.returncode == 0, _report(result)
    assert "Generating snapshot" not in result.stdout and "Updating snapshot" not in result.stdout, _report(result)
    assert sorted(SNAP_DIR.glob("*.snap")) == before


def test_no_line_spanning_constructs_and_no_catastrophic_backtracking(npm):
    result = _run(npm, "robustness")
    print(result.stdout)
    assert result.returncode == 0, _report(result)
