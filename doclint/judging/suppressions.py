"""Suppressions: the pipeline stage between the rules and the reporters.

Checkers say what is wrong; whether a team has decided to live with it is another
question, answered the same way for every rule (including rules added later), so it is
answered here and not in each checker. The stage also reports, as the meta rule DL001,
suppressions that suppressed nothing: stale ones silently hide the next real problem
written in their place.

Markdown, as HTML comments that begin a line (after any ``>``) outside code blocks:

- ``<!-- doclint-disable DL101 -->`` … ``<!-- doclint-enable DL101 -->``: a range (to the
  end of the file without an ``enable``); the latest directive that names a code wins;
- ``<!-- doclint-disable-next-line DL301 -->``: the line right after the comment (not the
  next non-blank one: an empty line in between is a mistake worth seeing);
- ``<!-- doclint-disable-file -->``: the whole file.

Shell, in scripts and in the shell code blocks of Markdown: ``# doclint: ignore[DL101]``
at the end of a line covers that line; alone on its line it covers the next line of
code. Either way a command continued over several lines is covered as a whole.

Codes are optional (none means every rule), separated by commas or spaces, and may be
prefixes (``DL1``); text after `` -- `` is a free-form reason.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from doclint.checkers.context import CheckContext
from doclint.errors import ConfigError, Diagnostic
from doclint.extract.spans import CodeSpans
from doclint.findings import Edit, Finding, Fix
from doclint.inputs.config import CODE_PATTERN, Config
from doclint.inputs.discovery import matches_any
from doclint.judging.rulebook import Rule, builtin_rules
from doclint.shell.words import Command
from doclint.source import SourceFile

UNUSED_SUPPRESSION = "DL001"
"""The meta rule (``rules/DL001.yaml``) this stage reports unused suppressions as."""

_HTML = re.compile(r"<!--\s*doclint-(?P<kind>[a-z]+(?:-[a-z]+)*)(?P<rest>.*?)-->", re.DOTALL)
_SHELL = re.compile(
    r"(?<!\S)#[ \t]*doclint:[ \t]*(?P<kind>[\w-]+)(?:\[(?P<codes>[^\]\n]*)\])?[^\n]*"
)
_HTML_KINDS = {
    "disable": "disable",
    "enable": "enable",
    "disable-next-line": "lines",
    "disable-file": "file",
}
_SEPARATORS = re.compile(r"[\s,]+")
_END = sys.maxsize


@dataclass
class Directive:
    """One suppression comment and what it has suppressed so far."""

    kind: str
    """``"disable"``/``"enable"`` (a range edge), ``"lines"`` or ``"file"``."""
    codes: tuple[str, ...]
    """Rule codes or prefixes; empty for every rule."""
    start: int
    end: int
    """The comment, as file offsets ``[start, end)``."""
    first: int
    last: int
    """The lines it covers (a range edge: the line it starts on)."""
    codes_at: tuple[int, int]
    """File span of the written code list, which a fix rewrites."""
    used: set[str] = field(default_factory=set)
    """Codes (``""`` for a directive without codes) that suppressed a finding."""

    def token_for(self, code: str) -> str | None:
        """The code of this directive that covers rule ``code``, ``""`` for all."""
        if not self.codes:
            return ""
        return next((token for token in self.codes if code.startswith(token)), None)


def rules_for_file(rules: Sequence[Rule], config: Config, path: Path) -> list[Rule]:
    """The project's rules minus those ``per-file-ignores`` switches off for ``path``:
    they do not run at all, so a suppression of theirs is not judged unused either."""
    if not config.per_file_ignores:
        return list(rules)
    for codes in config.per_file_ignores.values():  # a typo fails even if no file matches
        for code in codes:
            if not _known(code):
                message = f"per-file-ignores: unknown rule code `{code}`"
                raise ConfigError(message, str(config.source))
    try:
        relative = path.relative_to(config.directory.absolute()).as_posix()
    except ValueError:
        return list(rules)
    ignored = [
        code
        for glob, codes in config.per_file_ignores.items()
        if matches_any(relative, (glob,))
        for code in codes
    ]
    return [rule for rule in rules if not any(rule.code.startswith(c) for c in ignored)]


def suppress(
    context: CheckContext, rules: Sequence[Rule], findings: list[Finding]
) -> tuple[list[Finding], list[Diagnostic]]:
    """The findings no suppression covers, plus DL001 findings when that rule is among
    ``rules`` (the rules run on this document); and problems with the directives."""
    problems: list[Diagnostic] = []
    directives = [
        *_html_directives(context, problems),
        *_shell_directives(context, problems),
    ]
    if not directives:
        return findings, problems
    directives.sort(key=lambda d: d.start)
    kept = [finding for finding in findings if not _suppressed(directives, finding)]
    unused_rule = next((rule for rule in rules if rule.code == UNUSED_SUPPRESSION), None)
    if unused_rule is not None:
        judged = [rule for rule in rules if not rule.is_meta]
        kept.extend(_unused(context, unused_rule, directives, judged))
    return kept, problems


def _suppressed(directives: list[Directive], finding: Finding) -> bool:
    """Whether a directive covers ``finding``; marks the one that does as used. The
    most specific wins: a line directive, then the innermost range, then the file."""
    line, code = finding.line, finding.code
    candidates = [
        *(d for d in directives if d.kind == "lines" and d.first <= line <= d.last),
        *_range_cover(directives, line, code),
        *(d for d in directives if d.kind == "file"),
    ]
    for directive in candidates:
        token = directive.token_for(code)
        if token is not None:
            directive.used.add(token)
            return True
    return False


def _range_cover(directives: list[Directive], line: int, code: str) -> list[Directive]:
    """The ``disable`` in force for ``code`` at ``line``: the latest range edge above it
    that names the code decides."""
    for directive in reversed(directives):
        edge = directive.kind in ("disable", "enable") and directive.first <= line
        if edge and directive.token_for(code) is not None:
            return [directive] if directive.kind == "disable" else []
    return []


def _unused(
    context: CheckContext, rule: Rule, directives: list[Directive], judged: list[Rule]
) -> Iterator[Finding]:
    """A DL001 finding per directive, or per code in it, that suppressed nothing. Codes
    of rules that did not run on the document cannot be judged and are left alone."""
    for directive in directives:
        if directive.kind == "enable":
            continue
        if not directive.codes:
            unused = [] if "" in directive.used else [""]
        else:
            unused = [
                token
                for token in directive.codes
                if token not in directive.used and any(r.code.startswith(token) for r in judged)
            ]
        if unused:
            yield _unused_finding(context, rule, directive, unused)


def _unused_finding(
    context: CheckContext, rule: Rule, directive: Directive, unused: list[str]
) -> Finding:
    text = context.source.text
    comment = " ".join(text[directive.start : directive.end].split())
    what = ", ".join(token for token in unused if token)
    finding_of = f"{what} finding" if what else "finding"
    scope = _scope(directive)
    remaining = [token for token in directive.codes if token not in unused]
    if remaining:
        separator = ", " if "," in text[slice(*directive.codes_at)] else " "
        start, end = directive.codes_at
        fix = Fix((Edit(start, end, separator.join(remaining)),), True, f"remove {what}")
        message = (
            f"`{what}` in the suppression `{comment}` matches no finding {scope}. Take it "
            "out of the list: a stale code hides the next real problem written there."
        )
    else:
        start, end = _removal(text, directive.start, directive.end)
        fix = Fix((Edit(start, end, ""),), True, "remove the unused suppression")
        message = (
            f"Unused suppression `{comment}`: no {finding_of} {scope}. Remove it; a stale "
            "suppression hides the next real problem written there."
        )
    return context.finding(rule, directive.start, directive.end, message, fix=fix)


def _scope(directive: Directive) -> str:
    if directive.kind == "file":
        return "in this file"
    if directive.kind == "disable":
        return "in the range it opens"
    if directive.first == directive.last:
        return f"on line {directive.first}"
    return f"on lines {directive.first}-{directive.last}"


def _removal(text: str, start: int, end: int) -> tuple[int, int]:
    """What to delete to remove a comment: its whole line when nothing else is on it,
    else the comment and the blanks before it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before = text[line_start:start]
    if not before.strip(" \t>") and not text[end:line_end].strip():
        return line_start, min(line_end + 1, len(text))
    return start - (len(before) - len(before.rstrip())), end


