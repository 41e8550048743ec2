"""The commands of plain shell text, read from its tokens without bashlex.

Most snippets in documentation are runs of simple commands: plain words (quoted or
not) joined by ``|``, ``&&``, ``||``, ``;`` and line breaks (``docker compose logs -f
api | grep error``), maybe with their output sent to a file (``cargo run > out.txt``).
For those, bashlex's parse tree is fixed by the tokens alone, and building it costs
more than every other step of a run put together. This module builds the same commands
(``RawCommand`` word spans and pipelines) straight from the tokens. Anything else
(expansions, globs, here-documents, reserved words, background jobs, an operator where
a command belongs) gets None, and bashlex parses it as before.
``tests/test_shell_simple.py`` checks that both agree, on every snippet of the
fixtures and corpora and on generated command lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from doclint.shellsyntax.raw import RawCommand, link_pipeline
from doclint.shellsyntax.tokenize import Kind, Token

_PLAIN_WORD = re.compile(r"""(?:[A-Za-z0-9_./:@%+,=~-]|'[^'\n]*'|"[^"$`\\!\n]*")+""")
"""A word bash reads with no expansion or globbing: plain characters (a ``~`` home
folder included: it changes the value, not the word's span), and quoted text with
nothing to expand (``--format '{{.Names}}'``, ``"a b"``)."""
_FILE_REDIRECTS = frozenset({">", ">>", "<", "1>", "1>>", "2>", "2>>", "&>"})
"""Redirections to or from a file named by the next word; not here-documents or
here-strings, whose text is no file name."""
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
    following = iter(tokens)
    for token in following:
        if token.kind is Kind.REDIR:
            target = next(following, None)
            if target is None or not _plain(target) or not _plain_redirect(token, target):
                return None
            if current is None:  # a command may start with its redirection
                current = RawCommand([])
                commands.append(current)
            pending = None
            continue
        if token.kind is Kind.WORD:
            if not _plain(token):
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


def _plain(token: Token) -> bool:
    """Whether ``token`` is a word bash takes as it is: no expansion, no reserved word."""
    return (
        token.kind is Kind.WORD
        and token.text not in _RESERVED
        and _PLAIN_WORD.fullmatch(token.text) is not None
    )


def _plain_redirect(operator: Token, target: Token) -> bool:
    """A redirection to or from a file, or ``2>&1``: of the descriptor forms, bashlex
    reads some apart (``>&-`` closes one)."""
    return operator.text in _FILE_REDIRECTS or (operator.text == "2>&" and target.text.isdigit())


def _end_pipeline(stages: list[RawCommand]) -> None:
    if len(stages) > 1:
        link_pipeline([(stage, [stage]) for stage in stages])
    stages.clear()
