"""parse_invocation on real command lines: tools, paths, options, roles and payload."""

from __future__ import annotations

import pytest
from helpers import command_from
from hypothesis import given
from hypothesis import strategies as st

from doclint.docker.model import Invocation, Tool
from doclint.docker.parse import EXTRA_ROLE, parse_invocation
from doclint.shell.words import Command, Word


def parse(text: str) -> Invocation:
    invocation = parse_invocation(command_from(text))
    assert invocation is not None, text
    return invocation


def options(inv: Invocation) -> list[tuple[str, str | None, str]]:
    return [(o.name, o.value, o.scope) for o in inv.options]


def roles(inv: Invocation) -> list[tuple[str, str]]:
    return [(p.role, p.name) for p in inv.positionals]


def payload(inv: Invocation) -> list[str]:
    return [w.value for w in inv.payload]


# --------------------------------------------------------------------------- programs


@pytest.mark.parametrize("text", ["", "ls -la", "podman ps", "docker-machine ls", "dockerd -D"])
def test_other_programs_are_not_invocations(text: str) -> None:
    assert parse_invocation(command_from(text)) is None


def test_tools_and_binaries() -> None:
    assert parse("docker ps").tool is Tool.DOCKER
    compose = parse("docker compose ps")
    assert compose.tool is Tool.COMPOSE
    assert [w.value for w in compose.binary] == ["docker", "compose"]
    legacy = parse("docker-compose ps")
    assert legacy.tool is Tool.COMPOSE_V1 and [w.value for w in legacy.binary] == ["docker-compose"]
    assert parse("/usr/bin/docker ps").path == ("ps",)


# --------------------------------------------------------------------------- the brief's lines


def test_exec_stops_options_at_the_container() -> None:
    inv = parse("docker exec -it -u www-data -w /var/www app-php-1 php artisan migrate")
    assert inv.path == ("exec",) and inv.known_command
    assert options(inv) == [
        ("interactive", None, "command"),
        ("tty", None, "command"),
        ("user", "www-data", "command"),
        ("workdir", "/var/www", "command"),
    ]
    assert inv.roles("CONTAINER")[0].name == "app-php-1"
    assert payload(inv) == ["php", "artisan", "migrate"]
    assert roles(inv)[1:] == [("COMMAND", "php"), ("ARG", "artisan"), ("ARG", "migrate")]


def test_payload_options_belong_to_the_payload() -> None:
    inv = parse("docker exec -it -u root kamiyo sqlite3 -header db")
    assert [o.name for o in inv.options] == ["interactive", "tty", "user"]
    assert payload(inv) == ["sqlite3", "-header", "db"]


def test_compose_file_then_logs_follow() -> None:
    inv = parse("docker compose -f a.yml logs -f api")
    assert options(inv) == [("file", "a.yml", "compose"), ("follow", None, "command")]
    assert inv.global_values("file")[0].value == "a.yml"
    assert roles(inv) == [("SERVICE", "api")]


def test_compose_project_name_then_run_publish() -> None:
    inv = parse("docker compose -p proj run -p 8080:80 web")
    assert options(inv) == [("project-name", "proj", "compose"), ("publish", "8080:80", "command")]
    assert roles(inv) == [("SERVICE", "web")]


def test_management_form_is_the_same_command() -> None:
    inv = parse("docker container logs kamiyo")
    assert inv.path == ("logs",)
    assert [w.value for w in inv.path_words] == ["container", "logs"]
    assert roles(inv) == [("CONTAINER", "kamiyo")]


def test_ps_filter() -> None:
    inv = parse("docker ps -a --filter name=kamiyo")
    assert options(inv) == [("all", None, "command"), ("filter", "name=kamiyo", "command")]
    assert inv.option_values("filter")[0].value_word is not None
    assert inv.positionals == []


