"""Property-based tests of ``--fix``: generated Markdown documents and shell scripts
(prose, lists, fences in shell and other languages, console transcripts, inline
spans; LF or CRLF, with or without BOM and final newline) around planted defects.

The generator writes each document twice, as it is and as it must be after fixing,
so the main property is exact: ``--fix`` turns the one into the other, byte for byte.
Independently of that expectation: every character it changes lies inside a finding
of the original, the fixed files lint without the fixed rules' findings, and a second
``--fix`` changes nothing.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doclint.findings import RunResult
from doclint.output.fix.run import run_fixes
from doclint.running.engine import Linter, RunOptions, runs_over

COMPOSE = (
    "services:\n"
    "  api:\n    image: example/api\n    container_name: kamiyo\n"
    "  worker:\n    image: example/worker\n"
)
CONFIG = "renames:\n  kamiyo-api: kamiyo\n  old-worker: shop-worker-1\n"
FIXED_CODES = {"DL101", "DL103", "DL104", "DL201"}

Part = tuple[str, str]
"""Text before fixing, and after."""

FIXABLE: list[Part] = [
    ("docker-compose up -d", "docker compose up -d"),
    ("docker-compose logs -f --tail 50 api", "docker compose logs -f --tail 50 api"),
    ("sudo docker-compose restart api", "sudo docker compose restart api"),
    ("docker logs kamiyo-api --tail 100", "docker logs kamiyo --tail 100"),
    ("docker exec -it kamiyo-api sh", "docker exec -it kamiyo sh"),
    ("docker cp kamiyo-api:/app/data/x.db .", "docker cp kamiyo:/app/data/x.db ."),
    ("docker ps --filter name=kamiyo-api", "docker ps --filter name=kamiyo"),
    ("docker ps | grep kamiyo-api", "docker ps | grep kamiyo"),
    ("docker restart old-worker", "docker restart shop-worker-1"),
    ("docker logs api", "docker logs kamiyo"),
    ("docker logs worker", "docker logs shop-worker-1"),
    ("docker compose restart kamiyo", "docker compose restart api"),
    ("docker-compose stop kamiyo", "docker compose stop api"),
]
CORRECT = ["docker logs kamiyo", "docker compose ps", "docker compose logs api", "echo done"]
COMMANDS: st.SearchStrategy[Part] = st.one_of(
    st.sampled_from(FIXABLE), st.sampled_from([(c, c) for c in CORRECT])
)
WORDS = st.sampled_from(
    ["the", "api", "is", "slow", "check", "host", "page", "on-call", "then", "restart",
     "runbook", "latency", "first", "Kamiyo", "logs", "when", "deploy", "it"]
)  # fmt: skip


def same(text: str) -> Part:
    return text, text


def joined(parts: list[Part], separator: str = "") -> Part:
    return separator.join(p[0] for p in parts), separator.join(p[1] for p in parts)


@st.composite
def prose(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=12)))


@st.composite
def commands(draw: st.DrawFn, prefix: str = "", indent: str = "") -> Part:
    """Command lines, each ``indent + prefix + command + newline``."""
    lines = draw(st.lists(COMMANDS, min_size=1, max_size=4))
    return joined([(f"{indent}{prefix}{b}\n", f"{indent}{prefix}{a}\n") for b, a in lines])


@st.composite
def shell_fence(draw: st.DrawFn) -> Part:
    language = draw(st.sampled_from(["bash", "sh", "shell", "zsh", "bash title=run"]))
    fence = draw(st.sampled_from(["```", "~~~"]))
    indent = draw(st.sampled_from(["", "   "]))
    head = f"1. {draw(prose())}:\n\n" if indent else ""
    body = draw(commands(indent=indent))
    return joined([same(f"{head}{indent}{fence}{language}\n"), body, same(f"{indent}{fence}\n")])


@st.composite
def console(draw: st.DrawFn) -> Part:
    """Prompt lines are commands; output lines, even docker-looking ones, are not."""
    parts: list[Part] = [same("```console\n")]
    for _ in range(draw(st.integers(1, 3))):
        parts.append(draw(commands(prefix="$ ")))
        output = draw(st.sampled_from(FIXABLE))[0]
        parts.append(same(f"{output}  Up 2 days\n"))
    return joined([*parts, same("```\n")])


@st.composite
def other_fence(draw: st.DrawFn) -> Part:
    """Code in other languages is never checked, so never changed."""
    language = draw(st.sampled_from(["python", "yaml", "text", "json"]))
    body = draw(commands())[0]
    return same(f"```{language}\n{body}```\n")


@st.composite
def inline(draw: st.DrawFn) -> Part:
    before, after = draw(st.sampled_from(FIXABLE))
    words = draw(prose())
    return f"- {words} `{before}` {words}\n", f"- {words} `{after}` {words}\n"


@st.composite
def paragraph(draw: st.DrawFn) -> Part:
    lines = draw(st.lists(prose(), min_size=1, max_size=3))
    return same("".join(f"{line}\n" for line in lines))


@st.composite
def markdown(draw: st.DrawFn) -> Part:
    blocks = st.one_of(paragraph(), shell_fence(), console(), other_fence(), inline())
    body = draw(st.lists(blocks, min_size=1, max_size=6))
    return joined([same(f"# {draw(prose())}\n"), *body], "\n")


@st.composite
def script(draw: st.DrawFn) -> Part:
    """Commands on their own, in ``||`` / ``&&`` lists, in ``if`` bodies; comments and
    ``echo`` strings that mention docker are text, not commands."""
    forms: list[Callable[[Part], Part]] = [
        lambda c: (f"{c[0]}\n", f"{c[1]}\n"),
        lambda c: (f"{c[0]} || exit 1\n", f"{c[1]} || exit 1\n"),
        lambda c: (f"if {c[0]}; then\n  echo ok\nfi\n", f"if {c[1]}; then\n  echo ok\nfi\n"),
        lambda c: same(f"# {c[0]}\n"),
        lambda c: same(f'echo "{c[0]}"\n'),
    ]
    lines = draw(st.lists(st.tuples(st.sampled_from(forms), COMMANDS), min_size=1, max_size=6))
    return joined([same("#!/usr/bin/env bash\nset -eu\n"), *(form(c) for form, c in lines)])


@st.composite
def encodings(draw: st.DrawFn) -> Callable[[str], bytes]:
    """How a file stores its text: line endings, BOM, final newline."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.booleans())
    final = draw(st.booleans())

    def encode(text: str) -> bytes:
        text = text.removesuffix("\n") + ("\n" if final else "")
        return ("\ufeff" if bom else "").encode() + text.replace("\n", newline).encode()

    return encode


