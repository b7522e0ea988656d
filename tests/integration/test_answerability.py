"""Issue 14: key terms and their support, abstaining with what was not found, stored sentence vectors,
speakers (several, lower case, publications, did-you-mean), short answers, answer-level evaluation."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from qa.answer.answerable import key_terms, supports, unsupported
from qa.answer.compose import answer
from qa.answer.names import did_you_mean, is_source, split_speakers
from qa.evaluation.answers import holds, judge, squad_normalise, summarise
from qa.evaluation.questionset import load_questions

from ..conftest import SEEDS


def kinds(index, q):
    return {(t.text, t.kind) for t in key_terms(index, q)}


def test_key_terms_are_names_numbers_and_negation(fake_index):
    # (not Zarif: since issue 26's passage layout he is in 14 of the seeds' 69 passages, over COMMON_SHARE)
    got = kinds(fake_index, "Why did Soleimani not meet Lavrov in 2016?")
    assert {("Soleimani", "name"), ("Lavrov", "name"), ("2016", "number"), ("not", "negation")} <= got
    assert not {t for t, k in got if t.lower() in ("why", "meet")}  # question words and ordinary words are not key
    # a name the corpus never uses is key; a lower-case word it never uses is not (paraphrase or typo)
    assert ("Tokyo", "name") in kinds(fake_index, "What is the population of Tokyo?")
    assert not [t for t in key_terms(fake_index, "What is the zyxwv of Aleppo?") if t.text == "zyxwv"]


def test_support_by_term_alias_word_form_and_number_word(fake_index):
    from qa.answer.answerable import KeyTerm
    from qa.search.aliases import aliases

    us = KeyTerm("US", ("US",), "name", aliases("US")[1:])
    assert supports(us, "Iran opposes the presence of the United States in Astana.") and not supports(us, "Tell us.")
    assert supports(KeyTerm("Germany", ("germani",), "name"), "the German invasion")  # one word's forms
    (n,) = [t for t in key_terms(fake_index, "Which 3 countries met in Moscow?") if t.text == "3"]
    assert supports(n, "The three countries met.") and not supports(n, "Two countries met.")
    neg = key_terms(fake_index, "What did Iran not accept?")[0]
    assert neg.kind == "negation" and supports(neg, "Iran did not accept it.") and not supports(neg, "Iran accepted it.")
    terms = key_terms(fake_index, "Who is Soleimani's counterpart in Moscow?")
    assert [t.text for t in unsupported(terms, ["Lavrov met him in Moscow."])] == ["Soleimani"]


def test_superlatives_are_key_terms(fake_index):
    terms = key_terms(fake_index, "What is the softest problem, and the least known one, of the latest interest?")
    assert {t.text for t in terms if t.kind == "superlative"} == {"softest", "least", "latest"}  # not "interest"
    (soft,) = [t for t in terms if t.text == "softest"]
    assert supports(soft, "the softest problem") and not supports(soft, "the hardest problem")


def test_digits_and_roman_numerals_and_world_wars(fake_index):
    from qa.answer.answerable import KeyTerm
    from qa.search.aliases import aliases

    one = KeyTerm("1", ("1",), "number")
    assert supports(one, "the MHC Class I receptor") and not supports(one, "Class II") and not supports(one, "I said")
    ww2 = KeyTerm("WWII", ("wwii",), "name", aliases("WWII")[1:])
    assert supports(ww2, "the largest uprising of the Second World War")


def test_whether_or_not_is_no_negation(fake_index):
    assert not [t for t in key_terms(fake_index, "Did Iran decide whether or not to attend?") if t.kind == "negation"]
    assert [t for t in key_terms(fake_index, "What did Iran not accept?") if t.kind == "negation"]


def test_a_negation_counts_only_in_the_answering_sentence(fake_index):
    """A sentence without a negation is not saved by a neighbour that has one (other key terms are)."""
    from qa.answer.answerable import NEGATION
    from qa.answer.choose import _supported
    from qa.answer.evidence import Candidate
    from qa.search import search

    neg = [t for t in key_terms(fake_index, "What did they not say?") if t.kind == "negation"]
    found = 0
    for hit in search(fake_index, "Iran Russia Turkey Syria talks", k=20):
        doc = fake_index.doc_text(fake_index.doc_idx(hit.passage_no))
        sents = hit.chunk.sentences
        for (s1, e1), (s2, e2) in zip(sents, sents[1:]):
            if NEGATION.search(doc[s2:e2]) and not NEGATION.search(doc[s1:e1]):
                cand = Candidate(hit, s1, e1, doc[s1:e1], 1.0)
                assert _supported(fake_index, cand, neg)[1] == neg  # the next sentence's "not" does not count
                assert _supported(fake_index, Candidate(hit, s2, e2, doc[s2:e2], 1.0), neg)[1] == []
                found += 1
    assert found


def test_month_names_are_not_key_terms(fake_index):
    # news dates a story by its day ("on Tuesday"): "the September ceasefire" must not need "September"
    assert not [t for t in key_terms(fake_index, "Who did Washington blame for the September ceasefire?")
                if t.text == "September"]


def test_a_typo_with_digits_is_no_number(fake_index):
    assert not [t for t in key_terms(fake_index, "Who led the school in the 2oth century?") if t.kind == "number"]
    assert [t.text for t in key_terms(fake_index, "What happened in the 1990s?") if t.kind == "number"] == ["1990s"]


def test_how_many_abstains_when_nothing_gives_that_number(fake_index):
    result = answer(fake_index, "How many Turkish soldiers died in al-Bab?")
    assert result.abstained and "\u201csoldiers died\u201d" in result.text
    result = answer(fake_index, "How many people were moved out of eastern Aleppo according to the Red Cross?")
    assert not result.abstained and "25,000 people" in result.text
    # sentences that hold the question's names but no number of people: no answer from elsewhere
    result = answer(fake_index, "How many people were killed by the cluster bombs in Misraba?")
    assert result.abstained and "\u201cpeople\u201d" in result.text


def test_what_supports_the_key_terms_is_quoted(fake_index):
    """Every key term of an answered question is in the quoted text of its first claim (the citations its
    line carries: the answering sentence, and what it refers to when that ends the passage before) or
    that document's title."""
    checked = 0
    for q in load_questions(SEEDS / "questions.jsonl"):
        result = answer(fake_index, q.question)
        if result.abstained or result.speaker:
            continue
        marks = {int(n) for n in re.findall(r"\[(\d+)\]", result.text.splitlines()[0])}
        first = [c for c in result.citations if c.n in marks]
        terms = key_terms(fake_index, result.searched_for)
        assert not unsupported(terms, [c.text for c in first] + [c.title for c in first]), q.question
        checked += 1
    assert checked > 40