def test_cp_from_a_container() -> None:
    text = "docker cp kamiyo:/app/data.db ./backup.db"
    inv = parse(text)
    container = inv.roles("CONTAINER")[0]
    assert container.name == "kamiyo"
    assert text[container.name_start : container.name_end] == "kamiyo"
    assert roles(inv)[1] == ("DEST_PATH", "./backup.db")


def test_cp_into_a_container() -> None:
    text = "docker cp ./x kamiyo:/tmp/"
    inv = parse(text)
    assert roles(inv) == [("SRC_PATH", "./x"), ("CONTAINER", "kamiyo")]
    container = inv.roles("CONTAINER")[0]
    assert text[container.name_start : container.name_end] == "kamiyo"


def test_compose_exec_no_tty() -> None:
    inv = parse("docker compose exec -T db psql -U postgres")
    assert options(inv) == [("no-tty", None, "command")]
    assert inv.roles("SERVICE")[0].name == "db"
    assert payload(inv) == ["psql", "-U", "postgres"]


def test_compose_scale_names_the_service() -> None:
    text = "docker compose scale web=3 worker=2"
    inv = parse(text)
    assert roles(inv) == [("SERVICE", "web"), ("SERVICE", "worker")]
    web = inv.positionals[0]
    assert (text[web.name_start : web.name_end], web.word.value) == ("web", "web=3")


def test_legacy_compose_logs_tail() -> None:
    inv = parse("docker-compose logs --tail=100 api")
    assert inv.tool is Tool.COMPOSE_V1
    assert options(inv) == [("tail", "100", "command")]
    assert inv.options[0].value_word is None
    assert roles(inv) == [("SERVICE", "api")]


def test_run_with_name() -> None:
    inv = parse("docker run --rm -it --name tmp alpine sh")
    assert [o.name for o in inv.options] == ["rm", "interactive", "tty", "name"]
    assert inv.option_values("name")[0].value == "tmp"
    assert roles(inv) == [("IMAGE", "alpine"), ("COMMAND", "sh")]
    assert payload(inv) == ["sh"]


def test_docker_context_before_compose() -> None:
    inv = parse("docker --context prod compose ps")
    assert inv.tool is Tool.COMPOSE and inv.path == ("ps",)
    assert options(inv) == [("context", "prod", "docker")]
    assert inv.global_values("context")[0].value == "prod"


def test_network_connect() -> None:
    inv = parse("docker network connect mynet web")
    assert inv.path == ("network", "connect")
    assert roles(inv) == [("NETWORK", "mynet"), ("CONTAINER", "web")]


def test_stop_with_command_substitution() -> None:
    inv = parse("docker stop $(docker ps -q)")
    (container,) = inv.roles("CONTAINER")
    assert container.word.dynamic and container.word.value == "$(docker ps -q)"


def test_interspersed_options_after_the_container() -> None:
    inv = parse("docker logs kamiyo -f --tail 50")
    assert options(inv) == [("follow", None, "command"), ("tail", "50", "command")]
    assert roles(inv) == [("CONTAINER", "kamiyo")]


# --------------------------------------------------------------------------- pflag syntax


@pytest.mark.parametrize(
    "text", ["docker logs --tail=50 c", "docker logs --tail 50 c", "docker logs -n 50 c",
             "docker logs -n50 c", "docker logs -n=50 c"],
)
def test_every_value_spelling(text: str) -> None:
    inv = parse(text)
    assert options(inv) == [("tail", "50", "command")]
    assert roles(inv) == [("CONTAINER", "c")]


def test_combined_shorts_with_a_value_last() -> None:
    inv = parse("docker exec -itu root c sh")
    assert [(o.name, o.value, o.word.value) for o in inv.options] == [
        ("interactive", None, "-itu"), ("tty", None, "-itu"), ("user", "root", "-itu")
    ]
    assert inv.options[2].value_word is not None and inv.options[2].value_word.value == "root"
    assert roles(inv)[0] == ("CONTAINER", "c")


