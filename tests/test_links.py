"""DL401 broken-link and the link/anchor reader behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_tree

from doclint.extract.spans import CodeSpans
from doclint.project.markdown_links import anchors, github_slug, links, markdown_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Hello, World!", "hello-world"),
        ("Where\u2019s the `->` Operator?", "wheres-the---operator"),
        ("5. Optional: use 127.0.0.1", "5-optional-use-127001"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Ünïcödé Wörds", "ünïcödé-wörds"),
    ],
)
def test_github_slug(title: str, slug: str) -> None:
    assert github_slug(title) == slug


def test_markdown_slug_collapses_runs() -> None:
    assert markdown_slug("A  --  B") == "a-b"


def test_anchors_repeats_explicit_ids_and_quotes() -> None:
    text = (
        "# Intro\n## Intro\n## Intro\n> ### Quoted [link](x.md) `code`\n"
        "Setext\n------\n### Custom {#my-id}\n<a name=\"old\"></a> <div id='box'></div>\n"
        "```bash\n# a comment, not a heading\n```\n"
    )
    found = anchors(text).found
    assert {"intro", "intro-1", "intro-2", "intro_1", "quoted-link-code", "setext"} <= found
    assert {"my-id", "custom-my-id", "old", "box"} <= found
    assert "a-comment-not-a-heading" not in found


def test_links_are_found_with_their_exact_spans() -> None:
    text = 'See [a](x.md "t"), ![i](<a b.png>), [![b](b.svg)](dir/).\n\n[r]: ./y.md#z\n'
    found = [
        (link.target, text[link.start : link.end], link.image) for link in links(text, CodeSpans())
    ]
    assert found == [
        ("x.md", "x.md", False),
        ("a b.png", "a b.png", True),
        ("b.svg", "b.svg", True),
        ("dir/", "dir/", False),
        ("./y.md#z", "./y.md#z", False),
    ]


def test_links_in_code_and_documents_without_links_cost_nothing() -> None:
    text = "`[a](x.md)` and\n\n    [b](y.md)\n"
    assert links(text, CodeSpans([(0, 11), (17, len(text))])) == []
    assert links("# Title\n\nNo links here.\n", CodeSpans()) == []


REPO = {
    "docs/guide.md": "# Guide\n\n## Setup\n\n## Setup\n",
    "docs/img/a.png": "png",
    "book/src/ch01.md": "# Getting Started\n",
    "site/page.md": "# Page\n",
    "site/other.md": "# Other\n\n## Part\n",
}


def broken(tmp_path: Path, markdown: str, files: dict[str, str] | None = None) -> list[str]:
    tree = {**REPO, **(files or {}), "README.md": markdown}
    return [f.message for f in lint_tree(tmp_path, tree, "DL401") if f.path.endswith("README.md")]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[g](docs/gide.md)", "Did you mean `docs/guide.md`?"),
        ("![a](docs/img/b.png)", "Image `docs/img/b.png` does not exist"),
        ("[g](docs/guide.md#setpu)", "Did you mean `#setup`?"),
        ("[g](docs/guide.md#setup-2)", "No heading or anchor `#setup-2`"),
        ("[g](#nowhere)\n\n# Here", "in this document"),
        ("[g](/docs/nope.md)", "Link target `/docs/nope.md` does not exist"),
        ("[g][r]\n\n[r]: docs/nope.md", "`docs/nope.md` does not exist"),
    ],
)
def test_broken_links(tmp_path: Path, markdown: str, expected: str) -> None:
    (message,) = broken(tmp_path, markdown)
    assert expected in message


@pytest.mark.parametrize(
    "markdown",
    [
        "[g](docs/guide.md#setup-1) [g](docs/guide.md#Setup) [g](docs/guide.md#user-content-setup)",
        "[g](docs/) [g](docs) [g](/docs/guide.md) [g](docs/guide%2Emd)",
        "[c](book/src/ch01.html#getting-started) [built](book/ch02.html)",
        "[x](https://example.com/x.md) [m](mailto:a@b.c) [p](//cdn.example.com/x.js)",
        "[t](#top) [h](#here)\n\n# Here",
        "[up](../../elsewhere/README.md)",  # outside the repository
        "[t]({{ site.url }}/x.md)",
        "[src](docs/guide.md?plain=1)",
        "`[g](nope.md)`\n\n```\n[g](nope.md)\n```",
        "[^1]\n\n[^1]: a footnote, [g](docs/guide.md)",
    ],
)
def test_links_that_work_or_cannot_be_judged_are_quiet(tmp_path: Path, markdown: str) -> None:
    assert broken(tmp_path, markdown) == []


def test_site_style_links_find_their_page(tmp_path: Path) -> None:
    files = {"site/index.md": "[o](../other/#part) [o](other/) [p](../page/)"}
    found = lint_tree(tmp_path, {**REPO, **files, "README.md": "x"}, "DL401")
    assert found == []


def test_gitignored_targets_are_generated(tmp_path: Path) -> None:
    assert broken(tmp_path, "[api](build/api.md)", {".gitignore": "build/\n"}) == []


def test_span_covers_the_fragment_only(tmp_path: Path) -> None:
    tree = {**REPO, "README.md": "See [g](docs/guide.md#setpu).\n"}
    (finding,) = lint_tree(tmp_path, tree, "DL401")
    assert (finding.column, finding.end_column) == (23, 28)
    assert finding.fix is not None and finding.fix.edits[0].text == "setup"


def test_paths_the_system_refuses_are_not_judged(tmp_path: Path) -> None:
    from doclint.running.engine import Linter, RunOptions

    name = "a" * 300
    block = f"cat {name}.txt\nmake -C {name} x\nnpm --prefix {name} run x\ncd {name} && ./x.sh"
    text = f"[x]({name}.md) [y](#{name})\n\n```bash\n{block}\n```\n"
    lint_tree(tmp_path, {"doc.md": text, "Makefile": "all:\n"}, "DL401")
    result = Linter(RunOptions(paths=(tmp_path,), select=("DL107", "DL401", "DL402"))).run()
    assert not result.diagnostics


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_each_link_is_found_once_whatever_the_line_ends(newline: str) -> None:
    text = newline.join(
        ["# T", "", "## Setup", "", "see [x](./nope.md) and [s](#setup)", "  ", "- [a](#setup)", ""]
    )
    found = [(link.target, link.start) for link in links(text, CodeSpans())]
    assert [target for target, _ in found] == ["./nope.md", "#setup", "#setup"]
    assert all(text[start:].startswith(target) for target, start in found)


def test_a_missing_escaped_target_is_underlined_as_written(tmp_path: Path) -> None:
    (finding,) = lint_tree(tmp_path, {"doc.md": "[r]\n\n[r]: ./a\\_b.md\n"}, "DL401")
    assert (finding.line, finding.column, finding.end_column) == (3, 6, 15)
