"""The `kling` command line, run as a real process: every subcommand, option and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLEAN = '# Harbour\nA fisherman mends a net on the pier and says calmly, "We sail at dawn."\n'
UNCLOSED = '# Harbour\nA fisherman looks up and says, "We sail at dawn.\nGulls cry overhead.\n'
COL = UNCLOSED.splitlines()[1].index('"') + 1  # 1-based column of the open quote
EMOJI = '# Party 🎉🎉\n🎉 The host raises a glass and says, "Welcome, friends!\n'


def kling(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kling_lsp.cli.main", *args],
        cwd=cwd, input=stdin, capture_output=True, timeout=60,
    )


def out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.decode("utf-8")


def err(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode("utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "clean.kling").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "broken.kling").write_text(UNCLOSED, encoding="utf-8")
    return tmp_path


# --- usage ---------------------------------------------------------------------------


def test_console_script_is_installed():
    script = Path(sys.executable).with_name("kling")
    assert script.exists(), "pip install -e . should put a `kling` script next to the interpreter"
    result = subprocess.run([str(script), "--version"], capture_output=True, timeout=60)
    assert result.returncode == 0 and out(result).startswith("kling ")


def test_no_arguments_prints_usage_and_exits_2():
    result = kling()
    assert result.returncode == 2
    assert "usage: kling" in out(result)
    for command in ("check", "fix", "export", "rules", "explain", "server"):
        assert command in out(result)


@pytest.mark.parametrize("command", ["check", "fix", "export", "rules", "explain", "server"])
def test_every_subcommand_has_help(command):
    result = kling(command, "--help")
    assert result.returncode == 0
    assert f"usage: kling {command}" in out(result)


def test_version():
    from kling_lsp import __version__

    result = kling("--version")
    assert result.returncode == 0 and out(result).strip() == f"kling {__version__}"


def test_unknown_option_is_one_line_and_exit_2():
    result = kling("check", "--frobnicate")
    assert result.returncode == 2
    lines = err(result).strip().splitlines()
    assert len(lines) == 1 and "--frobnicate" in lines[0]


# --- check -----------------------------------------------------------------------------


def test_check_clean_file_exits_0(project):
    result = kling("check", "clean.kling", cwd=project)
    assert result.returncode == 0, out(result) + err(result)
    assert "All clear" in out(result)


def test_check_text_format_is_path_line_col_severity_rule_message(project):
    result = kling("check", "broken.kling", cwd=project)
    assert result.returncode == 1
    first = out(result).splitlines()[0]
    assert first.startswith(f"broken.kling:2:{COL}: error [unclosed-quote] ")
    assert "problem" in out(result).splitlines()[-1]


def test_text_columns_count_characters_not_utf16_units(tmp_path):
    (tmp_path / "emoji.kling").write_text(EMOJI, encoding="utf-8")
    result = kling("check", "emoji.kling", cwd=tmp_path)
    line = next(l for l in out(result).splitlines() if "[unclosed-quote]" in l)
    expected_col = EMOJI.splitlines()[1].index('"') + 1
    assert line.startswith(f"emoji.kling:2:{expected_col}: error")


def test_json_format_uses_lsp_ranges_in_utf16(tmp_path):
    (tmp_path / "emoji.kling").write_text(EMOJI, encoding="utf-8")
    result = kling("check", "--format", "json", "emoji.kling", cwd=tmp_path)
    assert result.returncode == 1
    items = json.loads(out(result))
    item = next(i for i in items if i["code"] == "unclosed-quote")
    assert set(item) == {"path", "range", "severity", "code", "message"}
    assert item["path"] == "emoji.kling" and item["severity"] == "error"
    line_text = EMOJI.splitlines()[1]
    code_points = line_text.index('"')
    utf16 = len(line_text[:code_points].encode("utf-16-le")) // 2
    assert utf16 == code_points + 1  # one emoji before the quote: two UTF-16 units
    assert item["range"]["start"] == {"line": 1, "character": utf16}
    assert item["range"]["end"] == {"line": 1, "character": utf16 + 1}


def test_sarif_format(project):
    result = kling("check", "--format", "sarif", ".", cwd=project)
    assert result.returncode == 1
    sarif = json.loads(out(result))
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "kling"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "unclosed-quote" in rule_ids
    finding = run["results"][0]
    assert finding["ruleId"] == "unclosed-quote" and finding["level"] == "error"
    region = finding["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 2 and region["startColumn"] == COL
    assert finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("broken.kling")


def test_fail_level(tmp_path):
    (tmp_path / "warn.kling").write_text("# Credits\n\n# Next\nA dog barks.\n", encoding="utf-8")
    assert kling("check", "warn.kling", cwd=tmp_path).returncode == 1  # empty-clip is a warning
    assert kling("check", "--fail-level", "error", "warn.kling", cwd=tmp_path).returncode == 0
    assert kling("check", "--fail-level", "hint", "warn.kling", cwd=tmp_path).returncode == 1
    bad = kling("check", "--fail-level", "severe", "warn.kling", cwd=tmp_path)
    assert bad.returncode == 2


def test_folders_recurse_into_kling_files_only(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.kling").write_text(UNCLOSED, encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text(UNCLOSED, encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skip.kling").write_text(UNCLOSED, encoding="utf-8")
    result = kling("check", "--format", "json", ".", cwd=tmp_path)
    paths = {Path(i["path"]).name for i in json.loads(out(result))}
    assert paths == {"deep.kling"}


def test_default_path_is_the_current_folder(project):
    result = kling("check", cwd=project)
    assert result.returncode == 1 and "broken.kling" in out(result)


def test_folder_without_kling_files_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = kling("check", "empty", cwd=tmp_path)
    assert result.returncode == 2
    assert err(result).strip().count("\n") == 0 and "no .kling files" in err(result)


def test_missing_path_is_an_error_but_other_files_are_still_checked(project):
    result = kling("check", "missing.kling", "broken.kling", cwd=project)
    assert result.returncode == 2
    assert "missing.kling: no such file" in err(result)
    assert f"broken.kling:2:{COL}" in out(result)


def test_invalid_utf8_is_a_one_line_error_and_the_file_is_untouched(tmp_path):
    path = tmp_path / "latin1.kling"
    data = "# Café\nA waiter says, \"Bonjour.\"\n".encode("latin-1")
    path.write_bytes(data)
    for command in (["check"], ["fix"], ["export"]):
        result = kling(*command, "latin1.kling", cwd=tmp_path)
        assert result.returncode == 2
        assert len(err(result).strip().splitlines()) == 1 and "not valid UTF-8" in err(result)
        assert path.read_bytes() == data


def test_broken_front_matter_is_a_finding_not_a_crash(tmp_path):
    (tmp_path / "fm.kling").write_text("---\ntitle: [unclosed\n---\n# One\nA cat sleeps.\n", encoding="utf-8")
    result = kling("check", "fm.kling", cwd=tmp_path)
    assert result.returncode == 1
    assert "[invalid-front-matter]" in out(result)
    assert "Traceback" not in err(result)


def test_stdin_with_a_filename(tmp_path):
    result = kling("check", "-", "--stdin-filename", "scene.kling", cwd=tmp_path, stdin=UNCLOSED.encode())
    assert result.returncode == 1
    assert out(result).startswith(f"scene.kling:2:{COL}: error [unclosed-quote]")


def test_check_never_writes(project):
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.iterdir()}
    kling("check", ".", cwd=project)
    kling("export", "broken.kling", cwd=project)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in project.iterdir()} == before


# --- config ----------------------------------------------------------------------------


def test_config_found_by_walking_up_turns_a_rule_off(project):
    sub = project / "scenes"
    sub.mkdir()
    (sub / "broken.kling").write_text(UNCLOSED, encoding="utf-8")
    (project / "kling.toml").write_text('[rules]\nunclosed-quote = "off"\n', encoding="utf-8")
    result = kling("check", "scenes/broken.kling", cwd=project)
    assert result.returncode == 0, out(result)


def test_config_changes_severity(project):
    (project / "kling.toml").write_text('[rules]\nunclosed-quote = "information"\n', encoding="utf-8")
    result = kling("check", "broken.kling", cwd=project)
    assert result.returncode == 0
    assert "information [unclosed-quote]" in out(result)


def test_pyproject_tool_kling_section(project):
    (project / "pyproject.toml").write_text('[tool.kling]\n[tool.kling.rules]\nunclosed-quote = "off"\n')
    assert kling("check", "broken.kling", cwd=project).returncode == 0


def test_pyproject_without_tool_kling_is_ignored(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert kling("check", "broken.kling", cwd=project).returncode == 1


@pytest.mark.parametrize(
    "content, expected",
    [
        ("max-speaker = 2\n", ["kling.toml", "max-speaker", "max-speakers"]),
        ("max-speakers = 0\n", ["kling.toml", "max-speakers", "from 1 to 20"]),
        ("max-dialogue-words = 'many'\n", ["kling.toml", "max-dialogue-words", "whole number"]),
        ('[rules]\nunclosed-quote = "loud"\n', ["kling.toml", "unclosed-quote", "off | hint | information"]),
        ('[rules]\nunclosed-quotes = "off"\n', ["kling.toml", "unclosed-quotes", "unclosed-quote"]),
        ("max-speakers = [\n", ["kling.toml", "invalid TOML"]),
    ],
)
def test_bad_config_is_one_line_naming_file_key_and_allowed(project, content, expected):
    (project / "kling.toml").write_text(content, encoding="utf-8")
    result = kling("check", "clean.kling", cwd=project)
    assert result.returncode == 2
    message = err(result).strip()
    assert len(message.splitlines()) == 1
    for part in expected:
        assert part in message


def test_explicit_config(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("cfg") / "strict.toml"
    other.write_text('[rules]\nunclosed-quote = "off"\n', encoding="utf-8")
    assert kling("check", "--config", str(other), "broken.kling", cwd=project).returncode == 0
    missing = kling("check", "--config", "nope.toml", "broken.kling", cwd=project)
    assert missing.returncode == 2 and "nope.toml" in err(missing)


# --- fix ---------------------------------------------------------------------------------


def test_fix_applies_safe_fixes_keeping_crlf_and_bom(tmp_path):
    path = tmp_path / "crlf.kling"
    original = "\ufeff" + UNCLOSED.replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    result = kling("fix", "crlf.kling", cwd=tmp_path)
    assert result.returncode == 0, out(result) + err(result)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b'dawn."\r\n' in data
    assert data.count(b"\r\n") == original.count("\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert "Fixed 1 problem in 1 file" in err(result) and out(result) == ""
    assert kling("check", "crlf.kling", cwd=tmp_path).returncode == 0


def test_fix_diff_prints_and_writes_nothing(project):
    before = (project / "broken.kling").read_bytes()
    result = kling("fix", "--diff", "broken.kling", cwd=project)
    assert result.returncode == 1
    assert "--- a/broken.kling" in out(result) and '+A fisherman looks up and says, "We sail at dawn."' in out(result)
    assert (project / "broken.kling").read_bytes() == before
    assert kling("fix", "--diff", "clean.kling", cwd=project).returncode == 0


def test_unsafe_fixes_need_the_flag(tmp_path):
    # a quote reopened before the first one closes: the closing point is a guess (unsafe)
    text = '# Dock\nThe captain shouts, “Cast off! The mate answers, “Aye, captain.”\n'
    path = tmp_path / "reopen.kling"
    path.write_text(text, encoding="utf-8")
    # only the quote's own fix is under test here: the audio rules' unsafe fixes stay out
    (tmp_path / "kling.toml").write_text('[rules]\nmultiple-speakers = "off"\nmissing-speaking-style = "off"\n')
    assert kling("fix", "--fail-level", "error", "reopen.kling", cwd=tmp_path).returncode == 1
    assert path.read_text(encoding="utf-8") == text
    assert kling("fix", "--unsafe-fixes", "--fail-level", "error", "reopen.kling", cwd=tmp_path).returncode == 0
    assert "“Cast off!” The mate" in path.read_text(encoding="utf-8")


def test_fix_leaves_clean_files_alone(project):
    path = project / "clean.kling"
    stamp = path.stat().st_mtime_ns
    assert kling("fix", "clean.kling", cwd=project).returncode == 0
    assert path.stat().st_mtime_ns == stamp


def test_fix_from_stdin_prints_the_fixed_text(tmp_path):
    result = kling("fix", "-", cwd=tmp_path, stdin=UNCLOSED.encode())
    assert result.returncode == 0
    assert out(result) == UNCLOSED.replace("dawn.\n", 'dawn."\n')


def test_fix_keeps_file_mode(project):
    path = project / "broken.kling"
    os.chmod(path, 0o640)
    kling("fix", "broken.kling", cwd=project)
    assert (path.stat().st_mode & 0o777) == 0o640


# --- honest output: what goes to stdout, what to stderr ---------------------------------------

UNREADABLE = {
    "missing": None,
    "empty folder": "folder",
    "latin-1": "# Café\nA waiter says, \"Bonjour.\"\n".encode("latin-1"),
    "NUL bytes": b"\0" * 64,
    "binary": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
}
COMMANDS = [["check"], ["check", "--format", "json"], ["check", "--format", "sarif"], ["export"],
            ["export", "--format", "json"], ["export", "--format", "html"], ["fix"], ["fix", "--diff"]]


@pytest.mark.parametrize("kind", UNREADABLE)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_nothing_readable_means_exit_2_one_line_on_stderr_and_nothing_on_stdout(tmp_path, command, kind):
    content = UNREADABLE[kind]
    target = tmp_path / "input.kling"
    if content == "folder":
        target = tmp_path / "drafts"
        target.mkdir()
        (target / "notes.txt").write_text("not a prompt", encoding="utf-8")
    elif content is not None:
        target.write_bytes(content)
    result = kling(*command, target.name, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    [line] = err(result).splitlines()
    assert line.startswith(f"kling: error: {target.name}: ")
    if content not in (None, "folder"):
        assert target.read_bytes() == content


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_broken_config_next_to_a_later_file_stops_the_run_before_any_output(tmp_path, command):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "one.kling").write_text(UNCLOSED, encoding="utf-8")
    (tmp_path / "b" / "two.kling").write_text(UNCLOSED, encoding="utf-8")
    (tmp_path / "b" / "kling.toml").write_text("max-speakers = 0\n", encoding="utf-8")
    result = kling(*command, "a", "b", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, b"")
    [line] = err(result).splitlines()
    assert "kling.toml" in line and "max-speakers" in line
    assert (tmp_path / "a" / "one.kling").read_text(encoding="utf-8") == UNCLOSED  # fix wrote nothing


def test_a_file_of_nul_bytes_is_an_io_error_also_on_stdin(tmp_path):
    result = kling("check", "-", cwd=tmp_path, stdin=b"# A\nA cat\0 sleeps.\n")
    assert (result.returncode, result.stdout) == (2, b"")
    assert err(result).strip() == "kling: error: -: a binary file, not text (a NUL byte at offset 9)"


def test_fix_reports_on_stderr_and_leaves_stdout_to_the_text_or_the_diff(tmp_path):
    (tmp_path / "a.kling").write_text(UNCLOSED, encoding="utf-8")
    written = kling("fix", "a.kling", cwd=tmp_path)
    assert written.stdout == b"" and err(written).splitlines()[-1] == "Fixed 1 problem in 1 file; 1 remain."
    assert err(written).startswith("a.kling:2:")  # what remains: the speaking style, on stderr too
    (tmp_path / "a.kling").write_text(UNCLOSED, encoding="utf-8")
    diff = kling("fix", "--diff", "a.kling", cwd=tmp_path)
    assert out(diff).startswith("--- a/a.kling\n+++ b/a.kling\n")
    assert err(diff).splitlines()[-1] == "Would fix 1 problem in 1 file; 1 remain."
    piped = kling("fix", "-", cwd=tmp_path, stdin=UNCLOSED.encode())
    assert out(piped) == UNCLOSED.replace("dawn.\n", 'dawn."\n')
    assert err(piped).splitlines()[-1] == "Fixed 1 problem in 1 file; 1 remain."
    (tmp_path / "b.kling").write_text("---\naspect: 4:3\n---\n# Wide\nA lighthouse at dusk.\n", encoding="utf-8")
    left = kling("fix", "b.kling", cwd=tmp_path)
    assert left.stdout == b""
    assert err(left).splitlines()[0].startswith("b.kling:2:9: error [invalid-setting]")


# --- export, rules, explain, server -------------------------------------------------------

STORY = """---
duration: 10
aspect: 9:16
---
// a note for the team
# Market {duration=6}
Shot 1 (2s): A vendor arranges oranges in a pyramid.
Shot 2 (4s): [Rosa: vendor, cheerful voice]: "Two for one, today only!"
Negative: blurry, extra fingers

