"""Print what the parser reads in a corpus of real prompts (JSON lines with `id` and `prompt`).

    python benchmarks/corpus_report.py ../shared/corpus/real-prompts.jsonl [ID ...]

For reviewing the parser by eye on writing it has not seen; the prompts stay where they are.
"""

from __future__ import annotations

import json
import sys

from kling_lsp.core.parser import parse


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip())
        return 2
    wanted = set(argv[1:])
    with open(argv[0], encoding="utf-8") as handle:
        for raw in handle:
            record = json.loads(raw)
            if wanted and record["id"] not in wanted:
                continue
            doc = parse(record["prompt"])
            text = doc.text
            print(f"== {record['id']}: {len(doc.clips)} clip(s)")
            for clip in doc.clips:
                if clip.shots:
                    print("   shots:", ", ".join(f"{s.number}({s.duration})" for s in clip.shots))
                if clip.sections:
                    print("   sections:", ", ".join(f"{s.word}={s.kind}" for s in clip.sections))
                for line in clip.dialogue:
                    who = f"{line.speaker.name} [{line.speaker.source}]" if line.speaker else "?"
                    style = line.style.text if line.style else "-"
                    print(f"   {who:38.38} | {style[:34]:34} | {line.words:3}w {line.delivery[:5]} | {text[line.span.start:line.span.end][:40]}")
                for quote in clip.quotes:
                    print(f"   (text) {quote.text[:60]}")
                for ref in clip.references:
                    print(f"   ref {ref.kind}: {ref.name}")
                for finding in clip.findings:
                    print(f"   ! {finding.rule}: {finding.message[:90]}")
                print("   speakers:", "; ".join(s.name for s in clip.speakers))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
