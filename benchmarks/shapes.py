"""Whether `kling check` stays linear on the input shapes that once were not.

    .venv/bin/python benchmarks/shapes.py [--sizes 10,20,40] [--runs 3]

For each shape, a document of each size (KB) is built by repeating one unit, checked, and timed
(median of the runs). The table prints the time per KB and its ratio from the smallest size to
the largest: about 1.0 is linear, about the size ratio is quadratic. The machines are shared and
noisy: read the ratios of one run, not single timings.
"""

from __future__ import annotations

import argparse
import statistics
import time

from kling_lsp.core.checker import check
from kling_lsp.core.parser import parse
from kling_lsp.core.vocab import vocabulary

# shape -> (text before, repeated unit, text after): a unit grows the document where the shape is
SHAPES = {
    "many short clips": ("", '# Clip {duration=5}\nA baker says calmly, "We open at nine."\n\n', ""),
    "one huge clip": ("# Huge {duration=15}\n", 'The guard turns. "Halt," he says, and rain falls. ', "\n"),
    "one long prose line": ("# Line\n", "A gull wheels over the harbour as waves crash and a bell rings, ", "\n"),
    "labelled speakers": ("# Talk\n", '[Speaker, calm voice]: "All clear here." ', "\n"),
    "denied lists": ("# Quiet\n", "No music, smoke, sparks, exploding glass or crowd noise. ", "\n"),
    "sounds asked by name": ("# Fight\n", "He throws a punch; heavy punch sfx. The door explodes. ", "\n"),
    "headers above prose": ("", "[GEOGRAPHY]\nA quiet station after the rush.\n", ""),
    "written settings": ("", "# C\nDuration: 8 seconds\nAspect ratio: 9:16\nA fox runs.\n\n", ""),
    "lines quoted again": ("# Again {duration=15}\n", 'She says softly, "I never left this town." The line "never left" '
                           'lands at 3 s. 0-3秒：对白内容压在“我从未离开这座小镇”。\n', ""),
    "wrapped quotes": ("# Wrap\n", 'He speaks with a trembling voice, "I never\nmeant any of this, you\nhave to believe me."\n',
                       ""),
}


def build(shape: str, kb: int) -> str:
    before, unit, after = SHAPES[shape]
    return before + unit * max(1, kb * 1000 // len(unit.encode())) + after


def timed(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check(parse(text))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,20,40", help="document sizes in KB (default 10,20,40)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    vocabulary()
    check(parse('# warm up\nA man says calmly, "Hello." Waves crash.'))
    print(f"{'shape':<22}" + "".join(f"{str(s) + ' KB ms':>12}" for s in sizes) + f"{'per-KB ratio':>14}")
    for shape in SHAPES:
        ms = [timed(build(shape, kb), args.runs) * 1000 for kb in sizes]
        ratio = (ms[-1] / sizes[-1]) / (ms[0] / sizes[0])
        print(f"{shape:<22}" + "".join(f"{m:>12.1f}" for m in ms) + f"{ratio:>14.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
