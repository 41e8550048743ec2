"""What is a command: the one place that decides which text of a document doclint reads
as shell commands, before any rule runs. When unsure, it is not a command.

Commands
--------

- **Shell blocks**: every line of a fenced block labelled ``bash``, ``sh``, ``shell``,
  ``zsh`` or ``ksh``, and of a shell script (``.sh``), except the non-command lines
  below.
- **Console transcripts**: in a block where a line carries a prompt (``$ ``,
  ``user@host:~$ ``, ``[root@web app]# ``, ``(venv) $ ``, ``~/app$ ``, zsh themes'
  arrows; a bare ``# `` only in
  ``console``/``shell-session``/``terminal`` blocks), the prompt lines and their
  continuations; everything else is output (``doclint.extract.transcript``).
- **Unlabelled and indented blocks** (and console blocks without a prompt), when every
  command left after the non-command lines starts with a program runbooks run
  (``docker``, ``sudo``, ``cd``, ``./x.sh``, ``/usr/bin/docker``...) and none reads as
  a sentence.
- **Inline code** that runs docker: ``docker ps``, ``sudo docker-compose up``,
  ``$ docker ps``, ``/usr/local/bin/docker-compose up``, and with environment
  assignments first (``APP_ENV=dev docker-compose up --build``). A bare ``docker``
  names the tool rather than running it, and ``docker is required`` is a sentence.
- **Crontab lines** (``0 */6 * * * docker-compose -f x.yml up -d``, ``@reboot docker
  compose up -d``; ``*/5 * * * * root cmd`` with the user field of ``/etc/crontab`` and
  ``/etc/cron.d``) in shell, unlabelled and ``cron``/``crontab`` blocks, in scripts (here-
  document bodies too: ``cat <<EOF | crontab -``) and in inline code: the command they
  schedule is a command, word for word at its place in the file. It is read on its own
  (a snippet of kind ``SCHEDULED``): cron runs it from a home folder, so nothing about
  the folder it runs in is judged.
- **Wrappers whose inner command is known** (``doclint.shell.parse``): ``sudo``, ``env``,
  ``timeout``, ``nice``, ``xargs``… run the command after them; ``watch 'docker ps'``
  and ``sh -c '…'``/``bash -c '…'`` run their quoted command line here; ``ssh host
  'docker ps'`` and ``ssh host docker ps`` run theirs on another machine (``REMOTE``:
  its files and ports are not this repository's).

Non-commands
------------

- **Alternatives and metasyntax in prose shorthand** (inline code only; in a block a
  ``|`` is a pipe): when the words at a docker command's place are alternatives that
  are all commands of the same tool at the same place (``up / down``, ``up/down``,
  ``start|stop``, ``start | stop``, ``(up|down)``, ``[up|down]``, ``{up,down}``), the
  span is shorthand for several commands and only the first is read: ``docker compose
  up``, with the words after the alternatives unless an option is among them (it may be
  one only some alternatives have). So the tool and its options are still checked and
  the alternatives are never taken for services. ``docker ps | grep x`` is a real
  pipeline: ``grep`` is no docker command. A placeholder where the command belongs
  (``docker compose <command>``, ``docker [OPTIONS] COMMAND``, ``docker network
  {create}``) shows the tool's syntax: the span is no command at all. A placeholder in
  an argument's place (``docker logs <container>``) makes a command template, which is
  read with its placeholder left unjudged.
- **Directory trees**: lines drawn with box-drawing characters (``├── compose.yaml``,
  ``│   └── docs/``) or ASCII branches (``|-- x``, ``+-- x``, ``\\`-- x``, ``\\-- x``,
  ``|__ x``), the one-word root line above them (``myapp/``, ``.``, ``docker``; not
  ``tree``) and the one-word lines indented under them.
- **Output**: transcript lines without a prompt; long file listings (``-rw-r--r-- 1 …``);
  a transcript command whose here-document never ends before the next prompt.
- **Comments and sentences**: ``#`` comments everywhere; a root-prompt line or a code
  span that reads as a sentence (``# docker must be running first``, ``docker is
  required``); in an unlabelled block, a line that reads as a sentence makes the block
  prose.
- **A continuation whose ``\\`` is missing**: a line that starts with an option
  (``  --name web``) after a line that does not end with ``\\`` (nor any line after it
  that its own ``\\`` continues).
- **Other formats shown in a shell fence**: YAML (``key: value`` and ``- item`` lines),
  ini sections (``[server]``), table rows and other lines starting with ``|``, a block
  that is one JSON value, and a diff (a ``@@`` hunk header, or ``---``/``+++`` file
  headers); blocks in any other language are never read.

Non-command lines are blanked rather than dropped, so that the lines around them keep
their shape (a here-document body stays a body).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import NamedTuple

from doclint.extract import SCHEDULED
from doclint.extract.programs import (
    docker_commands,
    has_subcommands,
    is_bare_word,
    is_plausible,
    reads_as_prose,
    root_value_options,
)
from doclint.extract.transcript import prompt_column, transcript_lines
from doclint.shellsyntax.fallback import parse_fallback
from doclint.shellsyntax.raw import RawCommand
from doclint.shellsyntax.tokenize import is_assignment, unquote

SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "zsh", "ksh"})
CONSOLE_LANGUAGES = frozenset(
    {"console", "shell-session", "shellsession", "sh-session", "terminal"}
)
CRON_LANGUAGES = frozenset({"cron", "crontab"})

_Line = tuple[int, int]
"""``(line index, column)``: a line of a block read from ``column`` on."""


class Selection(NamedTuple):
    """What a block holds: ``commands``, the lines read as one snippet (a line read from
    its end is blanked), and ``scheduled``, the commands crontab lines schedule."""

    commands: list[_Line]
    scheduled: list[_Line]


_NOTHING = Selection([], [])

# --- crontab lines -----------------------------------------------------------------

_FIELD = r"[0-9*][0-9*/,-]*"
_NAMED_FIELD = rf"(?:{_FIELD}|[A-Za-z]{{3}}(?:[-,][A-Za-z]{{3}})*)"
_SCHEDULE = re.compile(
    rf"""[ \t]*(?:
        @(?:reboot|yearly|annually|monthly|weekly|daily|midnight|hourly)
      | (?P<fields>(?:{_FIELD}[ \t]+){{3}}{_NAMED_FIELD}[ \t]+{_NAMED_FIELD})
    )(?=[ \t]|$)""",
    re.VERBOSE,
)
"""A crontab schedule: five fields (month and weekday may be names) or an ``@`` word."""
_EXTRA_FIELD = re.compile(rf"[ \t]+(?:{_FIELD}|\?)(?=[ \t]|$)")
"""A sixth (seconds or year) field of the schedulers that have one."""
_USER = re.compile(r"[a-z_][a-z0-9_.-]*\$?")
_WORD = re.compile(r"[ \t]*(\S+)")


def schedule_end(line: str) -> int | None:
    """Where the command a crontab line schedules starts; ``len(line)`` for a schedule
    with no command, None when ``line`` is no crontab line.

    Five fields without a ``*`` (``0 4 1 1 0 cmd``) make a schedule only when each is in
    its range and a plausible program follows: a row of five numbers is more often data.
    A sixth (seconds or year) field is skipped. The user field of ``/etc/crontab``
    (``* * * * * root cmd``) is skipped when it is ``root``, or a user name followed by
    a plausible program."""
    match = _SCHEDULE.match(line)
    if match is None:
        return None
    end = match.end()
    for _ in range(2):
        extra = _EXTRA_FIELD.match(line, end)
        if extra is None:
            break
        end = extra.end()
    start = _command_start(line, end)
    fields = match["fields"]
    if fields and "*" not in fields:
        command = line[start:].split(None, 1)
        if not command or not _in_range(fields.split()) or not _runs(command[0]):
            return None
    return start


def _command_start(line: str, end: int) -> int:
    """Where the command starts after a schedule that ends at ``end``: past the user
    field of ``/etc/crontab`` when there is one; ``len(line)`` when there is none."""
    first = _WORD.match(line, end)
    if first is None or first[1].startswith("#"):
        return len(line)
    second = _WORD.match(line, first.end())
    user = first[1]
    named = second is not None and _USER.fullmatch(user) and not is_plausible(user)
    if second is not None and named and (user == "root" or _runs(second[1])):
        return second.start(1)
    return first.start(1)


def _runs(word: str) -> bool:
    """Whether a word may start the command of a crontab line: a plausible program or a
    path to a script."""
    return is_plausible(word) or word.startswith(("/", "~/", "$"))


_FIELD_LIMITS = (59, 23, 31, 12, 7)
"""The largest value of each field: minute, hour, day of month, month, day of week."""


def _in_range(fields: list[str]) -> bool:
    return all(
        int(number) <= limit
        for field, limit in zip(fields, _FIELD_LIMITS, strict=True)
        for number in re.findall(r"\d+", field)
    )


# --- non-command lines -------------------------------------------------------------

_TREE_BRANCH = re.compile(
    r"[ \t]*(?:[\u2500-\u257f]|(?:\|[ \t]+)*[|+`\\](?:-{2,}|_{2,})|(?:\|[ \t]*)+$)"
)
"""A line of a drawn directory tree: box-drawing characters, or ASCII branches."""
_TREE_WORD = re.compile(r"[ \t]*([^\s#]+)[ \t]*(?:#.*)?")
_NOT_COMMAND = re.compile(
    r"""[ \t]*(?:
        [A-Za-z_][\w.-]*:(?:[ \t]|$)            # YAML key: value
      | -[ \t]                                  # YAML list item
      | \[[^\s\[\]][^\[\]]*\][ \t]*$            # [ini section]
      | [-dlcbps][rwxsStT-]{9}[.+@]?[ \t]+\d    # -rw-r--r-- 1 root root ... (ls -l)
    )""",
    re.VERBOSE,
)
_AFTER_CONTINUATION = re.compile(r"[ \t]*(?:\||[ \t]+--?[A-Za-z][^()]*$)")
"""Lines that only a ``\\`` on the line before makes part of a command: one that starts
with ``|`` (a table row), or an indented option (``  --name web``)."""
_HUNK = re.compile(r"@@ -\d")


def tree_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines of a drawn directory tree, its root line included."""
    found: set[int] = set()
    previous = -1  # the last non-blank line seen
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if _TREE_BRANCH.match(line):
            if previous >= 0 and previous not in found and _is_root(lines[previous]):
                found.add(previous)
            found.add(index)
        elif previous in found and line[:1] in " \t" and _TREE_WORD.fullmatch(line):
            found.add(index)  # a child indented under the last branch
        previous = index
    return found


