"""What a ``package.json`` lets ``npm run`` / ``yarn`` / ``pnpm`` run: its scripts, and
(for yarn and pnpm, which also run installed binaries) its dependencies; and which
``package.json`` a command uses: npm, yarn and pnpm all walk up from their working
folder to the nearest one."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NamedTuple

MAX_BYTES = 1024 * 1024


SITE_GENERATORS = frozenset(
    {"@docusaurus/core", "vitepress", "@11ty/eleventy", "docsify-cli", "nextra",
     "@astrojs/starlight", "vuepress", "@vuepress/core", "mintlify", "fumadocs-core"}
)  # fmt: skip


class Package(NamedTuple):
    path: Path
    scripts: frozenset[str]
    dependencies: frozenset[str]
    """Names in ``dependencies``, ``devDependencies`` and ``optionalDependencies``, with
    their scope removed as well (``@vue/cli-service`` → also ``cli-service``)."""
    name: str | None = None
    workspaces: tuple[str, ...] | None = None
    """The ``workspaces`` globs (npm, yarn), ``None`` when the field is absent."""

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def builds_a_docs_site(self) -> bool:
        """Whether this package is a documentation site's own tooling (Docusaurus,
        VitePress, Eleventy...): its pages speak of the product, not of this package."""
        return not SITE_GENERATORS.isdisjoint(self.dependencies)

    def runs(self, name: str, binaries: bool) -> bool:
        """Whether ``name`` is a script here, or (``binaries``) a dependency's name."""
        return name in self.scripts or (binaries and name in self.dependencies)


def read_package(folder: Path) -> Package | None:
    """The ``package.json`` of a folder; ``None`` when there is none or it is not a
    JSON object (then nothing can be said about its scripts)."""
    path = folder / "package.json"
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    scripts = data.get("scripts")
    names: set[str] = set()
    for key in ("dependencies", "devDependencies", "optionalDependencies"):
        section = data.get(key)
        if isinstance(section, dict):
            names.update(str(name) for name in section)
            names.update(str(name).rsplit("/", 1)[-1] for name in section)
    name = data.get("name")
    return Package(
        path=path,
        scripts=frozenset(map(str, scripts)) if isinstance(scripts, dict) else frozenset(),
        dependencies=frozenset(names),
        name=name if isinstance(name, str) else None,
        workspaces=_workspace_globs(data.get("workspaces")),
    )


def _workspace_globs(field: Any) -> tuple[str, ...] | None:
    """``"workspaces": [...]`` or yarn's ``{"packages": [...]}``; ``None`` for a field
    of another shape, as for none: no workspace is known, so no command that names
    workspaces is judged."""
    if isinstance(field, dict):
        field = field.get("packages")
    if isinstance(field, list) and all(isinstance(glob, str) for glob in field):
        return tuple(field)
    return None


def nearest_package(folder: Path, top: Path) -> Package | None:
    """The ``package.json`` a command started in ``folder`` uses: the nearest one at or
    above it, looking no higher than ``top``. ``None`` when there is none, or when the
    nearest one cannot be read (the tools would not look further up either)."""
    for candidate in (folder, *folder.parents):
        if (candidate / "package.json").exists():
            return read_package(candidate)
        if candidate == top or not candidate.is_relative_to(top):
            return None
    return None


def scripts_under(top: Path) -> frozenset[str]:
    """Every script name some ``package.json`` under ``top`` defines (dependency folders
    left out): a page that says "from `common/`, run `pnpm test:js`" in prose names the
    package only in words doclint cannot read."""
    from doclint.inputs.discovery import SKIPPED_DIRS

    found: set[str] = set()
    for folder, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
        if "package.json" in filenames:
            package = read_package(Path(folder))
            if package is not None:
                found.update(package.scripts)
    return frozenset(found)
