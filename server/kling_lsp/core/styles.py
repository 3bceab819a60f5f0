"""Where a line's speaking style comes from: a style is an attribute with a scope.

Writers say how a line is spoken in many places, not only beside the verb or in the label:
- the line: after it (`"We leave at dawn." in a low, steady voice`, `"Not now" — clipped`),
  or in its lead-in (`A hushed voiceover begins:`, `The nervous intern says`);
- the speaker: in a definition that covers all of that character's lines
  (`MARA (40s, husky, unhurried voice)`, `Characters: Theo — bright, fast talker`);
- the clip: a sentence or section about the voices (`[AUDIO] Calm close-mic narration`,
  `Voice: warm, slow`, `Calm, serious tone throughout`).
A line is styled when any enclosing scope gives it a style. Each found style keeps the words
and place it came from, so a message can name its evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from .model import Clip, Dialogue, Style
from .spans import Span
from .vocab import Vocabulary

_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f]+(?=[\s\"\u201d\u2019')\]]|$)|\n")
_WORD = re.compile(r"[a-z][a-z'-]*")
# nouns of voice and delivery: a phrase about one of these describes how lines are spoken
_VOICE_NOUNS = frozenset({
    "voice", "voices", "voiced", "tone", "tones", "delivery", "narration", "narrator", "voiceover", "voice-over",
    "vo", "accent", "speech", "dialogue", "dialog", "lines", "whisper", "whispers", "whispering", "timbre",
    "cadence", "intonation", "inflection", "pace", "pacing", "register", "diction", "talker", "speaker",
    "spoken", "speaking", "read", "reading",
    # nouns for talk itself: `deep in a heated, animated conversation` says how both of them speak
    "conversation", "conversations", "argument", "banter", "chatter", "debate", "discussion", "quarrel",
    "squabble", "interview", "monologue", "rant", "sermon", "announcement",
})
_BARE_NOUNS = frozenset({"tone", "voice", "pace", "pitch", "register", "breath", "cadence", "inflection", "timbre",
                         "accent"})
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PAREN_AFTER = re.compile(r"[ \t]*[\u3002.,\uff0c]?[ \t]*[(\uff08]([^()\uff08\uff09\n]{1,120})[)\uff09]")
_AFTER_LEAD = re.compile(r"[ \t]*(?:[,;:\u2014\u2013]|-{1,2}|\(|(?=[a-z]))")
# `with absolute conviction`, `with quiet confidence`: a bare with-phrase whose head is an abstract
# noun (known by its ending) tells how something is done; `with a bag` or `with glasses` does not
_ABSTRACT_MANNER = re.compile(
    r"\bwith[ \t]+(?:(?!(?:a|an|the|his|her|their|its|my|our|your|some|one|two|no)\b)[a-z][a-z'-]*[ \t]+){0,3}"
    r"[a-z]{3,}(?:tion|sion|ness|ity|ence|ance|ment|ism|ude)\b", re.IGNORECASE)
# what may stand between a manner phrase and the speech verb it qualifies: `with conviction as she
# says`, `with quiet authority, says`; not `looks at it with adoration, and says` (another verb's)
_ON_VERB = re.compile(r"[ \t]*,?[ \t]*(?:(?:as|while)[ \t]+[\w'\u2019]+[ \t]+)?(?P<verb>[a-z]+)\b", re.IGNORECASE)
_DEFINITION = re.compile(r"[ \t]*(?:\(([^()\n]{1,200})\)|[\u2014\u2013:][ \t]*([^\n.;]{1,200})|-{1,2}[ \t]+([^\n.;]{1,200}))")


class StyleScopes:
    """Finds the styles that cover a clip's lines beyond the line's own style."""

    def __init__(self, clip: Clip, vocab: Vocabulary, not_adverbs: frozenset[str],
                 definitions: list[Span] = ()) -> None:
        self.clip = clip
        self.definitions = sorted(definitions, key=lambda s: s.start)  # a character's, not the clip's
        self.text = clip.text
        self.vocab = vocab
        self.not_adverbs = not_adverbs

    # --- evidence ---------------------------------------------------------------
    def delivery_words(self, start: int, end: int, adverbs: bool = True) -> list[str]:
        """Words of text[start:end] that describe a delivery: tone words, manner adverbs (unless
        `adverbs` is false: before a speech verb they tell how the speaker moves), and verbs of
        delivery (whispers, shouts)."""
        found = []
        tone = self.vocab.tone_words
        verbs = self.vocab.speech_verbs
        for m in _WORD.finditer(self.text[start:end].lower()):
            word = m.group().strip("'-")
            if "-" in word and word not in tone:  # `Spanish-accented`, `soft-spoken`: judge the parts
                parts = [w for w in word.split("-") if w]
                word = next((w for w in parts if w in tone and w not in _BARE_NOUNS), parts[-1] if parts else word)
            if word in _VOICE_NOUNS or word in _BARE_NOUNS:
                continue  # what is described, not how: `@My Friend's Voice`, `the tone of the scene`
            if not adverbs and word.endswith("ly"):
                continue
            if word in tone:
                found.append(word)
            elif adverbs and word.endswith("ly") and len(word) > 4 and word not in self.not_adverbs:
                found.append(word)
            else:
                entry = verbs.get(word)
                if entry is not None and not entry.data.get("neutral", True):
                    found.append(word)
        return found

    def describes_voice(self, start: int, end: int) -> bool:
        """A phrase about voices (`calm close-mic narration`, `warm, slow voice`) that says how,
        and is not itself a speech tag (`… as he whispers`)."""
        words = [m.group() for m in _WORD.finditer(self.text[start:end].lower())]
        if not any(w in _VOICE_NOUNS for w in words):
            return False
        for _, _, form in self.vocab.speech_verb_matcher.finditer(self.text, start, end):
            if form.endswith(("s", "ed")) or form == "said":
                return False  # `… as he whispers`: a speech tag of some line, not a voice for all
        return any(w not in _VOICE_NOUNS for w in self.delivery_words(start, end, adverbs=True))

    # --- scopes -----------------------------------------------------------------
    def after_line(self, line: Dialogue, stop: int) -> Style | None:
        """`"…" in a low, steady voice` / `"…" — clipped, impatient`: a description that goes on
        the line's own sentence after the closing mark (up to `stop`: the next quote)."""
        text = self.text
        start = line.span.end
        paren = _PAREN_AFTER.match(text, start, stop)
        if paren is not None and (self.delivery_words(paren.start(1), paren.end(1))
                                  or _CJK.search(text, paren.start(1), paren.end(1))):
            # `"…" (low, restrained)` / `「…」（低く、抑えて）`: a note on the line; Chinese and Japanese
            # notes cannot be read word by word here, so any note counts
            return _style(text, paren.start(1), paren.end(1), "after")
        lead = _AFTER_LEAD.match(text, start, stop)
        if lead is None:
            return None
        end = _SENTENCE_END.search(text, lead.end(), stop)
        stop_at = end.start() if end else stop
        if self.delivery_words(lead.end(), stop_at) and _short(text, lead.end(), stop_at, 12):
            return _style(text, lead.end(), stop_at, "after")
        manner = _ABSTRACT_MANNER.match(text, lead.end(), stop_at)
        if manner is not None:  # `"…" — with absolute conviction`
            return _style(text, manner.start(), manner.end(), "after")
        return None

    def lead_in(self, line: Dialogue, floor: int) -> Style | None:
        """`A hushed voiceover begins:` / `- Startled, breathless:`: the words of the line's own
        sentence before it."""
        text = self.text
        begin = floor
        for m in _SENTENCE_END.finditer(text, floor, line.span.start):
            if m.end() < line.span.start:
                begin = m.end()
        if self.delivery_words(begin, line.span.start, adverbs=False):
            return _style(text, begin, line.span.start, "lead-in")
        for manner in _ABSTRACT_MANNER.finditer(text, begin, line.span.start):
            on_verb = _ON_VERB.match(text, manner.end(), line.span.start)
            if on_verb is not None and line.verb and on_verb["verb"].lower() == line.verb.lower():
                return _style(text, manner.start(), manner.end(), "lead-in")
        return None

    def in_subject(self, line: Dialogue) -> Style | None:
        """`The nervous informant … replies`: a tone word in the speaker's own noun phrase."""
        speaker = line.speaker
        if speaker is None or speaker.span is None or speaker.source not in ("subject", "name"):
            return None
        if self.delivery_words(speaker.span.start, speaker.span.end, adverbs=False):
            return _style(self.text, speaker.span.start, speaker.span.end, "lead-in")
        return None

    def definition(self, names: set[str], quotes: list[Span], described: list[Span] = (),
                   cues: frozenset[int] = frozenset()) -> Style | None:
        """A style given where a speaker is introduced: their definitions (`described`), or a
        parenthesis, a dash or a colon right after one of their names (`MARA (husky voice)`,
        `Theo — bright, fast talker`). A name that labels one of the lines (`cues`, as in
        `EINSTEIN (whispering): "…"`) directs that line only, as a screenplay cue does."""
        text = self.text
        for span in described:
            if self.delivery_words(span.start, span.end):
                return _style(text, span.start, span.end, "speaker")
        written = sorted((n for n in names if n), key=len, reverse=True)
        if not written:
            return None
        pattern = _names_pattern(tuple(written))
        body = self.clip.body
        for found in pattern.finditer(text, body.start, body.end):
            if _inside(quotes, found.start()) or _in_brackets(text, found.start()) or found.start() in cues:
                continue  # a label's own style is the label's: `[Ivo: porter, weary voice]`
            m = _DEFINITION.match(text, found.end(), body.end)
            if m is None:
                continue
            group = next(g for g in (1, 2, 3) if m.group(g) is not None)
            s, e = m.start(group), m.end(group)
            if not _inside(quotes, s) and self.delivery_words(s, e):
                return _style(text, s, e, "speaker")
        return None

    def clip_wide(self, quotes: list[Span], prose: list[Span] = (), claimed: set[int] = frozenset()) -> Style | None:
        """A sentence or section of its own, outside any quote, about how the voices sound
        (`Calm, serious tone.` after the lines, `[AUDIO] Warm close-mic narration`), or a sentence of a
        field value that describes the scene (`"action": "…, speaking excitedly to the camera"`)."""
        text = self.clip.text
        for value in prose:
            pos = value.start
            for end in [m.end() for m in _SENTENCE_END.finditer(text, value.start, value.end)] + [value.end]:
                if end > pos and not self._defines(pos, end) and self.describes_voice(pos, end):
                    return _style(text, pos, end, "clip")
                pos = end
        for line in self.clip.prompt_lines:
            if line.start in claimed:
                continue  # `tone: weary` in one line's record is that line's
            for ps, pe in _outside(quotes, line.start, line.end):
                # a piece that follows a quote starts a sentence only if the quote ended one
                opens = ps == line.start or text[ps - 2:ps - 1] in ".!?\u2026\u3002" or text[ps - 1] in ".!?"
                pos = ps
                ends = [m.end() for m in _SENTENCE_END.finditer(text, ps, pe)]
                for end in ends + [pe]:
                    closed = end != pe or pe == line.end
                    if end > pos and opens and closed and not self._defines(pos, end) and \
                            not _in_brackets(text, end - 1) and self.describes_voice(pos, end):
                        return _style(text, pos, end, "clip")
                    opens = True
                    pos = end
        return None


    def _defines(self, start: int, end: int) -> bool:
        """Whether text[start:end] overlaps a character's definition (their voice, not all voices)."""
        n = bisect_right(self.definitions, end, key=lambda s: s.start) - 1
        return n >= 0 and self.definitions[n].end > start and any(
            d.start < end and start < d.end for d in self.definitions[max(0, n - 1):n + 1])


