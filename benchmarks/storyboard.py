"""A generated storyboard of many clips, written from our own templates (no third-party
prompts), for benchmarks of the parser, the checker and later the language server."""

from __future__ import annotations

import random

FRONT = "---\ntitle: Generated storyboard\nmodel: kling-3.0\nduration: 10\naspect: 16:9\nlanguage: en\n---\n\n"

# Clips a careful writer would leave clean: one speaker with a style, music kept low,
# sounds described, dialogue short enough for the clip.
CLEAN = [
    'A fisherman in a yellow slicker mends a net on the pier and says calmly, "We sail at dawn." Gulls circle overhead, waves slap the pilings.',
    '[Ines: baker, warm cheerful voice]: "Fresh rolls, still warm!" Flour dust drifts through the morning light; soft background music plays on a radio.',
    'Shot 1 (4s): Rain streaks the window of a night bus as the city lights blur past.\nShot 2 (6s): The driver glances at the mirror and mutters, "Last stop, everybody off."',
    "Voiceover (deep, unhurried male voice): Every road begins with a single step. A lone hiker crests a ridge at sunrise, wind sweeping the tall grass.",
    "A drummer pounds a steady groove in a cramped garage while the singer adjusts the mic stand. Cymbals crash, the bass amp hums.",
    '【风格】电影感，夜雨。\n男主站在门口，低声说：「我回来了。」雨声环境音。',
    'A chef in a busy kitchen tastes the sauce and says firmly, "More salt." Pans sizzle on the stove \U0001f373.',
]
# Clips with the pitfalls the rules are for.
PROBLEMS = [
    'A quiet library at dusk. A student whispers to her friend, "We have ten minutes before they lock up and I still need the atlas, the dictionary and the two history books." Thunder rolls outside.',
    'Two chefs argue across a steel counter. The older one snaps, "Too much salt!" The younger replies, "I followed your recipe exactly." Upbeat jazz music at 120 BPM plays.',
    'She shouts, "Get down!\nNegative: blurry, distorted mouth',
]
SCENES = CLEAN + PROBLEMS


def storyboard(size_bytes: int, seed: int = 7, problems: float = 0.1) -> str:
    """About `size_bytes` of .kling text: front matter, then headed clips, a share of them
    (`problems`) with audio pitfalls and the rest clean."""
    rng = random.Random(seed)
    parts = [FRONT]
    total = len(FRONT.encode())
    n = 0
    while total < size_bytes:
        n += 1
        attrs = rng.choice(["", "", " {aspect=9:16}"])
        body = rng.choice(PROBLEMS if rng.random() < problems else CLEAN)
        if "\u3010" in body:
            attrs = " {language=zh}"  # a Chinese clip says so
        if rng.random() < 0.2:
            body += "\nNegative: blurry, distorted mouth"
        if rng.random() < 0.1:
            body = "// kling-ignore unclosed-quote\n" + body
        clip = f"# Clip {n}{attrs}\n{body}\n\n"
        parts.append(clip)
        total += len(clip.encode())
    return "".join(parts)