def _is_root(line: str) -> bool:
    """A line that names the folder a tree is drawn from (``myapp/``, ``.``, ``docker``):
    one word, other than ``tree`` whose output the tree may be."""
    match = _TREE_WORD.fullmatch(line)
    if match is None:
        return False
    word = match[1]
    return word != "tree"


def _other_format(lines: Sequence[str]) -> bool:
    """Whether a block is one JSON value or a diff."""
    text = "\n".join(lines).strip()
    if text[:1] in ("{", "[") and text[-1:] in ("}", "]"):
        try:
            json.loads(text)
        except ValueError:
            pass
        else:
            return True
    if any(_HUNK.match(line) for line in lines):
        return True
    return any(a.startswith("--- ") and b.startswith("+++ ") for a, b in pairwise(lines))


def _read_lines(lines: Sequence[str]) -> Selection:
    """The lines of a block without prompts: commands, blanked non-commands, and the
    crontab lines apart."""
    tree = tree_lines(lines)
    commands: list[_Line] = []
    scheduled: list[_Line] = []
    continued = False  # the line before ends with `\`
    blanking = False  # ... and was blanked: so is this one
    for index, line in enumerate(lines):
        blank = blanking or index in tree
        if not blank and not continued:
            start = schedule_end(line)
            if start is not None:
                if start < len(line):
                    scheduled.append((index, start))
                blank = True
            else:
                blank = bool(_NOT_COMMAND.match(line) or _AFTER_CONTINUATION.match(line))
        commands.append((index, len(line) if blank else 0))
        continued = line.rstrip().endswith("\\")
        blanking = blank and continued
    return Selection(commands, scheduled)


