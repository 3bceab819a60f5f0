"""Edits to the writer's project file (kling.toml, or pyproject.toml's [tool.kling]), made with
tomlkit so that comments, order and layout stay as the writer left them. Matching lines of
text cannot tell `[rules]  # mine` is the rules table; a TOML parser can."""

from __future__ import annotations

import re

import tomlkit
from tomlkit.exceptions import TOMLKitError

from .findings import TextEdit
from .text import newline_style


class NotEditable(ValueError):
    """The file cannot take the edit: it is not valid TOML, or `rules` is not a table."""


def turn_off(content: str, rule: str, pyproject: bool) -> str:
    """`content` with `rule = "off"` in its rules table, which is created when missing."""
    try:
        document = tomlkit.parse(content)
    except TOMLKitError as exc:
        raise NotEditable(f"not valid TOML: {exc}") from None
    settings = document
    if pyproject:
        tool = document.get("tool")
        settings = tool.get("kling") if isinstance(tool, dict) else None
        if not isinstance(settings, dict):
            raise NotEditable("no [tool.kling] table")
    rules = settings.get("rules")
    if rules is None:
        rules = tomlkit.table()
        rules[rule] = "off"
        before = settings.as_string()
        if re.search(r"\n[ \t]*\r?\n\Z", before):
            rules.add(tomlkit.nl())  # the blank line that ended the table now ends the new one
        elif before.strip():
            settings.add(tomlkit.nl())  # a blank line before the new table
            if not before.endswith("\n"):
                settings.add(tomlkit.nl())
        settings.add("rules", rules)
    elif isinstance(rules, dict):
        rules[rule] = "off"
    else:
        raise NotEditable("'rules' is not a table")
    out = tomlkit.dumps(document)
    if newline_style(content) == "\r\n":  # tomlkit writes new lines with LF
        out = re.sub(r"(?<!\r)\n", "\r\n", out)
    return out


def smallest_edit(old: str, new: str) -> TextEdit:
    """One edit that turns `old` into `new`, covering only the lines that differ."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1
    start = old.rfind("\n", 0, start) + 1  # whole lines: the edit reads like the change it is
    while end_old < len(old) and old[end_old - 1] != "\n":
        end_old, end_new = end_old + 1, end_new + 1
    return TextEdit(start, end_old, new[start:end_new])
