"""What is a command and what is not (``doclint.extract.classify``): every class of the
docstring through the extractor, then end to end through the command line, then as
properties over generated input, so that the classifier is not tuned to single
examples."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from helpers import lint_tree, make_repo, run
from hypothesis import given, settings
from hypothesis import strategies as st

from doclint.extract import REMOTE, SCHEDULED
from doclint.extract.markdown import extract_markdown
from doclint.extract.script import extract_script
from doclint.shell.parse import parse_snippet
from doclint.shell.words import Command
from doclint.source import SourceFile

COMPOSE = (
    "services:\n"
    "  api:\n    image: example/api\n    container_name: kamiyo\n    ports: ['8080:80']\n"
    "  db:\n    image: postgres\n"
)
"""Services ``api`` (container ``kamiyo``, port 8080) and ``db``."""


def read(text: str, kind: str = "markdown") -> list[Command]:
    """The commands doclint reads in a document (``kind`` ``"shell"`` for a script)."""
    name = "x.md" if kind == "markdown" else "x.sh"
    src = SourceFile(path=Path(name), display_path=name, text=text, kind=kind)
    extract = extract_markdown if kind == "markdown" else extract_script
    return [
        command
        for snippet_id, snippet in enumerate(extract(src).snippets)
        for command in parse_snippet(snippet, snippet_id=snippet_id)
    ]


def words(text: str, kind: str = "markdown") -> list[list[str]]:
    return [[w.value for w in command.words] for command in read(text, kind)]


def column_of(text: str, word: str, occurrence: int = 0) -> tuple[int, int]:
    """1-based line and column of the ``occurrence``-th ``word`` in ``text``."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(word, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


# --- commands ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # shell blocks
        ("```bash\ndocker compose up -d\n```\n", [["docker", "compose", "up", "-d"]]),
        ("```sh\ncd app && make up\n```\n", [["cd", "app"], ["make", "up"]]),
        # console transcripts, prompts of every style, output left out
        ("```console\n$ docker ps\nCONTAINER ID\n```\n", [["docker", "ps"]]),
        ("```\nuser@host:~$ docker ps\nabc123\n```\n", [["docker", "ps"]]),
        ("```console\n# docker ps\nabc123\n```\n", [["docker", "ps"]]),
        ("```shell\napp/sub$ cp env.example .env\n```\n", [["cp", "env.example", ".env"]]),
        ("```bash\n\u276f docker compose ps\nNAME  IMAGE\n```\n", [["docker", "compose", "ps"]]),
        ("```bash\n➜  app git:(main) ✗ make up\nok\n```\n", [["make", "up"]]),
        ("```bash\n➜ docker image ls\nREPOSITORY\n```\n", [["docker", "image", "ls"]]),
        # indented and unlabelled blocks of plausible programs
        ("Text\n\n    docker compose logs -f\n", [["docker", "compose", "logs", "-f"]]),
        ("```\nsudo docker ps\n```\n", [["docker", "ps"]]),
        ("```\n/usr/bin/docker ps\n```\n", [["/usr/bin/docker", "ps"]]),
        # inline code that runs docker
        ("Run `docker compose ps` now.\n", [["docker", "compose", "ps"]]),
        ("Run `$ sudo docker ps`.\n", [["docker", "ps"]]),
        ("Run `APP_ENV=dev docker-compose up --build`.\n", [["docker-compose", "up", "--build"]]),
        ("Or `COMPOSE_FILE=a.yml docker compose ps`.\n", [["docker", "compose", "ps"]]),
        ("Or `/usr/local/bin/docker-compose up`.\n", [["/usr/local/bin/docker-compose", "up"]]),
        ("See `docker logs <container>`.\n", [["docker", "logs", "<container>"]]),
        ("And `docker ps | grep x` too.\n", [["docker", "ps"], ["grep", "x"]]),
    ],
)
def test_commands(text: str, expected: list[list[str]]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("```bash\n0 */6 * * * docker-compose -f x.yml up -d\n```\n", ["docker-compose", "-f"]),
        ("```bash\n@reboot docker compose up -d\n```\n", ["docker", "compose"]),
        ("```\n*/5 * * * * root docker-compose ps\n```\n", ["docker-compose", "ps"]),
        ("```\n0 4 1 1 0 /usr/bin/docker ps\n```\n", ["/usr/bin/docker", "ps"]),
        ("```cron\nMAILTO=me\n30 3 * * mon-fri docker ps\n```\n", ["docker", "ps"]),
        ("```\n0 0 8 * * * docker ps\n```\n", ["docker", "ps"]),  # with a seconds field
        ("    15 2 * * * docker ps # nightly\n", ["docker", "ps"]),
        ("Add `0 5 * * * docker-compose pull` to the crontab.\n", ["docker-compose", "pull"]),
    ],
)
def test_crontab_lines_schedule_a_command(text: str, expected: list[str]) -> None:
    (command,) = read(text)
    assert [w.value for w in command.words][:2] == expected
    assert command.where == SCHEDULED
    first = command.words[0]
    assert text[first.start : first.end] == first.raw  # at its exact place


