"""The ``pattern`` checker: rules written as data, Vale-style, with no Python.

A rule with ``checker: pattern`` lists regexes in ``options.patterns``; every match is
a finding. That keeps house-style checks ("no ``UPDATE THIS!`` left in a runbook",
"no internal hostnames") out of the code base: a team writes a YAML file, or adds a
few patterns in its config, and the engine needs to know nothing about them.

Options schema (unknown keys are errors, so a typo never silently disables a check)::

    options:
      patterns:                 # required, a non-empty list
        - id: update-this       # required, unique, kebab-case
          regex: 'UPDATE THIS!' # required; compiled with re.MULTILINE (^/$ are per line)
          message: 'Template text "{match}" was never filled in'   # {match}: the text
          scope: any            # prose | code | any (default any)
          ignore_case: false
          opt_in: false         # true: only active when its id is listed in `enable`
          skip_reference_labels: false
          skip_in: [template-file, link-text]   # places where a match is no finding
      enable: [angle-placeholder]   # ids of opt-in patterns to switch on
      templates: ['**/ISSUE_TEMPLATE/**']    # globs: documents that are fill-in templates
      changelogs: ['CHANGELOG*']             # globs: changelogs and release notes

``scope: prose`` means outside ``ExtractedDocument.code_spans`` (a shell script is all
code, so prose patterns never fire there); ``code`` means inside them.
``skip_reference_labels`` is for bracket patterns: a match such as ``[Company]`` is
dropped when the document defines it as a link reference (``[Company]: https://…``),
because then it renders as a link (a collapsed or shortcut reference), not as
placeholder text. The label is the regex's ``label`` group when it has one, else the
match without its outer brackets.

``skip_in`` names places (``doclint.checkers._placement``) where the same words are
not a problem: a bracket at the head of a changelog entry, a marker inside an issue
template, a "CHANGE ME" comment on a value in an example configuration. ``templates``
and ``changelogs`` are the globs (paths from the top of the repository) that say which
documents are templates and which are changelogs.

Where matches of several patterns overlap, only the one that starts first (then the
longest, then the one listed first) is reported: one piece of text is one problem.

The config layer adds its own patterns and opt-in selections with
:func:`merge_options`, which validates them and returns the options of the rule
to run; :meth:`PatternSet.from_options` builds (and validates) the compiled set.
Bad options raise ``ValueError`` naming the offending pattern.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from doclint import fast_paths
from doclint.checkers._placement import PLACES, Placement
from doclint.judging.regex_literals import required_literals

if TYPE_CHECKING:
    from doclint.checkers.context import CheckContext
    from doclint.extract.spans import CodeSpans
    from doclint.findings import Finding
    from doclint.judging.rulebook import Rule

SCOPES = ("prose", "code", "any")
_GLOB_OPTIONS = ("templates", "changelogs")
_OPTION_KEYS = frozenset({"patterns", "enable", *_GLOB_OPTIONS})
_REQUIRED_KEYS = ("id", "regex", "message")
_FLAG_KEYS = ("ignore_case", "opt_in", "skip_reference_labels")
_PATTERN_KEYS = frozenset({*_REQUIRED_KEYS, *_FLAG_KEYS, "scope", "skip_in"})
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A CommonMark link reference definition: up to three spaces, [label], a colon.
_REFERENCE_DEFINITION = re.compile(r"^[ \t]{0,3}\[((?:[^\]\\\n]|\\.)+)\]:", re.MULTILINE)


class Pattern(NamedTuple):
    """One compiled pattern of a ``pattern`` rule."""

    id: str
    regex: re.Pattern[str]
    message: str
    """Message template; ``{match}`` is replaced by the matched text."""
    scope: str = "any"
    opt_in: bool = False
    skip_reference_labels: bool = False
    skip_in: tuple[str, ...] = ()
    """Places (``doclint.checkers._placement.PLACES``) where a match is no finding."""
    literals: tuple[str, ...] | None = None
    """Strings one of which is in every match (``doclint.judging.regex_literals``): a text
    without any is not searched."""

    def may_match(self, text: str) -> bool:
        if self.literals is None or not fast_paths.enabled():
            return True
        return any(literal in text for literal in self.literals)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Pattern:
        """Validate one entry of ``options.patterns`` and compile its regex."""
        if not isinstance(data, Mapping):
            raise ValueError(f"each pattern must be a mapping, not {data!r}")
        name = data.get("id")
        if not isinstance(name, str) or not _ID.fullmatch(name):
            raise ValueError(f"pattern id must be a kebab-case string, not {name!r}")
        where = f"pattern {name!r}"
        unknown = sorted(set(data) - _PATTERN_KEYS)
        if unknown:
            allowed = ", ".join(sorted(_PATTERN_KEYS))
            raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)} (allowed: {allowed})")
        for key in _REQUIRED_KEYS:
            if not isinstance(data.get(key), str) or not data[key]:
                raise ValueError(f"{where}: {key!r} must be a non-empty string")
        for key in _FLAG_KEYS:
            if not isinstance(data.get(key, False), bool):
                raise ValueError(f"{where}: {key!r} must be true or false")
        scope = data.get("scope", "any")
        if scope not in SCOPES:
            raise ValueError(f"{where}: scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        skip_in = data.get("skip_in", [])
        if not isinstance(skip_in, list) or not all(isinstance(p, str) for p in skip_in):
            raise ValueError(f"{where}: skip_in must be a list of place names")
        unknown_places = sorted(set(skip_in) - PLACES)
        if unknown_places:
            raise ValueError(
                f"{where}: unknown place(s) in skip_in: {', '.join(unknown_places)}"
                f" (known: {', '.join(sorted(PLACES))})"
            )
        flags = re.MULTILINE | (re.IGNORECASE if data.get("ignore_case", False) else 0)
        try:
            regex = re.compile(data["regex"], flags)
        except re.error as error:
            raise ValueError(f"{where}: regex does not compile: {error}") from error
        if regex.fullmatch(""):
            raise ValueError(f"{where}: regex matches empty text, so it would flag nothing useful")
        _check_message(where, data["message"])
        return cls(
            id=name,
            regex=regex,
            message=data["message"],
            scope=scope,
            opt_in=data.get("opt_in", False),
            skip_reference_labels=data.get("skip_reference_labels", False),
            skip_in=tuple(skip_in),
            literals=required_literals(regex),
        )

    def message_for(self, text: str) -> str:
        return self.message.format(match=text)


def _check_message(where: str, message: str) -> None:
    """Reject message templates that would fail (or print braces) at report time."""
    try:
        fields = [
            field for _, field, _, _ in string.Formatter().parse(message) if field is not None
        ]
    except ValueError as error:
        raise ValueError(f"{where}: bad message template: {error}") from error
    wrong = sorted(set(fields) - {"match"})
    if wrong:
        raise ValueError(
            f"{where}: message may only use {{match}}, not {', '.join(repr(f) for f in wrong)}"
            " (write '{{' and '}}' for literal braces)"
        )


class PatternSet(NamedTuple):
    """The active patterns of one rule, compiled once and reused for every file."""

    patterns: tuple[Pattern, ...]
    templates: tuple[str, ...] = ()
    """Globs of the documents that are templates to copy and fill in."""
    changelogs: tuple[str, ...] = ()
    """Globs of the changelogs and release notes."""

    @classmethod
    def from_options(
        cls,
        options: Mapping[str, Any],
        extra: Sequence[Mapping[str, Any]] = (),
        enable: Sequence[str] = (),
    ) -> PatternSet:
        """Compile ``options`` plus ``extra`` patterns, with the opt-in ids in
        ``enable`` (and in ``options['enable']``) switched on."""
        return cls._compile(_merge(options, extra, enable))

    @classmethod
    def _compile(cls, options: Mapping[str, Any]) -> PatternSet:
        """The set that options already merged and checked by ``_merge`` describe."""
        enable = options["enable"]
        patterns = [Pattern.from_mapping(entry) for entry in options["patterns"]]
        ids = [p.id for p in patterns]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"duplicate pattern id(s): {', '.join(duplicated)}")
        opt_in = {p.id for p in patterns if p.opt_in}
        unknown = sorted(set(enable) - opt_in)
        if unknown:
            choices = ", ".join(sorted(opt_in)) or "none"
            raise ValueError(
                f"cannot enable {', '.join(unknown)}: not an opt-in pattern (opt-in: {choices})"
            )
        return cls(
            tuple(p for p in patterns if not p.opt_in or p.id in enable),
            tuple(options.get("templates", ())),
            tuple(options.get("changelogs", ())),
        )

    def matches(
        self, text: str, code: CodeSpans, placement: Placement | None = None
    ) -> list[PatternMatch]:
        """Every match in ``text`` that fits its pattern's scope and stands in none of
        its ``skip_in`` places (judged by ``placement``), in file order, overlapping
        matches reduced to the first."""
        labels: _ReferenceLabels | None = None
        found: list[PatternMatch] = []
        for pattern in self.patterns:
            if not pattern.may_match(text):
                continue
            for hit in pattern.regex.finditer(text):
                start, end = hit.span()
                if start == end or not _fits(code, pattern.scope, start, end):
                    continue
                if pattern.skip_reference_labels:
                    labels = labels or _ReferenceLabels(text)
                    if labels.defines(_label(hit)):
                        continue
                if placement and placement.first_of(pattern.skip_in, start, end):
                    continue
                found.append(PatternMatch(pattern, start, end, hit.group()))
        found.sort(key=lambda m: (m.start, -m.end))
        kept: list[PatternMatch] = []
        for match in found:
            if not kept or match.start >= kept[-1].end:
                kept.append(match)
        return kept


class PatternMatch(NamedTuple):
    """One reportable match: file offsets ``[start, end)`` and the matched text."""

    pattern: Pattern
    start: int
    end: int
    text: str


def configure(options: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    """The checker hook for a rule's ``configuration:``: the user's extra ``patterns``
    and ``enable`` ids merged into the rule's own, and the user's ``templates`` and
    ``changelogs`` globs in place of the rule's (``merge_options``)."""
    replaced = {key: settings[key] for key in _GLOB_OPTIONS if key in settings}
    return merge_options(
        {**options, **replaced}, settings.get("patterns", ()), settings.get("enable", ())
    )


