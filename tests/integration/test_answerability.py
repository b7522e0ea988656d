"""Names, stored sentence vectors and answer judging (the key-term rules went with issue 25)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from qa.answer import answer
from qa.answer.names import did_you_mean, is_source, split_speakers
from qa.evaluation.answers import holds, judge, squad_normalise, summarise
from qa.evaluation.questionset import load_questions

from ..conftest import SEEDS


def kinds(index, q):
    return {(t.text, t.kind) for t in key_terms(index, q)}


def test_did_you_mean_a_close_name_of_the_corpus(fake_index):
    assert "Zarif" in did_you_mean(fake_index, "Zarrif")
    assert did_you_mean(fake_index, "Zarif") == ()  # the corpus knows it: nothing to suggest
    result = answer(fake_index, "What did Zarrif say about the Untied States?")
    assert result.abstained and "Zarif" in result.did_you_mean
    assert "Did you mean Zarif?" in result.text and result.to_dict()["did_you_mean"] == list(result.did_you_mean)


def test_speaker_rules():
    assert split_speakers("Erdogan and Putin") == ["Erdogan", "Putin"]
    assert split_speakers("Lavrov, Zarif and Cavusoglu") == ["Lavrov", "Zarif", "Cavusoglu"]
    assert split_speakers("Zarif") == ["Zarif"]
    assert is_source("the Financial Tribune") and is_source("IRNA") and not is_source("Shamkhani")


def test_lower_case_and_unaccented_names_are_the_corpus_names(fake_index):
    a, b = answer(fake_index, "what did zarif say about aleppo?"), answer(fake_index, "What did Zarif say about Aleppo?")
    assert not a.abstained and a.speaker == b.speaker == "Mohammad Javad Zarif"
    assert a.citations[0] == b.citations[0]
    c = answer(fake_index, "What did Cavusoglu say?")  # the corpus writes Çavuşoğlu
    assert not c.abstained and "avu" in c.text


def test_stored_sentence_vectors_match_embedding_now(fake_index):
    from qa.index.sentences import vectors_for

    vecs = fake_index.sentence_vectors
    assert vecs is not None and vecs.shape == (len(fake_index.sentence_rows), fake_index.dim)
    rows = list(range(0, len(fake_index.sentence_rows), 37))
    texts = []
    for r in rows:  # the document a sentence row belongs to: the chunk whose rows hold it
        c = int(np.searchsorted(np.asarray(fake_index.chunk_rows[:, 4]), r, side="right"))
        s, e = (int(x) for x in fake_index.sentence_rows[r])
        texts.append(fake_index.doc_text(fake_index.doc_idx(c))[s:e])
    stored = vectors_for(fake_index, rows, texts)
    fresh = vectors_for(fake_index, [None] * len(rows), texts)
    # stored as int8 codes with a power-of-two scale: off by at most half a step, max|x| / 127
    assert np.all(np.abs(stored - fresh).max(axis=1) <= np.abs(fresh).max(axis=1) / 127 + 1e-6)


def test_old_index_without_sentence_vectors_still_answers_and_is_rebuilt(seed_copy, tmp_path):
    from ..conftest import build_fake, open_fake
    from qa.index.versions import read_manifest, write_manifest

    index_dir = tmp_path / "idx"
    build_fake(seed_copy, index_dir)
    version, manifest = read_manifest(index_dir)
    (version / "dense" / "sentences.npy").unlink()  # as an index from before sentence vectors
    del manifest["sentences"]
    manifest["files"].pop("dense/sentences.npy")
    write_manifest(version, {k: v for k, v in manifest.items() if k != "files"})
    old = open_fake(index_dir)
    assert old.sentence_vectors is None
    assert not answer(old, "What did Zarif say about the US?").abstained  # embeds the sentences it scores
    report, _ = build_fake(seed_copy, index_dir)
    assert report.full_reason == "sentence vectors changed" and open_fake(index_dir).sentence_vectors is not None


def test_squad_judging():
    assert squad_normalise("The  Second World-War!") == "second worldwar"
    assert holds("It was in September 1939. [1]", ["September 1939"])
    assert not holds("It was in 1939.", ["September 1939"])
    assert holds("the Commission's President [1]", ["Commission's President"])


def test_answer_report_figures(fake_index, tmp_path):
    from qa.answer.compose import Answer, Citation

    path = tmp_path / "q.jsonl"
    quote = "We have not invited them"
    path.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "question": "Q1?", "relevant": [{"doc": "003_d56011ca44265691.txt", "quote": quote}],
         "answers": ["not invited"], "kind": "answerable"},
        {"id": "u", "question": "Q2?", "relevant": [], "answers": [], "plausible_answers": ["Moscow"],
         "kind": "unanswerable"},
    ]), encoding="utf-8")
    qa_, qu = load_questions(path)
    cite = Citation(1, "d", "", 0, 5, "We have not invited them.", 1.0, 0, 5, "")
    good = Answer("Q1?", "Q1?", "We have not invited them. [1]", (cite,), False)
    wrong = Answer("Q2?", "Q2?", "They met in Moscow. [1]", (cite,), False)
    rep = summarise([judge(qa_, good), judge(qu, wrong)])
    assert (rep.answer_hit, rep.first_citation, rep.with_answers) == (1, 1, 1)
    assert rep.abstained_unanswerable == 0 and rep.distractor == 1 and rep.median_words == 4.5
    assert rep.figures()["unanswerable_abstained"] == 0.0 and rep.rows[1].distractor

