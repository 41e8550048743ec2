"""Hypothesis strategies for documents doclint must survive: Markdown with nested
containers, fences in lists, unterminated and tilde fences, tabs, CRLF, Unicode and
very long lines, and shell text that bashlex cannot parse."""

from __future__ import annotations

from hypothesis import strategies as st

NAMES = st.sampled_from(
    [
        "kamiyo",
        "kamiyo-api",
        "api",
        "db",
        "postgres",
        "<container>",
        "$C",
        "${NAME:-x}",
        "$(docker ps -q)",
        "a1b2c3d4e5f6",
        "x y",
        "'q'",
        '"d"',
    ]
)
DOCKER = st.builds(
    lambda verb, opts, name, tail: f"{verb} {opts} {name}{tail}",
    st.sampled_from(
        [
            "docker logs",
            "docker exec -it",
            "sudo docker restart",
            "docker-compose logs",
            "docker compose -f compose.yaml exec",
            "docker compose restart",
            "docker ps --filter name=",
            "docker cp",
            "docker ps | grep",
            "docker run --rm --name",
            "docker compose -p",
        ]
    ),
    st.sampled_from(["", "-f", "--tail 50", "-u root -w /app", "--", "-", "--tail=", "-itu"]),
    NAMES,
    st.sampled_from(
        ["", " sh", " && echo ok", " \\\n  --follow", " | tail", ":/tmp/x .", " $(", " '", " `"]
    ),
)
SHELL_NOISE = st.text(
    alphabet=st.sampled_from([*"abc -_$(){}[]<>|&;'\"`\\\n\t#=*?!~/.:", "é", "😀", "\u200b"]),
    max_size=80,
)
SHELL_LINE = st.one_of(
    DOCKER,
    SHELL_NOISE,
    st.sampled_from(
        [
            "cat <<EOF",
            "EOF",
            "if [ -f x ]; then",
            "fi",
            "case $x in a) echo;; esac",
            "for i in 1 2; do",
            "done",
            "function f {",
            "}",
            "$ docker ps",
            "user@host:~$ docker logs api",
            "# comment",
            "x=$((1 + 2))",
            "[[ $a =~ ^b ]] && echo",
            "select x in a b; do break; done",
        ]
    ),
)
SHELL_TEXT = st.lists(SHELL_LINE, max_size=12).map("\n".join)

INLINE = st.one_of(
    st.text(max_size=40),
    DOCKER.map(lambda c: f"`{c}`"),
    st.sampled_from(
        [
            "[Phone Number]",
            "UPDATE THIS!",
            "______",
            "TODO: fix",
            "[link](x.md)",
            "[ref]",
            "[x]",
            "**bold**",
            "<!-- c -->",
            "``a ` b``",
            "`unclosed",
            "\t",
            "a" * 3000,
        ]
    ),
)
PARAGRAPH = st.lists(INLINE, min_size=1, max_size=5).map(" ".join)
INFO = st.sampled_from(
    [
        "bash",
        "sh",
        "console",
        "shell-session",
        "",
        "yaml",
        "text",
        'bash title="x"',
        "{.bash}",
        "zsh",
        "terminal",
        "BASH",
        "bash{1,3}",
    ]
)


@st.composite
def fence(draw: st.DrawFn) -> str:
    marker = draw(st.sampled_from(["```", "~~~", "````"]))
    body = draw(SHELL_TEXT)
    closed = draw(st.booleans())
    return f"{marker}{draw(INFO)}\n{body}\n" + (f"{marker}\n" if closed else "")


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


BLOCK = st.recursive(
    st.one_of(
        PARAGRAPH,
        fence(),
        st.builds(
            lambda level, text: "#" * level + " " + text, st.integers(1, 7), st.text(max_size=30)
        ),
        SHELL_TEXT.map(lambda t: _indent(t, "    ")),
        st.sampled_from(
            ["---", "| a | b |\n|---|---|\n| `docker logs x` | y |", "<div>\n`docker ps`\n</div>"]
        ),
    ),
    lambda inner: st.one_of(
        inner.map(lambda t: _indent(t, "> ")),
        st.builds(
            lambda marker, t: _indent(t, " " * len(marker)).replace(" " * len(marker), marker, 1),
            st.sampled_from(["- ", "* ", "1. ", "10) "]),
            inner,
        ),
        st.builds(lambda t: _indent(t, "\t"), inner),
    ),
    max_leaves=8,
)


@st.composite
def markdown(draw: st.DrawFn) -> str:
    text = "\n\n".join(draw(st.lists(BLOCK, max_size=8)))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text += "\n"
    return text
