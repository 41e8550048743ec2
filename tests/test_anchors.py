"""Heading anchors (``doclint.project.markdown_links.anchors``), the slug rules behind
them, the anchor suggestions (``doclint.suggest.nearest``) and the DL401 anchor classes
on small repositories.

The GitHub cases follow github-slugger's fixtures (its test suite is the public reference
for GitHub's heading ids) and GitHub's rendering of hard headings; the Python-Markdown
cases follow its ``toc`` extension (MkDocs); the ignored fragments follow markdownlint's
MD051."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_tree

from doclint.project.markdown_links import (
    VITEPRESS,
    anchors,
    github_slug,
    markdown_slug,
    vitepress_slug,
)
from doclint.suggest import nearest


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("bravoCharlieDelta", "bravocharliedelta"),
        ("__proto__", "__proto__"),
        ("heading with a - dash", "heading-with-a---dash"),
        ("heading with an _ underscore", "heading-with-an-_-underscore"),
        ("heading with a period.txt", "heading-with-a-periodtxt"),
        (
            "exchange.bind_headers(exchange, routing [, bindCallback])",
            "exchangebind_headersexchange-routing--bindcallback",
        ),
        ("apostrophe\u2019s should be trimmed", "apostrophes-should-be-trimmed"),
        ("I \u2665 unicode", "i--unicode"),
        ("en\u2013dash", "endash"),
        ("\U0001f604 unicode emoji", "-unicode-emoji"),
        ("\U0001f604_\U0001f604 unicode emoji", "_-unicode-emoji"),
        (":smile: - a gemoji", "smile---a-gemoji"),
        ("\u041f\u0440\u0438\u0432\u0435\u0442 non-latin \u4f60\u597d", "привет-non-latin-你好"),
        ("a_ \u203f \u2040b", "a_-\u203f-\u2040b"),  # connector punctuation is kept
        ("x\u00b2 y", "x-y"),  # other numbers (superscripts) are dropped
        ("\u216b x", "\u217b-x"),  # letter numbers are kept, lowercased
        ("a\u24b6 b", "a\u24d0-b"),  # a circled letter is a symbol, but alphabetic
        ("a\u00a0b\tc", "abc"),  # only a plain space becomes "-"
        ("5. Optional: use 127.0.0.1", "5-optional-use-127001"),
    ],
)
def test_github_slug_follows_github_slugger(title: str, slug: str) -> None:
    assert github_slug(title) == slug


@pytest.mark.parametrize(
    ("titles", "slugs"),
    [
        (["alpha", "alpha"], ["alpha", "alpha-1"]),
        (
            ["echo", "echo", "echo 1", "echo-1", "echo"],
            ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2"],
        ),
        (["foxtrot-1", "foxtrot", "foxtrot"], ["foxtrot-1", "foxtrot", "foxtrot-2"]),
    ],
)
def test_github_repeats_follow_github_slugger(titles: list[str], slugs: list[str]) -> None:
    text = "".join(f"## {title}\n\n" for title in titles)
    assert set(slugs) <= anchors(text).found


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        (r"## \_\_init\_\_ method", "__init__-method"),  # escapes keep their character
        ("## Logo ![logo](logo.png)", "logo-"),  # an image at the end leaves its space
        ("## Title <!-- a note -->", "title-"),
        ("# &#x20;a&#x20;", "-a-"),  # an entity space is a space
        ("## Use [the CLI][cli] now\n\n[cli]: https://example.com", "use-the-cli-now"),
        ("## [`docker compose`](https://docs.docker.com) v2", "docker-compose-v2"),
        ("## Ship *fast* &amp; **safe**", "ship-fast--safe"),
    ],
)
def test_github_reads_hard_headings_as_github_renders_them(heading: str, slug: str) -> None:
    assert slug in anchors(heading + "\n").found


@pytest.mark.parametrize(
    ("titles", "slugs"),
    [
        (["Foo Bar"], ["foo-bar"]),
        (["A  --  B"], ["a-b"]),
        (["Ünïcödé Wörds"], ["unicode-words", "ünïcödé-wörds"]),  # default and unicode slugify
        (["Intro", "Intro", "Intro"], ["intro", "intro_1", "intro_2"]),
        (["Step_1", "Step_1"], ["step_1", "step_2"]),  # a counted slug counts on
        (["!!!"], ["_1"]),  # an empty slug is never an id
    ],
)
def test_markdown_toc_slugs_and_repeats(titles: list[str], slugs: list[str]) -> None:
    text = "".join(f"## {title}\n\n" for title in titles)
    assert set(slugs) <= anchors(text).found


def test_markdown_slug_drops_accents() -> None:
    assert markdown_slug("Déjà vu, again!") == "deja-vu-again"


def test_an_explicit_id_replaces_the_slug() -> None:
    found = anchors("## File name handling {#filename-handling}\n").found
    assert "filename-handling" in found
    assert "file-name-handling-filename-handling" in found  # GitHub shows it as text
    assert "file-name-handling" not in found  # no generator makes this one


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("<h3>Technology Sponsors</h3>\n", "technology-sponsors"),
        ('<h2 align="center">Get <b>started</b></h2>\n', "get-started"),
        ('<a name="old-name" id="new-id"></a>\n', "old-name"),
        ('<a name="old-name" id="new-id"></a>\n', "new-id"),
        ("<div class='x' id=box></div>\n", "box"),
        ('<span data-id="no" id="yes"></span>\n', "yes"),
        ("(my-target)=\n# Title\n", "my-target"),
        ('=== "Linux"\n\n    run it\n\n=== "macOS"\n\n    run it\n', "macos"),
        ('=== "Linux"\n\n    run it\n\n=== "macOS"\n\n    run it\n', "__tabbed_1_2"),
        ('=== "A"\n    a\n\ntext\n\n=== "B"\n    b\n', "__tabbed_2_1"),
        ('=== "A"\n    a\n\n===+! "B"\n    b\n', "__tabbed_2_1"),  # ! starts a new set
    ],
)
def test_explicit_anchors(text: str, anchor: str) -> None:
    assert anchor in anchors(text).found


@pytest.mark.parametrize(
    ("text", "not_an_anchor"),
    [
        ('<input name="email">\n', "email"),  # name is an anchor on <a> only
        ('<div data-id="no"></div>\n', "no"),
        ('=== "A"\n    a\n\n=== "B"\n    b\n', "__tabbed_2_1"),  # one set of two tabs
    ],
)
def test_what_is_no_anchor(text: str, not_an_anchor: str) -> None:
    assert not_an_anchor not in anchors(text).found


def test_suggestions_offer_html_ids_as_written() -> None:
    found = anchors('<a id="opt-Providers-fileDirectory"></a>\n# Title\n')
    assert "opt-providers-filedirectory" in found.found
    assert "opt-Providers-fileDirectory" in found.named
    assert "title" in found.named


def test_front_matter_keys_may_be_sections_of_the_layout() -> None:
    found = anchors("---\ntitle: x\nfurther_reading:\n- https://example.com\n---\n# X\n")
    assert "further-reading" in found.found
    assert "further-reading" not in found.named  # never suggested


@pytest.mark.parametrize(
    ("wrong", "candidates", "suggestion"),
    [
        ("access-logs", ["logs", "accesslogs"], "accesslogs"),  # not the word it contains
        ("iframe-control", ["iframe-src-control", "host-iframe-control"], "host-iframe-control"),
        ("directory", ["opt-providers-file-directory", "dir"], "opt-providers-file-directory"),
        ("middleware", ["middlewares", "routers"], "middlewares"),
        ("optproxynextupstream", ["optProxyNextUpstreamA"], "optProxyNextUpstreamA"),
        ("network-segregation", ["host-networking", "separate-containers"], None),
        ("exposedbydefault-and-traefikenable", ["default-precedence"], None),
        # near twins: no guess among versions
        (
            "updating-to-v2004-or-higher",
            [
                "updating-to-v2104-or-higher",
                "updating-to-v2204-or-higher",
                "updating-to-v0304-or-higher",
            ],
            None,
        ),
        (
            "updating-to-v2004-or-higher",
            ["updating-to-v2104-or-higher", "install"],
            "updating-to-v2104-or-higher",
        ),
    ],
)
def test_nearest_is_close_or_nothing(
    wrong: str, candidates: list[str], suggestion: str | None
) -> None:
    assert nearest(wrong, candidates) == suggestion


# ----------------------------------------------------------------- DL401 on a repository


def anchor_messages(tmp_path: Path, files: dict[str, str]) -> list[str]:
    return [f.message for f in lint_tree(tmp_path, files, "DL401")]


@pytest.mark.parametrize(
    "readme",
    [
        "[a](#__init__-method)\n\n## \\_\\_init\\_\\_ method\n",
        "[a](#logo-)\n\n## Logo ![logo](https://example.com/logo.png)\n",
        "[a](#sponsors-1)\n\n## Sponsors\n\n<h3>Sponsors</h3>\n",
        "[a](#use-the-cli-now)\n\n## Use [the CLI][cli] now\n\n[cli]: https://example.com\n",
        "[a](#L7) [b](#L30-L31) [c](#tab/linux)\n",
        '[a](#Box)\n\n<div id="box"></div>\n',
        "[a](#target)\n\n(target)=\n## Elsewhere\n",
        "[a](docs/page.md#further-reading)\n",
        "[a][r]\n\n## Foo_bar\n\n[r]: #foo\\_bar\n",
    ],
)
def test_anchors_that_exist_are_quiet(tmp_path: Path, readme: str) -> None:
    page = "---\nfurther_reading:\n- https://example.com\n---\n# Page\n"
    assert anchor_messages(tmp_path, {"README.md": readme, "docs/page.md": page}) == []


@pytest.mark.parametrize(
    ("readme", "expected"),
    [
        ("[a](#init-method)\n\n## \\_\\_init\\_\\_ method\n", "Did you mean `#__init__-method`?"),
        ('[a](#opt-dri)\n\n<a id="opt-Dir"></a>\n', "Did you mean `#opt-Dir`?"),
        ("[a](#access-logs)\n\n## Logs\n\n## AccessLogs\n", "Did you mean `#accesslogs`?"),
        ("[a](#directory)\n\n<a id='opt-file-Directory'></a>\n", "`#opt-file-Directory`?"),
        ("[a](#network-segregation)\n\n## Host networking\n", "the link opens at the top."),
        ("[a](#file-name-handling)\n\n## File name handling {#filename-handling}\n", "top."),
    ],
)
def test_missing_anchors(tmp_path: Path, readme: str, expected: str) -> None:
    (message,) = anchor_messages(tmp_path, {"README.md": readme})
    assert expected in message


def test_a_far_name_is_no_suggestion(tmp_path: Path) -> None:
    (message,) = anchor_messages(tmp_path, {"README.md": "[a](#network)\n\n## Sponsors\n"})
    assert "Did you mean" not in message


def test_the_fix_span_is_the_fragment_as_written(tmp_path: Path) -> None:
    text = "[a][r]\n\n## Foo_baz\n\n[r]: #foo\\_bar\n"
    (finding,) = lint_tree(tmp_path, {"README.md": text}, "DL401")
    line = text.splitlines()[finding.line - 1]
    assert line[finding.column - 1 : finding.end_column - 1] == "foo\\_bar"


SITE = {
    "mkdocs.yml": "site_name: x\ndocs_dir: pages\nmarkdown_extensions:\n  - toc\n",
    "pages/guide.md": "# Guide\n\n## Users & Files\n\n## Setup\n\n## Setup\n",
}


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # a page of an MkDocs site links under Python-Markdown's toc slugs only
        ({"pages/index.md": "[u](guide.md#users--files)"}, ["Did you mean `#users-files`?"]),
        ({"pages/index.md": "[s](guide.md#setup-1)"}, ["Did you mean `#setup_1`?"]),
        ({"pages/index.md": "[u](guide.md#users-files) [s](guide.md#setup_1)"}, []),
        # GitHub shows a file outside the site: either rule may render the target
        ({"README.md": "[u](pages/guide.md#users--files) [s](pages/guide.md#setup-1)"}, []),
        # a site with its own slugify: its rule is unknown
        (
            {
                "mkdocs.yml": "docs_dir: pages\nmarkdown_extensions:\n  - toc:\n      slugify: x\n",
                "pages/index.md": "[u](guide.md#users--files)",
            },
            [],
        ),
        # Docusaurus uses github-slugger
        (
            {"web/docusaurus.config.js": "", "web/docs/a.md": "[s](b.md#setup_1)"},
            ["Did you mean `#setup-1`?"],
        ),
    ],
)
def test_a_docs_site_links_under_its_own_slug_rule(
    tmp_path: Path, files: dict[str, str], expected: list[str]
) -> None:
    tree = {**SITE, "web/docs/b.md": SITE["pages/guide.md"], **files}
    messages = anchor_messages(tmp_path, tree)
    assert len(messages) == len(expected)
    assert all(want in got for want, got in zip(expected, messages, strict=True))


MD051_HEADINGS = """# Fragments

