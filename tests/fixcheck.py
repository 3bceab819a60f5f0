"""What a fix must not leave behind, read off the text it wrote (issue 11): a word with nothing
after it (`exactly like,`, `completely:`), a clause of nothing but such words (`, at all.`),
doubled punctuation, and loud and soft words describing the same cue (`soft ... crescendo`).

Not a test module: the corpus-wide fix test and the rule tests import it.
"""

from __future__ import annotations

import re

from kling_lsp.core.findings import Fix
from kling_lsp.core.parser import parse

# prepositions, determiners and the adverbs that only modify what follows them
FUNCTION_WORDS = frozenset("""
a an the this that these those some any no its his her their my our your
of in on at by to from with without into onto over under like as than about for
exactly just very completely totally utterly entirely absolutely quite rather almost nearly
all and or but
""".split())
LOUD = re.compile(r"\b(?:loud|louder|loudly|blar\w*|boom\w*|swell\w*|crescendo|blast\w*|pump\w*|pound\w*|"
                  r"full volume|thunderous|deafening|ear-splitting|soar\w*|clearly audible|distinct|distinctly|crisp|"
                  r"prominent)\b", re.IGNORECASE)
SOFT = re.compile(r"\b(?:soft|softly|subtle|subtly|quiet|quietly|faint|faintly|gentle|gently|muted|understated|"
                  r"barely audible|background|low volume|under the dialogue)\b", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"[.!?;:,\n]|\b(?:and|while|as|then|but)\b", re.IGNORECASE)
DOUBLED = re.compile(r"[,;:]\s*[,;:.!?]|(?<!\.)\.\s+\.(?!\.)|\(\s*\)|\[\s*\]|[^\S\n] [,.;:!?]|\w[ \t]{2,}\w")
WORD = re.compile(r"[\w'\u2019-]+")


def touched(text: str, fixed: str, fix: Fix) -> list[tuple[int, int]]:
    """Where in `fixed` each edit of `fix` landed (start, end of its new text)."""
    spans = []
    shift = 0
    for edit in sorted(fix.edits, key=lambda e: (e.start, e.end)):
        start = edit.start + shift
        spans.append((start, start + len(edit.new_text)))
        shift += len(edit.new_text) - (edit.end - edit.start)
    return spans


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end == -1 else line_end


LABEL = re.compile(r"\[[^\[\]\n]*\]")


def _masked(fixed: str, edits: list[tuple[int, int]]) -> str:
    """`fixed` with the spoken words and [labels] blanked, except those an edit wrote into: a
    line of dialogue may end on any word, and a label's style is no cue of the scene."""
    spans = [(d.span.start, d.span.end) for clip in parse(fixed).clips for d in clip.dialogue]
    spans += [(m.start(), m.end()) for m in LABEL.finditer(fixed)]
    out = list(fixed)
    for start, end in spans:
        if any(start <= a and b <= end for a, b in edits):
            continue
        for i in range(start, end):
            if out[i] != "\n":
                out[i] = "x"
    return "".join(out)


def wrecks(text: str, fixed: str, fix: Fix, whole_sentence: bool = False) -> list[str]:  # noqa: C901
    """What is wrong around each edit of `fix` in `fixed`; [] when it reads as a writer's text.
    Loud and soft words are looked for in the edit's clause, or its sentence with `whole_sentence`
    (music: `Soft background music: a swelling score` is one cue)."""
    found = []
    edits = touched(text, fixed, fix)
    fixed = _masked(fixed, edits)
    for start, end in edits:
        line_start, line_end = _line_around(fixed, start, end)
        window = (max(line_start, start - 40), min(line_end, end + 40))
        before_window = _line_around(text, *_back(fixed, text, start, end, fix))
        for m in DOUBLED.finditer(fixed, *window):
            if not DOUBLED.search(text, *before_window):
                found.append(f"doubled punctuation {m.group()!r}")
        found += _dangling(fixed, start, end, line_start, line_end)
        scope = (_sentence if whole_sentence else _clause)(fixed, start, end, line_start, line_end)
        if fix.safe and LOUD.search(scope) and SOFT.search(scope):  # an unsafe fix leaves it to the writer
            found.append(f"loud and soft words on one cue: {' '.join(scope.split())!r}")
    return found


def _back(fixed: str, text: str, start: int, end: int, fix: Fix) -> tuple[int, int]:
    """The first edit's place in the original text, for comparing what was already there."""
    first = min(fix.edits, key=lambda e: e.start)
    return first.start, first.end


def _dangling(fixed: str, start: int, end: int, line_start: int, line_end: int) -> list[str]:
    """A function word right before punctuation or the line's end, or a clause of only such words,
    at either side of an edit."""
    found = []
    for at in {start, end}:
        words_before = list(WORD.finditer(fixed, max(line_start, at - 30), at))
        if words_before:
            last = words_before[-1]
            rest = fixed[last.end():line_end].lstrip(" \t")
            if last.group().lower() in FUNCTION_WORDS and (not rest or rest[0] in ",.;:!?)"):
                found.append(f"dangling {last.group()!r} before {rest[:1]!r}")
        clause = _clause(fixed, at, at, line_start, line_end)
        words = [w.lower() for w in WORD.findall(clause)]
        if words and all(w in FUNCTION_WORDS for w in words) and re.search(r"[,;:]", fixed[max(line_start, at - 3):at + 3]):
            found.append(f"a clause of nothing but {' '.join(words)!r}")
    return found


SENTENCE_BREAK = re.compile(r"[.!?;\n]")


def _sentence(text: str, start: int, end: int, line_start: int, line_end: int) -> str:
    """The sentence an edit lands in: the music or sound it describes is that sentence's."""
    begin = line_start
    for m in SENTENCE_BREAK.finditer(text, line_start, start):
        begin = m.end()
    after = SENTENCE_BREAK.search(text, max(end, begin + 1), line_end)
    return text[begin:after.start() if after else line_end]


def _clause(text: str, start: int, end: int, line_start: int, line_end: int) -> str:
    """The clause holding text[start:end]: from the break before it to the break after it."""
    begin = line_start
    for m in CLAUSE_BREAK.finditer(text, line_start, start):
        begin = m.end()
    after = CLAUSE_BREAK.search(text, max(end, begin + 1), line_end)
    return text[begin:after.start() if after else line_end]