def test_crontab_lines_in_a_script_and_its_here_documents() -> None:
    script = (
        "#!/bin/bash\n"
        "cat >> /etc/crontab << EOF\n"
        "00 1  1 * *   root    /usr/local/bin/docker-compose -f /opt/x.yml pull\n"
        "EOF\n"
        "docker compose ps\n"
    )
    found = read(script, "shell")
    assert [(c.program, c.where) for c in found] == [
        ("cat", ""),
        ("docker", ""),
        ("/usr/local/bin/docker-compose", SCHEDULED),
    ]
    assert found[2].words[0].start == script.index("/usr/local")


def test_crontab_lines_that_are_not() -> None:
    assert words("```bash\n0 0 8 * * *\n```\n") == []  # a schedule, nothing to run
    assert words("```bash\n1 2 3 4 5 foo\n```\n") == [["1", "2", "3", "4", "5", "foo"]]
    assert words("```bash\n# 0 * * * * docker-compose up\n```\n") == []


@pytest.mark.parametrize(
    ("text", "outer", "inner", "where"),
    [
        ("ssh host 'docker ps'", ["ssh", "host", "docker ps"], [["docker", "ps"]], REMOTE),
        (
            'ssh -p 2222 -i key user@host "docker compose logs"',
            ["ssh", "-p", "2222", "-i", "key", "user@host", "docker compose logs"],
            [["docker", "compose", "logs"]],
            REMOTE,
        ),
        (
            "ssh host sudo docker-compose ps",
            ["ssh", "host", "sudo", "docker-compose", "ps"],
            [["docker-compose", "ps"]],
            REMOTE,
        ),
        ("sh -c 'docker ps | grep x'", None, [["docker", "ps"], ["grep", "x"]], ""),
        ("bash -o pipefail -ec 'docker ps' arg0", None, [["docker", "ps"]], ""),
        ("watch 'docker compose ps'", None, [["docker", "compose", "ps"]], ""),
        ("timeout 30 nice -n 5 docker ps", None, [["docker", "ps"]], ""),
    ],
)
def test_wrappers_whose_inner_command_is_known(
    text: str, outer: list[str] | None, inner: list[list[str]], where: str
) -> None:
    found = read(f"```bash\n{text}\n```\n")
    if outer is not None:
        assert [w.value for w in found[0].words] == outer
        found = found[1:]
    assert [[w.value for w in c.words] for c in found] == inner
    assert {c.where for c in found} == {where}
    first = found[0].words[0]
    assert first.start == 8 + text.index(first.value)


def test_an_ssh_login_runs_nothing_remotely() -> None:
    assert [c.where for c in read("```bash\nssh -p 22 host\ndocker ps\n```\n")] == ["", ""]


# --- non-commands --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "read_as"),
    [
        ("docker compose up / down", ["docker", "compose", "up"]),
        ("sudo docker compose start / stop", ["docker", "compose", "start"]),
        ("docker compose start|stop", ["docker", "compose", "start"]),
        ("docker compose start | stop | restart", ["docker", "compose", "start"]),
        ("docker compose (up|down)", ["docker", "compose", "up"]),
        ("docker compose [up|down] -d", ["docker", "compose", "up"]),
        ("docker compose up|down api db", ["docker", "compose", "up", "api", "db"]),
        ("docker compose {up,down}", ["docker", "compose", "up"]),
        ("docker compose up/down", ["docker", "compose", "up"]),
        ("docker-compose -f a.yml up/down", ["docker-compose", "-f", "a.yml", "up"]),
        ("docker start|stop kamiyo", ["docker", "start", "kamiyo"]),
        ("docker network create|rm web", ["docker", "network", "create", "web"]),
    ],
)
def test_alternatives_read_as_their_first(span: str, read_as: list[str]) -> None:
    assert words(f"Use `{span}` here.\n") == [read_as]


