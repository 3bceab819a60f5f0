"""Project configuration: `kling.toml`, `.kling.toml` or `[tool.kling]` in `pyproject.toml`,
found by walking up from the checked file. Every option is declared once in OPTIONS, so
validation, documentation and the editor settings share one table.
"""

from __future__ import annotations

import logging
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from .findings import Severity
from .settings import suggest

CONFIG_FILES = ("kling.toml", ".kling.toml")
SEVERITY_CHOICES = ("off", "hint", "information", "warning", "error")


@dataclass(frozen=True)
class Option:
    name: str
    kind: type  # int, float or tuple (a list of language codes)
    default: object
    minimum: float
    maximum: float  # the range keeps nan, inf and typos like 1e308 out of the rules' arithmetic
    help: str


VOICED_LANGUAGES = ("en", "zh", "ja", "ko", "es")

OPTIONS: dict[str, Option] = {
    o.name: o
    for o in (
        Option("max-dialogue-words", int, 20, 1, 1000, "words of lip-synced dialogue per clip before sync tends to drift"),
        Option("max-speakers", int, 1, 1, 20, "distinct on-screen speakers per clip before lip-sync accuracy drops"),
        Option("words-per-second", float, 2.5, 0.5, 10, "speaking rate for space-separated languages"),
        Option("chars-per-second", float, 4.5, 0.5, 20, "speaking rate for Chinese and Japanese, in characters"),
        Option("max-voices", int, 2, 0, 10, "distinct <<<voice_N>>> references per clip (2 in the Kling 3.0 API spec)"),
        Option("max-audio-layers", int, 5, 1, 20, "dialogue, music, ambience and sound effects per clip before artifacts"),
        Option("voiced-languages", tuple, VOICED_LANGUAGES, 0, 0,
               "languages Kling voices natively (the release notes name en, zh, ja, ko, es)"),
    )
}


class ConfigError(ValueError):
    """A one-line reason that names the file, the key and what is allowed."""


@dataclass(frozen=True)
class Config:
    options: Mapping[str, object] = field(default_factory=lambda: {k: o.default for k, o in OPTIONS.items()})
    rules: Mapping[str, str] = field(default_factory=dict)  # rule -> severity name or "off"
    path: Path | None = None

    def get(self, name: str):
        return self.options[name]

    def severity_for(self, rule: str, default: Severity) -> Severity | None:
        """The configured severity of `rule`; None when it is turned off."""
        choice = self.rules.get(rule)
        if choice is None:
            return default
        if choice == "off":
            return None
        return Severity.parse(choice)


def parse_config(data: Mapping, source: str, known_rules: tuple[str, ...]) -> Config:
    """Validate a [tool.kling] / kling.toml table; raise ConfigError on the first problem."""
    options = {k: o.default for k, o in OPTIONS.items()}
    rules: dict[str, str] = {}
    for key, value in data.items():
        if key == "rules":
            if not isinstance(value, Mapping):
                raise ConfigError(f"{source}: 'rules' must be a table of rule = \"severity\" lines")
            for rule, severity in value.items():
                if rule not in known_rules:
                    raise ConfigError(
                        f"{source}: rules.{rule}: no such rule{suggest(rule, known_rules)}; "
                        "`kling rules` lists them"
                    )
                if not isinstance(severity, str) or severity.lower() not in SEVERITY_CHOICES:
                    raise ConfigError(
                        f"{source}: rules.{rule}: {severity!r} is not a severity; allowed: {' | '.join(SEVERITY_CHOICES)}"
                    )
                rules[rule] = severity.lower()
            continue
        option = OPTIONS.get(key)
        if option is None:
            raise ConfigError(
                f"{source}: unknown key {key!r}{suggest(key, tuple(OPTIONS))}; allowed: "
                f"{', '.join(OPTIONS)}, [rules]"
            )
        if option.kind is tuple:
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise ConfigError(f"{source}: {key}: must be a list of language codes like [\"en\", \"es\"], got {value!r}")
            options[key] = tuple(v.strip().lower() for v in value)
            continue
        options[key] = _number(option, value, source)
    return Config(options, rules)


def _number(option: Option, value: object, source: str) -> int | float:
    """`value` as the option's kind, or ConfigError naming the allowed range."""
    whole = option.kind is int
    allowed = f"a {'whole number' if whole else 'number'} from {option.minimum:g} to {option.maximum:g}"
    number_ok = isinstance(value, int) and not isinstance(value, bool) or isinstance(value, float) and math.isfinite(value)
    fraction = isinstance(value, float) and not value.is_integer()
    if not number_ok or (whole and fraction) or not option.minimum <= value <= option.maximum:
        raise ConfigError(f"{source}: {option.name}: must be {allowed}, got {value!r}")
    return option.kind(value)


def load_config_file(path: Path, known_rules: tuple[str, ...]) -> Config | None:
    """Config from one file; None for a pyproject.toml without [tool.kling]."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, Mapping) or "kling" not in tool:
            return None
        data = tool["kling"]
        if not isinstance(data, Mapping):
            raise ConfigError(f"{path}: [tool.kling] must be a table")
        source = f"{path} [tool.kling]"
    else:
        source = str(path)
    config = parse_config(data, source, known_rules)
    return Config(config.options, config.rules, path)


log = logging.getLogger("kling_lsp")


def find_config_file(start: Path, warn: Callable[[str], None] | None = None) -> Path | None:
    """The nearest kling.toml / .kling.toml / pyproject.toml with [tool.kling] above `start`.
    A pyproject.toml that cannot be read is skipped with a warning (to `warn`, else the log),
    unless it mentions tool.kling: then it is kling's file and the loader reports the problem."""
    directory = start if start.is_dir() else start.parent
    directory = directory.resolve()
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _configures_kling(pyproject, warn or log.warning):
            return pyproject
    return None


def _configures_kling(pyproject: Path, warn: Callable[[str], None]) -> bool:
    try:
        raw = pyproject.read_bytes()
    except OSError as exc:
        warn(f"{pyproject}: cannot read it ({exc.strerror or exc}); skipped")
        return False
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        if b"tool.kling" in raw:
            return True  # meant for kling: stop here and report it
        warn(f"{pyproject}: skipped, not valid TOML ({exc}); it has no [tool.kling]")
        return False
    tool = data.get("tool")
    return isinstance(tool, Mapping) and "kling" in tool
