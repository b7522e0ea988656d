"""qa eval: metrics against hand-computed values, the question-set loader, the seed floor, BEIR slices."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest

from ..conftest import SEEDS, FakeEmbedder
from qa.corpus.chunking import ChunkingConfig
from qa.errors import CorpusError, ExitCode, QAError
from qa.evaluation.runs import LABELS, evaluate_questions, mode_run, retriever_runs
from qa.evaluation.questionset import QuestionSetError, load_questions, passage_qrels
from qa.evaluation.metrics import score_run, trec_scores, write_run
from qa.search.retrieve import SearchConfig, resolve, search

SCIFACT = Path(__file__).resolve().parents[3] / "shared" / "beir" / "scifact"


# -- metrics on a case small enough to compute by hand --------------------------------------------
QRELS = {"q1": {"a": 1, "b": 1}, "q2": {"c": 1}}
RUN = {"q1": [("x", 4.0), ("a", 3.0), ("y", 2.0), ("b", 1.0)], "q2": [("c", 1.0), ("z", 0.5)]}


def test_metrics_match_hand_computed_values():
    mean, per_q = score_run(QRELS, RUN, "questions", 10)
    # q1: first relevant at rank 2; relevant at ranks 2 and 4 of 2 relevant
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    idcg = 1 + 1 / math.log2(3)
    assert per_q["q1"]["R@1"] == 0.0 and per_q["q1"]["R@5"] == 1.0
    assert per_q["q1"]["MRR@10"] == pytest.approx(0.5)
    assert per_q["q1"]["nDCG@10"] == pytest.approx(dcg / idcg)  # 0.65092
    assert per_q["q2"] == {"R@1": 1.0, "R@5": 1.0, "R@10": 1.0, "MRR@10": 1.0, "nDCG@10": 1.0}
    assert mean["R@1"] == pytest.approx(0.5)
    assert mean["MRR@10"] == pytest.approx(0.75)
    assert mean["nDCG@10"] == pytest.approx((dcg / idcg + 1) / 2)


def test_beir_recall_counts_every_relevant_document():
    # BEIR's R@k is a fraction of the relevant documents, unlike the question sets' Success@k
    run = {"q1": [("a", 3.0), ("x", 2.0), ("b", 1.0)], "q2": [("z", 1.0)]}
    mean, per_q = score_run(QRELS, run, "beir", 100)
    assert per_q["q1"]["R@1"] == pytest.approx(0.5)
    assert per_q["q1"]["R@5"] == pytest.approx(1.0)
    assert per_q["q2"]["R@100"] == 0.0
    assert mean["R@1"] == pytest.approx(0.25)
    q_mean, _ = score_run(QRELS, run, "questions", 100)
    assert q_mean["R@1"] == pytest.approx(0.5)  # Success@1: q1 found at rank 1


def test_mrr_is_cut_at_ten():
    run = {"q2": [(f"n{i:02d}", 20.0 - i) for i in range(10)] + [("c", 5.0)]}
    mean, _ = score_run({"q2": {"c": 1}}, run, "questions", 100)
    assert mean["MRR@10"] == 0.0  # rank 11: outside the cut (plain RR would be 1/11)
    assert mean["R@10"] == 0.0


def test_ties_keep_our_order_not_trec_evals():
    # trec_eval re-sorts ties by docno descending ("b" before "a"); our ranking says "a" first
    run = {"q": [("a", 1.0), ("b", 1.0)]}
    mean, _ = score_run({"q": {"b": 1}}, run, "questions", 10)
    assert mean["MRR@10"] == pytest.approx(0.5)
    assert trec_scores([1.0, 1.0, 0.5, 0.5]) == [1.0, 0.999999, 0.5, 0.499999]


def test_unretrieved_question_counts_zero():
    mean, per_q = score_run(QRELS, {"q2": [("c", 1.0)]}, "questions", 10)
    assert per_q["q1"]["nDCG@10"] == 0.0
    assert mean["nDCG@10"] == pytest.approx(0.5)


def test_run_file_reproduces_the_figures(tmp_path):
    import ir_measures

    path = tmp_path / "run.trec"
    ties = {"q1": [("b", 2.0), ("a", 2.0), ("x", 1.0)], "q2": [("c", 1.0)]}
    write_run(path, ties, "qa-test")
    lines = path.read_text().splitlines()
    assert lines[0] == "q1 Q0 b 1 2.000000 qa-test"
    assert lines[1] == "q1 Q0 a 2 1.999999 qa-test"
    measures = [ir_measures.parse_measure(m) for m in ("nDCG@10", "RR@10", "Success@1")]
    from_file = ir_measures.calc_aggregate(measures, QRELS, ir_measures.read_trec_run(str(path)))
    mean, _ = score_run(QRELS, ties, "questions", 10)
    assert from_file[measures[0]] == pytest.approx(mean["nDCG@10"])
    assert from_file[measures[1]] == pytest.approx(mean["MRR@10"])
    assert from_file[measures[2]] == pytest.approx(mean["R@1"])


# -- question-set loader ------------------------------------------------------------------------
def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "a1", "question": "Who?", "relevant": [{"doc": "d.txt", "quote": "x y"}]})


def test_loader_reads_the_seed_set():
    qs = load_questions(SEEDS / "questions.jsonl")
    assert len(qs) >= 40 and len({q.id for q in qs}) == len(qs)
    assert sum(not q.answerable for q in qs) >= 5
    assert all(g.quote and g.doc for q in qs for g in q.relevant)


@pytest.mark.parametrize(
    "bad, message",
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"id": "b", "question": "Why?"}), "missing field 'relevant'"),
        (json.dumps({"question": "Why?", "relevant": []}), "missing field 'id'"),
        (json.dumps({"id": "b", "question": "  ", "relevant": []}), "'question' must be"),
        (json.dumps({"id": "b", "question": "Why?", "relevant": "d.txt"}), "'relevant' must be a list"),
        (json.dumps({"id": "b", "question": "Why?", "relevant": [{"doc": "d.txt"}]}), "relevant item 1"),
        (json.dumps({"id": "a1", "question": "Why?", "relevant": []}), "duplicate question id 'a1'"),
        (json.dumps(["a", "list"]), "expected a JSON object"),
    ],
)
def test_loader_errors_name_file_and_line(tmp_path, bad, message):
    path = write_lines(tmp_path / "qs.jsonl", [GOOD, "", bad])
    with pytest.raises(QuestionSetError) as err:
        load_questions(path)
    assert f"{path}:3: " in str(err.value) and message in str(err.value)
    assert err.value.exit_code == ExitCode.USAGE


def test_loader_empty_and_missing_files(tmp_path):
    with pytest.raises(QuestionSetError, match="holds no questions"):
        load_questions(write_lines(tmp_path / "empty.jsonl", [""]))
    with pytest.raises(QuestionSetError, match="not found"):
        load_questions(tmp_path / "nope.jsonl")


# -- relevance and runs on the seeds (fake embedder) --------------------------------------------
def test_relevance_survives_whitespace_quotes_and_case(fake_index, tmp_path):
    # the seed text has curly quotes and original case; the gold quote here has neither
    path = write_lines(tmp_path / "qs.jsonl", [json.dumps({
        "id": "z", "question": "What did Zarif say about the US?",
        "relevant": [{"doc": "003_d56011ca44265691.txt", "quote": '"WE have not   invited them, and we are against'}]})])
    qrels, warnings = passage_qrels(fake_index, load_questions(path))
    assert qrels["z"] and not warnings
    for cid in qrels["z"]:
        i = next(i for i in range(fake_index.n_chunks) if fake_index.chunk(i).id == cid)
        assert "We have not invited them" in fake_index.chunk(i).text


def test_a_bare_quote_is_found_in_whichever_document_holds_it(fake_index, tmp_path):
    """A user's question set may give quotes without document ids: the same passages are relevant."""
    quote = '"WE have not   invited them, and we are against'
    with_doc = {"id": "z", "question": "What did Zarif say about the US?",
                "relevant": [{"doc": "003_d56011ca44265691.txt", "quote": quote}]}
    bare = dict(with_doc, relevant=[quote])
    path = write_lines(tmp_path / "qs.jsonl", [json.dumps(with_doc), json.dumps(dict(bare, id="y"))])
    qs = load_questions(path)
    assert qs[1].relevant[0].doc is None
    qrels, warnings = passage_qrels(fake_index, qs)
    assert qrels["y"] == qrels["z"] and qrels["z"] and not warnings
    lost = write_lines(tmp_path / "lost.jsonl", [json.dumps(dict(bare, relevant=["words in no document at all"]))])
    with pytest.raises(QAError, match="quote not found in any document"):
        passage_qrels(fake_index, load_questions(lost))
    for item in (7, None, ["a list"]):
        bad = write_lines(tmp_path / "bad.jsonl", [json.dumps(dict(bare, relevant=[item]))])
        with pytest.raises(QuestionSetError, match="or a quote"):
            load_questions(bad)


