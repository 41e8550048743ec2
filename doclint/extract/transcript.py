"""Console transcripts: which lines are commands (after their prompt) and which are output.

A transcript is a block where a line carries a prompt (``$ docker ps``,
``user@host:~$ …``, ``[root@web app]# …``, ``(venv) $ …``, ``~/app$ …``, and zsh
themes' arrows, U+276F and ``➜  app git:(main) ✗ …``); which blocks are read as
transcripts is decided by ``doclint.extract.classify``. Output must never reach the
shell parser, so:

- only prompt lines (prompt removed) and their continuations are commands:
  ``\\``-ended lines, lines after a trailing ``|``/``&&``/``||``, here-document bodies
  (to their delimiter), and ``> `` (PS2) lines while a quote or compound command is
  open. A quote left open without a PS2 line is a typo, and the next line output; a
  command whose here-document has no delimiter before the next prompt line was cut
  short, and is left out (the shell would read the commands after it as its text);
- a bare ``# `` is a root prompt only in console blocks, and only when a plausible
  command follows it and the line does not read as a sentence (``# Start the stack``
  and ``# docker must be running first`` are comments, ``# apt install x`` a command);
  elsewhere ``#`` starts a comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from doclint.extract.programs import is_plausible, reads_as_prose
from doclint.shellsyntax.fallback import parse_fallback

_PROMPT = re.compile(
    r"""[ \t]*
    (?:\([^()\s]+\)[ \t]*)?                       # (venv)
    (?P<host>
        \[[\w.-]+@[\w.-]+(?:[ \t][^\]\n]*)?\]     # [user@host dir]
      | [\w.-]+@[\w.-]+(?::[^\s$#]*)?             # user@host:~/dir
      | [\w.-]*[~/][\w./~-]*(?=\$)                # ~/app$
    )?
    [ \t]?
    (?P<sigil>\$>?|\#|\u276f|➜)                   # $, $> or a root #; zsh themes' arrows
    (?:[ \t]+|$)
    """,
    re.VERBOSE,
)
_SIGIL = re.compile("[$#\u276f➜]")
_THEME_FOLDER = re.compile(r"\S+[ \t]+(?:git:\([^()\s]*\)[ \t]+)?(?:✗[ \t]+)?(?=\S)")
"""What oh-my-zsh's ``➜`` prompt shows before the command: the folder, then the git
branch and a mark for changes (``➜  app git:(main) ✗ make``). A plausible program
right after the arrow is the command (``➜ docker ps``)."""
_PS2 = re.compile(r"[ \t]*>(?:[ \t]|$)")
_MAY_STAY_OPEN = re.compile(r"""[\\|&<'"`(){}$]|\b(?:if|while|until|for|select|case)\b""")
"""What a command needs to go on past its line: a quote, escape or substitution, an
operator, a here-document, a subshell, a group or a compound command. Most prompt lines
(``$ cargo run``) have none of it, and then need no tokenizing."""


def prompt_column(line: str, console: bool) -> int | None:
    """Column just past the prompt that starts ``line``, or None if it has none."""
    if _SIGIL.search(line) is None:
        return None  # every prompt ends in one: skip the regex
    match = _PROMPT.match(line)
    if match is None:
        return None
    if match["sigil"] == "➜":
        words = line[match.end() :].split(None, 1)
        if words and is_plausible(words[0]):
            return match.end()  # `➜ docker ps`: the arrow alone
        folder = _THEME_FOLDER.match(line, match.end())
        return None if folder is None else folder.end()
    if match["sigil"] == "#" and not match["host"]:
        words = _uncommented(line[match.end() :].split())
        if not console or not words or not is_plausible(words[0]) or reads_as_prose(words):
            return None
    return match.end()


def _uncommented(words: list[str]) -> list[str]:
    """The words before a trailing ``# comment``."""
    for index, word in enumerate(words):
        if word.startswith("#"):
            return words[:index]
    return words


def transcript_lines(lines: Sequence[str], console: bool) -> list[tuple[int, int]]:
    """``(line index, column)`` of the command lines of a transcript, the column being
    where the command starts (after its prompt)."""
    selected: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        column = prompt_column(lines[index], console)
        index += 1
        if column is None:
            continue
        command_lines = [(index - 1, column)]
        command = lines[index - 1][column:]
        while index < len(lines):
            taken = _continuation(command, lines, index)
            if taken is None:  # cut short by the next prompt: not a command to read
                command_lines = []
                index = next(n for n in range(index, len(lines)) if _prompted(lines[n]))
                break
            if not taken:
                break
            command_lines.extend(taken)
            command += "".join("\n" + lines[line][start:] for line, start in taken)
            index += len(taken)
        selected.extend(command_lines)
    return selected


def _continuation(command: str, lines: Sequence[str], index: int) -> list[tuple[int, int]] | None:
    """The lines from ``index`` on that continue ``command`` (after any PS2 ``> ``): one
    line, or a whole here-document body; none when the command is complete. None when a
    here-document's delimiter never comes before the next prompt line: the command was
    cut short, and the shell would read the commands after it as its text."""
    column = _ps2_column(lines[index])
    if command.rstrip().endswith("\\"):
        return [(index, column)]
    if not _MAY_STAY_OPEN.search(command):
        return []
    state = parse_fallback(command)
    delimiter = state.lexed.open_heredoc
    if delimiter is not None:
        ends = [_ends_body(line, delimiter) for line in lines[index:]]
        last = ends.index(True) if True in ends else len(ends) - 1
        if True not in ends and any(_prompted(line) for line in lines[index:]):
            return None
        return [(line, _ps2_column(lines[line])) for line in range(index, index + last + 1)]
    # A quote or compound command left open continues only on a PS2 line: without one,
    # the next line is more likely output (``$ echo don't`` is a typo, not a string).
    if state.lexed.wants_operand or (column and (state.lexed.unterminated or state.open_block)):
        return [(index, column)]
    return []


def _ends_body(line: str, delimiter: str) -> bool:
    return line[_ps2_column(line) :].strip() == delimiter


def _prompted(line: str) -> bool:
    """Whether a line starts with a prompt that no block reads as a comment."""
    return prompt_column(line, console=False) is not None


def _ps2_column(line: str) -> int:
    match = _PS2.match(line)
    return match.end() if match else 0