def _style(text: str, start: int, end: int, source: str) -> Style:
    while start < end and text[start] in " \t,;:-\u2014\u2013([":
        start += 1
    while end > start and text[end - 1] in " \t,;:-\u2014\u2013)]":
        end -= 1
    return Style(text[start:end], Span(start, end), source)


@lru_cache(maxsize=4096)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One speaker's names as a pattern; speakers recur across clips, so patterns are kept."""
    return re.compile(r"(?<![\w@])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.IGNORECASE)


def _in_brackets(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    return text.rfind("[", line_start, at) > text.rfind("]", line_start, at)


def _short(text: str, start: int, end: int, most: int) -> bool:
    return len(text[start:end].split()) <= most


def _inside(spans: list[Span], at: int) -> bool:
    """Whether `at` falls in one of `spans` (sorted, not overlapping)."""
    n = bisect_right(spans, at, key=lambda s: s.start) - 1
    return n >= 0 and spans[n].start <= at < spans[n].end


def _outside(spans: list[Span], start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] minus the quotes in it (`spans`, sorted), as pieces."""
    pieces = []
    pos = start
    first = max(0, bisect_right(spans, start, key=lambda s: s.start) - 1)
    for s in spans[first:]:
        if s.start >= end:
            break
        if s.end <= pos:
            continue
        if s.start > pos:
            pieces.append((pos, s.start))
        pos = max(pos, s.end)
    if pos < end:
        pieces.append((pos, end))
    return pieces
