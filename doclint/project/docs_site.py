"""Documentation sites: which generator builds a document, and what a URL path of its
site is served from.

A link such as ``/guide/setup/`` or ``/img/flow.png`` in a page of a docs site is a URL
of that site, not a path of the repository: MkDocs serves ``docs/guide/setup.md`` there,
Hugo ``content/guide/setup.md`` or ``static/img/flow.png``, Docusaurus
``docs/10-guide/setup.md`` under its ``routeBasePath``. A document belongs to the site
whose configuration is the nearest above it in the repository and whose page folders
hold it; the configuration is read (YAML, TOML, JSON, or regular expressions over a
JavaScript config), never executed.

What a site serves is answered three ways: the source or static file (or folder), no
file at all, or ``UNKNOWN`` when the site has route features this module does not model
(Hugo ``[permalinks]`` and taxonomies, Docusaurus plugins and versions, blogs, Eleventy
template permalinks, redirects...). Front-matter ``slug``, ``url``, ``permalink`` and
``aliases`` are read from every page once per site. A run keeps one ``DocsSites``
(``Inventory.sites``): each folder's configuration is looked for once.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from doclint.project.pathfacts import PathFacts, inside, suffix
from doclint.project.site_layout import GITHUB, TOC, VITEPRESS, holds_hugo_sections


class _Unknown:
    """What a route is served from when the site decides it in ways not modelled."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
Served = str | _Unknown | None
"""A source or static file (or folder), ``UNKNOWN``, or ``None``: nothing serves it."""

PAGE_SUFFIXES = frozenset(
    {".md", ".markdown", ".mdown", ".mkd", ".mdx", ".html", ".htm", ".rst", ".adoc", ".njk"}
)
"""Files a generator renders into pages."""
_BUILT = (".html", ".htm")
_INDEX_NAMES = ("index", "_index", "README", "readme")
_NUMBER_PREFIX = re.compile(r"^\d+[-_]")
_TEMPLATE = re.compile(r"\{\{|\{%|\$\{")
_ALL = "/"


class Mount(NamedTuple):
    """A folder whose pages and files are served under ``prefix`` (``/`` or ``/docs/``)."""

    folder: str
    prefix: str
    numbered: bool = False
    """Number prefixes of names (``10-intro.md``) are left out of URLs (Docusaurus)."""


@dataclass
class Site:
    """One documentation site: where its pages come from and how their URLs are made."""

    generator: str
    config: str
    """The configuration file it was found by."""
    mounts: list[Mount]
    statics: list[str] = field(default_factory=list)
    """Folders served as they are at the site root (``static/``, ``public/``)."""
    pretty: bool = True
    """``page.md`` is served as ``page/`` (else as ``page.html``)."""
    open_prefixes: list[str] = field(default_factory=list)
    """URL prefixes under which the site makes routes this module does not model."""
    prefixed: bool = False
    """Served under a path prefix that site-root links do not get (they leave the site)."""
    routes: dict[str, str] = field(default_factory=dict)
    """URL (no trailing ``/``) → source, from front matter (``url``, ``slug``, ``aliases``)."""
    page_urls: dict[str, str | None] = field(default_factory=dict)
    """Source → its URL when front matter sets it; ``None`` when it cannot be known."""
    front_matter_read: bool = False
    slug_rule: str | None = None
    """How the site makes heading ids (``doclint.project.site_layout``); None when that
    is not known (every rule is then accepted)."""

    def holds(self, document: str) -> bool:
        """Whether ``document`` is one of the site's pages."""
        return any(inside(document, mount.folder) for mount in self.mounts)

    def is_open(self, url: str) -> bool:
        return any(url.startswith(prefix) for prefix in self.open_prefixes)