def merge_options(
    options: Mapping[str, Any],
    extra: Sequence[Mapping[str, Any]] = (),
    enable: Sequence[str] = (),
) -> dict[str, Any]:
    """The options of a ``pattern`` rule with config's ``extra`` patterns appended and
    its ``enable`` ids added: what the config layer puts in the rule it runs.

    Validates the result (raises ``ValueError``), so config errors surface at load time.
    """
    merged = _merge(options, extra, enable)
    PatternSet._compile(merged)
    return merged


def _merge(
    options: Mapping[str, Any], extra: Sequence[Mapping[str, Any]], enable: Sequence[str]
) -> dict[str, Any]:
    """Check the shape of the options and append the extra patterns and ids."""
    unknown = sorted(set(options) - _OPTION_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_OPTION_KEYS))
        raise ValueError(f"unknown pattern option(s) {', '.join(unknown)} (allowed: {allowed})")
    patterns = options.get("patterns")
    if not isinstance(patterns, Sequence) or isinstance(patterns, str) or not patterns:
        raise ValueError("options.patterns must be a non-empty list of patterns")
    enabled = options.get("enable", [])
    for names in (enabled, enable):
        if isinstance(names, str) or not isinstance(names, Sequence):
            raise ValueError(f"enable must be a list of pattern ids, not {names!r}")
    merged: dict[str, Any] = {"patterns": [*patterns, *extra], "enable": [*enabled, *enable]}
    for key in _GLOB_OPTIONS:
        globs = options.get(key, [])
        if isinstance(globs, str) or not isinstance(globs, Sequence):
            raise ValueError(f"{key} must be a list of glob patterns, not {globs!r}")
        if not all(isinstance(glob, str) and glob for glob in globs):
            raise ValueError(f"{key} must be a list of glob patterns, not {globs!r}")
        if globs:
            merged[key] = list(globs)
    return merged


