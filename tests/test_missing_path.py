"""DL402 missing-path: which commands read repository files, and when to stay quiet."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_tree

REPO = {
    "scripts/deploy.sh": "#!/bin/sh\nexit 0\n",
    "config/app.yml.example": "debug: false\n",
    "src/manage.py": "print('hi')\n",
}


def missing(tmp_path: Path, block: str, files: dict[str, str] | None = None) -> list[str]:
    tree = {**REPO, **(files or {}), "docs/run.md": f"```bash\n{block}\n```\n"}
    return [
        tmp_path.joinpath(f.path).name + f":{f.line}" for f in lint_tree(tmp_path, tree, "DL402")
    ]


@pytest.mark.parametrize(
    "block",
    [
        "./scripts/deploi.sh",
        "sh scripts/deploi.sh",
        "bash -x scripts/deploi.sh --fast",
        ". scripts/deploi.sh",
        "head -n 5 scripts/deploi.sh",
        "python3 scripts/migrate.py",
        "cp config/app.yml.sample config/app.yml",
        "chmod +x scripts/deploi.sh",
        "sudo ./scripts/deploi.sh",
        "cd scripts && ./deploi.sh",
        "cd ../scripts && ./deploi.sh",  # from docs/
    ],
)
def test_missing_files_are_reported(tmp_path: Path, block: str) -> None:
    assert missing(tmp_path, block) == ["run.md:2"]


@pytest.mark.parametrize(
    "block",
    [
        "./scripts/deploy.sh",
        "cd scripts\n./deploy.sh",
        "cat ../scripts/deploy.sh",  # from the document's folder
        "bash -c 'nothing.sh'",
        "python -m tools.migrate",
        "python manage.py migrate",  # src/manage.py: the prose says where
        "sudo ./manage.py check",  # the same, run as `./name` from where it is installed
        "cat /etc/hosts ~/.bashrc $HOME/x.txt *.log <file> FILE",
        "cat README",  # a bare word without a dot or slash may be anything
        "cat node_modules/x/package.json .venv/bin/activate",
        "touch notes.txt && cat notes.txt",
        "mkdir -p out && cp scripts/deploy.sh out/ && cat out/deploy.sh",
        "openssl genrsa -out key.pem 2048 && cat key.pem",
        "ls > listing.txt\ncat listing.txt",
        "cp config/app.yml.example config/app.yml && cat config/app.yml",
        "cat config/app.yml",  # its template sits beside it
        "curl -O https://example.com/get.sh && sh get.sh",
        "git clone https://example.com/tool.git && ./tool/install.sh",
        "tar xzf release.tgz && ./release/install.sh",
        "make build && ./bin/shop",
        "cd $APP_DIR && ./deploi.sh",
        "cd nowhere && ./deploi.sh",
        "ssh prod\n./deploi.sh",
        "docker compose exec web bash\ncat settings/local.py",
        "sudo -i\n./deploi.sh",
        "docker exec app cat /app/x.py app/y.py",
        "tail -f logs/app.log",  # a log the running app writes, not a repository file
        "python3 tools/migrate.py",  # no tools/ folder: not the repository's to provide
        "cat backup/full.sql && psql -f full_backup.sql",  # data the reader brings
        "(cd nowhere && ls) ; cd /opt/app && ./deploi.sh",
    ],
)
def test_paths_the_reader_makes_or_cannot_see_are_quiet(tmp_path: Path, block: str) -> None:
    assert missing(tmp_path, block) == []


def test_gitignored_files_are_made_by_the_reader(tmp_path: Path) -> None:
    assert missing(tmp_path, "source .secrets.env", {".gitignore": "*.env\n"}) == []


def test_message_names_the_places_and_the_closest_file(tmp_path: Path) -> None:
    files = {**REPO, "docs/run.md": "```bash\n./scripts/deploi.sh\n```\n"}
    (finding,) = lint_tree(tmp_path, files, "DL402")
    assert "looked in the project root and `docs/`" in finding.message
    assert finding.suggestion == "./scripts/deploy.sh"
    assert (finding.column, finding.end_column) == (1, 20)


def test_shell_scripts_are_checked_from_their_folder_too(tmp_path: Path) -> None:
    files = {**REPO, "scripts/all.sh": "#!/bin/sh\n./deploy.sh\n./missing.sh\n"}
    found = lint_tree(tmp_path, files, "DL402")
    assert [(f.path.rsplit("/", 1)[-1], f.line) for f in found] == [("all.sh", 3)]


def blocks(*texts: str) -> str:
    return "\n\ntext\n\n".join(f"```bash\n{t}\n```" for t in texts)


def missing_in(tmp_path: Path, document: str, files: dict[str, str] | None = None) -> list[int]:
    tree = {**REPO, **(files or {}), "docs/run.md": document}
    return [f.line for f in lint_tree(tmp_path, tree, "DL402")]


@pytest.mark.parametrize(
    ("document", "lines"),
    [
        # a `cd` out of the repository holds for the blocks that follow
        (blocks("cd /var/www/app", "./deploi.sh"), []),
        (blocks("ssh prod", "./deploi.sh"), []),
        # ... until the document goes back where it was
        (blocks("pushd /srv/app && ./x.sh", "popd", "./scripts/deploi.sh"), [14]),
        (blocks("cd /srv/app && ./x.sh && cd -", "./scripts/deploi.sh"), [8]),
        # a subshell's `cd` ends with it
        (blocks("(cd /srv/app && ./x.sh) && ./scripts/deploi.sh"), [2]),
        (blocks("echo $(cd /srv && pwd); ./scripts/deploi.sh"), [2]),
        # a known `cd` carries over, and the next block may also start afresh
        (blocks("cd scripts", "./deploi.sh"), [8]),
        (blocks("cd scripts", "./deploy.sh && ./scripts/deploy.sh"), []),
        # files made by an earlier block
        (blocks("cat > scripts/local.sh <<EOF\necho hi\nEOF", "sh scripts/local.sh"), []),
        (blocks("git clone https://example.com/tool.git", "cd tool", "./install.sh"), []),
        (blocks("tar xzf release.tgz", "./scripts/from-release.sh"), []),
    ],
)
def test_the_whole_document_is_followed(tmp_path: Path, document: str, lines: list[int]) -> None:
    assert missing_in(tmp_path, document) == lines


def test_a_file_another_document_makes_is_not_missing(tmp_path: Path) -> None:
    setup = "Save this as `scripts/custom.sh`:\n\n```sh\necho custom\n```\n"
    files = {"docs/setup.md": setup}
    assert missing_in(tmp_path, blocks("bash scripts/custom.sh"), files) == []
    assert missing_in(tmp_path, blocks("bash scripts/other.sh"), files) == [2]


def test_cloning_this_repository_and_entering_it_returns_to_its_top(tmp_path: Path) -> None:
    repo = tmp_path / "shop"
    clone = "cd /usr/local\ngit clone -b main https://example.com/acme/shop.git\ncd shop"
    assert missing_in(repo, blocks(clone, "./scripts/deploi.sh")) == [10]
    into = "git clone https://example.com/acme/shop.git ./shop-app\ncd ./shop-app/scripts"
    assert missing_in(repo, blocks(into, "./deploi.sh")) == [9]
    other = "git clone https://example.com/acme/tool.git\ncd tool"
    assert missing_in(repo, blocks(other, "./scripts/deploi.sh")) == []


@pytest.mark.parametrize(
    ("document", "lines"),
    [
        ("Unpack it and `cd` into the directory.\n\n" + blocks("./configure"), []),
        ("Run `cd scripts` first.\n\n" + blocks("./deploi.sh"), [4]),
        (blocks("django-admin startproject site .", "python manage.py migrate"), []),
        (blocks("npm create vite@latest web", "cat web/index.html"), []),
    ],
)
def test_prose_cd_and_scaffolds(tmp_path: Path, document: str, lines: list[int]) -> None:
    assert missing_in(tmp_path, document) == lines


def test_a_script_saved_from_the_page_is_not_missing(tmp_path: Path) -> None:
    document = "Save it to a file ```make_it.sh```.\n\n" + blocks("./make_it.sh")
    assert missing_in(tmp_path, document) == []


def test_a_clone_moved_and_entered_in_prose_is_this_checkout(tmp_path: Path) -> None:
    prose = (
        "Get it: `git clone https://example.com/acme/shop.git -b main`\n\n"
        "Move it: `mv shop /var/www`\n\nEnter it: `cd /var/www/shop`\n\n"
    )
    assert missing_in(tmp_path / "shop", prose + blocks("./scripts/deploi.sh")) == [8]


@pytest.mark.parametrize(
    "block",
    [
        "curl -fsSL https://example.com/install.sh | bash -s 4.0.0-beta.1",
        "myapp/\nscripts/",  # a tree drawn in a shell block
        "source .env && cat db_password.txt scripts/api.token",  # each reader's secrets
        "git clone https://example.com/acme/tool.git\n./scripts/build-tool.sh",
        "bash docker/run.sh",  # no docker/ folder: another project's path
    ],
)
def test_what_is_not_the_repositorys_to_provide(tmp_path: Path, block: str) -> None:
    assert missing(tmp_path, block) == []


def test_a_template_the_repository_ships_is_still_its_own(tmp_path: Path) -> None:
    assert missing(tmp_path, "source .env.sample") == ["run.md:2"]


def test_illustrative_names_are_not_files(tmp_path: Path) -> None:
    assert missing(tmp_path, "jq . file.json && cat scripts/my-script.sh") == []


def test_commands_in_an_unseen_folder_are_named_in_a_notice(tmp_path: Path) -> None:
    from doclint.running.engine import Linter
    from doclint.running.options import RunOptions

    tree = {**REPO, "docs/run.md": blocks("cd /srv/app", "./deploi.sh")}
    lint_tree(tmp_path, tree, "DL402")
    result = Linter(RunOptions(paths=(tmp_path,), select=("DL402",))).run()
    assert not result.findings
    assert any("folder doclint cannot see" in notice for notice in result.notices)


def test_lines_written_each_from_the_start(tmp_path: Path) -> None:
    block = "cd scripts && ./deploy.sh\ncd scripts && ./deploi.sh"
    assert missing(tmp_path, block) == ["run.md:3"]
