"""The grammar-aware fuzzer, a bounded share in CI (`scripts/fuzz.sh` runs 10,000 documents
and more). Every generated document and edit sequence must keep every property of
`fuzzkit.problems`: nothing raises, every range inside the text, the editor's incremental
analysis equal to `kling check`, every fix removing its finding, safe fixes adding none, and
`kling fix` idempotent. The fix gaps still open are listed in `fuzzkit.KNOWN_GAPS`; any other
one fails."""

from __future__ import annotations

import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis.configuration import set_hypothesis_home_dir

from fuzzkit import document, edits, problems

set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "kling-lsp-hypothesis"))

# a share that keeps this test well under a minute on a shared 2-core machine
EXAMPLES = int(os.environ.get("KLING_FUZZ_EXAMPLES", "600"))


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(document(), edits())
def test_generated_documents_keep_every_property(text, steps):
    assert [p for p in problems(text, steps) if p.kind != "known"] == []


def test_found_by_the_fuzzer_a_quote_ending_on_its_own_opening_mark_gets_no_fix():
    """`The man whispers, ‘‘`: a closing mark typed after the second ‘ would open a new quote."""
    from kling_lsp.core.checker import check
    from kling_lsp.core.parser import parse

    for text in ("# A\nThe man whispers, \u2018\u2018\n", "# A\nHe says 'Hi '\n"):
        (finding,) = [f for f in check(parse(text)) if f.rule == "unclosed-quote"]
        assert finding.fixes == ()
    assert problems("# A\nThe man whispers, \u2018\u2018\n") == []


def test_found_by_the_fuzzer_removing_one_side_of_a_silence_conflict_ends_it():
    """Two loud cues, or two quiet ones: removing one of them would leave the conflict."""
    text = "# A\nthe sound of the explosion\nA silent street. An explosion.\n"
    assert [p for p in problems(text) if p.kind != "known"] == []
