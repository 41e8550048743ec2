"""A tolerant shell tokenizer that keeps exact positions, and quote removal.

bashlex gives up on many constructs real documentation contains (``case``, ``[[ ]]``,
``$(( ))``, ``<<'EOF'``, a stray apostrophe in prose pasted into a block...). This
tokenizer is the safety net: it never fails, works on index ranges of one text so
every token keeps its position, and closes anything left open (a quote, ``$(``) at the
end of its line, because in documents an unbalanced quote is far more often a typo
than a string meant to span lines.

Nested constructs (``"$(docker inspect "$(docker ps -q)")"``) are matched with an
explicit stack rather than recursion so that no input can exhaust Python's stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Kind(Enum):
    WORD = "word"
    OP = "op"
    """``&&``, ``||``, ``;``, ``;;``, ``|``, ``&``, ``(``, ``)``..."""
    REDIR = "redir"
    """A redirection operator, file descriptor included (``2>&``); its target is the
    next word."""
    NEWLINE = "newline"
    ARITH = "arith"
    """An arithmetic command ``(( ... ))``."""
    HEREDOC = "heredoc"
    """A here-document body with its delimiter line: data, never commands."""


class Token(NamedTuple):
    kind: Kind
    start: int
    end: int
    text: str
    subs: tuple[tuple[int, int], ...] = ()
    """Inner ranges of the command and process substitutions (``$(..)``, backticks,
    ``<(..)``) that the word contains at its top level."""


@dataclass
class Lexed:
    """The tokens of shell text, and what was left open at its end."""

    tokens: list[Token] = field(default_factory=list)
    unterminated: bool = False
    """A quote or substitution had no closing character and was closed at its line end."""
    open_heredoc: str | None = None
    """The delimiter of the here-document the text ends inside (or before whose body
    it ends)."""

    @property
    def wants_operand(self) -> bool:
        """True when the text ends with an operator (``|``, ``&&``, ``||``) that still
        needs its right-hand command, which bash then reads from the next line."""
        last = self.tokens[-1] if self.tokens else None
        return last is not None and last.kind is Kind.OP and last.text in _BINARY_OPERATORS


_REDIRECTS = ("&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", "<", ">>", ">&", ">|", ">")
_OPERATORS = (";;&", ";;", ";&", "&&", "||", "|&", "|", "&", ";", "(", ")")
_LONG_SCANS = 8
"""Searches for a closing quote beyond its line that may fail in one text."""
_BINARY_OPERATORS = frozenset({"|", "|&", "&&", "||"})
_FD_PREFIX = re.compile(r"(?:\d+|\{[A-Za-z_]\w*\})(?=[<>])")
_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=")
"""What starts an assignment word: ``NAME=``, ``NAME+=``, ``NAME[i]=``."""
_WORD_BREAK = frozenset(" \t\r\n;&|()<>")
_WORD_SPECIAL = re.compile(r"[\\ \t\r\n;&|()<>'\"`$]")
"""The characters ``Scanner._word`` looks at: escapes, word breaks and openers."""
_SUBSTITUTIONS = frozenset({"$(", "`", "<("})
_CLOSERS = {"'": "'", "$'": "'", '"': '"', "`": "`", "}": "}"}
"""Closing character of each construct; every other construct closes with ``)``."""


def opener(text: str, index: int, context: str = "") -> tuple[str, int] | None:
    """The construct that starts at ``index`` inside ``context`` (``""`` for the top
    level of a word): its kind and the length of its opening characters."""
    char = text[index]
    if context == '"':
        allowed = "`$"
    elif context in ("'", "$'", "`"):
        return None
    else:
        allowed = "'\"`$<>("
    if char not in allowed:
        return None
    following = text[index + 1 : index + 2]
    if char == "$":
        if following == "(":
            return ("$((", 2) if text.startswith("((", index + 1) else ("$(", 2)
        if following == "{":
            return "}", 2
        if following in ("'", '"') and context != '"':
            return ("$'", 2) if following == "'" else ('"', 2)
        return None
    if char in "<>":
        return ("<(", 2) if following == "(" else None
    if char == "(":
        return ("(", 1) if context else None
    return char, 1


class Scanner:
    """Matches quotes and substitutions inside ``text[:end]``."""

    def __init__(self, text: str, end: int) -> None:
        self.text = text
        self.end = end

    def matching_end(
        self, index: int, subs: list[tuple[int, int]] | None = None, stop: int | None = None
    ) -> int | None:
        """Index just past the construct opening at ``index``, or None if it does not
        close before ``stop`` (default: the end of the text).

        The inner ranges of the substitutions met outside any construct but double
        quotes are appended to ``subs``.
        """
        text = self.text
        end = self.end if stop is None else min(stop, self.end)
        first = opener(text, index, "") or opener(text, index, "(")
        if first is None:
            return None
        stack: list[tuple[str, int]] = [(first[0], index + first[1])]
        pos = index + first[1]
        while pos < end:
            kind, content_start = stack[-1]
            char = text[pos]
            if char == "\\" and kind != "'":
                pos += 2
                continue
            if char == _CLOSERS.get(kind, ")"):
                stack.pop()
                if subs is not None and kind in _SUBSTITUTIONS and _shallow(stack):
                    subs.append((content_start, pos))
                pos += 1
                if not stack:
                    return pos
                continue
            nested = opener(text, pos, kind)
            if nested is None:
                pos += 1
                continue
            stack.append((nested[0], pos + nested[1]))
            pos += nested[1]
        return None


def _shallow(stack: list[tuple[str, int]]) -> bool:
    return all(kind == '"' for kind, _ in stack)


def line_end(text: str, index: int, end: int) -> int:
    found = text.find("\n", index, end)
    return end if found == -1 else found


def tokenize(text: str, start: int = 0, end: int | None = None) -> Lexed:
    """Tokens of ``text[start:end]`` with positions in ``text``. Total: never raises."""
    return _Lexer(text, start, len(text) if end is None else end).run()


class _Lexer:
    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.pos = start
        self.end = end
        self.scanner = Scanner(text, end)
        self.out = Lexed()
        self.heredocs: list[str] = []
        self.delimiter_next = False
        self.long_scans = _LONG_SCANS

    def run(self) -> Lexed:
        text = self.text
        while self.pos < self.end:
            char = text[self.pos]
            if char in " \t\r":
                self.pos += 1
            elif char == "\\" and (
                self.pos + 1 == self.end or text.startswith("\n", self.pos + 1, self.end)
            ):
                self.pos += 2  # a line continuation, or one left dangling at the end
            elif char == "\n":
                self._newline()
            elif char == "#":
                self.pos = line_end(text, self.pos, self.end)
            else:
                self._token()
        if self.heredocs:
            self.out.open_heredoc = self.heredocs[0]
        return self.out

    def _emit(self, kind: Kind, end: int, subs: tuple[tuple[int, int], ...] = ()) -> None:
        end = min(end, self.end)
        text = self.text[self.pos : end]
        if kind is Kind.WORD and self.delimiter_next:
            self.heredocs.append(unquote(text)[0])
        self.delimiter_next = kind is Kind.REDIR and (
            text.endswith("<<-") or (text.endswith("<<") and not text.endswith("<<<"))
        )
        self.out.tokens.append(Token(kind, self.pos, end, text, subs))
        self.pos = end

    def _token(self) -> None:
        text, pos = self.text, self.pos
        if opener(text, pos) == ("<(", 2):
            self._word()
            return
        if text.startswith("((", pos):
            closing, _ = self._matching_end(pos)
            if closing is not None and text.startswith("))", closing - 2):
                self._emit(Kind.ARITH, closing)
                return
        fd = _FD_PREFIX.match(text, pos, self.end)
        after_fd = fd.end() if fd else pos
        for operator in _REDIRECTS:
            if text.startswith(operator, after_fd):
                self._emit(Kind.REDIR, after_fd + len(operator))
                return
        for operator in _OPERATORS:
            if text.startswith(operator, pos):
                self._emit(Kind.OP, pos + len(operator))
                return
        self._word()

    def _word(self) -> None:
        text, end = self.text, self.end
        subs: list[tuple[int, int]] = []
        pos = self.pos
        while pos < end:
            char = text[pos]
            if char == "\\":
                pos += 2
                continue
            if char == "(" and _ASSIGNMENT.fullmatch(text, self.pos, pos):
                pos = self._close(pos, subs)
                continue
            if char in _WORD_BREAK and not (pos == self.pos and opener(text, pos) == ("<(", 2)):
                break
            if opener(text, pos) is None:
                plain = _WORD_SPECIAL.search(text, pos + 1, end)  # skip what needs nothing
                pos = plain.start() if plain else end
                continue
            pos = self._close(pos, subs)
        self._emit(Kind.WORD, max(pos, self.pos + 1), tuple(subs))

    def _close(self, pos: int, subs: list[tuple[int, int]]) -> int:
        """Skip the construct at ``pos``; one left open ends at its line end."""
        closing, found = self._matching_end(pos)
        if closing is not None:
            subs.extend(found)
            return closing
        self.out.unterminated = True
        stop = line_end(self.text, pos, self.end)
        subs.extend(sub for sub in found if sub[1] <= stop)
        kind = opener(self.text, pos) or opener(self.text, pos, "(")
        if kind is not None and kind[0] in _SUBSTITUTIONS:
            subs.append((pos + kind[1], stop))
        return stop

    def _matching_end(self, pos: int) -> tuple[int | None, list[tuple[int, int]]]:
        """Where the construct at ``pos`` closes, and the substitutions inside it.

        Most constructs close on their own line. Searching further costs the rest of the
        text, so only a few such searches may fail per text: a document full of
        unbalanced quotes then stays linear, its quotes closing at their line ends.
        """
        found: list[tuple[int, int]] = []
        closing = self.scanner.matching_end(pos, found, line_end(self.text, pos, self.end))
        if closing is None and self.long_scans:
            found = []
            closing = self.scanner.matching_end(pos, found)
            self.long_scans -= closing is None
        return closing, found

    def _newline(self) -> None:
        self._emit(Kind.NEWLINE, self.pos + 1)
        if not self.heredocs:
            return
        body_start = stop = self.pos
        for index, delimiter in enumerate(self.heredocs):
            stop = self._heredoc_end(delimiter, stop + 1 if index else stop)
        self.heredocs.clear()
        self.out.tokens.append(Token(Kind.HEREDOC, body_start, stop, self.text[body_start:stop]))
        self.pos = stop

    def _heredoc_end(self, delimiter: str, line_start: int) -> int:
        """End of the line that closes a here-document whose body starts at
        ``line_start``.

        The delimiter is matched ignoring surrounding whitespace: documents often
        indent it along with the block even when ``<<-`` is not used.
        """
        text = self.text
        while line_start < self.end:
            stop = line_end(text, line_start, self.end)
            if text[line_start:stop].strip() == delimiter:
                return stop
            line_start = stop + 1
        self.out.open_heredoc = delimiter
        return self.end


_UNQUOTE_SPECIAL = re.compile(r"[\\'\"`$<>*?\[{]")
"""Every character at which ``unquote`` does more than copy: escapes, quotes,
substitutions and expansions, globs and brace expansions."""
_BRACE_EXPANSION = re.compile(r"\{[^{}\s]*(?:,|\.\.)[^{}\s]*\}")
_PARAMETER_START = re.compile(r"[A-Za-z_0-9@*#?$!-]")
_ANSI_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "e": "\x1b"}
_DOUBLE_QUOTE_ESCAPES = frozenset('$`"\\\n')


def is_assignment(raw: str) -> bool:
    """Whether a raw word is a ``NAME=value`` assignment (the name must be unquoted)."""
    return bool(_ASSIGNMENT.match(raw))


def unquote(raw: str) -> tuple[str, bool]:
    """Quote removal of one raw word, and whether its value is not knowable statically.

    Expansions (``$VAR``, ``${..}``, ``$(..)``, backticks), unquoted globs and brace
    expansions make a word dynamic; they are kept as written in the value.
    """
    if _UNQUOTE_SPECIAL.search(raw) is None:
        return raw, False  # nothing to remove or expand: most words of a command
    scanner = Scanner(raw, len(raw))
    out: list[str] = []
    dynamic = False
    pos = 0
    while pos < len(raw):
        char = raw[pos]
        if char == "\\":
            out.append(raw[pos + 1 : pos + 2].replace("\n", ""))
            pos += 2
            continue
        construct = opener(raw, pos)
        if construct is None:
            dynamic = dynamic or _expands(raw, pos)
            out.append(char)
            pos += 1
            continue
        closing = scanner.matching_end(pos)
        kind, length = construct
        if closing is None and kind in ("'", '"'):
            # An unbalanced quote in a document is a typo (``don't``): keep it as text.
            out.append(raw[pos:])
            break
        stop = len(raw) if closing is None else closing
        inner_end = stop if closing is None else stop - 1
        if kind == "'":
            out.append(raw[pos + 1 : inner_end])
        elif kind == "$'":
            out.append(_ansi(raw[pos + 2 : inner_end]))
        elif kind == '"':
            dynamic = _double(raw, pos + length, inner_end, out) or dynamic
        else:
            out.append(raw[pos:stop])
            dynamic = True
        pos = stop
    return "".join(out), dynamic


def _expands(raw: str, pos: int) -> bool:
    """Whether the unquoted character at ``pos`` starts an expansion or a glob."""
    char = raw[pos]
    if char == "$":
        return bool(_PARAMETER_START.match(raw, pos + 1))
    if char in "*?":
        return True
    if char == "[":
        return raw.find("]", pos + 1) != -1
    if char == "{":
        return bool(_BRACE_EXPANSION.match(raw, pos))
    return False


def _double(raw: str, start: int, stop: int, out: list[str]) -> bool:
    """Append the value of double-quoted ``raw[start:stop]``; True if it expands."""
    scanner = Scanner(raw, stop)
    dynamic = False
    pos = start
    while pos < stop:
        char = raw[pos]
        if char == "\\" and raw[pos + 1 : pos + 2] in _DOUBLE_QUOTE_ESCAPES:
            out.append(raw[pos + 1 : pos + 2].replace("\n", ""))
            pos += 2
            continue
        if opener(raw, pos, '"') is not None:
            closing = scanner.matching_end(pos)
            end = stop if closing is None else closing
            out.append(raw[pos:end])
            dynamic = True
            pos = end
            continue
        if char == "$" and _PARAMETER_START.match(raw, pos + 1):
            dynamic = True
        out.append(char)
        pos += 1
    return dynamic


def _ansi(body: str) -> str:
    """Value of an ANSI-C quoted string (``$'..'``) for the common escapes."""
    out: list[str] = []
    pos = 0
    while pos < len(body):
        if body[pos] == "\\" and pos + 1 < len(body):
            out.append(_ANSI_ESCAPES.get(body[pos + 1], body[pos : pos + 2]))
            pos += 2
        else:
            out.append(body[pos])
            pos += 1
    return "".join(out)
