"""DL101-DL104 in repositories with several compose stacks: each command is judged
against the stacks it may target, and what the repository cannot settle is left alone
and said in a notice."""

from __future__ import annotations

from pathlib import Path

from helpers import lint_tree, make_repo, run

SELECT = "DL101,DL102,DL103,DL104"

DEFAULT = "services:\n  web:\n    image: nginx\n    container_name: shop-web\n"
PROD = (
    "name: shop\n"
    "services:\n"
    "  cache:\n    image: redis\n    container_name: shop-cache\n"
    "  db:\n    image: postgres\n    container_name: shop-db\n"
)


def doc(*lines: str, before: str = "") -> str:
    return "# Ops\n\n" + before + "```sh\n" + "\n".join(lines) + "\n```\n"


def codes(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str | None]]:
    found = lint_tree(tmp_path, files, SELECT)
    return [(f.code, f.line, f.suggestion) for f in found]


def test_a_service_of_another_stack_used_as_a_container_is_reported(tmp_path: Path) -> None:
    files = {
        "compose.yaml": DEFAULT,
        "deploy/compose.prod.yaml": PROD,
        "README.md": doc("docker logs cache"),
    }
    assert codes(tmp_path, files) == [("DL103", 4, "shop-cache")]


def test_a_production_file_named_in_no_command_is_a_stack_too(tmp_path: Path) -> None:
    files = {
        "docker-compose.yml": "services:\n  app:\n    image: app\n",
        "docker-compose.production.yml": (
            "services:\n  postgres:\n    image: postgres\n    container_name: app-postgres\n"
        ),
        "docs/run.md": doc("docker exec postgres pg_isready"),
    }
    assert codes(tmp_path, files) == [("DL103", 4, "app-postgres")]


def test_a_typo_is_told_the_containers_of_every_stack(tmp_path: Path) -> None:
    files = {
        "compose.yaml": DEFAULT,
        "deploy/compose.prod.yaml": PROD,
        "README.md": doc("docker logs shop-cach"),
    }
    (finding,) = lint_tree(tmp_path, files, SELECT)
    assert finding.code == "DL101"
    assert finding.suggestion == "shop-cache"
    assert "`shop-cache`" in finding.message
    assert "_1" not in finding.message


def test_a_message_lists_a_handful_of_names_and_suggests_only_a_listed_one(
    tmp_path: Path,
) -> None:
    services = "".join(f"  s{n}:\n    image: x\n    container_name: box-{n}\n" for n in range(20))
    files = {"compose.yaml": "services:\n" + services, "README.md": doc("docker logs box-77")}
    (finding,) = lint_tree(tmp_path, files, SELECT)
    assert finding.message.count("`box-") - 1 <= 5
    assert "and 15 more" in finding.message
    assert finding.suggestion is None or f"`{finding.suggestion}`" in finding.message


def test_no_suggestion_of_the_container_of_another_service(tmp_path: Path) -> None:
    compose = (
        "services:\n  db:\n    image: postgres\n    container_name: shop-postgres\n"
        "  web:\n    image: nginx\n    container_name: shop-web\n"
    )
    files = {"compose.yaml": compose, "README.md": doc("docker logs shop-db")}
    (finding,) = lint_tree(tmp_path, files, SELECT)
    assert (finding.code, finding.suggestion, finding.fix) == ("DL101", None, None)


def test_containers_a_compose_snippet_of_the_document_defines_are_known(
    tmp_path: Path,
) -> None:
    snippet = (
        "Add this service to your compose file:\n\n"
        "```yaml\nservices:\n  backup:\n    image: restic\n    container_name: shop-backup\n```\n\n"
    )
    files = {
        "compose.yaml": DEFAULT,
        "README.md": doc("docker logs shop-backup", before=snippet),
    }
    assert codes(tmp_path, files) == []


def test_docker_create_and_compose_run_name_containers(tmp_path: Path) -> None:
    files = {
        "compose.yaml": DEFAULT,
        "README.md": doc(
            "docker create --name scratch alpine",
            "docker compose run --name oneoff web true",
            "docker start scratch",
            "docker logs oneoff",
        ),
    }
    assert codes(tmp_path, files) == []


def test_an_open_container_name_leaves_only_its_stack_unchecked(tmp_path: Path) -> None:
    prod = PROD + '  worker:\n    image: alpine\n    container_name: "${MAIN_CONTAINER_NAME}"\n'
    make_repo(
        tmp_path,
        {
            ".git/HEAD": "",
            "compose.yaml": DEFAULT,
            "deploy/compose.prod.yaml": prod,
            "README.md": doc("docker logs cache", "docker logs shop-cach", "docker logs anything"),
        },
    )
    code, out, err = run(".", "--select", SELECT, cwd=tmp_path)
    assert code == 1
    assert "README.md:4:13: DL103" in out
    assert "README.md:5:13: DL101" in out
    assert "anything" not in out
    assert "All clear" not in out
    assert "service `worker`" in err and "variable with no value" in err


