"""How often each rule fires on a corpus of real prompts, and where.

    .venv/bin/python benchmarks/rules_report.py ../shared/corpus/real-prompts.jsonl [--details]

Reads JSON lines with `id` and `prompt` (the prompts stay where they are). Prints a table of
rules with their count and the prompts they fired on; --details prints every finding with the
text it points at, to read as the writer would.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict

from kling_lsp.core.checker import check
from kling_lsp.core.parser import parse
from kling_lsp.core.rules import all_rules


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a .jsonl file of {id, prompt}")
    parser.add_argument("--details", action="store_true", help="print every finding")
    args = parser.parse_args()
    fired: dict[str, list[str]] = defaultdict(list)
    total = 0
    with open(args.corpus, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    for record in records:
        text = record["prompt"]
        findings = check(parse(text))
        for finding in findings:
            fired[finding.rule].append(record["id"])
            total += 1
            if args.details:
                snippet = text[finding.span.start:finding.span.end].replace("\n", " ")[:50]
                print(f"{record['id']:>4} {finding.rule:26} {finding.severity.label:11} \u2039{snippet}\u203a {finding.message[:110]}")
    if args.details:
        print()
    print(f"{len(records)} prompts, {total} findings\n")
    print(f"{'rule':26} {'count':>5}  prompts")
    for rule in all_rules():
        ids = fired.get(rule.name, [])
        shown = ", ".join(sorted(set(ids), key=lambda i: (len(i), i)))
        print(f"{rule.name:26} {len(ids):>5}  {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