def test_gold_data_that_disagrees_with_the_index_is_an_error(fake_index, tmp_path):
    for rel, match in [({"doc": "nope.txt", "quote": "x"}, "not in the index"),
                       ({"doc": "003_d56011ca44265691.txt", "quote": "words nowhere in it"}, "quote not found")]:
        path = write_lines(tmp_path / "qs.jsonl", [json.dumps({"id": "z", "question": "Q?", "relevant": [rel]})])
        with pytest.raises(QAError, match=match):
            passage_qrels(fake_index, load_questions(path))


def test_fused_stored_runs_rank_exactly_like_search(fake_index):
    texts = {"a": "What did Zarif say about the US?", "b": "How many people were evacuated from Aleppo?"}
    stored = retriever_runs(fake_index, texts, 100)
    for config in (SearchConfig(), SearchConfig(fusion="rrf"), SearchConfig(mode="bm25"), SearchConfig(mode="dense"),
                   SearchConfig(dense_weight=0.3), SearchConfig(sentences=False), SearchConfig(dense_weight=1.0)):
        ranked = mode_run(stored, resolve(config, fake_index))  # no weight given: the corpus's own
        for qid, text in texts.items():
            assert [h.passage_no for h in search(fake_index, text, k=10, config=config)] == [i for i, _ in ranked[qid][:10]]


