"""Input built to be slow, deep or large: alias bombs, deep nesting, a 50 MB document,
symlink loops, unbalanced quotes.

Two places read these: the tests check that doclint handles each one (the right message
and exit code, the right result, bounded memory), and benchmarks/limits.py times the same
input against its time limit. Wall-clock limits are not asserted in the tests, where a
busy machine would fail them; they are verdicts of a measurement run on demand.
"""

from __future__ import annotations

import os
from pathlib import Path

from helpers import make_repo

COMPOSE = "services:\n  api:\n    image: x\n    container_name: kamiyo\n"
DOC = "```bash\ndocker logs kamiyo-api\n```\n"
"""A runbook naming a container ``COMPOSE`` does not define (DL101 at line 2, column 13)."""

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
services:
  api:
    image: x
    labels: *i
"""


def repo(root: Path, **files: str | bytes) -> Path:
    """A git checkout at ``root`` holding ``files`` (``__`` in a name is a ``/``)."""
    (root / ".git").mkdir()
    return make_repo(root, {name.replace("__", "/"): data for name, data in files.items()})


# --- whole repositories, for the command line ---------------------------------------


def alias_bomb_repo(root: Path) -> Path:
    """A compose file whose aliases expand to 9⁹ strings: refused, exit 2."""
    return repo(root, **{"compose.yaml": BILLION_LAUGHS, "a.md": DOC})


def deep_compose_repo(root: Path) -> Path:
    """A compose value nested 10,000 lists deep: refused, exit 2."""
    deep = "services:\n  api:\n    image: x\n    labels: " + "[" * 10_000 + "]" * 10_000 + "\n"
    return repo(root, **{"compose.yaml": deep, "a.md": DOC})


def deep_markdown_repo(root: Path) -> Path:
    """Block quotes 10,000 deep and lists 2,000 deep: linted, exit 0 or 1."""
    quotes = "> " * 10_000 + "`docker logs kamiyo-api`\n"
    lists = "".join("  " * i + "- x\n" for i in range(2_000))
    return repo(root, **{"compose.yaml": COMPOSE, "q.md": quotes, "l.md": lists})


def huge_document_repo(root: Path) -> Path:
    """A 50 MB document beside a small one: skipped with a message, the other linted."""
    repo(root, **{"compose.yaml": COMPOSE, "a.md": DOC})
    (root / "huge.md").write_bytes(b"x" * (50 * 1024 * 1024))
    return root


def symlink_loop_repo(root: Path) -> Path:
    """A folder linking to itself and a dangling link: each walked once, not followed."""
    repo(root, **{"compose.yaml": COMPOSE, "docs__a.md": DOC})
    os.symlink(root / "docs", root / "docs" / "loop")
    os.symlink(root / "missing.md", root / "docs" / "dangling.md")
    return root


# --- single texts, for one stage ---------------------------------------------------


def alias_bomb_yaml() -> str:
    """Nine lists of nine aliases, each to the list before, over nine strings (9¹⁰
    leaves), then an empty ``services``."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\nservices: {}\n"


def dotenv_with_an_open_quote() -> str:
    """A quote never closed, then 50,000 lines a quadratic reader would rescan."""
    return 'A="x\n' + "B=1\n" * 50_000


def shell_with_unbalanced_quotes() -> str:
    """2,000 lines that each open a substitution or a quote and never close it; 1,000
    of them run docker."""
    return "echo $(docker ps\n" * 1000 + 'echo "a ${b\n' * 1000
