"""The VS Code extension (clients/vscode): scripts/vscode-build.sh builds kling-lsp.vsix, and the
package holds what VS Code and the bundled server need.

The build runs with Node.js and npm (and pip for the bundled server). Without node or npm on PATH
these tests fail rather than skip: a skipped package test would hide a broken setup.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kling_lsp.core.parser import parse
from kling_lsp.core.rules import rule_names

ROOT = Path(__file__).resolve().parents[1]
EXT = ROOT / "clients" / "vscode"
VSIX = EXT / "kling-lsp.vsix"
GRAMMAR = ROOT / "grammar" / "kling.tmLanguage.json"


@pytest.fixture(scope="module")
def extension(tmp_path_factory, vsix_build) -> Path:
    """The `extension/` folder of an unpacked copy of the .vsix (built once per session: conftest.py)."""
    assert f"{VSIX} (" in vsix_build.stdout, "the build does not print the .vsix path and size"
    unpacked = tmp_path_factory.mktemp("vsix")
    with zipfile.ZipFile(vsix_build.path) as archive:
        archive.extractall(unpacked)
    return unpacked / "extension"


@pytest.fixture(scope="module")
def manifest(extension: Path) -> dict:
    return json.loads((extension / "package.json").read_text(encoding="utf-8"))


def _run_module(source: str, script: str, payload, tmp_path: Path):
    """Bundle one of the extension's TypeScript modules for node, run `script` with the bundle's
    path as argv[1] and `payload` as JSON on stdin, and return what it prints as JSON."""
    bundle = tmp_path / (Path(source).stem + ".js")
    subprocess.run([str(EXT / "node_modules" / ".bin" / "esbuild"), source, "--bundle", "--platform=node",
                    "--format=cjs", f"--outfile={bundle}", "--log-level=warning"], cwd=EXT, check=True, timeout=60)
    result = subprocess.run(["node", "-e", script, str(bundle)], input=json.dumps(payload), capture_output=True,
                            text=True, check=True, timeout=60)
    return json.loads(result.stdout)


def _bundled_env(extension: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PYTHONPATH=str(extension / "bundled" / "libs"), PYTHONNOUSERSITE="1", PYTHONIOENCODING="utf-8")
    return env


def _python3() -> str:
    found = shutil.which("python3")
    assert found, "python3 is not on PATH"
    return found


# --- package.json ---------------------------------------------------------------------------

def test_the_extension_activates_for_kling_files(manifest):
    assert manifest["activationEvents"] == ["onLanguage:kling"]
    assert manifest["main"] == "./dist/extension.js"
    (language,) = manifest["contributes"]["languages"]
    assert language["id"] == "kling" and language["extensions"] == [".kling"]
    (grammar,) = manifest["contributes"]["grammars"]
    assert grammar == {"language": "kling", "scopeName": "source.kling", "path": "./syntaxes/kling.tmLanguage.json"}
    commands = {c["command"] for c in manifest["contributes"]["commands"]}
    assert commands == {"kling.restartServer", "kling.showOutput", "kling.copyClipPrompt", "kling.exportFile",
                        "kling.showStoryboard"}


def test_the_storyboard_command_is_offered_in_kling_editors(manifest, extension):
    contributes = manifest["contributes"]
    (command,) = [c for c in contributes["commands"] if c["command"] == "kling.showStoryboard"]
    assert (command["category"], command["title"]) == ("Kling", "Show Storyboard")
    for menu in ("commandPalette", "editor/title"):
        entries = [m for m in contributes["menus"][menu] if m["command"] == "kling.showStoryboard"]
        assert [m["when"] for m in entries] == ["editorLangId == kling"], menu
    bundle = (extension / "dist" / "extension.js").read_text(encoding="utf-8")
    assert '"kling.showStoryboard"' in bundle and '"kling/storyboard"' in bundle
    assert "Content-Security-Policy" in bundle and "default-src 'none'" in bundle


def _elements(page: str, tags: set[str]) -> list[tuple[str, list]]:
    """The (tag, attributes) of the page's `tags` elements, as an HTML parser finds them."""
    found: list[tuple[str, list]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in tags:
                found.append((tag, attrs))

    Parser().feed(page)
    return found


def test_the_storyboard_page_allows_only_its_own_style_and_script(extension, tmp_path):
    """src/storyboardPage.ts: the webview shell's Content-Security-Policy, its nonce, and the check
    of what the page posts back (a click asks to reveal a line and character)."""
    messages = [{"type": "ready"}, {"type": "reveal", "line": 3, "character": 0},
                {"type": "reveal", "line": -1, "character": 0}, {"type": "reveal", "line": 1.5, "character": 0},
                {"type": "reveal", "line": "3", "character": 0}, {"type": "open", "uri": "file:///etc/passwd"}, None]
    script = ("const {storyboardPage, isFromPage} = require(process.argv[1]);"
              "const messages = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "process.stdout.write(JSON.stringify({pages: [storyboardPage('h3 { color: red; }</style><script>x()</script>'),"
              " storyboardPage('')], checks: messages.map(isFromPage)}));")
    found = _run_module("src/storyboardPage.ts", script, messages, tmp_path)
    assert found["checks"] == [True, True, False, False, False, False, False]
    nonces = []
    for page in found["pages"]:
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page).group(1)
        nonce = re.fullmatch(r"default-src 'none'; style-src 'nonce-([A-Za-z0-9+/=]{16,})'; "
                             r"script-src 'nonce-\1';", policy).group(1)
        assert _elements(page, {"style", "script"}) == [("style", [("nonce", nonce)]), ("script", [("nonce", nonce)])]
        assert "http" not in page.replace('http-equiv="Content-Security-Policy"', "") and "src=" not in page
        nonces.append(nonce)
    assert nonces[0] != nonces[1]  # a new nonce for every page
    assert "h3 { color: red; }" in found["pages"][0] and "</style><script>x()" not in found["pages"][0]


def test_settings_that_choose_a_program_are_machine_scoped_and_restricted(manifest):
    properties = manifest["contributes"]["configuration"]["properties"]
    for key in ("kling.interpreter", "kling.serverCommand"):
        assert properties[key]["scope"] == "machine", key
        assert properties[key]["default"] == []
    untrusted = manifest["capabilities"]["untrustedWorkspaces"]
    assert untrusted["supported"] == "limited"
    assert sorted(untrusted["restrictedConfigurations"]) == ["kling.interpreter", "kling.serverCommand"]
    # Nothing else may name a program to run.
    others = [k for k, v in properties.items() if v.get("scope") == "machine" and k not in untrusted["restrictedConfigurations"]]
    assert others == []


def test_the_rules_setting_lists_every_rule(manifest):
    rules = manifest["contributes"]["configuration"]["properties"]["kling.rules"]
    assert set(rules["properties"]) == set(rule_names())
    for name, schema in rules["properties"].items():
        assert schema["enum"] == ["off", "hint", "information", "warning", "error"], name


# --- files in the package -------------------------------------------------------------------

def test_the_package_holds_the_client_the_grammar_and_the_server(extension):
    assert (extension / "dist" / "extension.js").is_file()
    assert (extension / "syntaxes" / "kling.tmLanguage.json").read_bytes() == GRAMMAR.read_bytes()
    assert (extension / "language-configuration.json").is_file()
    assert (extension / "snippets" / "kling.json").is_file()
    libs = extension / "bundled" / "libs"
    assert (libs / "kling_lsp" / "__main__.py").is_file()
    assert (libs / "pygls" / "__init__.py").is_file()
    assert (libs / "lsprotocol" / "__init__.py").is_file()
    assert (libs / "tomlkit" / "__init__.py").is_file()  # project-file edits
    docs = {p.name for p in (libs / "kling_lsp" / "rule_docs").glob("*.md")}
    assert docs == {p.name for p in (ROOT / "docs" / "rules").glob("*.md")}
    assert not list(extension.rglob("__pycache__")), "compiled bytecode of the build machine was packaged"
    assert not (extension / "src").exists() and not (extension / "node_modules").exists()


def test_the_bundle_records_its_platform_and_python_versions(extension):
    bundle = json.loads((extension / "bundled" / "manifest.json").read_text(encoding="utf-8"))
    build_python = ROOT / ".venv" / "bin" / "python"
    version = subprocess.run([str(build_python) if build_python.exists() else _python3(), "-c",
                              "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version in bundle["pythons"]
    assert bundle["platform"]
    assert {"numpy", "PyYAML"} <= set(bundle["compiled"])


def test_the_bundled_server_imports_from_the_package(extension, tmp_path):
    code = ("import kling_lsp, pygls, numpy, kling_lsp.lsp.server; "
            "print(kling_lsp.__file__); print(pygls.__file__); print(numpy.__file__)")
    result = subprocess.run([_python3(), "-P", "-c", code], cwd=tmp_path, env=_bundled_env(extension),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    libs = (extension / "bundled" / "libs").resolve()
    for line in result.stdout.split():
        assert Path(line).resolve().is_relative_to(libs), f"{line} was not imported from the package"


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _read_message(stream) -> dict:
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise AssertionError("the server closed its output")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    assert length is not None
    return json.loads(stream.read(length))


def test_the_bundled_server_answers_initialize_over_stdio(extension, tmp_path):
    """What the extension starts: `python3 -P -m kling_lsp --stdio` with PYTHONPATH=bundled/libs."""
    server = subprocess.Popen([_python3(), "-P", "-m", "kling_lsp", "--stdio"], cwd=tmp_path,
                              env=_bundled_env(extension), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        server.stdin.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": None, "capabilities": {},
            "initializationOptions": {"settings": {"kling": {"maxDialogueWords": 25, "rules": {"empty-clip": "off"}}}},
        }}))
        server.stdin.flush()
        while True:
            message = _read_message(server.stdout)
            if message.get("id") == 1:
                break
        assert "result" in message, message
        assert message["result"]["capabilities"]["textDocumentSync"]
        server.stdin.write(_frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        server.stdin.write(_frame({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.flush()
        server.wait(timeout=20)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        for stream in (server.stdin, server.stdout, server.stderr):
            stream.close()


def test_the_bundled_command_line_exports_json(extension, tmp_path):
    """What "Kling: Copy Current Clip Prompt" and "Kling: Export File" run."""
    text = '# Pier {duration=5}\nA fisherman says calmly, "We sail at dawn."\nNegative: blur\n'
    result = subprocess.run([_python3(), "-P", "-m", "kling_lsp.cli.main", "export", "--format", "json", "-"],
                            input=text.encode("utf-8"), cwd=tmp_path, env=_bundled_env(extension),
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    (clip,) = json.loads(result.stdout)
    assert clip["name"] == "Pier" and clip["negative_prompt"] == "blur" and clip["duration"] == 5


# --- the TypeScript -------------------------------------------------------------------------

def test_the_extension_typechecks(extension):
    result = subprocess.run(["npm", "run", "--silent", "typecheck"], cwd=EXT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_clip_locator_finds_the_clips_the_parser_finds(extension, tmp_path):
    """src/clips.ts re-implements how the parser splits a file into clips (to find the clip under
    the cursor); it must agree with the parser on every example and corpus file."""
    files = sorted([*ROOT.glob("examples/*.kling"), *ROOT.glob("tests/corpus/**/*.kling")])
    assert files
    samples = {str(f): f.read_bytes().decode("utf-8-sig") for f in files}
    samples["inline: preamble, unclosed front matter, indented heading"] = (
        "---\ntitle: x\n\n# Not a heading?\nPrompt above.\n        # indented eight blanks: still a heading\n"
        "#hashtag\n## Real {duration=5}\ntext\n# \n# \u3000Ideographic space\n#\u3000not one\n# \x85Next line\n")
    samples["inline: comments only above the first heading"] = "// note\n\n# A\ntext\n#B\n# B\n"
    script = ("const {clipStarts} = require(process.argv[1]);"
              "const samples = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "const out = {}; for (const [k, t] of Object.entries(samples)) out[k] = clipStarts(t).map(s => s.line);"
              "process.stdout.write(JSON.stringify(out));")
    found = _run_module("src/clips.ts", script, samples, tmp_path)
    for name, text in samples.items():
        document = parse(text)
        expected = [document.lines.line_of(clip.span.start) for clip in document.clips]
        assert found[name] == expected, name