class DocsSites:
    """The documentation sites of one repository as one run sees them, each detected once."""

    def __init__(self, facts: PathFacts, top: str) -> None:
        self._facts = facts
        self._top = top
        self._by_folder: dict[str, Site | None] = {}
        self._listings: dict[str, frozenset[str] | None] = {}

    def site_for(self, document: str) -> Site | None:
        """The site ``document`` is a page of: the nearest configuration above it within
        the repository, when its page folders hold the document."""
        folder = os.path.dirname(document)
        while inside(folder, self._top):
            site = self._site_at(folder)
            if site is not None:
                return site if site.holds(document) else None
            if folder == self._top:
                break
            folder = os.path.dirname(folder)
        return None

    def serves(self, site: Site, url: str) -> Served:
        """What ``url`` (a path from the site root, decoded) is served from."""
        self._read_front_matter(site)
        key = _route_key(url)
        if key in site.routes:
            return site.routes[key]
        for static in site.statics:
            candidate = os.path.join(static, key.lstrip("/"))
            if key != "/" and self._facts.exists(candidate):
                return candidate
        blocked = False
        for mount in site.mounts:
            if not (key + "/").startswith(mount.prefix):
                continue
            found = self._walk(mount, [s for s in key[len(mount.prefix) :].split("/") if s])
            if isinstance(found, str):
                return found
            blocked = blocked or found is UNKNOWN
        return UNKNOWN if blocked or site.is_open(key + "/") else None

    def relative_routes(self, site: Site, document: str, link: str) -> list[str] | None:
        """The URLs a relative ``link`` written in ``document`` may lead to: resolved from
        the page's URL, as a browser does (both as ``page/`` and as ``page``, which sites
        serve alike); ``None`` when the page's URL cannot be known."""
        url = self._page_url(site, document)
        if url is None:
            return None
        bases = {url if url.endswith("/") else posixpath.dirname(url) + "/"}
        bases.add(url.rstrip("/") + "/")
        return [posixpath.normpath(posixpath.join(base, link)) for base in sorted(bases)]

    def _page_url(self, site: Site, document: str) -> str | None:
        self._read_front_matter(site)
        if document in site.page_urls:
            return site.page_urls[document]
        mount = next((m for m in site.mounts if inside(document, m.folder)), None)
        if mount is None:
            return None
        url = mount.prefix + os.path.relpath(document, mount.folder).replace(os.sep, "/")
        if site.is_open(url):
            return None
        parts = [_unnumbered(p) if mount.numbered else p for p in url.split("/")]
        stem, _ = posixpath.splitext(parts[-1])
        if stem in _INDEX_NAMES:
            return "/".join(parts[:-1]) + "/"
        return "/".join([*parts[:-1], stem]) + ("/" if site.pretty else ".html")

    def _walk(self, mount: Mount, segments: list[str]) -> Served:
        """The file or folder of ``mount`` that serves the URL ``segments``."""
        folder = mount.folder
        for index, segment in enumerate(segments):
            last = index == len(segments) - 1
            names = self._listing(folder)
            if names is None:
                return None
            if segment in names:
                path = os.path.join(folder, segment)
                if self._facts.is_dir(path):
                    folder = path
                    continue
                return path if last else UNKNOWN  # a file or link standing for a folder
            found = self._named(folder, names, segment, mount.numbered, last)
            if found is None:
                return None
            if not self._facts.is_dir(found):
                return found if last else None
            folder = found
        return folder

    def _named(
        self, folder: str, names: frozenset[str], segment: str, numbered: bool, last: bool
    ) -> str | None:
        """The entry of ``folder`` a URL segment names: a page by its stem (``page`` or
        ``page.html`` for ``page.md``), or a folder without its number prefix."""
        wanted = segment
        built = suffix(segment)
        if built in _BUILT or built in PAGE_SUFFIXES:
            wanted = segment[: -len(built)]
        for name in sorted(names):
            stem, ext = os.path.splitext(name)
            path = os.path.join(folder, name)
            if last and ext in PAGE_SUFFIXES and wanted in (stem, _unnumbered(stem, numbered)):
                return path
            if _unnumbered(name, numbered) == segment and self._facts.is_dir(path):
                return path
        return None

    def _listing(self, folder: str) -> frozenset[str] | None:
        if folder not in self._listings:
            try:
                self._listings[folder] = frozenset(os.listdir(folder))
            except OSError:
                self._listings[folder] = None
        return self._listings[folder]

    def _site_at(self, folder: str) -> Site | None:
        if folder not in self._by_folder:
            self._by_folder[folder] = self._detect(folder)
        return self._by_folder[folder]

    def _detect(self, folder: str) -> Site | None:
        names = self._listing(folder) or frozenset()
        for wanted, build in _GENERATORS:
            for name in wanted:
                first = name.partition("/")[0]
                if first in names and self._facts.is_file(os.path.join(folder, name)):
                    site = build(folder, os.path.join(folder, name), self._facts)
                    if site is not None:
                        return site
        if os.path.basename(folder) == "templates" and self._application_above(folder):
            site = Site("application", folder, [Mount(folder, "/")], open_prefixes=[_ALL])
            site.front_matter_read = True  # its routes are the application's
            return site
        return None

    def _application_above(self, folder: str) -> bool:
        """Whether a web application (Django's ``manage.py``) renders this templates folder."""
        while inside(folder, self._top):
            if self._facts.is_file(os.path.join(folder, "manage.py")):
                return True
            if folder == self._top:
                return False
            folder = os.path.dirname(folder)
        return False

    def _read_front_matter(self, site: Site) -> None:
        """Routes and page URLs that pages set in their front matter, read once, when a
        route is first asked for (most links name a file and need none)."""
        if site.front_matter_read:
            return
        site.front_matter_read = True
        for mount in site.mounts:
            for page in _pages(mount.folder, site):
                matter = front_matter(page)
                if matter:
                    _front_matter_routes(site, mount, page, matter)


