"""Which language a line of dialogue is in.

Chinese, Japanese and Korean are told apart by their scripts (Han, Kana, Hangul), which is
exact and instant. Latin-script text goes to py3langid (a maintained langid.py: a 4.5 MB
offline model), restricted to a handful of likely languages, which is what makes it
reliable on short lines. The model loads on first use, off the path of a file's first
findings, and results are cached per text.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

LATIN_CANDIDATES = ("en", "es", "fr", "de", "it", "pt", "nl")
NAMES = {
    "en": "English", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "es": "Spanish",
    "fr": "French", "de": "German", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
}
# how prompts name each language, in English and in the language itself
LANGUAGE_WORDS = {
    "en": ("english", "英文", "英语", "英語"),
    "zh": ("chinese", "mandarin", "cantonese", "中文", "普通话", "国语", "粤语", "汉语", "華語", "中国語"),
    "ja": ("japanese", "日本語", "日语", "日文"), "ko": ("korean", "한국어", "韩语", "韩文"),
    "es": ("spanish", "español", "espanol", "castellano"), "fr": ("french", "français"),
    "de": ("german", "deutsch"), "it": ("italian", "italiano"), "pt": ("portuguese", "português", "portugues"),
    "nl": ("dutch", "nederlands"), "ru": ("russian",), "ar": ("arabic",), "hi": ("hindi",),
}
_STATED = {code: re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, words)) + r")(?![\w])", re.IGNORECASE)
           for code, words in LANGUAGE_WORDS.items()}
_CJK_SCRIPT = {"zh": "han", "ja": "kana", "ko": "hangul"}
MIN_CONFIDENCE = 0.8
MIN_LATIN_WORDS = 3
PROSE_SAMPLE = 2000  # characters of prose enough to tell the language it is written in

_SCRIPTS = [
    ("hangul", re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")),
    ("kana", re.compile("[\u3040-\u30ff]")),
    ("han", re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    ("cyrillic", re.compile("[\u0400-\u04ff]")),
    ("arabic", re.compile("[\u0600-\u06ff]")),
    ("hebrew", re.compile("[\u0590-\u05ff]")),
    ("greek", re.compile("[\u0370-\u03ff]")),
    ("devanagari", re.compile("[\u0900-\u097f]")),
    ("thai", re.compile("[\u0e00-\u0e7f]")),
    ("latin", re.compile("[A-Za-z\u00c0-\u024f]")),
]
SCRIPT_NAMES = {"cyrillic": "Cyrillic", "arabic": "Arabic", "hebrew": "Hebrew", "greek": "Greek",
                "devanagari": "Devanagari", "thai": "Thai"}
_SPANISH_MARKS = re.compile("[\u00bf\u00a1\u00f1\u00d1]")


@dataclass(frozen=True)
class Detected:
    code: str | None  # ISO 639-1, or None when the script is known but the language is not
    name: str  # "Spanish", or "a Cyrillic-script language"
    by_script: bool


# The language server sets a callback here: instead of waiting for the model while a file's
# first findings are due, Latin-script lines go unjudged until the model has loaded in the
# background, and the callback then asks for every document to be checked again.
on_model_loaded: "Callable[[], None] | None" = None
_loading = threading.Lock()
_loader: threading.Thread | None = None
# Per thread: whether a line went unjudged for want of the model since the last reset, so that
# a cache of results can mark (and later drop) just the clips whose findings may change.
_unjudged = threading.local()


def reset_unjudged() -> None:
    _unjudged.seen = False


def unjudged_since_reset() -> bool:
    return getattr(_unjudged, "seen", False)


def _load_in_background() -> None:
    global _loader
    with _loading:
        if _loader is not None:
            return

        def load() -> None:
            _identifier()
            callback = on_model_loaded
            if callback is not None:
                callback()

        _loader = threading.Thread(target=load, name="kling-language-model", daemon=True)
        _loader.start()


def model_ready() -> bool:
    return _identifier.cache_info().currsize > 0


@lru_cache(maxsize=1)
def _identifier():
    from .langmodel import load_identifier

    identifier = load_identifier(norm_probs=True)  # py3langid's own loader writes a temp file
    identifier.set_languages(list(LATIN_CANDIDATES))
    return identifier


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from .vocab import load_raw

    return frozenset(load_raw("language_hints")["english"]["function_words"])


def _plainly_english(words: list[str]) -> bool:
    """Most English lines are full of words no other candidate language uses; telling them
    apart this way spares loading the model (about 0.7 s) for English-only files."""
    if any(not w.isascii() for w in words):
        return False
    lowered = [w.lower().replace("\u2019", "'") for w in words]
    hits = [w for w in lowered if w in _english_words()]
    return len(set(hits)) >= 2 and len(hits) >= 0.25 * len(lowered)


def latin_script(text: str) -> bool:
    """Whether most of the letters of `text` are Latin ones (English, Spanish...), not Hangul, Han,
    Cyrillic and the like; False when it has no letters."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if c < "\u0250") * 2 > len(letters)


def intended(code: str, prose: str) -> bool:
    """Whether the prompt's own words (outside its quotes) show the writer chose `code`: they name
    the language (`says in Mandarin`, `Language: Spanish`) or are themselves written in its script."""
    stated = _STATED.get(code)
    if stated is not None and stated.search(prose):
        return True
    script = dict(_SCRIPTS).get(_CJK_SCRIPT.get(code, ""))
    if script is None:  # a Latin-script language: the prose is written in it
        found = detect(prose[:PROSE_SAMPLE])
        return found is not None and found.code == code
    own = len(script.findall(prose)) + (len(dict(_SCRIPTS)["han"].findall(prose)) if code == "ja" else 0)
    latin = len(re.findall(r"[A-Za-z]", prose))
    return own > latin


def detect(text: str) -> Detected | None:
    """The language of `text`, or None when it is too short or too unclear to say."""
    found = _detect(text)
    if found is _PENDING:
        return None
    return found


_PENDING = Detected(None, "pending", False)


def _detect(text: str) -> Detected | None:
    if on_model_loaded is not None and not model_ready():
        return _detect_uncached(text)  # never cache answers given before the model loaded
    return _detect_cached(text)


@lru_cache(maxsize=8192)
def _detect_cached(text: str) -> Detected | None:
    return _detect_uncached(text)


def _detect_uncached(text: str) -> Detected | None:
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPTS}
    total = sum(counts.values())
    if total == 0:
        return None
    if counts["hangul"] and counts["hangul"] >= counts["han"] + counts["kana"]:
        return Detected("ko", NAMES["ko"], True)
    if counts["kana"]:
        return Detected("ja", NAMES["ja"], True)
    if counts["han"] and counts["han"] * 2 >= counts["latin"]:
        return Detected("zh", NAMES["zh"], True)
    top = max(counts, key=counts.get)
    if top in SCRIPT_NAMES:
        return Detected(None, f"a {SCRIPT_NAMES[top]}-script language", True)
    if _SPANISH_MARKS.search(text):
        return Detected("es", NAMES["es"], True)
    words = re.findall(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?", text)
    if len(words) < MIN_LATIN_WORDS:
        return None
    if _plainly_english(words):
        return Detected("en", NAMES["en"], False)
    if on_model_loaded is not None and not model_ready():
        _load_in_background()
        _unjudged.seen = True
        return _PENDING  # judged once the model is there (the server re-checks)
    code, probability = _identifier().classify(text)
    if probability < MIN_CONFIDENCE:
        return None
    return Detected(code, NAMES.get(code, code), False)
