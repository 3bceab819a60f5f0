"""Finding, reading and writing .kling files for the command line.

Bytes are decoded by hand so that a fix writes back exactly what it read: the byte-order
mark if there was one, and every line ending as it was. Only regular files up to MAX_INPUT bytes
are read; a write is refused when the file changed since it was read or is read-only, and its
temporary file has a name a later run recognises (and removes once its writer is dead).
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
MAX_INPUT = 16 * 1024 * 1024  # bytes; the longest real prompt file is far below
TEMP_MARK = ".kling-fix-"  # .NAME.kling-fix-PID-RANDOM.tmp


class SourceError(Exception):
    """An I/O problem with one path: the message is the one-line reason."""


@dataclass(frozen=True)
class Source:
    path: Path | None  # None for standard input
    display: str
    text: str  # without the byte-order mark
    bom: bool
    stamp: tuple | None = None  # (device, inode, size, mtime) when read: a later change refuses the write


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
    """The .kling files under `folder`; links to files outside it are left out (folder links are
    never followed)."""
    inside = folder.resolve()
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in files:
            path = Path(root) / name
            if name.endswith(SUFFIX) and (not path.is_symlink() or path.resolve().is_relative_to(inside)):
                yield path


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
        data, stamp = _read_regular(path, display)
    except OSError as exc:
        raise SourceError(f"{display}: cannot read: {exc.strerror or exc}") from None
    text, bom = decode(data, display)
    return Source(path, display, text, bom, stamp)


def _read_regular(path: Path, display: str) -> tuple[bytes, tuple]:
    """The bytes of a regular file of at most MAX_INPUT bytes (a FIFO or device is refused
    before it is read; O_NONBLOCK keeps opening a FIFO from waiting for a writer)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError(f"{display}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(f"{display}: not a regular file (a pipe, device or socket); not read")
        if info.st_size > MAX_INPUT:
            raise SourceError(f"{display}: {info.st_size} bytes, over the {MAX_INPUT}-byte limit for one file; not read")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_INPUT + 1)
        if len(data) > MAX_INPUT:
            raise SourceError(f"{display}: over the {MAX_INPUT}-byte limit for one file; not read")
        return data, stamp(info)
    finally:
        os.close(fd)


def stamp(info: os.stat_result) -> tuple:
    """What tells a file apart from a later version of it: device, inode, size, modification time."""
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def encode(text: str, bom: bool) -> bytes:
    return (BOM_BYTES if bom else b"") + text.encode("utf-8")


def check_writable(source: Source, original: bytes) -> None:
    """SourceError unless `source` is still the regular, writable file it was when read."""
    target = source.path.resolve()
    info = target.stat()
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(f"{source.display}: not a regular file; not written")
    if not info.st_mode & stat.S_IWUSR:
        raise SourceError(f"{source.display}: read-only; not rewritten (make it writable to fix it)")
    if source.stamp is not None and (stamp(info) != source.stamp or _read_regular(target, source.display)[0] != original):
        raise SourceError(f"{source.display}: changed since kling read it; not written (run kling fix again)")


def clean_stale_temps(folder: Path) -> list[Path]:
    """Remove the temporary files of `kling fix` runs that died mid-write (their pid is gone)."""
    removed = []
    for path in folder.glob(f".*{TEMP_MARK}*.tmp"):
        pid = path.name.split(TEMP_MARK, 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: a crash leaves the old file or the new one, and
    at worst a temporary file named .NAME.kling-fix-PID-*.tmp that clean_stale_temps removes."""
    target = path.resolve()
    mode = stat.S_IMODE(target.stat().st_mode)
    clean_stale_temps(target.parent)
    handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}{TEMP_MARK}{os.getpid()}-",
                                         suffix=".tmp", delete=False)
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