# Night
Rain on the awning.
"""


def test_export_json(tmp_path):
    (tmp_path / "story.kling").write_text(STORY, encoding="utf-8")
    result = kling("export", "--format", "json", "story.kling", cwd=tmp_path)
    assert result.returncode == 0
    clips = json.loads(out(result))
    assert [c["name"] for c in clips] == ["Market", "Night"]
    market = clips[0]
    assert market["prompt"] == ('Shot 1: A vendor arranges oranges in a pyramid.\n'
                                'Shot 2: [Rosa: vendor, cheerful voice]: "Two for one, today only!"')
    assert market["negative_prompt"] == "blurry, extra fingers"
    assert (market["duration"], market["aspect_ratio"], market["model"]) == (6, "9:16", "kling-3.0")
    assert [(s["index"], s["duration"]) for s in market["shots"]] == [(1, 2), (2, 4)]
    assert clips[1]["duration"] == 10 and clips[1]["shots"] == []


def test_export_text(tmp_path):
    (tmp_path / "story.kling").write_text(STORY, encoding="utf-8")
    result = kling("export", "story.kling", cwd=tmp_path)
    text = out(result)
    assert "a note for the team" not in text and "# Market" not in text and "duration: 10" not in text
    assert "Shot 2: [Rosa" in text and "Negative prompt: blurry, extra fingers" in text


def test_export_holds_back_a_clip_with_errors(project):
    result = kling("export", "--format", "json", "clean.kling", "broken.kling", cwd=project)
    assert result.returncode == 1
    assert [c["path"] for c in json.loads(out(result))] == ["clean.kling"]
    [line] = err(result).splitlines()
    assert line.startswith(f"kling: broken.kling:2:{COL}: clip 1 'Harbour' not exported: error [unclosed-quote]")
    assert "--allow-errors" in line
    text = kling("export", "broken.kling", cwd=project)
    assert (text.returncode, out(text)) == (1, "") and "not exported" in err(text)


def test_allow_errors_exports_them_and_names_each_on_stderr(project):
    result = kling("export", "--format", "json", "--allow-errors", "broken.kling", cwd=project)
    assert result.returncode == 0
    assert [c["name"] for c in json.loads(out(result))] == ["Harbour"]
    [line] = err(result).splitlines()
    assert line.startswith(f"kling: note: broken.kling:2:{COL}: clip 1 'Harbour' exported with error [unclosed-quote]")


INVALID_ASPECT = "---\naspect: 4:3\n---\n# Wide\nA lighthouse at dusk.\n# Tall {aspect=9:16}\nA gull lands.\n"


@pytest.mark.parametrize("config", ["", '[rules]\ninvalid-setting = "off"\n'])
def test_an_invalid_value_is_never_sent_as_a_default(tmp_path, config):
    (tmp_path / "aspect.kling").write_text(INVALID_ASPECT, encoding="utf-8")
    (tmp_path / "kling.toml").write_text(config, encoding="utf-8")
    result = kling("export", "--format", "json", "aspect.kling", cwd=tmp_path)
    assert result.returncode == 1
    # the clip that sets its own valid aspect is sent; the one that would get 16:9 in place of 4:3 is not
    assert [(c["name"], c["aspect_ratio"]) for c in json.loads(out(result))] == [("Tall", "9:16")]
    assert "aspect: '4:3' is not a value Kling takes; '16:9' stands in for it" in err(result)
    sent = kling("export", "--format", "json", "--allow-errors", "aspect.kling", cwd=tmp_path)
    assert [c["name"] for c in json.loads(out(sent))] == ["Wide", "Tall"]
    assert "clip 1 'Wide' exported with error [invalid-setting] aspect: '4:3'" in err(sent)


def test_empty_clips_are_left_out_with_a_note(tmp_path):
    (tmp_path / "gaps.kling").write_text("# One\nA cat sleeps.\n# Two\n// later\nNegative: blur\n# Three\n",
                                         encoding="utf-8")
    for fmt in ("json", "text"):
        result = kling("export", "--format", fmt, "gaps.kling", cwd=tmp_path)
        assert result.returncode == 0
        assert err(result).splitlines() == ["kling: note: gaps.kling:3:1: clip 2 'Two' left out: it has no prompt text",
                                            "kling: note: gaps.kling:6:1: clip 3 'Three' left out: it has no prompt text"]
        assert "Two" not in out(result) and "Three" not in out(result)
    assert [c["name"] for c in json.loads(out(kling("export", "--format", "json", "gaps.kling", cwd=tmp_path)))] == ["One"]


def test_rules_lists_every_rule():
    from kling_lsp.core.rules import all_rules

    result = kling("rules")
    assert result.returncode == 0
    for rule in all_rules():
        assert any(line.split()[:2] == [rule.name, rule.severity.label] for line in out(result).splitlines())
    data = json.loads(out(kling("rules", "--format", "json")))
    assert {r["name"] for r in data} == {r.name for r in all_rules()}


def test_explain_prints_the_rule_page():
    result = kling("explain", "unclosed-quote")
    assert result.returncode == 0
    assert out(result).startswith("# unclosed-quote")
    assert "## Fix safety" in out(result)


def test_explain_unknown_rule_suggests():
    result = kling("explain", "unclosed-quotes")
    assert result.returncode == 2
    assert "did you mean 'unclosed-quote'" in err(result)


def test_server_entry_points_take_the_transport_flags():
    for command in ([sys.executable, "-m", "kling_lsp", "--help"], [sys.executable, "-m", "kling_lsp.cli.main", "server", "--help"]):
        result = subprocess.run(command, capture_output=True, timeout=60)
        assert result.returncode == 0
        assert "--stdio" in out(result) and "--tcp" in out(result) and "--ws" in out(result)
    bad = subprocess.run([sys.executable, "-m", "kling_lsp", "--tcp", "nonsense"], capture_output=True, timeout=60)
    assert bad.returncode != 0 and "HOST:PORT" in err(bad)