# --- blocks ------------------------------------------------------------------------


def may_hold_shell(language: str) -> bool:
    """Whether a block in ``language`` may hold commands: a shell, console or crontab
    block, or an unlabelled one (the others are never read)."""
    return (
        language in CONSOLE_LANGUAGES
        or language in SHELL_LANGUAGES
        or language in CRON_LANGUAGES
        or language == ""
    )


def command_lines(lines: Sequence[str], language: str) -> Selection:
    """The command lines of a code block and the commands its crontab lines schedule.

    ``language`` is the lower-cased first word of the info string (``""`` for an
    unlabelled or indented block).
    """
    if not may_hold_shell(language):
        return _NOTHING
    if language in CRON_LANGUAGES:
        return Selection([], list(scheduled_lines(lines)))
    console = language in CONSOLE_LANGUAGES
    if any(prompt_column(line, console) is not None for line in lines):
        return Selection(transcript_lines(lines, console), [])
    if _other_format(lines):
        return _NOTHING
    selection = _read_lines(lines)
    if language in SHELL_LANGUAGES:
        return selection
    read = [lines[index][column:] for index, column in selection.commands]
    read += [lines[index][column:] for index, column in selection.scheduled]
    return selection if looks_like_commands("\n".join(read)) else _NOTHING


def scheduled_lines(lines: Sequence[str]) -> Iterator[_Line]:
    """The commands of the crontab lines among ``lines``."""
    for index, line in enumerate(lines):
        start = schedule_end(line)
        if start is not None and start < len(line):
            yield index, start


