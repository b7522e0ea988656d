"""One file's text by its format, read from the file already opened (and checked) by the caller.

Plain text (.txt) is kept exactly as decoded (every offset in qa refers to it, ``plaintext.py``
finds its sections and lines); the other formats are turned into running text by their readers
(``markdown.py``, ``html.py``, ``rst.py``, ``man.py``, ``pdf.py``, ``docx.py``, ``epub.py``,
``odt.py``, ``pptx.py``, ``mail.py``, ``info.py``).  ``extract`` is what a reader process runs for the parsed formats
(``isolate.py``) and what runs in this process for plain text; a file that cannot be read raises
``ReadError`` whose ``kind`` is what the skip report counts.  A gzipped one (``GZIPPED``:
"notes.md.gz", "README.gz" as ".txt.gz") is read as the file inside, decompressed as it is read
under the budget (``gunzip.py``), in whichever process would read that file.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import replace
from typing import BinaryIO

from . import skips
from .budget import Budget
from .charset import LONG_LINE, read_text
from .extracted import Extracted, ReadError
from .gunzip import GZ

log = logging.getLogger("qa")

PLAIN = (".txt", ".text")  # read in the build's own process: our code, linear, memory-bounded
MARKDOWN = (".md", ".markdown", ".mdx")  # MDX: Markdown with JSX (site_syntax.py drops its imports)
HTML = (".html", ".htm")
RST = (".rst", ".rest")
MAN = (".man",)  # a manual page: "ls.1", "CA.pl.1ssl", "tclsh.n" ("man_suffix") are ".man" too
INFO = (".info",)  # a GNU Info manual (``info.py``): a split one's parts "find.info-1" ("info_part") are ".info" too
BINARY = (".pdf", ".docx", ".epub", ".odt", ".pptx", ".eml")  # readers that take the file's bytes
PARSED = (*MARKDOWN, *HTML, *RST, *MAN, *INFO, *BINARY)  # read by a parser library: in a reader process
GZIPPED = tuple(s + GZ for s in (*PLAIN, *PARSED))  # "guide.html.gz" is read as "guide.html" would be
READS = (".txt .md .mdx .html .htm .pdf .docx .epub .odt .pptx .rst .eml .mbox .jsonl .jsonl.gz, manual pages "
         "(.1-.9, .3pm, .n...), Info manuals (.info, .info-1...), and text files named README, LICENSE, COPYING, NEWS, Artistic..., MPL-2.0..., v2.37-ReleaseNotes...; any of these but .mbox "
         "gzipped (.txt.gz, ls.1.gz, coreutils.info.gz, README.gz...)")
# Files a project or package names by convention, without a suffix or with a label one ("README",
# "COPYING.LIB", "NEWS.Debian", "METADATA" in a wheel's .dist-info): plain text by name
TEXT_NAMES = frozenset(
    "readme license licence copying copyright notice news changes changelog history authors contributors "
    "credits thanks install todo bugs faq hacking contributing maintainers security patents metadata "
    "pkg-info".split()) | frozenset(  # licences named by themselves ("Artistic" in /usr/share/common-licenses;
    "artistic unlicense gpl lgpl agpl gfdl".split())  # "GPL", "BSD" in capitals are text anyway)
_LABEL = re.compile(r"[a-z0-9_-]{1,16}")  # "debian", "lib", "mit", "source", "1st", "debian-source"
_VARIANT = re.compile(r"^(license|licence|copying|readme|notice)[-_][a-z0-9]{1,12}$")
_INFO_PART = re.compile(r"\.info-[0-9]{1,3}")  # "find.info-1": a part of a split Info manual
_MAN_SUFFIX = re.compile(r"\.([1-9][a-z]{0,8}|[nl])")  # ".1", ".3pm", ".1ssl", ".8posix", ".n" (Tcl), ".l"
# (and source code or data whatever its name: "metadata.py", "install.sh", "history.h", "Install.pm", "install.js")
_NOT_TEXT = frozenset("gz tgz bz2 xz lz lzma zst z zip 7z rar tar jar deb rpm whl egg png jpg jpeg gif bmp ico "
                      "svg webp tif tiff mp3 mp4 ogg wav pdf ps eps doc xls ppt exe dll so o a pyc bin dat "
                      "py js mjs ts h hpp c cc cpp java go rs rb pm php sh bash zsh ps1 bat lua tcl vim mk cmake "
                      "json yaml yml toml xml css sql dtd xsd xsl xslt rng rnc ent".split())


def text_by_name(name: str) -> bool:
    """Is ``name`` (a base name) one of the text files named by convention, ``TEXT_NAMES``, with no
    suffix or up to three label ones ("README.Debian", "LICENSE.MIT", "LICENSE-APACHE",
    "changelog.Debian.amd64": a binNMU's), never a compressed or binary one?  Or a name all in
    capitals without a suffix ("PROBLEMS", "FEATURES"): what projects call their text files.  The
    content still decides: a binary one is skipped as binary."""
    if _CAPITALS.fullmatch(name) and sum(ch.isalpha() for ch in name) >= 3:
        return True  # "PROBLEMS", "FEATURES", "RELEASE-NOTES": a project's text files are named in capitals
    stem, dot, rest = name.lower().partition(".")
    stem = _VARIANT.sub(r"\1", stem)  # "LICENSE-MIT", "README_ja"
    labels = rest.split(".") if dot else []
    return stem in TEXT_NAMES and len(labels) <= 3 and all(
        _LABEL.fullmatch(label) is not None and label not in _NOT_TEXT for label in labels)


# words that name a document when they open or end a file's name: "v2.37-ReleaseNotes", "ChangeLog-2013",
# "00FAQ", "libstemmer_c_README", "README.feature-removal-schedule", "release-notes-1.2"
_DOC_WORDS = frozenset("readme news changes changelog history todo faq quickstart announce releasenotes whatsnew "
                       "authors".split())
_NAME_PARTS = re.compile(r"[-_.+\s]+")
_VERSION_PART = re.compile(r"v?[0-9]+[a-z]?")
_TYPE_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")  # ".sh", ".json", ".py": what the file is, whatever its name


def names_a_document(name: str) -> bool:
    """Is ``name`` (a base name with no suffix a reader knows) a document's by its words: one of
    ``_DOC_WORDS`` or "release notes" first or last, versions and numbers left out ("v2.37-ReleaseNotes",
    "ChangeLog-2013", "00FAQ", "libstemmer_c_README")?  Read as text by its content, as a README is (a
    binary one is skipped).  Not a name with a file type's suffix ("release-notes.sh", "news.json")."""
    if name.endswith(("-", "_", ".")):
        return False  # "readme-": a name cut short
    m = _TYPE_SUFFIX.search(name)
    if m and m.group()[1:].lower() not in _DOC_WORDS and not _VERSION_PART.fullmatch(m.group()[1:].lower()):
        return False
    words = [w.strip("0123456789") for w in _NAME_PARTS.split(name.lower()) if w and not _VERSION_PART.fullmatch(w)]
    words = [w for w in words if w]
    if not words:
        return False
    return words[0] in _DOC_WORDS or words[-1] in _DOC_WORDS or ["release", "notes"] in (words[:2], words[-2:])


# a licence named by itself, as /usr/share/common-licenses names them: "GPL-2", "LGPL-3", "BSD", "Artistic",
# "MPL-2.0", "CC0-1.0" (the name of the licence, and its version)
_LICENCE_NAME = re.compile(r"(?:[al]?gpl|gfdl|fdl|artistic|unlicense|bsd|mit|isc|apache|mpl|epl|cddl|cc0|ofl)"
                           r"(?:[-_]?v?[0-9]{1,2}(?:\.[0-9]{1,2}){0,2}\+?)?", re.I)


def names_a_licence(name: str) -> bool:
    """Is ``name`` (a base name, no suffix) a licence's own name ("GPL-2", "BSD")?  Such a file is that
    licence's text, not a file about its folder as a README or a package's LICENSE is: its own title (or
    this name) says what it is, and "GPL-2" and "GPL-3" must not both be "licenses: GNU GENERAL…"."""
    return _LICENCE_NAME.fullmatch(name) is not None


_CAPITALS = re.compile(r"[A-Z][A-Z0-9_-]{2,31}")  # a whole name in capitals, no suffix (not "DATA.CSV")
_ABOUT = re.compile(r"[a-z0-9][a-z0-9.+]*(?:[-_][a-z0-9.+]+)*[-_]([a-z]+)")  # "zstd-readme", "man-db_news"


def _conventional(rel: str) -> bool:
    """Is a Markdown file's name one ``readers`` titles by its folder or as a whole ("NEWS.md",
    "zstd-README.md"), never by its stem as a note ("NEWS")?"""
    name = rel.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name[:-3] if name.lower().endswith(".gz") else name
    stem = stem.rsplit(".", 1)[0]
    return text_by_name(stem) or text_name_about(stem)


def text_name_about(stem: str) -> bool:
    """Is ``stem`` a conventional name (``TEXT_NAMES``) with what the file is about before it:
    "zstd-README", "postgresql-common-NEWS"?  Such a name says what the file is."""
    m = _ABOUT.fullmatch(stem.lower())
    return m is not None and m.group(1) in TEXT_NAMES


# a name that ends in a version: "MPL-2.0", "Apache-2.0", "LGPL-2.1", "CC0-1.0", "CC-BY-SA-4.0" (words, then
# "-" and a dotted version); never "ls.1", "libz.so.1", "git-add.1" (no "-" before the digits), "test_18" or
# "ChangeLog-2013" (no dot: "GPL-3", in capitals, is text by ``text_by_name``)
_VERSIONED = re.compile(r"[A-Za-z][A-Za-z0-9+]*(?:-[A-Za-z][A-Za-z0-9+]*)*-[vV]?[0-9]{1,4}(?:\.[0-9]{1,4}){1,3}")


def versioned_name(name: str) -> bool:
    """Is ``name`` (a base name) a name with a version for its suffix, "MPL-2.0" or "Apache-2.0", as licence
    texts and specifications are named?  Read as text by its content, as a README is: a binary one is
    "unsupported" (``extract``), one with a manual page's section ("LGPL-2.1") is a manual page when
    its content is roff (``_man``)."""
    return _VERSIONED.fullmatch(name) is not None


def man_suffix(suffix: str) -> bool:
    """Is ``suffix`` (lower case, with its dot) a manual page's: a section, ".1" to ".9" with letters
    after it (".3pm", ".1ssl"), ".n" or ".l"?  The file's content decides (``roff_syntax.is_roff``)."""
    return _MAN_SUFFIX.fullmatch(suffix) is not None


def info_part(suffix: str) -> bool:
    """Is ``suffix`` (lower case, with its dot) a split Info manual's part's: ".info-1", ".info-12"?"""
    return _INFO_PART.fullmatch(suffix) is not None


def inner_suffix(suffix: str) -> str:
    """The suffix of the file inside a gzipped one: ".md" for ".md.gz"; any other as it is."""
    return suffix[: -len(GZ)] if suffix in GZIPPED else suffix


FORMATS = {".txt": "text", ".text": "text", ".md": "Markdown", ".markdown": "Markdown", ".mdx": "Markdown",
           ".html": "HTML", ".htm": "HTML", ".pdf": "PDF", ".docx": "Word", ".epub": "EPUB", ".odt": "OpenDocument",
           ".pptx": "PowerPoint", ".rst": "reStructuredText", ".rest": "reStructuredText", ".eml": "e-mail",
           ".mbox": "mailbox", ".jsonl": "JSON Lines", ".man": "manual page",
           ".info": "Info manual"}
_TEXT_PROBLEMS = {"empty file": skips.EMPTY, "binary file": skips.BINARY, "unknown text encoding": skips.ENCODING}
_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one PDF at a time in this process


def extract(fh: BinaryIO, suffix: str, rel: str, size: int, budget: Budget = Budget()) -> Extracted:
    """The text (title, pages, sections...) of the file open as ``fh`` (``size`` bytes), by ``suffix``;
    a gzipped one (``GZIPPED``) by the suffix inside, decompressed under ``budget``."""
    if suffix in GZIPPED:
        from .gunzip import gunzipped

        with gunzipped(fh, budget) as inner:
            return extract(inner, inner_suffix(suffix), rel, size, budget)
    if suffix in BINARY:
        data = fh.read() if size else b""
        if not data:
            raise ReadError("empty file", kind=skips.EMPTY)
        return _binary(data, suffix, rel, budget)
    if suffix in MAN:
        return _man(fh, rel, budget)
    if suffix in INFO:  # its index markers hold NULs: taken out before the text is sniffed as binary or not
        from .info import read_info, without_markers

        return read_info(_text(without_markers(fh), rel, budget.max_line_chars), rel)
    try:
        text = _text(fh, rel, budget.max_line_chars if suffix not in HTML else None)
    except ReadError as exc:
        if exc.kind == skips.BINARY and suffix in PLAIN and _versioned(rel):
            raise _not_text(rel) from None  # "gcc-12", a program: as quiet as any file qa does not read
        raise
    if suffix in MARKDOWN:
        from .markdown import read_markdown

        return read_markdown(text, "" if _conventional(rel) else rel)  # "" : no title from the file's name
    if suffix in HTML:
        from .html import read_html

        return read_html(text, rel, budget.max_depth)
    if suffix in RST:
        from .rst import read_rst

        return read_rst(text, rel)
    from .plaintext import read_plain

    _no_script(text, rel)
    return read_plain(text, rel)


# a script's first line: "#!/bin/sh", "#! /usr/bin/env python3" (its interpreter and one argument are shown)
_SHEBANG = re.compile(r"#![ \t]*(/[\w./+-]*(?:[ \t]+[\w./+-]{1,40})?)")


def _no_script(text: str, rel: str) -> None:
    """A file read as plain text by its name alone ("update-changelog", "README-setup", "NEWS.gz": no
    ".txt" of its own) that opens with a shebang is a program, not a document: skipped as unsupported."""
    name = rel.replace("\\", "/").rsplit("/", 1)[-1]
    name = name[: -len(GZ)] if name.lower().endswith(GZ) else name
    m = _SHEBANG.match(text) if skips.extension(name) not in PLAIN else None
    if m:
        raise ReadError(f"unsupported file type ({skips.extension(rel)}): a script (#!{' '.join(m.group(1).split())}), "
                        "not a document", kind=skips.UNSUPPORTED)


def _binary(data: bytes, suffix: str, rel: str, budget: Budget) -> Extracted:
    if suffix == ".pdf":
        from .pdf import read_pdf

        with _PDFIUM:
            return read_pdf(data, rel)
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(data, rel, budget)
    if suffix == ".epub":
        from .epub import read_epub

        return read_epub(data, rel, budget)
    if suffix == ".odt":
        from .odt import read_odt

        return read_odt(data, rel, budget)
    if suffix == ".pptx":
        from .pptx import read_pptx

        return read_pptx(data, rel, budget)
    from .mail import read_eml

    return read_eml(data, rel)


def _man(fh: BinaryIO, rel: str, budget: Budget) -> Extracted:
    """A manual page, or a file named like one that is none ("syslog.1", "libz.so.1"): kind
    "unsupported", as the file was before manual pages were read; but one named with a version
    ("LGPL-2.1") that holds no roff is plain text, and says so (``Extracted.format``: "text")."""
    from .man import read_man
    from .roff_syntax import SNIFF_BYTES, is_roff

    head = fh.read(SNIFF_BYTES)
    if not is_roff(head) and _versioned(rel):  # "LGPL-2.1", "MPL-1.1": a licence text
        from .plaintext import read_plain
        from .text_title import plain_title

        fh.seek(0)
        try:
            text = _text(fh, rel, budget.max_line_chars)
        except ReadError as exc:
            raise (_not_text(rel) if exc.kind == skips.BINARY else exc) from None
        _no_script(text, rel)
        extracted = read_plain(text, rel)
        return replace(extracted, title=extracted.title or plain_title(extracted.text), format=FORMATS[PLAIN[0]])
    if not is_roff(head):
        raise ReadError(f"unsupported file type ({skips.extension(rel)}): not a manual page (no roff requests)",
                        kind=skips.UNSUPPORTED)
    fh.seek(0)
    return read_man(_text(fh, rel, budget.max_line_chars), rel)


def _versioned(rel: str) -> bool:
    """Is the file ``rel`` (gzipped or not: "MPL-2.0.gz") named with a version (``versioned_name``)?"""
    name = rel.rsplit("/", 1)[-1]
    return versioned_name(name[: -len(GZ)] if name.lower().endswith(GZ) else name)


def _not_text(rel: str) -> ReadError:
    return ReadError(f"unsupported file type ({skips.extension(rel)}): not text", kind=skips.UNSUPPORTED)


def _text(fh: BinaryIO, rel: str, max_line: int | None) -> str:
    text, problem = read_text(fh, max_line)
    if text is None:
        kind = skips.OVER_BUDGET if problem.startswith(LONG_LINE) else _TEXT_PROBLEMS.get(problem, skips.UNREADABLE)
        raise ReadError(problem, kind=kind)
    if problem:
        log.info("%s: %s", rel, problem)
    return text