def _label(hit: re.Match[str]) -> str:
    if "label" in hit.re.groupindex and hit.group("label") is not None:
        return hit.group("label")
    return hit.group().removeprefix("[").removesuffix("]")


def _normalize_label(label: str) -> str:
    """CommonMark matches reference labels case-insensitively, whitespace collapsed."""
    return " ".join(label.split()).casefold()


class _ReferenceLabels:
    """Labels of the link reference definitions in a document, read on first need."""

    def __init__(self, text: str) -> None:
        self._labels = {_normalize_label(m.group(1)) for m in _REFERENCE_DEFINITION.finditer(text)}

    def defines(self, label: str) -> bool:
        return _normalize_label(label) in self._labels


def _fits(code: CodeSpans, scope: str, start: int, end: int) -> bool:
    """Whether the text ``[start, end)`` is in the pattern's scope: all code, no code,
    or either."""
    if scope == "code":
        return code.holds(start, end)
    return scope == "any" or not code.touches(start, end)


_BY_IDENTITY: dict[int, tuple[Mapping[str, Any], PatternSet]] = {}
"""The compiled patterns of the options objects seen last: the rules of a run are
shared by its documents, so most look-ups end here."""
_IDENTITIES_KEPT = 64


def pattern_set(rule: Rule) -> PatternSet:
    """The compiled patterns of ``rule``. Options that arrive as new objects with the
    same content (a worker receives its projects' rules with each chunk of documents)
    reuse the patterns compiled for that content."""
    cached = _BY_IDENTITY.get(id(rule.options))
    if cached is not None and cached[0] is rule.options:
        return cached[1]
    compiled = _compiled(repr(rule.options), rule.options)
    if len(_BY_IDENTITY) >= _IDENTITIES_KEPT:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[id(rule.options)] = (rule.options, compiled)
    return compiled


_BY_CONTENT: dict[str, PatternSet] = {}


def _compiled(content: str, options: Mapping[str, Any]) -> PatternSet:
    """Compiled once per content (``repr`` of the options: plain YAML data, whose repr
    is the same for equal data read the same way)."""
    if content not in _BY_CONTENT:
        if len(_BY_CONTENT) >= _IDENTITIES_KEPT:
            _BY_CONTENT.clear()
        _BY_CONTENT[content] = PatternSet.from_options(options)
    return _BY_CONTENT[content]


def check(ctx: CheckContext, rule: Rule) -> Iterator[Finding]:
    """Report every match of the rule's patterns; reads only the source text and
    the code spans, never the parsed commands."""
    patterns = pattern_set(rule)
    placement = Placement(ctx, patterns.templates, patterns.changelogs)
    for match in patterns.matches(ctx.source.text, ctx.document.code_spans, placement):
        yield ctx.finding(rule, match.start, match.end, match.pattern.message_for(match.text))