def _pages(folder: str, site: Site) -> Iterator[str]:
    skipped = set(site.statics)
    for directory, folders, files in os.walk(folder):
        folders[:] = [
            f
            for f in folders
            if not f.startswith(".")
            and f != "node_modules"
            and os.path.join(directory, f) not in skipped
        ]
        for name in files:
            path = os.path.join(directory, name)
            if suffix(name) in PAGE_SUFFIXES and os.path.isfile(path):  # no FIFO is read
                yield path


def front_matter(path: str) -> dict[str, Any] | None:
    """The YAML (``---``) or TOML (``+++``) front matter of a page; ``{}`` when it has
    none, ``None`` when it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(65536)
    except OSError:
        return None
    fence = text[:4]
    if fence not in ("---\n", "+++\n"):
        return {}
    end = text.find("\n" + fence, 3)
    if end < 0:
        return None
    body = text[4 : end + 1]
    try:
        data = _toml_text(body) if fence == "+++\n" else _yaml_text(body)
    except ValueError:  # a TOMLDecodeError, or YAML that does not parse
        return None
    return data if isinstance(data, dict) else {}


def _front_matter_routes(site: Site, mount: Mount, page: str, matter: dict[str, Any]) -> None:
    """Record what ``matter`` says about the URL of ``page``."""
    declared = [matter.get(key) for key in ("url", "permalink")]
    slug = matter.get("slug", matter.get("id") if site.generator == "Docusaurus" else None)
    if any(value is False for value in declared):
        site.page_urls[page] = None
        return
    literal = next((v for v in declared if isinstance(v, str) and v), None)
    if literal is not None and _TEMPLATE.search(literal):
        site.page_urls[page] = None
        site.open_prefixes.append(_ALL)  # a page may be anywhere
        return
    url = None
    if literal is not None:
        url = literal if literal.startswith("/") else mount.prefix + literal
    elif isinstance(slug, (str, int)) and str(slug):
        slug = str(slug)
        if slug.startswith("/"):
            url = mount.prefix.rstrip("/") + slug
        else:
            here = os.path.relpath(os.path.dirname(page), mount.folder).replace(os.sep, "/")
            here = "" if here == "." else here + "/"
            url = mount.prefix + here + slug
    if url is not None:
        url = re.sub(r"(index)?\.html?$", "", url)
        site.page_urls[page] = url if url.endswith("/") or suffix(url) else url + "/"
        site.routes[_route_key(url)] = page
    aliases = matter.get("aliases")
    for alias in aliases if isinstance(aliases, list) else []:
        if isinstance(alias, str):
            site.routes[_route_key(alias if alias.startswith("/") else mount.prefix + alias)] = page


def _route_key(url: str) -> str:
    """A URL path as routes are compared: leading ``/``, no trailing ``/`` nor ``index.html``."""
    key = re.sub(r"/index\.html?$", "/", "/" + url.lstrip("/"))
    return key.rstrip("/") or "/"


def _unnumbered(name: str, numbered: bool = True) -> str:
    return _NUMBER_PREFIX.sub("", name) if numbered else name


@functools.cache
def _loader() -> type:
    """Safe YAML that reads configuration tags (``!ENV``, ``!!python/name:``) as null.
    PyYAML is imported on first need: most repositories have no site to read."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return Loader


