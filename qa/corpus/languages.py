"""One page in several languages: which copy is read, and a content-negotiation type map is no page.

A site served with Apache's MultiViews keeps each page once per language beside a *type map*:
"bind.html" lists "bind.html.en", "bind.html.fr.utf8", "bind.html.ko.euc-kr" ("URI:",
"Content-Language:", "Content-type:" records) and the server picks the copy the browser's languages
ask for.  ``language_variant`` names such a copy (read as HTML: ``naming.read_suffix``); a type map
is skipped as a stub (``is_type_map``: it has no text of its own).

Which copies are read (``other_language``): a page that has an English copy is read in English only,
as Apache serves it to a browser that states no language (its default ``LanguagePriority`` starts
with ``en``); its other languages are skipped (kind "duplicate", the reason names the copy read).
Questions are asked in one language, and a translation is a near-copy that takes the places of other
pages in the results (a directive's name matches all eleven copies).  A page with no English copy is
read in every language it has (no other choice is better).  The same holds for language folders: a
file under "fr/" (or "pt-br/", "zh_CN/") whose path with "en/" instead exists in the corpus is skipped;
a corpus that is one language's folder ("manual/fr") is read whole.
"""

from __future__ import annotations

import codecs
import os
import re
from functools import lru_cache
from pathlib import Path

# ISO 639-1 codes, less "br" ("page.html.br" is a page compressed with Brotli, not one in Breton)
LANGUAGES = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo bs ca ce ch co cr cs cu cv cy da de dv dz ee "
    "el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is "
    "it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms "
    "mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk "
    "sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi "
    "yo za zh zu".split())
ENGLISH = "en"
_TAG = re.compile(r"([a-z]{2})(?:[-_]([a-z]{2}|hans|hant))?")  # "fr", "pt-br", "zh_cn", "zh-hant"
_VARIANT = re.compile(r"(.+\.html?)\.([a-z]{2}(?:[-_][a-z]{2,4})?)(?:\.([a-z0-9][a-z0-9_-]{1,15}))?")
_TYPE_MAP_FIELD = re.compile(r"(uri|content-[a-z]+|description|body)\s*:", re.I)
TYPE_MAP_BYTES = 4096  # a type map is a few records; its first ones say what it is


def language(tag: str) -> str | None:
    """The language of a tag as file and folder names write it ("fr", "pt-BR", "zh_CN": "zh"), or None."""
    m = _TAG.fullmatch(tag.lower())
    return m.group(1) if m and m.group(1) in LANGUAGES else None


def _charset(token: str) -> bool:
    try:
        codecs.lookup(token)
    except LookupError:
        return False
    return True


def language_variant(name: str) -> tuple[str, str] | None:
    """(the page's name, its language) for a base name as MultiViews names a page's copy in one language,
    "page.html.LANG" with an optional charset after it: "bind.html.fr.utf8" is ("bind.html", "fr"),
    "index.html.pt-br" ("index.html", "pt"), "x.html.ko.euc-kr" ("x.html", "ko"); None for any other
    name ("x.html.in", an autoconf template; "x.html.br", "x.html.gz", compressed copies; "x.html.bak")."""
    m = _VARIANT.fullmatch(name.lower())
    if m is None:
        return None
    lang = language(m.group(2))
    if lang is None or (m.group(3) is not None and not _charset(m.group(3))):
        return None
    return name[: len(m.group(1))], lang


def is_type_map(text: str) -> bool:
    """Is ``text`` (a file's start) a content-negotiation type map: "#" comments, then records of
    "URI:", "Content-Language:", "Content-Type:"... lines, blank lines between them, the first a "URI:"?"""
    lines = [ln for ln in text[:TYPE_MAP_BYTES].splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines or not lines[0].lower().startswith("uri:"):
        return False
    checked = lines[:-1] if len(text) > TYPE_MAP_BYTES else lines  # the last line may be cut short
    return all(_TYPE_MAP_FIELD.match(ln) for ln in checked)


def other_language(file: Path, rel: str) -> str | None:
    """Why ``file`` (``rel`` in the corpus) is not read: it is a page's copy in a language other than
    English and the English copy is in the corpus (as a MultiViews variant beside it, or at the same
    path under an English folder); None when it is to be read."""
    parts = rel.split("/")
    name = parts[-1]
    variant = language_variant(name)
    if variant is not None and variant[1] != ENGLISH:
        english = _english_variant(file.parent, variant[0])
        if english is not None:
            return f"the same page in another language ({english} is read)"
    root = _root(file, parts)
    if root is None:
        return None
    for i in range(len(parts) - 1):
        lang = language(parts[i])
        if lang is None or lang == ENGLISH:
            continue
        folder = root.joinpath(*parts[:i])
        for sibling in _english_folders(folder):
            if folder.joinpath(sibling, *parts[i + 1:]).is_file():
                return f"the same page in another language ({'/'.join([*parts[:i], sibling, *parts[i + 1:]])} is read)"
    return None


def rechecked(rel: str) -> bool:
    """Can ``rel``'s reading change with other files (a copy in another language skipped while its
    English copy is there)?  A stored skip of such a file is not trusted: the file is looked at again."""
    parts = rel.split("/")
    return language_variant(parts[-1]) is not None or any(language(p) is not None for p in parts[:-1])


def _english_variant(folder: Path, page: str) -> str | None:
    return _listing(str(folder))[0].get(page)


def _english_folders(folder: Path) -> list[str]:
    return _listing(str(folder))[1]


def _listing(folder: str) -> tuple[dict[str, str], list[str]]:
    """(page -> its English variant's name, English-named subfolders) of ``folder``, read once while the
    folder is unchanged (its mtime): a folder of 10,000 variants is listed once, not once a file."""
    try:
        mtime = os.stat(folder).st_mtime_ns
    except OSError:
        return {}, []
    return _listed(folder, mtime)


@lru_cache(maxsize=64)
def _listed(folder: str, _mtime: int) -> tuple[dict[str, str], list[str]]:
    pages: dict[str, str] = {}
    english: list[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return {}, []
    for entry in entries:
        try:
            variant = language_variant(entry.name)
            if variant is not None and variant[1] == ENGLISH and entry.is_file():
                pages.setdefault(variant[0], entry.name)
            elif language(entry.name) == ENGLISH and entry.is_dir():
                english.append(entry.name)
        except OSError:
            continue
    return pages, english


def _root(file: Path, parts: list[str]) -> Path | None:
    """The corpus folder: ``file`` less the ``parts`` of its relative path (None if they do not match)."""
    if len(file.parts) < len(parts) or list(file.parts[len(file.parts) - len(parts):]) != parts:
        return None
    return Path(*file.parts[: len(file.parts) - len(parts)]) if len(file.parts) > len(parts) else Path(".")
