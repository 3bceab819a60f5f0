"""`kling`: check, fix and export .kling prompt files; list and explain rules.

Exit codes: 0 nothing at or above --fail-level, 1 something was found, 2 usage or I/O
error (always with a one-line reason on stderr). stdout carries only the product (a report,
clips, a diff, fixed text); what is said about it goes to stderr. No file is written except
by `kling fix`.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from .. import __version__
from ..core.checker import check
from ..core.config import Config, ConfigError, find_config_file, load_config_file
from ..core.export import blocking_errors, export_clip
from ..core.findings import Severity
from ..core.fixes import fix_text
from ..core.parser import parse
from ..core.rules import all_rules, get_rule, rule_names
from ..core.ruledocs import rule_doc
from ..core.settings import suggest
from ..core.storyboard import storyboard_html
from . import report
from .sources import Source, SourceError, check_writable, discover, encode, read_source, write_atomically

EXIT_OK, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """Bad command-line usage: one line, exit 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of usage + message
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def build_parser() -> Parser:
    parser = Parser(
        prog="kling",
        description="Lint, fix and export prompts for the Kling 3.0 video model (.kling files).",
        epilog="Exit codes: 0 clean, 1 problems found, 2 usage or I/O error.",
    )
    parser.add_argument("--version", action="version", version=f"kling {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def add_common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", metavar="FILE", help="use this kling.toml / pyproject.toml instead of searching")
        p.add_argument("--stdin-filename", metavar="NAME", help="name (and config location) for text read from -")

    p = sub.add_parser("check", help="report problems in .kling files",
                       description="Report problems in .kling files and folders (recursing into *.kling).")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders; - reads standard input (default: .)")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    p.add_argument("--fail-level", choices=Severity.names(), default="warning",
                   help="exit 1 when a finding at or above this severity is found (default: warning)")
    add_common(p)

    p = sub.add_parser("fix", help="apply the safe fixes", description="Apply fixes in place (atomically).")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders; - reads standard input and prints the result")
    p.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes that may change meaning")
    p.add_argument("--diff", action="store_true", help="print the changes as a diff and write nothing")
    p.add_argument("--fail-level", choices=Severity.names(), default="warning",
                   help="exit 1 when a finding at or above this severity remains (default: warning)")
    add_common(p)

    p = sub.add_parser("export", help="print each clip's prompt ready for Kling",
                       description="Print each clip's prompt exactly as it should be sent to Kling.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--format", choices=("text", "json", "html"), default="text",
                   help="html: one self-contained storyboard page of all files, with their findings")
    p.add_argument("--allow-errors", action="store_true",
                   help="also export clips with errors (text and json; each is named on stderr)")
    add_common(p)

    p = sub.add_parser("rules", help="list every rule with its default severity")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("explain", help="print the documentation of a rule")
    p.add_argument("rule", metavar="RULE")

    p = sub.add_parser("server", help="start the language server (stdio by default)")
    from ..__main__ import add_server_arguments

    add_server_arguments(p)

    p = sub.add_parser("studio", help="edit .kling files in the browser (a local page and the server)",
                       description="Serve a browser editor for .kling files with the language server, on this "
                                   "machine only, and open it. With FOLDER, its .kling files can be opened and "
                                   "saved; without, the text is kept in the browser.")
    p.add_argument("folder", nargs="?", metavar="FOLDER")
    p.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: only this machine can connect)")
    p.add_argument("--no-browser", action="store_true", help="print the address and open no browser")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_ERROR
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"kling: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ConfigError as exc:
        print(f"kling: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


# --- shared ----------------------------------------------------------------------


class ConfigResolver:
    """One config for every file (--config), or the nearest one to each file, cached by folder."""

    def __init__(self, explicit: str | None) -> None:
        self.fixed: Config | None = None
        self.cache: dict[Path | None, Config] = {}
        self.warned: set[str] = set()
        if explicit:
            path = Path(explicit)
            if not path.is_file():
                raise ConfigError(f"{explicit}: no such config file")
            self.fixed = load_config_file(path, rule_names()) or Config(path=path)

    def prepare(self, sources: list[Source]) -> None:
        """Load every config the sources need now: a broken one then stops the run before any
        output or any file written, not halfway through."""
        for source in sources:
            self.for_source(source)

    def _warn(self, message: str) -> None:
        if message not in self.warned:  # once per file, however many sources live under it
            self.warned.add(message)
            print(f"kling: warning: {message}", file=sys.stderr)

    def for_source(self, source: Source) -> Config:
        if self.fixed is not None:
            return self.fixed
        start = source.path.parent if source.path is not None else Path.cwd()
        found = find_config_file(start if start.exists() else Path.cwd(), self._warn)
        if found not in self.cache:
            self.cache[found] = (load_config_file(found, rule_names()) if found else None) or Config()
        return self.cache[found]


def _read_all(args: argparse.Namespace, default_here: bool = False) -> tuple[list[Source], int]:
    """Every readable input, and how many could not be read (each reported on stderr in one
    line). Inputs are read before any output, so a run that reads nothing prints nothing."""
    paths = args.paths or (["."] if default_here else [])
    items, errors = discover(paths)
    if sum(1 for i in items if i == "-") > 1:
        raise UsageError("standard input (-) can be read only once")
    for message in errors:
        _error(message)
    sources = []
    for item in items:
        try:
            sources.append(read_source(item, getattr(args, "stdin_filename", None)))
        except SourceError as exc:
            _error(str(exc))
            errors.append(str(exc))
    return sources, len(errors)


def _error(message: str) -> None:
    print(f"kling: error: {message}", file=sys.stderr)


# --- commands ----------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    configs = ConfigResolver(args.config)
    fail_level = Severity.parse(args.fail_level)
    results: list[report.FileResult] = []
    json_out: list[dict] = []
    sources, failures = _read_all(args, default_here=True)
    if not sources:
        return EXIT_ERROR  # nothing was read: the reasons are on stderr, and stdout stays empty
    configs.prepare(sources)
    for source in sources:
        document = parse(source.text)
        result = report.FileResult(source.display, document.lines, check(document, configs.for_source(source)))
        results.append(result)
        if args.format == "text":
            for line in report.text_lines(result):
                print(line)
        elif args.format == "json":
            json_out.extend(report.json_items(result))
    if args.format == "text":
        print(report.summary(results, len(sources)))
    elif args.format == "json":
        print(report.dumps(json_out))
    else:
        print(report.dumps(report.sarif(results)))
    if failures:
        return EXIT_ERROR
    found = any(f.severity <= fail_level for r in results for f in r.findings)
    return EXIT_FOUND if found else EXIT_OK


def cmd_fix(args: argparse.Namespace) -> int:
    configs = ConfigResolver(args.config)
    fail_level = Severity.parse(args.fail_level)
    sources, failures = _read_all(args)
    if not sources:
        return EXIT_ERROR
    configs.prepare(sources)
    changed_files = 0
    applied_total = 0
    remaining_total = 0
    remaining_fail = False
    for source in sources:
        result = fix_text(source.text, configs.for_source(source), unsafe=args.unsafe_fixes)
        remaining = result.remaining
        remaining_total += len(remaining)
        remaining_fail = remaining_fail or any(f.severity <= fail_level for f in remaining)
        changed = result.text != source.text
        if source.path is None and not args.diff:
            sys.stdout.write(result.text)  # stdin: the fixed text goes to stdout
        elif args.diff:
            if changed:
                diff = difflib.unified_diff(
                    source.text.splitlines(keepends=True), result.text.splitlines(keepends=True),
                    fromfile=f"a/{source.display}", tofile=f"b/{source.display}",
                )
                sys.stdout.writelines(line if line.endswith(("\n", "\r")) else line + "\n" for line in diff)
        elif changed and source.path is not None:
            try:
                check_writable(source, encode(source.text, source.bom))
                write_atomically(source.path, encode(result.text, source.bom))
            except SourceError as exc:
                _error(str(exc))
                failures += 1
                continue
            except OSError as exc:
                print(f"kling: error: {source.display}: cannot write: {exc.strerror or exc}", file=sys.stderr)
                failures += 1
                continue
        if changed:
            changed_files += 1
            applied_total += result.applied
        if remaining:  # the report goes to stderr; stdout carries only fixed text or a diff
            for line in report.text_lines(report.FileResult(source.display, parse(result.text).lines, remaining)):
                print(line, file=sys.stderr)
    verb = "Would fix" if args.diff else "Fixed"
    print(f"{verb} {applied_total} problem{'s' if applied_total != 1 else ''} in {changed_files} "
          f"file{'s' if changed_files != 1 else ''}; {remaining_total} remain.", file=sys.stderr)
    if failures:
        return EXIT_ERROR
    if args.diff:
        return EXIT_FOUND if changed_files else EXIT_OK
    return EXIT_FOUND if remaining_fail else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    configs = ConfigResolver(args.config)
    sources, failures = _read_all(args)
    if not sources:
        return EXIT_ERROR
    configs.prepare(sources)
    if args.format == "html":  # a page to review, findings included: every clip is on it
        pages = [(source.display, parse(source.text), configs.for_source(source)) for source in sources]
        chosen = {display: config for display, _, config in pages}
        sys.stdout.write(storyboard_html([(display, doc) for display, doc, _ in pages],
                                         lambda display: chosen.get(display) or Config()))
        return EXIT_ERROR if failures else EXIT_OK
    clips, held = _clips_to_send(sources, configs, args.allow_errors)
    if args.format == "json":
        print(report.dumps([{"path": display, "index": clip.index, **exported.as_json()}
                            for display, clip, exported in clips]))
    elif clips:
        print("\n\n".join(report.export_text(display, clip, exported) for display, clip, exported in clips))
    if failures:
        return EXIT_ERROR
    return EXIT_FOUND if held else EXIT_OK


def _clips_to_send(sources: list[Source], configs: ConfigResolver, allow_errors: bool):
    """The clips export may send, as (display, clip, exported), and how many were held back for
    errors. Every clip left out, and every error sent with --allow-errors, gets a line on stderr."""
    clips, held = [], 0
    for source in sources:
        document = parse(source.text)
        findings = check(document, configs.for_source(source))
        for clip in document.clips:
            exported = export_clip(document, clip)
            name = f"clip {clip.index + 1} {clip.title!r}"
            if not exported.prompt:
                print(f"kling: note: {source.display}:{_place(document, clip.span.start)}: {name} left out: "
                      "it has no prompt text", file=sys.stderr)
                continue
            errors = blocking_errors(document, clip, findings)
            where = f"{source.display}:{_place(document, errors[0].span.start)}" if errors else ""
            if errors and not allow_errors:
                held += 1
                print(f"kling: {where}: {name} not exported: {_describe(errors)}; mend it, or pass --allow-errors",
                      file=sys.stderr)
                continue
            if errors:
                print(f"kling: note: {where}: {name} exported with {_describe(errors)}", file=sys.stderr)
            clips.append((source.display, clip, exported))
    return clips, held


def _place(document, offset: int) -> str:
    line, col = document.lines.position(offset, "utf-32")
    return f"{line + 1}:{col + 1}"


def _describe(errors: list) -> str:
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"error [{first.rule}] {first.message}{more}"


def cmd_rules(args: argparse.Namespace) -> int:
    rules = all_rules()
    if args.format == "json":
        print(report.dumps([{"name": r.name, "severity": r.severity.label, "summary": r.summary,
                             "category": r.category} for r in rules]))
        return EXIT_OK
    width = max(len(r.name) for r in rules)
    for rule in rules:
        print(f"{rule.name:{width}}  {rule.severity.label:11}  {rule.summary}")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    rule = get_rule(args.rule)
    if rule is None:
        raise UsageError(f"no rule is called {args.rule!r}{suggest(args.rule, rule_names())}; `kling rules` lists them")
    doc = rule_doc(rule.name)
    if doc is None:
        print(f"{rule.name} ({rule.severity.label}): {rule.summary}")
    else:
        print(doc.rstrip())
    return EXIT_OK


def cmd_studio(args: argparse.Namespace) -> int:
    folder = None
    if args.folder is not None:
        folder = Path(args.folder)
        if not folder.is_dir():
            raise UsageError(f"{args.folder}: not a folder")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: not a port number")
    from ..studio.app import run_studio

    return run_studio(folder, args.host, args.port, not args.no_browser)


def cmd_server(args: argparse.Namespace) -> int:
    from ..__main__ import run_server
    return run_server(args)


COMMANDS = {"check": cmd_check, "fix": cmd_fix, "export": cmd_export, "rules": cmd_rules,
            "explain": cmd_explain, "server": cmd_server,
            "studio": cmd_studio}


if __name__ == "__main__":
    sys.exit(main())
