"""What a quote is, read from where it stands before anyone asks who says it.

A quote is speech only when something marks it as speech (a speaker, a speech verb, a
dialogue field). Prompts pasted from tools and guides are full of quotes that are not:
field values in YAML- or JSON-like prompts (`transition: "[CUT TO]"`), titles (`🎞 "Glass
Harbour" — teaser`), songs (`Soundtrack: "Moonlit Drive" by …`), on-screen text. This module
reads a line's structure (a leading key and its separator, a title mark, a music cue) and
says, for each quote, whether the structure already decides its role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .language import LANGUAGE_WORDS
from .quotes import RawQuote
from .vocab import Vocabulary

# `key: "value"`, `- key = "value"`, `"key": "value"`, `Name (style): "line"` at a line start
_KEY = re.compile(
    r"[ \t]*(?:[-*\u2022>]+[ \t]*)?(?:\*\*)?"
    r"(?:[\"\u201c](?P<qkey>[^\"\u201c\u201d\n]{1,40})[\"\u201d]"
    r"|(?P<key>[^\W\d][\w'\u2019.&/-]*(?:[ \t]+[\w'\u2019.&/-]+){0,3}?))"
    r"(?:[ \t]*\((?P<paren>[^()\n]{1,120})\))?(?:\*\*)?[ \t]*(?P<sep>[:=\uff1a])[ \t]*(?:\*\*)?[ \t]*"
    r"(?:\((?P<after>[^()\n]{1,120})\)[ \t]*)?"
)
# words that make a quote a title: `a film called "…"`, `titled "…"`, `"…" — teaser`
_TITLE_BEFORE = re.compile(r"(?:\b(?:titled|entitled|called|named|title|film|movie|trailer|teaser|episode|album|"
                           r"song|track|single|brand|logo|tagline|slogan|hashtag|caption|subtitle|subtitles)"
                           r"|[\U0001f39e\U0001f3ac\U0001f3a5\U0001f4fd\U0001f3b5\U0001f3b6\U0001f3bc\u266a\u266b])"
                           r"[ \t:,\u2014\u2013-]*$", re.IGNORECASE)
_TITLE_AFTER = re.compile(r"[ \t]*(?:[\u2014\u2013-]+|:|,)?[ \t]*(?:a[ \t]+|an[ \t]+|the[ \t]+)?"
                          r"(?:teaser|trailer|title[ \t]+card|title|logo|tagline|slogan|intro|opening[ \t]+titles?)\b",
                          re.IGNORECASE)
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z]+)\b")
_BY_ARTIST = re.compile(r"[ \t]*(?:\([^()\n]{0,40}\)[ \t]*)?by[ \t]+[A-Z\u00c0-\u00de]")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z][a-z0-9]*")
_TAG_WORDS = 6  # a quoted tag is a few words
# after a tag: a comma, then the next short item of the list (not `and walks away`)
_TAG_AFTER = re.compile(r"[ \t]*,[ \t]*[\"\u201c]?([^\W\d_]+|\d)(?:[^,\n]{0,60}),")
_GOES_ON = {"and", "then", "but", "as", "while", "he", "she", "they", "i", "we", "you", "before", "after", "so"}
_BETWEEN_LIST = re.compile(r"[ \t]*(?:[,;/|+&]|and|or)?[ \t]*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Role:
    """`kind`: text (not speech) or speech. A speech role may name its speaker and style."""

    kind: str
    speaker: tuple[int, int] | None = None  # the key that names who speaks
    style: tuple[int, int] | None = None  # a parenthesis after that key
    reason: str = ""


TEXT = "text"
SPEECH = "speech"


class LineRoles:
    """Roles of the quotes on one line, decided by the line's structure."""

    def __init__(self, text: str, vocab: Vocabulary) -> None:
        self.text = text
        self.vocab = vocab

    def read(self, start: int, end: int, quotes: list[RawQuote]) -> list[Role | None]:
        text = self.text
        roles: list[Role | None] = [None] * len(quotes)
        if not quotes:
            return roles
        key_role = self._key_role(start, end, quotes)
        if key_role is not None:
            roles[key_role[0]] = key_role[1]
            # `tags: "a", "b"`: a list of values shares the field's role
            if key_role[1].kind == TEXT:
                for n in range(key_role[0] + 1, len(quotes)):
                    if not _BETWEEN_LIST.fullmatch(text, quotes[n - 1].end, quotes[n].start):
                        break
                    roles[n] = key_role[1]
        for n, q in enumerate(quotes):
            if roles[n] is not None:
                continue
            reason = self._title_or_song(start, end, q)
            if reason:
                roles[n] = Role(TEXT, reason=reason)
        return roles

    def key_only(self, start: int, end: int) -> Role | None:
        """A key alone on its line, whose value is on the next: `Reporter (grinning):` gives a speaker's
        line; `Final frame:` or `Tagline:` gives text (a section word such as `Audio:` opens a section,
        which is read as one, and is no key of this kind)."""
        m = _KEY.match(self.text, start, end)
        if m is None or m.group("key") is None or self.text[m.end():end].strip():
            return None
        paren = (m.start("paren"), m.end("paren")) if m.group("paren") else None
        role = self._role_of_key(m.group("key"), (m.start("key"), m.end("key")), paren)
        if role is None:
            return None
        if role.kind == SPEECH:
            return role if role.speaker is not None else None
        words = m.group("key").lower().split()
        return role if words and (" ".join(words) in _TEXT_KEYS or words[-1] in _TEXT_KEYS) else None

    def text_lead(self, start: int, end: int) -> Role | None:
        """A line ending in a thing that shows words, then a colon (`Tiger's phone buzzes — fitness app
        notification:`): the quote alone on the next line is what it shows."""
        tail = self.text[max(start, end - 8):end].rstrip(" \t")
        if not tail.endswith((":", "\uff1a")):
            return None
        m = _ENDS_IN_A_THING.search(self.text, max(start, end - 60), end)
        if m is None or m.group(1).lower() not in self.vocab.text_after_words:
            return None
        return Role(TEXT, reason="what a thing shows")

    # --- a leading key ---------------------------------------------------------------
    def _key_role(self, start: int, end: int, quotes: list[RawQuote]) -> tuple[int, Role] | None:
        m = _KEY.match(self.text, start, end)
        if m is None:
            return None
        first = next((n for n, q in enumerate(quotes) if q.start >= m.end()), None)
        if first is None or quotes[first].start != m.end():
            # `"key": "value"`: the key itself is a quote, the value the next one
            if m.group("qkey") is not None and first is not None:
                pass
            else:
                return None
        if m.group("qkey") is not None:
            # the quoted key is quotes[0]; its value follows the separator
            key_quote = next((n for n, q in enumerate(quotes) if q.start < m.end()), None)
            value = first if first is not None and quotes[first].start == m.end() else None
            role = self._role_of_key(m.group("qkey"), None, None, quoted=True)
            result = None
            if value is not None and role is not None:
                result = (value, role)
            if key_quote is not None and key_quote != value:
                # the key names a field: never speech
                return result if result else (key_quote, Role(TEXT, reason="a field name"))
            return result
        key_span = (m.start("key"), m.end("key"))
        paren = (m.start("paren"), m.end("paren")) if m.group("paren") else None
        if m.group("after"):
            paren = (m.start("after"), m.end("after"))
        role = self._role_of_key(m.group("key"), key_span, paren)
        return (first, role) if role is not None else None

    def _role_of_key(self, key: str, key_span: tuple[int, int] | None, paren: tuple[int, int] | None,
                     quoted: bool = False) -> Role | None:
        if key.strip().lower() in _LANGUAGE_KEYS:
            return Role(TEXT, reason="a version of a line in one language")  # `English: "…"` / `中文：「…」`
        if _CJK.search(key):
            return None  # Chinese and Japanese lead-ins (`老人说：`) are read by the speaker analysis
        words = key.replace("_", " ").replace("-", " ").split()
        low = " ".join(w.lower() for w in words)
        kinds = self.vocab.section_kinds
        last = words[-1].lower() if words else ""
        if kinds.get(low) == "dialogue" or kinds.get(last) == "dialogue" or any(w.lower() in _SPEECH_KEYS for w in words):
            # `Dialogue: "…"`, `Casual dialogue: "…"`, `line (quiet): "…"`, `voiceover: "…"`
            return Role(SPEECH, None, paren, "a dialogue field")
        if low in kinds or last in kinds or low in _TEXT_KEYS or last in _TEXT_KEYS:
            return Role(TEXT, reason=f"the value of a {low!r} field")
        things = self.vocab.text_after_words
        if words and words[0].lower() in things and not any(w.lower() in self.vocab.person_nouns for w in words):
            return Role(TEXT, reason="what a thing shows")  # `Caption appears:`, `Notification pops up:`
        if quoted or key_span is None or _IDENTIFIER.fullmatch(key):
            return Role(TEXT, reason="a field value")  # `"mood": "…"`, `camera_move: "…"`, `ending: "…"`
        if any(w.lower() in self.vocab.person_nouns for w in words) or _name_like(words):
            split = self._subject_and_manner(key, key_span)
            if split is not None:  # `Protagonist laughs helplessly:`: the person, then how they speak
                return Role(SPEECH, split[0], paren or split[1], "a speaker's line")
            return Role(SPEECH, key_span, paren, "a speaker's line")
        return None  # prose before a colon (`She switches to French:`): the speaker analysis decides

    def _subject_and_manner(self, key: str, key_span: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """Split `Protagonist laughs helplessly` after its person noun when lowercase words follow it."""
        nouns = self.vocab.person_nouns
        for m in re.finditer(r"[\w'\u2019.&/-]+", key):
            if m.group().lower() in nouns:
                rest = key[m.end():].strip()
                if rest and rest[0].islower():
                    start = key_span[0]
                    manner = start + key.index(rest, m.end())
                    return (start, start + m.end()), (manner, manner + len(rest))
                return None
        return None

    # --- titles and songs ----------------------------------------------------------
    def _title_or_song(self, start: int, end: int, q: RawQuote) -> str:
        text = self.text
        before = text[max(start, q.start - 40):q.start]
        if _TITLE_BEFORE.search(before):
            return "a title"
        if _TITLE_AFTER.match(text, q.end, end):
            return "a title"
        after = _WORD_AFTER.match(text, q.end, end)
        if after is not None and after.group(1).lower() in self.vocab.text_after_words:
            return "the words written on a thing"  # `"CONFIDENTIAL" stamp`, `"OPEN" sign`
        if _BY_ARTIST.match(text, q.end, end):
            return "a song or work and its author"
        if self._tag_in_a_list(start, end, q):
            return "an item of a list of style tags"
        return ""

    def _tag_in_a_list(self, start: int, end: int, q: RawQuote) -> bool:
        """`…, "Overcast diffused light", 85 mm lens, dolly-in`: a few words quoted as one item of a
        comma list of tags. A quoted item after a speech verb (`says, "Hello", and leaves`) is speech."""
        text = self.text
        inner = text[q.inner_start:q.inner_end].strip()
        if not inner or len(inner.split()) > _TAG_WORDS or inner[-1] in ".!?…" or not q.closed:
            return False
        after = _TAG_AFTER.match(text, q.end, end)
        if after is None or after.group(1).lower() in _GOES_ON:
            return False
        before = text[start:q.start].rstrip()
        if before and before[-1] not in ",.;":
            return False
        item_start = max(before.rfind(","), before.rfind(";"), before.rfind(". ")) + 1 if before else 0
        item = (start + item_start, start + max(item_start, len(before) - 1))
        return not any(True for _ in self.vocab.speech_verb_matcher.finditer(text, *item))


_ENDS_IN_A_THING = re.compile(r"([^\W\d_]+)[ \t]*[:\uff1a][ \t]*$")


def _name_like(words: list[str]) -> bool:
    """`Anna`, `MARA`, `Detective Cole`: capitalised words, at most three."""
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words if w.lower() not in _NAME_JOINERS)


