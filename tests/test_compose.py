"""The compose loader: names as ``docker compose`` gives them, and no way for a hostile
or broken compose file to crash doclint or make it slow."""

from __future__ import annotations

import contextlib
import re
import textwrap
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_inputs import alias_bomb_yaml, dotenv_with_an_open_quote
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import locate

from doclint.compose.dotenv import parse_dotenv
from doclint.compose.errors import ComposeError
from doclint.compose.files import find_default_files
from doclint.compose.interpolate import InterpolationError, Unresolved, interpolate
from doclint.compose.loader import (
    is_valid_project_name,
    load_project,
    normalize_project_name,
)
from doclint.compose.model import ComposeProject, PortMapping
from doclint.compose.yamlload import Limits, Override, Reset, YamlMap, parse_yaml

CORPUS = locate("corpus")


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def project(directory: Path, text: str, **kwargs: Any) -> ComposeProject:
    """Loads ``text`` as ``directory/compose.yaml``."""
    return load_project([write(directory, "compose.yaml", text)], **kwargs)


def names(loaded: ComposeProject, legacy: bool = False) -> dict[str, list[str]]:
    return {
        name: loaded.container_names(service, legacy) for name, service in loaded.services.items()
    }


def error_of(directory: Path, text: str, name: str = "compose.yaml", **kwargs: Any) -> str:
    with pytest.raises(ComposeError) as caught:
        load_project([write(directory, name, text)], **kwargs)
    return str(caught.value)


# --- container names ------------------------------------------------------------------


def test_container_name_replaces_the_default_name(tmp_path: Path) -> None:
    app = tmp_path / "app"
    loaded = project(app, "services:\n  api:\n    container_name: kamiyo\n  db: {}\n")
    assert names(loaded) == {"api": ["kamiyo"], "db": ["app-db-1"]}
    assert loaded.services["api"].line == 2
    assert loaded.services["api"].file == app / "compose.yaml"


def test_container_name_is_interpolated_from_dotenv(tmp_path: Path) -> None:
    write(tmp_path, ".env", "STACK=prod\n")
    loaded = project(
        tmp_path,
        """
        services:
          api:
            container_name: ${STACK}-api
          db:
            container_name: ${DB_NAME:-postgres}
          cache:
            container_name: $${literal}
        """,
    )
    assert names(loaded) == {"api": ["prod-api"], "db": ["postgres"], "cache": ["${literal}"]}


def test_unresolved_variable_gives_a_pattern(tmp_path: Path) -> None:
    loaded = project(tmp_path, "services:\n  api:\n    container_name: ${STACK}-api\n")
    service = loaded.services["api"]
    assert service.container_name is None
    assert service.container_name_pattern is not None
    assert service.container_name_pattern.match("prod-api")
    assert not service.container_name_pattern.match("prod-web")
    assert loaded.container_names(service) == []


def test_variables_never_come_from_the_process_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STACK", "fromshell")
    loaded = project(tmp_path, "services:\n  api:\n    container_name: ${STACK:-dflt}\n")
    assert loaded.services["api"].container_name == "dflt"


@pytest.mark.parametrize(
    ("attributes", "replicas"),
    [
        ("deploy: {replicas: 3}", 3),
        ("scale: 2", 2),
        ("scale: ${N:-2}", 2),
        ("scale: ${N}", 1),
        ("deploy: {replicas: many}", 1),
        ("scale: '²'", 1),
        (f"scale: '{'9' * 5000}'", 1),
        ("{}", 1),
    ],
)
def test_replicas_give_one_name_each(tmp_path: Path, attributes: str, replicas: int) -> None:
    if attributes == "{}":
        text = "services:\n  web: {}\n"
    else:
        text = f"services:\n  web:\n    {attributes}\n"
    loaded = project(tmp_path / "shop", text)
    assert loaded.services["web"].replicas == replicas
    expected = [f"shop-web-{n}" for n in range(1, replicas + 1)]
    assert names(loaded)["web"] == expected


def test_v1_names_use_underscores_and_keep_leading_underscores(tmp_path: Path) -> None:
    loaded = project(tmp_path / "_My.Shop", "services:\n  web:\n    scale: 2\n", legacy=True)
    assert loaded.name == "_myshop"
    assert names(loaded, legacy=True)["web"] == ["_myshop_web_1", "_myshop_web_2"]


