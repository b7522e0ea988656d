"""A folder of gzipped documents (as /usr/share/doc holds them) through a whole index: read, searched,
cited with exact slices of the decompressed text; damaged streams and bombs skipped, the rest indexed;
incremental builds see a changed .gz file.  Made-up text; real gzip files."""

from __future__ import annotations

import gzip
import json
import os

from qa.answer import answer
from qa.corpus import skip_summary
from qa.corpus.budget import Budget, MiB

from ..conftest import build_fake, open_fake

FILES = {
    "quorp/README": "Quorp engines\n=============\n\nThe quorp engine burns glimmer oil from the northern wells.\n",
    "quorp/changelog.Debian": ("quorp (2.1-1) unstable; urgency=medium\n\n  * The brass valve now closes after "
                               "ninety seconds.\n\n -- Ann Example <ann@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n"),
    "quorp/pump.txt": "Pump care\n\nThe glimmer pump must be oiled every third Tuesday by the harbour crew.\n",
    "quorp/storms.md": "# Storm notes\n\nThe lighthouse keepers count the storms on a slate beside the door.\n",
    "quorp/kiln.html": ("<html><head><title>Kiln manual</title></head><body><h1>Kiln manual</h1><p>The kiln reaches "
                        "its working heat after four hours of slow firing.</p></body></html>"),
}
QUESTIONS = {
    "What does the quorp engine burn?": "quorp/README.gz",
    "When does the brass valve close?": "quorp/changelog.Debian.gz",
    "How often must the glimmer pump be oiled?": "quorp/pump.txt.gz",
    "Where do the lighthouse keepers count the storms?": "quorp/storms.md.gz",
    "When does the kiln reach its working heat?": "quorp/kiln.html.gz",
}


def _gz(text: str | bytes, mtime: int = 0) -> bytes:
    return gzip.compress(text.encode("utf-8") if isinstance(text, str) else text, mtime=mtime)


def _corpus(tmp_path):
    corpus = tmp_path / "doc"
    (corpus / "quorp").mkdir(parents=True)
    for rel, text in FILES.items():
        (corpus / (rel + ".gz")).write_bytes(_gz(text))
    whole = _gz("The ferry leaves at noon on Sundays.\n" * 50)
    (corpus / "quorp" / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (corpus / "quorp" / "corrupt.md.gz").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(40)))
    (corpus / "quorp" / "data.csv.gz").write_bytes(_gz("a,b\n1,2\n"))
    (corpus / "quorp" / "logs.tar.gz").write_bytes(_gz(b"\0" * 1024))
    (corpus / "ferry.txt").write_text("The ferry to the island leaves at noon on Sundays.\n", encoding="utf-8")
    return corpus


def test_gzipped_documents_are_indexed_searched_and_cited_exactly(tmp_path, run_cli):
    corpus = _corpus(tmp_path)
    report, _ = build_fake(corpus, tmp_path / "i")
    skipped = {s.path: s for s in report.skipped}
    assert report.documents == 6
    assert {p: s.kind for p, s in skipped.items()} == {
        "quorp/cut.txt.gz": "damaged", "quorp/corrupt.md.gz": "damaged",
        "quorp/data.csv.gz": "unsupported", "quorp/logs.tar.gz": "unsupported"}
    assert skipped["quorp/cut.txt.gz"].reason.startswith("truncated gzip stream")
    assert skip_summary(report.skipped) == "Skipped 4 files: 2 damaged, 2 unsupported (.csv.gz, .tar.gz)"
    idx = open_fake(tmp_path / "i")
    for question, doc in QUESTIONS.items():
        result = answer(idx, question)
        assert result.citations and result.citations[0].doc == doc, question
        for c in result.citations:
            text = idx.doc_text(idx.docs.position[c.doc])
            assert text[c.start:c.end] == c.text and text[c.passage_start:c.passage_end] == c.passage
    readme = idx.doc_text(idx.docs.position["quorp/README.gz"])
    assert readme == FILES["quorp/README"]  # the decompressed text, exactly

    code, out, _ = run_cli("docs", "--index-dir", str(tmp_path / "i"), "--json")
    docs = {d["id"]: d for d in json.loads(out)["documents"]}
    assert code == 0 and {i: d["format"] for i, d in docs.items() if i.endswith(".gz")} == {
        "quorp/README.gz": "text", "quorp/changelog.Debian.gz": "text", "quorp/pump.txt.gz": "text",
        "quorp/storms.md.gz": "Markdown", "quorp/kiln.html.gz": "HTML"}
    assert docs["quorp/README.gz"]["title"] == "quorp: Quorp engines"
    assert docs["quorp/kiln.html.gz"]["title"] == "Kiln manual"


def test_a_bomb_is_skipped_and_the_rest_indexed(tmp_path, monkeypatch):
    from qa.corpus import readers

    monkeypatch.setattr(readers, "default_budget", lambda: Budget(max_file_bytes=2 * MiB))
    corpus = _corpus(tmp_path)
    line = b"the glimmer pump hums all night long\n"
    (corpus / "quorp" / "bomb.txt.gz").write_bytes(_gz(line * (8 * MiB // len(line))))
    (corpus / "quorp" / "bomb.html.gz").write_bytes(_gz(b"<p>" + line * (8 * MiB // len(line))))
    report, _ = build_fake(corpus, tmp_path / "i")
    skipped = {s.path: s for s in report.skipped}
    assert report.documents == 6
    for name in ("quorp/bomb.txt.gz", "quorp/bomb.html.gz"):
        assert skipped[name].kind == "over budget" and "more than 2 MiB" in skipped[name].reason


def test_a_changed_gz_file_is_read_again_an_unchanged_one_is_not(tmp_path):
    corpus = _corpus(tmp_path)
    build_fake(corpus, tmp_path / "i")
    pump = corpus / "quorp" / "pump.txt.gz"
    storms = corpus / "quorp" / "storms.md.gz"
    st = storms.stat()
    storms.write_bytes(_gz(FILES["quorp/storms.md"], mtime=12345))  # other bytes, same document
    os.utime(storms, ns=(st.st_atime_ns, st.st_mtime_ns))
    # a new text of the same gzipped size and the same time: only the file's hash tells it changed
    edits = (FILES["quorp/pump.txt"].replace("third Tuesday", f"{n} {d}") for n in ("first", "fifth", "third")
             for d in ("Monday", "Friday", "Sunday"))
    new = next(_gz(t) for t in edits if len(_gz(t)) == pump.stat().st_size)
    st = pump.stat()
    pump.write_bytes(new)
    os.utime(pump, ns=(st.st_atime_ns, st.st_mtime_ns))
    report, _ = build_fake(corpus, tmp_path / "i")
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 1, 0, 5)
    idx = open_fake(tmp_path / "i")
    result = answer(idx, "How often must the glimmer pump be oiled?")
    assert result.citations[0].doc == "quorp/pump.txt.gz"
    assert gzip.decompress(new).decode() == idx.doc_text(idx.docs.position["quorp/pump.txt.gz"])
