"""DL106 unpublished-port: local URLs against the ports compose publishes."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import lint_tree

COMPOSE = """\
services:
  web:
    image: shop/app
    ports: ["8080:8000", "127.0.0.1:9000-9001:9000-9001/tcp"]
  worker:
    image: shop/app
    expose: ["7000"]
"""


def unpublished(tmp_path: Path, block: str, compose: str | None = COMPOSE) -> list[str]:
    files = {"doc.md": f"```bash\n{block}\n```\n"}
    if compose is not None:
        files["compose.yaml"] = compose
    return [f.message for f in lint_tree(tmp_path, files, "DL106")]


@pytest.mark.parametrize(
    "block",
    [
        "curl http://localhost:8000/health",
        "curl -fsS localhost:7000",  # expose publishes nothing
        "wget --quiet -O - https://127.0.0.1:9002/",
        "http POST :8000/items name=x",
        "curl --url=http://0.0.0.0:8000",
    ],
)
def test_unpublished_ports_are_reported(tmp_path: Path, block: str) -> None:
    assert len(unpublished(tmp_path, block)) == 1


@pytest.mark.parametrize(
    "block",
    [
        "curl http://localhost:8080/health http://localhost:9001",
        "curl http://localhost/",  # no explicit port
        "curl http://example.com:8000/",
        "curl -x http://localhost:3128 http://example.com/",
        "curl -H 'Host: localhost:8000' http://localhost:8080/",
        "curl $URL:8000",
        "docker exec shop curl localhost:8000",
        "docker compose exec web curl localhost:8000",
        "docker run -d -p 127.0.0.1:5000-5001:5000-5001 registry\ncurl localhost:5001/v2/",
        "kubectl port-forward svc/api 8000:80 &\ncurl localhost:8000",
        "docker run --network host -d shop/app\ncurl localhost:8000",
    ],
)
def test_published_or_unknowable_ports_are_quiet(tmp_path: Path, block: str) -> None:
    assert unpublished(tmp_path, block) == []


@pytest.mark.parametrize(
    "compose",
    [
        None,
        "services:\n  web:\n    image: x\n    network_mode: host\n",
        "services:\n  web:\n    image: x\n    ports: ['${WEB_PORT}:8000']\n",
    ],
)
def test_projects_whose_ports_cannot_be_known_are_quiet(
    tmp_path: Path, compose: str | None
) -> None:
    assert unpublished(tmp_path, "curl localhost:8000", compose) == []


def test_message_points_at_the_port_and_names_the_published_one(tmp_path: Path) -> None:
    files = {"compose.yaml": COMPOSE, "doc.md": "```bash\ncurl -s http://localhost:8000/x\n```\n"}
    (finding,) = lint_tree(tmp_path, files, "DL106")
    assert (finding.line, finding.column, finding.end_column) == (2, 26, 30)
    assert "published as `8080`" in finding.message and finding.suggestion == "8080"


def test_ports_of_every_stack_count(tmp_path: Path) -> None:
    """A page that names the development stack with ``-f`` may check the production one
    (a folder of its own below the project): both stacks' ports are published."""
    files = {
        "docker/development/compose.yml": (
            "services:\n  pdf:\n    image: x\n    ports: ['3005:3000']\n"
        ),
        "docker/production/compose.yml": (
            "services:\n  app:\n    image: y\n    ports: ['${PORT:-3000}:${PORT:-3000}']\n"
        ),
        "docs/run.md": (
            "```bash\ndocker compose -f docker/development/compose.yml up -d\n"
            "curl http://localhost:3000/health\ncurl http://localhost:4000/health\n```\n"
        ),
    }
    found = lint_tree(tmp_path, files, "DL106")
    assert [(f.line, "4000" in f.message) for f in found] == [(4, True)]
