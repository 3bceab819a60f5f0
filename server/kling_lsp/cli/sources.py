"""Finding, reading and writing .kling files for the command line.

Bytes are decoded by hand so that a fix writes back exactly what it read: the byte-order
mark if there was one, and every line ending as it was.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".kling"
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox"}
BOM_BYTES = b"\xef\xbb\xbf"


class SourceError(Exception):
    """An I/O problem with one path: the message is the one-line reason."""


@dataclass(frozen=True)
class Source:
    path: Path | None  # None for standard input
    display: str
    text: str  # without the byte-order mark
    bom: bool


def discover(paths: list[str]) -> tuple[list[Path | str], list[str]]:
    """Files to check (in a stable order) and one-line errors for paths that give none.
    "-" stays as is and means standard input."""
    found: list[Path | str] = []
    errors: list[str] = []
    for raw in paths:
        if raw == "-":
            found.append("-")
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(_walk(path))
            if not files:
                errors.append(f"{raw}: no {SUFFIX} files found in this folder")
            found.extend(files)
        elif path.exists():
            found.append(path)
        else:
            errors.append(f"{raw}: no such file or folder")
    return found, errors


def _walk(folder: Path):
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in files:
            if name.endswith(SUFFIX):
                yield Path(root) / name


def decode(data: bytes, display: str) -> tuple[str, bool]:
    """The text of a file and whether it had a byte-order mark; SourceError for bytes that are not
    UTF-8 text. A NUL byte is valid UTF-8 but never part of a prompt: it marks a binary file."""
    nul = data.find(b"\0")
    if nul != -1:
        raise SourceError(f"{display}: a binary file, not text (a NUL byte at offset {nul})")
    bom = data.startswith(BOM_BYTES)
    if bom:
        data = data[len(BOM_BYTES):]
    try:
        return data.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(BOM_BYTES) if bom else 0)
        raise SourceError(
            f"{display}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {offset}); save it as UTF-8"
        ) from None


def read_source(item: Path | str, stdin_name: str | None = None) -> Source:
    if item == "-":
        display = stdin_name or "-"
        data = sys.stdin.buffer.read()
        text, bom = decode(data, display)
        return Source(Path(stdin_name) if stdin_name else None, display, text, bom)
    path = Path(item)
    display = str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise SourceError(f"{display}: is a folder, not a file") from None
    except OSError as exc:
        raise SourceError(f"{display}: cannot read: {exc.strerror or exc}") from None
    text, bom = decode(data, display)
    return Source(path, display, text, bom)


def encode(text: str, bom: bool) -> bytes:
    return (BOM_BYTES if bom else b"") + text.encode("utf-8")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: a crash leaves the old file or the new one."""
    target = path.resolve()
    mode = stat.S_IMODE(target.stat().st_mode)
    handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        os.replace(handle.name, target)
    except BaseException:
        try:
            os.unlink(handle.name)
        except OSError:
            pass
        raise
