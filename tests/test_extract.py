"""Markdown and shell scripts → snippets and code spans, with exact file positions."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import locate

from doclint.extract import ExtractedDocument, Snippet
from doclint.extract import markdown as markdown_module
from doclint.extract.markdown import extract_markdown
from doclint.extract.script import extract_script
from doclint.extract.spans import CodeSpans
from doclint.shell.parse import parse_snippet
from doclint.source import SourceFile

CORPUS = locate("corpus")


def source(text: str, kind: str = "markdown") -> SourceFile:
    return SourceFile(path=Path("x.md"), display_path="x.md", text=text, kind=kind)


def extract(text: str) -> ExtractedDocument:
    return extract_markdown(source(text))


def texts(text: str) -> list[str]:
    return [snippet.text.text for snippet in extract(text).snippets]


def commands(text: str) -> list[list[str]]:
    return [
        [word.value for word in command.words]
        for snippet in extract(text).snippets
        for command in parse_snippet(snippet)
    ]


def assert_faithful(src: SourceFile, snippet: Snippet) -> None:
    """Every snippet character is the file character at its offset, except the joins
    extraction adds (newlines; a wrapped inline span's line break read as a blank) and
    tabs markdown-it expanded into blanks."""
    for char, offset in zip(snippet.text.text, snippet.text.offsets, strict=True):
        assert 0 <= offset <= len(src.text)
        if offset < len(src.text) and src.text[offset] != char:
            assert char in "\n " and src.text[offset] in "\r\n\t \0", (char, offset)


def word_at(src: SourceFile, value: str) -> tuple[int, int]:
    """1-based line and column of the first command word with this value."""
    for snippet in extract_markdown(src).snippets:
        for command in parse_snippet(snippet):
            for word in command.prefixes + command.words:
                if word.value == value:
                    assert src.text[word.start : word.end] == word.raw
                    return src.line_col(word.start)
    raise AssertionError(f"no word {value!r}")


# --- fenced blocks -----------------------------------------------------------------


def test_fenced_shell_block() -> None:
    text = "# Run\n\n```bash\ndocker compose up -d\n```\n"
    (snippet,) = extract(text).snippets
    assert (snippet.kind, snippet.language, snippet.line) == ("fence", "bash", 4)
    assert snippet.text.text == "docker compose up -d"
    assert snippet.text.offsets[0] == text.index("docker")


@pytest.mark.parametrize(
    ("info", "language"),
    [
        ("bash", "bash"),
        ("sh", "sh"),
        ("shell", "shell"),
        ("zsh", "zsh"),
        ("Bash", "bash"),
        ('bash title="deploy.sh"', "bash"),
        ("{.bash}", "bash"),
        ("{.bash .numberLines}", "bash"),
        ("bash{1,3}", "bash"),
        ("sh,ignore", "sh"),
        ("console", "console"),
        ("shell-session", "shell-session"),
        ("shellsession", "shellsession"),
        ("terminal", "terminal"),
    ],
)
def test_shell_info_strings(info: str, language: str) -> None:
    (snippet,) = extract(f"```{info}\ndocker ps\n```\n").snippets
    assert snippet.language == language
    assert snippet.text.text == "docker ps"


@pytest.mark.parametrize(
    "info", ["yaml", "python", "dockerfile", "text", "plaintext", "output", "powershell", "docker"]
)
def test_other_languages_are_not_shell(info: str) -> None:
    assert extract(f"```{info}\ndocker ps\n```\n").snippets == []


def test_tilde_fences_and_longer_fences() -> None:
    assert texts("~~~sh\ndocker ps\n~~~\n\n````bash\n```\ndocker logs x\n````\n") == [
        "docker ps",
        "```\ndocker logs x",
    ]


def test_unterminated_fence_runs_to_the_end_and_is_reported() -> None:
    doc = extract("Intro\n\n```bash\ndocker ps\n\nMore prose\n")
    assert doc.problems == [(3, "code fence opened at line 3 is never closed")]
    assert [s.text.text for s in doc.snippets] == ["docker ps\n\nMore prose"]
    assert extract("```bash\ndocker ps\n```").problems == []
    assert texts("```bash\ndocker ps") == ["docker ps"]


# --- console transcripts -----------------------------------------------------------

TRANSCRIPT = """\
```console
$ docker compose up -d
Creating network "app_default" with the default driver
Creating app_web_1 ... done
user@host:~$ docker ps
CONTAINER ID   IMAGE   COMMAND
3adaea94142d   web     "python3 app.py"
[root@server ~]# docker logs web
(venv) $ docker compose \\
>   logs -f
# docker rm -f web
# Now open the browser
```
"""


def test_console_output_never_becomes_commands() -> None:
    assert commands(TRANSCRIPT) == [
        ["docker", "compose", "up", "-d"],
        ["docker", "ps"],
        ["docker", "logs", "web"],
        ["docker", "compose", "logs", "-f"],
        ["docker", "rm", "-f", "web"],
    ]


def test_prompts_are_removed_with_exact_positions() -> None:
    src = source(TRANSCRIPT)
    assert word_at(src, "ps") == (5, 21)
    assert word_at(src, "logs") == (8, 25)
    (snippet,) = extract_markdown(src).snippets
    assert_faithful(src, snippet)


@pytest.mark.parametrize(
    "prompt",
    [
        "$ ",
        "$> ",
        "user@host:~$ ",
        "root@web-1:/srv# ",
        "[deploy@host app]$ ",
        "(venv) $ ",
        "(venv) me@host:~/app$ ",
        "  $ ",
    ],
)
def test_prompt_styles(prompt: str) -> None:
    text = f"```\n{prompt}docker ps\nCONTAINER ID\n```\n"
    src = source(text)
    assert commands(text) == [["docker", "ps"]]
    assert word_at(src, "ps") == (2, len(prompt) + 8)


def test_root_prompt_only_in_console_blocks() -> None:
    assert commands("```bash\n# docker rm -f web\ndocker ps\n```\n") == [["docker", "ps"]]
    assert commands("```console\n# docker rm -f web\n```\n") == [["docker", "rm", "-f", "web"]]


def test_a_prompt_turns_a_shell_block_into_a_transcript() -> None:
    text = "```bash\n$ docker ps\nCONTAINER ID   IMAGE\n$ docker logs web\nhello\n```\n"
    assert commands(text) == [["docker", "ps"], ["docker", "logs", "web"]]


def test_console_block_without_prompts_is_read_as_commands_when_it_looks_like_them() -> None:
    assert commands("```console\ndocker compose up -d\n```\n") == [
        ["docker", "compose", "up", "-d"]
    ]
    assert commands("```console\nCreating app_web_1 ... done\n```\n") == []


def test_transcript_heredoc_and_open_quotes() -> None:
    text = (
        "```console\n"
        "$ cat <<EOF > .env\n"
        "> TAG=1\n"
        "> EOF\n"
        "$ docker run -e 'A=1\n"
        "> B=2' nginx\n"
        "$ echo don't\n"
        "don't is output\n"
        "```\n"
    )
    assert commands(text) == [
        ["cat"],
        ["docker", "run", "-e", "A=1\nB=2", "nginx"],
        ["echo", "don't"],
    ]


def test_trailing_operator_continues_a_prompt_line() -> None:
    assert commands("```console\n$ docker ps -q |\n  xargs docker rm\nabc123\n```\n") == [
        ["docker", "ps", "-q"],
        ["docker", "rm"],
    ]


# --- unlabelled and indented blocks ------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "docker compose up -d\ndocker compose logs -f",
        "# start it\nsudo docker run -d \\\n  -p 80:80 nginx",
        "cd deploy && make up",
        "cat > /tmp/x.php << EOF\n<?php\n$x = 1;\nEOF\ndocker cp /tmp/x.php web:/x.php",
        "if [ -f .env ]; then\n  docker compose up -d\nfi",
        "./install.sh --yes",
    ],
)
def test_unlabelled_blocks_that_are_shell(body: str) -> None:
    (snippet,) = extract(f"```\n{body}\n```\n").snippets
    assert snippet.language == ""
    indented = "    " + body.replace("\n", "\n    ")
    assert [s.kind for s in extract(f"Text\n\n{indented}\n").snippets] == ["indented"]


@pytest.mark.parametrize(
    "body",
    [
        "services:\n  web:\n    image: nginx",
        '{\n  "name": "web",\n  "image": "nginx"\n}',
        "import os\nprint(os.environ)",
        "FROM python:3.12\nRUN pip install -r requirements.txt",
        "Creating network app_default\nCreating app_web_1 ... done",
        "docker ps\nCONTAINER ID   IMAGE   COMMAND",
        ".\n├── compose.yaml\n└── app",
        "LISTEN_IPV6=1",
        "docker volume create ^\n--driver local ^\n--name data",
    ],
)
def test_unlabelled_blocks_that_are_not_shell(body: str) -> None:
    assert extract(f"```\n{body}\n```\n").snippets == []
    indented = "    " + body.replace("\n", "\n    ")
    assert extract(f"Text\n\n{indented}\n").snippets == []


def test_unlabelled_transcript() -> None:
    assert commands("```\n$ curl localhost:8000\nHello World!\n```\n") == [
        ["curl", "localhost:8000"]
    ]


# --- exact positions ---------------------------------------------------------------

NESTED = """\
1. Install

   - Start the stack:

     ```bash
     docker compose up -d
     ```

> Note
>
> 1. Inside a quote and a list:
>    ```sh
>    sudo docker logs -f web
>    ```
"""


def test_positions_in_nested_lists_and_block_quotes() -> None:
    src = source(NESTED)
    assert word_at(src, "up") == (6, 21)
    assert word_at(src, "sudo") == (13, 6)
    assert word_at(src, "web") == (13, 26)
    for snippet in extract_markdown(src).snippets:
        assert_faithful(src, snippet)


def test_positions_in_a_crlf_file() -> None:
    text = "Intro\r\n\r\n> ```bash\r\n> docker run \\\r\n>   --name web nginx\r\n> ```\r\n"
    src = source(text)
    assert word_at(src, "run") == (4, 10)
    assert word_at(src, "web") == (5, 12)
    (snippet,) = extract_markdown(src).snippets
    assert_faithful(src, snippet)


def test_tabs_fall_back_gracefully() -> None:
    text = ">\t```bash\n>\t\tdocker ps\n>\t```\n"
    src = source(text)
    assert word_at(src, "docker") == (2, 4)
    (snippet,) = extract_markdown(src).snippets
    assert_faithful(src, snippet)


def test_lone_carriage_returns_do_not_shift_lines() -> None:
    src = source("a\rb\n\n```bash\ndocker ps\n```\n")
    assert word_at(src, "ps") == (4, 8)


def test_fences_inside_mkdocs_admonitions_and_tabs() -> None:
    text = (
        '=== "Linux"\n\n    ```bash\n    docker compose up\n    ```\n\n'
        "!!! tip\n\n    Run this first:\n\n    ```bash\n    docker compose pull\n    ```\n"
    )
    src = source(text)
    assert commands(text) == [["docker", "compose", "up"], ["docker", "compose", "pull"]]
    assert word_at(src, "pull") == (12, 20)
    doc = extract_markdown(src)
    assert not _covered(doc, text.index("Run this first"))


# --- inline code spans -------------------------------------------------------------


def test_inline_docker_spans_are_snippets() -> None:
    text = "Check it with `docker exec -it cache redis-cli ping`, then ``sudo docker ps``.\n"
    doc = extract(text)
    assert [(s.kind, s.text.text) for s in doc.snippets] == [
        ("inline", "docker exec -it cache redis-cli ping"),
        ("inline", "sudo docker ps"),
    ]
    src = source(text)
    assert word_at(src, "cache") == (1, 32)


def test_inline_spans_that_are_not_docker_commands() -> None:
    text = "Use `ls -la`, the `docker` group, `sudo docker`, `dockerd -D` and \\`docker ps\\`.\n"
    doc = extract(text)
    assert doc.snippets == []
    assert len(doc.code_spans) == 4


def test_inline_span_wrapping_lines() -> None:
    text = "> Run `docker compose\n> logs -f web` now.\n"
    src = source(text)
    (snippet,) = extract_markdown(src).snippets
    assert snippet.text.text == "docker compose logs -f web"
    assert word_at(src, "logs") == (2, 3)
    assert_faithful(src, snippet)


def test_inline_span_in_a_heading_and_with_a_prompt() -> None:
    src = source("## Restart with `$ docker restart web` ##\n")
    assert word_at(src, "restart") == (1, 27)


# --- code spans --------------------------------------------------------------------


def _covered(doc: ExtractedDocument, offset: int) -> bool:
    return any(start <= offset < end for start, end in doc.code_spans)


def test_code_spans_cover_code_and_leave_prose() -> None:
    text = (
        "---\ntitle: <title>\n---\n"
        "Prose <name> here `<code>` and <!-- <hidden> -->.\n\n"
        "```yaml\nimage: <image>\n```\n\n"
        "    indented <indent>\n\n"
        "<div>\n<html>\n</div>\n\n"
        "More <prose>.\n"
    )
    doc = extract(text)
    for code in ("<title>", "<code>", "<hidden>", "<image>", "<indent>", "<html>", "```yaml"):
        assert _covered(doc, text.index(code)), code
    for prose in ("<name>", "<prose>", "Prose", "More"):
        assert not _covered(doc, text.index(prose)), prose
    spans = list(doc.code_spans)
    assert spans == sorted(spans)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))


def test_fence_span_includes_the_fence_lines() -> None:
    text = "Intro\n\n```bash\ndocker ps\n```\nAfter\n"
    (span,) = extract(text).code_spans
    assert text[span[0] : span[1]] == "```bash\ndocker ps\n```"


def test_documents_without_code_skip_parsing() -> None:
    text = "---\na: b\n---\n# Title\n\nJust prose about docker, nothing else.\n"
    doc = extract(text)
    assert doc.snippets == []
    assert list(doc.code_spans) == [(0, text.index("\n# Title"))]


MARKDOWN_PIECES = (
    "    |```|~~~|```bash\n|docker ps|\n$ |> |- |1. |<!--|-->|---\n|\r\n|\r|!!! note\n|<x>"
)
MARKDOWNISH = st.lists(
    st.sampled_from([*"ab $#`'\"\\\n\t<>~-*>1.", *MARKDOWN_PIECES.split("|")]), max_size=50
).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_never_raises_and_offsets_are_faithful(text: str) -> None:
    src = source(text)
    doc = extract_markdown(src)
    for snippet in doc.snippets:
        assert_faithful(src, snippet)
        for command in parse_snippet(snippet):
            for word in command.words:
                assert 0 <= word.start < word.end <= len(text)
    for start, end in doc.code_spans:
        assert 0 <= start <= end <= len(text)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH.filter(lambda t: not markdown_module._MAY_HOLD_CODE.search(t)))
def test_skipping_the_parse_changes_nothing(text: str) -> None:
    src = source(text)
    skipped = extract_markdown(src)
    pattern = markdown_module._MAY_HOLD_CODE
    try:
        markdown_module._MAY_HOLD_CODE = markdown_module.re.compile("")
        parsed = extract_markdown(src)
    finally:
        markdown_module._MAY_HOLD_CODE = pattern
    assert skipped == parsed


# --- scripts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("#!/usr/bin/env bash\ndocker ps\n", "bash"),
        ("#!/bin/sh -e\ndocker ps\n", "sh"),
        ("docker ps\n", "sh"),
    ],
)
def test_a_script_is_one_snippet(text: str, language: str) -> None:
    doc = extract_script(source(text, "shell"))
    (snippet,) = doc.snippets
    assert (snippet.kind, snippet.language, snippet.line) == ("script", language, 1)
    assert snippet.text.text == text
    assert list(doc.code_spans) == [(0, len(text))]


def test_an_empty_script() -> None:
    assert extract_script(source("", "shell")) == ExtractedDocument([], CodeSpans())


@pytest.mark.shared("corpus")
def test_real_documents() -> None:
    found = 0
    for path in sorted(CORPUS.rglob("*.md")):
        src = SourceFile(path=path, display_path=path.name, text=path.read_text(), kind="markdown")
        for snippet in extract_markdown(src).snippets:
            assert_faithful(src, snippet)
            for command in parse_snippet(snippet):
                found += command.program == "docker"
                for word in command.prefixes + command.words:
                    if "\n" not in word.raw:
                        assert src.text[word.start : word.end] == word.raw
    assert found > 100


def test_an_admonition_body_right_under_its_title_is_markdown() -> None:
    """MkDocs reads the indented lines under ``!!! note`` as the note's Markdown even
    with no blank line between (CommonMark alone would call them a lazy paragraph and
    the block after the blank line code)."""
    text = (
        '!!! note "Restart"\n'
        "    ```bash\n"
        "    docker-compose restart api\n"
        "    ```\n"
        "\n"
        "    Then read the logs with the [viewer](https://example.com):\n"
        "\n"
        "        docker logs api\n"
        "\n"
        "Back in prose.\n"
    )
    src = source(text)
    document = extract_markdown(src)
    assert [s.text.text for s in document.snippets] == [
        "docker-compose restart api",
        "docker logs api",
    ]
    for snippet in document.snippets:
        assert_faithful(src, snippet)
    assert not document.code_spans.covers(text.index("Then read"))
    assert not document.code_spans.covers(text.index("Back in prose"))
