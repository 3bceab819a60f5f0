"""The one-time set-up of the end-to-end test (scripts/vscode-e2e-setup.sh) takes minutes on a
cold machine; it must say which step it is on and keep saying it is alive. Run here with stand-ins
for npm, dpkg-query and chromium, which create what each real install leaves behind."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NPM = r"""#!/usr/bin/env bash
# Stand-in for npm: leaves the files the set-up looks for after installing the package named.
for arg in "$@"; do case "$arg" in
  node@*) d=node_modules/node/node_modules/node-v24
          mkdir -p "$d/bin" "$d/include/node"
          printf '#!/usr/bin/env bash\n[ "$1" = - ] && echo {} > "$2"; [ "$1" = --version ] && echo v24; exit 0\n' > "$d/bin/node"
          chmod +x "$d/bin/node";;
  code-server@*) sleep "$STAND_IN_SECONDS"
                 mkdir -p node_modules/code-server/out/node && touch node_modules/code-server/out/node/entry.js;;
  playwright-core@*) mkdir -p node_modules/playwright-core && touch node_modules/playwright-core/index.mjs;;
esac; done
"""


def stand_ins(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in {"npm": NPM, "dpkg-query": "#!/bin/sh\nprintf 'install ok installed'\n",
                       "chromium": "#!/bin/sh\n"}.items():
        (bin_dir / name).write_text(body, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "KLING_E2E_CACHE": str(tmp_path / "cache"),
            "KLING_PROGRESS_SECONDS": "1", "STAND_IN_SECONDS": "3"}


def run_setup(env: dict[str, str]) -> list[str]:
    result = subprocess.run(["bash", str(ROOT / "scripts" / "vscode-e2e-setup.sh")], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def test_a_cold_setup_names_each_step_and_shows_it_is_alive(tmp_path):
    env = stand_ins(tmp_path)
    lines = run_setup(env)
    steps = [line.split("] ")[0].split("[")[1] for line in lines if "] " in line and "[" in line]
    assert steps == ["1/4", "2/4", "3/4", "4/4"]
    assert any("installing code-server" in line for line in lines)
    alive = [line for line in lines if "still installing code-server" in line]
    assert alive, lines  # the stand-in takes 3 s; the set-up speaks every second meanwhile
    assert lines.index(alive[0]) < next(i for i, line in enumerate(lines) if "[4/4]" in line)
    assert any(line.startswith("vscode-e2e-setup: ready in") for line in lines)

    again = run_setup(env)  # everything cached: one line per step, no waiting
    assert [line for line in again if "[" in line and "/4]" in line and line.endswith(("cached", "installed"))]
    assert len([line for line in again if "/4]" in line]) == 4
    assert not any("still" in line for line in again)
