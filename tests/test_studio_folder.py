"""The studio's folder: files inside it are listed, read and saved as they were written; any path
that leads outside it is refused with a reason."""

from __future__ import annotations

import os

import pytest

from kling_lsp.studio.folder import Folder, Refused


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "prompts"
    (root / "night").mkdir(parents=True)
    (root / "pier.kling").write_text("# Pier\nGulls.\n", encoding="utf-8")
    (root / "night" / "market.kling").write_text("# Market\nLanterns.\n", encoding="utf-8")
    (root / "notes.txt").write_text("not a prompt\n", encoding="utf-8")
    (root / ".draft.kling").write_text("hidden\n", encoding="utf-8")
    (root / "node_modules").mkdir()
    (root / "node_modules" / "x.kling").write_text("skipped\n", encoding="utf-8")
    (tmp_path / "secret.kling").write_text("outside\n", encoding="utf-8")
    return Folder(root)


def test_lists_the_kling_files_inside_only(folder):
    assert [f["path"] for f in folder.files()] == ["pier.kling", "night/market.kling"]
    assert folder.files()[0]["uri"] == (folder.root / "pier.kling").as_uri()


@pytest.mark.parametrize("name", ["../secret.kling", "night/../../secret.kling", "/etc/passwd.kling",
                                  "notes.txt", ".draft.kling", "node_modules/x.kling", "a\x00.kling",
                                  "..\\secret.kling", "", None, 3])
def test_a_path_that_escapes_or_is_not_a_prompt_is_refused(folder, name):
    for action in (lambda: folder.read(name), lambda: folder.save(name, "x"), lambda: folder.create(name)):
        with pytest.raises(Refused):
            action()
    assert (folder.root.parent / "secret.kling").read_text() == "outside\n"


def test_the_refusal_says_why(folder):
    with pytest.raises(Refused, match="outside the studio folder"):
        folder.save("../secret.kling", "overwritten")


def test_a_symbolic_link_out_of_the_folder_is_refused(folder):
    os.symlink(folder.root.parent / "secret.kling", folder.root / "link.kling")
    with pytest.raises(Refused, match="symbolic link"):
        folder.save("link.kling", "overwritten")
    assert (folder.root.parent / "secret.kling").read_text() == "outside\n"
    assert "link.kling" not in [f["path"] for f in folder.files()]


def test_save_keeps_the_byte_order_mark_and_crlf_and_leaves_no_temporary_file(folder):
    path = folder.root / "windows.kling"
    path.write_bytes(b"\xef\xbb\xbf# Dock\r\nRain.\r\n")
    assert folder.read("windows.kling")["text"] == "# Dock\nRain.\n"  # the editor works in LF
    folder.save("windows.kling", "# Dock\nRain and wind.\n")
    assert path.read_bytes() == b"\xef\xbb\xbf# Dock\r\nRain and wind.\r\n"
    assert sorted(p.name for p in folder.root.iterdir() if p.name.startswith(".")) == [".draft.kling"]


def test_create_and_rename_never_overwrite(folder):
    created = folder.create("night/new.kling", "# New\n")
    assert created["path"] == "night/new.kling" and (folder.root / "night" / "new.kling").read_text() == "# New\n"
    with pytest.raises(Refused, match="already exists"):
        folder.create("pier.kling")
    with pytest.raises(Refused, match="already exists"):
        folder.rename("night/new.kling", "pier.kling")
    with pytest.raises(Refused, match="outside"):
        folder.rename("pier.kling", "../moved.kling")
    assert folder.rename("night/new.kling", "fresh.kling")["path"] == "fresh.kling"
    assert (folder.root / "fresh.kling").read_text() == "# New\n" and not (folder.root / "night" / "new.kling").exists()
    assert (folder.root / "pier.kling").read_text() == "# Pier\nGulls.\n"


def test_save_creates_a_missing_file_inside(folder):
    assert folder.save("night/late.kling", "# Late\n")["bytes"] == 7
    assert (folder.root / "night" / "late.kling").read_text() == "# Late\n"


def test_a_file_changed_on_disk_since_it_was_opened_is_not_saved_over(folder):
    path = folder.root / "pier.kling"
    folder.read("pier.kling")
    path.write_text("# Pier\nGulls and a newer line someone else wrote.\n", encoding="utf-8")
    with pytest.raises(Refused, match="changed on disk since the studio opened it"):
        folder.save("pier.kling", "# Pier\nMy edit.\n")
    assert path.read_text() == "# Pier\nGulls and a newer line someone else wrote.\n"
    folder.read("pier.kling")  # reloaded: the writer's next save lands
    folder.save("pier.kling", "# Pier\nMy edit.\n")
    folder.save("pier.kling", "# Pier\nMy second edit.\n")  # its own save is not someone else's
    assert path.read_text() == "# Pier\nMy second edit.\n"


def test_a_file_never_opened_here_is_not_saved_over(folder):
    with pytest.raises(Refused, match="changed on disk"):
        folder.save("night/market.kling", "# Market\nOverwritten.\n")
    assert (folder.root / "night" / "market.kling").read_text() == "# Market\nLanterns.\n"


def test_a_read_only_file_is_reported_not_rewritten(folder):
    path = folder.root / "pier.kling"
    folder.read("pier.kling")
    path.chmod(0o444)
    try:
        with pytest.raises(Refused, match="read-only"):
            folder.save("pier.kling", "# Pier\nMy edit.\n")
        assert path.read_text() == "# Pier\nGulls.\n"
    finally:
        path.chmod(0o644)
