"""kling studio in headless Chromium: tests/studio_e2e/run.mjs opens the page of a real
`kling studio FOLDER`, run from the wheel the project builds (installed apart from the checkout, so
the page and its script come from the wheel as a writer's `pip install` gets them), and does what a
writer does; each step is a check
with a screenshot. scripts/browser-setup.sh installs Chromium and playwright-core (scripts/test.sh
runs it); without them this test fails, never skips."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "tests" / "studio_e2e" / "run.mjs"
_FROM_THE_WHEEL = "import sys; from kling_lsp.cli.main import main; sys.exit(main())"


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory) -> Path:
    """The project's wheel, unpacked as pip installs it into a folder of its own; its dependencies
    are the test environment's."""
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(work)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    (wheel,) = work.glob("kling_lsp-*.whl")
    site = work / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
                                str(wheel)], capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    where = subprocess.run([sys.executable, "-c", "import kling_lsp.studio, sys; print(kling_lsp.studio.__file__)"],
                           capture_output=True, text=True, env=_wheel_env(site), cwd=work)
    assert where.stdout.strip().startswith(str(site)), where.stdout + where.stderr  # not the checkout's copy
    return site


def _wheel_env(site: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(site)}


def _studio_command(*args: str) -> list[str]:
    return [sys.executable, "-c", _FROM_THE_WHEEL, "studio", *args, "--no-browser"]
CHECKS = ["1-open", "2-squiggle", "3-hover", "4-completion", "5-quick-fix", "6-storyboard", "7-copy", "8-save",
          "9-outside-refused", "10-other-origin-refused", "no-page-errors"]
README_SHOT = ROOT / "docs" / "images" / "studio.png"


def _tools() -> Path:
    cache = Path(os.environ.get("KLING_E2E_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                 / "kling-lsp" / "vscode-e2e")
    paths = cache / "browser-paths.json"
    if not paths.is_file():
        pytest.fail(f"{paths} is missing: run `bash scripts/browser-setup.sh` (scripts/test.sh does)")
    missing = [f"{k} ({v})" for k, v in json.loads(paths.read_text()).items() if not Path(v).exists()]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run `bash scripts/browser-setup.sh` again")
    return paths


def _stop(process: subprocess.Popen) -> str:
    """TERM the process's group, KILL it if it lingers; what it wrote."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.communicate(timeout=20)[0] or ""
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.communicate()[0] or ""


def _start_studio(folder: Path, log: Path, site: Path) -> tuple[subprocess.Popen, str]:
    studio = subprocess.Popen(_studio_command(str(folder)), stdout=subprocess.PIPE, stderr=log.open("wb"), text=True,
                              start_new_session=True, env=_wheel_env(site), cwd=folder.parent)
    deadline = time.monotonic() + 30
    line = ""
    while time.monotonic() < deadline and "http://" not in line:
        line = studio.stdout.readline()
        if not line and studio.poll() is not None:
            raise AssertionError(f"kling studio ended: {log.read_text()}")
    url = line[line.index("http://"):].strip()
    assert url.startswith("http://127.0.0.1:"), line  # loopback only
    return studio, url


def test_a_writer_uses_the_studio_in_a_browser(tmp_path, wheel_site):
    tools = _tools()
    node = json.loads(tools.read_text())["node"]
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "harbour.kling").write_text("# Harbour {duration=5}\nGulls over the water.\n", encoding="utf-8")
    (folder / "pier.kling").write_text("# Pier {duration=5}\nThe old text.\n", encoding="utf-8")
    (tmp_path / "outside.kling").write_text("not to be touched\n", encoding="utf-8")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    log = tmp_path / "studio.log"
    studio, url = _start_studio(folder, log, wheel_site)
    runner = None
    try:
        runner = subprocess.Popen([node, str(RUN), url, str(folder), str(shots), str(tools)], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            output = runner.communicate(timeout=240)[0]
        except subprocess.TimeoutExpired:
            output = _stop(runner)
    finally:
        if runner is not None and runner.poll() is None:
            _stop(runner)
        _stop(studio)
    results = {}
    for line in output.splitlines():
        if line.startswith("{"):
            message = json.loads(line)
            if "check" in message:
                results[message["check"]] = message
    failed = [f"{name}: {results[name]['detail']}" if name in results else f"{name}: not run"
              for name in CHECKS if not results.get(name, {}).get("ok")]
    assert not failed, "\n".join(failed) + f"\n--- runner output:\n{output}\n--- studio log:\n{log.read_text()}"

    saved = (folder / "pier.kling").read_text(encoding="utf-8")
    assert "# Night market" in saved and "Upbeat accordion music" in saved and "The old text" not in saved
    assert "We sail at dawn" in saved and "nobody on this pier will stop us" not in saved  # trimmed by the fix
    assert not (tmp_path / "outside.kling").read_text() != "not to be touched\n"
    assert sorted(p.name for p in folder.iterdir()) == ["harbour.kling", "pier.kling"]
    studio_log = log.read_text()
    assert "refused: ../outside.kling is outside the studio folder" in studio_log
    assert "refused a WebSocket connection: Origin http://elsewhere.example is not allowed" in studio_log
    assert all((shots / f"{name}.png").stat().st_size > 10_000 for name in CHECKS[:-1])
    if os.environ.get("KLING_UPDATE_SCREENSHOTS"):
        shutil.copyfile(shots / "6-storyboard.png", README_SHOT)


def test_without_a_folder_the_scratch_buffer_survives_a_reload(tmp_path, wheel_site):
    tools = _tools()
    node = json.loads(tools.read_text())["node"]
    shots = tmp_path / "screenshots"
    shots.mkdir()
    log = tmp_path / "studio.log"
    studio = subprocess.Popen(_studio_command(), stdout=subprocess.PIPE, stderr=log.open("wb"), text=True,
                              start_new_session=True, cwd=tmp_path, env=_wheel_env(wheel_site))
    try:
        line = studio.stdout.readline()
        url = line[line.index("http://"):].strip()
        runner = subprocess.run([node, str(RUN.with_name("scratch.mjs")), url, str(shots), str(tools)],
                                capture_output=True, text=True, timeout=120, start_new_session=True)
    finally:
        _stop(studio)
    result = json.loads(runner.stdout.strip().splitlines()[-1])
    assert result["ok"], result["detail"] + "\n" + runner.stderr + log.read_text()
    assert list(tmp_path.glob("*.kling")) == []  # nothing written to disk