@pytest.mark.parametrize("text", ["docker exec -uroot c sh", "docker exec -u=root c sh",
                                  "docker exec --user=root c sh"])
def test_inline_values(text: str) -> None:
    inv = parse(text)
    assert [(o.name, o.value, o.value_word) for o in inv.options] == [("user", "root", None)]


def test_bool_with_explicit_value_and_bool_does_not_take_the_next_word() -> None:
    inv = parse("docker run -d=false --rm false")
    assert options(inv) == [("detach", "false", "command"), ("rm", None, "command")]
    assert roles(inv) == [("IMAGE", "false")]


def test_value_option_takes_a_dash_word() -> None:
    inv = parse("docker logs --since -1h c")
    assert options(inv) == [("since", "-1h", "command")]
    assert roles(inv) == [("CONTAINER", "c")]


def test_double_dash_ends_options() -> None:
    inv = parse("docker logs -- -f")
    assert inv.options == [] and roles(inv) == [("CONTAINER", "-f")]
    run = parse("docker run --rm -- alpine ls -l")
    assert payload(run) == ["ls", "-l"]


def test_repeated_options() -> None:
    inv = parse("docker compose -f a.yml -f b.yml --profile x --profile y up -d")
    assert [o.value for o in inv.global_values("file")] == ["a.yml", "b.yml"]
    assert [o.value for o in inv.global_values("profile")] == ["x", "y"]
    assert options(inv)[-1] == ("detach", None, "command")


def test_compose_globals() -> None:
    inv = parse("docker compose --project-directory ./app --env-file .env.prod --ansi never "
                "-p shop up -d web")
    assert [(o.name, o.value) for o in inv.options if o.scope == "compose"] == [
        ("project-directory", "./app"), ("env-file", ".env.prod"), ("ansi", "never"),
        ("project-name", "shop"),
    ]
    assert roles(inv) == [("SERVICE", "web")]


def test_compose_dry_run_after_the_subcommand_is_global() -> None:
    inv = parse("docker compose up --dry-run web")
    assert options(inv) == [("dry-run", None, "compose")]
    assert inv.global_values("dry-run")


def test_docker_root_flags() -> None:
    inv = parse("docker -H ssh://me@host --tlsverify -l debug ps -q")
    assert options(inv) == [("host", "ssh://me@host", "docker"), ("tlsverify", None, "docker"),
                            ("log-level", "debug", "docker"), ("quiet", None, "command")]
    short = parse("docker -c prod --config /etc/docker ps")
    assert short.global_values("context")[0].value == "prod"


def test_root_flag_after_the_subcommand_is_unknown() -> None:
    inv = parse("docker ps -H x")
    assert [(o.name, o.known) for o in inv.options] == [("H", False)]
    assert roles(inv) == [(EXTRA_ROLE, "x")]


# --------------------------------------------------------------------------- unknowns


def test_unknown_long_option_does_not_swallow_the_container() -> None:
    inv = parse("docker logs --frobnicate kamiyo")
    assert [(o.name, o.known, o.value) for o in inv.options] == [("frobnicate", False, None)]
    assert roles(inv) == [("CONTAINER", "kamiyo")]


def test_unknown_short_in_a_group() -> None:
    inv = parse("docker exec -itX c sh")
    assert [(o.name, o.known) for o in inv.options] == [
        ("interactive", True), ("tty", True), ("X", False)
    ]
    assert roles(inv)[0] == ("CONTAINER", "c")


def test_unknown_subcommand() -> None:
    inv = parse("docker frobnicate -x kamiyo")
    assert (inv.path, inv.known_command, inv.positionals, inv.options) == (
        ("frobnicate",), False, [], []
    )
    nested = parse("docker container frobnicate kamiyo")
    assert nested.path == ("container", "frobnicate") and not nested.known_command


