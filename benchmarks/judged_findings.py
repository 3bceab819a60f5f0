"""How many of kling's findings on a corpus of real prompts are wrong, judged finding by finding.

    .venv/bin/python benchmarks/judged_findings.py PROMPTS.jsonl --verdicts VERDICTS.jsonl
        [--todo TODO.jsonl] [--show-false]

PROMPTS holds JSON lines with `id` and `prompt`. VERDICTS holds one JSON line per judged
finding: `{"id", "rule", "snippet", "n", "verdict", "reason"}`, where verdict is TRUE,
DEBATABLE or FALSE, and `snippet` is the text the finding points at (as this script prints it)
with `n` counting equal snippets of one rule in one prompt. A line with verdict MISSED names a
pitfall kling should have found (`rule`, `snippet`); it counts as missed while no finding of
that rule covers the snippet.

Both files stay outside the repository: the prompts are other people's words. The table gives,
per rule, the findings, their verdicts and the false rate (FALSE / judged); findings without a
verdict are counted as unjudged and, with --todo, written out with their prompt for a judge.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass

from kling_lsp.core.checker import check
from kling_lsp.core.parser import parse
from kling_lsp.core.rules import all_rules

VERDICTS = ("TRUE", "DEBATABLE", "FALSE")


@dataclass(frozen=True)
class Key:
    id: str
    rule: str
    snippet: str
    n: int


def snippet_of(text: str, start: int, end: int) -> str:
    """The text a finding points at, blanks collapsed, at most 80 characters."""
    return re.sub(r"\s+", " ", text[start:end]).strip()[:80]


def keyed_findings(record: dict) -> list[tuple[Key, object]]:
    text = record["prompt"]
    seen: Counter = Counter()
    keyed = []
    for finding in check(parse(text)):
        snippet = snippet_of(text, finding.span.start, finding.span.end)
        seen[(finding.rule, snippet)] += 1
        keyed.append((Key(record["id"], finding.rule, snippet, seen[(finding.rule, snippet)]), finding))
    return keyed


def load_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prompts")
    parser.add_argument("--verdicts", help="JSON lines of judged findings (may not exist yet)")
    parser.add_argument("--todo", help="write the unjudged findings, with their prompts, to this file")
    parser.add_argument("--show-false", action="store_true", help="list every finding judged FALSE")
    args = parser.parse_args()

    records = load_jsonl(args.prompts)
    verdicts: dict[Key, dict] = {}
    missed: list[dict] = []
    if args.verdicts:
        try:
            rows = load_jsonl(args.verdicts)
        except FileNotFoundError:
            rows = []
        for row in rows:
            if row["verdict"].upper() == "MISSED":
                missed.append(row)
                continue
            verdicts[Key(row["id"], row["rule"], row["snippet"], int(row.get("n", 1)))] = row

    counts: dict[str, Counter] = defaultdict(Counter)
    todo: list[dict] = []
    false_rows: list[tuple[Key, str]] = []
    found_snippets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record in records:
        pending = []
        for key, finding in keyed_findings(record):
            found_snippets[(key.id, key.rule)].append(
                re.sub(r"\s+", " ", record["prompt"][finding.span.start:finding.span.end]))
            row = verdicts.get(key)
            verdict = row["verdict"].upper() if row else "UNJUDGED"
            counts[key.rule][verdict] += 1
            if verdict == "FALSE":
                false_rows.append((key, row.get("reason", "")))
            if row is None:
                pending.append({"rule": key.rule, "snippet": key.snippet, "n": key.n, "message": finding.message})
        if pending:
            todo.append({"id": record["id"], "prompt": record["prompt"], "findings": pending})

    still_missed = [m for m in missed
                    if not any(m["snippet"] in s or s in m["snippet"] for s in found_snippets.get((m["id"], m["rule"]), []))]

    print(f"{len(records)} prompts\n")
    header = f"{'rule':26} {'found':>5} {'TRUE':>5} {'DEBAT':>5} {'FALSE':>5} {'unjdg':>5} {'false %':>7}"
    print(header)
    print("-" * len(header))
    total: Counter = Counter()
    for rule in all_rules():
        c = counts.get(rule.name, Counter())
        if not c:
            continue
        total.update(c)
        print(_row(rule.name, c))
    print("-" * len(header))
    print(_row("all", total))
    if missed:
        print(f"\npitfalls judged missed: {len(still_missed)} of {len(missed)} still missed")
        for m in still_missed:
            print(f"  {m['id']:>6} {m['rule']:26} \u2039{m['snippet'][:60]}\u203a {m.get('reason', '')[:80]}")
    if args.show_false and false_rows:
        print("\nfindings judged FALSE:")
        for key, reason in false_rows:
            print(f"  {key.id:>6} {key.rule:26} \u2039{key.snippet[:60]}\u203a {reason[:100]}")
    if args.todo:
        with open(args.todo, "w", encoding="utf-8") as handle:
            for item in todo:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"\n{sum(len(t['findings']) for t in todo)} unjudged findings in {len(todo)} prompts written to {args.todo}")
    return 0


def _row(name: str, c: Counter) -> str:
    judged = c["TRUE"] + c["DEBATABLE"] + c["FALSE"]
    found = judged + c["UNJUDGED"]
    rate = f"{100 * c['FALSE'] / judged:.1f}" if judged else "-"
    return f"{name:26} {found:>5} {c['TRUE']:>5} {c['DEBATABLE']:>5} {c['FALSE']:>5} {c['UNJUDGED']:>5} {rate:>7}"


if __name__ == "__main__":
    sys.exit(main())
