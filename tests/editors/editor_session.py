"""What the editor tests share: a project folder holding a copy of an example, and an
environment that points the editor at kling's server and keeps its files in the test's tmp."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "problem-dialogue.kling"


def prepare(tmp_path: Path) -> tuple[Path, Path, dict]:
    """(project folder, result file, environment) for one editor run."""
    work = tmp_path / "project"
    work.mkdir()
    target = work / "scene.kling"
    shutil.copy(EXAMPLE, target)
    result_file = tmp_path / "result.json"
    env = dict(os.environ)
    env.update({
        "KLING_SERVER": json.dumps([sys.executable, "-m", "kling_lsp"]),
        "KLING_FILE": str(target),
        "KLING_RESULT": str(result_file),
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    })
    return work, result_file, env