def test_default_search_weighs_each_dense_passage_by_its_best_stored_sentence(fake_index):
    from qa.search import SENTENCE_SHARE, fuse, sentence_run

    emb = FakeEmbedder()
    question = "How many people were evacuated from Aleppo?"
    qvec = emb.embed([question])[0]
    dense = fake_index.dense_top(qvec, 100)
    run = sentence_run(fake_index, dense, qvec)
    assert sorted(i for i, _s in run) == sorted(i for i, _s in dense)
    for p, score in run[:10]:  # the stored (int8) sentence rows against the sentences embedded now
        chunk = fake_index.chunk(p)
        text = fake_index.doc_text(fake_index.doc_idx(p))
        best = max(emb.embed([" ".join(text[s:e].split()) for s, e in chunk.sentences]) @ qvec)
        assert abs(score - best) < 0.02
    hits = search(fake_index, question, k=10)
    assert all("sentence" in h.ranks for h in hits if "dense" in h.ranks)
    runs = {"bm25": retriever_runs(fake_index, {"q": question}, 100, ("bm25",))["bm25"]["q"], "dense": dense}
    w = resolve(SearchConfig(), fake_index).dense_weight
    want = fuse({**runs, "sentence": run}, "convex", w, sentence_share=SENTENCE_SHARE)
    assert [h.passage_no for h in hits] == [i for i, _s in want[:10]]
    assert want[:10] != fuse(runs, "convex", w)[:10]  # the sentences change this question's ranking
    off = search(fake_index, question, k=10, config=SearchConfig(sentences=False))
    assert [h.passage_no for h in off] == [i for i, _s in fuse(runs, "convex", w)[:10]]


def test_question_report_and_answers_on_fake_index(fake_index, tmp_path):
    quote = "We have not invited them, and we are against their presence"
    path = write_lines(tmp_path / "qs.jsonl", [
        json.dumps({"id": "z", "question": quote, "relevant": [{"doc": "003_d56011ca44265691.txt", "quote": quote}]}),
        json.dumps({"id": "u", "question": "Quantum chromodynamics lattice gauge symmetry?", "relevant": []}),
    ])
    report, runs = evaluate_questions(fake_index, load_questions(path), k=20, labels=LABELS)
    assert [r.label for r in report.runs] == list(LABELS) and set(runs) == set(LABELS)
    bm25 = report.runs[0]
    assert bm25.judged == 1 and bm25.per_question[0].first_relevant == 1 and bm25.metrics["R@1"] == 1.0
    assert report.answers.answerable == 1 and report.answers.quote_in_answer == 1
    assert report.answers.unanswerable == 1 and report.answers.abstained_unanswerable == 1
    assert json.loads(json.dumps(report.to_dict()))["runs"][0]["label"] == "bm25"


