"""An incrementally updated index is identical to one built from scratch, and cheaper to make."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ..conftest import FakeEmbedder, build_fake, open_fake

QUERIES = [
    "What did Zarif say about the US?",
    "Astana talks Russia Turkey Iran",
    "Who is Shamkhani?",
    "ceasefire in Aleppo",
    "Syrian Arab Republic opposition",
]
NEW_DOC = """Lavrov Meets Zarif In Moscow

Russian Foreign Minister Sergei Lavrov met his Iranian counterpart Mohammad Javad Zarif in Moscow.
The two ministers discussed the ceasefire in Syria and the coming talks in Astana.

Zarif said Iran would keep working with Russia and Turkey on a political settlement.
"""
NEW_DOC_2 = """Turkey Hosts Talks On Aleppo Evacuation

Turkish officials said the evacuation of eastern Aleppo would continue for several days.
Ankara called on all parties to respect the ceasefire agreed with Moscow.
"""


def _files(idx) -> dict[str, bytes]:
    """Every file of the version, byte for byte; files.json without its modification times (a file
    written within the racy window is recorded with none, so the next run hashes it: timing, not content)."""
    import json

    from qa.index.file_stats import FILE

    out = {}
    for path in sorted(idx.version.rglob("*")):
        if path.is_file() and path.name != "manifest.json":
            data = path.read_bytes()
            if path.name == FILE:
                stats = json.loads(data)
                stats["files"] = {rel: [e[0], *e[2:]] for rel, e in stats["files"].items()}
                data = json.dumps(stats, sort_keys=True).encode()
            out[path.relative_to(idx.version).as_posix()] = data
    return out


def edit_corpus(corpus):
    """Add two documents, change one, remove one; three stay as they are."""
    (corpus / "000_d17b9e679f9ab68b.txt").unlink()
    (corpus / "new_lavrov.txt").write_text(NEW_DOC, encoding="utf-8")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "aleppo.md").write_text(NEW_DOC_2, encoding="utf-8")
    changed = corpus / "003_d56011ca44265691.txt"
    text = changed.read_text(encoding="utf-8")
    assert "Syria" in text
    changed.write_text(text.replace("Syria", "Syrian Arab Republic", 2) + "\nA closing line was added.\n",
                       encoding="utf-8")


def _chunks_of(corpus_docs, ids):
    from qa.corpus.chunking import chunk_document
    from qa.corpus.readers import load_corpus

    docs = {d.id: d for d in load_corpus(corpus_docs)}
    return sum(len(chunk_document(docs[i])) for i in ids)


def test_incremental_equals_full_rebuild(seed_copy, tmp_path):
    from qa.answer import answer
    from qa.search.retrieve import SearchConfig, search
    from qa.search.tokenize import tokenize

    inc_dir, full_dir = tmp_path / "inc", tmp_path / "full"
    build_fake(seed_copy, inc_dir)
    edit_corpus(seed_copy)

    counting = FakeEmbedder()
    report, _ = build_fake(seed_copy, inc_dir, embedder=counting)
    assert (report.added, report.changed, report.removed, report.unchanged) == (2, 1, 1, 3)
    assert report.full_reason == "" and not report.up_to_date
    # only the added and changed documents were embedded
    fresh = _chunks_of(seed_copy, ["new_lavrov.txt", "sub/aleppo.md", "003_d56011ca44265691.txt"])
    assert counting.texts_embedded - report.sentences_embedded == report.embedded == fresh  # + their sentences
    assert fresh < report.chunks

    full_report, full_emb = build_fake(seed_copy, full_dir)
    assert full_emb.texts_embedded - full_report.sentences_embedded == full_report.chunks == report.chunks
    inc, full = open_fake(inc_dir), open_fake(full_dir)

    # manifest: same documents with the same hashes, same counts and settings
    for key in ("documents", "counts", "chunking", "bm25", "model", "corpus"):
        assert inc.manifest[key] == full.manifest[key], key
    assert [m.id for m in inc.docs.meta] == sorted(m.id for m in inc.docs.meta)
    assert inc.docs.meta == full.docs.meta
    # every stored file is byte-identical (chunks, sentences, BM25, vectors, texts)
    assert _files(inc) == _files(full)
    assert np.array_equal(inc.chunk_rows, full.chunk_rows)
    assert np.array_equal(inc.vectors, full.vectors)
    for q in QUERIES:
        assert np.array_equal(inc.bm25.scores(tokenize(q)), full.bm25.scores(tokenize(q)))
        hits_i = [(h.passage_no, h.chunk.id, h.score) for h in search(inc, q, k=10)]
        hits_f = [(h.passage_no, h.chunk.id, h.score) for h in search(full, q, k=10)]
        assert hits_i == hits_f
        for mode in ("hybrid", "bm25"):
            a = answer(inc, q, config=SearchConfig(mode=mode)).to_dict()
            b = answer(full, q, config=SearchConfig(mode=mode)).to_dict()
            assert a == b
    assert any(not answer(inc, q).abstained for q in QUERIES)


def test_nothing_changed_is_a_no_op(seed_copy, tmp_path):
    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    before = sorted(p.name for p in index_dir.glob("v-*"))
    report, emb = build_fake(seed_copy, index_dir)
    assert report.up_to_date and report.unchanged == report.documents == 5
    assert emb.texts_embedded == 0 and report.embedded == 0
    assert sorted(p.name for p in index_dir.glob("v-*")) == before  # nothing was rewritten


def test_rebuild_flag_reembeds_everything(seed_copy, tmp_path):
    index_dir = tmp_path / "idx"
    first, _ = build_fake(seed_copy, index_dir)
    report, emb = build_fake(seed_copy, index_dir, rebuild=True)
    assert report.full_reason == "--rebuild" and not report.up_to_date
    assert emb.texts_embedded - report.sentences_embedded == report.chunks == first.chunks
    assert report.added == 5 and report.unchanged == 0


def test_other_model_or_chunking_means_full_rebuild(seed_copy, tmp_path):
    from qa.corpus.chunking import ChunkingConfig

    class OtherFake(FakeEmbedder):
        name = "other-fake-256"

    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    report, emb = build_fake(seed_copy, index_dir, embedder=OtherFake())
    assert report.full_reason.startswith("model changed")
    assert emb.texts_embedded == report.chunks - report.copies + report.sentences_embedded  # copies embedded once
    report, emb = build_fake(seed_copy, index_dir, embedder=OtherFake(), chunking=ChunkingConfig(max_words=60))
    assert report.full_reason == "chunking changed"
    assert emb.texts_embedded == report.chunks - report.copies + report.sentences_embedded  # copies embedded once


def test_a_later_build_without_max_words_keeps_the_index_passage_size(seed_copy, tmp_path):
    """``qa index --max-words 60`` then ``qa index`` (or ``qa watch``, whose builds never pass it)
    re-chunked and re-embedded every document at the default 120 words, said as "51 added" by the
    watch; like the precision, the size is the live index's unless asked for."""
    from qa.corpus.chunking import ChunkingConfig
    from qa.index.versions import read_manifest

    index_dir = tmp_path / "idx"
    first, _ = build_fake(seed_copy, index_dir, chunking=ChunkingConfig(max_words=60))
    report, emb = build_fake(seed_copy, index_dir)  # no chunking given
    assert report.up_to_date and report.full_reason == "" and emb.texts_embedded == 0
    assert read_manifest(index_dir)[1]["chunking"]["max_words"] == 60
    report, _ = build_fake(seed_copy, index_dir, chunking=ChunkingConfig())  # asked for: a full build
    assert report.full_reason == "chunking changed"
    assert read_manifest(index_dir)[1]["chunking"]["max_words"] == ChunkingConfig().max_words


