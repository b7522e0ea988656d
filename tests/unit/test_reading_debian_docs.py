"""Session 16: reader defects seen on a folder of real package documentation, made up small."""

from __future__ import annotations

import gzip

from qa.corpus import load_corpus

LICENCE = ("Frobnicator Public Licence Version 2.0\n======================================\n\n"
           "1. Definitions\n\nA contributor is anyone who sends a change to the frobnicator.\n")
ROFF = ".TH FROB 1\n.SH NAME\nfrob \\- frob the widgets\n.SH DESCRIPTION\nIt frobs every widget.\n"


def _read(root, files: dict[str, str | bytes]):
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    skipped = []
    docs = {d.id: d for d in load_corpus(root, skipped.append)}
    return docs, {s.path: (s.kind, s.reason) for s in skipped}


def test_a_name_with_a_version_for_its_suffix_is_read_as_text(tmp_path):
    elf = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8
    docs, skipped = _read(tmp_path, {
        "licenses/FPL-2.0": LICENCE,  # was "unsupported (.0)"
        "licenses/Frob-Licence-3": LICENCE,
        "licenses/FPL-1.1": LICENCE,  # a manual page's section for a suffix, but no roff in it
        "licenses/FPL-1.1.gz": gzip.compress(LICENCE.encode()),
        "man/frob.1": ROFF, "man/frob-tools.1.gz": gzip.compress(ROFF.encode()),
        "bin/frob-12": elf, "lib/libfrob.so.1": elf, "man/notes.1": LICENCE,
    })
    for name in ("licenses/FPL-2.0", "licenses/Frob-Licence-3", "licenses/FPL-1.1", "licenses/FPL-1.1.gz"):
        assert docs[name].title == "Frobnicator Public Licence Version 2.0"
        assert "A contributor is anyone" in docs[name].text
    assert docs["man/frob.1"].title == docs["man/frob-tools.1.gz"].title == "frob - frob the widgets"
    assert "DESCRIPTION" in docs["man/frob.1"].text
    # a program or library named with a version is no document, and as quiet as any other file qa skips
    assert {k: v[0] for k, v in skipped.items()} == {
        "bin/frob-12": "unsupported", "lib/libfrob.so.1": "unsupported", "man/notes.1": "unsupported"}
