"""Rule documentation: one Markdown page per rule, the single source for `kling explain`,
hover and the link on each diagnostic.

The pages live in the repository's docs/rules/; a built wheel carries them as
kling_lsp/rule_docs/ (see pyproject.toml), so both a checkout and an install find them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

_CHECKOUT_DOCS = Path(__file__).resolve().parents[3] / "docs" / "rules"


@lru_cache(maxsize=None)
def rule_doc_path(name: str) -> Path | None:
    """Where the page of rule `name` lives on disk (for links from editors)."""
    filename = f"{name}.md"
    try:
        packaged = resources.files("kling_lsp").joinpath("rule_docs", filename)
        if packaged.is_file():
            return Path(str(packaged))
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        pass
    page = _CHECKOUT_DOCS / filename
    return page if page.is_file() else None


@lru_cache(maxsize=None)
def rule_doc(name: str) -> str | None:
    """The Markdown page of rule `name`, or None when it has none."""
    path = rule_doc_path(name)
    return path.read_text(encoding="utf-8") if path is not None else None


def rule_summary(name: str) -> str | None:
    """The first paragraph after the title: a sentence fit for a tooltip."""
    doc = rule_doc(name)
    if doc is None:
        return None
    for block in doc.split("\n\n"):
        block = block.strip()
        if block and not block.startswith("#"):
            return " ".join(block.split())
    return None
