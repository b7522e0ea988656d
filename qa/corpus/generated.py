"""Generated documentation's second copies of its pages: what a documentation generator writes
beside a page that says the same thing again, skipped (kind "duplicate", the reason naming the
page that is read).

- *A page's source beside it.*  Sphinx copies each page's source into ``_sources/`` ("Show Source"):
  ``_sources/reference/matrix.rst.txt`` beside ``reference/matrix.html`` (``page.md.txt`` for
  Markdown, ``page.txt`` before Sphinx 1.5).  Read with the built pages, every passage was there
  twice, once in reST markup (".. class:: Matrix()", "*LinearGradient*"); the source is skipped
  when its built page (``page.html``, gzipped ``page.html.gz``, or ``page/index.html`` of the
  ``dirhtml`` builder) is in the corpus, and read when it is not (it is the only copy then).
- *A source file's listing beside its documentation.*  Doxygen writes each header twice: its
  documentation (``SDL_8h.html``: every declaration with its description) and its listing
  (``SDL_8h_source.html``: the header's lines, each opening with its number, linking "Go to the
  documentation of this file.").  The listing is skipped when the page it links to is beside it.
  Sphinx's ``viewcode`` does the same for Python modules: ``_modules/pkg/core.html``, the module's
  highlighted source, its docstrings again, each definition with a "[docs]" link back to the page
  documenting it (``class="viewcode-back"``); skipped when that page is beside it.

- *A built MkDocs site beside its sources.*  ``mkdocs build`` writes each ``docs/page.md`` as
  ``site/page/index.html`` (``site/page.html`` with ``use_directory_urls: false``; ``index.md`` and
  ``README.md`` as their folder's ``index.html``).  The Markdown is kept (read with its lines); the
  built page is skipped when an ``mkdocs.yml`` in a folder above it, inside the corpus, has a
  ``site_dir`` (default ``site``) holding the page and a ``docs_dir`` (default ``docs``) holding its
  source.  The generator's ``<meta name="generator" content="mkdocs-…">`` is not asked for: MkDocs's
  own default theme writes none.  Its ``404.html``, with no source, is read.

Only names and the page's first bytes are looked at, in the build's process, before a page is
parsed (as ``mdbook.copy_of_chapters``); a stored skip is not trusted (``maybe_copy``): the page
read instead may have gone.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from .mdbook import beside
from .site_nav import config_in

SOURCES = "_sources"
MODULES = "_modules"  # Sphinx viewcode's highlighted sources
VIEWCODE_BYTES = 1 << 20  # a module's first "[docs]" link may follow a long licence header and imports
_BACK = re.compile(rb"""<a\s+class=["']viewcode-back["']\s+href=["']([^"'<>#?]+)""")
_SOURCE_SUFFIXES = (".rst", ".md", ".txt", ".ipynb", ".rest", ".markdown")
LISTING_SUFFIX = "_source.html"
HEAD_BYTES = 64 << 10  # Doxygen's link to the documentation comes before the listing's first line
_TO_DOCS = re.compile(rb"""<a\s(?:[^>]*?\s)?href=["']([^"'<>#?]+)["'][^>]*>\s*Go to the documentation of this file""")


def maybe_copy(rel: str, file: Path | None = None) -> bool:
    """Could ``rel`` be skipped as a copy of another page (its name says so, or ``file`` is a page
    of a built MkDocs site)?  Then whether it is depends on other files, and a stored reading of it
    is not trusted."""
    parts = rel.split("/")
    return ((SOURCES in parts[:-1] and parts[-1].endswith(".txt")) or parts[-1].endswith(LISTING_SUFFIX)
            or (MODULES in parts[:-1] and parts[-1].endswith(".html"))
            or (file is not None and site_page(file, rel) is not None))


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs builds as pages


def site_page(file: Path, rel: str) -> tuple[str, str, Path] | None:
    """``(docs folder relative to the corpus, page's path in the site, docs folder)`` when ``file``
    is an HTML page inside the ``site_dir`` of an MkDocs config in a folder above it (the nearest
    first, never above the corpus root); None otherwise."""
    parts = rel.split("/")
    if not parts[-1].endswith(".html") or len(parts) < 2:
        return None
    root = file.parents[len(parts) - 1]
    for depth in range(len(parts) - 2, -1, -1):
        folder = root.joinpath(*parts[:depth])
        config = config_in(folder)
        if config is None:
            continue
        docs, site = posixpath.normpath(config[0]), posixpath.normpath(config[2] or ".")
        inside = "/".join(parts[depth:])
        if any(d in (".", "") or d.startswith(("..", "/")) for d in (docs, site)):
            continue
        if inside.startswith(site + "/") and not (docs + "/").startswith(site + "/"):
            return "/".join([*parts[:depth], docs]), inside[len(site) + 1:], folder / docs
    return None


def mkdocs_source(file: Path, rel: str) -> str | None:
    """The Markdown page (relative to the corpus) that a built MkDocs page was made from, when it
    is in the docs folder; None otherwise."""
    found = site_page(file, rel)
    if found is None:
        return None
    docs_rel, page, docs = found
    stem = page[: -len(".html")]
    if stem == "index" or stem.endswith("/index"):
        folder = stem[: -len("index")]
        names = [folder + name for name in ("index", "README")] + ([folder.rstrip("/")] if folder else [])
    else:
        names = [stem]
    for name in names:
        for suffix in MARKDOWN_SUFFIXES:
            if _regular(docs.joinpath(*(name + suffix).split("/"))):
                return f"{docs_rel}/{name}{suffix}"
    return None


def _regular(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def built_page(file: Path, rel: str) -> str | None:
    """The page (relative to the corpus) that a Sphinx source copy ``_sources/…/page.rst.txt`` was
    built into, when it is in the corpus; None for any other file or when no built page is there."""
    parts = rel.split("/")
    if not parts[-1].endswith(".txt") or SOURCES not in parts[:-1]:
        return None
    at = len(parts) - 1 - parts[::-1].index(SOURCES)  # the last "_sources" in the path
    inner = parts[at + 1:]
    stem = inner[-1][: -len(".txt")]
    for suffix in _SOURCE_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    root = file.parents[len(inner)]  # the folder that holds "_sources"
    above = parts[:at]
    for candidate in (f"{stem}.html", f"{stem}.html.gz", f"{stem}/index.html"):
        page = [*inner[:-1], *candidate.split("/")]
        if (root.joinpath(*page)).is_file():
            return "/".join([*above, *page])
    return None


def listing_of(fh, file: Path) -> str | None:
    """The documentation page (relative to the listing's folder) that a Doxygen source listing
    ``file`` (open as ``fh``, left at its start) links to, when it is beside it; None otherwise."""
    if not file.name.endswith(LISTING_SUFFIX):
        return None
    head = fh.read(HEAD_BYTES)
    fh.seek(0)
    found = _TO_DOCS.search(head)
    if found is None:
        return None
    return _linked(file, found.group(1))


def _linked(file: Path, raw: bytes) -> str | None:
    """``raw``, a link in ``file``, when it leads to a regular HTML file ("../../de/ddc/SDL_8h.html":
    generators' links climb out of the page's folder to the output's root); None otherwise."""
    href = unquote(raw.decode("utf-8", "replace"))
    parts = href.split("/")
    climb = 0
    while parts and parts[0] == "..":
        parts, climb = parts[1:], climb + 1
    if climb >= len(file.parents):
        return None
    return href if parts and beside(file.parents[climb], "/".join(parts)) else None


def module_source_of(fh, file: Path, rel: str) -> str | None:
    """The page documenting a Sphinx ``viewcode`` module page ``_modules/…/x.html`` (open as ``fh``)
    links back to with its first "[docs]" link, when it is beside it; None otherwise."""
    if MODULES not in rel.split("/")[:-1] or not file.name.endswith(".html"):
        return None
    head = fh.read(VIEWCODE_BYTES)
    fh.seek(0)
    found = _BACK.search(head)
    return _linked(file, found.group(1)) if found is not None else None


def copy_of_page(fh, file: Path, rel: str) -> str | None:
    """The reason to skip ``file`` as generated documentation's second copy of a page that is read;
    None when it is to be read."""
    page = built_page(file, rel)
    if page is not None:
        return f"the source of a page built beside it ({page} is read)"
    source = mkdocs_source(file, rel)
    if source is not None:
        return f"a page built by MkDocs from a Markdown page in the corpus ({source} is read)"
    docs = listing_of(fh, file) or module_source_of(fh, file, rel)
    if docs is None:
        return None
    page = posixpath.normpath(posixpath.join(posixpath.dirname(rel), docs))
    if page.startswith("../") or page == "..":
        return None  # the page documenting it is outside the corpus: the listing is what is here
    return f"a source listing of a file documented beside it ({page} is read)"
