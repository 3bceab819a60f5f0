"""kling's language server in a real Emacs with eglot, batch mode: diagnostics, completion,
a quick fix. Emacs and eglot are system packages (.ci/run installs emacs-nox and
elpa-eglot); missing here, the test fails rather than skips."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from editor_session import prepare


def test_eglot_diagnostics_completion_and_quick_fix(tmp_path):
    emacs = shutil.which("emacs")
    assert emacs, "emacs is not installed: .ci/run installs emacs-nox and elpa-eglot"
    work, result_file, env = prepare(tmp_path)
    script = Path(__file__).with_name("eglot_client.el")
    process = subprocess.run([emacs, "-Q", "--batch", "-l", str(script)], env=env, capture_output=True,
                             timeout=180, cwd=work)
    assert result_file.exists(), process.stderr.decode(errors="replace")[-3000:]
    result = json.loads(result_file.read_text())
    assert process.returncode == 0, result.get("error") or process.stderr.decode(errors="replace")[-3000:]
    assert any("never closed" in text for text in result["diagnostics"])
    assert any(label in result["completion"] for label in ("calmly", "softly", "nervously"))
    assert result["fix_title"].startswith("Close the quote")
    assert result["fixed"] is True
