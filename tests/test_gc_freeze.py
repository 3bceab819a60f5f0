"""After a large analysis the collector is back, and what the analysis built is frozen: a later
full collection does not walk it (that pass held the GIL for most of a second after a 2 MB
analysis, and every request waited). Freezing is safe only because an analysis holds no
reference cycles: dropped, it is freed by reference counting alone."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from kling_lsp.core.config import Config
from kling_lsp.lsp.regions import RegionCache, analyse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from storyboard import storyboard  # noqa: E402


def test_a_large_analysis_is_frozen_and_leaves_no_cycles_behind():
    analyse(storyboard(10_000), Config(), RegionCache())  # the first one loads vocabularies and modules
    text = storyboard(400_000)
    gc.collect()
    frozen_before = gc.get_freeze_count()
    analysis = analyse(text, Config(), RegionCache())
    assert gc.isenabled()
    assert gc.get_freeze_count() - frozen_before > 100_000
    del analysis
    gc.unfreeze()  # let the collector see everything again: it must find nothing to free
    assert gc.collect() == 0


def test_a_small_analysis_freezes_nothing():
    frozen_before = gc.get_freeze_count()
    analyse('# One\nA fisherman says calmly, "We sail at dawn."\n', Config(), RegionCache())
    assert gc.get_freeze_count() == frozen_before
