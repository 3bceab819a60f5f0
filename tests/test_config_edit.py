"""Turning a rule off in the project edits kling.toml / pyproject.toml with a TOML library: the
file still loads, the rule is off, and everything else the writer wrote is still there."""

from __future__ import annotations

import pytest

from kling_lsp.core.config import load_config_file
from kling_lsp.core.config_edit import NotEditable, smallest_edit, turn_off
from kling_lsp.core.rules import rule_names

RULE = "music-over-dialogue"

KLING_TOML = [
    "",
    "max-speakers = 1",
    "max-speakers = 1\n",
    "# my settings\nmax-speakers = 2\n",
    '[rules]  # the ones we tuned\nempty-clip = "hint"\n',
    '[rules]\nmusic-over-dialogue = "warning"  # loud on purpose\n',
    'rules = { empty-clip = "off" }\n',
    'rules.empty-clip = "off"\nmax-speakers = 2\n',
    'max-speakers = 2\r\n\r\n[rules]\r\nempty-clip = "hint"\r\n',
    'max-speakers = 2\r\n',
]
PYPROJECT = [
    '[project]\nname = "x"\n\n[tool.kling]  # prompts\nmax-speakers = 2\n\n[tool.ruff]\nline-length = 99\n',
    '[tool.kling]\n',
    '[tool.kling.rules]   # tuned\nempty-clip = "hint"\n[tool.ruff]\nx = 1\n',
    '[tool.kling]\nrules = { empty-clip = "off" }\n',
]


def written(tmp_path, name: str, content: str):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    return path


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("content, name", [(c, "kling.toml") for c in KLING_TOML]
                         + [(c, "pyproject.toml") for c in PYPROJECT])
def test_the_rule_is_off_and_the_rest_is_kept(tmp_path, content, name):
    before = load_config_file(written(tmp_path, name, content), rule_names()) if content else None
    new = turn_off(content, RULE, pyproject=name == "pyproject.toml")
    config = load_config_file(written(tmp_path, name, new), rule_names())
    assert config.rules[RULE] == "off"
    if before is not None:
        assert {k: v for k, v in config.rules.items() if k != RULE} == {
            k: v for k, v in before.rules.items() if k != RULE}
        assert config.options == before.options
    for line in lines_of(content):  # comments and headers too; an inline table grows in place
        if not line.startswith(RULE):
            assert line in lines_of(new) if "{" not in line else line.rstrip("} ") in new
    if "\r\n" in content:
        assert "\n" not in new.replace("\r\n", "")


def test_a_commented_rules_header_gets_the_rule_not_a_second_table():
    new = turn_off('[rules]  # mine\nempty-clip = "hint"\n', RULE, pyproject=False)
    assert new == '[rules]  # mine\nempty-clip = "hint"\nmusic-over-dialogue = "off"\n'


def test_an_existing_severity_is_replaced_in_place():
    new = turn_off('[rules]\nmusic-over-dialogue = "warning"  # loud\n', RULE, pyproject=False)
    assert new == '[rules]\nmusic-over-dialogue = "off"  # loud\n'


@pytest.mark.parametrize("content, pyproject", [("max-speakers = [\n", False), ("rules = 3\n", False),
                                                ('[project]\nname = "x"\n', True)])
def test_a_file_that_cannot_take_the_edit_says_so(content, pyproject):
    with pytest.raises(NotEditable):
        turn_off(content, RULE, pyproject)


@pytest.mark.parametrize("content", KLING_TOML + PYPROJECT)
def test_the_smallest_edit_makes_the_new_text_and_covers_whole_lines(content):
    new = turn_off(content, RULE, pyproject=content in PYPROJECT)
    edit = smallest_edit(content, new)
    assert content[:edit.start] + edit.new_text + content[edit.end:] == new
    assert edit.start == 0 or content[edit.start - 1] == "\n"
    assert edit.end == len(content) or content[edit.end - 1] == "\n"
