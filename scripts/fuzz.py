"""The long fuzz run (nightly-style): N generated documents, each with an edit sequence, every
property of tests/fuzzkit.py checked; failures are counted by kind, not stopped at, and the
first document of each kind is saved for a test to be written from it.

    .venv/bin/python scripts/fuzz.py [--documents 10000] [--seed N] [--out /tmp/kling-fuzz]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402

from fuzzkit import document, edits, problems  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=None, help="the same seed draws the same documents")
    parser.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "kling-fuzz"))
    args = parser.parse_args()
    set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "kling-lsp-hypothesis"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tried = 0
    failing = 0
    kinds: Counter[str] = Counter()
    details: Counter[tuple[str, str]] = Counter()
    saved: set[str] = set()
    began = time.monotonic()

    @settings(max_examples=args.documents, deadline=None, database=None, phases=["generate"],
              suppress_health_check=list(HealthCheck))
    @given(document(), edits())
    def run(text, steps):
        nonlocal tried, failing
        tried += 1
        found = problems(text, steps)
        failing += any(p.kind != "known" for p in found)
        for problem in set(found):
            kinds[problem.kind] += 1
            details[(problem.kind, problem.detail[:100])] += 1
            if problem.kind not in saved:
                saved.add(problem.kind)
                (out / f"{problem.kind}.json").write_text(
                    json.dumps({"text": text, "steps": steps, "problem": problem.detail}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
        if tried % 1000 == 0:
            print(f"{tried} documents, {failing} failing, {time.monotonic() - began:.0f} s", file=sys.stderr)

    (seed(args.seed)(run) if args.seed is not None else run)()
    print(f"documents tried: {tried}; failing (known gaps aside): {failing}; {time.monotonic() - began:.0f} s")
    print("| kind | documents |\n| --- | --- |")
    for kind, count in kinds.most_common():
        print(f"| {kind} | {count} |")
    for (kind, detail), count in details.most_common(25):
        print(f"  {count:5d}  {kind}: {detail}")
    if kinds:
        print(f"first document of each kind: {out}/KIND.json")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