_FIRST_WORD = re.compile(r"^[ \t]*(?!#)(?:[A-Za-z_]\w*=\S*[ \t]+)*([^\s;&|]+)", re.MULTILINE)
_STARTERS = frozenset({"if", "for", "while", "until", "case", "{", "(", "!", "function"})
"""Reserved words that may open a block of commands."""


def looks_like_commands(text: str) -> bool:
    """Whether ``text`` has commands, every one starting with a plausible program and
    none reading as a sentence."""
    first = _FIRST_WORD.search(text)
    if first is None or not (is_plausible(first[1]) or first[1] in _STARTERS):
        # The first word of the first line starts a command: no need to parse the rest
        # (a block of Rust, YAML or log output is usually rejected right here).
        return False
    found = False
    for command in parse_fallback(text).commands:
        words = _words(text, command)
        if not words:
            continue
        found = True
        if not is_plausible(unquote(words[0])[0]) or reads_as_prose(words):
            return False
    return found


def _words(text: str, command: RawCommand) -> list[str]:
    """The words of a command as written, from its program on (assignments left out)."""
    words = [text[start:end] for start, end in command.words]
    for index, word in enumerate(words):
        if not is_assignment(word):
            return words[index:]
    return []


# --- inline code -------------------------------------------------------------------

_ASSIGNMENT = r"""[A-Za-z_]\w*=(?:'[^'\n]*'|"[^"\n]*"|[^\s'"`]*)\s+"""
_INLINE_COMMAND = re.compile(
    rf"""((?:{_ASSIGNMENT})*
        (?:sudo(?:\s+-[A-Za-z]+)*\s+(?:{_ASSIGNMENT})*)?
        (?:/[\w.-]+)*/?docker(?:-compose)?)
    (?=\s+\S)""",
    re.VERBOSE,
)
"""A code span that runs docker, from its first assignment on; a bare ``docker`` names
the tool rather than running it."""
_PROMPT = re.compile(r"\$[ \t]+")
_TOKEN = re.compile(r"\S+")
_METASYNTAX = re.compile(r"<[^>]*>?|\[[^\]]*\]?|\{[^}]*\}?|[A-Z][A-Z_]+|\.\.\.|…")
"""A word that stands for a command rather than being one."""
_BRACKETED = re.compile(r"[(\[{]([a-z][a-z0-9-]*(?:[|,/][a-z][a-z0-9-]*)+)[)\]}]")
_JOINED = re.compile(r"[a-z][a-z0-9-]*(?:[|/][a-z][a-z0-9-]*)+")
_ALTERNATIVE = re.compile(r"[a-z][a-z0-9-]*")


class InlineCommand(NamedTuple):
    """What to read of a code span: ``pieces``, ranges of its text joined in order, and
    where the command runs."""

    pieces: list[tuple[int, int]]
    where: str = ""


