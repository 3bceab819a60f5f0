"""A generated storyboard of many clips, written from our own templates (no third-party
prompts), for benchmarks of the parser, the checker and later the language server."""

from __future__ import annotations

import random

FRONT = "---\ntitle: Generated storyboard\nmodel: kling-3.0\nduration: 10\naspect: 16:9\nlanguage: en\n---\n\n"

SCENES = [
    'A fisherman in a yellow slicker mends a net on the pier and says calmly, "The tide turns at six, so we leave at five." Gulls circle overhead, waves slap the pilings.',
    '[Ines: baker, warm cheerful voice]: "Fresh rolls, still warm from the oven!" Flour dust drifts through the morning light; a radio plays soft background music.',
    'Shot 1 (4s): Rain streaks the window of a night bus as the city lights blur past.\nShot 2 (6s): The driver glances at the mirror and mutters, "Last stop, everybody off."',
    'A quiet library at dusk. Only the faint turning of pages and a clock ticking on the wall. A student whispers to her friend, "We have ten minutes before they lock up."',
    "Voiceover (deep, unhurried male voice): Every road begins with a single step. A lone hiker crests a ridge at sunrise, wind sweeping the tall grass.",
    'Two chefs argue across a steel counter 🍳. The older one snaps, "Too much salt!" The younger replies nervously, "I followed your recipe exactly." Pans sizzle, a kettle whistles.',
    '【风格】电影感，夜雨。\n男主站在门口，低声说：「我回来了。」雨声环境音。',
    "A drummer pounds a steady groove in a cramped garage while the singer adjusts the mic stand. Upbeat rock music fills the room, cymbals crash.",
]


def storyboard(size_bytes: int, seed: int = 7) -> str:
    """About `size_bytes` of .kling text: front matter, then headed clips."""
    rng = random.Random(seed)
    parts = [FRONT]
    total = len(FRONT.encode())
    n = 0
    while total < size_bytes:
        n += 1
        attrs = rng.choice(["", " {duration=5}", " {duration=8 aspect=9:16}", " {language=zh}"])
        body = rng.choice(SCENES)
        if rng.random() < 0.2:
            body += "\nNegative: blurry, distorted mouth"
        if rng.random() < 0.1:
            body = "// kling-ignore unclosed-quote\n" + body
        clip = f"# Clip {n}{attrs}\n{body}\n\n"
        parts.append(clip)
        total += len(clip.encode())
    return "".join(parts)
