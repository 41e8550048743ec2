"""Which lines of a code block are shell commands.

Documentation shows shell in three ways: plain scripts (``bash`` fences), console
transcripts (``$ docker ps`` followed by its output) and unlabelled blocks that may
hold either, or YAML, JSON, a Dockerfile, log output... Output must never reach the
shell parser, so:

- in a transcript only prompt lines (prompt removed) and their continuations are
  commands: ``\\``-ended lines, lines after a trailing ``|``/``&&``/``||``, here-document
  bodies, and ``> `` (PS2) lines while a quote or compound command is open;
- a block is a transcript when it is a console block (``console``, ``shell-session``...)
  with at least one prompt, or a shell or unlabelled block where a line carries one;
- a bare ``# `` is a root prompt only in console blocks, and only when a plausible
  command follows it (``# Start the stack`` there is a comment, ``# apt install x`` a
  command); elsewhere ``#`` starts a comment;
- an unlabelled block (or a console block without prompts) is shell only when every
  command in it starts with a plausible program (``docker``, ``sudo``, ``cd``...): one
  line of output, YAML or prose is enough to leave it alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from doclint.shellsyntax.fallback import parse_fallback
from doclint.shellsyntax.raw import RawCommand
from doclint.shellsyntax.tokenize import is_assignment, unquote

SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "zsh", "ksh"})
CONSOLE_LANGUAGES = frozenset(
    {"console", "shell-session", "shellsession", "sh-session", "terminal"}
)

# fmt: off
KNOWN_COMMANDS = frozenset({
    "docker", "docker-compose", "podman", "podman-compose", "nerdctl", "buildah", "skopeo",
    "ctr", "kubectl", "helm", "minikube", "kind", "k3s", "sudo", "doas", "su", "cd", "ls",
    "cat", "echo", "printf", "export", "unset", "source", ".", "set", "env", "curl", "wget",
    "make", "git", "mkdir", "rm", "rmdir", "cp", "mv", "ln", "touch", "chmod", "chown", "chgrp",
    "tar", "zip", "unzip", "gzip", "gunzip", "ssh", "scp", "rsync", "apt", "apt-get", "yum",
    "dnf", "apk", "brew", "snap", "pip", "pip3", "pipx", "python", "python3", "npm", "npx",
    "yarn", "pnpm", "node", "go", "cargo", "rustc", "rustup", "systemctl", "service",
    "journalctl", "openssl", "htpasswd", "grep", "egrep", "sed", "awk", "tail", "head", "less",
    "sort", "uniq", "wc", "cut", "tr", "tee", "xargs", "find", "watch", "time", "nohup", "exec",
    "timeout", "nice", "which", "whoami", "id", "useradd", "usermod", "groupadd", "passwd",
    "ps", "kill", "pkill", "top", "df", "du", "free", "mount", "umount", "ip", "ping", "nc",
    "dig", "nslookup", "hostname", "date", "sleep", "true", "false", "test", "[", "[[", "read",
    "eval", "alias", "crontab", "vi", "vim", "nano", "jq", "yq", "base64", "sha256sum",
    "md5sum", "gpg", "mysql", "mysqldump", "psql", "pg_dump", "pg_restore", "redis-cli",
    "mongosh", "certbot", "ufw", "iptables", "sysctl", "lsof", "netstat", "ss", "history",
    "exit", "bash", "sh", "zsh", "stat", "realpath", "dirname", "basename", "mktemp",
    "envsubst", "composer", "php", "ruby", "bundle", "java", "mvn", "gradle", "dotnet",
    "terraform", "ansible", "ansible-playbook", "vagrant", "gcloud", "aws", "az", "heroku",
    "diff", "patch", "chroot", "tree", "file", "install", "ssh-keygen", "ssh-copy-id", "uname",
    "lsb_release", "getent",
})
# fmt: on
"""Programs that runbooks commonly run; the first word of every command of an
unlabelled block must be one of them (or a ``./script``)."""

_PROMPT = re.compile(
    r"""[ \t]*
    (?:\([^()\s]+\)[ \t]*)?                       # (venv)
    (?P<host>
        \[[\w.-]+@[\w.-]+(?:[ \t][^\]\n]*)?\]     # [user@host dir]
      | [\w.-]+@[\w.-]+(?::[^\s$#]*)?             # user@host:~/dir
    )?
    [ \t]?
    (?P<sigil>\$>?|\#)                            # $, $> or a root #
    (?:[ \t]+|$)
    """,
    re.VERBOSE,
)
_FIRST_WORD = re.compile(r"^[ \t]*(?!#)(?:[A-Za-z_]\w*=\S*[ \t]+)*([^\s;&|]+)", re.MULTILINE)
_STARTERS = frozenset({"if", "for", "while", "until", "case", "{", "(", "!", "function"})
"""Reserved words that may open a block of commands."""
_PS2 = re.compile(r"[ \t]*>(?:[ \t]|$)")
_MAY_STAY_OPEN = re.compile(r"""[\\|&<'"`(){}$]|\b(?:if|while|until|for|select|case)\b""")
"""What a command needs to go on past its line: a quote, escape or substitution, an
operator, a here-document, a subshell, a group or a compound command. Most prompt lines
(``$ cargo run``) have none of it, and then need no tokenizing."""


def command_lines(lines: Sequence[str], language: str) -> list[tuple[int, int]]:
    """``(line index, column)`` of each line of a code block that belongs to a shell
    command, the column being where the command text starts (after any prompt).

    ``language`` is the lower-cased first word of the info string (``""`` for an
    unlabelled or indented block). Empty when the block holds no shell.
    """
    if not may_hold_shell(language):
        return []
    console = language in CONSOLE_LANGUAGES
    if any(prompt_column(line, console) is not None for line in lines):
        return _transcript(lines, console)
    if language in SHELL_LANGUAGES or looks_like_commands("\n".join(lines)):
        return [(index, 0) for index in range(len(lines))]
    return []


def may_hold_shell(language: str) -> bool:
    """Whether a block in ``language`` may hold commands: a shell or console block, or
    an unlabelled one (the others are never read)."""
    return language in CONSOLE_LANGUAGES or language in SHELL_LANGUAGES or language == ""


def prompt_column(line: str, console: bool) -> int | None:
    """Column just past the prompt that starts ``line``, or None if it has none."""
    if "$" not in line and "#" not in line:  # every prompt ends in one: skip the regex
        return None
    match = _PROMPT.match(line)
    if match is None:
        return None
    if match["sigil"] == "#" and not match["host"]:
        words = line[match.end() :].split(None, 1)
        if not console or not words or not is_plausible(words[0]):
            return None
    return match.end()


def looks_like_commands(text: str) -> bool:
    """Whether ``text`` has commands and every one starts with a plausible program."""
    first = _FIRST_WORD.search(text)
    if first is None or not (is_plausible(first[1]) or first[1] in _STARTERS):
        # The first word of the first line starts a command: no need to parse the rest
        # (a block of Rust, YAML or log output is usually rejected right here).
        return False
    programs = [_program(text, command) for command in parse_fallback(text).commands]
    found = [program for program in programs if program is not None]
    return bool(found) and all(is_plausible(program) for program in found)


def _program(text: str, command: RawCommand) -> str | None:
    """The first word after the leading assignments, None for a bare assignment."""
    for start, end in command.words:
        if not is_assignment(text[start:end]):
            return unquote(text[start:end])[0]
    return None


def is_plausible(program: str) -> bool:
    return program in KNOWN_COMMANDS or program.startswith(("./", "../"))


def _transcript(lines: Sequence[str], console: bool) -> list[tuple[int, int]]:
    selected: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        column = prompt_column(lines[index], console)
        index += 1
        if column is None:
            continue
        selected.append((index - 1, column))
        command = lines[index - 1][column:]
        while index < len(lines) and (taken := _continuation(command, lines, index)):
            selected.extend(taken)
            command += "".join("\n" + lines[line][start:] for line, start in taken)
            index += len(taken)
    return selected


def _continuation(command: str, lines: Sequence[str], index: int) -> list[tuple[int, int]]:
    """The lines from ``index`` on that continue ``command`` (after any PS2 ``> ``): one
    line, or a whole here-document body; none when the command is complete."""
    column = _ps2_column(lines[index])
    if command.rstrip().endswith("\\"):
        return [(index, column)]
    if not _MAY_STAY_OPEN.search(command):
        return []
    state = parse_fallback(command)
    delimiter = state.lexed.open_heredoc
    if delimiter is not None:
        taken: list[tuple[int, int]] = []
        for line in range(index, len(lines)):
            taken.append((line, _ps2_column(lines[line])))
            if lines[line][taken[-1][1] :].strip() == delimiter:
                break
        return taken
    # A quote or compound command left open continues only on a PS2 line: without one,
    # the next line is more likely output (``$ echo don't`` is a typo, not a string).
    if state.lexed.wants_operand or (column and (state.lexed.unterminated or state.open_block)):
        return [(index, column)]
    return []


def _ps2_column(line: str) -> int:
    match = _PS2.match(line)
    return match.end() if match else 0
