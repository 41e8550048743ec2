"""DL401 on links of documentation sites: a site-root link is a URL of the site its page
is built into, served by the generator's rules; where the repository cannot say what
serves it, nothing is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import lint_tree

from doclint.project.docs_site import UNKNOWN, DocsSites
from doclint.project.pathfacts import PathFacts


def reported(tmp_path: Path, files: dict[str, str], document: str) -> list[str]:
    """The link targets DL401 reports in ``document`` (the characters each finding covers)."""
    findings = lint_tree(tmp_path, files, "DL401")
    text = files[document]
    lines = text.splitlines()
    return [
        lines[f.line - 1][f.column - 1 : f.end_column - 1]
        for f in findings
        if f.path.endswith(document)
    ]


def page(*targets: str) -> str:
    return "# Page\n\n" + "\n\n".join(f"[link]({target})" for target in targets) + "\n"


HUGO = {
    "config.toml": 'baseURL = "https://example.org/"\ntheme = "plain"\n\n'
    '[permalinks]\n  blog = "/blog/:slugorfilename"\n',
    "content/docs/install.md": "---\ntitle: Install\n---\n# Install\n",
    "content/docs/old-name.md": '+++\ntitle = "Moved"\nslug = "renamed"\n+++\n# Moved\n',
    "content/about.md": "---\ntitle: About\naliases: [/about-us/]\n---\n# About\n",
    "content/donate/_index.md": '---\ntitle: Donate\nurl: "/give"\n---\n',
    "content/blog/2020/post.md": "# Post\n",
    "static/img/logo.png": "png",
    "themes/plain/static/css/site.css": "css",
}


def test_hugo_serves_content_static_and_front_matter_routes(tmp_path: Path) -> None:
    served = page(
        "/docs/install/", "/docs/install", "/docs/renamed/", "/about-us/", "/give",
        "/img/logo.png", "/css/site.css", "/blog/post/", "/tags/releases/", "/donate/",
    )  # fmt: skip
    files = {**HUGO, "content/docs/guide.md": served + page("/docs/setup/", "/img/nope.png")}
    assert reported(tmp_path, files, "content/docs/guide.md") == ["/docs/setup/", "/img/nope.png"]


def test_a_missing_route_says_which_site_was_asked(tmp_path: Path) -> None:
    files = {**HUGO, "content/docs/guide.md": page("/docs/setup/")}
    (finding,) = lint_tree(tmp_path, files, "DL401")
    assert "no page or file of the Hugo site" in finding.message
    assert "`content/`" in finding.message and "`static/`" in finding.message
    assert finding.suggestion is None


DOCUSAURUS = {
    "website/docusaurus.config.js": "module.exports = {\n  presets: [['classic', {\n"
    "    docs: { routeBasePath: 'guide' },\n  }]],\n};\n",
    "website/docs/10-intro.md": "# Intro\n",
    "website/docs/20-usage/10-setup.md": "# Setup\n",
    "website/docs/20-usage/30-moved.md": "---\nslug: /relocated\n---\n# Moved\n",
    "website/src/pages/about.md": "# About\n",
    "website/static/img/a.png": "png",
}


def test_docusaurus_strips_number_prefixes_under_the_route_base_path(tmp_path: Path) -> None:
    served = page(
        "/guide/intro", "/guide/usage/setup/", "/guide/relocated", "/about", "/img/a.png",
        "/blog/2024/01/01/news",
    )  # fmt: skip
    files = {**DOCUSAURUS, "website/docs/90-links.md": served + page("/guide/usage/nope")}
    assert reported(tmp_path, files, "website/docs/90-links.md") == ["/guide/usage/nope"]


def test_docusaurus_plugins_add_routes_nobody_can_list(tmp_path: Path) -> None:
    config = DOCUSAURUS["website/docusaurus.config.js"].replace(
        "module.exports = {", "module.exports = {\n  plugins: [require.resolve('./my-plugin')],"
    )
    files = {
        **DOCUSAURUS,
        "website/docusaurus.config.js": config,
        "website/docs/90-links.md": page("/plugins", "/guide/usage/nope"),
    }
    assert reported(tmp_path, files, "website/docs/90-links.md") == []


MKDOCS = {
    "mkdocs.yml": "site_name: x\ndocs_dir: documentation\nplugins:\n  - search\n"
    "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.x\n",
    "documentation/install/docker.md": "# Docker\n\n## Compose\n",
    "documentation/system/backup.md": "# Backup\n",
    "documentation/index.md": "# Home\n",
}


def test_mkdocs_serves_the_docs_dir(tmp_path: Path) -> None:
    served = page("/install/docker/", "/system/backup", "/", "/install/docker/#compose")
    served += page("../backup/")
    broken = page("/install/podman/", "/install/Docker.md", "/install/docker/#swarm")
    files = {**MKDOCS, "documentation/system/updating.md": served + broken}
    assert reported(tmp_path, files, "documentation/system/updating.md") == [
        "/install/podman/",
        "/install/Docker.md",
        "swarm",
    ]


def test_mkdocs_plugins_that_make_pages_leave_routes_open(tmp_path: Path) -> None:
    redirects = "  - search\n  - redirects:\n      x: y\n"
    config = MKDOCS["mkdocs.yml"].replace("  - search\n", redirects)
    files = {**MKDOCS, "mkdocs.yml": config, "documentation/a.md": page("/old/page/")}
    assert reported(tmp_path, files, "documentation/a.md") == []


def test_hugo_content_beside_a_stale_mkdocs_yml_is_not_judged_as_mkdocs(tmp_path: Path) -> None:
    """``_index.md`` section pages are Hugo's: the mkdocs.yml above them builds nothing
    there, so neither its routes nor its slug rule apply."""
    links = page("/get-started/labels/", "#rollouts--versions")
    files = {
        **MKDOCS,
        "documentation/sources/_index.md": "# Docs\n",
        "documentation/sources/ui.md": "# UI\n\n## Rollouts & versions\n\n" + links,
    }
    assert reported(tmp_path, files, "documentation/sources/ui.md") == []


ELEVENTY = {
    "docs/.eleventy.js": "module.exports = function (c) {\n"
    '  return { dir: { input: "src", output: "_site" } };\n};\n',
    "docs/src/pages/index.md": "---\npermalink: /index.html\n---\n" + page("use/", "nope/"),
    "docs/src/use/index.md": page("migrate-to-9.0.0", "getting-started"),
    "docs/src/use/migrate-to-9.0.0.md": "# Migrate\n",
    "docs/src/use/getting-started.md": "# Start\n",
    "docs/src/about.md": "---\npermalink: /team/about/\n---\n# About\n",
    "docs/src/rules/a.md": page("/use/getting-started/", "/team/about/", "/use/nope/"),
}


def test_eleventy_pages_link_from_their_permalink(tmp_path: Path) -> None:
    assert reported(tmp_path, ELEVENTY, "docs/src/pages/index.md") == ["nope/"]
    assert reported(tmp_path, ELEVENTY, "docs/src/use/index.md") == []
    assert reported(tmp_path, ELEVENTY, "docs/src/rules/a.md") == ["/use/nope/"]


def test_a_site_served_under_a_path_prefix_is_left_by_site_root_links(tmp_path: Path) -> None:
    config = ELEVENTY["docs/.eleventy.js"].replace("return {", 'return { pathPrefix: "/docs/v1/",')
    files = {**ELEVENTY, "docs/.eleventy.js": config}
    findings = [f for f in lint_tree(tmp_path, files, "DL401") if f.path.endswith("rules/a.md")]
    # the site's own pages are reported; `/use/nope/` may be one of the host's
    assert [f.line for f in findings] == [3, 5]
    assert "served under a path prefix" in findings[0].message


MDBOOK = {
    "book.toml": '[book]\ntitle = "x"\nsrc = "book"\n',
    "book/SUMMARY.md": "- [One](ch01.md)\n",
    "book/ch01.md": "# One\n",
    "tools/README.md": page("../ch01.md"),
}


def test_mdbook_serves_html_from_its_sources(tmp_path: Path) -> None:
    files = {**MDBOOK, "book/ch02.md": page("/ch01.html", "ch01.html", "/ch03.html", "ch03.md")}
    assert reported(tmp_path, files, "book/ch02.md") == ["/ch03.html", "ch03.md"]
    assert reported(tmp_path, files, "tools/README.md") == ["../ch01.md"]  # not in the book


def test_without_a_generator_site_root_links_are_not_judged(tmp_path: Path) -> None:
    files = {
        "docs/guide.md": page("/guide/setup/", "/settings/profile"),
        "README.md": page("/LICENSE", "/COPYING"),
        "LICENSE": "MIT",
    }
    assert reported(tmp_path, files, "docs/guide.md") == []
    assert reported(tmp_path, files, "README.md") == ["/COPYING"]  # GitHub: the repository's top


def test_docs_rendered_by_an_application_are_not_judged(tmp_path: Path) -> None:
    files = {
        "manage.py": "",
        "templates/docs/intro.md": page("IMG_URL/shot.png", "../cron/", "/accounts/profile/"),
    }
    assert reported(tmp_path, files, "templates/docs/intro.md") == []


def test_files_the_makefile_builds_are_not_missing(tmp_path: Path) -> None:
    files = {
        "Makefile": "clean:\n\trm -rf build docs/cli.md\n",
        "docs/usage.md": page("cli.md", "cli-old.md"),
    }
    assert reported(tmp_path, files, "docs/usage.md") == ["cli-old.md"]


def test_version_numbers_are_not_extensions(tmp_path: Path) -> None:
    files = {"docs/migrate-to-9.0.0.md": "# M\n", "docs/index.md": page("migrate-to-9.0.0")}
    assert reported(tmp_path, files, "docs/index.md") == []


@pytest.mark.parametrize("config", ["mkdocs.yml", "book.toml"])
def test_each_site_is_detected_once(tmp_path: Path, config: str) -> None:
    (tmp_path / config).write_text("site_name: x\n" if config.endswith("yml") else "[book]\n")
    for name in ("docs/a.md", "docs/b/c.md", "src/a.md", "src/b/c.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# x\n")
    sites = DocsSites(PathFacts(), str(tmp_path))
    folder = "docs" if config == "mkdocs.yml" else "src"
    first = sites.site_for(str(tmp_path / folder / "a.md"))
    assert first is not None and sites.site_for(str(tmp_path / folder / "b" / "c.md")) is first
    assert sites.serves(first, "/b/c/") == str(tmp_path / folder / "b" / "c.md")


def test_unmodelled_routes_are_unknown(tmp_path: Path) -> None:
    for name, text in HUGO.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    sites = DocsSites(PathFacts(), str(tmp_path))
    site = sites.site_for(str(tmp_path / "content" / "about.md"))
    assert site is not None and site.generator == "Hugo"
    assert sites.serves(site, "/blog/anything/") is UNKNOWN
    assert sites.serves(site, "/nothing/") is None


def test_docusaurus_options_are_read_from_their_plugin(tmp_path: Path) -> None:
    config = (
        "module.exports = {\n  themeConfig: { docs: { sidebar: { hideable: true } } },\n"
        "  presets: [['classic', {\n    docs: { path: 'manual', routeBasePath: '/' },\n"
        "    blog: { routeBasePath: 'news' },\n  }]],\n};\n"
    )
    files = {
        "site/docusaurus.config.js": config,
        "site/manual/10-start.md": "# Start\n",
        "site/manual/20-links.md": page("/start", "/news/2024/hello", "/nope"),
    }
    assert reported(tmp_path, files, "site/manual/20-links.md") == ["/nope"]


def test_pages_that_are_no_files_are_not_read(tmp_path: Path) -> None:
    files = {**MKDOCS, "documentation/a.md": page("/install/docker/", "/nope/")}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    os.mkfifo(tmp_path / "documentation" / "pipe.md")  # opening it would block
    sites = DocsSites(PathFacts(), str(tmp_path))
    site = sites.site_for(str(tmp_path / "documentation" / "a.md"))
    assert site is not None and sites.serves(site, "/nope/") is None


@pytest.mark.parametrize(
    ("config", "text", "folder", "served"),
    [
        (".vitepress/config.ts", "export default { srcDir: 'src' }\n", "src", "/guide/start.html"),
        ("_config.yml", "title: x\n", "", "/guide/start.html"),
        ("_config.yml", "permalink: pretty\n", "", "/guide/start/"),
        ("conf.py", "project = 'x'\n", "", "/guide/start.html"),
    ],
)
def test_other_generators_serve_their_pages(
    tmp_path: Path, config: str, text: str, folder: str, served: str
) -> None:
    prefix = f"docs/{folder}/" if folder else "docs/"
    files = {
        f"docs/{config}": text,
        f"{prefix}index.md": "# Home\n",
        f"{prefix}guide/start.md": "# Start\n",
        f"{prefix}public/logo.svg": "svg",
        f"{prefix}guide/links.md": page(served, "/public/logo.svg", "/guide/nope.html"),
    }
    if config.startswith(".vitepress"):
        files[f"{prefix}guide/links.md"] = page(served, "/logo.svg", "/guide/nope.html")
    assert reported(tmp_path, files, f"{prefix}guide/links.md") == ["/guide/nope.html"]