# --- project name ---------------------------------------------------------------------


def test_project_name_precedence(tmp_path: Path) -> None:
    text = "name: from-file\nservices:\n  web: {}\n"
    assert project(tmp_path / "dir", text).name == "from-file"
    env = {"COMPOSE_PROJECT_NAME": "from-env"}
    assert project(tmp_path / "dir", text, env=env).name == "from-env"
    assert project(tmp_path / "dir", text, env=env, project_name="from-p").name == "from-p"
    assert project(tmp_path / "dir", "services: {}\n").name == "dir"


def test_project_name_from_dotenv(tmp_path: Path) -> None:
    write(tmp_path, ".env", "COMPOSE_PROJECT_NAME=sentry-self-hosted\n")
    loaded = project(tmp_path, "name: ignored\nservices:\n  web: {}\n")
    assert names(loaded) == {"web": ["sentry-self-hosted-web-1"]}


@pytest.mark.parametrize(
    ("folder", "expected", "legacy_expected"),
    [("My.App", "myapp", "myapp"), ("_foo", "foo", "_foo"), ("-a_b-", "a_b-", "-a_b-")],
)
def test_directory_name_is_normalised(
    tmp_path: Path, folder: str, expected: str, legacy_expected: str
) -> None:
    assert project(tmp_path / folder, "services: {}\n").name == expected
    assert project(tmp_path / folder, "services: {}\n", legacy=True).name == legacy_expected


def test_name_key_is_interpolated_normalised_and_the_last_one_wins(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", "name: First\nservices:\n  web: {}\n")
    second = write(tmp_path, "b.yaml", "name: ${APP:-My.Second}\n")
    assert load_project([first, second]).name == "mysecond"
    assert load_project([first]).name == "first"
    # v1 had no name: key
    assert load_project([first], legacy=True).name == normalize_project_name(tmp_path.name, True)


def test_explicit_project_name_is_not_normalised(tmp_path: Path) -> None:
    loaded = project(tmp_path, "services:\n  web: {}\n", project_name="My_App")
    assert loaded.name == "My_App"
    assert any("invalid project name" in d.message for d in loaded.diagnostics)
    assert project(tmp_path, "services: {}\n", project_name="My.App", legacy=True).name == "myapp"
    assert is_valid_project_name("my_app-1") and not is_valid_project_name("_x")


def test_name_can_use_the_project_name_variable(tmp_path: Path) -> None:
    loaded = project(
        tmp_path / "proj", "services:\n  web:\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n"
    )
    assert loaded.services["web"].container_name == "proj-web"


# --- several files --------------------------------------------------------------------


def test_default_files_and_override(tmp_path: Path) -> None:
    assert find_default_files(tmp_path) == []
    write(tmp_path, "docker-compose.yml", "services:\n  web:\n    container_name: old\n")
    write(tmp_path, "compose.yaml", "services:\n  web:\n    container_name: base\n")
    write(
        tmp_path,
        "compose.override.yml",
        """
        services:
          web:
            container_name: new
            environment: [B=2]
            ports: ["81:81"]
          extra: {}
        """,
    )
    files = find_default_files(tmp_path)
    assert [f.name for f in files] == ["compose.yaml", "compose.override.yml"]
    write(
        tmp_path,
        "compose.yaml",
        """
        services:
          web:
            container_name: base
            environment: {A: 1}
            ports: ["80:80"]
        """,
    )
    loaded = load_project(files)
    web = loaded.services["web"]
    assert web.container_name == "new"
    assert web.environment == ("A", "B")
    assert [p.host_port for p in web.ports] == [80, 81]
    assert web.file.name == "compose.override.yml"
    assert loaded.services["extra"].file.name == "compose.override.yml"


def test_reset_and_override_tags(tmp_path: Path) -> None:
    base = write(
        tmp_path,
        "compose.yaml",
        """
        services:
          web:
            container_name: web-main
            ports: ["8080:80"]
            environment: {FOO: bar, KEEP: 1}
          api:
            ports: ["9000:9000"]
        """,
    )
    override = write(
        tmp_path,
        "override.yaml",
        """
        services:
          web:
            container_name: !reset null
            ports: !reset []
            environment:
              FOO: !reset null
          api:
            ports: !override
              - "8443:443"
        """,
    )
    loaded = load_project([base, override])
    web, api = loaded.services["web"], loaded.services["api"]
    assert web.container_name is None and web.ports == () and web.environment == ("KEEP",)
    assert api.ports == (PortMapping(8443, "443"),)


def test_reset_in_a_single_file_just_keeps_the_value_out(tmp_path: Path) -> None:
    loaded = project(tmp_path / "p", "services:\n  web:\n    container_name: !reset x\n")
    assert names(loaded) == {"web": ["p-web-1"]}


# --- extends --------------------------------------------------------------------------


def test_extends_in_the_same_file(tmp_path: Path) -> None:
    loaded = project(
        tmp_path,
        """
        services:
          base:
            container_name: base
            environment: {TZ: utc, PORT: 80}
            ports: ["80:80"]
          cli:
            extends: {service: base}
            container_name: cli
            environment: {PORT: 8080}
          short:
            extends: cli
        """,
    )
    cli = loaded.services["cli"]
    assert cli.container_name == "cli" and cli.environment == ("TZ", "PORT")
    assert cli.ports == (PortMapping(80, "80"),)
    assert loaded.services["short"].container_name == "cli"


def test_extends_another_file_resolves_its_paths_there(tmp_path: Path) -> None:
    write(
        tmp_path,
        "common/services.yaml",
        """
        services:
          app:
            env_file: app.env
            extends: root
          root:
            container_name: ${NAME:-common}
        """,
    )
    loaded = project(
        tmp_path,
        "services:\n  web:\n    extends:\n      file: common/services.yaml\n      service: app\n",
    )
    web = loaded.services["web"]
    assert web.container_name == "common"
    assert web.env_files == (tmp_path / "common" / "app.env",)
    assert web.file == tmp_path / "compose.yaml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("services:\n  a:\n    extends: b\n  b:\n    extends: a\n", "extends cycle"),
        ("services:\n  a:\n    extends: nope\n", "'a' extends 'nope'"),
        (
            "services:\n  a:\n    extends: {file: gone.yaml, service: x}\n",
            "gone.yaml does not exist",
        ),
        ("services:\n  a:\n    extends: [x]\n", "extends needs a service name"),
    ],
)
def test_broken_extends(tmp_path: Path, text: str, message: str) -> None:
    error = error_of(tmp_path, text)
    assert message in error
    assert error.startswith(f"{tmp_path / 'compose.yaml'}:3:")


