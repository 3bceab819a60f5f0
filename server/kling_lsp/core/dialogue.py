"""Reading a clip's dialogue: which quotes are speech, who says them and how.

Runs on first use of `Clip.dialogue`, after the structural parse, so editors and the
export can read a file's structure without paying for speaker analysis.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from .definitions import Definition, find_definitions
from .language import latin_script
from .model import Clip, Dialogue, Quote, Speaker, Style
from .records import Records, read_field
from .roles import SPEECH, TEXT, LineRoles, Role
from .screenplay import find_blocks
from .quotes import OPENERS
from .speakers import Attribution, ClipSpeakers, Label, _LABEL, normalise
from .styles import StyleScopes
from .spans import Span
from .vocab import vocabulary

VOICEOVER_LINE = re.compile(
    r"(?:^|(?<=[.!?\u3002]\s)|(?<=[.!?\u3002]))[ \t]*(?P<who>voice[- ]?over|narrator|narration|v\.?o\.?)[ \t]*"
    r"(?:\((?P<style>[^()\n]{0,200})\))?[ \t]*:[ \t]*(?P<text>[^\s\"'\u201c\u2018\u300c\u300e\u00ab][^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
# a line that stops mid-sentence after a speech verb and its comma or colon ("... and says gently,")
_LEADS_ON = re.compile(r"[^\W\d_][ \t]*[,:][ \t]*$")
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
WORD = re.compile(rf"[{CJK}]|(?:(?![{CJK}])[^\W_])+(?:['\u2019-](?:(?![{CJK}])[^\W_])+)*")
_VOICEOVER_HINT = re.compile(r"voice|narrat|v\.?o\b", re.IGNORECASE)


def count_words(text: str) -> int:
    """Words of spoken text; each Chinese or Japanese character counts as one."""
    return sum(1 for _ in WORD.finditer(text))


def read_dialogue(clip: Clip) -> tuple[list[Dialogue], list[Quote]]:
    text = clip.text
    dialogue: list[Dialogue] = []
    quotes: list[Quote] = []
    voiceover_lines = [line for line, _ in clip.line_quotes if _VOICEOVER_HINT.search(text, line.start, line.end)]
    vocab = vocabulary()
    blocks = find_blocks(text, clip.prompt_lines, vocab, vocab.section_kinds) if _has_capitals_line(clip) else []
    if not any(qs for _, qs in clip.line_quotes) and not voiceover_lines and not blocks:
        return dialogue, quotes
    speakers = ClipSpeakers(text, vocab)
    roles = LineRoles(text, vocab)
    dialogue_sections = [sec.body for sec in clip.sections if sec.kind == "dialogue"]
    wrapped: tuple[int, list, list[Label]] | None = None  # a line that leads into a quote on the next
    carried = None  # a speaker's key alone on the line before
    cues = {block.cue.start: block for block in blocks}
    spoken = [block.words for block in blocks]
    definitions: list[Definition] = []
    spoken_before = _SpokenLines()
    shot_of = _ShotIndex(clip)
    records = Records(text, clip.prompt_lines)
    data = _json_shaped(clip)
    prose_values: set[Span] = set()  # field values that describe the scene in words, as prose does
    shown: Role | None = None  # `On-screen text:` alone on a line: what its paragraph quotes is shown
    last_end = clip.body.start
    for line, raw_quotes in _logical_lines(text, clip.line_quotes):
        s, e = line
        if _blank_between(text, last_end, s):
            shown = None
        last_end = e
        for definition in find_definitions(text, s, raw_quotes[0].start if raw_quotes else e, vocab):
            speakers.define(definition)
            definitions.append(definition)
        quote_spans = [Span(q.start, q.end) for q in raw_quotes]
        labels: list[Label] = []
        header_labels: list[Span] = []
        if "[" in text[s:e]:
            for m in _LABEL.finditer(text, s, e):
                if any(qs.start <= m.start() < qs.end for qs in quote_spans):
                    continue
                if not raw_quotes and _heads_prose(text, s, e, m) and \
                        not speakers.g.voiceover.pattern.search(m.group()):  # `[Narrator]` above its words
                    header_labels.append(Span(m.start(), m.end()))
                    continue
                label = speakers.read_label(m.start(), m.end())
                if label is not None:
                    labels.append(label)
        headers = [sec.span for sec in clip.sections if s <= sec.span.start < e]  # `【Dialogue】`: nobody
        headers += [h for h in header_labels if s <= h.start < e]
        block = cues.get(s)
        if block is not None:
            dialogue.append(_screenplay_line(clip, speakers, block, shot_of))
            continue
        if any(w.start <= s < w.end for w in spoken):
            continue  # a screenplay line's words: spoken, not the scene
        mentions = speakers.read_line(s, e, quote_spans + headers, labels)

        previous_end: int | None = None
        previous: Attribution | None = None
        line_roles = roles.read(s, e, raw_quotes)
        for n, q in enumerate(raw_quotes):
            role = line_roles[n]
            if role is None and data:
                role = _DATA_VALUE  # a string in JSON data that no dialogue field holds
            if n == 0 and role is None and carried is not None and not text[s:q.start].strip() and \
                    (carried.kind == SPEECH or not text[q.end:e].strip(" \t.,;!?")):
                role = carried  # `Reporter (live):` / `Final frame:` on the line before, its value on this one
            if role is None and shown is not None and not _has_speech_verb(text, s, e, vocab):
                role = shown  # `On-screen text:` / `- "Fresh every day"`: an item of the list it heads
            inner, direction = _spoken_part(text, Span(q.inner_start, q.inner_end))
            words = text[inner.start:inner.end]
            if role is not None and role.kind == TEXT or not count_words(words):
                # a field value, a title, or a quote with no words at all (`"line": ""`): no line
                if role is not None and role.prose:
                    prose_values.add(Span(q.inner_start, q.inner_end))
                _runs_on(spoken_before.referred_to(words, None), shot_of(q.start))
                quotes.append(Quote(Span(q.start, q.end), inner, words))
                continue
            after_end = raw_quotes[n + 1].start if n + 1 < len(raw_quotes) else e
            if role is not None and role.kind == SPEECH:
                records.claim(q.start)
            field_speaker = records.speaker_of(q.start) if role is not None and role.speaker is None else None
            if role is not None and role.speaker is not None:
                att = speakers.attribute_named(Span(*role.speaker), Span(*role.style) if role.style else None)
            elif field_speaker is not None:  # `{"speaker": "Mara", "line": "…"}`: a sibling field names who
                att = speakers.attribute_named(field_speaker, Span(*role.style) if role.style else None)
            elif n == 0 and wrapped is not None and not text[s:q.start].strip():
                # a sentence hard-wrapped before its quote: '... and says gently,' / '"Eat slowly."'
                att = speakers.attribute(wrapped[0], q, None, None, wrapped[1] + mentions, wrapped[2] + labels,
                                         after_end)
            else:
                floor = max([s] + [h.end for h in headers if h.end <= q.start])  # a header names no one
                att = speakers.attribute(floor, q, previous_end, previous, mentions, labels, after_end)
            if role is not None and role.style is not None and att.style is None:
                att.style = Style(text[role.style[0]:role.style[1]].strip(), Span(*role.style), "parenthesis")
            field_style = records.style_of(q.start) if role is not None and att.style is None else None
            if field_style is not None:  # `"delivery": "low, even"` beside the line's own field
                att.style = Style(text[field_style.start:field_style.end], field_style, "label")
            if att.delivery == "speech" and att.verb is None and not att.labelled and \
                    _SUNG_LEAD.search(text, _sentence_of_lead(text, previous_end if previous_end is not None else s,
                                                              q.start), q.start):
                att.delivery = "singing"  # `The song does it all: "Ruby, my Ruby"`: lyrics, the music's own voice
            elif att.delivery == "speech" and att.verb is None and _named_singing(text, att.speaker, q.start, vocab):
                att.delivery = "singing"  # `… as they sing a powerful note. … "Let the rhythm lift your soul"`
            if att.delivery == "speech" and _heard_off_screen(text, s, e, q):
                att.delivery = "voiceover"  # `画外音：「…」`, `「…」（内心心声，嘴不动）`: heard, not lip-synced
            if n > 0 and _gloss(text, raw_quotes[n - 1], q):
                quotes.append(Quote(Span(q.start, q.end), inner, words))
                continue  # `"이제 깨끗하다" ("It's clean now")`: a translation beside the line
            who = att.speaker.key if att.speaker is not None else None
            shot = shot_of(q.start)
            earlier = spoken_before.referred_to(words, who if att.verb else None)
            _runs_on(earlier, shot)
            if earlier or att.is_text or \
                    (role is None and not _marked_as_speech(att, text, q.start, dialogue_sections)):
                quotes.append(Quote(Span(q.start, q.end), inner, words))
                continue
            if direction is not None and (att.style is None or att.style.source == "verb" and
                                          _neutral(vocab, att.verb)):  # a direction inside: how it is said,
                att.style = Style(text[direction.start:direction.end], direction, "label")  # once it is a line
            pieces = spoken_before.new_parts(words) or [(0, len(words))]  # `"A / B"` after A: only B is new
            for begin, stop in pieces:
                part = Span(inner.start + begin, inner.start + stop)
                whole = len(pieces) == 1 and stop - begin == len(words)
                dialogue.append(Dialogue(
                    Span(q.start, q.end) if whole else part, inner if whole else part, text[part.start:part.end],
                    q.open_mark if whole else "", q.close_mark if whole else "", q.closed,
                    count_words(text[part.start:part.end]), att.speaker, att.style, att.verb, att.delivery,
                    att.voice, att.labelled, shot,
                ))
                if shot is not None and _own_window(clip, text, previous_end if previous_end is not None else s,
                                                    q.start, shot):
                    dialogue[-1].runs_to_shot = len(clip.shots) - 1  # its own window reaches past its shot
                spoken_before.add(dialogue[-1])
            previous_end, previous = q.end, att

        if any(s <= v.start < e for v in voiceover_lines):
            quoted = [d.span for d in dialogue if s <= d.span.start < e]
            dialogue.extend(v for v in _unquoted_voiceover(clip, speakers, s, e, quote_spans, shot_of)
                            if not any(v.span.start <= q.start and q.end <= v.span.end for q in quoted))
        alone = len(labels) == 1 and not text[s:labels[0].span.start].strip() and not text[labels[0].span.end:e].strip()
        wrapped = (s, mentions, labels) if not raw_quotes and (alone or _leads_into_a_quote(text, s, e, vocab)) else None
        carried = (roles.key_only(s, e) or roles.text_lead(s, e)) if not raw_quotes else None
        if carried is not None:
            shown = carried if carried.kind == TEXT and not carried.prose else None
        elif any(s <= sec.span.start < e for sec in clip.sections):
            shown = None  # a new section ends the list of shown words
    dialogue.sort(key=lambda d: d.span.start)
    _name_by_cue(text, dialogue, speakers)
    _scoped_styles(clip, dialogue, speakers, vocab, definitions, prose_values, records.claimed)
    return dialogue, quotes


_DEFINITION_KEY = re.compile(r"[ \t]*[:,]?[ \t]*")


def _blank_between(text: str, start: int, end: int) -> bool:
    """Whether a blank line separates text[start] from text[end] (a paragraph ends)."""
    gap = text[start:end].replace("\r\n", "\n").replace("\r", "\n")
    return any(not part.strip() for part in gap.split("\n")[1:-1])


def _has_speech_verb(text: str, start: int, end: int, vocab) -> bool:
    return any(True for _ in vocab.speech_verb_matcher.finditer(text, start, end))


def _name_by_cue(text: str, dialogue: list[Dialogue], speakers: ClipSpeakers) -> None:
    """A character known only by the key of their definition, and given lines under another cue
    (`LEFT: a white cat host` then `HOST: "…"`), is named as the cue names them: the key told where
    they stand, not who they are. A definition name used anywhere else stays the name."""
    heads = {d.start for e in speakers.entities for d in e.described}
    used = {m.entity.key for m in speakers.mentions
            if m.entity is not None and normalise(text[m.start:m.end]) == m.entity.key
            and _DEFINITION_KEY.match(text, m.end).end() not in heads}  # not the key of the definition itself
    cue_of: dict[str, str] = {}
    for line in dialogue:
        speaker = line.speaker
        if speaker is not None and speaker.source in ("name", "label") and speaker.span is not None:
            cue_of.setdefault(speaker.key, text[speaker.span.start:speaker.span.end].strip())
    defined = {e.key for e in speakers.entities if e.described}
    for line in dialogue:
        speaker = line.speaker
        if speaker is not None and speaker.key in defined and speaker.key not in used and speaker.key in cue_of:
            line.speaker = replace(speaker, name=cue_of[speaker.key])


_LETTERS = re.compile(r"[^\W_]+")
_PARTS = re.compile(r"[ \t]*[/;|\uff1b\uff0c,\u3001\u00b7][ \t]*")
_RECENT = 8  # earlier lines a quoted fragment is looked for in: a constant, so the pass stays linear
_LINE_WORDS = 4  # a whole line said again: shorter ones ("No way") are often said twice
_PIECE_WORDS = 2  # a piece of a recent line quoted to point at it


_SUNG_LEAD = re.compile(r"\b(?:song|songs|chorus|lyrics?|jingle|anthem|refrain|hymn|lullaby|ballad|choir)\b",
                        re.IGNORECASE)
_LEAD_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)]*[ \t]+")


def _named_singing(text: str, speaker: Speaker | None, q: int, vocab) -> bool:
    """Whether the words that name a verbless line's speaker go on to say they sing (`as they sing a
    long note`): what they voice next is the song, not speech."""
    if speaker is None or speaker.span is None or speaker.span.end > q:
        return False
    stop = min(q, speaker.span.end + _SINGING_REACH)
    for start, _, form in vocab.speech_verb_matcher.finditer(text, speaker.span.end, stop):
        if text[speaker.span.end:start].strip(" 	").count(" ") <= 1:  # the verb of that subject
            entry = vocab.speech_verbs.get(form)
            return entry is not None and entry.data.get("delivery") == "singing"
        break
    return False


_SINGING_REACH = 24  # characters after a subject in which its verb is looked for


def _sentence_of_lead(text: str, floor: int, q: int) -> int:
    """Where the sentence leading into a quote at `q` begins (after `floor`)."""
    start = floor
    for m in _LEAD_SENTENCE_END.finditer(text, floor, q):
        start = m.end()
    return start


_DIRECTION_FIRST = re.compile(r"[ \t]*[(\uff08]([^()\uff08\uff09\n]{1,80})[)\uff09][ \t]*")
_DIRECTION_LAST = re.compile(r"[ \t]*[(\uff08]([^()\uff08\uff09\n]{1,80})[)\uff09][ \t]*$")
_ESCAPED_QUOTES = re.compile(r'[ \t]*\\["\'](.*)\\["\'][ \t]*$')


def _spoken_part(text: str, inner: Span) -> tuple[Span, Span | None]:
    """The words of a quote that are spoken, and the direction written inside it: a parenthesis
    that opens or closes the quote (`"(laughs) Okay."`, `"Get down! (shouting)"`) directs the line,
    as in a screenplay; a pair of escaped marks inside a JSON string (`"(winking) \\"Rawr!\\""`)
    holds the words."""
    start, end = inner.start, inner.end
    direction = None
    first = _DIRECTION_FIRST.match(text, start, end)
    if first is not None and first.end() < end:
        direction, start = Span(first.start(1), first.end(1)), first.end()
    else:
        last = _DIRECTION_LAST.search(text, start, end)
        if last is not None and last.start() > start:
            direction, end = Span(last.start(1), last.end(1)), last.start()
    escaped = _ESCAPED_QUOTES.match(text, start, end)
    if escaped is not None:
        start, end = escaped.start(1), escaped.end(1)
    if (start, end) == (inner.start, inner.end):
        return inner, None
    return Span(start, end), direction


def _neutral(vocab, verb: str | None) -> bool:
    entry = vocab.speech_verbs.get(verb or "")
    return entry is None or entry.data.get("neutral", True)


_DATA_VALUE = Role(TEXT, reason="a value in JSON data", prose=True)


def _json_shaped(clip: Clip) -> bool:
    """A clip written as JSON (`{` first, `}` or `]` last): its strings are keys and values, and
    only a dialogue field's value is spoken."""
    lines = clip.prompt_lines
    if not lines:
        return False
    first = clip.text[lines[0].start:lines[0].end].lstrip()[:1]
    last = clip.text[lines[-1].start:lines[-1].end].rstrip()[-1:]
    return first in "{[" and first != "" and last in "}]" and last != ""


_IN_PARENS = re.compile(r"[ \t]*[(\uff08][ \t]*$")


def _gloss(text: str, before, q) -> bool:
    """A quote in parentheses right after a line, in another script: the line's translation for
    the reader (`"이제 깨끗하다" ("It's clean now")`), not a second line."""
    if not _IN_PARENS.fullmatch(text, before.end, q.start):
        return False
    return latin_script(text[before.inner_start:before.inner_end]) != latin_script(text[q.inner_start:q.inner_end])


# `[Speaker: …] (0-15s, continuous): "…"`: a time range of the line's own, right before it
_OWN_WINDOW = re.compile(r"[(\[][ \t]*(?P<a>\d{1,3}(?:\.\d+)?)[ \t]*s?[ \t]*[-\u2013\u2014~][ \t]*"
                         r"(?P<b>\d{1,3}(?:\.\d+)?)[ \t]*(?:s|secs?|seconds?)\b[^()\[\]\n]{0,120}[)\]][ \t]*[:\uff1a]?[ \t]*$",
                         re.IGNORECASE)


def _own_window(clip: Clip, text: str, floor: int, at: int, shot: int) -> bool:
    """Whether the line at `at` is given a time range of its own, longer than the shot it is written
    in (`Audio: (0-15s, continuous): "…"` inside shot 3): it is spoken across those shots, so it
    is not charged to that one shot."""
    found = _OWN_WINDOW.search(text, max(floor, at - 200), at)
    if found is None:
        return False
    length = float(found["b"]) - float(found["a"])
    own = clip.shots[shot].duration if shot < len(clip.shots) else None
    return own is not None and length > own


def _runs_on(lines: list[Dialogue], shot: int | None) -> None:
    """Lines quoted again in a later shot are spoken on into it."""
    for said in lines:
        if shot is not None and said.shot is not None and shot > said.shot:
            said.runs_to_shot = max(shot, said.runs_to_shot or shot)


class _SpokenLines:
    """The lines already spoken in a clip, to tell a new line from one quoted again: writers refer
    back to a line by its words (`the line "I never left" lands at 3 s`, a timeline that repeats
    `对白内容压在“…”` in every beat). A quote is such a reference when its words are an earlier line's,
    a fragment of one of the last few, or earlier lines run together (`"A / B"`), unless a speech
    verb gives it to someone else (`both smile and say: "It's just a bit burnt."` after she said it).
    Short quotes are never taken for one: two people may each say "No way"; a single word quoted
    is as often a new one."""

    def __init__(self) -> None:
        self.lines: dict[str, Dialogue] = {}  # the words of a line, and of each of its parts
        self.recent: list[tuple[str, Dialogue]] = []

    @staticmethod
    def _key(words: str) -> tuple[str, int]:
        found = _LETTERS.findall(words.lower())
        if not CJK_CHAR.search(words):
            return " ".join(found), len(found)
        size = sum(len(CJK_CHAR.findall(w)) or 1 for w in found)  # a Chinese character is a word
        return " ".join(found), size

    def _said(self, key: str, whole: bool = True) -> Dialogue | None:
        if whole and key in self.lines:
            return self.lines[key]
        piece = f" {key} "
        return next((line for earlier, line in self.recent if piece in f" {earlier} " and earlier != key), None)

    def referred_to(self, words: str, speaking: str | None) -> list[Dialogue]:
        """The earlier lines this quote repeats, or none when it is a line of its own; `speaking`
        is who a speech verb gives the quote to, if anyone. Two words are enough for a piece of a
        recent line (`emphasis on "8 drops"`), four for a whole line said again."""
        key, size = self._key(words)
        if size < _PIECE_WORDS or not self.lines:
            return []
        said = self._said(key, whole=size >= _LINE_WORDS)
        found = [said] if said is not None else []
        if not found and size >= _LINE_WORDS:
            parts = [self._key(p)[0] for p in _PARTS.split(words) if _LETTERS.search(p)]
            found = [self._said(p) for p in parts] if len(parts) > 1 else []
        if not found or any(line is None for line in found):
            return []
        if speaking is not None and any(line.speaker is not None and line.speaker.key != speaking for line in found):
            return []
        return found  # type: ignore[return-value]

    def new_parts(self, words: str) -> list[tuple[int, int]] | None:
        """Where the new parts of `words` are when it runs earlier lines and new ones together
        (`"去就去真是小神仙啊 / 你接下来有什么打算"` after the first): None when it is all new."""
        if not self.lines or not _PARTS.search(words):
            return None
        parts, at = [], 0
        for sep in _PARTS.finditer(words):
            parts.append((at, sep.start()))
            at = sep.end()
        parts.append((at, len(words)))
        parts = [(a, b) for a, b in parts if _LETTERS.search(words, a, b)]
        fresh = []
        for a, b in parts:
            key, size = self._key(words[a:b])
            if size < _PIECE_WORDS or self._said(key, whole=size >= _LINE_WORDS) is None:
                fresh.append((a, b))
        return fresh if fresh and len(fresh) < len(parts) else None

    def add(self, line: Dialogue) -> None:
        key, _ = self._key(line.text)
        self.lines.setdefault(key, line)
        for part in _PARTS.split(line.text):
            if _LETTERS.search(part):
                self.lines.setdefault(self._key(part)[0], line)
        self.recent = (self.recent + [(key, line)])[-_RECENT:]


# Chinese and Japanese marks of a voice heard off screen or in the head: the lips do not move
_CJK_VOICEOVER = re.compile(r"[ \t]*[（(]?[^\n（(]{0,6}(?:画外音|旁白|内心|心声|独白|OS|V\.?O\.?|嘴不动|不张嘴|心の声|モノローグ|"
                            r"ナレーション)")
def _heard_off_screen(text: str, s: int, e: int, q) -> bool:
    before = max(s, q.start - 40)
    if not CJK_CHAR.search(text, before, min(e, q.end + 20)):
        return False
    return bool(_CJK_VOICEOVER.search(text, before, q.start) or _CJK_VOICEOVER.match(text, q.end, min(e, q.end + 20)))


_NEXT_LINE_LEAD = re.compile(r"[ \t]*\r?\n\s*(\S)")


def _heads_prose(text: str, s: int, e: int, label) -> bool:
    """`[GEOGRAPHY]` alone on its line above prose heads a section: it names no speaker. The same
    label above a quote (`[MARA]` / `"We leave at dawn."`) is the quote's speaker."""
    if text[s:label.start()].strip() or text[label.end():e].strip():
        return False
    lead = _NEXT_LINE_LEAD.match(text, e)
    return lead is None or lead.group(1) not in OPENERS


_ENDS_MID_SENTENCE = re.compile(r"[\w,\u2014\u2013-][ \t]*$")


def _logical_lines(text: str, line_quotes: list) -> list:
    """Lines as the writer wrote them, with hard-wrapped ones joined: a line that stops mid-sentence
    (on a word or a comma) and a next line that goes on in lowercase are one line to read speakers
    in (`The nervous informant, sweating under a bare bulb,` / `replies: '…'`). Shot markers, keys,
    labels and new sentences start with something else, so they are never joined."""
    joined: list = []
    for line, quotes in line_quotes:
        if joined:
            (ps, pe), pquotes = joined[-1]
            first = text[line.start:line.end].lstrip()[:1]
            if first.islower() and not (read_field(text, line) and read_field(text, Span(ps, pe))) and "\n" not in text[pe + 1:line.start] and _ENDS_MID_SENTENCE.search(text, ps, pe) \
                    and not (pquotes and not pquotes[-1].closed):
                joined[-1] = (Span(ps, line.end), pquotes + quotes)
                continue
        joined.append((line, list(quotes)))
    return joined


def _has_capitals_line(clip: Clip) -> bool:
    """Cheap test before reading screenplay blocks: some short line is all capitals."""
    text = clip.text
    for line in clip.prompt_lines:
        segment = text[line.start:line.end]
        if len(segment) <= 60 and segment.isupper():
            return True
    return False


def _screenplay_line(clip: Clip, speakers: ClipSpeakers, block, shot_of: "_ShotIndex") -> Dialogue:
    """`WOMAN (quietly)` / `You promised.`: the cue names the speaker, its parenthesis directs."""
    text = clip.text
    att = speakers.attribute_named(block.name, block.direction)
    words = text[block.words.start:block.words.end]
    delivery = "voiceover" if block.direction is not None and re.match(
        r"\s*v\.?\s?o\b", text[block.direction.start:block.direction.end], re.IGNORECASE) else att.delivery
    return Dialogue(block.words, block.words, words, "", "", True, count_words(words), att.speaker, att.style,
                    None, delivery, att.voice, False, shot_of(block.words.start))


def _scoped_styles(clip: Clip, dialogue: list[Dialogue], speakers: ClipSpeakers, vocab,
                   definitions: list[Definition], prose_values: set[Span], claimed: set[int]) -> None:
    """Give each line whose own words say nothing of its delivery the style of an enclosing
    scope: the rest of its sentence, its speaker's definition, or the clip."""
    bare = [d for d in dialogue if not gives_style(d, vocab, speakers.g.not_adverbs)]
    if not bare:
        return
    scopes = StyleScopes(clip, vocab, speakers.g.not_adverbs, [d.description for d in definitions])
    spans = sorted({q.span for q in clip_quotes(clip)}, key=lambda s: s.start)
    starts = [d.span.start for d in dialogue]
    quote_starts = [sp.start for sp in spans]
    cues = frozenset(d.speaker.span.start for d in dialogue if _is_cue(clip.text, d))
    by_speaker: dict[str, Style | None] = {}
    clip_style: list[Style | None] = []
    for line in bare:
        n = bisect_right(starts, line.span.start)
        stop = dialogue[n].span.start if n < len(dialogue) else line_of_end(clip, line.span.end)
        q = bisect_right(quote_starts, line.span.start) - 1  # the quote before this line, speech or not
        floor = spans[q - 1].end if q >= 1 else clip.body.start
        style = scopes.after_line(line, stop) or scopes.lead_in(line, max(floor, line_start(clip, line.span.start))) \
            or scopes.in_subject(line)
        if style is None and line.speaker is not None and line.speaker.source != "group":
            key = line.speaker.key
            if key not in by_speaker:
                entity = next((e for e in speakers.entities if e.key == key), None)
                by_speaker[key] = scopes.definition(set(entity.names) | {entity.name}, spans, entity.described,
                                                     cues) if entity else None
            style = by_speaker[key]
        if style is None:
            if not clip_style:
                clip_style.append(scopes.clip_wide(spans, sorted(prose_values),
                                                   claimed | {line_start(clip, c) for c in cues}))
            style = clip_style[0]
        if style is not None:
            line.style = style


_CUE_GAP = re.compile(r"[ \t]*(?:\([^()\n]{0,200}\))?[ \t]*[:\uff1a]?\s*")


def _is_cue(text: str, line: Dialogue) -> bool:
    """Whether the line's speaker is named by a cue standing right before it, with at most a
    direction and a colon between (`EINSTEIN (whispering):` above the line): the cue's direction
    is that line's, not a description of the character."""
    speaker = line.speaker
    if speaker is None or speaker.span is None or speaker.span.end > line.span.start:
        return False
    gap = _CUE_GAP.match(text, speaker.span.end, line.span.start)
    return gap is not None and gap.end() == line.span.start


# a phrase on a speech verb saying how: `says with cool detachment`, `speaks through gritted teeth`
_MANNER_PHRASE = re.compile(r"\b(?:with|through)[ \t]+(?:a[ \t]+|an[ \t]+)?[a-z][a-z'-]+", re.IGNORECASE)


def gives_style(line: Dialogue, vocab, not_adverbs: frozenset[str]) -> bool:
    """Whether the line's own style says how it is spoken (not only "says")."""
    style = line.style
    if style is None:
        return False
    if style.source in ("label", "manner", "after", "lead-in", "speaker", "clip"):
        return True
    if not _neutral(vocab, line.verb):
        return True
    verb_words = set((line.verb or "").split())
    if line.verb and _MANNER_PHRASE.search(style.text, max(0, style.text.lower().find(line.verb.lower()))):
        return True  # `says with cool detachment,`: a with-phrase on the verb is how it is said
    for word in re.findall(r"[a-z-]+", style.text.lower()):
        if word in verb_words:
            continue
        if word in vocab.tone_words or word in ("voice", "tone", "whisper", "accent", "pace"):
            return True
        if word.endswith("ly") and len(word) > 4 and word not in not_adverbs:
            return True
    return False


def clip_quotes(clip: Clip):
    """Every quote of the clip, as the structural parse found them."""
    from .model import Quote as _Q  # noqa: F401  (type only)
    for _, raw in clip.line_quotes:
        for q in raw:
            yield Quote(Span(q.start, q.end), Span(q.inner_start, q.inner_end), "")


def line_start(clip: Clip, offset: int) -> int:
    """Where the line holding `offset` starts; a lone CR (old Mac files) breaks lines too."""
    text = clip.text
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def line_of_end(clip: Clip, offset: int) -> int:
    """Where the line holding `offset` ends, within the clip: a style read after a line never runs
    into the next clip, however its lines are broken."""
    text = clip.text
    stop = clip.body.end
    ends = [e for e in (text.find("\n", offset, stop), text.find("\r", offset, stop)) if e != -1]
    return min(ends) if ends else max(stop, offset)


def _marked_as_speech(att: Attribution, text: str, at: int, dialogue_sections: list[Span]) -> bool:
    """A quote is speech when something says so: a speaker, a speech verb, a label, a voiceover
    or a dialogue section around it. Bare quoted words with none of these may be a title, a
    sign or a name, and are left out rather than guessed at."""
    if att.speaker is not None or att.verb is not None or att.labelled or att.delivery != "speech" \
            or att.style is not None:  # `(enthusiastically) "…"`: a delivery says it is spoken
        return True
    if CJK_CHAR.search(text, max(0, at - 2), min(len(text), at + 2)):
        # Chinese and Japanese: a speech verb or a speaker's colon before the line, or と言う after it;
        # a bare quote is as often a sound (`"啪啪"`) or a word on screen
        line_start = text.rfind("\n", 0, at) + 1
        before = _CJK_SPEECH_BEFORE.search(text, max(line_start, at - 24), at)
        # the speaker's colon must follow Chinese or Japanese words (`老人说：`), not `Pronunciation guide:`
        return bool(before and CJK_CHAR.search(before.group())) or \
            bool(_CJK_DIALOGUE_WORD.search(text, max(0, at - 48), at)) or \
            bool(_CJK_SPEECH_AFTER.match(text, _quote_end(text, at)))
    lead = _SPEECH_LEAD.search(text, max(text.rfind("\n", 0, at) + 1, at - 4), at)
    if lead is not None:
        # `… dice con calma, "…"`: the comma or colon that hands a clause to its line (not
        # `Final frame:` on the line above: a key there decides its value's role, or nothing does);
        # but after a comma, `a blurry, "dreamy" look`: words that run on into the phrase make the
        # quote a word of a list of modifiers (a colon always hands over a line: `dice: "ya" y se va`)
        return ":" in lead.group() or "\uff1a" in lead.group() or not _runs_into_phrase(text, at)
    return any(sec.start <= at <= sec.end for sec in dialogue_sections)


_CJK_VERBS = ("说|說|道|问|問|喊|叫道|答|回答|低语|低声|嘟囔|喃喃|念|讲|講|言う|言った|言い|叫ぶ|叫んだ|呟く|つぶやく|"
              "話す|話し|答える|答えた|尋ねる|囁く|ささやく|告げる")
_CJK_SPEECH_BEFORE = re.compile(
    rf"(?:(?:{_CJK_VERBS})[^\n\u3002\uff01\uff1f\u300c\u300d\"]{{0,8}}?|(?:^|[\u3002\uff01\uff1f\uff0c\u3001\s\]\)\uff09])"
    rf"(?!(?:效果音|効果音|音效|音效层|声音|音乐|字幕|文字|标题|タイトル|テロップ|背景音乐|环境音|画面|镜头|カット|BGM|SE)[\uff1a:])"
    rf"[^\n\u3002\uff01\uff1f\u300c\u300d\"\uff1a:]{{1,10}}(?=[\uff1a:]))[\uff1a:\uff0c,]?[ \t]*$")
# `セリフ：（息を詰め）` then the line, `对白口型："…"`: a word for the spoken lines just before the quote
_CJK_DIALOGUE_WORD = re.compile(
    "(?:\u30bb\u30ea\u30d5|\u53f0\u8bcd|\u53f0\u8a5e|\u5bf9\u767d|\u5c0d\u767d|\u5bf9\u8bdd|\u5c0d\u8a71|"
    "\u53e3\u578b|\u65c1\u767d|\u30ca\u30ec\u30fc\u30b7\u30e7\u30f3)"
    "[^\u300c\u300d\u300e\u300f\"\u201c\u201d\u3002]{0,40}$")
_CJK_SPEECH_AFTER = re.compile(rf"[ \t]*(?:と|って|，|,)?[ \t]*(?:{_CJK_VERBS})")


def _quote_end(text: str, at: int) -> int:
    """Where the quote opening at `at` closes on its line (after the mark), or the line's end."""
    close = {"\u300c": "\u300d", "\u300e": "\u300f", "\u201c": "\u201d"}.get(text[at], text[at])
    line_end = text.find("\n", at)
    line_end = len(text) if line_end == -1 else line_end
    end = text.find(close, at + 1, line_end)
    return end + 1 if end != -1 else line_end


_RUNS_ON = re.compile(r"[ \t]+[a-z]")


def _runs_into_phrase(text: str, at: int) -> bool:
    """Whether the quote opening at `at` is a word inside a phrase: its words end without
    punctuation and the sentence goes straight on with a lower-case word (`"dreamy" look`)."""
    end = _quote_end(text, at)
    inner_end = end - 1 if end - 1 > at and not text[end - 1].isalnum() else end
    if inner_end <= at + 1 or text[inner_end - 1] in ".!?\u2026,;:-\u2014":
        return False
    return _RUNS_ON.match(text, end) is not None


_SPEECH_LEAD = re.compile(r"[\w)\]][ \t]*[,:\uff0c\uff1a][ \t]*$")


def _leads_into_a_quote(text: str, s: int, e: int, vocab) -> bool:
    """A line that stops after a speech verb (and its manner) with a comma or colon."""
    end = _LEADS_ON.search(text, s, e)
    if end is None:
        return False
    return any(True for _ in vocab.speech_verb_matcher.finditer(text, max(s, end.start() - 40), end.end()))


def _unquoted_voiceover(clip: Clip, speakers: ClipSpeakers, s: int, e: int, quote_spans: list[Span],
                        shot_of: "_ShotIndex") -> list[Dialogue]:
    """`Voiceover (deep voice): words without quotes` to the end of the line."""
    text = clip.text
    found = []
    for m in VOICEOVER_LINE.finditer(text, s, e):
        if any(qs.start <= m.start("who") < qs.end for qs in quote_spans):
            continue
        start, stop = m.start("text"), m.end("text")
        while stop > start and text[stop - 1] in " \t":
            stop -= 1
        narrator = speakers.narrator()
        style = None
        if m.group("style"):
            style = Style(m.group("style").strip(), Span(m.start("style"), m.end("style")), "parenthesis")
        words = text[start:stop]
        found.append(Dialogue(
            Span(start, stop), Span(start, stop), words, "", "", True, count_words(words),
            Speaker(narrator.key, narrator.name, Span(m.start("who"), m.end("who")), "voiceover"),
            style, None, "voiceover", None, False, shot_of(start),
        ))
    return found


class _ShotIndex:
    """Which shot an offset is in, by bisection: a clip of thousands of shots stays linear."""

    def __init__(self, clip: Clip) -> None:
        self.shots = clip.shots
        self.starts = [shot.span.start for shot in clip.shots]

    def __call__(self, offset: int) -> int | None:
        n = bisect_right(self.starts, offset) - 1
        while n >= 0:  # shots are in text order; one may end before the next starts
            if self.shots[n].span.start <= offset <= self.shots[n].span.end:
                return n
            if self.shots[n].span.end < offset:
                return None
            n -= 1
        return None