def test_a_later_build_without_model_keeps_the_index_model(seed_copy, tmp_path, fake_model, run_cli):
    """``qa index --model M`` then ``qa index`` (or ``qa watch``, whose builds pass no model unless
    told) re-embedded everything with the bundled model; like ``--max-words``, the model is the live
    index's unless asked for, and another one asked for is a full build that says why."""
    from qa.cli.watch_cmd import build_for_watch
    from qa.index.versions import read_manifest

    index_dir = tmp_path / "idx"

    def index(*extra):
        code, out, err = run_cli("index", "--corpus", str(seed_copy), "--index-dir", str(index_dir), "--json", *extra)
        assert code == 0, err
        return json.loads(out)

    first = index("--model", "fake-model-one")
    assert first["full_reason"] == "no previous index"
    again = index()  # no --model
    assert again["up_to_date"] and again["full_reason"] == "" and again["embedded"] == 0
    assert read_manifest(index_dir)[1]["model"]["name"] == "fake-model-one"
    (seed_copy / "more.txt").write_text("The quorp manual explains the glimmer pump.", encoding="utf-8")
    update = build_for_watch(seed_copy, index_dir)()  # a watch's build
    assert update.full_reason == "" and update.added == 1
    assert read_manifest(index_dir)[1]["model"]["name"] == "fake-model-one"
    other = index("--model", "fake-model-two")
    assert other["full_reason"] == "model changed from 'fake-model-one'"
    assert read_manifest(index_dir)[1]["model"]["name"] == "fake-model-two"