@pytest.mark.parametrize(
    "span",
    [
        "docker compose <command>",
        "docker compose <service>",
        "docker [OPTIONS] COMMAND",
        "docker-compose COMMAND",
        "docker network {create}",
        "docker compose -f x.yml ...",
    ],
)
def test_metasyntax_is_no_command(span: str) -> None:
    assert words(f"Use `{span}`.\n") == []


@pytest.mark.parametrize(
    "tree",
    [
        "myapp/\n├── compose.yaml\n├── scripts/\n│   └── setup.sh\n└── docs/",
        ".\n├── a\n└── src/\n    main.py\n    util.py",
        "docker\n└── compose.yaml",
        "app/\n|-- compose.yaml\n|   `-- x.sh\n+-- docs/\n\\-- y\n|__ z\n|",
        "root\n┣━ a\n┗━ b",
    ],
)
@pytest.mark.parametrize("info", ["bash", "sh", ""])
def test_directory_trees_are_no_commands(tree: str, info: str) -> None:
    assert words(f"```{info}\n{tree}\n```\n") == []


def test_a_tree_beside_commands() -> None:
    text = "```bash\ntree\n.\n├── a\n└── b\ndocker ps\n```\n"
    assert words(text) == [["tree"], ["docker", "ps"]]


@pytest.mark.parametrize(
    "body",
    [
        "services:\n  web:\n    command: docker-compose up",  # YAML
        "- docker-compose up\n- docker compose up",  # a YAML or Markdown list
        '{"run": "docker-compose up"}',  # JSON
        "[server]\nport = 80",  # ini
        "| docker-compose up | old |\n| docker compose up | new |",  # a table
        "-docker-compose up\n+docker compose up\n@@ -1 +1 @@",  # a diff
        "--- a/run.sh\n+++ b/run.sh\n docker-compose up",  # a diff with headers
        "-rw-r--r-- 1 root root 220 Jan 1 docker-compose.yml",  # a long listing
    ],
)
def test_other_formats_in_a_shell_fence(body: str) -> None:
    assert [c for c in words(f"```bash\n{body}\n```\n") if c[0].startswith("docker")] == []


@pytest.mark.parametrize(
    "text",
    [
        "```console\n# docker must be running first\n$ docker ps\n```\n",
        "```console\n# make sure docker is up\n$ docker ps\n```\n",
        "```console\n$ docker ps\nCONTAINER ID   IMAGE\n# docker  is the binary\n```\n",
    ],
)
def test_sentences_after_a_root_prompt_are_comments(text: str) -> None:
    assert words(text) == [["docker", "ps"]]


def test_a_code_span_of_prose_is_no_command() -> None:
    assert words("Note: `docker is required` and `docker must be running.`\n") == []
    # Prose after a real command leaves the command a command (its v1 call is real).
    found = words("Pass it: `docker-compose -p <name> exec (rest of the command)`.\n")
    assert found[0] == ["docker-compose", "-p", "<name>", "exec"]


def test_an_unlabelled_block_of_prose_is_no_shell() -> None:
    assert words("```\ndocker is required. Install it first.\n```\n") == []
    assert words("```\necho Done.\ndocker ps\n```\n") == [["echo", "Done."], ["docker", "ps"]]


def test_a_continuation_whose_backslash_is_missing() -> None:
    text = "```bash\ndocker run -d\n  --name web \\\n  nginx\ndocker ps\n```\n"
    assert words(text) == [["docker", "run", "-d"], ["docker", "ps"]]
    continued = "```bash\ndocker run -d \\\n  --name web \\\n  nginx\n```\n"
    assert words(continued) == [["docker", "run", "-d", "--name", "web", "nginx"]]


def test_output_is_never_read() -> None:
    """Not even when a here-document cut short would make the shell read the next
    prompt line as its text: that command is left out, and the next one read."""
    text = (
        "```console\n"
        "$ cat <<EOF > .env\n"
        "A=1\n"
        "$ docker-compose version\n"
        "docker-compose version 1.29.2, build 5becea4c\n"
        "```\n"
    )
    assert words(text) == [["docker-compose", "version"]]


# --- end to end ----------------------------------------------------------------------

