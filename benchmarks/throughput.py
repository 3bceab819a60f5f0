"""Parse and check throughput of the core on generated storyboards.

    .venv/bin/python benchmarks/throughput.py [--runs N]

Prints a table of medians (and the fastest run) in MB/s. The machines are shared and
noisy: compare medians from the same run, never single timings.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storyboard import storyboard  # noqa: E402

from kling_lsp.core.checker import check  # noqa: E402
from kling_lsp.core.parser import parse  # noqa: E402
from kling_lsp.core.vocab import vocabulary  # noqa: E402


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per size (default 7; 3 for 10 MB)")
    args = parser.parse_args()
    vocabulary()  # loading data files is start-up cost, not throughput
    parse("# warm up\nA man says calmly, \"Hello.\"")

    print(f"{'size':>8} {'clips':>7} {'step':>11} {'median ms':>10} {'best ms':>9} {'MB/s':>7}")
    for size_mb in (0.1, 1.0, 10.0):
        text = storyboard(int(size_mb * 1_000_000))
        mb = len(text.encode()) / 1_000_000
        runs = args.runs if size_mb < 10 else max(3, args.runs // 3)
        document = parse(text)
        # a fresh parse each run: speaker and audio analysis are cached on a parsed clip
        for step, fn in (("parse", lambda: parse(text)), ("parse+check", lambda: check(parse(text)))):
            times = timed(fn, runs)
            median = statistics.median(times)
            print(f"{mb:>6.1f}MB {len(document.clips):>7} {step:>11} {median * 1000:>10.1f} "
                  f"{min(times) * 1000:>9.1f} {mb / median:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
