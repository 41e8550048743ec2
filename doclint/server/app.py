"""The language server: the protocol's messages in, a lint session's results out.

- Diagnostics for every open Markdown or shell document, on open, on change (after a
  pause in typing) and on save: the findings ``doclint check`` reports for it, with the
  project's configuration; problems with what the project's inventory read (a compose
  file that does not parse, a configuration that does not validate) go on those files,
  and the document then says why it is not linted.
- Code actions: each finding's fix, "disable DLxxx for this line", and
  ``source.fixAll.doclint`` (every safe fix, as ``--fix`` applies them).
- Hover on a finding: its message and the rule's explanation (``doclint explain``).

Files changed on disk (``workspace/didChangeWatchedFiles``, registered when the client
can; else a stat walk now and then) make the session read them again. The server never
runs anything the documents say and never touches the network.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from lsprotocol import types as lsp
from pygls.capabilities import ServerCapabilitiesBuilder
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from doclint import __version__
from doclint.errors import Diagnostic, DoclintError
from doclint.findings import Edit, Finding
from doclint.inputs.discovery import file_kind, is_shell_shebang
from doclint.judging.rulebook import Rule, builtin_rules, builtin_rules_dir, explanation
from doclint.running.live import Linted, Session
from doclint.running.options import RunOptions
from doclint.server.actions import (
    Action,
    disable_for_line,
    finding_fix,
    findings_at,
    fix_all,
)
from doclint.server.positions import LineIndex
from doclint.source import SourceFile

log = logging.getLogger("doclint.server")

FIX_ALL = "source.fixAll.doclint"
"""The code action kind of "fix all safe problems" (``editor.codeActionsOnSave`` names it)."""
DEBOUNCE_S = 0.15
"""A document is linted this long after the last change: not on every keystroke."""
REFRESH_S = 2.0
"""Without file watching, the project's files are looked at no more often than this."""
_SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}
_LANGUAGES = {"markdown": "markdown", "shellscript": "shell", "sh": "shell", "bash": "shell"}


class ServerSettings(NamedTuple):
    """What ``doclint server`` was started with: the rule choices of ``doclint check``."""

    config_file: Path | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    baseline_file: Path | None = None