def test_a_compose_command_is_judged_against_its_own_stack(tmp_path: Path) -> None:
    files = {
        "compose.yaml": DEFAULT,
        "deploy/compose.prod.yaml": PROD,
        "README.md": doc(
            "docker compose -f deploy/compose.prod.yaml logs cache",
            "docker compose -f deploy/compose.prod.yaml logs web",
            "docker compose -p shop -f deploy/compose.prod.yaml exec shop-db psql",
            "docker compose logs cache",
        ),
    }
    assert [(c, line) for c, line, _ in codes(tmp_path, files)] == [
        ("DL102", 5),
        ("DL104", 6),
        ("DL102", 7),
    ]


def test_containers_a_socket_holder_spawns_are_not_judged(tmp_path: Path) -> None:
    compose = (
        "name: aio\nservices:\n  master:\n    image: aio\n"
        "    container_name: cloud-aio-mastercontainer\n"
        "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
    )
    make_repo(
        tmp_path,
        {
            ".git/HEAD": "",
            "compose.yaml": compose,
            "README.md": doc(
                "docker logs cloud-aio-caddy",
                'docker ps --format "{{.Names}}" | grep -q "^cloud-aio-watchtower$"',
                "docker logs other-thing",
                "docker logs cloud-aio-master",
            ),
        },
    )
    code, out, err = run(".", "--select", SELECT, cwd=tmp_path)
    assert code == 1
    assert "cloud-aio-caddy" not in out and "watchtower" not in out
    assert "README.md:6:13: DL101" in out
    assert "README.md:7:13: DL101" in out
    assert "`cloud-aio-*`" in err and "`master`" in err


def test_a_name_the_sentence_says_to_replace_is_a_placeholder(tmp_path: Path) -> None:
    text = (
        "# Debug\n\nEnter the container with `docker exec -it 1234asdf bash` (replace "
        "`1234asdf` with the docker id).\n\nRemove it with `docker rm shop-container1` "
        "(adjust `container1` accordingly).\n\nThen `docker logs shop-wbe`.\n"
    )
    files = {"compose.yaml": DEFAULT, "README.md": text}
    assert codes(tmp_path, files) == [("DL101", 7, "shop-web")]


def test_names_built_around_your_are_placeholders(tmp_path: Path) -> None:
    files = {
        "compose.yaml": DEFAULT,
        "README.md": doc(
            "docker exec nameofyournginxproxycontainer nginx -T",
            "docker logs yourapp",
            "docker logs your-container",
        ),
    }
    assert codes(tmp_path, files) == []


def test_issue_templates_describe_the_reporters_deployment(tmp_path: Path) -> None:
    files = {
        "compose.yaml": DEFAULT,
        ".github/ISSUE_TEMPLATE/bug_report.md": doc("docker exec proxy nginx -T"),
        ".github/PULL_REQUEST_TEMPLATE.md": doc("docker logs web"),
    }
    assert codes(tmp_path, files) == []


def test_containers_the_document_retires_are_history(tmp_path: Path) -> None:
    files = {
        "compose.yaml": DEFAULT,
        "docs/upgrade.md": doc(
            "docker stop old-web && docker rm old-web",
            "docker rename legacy-db shop-db-old",
            "docker compose up -d",
        ),
        "docs/other.md": doc("docker logs old-web"),
    }
    assert codes(tmp_path, files) == [("DL101", 4, None)]


def test_a_stack_in_a_folder_the_docs_copy_into_place_is_known(tmp_path: Path) -> None:
    files = {
        "compose.yaml": DEFAULT,
        "devcontainer-example/docker-compose.yml": "services:\n  frappe:\n    image: f\n",
        "docs/dev.md": doc(
            "cp -R devcontainer-example .devcontainer",
            "docker compose -f .devcontainer/docker-compose.yml up -d",
            "docker exec -it devcontainer-frappe-1 bash",
        ),
    }
    assert [c for c, _, _ in codes(tmp_path, files)] == []


def test_a_stack_started_in_another_projects_clone_is_not_judged(tmp_path: Path) -> None:
    files = {
        "compose.yaml": DEFAULT,
        "docs/tts.md": doc(
            "git clone https://github.com/example/tts-api",
            "cd tts-api",
            "docker compose -f docker/docker-compose.yml up -d",
            "docker logs tts-api -f",
        ),
    }
    assert codes(tmp_path, files) == []


def test_a_script_on_a_deployment_at_a_path_the_reader_gives_is_not_judged(
    tmp_path: Path,
) -> None:
    script = (
        "#!/bin/sh\n"
        'grep POSTGRES_USER "$PATH_TO_APP"/docker-compose.yml\n'
        "docker exec app_db_1 psql\n"
    )
    make_repo(tmp_path, {".git/HEAD": "", "compose.yaml": DEFAULT, "scripts/up.sh": script})
    code, out, err = run(".", "--select", SELECT, cwd=tmp_path)
    assert code == 0
    assert "All clear" not in out
    assert "scripts/up.sh works on a deployment" in err


