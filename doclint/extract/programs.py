"""The words extraction weighs before it calls text a command: programs runbooks run, the
commands of docker and docker compose, and the words that give prose away.

Nothing here parses shell: each answer is about one word (or the plain words of one
line), so that the classifier (``doclint.extract.classify``) and the transcript reader
(``doclint.extract.transcript``) ask the same questions the same way.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from doclint.data import read_json

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
unlabelled block must be one of them (or a ``./script``, or an absolute path to one)."""

_FUNCTION_WORDS = frozenset(
    {
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "must",
        "should", "will", "would", "can", "could", "may", "might", "to", "you", "your",
        "we", "our", "it", "its", "this", "that", "these", "those", "and", "or", "but",
        "if", "when", "so", "of", "for", "with", "from", "not", "has", "have", "does",
    }
)  # fmt: skip
"""Words that hold an English sentence together and that no command line takes as a
bare argument: ``docker must be running`` is a sentence, ``docker compose up`` is not."""
_PRINTERS = frozenset({"echo", "printf"})
_SENTENCE_END = re.compile(r"[A-Za-z]{2,}[.:!?,]")
"""A last word that ends a sentence (``running.``); ``cd ..`` and ``ls .`` end none."""
_BARE = re.compile(r"[a-z][a-z0-9-]*")


def is_plausible(program: str) -> bool:
    """Whether a command starting with ``program`` is one a runbook would run: a known
    program, a ``./script``, or an absolute path to a known program
    (``/usr/local/bin/docker-compose``)."""
    if program in KNOWN_COMMANDS or program.startswith(("./", "../")):
        return True
    return program.startswith("/") and program.rsplit("/", 1)[-1] in KNOWN_COMMANDS


def reads_as_prose(words: Sequence[str]) -> bool:
    """Whether the plain words of a line, first word aside, are a sentence rather than
    arguments: a bare function word (``docker must be running``), or a last word that
    ends a sentence (``restart docker first.``). Quoted words and options never count,
    nor do the words ``echo`` and ``printf`` print."""
    if not words or words[0] in _PRINTERS:
        return False
    rest = words[1:]
    if any(word.lower() in _FUNCTION_WORDS for word in rest):
        return True
    return bool(rest) and _SENTENCE_END.fullmatch(rest[-1]) is not None


def is_bare_word(word: str) -> bool:
    """A lower-case word that may name a docker command (``up``, ``image``, ``buildx``)."""
    return _BARE.fullmatch(word) is not None


@functools.cache
def _tree(name: str) -> Mapping[str, Any]:
    tree: Mapping[str, Any] = read_json("cli_catalog.json")["tools"][name]
    return tree


@functools.cache
def docker_commands(tree: str) -> frozenset[str]:
    """Every spelling of a command path of ``tree`` (``"docker"`` or ``"compose"``),
    aliases included, as space-joined words: ``"logs"``, ``"network create"``."""
    raw = _tree(tree)
    return frozenset(raw["commands"]) | frozenset(raw["aliases"])


def has_subcommands(tree: str, path: Sequence[str]) -> bool:
    """Whether the command at ``path`` leads on to subcommands (the root always does)."""
    if not path:
        return True
    prefix = " ".join(path) + " "
    return any(name.startswith(prefix) for name in docker_commands(tree))


@functools.cache
def root_value_options(tree: str) -> frozenset[str]:
    """The root options of ``tree`` that take a value, as written (``--file``, ``-f``):
    ``docker compose -f x.yml up`` has its command after the value."""
    options = _tree(tree)["commands"][""]["options"]
    found: set[str] = set()
    for name, spec in options.items():
        if spec.get("value"):
            found.add(f"--{name}")
            if spec.get("short"):
                found.add(f"-{spec['short']}")
    return frozenset(found)