class DoclintServer(LanguageServer):
    """The server's state: the lint session and what was last published."""

    def __init__(self, settings: ServerSettings) -> None:
        super().__init__("doclint", __version__, lsp.TextDocumentSyncKind.Full)
        self.settings = settings
        self.session = Session(RunOptions())
        self.encoding = "utf-16"
        self.watching = False
        self.debounce = DEBOUNCE_S
        self.linted: dict[Path, Linted] = {}
        self.versions: dict[Path, int | None] = {}
        self.elsewhere: dict[Path, dict[str, list[lsp.Diagnostic]]] = {}
        """Per open document, the diagnostics its linting found on other files (compose
        files, the configuration), by URI."""
        self.published: dict[str, list[lsp.Diagnostic]] = {}
        self.timers: dict[Path, asyncio.TimerHandle] = {}
        self.said: set[str] = set()
        self.last_refresh = 0.0

    # Set-up

    def start(self, params: lsp.InitializeParams) -> None:
        root = _root(params)
        settings = self.settings
        options = RunOptions(
            paths=(root,),
            config_file=settings.config_file,
            select=settings.select,
            extend_select=settings.extend_select,
            ignore=settings.ignore,
        )
        self.session = Session(options)
        self.encoding = str(ServerCapabilitiesBuilder.choose_position_encoding(params.capabilities))
        watched = (
            params.capabilities.workspace and params.capabilities.workspace.did_change_watched_files
        )
        self.watching = bool(watched and watched.dynamic_registration)
        self.session.track_disk = not self.watching
        from doclint.running.engine import preload

        preload()  # the first document is linted as fast as the next ones

    def load_baseline(self) -> None:
        """Read ``--baseline`` (again); a bad one is said, and findings are then shown
        without it."""
        if self.settings.baseline_file is None:
            return
        from doclint.output.baseline import load_baseline

        try:
            self.session.baseline = load_baseline(self.settings.baseline_file)
        except DoclintError as error:
            self.session.baseline = None
            self.say(f"doclint: baseline not used: {error}", lsp.MessageType.Warning)

    def say(self, message: str, kind: lsp.MessageType = lsp.MessageType.Error) -> None:
        """Show a message once (until it is solved and comes back)."""
        if message not in self.said:
            self.said.add(message)
            self.window_show_message(lsp.ShowMessageParams(type=kind, message=message))

    # Documents

    def opened(self, uri: str, text: str, language: str, version: int | None) -> Path | None:
        """Take the editor's text of a document; its path, or None when doclint does not
        lint such a file."""
        path = _path(uri)
        if path is None:
            return None
        kind = _kind(path, language, text)
        if kind is None:
            return None
        self.session.open(path, text, kind)
        self.versions[path] = version
        return path

    def updated(self, path: Path, text: str, version: int | None) -> None:
        """The editor's new text of an open document."""
        source = self.session.source(path)
        if source is not None:
            self.session.open(path, text, source.kind)
            self.versions[path] = version

    def closed(self, uri: str) -> None:
        path = _path(uri)
        if path is None or self.session.source(path) is None:
            return
        self.session.close(path)
        self.cancel(path)
        self.linted.pop(path, None)
        self.versions.pop(path, None)
        self.publish(uri, [], None)
        self.elsewhere.pop(path, None)
        self.publish_elsewhere()

    def cancel(self, path: Path) -> None:
        timer = self.timers.pop(path, None)
        if timer is not None:
            timer.cancel()

    def lint_later(self, path: Path) -> None:
        self.cancel(path)
        loop = asyncio.get_running_loop()
        self.timers[path] = loop.call_later(self.debounce, self.lint, path)

    def lint_all(self) -> None:
        for path in self.session.paths:
            self.lint(path)

    def lint(self, path: Path) -> Linted | None:
        """Lint an open document and publish what was found; never raises."""
        self.timers.pop(path, None)
        if self.session.source(path) is None:
            return None
        if not self.watching and time.monotonic() - self.last_refresh > REFRESH_S:
            self.last_refresh = time.monotonic()
            if self.session.refresh():
                for other in self.session.paths:
                    if other != path:
                        self.lint_later(other)
        uri = _uri(path)
        try:
            linted = self.session.lint(path)
        except DoclintError as error:
            self.not_linted(path, error)
            return None
        except Exception as error:  # a bug must not leave the editor without a server
            log.exception("linting %s failed", path)
            self.not_linted(path, error)
            return None
        self.linted[path] = linted
        index = self.index(linted.source)
        found = [self.diagnostic(index, linted.source, f) for f in linted.result.findings]
        problems = [self.problem(index, linted.source, d) for d in linted.result.diagnostics]
        self.publish(uri, found + problems, self.versions.get(path))
        elsewhere: dict[str, list[lsp.Diagnostic]] = {}
        for diagnostic in linted.inventory:
            if diagnostic.path is not None:
                elsewhere.setdefault(_uri(Path(diagnostic.path)), []).append(_on_file(diagnostic))
        self.elsewhere[path] = elsewhere
        self.publish_elsewhere()
        return linted

    def not_linted(self, path: Path, error: Exception) -> None:
        """The document could not be linted (the configuration is wrong): say why on
        the document, and on the configuration file when the error names one."""
        self.linted.pop(path, None)
        elsewhere: dict[str, list[lsp.Diagnostic]] = {}
        where = ""
        if isinstance(error, DoclintError) and error.path:
            problem = Diagnostic(error.message, error.path, error.line, fatal=True)
            config = Path(os.path.abspath(error.path))
            elsewhere[_uri(config)] = [_on_file(problem)]
            where = f" in {config.name}"
        else:
            self.say(f"doclint: {error}")
        message = f"doclint could not lint this file: an error{where}: {error}"
        start = lsp.Position(line=0, character=0)
        note = lsp.Diagnostic(
            range=lsp.Range(start=start, end=start),
            message=message,
            severity=lsp.DiagnosticSeverity.Warning,
            source="doclint",
        )
        self.publish(_uri(path), [note], self.versions.get(path))
        self.elsewhere[path] = elsewhere
        self.publish_elsewhere()

    def changed_on_disk(self, paths: Sequence[Path]) -> None:
        baseline = self.settings.baseline_file
        if baseline is not None and Path(os.path.abspath(baseline)) in paths:
            self.load_baseline()
        self.session.changed(paths)
        self.said.clear()
        self.lint_all()

    # Publishing

    def publish(self, uri: str, diagnostics: list[lsp.Diagnostic], version: int | None) -> None:
        params = lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        self.text_document_publish_diagnostics(params)

    def publish_elsewhere(self) -> None:
        """The diagnostics on files that are not documents: each file's, from every open
        document's linting, once; a file whose problems are gone is cleared."""
        merged: dict[str, list[lsp.Diagnostic]] = {}
        for found in self.elsewhere.values():
            for uri, diagnostics in found.items():
                known = merged.setdefault(uri, [])
                known.extend(d for d in diagnostics if d not in known)
        for uri in set(self.published) | set(merged):
            diagnostics = merged.get(uri, [])
            if self.published.get(uri) != diagnostics:
                self.publish(uri, diagnostics, None)
        self.published = {uri: found for uri, found in merged.items() if found}

    def index(self, source: SourceFile) -> LineIndex:
        return LineIndex(("\ufeff" if source.bom else "") + source.text, self.encoding)

    def range(self, index: LineIndex, source: SourceFile, start: int, end: int) -> lsp.Range:
        shift = 1 if source.bom else 0
        first = index.position(start + shift)
        last = index.position(end + shift)
        return lsp.Range(
            start=lsp.Position(line=first[0], character=first[1]),
            end=lsp.Position(line=last[0], character=last[1]),
        )

    def offset(self, index: LineIndex, source: SourceFile, position: lsp.Position) -> int:
        shift = 1 if source.bom else 0
        return max(0, index.offset(position.line, position.character) - shift)

    def diagnostic(self, index: LineIndex, source: SourceFile, finding: Finding) -> lsp.Diagnostic:
        href = _rule_docs(finding.code)
        return lsp.Diagnostic(
            range=self.range(index, source, finding.start, finding.end),
            message=finding.message,
            severity=_SEVERITY.get(finding.severity, lsp.DiagnosticSeverity.Warning),
            code=finding.code,
            code_description=lsp.CodeDescription(href=href) if href else None,
            source="doclint",
        )

    def problem(self, index: LineIndex, source: SourceFile, problem: Diagnostic) -> lsp.Diagnostic:
        """A problem with the document itself (a bad suppression, a checker's failure):
        its line, or the top of the document."""
        line = problem.line if problem.line and problem.line <= source.line_count else 1
        start = source.line_start(line)
        return lsp.Diagnostic(
            range=self.range(index, source, start, start + len(source.line_text(line))),
            message=problem.message,
            severity=lsp.DiagnosticSeverity.Error if problem.fatal else _WARNING,
            source="doclint",
        )

    # Requests

    def current(self, path: Path) -> Linted | None:
        """The document's findings for the editor's text as it is now."""
        source = self.session.source(path)
        linted = self.linted.get(path)
        if source is None:
            return None
        if linted is None or linted.source.text != source.text:
            self.cancel(path)
            linted = self.lint(path)
        return linted

    def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        path = _path(params.text_document.uri)
        linted = self.current(path) if path else None
        if path is None or linted is None:
            return []
        only = params.context.only
        index = self.index(linted.source)
        start = self.offset(index, linted.source, params.range.start)
        end = self.offset(index, linted.source, params.range.end)
        actions: list[tuple[Action, str]] = []
        if _wanted(only, lsp.CodeActionKind.QuickFix):
            disabled: set[tuple[str, int]] = set()
            for finding in findings_at(linted, start, end):
                own = finding_fix(finding)
                if own is not None:
                    actions.append((own, lsp.CodeActionKind.QuickFix))
                if (finding.code, finding.line) not in disabled:
                    disabled.add((finding.code, finding.line))
                    silence = disable_for_line(self.session, linted, finding)
                    if silence is not None:
                        actions.append((silence, lsp.CodeActionKind.QuickFix))
        if _wanted(only, FIX_ALL):
            everything = fix_all(self.session, path)
            if everything is not None:
                actions.append((everything, FIX_ALL))
        return [self.code_action(index, linted.source, *pair) for pair in actions]

    def code_action(
        self, index: LineIndex, source: SourceFile, action: Action, kind: str
    ) -> lsp.CodeAction:
        edits = [self.text_edit(index, source, edit) for edit in action.edits]
        diagnostics = [self.diagnostic(index, source, action.finding)] if action.finding else None
        return lsp.CodeAction(
            title=action.title,
            kind=kind,
            diagnostics=diagnostics,
            is_preferred=action.preferred or None,
            edit=lsp.WorkspaceEdit(changes={_uri(source.path): edits}),
        )

    def text_edit(self, index: LineIndex, source: SourceFile, edit: Edit) -> lsp.TextEdit:
        return lsp.TextEdit(
            range=self.range(index, source, edit.start, edit.end), new_text=edit.text
        )

    def hover(self, params: lsp.HoverParams) -> lsp.Hover | None:
        path = _path(params.text_document.uri)
        linted = self.current(path) if path else None
        if linted is None:
            return None
        index = self.index(linted.source)
        offset = self.offset(index, linted.source, params.position)
        found = findings_at(linted, offset, offset)
        if not found:
            return None
        rules = _rules()
        parts = []
        for finding in found:
            rule = rules.get(finding.code)
            text = f"**{finding.code}** {finding.message}"
            parts.append(text + ("\n\n" + explanation(rule, markdown=True) if rule else ""))
        first = min(found, key=lambda f: f.start)
        return lsp.Hover(
            contents=lsp.MarkupContent(
                kind=lsp.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
            ),
            range=self.range(index, linted.source, first.start, first.end),
        )


