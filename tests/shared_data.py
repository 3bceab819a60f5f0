"""Where the data from outside the repository is: the real prompts published by other people, read
in place and never copied in. CI clones ../shared beside the project; a plain clone has no such
folder, and conftest then leaves the tests marked `shared_corpus` out with one line saying so.
KLING_CORPUS names another place, and naming one makes its absence a failure, not a note."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("KLING_CORPUS") or ROOT.parent / "shared" / "corpus")
PROMPTS = CORPUS / "real-prompts.jsonl"


def corpus_missing() -> bool:
    """True when the shared corpus is absent and nobody asked for it by KLING_CORPUS."""
    return not PROMPTS.is_file() and not os.environ.get("KLING_CORPUS")
