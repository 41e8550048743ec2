"""Shell snippets → commands whose words know their exact place in the file.

The pipeline for one snippet:

1. mask placeholders (``<container>``, ``{{ .Name }}``) with same-length neutral
   words, so that they parse as one plain word (``doclint.shell.masking``);
2. plain commands are read from their tokens (``doclint.shell.simple``); others are
   parsed with bashlex, and when it raises, split the text into top-level statements and
   try bashlex on each, using the tolerant parser's commands for the statements it
   still cannot read (``doclint.shellsyntax.fallback``) — a block is never dropped;
3. turn word spans into ``Word`` values (quote removal, dynamic detection, file
   offsets through the snippet's ``MappedText``) and split prefix commands off
   (``doclint.shell.prefixes``); the quoted command line of ``watch 'docker ps'`` and
   ``sh -c 'docker ps'`` is parsed again, in place, so its words keep exact offsets
   too, and so is the command of ``ssh host 'docker ps'`` (or ``ssh host docker ps``),
   whose commands run on another machine (``REMOTE``).
"""

from __future__ import annotations

import bisect

from doclint import fast_paths
from doclint.extract import REMOTE, Snippet
from doclint.shell.bashlex_walk import BashlexFailed, bashlex_commands
from doclint.shell.masking import Masked
from doclint.shell.prefixes import (
    SHELLS,
    Lexeme,
    program_name,
    shell_script,
    split_prefixes,
    ssh_remote,
)
from doclint.shell.simple import simple_commands
from doclint.shell.words import Command, Word
from doclint.shellsyntax.fallback import MAX_DEPTH, parse_fallback
from doclint.shellsyntax.raw import RawCommand
from doclint.shellsyntax.tokenize import tokenize, unquote
from doclint.source import MappedText

_Placed = tuple[int, Command]
"""A command with the snippet-text position it is sorted by."""


def parse_snippet(snippet: Snippet, first_order: int = 0, snippet_id: int = 0) -> list[Command]:
    """The simple commands of a snippet in reading order.

    ``order`` counts from ``first_order``; every command gets ``snippet_id``. Never
    raises: text that no parser understands still yields its words.
    """
    parser = _SnippetParser(snippet.text)
    placed = parser.build(parser.region(0, len(parser.text), 0), [], 0)
    placed.sort(key=lambda item: item[0])
    commands = [command for _, command in placed]
    for index, command in enumerate(commands):
        command.order = first_order + index
        command.snippet_id = snippet_id
        command.where = command.where or snippet.where
    return commands


class _SnippetParser:
    def __init__(self, mapped: MappedText) -> None:
        self.mapped = mapped
        self.masked = Masked(mapped.text)
        self.text = self.masked.text

    def region(self, start: int, end: int, depth: int) -> list[RawCommand]:
        """Commands of ``text[start:end]``: read from the tokens when they are plain
        (``doclint.shell.simple``), else bashlex where it can, the fallback elsewhere."""
        lexed = tokenize(self.text, start, end)
        simple = simple_commands(self.text, lexed.tokens) if fast_paths.enabled() else None
        if simple is not None:
            return simple
        try:
            return bashlex_commands(self.text, start, end, lexed.tokens)
        except BashlexFailed:
            pass
        fallback = parse_fallback(self.text, start, end, depth, lexed)
        starts = [token.start for token in lexed.tokens]
        found: list[RawCommand] = []
        for first, last in fallback.statements:
            tokens = lexed.tokens[
                bisect.bisect_left(starts, first) : bisect.bisect_left(starts, last)
            ]
            try:
                found.extend(bashlex_commands(self.text, first, last, tokens))
            except BashlexFailed:
                found.extend(c for c in fallback.commands if first <= c.start < last)
        return found

    def build(self, raws: list[RawCommand], outer: list[Lexeme], depth: int) -> list[_Placed]:
        """Commands for parsed spans, pipelines linked, each with its sort position."""
        placed: list[_Placed] = []
        heads: dict[int, Command] = {}
        for raw in raws:
            commands = self._expand(raw, outer, depth)
            if commands:
                heads[id(raw)] = commands[0][1]
            placed.extend(commands)
        for raw in raws:
            head = heads.get(id(raw))
            if head is not None:
                # extend: a ``watch`` head already holds the pipeline of its quoted line.
                head.pipeline.extend(heads[id(p)] for p in raw.pipeline if id(p) in heads)
        return placed

    def _expand(self, raw: RawCommand, outer: list[Lexeme], depth: int) -> list[_Placed]:
        """The command (or, for ``watch '...'``, ``sh -c '...'`` and ``ssh host '...'``,
        the commands) one raw command stands for."""
        lexemes = [self._lexeme(start, end) for start, end in raw.words]
        prefixes, words, last = split_prefixes(lexemes)
        if last == "watch" and len(words) == 1:
            inner = self._quoted(words[0], outer + prefixes, depth)
            if inner is not None:
                return inner
            watch = max(i for i, word in enumerate(prefixes) if program_name(word) == "watch")
            prefixes, words = prefixes[:watch], prefixes[watch:] + words
        if not words:
            return []
        program = program_name(words[0])
        values = [word.value for word in words]
        if program in SHELLS and (script := shell_script(values)) is not None:
            inner = self._quoted(words[script], outer + prefixes + words[:script], depth)
            if inner is not None:
                return inner
        command = Command(
            words=[self._word(lexeme) for lexeme in words],
            prefixes=[self._word(lexeme) for lexeme in outer + prefixes],
        )
        placed = [(lexemes[0].start, command)]
        if program == "ssh" and (remote := ssh_remote(values)) is not None:
            placed.extend(self._remote(words[remote:], depth))
        return placed

    def _remote(self, words: list[Lexeme], depth: int) -> list[_Placed]:
        """The commands ``ssh`` runs on the remote machine: its one quoted command line,
        or its words as one command."""
        inner = self._quoted(words[0], [], depth) if len(words) == 1 else None
        if inner is None:
            prefixes, rest, _ = split_prefixes(words)
            if not rest:
                return []
            command = Command(
                words=[self._word(lexeme) for lexeme in rest],
                prefixes=[self._word(lexeme) for lexeme in prefixes],
            )
            inner = [(words[0].start, command)]
        for _, command in inner:
            command.where = REMOTE
        return inner

    def _quoted(self, word: Lexeme, prefixes: list[Lexeme], depth: int) -> list[_Placed] | None:
        """Commands of a quoted command line (given to ``watch``, ``sh -c``, ``ssh``), or
        None when it is not a plain single- or double-quoted string (escapes would shift
        what bash sees)."""
        raw = word.raw
        quote = raw[:1]
        simple = (
            len(raw) >= 2
            and quote in ("'", '"')
            and raw.endswith(quote)
            and quote not in raw[1:-1]
            and (quote == "'" or "\\" not in raw)
        )
        if not simple or depth >= MAX_DEPTH:
            return None
        inner = self.region(word.start + 1, word.end - 1, depth + 1)
        return self.build(inner, prefixes, depth + 1)

    def _lexeme(self, start: int, end: int) -> Lexeme:
        raw = self.mapped.text[start:end]
        value, dynamic = unquote(raw.replace("\r", ""))
        return Lexeme(start, end, raw, value, dynamic or self.masked.covers_placeholder(start, end))

    def _word(self, lexeme: Lexeme) -> Word:
        start, end = self.mapped.file_span(lexeme.start, lexeme.end)
        return Word(lexeme.value, lexeme.raw, start, end, lexeme.dynamic)
