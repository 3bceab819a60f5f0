"""Loading the language model writes no file: kling writes only what `kling fix` changes."""

from __future__ import annotations

import tempfile

import pytest

from kling_lsp.core import language


def test_the_model_loads_and_judges_with_every_way_to_make_a_temp_file_refused(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the language model tried to write a temporary file")

    for name in ("TemporaryFile", "NamedTemporaryFile", "SpooledTemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    language._identifier.cache_clear()
    try:
        identifier = language._identifier()
        assert identifier.classify("El perro corre por la playa con su dueño.")[0] == "es"
    finally:
        language._identifier.cache_clear()


@pytest.mark.parametrize("text, code", [("The cat sleeps on the warm mat.", "en"),
                                        ("Le chat dort sur le tapis chaud.", "fr")])
def test_the_in_memory_model_is_the_packaged_one(text, code):
    from kling_lsp.core.langmodel import load_identifier

    assert load_identifier(norm_probs=True).classify(text)[0] == code