def test_an_index_model_that_cannot_be_loaded_says_how_to_use_another(seed_copy, tmp_path, monkeypatch):
    """The kept model is no longer there (a moved folder, an empty cache): the error says the index
    was built with it and that ``--model`` builds with another, instead of silently using the default."""
    import pytest

    from qa.errors import ModelError
    from qa.index import passages
    from qa.index.build import build_index

    class Gone(FakeEmbedder):
        name = "my-local-model"

    def cannot(model, *_a, **_k):
        raise ModelError(f"cannot load embedding model {model!r}")

    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir, embedder=Gone())
    (seed_copy / "more.txt").write_text("The quorp manual explains the glimmer pump.", encoding="utf-8")
    monkeypatch.setattr(passages, "passage_encoder", cannot)
    with pytest.raises(ModelError) as err:
        build_index(seed_copy, index_dir, export_onnx=False)
    assert "'my-local-model'" in err.value.message and "--model NAME" in err.value.hint
    with pytest.raises(ModelError) as err:  # asked for by name: the error as it is
        build_index(seed_copy, index_dir, model="other-model", export_onnx=False)
    assert err.value.hint is None and "'other-model'" in err.value.message


def test_other_bm25_weights_reweigh_without_embedding(seed_copy, tmp_path):
    """k1 and b change BM25's weights only: a new version from the kept term counts, nothing
    embedded again, and the same files as a full build with those parameters."""
    from qa.search import BM25Params
    from qa.search.tokenize import tokenize

    other = BM25Params(k1=1.5, b=0.75)
    inc_dir, full_dir = tmp_path / "inc", tmp_path / "full"
    build_fake(seed_copy, inc_dir)
    before = sorted(p.name for p in inc_dir.glob("v-*"))
    report, emb = build_fake(seed_copy, inc_dir, bm25=other)
    assert not report.up_to_date and report.full_reason == "" and report.unchanged == 5 and report.reweighed
    assert emb.texts_embedded == 0 and report.embedded == 0
    from qa.cli.progress import summary

    assert "0 embedded; BM25 re-weighed" in summary(report)
    assert sorted(p.name for p in inc_dir.glob("v-*")) != before  # a new version was written
    build_fake(seed_copy, full_dir, bm25=other)
    inc, full = open_fake(inc_dir), open_fake(full_dir)
    assert inc.manifest["bm25"] == full.manifest["bm25"] and inc.manifest["bm25"]["k1"] == 1.5
    assert _files(inc) == _files(full)
    q = tokenize("What did Zarif say about the US?")
    build_fake(seed_copy, tmp_path / "default")  # qa's own parameters weigh otherwise
    assert not np.allclose(inc.bm25.scores(q), open_fake(tmp_path / "default").bm25.scores(q))
    again, emb = build_fake(seed_copy, inc_dir, bm25=other)
    assert again.up_to_date and not again.reweighed and emb.texts_embedded == 0  # now current: nothing to do
    (seed_copy / "extra.txt").write_text(NEW_DOC, encoding="utf-8")
    added, _ = build_fake(seed_copy, inc_dir, bm25=other)
    assert added.added == 1 and not added.reweighed  # the same parameters: an ordinary update