### Quotes ' And Double Quotes "

### Release 20.04 \u2714\ufe0f

### Trailing Space <!-- comment -->

### Two Trailing Spaces  <!-- comment -->

### Embedded <!-- comment --> Comment

### Has ![an Image](https://example.com)

### ![Is an Image](https://example.com)

### Escaped\\-With\\_Underscores

## $\\pi * r^2$ Area

### Named Fragment {#named--fragment}

### L12 Not A Line Link

<a id = bare-id></a>

<p name="name-of-a-p"></p>
"""


@pytest.mark.parametrize(
    "fragment",
    [
        "quotes--and-double-quotes-",
        "release-2004-%EF%B8%8F",  # the variation selector is a mark: kept
        "trailing-space-",
        "two-trailing-spaces--",
        "embedded--comment",
        "has-",
        "escaped-with_underscores",
        "pi--r2-area",
        "named--fragment",
        "named-fragment-named--fragment",
        "l12-not-a-line-link",
        "bare-id",
        "L7",
        "L30-L31",
        "L3C24-L88",
        "L304-L314C98",
        "top",
    ],
)
def test_valid_fragments_as_markdownlint_md051(tmp_path: Path, fragment: str) -> None:
    files = {"README.md": f"[a](#{fragment})\n\n" + MD051_HEADINGS}
    assert anchor_messages(tmp_path, files) == []


@pytest.mark.parametrize(
    "fragment",
    [
        "is-an-image",  # an image's alt text is no heading text
        "release-2004-",
        "named-fragment",  # an explicit id replaces the slug
        "name-of-a-p",  # name is an anchor on <a> only
        "l7",
        "L30C12",  # a column only in a range
        "L30C11-L31C",
    ],
)
def test_invalid_fragments_as_markdownlint_md051(tmp_path: Path, fragment: str) -> None:
    files = {"README.md": f"[a](#{fragment})\n\n" + MD051_HEADINGS}
    assert len(anchor_messages(tmp_path, files)) == 1


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("1. Setup Development Environment", "_1-setup-development-environment"),
        ("How to deploy non-static apps?", "how-to-deploy-non-static-apps"),
        ("Café & Co", "cafe-co"),
        ("Coolify's magic -- variables", "coolify-s-magic-variables"),
    ],
)
def test_vitepress_slug(title: str, slug: str) -> None:
    assert vitepress_slug(title) == slug


def test_a_fence_left_open_in_a_list_item_ends_with_the_item() -> None:
    text = (
        "# T\n\n- **Command:**\n   ```bash\n   docker ps\n- **Next:** more\n\n"
        "## 4. Proxy Issues\n\ntext\n"
    )
    assert "4-proxy-issues" in anchors(text).found
    assert "_4-proxy-issues" in anchors(text, frozenset({VITEPRESS})).found
