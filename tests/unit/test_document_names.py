"""Session 21: a file named like a document ("v2.37-ReleaseNotes.gz", "ChangeLog-2013", "00FAQ") is read as
plain text by its content (``formats.names_a_document``), gzipped or not; a binary one, or a name with a
file type's suffix, is not.  Session 22: nor a script so named (a shebang), nor source code ("metadata.py").
Made-up files."""

from __future__ import annotations

import gzip
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.corpus.formats import names_a_document, text_by_name
from qa.corpus.naming import read_suffix
from qa.corpus.readers import supported
from qa.corpus.skips import Skipped, skip_summary

from ..conftest import read_files

NOTES = """Quorp 3.1 Release Notes
=======================

The harbour pumps now stop when the tide turns, and the quorp engine
reports its glimmer level every hour.
"""


def test_document_names():
    for name in ("v2.37-ReleaseNotes", "v2.38.1-ReleaseNotes", "ChangeLog-2013", "00FAQ", "00QUICKSTART",
                 "quorp_c_README", "README.feature-removal-schedule", "changelog.libquorp++", "RELEASE_NOTES",
                 "release-notes-3.1.0", "History-old"):
        assert names_a_document(name), name
        assert read_suffix(name) == ".txt" and read_suffix(name + ".gz") == ".txt.gz", name
    for name in ("release-notes.sh", "news.py", "test-summary-amd64", "gdbinit", "OpenPGP", "Explanations",
                 "00MANIFEST", "notebook", "newsletter-tool", "v2.37", "2013", "readme-"):
        assert not names_a_document(name), name
    assert not supported("test-summary-amd64.gz") and not supported("release-notes.sh.gz")


def test_gzipped_release_notes_are_read_as_text_and_titled(tmp_path):
    docs, skipped = read_files(tmp_path, {
        "quorp/releases/v3.1-ReleaseNotes.gz": gzip.compress(NOTES.encode()),
        "quorp/ChangeLog-2013.gz": gzip.compress(b"2013-12-09  Jane Roe  <jane@example.org>\n\n\t* pump.c: Stop at the tide.\n"),
        "quorp/v3.0-ReleaseNotes.gz": gzip.compress(bytes(range(256)) * 8),  # named so, but binary
        "quorp/test-summary-amd64.gz": gzip.compress(b"PASS: pump\n"),  # no document's name: not read
    })
    notes = docs["quorp/releases/v3.1-ReleaseNotes.gz"]
    assert notes.title == "Quorp 3.1 Release Notes" and notes.format == "text"
    assert "the quorp engine reports its glimmer level every hour." in notes.text.replace("\n", " ")
    assert docs["quorp/ChangeLog-2013.gz"].title == "ChangeLog-2013"  # no line names it: its name
    assert skipped["quorp/v3.0-ReleaseNotes.gz"][0] == "binary"
    assert "quorp/test-summary-amd64.gz" not in docs and skipped["quorp/test-summary-amd64.gz"][0] == "unsupported"


_VERSION = st.from_regex(r"v?[0-9]{1,2}(\.[0-9]{1,2}){0,2}", fullmatch=True)
_WORD = st.sampled_from(["ReleaseNotes", "CHANGES", "History", "TODO", "NEWS", "FAQ", "ChangeLog"])
_SEP = st.sampled_from(["-", "_", "."])


@settings(max_examples=100, deadline=None)
@given(_VERSION, _SEP, _WORD, st.booleans())
def test_a_version_and_a_document_word_in_either_order_is_a_document(version, sep, word, first):
    name = f"{word}{sep}{version}" if first else f"{version}{sep}{word}"
    assert names_a_document(name)


@settings(max_examples=100, deadline=None)
@given(_WORD, st.sampled_from(["sh", "py", "pl", "json", "xml", "c", "html5", "gz"]))
def test_a_name_with_a_file_types_suffix_is_no_document_by_its_words(word, ext):
    assert not names_a_document(f"{word}-tool.{ext}")


PROSE = "The harbour pumps stop when the tide turns.\nThe quorp engine reports its glimmer level every hour.\n"


def test_a_script_named_like_a_document_is_skipped_as_one(tmp_path):
    docs, skipped = read_files(tmp_path, {
        "tools/update-changelog": "#!/bin/sh\nset -e\ndch --newversion 3.1 \"Release\"\n",
        "tools/README-setup": "#! /usr/bin/env python3\nimport sys\nprint(sys.argv)\n",
        "tools/NEWS.gz": gzip.compress(b"#!/usr/bin/perl -w\nprint \"news\\n\";\n"),
        "tools/README": PROSE,  # a document by its name and its content: read
        "tools/notes.txt": "#!/bin/sh is how a script opens; these notes say so.\n" + PROSE,  # ".txt": read
        "tools/CHANGES": "#include <stdio.h> is no shebang.\n" + PROSE,  # "#" alone: read
    })
    assert skipped["tools/update-changelog"] == (
        "unsupported", "unsupported file type (no extension): a script (#!/bin/sh), not a document")
    assert skipped["tools/README-setup"] == (
        "unsupported", "unsupported file type (no extension): a script (#!/usr/bin/env python3), not a document")
    assert skipped["tools/NEWS.gz"] == (
        "unsupported", "unsupported file type (.gz): a script (#!/usr/bin/perl -w), not a document")
    assert set(docs) == {"tools/README", "tools/notes.txt", "tools/CHANGES"}
    assert skip_summary(Skipped(p, *ks) for p, ks in skipped.items()) == (
        "Skipped 3 files: 3 unsupported (no extension, .gz)")


def test_source_code_named_like_a_document_is_not_text_by_its_name():
    for name in ("metadata.py", "install.sh", "history.h", "Install.pm", "install.js", "changelog.vim", "news.xml",
                 "metadata.yaml", "pkg-info.mk", "faq.dtd", "news.xsl", "readme.xsd"):  # schemas: session 23
        assert not text_by_name(name) and not supported(name), name
    for name in ("README.Debian", "COPYING.LIB", "changelog.Debian.amd64", "README.source", "LICENSE.MIT"):
        assert text_by_name(name) and supported(name), name


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["README", "update-changelog", "v3.1-ReleaseNotes", "NEWS.Debian", "MPL-2.0", "LGPL-2.1"]),
       st.from_regex(r"/[a-z]{1,8}(/[a-z]{1,8}){0,3}( -?[a-z0-9]{1,6})?", fullmatch=True), st.booleans())
def test_a_shebang_skips_a_file_read_by_its_name_and_only_that(name, interpreter, shebang):
    from qa.corpus.extracted import ReadError
    from qa.corpus.formats import extract

    data = ((f"#!{interpreter}\n" if shebang else "") + PROSE).encode()
    try:
        extract(io.BytesIO(data), read_suffix(name), f"d/{name}", len(data))
    except ReadError as exc:
        assert shebang and exc.kind == "unsupported" and f"(#!{interpreter})" in str(exc)
    else:
        assert not shebang
    got = extract(io.BytesIO(data), ".txt", f"d/{name}.txt", len(data))  # named ".txt": read whatever it holds
    assert "glimmer level" in got.text