def test_same_model_name_other_dimension_rebuilds(seed_copy, tmp_path):
    class Wider(FakeEmbedder):
        dim = 320

    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    (seed_copy / "extra.txt").write_text(NEW_DOC, encoding="utf-8")
    report, emb = build_fake(seed_copy, index_dir, embedder=Wider())
    assert report.full_reason == "the model's dimension changed"
    assert emb.texts_embedded >= report.chunks  # the old vectors could not be kept
    from qa.index.loaded import load_index

    assert load_index(index_dir).vectors.shape == (report.chunks, 320)


def test_corrupt_previous_index_is_rebuilt_not_reused(seed_copy, tmp_path):
    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    version = next(index_dir.glob("v-*"))
    vec = version / "dense" / "vectors.npy"
    data = bytearray(vec.read_bytes())
    data[-3] ^= 0xFF
    vec.write_bytes(bytes(data))
    report, emb = build_fake(seed_copy, index_dir)
    assert report.full_reason.startswith("previous index unusable: index file corrupt")
    assert emb.texts_embedded == report.chunks + report.sentences_embedded
    open_fake(index_dir)  # the new version verifies


def test_index_folder_inside_the_corpus_is_refused(seed_copy):
    import pytest

    from qa.errors import UsageError

    with pytest.raises(UsageError, match="inside the corpus"):
        build_fake(seed_copy, seed_copy / "index")  # it would index itself (and see test_safety_index)
    assert not (seed_copy / "index").exists()


def test_a_hidden_index_folder_inside_the_corpus_is_allowed(seed_copy, tmp_path):
    """``notes/.qa``: hidden folders are never read nor watched, so an index there is safe (before:
    refused as any folder inside the corpus).  No file of it becomes a document, even through a
    symlink to it, to a version in it or to one of its text files; the corpus is left as it was."""
    import os

    from qa.index.watch import Relevant
    from watchfiles import Change

    index_dir = seed_copy / ".qa"
    before = sorted(p.relative_to(seed_copy) for p in seed_copy.rglob("*"))
    report, _ = build_fake(seed_copy, index_dir)
    assert report.documents == 5
    version = next(index_dir.glob("v-*"))
    os.symlink(".qa", seed_copy / "shelf")
    os.symlink(version.relative_to(seed_copy), seed_copy / "latest")
    os.symlink(version.relative_to(seed_copy) / "bm25" / "vocab.txt", seed_copy / "words.txt")
    (seed_copy / "extra.txt").write_text(NEW_DOC, encoding="utf-8")
    for follow in (False, True):
        report, _ = build_fake(seed_copy, index_dir, follow_symlinks=follow)
        idx = open_fake(index_dir)
        assert sorted(m.id for m in idx.docs.meta) == sorted(
            [p.name for p in seed_copy.glob("0*.txt")] + ["extra.txt"]), follow
        assert not [s for s in report.skipped if ".qa" in s.path or "shelf" in s.path]
    build_fake(seed_copy, index_dir, rebuild=True)
    after = sorted(p.relative_to(seed_copy) for p in seed_copy.rglob("*") if ".qa" not in p.parts)
    assert after == sorted([*before, *map(type(before[0]), ("extra.txt", "latest", "shelf", "words.txt"))])
    watched = Relevant(seed_copy, index_dir)
    assert not watched(Change.added, str(next(index_dir.glob("v-*")) / "docs.jsonl"))
    assert not watched(Change.deleted, str(index_dir / "v-20240101-000000-1"))
    assert watched(Change.added, str(seed_copy / "extra.txt"))


