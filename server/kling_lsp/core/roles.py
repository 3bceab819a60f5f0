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
from .quotes import TERMINATORS, RawQuote
from .vocab import Vocabulary

# `key: "value"`, `- key = "value"`, `"key": "value"`, `Name (style): "line"` at a line start
_KEY = re.compile(
    r"[ \t]*(?:[-*\u2022>]+[ \t]*)?(?:\*\*)?"
    r"(?:[\"\u201c](?P<qkey>[^\"\u201c\u201d\n]{1,40})[\"\u201d]"
    r"|(?P<key>[^\W\d][\w'\u2019.&/-]*(?:[ \t]+[\w'\u2019.&/#-]+){0,3}?))"
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
    prose: bool = False  # a text that describes the scene in words (`"action": "…"`), read as prose is


TEXT = "text"
SPEECH = "speech"


class LineRoles:
    """Roles of the quotes on one line, decided by the line's structure."""

    def __init__(self, text: str, vocab: Vocabulary) -> None:
        self.text = text
        self.vocab = vocab
        self._field_name: int | None = None  # the quoted key of the line being read

    def read(self, start: int, end: int, quotes: list[RawQuote]) -> list[Role | None]:
        text = self.text
        roles: list[Role | None] = [None] * len(quotes)
        if not quotes:
            return roles
        self._field_name = None
        key_role = self._key_role(start, end, quotes)
        if self._field_name is not None:
            roles[self._field_name] = Role(TEXT, reason="a field name")
        if key_role is not None and key_role[1].kind == SPEECH and _says_nothing(text, quotes[key_role[0]]):
            key_role = (key_role[0], Role(TEXT, reason="a field that says there is no line"))
        if key_role is not None and key_role[1].kind == TEXT and self._tagged(quotes[key_role[0]].end, end):
            key_role = None  # `Scene 2: "Run!" she yells.`: the tag after the quote makes it a line
        if key_role is not None:
            roles[key_role[0]] = key_role[1]
            # `tags: "a", "b"`: a list of values shares the field's role
            if key_role[1].kind == TEXT:
                for n in range(key_role[0] + 1, len(quotes)):
                    if not _BETWEEN_LIST.fullmatch(text, quotes[n - 1].end, quotes[n].start):
                        break
                    roles[n] = key_role[1]
        for n, q in enumerate(quotes):
            if roles[n] is None and n > 0 and self._pair(quotes[n - 1], q):
                # `{"speaker": "Mara", "line": "…"}`: a quoted key and its value anywhere on the line
                roles[n - 1] = Role(TEXT, reason="a field name")
                roles[n] = self._value_role(quotes[n - 1], q)
            if roles[n] is None and (n > 0 or key_role is None):
                roles[n] = self._inline_key(start, end, quotes, n)
            if roles[n] is not None:
                continue
            reason = self._title_or_song(start, end, q)
            if reason:
                roles[n] = Role(TEXT, reason=reason)
        return roles

    def _pair(self, key: RawQuote, value: RawQuote) -> bool:
        return key.closed and key.inner_end - key.inner_start <= 40 and \
            bool(_PAIR_GAP.fullmatch(self.text, key.end, value.start))

    def _value_role(self, key: RawQuote, value: RawQuote) -> Role:
        role = self._role_of_key(self.text[key.inner_start:key.inner_end], None, None, quoted=True)
        if role is None:
            return Role(TEXT, reason="a field value", prose=True)
        if role.kind == SPEECH and _says_nothing(self.text, value):
            return Role(TEXT, reason="a field that says there is no line")
        return role

    def _inline_key(self, start: int, end: int, quotes: list[RawQuote], n: int) -> Role | None:
        """A key that opens a sentence in the middle of a line (`… 4 seconds." Scene 2: "…"`,
        `The door opens. Mara (softly): "…"`) decides its quote's role as a key at the line's start does."""
        text = self.text
        q = quotes[n]
        floor = quotes[n - 1].end if n > 0 else start
        begin = None
        if n > 0 and text[quotes[n - 1].inner_end - 1:quotes[n - 1].inner_end] in TERMINATORS:
            begin = floor  # `"… 4 seconds." Scene 2:`: the quote before ended its sentence
        for m in _SENTENCE_BREAK.finditer(text, floor, q.start):
            begin = m.end()
        if begin is None or begin == start:
            return None  # a key at the line's start is read by `_key_role`
        while begin < q.start and text[begin] in " \t":
            begin += 1
        m = _KEY.match(text, begin, q.start)
        if m is None or m.end() != q.start or m.group("key") is None:
            return None
        paren = (m.start("paren"), m.end("paren")) if m.group("paren") else None
        if m.group("after"):
            paren = (m.start("after"), m.end("after"))
        role = self._role_of_key(m.group("key"), (m.start("key"), m.end("key")), paren)
        if role is not None and role.kind == TEXT and self._tagged(q.end, end):
            return None
        if role is not None and role.kind == SPEECH and paren is None and \
                self._unknown_name(m.group("key"), m.start("key")):
            return None  # `He mutes himself. Unmutes: "Sorry…"`: a verb capitalised, not a name; a cue
            # with a direction (`Mara (softly):`) has the shape of a screenplay's, and names someone
        return role

    def _unknown_name(self, key: str, at: int) -> bool:
        """Whether a key read as a name in running prose is no one the prompt names elsewhere: a
        person noun or a name written again nearby (the window keeps the search linear)."""
        words = key.split()
        if any(w.lower() in self.vocab.person_nouns for w in words):
            return False
        near = self.text[max(0, at - _NAME_WINDOW):at] + " " + self.text[at + len(key):at + len(key) + _NAME_WINDOW]
        return re.search(r"(?<![\w'])" + re.escape(key) + r"(?![\w'])", near) is None

    def _tagged(self, quote_end: int, end: int) -> bool:
        """A speech verb in the clause right after a quote (`"…" she yells`, `"…", says Ana`)."""
        stop = _CLAUSE_END.search(self.text, quote_end, min(end, quote_end + 40))
        stop_at = stop.start() if stop else min(end, quote_end + 40)
        return any(True for _ in self.vocab.speech_verb_matcher.finditer(self.text, quote_end, stop_at))

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
        if m.group("qkey") is not None and quotes[0].start < m.end():
            self._field_name = 0  # `"subtitles": false`, `"shot": {`: a key, whatever its value
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
            return (value, role) if value is not None and role is not None else None
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
            if _CJK_DIALOGUE_KEY.search(key):
                return Role(SPEECH, None, paren, "a dialogue field")  # `台词：`, `セリフ：`: who says it is read later
            return None  # Chinese and Japanese lead-ins (`老人说：`) are read by the speaker analysis
        words = key.replace("_", " ").replace("-", " ").split()
        while len(words) > 1 and _ORDINAL.fullmatch(words[-1]):
            words.pop()  # `Scene 1`, `Shot 2b`, `Beat #3`: the part of the clip, numbered
        low = " ".join(w.lower() for w in words)
        kinds = self.vocab.section_kinds
        last = words[-1].lower() if words else ""
        if kinds.get(low) == "dialogue" or kinds.get(last) == "dialogue" or any(w.lower() in _SPEECH_KEYS for w in words):
            # `Dialogue: "…"`, `Casual dialogue: "…"`, `line (quiet): "…"`, `voiceover: "…"`
            return Role(SPEECH, None, paren, "a dialogue field")
        if low in kinds or last in kinds or low in _TEXT_KEYS or last in _TEXT_KEYS:
            shown = low in _SHOWN_KEYS or last in _SHOWN_KEYS
            return Role(TEXT, reason=f"the value of a {low!r} field", prose=not shown)
        things = self.vocab.text_after_words
        if words and words[0].lower() in things and not any(w.lower() in self.vocab.person_nouns for w in words):
            return Role(TEXT, reason="what a thing shows")  # `Caption appears:`, `Notification pops up:`
        if quoted or key_span is None or _IDENTIFIER.fullmatch(key):
            return Role(TEXT, reason="a field value", prose=True)  # `"mood": "…"`, `camera_move: "…"`, `ending: "…"`
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
        things = self.vocab.text_after_words
        for word in _WORD.finditer(text, max(start, q.start - 80), q.start):
            if word.group().lower() in things and _PLACED_COLON.fullmatch(text, word.end(), q.start) and \
                    not any(True for _ in self.vocab.speech_verb_matcher.finditer(text, word.start(), q.start)):
                return "the words written on a thing"  # `looks up at an inscription on the wall: "…"`
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


# the value of a dialogue field that says there is none: `"dialogue": "none"`, `line: "N/A"`, `台词："无"`
_NOTHING = re.compile(r"[ \t]*[(\[]?[ \t]*(?:none|n/?a|null|nil|nothing|tbd|-+|\u2014|\u2013|"
                      r"no[ \t]+(?:dialogue|dialog|lines?|speech|voice(?:[- ]?over)?|narration|words)|"
                      r"silent|silence|\u65e0|\u7121|\u65e0\u5bf9\u767d|\u6ca1\u6709|\u306a\u3057)"
                      r"[ \t]*[)\]]?[ \t.]*", re.IGNORECASE)


def _says_nothing(text: str, q: RawQuote) -> bool:
    return bool(_NOTHING.fullmatch(text, q.inner_start, q.inner_end))


_ORDINAL = re.compile(r"#?\d+[a-z]?|[ivx]{1,4}|\d+(?:\.\d+)?s?[\u2013-]\d+(?:\.\d+)?s?", re.IGNORECASE)
_CJK_DIALOGUE_KEY = re.compile("\u53f0\u8bcd|\u53f0\u8a5e|\u5bf9\u767d|\u5c0d\u767d|\u5bf9\u8bdd|\u5c0d\u8a71|"
                               "\u65c1\u767d|\u30bb\u30ea\u30d5|\u30ca\u30ec\u30fc\u30b7\u30e7\u30f3")
# a thing that shows words, perhaps placed (`an inscription on the wall`), then the colon that hands
# over what it shows
_WORD = re.compile(r"\b[A-Za-z][A-Za-z-]*\b")
_PLACED_COLON = re.compile(
    r"(?:[ \t]+(?:on|above|over|across|at|in|of|behind|below|under|near|by|beside)[ \t]+"
    r"(?:(?:the|a|an|its|his|her|their)[ \t]+)?[\w-]+){0,2}[ \t]*[:\uff1a][ \t]*", re.IGNORECASE)
_NAME_WINDOW = 2000  # characters each side of a name read in running prose, where it is looked for again
_PAIR_GAP = re.compile(r"[ \t]*:[ \t]*")
_SENTENCE_BREAK = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*[ \t]+")
_CLAUSE_END = re.compile(r"[.!?;\u3002\uff01\uff1f]|[\"\u201c\u300c]")
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
# keys whose value is words shown or named (a title, a caption, a song), not a description of the scene
_SHOWN_KEYS = {"title", "titles", "name", "caption", "captions", "subtitle", "subtitles", "text", "on-screen text",
               "on screen text", "onscreen text", "overlay", "text overlay", "sign", "signage", "logo", "tagline",
               "slogan", "label", "hashtag", "song", "track", "headline", "banner", "card", "end screen", "url",
               "id", "file", "image", "video", "cta", "call to action", "thumbnail", "tags", "keywords"}
# keys whose quoted value is never speech: titles, text, transitions, prompts, settings
_TEXT_KEYS = {"title", "titles", "name", "caption", "captions", "subtitle", "subtitles", "text", "on-screen text",
              "on screen text", "onscreen text", "overlay", "text overlay", "sign", "signage", "logo", "tagline",
              "slogan", "label", "hashtag", "transition", "ending", "opening", "end", "start", "cut", "fade",
              "prompt", "negative prompt", "negative_prompt", "song", "track", "theme", "genre", "id", "type",
              "model", "mode", "ratio", "url", "image", "video", "file", "tags", "keywords", "category",
              "emotion", "action", "motion", "movement", "shot", "angle", "lighting", "color", "colour", "palette",
              "props", "prop", "wardrobe", "costume", "outfit", "description", "summary", "concept", "idea",
              "hook", "cta", "call to action", "headline", "banner", "card", "effect", "vfx", "sfx",
              "frame", "screen", "end screen", "outro", "intro", "freeze frame", "still", "thumbnail",
              # the parts of a clip, numbered or not (`Beat #3:`, `Part II:`): their value is what happens
              "beat", "beats", "part", "segment", "panel", "take", "clip", "act", "chapter", "moment", "step"}