def test_abstains_naming_what_the_corpus_does_not_say(fake_index):
    result = answer(fake_index, "What did the Tokyo government decide about Aleppo?")
    assert result.abstained and "Tokyo" in result.text
    assert result.citations  # the nearest passages are still listed
    assert result.to_dict()["did_you_mean"] == []


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


def test_answers_are_short_and_never_repeat_a_sentence(fake_index):
    for q in [json.loads(x)["question"] for x in (SEEDS / "questions.jsonl").read_text().splitlines() if x][:40]:
        result = answer(fake_index, q)
        spans = [(c.doc, c.start) for c in result.citations]
        assert len(spans) == len(set(spans)), q
        lines = result.text.splitlines()
        assert len(lines) == len(set(lines)), q
        if not result.abstained:
            assert re.search(r"\[1\]", lines[0])  # the first line is the answering sentence, cited first


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


def test_a_word_whose_opposite_the_sentence_says_is_not_supported(fake_index):
    """"unacceptable deal" does not answer a question about an "acceptable deal"; "not unacceptable",
    the word itself, or the opposite said of something else, do not contradict it."""
    (term,) = [t for t in key_terms(fake_index, "Why is the deal acceptable to Iran?") if t.kind == "polarity"]
    assert term.text == "acceptable" and "unacceptable" in term.alts
    assert not supports(term, "Tehran said the deal is unacceptable.")
    assert supports(term, "Tehran said the deal is not unacceptable.")  # a negated opposite agrees
    assert supports(term, "The deal is acceptable, not unacceptable.")
    assert supports(term, "The deal was signed; the weather was unacceptable.")  # the opposite of something else
    assert supports(term, "Iran signed the deal.")  # silent: other key terms decide
    # a contradiction is not repaired by a neighbouring sentence or the title that is silent
    assert unsupported([term], ["Tehran said the deal is unacceptable.", "Iran and the deal"]) == [term]
    # "inform" is no opposite of "form": the word without its prefix must be long
    assert not [t for t in key_terms(fake_index, "Who did Zarif inform?") if t.kind == "polarity"]