def test_only_a_hidden_index_folder_inside_the_corpus_is_allowed(seed_copy):
    import pytest

    from qa.errors import UsageError

    for name in ("index", "sub/.qa/..", "sub/.qa/../idx"):
        with pytest.raises(UsageError, match="inside the corpus"):
            build_fake(seed_copy, seed_copy / name)
    build_fake(seed_copy, seed_copy / "sub" / ".cache" / "qa")  # hidden on its way: allowed
    assert (seed_copy / "sub" / ".cache" / "qa" / "CURRENT").exists()


def test_reuse_does_not_rescan_all_chunks_per_document(seed_copy, tmp_path, monkeypatch):
    """Reused documents are located through one pass over the chunk table, not one per document."""
    import qa.index.build as build

    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    (seed_copy / "extra.txt").write_text(NEW_DOC, encoding="utf-8")
    calls = []
    real = build.doc_chunk_ranges
    monkeypatch.setattr(build, "doc_chunk_ranges", lambda old: calls.append(1) or real(old))
    report, _ = build_fake(seed_copy, index_dir)
    assert report.unchanged == 5 and calls == [1]


def test_cli_index_prints_what_changed(seed_copy, tmp_path, fake_model):
    from click.testing import CliRunner

    from qa.cli import cli

    index_dir = tmp_path / "idx"
    args = ["index", "--corpus", str(seed_copy), "--index-dir", str(index_dir), "-q"]
    runner = CliRunner()
    first = runner.invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0
    assert "Indexed 5 documents" in first.stderr and "full build: no previous index" in first.stderr
    edit_corpus(seed_copy)
    (seed_copy / "blob.txt").write_bytes(b"\x00\x01\x02binary" * 100)
    second = runner.invoke(cli, args, catch_exceptions=False)
    assert second.exit_code == 0, second.stderr
    assert "2 added, 1 changed, 1 removed, 3 unchanged" in second.stderr
    assert "qa: warning: skipped blob.txt: binary file" in second.stderr
    assert "Skipped 1 file: 1 binary\n" in second.stderr
    third = runner.invoke(cli, args, catch_exceptions=False)
    assert "Index is up to date: 6 documents" in third.stderr
    forced = runner.invoke(cli, args + ["--rebuild"], catch_exceptions=False)
    assert "full build: --rebuild" in forced.stderr
    manifest = json.loads((next(index_dir.glob("v-*")) / "manifest.json").read_text())
    assert sorted(manifest["documents"]) == sorted(
        ["001_5309791aa2b3fc1c.txt", "002_010941f5ae1e0e3a.txt", "003_d56011ca44265691.txt",
         "004_e3aeec2615f348da.txt", "new_lavrov.txt", "sub/aleppo.md"]
    )


def rename_move_copy(corpus):
    """Rename a file, move one into a folder, copy one, and give one the text of another."""
    import shutil

    (corpus / "000_d17b9e679f9ab68b.txt").rename(corpus / "renamed.txt")
    (corpus / "archive").mkdir()
    (corpus / "001_5309791aa2b3fc1c.txt").rename(corpus / "archive" / "001.txt")
    shutil.copy(corpus / "002_010941f5ae1e0e3a.txt", corpus / "archive" / "copy.txt")
    shutil.copy(corpus / "002_010941f5ae1e0e3a.txt", corpus / "004_e3aeec2615f348da.txt")