# --- include --------------------------------------------------------------------------


def test_include_forms_and_their_environment(tmp_path: Path) -> None:
    write(tmp_path, "one/compose.yaml", "services:\n  one:\n    container_name: ${ONE}\n")
    write(tmp_path, "one/.env", "ONE=from-one-dotenv\n")
    write(tmp_path, "two/a.yaml", "services:\n  two:\n    container_name: ${TWO:-x}\n")
    write(tmp_path, "two/b.yaml", "services:\n  two:\n    env_file: two.env\n")
    write(tmp_path, "vars.env", "TWO=from-env-file\nSHARED=included\n")
    write(tmp_path, "three.yaml", "services:\n  three:\n    container_name: ${SHARED}\n")
    write(tmp_path, ".env", "SHARED=parent\n")
    loaded = project(
        tmp_path,
        """
        include:
          - one/compose.yaml
          - path: [two/a.yaml, two/b.yaml]
            env_file: vars.env
          - path: three.yaml
            project_directory: two
        services:
          main: {}
        """,
    )
    assert names(loaded) == {
        "main": [f"{normalize_project_name(tmp_path.name)}-main-1"],
        "one": ["from-one-dotenv"],
        "two": ["from-env-file"],
        "three": ["parent"],
    }
    assert loaded.services["two"].env_files == (tmp_path / "two" / "two.env",)
    assert loaded.services["one"].file == tmp_path / "one" / "compose.yaml"


