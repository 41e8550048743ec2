"""Shell snippets → commands: structure, words, prefixes, placeholders, exact
positions, and a fallback that keeps working where bashlex gives up."""

from __future__ import annotations

import bashlex
import pytest
from hostile_inputs import shell_with_unbalanced_quotes
from hypothesis import given, settings
from hypothesis import strategies as st

from doclint.extract import Snippet
from doclint.shell.parse import parse_snippet
from doclint.shell.words import Command
from doclint.source import MappedText


def parse(text: str, **kwargs: int) -> list[Command]:
    return parse_snippet(Snippet(MappedText.from_span(text, 0), "fence", "bash", 1), **kwargs)


def argvs(text: str) -> list[list[str]]:
    return [[word.value for word in command.words] for command in parse(text)]


def prefixes(text: str) -> list[list[str]]:
    return [[word.value for word in command.prefixes] for command in parse(text)]


def assert_exact(text: str, commands: list[Command]) -> None:
    """Every word's span is its raw spelling in the text."""
    for command in commands:
        for word in command.prefixes + command.words:
            assert text[word.start : word.end] == word.raw


# --- structure -------------------------------------------------------------------


def test_lists_split_on_every_operator() -> None:
    text = "docker ps && docker logs x || echo no; docker stop x\ndocker rm x &"
    assert argvs(text) == [
        ["docker", "ps"],
        ["docker", "logs", "x"],
        ["echo", "no"],
        ["docker", "stop", "x"],
        ["docker", "rm", "x"],
    ]


def test_each_pipeline_command_knows_the_commands_after_it() -> None:
    first, second, third = parse("docker ps -a | grep web | wc -l")
    assert [c.program for c in first.pipeline] == ["grep", "wc"]
    assert second.pipeline == [third]
    assert third.pipeline == []


def test_trailing_pipe_continues_on_the_next_line() -> None:
    first, second = parse("docker ps |\n  grep web")
    assert first.pipeline == [second]


def test_command_substitutions_are_commands_too_in_reading_order() -> None:
    commands = parse('docker rm -f $(docker ps -aq) "`docker ps -q`"')
    assert [c.words[0].value + " " + c.words[1].value for c in commands] == [
        "docker rm",
        "docker ps",
        "docker ps",
    ]
    outer = commands[0]
    assert outer.words[3].raw == "$(docker ps -aq)"
    assert outer.words[3].dynamic


def test_process_substitution_inner_commands() -> None:
    assert argvs("diff <(docker ps) <(docker ps -a)") == [
        ["diff", "<(docker ps)", "<(docker ps -a)"],
        ["docker", "ps"],
        ["docker", "ps", "-a"],
    ]


def test_assignment_substitution_runs_the_command_not_the_assignment() -> None:
    assert argvs("IDS=$(docker ps -q)") == [["docker", "ps", "-q"]]


@pytest.mark.parametrize(
    "text",
    [
        "if docker ps; then docker logs web; fi",
        "while docker ps; do docker logs web; done",
        "for c in $(docker ps); do docker logs web; done",
        "f() { docker ps; docker logs web; }",
        "function f {\n  docker ps\n  docker logs web\n}",
        "( docker ps && docker logs web )",
        "{ docker ps; docker logs web; }",
        'case "$1" in\n  up) docker ps ;;\n  *) docker logs web ;;\nesac',
    ],
)
def test_commands_inside_compound_commands(text: str) -> None:
    commands = parse(text)
    assert [c.words[0].value + " " + c.words[1].value for c in commands] == [
        "docker ps",
        "docker logs",
    ]
    assert_exact(text, commands)


def test_loop_words_and_case_patterns_are_not_commands() -> None:
    text = "for svc in web db; do docker restart $svc; done"
    assert argvs(text) == [["docker", "restart", "$svc"]]


