"""py3langid's model, loaded without writing anything to disk.

py3langid 0.4 unpacks its LZMA-compressed model into a temporary file before reading it; kling
promises to write nothing but the files `kling fix` changes, so the model is unpacked in memory
instead (about 65 MB more, for the half second of loading; freed afterwards).
"""

from __future__ import annotations

import io
import lzma
from pathlib import Path


def load_identifier(**options):
    """A py3langid LanguageIdentifier built from its bundled model, read in memory only."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array

    path = Path(MODEL_FILE) if Path(MODEL_FILE).is_absolute() else MODEL_DIR / MODEL_FILE
    with np.load(io.BytesIO(lzma.decompress(path.read_bytes())), allow_pickle=False) as data:
        ptc, pc, classes = data["ptc"], data["pc"], data["classes"].tolist()
        nextmove, row, output = _to_array(data["nextmove"]), _to_array(data["nextmove_row"]), data["out_feat"].tolist()
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, tk_row=row, **options)