def test_include_as_a_single_string_and_local_adjustment(tmp_path: Path) -> None:
    write(tmp_path, "db.yaml", "services:\n  db:\n    container_name: db\n    ports: ['5432']\n")
    loaded = project(tmp_path, "include: db.yaml\nservices:\n  db:\n    ports: ['5433']\n")
    db = loaded.services["db"]
    assert db.container_name == "db"
    assert [p.container_port for p in db.ports] == ["5432", "5433"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("include:\n  - missing.yaml\n", "missing.yaml does not exist"),
        ("include:\n  - path: [../outside.yaml]\n", "outside the project"),
        ("include:\n  - compose.yaml\n", "include cycle"),
        ("include:\n  - path: 3\n", "include path must be a path"),
    ],
)
def test_broken_include(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, "outside.yaml", "services: {}\n")
    error = error_of(tmp_path / "proj", text, root=tmp_path / "proj")
    assert message in error
    assert "compose.yaml:" in error


def test_files_outside_root_are_not_read(tmp_path: Path) -> None:
    outside = write(tmp_path, "other/compose.yaml", "services: {}\n")
    with pytest.raises(ComposeError, match="outside the project"):
        load_project([outside], root=tmp_path / "repo")


# --- profiles, ports, environment -----------------------------------------------------


def test_profiles(tmp_path: Path) -> None:
    loaded = project(
        tmp_path,
        "services:\n  web: {}\n  debug:\n    profiles: [debug, ops]\n",
        env={"COMPOSE_PROFILES": "ops,x"},
    )
    assert loaded.active_profiles == ("ops", "x")
    debug = loaded.services["debug"]
    assert debug.profiles == ("debug", "ops")
    assert debug.enabled_by(loaded.active_profiles) and not debug.enabled_by(["test"])
    assert loaded.services["web"].enabled_by([])


def test_ports(tmp_path: Path) -> None:
    loaded = project(
        tmp_path,
        """
        services:
          web:
            expose: ["3000"]
            ports:
              - "8000:8000"
              - 127.0.0.1:8080:80/udp
              - "3000-3001:4000-4001"
              - "9000"
              - 22:22
              - "[::1]:6001:6001"
              - "::1:6000:6000"
              - "8100-8110:80"
              - 7000
              - target: 443
                published: "8443"
                host_ip: 0.0.0.0
                protocol: tcp
              - target: 53
                published: 5300-5301
              - target: 99
              - "1:2:3:4:5:x"
              - "80-81:90"
              - ${UNSET}:80
        """,
    )
    assert loaded.services["web"].ports == (
        PortMapping(8000, "8000"),
        PortMapping(8080, "80", "127.0.0.1", "udp"),
        PortMapping(3000, "4000"),
        PortMapping(3001, "4001"),
        PortMapping(None, "9000"),
        PortMapping(22, "22"),
        PortMapping(6001, "6001", "::1"),
        PortMapping(6000, "6000", "::1"),
        PortMapping(8100, "80", host_port_end=8110),
        PortMapping(None, "7000"),
        PortMapping(8443, "443", "0.0.0.0"),
        PortMapping(5300, "53", host_port_end=5301),
        PortMapping(None, "99"),
        PortMapping(80, "90", host_port_end=81),
    )
    skipped = [d.message for d in loaded.diagnostics]
    assert len(skipped) == 2 and "not set" in skipped[1]


def test_bad_port_ranges_are_skipped(tmp_path: Path) -> None:
    loaded = project(
        tmp_path, "services:\n  web:\n    ports: ['1-3:4-5', '70000:1', '1000-3000', '²']\n"
    )
    assert loaded.services["web"].ports == ()
    assert [d.message.split(": ", 1)[1] for d in loaded.diagnostics] == [
        "the host and container ranges differ in length",
        "'70000' is not a valid port range",
        "a range of more than 1024 ports is not expanded",
        "'²' is not a port or a port range",
    ]


def test_environment_and_env_file(tmp_path: Path) -> None:
    loaded = project(
        tmp_path,
        """
        services:
          a:
            environment: [A=1, B, "C=${X}"]
            env_file: one.env
          b:
            environment: {D: 1, E: null}
            env_file:
              - two.env
              - path: sub/three.env
                required: false
        """,
    )
    a, b = loaded.services["a"], loaded.services["b"]
    assert a.environment == ("A", "B", "C") and b.environment == ("D", "E")
    assert a.env_files == (tmp_path / "one.env",)
    assert b.env_files == (tmp_path / "two.env", tmp_path / "sub" / "three.env")


