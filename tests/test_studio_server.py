"""`kling studio` as a process: one port on 127.0.0.1 serving the page and the language server; a
WebSocket only from its own origin with the token it printed; file requests confined to FOLDER."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect


def _start(args: list[str], log: Path):
    process = subprocess.Popen([sys.executable, "-m", "kling_lsp.cli.main", "studio", *args, "--no-browser"],
                               stdout=subprocess.PIPE, stderr=log.open("wb"), text=True, start_new_session=True)
    deadline = time.monotonic() + 30
    line = ""
    while time.monotonic() < deadline and "http://" not in line:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise AssertionError(log.read_text())
    return process, line[line.index("http://"):].strip()


def _stop(process) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def studio(tmp_path):
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "pier.kling").write_text("# Pier\nGulls.\n", encoding="utf-8")
    log = tmp_path / "studio.log"
    process, url = _start([str(folder)], log)
    try:
        yield url, folder, log
    finally:
        _stop(process)


def _parts(url: str) -> tuple[str, str, str]:
    split = urlsplit(url)
    token = split.query.removeprefix("token=")
    return f"http://{split.netloc}", f"ws://{split.netloc}/lsp?token={token}", token


def _get(url: str, host: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _request(ws, number: int, method: str, params: dict) -> dict:
    ws.send(json.dumps({"jsonrpc": "2.0", "id": number, "method": method, "params": params}))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        message = json.loads(ws.recv(timeout=15))
        if message.get("id") == number:
            return message
    raise AssertionError(f"no answer to {method}")


def test_the_address_is_loopback_with_a_fresh_token_and_the_page_is_served(studio):
    url, _, _ = studio
    origin, _, token = _parts(url)
    assert origin.startswith("http://127.0.0.1:") and len(token) >= 24
    status, headers, body = _get(origin + "/")
    assert status == 200 and b'<script type="module" src="/studio.js">' in body
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    status, _, script = _get(origin + "/studio.js")
    assert status == 200 and script == (files("kling_lsp.studio") / "static" / "studio.js").read_bytes()
    assert _get(origin + "/../pyproject.toml")[0] == 404
    assert _get(origin + "/server.py")[0] == 404


def test_a_page_under_another_host_name_gets_nothing(studio):
    url, _, log = studio
    origin, _, _ = _parts(url)
    status, _, body = _get(origin + "/", host="attacker.example:80")  # DNS rebinding
    assert status == 403 and b"<script" not in body
    assert "refused a request for Host attacker.example:80" in log.read_text()


@pytest.mark.parametrize(("origin", "token", "reason"), [
    ("https://evil.example", None, "Origin https://evil.example is not allowed"),
    (None, None, "no Origin header"),
    ("SELF", "wrong", "the token in the URL is missing or wrong"),
    ("SELF", "", "the token in the URL is missing or wrong"),
])
def test_a_websocket_without_the_studio_origin_and_token_is_refused(studio, origin, token, reason):
    url, _, log = studio
    own, address, right = _parts(url)
    address = address.replace(right, token) if token is not None else address
    with pytest.raises(InvalidStatus) as refused:
        connect(address, origin=own if origin == "SELF" else origin)
    assert refused.value.response.status_code == 403
    time.sleep(0.2)
    assert f"refused a WebSocket connection: {reason}" in log.read_text()


def test_the_studio_page_reads_and_saves_inside_its_folder_only(studio):
    url, folder, log = studio
    own, address, _ = _parts(url)
    with connect(address, origin=own) as ws:
        assert "result" in _request(ws, 1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        listed = _request(ws, 2, "kling/studio/files", {})["result"]
        assert [f["path"] for f in listed["files"]] == ["pier.kling"]
        assert _request(ws, 3, "kling/studio/read", {"path": "pier.kling"})["result"]["text"] == "# Pier\nGulls.\n"
        saved = _request(ws, 4, "kling/studio/save", {"path": "pier.kling", "text": "# Pier\nGulls cry.\n"})
        assert saved["result"]["bytes"] == 18
        refused = _request(ws, 5, "kling/studio/save", {"path": "../escape.kling", "text": "x"})
        assert "outside the studio folder" in refused["error"]["message"]
    assert (folder / "pier.kling").read_text() == "# Pier\nGulls cry.\n"
    assert not (folder.parent / "escape.kling").exists()
    assert "refused: ../escape.kling is outside the studio folder" in log.read_text()


def test_without_a_folder_no_file_is_touched(tmp_path):
    log = tmp_path / "studio.log"
    process, url = _start([], log)
    try:
        own, address, _ = _parts(url)
        with connect(address, origin=own) as ws:
            _request(ws, 1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
            answer = _request(ws, 2, "kling/studio/save", {"path": "x.kling", "text": "x"})
        assert "without a folder" in answer["error"]["message"]
    finally:
        _stop(process)


def test_a_folder_that_does_not_exist_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kling_lsp.cli.main", "studio", str(tmp_path / "nope"),
                             "--no-browser"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "not a folder" in result.stderr
