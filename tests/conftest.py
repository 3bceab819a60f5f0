"""Fixtures shared by several test modules: the VS Code extension is built once per test session
(about a minute), for the package tests and the end-to-end test alike."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VSIX = ROOT / "clients" / "vscode" / "kling-lsp.vsix"


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
