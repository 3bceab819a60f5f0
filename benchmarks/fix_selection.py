"""How `kling fix` scales with the number of fixes: choosing the fixes of one pass, applying
their edits, and the whole of `fix_text`, on files of N clips that each hold one quote left open.

    .venv/bin/python benchmarks/fix_selection.py [--runs N] [--sizes 1000,4000,16000]

Prints a table of medians in milliseconds and the time per fix; `pairwise` is the check used before, kept
here for comparison. Linear work keeps the time per fix
flat as N grows; the old pairwise check grew it with N. The machines are shared and noisy: compare
medians from the same run.
"""

from __future__ import annotations

import argparse
import statistics
import time

from kling_lsp.core.checker import check
from kling_lsp.core.fixes import _clash, apply_edits, choose_fixes, fix_text, preferred_fix
from kling_lsp.core.parser import parse


def document(clips: int) -> str:
    return "".join(f"# Clip {n}\nShe shouts, \"Over here\n" for n in range(clips))


def pairwise_choose(findings) -> int:
    """The check `fix_text` made before: every new edit against every edit taken (for comparison)."""
    taken: list[tuple[int, int]] = []
    for finding in findings:
        fix = preferred_fix(finding, False)
        if fix is None or not fix.edits:
            continue
        spans = [(e.start, e.end) for e in fix.edits]
        if any(_clash(a, b) for a in spans for b in taken):
            continue
        taken.extend(spans)
    return len(taken)


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,4000,16000")
    args = parser.parse_args()
    print(f"{'fixes':>7} {'step':>10} {'median ms':>10} {'us/fix':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        text = document(size)
        findings = check(parse(text))
        chosen = choose_fixes(findings, unsafe=False)
        edits = [edit for _, fix in chosen for edit in fix.edits]
        steps = (("pairwise", lambda: pairwise_choose(findings)),
                 ("choose", lambda: choose_fixes(findings, unsafe=False)),
                 ("apply", lambda: apply_edits(text, edits)),
                 ("fix_text", lambda: fix_text(text)))
        for step, fn in steps:
            runs = args.runs if step != "fix_text" else max(1, args.runs // 2)
            ms = median_ms(fn, runs)
            print(f"{size:>7} {step:>10} {ms:>10.1f} {ms * 1000 / size:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