def test_compose_v1_only_flags_and_commands() -> None:
    v2 = parse("docker compose -H tcp://x up")
    assert [(o.name, o.value, o.known) for o in v2.options] == [("host", "tcp://x", False)]
    assert v2.path == ("up",)
    v1 = parse("docker-compose -H tcp://x up")
    assert [(o.name, o.known, o.scope) for o in v1.options] == [("host", True, "compose")]
    assert not parse("docker compose help up").known_command
    assert parse("docker-compose help up").known_command


def test_compose_v2_only_commands_work_with_docker_compose() -> None:
    inv = parse("docker-compose cp web:/etc/nginx.conf .")
    assert inv.known_command and inv.roles("SERVICE")[0].name == "web"


# --------------------------------------------------------------------------- more real lines


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("docker compose logs -f --tail=200 api worker", ("logs",),
         [("SERVICE", "api"), ("SERVICE", "worker")]),
        ("docker compose up -d --build --force-recreate", ("up",), []),
        ("docker compose down -v --remove-orphans", ("down",), []),
        ("docker compose restart nginx", ("restart",), [("SERVICE", "nginx")]),
        ("docker compose run --rm -e DEBUG=1 app python manage.py migrate", ("run",),
         [("SERVICE", "app"), ("COMMAND", "python"), ("ARG", "manage.py"), ("ARG", "migrate")]),
        ("docker compose cp api:/app/log.txt .", ("cp",), [("SERVICE", "api"), ("DEST_PATH", ".")]),
        ("docker compose convert", ("config",), []),
        ("docker container ls -a", ("ps",), []),
        ("docker image ls", ("images",), []),
        ("docker rmi -f old:1.0", ("rmi",), [("IMAGE", "old:1.0")]),
        ("docker image rm old", ("rmi",), [("IMAGE", "old")]),
        ("docker pull nginx:1.25", ("pull",), [("IMAGE", "nginx:1.25")]),
        ("docker tag app:latest registry/app:1", ("tag",),
         [("SOURCE_IMAGE", "app:latest"), ("TARGET_IMAGE", "registry/app:1")]),
        ("docker build -t app:dev -f docker/Dockerfile .", ("build",), [("PATH|URL", ".")]),
        ("docker buildx build --platform linux/amd64,linux/arm64 --push -t x .", ("build",),
         [("PATH|URL", ".")]),
        ("docker inspect --format '{{.State.Status}}' kamiyo", ("inspect",),
         [("NAME|ID", "kamiyo")]),
        ("docker volume rm data logs", ("volume", "rm"), [("VOLUME", "data"), ("VOLUME", "logs")]),
        ("docker volume create", ("volume", "create"), []),
        ("docker top kamiyo aux", ("top",), [("CONTAINER", "kamiyo"), ("ARG", "aux")]),
        ("docker restart -t 5 a b", ("restart",), [("CONTAINER", "a"), ("CONTAINER", "b")]),
        ("docker system prune -af --volumes", ("system", "prune"), []),
        ("docker service scale web=3", ("service", "scale"), [("SERVICE", "web")]),
        ("docker manifest inspect img", ("manifest", "inspect"), [("MANIFEST", "img")]),
        ("docker rename old new", ("rename",), [("CONTAINER", "old"), ("NEW_NAME", "new")]),
        ("docker logs a b", ("logs",), [("CONTAINER", "a"), (EXTRA_ROLE, "b")]),
    ],
)
def test_real_lines(text: str, path: tuple[str, ...], expected: list[tuple[str, str]]) -> None:
    inv = parse(text)
    assert inv.known_command and inv.path == path
    assert roles(inv) == expected


def test_quoted_names_point_inside_the_quotes() -> None:
    text = "docker logs 'kamiyo'"
    (container,) = parse(text).positionals
    assert text[container.name_start : container.name_end] == "kamiyo"
    cp_text = 'docker cp "kamiyo:/app/x" .'
    cp = parse(cp_text).positionals[0]
    assert cp_text[cp.name_start : cp.name_end] == "kamiyo"