README = """\
# Runbook

Use `docker compose up / down`, not `docker compose start|stop`; also
`docker compose (up|down)`, `docker compose up/down` and `docker compose <command>`.
`docker ps | grep kamiyo` shows it.

```bash
myapp/
├── compose.yaml
├── scripts/setup.sh
└── docs/
```

```
.
|-- ./scripts/missing.sh
`-- docs/
```

```bash
0 */6 * * * /usr/local/bin/docker-compose -f compose.yaml up -d
*/5 * * * * root docker compose -f nowhere.yml ps
```

Run `APP_ENV=dev docker-compose up --build`.

```console
# docker must be running before you start
$ docker compose ps
```

```bash
ssh deploy@prod 'docker compose -f remote.yml logs api'
ssh prod "curl -s localhost:9999/health"
ssh prod docker-compose ps
sh -c 'docker compose logs nope'
```
"""


def test_end_to_end(tmp_path: Path) -> None:
    make_repo(tmp_path, {".git/HEAD": "", "compose.yaml": COMPOSE, "README.md": README})
    code, out, err = run("--no-cache", ".", cwd=tmp_path)
    found = sorted(line.split(" ", 2)[:2] for line in out.splitlines() if ": DL" in line)
    assert found == [
        ["README.md:21:13:", "DL201"],  # the crontab line's v1 call, at its column
        ["README.md:25:18:", "DL201"],  # env-prefixed inline v1 call
        ["README.md:35:10:", "DL201"],  # the v1 call ssh runs remotely
        ["README.md:36:28:", "DL102"],  # sh -c's command is read: no service `nope`
    ], out
    assert code == 1
    assert "folder doclint cannot see" in err  # the crontab and remote commands


def test_the_same_commands_outside_cron_and_ssh_are_judged(tmp_path: Path) -> None:
    text = (
        "```bash\n"
        "docker compose -f nowhere.yml ps\n"
        "docker compose -f remote.yml logs api\n"
        "curl -s localhost:9999/health\n"
        "```\n"
    )
    make_repo(tmp_path, {".git/HEAD": "", "compose.yaml": COMPOSE, "README.md": text})
    _, out, _ = run("--no-cache", ".", cwd=tmp_path)
    codes = sorted(line.split(" ", 2)[1] for line in out.splitlines() if ": DL" in line)
    assert codes == ["DL105", "DL105", "DL106"]


# --- properties ----------------------------------------------------------------------

NAME = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,14}", fullmatch=True)
BRANCHES = {
    "box": ("├── ", "└── ", "│   ", "    "),
    "ascii": ("|-- ", "`-- ", "|   ", "    "),
    "plus": ("+-- ", "+-- ", "|   ", "    "),
}


@st.composite
def trees(draw: st.DrawFn) -> str:
    """A drawn directory tree of arbitrary names, in one of the usual styles."""
    branch, last, down, space = BRANCHES[draw(st.sampled_from(sorted(BRANCHES)))]
    # A root named `tree` would be the command whose output the tree is.
    folder = NAME.filter(lambda name: name != "tree")
    root = draw(st.one_of(st.just("."), folder, NAME.map(lambda n: n + "/")))
    lines = [root]

    def level(prefix: str, depth: int) -> None:
        children = draw(st.lists(st.tuples(NAME, st.booleans()), min_size=1, max_size=4))
        for index, (name, folder) in enumerate(children):
            final = index == len(children) - 1
            comment = draw(st.sampled_from(["", "   # the stack", "  <- here"]))
            lines.append(f"{prefix}{last if final else branch}{name}{'/' if folder else ''}")
            lines[-1] += comment if "<" not in comment else ""
            if folder and depth < 3:
                level(prefix + (space if final else down), depth + 1)

    level("", 0)
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(trees(), st.sampled_from(["bash", "sh", "shell", "", "console"]))
def test_generated_trees_never_yield_commands(tree: str, info: str) -> None:
    assert words(f"Layout:\n\n```{info}\n{tree}\n```\n") == []
    assert words("Layout:\n\n" + "\n".join("    " + line for line in tree.split("\n"))) == []


COMPOSE_COMMANDS = ["up", "down", "start", "stop", "restart", "pull", "logs", "ps", "build"]
DOCKER_COMMANDS = ["start", "stop", "restart", "pause", "unpause", "kill", "rm"]
FORMS = [
    lambda a: " / ".join(a),
    lambda a: "/".join(a),
    lambda a: "|".join(a),
    lambda a: " | ".join(a),
    lambda a: "(" + "|".join(a) + ")",
    lambda a: "[" + "|".join(a) + "]",
    lambda a: "{" + ",".join(a) + "}",
]