def _html_directives(context: CheckContext, problems: list[Diagnostic]) -> Iterator[Directive]:
    source = context.source
    if source.kind != "markdown" or "doclint-" not in source.text:
        return
    spans = context.document.code_spans
    for match in _HTML.finditer(source.text):
        start = match.start()
        line, _ = source.line_col(start)
        line_start = source.line_start(line)
        if source.text[line_start:start].strip(" \t>") or not _html_at(spans, line_start, start):
            continue  # in prose (written about, not written) or in a code block
        kind = _HTML_KINDS.get(match["kind"])
        if kind is None:
            known = ", ".join(f"doclint-{name}" for name in _HTML_KINDS)
            problems.append(_problem(source, line, f"unknown `doclint-{match['kind']}` ({known})"))
            continue
        rest = match["rest"].split(" --", 1)[0]
        codes_start = match.start("rest") + len(rest) - len(rest.lstrip())
        codes = _codes(source, rest.strip(), line, problems)
        first, last = line, _END
        if kind == "lines":
            first = last = source.line_col(match.end() - 1)[0] + 1
        elif kind == "file":
            first = 1
        codes_at = (codes_start, codes_start + len(rest.strip()))
        yield Directive(kind, codes, start, match.end(), first, last, codes_at)


def _html_at(code: CodeSpans, line_start: int, offset: int) -> bool:
    """Whether extraction saw HTML at ``offset``: a code span holds it and starts on its
    line (a fenced or indented block containing the comment starts above it)."""
    span = code.span_at(offset)
    return span is not None and line_start <= span[0]


