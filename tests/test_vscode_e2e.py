"""The packaged extension in a real VS Code: tests/vscode_e2e/run.mjs installs the .vsix into
code-server, opens it in Debian's Chromium (playwright-core) and checks what a user sees.

scripts/vscode-e2e-setup.sh installs node 24, code-server, playwright-core and Chromium
(scripts/test.sh runs it). Without them this test fails, never skips: a skipped end-to-end test
would hide a broken setup.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "tests" / "vscode_e2e" / "run.mjs"
SHOTS = ["1-diagnostics", "2-quick-fix-menu", "2-quick-fix", "3-hover", "4-completion", "5-copy-prompt",
         "6-storyboard", "7-storyboard-live"]
CHECKS = 7


def _cache() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kling-lsp" / "vscode-e2e"
    return Path(os.environ.get("KLING_E2E_CACHE") or default)


def _tools() -> dict[str, str]:
    paths = _cache() / "paths.json"
    if not paths.is_file():
        pytest.fail(f"{paths} is missing: run `bash scripts/vscode-e2e-setup.sh` (scripts/test.sh does)")
    tools = json.loads(paths.read_text(encoding="utf-8"))
    missing = [f"{name} ({path})" for name, path in tools.items() if not Path(path).exists()]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `bash scripts/vscode-e2e-setup.sh` again")
    return tools


def _alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _with_home(home: str) -> list[int]:
    """Processes whose environment has HOME=home: everything the run started inherits it."""
    found = []
    needle = f"HOME={home}".encode()
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if needle in (proc / "environ").read_bytes().split(b"\0"):
                    found.append(int(proc.name))
            except OSError:
                pass  # gone meanwhile, or not ours to read
    return found


def _stop(process: subprocess.Popen) -> str:
    """A run that hung: TERM its group (run.mjs then stops code-server and Chromium), KILL if need be."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.communicate()[0]


def test_the_packaged_extension_works_in_vscode(vsix_build, tmp_path):
    tools = _tools()
    shots = tmp_path / "screenshots"
    process = subprocess.Popen([tools["node"], str(RUN), "--vsix", str(vsix_build.path), "--screenshots", str(shots)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        output = process.communicate(timeout=400)[0]
    except subprocess.TimeoutExpired:
        output = _stop(process)
        pytest.fail(f"run.mjs did not finish within 400 s\n{output}")
    print(output)

    # Nothing left running: run.mjs's own group, code-server's and Chromium's, and anything else
    # that carries the run's HOME.
    groups = [process.pid, *map(int, re.findall(r"process group (\d+)", output))]
    run = re.search(r"^# run folder (.+)$", output, re.M)
    assert run, "run.mjs did not report its run folder"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and (any(map(_alive, groups)) or _with_home(f"{run[1]}/home")):
        time.sleep(0.2)
    assert not [g for g in groups if _alive(g)], f"process groups still running: {groups}"
    assert not _with_home(f"{run[1]}/home"), "processes of the run are still running"

    assert process.returncode == 0, output
    assert len(groups) == 3, "run.mjs did not report the process groups of code-server and Chromium"
    lines = output.strip().splitlines()
    assert lines[-1] == f"{CHECKS} passed, 0 failed", output
    assert sum(line.startswith("ok - ") for line in lines) == CHECKS
    for name in SHOTS:
        png = shots / f"{name}.png"
        assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"no screenshot {png}"
    assert not Path(run[1]).exists(), "the run folder was not removed after a passing run"
