"""Rules the parser reports while reading the file: the format's own syntax."""

from __future__ import annotations

from ..findings import Severity
from . import Rule, register

register(Rule("unclosed-quote", Severity.ERROR,
              "A quote is left open at the end of its line, so the model reads the rest as speech."))
register(Rule("invalid-front-matter", Severity.ERROR,
              "The YAML front matter cannot be read: broken YAML, never closed, or not key: value lines."))
register(Rule("invalid-setting", Severity.ERROR,
              "A front-matter key or heading attribute is unknown, malformed, or has a value of the wrong kind."))
register(Rule("empty-clip", Severity.WARNING,
              "A heading starts a clip that holds no prompt text."))
register(Rule("unknown-rule", Severity.WARNING,
              "A kling-ignore comment names a rule that does not exist, so it silences nothing."))
register(Rule("invalid-reference", Severity.WARNING,
              "Something written like a <<<voice_1>>> reference that Kling will not recognise."))
