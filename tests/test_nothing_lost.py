"""`kling fix` loses no byte: no lost update, no stray temp file, no write to what is not a
writable regular file, no walk outside the folder, no unbounded read."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from test_cli import CLEAN, UNCLOSED, err, kling

from kling_lsp.cli.sources import MAX_INPUT, TEMP_MARK


def run_python(code: str, cwd: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def test_a_file_replaced_while_it_is_fixed_is_not_overwritten(tmp_path):
    path = tmp_path / "a.kling"
    path.write_text(UNCLOSED, encoding="utf-8")
    newer = CLEAN + "Written by another program meanwhile.\n"
    process = run_python(f"""
        import sys
        from pathlib import Path
        from kling_lsp.cli import main
        real = main.fix_text
        def fix_while_someone_writes(*args, **kwargs):
            Path("a.kling").write_text({newer!r}, encoding="utf-8")
            return real(*args, **kwargs)
        main.fix_text = fix_while_someone_writes
        sys.exit(main.main(["fix", "a.kling"]))
    """, tmp_path)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2 and b"changed since kling read it" in stderr
    assert path.read_text(encoding="utf-8") == newer


def test_a_kill_during_a_write_leaves_a_temp_file_the_next_run_removes_and_no_scan_reads(tmp_path):
    path = tmp_path / "a.kling"
    path.write_text(UNCLOSED, encoding="utf-8")
    process = run_python("""
        import os, sys, time
        from kling_lsp.cli import main, sources
        def stuck(fd):
            print("writing", flush=True)
            time.sleep(120)
        sources.os.fsync = stuck
        main.main(["fix", "a.kling"])
    """, tmp_path)
    try:
        assert process.stdout.readline() == b"writing\n"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    left = [p.name for p in tmp_path.iterdir() if p.name != "a.kling"]
    assert len(left) == 1 and TEMP_MARK in left[0] and left[0].endswith(".tmp")
    assert path.read_text(encoding="utf-8") == UNCLOSED  # the old file is whole
    assert "in 1 of 1 file" in kling("check", ".", cwd=tmp_path).stdout.decode()  # the scan reads a.kling only
    assert kling("fix", "a.kling", cwd=tmp_path).returncode in (0, 1)
    assert [p.name for p in tmp_path.iterdir()] == ["a.kling"]


def test_a_read_only_file_is_reported_not_rewritten(tmp_path):
    path = tmp_path / "a.kling"
    path.write_text(UNCLOSED, encoding="utf-8")
    path.chmod(0o444)
    result = kling("fix", "a.kling", cwd=tmp_path)
    assert result.returncode == 2 and "read-only" in err(result)
    assert path.read_text(encoding="utf-8") == UNCLOSED and (path.stat().st_mode & 0o777) == 0o444


def test_a_fifo_is_neither_read_nor_replaced(tmp_path):
    fifo = tmp_path / "pipe.kling"
    os.mkfifo(fifo)
    result = kling("fix", "pipe.kling", cwd=tmp_path)
    assert result.returncode == 2 and "not a regular file" in err(result)
    assert fifo.is_fifo()


def test_a_link_to_dev_zero_is_not_read(tmp_path):
    (tmp_path / "zero.kling").symlink_to("/dev/zero")
    result = kling("check", "zero.kling", cwd=tmp_path)
    assert result.returncode == 2 and "not a regular file" in err(result)


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(tmp_path):
    big = tmp_path / "big.kling"
    with big.open("wb") as handle:
        handle.truncate(MAX_INPUT + 1)
    result = kling("check", "big.kling", cwd=tmp_path)
    assert result.returncode == 2 and str(MAX_INPUT) in err(result)


def test_fixing_a_folder_stays_inside_it(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "theirs.kling").write_text(UNCLOSED, encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.kling").write_text(UNCLOSED, encoding="utf-8")
    (folder / "linked.kling").symlink_to(outside / "theirs.kling")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    kling("fix", "mine", cwd=tmp_path)
    assert (outside / "theirs.kling").read_text(encoding="utf-8") == UNCLOSED
    assert (folder / "mine.kling").read_text(encoding="utf-8") != UNCLOSED
