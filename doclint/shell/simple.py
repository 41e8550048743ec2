"""The commands of plain shell text, read from its tokens without bashlex.

Most snippets in documentation are runs of simple commands: plain words (quoted or
not) joined by ``|``, ``&&``, ``||``, ``;`` and line breaks (``docker compose logs -f
api | grep error``). For those, bashlex's parse tree is fixed by the tokens alone, and
building it costs more than every other step of a run put together. This module builds
the same commands (``RawCommand`` word spans and pipelines) straight from the tokens.
Anything else (expansions, globs, redirections, reserved words, background jobs, an
operator where a command belongs) gets None, and bashlex parses it as before.
``tests/test_shell_simple.py`` checks that both agree, on every snippet of the
fixtures and corpora and on generated command lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from doclint.shell.raw import RawCommand, link_pipeline
from doclint.shell.tokenize import Kind, Token

_PLAIN_WORD = re.compile(r"""(?:[A-Za-z0-9_./:@%+,=-]|'[^'\n]*'|"[^"$`\\!\n]*")+""")
"""A word bash reads with no expansion, globbing or tilde: plain characters, and
quoted text with nothing to expand (``--format '{{.Names}}'``, ``"a b"``)."""
_RESERVED = frozenset(
    {
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while",
        "until", "do", "done", "in", "function", "time", "coproc", "{", "}", "!", "[[", "]]",
    }
)  # fmt: skip
"""bashlex's reserved words (``tokenizer.valid_reserved_first_command``)."""
_LIST_OPERATORS = frozenset({";", "&&", "||"})
_NEEDS_COMMAND = frozenset({"|", "&&", "||"})


def simple_commands(text: str, tokens: Sequence[Token]) -> list[RawCommand] | None:
    """The commands of a token run (of ``text``) made only of plain words, ``|``,
    ``&&``, ``||``, ``;`` and line breaks, with a command wherever one is due; None
    otherwise."""
    commands: list[RawCommand] = []
    stages: list[RawCommand] = []
    current: RawCommand | None = None
    pending: str | None = None
    """The operator just read that still needs the command after it."""
    for token in tokens:
        if token.kind is Kind.WORD:
            if token.text in _RESERVED or not _PLAIN_WORD.fullmatch(token.text):
                return None
            if current is None:
                current = RawCommand([])
                commands.append(current)
            current.words.append((token.start, token.end))
            pending = None
            continue
        operator = token.text if token.kind is Kind.OP else None
        if token.kind is Kind.NEWLINE:
            if pending is not None:
                return None  # bash would read the command from the next line
        elif operator not in _LIST_OPERATORS and operator != "|":
            return None
        elif current is None:
            return None  # an operator where a command belongs
        elif text.startswith("#", token.end):
            return None  # bashlex reads `;#x` as a command `x`, not as a comment
        if current is not None:
            stages.append(current)
            current = None
        if operator != "|":
            _end_pipeline(stages)
        pending = operator if operator in _NEEDS_COMMAND else None
    if pending is not None:
        return None
    if current is not None:
        stages.append(current)
    _end_pipeline(stages)
    return commands


def _end_pipeline(stages: list[RawCommand]) -> None:
    if len(stages) > 1:
        link_pipeline([(stage, [stage]) for stage in stages])
    stages.clear()
