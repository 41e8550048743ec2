#!/usr/bin/env python3
"""Generate ``doclint/data/cli_catalog.json``, the command-line grammar doclint parses with.

The docker CLI, its buildx plugin and Compose publish their grammar as one YAML file
per command (``docker-cli/*.yaml``, ``docker-cli/buildx/*.yaml``,
``compose-cli/*.yaml``); Compose v1's help text was turned into
``compose-cli/v1/compose-v1-cli.yaml``. Reading ~300 YAML files takes seconds, so the
parser uses this compact JSON digest instead, committed next to the code and kept
honest by ``--check`` (run in the test suite).

Output layout::

    {"format": 1,
     "tools": {"docker" | "compose": {
         "commands": {"<canonical path>": {options, forms, subcommands, flags...}},
         "aliases": {"<other spelling>": "<canonical path>"}}}}

Paths are the words after the binary (``docker`` or ``docker compose``) joined by one
space; the root is ``""``. ``docker container ls``, ``docker ps`` ... share one entry.
Compose v1 has no tree of its own: its leftovers (options and commands v2 dropped)
are merged into the ``compose`` tree, flagged ``v1_only``.

Usage: ``tools/gen_catalog.py [--reference DIR] [--check]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
# Run as a script, so make the package importable (the catalog's Slot is the schema
# of the positional slots this script writes), and the shared data's locator.
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(1, str(REPO_ROOT / "tests"))
from shared_data import locate  # noqa: E402

from doclint.docker.catalog import Slot  # noqa: E402

DEFAULT_REFERENCE = locate("reference")
OUTPUT = REPO_ROOT / "doclint" / "data" / "cli_catalog.json"
FORMAT = 1

COMPOSE_PREFIX = ("docker", "compose")

# Commands that call pflag's SetInterspersed(false): option parsing stops at the first
# positional, so everything after CONTAINER / IMAGE / SERVICE belongs to the payload.
# Sources: docker/cli cli/command/container/{exec,run,create,commit,top}.go,
# cli/command/image/tag.go, cli/command/service/create.go; docker/compose
# cmd/compose/{exec,run}.go (reference NOTES.md facts 2 and 3).
NON_INTERSPERSED = {
    "docker": ("exec", "run", "create", "commit", "top", "image tag", "service create"),
    "compose": ("exec", "run"),
}

# Value types whose flag may be given several times, each use adding a value: pflag's
# list-like types (reference NOTES.md fact 6), and docker/cli's `opts` types whose
# Set() appends (MountOpt, UlimitOpt, PortOpt, NetworkOpt, SecretOpt, ConfigOpt,
# PlacementPrefOpts, ExternalCAOption).
REPEATABLE_TYPES = frozenset(
    {"list", "stringArray", "stringSlice", "map", "filter", "stringToString", "ipSlice",
     "ipNetSlice", "mount", "ulimit", "port", "network", "secret", "config", "pref",
     "external-ca"}
)

# Usage-line placeholders whose part before ":" / "=" names a container or service
# (``CONTAINER:SRC_PATH`` of cp, ``SERVICE=REPLICAS`` of compose scale). Others such
# as ``HOST:PORT`` or ``KEY=VALUE`` stay whole.
ENTITY_ROLES = frozenset({"CONTAINER", "SERVICE"})
# Plural placeholders (``[SERVICES]`` of compose down, ``[ARGS...]``) mean "several".
PLURAL_ROLES = frozenset({"CONTAINER", "SERVICE", "ARG"})
# Roles that carry the program run inside the container. They are payload only in the
# non-interspersed commands above (``docker compose alpha dry-run -- [COMMAND...]``
# and ``docker-compose help [COMMAND]`` name compose commands instead).
PAYLOAD_ROLES = frozenset({"COMMAND", "ARG"})
# Literal alternatives in placeholders: ``-`` is stdin/stdout, ``self`` the current node.
LITERAL_ALTERNATIVES = frozenset({"-", "SELF"})
OPTION_PLACEHOLDERS = frozenset({"OPTIONS", "OPTION"})

# cobra gives every command --help (docker/cli hides it and deprecated its -h
# shorthand without removing it: docker-cli/deprecated.md, NOTES.md fact 10), and the
# docker root sets cobra's Version, which adds -v/--version (docker/cli
# cmd/docker/docker.go); neither is in the YAML of every command.
IMPLICIT_HELP = {"option": "help", "shorthand": "h", "value_type": "bool", "hidden": True}
IMPLICIT_ROOT_OPTIONS = {"docker": [{"option": "version", "shorthand": "v", "value_type": "bool"}]}

# pull and push call their image reference NAME; it is an IMAGE like everywhere else.
_IMAGE_REFERENCE = re.compile(r"(?<![\w-])NAME(?=\[:TAG)")
# ``[:TAG]``, ``[:TAG|@DIGEST]``, ``[/PROTO]`` refine the word they are glued to.
_ATTACHED_SUFFIX = re.compile(r"(?<=\S)\[[:/@][^\]\s]*\]")
_USAGE_TOKEN = re.compile(r"\[|\]|[^\s\[\]]+")
_PIPE_SPACES = re.compile(r"\s*\|\s*")


# --------------------------------------------------------------------------- reading


@dataclass
class Page:
    """One YAML page, placed in its tree: ``docker compose exec`` → ("compose", ("exec",))."""

    tool: str
    path: tuple[str, ...]
    doc: dict[str, Any]
    spellings: set[tuple[str, ...]] = field(default_factory=set)


def split_command(full: str) -> tuple[str, tuple[str, ...]]:
    """``docker compose ps`` → ("compose", ("ps",)); ``docker image ls`` → ("docker", ...)."""
    words = tuple(full.split())
    if words[:2] == COMPOSE_PREFIX:
        return "compose", words[2:]
    return "docker", words[1:]


def read_pages(reference: Path) -> list[Page]:
    patterns = ("docker-cli/*.yaml", "docker-cli/buildx/*.yaml", "compose-cli/*.yaml")
    pages = []
    for pattern in patterns:
        for file in sorted(reference.glob(pattern)):
            doc = yaml.safe_load(file.read_text(encoding="utf-8"))
            tool, path = split_command(doc["command"])
            page = Page(tool, path, doc, {path})
            for alias in (doc.get("aliases") or "").split(","):
                if alias.strip():
                    page.spellings.add(split_command(alias.strip())[1])
            pages.append(page)
    return pages


# --------------------------------------------------------------------------- grouping


def group_pages(pages: list[Page]) -> list[list[Page]]:
    """Pages that share a spelling describe one command (``docker ps`` and
    ``docker container ls``; ``docker build`` and ``docker buildx build``)."""
    groups: list[tuple[str, set[tuple[str, ...]], list[Page]]] = []
    for page in pages:
        touching = [g for g in groups if g[0] == page.tool and g[1] & page.spellings]
        spellings, members = set(page.spellings), [page]
        for group in touching:
            groups.remove(group)
            spellings |= group[1]
            members = group[2] + members
        groups.append((page.tool, spellings, members))
    return [g[2] for g in groups]


def richest(group: list[Page]) -> Page:
    """The page that describes a command best: the most options (buildx's ``build``
    over the legacy builder's, ``config`` over the stale ``convert`` page)."""
    return min(group, key=lambda p: (-len(p.doc.get("options") or []), len(p.path), p.path))


def canonical_path(group: list[Page]) -> tuple[str, ...]:
    """The shortest spelling (``ps`` for ``container ls``), else the richest page's own."""
    primary = richest(group).path
    spellings = set().union(*(p.spellings for p in group))
    return min(spellings, key=lambda s: (len(s), s != primary, s))


# --------------------------------------------------------------------------- options


def option_entry(raw: dict[str, Any], *, inherited: bool = False) -> dict[str, Any]:
    value_type = raw.get("value_type", "bool")
    entry: dict[str, Any] = {
        "short": raw.get("shorthand"),
        "value": value_type != "bool",
        "repeat": value_type in REPEATABLE_TYPES,
        "deprecated": bool(raw.get("deprecated")),
        "hidden": bool(raw.get("hidden")),
        "inherited": inherited,
    }
    return compact(entry)


def compact(entry: dict[str, Any]) -> dict[str, Any]:
    """Drop false/empty fields: the loader treats a missing field as false."""
    return {k: v for k, v in entry.items() if v}


def add_option(options: dict[str, dict[str, Any]], name: str, entry: dict[str, Any]) -> None:
    """Add an option unless its long name is taken; drop a shorthand already in use."""
    if name in options:
        return
    taken = {o.get("short") for o in options.values()}
    if entry.get("short") in taken:
        entry = {k: v for k, v in entry.items() if k != "short"}
    options[name] = entry


def group_options(tool: str, path: tuple[str, ...], group: list[Page]) -> dict[str, Any]:
    """The richest page's options, then whatever the other pages of the group add
    (hidden legacy-builder flags such as ``--disable-content-trust`` on ``build``)."""
    options: dict[str, dict[str, Any]] = {}
    primary = richest(group)
    for page in [primary, *[p for p in group if p is not primary]]:
        for raw in page.doc.get("options") or []:
            add_option(options, raw["option"], option_entry(raw))
        for raw in page.doc.get("inherited_options") or []:
            add_option(options, raw["option"], option_entry(raw, inherited=True))
    if not path:
        for raw in IMPLICIT_ROOT_OPTIONS.get(tool, []):
            add_option(options, raw["option"], option_entry(raw))
    add_help(options, inherited=bool(path))
    return options


def add_help(options: dict[str, dict[str, Any]], *, inherited: bool) -> None:
    """Every command takes ``--help``, and ``-h`` unless the command uses the letter
    (``docker run -h`` is ``--hostname``)."""
    add_option(options, "help", option_entry(IMPLICIT_HELP, inherited=inherited))
    if all(o.get("short") != "h" for o in options.values()):
        options["help"]["short"] = "h"


# --------------------------------------------------------------------------- usage


def parse_role(token: str) -> Slot:
    """One usage word → a slot: ``[CONTAINER...]``'s ``CONTAINER...``, ``SRC_PATH|-``,
    ``CONTAINER:SRC_PATH``, ``SERVICE=REPLICAS``, ``SERVICES``, ``(worker|manager)``."""
    repeat = token.endswith("...")
    token = token.removesuffix("...")
    token = token.strip("<>()").upper()
    alternatives = [a for a in token.split("|") if a not in LITERAL_ALTERNATIVES]
    role = "|".join(alternatives) or token
    if role.endswith("S") and role[:-1] in PLURAL_ROLES:
        return Slot(role[:-1], repeat=True)
    for separator in (":", "="):
        head, found, _ = role.partition(separator)
        if found and head in ENTITY_ROLES:
            return Slot(head, repeat=repeat, split=separator)
    return Slot(role, repeat=repeat)


def parse_usage_tokens(tokens: Iterator[str], optional: bool) -> list[Slot]:
    """Slots of a token stream up to the matching ``]``; nested groups are optional."""
    slots: list[Slot] = []
    for token in tokens:
        if token == "]":
            break
        if token == "[":
            slots.extend(bracket_group(parse_group_words(tokens)))
            continue
        if token != "--":
            slots.append(parse_role(token)._replace(optional=optional))
    return slots


def parse_group_words(tokens: Iterator[str]) -> list[str]:
    """The raw tokens of one ``[...]`` group (nesting kept), consuming its ``]``."""
    words: list[str] = []
    depth = 0
    for token in tokens:
        if token == "]" and depth == 0:
            break
        depth += {"[": 1, "]": -1}.get(token, 0)
        words.append(token)
    return words


def bracket_group(words: list[str]) -> list[Slot]:
    """``[OPTIONS]`` and v1's ``[-e KEY=VAL...]``/``[--]`` are options, not slots;
    ``[ps OPTIONS]`` (docker top) is an argument list handed to another program."""
    if not words or words[0].startswith("-"):
        return []
    upper = {w.upper() for w in words}
    if upper <= OPTION_PLACEHOLDERS:
        return []
    if upper & OPTION_PLACEHOLDERS:
        return [Slot("ARG", optional=True, repeat=True)]
    return parse_usage_tokens(iter(words), optional=True)


def merge_repeats(slots: list[Slot]) -> list[Slot]:
    """``CONTAINER [CONTAINER...]`` → one required, repeated CONTAINER slot."""
    merged: list[Slot] = []
    for slot in slots:
        previous = merged[-1] if merged else None
        if previous and (previous.role, previous.split) == (slot.role, slot.split) and slot.repeat:
            merged[-1] = previous._replace(repeat=True)
        else:
            merged.append(slot)
    return merged


def parse_usage(usage: str, prefixes: Iterable[str], payload: bool) -> list[list[dict[str, Any]]]:
    """Each usage line (``cp`` has two) → a list of slots, the command words removed."""
    forms = []
    ordered = sorted(prefixes, key=len, reverse=True)
    for line in usage.splitlines():
        line = _PIPE_SPACES.sub("|", line.strip())
        line = _ATTACHED_SUFFIX.sub("", _IMAGE_REFERENCE.sub("IMAGE", line))
        prefix = next((p for p in ordered if line == p or line.startswith(p + " ")), "")
        tokens = _USAGE_TOKEN.findall(line[len(prefix):])
        slots = merge_repeats(parse_usage_tokens(iter(tokens), optional=False))
        forms.append([
            compact(slot._replace(payload=payload and slot.role in PAYLOAD_ROLES)._asdict())
            for slot in slots
        ])
    return forms


# --------------------------------------------------------------------------- building


def binary_words(tool: str) -> tuple[str, ...]:
    return COMPOSE_PREFIX if tool == "compose" else ("docker",)


def command_flags(group: list[Page]) -> dict[str, bool]:
    docs = [p.doc for p in group]
    return {
        "deprecated": all(d.get("deprecated") for d in docs),
        "hidden": all(d.get("hidden") for d in docs),
        "experimental": all(d.get("experimental") or d.get("experimentalcli") for d in docs),
    }


def children(path: tuple[str, ...], spellings: Iterable[tuple[str, ...]]) -> list[str]:
    """Every word that continues ``path`` into a known command (aliases included)."""
    depth = len(path)
    return sorted({s[depth] for s in spellings if len(s) == depth + 1 and s[:depth] == path})


def build_trees(pages: list[Page]) -> dict[str, dict[str, Any]]:
    trees: dict[str, dict[str, Any]] = {
        tool: {"commands": {}, "aliases": {}} for tool in ("docker", "compose")
    }
    groups = group_pages(pages)
    spellings: dict[str, set[tuple[str, ...]]] = {tool: set() for tool in trees}
    for group in groups:
        spellings[group[0].tool].update(*(p.spellings for p in group))
    non_interspersed = {
        tool: {tuple(name.split()) for name in names} for tool, names in NON_INTERSPERSED.items()
    }
    for group in groups:
        tool, path = group[0].tool, canonical_path(group)
        tree = trees[tool]
        group_spellings = set().union(*(p.spellings for p in group))
        for spelling in group_spellings - {path}:
            tree["aliases"][" ".join(spelling)] = " ".join(path)
        intersperse = not (group_spellings & non_interspersed[tool])
        subcommands = children(path, spellings[tool])
        entry = compact(
            {"options": group_options(tool, path, group), "subcommands": subcommands,
             **command_flags(group)}
        )
        if not intersperse:
            entry["intersperse"] = False
        usage = richest(group).doc.get("usage")
        if usage and not subcommands:
            prefixes = [" ".join(binary_words(tool) + s) for s in group_spellings]
            entry["forms"] = parse_usage(usage, prefixes, payload=not intersperse)
        tree["commands"][" ".join(path)] = entry
    return trees


def merge_compose_v1(tree: dict[str, Any], v1: dict[str, Any]) -> None:
    """Fold Compose v1 into the v2 tree: v1's options that v2 lacks (by long name or
    shorthand) and v1's commands that v2 lacks, flagged ``v1_only``, so that
    ``docker-compose`` lines parse and a rule can say "removed in Compose v2"."""
    commands = tree["commands"]
    merge_v1_options(commands[""], v1["global"]["options"])
    for name, command in sorted(v1["commands"].items()):
        key = tree["aliases"].get(name, name)
        if key not in commands:
            commands[key] = {
                "options": {},
                "v1_only": True,
                "forms": parse_usage(command["usage"], [f"docker-compose {name}"], False),
            }
            add_help(commands[key]["options"], inherited=True)
            commands[""]["subcommands"] = sorted({*commands[""]["subcommands"], name})
        merge_v1_options(commands[key], command["options"])


def merge_v1_options(entry: dict[str, Any], v1_options: list[dict[str, Any]]) -> None:
    options = entry["options"]
    shorts = {o.get("short") for o in options.values()}
    for raw in v1_options:
        if raw["option"] in options or (raw["shorthand"] and raw["shorthand"] in shorts):
            continue
        name = raw["option"] or raw["shorthand"]
        options[name] = compact(
            {"short": raw["shorthand"], "value": bool(raw["takes_value"]), "v1_only": True}
        )


def build_catalog(reference: Path) -> dict[str, Any]:
    trees = build_trees(read_pages(reference))
    v1_file = reference / "compose-cli" / "v1" / "compose-v1-cli.yaml"
    merge_compose_v1(trees["compose"], yaml.safe_load(v1_file.read_text(encoding="utf-8")))
    return {"format": FORMAT, "tools": trees}


def render(catalog: dict[str, Any]) -> str:
    return json.dumps(catalog, indent=None, separators=(",", ":"), sort_keys=True) + "\n"


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="the reference folder (default: %(default)s)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the committed JSON differs from a fresh build")
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        print(f"gen_catalog: reference folder not found: {args.reference}", file=sys.stderr)
        return 2
    text = render(build_catalog(args.reference))
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"gen_catalog: {OUTPUT.relative_to(REPO_ROOT)} is out of date with "
                  f"{args.reference}; run tools/gen_catalog.py and commit the result",
                  file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
