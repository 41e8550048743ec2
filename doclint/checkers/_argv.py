"""Options and operands of a command line, for the programs rules read (``make``,
``npm``, ``cat``…), given which options take a value."""

from __future__ import annotations

from dataclasses import dataclass, field

from doclint.shell.words import Word


@dataclass
class Argv:
    """A command's arguments sorted into options (with their values) and operands."""

    options: dict[str, list[Word | str]] = field(default_factory=dict)
    """Option as written (``-C``, ``--prefix``) → its values: the value word, or the
    text attached to the option (``-Cdir``, ``--prefix=dir``); ``""`` for a switch."""
    operands: list[Word] = field(default_factory=list)

    def value(self, *names: str) -> list[Word | str]:
        return [value for name in names for value in self.options.get(name, [])]

    def has(self, *names: str) -> bool:
        return any(name in self.options for name in names)


def split_argv(words: list[Word], takes_value: frozenset[str] = frozenset()) -> Argv:
    """Split ``words`` (the arguments, program excluded) getopt-style: ``--`` ends the
    options, ``--opt=v``, ``--opt v`` and ``-xV``/``-x V`` for options in
    ``takes_value``; other ``-abc`` words are switches."""
    argv = Argv()
    index = 0
    while index < len(words):
        word = words[index]
        text = word.value
        index += 1
        if text == "--":
            argv.operands.extend(words[index:])
            break
        if len(text) < 2 or text[0] != "-":
            argv.operands.append(word)
            continue
        name, equals, attached = text.partition("=")
        if not equals and not text.startswith("--") and text[:2] in takes_value and len(text) > 2:
            name, attached, equals = text[:2], text[2:], "="
        value: Word | str = attached if equals else ""
        if not equals and name in takes_value and index < len(words):
            value = words[index]
            index += 1
        argv.options.setdefault(name, []).append(value)
    return argv
