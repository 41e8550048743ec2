"""Plain commands read from their tokens are exactly what bashlex makes of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import documents
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shared_data import locate

from doclint.extract import Snippet
from doclint.extract.markdown import extract_markdown
from doclint.extract.script import extract_script
from doclint.project.analysis import read_source
from doclint.shell import parse
from doclint.shell.parse import parse_snippet
from doclint.shell.simple import simple_commands
from doclint.shell.words import Command
from doclint.shellsyntax.tokenize import tokenize
from doclint.source import MappedText, SourceFile

REPO = Path(__file__).resolve().parent.parent


def commands(text: str, monkeypatch: pytest.MonkeyPatch, fast: bool) -> list[Command]:
    """The commands of ``text``, with or without reading plain commands from tokens."""
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(parse, "simple_commands", lambda text, tokens: None)
        return parse_snippet(Snippet(MappedText.from_span(text, 0), "fence", "bash", 1))


def agrees(text: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    return commands(text, monkeypatch, True) == commands(text, monkeypatch, False)


def _snippet_texts(*roots: Path) -> list[str]:
    texts = []
    for path in documents(*roots, suffixes=(".md", ".sh")):
        source = read_source(path, str(path), "markdown" if path.suffix == ".md" else "shell")
        if isinstance(source, SourceFile):
            extract = extract_markdown if source.kind == "markdown" else extract_script
            texts.extend(snippet.text.text for snippet in extract(source).snippets)
    return texts


def assert_real_snippets_agree(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """More than 50 snippets take the plain path (so that it is tested), and every one
    reads the same both ways."""
    simple = [t for t in texts if simple_commands(t, tokenize(t, 0, len(t)).tokens) is not None]
    assert len(simple) > 50
    assert [t for t in texts if not agrees(t, monkeypatch)] == []


def test_snippets_of_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    assert_real_snippets_agree(_snippet_texts(REPO / "fixtures"), monkeypatch)


@pytest.mark.shared("corpus", "bench/rust-book")
def test_shared_snippets(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _snippet_texts(locate("corpus"), locate("bench/rust-book"))
    assert_real_snippets_agree(texts, monkeypatch)


WORD = st.sampled_from(
    [
        "docker", "compose", "logs", "-f", "--tail=50", "api", "db-1", "a.b", "./run.sh",
        "/usr/bin/env", "X=1", "PATH=/x:/y", "user@host", "50%", "a+b", "a,b", "-", "--",
        ".", "..", "=", "a=", "make", "cd", "echo", "test", "[", "]", "exec", "sudo",
        "if", "then", "fi", "for", "in", "do", "done", "{", "}", "!", "time", "[[", "]]",
        "'q'", '"d"', "$X", "${X}", "$(pwd)", "`pwd`", "a*", "?", "~", "~/x", "a\\ b",
        "#comment", "a#b", "'a b'", '"x y"', "a'b'c", "'{{.Names}}'", '"a$b"', '"!x"',
        "X='a b'", "--format='{{.ID}}'", '"a\\"b"', "''", '""', "'multi\nline'",
    ]
)  # fmt: skip
SEPARATOR = st.sampled_from(
    [" ", "  ", "\t", " | ", "|", " && ", " || ", "; ", ";", "\n", " \\\n  ", " & ", " ;; ",
     " > ", " 2>&1 ", "\n\n", " |\n", " &&\n", " (", ") ", " >> ", " < ", " 2> ", ">",
     " &> ", " >& ", " 1>", " <<< ", " <&", " 3> ", " >| "]
)  # fmt: skip


@st.composite
def command_line(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(WORD, SEPARATOR), max_size=10))
    text = "".join(word + separator for word, separator in parts)
    return draw(st.sampled_from(["", " ", "; ", "| ", "\n"])) + text


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=command_line())
def test_generated_command_lines(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert agrees(text, monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        "docker ps | grep api && docker logs api; echo done\n\ndocker compose up -d",
        "a |\nb",  # a line break after an operator: left to bashlex
        "a && ",
        "; a",
        "a & b",
        "docker;#comment",  # bashlex reads a command there
        "if x; then y; fi",
        "echo 'a b'",
    ],
)
def test_edges(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert agrees(text, monkeypatch)


KEYWORD = st.sampled_from(["case", "while", "until", "select", "esac", "in", "(", "<<EOF", "<"])


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.one_of(command_line(), KEYWORD), max_size=4).map(" ".join))
def test_a_prompt_line_without_openers_is_complete(text: str) -> None:
    """A transcript command that ``_MAY_STAY_OPEN`` finds nothing in is complete:
    tokenizing it would find no open quote, operator, here-document or block."""
    from doclint.extract.transcript import _MAY_STAY_OPEN
    from doclint.shellsyntax.fallback import parse_fallback

    if _MAY_STAY_OPEN.search(text):
        return
    state = parse_fallback(text)
    lexed = state.lexed
    assert not (lexed.open_heredoc or lexed.wants_operand or lexed.unterminated)
    assert not state.open_block