@st.composite
def alternatives(draw: st.DrawFn) -> tuple[str, str]:
    """A code span of alternative docker commands, and the command it stands for first."""
    tool = draw(
        st.sampled_from(
            ["docker compose", "sudo docker compose", "docker-compose", "docker compose -p x"]
            + ["docker"] * 2
        )
    )
    names = DOCKER_COMMANDS if tool == "docker" else COMPOSE_COMMANDS
    chosen = draw(st.lists(st.sampled_from(names), min_size=2, max_size=3, unique=True))
    form = draw(st.sampled_from(FORMS))
    tail = " kamiyo" if tool == "docker" else draw(st.sampled_from(["", " api", " -d"]))
    return f"{tool} {form(chosen)}{tail}", chosen[0]


@settings(max_examples=60, deadline=None)
@given(alternatives())
def test_generated_alternatives_never_yield_a_service_finding(case: tuple[str, str]) -> None:
    span, first = case
    text = f"# Ops\n\nUse `{span}` when needed.\n"
    (command,) = read(text)
    assert first in [w.value for w in command.words]
    assert not {"/", "|"} & {w.value for w in command.words}
    with tempfile.TemporaryDirectory() as folder:
        files = {"compose.yaml": COMPOSE, "README.md": text}
        findings = lint_tree(Path(folder), files, "DL101,DL102,DL103,DL104,DL202,DL203")
    assert findings == []


FIELD = {
    "minute": st.sampled_from(["*", "0", "15", "*/5", "0,30", "10-20", "*/15", "59"]),
    "hour": st.sampled_from(["*", "0", "3", "*/6", "1-5", "23", "0,12"]),
    "day": st.sampled_from(["*", "1", "15", "*/2", "1-7", "31"]),
    "month": st.sampled_from(["*", "1", "12", "*/3", "jan", "jun-aug", "1,6"]),
    "weekday": st.sampled_from(["*", "0", "7", "1-5", "mon-fri", "sun", "0,6"]),
}
SCHEDULE = st.one_of(
    st.tuples(*FIELD.values()).map(list),
    st.sampled_from(["@reboot", "@daily", "@hourly", "@weekly", "@monthly", "@yearly"]).map(
        lambda word: [word]
    ),
)
V1_COMMANDS = [
    "docker-compose up -d",
    "/usr/local/bin/docker-compose -f compose.yaml pull",
    "docker-compose logs --tail 100 api > /tmp/api.log 2>&1",
    "sudo docker-compose restart api",
]


@settings(max_examples=80, deadline=None)
@given(
    SCHEDULE,
    st.lists(st.sampled_from([" ", "  ", "\t", " \t "]), min_size=7, max_size=7),
    st.sampled_from(["", "root"]),
    st.sampled_from(V1_COMMANDS),
    st.sampled_from(["bash", "sh", "", "cron", "indented", "script", "inline"]),
)
def test_generated_crontab_lines_yield_the_v1_finding_at_its_column(
    schedule: list[str], gaps: list[str], user: str, command: str, context: str
) -> None:
    line = "".join(field + gap for field, gap in zip(schedule, gaps, strict=False))
    line += (user + gaps[-1] if user else "") + command
    if context == "inline" and command.startswith("sudo "):
        command = command.removeprefix("sudo ")
        line = line.replace("sudo ", "")
    name, text = "README.md", ""
    if context == "script":
        name, text = "cron.sh", f"#!/bin/sh\ncat <<EOF | crontab -\n{line}\nEOF\n"
    elif context == "indented":
        text = f"Add this:\n\n    {line}\n"
    elif context == "inline":
        text = f"Add `{line}` to the crontab.\n"
    else:
        text = f"Add this:\n\n```{context}\n{line}\n```\n"
    with tempfile.TemporaryDirectory() as folder:
        findings = lint_tree(Path(folder), {"compose.yaml": COMPOSE, name: text}, "DL201")
    expected = column_of(text, "/usr/local/bin/docker-compose" if "/usr" in line else "docker")
    assert [(f.code, f.line, f.column) for f in findings] == [("DL201", *expected)], text


ASSIGNMENT = st.builds(
    "{}={}".format,
    st.from_regex(r"[A-Z_][A-Z0-9_]{0,10}", fullmatch=True),
    st.sampled_from(["dev", "a.yml", "''", '"x y"', "1", ""]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ASSIGNMENT, min_size=1, max_size=3), st.sampled_from(["", "sudo "]))
def test_generated_assignments_before_an_inline_v1_call(assignments: list[str], sudo: str) -> None:
    span = " ".join(assignments) + f" {sudo}docker-compose up --build"
    text = f"Then run `{span}`.\n"
    (command,) = read(text)
    assert command.program == "docker-compose"
    assert command.words[0].start == text.index("docker-compose")