def _shell_directives(context: CheckContext, problems: list[Diagnostic]) -> Iterator[Directive]:
    source = context.source
    extents: list[tuple[int, int]] | None = None
    for snippet in context.document.snippets:
        text = snippet.text.text
        if "doclint:" not in text:
            continue
        for match in _SHELL.finditer(text):
            start, end = snippet.text.file_span(match.start(), match.end())
            line = source.line_col(start)[0]
            if match["kind"] != "ignore":
                problems.append(_problem(source, line, f"unknown `doclint: {match['kind']}`"))
                continue
            written = match["codes"] or ""
            codes_start = snippet.text.offsets[match.start("codes")] if written else start
            codes = _codes(source, written, line, problems)
            line_begin = text.rfind("\n", 0, match.start()) + 1
            target = line
            if not text[line_begin : match.start()].strip():  # alone: the next line of code
                after = _next_code_line(source, snippet.text.offsets, text, match.end())
                target = line if after is None else after  # none: it covers only itself
            if extents is None:
                extents = _multiline_commands(source, context.commands)
            first, last = _widen(target, extents)
            codes_at = (codes_start, codes_start + len(written))
            yield Directive("lines", codes, start, end, first, last, codes_at)


def _next_code_line(
    source: SourceFile, offsets: Sequence[int], text: str, after: int
) -> int | None:
    """File line of the first line of code after position ``after`` of a snippet's text
    (blank lines and other directive lines skipped), ``None`` at the end."""
    position = text.find("\n", after)
    while position != -1:
        line_end = text.find("\n", position + 1)
        line = text[position + 1 : len(text) if line_end == -1 else line_end]
        if line.strip() and not _SHELL.match(line.strip()):
            first = position + 1 + len(line) - len(line.lstrip())
            return source.line_col(offsets[first])[0]
        position = line_end
    return None


def _multiline_commands(source: SourceFile, commands: list[Command]) -> list[tuple[int, int]]:
    """First and last line of each command that spans several lines."""
    extents = []
    for command in commands:
        parts = [part for part in (command, *command.pipeline) if part.words]
        if not parts:
            continue
        first = source.line_col(parts[0].start)[0]
        last = source.line_col(max(part.end for part in parts) - 1)[0]
        if last > first:
            extents.append((first, last))
    return extents


def _widen(line: int, extents: list[tuple[int, int]]) -> tuple[int, int]:
    """``line`` widened to the commands continued over it."""
    first, last = line, line
    for begin, end in extents:
        if begin <= line <= end:
            first, last = min(first, begin), max(last, end)
    return first, last


def _codes(
    source: SourceFile, written: str, line: int, problems: list[Diagnostic]
) -> tuple[str, ...]:
    """The codes of a directive, upper-cased; unknown ones are reported and kept (they
    match nothing, and dropping them would turn the directive into one for every rule)."""
    codes = tuple(token.upper() for token in _SEPARATORS.split(written) if token)
    for code in codes:
        if not _known(code):
            problems.append(_problem(source, line, f"suppression names unknown rule `{code}`"))
    return codes


def _known(code: str) -> bool:
    return bool(CODE_PATTERN.match(code)) and any(
        rule.code.startswith(code) for rule in builtin_rules()
    )


def _problem(source: SourceFile, line: int, message: str) -> Diagnostic:
    return Diagnostic(message, source.display_path, line)
