"""The README's test command must pass on a plain clone, with nothing beside it: tests over data
from outside the repository are left out there, and the run says in one line what it left out."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the settings, the shared hooks, the corpus tests and one module of ordinary tests beside them
NEEDED = ["pyproject.toml", "tests/conftest.py", "tests/shared_data.py", "tests/test_corpus.py",
          "tests/test_suppressions.py"]


def clone(tmp_path: Path) -> Path:
    project = tmp_path / "kling-lsp"  # nothing beside it: tmp_path holds no shared/ folder
    for name in NEEDED:
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, project / name)
    return project


def pytest_in(project: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "KLING_CORPUS"} | env
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                          cwd=project, env=environment, capture_output=True, text=True, timeout=120)


def test_without_the_shared_folder_the_corpus_tests_are_left_out_in_one_line(tmp_path):
    result = pytest_in(clone(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    said = [line for line in result.stdout.splitlines() if line.startswith("not run:")]
    assert len(said) == 1, result.stdout
    assert "real-prompts.jsonl is not there" in said[0] and "KLING_CORPUS" in said[0]
    assert "error" not in result.stdout.lower() and "skipped" not in result.stdout


def test_naming_a_corpus_that_is_not_there_is_a_failure_not_a_note(tmp_path):
    result = pytest_in(clone(tmp_path), KLING_CORPUS=str(tmp_path / "nowhere"))
    assert result.returncode not in (0, 5)
    assert "holds no real-prompts.jsonl" in result.stdout
    assert "not run:" not in result.stdout


def test_with_the_shared_folder_beside_it_they_run(tmp_path):
    project = clone(tmp_path)
    corpus = tmp_path / "shared" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "real-prompts.jsonl").write_text('{"id": "r1", "prompt": "A cat sleeps."}\n', encoding="utf-8")
    result = pytest_in(project)
    assert "not run:" not in result.stdout
    assert "test_corpus_is_there" in result.stdout  # it ran, and failed: one prompt is not the real corpus
