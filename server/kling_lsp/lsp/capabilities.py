"""What the server announces at initialize: plain constants, kept apart from the analysis
modules so that answering `initialize` does not wait for them to load."""

from __future__ import annotations

from lsprotocol import types

FIX_ALL = "source.fixAll.kling"
SUMMARY_COMMAND = "kling.clipSummary"
TRIGGER_CHARACTERS = ["[", "<", "{", " ", ":", "="]
WATCH_GLOBS = ("**/kling.toml", "**/.kling.toml", "**/pyproject.toml")

# our meaning -> a standard token type themes know: speaker, style, sound, music, reference, heading
TOKEN_LEGEND = types.SemanticTokensLegend(
    token_types=["class", "parameter", "event", "enumMember", "macro", "namespace"],
    token_modifiers=[],
)
