"""The studio's folder: list, read, create, rename and save `.kling` files inside it, never a path
outside it.

Names come from the page as paths relative to the folder ("night/pier.kling"). A name is refused
when it is absolute, climbs out with "..", leads out through a symbolic link, names a hidden or
skipped folder, or does not end in .kling; the refusal says why. Saves are atomic (the command
line's `write_atomically`) and keep the byte-order mark and the CRLF line endings the file had
when it was read: the editor works in LF. A save never lands over someone else's newer write: when
the file changed on disk since the studio read or last saved it, or is read-only, the save is refused
and the page says so.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..cli.sources import SKIP_DIRS, SUFFIX, SourceError, encode, read_source, stamp, write_atomically

MAX_FILES = 2000


class Refused(Exception):
    """A request the folder does not carry out: the message says why, in a writer's words."""


@dataclass
class _Shape:
    bom: bool = False
    crlf: bool = False
    stamp: tuple | None = None  # the file as the studio last read or wrote it


def _stamp_of(path: Path) -> tuple:
    return stamp(path.stat())


class Folder:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.shapes: dict[Path, _Shape] = {}

    def resolve(self, name: object) -> Path:
        """The file `name` stands for, or Refused."""
        if not isinstance(name, str) or not name.strip():
            raise Refused("a file name is needed")
        if "\x00" in name or "\\" in name:
            raise Refused(f"{name!r} is not a usable file name")
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            raise Refused(f"{name} is outside the studio folder {self.root}; only files inside it can be opened or saved")
        if relative.suffix != SUFFIX:
            raise Refused(f"{name}: the studio opens and saves only {SUFFIX} files")
        if any(part.startswith(".") or part in SKIP_DIRS for part in relative.parts):
            raise Refused(f"{name}: hidden files and folders are left alone")
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root):
            raise Refused(f"{name} leads outside the studio folder {self.root} (a symbolic link); refused")
        return path

    def name_of(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def entry(self, path: Path) -> dict:
        return {"path": self.name_of(path), "uri": path.as_uri()}

    def files(self) -> list[dict]:
        found: list[Path] = []
        for folder, folders, names in os.walk(self.root):
            folders[:] = sorted(d for d in folders if not d.startswith(".") and d not in SKIP_DIRS)
            found += [Path(folder, n) for n in sorted(names) if n.endswith(SUFFIX) and not n.startswith(".")]
            if len(found) >= MAX_FILES:
                break
        return [self.entry(p) for p in found[:MAX_FILES] if p.resolve().is_relative_to(self.root)]

    def read(self, name: object) -> dict:
        path = self.resolve(name)
        try:
            source = read_source(path)
        except SourceError as exc:
            raise Refused(str(exc)) from None
        self.shapes[path] = _Shape(source.bom, "\r\n" in source.text, source.stamp)
        return {**self.entry(path), "text": source.text.replace("\r\n", "\n")}

    def create(self, name: object, text: str = "") -> dict:
        path = self.resolve(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except FileExistsError:
            raise Refused(f"{self.name_of(path)} already exists") from None
        self.shapes[path] = _Shape(stamp=_stamp_of(path))
        return {**self.entry(path), "text": text}

    def save(self, name: object, text: object) -> dict:
        if not isinstance(text, str):
            raise Refused("nothing to save: the text is missing")
        path = self.resolve(name)
        if not path.exists():
            self.create(name)
        shape = self.shapes.get(path)
        if shape is None or shape.stamp != _stamp_of(path):
            raise Refused(f"{self.name_of(path)} changed on disk since the studio opened it; not saved, so "
                          "nothing is lost: reload the page to see it, or save under another name")
        if not path.stat().st_mode & stat.S_IWUSR:
            raise Refused(f"{self.name_of(path)} is read-only; not saved")
        data = encode(text.replace("\r\n", "\n").replace("\n", "\r\n") if shape.crlf else text, shape.bom)
        write_atomically(path, data)
        shape.stamp = _stamp_of(path)
        return {**self.entry(path), "bytes": len(data)}

    def rename(self, old: object, new: object) -> dict:
        source, target = self.resolve(old), self.resolve(new)
        if not source.is_file():
            raise Refused(f"{old} does not exist")
        if target.exists():
            raise Refused(f"{self.name_of(target)} already exists")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, target)
        self.shapes[target] = self.shapes.pop(source, _Shape())
        return self.entry(target)
