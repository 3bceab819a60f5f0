"""The editor's region-by-region analysis must find exactly what `kling check` finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kling_lsp.core.checker import check
from kling_lsp.core.config import Config
from kling_lsp.core.parser import parse
from kling_lsp.lsp.regions import RegionCache, analyse

PIECES = [
    "---\n", "duration: 7\n", "model: kling-2.6\n", "# Scene {duration=5}\n", "## Two\n", "# \n",
    'A man says calmly, "We sail at dawn."\n', "[Ana: host, warm voice]: \"Welcome back.\"\n",
    'She shouts, "Run!\n', "Upbeat jazz music plays.\n", "// kling-ignore unclosed-quote\n",
    "// kling-ignore\n", "Shot 1 (2s): Rain.\n", "Shot 2 (9s): Thunder.\n", "Negative: blur\n", "\n", "\r\n",
    "A silent street. An explosion.\n", "<<voice_1>> hums.\n", "#hashtag\n", "Voiceover (deep voice): Hello.\n",
]


def _fixes(finding, shift: int) -> tuple:
    return tuple((fix.title, fix.safe, tuple((e.start + shift, e.end + shift, e.new_text) for e in fix.edits))
                 for fix in finding.fixes)


def findings_by_regions(text: str, cache: RegionCache) -> list[tuple]:
    """Findings and their fixes, in offsets of the whole text."""
    analysis = analyse(text, Config(), cache)
    return sorted((f.rule, f.span.start + r.start, f.span.end + r.start, f.message, _fixes(f, r.start))
                  for r, f in analysis.findings())


def findings_by_check(text: str) -> list[tuple]:
    return sorted((f.rule, f.span.start, f.span.end, f.message, _fixes(f, 0)) for f in check(parse(text)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_regions_find_what_check_finds(pieces):
    text = "".join(pieces)
    assert findings_by_regions(text, RegionCache()) == findings_by_check(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12), st.integers(min_value=0, max_value=200),
       st.sampled_from(PIECES))
def test_an_edit_reuses_the_cache_and_stays_exact(pieces, at, insert):
    cache = RegionCache()
    text = "".join(pieces)
    findings_by_regions(text, cache)
    at = min(at, len(text))
    edited = text[:at] + insert + text[at:]
    assert findings_by_regions(edited, cache) == findings_by_check(edited)


def test_unchanged_regions_come_from_the_cache():
    cache = RegionCache()
    clips = "".join(f'# Clip {n}\nA fisherman says calmly, "Tide {n}."\n' for n in range(50))
    analyse(clips, Config(), cache)
    before = cache.misses
    analyse(clips.replace("Tide 7.", "Tide seven."), Config(), cache)
    assert cache.misses - before == 1  # only the edited clip was analysed again


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=3, max_size=25), st.integers(min_value=0, max_value=300),
       st.integers(min_value=0, max_value=20), st.sampled_from(PIECES + ["", "#", "\n", '"', "x"]))
def test_reanalysing_after_an_edit_equals_a_fresh_analysis(pieces, at, removed, insert):
    cache = RegionCache()
    text = "".join(pieces)
    before = analyse(text, Config(), cache)
    at = min(at, len(text))
    edited = text[:at] + insert + text[at + removed:]
    again = analyse(edited, Config(), cache, previous=before)
    fresh = analyse(edited, Config(), RegionCache())
    assert [(r.start, r.line) for r in again.regions] == [(r.start, r.line) for r in fresh.regions]
    got = sorted((f.rule, f.span.start + r.start, f.span.end + r.start, f.message, _fixes(f, r.start))
                 for r, f in again.findings())
    assert got == findings_by_check(edited)
    assert [(r.clips_before, len(r.result.document.clips)) for r in again.regions] == \
        [(r.clips_before, len(r.result.document.clips)) for r in fresh.regions]
    # the same when the editor says what changed instead of the texts being compared
    told = analyse(edited, Config(), cache, previous=before,
                   change=(at, min(at + removed, len(text)), at + len(insert)))
    assert [(r.start, r.line, r.clips_before) for r in told.regions] == \
        [(r.start, r.line, r.clips_before) for r in fresh.regions]
    assert sorted((f.rule, f.span.start + r.start, f.span.end + r.start, f.message, _fixes(f, r.start))
                  for r, f in told.findings()) == got


def test_an_edit_in_a_long_storyboard_reuses_the_regions_around_it():
    cache = RegionCache()
    clips = "".join(f'# Clip {n}\nA fisherman says calmly, "Tide {n}."\n' for n in range(200))
    before = analyse(clips, Config(), cache)
    edited = clips.replace("Tide 150.", "Tide one hundred and fifty.")
    again = analyse(edited, Config(), cache, previous=before)
    assert again.regions[10] is before.regions[10]  # untouched regions before the edit are reused
    assert again.regions[180].result is before.regions[180].result  # and moved ones keep their results
    assert again.regions[180].start == before.regions[180].start + len("one hundred and fifty") - len("150")


def test_the_language_models_arrival_rechecks_only_the_clips_that_waited_for_it(monkeypatch):
    """In the server, Latin-script lines that are not plainly English wait for the language model
    (loaded in the background); when it arrives, only their clips are checked again."""
    from kling_lsp.core import language

    monkeypatch.setattr(language, "on_model_loaded", lambda: None)
    monkeypatch.setattr(language, "model_ready", lambda: False)
    monkeypatch.setattr(language, "_load_in_background", lambda: None)
    text = ('# Harbour {duration=8}\nA fisherman says calmly, "We sail at dawn, my friend."\n\n'
            '# Plaza {duration=8}\nUna donna dice allegramente, "Andiamo al mare domani con i bambini."\n\n'
            '# Pier {duration=8}\nA gull cries over the water.\n')
    cache = RegionCache()
    analysis = analyse(text, Config(), cache)
    waited = [r.result.clip.title for r in analysis.regions if r.result.clip and r.result.unjudged]
    assert waited == ["Plaza"]
    assert cache.forget_unjudged() == 1
    before = cache.misses
    analyse(text, Config(), cache)
    assert cache.misses - before == 1  # only the Spanish clip is read again