_WARNING = lsp.DiagnosticSeverity.Warning


def _on_file(problem: Diagnostic) -> lsp.Diagnostic:
    """A problem with a file that is not a document (a compose file, the configuration):
    its whole line, or the top of the file."""
    line = max(0, (problem.line or 1) - 1)
    return lsp.Diagnostic(
        range=lsp.Range(
            start=lsp.Position(line=line, character=0),
            end=lsp.Position(line=line + 1, character=0),
        ),
        message=problem.message,
        severity=lsp.DiagnosticSeverity.Error if problem.fatal else _WARNING,
        source="doclint",
    )


def _wanted(only: Sequence[str] | None, kind: str) -> bool:
    """Whether a code action of ``kind`` is asked for: ``only`` names kinds or their
    parents (``source`` asks for ``source.fixAll.doclint``)."""
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


def _rules() -> dict[str, Rule]:
    return {rule.code: rule for rule in builtin_rules()}


def _rule_docs(code: str) -> str | None:
    """Where a rule is documented: its definition (summary, explanation, examples) as
    doclint ships it, which opens in the editor; None for a code it does not ship."""
    path = builtin_rules_dir() / f"{code}.yaml"
    return from_fs_path(str(path)) if path.is_file() else None


def _root(params: lsp.InitializeParams) -> Path:
    """The workspace's folder (a run of ``doclint`` there is what the server matches)."""
    uris = [params.root_uri] + [folder.uri for folder in params.workspace_folders or []]
    for uri in uris:
        path = _path(uri) if uri else None
        if path is not None and path.is_dir():
            return path
    if params.root_path and os.path.isdir(params.root_path):
        return Path(os.path.abspath(params.root_path))
    return Path(os.getcwd())


