"""Pausing Python's cyclic garbage collector while a large text is analysed.

Analysing a big storyboard builds millions of small objects that all stay alive (the parse,
the findings, the editor's cache). The collector's full passes over them find nothing to free
and cost about a third of the time, so it is paused for the work and restored after; what
survives the work is frozen (`gc.freeze`), so the collector's later full passes skip it too. Pauses
nest and may overlap between threads (the editor analyses in a worker): the collector comes
back when the last one ends, and only if it was on before the first.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

LARGE = 200_000  # characters; below this the collector's cost does not matter

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused(size: int) -> Iterator[None]:
    global _depth, _was_enabled
    if size < LARGE:
        yield
        return
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                # What the work built stays alive and holds no cycles (dropping an analysis
                # frees it by reference counting alone): moved out of the collector's sight, a
                # later full pass does not walk it, which took the GIL for most of a second
                # after a 2 MB analysis and held up every request meanwhile.
                gc.freeze()
                gc.enable()