# keys that name a language: the line given in that language, often beside its translation
_LANGUAGE_KEYS = {word for words in LANGUAGE_WORDS.values() for word in words} | {"translation", "翻译", "译文", "訳"}
_NAME_JOINERS = {"de", "la", "van", "von", "da", "di", "del", "le", "of", "the", "el", "bin", "al"}
# keys whose quoted value is spoken
_SPEECH_KEYS = {"line", "lines", "says", "said", "voiceover", "voice over", "voice-over", "vo", "v.o.", "narration",
                "narrator", "quote", "spoken", "speaks", "asks", "whispers", "shouts", "replies"}
# keys whose quoted value is never speech: titles, text, transitions, prompts, settings
_TEXT_KEYS = {"title", "titles", "name", "caption", "captions", "subtitle", "subtitles", "text", "on-screen text",
              "on screen text", "onscreen text", "overlay", "text overlay", "sign", "signage", "logo", "tagline",
              "slogan", "label", "hashtag", "transition", "ending", "opening", "end", "start", "cut", "fade",
              "prompt", "negative prompt", "negative_prompt", "song", "track", "theme", "genre", "id", "type",
              "model", "mode", "ratio", "url", "image", "video", "file", "tags", "keywords", "category",
              "emotion", "action", "motion", "movement", "shot", "angle", "lighting", "color", "colour", "palette",
              "props", "prop", "wardrobe", "costume", "outfit", "description", "summary", "concept", "idea",
              "hook", "cta", "call to action", "headline", "banner", "card", "effect", "vfx", "sfx",
              "frame", "screen", "end screen", "outro", "intro", "freeze frame", "still", "thumbnail"}
