"""Fixtures and hooks shared by several test modules: the VS Code extension is built once per test
session (about a minute), for the package tests and the end-to-end test alike; tests over the real
prompts in ../shared run only where that folder is, and say so in one line where it is not."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from shared_data import PROMPTS, corpus_missing

ROOT = Path(__file__).resolve().parents[1]
VSIX = ROOT / "clients" / "vscode" / "kling-lsp.vsix"

NOT_RUN = pytest.StashKey[list[str]]()  # the test modules left out


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "shared_corpus: reads the real prompts of ../shared/corpus")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not corpus_missing():
        return
    dropped = [item for item in items if item.get_closest_marker("shared_corpus")]
    if dropped:
        items[:] = [item for item in items if not item.get_closest_marker("shared_corpus")]
        config.hook.pytest_deselected(items=dropped)
        config.stash[NOT_RUN] = sorted({item.nodeid.split("::")[0] for item in dropped})


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    modules = config.stash.get(NOT_RUN, [])
    if modules:
        terminalreporter.write_line(
            f"not run: the tests over the real prompts ({', '.join(modules)}), because {PROMPTS} is not "
            "there; clone the shared folder beside the project (as CI does) or set KLING_CORPUS=FOLDER to run them")


@dataclass(frozen=True)
class VsixBuild:
    path: Path  # a copy of the .vsix that no later build in the shared working tree replaces
    stdout: str


@pytest.fixture(scope="session")
def vsix_build(tmp_path_factory) -> VsixBuild:
    """Run scripts/vscode-build.sh once, and keep a copy of clients/vscode/kling-lsp.vsix.

    Without node or npm on PATH this fails rather than skips: a skipped test would hide a broken setup.
    """
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"the VS Code extension build needs Node.js 20+ and npm on PATH (missing: {', '.join(missing)})")
    result = subprocess.run(["bash", str(ROOT / "scripts" / "vscode-build.sh")], cwd=ROOT, capture_output=True,
                            text=True, timeout=170)
    assert result.returncode == 0, (
        f"scripts/vscode-build.sh exited {result.returncode}\n--- stdout\n{result.stdout[-5000:]}\n"
        f"--- stderr\n{result.stderr[-5000:]}"
    )
    assert VSIX.is_file(), "the build did not leave clients/vscode/kling-lsp.vsix"
    copy = tmp_path_factory.mktemp("vsix-build") / VSIX.name
    shutil.copyfile(VSIX, copy)
    return VsixBuild(copy, result.stdout)
