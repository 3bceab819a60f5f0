"""The JSON-RPC rules pygls 2.1 leaves out, in one protocol subclass.

- A request after `shutdown` gets InvalidRequest; pygls logs a warning and never answers.
- A string parameter must be a string: pygls's converter (cattrs) turns any value into one with
  str(), so `{"query": {"x": 1}}` was read as the query "{'x': 1}" instead of being refused.
- `exit` ends the process with 1 when no `shutdown` came first, as the LSP spec says; pygls's
  exit handler calls sys.exit only for asynchronous writers, so over stdio it closed stdout and
  kept running (exiting 0 once stdin closed), and it then also ran the server's `initialized`
  handler.
"""

from __future__ import annotations

from typing import Callable

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidRequest
from pygls.protocol import LanguageServerProtocol, default_converter


class KlingProtocol(LanguageServerProtocol):
    on_exit: Callable[[int], object] | None = None  # set by the transport; else exit() is used

    def handle_message(self, message) -> None:
        method = getattr(message, "method", None)
        if method == types.EXIT:
            self._exit(0 if self._shutdown else 1)
            return
        if self._shutdown and method is not None and getattr(message, "id", None) is not None:
            error = JsonRpcInvalidRequest(f"{method}: the server is shut down; only exit is accepted")
            self._send_response(message.id, error=error.to_response_error())
            return
        super().handle_message(message)

    def _exit(self, code: int) -> None:
        if self.on_exit is not None:
            self.on_exit(code)
        else:
            raise SystemExit(code)


def strict_converter():
    """pygls's converter, except that only a string is read as a string."""
    converter = default_converter()

    def string(value, _type) -> str:
        if not isinstance(value, str):
            raise TypeError(f"expected a string, got {type(value).__name__}")
        return value

    converter.register_structure_hook(str, string)
    return converter
