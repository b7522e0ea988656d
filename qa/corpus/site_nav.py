"""A MkDocs page's title as the site shows it, for a Markdown page that has none of its own.

MkDocs titles a page by its ``nav:`` entry in ``mkdocs.yml`` (``- Models: concepts/models.md``),
else by its first level-1 heading, else by its file name ("base_model.md": "Base model"; an
``index.md``: its folder's name).  Pages of API references and guides often have no level-1
heading (the theme draws the nav title), so without the config they were titled by their bare file
name ("models").  ``page_title`` finds the config in a folder above the page, inside the corpus
root, whose ``docs_dir`` (default ``docs``) holds the page, and gives the nav entry's title, else
MkDocs's file-name title; "" for a page of no MkDocs site.

The config is read safely: a regular file, not a symlink, at most ``MAX_CONFIG_BYTES``, parsed by
a YAML safe loader for which every tag (``!!python/name:…``, ``!ENV``) is a plain null; a config
that does not parse, or is not a mapping, gives no titles (the page keeps its file name).  Each
config is read once per change (cached on its path, size and modification time); the nav is walked
to at most ``MAX_ENTRIES`` entries and ``MAX_DEPTH`` levels (YAML aliases can make a small file a
huge tree).  The lookup runs where the document is made (``readers._read_one``), after the reader
process: it needs the folder, which a reader, given one file, does not have.
"""

from __future__ import annotations

import functools
import os
import posixpath
import stat
from pathlib import Path

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
MAX_CONFIG_BYTES = 256 * 1024
MAX_ENTRIES = 20_000
MAX_DEPTH = 12


def page_title(file: Path, rel: str) -> str:
    """The title MkDocs gives the Markdown page ``file`` (``rel``: its path from the corpus root,
    whose folders are the only ones searched for a config): its ``nav:`` entry's title, else its
    file name's; "" when no config above it has a docs folder holding it."""
    parts = Path(rel).parts
    if len(parts) < 2:
        return ""  # a config beside the page: the page is not in its docs folder
    root = Path(file).parents[len(parts) - 1]
    for depth in range(len(parts) - 1, -1, -1):  # the nearest folder first, up to the root
        folder = root.joinpath(*parts[:depth])
        config = config_in(folder)
        if config is None:
            continue
        docs = posixpath.normpath(config[0])
        inside = posixpath.normpath("/".join(parts[depth:]))
        if docs in (".", "") or docs.startswith(("..", "/")) or not inside.startswith(docs + "/"):
            continue  # a docs_dir outside the folder, or not holding the page
        page = inside[len(docs) + 1:]
        return config[1].get(page) or name_title(page)
    return ""


def name_title(page: str) -> str:
    """MkDocs's title from a page's file name: "api/base_model.md" "Base model", "about/index.md"
    "About" (an index page is its folder's), "index.md" at the top "Home"."""
    folder, name = posixpath.split(page)
    stem = posixpath.splitext(name)[0]
    if stem.lower() in ("index", "readme"):
        stem = posixpath.basename(folder) or "Home"
    words = stem.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words[:1].islower() else words


def config_in(folder: Path) -> tuple[str, dict[str, str], str, bool] | None:
    """``(docs_dir, {page: nav title}, site_dir, use_directory_urls)`` of the MkDocs config in
    ``folder``, None if none there or it does not parse."""
    for name in CONFIG_NAMES:
        path = folder / name
        if os.path.lexists(path):
            return read_config(path)
    return None


def read_config(path: Path | str) -> tuple[str, dict[str, str], str, bool] | None:
    """``(docs_dir, {page: nav title}, site_dir, use_directory_urls)`` of the MkDocs config at
    ``path`` (a regular file, not a symlink, not over ``MAX_CONFIG_BYTES``), None if it is none of
    these or does not parse."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CONFIG_BYTES:
        return None
    return _read_config(str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _read_config(path: str, _size: int, _mtime: int) -> tuple[str, dict[str, str], str, bool] | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_CONFIG_BYTES + 1)
        if len(data) > MAX_CONFIG_BYTES:
            return None
        config = _load_yaml(data)
    except Exception:  # noqa: BLE001 - a broken or hostile config gives no titles, never a failed read
        return None
    if not isinstance(config, dict):
        return None
    docs = config.get("docs_dir", "docs")
    if not isinstance(docs, str) or not docs.strip():
        return None
    titles: dict[str, str] = {}
    _walk(config.get("nav"), titles, 0, [0])
    site = config.get("site_dir", "site")
    site = site.strip().replace("\\", "/") if isinstance(site, str) else ""
    return docs.strip().replace("\\", "/"), titles, site, config.get("use_directory_urls") is not False


def _walk(node, titles: dict[str, str], depth: int, seen: list[int]) -> None:
    """Collect ``- Title: page.md`` entries of a nav (sections are a title over a list)."""
    if depth > MAX_DEPTH or seen[0] > MAX_ENTRIES:
        return
    if isinstance(node, list):
        for item in node:
            seen[0] += 1
            _walk(item, titles, depth + 1, seen)
    elif isinstance(node, dict):
        for key, value in node.items():
            seen[0] += 1
            if isinstance(value, str) and isinstance(key, str) and key.strip():
                page = _page(value)
                if page and page not in titles:
                    titles[page] = " ".join(key.split())
            elif isinstance(value, (list, dict)):
                _walk(value, titles, depth + 1, seen)


def _page(target: str) -> str:
    """A nav target as a page path in the docs folder ("./api/models.md" "api/models.md"); "" for a
    link ("https://…") or anything not a Markdown file."""
    target = target.strip()
    if "://" in target or target.startswith(("mailto:", "#")):
        return ""
    page = posixpath.normpath(target.lstrip("/")) if target else ""
    return page if page.lower().endswith((".md", ".markdown", ".mdx")) and not page.startswith("..") else ""


def _load_yaml(data: bytes):
    import yaml

    return yaml.load(data, Loader=_loader())  # noqa: S506 - a SafeLoader subclass


@functools.cache
def _loader():
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        """The safe loader; any tag it does not know (``!!python/name:``, ``!ENV``) is a null."""

    Loader.add_multi_constructor("", lambda _loader, _suffix, _node: None)
    return Loader