@pytest.mark.parametrize(
    "text",
    [
        "cat <<EOF > app.env\ndocker rm -f web\nEOF\ndocker ps",
        "cat <<'EOF' > app.env\ndocker rm -f web\nEOF\ndocker ps",
        'cat <<"EOF"\ndocker rm -f web\nEOF\ndocker ps',
        "cat <<-EOF\n\tdocker rm -f web\n\tEOF\ndocker ps",
        "tee x <<EOF && docker ps\ndocker rm -f web\nEOF",
    ],
)
def test_heredoc_bodies_are_data(text: str) -> None:
    found = argvs(text)
    assert ["docker", "ps"] in found
    assert ["docker", "rm", "-f", "web"] not in found


def test_unterminated_heredoc_swallows_the_rest() -> None:
    assert argvs("cat <<EOF\ndocker rm -f web\n") == [["cat"]]


def test_redirections_are_not_words() -> None:
    assert argvs("docker logs web > out.txt 2>&1 < /dev/null") == [["docker", "logs", "web"]]
    assert argvs("docker exec -i db psql <<< 'select 1'") == [
        ["docker", "exec", "-i", "db", "psql"]
    ]


def test_comments() -> None:
    assert argvs("# docker rm -f web\ndocker ps # && docker rm x") == [["docker", "ps"]]


def test_blanks_after_a_continuation_backslash_are_ignored() -> None:
    assert argvs("docker run \\  \n  -p 80:80 nginx") == [["docker", "run", "-p", "80:80", "nginx"]]


def test_line_continuations_keep_word_positions() -> None:
    text = "docker run \\\n  -p 80:80 \\\n  nginx"
    (command,) = parse(text)
    assert [w.value for w in command.words] == ["docker", "run", "-p", "80:80", "nginx"]
    assert_exact(text, [command])
    assert command.words[-1].start == text.index("nginx")


# --- words -------------------------------------------------------------------------


def test_quote_removal_keeps_the_raw_spelling_and_span() -> None:
    text = "docker run --name \"kamiyo\" 'a b' a\\ b $'x\\ny'"
    (command,) = parse(text)
    name = command.words[3]
    assert (name.value, name.raw) == ("kamiyo", '"kamiyo"')
    assert (name.start, name.end) == (18, 26)
    assert [w.value for w in command.words[4:]] == ["a b", "a b", "x\ny"]
    assert not any(w.dynamic for w in command.words)


@pytest.mark.parametrize(
    ("word", "value", "dynamic"),
    [
        ("$HOME", "$HOME", True),
        ('"${NAME:-web}"', "${NAME:-web}", True),
        ("'$HOME'", "$HOME", False),
        ('"a$(id -u)"', "a$(id -u)", True),
        ("*.log", "*.log", True),
        ("web-[12]", "web-[12]", True),
        ("{web,db}", "{web,db}", True),
        ("'*.log'", "*.log", False),
        ("CONTAINER_ID", "CONTAINER_ID", False),
        ("~/data", "~/data", False),
        ("{}", "{}", False),
    ],
)
def test_dynamic_words(word: str, value: str, dynamic: bool) -> None:
    command = parse(f"docker logs {word}")[0]
    assert (command.words[2].value, command.words[2].dynamic) == (value, dynamic)


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("docker exec -it <container> redis-cli ping", "<container>"),
        ("docker login -p <your-token> ghcr.io", "<your-token>"),
        ("docker logs <container name>", "<container name>"),
        ("docker run --name=<name> nginx", "--name=<name>"),
        ("docker inspect -f {{.State.Status}} web", "{{.State.Status}}"),
        ("docker ps --format '{{ .Names }}'", "'{{ .Names }}'"),
        ("docker pull <registry>/<image>:<tag>", "<registry>/<image>:<tag>"),
    ],
)
def test_placeholders_are_one_dynamic_word_as_written(text: str, placeholder: str) -> None:
    (command,) = parse(text)
    (word,) = [w for w in command.words if w.raw == placeholder]
    assert word.dynamic
    assert word.start == text.index(placeholder)
    assert word.end == word.start + len(placeholder)
    assert word.value == placeholder.strip("'")


def test_real_redirections_are_not_placeholders() -> None:
    assert argvs("docker exec -i db psql < dump.sql > out.txt") == [
        ["docker", "exec", "-i", "db", "psql"]
    ]
    assert argvs("cat <<EOF>out.txt\nx\nEOF") == [["cat"]]