def test_names_fall_back_to_the_whole_word_when_raw_does_not_map() -> None:
    text = 'docker cp "kamiyo":/x .'
    cp = parse(text).positionals[0]
    assert cp.name == "kamiyo"
    assert (cp.name_start, cp.name_end) == (cp.word.start, cp.word.end)


def test_offsets_are_file_offsets() -> None:
    inv = parse_invocation(command_from("docker logs kamiyo", offset=100))
    assert inv is not None
    assert (inv.positionals[0].name_start, inv.positionals[0].name_end) == (112, 118)


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "text",
    ["docker", "docker -", "docker --", "docker compose", "docker compose --",
     "docker logs --tail", "docker exec -u", "docker compose -f", "docker -H",
     "docker run -it", "docker cp", "docker compose scale", "docker ---x", "docker --=x",
     "docker exec -=", "docker ''", "docker-compose", "docker compose alpha",
     "docker container", "docker volume", "docker logs -"],
)
def test_broken_lines_never_raise(text: str) -> None:
    assert parse(text).tool in Tool


def test_bare_invocations() -> None:
    assert (parse("docker").path, parse("docker").known_command) == ((), True)
    compose = parse("docker compose")
    assert (compose.tool, compose.path, compose.known_command) == (Tool.COMPOSE, (), True)
    dash = parse("docker -")
    assert (dash.path, dash.known_command) == (("-",), False)
    missing = parse("docker logs --tail")
    assert [(o.name, o.value, o.value_word) for o in missing.options] == [("tail", None, None)]


TOKENS = st.sampled_from(
    ["docker", "compose", "-", "--", "-f", "-it", "-itu", "-u=root", "--tail", "--tail=5", "-n",
     "--rm", "exec", "run", "logs", "cp", "scale", "container", "a:/b", "web=3", "x", "-H",
     "--context", "image", "ls", "=", "-=", "---", "help", "'q'", "$(x)", "buildx", "build"]
)


@given(st.lists(TOKENS, max_size=10), st.sampled_from(["docker", "docker-compose"]))
def test_fuzz_never_raises_and_spans_stay_inside_words(tail: list[str], program: str) -> None:
    text = " ".join([program, *tail])
    inv = parse(text)
    for positional in inv.positionals:
        assert positional.word.start <= positional.name_start <= positional.name_end
        assert positional.name_end <= positional.word.end
    assert all(word in inv.command.words for word in inv.payload)


def test_empty_command_is_none() -> None:
    assert parse_invocation(Command(words=[])) is None
    assert parse_invocation(Command(words=[Word("docker", "docker", 0, 6)])) is not None


def test_misspelt_value_option_still_takes_its_value() -> None:
    """`--tails 50` is a typo of `--tail`: 50 is its value, not the container."""
    inv = parse_invocation(command_from("docker logs --tails 50 kamiyo"))
    assert inv is not None
    (use,) = inv.options
    assert (use.name, use.known, use.value) == ("tails", False, "50")
    assert [p.name for p in inv.roles("CONTAINER")] == ["kamiyo"]


def test_unknown_option_that_is_no_typo_takes_no_value() -> None:
    inv = parse_invocation(command_from("docker logs --frobnicate kamiyo"))
    assert inv is not None
    assert [p.name for p in inv.roles("CONTAINER")] == ["kamiyo"]


@pytest.mark.parametrize("program", ["bin/docker-compose", "./docker-compose", "./docker"])
def test_a_wrapper_script_of_the_project_is_not_the_docker_cli(program: str) -> None:
    """``bin/docker-compose up`` runs the repository's own script (which may well call
    ``docker compose`` itself), not the legacy binary; an absolute path is the binary."""
    assert parse_invocation(command_from(f"{program} up -d")) is None
    absolute = parse_invocation(command_from("/usr/local/bin/docker-compose up -d"))
    assert absolute is not None and absolute.tool is Tool.COMPOSE_V1
