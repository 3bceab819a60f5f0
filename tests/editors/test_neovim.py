"""kling's language server in a real Neovim, headless: diagnostics, completion, a quick fix.

Neovim is a system package; .ci/run installs it (apt-get install neovim). Missing here, the
test fails: a skipped editor test would hide a broken install."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from editor_session import prepare


def test_neovim_diagnostics_completion_and_quick_fix(tmp_path):
    nvim = shutil.which("nvim")
    assert nvim, "neovim is not installed: .ci/run installs it with apt-get install neovim"
    work, result_file, env = prepare(tmp_path)
    script = Path(__file__).with_name("neovim_client.lua")
    process = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {script}"],
        env=env, capture_output=True, timeout=120, cwd=work,
    )
    assert result_file.exists(), process.stderr.decode(errors="replace")
    result = json.loads(result_file.read_text())
    assert process.returncode == 0, result.get("error") or process.stderr.decode(errors="replace")
    codes = [d["code"] for d in result["diagnostics"]]
    assert "unclosed-quote" in codes and "dialogue-too-long" in codes
    assert any(label in result["completion"] for label in ("calmly", "softly", "nervously"))
    assert result["fixed"], result
    assert "unclosed-quote" not in result["after"]
    assert result["fix_title"].startswith("Close the quote")
