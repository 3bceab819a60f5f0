"""Clip settings (model, duration, aspect, language, sound): their allowed values, how raw
text from front matter or a heading attribute becomes a value, and the defaults.

Front matter and heading attributes share this one table, so both accept and reject the
same things with the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from difflib import get_close_matches
from typing import Callable

MODELS = ("kling-3.0", "kling-2.6")
ASPECTS = ("16:9", "9:16", "1:1")
LANGUAGES = ("en", "zh", "ja", "ko", "es")
LANGUAGE_NAMES = {
    "english": "en", "chinese": "zh", "mandarin": "zh", "japanese": "ja",
    "korean": "ko", "spanish": "es", "español": "es", "中文": "zh", "日本語": "ja", "한국어": "ko",
}
DEFAULT_DURATION = 5  # Kling's own default clip length, in seconds


class SettingError(ValueError):
    """A raw value that a setting cannot take; the message says what is allowed."""


def _model(raw: str) -> str:
    value = raw.strip().lower().replace(" ", "-")
    if not value.startswith("kling"):
        value = "kling-" + value
    value = value.replace("kling-v", "kling-").replace("kling--", "kling-")
    if value in ("kling-3", "kling-3.0"):
        return "kling-3.0"
    if value == "kling-2.6":
        return value
    raise SettingError(f"unknown model {raw.strip()!r}; use one of {', '.join(MODELS)}")


_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?)?\s*", re.IGNORECASE)


def _duration(raw: str) -> int:
    match = _DURATION.fullmatch(raw)
    if not match:
        raise SettingError(f"duration must be a whole number of seconds, like 5 or 10s; got {raw.strip()!r}")
    number = float(match.group(1))
    if number != int(number) or number <= 0:
        raise SettingError(f"duration must be a whole number of seconds above 0; got {raw.strip()!r}")
    return int(number)


def _aspect(raw: str) -> str:
    value = raw.strip().replace(" ", "").replace("x", ":").replace("/", ":")
    if value in ASPECTS:
        return value
    raise SettingError(f"unknown aspect ratio {raw.strip()!r}; use one of {', '.join(ASPECTS)}")


def _language(raw: str) -> str:
    value = raw.strip().lower()
    value = LANGUAGE_NAMES.get(value, value)
    if value in LANGUAGES:
        return value
    raise SettingError(
        f"Kling 3.0 voices {', '.join(LANGUAGES)}; {raw.strip()!r} is not one of them"
    )


def _sound(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("on", "true", "yes", "1"):
        return True
    if value in ("off", "false", "no", "0"):
        return False
    raise SettingError(f"sound must be on or off; got {raw.strip()!r}")


def _title(raw: str) -> str:
    return raw.strip()


PARSERS: dict[str, Callable[[str], object]] = {
    "title": _title,
    "model": _model,
    "duration": _duration,
    "aspect": _aspect,
    "language": _language,
    "sound": _sound,
}
CLIP_KEYS = ("model", "duration", "aspect", "language", "sound")  # the ones a heading may set


def suggest(name: str, known: tuple[str, ...] | list[str]) -> str:
    """' (did you mean X?)' for a near miss, else ''."""
    close = get_close_matches(name.lower(), list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_setting(key: str, raw: str) -> object:
    return PARSERS[key](raw)


@dataclass(frozen=True, slots=True)
class ClipSettings:
    """Effective settings of one clip, with where each came from (default, front matter,
    attribute) so hover can explain them."""

    model: str = "kling-3.0"
    duration: int = DEFAULT_DURATION
    aspect: str = "16:9"
    language: str | None = None
    sound: bool = True
    sources: tuple[tuple[str, str], ...] = field(default=())

    def source_of(self, key: str) -> str:
        return dict(self.sources).get(key, "default")

    def updated(self, values: dict[str, object], source: str) -> "ClipSettings":
        known = tuple(sorted((k, v) for k, v in values.items() if k in CLIP_KEYS))
        if not known:
            return self
        return _updated(self, known, source)


@lru_cache(maxsize=256)
def _updated(base: ClipSettings, known: tuple[tuple[str, object], ...], source: str) -> ClipSettings:
    """Memoised: a storyboard repeats the same few attribute sets across many clips."""
    sources = dict(base.sources)
    sources.update({k: source for k, _ in known})
    return replace(base, sources=tuple(sorted(sources.items())), **dict(known))
