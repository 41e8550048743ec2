"""The tolerant shell parser used where bashlex gives up.

It reads the tokens of ``doclint.shellsyntax.tokenize`` with a small state machine that
knows just enough of the grammar to find simple commands: reserved words at the start
of a command (``if``, ``then``, ``do``, ``fi``...), loop and ``case`` headers (their
words are not commands), ``case`` patterns, ``[[ ... ]]`` (whose ``&&`` and ``<`` are
operands), function definitions, pipelines and redirections. It also tells where the
top-level statements of the text are, so that bashlex can be tried again on each of
them, and whether a compound command is left open (for console transcripts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from doclint.shellsyntax.raw import RawCommand, link_pipeline
from doclint.shellsyntax.tokenize import Kind, Lexed, Token, tokenize, unquote

MAX_DEPTH = 16
"""Deepest nesting of command substitutions that is looked into."""

_OPENERS = {"if": "if", "while": "loop", "until": "loop", "{": "{"}
_HEADERS = {"for": "loop", "select": "loop", "case": "case"}
_CLOSERS = {"fi": "if", "done": "loop", "esac": "case", "}": "{"}
_SKIPPED = frozenset({"then", "else", "elif", "do", "!", "coproc"})
_TEST_OPERATORS = frozenset({"&&", "||", "(", ")", "!"})
_CASE_TERMINATORS = frozenset({";;", ";&", ";;&"})
_JOINERS = frozenset({"|", "|&", "&&", "||"})


@dataclass
class FallbackResult:
    """What the tolerant parser reads of shell text bashlex could not parse."""

    commands: list[RawCommand] = field(default_factory=list)
    """Every command found, those inside substitutions included, in no set order."""
    statements: list[tuple[int, int]] = field(default_factory=list)
    """``[start, end)`` of each top-level statement (a line, or a whole compound
    command spanning lines), here-document bodies included."""
    open_block: bool = False
    """The text ends inside a compound command (``if`` without ``fi``...)."""
    lexed: Lexed = field(default_factory=Lexed)


def parse_fallback(
    text: str, start: int = 0, end: int | None = None, depth: int = 0, lexed: Lexed | None = None
) -> FallbackResult:
    """Commands and statements of ``text[start:end]`` (``lexed``: its tokens, when the
    caller already has them). Total: never raises."""
    lexed = lexed or tokenize(text, start, end)
    parser = _Parser(text, depth)
    parser.feed(lexed.tokens)
    result = parser.result
    result.lexed = lexed
    result.open_block = bool(parser.blocks)
    return result


class _Parser:
    def __init__(self, text: str, depth: int) -> None:
        self.text = text
        self.depth = depth
        self.result = FallbackResult()
        self.words: list[tuple[int, int]] = []
        self.stages: list[RawCommand] = []
        self.blocks: list[str] = []
        self.mode = "command"
        """``command``; ``header`` (a ``for``/``select`` header); ``case`` (the word of a
        ``case``, up to ``in``); ``pattern`` (a case pattern, up to ``)``); ``name`` (the
        name after ``function``)."""
        self.in_test = False
        self.redirect_target = False
        self.joining = False
        self.statement: tuple[int, int] | None = None

    def feed(self, tokens: list[Token]) -> None:
        skip_close = False
        for index, token in enumerate(tokens):
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if token.kind is not Kind.NEWLINE:
                self._extend_statement(token)
            if skip_close:
                skip_close = False
            elif token.kind is Kind.WORD:
                self._word(token)
            elif token.kind is Kind.OP:
                skip_close = self._operator(token, following)
            elif token.kind is Kind.REDIR:
                self._redirect(token)
            elif token.kind is Kind.HEREDOC or (
                # A here-document body belongs to the statement before its newline.
                token.kind is Kind.NEWLINE
                and (following is None or following.kind is not Kind.HEREDOC)
            ):
                self._newline()
            elif token.kind is Kind.ARITH and self.mode == "command" and self.words:
                self.words.append((token.start, token.end))
        self._end_pipeline()
        self._end_statement()

    def _extend_statement(self, token: Token) -> None:
        start = token.start if self.statement is None else self.statement[0]
        self.statement = (start, token.end)

    def _end_statement(self) -> None:
        if self.statement is not None:
            self.result.statements.append(self.statement)
        self.statement = None

    def _word(self, token: Token) -> None:
        if self.depth < MAX_DEPTH:
            for start, end in token.subs:
                inner = parse_fallback(self.text, start, end, self.depth + 1)
                self.result.commands.extend(inner.commands)
        self.joining = False
        if self.redirect_target:
            self.redirect_target = False
            return
        value, dynamic = unquote(token.text)
        bare = value if not dynamic and value == token.text else ""
        if self.mode != "command":
            self._header_word(bare)
        elif not self.words and not self.in_test and self._keyword(bare):
            return
        else:
            self.in_test = (self.in_test or (bare == "[[" and not self.words)) and bare != "]]"
            self.words.append((token.start, token.end))

    def _header_word(self, bare: str) -> None:
        if self.mode == "name" or (self.mode == "case" and bare == "in"):
            self.mode = "pattern" if self.mode == "case" else "command"
        elif self.mode == "pattern" and bare == "esac":
            self._close_block("case")
            self.mode = "command"

    def _keyword(self, bare: str) -> bool:
        """Handle a reserved word at the start of a command; False if it is none."""
        if bare in _OPENERS:
            self.blocks.append(_OPENERS[bare])
        elif bare in _HEADERS:
            self.blocks.append(_HEADERS[bare])
            self.mode = "case" if bare == "case" else "header"
        elif bare in _CLOSERS:
            self._close_block(_CLOSERS[bare])
        elif bare == "function":
            self.mode = "name"
        else:
            return bare in _SKIPPED
        return True

    def _close_block(self, kind: str) -> None:
        if kind in self.blocks:
            while self.blocks.pop() != kind:
                pass

    def _operator(self, token: Token, following: Token | None) -> bool:
        """Handle an operator; True when the next token (a ``)``) is consumed with it."""
        op = token.text
        if self.in_test and op in _TEST_OPERATORS:
            self.words.append((token.start, token.end))
            return False
        if self.mode == "pattern":
            self.mode = "command" if op == ")" else "pattern"
            return False
        if self.mode == "header" and op in (";", "&"):
            self.mode = "command"
            return False
        self.mode = "command"
        if op == "(" and len(self.words) == 1 and following is not None and following.text == ")":
            self.words = []
            return True
        if op in ("|", "|&"):
            self._end_command()
        else:
            self._end_pipeline()
            self._structure(op)
        self.joining = op in _JOINERS
        return False

    def _structure(self, op: str) -> None:
        if op == "(":
            self.blocks.append("(")
        elif op == ")":
            self._close_block("(")
        elif op in _CASE_TERMINATORS and self.blocks and self.blocks[-1] == "case":
            self.mode = "pattern"

    def _redirect(self, token: Token) -> None:
        if self.in_test:
            self.words.append((token.start, token.end))
        else:
            self.redirect_target = True

    def _newline(self) -> None:
        self.in_test = False
        self.redirect_target = False
        if self.mode == "header":
            self.mode = "command"
        if self.joining or self.mode != "command":
            return
        self._end_pipeline()
        if not self.blocks:
            self._end_statement()

    def _end_command(self) -> None:
        if self.words:
            command = RawCommand(self.words)
            self.result.commands.append(command)
            self.stages.append(command)
        self.words = []
        self.in_test = False
        self.redirect_target = False

    def _end_pipeline(self) -> None:
        self._end_command()
        link_pipeline([(stage, [stage]) for stage in self.stages])
        self.stages = []
