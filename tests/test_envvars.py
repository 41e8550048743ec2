"""DL108 unknown-env-var: variables a runbook looks for inside a service's container."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_tree

COMPOSE = """\
services:
  api:
    image: shop/api
    environment: [DATABASE_URL=postgres://db, LOG_LEVEL]
    env_file: [api.env]
  worker:
    image: shop/api
    env_file: [missing.env]
"""


def unknown(tmp_path: Path, block: str, env_file: str = "CACHE_TTL=300\n") -> list[str]:
    files = {
        "compose.yaml": COMPOSE,
        "api.env": env_file,
        "doc.md": f"```bash\n{block}\n```\n",
    }
    return [f.message for f in lint_tree(tmp_path, files, "DL108")]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("docker compose exec api printenv DB_URL", "Did you mean `DATABASE_URL`?"),
        ("docker compose exec -T api env | grep ^REDIS_URL=", "`REDIS_URL` is not set"),
        ("docker exec tmp-api-1 printenv CACHE_TTLS", "Did you mean `CACHE_TTL`?"),
    ],
)
def test_unset_variables_are_reported(tmp_path: Path, block: str, expected: str) -> None:
    (message,) = unknown(tmp_path.joinpath("tmp"), block)
    assert expected in message


@pytest.mark.parametrize(
    "block",
    [
        "docker compose exec api printenv DATABASE_URL LOG_LEVEL CACHE_TTL HOME",
        "docker compose exec -e EXTRA=1 api printenv EXTRA",
        "docker compose exec worker printenv ANYTHING",  # its env_file is missing
        "docker compose exec api env | grep -v NOPE",
        "docker compose exec api printenv $NAME",
        "docker exec some-other-container printenv NOPE",
        "docker compose exec api sh -c 'echo $NOPE'",
    ],
)
def test_set_or_unknowable_variables_are_quiet(tmp_path: Path, block: str) -> None:
    assert unknown(tmp_path, block) == []


def test_unreadable_env_file_lines_make_it_unknowable(tmp_path: Path) -> None:
    assert (
        unknown(tmp_path, "docker compose exec api printenv NOPE", "this is not KEY=VALUE\n") == []
    )


def test_off_by_default(tmp_path: Path) -> None:
    from doclint.judging.rulebook import builtin_rules

    assert not {r.code: r for r in builtin_rules()}["DL108"].enabled
