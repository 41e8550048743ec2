"""DL107 unknown-target: Makefile targets and package.json scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import lint_tree

from doclint.project.makefile import read_targets

MAKEFILE = """\
include mk/*.mk
-include local.mk
VERSION := 1.0
export PATH := $(PATH):bin
CFLAGS = -O2

.PHONY: all clean \\
        lint
all: build
build test:: deps ; @echo $(VERSION)
\tdocker build .
%.pdf: %.md
\tpandoc $< -o $@
define RECIPE
notatarget: x
endef
release: VERSION = 2.0
"""


def test_makefile_targets(tmp_path: Path) -> None:
    (tmp_path / "Makefile").write_text(MAKEFILE.replace("include mk/*.mk\n", ""))
    targets = read_targets(tmp_path / "Makefile")
    assert targets.names == {"all", "clean", "lint", "build", "test", "release"}
    assert targets.defines("docs.pdf") and not targets.defines("notatarget")
    assert not targets.defines("VERSION") and not targets.defines("PATH")
    assert not targets.open


@pytest.mark.parametrize(
    "text",
    ["include mk/*.mk\n", "include $(ROOT)/x.mk\n", "include missing.mk\n", "$(BIN): x\n",
     "$(eval $(call rules))\n"],
)  # fmt: skip
def test_makefile_targets_only_known_when_make_runs(tmp_path: Path, text: str) -> None:
    (tmp_path / "Makefile").write_text(text + "all:\n")
    assert read_targets(tmp_path / "Makefile").open


def test_included_makefiles_count(tmp_path: Path) -> None:
    (tmp_path / "mk").mkdir()
    (tmp_path / "mk" / "deploy.mk").write_text("include mk/deploy.mk\ndeploy:\n")
    (tmp_path / "Makefile").write_text("include mk/deploy.mk\nall:\n")
    targets = read_targets(tmp_path / "Makefile")
    assert targets.names == {"all", "deploy"} and not targets.open


REPO = {
    "Makefile": "build:\n\tdocker build .\ndeploy-prod: build\n",
    "tools/Makefile": "lint:\n",
    "hello.c": "int main(void) { return 0; }\n",
    "web/package.json": '{"scripts": {"build": "vite build"}, "devDependencies": '
    '{"@vitejs/plugin-react": "1", "jest": "29"}}',
}


def unknown(tmp_path: Path, block: str, files: dict[str, str] | None = None) -> list[str]:
    tree = {**REPO, **(files or {}), "docs/run.md": f"```bash\n{block}\n```\n"}
    return [f.message for f in lint_tree(tmp_path, tree, "DL107")]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("make deploy", "Did you mean `deploy-prod`?"),
        ("make -C tools lnt", "the Makefile of `tools/`"),
        ("make -f tools/Makefile build", "No target `build`"),
        ("cd tools && make build", "No target `build`"),
        ("npm --prefix web run biuld", 'stops with "Missing script"'),
        ("yarn --cwd web start:prod", "No script `start:prod` in `web/package.json`"),
        ("pnpm --dir web typecheck", "Its scripts: `build`"),
    ],
)
def test_unknown_targets_and_scripts(tmp_path: Path, block: str, expected: str) -> None:
    (message,) = unknown(tmp_path, block)
    assert expected in message


@pytest.mark.parametrize(
    "block",
    [
        "make", "make build deploy-prod", "make -j 8 build", "make VERBOSE=1 build",
        "make hello", "make Makefile", "make $TARGET", "make <target>",
        "make -C tools lint", "make -C nowhere deploy",
        "cd web && make deploy",  # no Makefile there
        "npm --prefix web run build", "npm --prefix web run", "npm --prefix web test",
        "yarn --cwd web jest --watch", "yarn --cwd web plugin-react",
        "yarn --cwd web add left-pad", "pnpm -C web install",
        "npm --prefix web run typecheck --if-present", "npm run x -w web",
        "npm run build",  # no package.json at the root
        "ssh prod\nmake deploy",
    ],
)  # fmt: skip
def test_known_or_unknowable_targets_are_quiet(tmp_path: Path, block: str) -> None:
    assert unknown(tmp_path, block) == []


def test_unreadable_package_json_says_nothing(tmp_path: Path) -> None:
    assert unknown(tmp_path, "npm --prefix web run x", {"web/package.json": "{oops"}) == []


# --------------------------------------------------------------------------- where it runs

WORKSPACES = {
    "package.json": '{"name": "acme", "workspaces": ["packages/*"], "scripts": '
    '{"build": "turbo run build", "d": "npm run dev"}, "devDependencies": {"turbo": "2"}}',
    "packages/api/package.json": '{"name": "@acme/api", "scripts": {"dev": "tsx watch", '
    '"test:e2e": "playwright test"}}',
    "packages/web/package.json": '{"name": "@acme/web", "scripts": {"dev": "vite"}}',
    "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n",
}


def lint_page(tmp_path: Path, page: str, block: str, files: dict[str, str]) -> list[str]:
    """DL107's messages for ``block`` written in the document ``page``."""
    tree = {**files, page: f"```bash\n{block}\n```\n"}
    return [f.message for f in lint_tree(tmp_path, tree, "DL107")]


def test_the_nearest_package_json_above_the_document_counts(tmp_path: Path) -> None:
    files = {
        "package.json": '{"scripts": {"dev": "vite"}}',
        "web/package.json": '{"scripts": {"structure:stats": "node scripts/stats.mjs"}}',
    }
    page = "web/scripts/structure/README.md"
    assert lint_page(tmp_path, page, "pnpm structure:stats --top 5", files) == []
    (message,) = lint_page(tmp_path, page, "pnpm structure:move a b", files)
    assert "No script `structure:move` in `package.json` or `web/package.json`" in message


@pytest.mark.parametrize(
    "block",
    [
        "pnpm --filter @acme/api dev", "pnpm -F ./packages/web dev", "pnpm -r dev",
        "pnpm --filter '@acme/*' test:e2e", "pnpm --filter '@acme/web...' lint",
        "pnpm --filter @acme/nope lint", "pnpm -w build",
        "yarn workspace @acme/api run test:e2e", "yarn workspace @acme/web add left-pad",
        "yarn workspaces run dev", "npm run dev -w @acme/web", "npm run dev --workspaces",
        "npm run test:e2e",  # the root has none, a workspace package has it
        "pnpm turbo run lint --filter @acme/web",  # --filter is turbo's, turbo a binary
    ],
)  # fmt: skip
def test_workspace_packages_define_what_they_run(tmp_path: Path, block: str) -> None:
    assert lint_page(tmp_path, "README.md", block, WORKSPACES) == []


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("pnpm --filter @acme/web test:e2e", "No script `test:e2e` in `packages/web/package.json`"),
        ("pnpm -C packages/web test:e2e", "No script `test:e2e` in `packages/web/package.json`"),
        ("pnpm -r lint", "No script `lint` in `package.json` or `packages/api/package.json`"),
        ("yarn workspace @acme/web start:prod", "in `packages/web/package.json`"),
        ("npm run lint -w packages/api", "No script `lint` in `packages/api/package.json`"),
        ("npm run dx", "Did you mean `d`?"),
    ],
)
def test_scripts_no_workspace_package_defines(tmp_path: Path, block: str, expected: str) -> None:
    (message,) = lint_page(tmp_path, "README.md", block, WORKSPACES)
    assert expected in message


def test_a_workspace_package_that_cannot_be_read_may_define_anything(tmp_path: Path) -> None:
    files = {**WORKSPACES, "packages/ee/package.json": ""}
    assert lint_page(tmp_path, "README.md", "pnpm -r lint", files) == []
    assert len(lint_page(tmp_path, "README.md", "pnpm --filter @acme/web lint", files)) == 1


@pytest.mark.parametrize(
    "block",
    ["npm test", "npm start", "npm run", "yarn add left-pad", "yarn install", "pnpm install",
     "pnpm docs", "pnpm exec vite", "pnpm dlx create-vite", "pnpm run lint --if-present",
     "npm run $SCRIPT", "pnpm <script>"],
)  # fmt: skip
def test_built_in_commands_are_not_scripts(tmp_path: Path, block: str) -> None:
    assert lint_page(tmp_path, "README.md", block, WORKSPACES) == []


def test_suggestions_are_listed_and_close(tmp_path: Path) -> None:
    scripts = {f"a{n}": "x" for n in range(12)} | {"test:performance": "x", "inngest:dev": "x"}
    files = {"package.json": json.dumps({"scripts": scripts})}
    (perf,) = lint_page(tmp_path, "README.md", "npm run perf", files)
    assert perf.endswith("Did you mean `test:performance`?")
    assert "`test:performance` and 6 more." in perf  # listed though past the first eight
    (e2e,) = lint_page(tmp_path, "README.md", "npm run test:e2e", files)
    assert "Did you mean" not in e2e


DOCS_MAKEFILE = {
    "Makefile": "docs:\n\tmake -C ./docs docs\ntest-unit:\n",
    "docs/Makefile": "docs-build:\ndocs-verify: docs-build\ndocs: docs-verify\n",
    "docs/mkdocs.yml": "site_name: x\n",
}


@pytest.mark.parametrize(
    "block",
    ["make docs-build", "DOCS_VERIFY_SKIP=true make docs-verify", "make docs test-unit",
     "cd docs\nmake docs-build", "make -C docs docs-verify", "make -f docs/Makefile docs-build"],
)  # fmt: skip
def test_the_makefile_of_the_folder_the_page_works_in(tmp_path: Path, block: str) -> None:
    page = "docs/content/contributing/documentation.md"
    assert lint_page(tmp_path, page, block, DOCS_MAKEFILE) == []


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("make unit-test", "No target `unit-test` in the Makefile of `docs/` or the project's"),
        ("cd docs && make test-unit", "No target `test-unit` in the Makefile of `docs/`"),
        ("make -C docs docs-buidl", "Did you mean `docs-build`?"),
        ("make -f docs/Makefile test-unit", "No target `test-unit`"),
    ],
)
def test_targets_no_makefile_defines(tmp_path: Path, block: str, expected: str) -> None:
    page = "docs/content/contributing/documentation.md"
    (message,) = lint_page(tmp_path, page, block, DOCS_MAKEFILE)
    assert expected in message


@pytest.mark.parametrize(
    "files",
    [
        {"Makefile": "%:\n\t@$(MAKE) -C sub $@\n"},  # a rule for any goal
        {"Makefile": "all:\n", "tools/CMakeLists.txt": "project(x)\n"},  # generated there
        {"Makefile": "all:\n", "tools/configure": "#!/bin/sh\n"},
    ],
)
def test_makefiles_that_may_make_anything_are_quiet(tmp_path: Path, files: dict[str, str]) -> None:
    assert lint_page(tmp_path, "tools/README.md", "make deploy", files) == []


def test_a_script_another_package_defines_is_left_to_the_prose(tmp_path: Path) -> None:
    """ "From `common/`, run:" names the package in words: a script some package.json of
    the repository defines is not called missing where no folder is given."""
    files = {"package.json": '{"scripts": {"dev": "x"}}', "common/package.json":
             '{"scripts": {"test:js": "x"}}'}  # fmt: skip
    assert unknown(tmp_path, "pnpm test:js", files) == []
    assert unknown(tmp_path, "pnpm --dir . test:js", files) != []
    assert unknown(tmp_path, "pnpm test:jsx", files) != []
    readme = {**files, "README.md": "```bash\npnpm test:js\n```\n"}
    found = lint_tree(tmp_path / "r", readme, "DL107")  # the README is read from the root
    assert [f.path.rsplit("/", 1)[-1] for f in found] == ["README.md"]


def test_a_docs_site_page_speaks_of_the_product_not_the_site_package(tmp_path: Path) -> None:
    site = '{"scripts": {"build": "docusaurus build"}, "dependencies": {"@docusaurus/core": "3"}}'
    tree = {"package.json": site}
    assert unknown(tmp_path, "npm run dev", tree) == []
    assert unknown(tmp_path, "npm run buidl", tree) != []  # a typo of the site's own script
    app = {"package.json": '{"scripts": {"build": "vite build"}}'}
    assert unknown(tmp_path / "app", "npm run dev", app) != []
