"""Context-aware completion: front-matter keys and values, heading attributes, speakers after
`[`, speaking styles after a speaker or speech verb, references after `<<<`, and sound,
ambience, music and mood phrases where a new phrase starts. Nothing inside a quote."""

from __future__ import annotations

import re

from lsprotocol import types

from ..core.config import VOICED_LANGUAGES
from ..core.settings import ASPECTS, CLIP_KEYS, MODELS, PARSERS
from ..core.vocab import vocabulary
from .regions import Analysis, Region

KIND = types.CompletionItemKind
VALUES = {"model": MODELS, "aspect": ASPECTS, "language": VOICED_LANGUAGES, "sound": ("on", "off"),
          "duration": tuple(str(n) for n in (5, 8, 10, 15))}
KEY_DOCS = {
    "title": "A name for this storyboard.", "model": "kling-3.0 (default) or kling-2.6.",
    "duration": "Seconds per clip: 3-15 on kling-3.0, 5 or 10 on kling-2.6.",
    "aspect": "16:9, 9:16 or 1:1.", "language": "The dialogue's language: en, zh, ja, ko, es.",
    "sound": "on or off: whether Kling renders audio.",
}


def _item(label: str, kind: types.CompletionItemKind, doc: str, insert: str | None = None,
          sort: str = "1") -> types.CompletionItem:
    return types.CompletionItem(label=label, kind=kind, documentation=doc or None, insert_text=insert,
                                sort_text=sort + label)


def complete(analysis: Analysis, offset: int, snippets: bool) -> list[types.CompletionItem]:
    text = analysis.text
    line_no = analysis.lines.line_of(offset)
    line_start = analysis.lines.starts[line_no]
    before = text[line_start:offset]
    region = analysis.region_at(offset)
    document = region.result.document

    front = analysis.regions[0].result.document.front_matter
    if front is not None and front.span.start <= offset <= front.span.end and line_no > 0:
        return _front_matter(before)
    if re.match(r"[ \t]*#+[ \t]", before) and "{" in before and "}" not in before[before.rfind("{"):]:
        return _attributes(before)
    if before.lstrip().startswith("//"):
        return []
    if _inside_quote(region, offset - region.start):
        return []
    m = re.search(r"<<<\s*([\w]*)$", before)
    if m:
        return [_item(f"{kind}_{n}", KIND.Reference, f"Reference to the request's {kind} number {n}.",
                      f"{kind}_{n}>>>") for kind in ("voice", "element", "image", "video") for n in (1, 2)]
    label = re.search(r"\[([^\[\]]*)$", before)
    if label:
        inside = label.group(1)
        if ":" in inside or "," in inside:
            return _styles(("voice", "manner"))
        return _speakers(analysis) + ([] if inside else [])
    head = before[:len(before) - len(typed_prefix(before, len(before)))]  # the context before the typed word
    word = re.search(r"([\w'-]+)[ \t]+$", head)
    vocab = vocabulary()
    if word and (word.group(1).lower() in vocab.speech_verbs):
        return _styles(("manner", "voice"))
    if word and _is_speaker_word(region, offset - region.start - (len(before) - len(head))):
        return _styles(("verb",))
    if re.search(r"(?:^|[.!?;:,]\s*)$", head) or not head.strip():
        items = _phrases(region, offset - region.start)
        if snippets and not head.strip():
            items += _snippets()
        return items
    return []


def typed_prefix(text: str, offset: int) -> str:
    """The part of a word already typed before the cursor, lowercased."""
    m = re.search(r"[\w'-]+$", text[max(0, offset - 40):offset])
    return m.group().lower() if m else ""


def _front_matter(before: str) -> list[types.CompletionItem]:
    m = re.match(r"[ \t]*([\w-]+)[ \t]*:[ \t]*\S*$", before)
    if m:
        key = m.group(1).lower()
        return [_item(v, KIND.Value, KEY_DOCS.get(key, "")) for v in VALUES.get(key, ())]
    return [_item(k, KIND.Property, KEY_DOCS[k], f"{k}: ") for k in PARSERS]


