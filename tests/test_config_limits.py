"""Every number setting has a range, and a pyproject.toml that is not kling's never stops kling."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import CLEAN, UNCLOSED, err, kling

from kling_lsp.core.config import OPTIONS, ConfigError, find_config_file, parse_config


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "+nan"])
@pytest.mark.parametrize("key", ["words-per-second", "chars-per-second"])
def test_non_finite_or_absurd_rates_are_the_usual_one_line_error(tmp_path, key, value):
    (tmp_path / "kling.toml").write_text(f"{key} = {value}\n", encoding="utf-8")
    (tmp_path / "a.kling").write_text(CLEAN, encoding="utf-8")
    result = kling("check", "a.kling", cwd=tmp_path)
    assert result.returncode == 2
    message = err(result).strip()
    assert len(message.splitlines()) == 1 and key in message and "from 0.5 to" in message


@pytest.mark.parametrize("name", [n for n, o in OPTIONS.items() if o.kind is not tuple])
def test_each_number_is_refused_just_outside_its_range_and_kept_at_its_ends(name):
    option = OPTIONS[name]
    for outside in (option.minimum - 1, option.maximum + 1, float("nan"), 10**400):
        with pytest.raises(ConfigError, match="from"):
            parse_config({name: outside}, "t", ())
    for inside in (option.minimum, option.maximum):
        assert parse_config({name: option.kind(inside)}, "t", ()).get(name) == inside


def test_editor_settings_get_the_same_range():
    with pytest.raises(ConfigError, match="words-per-second"):
        parse_config({"words-per-second": 1e308}, "editor settings (kling)", ())


def test_broken_pyproject_without_tool_kling_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project\nname = "x"\n', encoding="utf-8")
    (tmp_path / "kling.toml").unlink(missing_ok=True)
    sub = tmp_path / "prompts"
    sub.mkdir()
    (sub / "a.kling").write_text(UNCLOSED, encoding="utf-8")
    result = kling("check", "a.kling", cwd=sub)
    assert result.returncode == 1, err(result)  # checked with the defaults: the unclosed quote is found
    assert "pyproject.toml" in err(result) and "skipped" in err(result)


def test_broken_pyproject_that_configures_kling_still_stops_the_run(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.kling]\nmax-speakers = [\n', encoding="utf-8")
    (tmp_path / "a.kling").write_text(CLEAN, encoding="utf-8")
    result = kling("check", "a.kling", cwd=tmp_path)
    assert result.returncode == 2 and "invalid TOML" in err(result)


def test_the_search_goes_on_above_a_broken_pyproject(tmp_path):
    (tmp_path / "kling.toml").write_text("max-speakers = 2\n", encoding="utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("not toml at all [", encoding="utf-8")
    warnings: list[str] = []
    assert find_config_file(inner, warnings.append) == (tmp_path / "kling.toml").resolve()
    assert len(warnings) == 1 and str(inner / "pyproject.toml") in warnings[0]


def test_documented_ranges_are_the_checked_ones():
    root = Path(__file__).resolve().parents[1]
    table = (root / "docs" / "editors.md").read_text(encoding="utf-8")
    settings = __import__("json").loads((root / "clients" / "vscode" / "package.json").read_text())
    properties = settings["contributes"]["configuration"]["properties"]
    for name, option in OPTIONS.items():
        if option.kind is tuple:
            continue
        assert f"| `{name}` | `{option.default:g}` | {option.minimum:g}–{option.maximum:g} |" in table
        camel = "kling." + "".join(w.capitalize() if i else w for i, w in enumerate(name.split("-")))
        assert (properties[camel]["minimum"], properties[camel]["maximum"]) == (option.minimum, option.maximum)