# --- structure errors -----------------------------------------------------------------


def test_empty_file_and_version_key(tmp_path: Path) -> None:
    assert project(tmp_path, "").services == {}
    assert project(tmp_path, "# nothing\n").services == {}
    assert list(project(tmp_path, "version: '3.8'\nservices:\n  web:\n").services) == ["web"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- a\n- b\n", None, "top level must be a mapping"),
        ("services: [web]\n", 1, "services must be a mapping"),
        ("services:\n  web: nginx\n", 2, "a service must be a mapping"),
        ("services:\n  web:\n    image: x\n   bad: y\n", 4, "invalid YAML"),
        ("services:\n  web:\n    image: a: b\n", 3, "mapping values are not allowed"),
        ("services:\n  web: {}\n  web: {}\n", 3, "already defined at line 2"),
        ("services:\n  'we b': {}\n", 2, "invalid service name"),
        ("services:\n  web:\n    image: ${A/x/y}\n", 3, "invalid interpolation format"),
    ],
)
def test_invalid_structure(tmp_path: Path, text: str, line: int | None, message: str) -> None:
    with pytest.raises(ComposeError) as caught:
        project(tmp_path, text)
    assert message in caught.value.message
    assert caught.value.line == line
    assert caught.value.file == tmp_path / "compose.yaml"


@pytest.mark.parametrize(
    "text",
    [
        "x: !!python/object/apply:os.system ['touch {marker}']\n",
        "x: !!python/name:os.system\n",
        "x: !foo bar\n",
        "x: !Ref\n  - a\n",
    ],
)
def test_unknown_tags_are_refused_never_run(tmp_path: Path, text: str) -> None:
    marker = tmp_path / "marker"
    message = error_of(tmp_path, text.format(marker=marker))
    assert "unsupported YAML tag" in message and ":1:" in message
    assert not marker.exists()


def test_billion_laughs_is_stopped_in_little_memory(tmp_path: Path) -> None:
    path = write(tmp_path, "compose.yaml", alias_bomb_yaml())
    tracemalloc.start()
    try:
        with pytest.raises(ComposeError, match="alias bomb"):
            load_project([path])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


def test_many_nodes_limit_is_a_parameter(tmp_path: Path) -> None:
    text = "services:\n" + "".join(f"  s{n}: {{}}\n" for n in range(50))
    with pytest.raises(ComposeError, match="more than 40 YAML nodes"):
        project(tmp_path, text, limits=Limits(max_nodes=40))


def test_alias_to_itself_is_refused(tmp_path: Path) -> None:
    assert "inside the node it refers to" in error_of(tmp_path, "a: &a [1, *a]\n")


def test_deep_nesting(tmp_path: Path) -> None:
    depth = 100_000
    message = error_of(tmp_path, "x: " + "[" * depth + "]" * depth + "\n")
    # PyYAML >= 6.0.4 stops such input in its own parser, before our depth check
    assert re.search(r"nested deeper than 200 levels|maximum nesting depth", message)
    assert "compose.yaml:1" in message
    ok = "services:\n  web:\n    x: " + "[" * 190 + "]" * 190 + "\n"
    assert list(project(tmp_path, ok).services) == ["web"]
    with pytest.raises(ComposeError, match="deeper than 5 levels"):
        project(tmp_path, ok, limits=Limits(max_depth=5))


def test_oversized_file(tmp_path: Path) -> None:
    with pytest.raises(ComposeError, match="larger than 100 bytes"):
        project(tmp_path, "services:\n" + "#" * 200 + "\n", limits=Limits(max_bytes=100))
    big = write(tmp_path, "big.yaml", "#" * (5 * 1024 * 1024 + 1))
    with pytest.raises(ComposeError, match="larger than 5,242,880 bytes"):
        load_project([big])


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    path.write_bytes(b"services:\n  web:\n    container_name: caf\xe9\n")
    with pytest.raises(ComposeError, match=r"not UTF-8 text \(byte 0xe9 at line 3\)") as caught:
        load_project([path])
    assert caught.value.line == 3


