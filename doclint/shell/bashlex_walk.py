"""Commands from a bashlex parse tree.

bashlex knows the whole grammar when it works, so it is tried first; when it cannot
read the text (and it fails in many ways: ``ParsingError``, ``NotImplementedError`` for
``case`` and ``$(( ))``, ``AttributeError`` on empty input...), ``BashlexFailed`` tells
the caller to fall back to the tolerant parser. Importing bashlex is no part of that:
how that went is the loader's to report (``doclint.shell.bashlex_loader``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from doclint.shell.bashlex_loader import bashlex
from doclint.shellsyntax.raw import RawCommand, Stage, link_pipeline
from doclint.shellsyntax.tokenize import Kind, Token

_WORDS = frozenset({"word", "assignment"})
_SUBSTITUTIONS = frozenset({"commandsubstitution", "processsubstitution"})
_PIPELINE_MARKS = frozenset({"pipe", "reservedword"})


class BashlexFailed(Exception):
    """bashlex cannot read the text: it raised, or the text holds a construct it
    mishandles (see ``_bashlex_safe``)."""


def bashlex_commands(text: str, start: int, end: int, tokens: Sequence[Token]) -> list[RawCommand]:
    """Every command of ``text[start:end]`` (whose tokens are ``tokens``) in no set
    order; ``BashlexFailed`` when bashlex cannot read it."""
    if not all(_bashlex_safe(token) for token in tokens):
        raise BashlexFailed("a partly single-quoted word holds `$` or a backtick")
    parse = bashlex().parse
    found: list[RawCommand] = []
    try:
        for tree in parse(text[start:end]):
            found.extend(_Walker(start).visit(tree)[1])
    except Exception as error:  # whatever bashlex raises means "it cannot read this"
        raise BashlexFailed(f"{type(error).__name__}: {error}") from error
    return found


class _Walker:
    def __init__(self, shift: int) -> None:
        self.shift = shift

    def visit(self, node: Any) -> Stage:
        """The node's own simple command (if it is one) and every command in it."""
        kind = node.kind
        if kind == "command":
            return self._command(node)
        if kind == "pipeline":
            stages = [self.visit(part) for part in node.parts if part.kind not in _PIPELINE_MARKS]
            link_pipeline(stages)
            return None, [command for _, inside in stages for command in inside]
        if kind == "redirect":
            # The target may hold substitutions; a here-document body is data.
            target = node.output
            return None, self.visit(target)[1] if _is_node(target) else []
        children = list(getattr(node, "parts", ())) + list(getattr(node, "list", ()))
        if kind in _SUBSTITUTIONS:
            children = [node.command]
        return None, [command for child in children for command in self.visit(child)[1]]

    def _command(self, node: Any) -> Stage:
        command = RawCommand([])
        found = [command]
        for part in node.parts:
            if part.kind in _WORDS:
                command.words.append((part.pos[0] + self.shift, part.pos[1] + self.shift))
            found.extend(self.visit(part)[1])
        return command, found


def _is_node(value: object) -> bool:
    return isinstance(value, bashlex().ast.node)


def _bashlex_safe(token: Token) -> bool:
    """False for a word that is partly single-quoted with ``$`` or a backtick inside
    (``'${'a``, ``X='$(y)'``).

    bashlex 0.18 rescans such quoted text as if it were unquoted: it reports command
    substitutions that bash never runs, and an unclosed ``${`` sends it into an endless
    loop. The tolerant parser reads these words correctly.
    """
    text = token.text
    if token.kind is not Kind.WORD or "'" not in text or not ("$" in text or "`" in text):
        return True
    return text.startswith("'") and text.endswith("'") and text.count("'") == 2