def test_ordinals_and_decades_and_named_phrases(fake_index):
    terms = key_terms(fake_index, "What happened in the 16th century after World War I?")
    (nth,) = [t for t in terms if t.text == "16th"]
    assert supports(nth, "in the 16th century") and supports(nth, "in the 16th-century work")
    assert not supports(nth, "in the 17th century")  # "th" alone is no support
    (ww1,) = [t for t in terms if t.kind == "phrase"]
    assert supports(ww1, "after the First World War") and supports(ww1, "after WWI")
    assert not supports(ww1, "after the Second World War") and not supports(ww1, "after World War II")
    (dec,) = [t for t in key_terms(fake_index, "What happened in the 1990s?") if t.kind == "number"]
    assert supports(dec, "In the 1990s, it grew.") and not supports(dec, "In the 1980s, it grew.")


def test_a_named_phrase_is_contradicted_by_another_of_its_kind(fake_index):
    terms = key_terms(fake_index, "What style is the St. John's Tower?")
    (swap,) = [t for t in terms if t.kind == "swap"]
    assert supports(swap, "St. John's Tower is gothic.") and supports(swap, "The tower is gothic.")
    assert not supports(swap, "St. John's Cathedral and the Gunpowder Tower are gothic.")
    # a neighbouring sentence that names another tower does not join the citation to support "Tower"
    assert unsupported([swap], ["St. John's Cathedral is gothic.", "The Gunpowder Tower is older."]) == [swap]


def test_an_acronym_the_corpus_never_uses_is_no_typo(fake_index):
    (flis,) = [t for t in key_terms(fake_index, "When was the SNSCX founded?") if t.text == "SNSCX"]
    assert not supports(flis, "The SNSC was founded in 1989.")  # one letter away, yet another acronym
    (zarif,) = [t for t in key_terms(fake_index, "When was Zarrif born?") if t.kind == "name"]
    assert supports(zarif, "Zarif was born in 1960.")  # a misspelt name still finds the corpus's spelling


def test_common_antonyms_contradict_the_same_thing(fake_index):
    terms = key_terms(fake_index, "When did the Syrian war end?")
    (end,) = [t for t in terms if t.kind == "polarity"]
    assert not supports(end, "The Syrian war beginning in 2011 shook the region.")
    assert supports(end, "The war began in 2011 and did not end.")  # the word itself
    # a pair the question says itself is no contradiction ("the ratio of men to women")
    assert not [t for t in key_terms(fake_index, "Did the war begin or end in 2011?") if t.kind == "polarity"]


def test_stop_words_with_opposites_are_polarity_words(fake_index):
    """ "the same set" is not "a different set"; "only some bodies" is not "all bodies"; "how many" asks."""
    def polar(q):
        return [t for t in key_terms(fake_index, q) if t.kind == "polarity"]

    (same,) = polar("What follows the same set of rules as scalars?")
    assert not supports(same, "Forces follow a different set of rules than scalars.")
    assert supports(same, "Forces follow the same set of rules as vectors.")
    (some,) = polar("Who realized that only some celestial bodies followed the laws?")
    assert not supports(some, "Newton realized that all celestial bodies followed the same laws.")
    assert supports(some, "All of them agreed that some celestial bodies followed the laws.")  # "some" itself
    assert not polar("How many ISIS fighters were killed?")  # "how many" is the question's frame
    assert not polar("Did some or all of the bodies follow the laws?")  # the pair is asked about


def test_a_negation_word_in_quotes_is_mentioned_not_said(fake_index):
    terms = key_terms(fake_index, "How is time not required to solve a problem calculated?")
    (neg,) = [t for t in terms if t.kind == "negation"]
    assert not supports(neg, 'It outputs the answer ("yes" or "no").')
    assert supports(neg, "The time is not required.")
    assert supports(neg, "It isn't required.")