# -- BEIR: a slice of SciFact -------------------------------------------------------------------
def scifact_slice(dest: Path, n_docs: int = 50) -> Path:
    with gzip.open(SCIFACT / "corpus.jsonl.gz", "rt", encoding="utf-8") as fh:
        docs = [json.loads(next(fh)) for _ in range(n_docs)]
    ids = {d["_id"] for d in docs}
    qrels = [ln.split("\t") for ln in (SCIFACT / "qrels" / "test.tsv").read_text().splitlines()[1:]]
    keep = [r for r in qrels if r[1] in ids]
    qids = {r[0] for r in keep}
    dest.mkdir(parents=True)
    (dest / "qrels").mkdir()
    with gzip.open(dest / "corpus.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(d) + "\n" for d in docs)
    (dest / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n" + "".join("\t".join(r) + "\n" for r in keep))
    with open(SCIFACT / "queries.jsonl", encoding="utf-8") as src, open(dest / "queries.jsonl", "w") as out:
        out.writelines(ln for ln in src if json.loads(ln)["_id"] in qids)
    return dest


@pytest.mark.skipif(not SCIFACT.is_dir(), reason="shared/beir/scifact is not beside the checkout")
def test_beir_slice_loads_caches_and_scores(tmp_path):
    from qa.evaluation.beir import beir_index, evaluate_beir, load_beir

    folder = scifact_slice(tmp_path / "scifact-mini")
    data = load_beir(folder)
    assert data.name == "scifact-mini" and 2 <= len(data.queries) == len(data.qrels)
    emb = FakeEmbedder()
    index = beir_index(data, tmp_path / "idx", embedder=emb, export_onnx=False)
    assert len(index.docs) == 50 and emb.texts_embedded == index.n_chunks + distinct_sentences(index)
    report, runs = evaluate_beir(index, data, k=20, labels=LABELS)
    for r in report.runs:
        assert r.judged == len(data.queries)
        assert all(0.0 <= v <= 1.0 for v in r.metrics.values()) and "R@20" in r.metrics
    for run in runs.values():  # documents, each once, best passage first
        assert all(len({d for d, _ in rows}) == len(rows) <= 20 for rows in run.values())
    assert report.runs[0].metrics["R@10"] >= 0.8  # BM25 finds SciFact's claims among 50 abstracts

    again = FakeEmbedder()
    beir_index(data, tmp_path / "idx", embedder=again, export_onnx=False)
    assert again.calls == 0  # cached: nothing re-embedded, nothing rebuilt

    with gzip.open(folder / "corpus.jsonl.gz", "at", encoding="utf-8") as fh:
        fh.write(json.dumps({"_id": "new1", "title": "A new abstract", "text": "Brand new findings. On mice."}) + "\n")
    grown = FakeEmbedder()
    index = beir_index(load_beir(folder), tmp_path / "idx", embedder=grown, export_onnx=False)
    assert len(index.docs) == 51  # incremental: only the new abstract and its sentences
    assert grown.texts_embedded == 1 + distinct_sentences(index, [index.docs.position["new1"]])

    # a cache written by a qa that embedded passages differently (titles) is rebuilt, not reused
    from qa.index.versions import read_manifest

    version, manifest = read_manifest(tmp_path / "idx")
    from qa.index.build_settings import INDEX_TEXT

    assert manifest["index_text"] == INDEX_TEXT
    from qa.evaluation.beir import up_to_date

    assert up_to_date(tmp_path / "idx", data.corpus, ChunkingConfig(), again.name)
    manifest["index_text"] = "title+chunk"
    from qa.index.versions import write_manifest

    write_manifest(version, manifest)
    assert not up_to_date(tmp_path / "idx", data.corpus, ChunkingConfig(), again.name)
    rebuilt = FakeEmbedder()
    index = beir_index(load_beir(folder), tmp_path / "idx", embedder=rebuilt, export_onnx=False)
    assert rebuilt.texts_embedded == index.n_chunks + distinct_sentences(index)  # everything re-embedded


def distinct_sentences(index, docs=None) -> int:
    """Distinct sentences of the index (or of some documents): each has a stored vector."""
    docs = range(len(index.docs)) if docs is None else docs
    return sum(len(index.doc_sentences(d)) for d in docs)


def test_beir_loader_errors(tmp_path):
    from qa.evaluation.beir import load_beir

    with pytest.raises(CorpusError, match="no corpus.jsonl"):
        load_beir(tmp_path)
    (tmp_path / "corpus.jsonl").write_text(json.dumps({"_id": "d1", "title": "", "text": "t"}) + "\n")
    with pytest.raises(CorpusError, match="qrels file not found"):
        load_beir(tmp_path)
    (tmp_path / "qrels").mkdir()
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\n")
    (tmp_path / "queries.jsonl").write_text(json.dumps({"_id": "q2", "text": "other"}) + "\n")
    with pytest.raises(CorpusError, match="judged queries are not in"):
        load_beir(tmp_path)
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1 d1 1\n")
    with pytest.raises(CorpusError, match=r"test.tsv:2: expected"):
        load_beir(tmp_path)


# -- the command line -------------------------------------------------------------------------


def test_cli_json_and_run_file(fake_index_dir, tmp_path, capsys, run_cli):
    run_file = tmp_path / "bm25.trec"
    code, out, _err = run_cli("eval", str(SEEDS / "questions.jsonl"), "--index-dir", str(fake_index_dir), "--mode",
                               "bm25", "--no-answers", "--json", "-q", "-k", "10", "--run-file", str(run_file))
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "questions" and data["runs"][0]["label"] == "bm25"
    assert set(data["runs"][0]["metrics"]) == {"R@1", "R@5", "R@10", "MRR@10", "nDCG@10"}
    lines = run_file.read_text().splitlines()
    per_question = {}
    for line in lines:
        qid, q0, _doc, rank, _score, tag = line.split()
        assert q0 == "Q0" and tag == "qa-bm25" and int(rank) == per_question.get(qid, 0) + 1
        per_question[qid] = int(rank)
    assert len(per_question) >= 92 and max(per_question.values()) == 10  # BM25 returns only matching passages


def test_cli_bad_question_file_is_one_line(tmp_path, capsys, run_cli):
    path = write_lines(tmp_path / "qs.jsonl", [GOOD, "{oops"])
    code, _out, err = run_cli("eval", str(path), "--index-dir", str(tmp_path / "none"), "-q")
    assert code == ExitCode.USAGE
    assert err.strip().count("\n") == 0 and f"{path}:2:" in err


def test_report_json_carries_the_confidence_calibration(fake_index, tmp_path):
    """Answers judged by answer strings are binned by their confidence; every answered question counts once."""
    from qa.evaluation import evaluate_questions, load_questions

    rows = [json.loads(line) for line in (SEEDS / "questions.jsonl").read_text().splitlines()]
    rows = [r for r in rows if r["kind"] != "who-said"][:10]  # a speaker's statements carry no confidence
    for r in rows:  # the gold quote's first words as the answer string
        r["answers"] = [" ".join(r["relevant"][0]["quote"].split()[:3])] if r["relevant"] else []
    path = write_lines(tmp_path / "qs.jsonl", [json.dumps(r) for r in rows])
    report, _runs = evaluate_questions(fake_index, load_questions(path), labels=["bm25"], answers=True)
    answers = json.loads(json.dumps(report.to_dict()))["answers"]
    answered = [r for r in answers["rows"] if not r["abstained"] and r["confidence"] is not None]
    cal = answers["calibration"]
    assert cal["answers"] == len(answered) > 0
    assert sum(b["count"] for b in cal["bins"]) == cal["answers"] and 0 <= cal["ece"] <= 1
    right = sum(bool(r["first"]) for r in answered if r["answerable"])
    assert round(sum((b["observed"] or 0) * b["count"] for b in cal["bins"])) == right
