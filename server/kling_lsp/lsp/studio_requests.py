"""The studio's own requests, on the language server's connection: the page lists, opens,
creates, renames and saves files of the studio folder through them. Registered only by
`kling studio`, so `kling server` never touches a file.

    kling/studio/files   {}                      -> {"folder", "files": [{"path", "uri"}]}
    kling/studio/read    {"path"}                -> {"path", "uri", "text"}
    kling/studio/create  {"path", "text"?}       -> {"path", "uri", "text"}
    kling/studio/save    {"path", "text"}        -> {"path", "uri", "bytes"}
    kling/studio/rename  {"from", "to"}          -> {"path", "uri"}

A refused request (a path outside the folder, a name taken) is answered with an error whose
message says why, and logged.
"""

from __future__ import annotations

import logging

from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams

from ..studio.folder import Folder, Refused

log = logging.getLogger("kling_lsp")


def answered_errors_untraced(record: logging.LogRecord) -> bool:
    """A log filter: pygls logs a traceback for every request answered with an error (a refused
    path, a storyboard for a file just closed); the page shows those, and ours are logged in one line."""
    exc = record.exc_info[1] if record.exc_info else None
    return not isinstance(exc, JsonRpcException)


def _get(params, key: str):
    return params.get(key) if isinstance(params, dict) else getattr(params, key, None)


def register(server, folder: Folder | None) -> None:
    def guarded(action):
        def handler(ls, params):
            if folder is None:
                raise JsonRpcInvalidParams("the studio was started without a folder: the text is kept in the browser")
            try:
                return action(params)
            except Refused as exc:
                log.warning("refused: %s", exc)
                raise JsonRpcInvalidParams(f"refused: {exc}") from None
            except OSError as exc:
                log.warning("could not do it: %s", exc)
                raise JsonRpcInvalidParams(f"could not do it: {exc.strerror or exc}") from None
        return handler

    actions = {
        "kling/studio/files": lambda p: {"folder": str(folder.root), "files": folder.files()},
        "kling/studio/read": lambda p: folder.read(_get(p, "path")),
        "kling/studio/create": lambda p: folder.create(_get(p, "path"), _get(p, "text") or ""),
        "kling/studio/save": lambda p: folder.save(_get(p, "path"), _get(p, "text")),
        "kling/studio/rename": lambda p: folder.rename(_get(p, "from"), _get(p, "to")),
    }
    for method, action in actions.items():
        server.feature(method)(guarded(action))
