"""`kling export --format html`: a self-contained storyboard page, run as a real process."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

STORY = """---
aspect: 16:9
---
# Dockside {duration=6}
Shot 1 (2s): A crane swings a container over the quay.
Shot 2 (4s): [Rosa: dock worker, calm voice]: "Easy now."

# Long speech {duration=3}
A tired captain stands at the wheel, a sign reading "<script>alert(1)</script>" taped to the glass.
The captain says slowly, "We have sailed these waters for thirty long years and never once lost a single crate to the sea."
"""


def export_html(tmp_path: Path) -> subprocess.CompletedProcess:
    (tmp_path / "story.kling").write_text(STORY, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "kling_lsp.cli.main", "export", "--format", "html", "story.kling"],
                          cwd=tmp_path, capture_output=True, timeout=60)


def bars(page: str) -> list[tuple[str, str]]:
    """(class, text) of every dialogue bar."""
    return re.findall(r'<div class="(say(?: over)?)"[^>]*>([^<]*)</div>', page)


def test_html_storyboard(tmp_path):
    result = export_html(tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    page = result.stdout.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert page.count("<section") == 2 and page.count("</section>") == 2

    assert "story.kling" in page and "Dockside" in page and "Long speech" in page
    assert "Shot 1 · 2 s" in page and "Shot 2 · 4 s" in page
    assert "6 s" in page and "16:9" in page

    found = bars(page)
    assert len(found) == 2
    (short_cls, short_text), (long_cls, long_text) = found
    assert short_cls == "say" and "Rosa" in short_text and "Easy now." in short_text
    assert long_cls == "say over" and "We have sailed" in long_text

    assert "dialogue-exceeds-duration" in page
    long_section = page[page.index("Long speech"):]
    assert "dialogue-exceeds-duration" in long_section
    assert "dialogue-exceeds-duration" not in page[:page.index("Long speech")]

    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert "http" not in page.lower()
    assert "<link" not in page and "src=" not in page


def test_text_and_json_unchanged(tmp_path):
    (tmp_path / "story.kling").write_text(STORY, encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "kling_lsp.cli.main", "export", *a, "story.kling"],
                                    cwd=tmp_path, capture_output=True, timeout=60)
    assert "<!DOCTYPE" not in run().stdout.decode()
    assert run("--format", "json").stdout.decode().lstrip().startswith("[")
