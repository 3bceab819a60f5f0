"""Hover: the rule behind a finding, a line of dialogue against its limits, a clip's audio
summary on its heading, and what the model does with a vocabulary phrase."""

from __future__ import annotations

from ..core.audio import scan_audio
from ..core.config import Config
from ..core.language import detect
from ..core.model import Clip
from ..core.ruledocs import rule_doc_path, rule_summary
from ..core.rules import get_rule
from ..core.rules.dialogue import lip_synced, speaking_seconds, word_weight
from ..core.vocab import vocabulary
from .regions import Region


def clip_summary(clip: Clip, config: Config) -> str:
    scan = scan_audio(clip)
    words = sum(word_weight(d.text) for d in lip_synced(clip))
    seconds = sum(speaking_seconds(d.text, config.get("words-per-second"), config.get("chars-per-second"))
                  for d in clip.dialogue)
    speakers = ", ".join(s.name for s in clip.speakers) or "none"
    music = ", ".join(sorted({c.phrase for c in scan.music + scan.music_styles if not c.negated})) or "none"
    sounds = ", ".join(sorted({c.entry.phrase for c in scan.sounds if not c.negated})) or "none"
    limit = config.get("max-dialogue-words")
    return (f"speakers: {speakers} · {words:g}/{limit} words · ~{seconds:.1f} s of speech in "
            f"{clip.settings.duration} s · music: {music} · sounds: {sounds}")


def hover_markdown(region: Region, offset: int, config: Config, findings) -> str | None:
    """Markdown for the hover at `offset` (relative to the region), or None."""
    parts: list[str] = []
    for finding in findings:
        if finding.span.start <= offset <= finding.span.end:
            rule = get_rule(finding.rule)
            summary = rule_summary(finding.rule) or (rule.summary if rule else "")
            path = rule_doc_path(finding.rule)
            link = f" ([{finding.rule}]({path.as_uri()}))" if path else f" ({finding.rule})"
            parts.append(f"**{finding.rule}**{link}: {summary}")
    clip = region.result.clip
    if clip is None:
        return "\n\n".join(parts) or None
    if clip.heading is not None and clip.heading.span.start <= offset <= clip.heading.span.end:
        parts.insert(0, f"**{clip.title}** · {clip_summary(clip, config)}")
    for line in clip.dialogue:
        if line.span.start <= offset <= line.span.end:
            parts.insert(0, _dialogue_hover(clip, line, config))
            break
    else:
        phrase = _phrase_at(clip, offset)
        if phrase:
            parts.append(phrase)
    return "\n\n".join(parts) or None


def _dialogue_hover(clip: Clip, line, config: Config) -> str:
    limit = config.get("max-dialogue-words")
    total = sum(word_weight(d.text) for d in lip_synced(clip))
    seconds = speaking_seconds(line.text, config.get("words-per-second"), config.get("chars-per-second"))
    language = detect(line.text)
    rows = [
        f"**Dialogue** · {word_weight(line.text):g} words (clip: {total:g}/{limit}) · ~{seconds:.1f} s "
        f"(clip lasts {clip.settings.duration} s)",
        f"speaker: {line.speaker.name if line.speaker else 'unknown'}"
        + (f" · voice {line.voice}" if line.voice else ""),
        f"style: {line.style.text if line.style else 'none given'}",
        f"delivery: {line.delivery}" + (f" · language: {language.name}" if language else ""),
    ]
    return "  \n".join(rows)


def _phrase_at(clip: Clip, offset: int) -> str | None:
    scan = scan_audio(clip)
    for cue in (scan.music + scan.music_styles + scan.low + scan.implied + scan.sounds + scan.actions
                + scan.silence + scan.loud + scan.mood):
        if cue.span.start <= offset <= cue.span.end and cue.entry.description:
            notes = []
            data = cue.entry.data
            if data.get("automatic"):
                notes.append("the model adds this sound by itself")
            if data.get("subtle"):
                notes.append("a quiet sound the model may drop")
            if data.get("suggestion"):
                notes.append(f"describe it, e.g. \u201c{data['suggestion']}\u201d")
            extra = f" ({'; '.join(notes)})" if notes else ""
            return f"**{clip.text[cue.span.start:cue.span.end]}**: {cue.entry.description}{extra}"
    vocab = vocabulary()
    text = clip.text
    for s, e, form in vocab.speech_verb_matcher.finditer(text, max(0, offset - 30), min(len(text), offset + 30)):
        if s <= offset <= e:
            entry = vocab.speech_verbs[form]
            return f"**{text[s:e]}**: {entry.description}"
    return None