def _attributes(before: str) -> list[types.CompletionItem]:
    tail = before[before.rfind("{") + 1:]
    m = re.search(r"([\w-]+)=([^\s,}]*)$", tail)
    if m:
        return [_item(v, KIND.Value, KEY_DOCS.get(m.group(1), "")) for v in VALUES.get(m.group(1), ())]
    return [_item(k, KIND.Property, KEY_DOCS[k], f"{k}=") for k in CLIP_KEYS]


def _inside_quote(region: Region, offset: int) -> bool:
    clip = region.result.clip
    if clip is None:
        return False
    for line, quotes in clip.line_quotes:
        if line.start <= offset <= line.end:
            return any(q.start < offset <= q.end and (offset < q.end or not q.closed) for q in quotes)
    return False


def _is_speaker_word(region: Region, offset: int) -> bool:
    clip = region.result.clip
    if clip is None:
        return False
    text = clip.text
    m = re.search(r"([\w@'-]+(?:[ \t]+[\w@'-]+)?)[ \t]+$", text[max(0, offset - 40):offset])
    if not m:
        return False
    name = m.group(1).lower()
    vocab = vocabulary()
    last = name.split()[-1]
    return last in vocab.person_nouns or last in vocab.pronouns or any(
        s.name.lower().endswith(last) for s in clip.speakers)


def _speakers(analysis: Analysis) -> list[types.CompletionItem]:
    names: dict[str, None] = {}
    for _, clip in analysis.clips():
        for line in clip.dialogue:
            if line.labelled and line.speaker is not None:
                names.setdefault(line.speaker.name, None)
    return [_item(n, KIND.Variable, "A speaker already labelled in this file.", f"{n}: ") for n in names]


def _styles(kinds: tuple[str, ...]) -> list[types.CompletionItem]:
    vocab = vocabulary()
    return [_item(e.phrase, KIND.Text, e.description, sort="0" if e.data.get("kind") == kinds[0] else "1")
            for e in vocab.entries["speaking_styles.style"] if e.data.get("kind") in kinds]


def _phrases(region: Region, offset: int) -> list[types.CompletionItem]:
    vocab = vocabulary()
    items = []
    clip = region.result.clip
    environment = []
    if clip is not None:  # the environments the clip describes, found in one pass
        matcher, table = vocab.lookup("ambience.environment")
        for _, _, phrase in matcher.finditer(clip.text):
            env = table[phrase]
            if env not in environment:
                environment.append(env)
    for env in environment:
        for sound in env.data.get("sounds", []):
            items.append(_item(sound, KIND.Event, f"Ambience of a {env.phrase}: {env.description}", sort="0"))
    for entry in vocab.entries["sound_effects.sound"]:
        note = " The model adds it by itself." if entry.data.get("automatic") else (
            " Quiet: describe it clearly or it may be dropped." if entry.data.get("subtle") else "")
        items.append(_item(entry.phrase, KIND.Event, entry.description + note, sort="2"))
    for entry in vocab.entries["music.style"]:
        items.append(_item(entry.phrase, KIND.EnumMember, entry.description, sort="3"))
    for entry in vocab.entries["atmosphere.mood"]:
        items.append(_item(entry.phrase, KIND.Keyword, entry.description, sort="4"))
    return items


def _snippets() -> list[types.CompletionItem]:
    def snippet(label: str, body: str, doc: str) -> types.CompletionItem:
        return types.CompletionItem(label=label, kind=KIND.Snippet, insert_text=body,
                                    insert_text_format=types.InsertTextFormat.Snippet, documentation=doc,
                                    sort_text="5" + label)
    return [
        snippet("clip", "# ${1:Clip name} {duration=${2:5}}\n${0}", "A new clip: a heading with its duration."),
        snippet("shot", "Shot ${1:1} (${2:3}s): ${0}", "A shot of a multi-shot clip, with its duration."),
        snippet("line", '[${1:Name}: ${2:role}, ${3:calm voice}]: "${0}"', "A labelled line of dialogue."),
    ]