def _path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(os.path.abspath(path)) if path else None


def _uri(path: Path) -> str:
    return str(from_fs_path(str(path)))


def _kind(path: Path, language: str, text: str) -> str | None:
    """``markdown``, ``shell`` or None: by the editor's language, else as ``doclint``
    tells by the name (or by a shell shebang in the text)."""
    kind = _LANGUAGES.get(language) or file_kind(path, named=False)
    if kind is None and is_shell_shebang(text[:200].split("\n", 1)[0].encode("utf-8")):
        return "shell"
    return kind


def _changed_paths(changes: Iterable[lsp.FileEvent]) -> list[Path]:
    return [path for change in changes if (path := _path(change.uri)) is not None]


def create_server(settings: ServerSettings) -> DoclintServer:
    server = DoclintServer(settings)
    kinds: list[lsp.CodeActionKind | str] = [lsp.CodeActionKind.QuickFix, FIX_ALL]

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: DoclintServer, params: lsp.InitializeParams) -> None:
        ls.start(params)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: DoclintServer, params: lsp.InitializedParams) -> None:
        ls.load_baseline()
        if ls.watching:
            watcher = lsp.FileSystemWatcher(glob_pattern="**/*")
            options = lsp.DidChangeWatchedFilesRegistrationOptions(watchers=[watcher])
            registration = lsp.Registration(
                id="doclint-files",
                method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=options,
            )
            try:
                await ls.client_register_capability_async(
                    lsp.RegistrationParams(registrations=[registration])
                )
            except Exception:  # the client refused: look at the files now and then
                ls.watching = False
                ls.session.track_disk = True

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DoclintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        path = ls.opened(document.uri, document.text, document.language_id, document.version)
        if path is not None:
            ls.lint(path)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DoclintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        document = ls.workspace.get_text_document(params.text_document.uri)
        path = _path(document.uri)
        if path is None or ls.session.source(path) is None:
            return
        ls.updated(path, document.source, document.version)
        ls.lint_later(path)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    def did_save(ls: DoclintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path is None:
            return
        if ls.session.source(path) is not None:
            ls.cancel(path)
            ls.lint(path)
        elif not ls.watching:  # a compose file or the configuration, saved in the editor
            ls.changed_on_disk([path])

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DoclintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.closed(params.text_document.uri)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: DoclintServer, params: lsp.DidChangeWatchedFilesParams
    ) -> None:
        ls.changed_on_disk(_changed_paths(params.changes))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(code_action_kinds=kinds))
    def code_action(ls: DoclintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        try:
            return ls.code_actions(params)
        except Exception:
            log.exception("code actions failed")
            return []

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: DoclintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        try:
            return ls.hover(params)
        except Exception:
            log.exception("hover failed")
            return None

    return server


def serve(settings: ServerSettings) -> None:
    """Serve one client over stdin and stdout until it says exit."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="doclint: %(message)s")
    # The protocol gets its own handle on stdout (pygls closes it on exit), and anything
    # printed by mistake goes to stderr rather than into the protocol's stream.
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout.flush()
    sys.stdout = sys.stderr
    create_server(settings).start_io(sys.stdin.buffer, protocol_out)
