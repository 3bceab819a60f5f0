"""Requests answered while a long analysis runs: the promise is 100 ms for every request that
does not wait for that analysis itself.

    .venv/bin/python benchmarks/hover_during_analysis.py [--runs 3] [--size-mb 2]

Each run starts the server over stdio (raw JSON-RPC, no client library in the way), opens a
small document and waits for its diagnostics, then opens a generated storyboard of SIZE MB and,
until that storyboard's last diagnostics arrive, sends hovers on the small document one after
another (20 ms apart). The same hovers with no analysis running are the baseline. Prints the
medians, p95 and maximum of the round trips in milliseconds. The machine is shared and noisy:
read medians, not single runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "lsp"))
from rawclient import RawClient  # noqa: E402
from storyboard import storyboard  # noqa: E402

SMALL = "file:///benchmark/small.kling"
LARGE = "file:///benchmark/large.kling"
GAP = 0.02


def _published(client: RawClient, uri: str) -> int:
    """How many diagnostics notifications for `uri` have arrived (read without waiting)."""
    while not client.messages.empty():
        client.seen.append(client.messages.get_nowait())
    return sum(1 for m in client.seen if m.get("method") == "textDocument/publishDiagnostics"
               and m["params"]["uri"] == uri)


def _hover_ms(client: RawClient) -> float:
    began = time.perf_counter()
    reply = client.hover(SMALL, timeout=30)
    took = (time.perf_counter() - began) * 1000
    if "error" in reply:
        raise SystemExit(f"hover failed: {reply['error']}")
    return took


def one_run(text: str, expected_publishes: int) -> tuple[list[float], list[float], float]:
    client = RawClient()
    try:
        client.start()
        client.open(SMALL)
        client.diagnostics(SMALL, timeout=60)
        idle = []
        for _ in range(30):
            idle.append(_hover_ms(client))
            time.sleep(GAP)
        began = time.perf_counter()
        client.open(LARGE, text)
        busy = []
        while _published(client, LARGE) < expected_publishes:
            if time.perf_counter() - began > 120:
                raise SystemExit("the large document's diagnostics never arrived")
            busy.append(_hover_ms(client))
            time.sleep(GAP)
        return idle, busy, time.perf_counter() - began
    finally:
        client.close()


def _row(name: str, values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"| {name} | {len(values)} | {statistics.median(values):.1f} | {p95:.1f} | {values[-1]:.1f} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size-mb", type=float, default=2.0)
    args = parser.parse_args()
    text = storyboard(int(args.size_mb * 1024 * 1024))
    idle: list[float] = []
    busy: list[float] = []
    analysis: list[float] = []
    for _ in range(args.runs):
        a, b, took = one_run(text, expected_publishes=2)  # a long file: its top first, then all of it
        idle += a
        busy += b
        analysis.append(took)
    print(f"{args.size_mb:g} MB storyboard ({len(text):,} characters), {args.runs} runs; "
          f"its analysis took {statistics.median(analysis):.1f} s (median)")
    print("| hover on another document | hovers | median ms | p95 ms | max ms |")
    print("| --- | --- | --- | --- | --- |")
    print(_row("nothing else running", idle))
    print(_row("while the storyboard is analysed", busy))
    return 0


if __name__ == "__main__":
    sys.exit(main())
