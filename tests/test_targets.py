"""DL107 unknown-target: Makefile targets and package.json scripts."""

from __future__ import annotations

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
