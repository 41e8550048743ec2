"""Code spans found on demand (``doclint.extract.spans``) answer every question as the
full, sorted list of spans would, and scan no paragraph nobody asked about."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import markdown

from doclint.extract.markdown import extract_markdown
from doclint.extract.spans import CodeSpans, PendingText, Span
from doclint.source import SourceFile

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _document(text: str) -> CodeSpans:
    return extract_markdown(SourceFile(Path("doc.md"), "doc.md", text, "markdown")).code_spans


def _answers_match(code: CodeSpans, spans: list[Span], size: int) -> None:
    """Every query against brute force over ``spans`` (the fully scanned list)."""
    for offset in range(size + 1):
        inside = [s for s in spans if s[0] <= offset < s[1]]
        assert code.span_at(offset) == (inside[0] if inside else None), offset
        for end in (offset + 1, offset + 3, offset + 40):
            touching = any(s < end and offset < e for s, e in spans)
            assert code.touches(offset, end) == touching, (offset, end)
            held = any(s <= offset and end <= e for s, e in spans)
            assert code.holds(offset, end) == held, (offset, end)


@settings(max_examples=150, deadline=None)
@given(markdown())
def test_questions_answer_as_the_full_list_would(text: str) -> None:
    spans = list(_document(text))
    assert spans == sorted(spans)
    assert all(a[1] < b[0] for a, b in pairwise(spans))  # merged
    _answers_match(_document(text), spans, len(text))  # a fresh, unscanned one


def test_fixture_documents_answer_as_the_full_list_would() -> None:
    for path in sorted(FIXTURES.rglob("*.md"))[:40]:
        text = path.read_text(encoding="utf-8")
        _answers_match(_document(text), list(_document(text)), len(text))


def test_a_paragraph_is_scanned_only_when_a_question_concerns_it() -> None:
    scanned: list[int] = []

    def paragraph(start: int, end: int, spans: list[Span]) -> PendingText:
        def scan() -> list[Span]:
            scanned.append(start)
            return spans

        return PendingText(start, end, scan)

    code = CodeSpans([(0, 10)], [paragraph(20, 40, [(25, 30)]), paragraph(50, 70, [(60, 62)])])
    assert code.covers(5) and not code.covers(15)
    assert scanned == []  # questions about blocks and gaps scan nothing
    assert code.covers(26) and not code.covers(35)
    assert scanned == [20]  # once, however often asked
    assert code.touches(35, 61) and scanned == [20, 50]
    assert list(code) == [(0, 10), (25, 30), (60, 62)] and scanned == [20, 50]


def test_only_paragraphs_with_docker_are_scanned_while_extracting() -> None:
    text = "Run `docker ps` now.\n\nSee `cargo build` and [the guide](guide.md).\n"
    code = _document(text)
    pending = code._pending
    assert [text[p.start : p.end] for p in pending] == [text.splitlines(keepends=True)[2]]
    assert all(p._spans is None for p in pending)
    start = text.index("`cargo")
    assert code.span_at(start + 1) == (start, start + len("`cargo build`"))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 20)), max_size=12))
def test_known_spans_are_merged_like_the_list(pairs: list[tuple[int, int]]) -> None:
    spans = [(start, start + width) for start, width in pairs]
    code = CodeSpans(spans)
    merged = list(code)
    assert all(any(s <= a and b <= e for s, e in merged) for a, b in spans)
    _answers_match(code, merged, 230)