# --- prefixes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sudo docker ps", ["sudo"]),
        ("sudo -u deploy -E -- docker ps", ["sudo", "-u", "deploy", "-E", "--"]),
        ("sudo -Eu deploy docker ps", ["sudo", "-Eu", "deploy"]),
        ("sudo --user=deploy docker ps", ["sudo", "--user=deploy"]),
        ("sudo env FOO=1 docker ps", ["sudo", "env", "FOO=1"]),
        ("env -i -u HOME X=1 docker ps", ["env", "-i", "-u", "HOME", "X=1"]),
        ("/usr/bin/env docker ps", ["/usr/bin/env"]),
        ("doas -u root docker ps", ["doas", "-u", "root"]),
        ("time docker ps", ["time"]),
        ("nohup docker ps", ["nohup"]),
        ("exec docker ps", ["exec"]),
        ("command docker ps", ["command"]),
        ("builtin docker ps", ["builtin"]),
        ("xargs -I {} -n 1 -r docker ps", ["xargs", "-I", "{}", "-n", "1", "-r"]),
        ("xargs -0 docker ps", ["xargs", "-0"]),
        ("watch -n 2 -d docker ps", ["watch", "-n", "2", "-d"]),
        ("timeout 10 docker ps", ["timeout", "10"]),
        ("timeout -s KILL 10s docker ps", ["timeout", "-s", "KILL", "10s"]),
        ("nice -n 5 docker ps", ["nice", "-n", "5"]),
        ("stdbuf -oL docker ps", ["stdbuf", "-oL"]),
        ("FOO=1 BAR=2 docker ps", ["FOO=1", "BAR=2"]),
        ("FOO=1 sudo -E timeout 5 docker ps", ["FOO=1", "sudo", "-E", "timeout", "5"]),
    ],
)
def test_prefixes_are_split_off(text: str, expected: list[str]) -> None:
    (command,) = parse(text)
    assert [w.value for w in command.words] == ["docker", "ps"]
    assert [w.raw for w in command.prefixes] == expected
    assert command.start == 0


@pytest.mark.parametrize(
    ("text", "program"),
    [
        ("sudo -i", "sudo"),
        ("env", "env"),
        ("command -v docker", "command"),
        ("$SUDO docker ps", "$SUDO"),
        ("FOO=1", None),
    ],
)
def test_prefixes_that_are_the_program(text: str, program: str | None) -> None:
    assert [c.program for c in parse(text)] == ([program] if program else [])


def test_xargs_in_a_pipeline() -> None:
    first, second = parse("docker ps -q | xargs docker rm")
    assert first.pipeline == [second]
    assert [w.value for w in second.words] == ["docker", "rm"]
    assert [w.value for w in second.prefixes] == ["xargs"]


@pytest.mark.parametrize("quote", ["'", '"'])
def test_watch_parses_its_quoted_command_in_place(quote: str) -> None:
    text = f"watch -n 1 {quote}docker ps -a | grep web{quote}"
    first, second = parse(text)
    assert [w.value for w in first.words] == ["docker", "ps", "-a"]
    assert [w.value for w in first.prefixes] == ["watch", "-n", "1"]
    assert first.words[0].start == text.index("docker")
    assert first.pipeline == [second]
    assert_exact(text, [first, second])


def test_watch_with_an_escaped_string_stays_watch() -> None:
    (command,) = parse('watch "docker ps \\"x\\""')
    assert command.program == "watch"


# --- fallback ----------------------------------------------------------------------