def test_a_name_offered_with_or_your_own_is_a_placeholder(tmp_path: Path) -> None:
    text = (
        "# Logs\n\nCheck its logs: `docker logs edge-tts` (or your container name).\n\n"
        "Attach with `docker exec -it POSTGRES_CONTAINER_NAME/ID /bin/sh`.\n"
    )
    assert codes(tmp_path, {"compose.yaml": DEFAULT, "README.md": text}) == []


def test_a_container_name_built_from_dotenv_as_compose_reads_it(tmp_path: Path) -> None:
    files = {
        ".env": 'PREFIX: shop\nexport SUFFIX="\\0143ache"\n',
        "compose.yaml": (
            "services:\n  cache:\n    image: redis\n    container_name: ${PREFIX}-${SUFFIX}\n"
        ),
        "README.md": doc("docker logs shop-cache", "docker logs shop-cahce"),
    }
    assert codes(tmp_path, files) == [("DL101", 5, "shop-cache")]


def test_the_stack_of_the_documents_folder_is_listed_first(tmp_path: Path) -> None:
    many = "".join(f"  a{n}:\n    image: x\n    container_name: alpha-{n}\n" for n in range(8))
    files = {
        "compose.yaml": "services:\n" + many,
        "deploy/compose.prod.yaml": PROD,
        "deploy/README.md": doc("docker logs zzz"),
    }
    (finding,) = lint_tree(tmp_path, files, SELECT)
    listed = finding.message.split("the containers ", 1)[1]
    assert listed.startswith(("`shop-cache`", "`shop-db`"))


def test_containers_of_an_example_file_the_docs_copy_into_place_are_known(
    tmp_path: Path,
) -> None:
    files = {
        "compose.yaml": DEFAULT,
        "compose.override.yaml.example": (
            "services:\n  backup:\n    image: restic\n    container_name: shop-backup\n"
        ),
        "README.md": doc(
            "cp compose.override.yaml.example compose.override.yaml",
            "docker logs shop-backup",
            "docker logs shop-bakup",
        ),
    }
    assert codes(tmp_path, files) == [("DL101", 6, "shop-backup")]


def test_a_command_whose_failure_the_script_discards_is_not_judged(tmp_path: Path) -> None:
    script = (
        "#!/bin/sh\n"
        "docker compose rm -f -s old-init >/dev/null 2>&1 || true\n"
        "docker rm -f shop-old 2>/dev/null || :\n"
        "docker compose rm -f -s gone && echo removed\n"
    )
    files = {"compose.yaml": DEFAULT, "scripts/clean.sh": script}
    assert codes(tmp_path, files) == [("DL102", 4, None)]


def test_containers_a_linked_setup_page_defines_are_known(tmp_path: Path) -> None:
    setup = (
        "# Setup\n\nAdd to your compose file:\n\n"
        "```yaml\nservices:\n  backup:\n    image: restic\n    container_name: shop-backup\n```\n"
    )
    files = {
        "compose.yaml": DEFAULT,
        "docs/setup.md": setup,
        "docs/ops.md": doc("docker logs shop-backup", before="After [setup](setup.md):\n\n"),
    }
    assert codes(tmp_path, files) == []


def test_a_compose_command_after_cd_is_judged_against_that_folders_stack(
    tmp_path: Path,
) -> None:
    files = {
        "compose.yaml": "services:\n  web:\n    image: nginx\n",
        "deploy/compose.yaml": "services:\n  cache:\n    image: redis\n",
        "README.md": doc(
            "cd deploy", "docker compose logs cache", "docker compose logs web", "cd .."
        ),
    }
    assert [(c, line) for c, line, _ in codes(tmp_path, files)] == [("DL102", 6)]


def test_names_that_say_what_they_stand_for_are_placeholders() -> None:
    from doclint.checkers._names import is_placeholder

    assert is_placeholder("dms-container-name")
    assert is_placeholder("app_service_id")
    assert is_placeholder("your-openwebui-container")
    assert not is_placeholder("mail-service")
    assert not is_placeholder("shop-api")


def test_a_service_the_page_has_the_reader_add_is_no_unknown_service(tmp_path: Path) -> None:
    page = (
        "Add the renewal service to `compose.yaml`:\n\n"
        '=== "Cloudflare"\n\n'
        "    ```yaml\n    services:\n      certbot-renew:\n        image: certbot/certbot\n"
        "    ```\n\n"
        "    ```sh\n    docker compose run certbot-renew\n    docker compose run certbot-renw\n"
        "    ```\n"
    )
    files = {"compose.yaml": "services:\n  mail:\n    image: x\n", "docs/tls.md": page}
    found = lint_tree(tmp_path, files, "DL102")
    assert [f.line for f in found] == [13]
