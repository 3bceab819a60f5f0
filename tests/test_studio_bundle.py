"""The studio's page script ships built (server/kling_lsp/studio/static/studio.js) so that `pip
install` and `kling studio` need no Node.js. Here it is built again from clients/studio's lockfile
(`npm ci`, then build.mjs) and must be byte for byte the committed one; and the wheel carries it.
Needs node and npm (scripts/test.sh has them for the other browser tests); fails without them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "clients" / "studio"
STATIC = ROOT / "server" / "kling_lsp" / "studio" / "static"


def _npm_cache() -> Path:
    base = Path(os.environ.get("KLING_E2E_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                / "kling-lsp" / "vscode-e2e")
    return base / "npm-cache"


def test_the_committed_bundle_is_built_from_the_lockfile(tmp_path):
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.fail("node and npm are needed to rebuild the studio's bundle (scripts/test.sh installs the rest)")
    work = tmp_path / "studio"
    shutil.copytree(SOURCE, work, ignore=shutil.ignore_patterns("node_modules"))
    cache = _npm_cache()
    cache.mkdir(parents=True, exist_ok=True)
    installed = subprocess.run([npm, "ci", "--cache", str(cache), "--no-audit", "--no-fund", "--loglevel=error"],
                               cwd=work, capture_output=True, text=True, timeout=300,
                               env={**os.environ, "TMPDIR": str(tmp_path)})
    assert installed.returncode == 0, installed.stderr
    built = tmp_path / "studio.js"
    result = subprocess.run([node, "build.mjs", str(built)], cwd=work, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    committed = (STATIC / "studio.js").read_bytes()
    assert built.read_bytes() == committed, (
        "server/kling_lsp/studio/static/studio.js is not what clients/studio builds: run "
        "`cd clients/studio && npm ci && node build.mjs` and commit the result")


def test_the_wheel_carries_the_page_and_nothing_it_needs_comes_from_elsewhere(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("kling_lsp-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        for name in ("index.html", "studio.js", "studio.css"):
            assert archive.read(f"kling_lsp/studio/static/{name}") == (STATIC / name).read_bytes()
    page = (STATIC / "index.html").read_text(encoding="utf-8") + (STATIC / "studio.css").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page  # no font, script or style from the internet
    script = (STATIC / "studio.js").read_text(encoding="utf-8")
    assert "fetch(" not in script and "XMLHttpRequest" not in script  # it talks to the studio's WebSocket only