BASHLEX_FAILURES = [
    # (text, expected argv of each command) — every text makes bashlex 0.18 raise.
    ('case "$1" in\n  start) docker compose up -d ;;\nesac', [["docker", "compose", "up", "-d"]]),
    (
        "[[ -f .env && -d data ]] && docker compose up",
        [
            ["[[", "-f", ".env", "&&", "-d", "data", "]]"],
            ["docker", "compose", "up"],
        ],
    ),
    ("echo $((1 + 2)) && docker ps", [["echo", "$((1 + 2))"], ["docker", "ps"]]),
    ("select c in web db; do docker logs $c; done", [["docker", "logs", "$c"]]),
    ("cat <<'EOF' > x\ndocker rm web\nEOF\ndocker ps", [["cat"], ["docker", "ps"]]),
    ("time docker ps", [["docker", "ps"]]),
    ("arr=(web db); docker restart ${arr[@]}", [["docker", "restart", "${arr[@]}"]]),
    # An unbalanced quote in a document is a typo: it closes at the end of its line.
    ("echo don't forget\ndocker ps", [["echo", "don't forget"], ["docker", "ps"]]),
    ("coproc docker ps", [["docker", "ps"]]),
    ("echo $[1+2]; docker ps", [["echo", "$[1+2]"], ["docker", "ps"]]),
    ("docker ps \\", [["docker", "ps"]]),
]


@pytest.mark.parametrize(("text", "expected"), BASHLEX_FAILURES)
def test_constructs_bashlex_rejects_still_give_their_commands(
    text: str, expected: list[list[str]]
) -> None:
    with pytest.raises(Exception):  # noqa: B017 - bashlex raises many exception types
        bashlex.parse(text)
    commands = parse(text)
    assert [[w.value for w in c.words] for c in commands] == expected
    assert_exact(text, commands)


def test_one_bad_statement_does_not_lose_the_others() -> None:
    text = "docker pull web\nif [[ -n $X ]]; then\n  docker ps\nfi\ndocker logs web"
    assert [c.words[1].value for c in parse(text) if c.program == "docker"] == [
        "pull",
        "ps",
        "logs",
    ]


def test_partly_single_quoted_dollar_does_not_reach_bashlex() -> None:
    # bashlex 0.18 loops forever on the first and invents a command in the second.
    assert argvs("echo '${'a; docker ps") == [["echo", "${a"], ["docker", "ps"]]
    assert argvs("X='$(docker rm web)'x docker ps") == [["docker", "ps"]]


def test_a_text_full_of_unbalanced_quotes_keeps_every_command() -> None:
    commands = parse(shell_with_unbalanced_quotes())
    assert len([c for c in commands if c.program == "docker"]) == 1000


def test_unicode_and_crlf() -> None:
    text = 'echo "héllo ✓" && docker ps\r\ndocker logs wéb\r\n'
    commands = parse(text)
    assert [[w.value for w in c.words] for c in commands] == [
        ["echo", "héllo ✓"],
        ["docker", "ps"],
        ["docker", "logs", "wéb"],
    ]
    assert_exact(text, commands)


def test_order_and_snippet_id() -> None:
    commands = parse("docker ps; docker rm $(docker ps -q)", first_order=7, snippet_id=3)
    assert [c.order for c in commands] == [7, 8, 9]
    assert {c.snippet_id for c in commands} == {3}


def test_positions_go_through_the_mapped_text() -> None:
    # A snippet cut out of a document: offsets are file offsets, not snippet indices.
    mapped = MappedText.join(
        [
            MappedText.from_span("docker ps", 100),
            MappedText.from_span("\n", 109),
            MappedText.from_span("docker logs web", 200),
        ]
    )
    commands = parse_snippet(Snippet(mapped, "fence", "console", 3))
    assert [(w.start, w.end) for w in commands[1].words] == [(200, 206), (207, 211), (212, 215)]


SHELL_PIECES = "docker |<<EOF\n|EOF|$(|${|case | in |esac|;;|[[|watch '|'${'|<x>|{{ y }}"
SHELLISH = st.lists(
    st.sampled_from([*"ab $#`'\"\\\n\t<>{}()[];&|*?=-!", *SHELL_PIECES.split("|")]), max_size=40
).map("".join)


@settings(max_examples=300, deadline=None)
@given(SHELLISH)
def test_never_raises_and_words_are_exact(text: str) -> None:
    commands = parse(text)
    assert all(command.words for command in commands)
    assert_exact(text, commands)