def lint(root: Path) -> RunResult:
    return Linter(RunOptions(paths=(root,))).run()


def only_spans_changed(before: str, after: str, spans: list[tuple[int, int]]) -> bool:
    """Whether ``after`` is ``before`` with nothing but the characters of ``spans``
    replaced: the text between the spans must come back whole and in order."""
    pattern, position = [], 0
    for start, end in sorted(spans):
        if start >= position:
            pattern.append(re.escape(before[position:start]))
            pattern.append("(?:.*?)")
        position = max(position, end)
    pattern.append(re.escape(before[position:]))
    return re.fullmatch("".join(pattern), after, re.DOTALL) is not None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=markdown(), sh=script(), encode_doc=encodings(), encode_sh=encodings())
def test_fix_changes_exactly_the_planted_defects(
    doc: Part, sh: Part, encode_doc: Callable[[str], bytes], encode_sh: Callable[[str], bytes]
) -> None:
    files = {"docs/run.md": (doc, encode_doc), "scripts/check.sh": (sh, encode_sh)}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "shop"
        (root / "docs").mkdir(parents=True)
        (root / "scripts").mkdir()
        (root / "compose.yaml").write_text(COMPOSE, encoding="utf-8")
        (root / ".doclint.yaml").write_text(CONFIG, encoding="utf-8")
        for name, ((before, _), encode) in files.items():
            (root / name).write_bytes(encode(before))
        original = lint(root)

        run_fixes(runs_over(RunOptions(paths=(root,))), unsafe=False, write=True)

        for name, ((_, after), encode) in files.items():
            written = (root / name).read_bytes()
            assert written == encode(after), name  # line endings, BOM, final newline too
            source = next(s for s in original.sources.values() if s.path == root / name)
            spans = [(f.start, f.end) for f in original.findings if f.path == source.display_path]
            fixed_text = written.decode("utf-8").removeprefix("\ufeff")
            assert only_spans_changed(source.text, fixed_text, spans), name
        remaining = lint(root).findings
        assert [f for f in remaining if f.code in FIXED_CODES] == []
        again = run_fixes(runs_over(RunOptions(paths=(root,))), unsafe=False, write=True)
        assert again.files == []