def test_a_renamed_or_moved_file_is_not_embedded_again(seed_copy, tmp_path):
    """Renaming a file, moving it into a folder or copying it keeps its passages and vectors (before:
    every one embedded again, as if new; a copy was until session 16), and so does a file given
    another's text; the index is the one a full build makes.  Another kind of file with the same
    text is read by another reader: embedded."""
    inc_dir, full_dir = tmp_path / "inc", tmp_path / "full"
    build_fake(seed_copy, inc_dir)
    rename_move_copy(seed_copy)
    counting = FakeEmbedder()
    report, _ = build_fake(seed_copy, inc_dir, embedder=counting)
    assert (report.added, report.changed, report.removed, report.unchanged) == (3, 1, 2, 2)
    assert report.embedded == 0 and counting.texts_embedded == 0
    build_fake(seed_copy, full_dir)
    inc, full = open_fake(inc_dir), open_fake(full_dir)
    assert inc.docs.meta == full.docs.meta
    assert _files(inc) == _files(full)
    (seed_copy / "renamed.txt").rename(seed_copy / "renamed.md")
    report, _ = build_fake(seed_copy, inc_dir, embedder=counting)
    assert report.added == 1 and report.embedded > 0  # Markdown: read, chunked and embedded as new


PAGE = """<html><head><title>{title}</title></head><body><h1>Greenhouse log</h1>
<p>The tomatoes in the east greenhouse grew two metres tall. They were watered every morning.</p>
<p>In August the vents were opened at dawn, and the peppers ripened a week early.</p></body></html>"""


def test_a_new_title_keeps_the_passages_vectors(seed_copy, tmp_path):
    """A document whose title changed and its text did not (an HTML page's ``<title>``, or a reader
    that titles it otherwise) keeps its passages' and sentences' vectors: only its BM25 term counts,
    which read the title, are counted again (before: every passage embedded again).  The index is
    the one a full build makes, file for file."""
    inc_dir, full_dir = tmp_path / "inc", tmp_path / "full"
    (seed_copy / "log.html").write_text(PAGE.format(title="Old name"), encoding="utf-8")
    build_fake(seed_copy, inc_dir)
    (seed_copy / "log.html").write_text(PAGE.format(title="Greenhouse diary, summer"), encoding="utf-8")
    counting = FakeEmbedder()
    report, _ = build_fake(seed_copy, inc_dir, embedder=counting)
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 1, 0, 5)
    assert report.embedded == 0 and counting.texts_embedded == 0
    build_fake(seed_copy, full_dir)
    inc, full = open_fake(inc_dir), open_fake(full_dir)
    assert [m.title for m in inc.docs.meta if m.id == "log.html"] == ["Greenhouse diary, summer"]
    assert inc.docs.meta == full.docs.meta
    assert _files(inc) == _files(full)
    from qa.search.tokenize import tokenize

    assert inc.bm25.scores(tokenize("diary")).max() > 0  # the new title is searched
    assert inc.bm25.scores(tokenize("old name")).max() == full.bm25.scores(tokenize("old name")).max()
    # the text changed too: embedded as a changed document
    (seed_copy / "log.html").write_text(PAGE.format(title="Old name").replace("two metres", "three metres"),
                                        encoding="utf-8")
    report, _ = build_fake(seed_copy, inc_dir, embedder=counting)
    assert report.changed == 1 and report.embedded > 0


