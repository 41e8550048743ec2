"""argv → ``Invocation``: what each word of a docker / docker compose command means.

The parser follows the CLIs' own rules (cobra + pflag), resolved against the catalog
of the exact command, because the same letter means different things in different
places: in ``docker compose -f a.yml logs -f api`` the first ``-f`` is compose's
``--file`` and the second is ``logs --follow``.

- Options go with the node they follow: docker root flags before the subcommand,
  compose globals between ``compose`` and its subcommand, then the subcommand's own.
- pflag syntax: ``--opt=v``, ``--opt v``, ``-it``, ``-itu root``, ``-uroot``, ``-u=root``;
  a value option takes the next word even if it starts with ``-``; ``--`` ends options.
- Commands that turn interspersing off (``exec``, ``run``...) stop option parsing at
  the first positional; the rest is positionals and payload.
- Options the catalog does not know are kept with ``known=False`` and assumed to take
  no value, so that a guess never swallows the container name after them; except a
  misspelt long option (``--tails 50``), which takes a value when the option it is a
  typo of does (otherwise ``50`` would be read as the container).
- Positionals get roles from the usage line; words beyond it get the role ``EXTRA``.

It never raises: every input, however broken, yields an Invocation or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from doclint.docker import catalog
from doclint.docker.catalog import CommandSpec, OptionSpec, Slot
from doclint.docker.model import Invocation, OptionUse, Positional, Tool
from doclint.shell.words import Command, Word
from doclint.suggest import typo_of

EXTRA_ROLE = "EXTRA"
"""Role of positionals the usage line has no room for (``docker logs a b``)."""

_PROGRAMS = {"docker": Tool.DOCKER, "docker-compose": Tool.COMPOSE_V1}
_ROOT_SCOPES = {Tool.DOCKER: "docker", Tool.COMPOSE: "compose", Tool.COMPOSE_V1: "compose"}
_COMPOSE_PLUGIN = "compose"
_QUOTES = ("'", '"')


@dataclass
class _Cursor:
    """The words of a command being read, from the one after the program."""

    words: Sequence[Word]
    pos: int = 1

    def peek(self) -> Word | None:
        return self.words[self.pos] if self.pos < len(self.words) else None

    def take(self) -> Word | None:
        word = self.peek()
        self.pos += word is not None
        return word

    def rest(self) -> list[Word]:
        rest = list(self.words[self.pos :])
        self.pos = len(self.words)
        return rest


def parse_invocation(command: Command) -> Invocation | None:
    """The Invocation of a ``docker ...`` or ``docker-compose ...`` command, else None."""
    if not command.words:
        return None
    program = command.words[0]
    folder, _, name = program.value.rpartition("/")
    if folder and not program.value.startswith("/"):
        return None  # `bin/docker-compose`, `./docker`: the project's own wrapper script
    tool = _PROGRAMS.get(name)
    if tool is None:
        return None
    invocation = Invocation(command, tool, [program], (), [], known_command=True)
    cursor = _Cursor(command.words)
    node = _walk(cursor, invocation)
    if node is not None:
        _parse_arguments(cursor, invocation, node)
    return invocation


def _walk(cursor: _Cursor, inv: Invocation) -> CommandSpec | None:
    """Follow the subcommand words down the tree, parsing each level's options.

    Returns the command reached, or None when a word names no command (the
    invocation is then marked unknown and its remaining words are left alone).
    """
    grammar = catalog.grammar(inv.tool)
    node = grammar.root
    spelling: tuple[str, ...] = ()
    while node.subcommands:
        _parse_options(cursor, inv, node)
        word = cursor.take()
        if word is None:
            break
        if inv.tool is Tool.DOCKER and not spelling and word.value == _COMPOSE_PLUGIN:
            inv.tool = Tool.COMPOSE
            inv.binary.append(word)
            grammar = catalog.grammar(inv.tool)
            node = grammar.root
            continue
        inv.path_words.append(word)
        spelling += (word.value,)
        child = grammar.command(spelling)
        if child is None:
            inv.path = (*node.path, word.value)
            inv.known_command = False
            return None
        node = child
        inv.path = child.path
        inv.known_command = child.available_in(inv.tool)
    return node


def _parse_arguments(cursor: _Cursor, inv: Invocation, node: CommandSpec) -> None:
    """Options and positionals of the command reached; pflag interspersing rules."""
    words: list[Word] = []
    while True:
        ended = _parse_options(cursor, inv, node)
        if ended or not node.intersperse:
            words.extend(cursor.rest())
            break
        word = cursor.take()
        if word is None:
            break
        words.append(word)
    _assign_positionals(inv, node, words)


# --------------------------------------------------------------------------- options


def _parse_options(cursor: _Cursor, inv: Invocation, node: CommandSpec) -> bool:
    """Read options at the cursor up to the next positional; True if ``--`` ended them."""
    while (word := cursor.peek()) is not None:
        text = word.value
        if text == "--":
            cursor.take()
            return True
        if len(text) < 2 or text[0] != "-":
            return False
        cursor.take()
        if text.startswith("--"):
            inv.options.append(_long_option(cursor, inv, node, word))
        else:
            inv.options.extend(_short_options(cursor, inv, node, word))
    return False


def _long_option(cursor: _Cursor, inv: Invocation, node: CommandSpec, word: Word) -> OptionUse:
    name, eq, inline = word.value[2:].partition("=")
    spec = node.option(name)
    if eq:
        return _use(inv, node, word, name, spec, inline)
    if spec is not None and spec.takes_value:
        return _use_next(cursor, inv, node, word, name, spec)
    if spec is None and _typo_takes_value(node, name):
        value_word = cursor.take()
        value = value_word.value if value_word is not None else None
        return _use(inv, node, word, name, None, value, value_word)
    return _use(inv, node, word, name, spec)


def _typo_takes_value(node: CommandSpec, name: str) -> bool:
    meant = typo_of(name, node.options)
    spec = node.option(meant) if meant is not None else None
    return spec is not None and spec.takes_value


def _short_options(
    cursor: _Cursor, inv: Invocation, node: CommandSpec, word: Word
) -> list[OptionUse]:
    """``-itu root``, ``-uroot``, ``-u=root``, ``-d=false``: one use per letter."""
    letters = word.value[1:]
    uses: list[OptionUse] = []
    for index, letter in enumerate(letters):
        spec = node.shorthand(letter)
        rest = letters[index + 1 :]
        if rest.startswith("="):
            uses.append(_use(inv, node, word, letter, spec, rest[1:]))
            break
        if spec is not None and spec.takes_value:
            if rest:
                uses.append(_use(inv, node, word, letter, spec, rest))
            else:
                uses.append(_use_next(cursor, inv, node, word, letter, spec))
            break
        uses.append(_use(inv, node, word, letter, spec))
    return uses


def _use_next(
    cursor: _Cursor, inv: Invocation, node: CommandSpec, word: Word, spelled: str,
    spec: OptionSpec,
) -> OptionUse:
    """A value option whose value is the next word (absent at the end of argv)."""
    value_word = cursor.take()
    value = value_word.value if value_word is not None else None
    return _use(inv, node, word, spelled, spec, value, value_word)


def _use(
    inv: Invocation,
    node: CommandSpec,
    word: Word,
    spelled: str,
    spec: OptionSpec | None,
    value: str | None = None,
    value_word: Word | None = None,
) -> OptionUse:
    known = spec is not None and spec.available_in(inv.tool)
    return OptionUse(
        name=spec.name if spec is not None else spelled,
        word=word,
        value=value,
        value_word=value_word,
        known=known,
        scope=_scope(inv.tool, node, spec),
    )


def _scope(tool: Tool, node: CommandSpec, spec: OptionSpec | None) -> str:
    """Root flags, and the root's persistent ones used further down (compose
    ``--dry-run``), are docker/compose globals; the rest belong to the command."""
    root = catalog.grammar(tool).root
    at_root = node is root
    if at_root or (spec is not None and spec.inherited and root.option(spec.name)):
        return _ROOT_SCOPES[tool]
    return "command"


# --------------------------------------------------------------------------- positionals


def _assign_positionals(inv: Invocation, node: CommandSpec, words: list[Word]) -> None:
    for word, slot in zip(words, _choose_slots(node.forms, words), strict=True):
        role = slot.role if slot is not None else EXTRA_ROLE
        split = slot.split if slot is not None else None
        inv.positionals.append(_positional(word, role, split))
        if slot is not None and slot.payload:
            inv.payload.append(word)


def _choose_slots(forms: Sequence[Sequence[Slot]], words: Sequence[Word]) -> list[Slot | None]:
    """The first usage form whose ``X:PATH`` slots get words with a ``:`` (that is how
    ``docker cp`` tells ``c:/src dst`` from ``src c:/dst``); else the first form."""
    candidates = [_fill(form, len(words)) for form in forms] or [[None] * len(words)]
    for slots in candidates:
        pairs = zip(words, slots, strict=True)
        if all(s.split in w.value for w, s in pairs if s is not None and s.split):
            return slots
    return candidates[0]


def _fill(form: Sequence[Slot], count: int) -> list[Slot | None]:
    """Give ``count`` words to a form's slots: required ones first, optional ones in
    order with what is left, a repeated slot takes all that is left."""
    spare = count - sum(not slot.optional for slot in form)
    slots: list[Slot | None] = []
    for slot in form:
        take = 0 if slot.optional else 1
        if slot.optional and spare > 0:
            take, spare = 1, spare - 1
        if slot.repeat and spare > 0:
            take, spare = take + spare, 0
        slots.extend([slot] * take)
    return (slots + [None] * count)[:count]


def _positional(word: Word, role: str, split: str | None) -> Positional:
    name = word.value.partition(split)[0] if split and split in word.value else word.value
    start, end = _name_span(word, len(name))
    return Positional(word=word, role=role, name=name, name_start=start, name_end=end)


def _name_span(word: Word, length: int) -> tuple[int, int]:
    """File span of the first ``length`` characters of the word's value, when the raw
    spelling maps onto the value (bare, or in one pair of quotes); else the word."""
    offset = _value_offset(word)
    if offset is None:
        return word.start, word.end
    return word.start + offset, word.start + offset + length


def _value_offset(word: Word) -> int | None:
    raw, value = word.raw, word.value
    if raw == value:
        return 0
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in _QUOTES and raw[1:-1] == value:
        return 1
    return None