def _yaml_text(text: str) -> Any:
    """The YAML document in ``text``; ``ValueError`` when it does not parse."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        raise ValueError(str(error)) from error


def _yaml(path: str) -> dict[str, Any]:
    try:
        data = _yaml_text(_text(path))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _toml(path: str) -> dict[str, Any]:
    try:
        return _toml_text(_text(path))
    except ValueError:
        return {}


def _toml_text(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
    data: dict[str, Any] = tomllib.loads(text)
    return data


def _text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def _js_string(text: str, key: str) -> list[str]:
    """Every literal string a JavaScript config gives ``key`` (``key: "value"``)."""
    return re.findall(rf"\b{key}\s*[:=]\s*[\"'`]([^\"'`]*)[\"'`]", text)


def _url_path(url: object) -> str:
    """The path part of a configured site URL (``https://x.org/docs/`` → ``/docs/``)."""
    if not isinstance(url, str):
        return "/"
    path = re.sub(r"^[a-z]+://[^/]*", "", url.strip()) or "/"
    return path if path.endswith("/") else path + "/"


_MKDOCS_PLAIN_PLUGINS = frozenset(
    {
        "search", "include-markdown", "macros", "minify", "git-revision-date",
        "git-revision-date-localized", "git-authors", "git-committers", "awesome-pages",
        "glightbox", "social", "offline", "privacy", "optimize", "meta", "typeset",
        "mermaid2", "autorefs", "mkdocstrings", "section-index", "literate-nav",
        "table-reader", "tags", "exclude", "drawio-exporter", "termynal", "codeinclude",
    }
)  # fmt: skip
"""MkDocs plugins that add no URLs beside the pages (others may: redirects, blog, i18n)."""
_OWN_SLUGIFY = re.compile(r"^[ \t]*slugify[ \t]*:", re.MULTILINE)
"""An mkdocs.yml that gives ``toc`` its own slugify: its ids are not known."""


def _mkdocs(folder: str, config: str, facts: PathFacts) -> Site:
    data = _yaml(config)
    docs = os.path.join(folder, str(data.get("docs_dir") or "docs"))
    site = Site("MkDocs", config, [Mount(docs, "/")], pretty=data.get("use_directory_urls", True))
    if any(_plugin_name(p) not in _MKDOCS_PLAIN_PLUGINS for p in data.get("plugins") or []):
        site.open_prefixes.append(_ALL)
    if _url_path(data.get("site_url")) != "/":
        site.open_prefixes.append(_ALL)  # site-root links leave a site served below the host root
    if holds_hugo_sections(docs):
        site.open_prefixes.append(_ALL)  # Hugo content: this mkdocs.yml does not build it
    elif not _OWN_SLUGIFY.search(_text(config)):
        site.slug_rule = TOC
    return site


def _plugin_name(entry: object) -> str:
    """``search`` for ``- search`` and for ``- search: {lang: en}``."""
    return str(next(iter(entry), "")) if isinstance(entry, dict) else str(entry)


def _docusaurus(folder: str, config: str, facts: PathFacts) -> Site:
    text = _text(config)
    docs = _js_block(text, "docs")
    blog = _js_block(text, "blog")
    prefix = _route_base(docs, "docs")
    pages = os.path.join(folder, (_js_string(docs, "path") or ["docs"])[0])
    blog_prefix = _route_base(blog, "blog")
    site = Site(
        "Docusaurus",
        config,
        [Mount(os.path.normpath(pages), prefix, numbered=True),
         Mount(os.path.join(folder, "src", "pages"), "/"),
         Mount(os.path.join(folder, "blog"), blog_prefix)],
        statics=[os.path.join(folder, "static")],
        open_prefixes=[blog_prefix, prefix + "tags/"],
        slug_rule=GITHUB,
    )  # fmt: skip
    if re.search(r"\b(plugins|themes)\s*:\s*\[\s*[^\]\s]", text):
        site.open_prefixes.append(_ALL)  # plugins add routes of their own
    if len(_js_string(text, "routeBasePath")) > len(_js_string(docs + blog, "routeBasePath")):
        site.open_prefixes.append(_ALL)  # another instance of a content plugin
    if facts.exists(os.path.join(folder, "versions.json")):
        site.open_prefixes.append(prefix)
    return site


def _js_block(text: str, key: str) -> str:
    """The text of every ``key: { … }`` in a JavaScript config, each up to its first
    nested brace (the options of a preset's ``docs`` plugin, and ``themeConfig.docs``)."""
    return "\n".join(re.findall(rf"\b{key}\s*:\s*\{{([^{{}}]*)", text))


def _route_base(options: str, default: str) -> str:
    """The URL prefix a Docusaurus content plugin serves its pages under."""
    base = (_js_string(options, "routeBasePath") or [default])[0].strip("/")
    return "/" + base + "/" if base else "/"


def _eleventy(folder: str, config: str, facts: PathFacts) -> Site:
    text = _text(config)
    source = os.path.normpath(os.path.join(folder, (_js_string(text, "input") or ["."])[0]))
    site = Site("Eleventy", config, [Mount(source, "/")])
    prefixes = [p for p in _js_string(text, "pathPrefix") if p.strip("/")]
    site.prefixed = bool(prefixes) and "HtmlBasePlugin" not in text
    return site


def _hugo(folder: str, config: str, facts: PathFacts) -> Site | None:
    data = _toml(config) if config.endswith(".toml") else _yaml(config)
    if config.endswith(".json"):
        data = _json(config)
    settings = {str(k).lower(): v for k, v in data.items()}
    content = os.path.join(folder, str(settings.get("contentdir") or "content"))
    if not facts.is_dir(content):
        return None
    statics = settings.get("staticdir") or "static"
    statics = statics if isinstance(statics, list) else [statics]
    theme = settings.get("theme")
    themes = theme if isinstance(theme, list) else [theme] if isinstance(theme, str) else []
    site = Site(
        "Hugo",
        config,
        [Mount(content, "/")],
        statics=[os.path.join(folder, str(s)) for s in statics]
        + [os.path.join(folder, "themes", str(t), "static") for t in themes],
        pretty=not settings.get("uglyurls", False),
    )
    permalinks = settings.get("permalinks")
    taxonomies = settings.get("taxonomies") or {"tag": "tags", "category": "categories"}
    sections = list(permalinks) if isinstance(permalinks, dict) else []
    plural = list(taxonomies.values()) if isinstance(taxonomies, dict) else []
    site.open_prefixes.extend(f"/{name}/" for name in sections + plural)
    if "languages" in settings or _url_path(settings.get("baseurl")) != "/":
        site.open_prefixes.append(_ALL)
    return site


def _json(path: str) -> dict[str, Any]:
    try:
        data = json.loads(_text(path))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _jekyll(folder: str, config: str, facts: PathFacts) -> Site:
    data = _yaml(config)
    source = os.path.join(folder, str(data.get("source") or "."))
    site = Site("Jekyll", config, [Mount(os.path.normpath(source), "/")])
    site.pretty = data.get("permalink") == "pretty"
    if data.get("collections") or facts.is_dir(os.path.join(source, "_posts")):
        site.open_prefixes.append(_ALL)  # posts and collections take permalinks of their own
    if _url_path(data.get("baseurl")) != "/":
        site.open_prefixes.append(_ALL)
    return site


def _vitepress(folder: str, config: str, facts: PathFacts) -> Site:
    text = _text(config)
    source = os.path.normpath(os.path.join(folder, (_js_string(text, "srcDir") or ["."])[0]))
    site = Site("VitePress", config, [Mount(source, "/")], statics=[os.path.join(source, "public")])
    site.pretty = False
    site.slug_rule = VITEPRESS
    if re.search(r"\brewrites\s*:", text):
        site.open_prefixes.append(_ALL)
    return site


def _mdbook(folder: str, config: str, facts: PathFacts) -> Site:
    book = _toml(config).get("book")
    source = book.get("src") if isinstance(book, dict) else None
    return Site(
        "mdBook", config, [Mount(os.path.join(folder, str(source or "src")), "/")], pretty=False
    )


def _sphinx(folder: str, config: str, facts: PathFacts) -> Site | None:
    if not any(facts.is_file(os.path.join(folder, f"index.{e}")) for e in ("rst", "md")):
        return None  # a conf.py of something else
    return Site("Sphinx", config, [Mount(folder, "/")], pretty=False)


_GENERATORS: tuple[tuple[tuple[str, ...], Callable[[str, str, PathFacts], Site | None]], ...] = (
    (("mkdocs.yml", "mkdocs.yaml"), _mkdocs),
    (tuple(f"docusaurus.config.{e}" for e in ("js", "ts", "mjs", "cjs", "mts")), _docusaurus),
    (
        tuple(f"{n}.{e}" for n in (".eleventy", "eleventy.config") for e in ("js", "cjs", "mjs")),
        _eleventy,
    ),
    (tuple(f"{n}.{e}" for n in ("hugo", "config") for e in ("toml", "yaml", "yml", "json")), _hugo),
    (("book.toml",), _mdbook),
    (("_config.yml", "_config.yaml"), _jekyll),
    (tuple(f".vitepress/config.{e}" for e in ("js", "ts", "mjs", "mts", "cjs")), _vitepress),
    (("conf.py",), _sphinx),
)
"""Configuration file names → the reader of that generator's site, in the order tried."""