def test_cli_index_watch_and_chat_take_the_folder_as_an_argument(seed_copy, tmp_path, fake_model, monkeypatch, capsys):
    """``qa index FOLDER`` is ``qa index --corpus FOLDER``; a FOLDER beats QA_CORPUS; two different
    corpora are a usage error that names both."""
    from click.testing import CliRunner

    from qa.cli import cli, main

    runner = CliRunner()
    monkeypatch.setenv("QA_CORPUS", str(tmp_path / "not-this-one"))
    built = runner.invoke(cli, ["index", str(seed_copy), "--index-dir", str(tmp_path / "idx"), "-q"])
    assert built.exit_code == 0, built.stderr
    assert "Indexed 5 documents" in built.stderr
    again = runner.invoke(cli, ["index", "--index-dir", str(tmp_path / "idx"), str(seed_copy), "-q",
                                "--corpus", str(seed_copy)])
    assert again.exit_code == 0 and "Index is up to date: 5 documents" in again.stderr
    for command in ("index", "watch", "chat"):
        with pytest.raises(SystemExit) as ended:
            main([command, str(seed_copy), "--corpus", str(tmp_path / "other"), "--index-dir", str(tmp_path / "idx")])
        assert ended.value.code == 2 and "two corpora given" in capsys.readouterr().err, command


def test_a_new_tokenizer_counts_again_and_keeps_every_vector(seed_copy, tmp_path, monkeypatch, caplog):
    """An index made with an older tokenizer (qa upgraded) is counted again for BM25 and keeps its
    passages' and sentences' vectors: nothing is embedded (before: a full build, every passage
    embedded again).  The index is the one a full build with the new tokenizer makes, file for file;
    a second run finds it up to date; a chunking change is still a full build."""
    import qa.index.build_settings as build_settings
    import qa.index.loaded as loaded

    inc_dir, full_dir = tmp_path / "inc", tmp_path / "full"
    build_fake(seed_copy, inc_dir)
    monkeypatch.setattr(build_settings, "TOKENIZER_VERSION", "qa-tok-next")
    monkeypatch.setattr(loaded, "TOKENIZER_VERSION", "qa-tok-next")
    counting = FakeEmbedder()
    with caplog.at_level("WARNING", logger="qa"):
        report, _ = build_fake(seed_copy, inc_dir, embedder=counting)
    assert "older tokenizer" not in caplog.text  # the build brings it up to date: no advice to run `qa index`
    assert not report.up_to_date and report.full_reason == "" and report.recounted == 5
    assert (report.added, report.changed, report.removed, report.unchanged) == (0, 0, 0, 5)
    assert report.embedded == 0 and counting.texts_embedded == 0
    from qa.cli.progress import summary

    assert "BM25 counted again for qa's new tokenizer (5 documents, vectors kept)" in summary(report)
    build_fake(seed_copy, full_dir)
    inc, full = open_fake(inc_dir), open_fake(full_dir)
    assert inc.manifest["bm25"]["tokenizer"] == "qa-tok-next" == full.manifest["bm25"]["tokenizer"]
    assert _files(inc) == _files(full)
    monkeypatch.setattr(loaded, "TOKENIZER_VERSION", "qa-tok-other")
    with caplog.at_level("WARNING", logger="qa"):
        open_fake(inc_dir)  # opened to answer: the advice is given
    assert "older tokenizer" in caplog.text
    monkeypatch.setattr(loaded, "TOKENIZER_VERSION", "qa-tok-next")
    again, emb = build_fake(seed_copy, inc_dir)
    assert again.up_to_date and again.recounted == 0 and emb.texts_embedded == 0
    (seed_copy / "extra.txt").write_text(NEW_DOC, encoding="utf-8")
    monkeypatch.setattr(build_settings, "TOKENIZER_VERSION", "qa-tok-after")
    both, _ = build_fake(seed_copy, inc_dir, embedder=counting)
    assert both.added == 1 and both.recounted == 5 and counting.texts_embedded > 0  # only the new file embedded
    from qa.corpus import ChunkingConfig

    monkeypatch.setattr(build_settings, "TOKENIZER_VERSION", "qa-tok-last")
    full_again, _ = build_fake(seed_copy, inc_dir, chunking=ChunkingConfig(max_words=60))
    assert full_again.full_reason == "BM25 settings changed" and full_again.recounted == 0