def test_directory_named_like_a_compose_file(tmp_path: Path) -> None:
    (tmp_path / "compose.yaml").mkdir()
    files = find_default_files(tmp_path)
    assert files == [tmp_path / "compose.yaml"]
    with pytest.raises(ComposeError, match="is a directory"):
        load_project(files)


def test_missing_file_and_no_file(tmp_path: Path) -> None:
    with pytest.raises(ComposeError, match="cannot read"):
        load_project([tmp_path / "nope.yaml"])
    with pytest.raises(ComposeError, match="no compose file"):
        load_project([])


def test_multiple_documents_are_merged(tmp_path: Path) -> None:
    loaded = project(tmp_path, "services:\n  a: {}\n---\nservices:\n  b: {}\n")
    assert list(loaded.services) == ["a", "b"]


def test_huge_integer_is_an_error_not_a_crash(tmp_path: Path) -> None:
    assert "invalid YAML" in error_of(tmp_path, "services: {}\nx: " + "1" * 5000 + "\n")


def test_bad_paths_from_yaml_are_errors(tmp_path: Path) -> None:
    assert "bad path" in error_of(tmp_path, 'include: ["a\\0b"]\n', root=tmp_path)


YAMLISH = st.text(alphabet=list("ab:-[]{}&*!|>'\"#%@`,? \n\t0$<=~\\"), max_size=120)
SERVICE_VALUE = st.recursive(
    st.none() | st.integers() | st.text(alphabet=list("ab0:-/$.{}?"), max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(
            ["container_name", "ports", "extends", "environment", "env_file", "scale",
             "deploy", "replicas", "profiles", "target", "published", "service", "file"]
        ),
        inner,
        max_size=4,
    ),
    max_leaves=12,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_any_text_gives_data_or_a_compose_error(text: str) -> None:
    with contextlib.suppress(ComposeError):
        parse_yaml(text, Path("fuzz.yml"))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["web", "db", "1"]), SERVICE_VALUE, max_size=3))
def test_any_service_structure_loads_or_gives_a_compose_error(
    tmp_path_factory: pytest.TempPathFactory, services: dict[str, Any]
) -> None:
    directory = tmp_path_factory.mktemp("fuzz")
    path = directory / "compose.yaml"
    path.write_text(yaml.safe_dump({"services": services, "include": []}), encoding="utf-8")
    with contextlib.suppress(ComposeError):
        load_project([path], root=directory)


@settings(max_examples=200, deadline=None)
@given(YAMLISH)
def test_any_dotenv_text_parses(text: str) -> None:
    parse_dotenv(text)


def test_dotenv_quote_never_closed_ignores_the_rest_with_one_warning() -> None:
    parsed = parse_dotenv(dotenv_with_an_open_quote())
    assert parsed.warnings == [
        (1, 'A: the " quote is never closed; the rest of the file is ignored')
    ]


# --- the YAML loader itself -----------------------------------------------------------


def test_yaml_is_read_as_compose_reads_it() -> None:
    (doc,) = parse_yaml(
        "a: 22:22\nb: yes\nc: on\nd: 0o17\ne: 08\nf: 1.5\ng: ~\nh: !!str 12\ni: true\n",
        Path("x.yml"),
    )
    assert doc == {
        "a": "22:22", "b": "yes", "c": "on", "d": 15, "e": "08",
        "f": 1.5, "g": None, "h": "12", "i": True,
    }  # fmt: skip
    assert isinstance(doc, YamlMap) and doc.line_of("i") == 9


def test_merge_keys_and_compose_tags() -> None:
    (doc,) = parse_yaml(
        "x: &x {k: 1, j: 2}\ny:\n  <<: *x\n  k: 3\nz: !reset null\nw: !override '1'\n",
        Path("x.yml"),
    )
    assert doc["y"] == {"k": 3, "j": 2}
    assert doc["z"] == Reset(None, 5) and doc["w"] == Override("1", 6)


def test_invalid_scalar_for_an_explicit_tag() -> None:
    with pytest.raises(ComposeError, match="'abc' is not a valid !!int"):
        parse_yaml("a: !!int abc\n", Path("x.yml"))


# --- interpolation --------------------------------------------------------------------


