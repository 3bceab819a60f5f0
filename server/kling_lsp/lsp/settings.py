"""Which configuration a document gets: the nearest project file (kling.toml, .kling.toml,
[tool.kling] in pyproject.toml) above it, then the editor's `kling` settings on top.

Precedence (documented in docs/editors.md): built-in defaults < project file < editor
settings. A broken file or setting is reported once and the layer below is used.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Mapping

from ..core.config import Config, ConfigError, find_config_file, load_config_file, parse_config
from ..core.rules import rule_names


def kebab(key: str) -> str:
    """maxDialogueWords -> max-dialogue-words (editors often camel-case setting names)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "-" + m.group(1).lower(), key)


def editor_table(settings: Mapping | None) -> dict:
    """The editor's `kling` settings in kling.toml's shape; keys the server itself uses
    (trace, interpreter, ...) are left out."""
    if not isinstance(settings, Mapping):
        return {}
    table: dict = {}
    for key, value in settings.items():
        name = kebab(str(key))
        if name == "rules" and isinstance(value, Mapping):
            table["rules"] = {str(k): v for k, v in value.items() if v not in (None, "", "default")}
        elif name in _OPTION_NAMES() and value is not None:
            table[name] = value
    return table


def _OPTION_NAMES() -> set[str]:
    from ..core.config import OPTIONS

    return set(OPTIONS)


class ConfigResolver:
    """Configs per document path, cached by project file; reports problems through `report`."""

    def __init__(self, report: Callable[[str], None]) -> None:
        self.report = report
        self.editor: dict = {}
        self._files: dict[Path | None, Config] = {}
        self._found: dict[Path, Path | None] = {}  # folder -> its project file (no disk walk per keystroke)
        self._reported: set[str] = set()

    def set_editor_settings(self, settings: Mapping | None) -> None:
        self.editor = editor_table(settings)
        self._files.clear()

    def invalidate(self) -> None:
        self._files.clear()
        self._found.clear()

    def _warn(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            self.report(message)

    def for_path(self, path: Path | None) -> Config:
        found = None
        if path is not None:
            folder = path.parent if path.suffix else path
            if folder in self._found:
                found = self._found[folder]
            else:
                try:
                    found = find_config_file(folder, lambda m: self._warn(f"kling: {m}"))
                except OSError:
                    found = None
                self._found[folder] = found
        cached = self._files.get(found)
        if cached is not None:
            return cached
        base = Config()
        if found is not None:
            try:
                base = load_config_file(found, rule_names()) or Config()
            except ConfigError as exc:
                self._warn(f"kling: {exc}; using the defaults")
        config = base
        if self.editor:
            try:
                editor = parse_config(self.editor, "editor settings (kling)", rule_names())
                options = dict(base.options)
                options.update({k: editor.options[k] for k in self.editor if k != "rules"})
                rules = dict(base.rules)
                rules.update(editor.rules)
                config = Config(options, rules, base.path)
            except ConfigError as exc:
                self._warn(f"kling: {exc}; using the project's settings")
        self._files[found] = config
        return config
