"""Issue 26 on a fake-embedder index of the seeds: the build chooses the fusion, stores it, search
uses it, the interfaces report it, and an incremental build chooses as a full one."""

from __future__ import annotations

import json
import shutil

from qa.index.fusion_choice import GRID, METHOD
from qa.index.versions import read_manifest
from qa.search.retrieve import SearchConfig, search
from tests.conftest import SEEDS, build_fake, open_fake


def test_the_build_stores_a_choice_and_search_uses_it(fake_index_dir):
    choice = read_manifest(fake_index_dir)[1]["fusion"]
    assert choice["method"] == METHOD and choice["fusion"] == "convex" and choice["queries"] >= 20
    assert choice["dense_weight"] in GRID and set(choice["scores"]) == {f"{w:g}" for w in GRID}
    index = open_fake(fake_index_dir)
    q = "What did Zarif say about Russia's role in Syria?"
    default = [(h.passage_no, round(h.score, 9)) for h in search(index, q, k=10)]
    fixed = SearchConfig(dense_weight=choice["dense_weight"])
    given = [(h.passage_no, round(h.score, 9)) for h in search(index, q, k=10, config=fixed)]
    assert default == given


def test_an_incremental_build_chooses_as_a_full_one(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "questions.jsonl").unlink(missing_ok=True)
    held = corpus / "004_e3aeec2615f348da.txt"
    text = held.read_text(encoding="utf-8")
    held.unlink()
    build_fake(corpus, tmp_path / "inc")
    held.write_text(text, encoding="utf-8")
    report, _ = build_fake(corpus, tmp_path / "inc")
    assert report.added == 1 and not report.full_reason
    build_fake(corpus, tmp_path / "full")
    assert read_manifest(tmp_path / "inc")[1]["fusion"] == read_manifest(tmp_path / "full")[1]["fusion"]


def test_a_changed_file_changes_only_its_own_pseudo_questions(tmp_path):
    """The sample is drawn by document and place, so a rebuild after one file changed re-embeds only
    that file's pseudo-questions: the rest come from the live version's cache."""
    import numpy as np

    from qa.index.fusion_choice import QUERY_CACHE, read_query_cache
    from qa.index.ownership import current_version

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "questions.jsonl").unlink(missing_ok=True)
    build_fake(corpus, tmp_path / "idx")
    before = read_query_cache(tmp_path / "idx", read_manifest(tmp_path / "idx")[1])
    assert len(before) >= 20 and (current_version(tmp_path / "idx") / QUERY_CACHE).is_file()
    changed = corpus / "004_e3aeec2615f348da.txt"
    added = " ".join(f"The harbour committee met on day {i} and agreed on a new schedule for the ferries." for i in range(60))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n" + added + "\n", encoding="utf-8")
    report, _ = build_fake(corpus, tmp_path / "idx")
    assert report.changed == 1
    after = read_query_cache(tmp_path / "idx", read_manifest(tmp_path / "idx")[1])
    index = open_fake(tmp_path / "idx")
    doc = index.docs.position[changed.name]
    kept = set(before) & set(after)
    assert kept and len(kept) >= len(after) - len(index.doc_chunks(doc)) * 4
    for t in kept:  # the same text, the same vector: nothing re-embedded for it
        assert np.array_equal(before[t], after[t])


def test_known_pseudo_questions_need_no_encoder():
    import numpy as np

    from qa.index.fusion_choice import embed_queries

    class NoEncoder:
        def query_embedder(self):
            raise AssertionError("the encoder was loaded although every vector was known")

    cache = {"alpha beta gamma": np.ones(4, np.float32), "stale one": np.zeros(4, np.float32)}
    vecs = embed_queries(NoEncoder(), ["alpha beta gamma", "alpha beta gamma"], cache)
    assert vecs.shape == (2, 4) and set(cache) == {"alpha beta gamma"}  # what it keeps is what was asked


def test_docs_json_reports_the_choice(fake_index_dir, capsys):
    from qa.cli import main

    try:
        main(["docs", "--json", "--index-dir", str(fake_index_dir)])
    except SystemExit as exc:
        assert exc.code in (0, None)
    data = json.loads(capsys.readouterr().out)
    assert data["fusion"] == read_manifest(fake_index_dir)[1]["fusion"]


def test_eval_shows_every_ranker_with_the_corpus_choice(fake_index):
    from qa.evaluation import load_questions
    from qa.evaluation.runs import LABELS, evaluate_questions

    report, _runs = evaluate_questions(fake_index, load_questions(SEEDS / "questions.jsonl"), SearchConfig(),
                                       k=10, labels=LABELS, answers=False)
    assert [r.label for r in report.runs] == list(LABELS)
    by = {r.label: r for r in report.runs}
    assert by["hybrid-convex"].config["dense_weight"] == 0.6  # the fixed weight, beside the corpus's
    chosen = fake_index.manifest["fusion"]["dense_weight"]
    assert by["hybrid-corpus"].config["dense_weight"] == chosen
    # the default: the corpus's weight with the passages' best sentences (hybrid-corpus: without them)
    assert by["hybrid-sentence"].config["dense_weight"] == chosen and by["hybrid-sentence"].config["sentence_share"]
    assert by["hybrid-corpus"].config["sentence_share"] is None


def test_pseudo_questions_are_masked_sentences_of_the_passages_they_name(fake_index):
    from qa.index.fusion_choice import KEEP, MIN_WORDS, SAMPLE, pseudo_queries

    queries = pseudo_queries(fake_index)
    assert 20 <= len(queries) <= SAMPLE
    assert queries == pseudo_queries(fake_index)  # seeded by the corpus: the same every time
    assert len({q.text for q in queries}) > len(queries) * 0.9
    for q in queries:
        assert q.relevant
        words = q.text.split()
        for p in q.relevant:  # every named passage holds a sentence whose words the question keeps, in order
            text = fake_index.doc_text(fake_index.doc_idx(p))
            sentences = [text[s:e].split() for s, e in fake_index.chunk(p).sentences]
            assert any(len(s) >= MIN_WORDS and _in_order(words, s) and len(words) <= max(3, round(KEEP * len(s)))
                       for s in sentences)


def test_a_small_sample_is_the_head_of_a_larger_one(fake_index):
    from qa.index.fusion_choice import pseudo_queries

    assert pseudo_queries(fake_index, sample=50) == pseudo_queries(fake_index, sample=400)[:50]


def test_rarity_orders_words_by_their_passage_counts(fake_index):
    from qa.index.fusion_choice import rarity

    assert rarity(fake_index, "the") == -fake_index.n_chunks  # a stop word: the commonest
    assert rarity(fake_index, "Zarif") > rarity(fake_index, "said")  # a name in a few passages, a verb in many
    assert rarity(fake_index, "Zarif") < 0


def _in_order(words, sentence) -> bool:
    it = iter(sentence)
    return all(any(w == s for s in it) for w in words)