ENV = {"A": "a", "E": ""}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$A-${A}", "a-a"),
        ("${Z:-d}|${E:-d}|${E-d}|${Z-d}", "d|d||d"),
        ("${A:+alt}|${E:+alt}|${E+alt}|${Z+alt}", "alt||alt|"),
        ("${E?err}", ""),
        ("${Z:-${Y:-x}}", "x"),
        ("${Z:-${A}}", "a"),
        ("$$A $1 $", "$A $1 $"),
    ],
)
def test_interpolation(text: str, expected: str) -> None:
    assert interpolate(text, ENV) == expected


@pytest.mark.parametrize(
    ("text", "matches", "differs"),
    [
        ("${Z}", "anything", None),
        ("pre-${Z}-post", "pre-x-post", "pre-x"),
        ("${Z:?need it}.x", "v.x", "v.y"),
        ("${E:?need it}", "", None),
        ("${Z:-${Y}}-db", "q-db", "q-web"),
    ],
)
def test_unresolved_interpolation(text: str, matches: str, differs: str | None) -> None:
    value = interpolate(text, ENV)
    assert isinstance(value, Unresolved)
    assert value.pattern.match(matches)
    assert differs is None or not value.pattern.match(differs)


@pytest.mark.parametrize("text", ["${A", "${A/x/y}", "${}", "${1A}"])
def test_invalid_interpolation(text: str) -> None:
    with pytest.raises(InterpolationError):
        interpolate(text, ENV)


# --- .env -----------------------------------------------------------------------------


def test_dotenv() -> None:
    parsed = parse_dotenv(
        textwrap.dedent(
            """\
            # comment
            A=1
            export B = two words # comment
            C="quoted # kept" # comment
            D='$A it\\'s'
            E="tab\\there $A"
            F=val#kept

            G
            H=
            I="multi
            line"
            1BAD=x
            junk line
            J=${A}-${NOPE:-d}
            K='never closed
            """
        )
    )
    assert parsed.values == {
        "A": "1",
        "B": "two words",
        "C": "quoted # kept",
        "D": "$A it's",
        "E": "tab\there 1",
        "F": "val#kept",
        "H": "",
        "I": "multi\nline",
        "J": "1-d",
    }
    assert [line for line, _ in parsed.warnings] == [13, 14, 16]


def test_dotenv_warnings_become_diagnostics(tmp_path: Path) -> None:
    write(tmp_path, ".env", "not a line\nX=1\n")
    loaded = project(tmp_path, "services: {}\n")
    assert [(d.path, d.line) for d in loaded.diagnostics] == [(str(tmp_path / ".env"), 1)]


# --- the real compose files -----------------------------------------------------------


def corpus_files() -> list[Path]:
    return sorted(CORPUS.rglob("*compose*.y*ml"))


# compose files of the corpus that are templates, not YAML: Mailu's setup site renders
# this one with Jinja
TEMPLATES = {"Mailu__Mailu/setup/flavors/compose/docker-compose.yml"}


@pytest.mark.shared("corpus")
def test_every_corpus_compose_file_loads() -> None:
    for path in corpus_files():
        repo = CORPUS / path.relative_to(CORPUS).parts[0]
        if path.relative_to(CORPUS).as_posix() in TEMPLATES:
            with pytest.raises(ComposeError, match=rf"^{re.escape(str(path))}:\d+: invalid YAML"):
                load_project([path], root=repo)
            continue
        loaded = load_project([path], root=repo)
        for service in loaded.services.values():
            assert loaded.container_names(service) or service.container_name_pattern


@pytest.mark.shared("corpus")
def test_corpus_names_look_right() -> None:
    sentry = load_project([CORPUS / "getsentry__self-hosted" / "docker-compose.yml"])
    assert sentry.name == "sentry-self-hosted"
    assert sentry.container_names(sentry.services["nginx"]) == ["sentry-self-hosted-nginx-1"]
    wger = load_project([CORPUS / "wger-project__docker" / "docker-compose.yml"])
    assert {"db", "cache", "powersync"} <= set(wger.services)
    # db is adjusted locally; its env_file comes from services/postgres.yaml, relative
    # to that file.
    repo = CORPUS / "wger-project__docker"
    assert wger.services["db"].file == repo / "docker-compose.yml"
    assert wger.services["db"].env_files == (repo / "config" / "prod.env",)