def inline_command(text: str) -> InlineCommand | None:
    """The command a code span's text runs, None when it runs none."""
    start = len(text) - len(text.lstrip())
    if (prompt := _PROMPT.match(text, start)) is not None:
        start = prompt.end()
    where = ""
    scheduled = schedule_end(text[start:])
    if scheduled is not None:
        if start + scheduled >= len(text.rstrip()):
            return None
        start, where = start + scheduled, SCHEDULED
    match = _INLINE_COMMAND.match(text, start)
    if match is None:
        return None
    end = len(text.rstrip())
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, match.end(), end)]
    tree = "docker"
    if match[1].endswith("docker-compose"):
        tree = "compose"
    elif tokens and text[slice(*tokens[0])] == "compose":
        tree, tokens = "compose", tokens[1:]
    if _sentence(text, tokens, tree, match.start(1)):
        return None
    pieces = _shorthand(text, tokens, tree)
    if pieces is None:
        return None
    first = match.start(1)
    if not pieces:
        return InlineCommand([(first, end)], where)
    group_start, alternative, group_end = pieces
    rest = [(group_end, end)]
    if any(text[slice(*token)].startswith("-") for token in tokens if token[0] >= group_end):
        rest = []  # an option after the alternatives may be one only some of them have
    return InlineCommand([(first, group_start), alternative, *rest], where)


def _sentence(text: str, tokens: list[tuple[int, int]], tree: str, start: int) -> bool:
    """Whether a span is a sentence that names docker (``docker is required``): the word
    where the command belongs is none of the tool's, and the span reads as prose. Prose
    after a real command (``docker-compose exec (rest of the command)``) is no sentence."""
    index = _command_index(text, tokens, tree)
    if index >= len(tokens):
        return False
    word = text[slice(*tokens[index])]
    known = word in docker_commands(tree) or not is_bare_word(word)
    return not known and reads_as_prose(text[start : tokens[-1][1]].split())


def _shorthand(
    text: str, tokens: list[tuple[int, int]], tree: str
) -> tuple[int, tuple[int, int], int] | tuple[()] | None:
    """How the words after the tool read: ``(group start, first alternative, group end)``
    for alternatives, ``()`` for a command, None for metasyntax."""
    index = _command_index(text, tokens, tree)
    path: list[str] = []
    while index < len(tokens):
        group = _alternatives(text, tokens, index, tree, path)
        if group is not None:
            return group
        word = text[slice(*tokens[index])]
        if _METASYNTAX.fullmatch(word) and has_subcommands(tree, path):
            return None
        if not is_bare_word(word) or " ".join([*path, word]) not in docker_commands(tree):
            break
        path.append(word)
        index += 1
    return ()


def _command_index(text: str, tokens: list[tuple[int, int]], tree: str) -> int:
    """Index of the token where the tool's command belongs: after its root options
    (``-f x.yml``, ``--project-name=x``, ``-H host``)."""
    values = root_value_options(tree)
    index = 0
    while index < len(tokens):
        word = text[slice(*tokens[index])]
        if not word.startswith("-") or word == "-":
            break
        index += 2 if word in values else 1
    return index


def _alternatives(
    text: str, tokens: list[tuple[int, int]], index: int, tree: str, path: list[str]
) -> tuple[int, tuple[int, int], int] | None:
    """The alternatives that start at token ``index``, when every one is a command of
    ``tree`` after ``path``: ``(up|down)``, ``up/down``, ``start|stop``, ``up / down``."""
    start, end = tokens[index]
    word = text[start:end]
    found: list[tuple[int, int]] = []
    group_end = end
    bracketed = _BRACKETED.fullmatch(word)
    if bracketed is not None or _JOINED.fullmatch(word):
        inner = start + 1 if bracketed is not None else start
        found = [
            (inner + m.start(), inner + m.end())
            for m in _ALTERNATIVE.finditer(bracketed[1] if bracketed is not None else word)
        ]
    elif _ALTERNATIVE.fullmatch(word):
        found = [(start, end)]
        following = index + 1
        while following + 1 < len(tokens) and text[slice(*tokens[following])] in ("/", "|"):
            after = tokens[following + 1]
            if not _ALTERNATIVE.fullmatch(text[slice(*after)]):
                break
            found.append(after)
            group_end = after[1]
            following += 2
    names = docker_commands(tree)
    if len(found) < 2 or any(" ".join([*path, text[a:b]]) not in names for a, b in found):
        return None
    return start, found[0], group_end
