"""Language-server latency over stdio, next to a do-nothing pygls server (the floor).

    .venv/bin/python benchmarks/lsp_latency.py [--runs 30] [--size-mb 1]

Drives each server with pygls's own client: start to ready, didOpen of a generated storyboard
to its first diagnostics (kling sends the top of a long file first) and to all of them, the
same for a second storyboard opened in the running server, a
one-character edit to fresh diagnostics, completion after a speech verb and hover on a line
of dialogue. Prints
medians and p95 in milliseconds and kling's ratio to the floor. Machines are shared and
noisy: read medians and ratios, not single runs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from storyboard import storyboard  # noqa: E402

SERVERS = {
    "floor": [sys.executable, str(Path(__file__).with_name("floor_server.py"))],
    "kling": [sys.executable, "-m", "kling_lsp"],
}
URI = "file:///benchmark/storyboard.kling"
OTHER_URI = "file:///benchmark/another-storyboard.kling"
SETTLE_BEFORE_SECOND_OPEN = 5.0  # seconds for a fresh server's background work to end
# Edits come at a fast typist's pace (a key per 50 ms is 240 words a minute): the next key 30 ms
# after the previous one's diagnostics. Edits closer than 20 ms are a paste or a macro, which
# the server lets settle for 10 ms so that the burst costs one analysis.
TYPING_GAP = 0.03


class Probe:
    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.client = LanguageClient("bench", "0")
        self.arrived: dict[int, float] = {}
        self.event = asyncio.Event()

        # Diagnostics count as arrived once their message is read and its JSON decoded, before
        # pygls's client turns it into lsprotocol objects: every editor decodes JSON, but that
        # structuring (~10 ms for 1,500 diagnostics) is this Python test client's own cost.
        protocol = self.client.protocol
        structure = protocol.structure_message

        def stamped(data: dict):
            if data.get("method") == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS and "jsonrpc" in data:
                params = data.get("params") or {}
                version = params.get("version")
                if version is not None:
                    self.arrived.setdefault((params.get("uri"), version), []).append(
                        (time.perf_counter(), len(params.get("diagnostics") or ())))
                    self.event.set()
            return structure(data)

        protocol.structure_message = stamped

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            """Stamped above already; the handler only keeps pygls from warning about it."""

    async def start(self) -> float:
        began = time.perf_counter()
        await self.client.start_io(*self.command)
        await self.client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), process_id=None))
        ready = time.perf_counter() - began
        self.client.initialized(types.InitializedParams())
        return ready

    async def wait_for(self, version: int, count: int | None = None, timeout: float = 120,
                       uri: str = URI) -> tuple[float, float]:
        """When the first diagnostics of `version` arrived, and when the complete ones did (the
        first publish with `count` diagnostics; any publish when count is None)."""
        deadline = time.perf_counter() + timeout
        while True:
            found = self.arrived.get((uri, version), [])
            complete = [t for t, n in found if count is None or n == count]
            if complete:
                return found[0][0], complete[0]
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), max(0.01, deadline - time.perf_counter()))

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def spoken_line(text: str, after_line: int) -> tuple[int, int, int]:
    """The first line from `after_line` on with 'says ... "': (line, column after "says ",
    column inside the quote). The generated storyboard's lines are ASCII there, so columns
    are the same in every encoding."""
    lines = text.split("\n")
    for n in range(after_line, len(lines)):
        at = lines[n].find(" says ")
        quote = lines[n].find('"', at)
        if at >= 0 and quote > at and lines[n].isascii():
            return n, at + len(" says "), quote + 3
    raise SystemExit("the generated storyboard has no spoken line after the middle")


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


async def measure(name: str, text: str, runs: int, expected: int | None,
                  other: str, other_expected: int | None) -> dict[str, list[float]]:
    """`expected`: how many diagnostics the complete set of the opened file holds; `other`, a
    second storyboard opened once the server has settled, and its count."""
    results: dict[str, list[float]] = {"start → ready": [], "didOpen → first diagnostics": [],
                                        "didOpen → all diagnostics": [],
                                        "didOpen, running server → first": [],
                                        "didOpen, running server → all": [],
                                        "1-char edit → diagnostics": [], "completion": [], "hover": []}
    for _ in range(max(3, runs // 6)):
        probe = Probe(SERVERS[name])
        results["start → ready"].append(await probe.start())
        await probe.stop()
    opens = max(3, runs // 6)
    for attempt in range(opens):
        probe = Probe(SERVERS[name])
        await probe.start()
        began = time.perf_counter()
        probe.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=URI, language_id="kling", version=1, text=text)))
        first, complete = await probe.wait_for(1, expected)
        results["didOpen → first diagnostics"].append(first - began)
        results["didOpen → all diagnostics"].append(complete - began)
        # a second file in the same server, as when a writer opens the next storyboard: the
        # patterns are built, and the language model (if a line needed it) has loaded meanwhile
        await asyncio.sleep(SETTLE_BEFORE_SECOND_OPEN)
        began = time.perf_counter()
        probe.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=OTHER_URI, language_id="kling", version=1, text=other)))
        first, complete = await probe.wait_for(1, other_expected, uri=OTHER_URI)
        results["didOpen, running server → first"].append(first - began)
        results["didOpen, running server → all"].append(complete - began)
        if attempt < opens - 1:
            await probe.stop()
    # edits: type one character at a time into the middle of the storyboard
    line = text[: len(text) // 2].count("\n")
    version = 1
    for n in range(runs):
        version += 1
        await asyncio.sleep(TYPING_GAP)
        began = time.perf_counter()
        probe.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, 0), types.Position(line, 0)), text="x")]))
        results["1-char edit → diagnostics"].append((await probe.wait_for(version))[0] - began)
    ident = types.TextDocumentIdentifier(uri=URI)
    says_line, says_at, quote_at = spoken_line(text, line)
    for n in range(runs):
        # completion right after a speech verb (speaking styles); hover inside the spoken words
        position = types.Position(says_line, says_at)
        began = time.perf_counter()
        await probe.client.text_document_completion_async(types.CompletionParams(text_document=ident, position=position))
        results["completion"].append(time.perf_counter() - began)
        began = time.perf_counter()
        await probe.client.text_document_hover_async(types.HoverParams(
            text_document=ident, position=types.Position(says_line, quote_at)))
        results["hover"].append(time.perf_counter() - began)
    await probe.stop()
    return results


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--problems", type=float, default=0.1,
                        help="share of clips with audio pitfalls (default 0.1; 1.0 = every clip)")
    args = parser.parse_args()
    text = storyboard(int(args.size_mb * 1_000_000), problems=args.problems)
    from kling_lsp.core.checker import check
    from kling_lsp.core.parser import parse

    findings = len(check(parse(text)))
    other = storyboard(int(args.size_mb * 1_000_000), seed=11, problems=args.problems)
    other_findings = len(check(parse(other)))
    floor = await measure("floor", text, args.runs, 0, other, 0)
    kling = await measure("kling", text, args.runs, findings, other, other_findings)
    print(f"storyboard: {len(text.encode()) / 1e6:.2f} MB, {text.count(chr(10) + '# ')} clips, {findings} findings; "
          f"{args.runs} runs (start and didOpen: fewer)")
    print(f"{'measure':32} {'floor median':>13} {'p95':>8} {'kling median':>13} {'p95':>8} {'ratio':>7}")
    for key in floor:
        f_med, f_p95 = summary(floor[key])
        k_med, k_p95 = summary(kling[key])
        print(f"{key:32} {f_med:>11.1f}ms {f_p95:>6.1f}ms {k_med:>11.1f}ms {k_p95:>6.1f}ms {k_med / f_med:>6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
