"""The answer pipeline on made-up documents (fake embedder): general rules, features, model, trace."""

from __future__ import annotations

import re

import numpy as np
import pytest

from ..conftest import build_fake, open_fake

DOCS = {
    "hepatitis_notes.md": "# Liver viruses\n\nHepatitis B virus (HBV) infects the liver of many people worldwide. "
                          "Vaccination against HBV has been available since 1982. The coronavirus family "
                          "includes SARS-CoV-2, which spreads through droplets.\n",
    "tooling/zgloop-manual.txt": "Installing the tool is simple. The following steps were developed:\n\n"
                                 "Download the archive and unpack it into your home folder.\n\n"
                                 "The patent license terminates when litigation is filed against a contributor.\n",
    "setup-guide.md": "# Setup\n\nThe quibble daemon reads its keys from the following file:\n\n"
                      "## Logging levels\n\nThe daemon logs warnings to the system journal by default.\n",
    "markets.txt": "The United Kingdom's estimated growth was two percent last year. Analysts said the "
                   "forecast was cautious. Prices of grain rose sharply in the spring because of the drought.\n",
}


@pytest.fixture(scope="module")
def made_up_index(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("made-up")
    for name, text in DOCS.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("made-up-index")
    build_fake(corpus, index_dir)
    return open_fake(index_dir)


def check_citations(index, result) -> None:
    marks = {int(n) for n in re.findall(r"\[(\d+)\]", result.text)}
    assert marks == {c.n for c in result.citations}
    for c in result.citations:
        text = index.doc_text(index.docs.position[c.doc])
        assert text[c.start : c.end] == c.text


def test_every_feature_is_documented_and_computed_for_every_candidate(made_up_index):
    from qa.answer.analysis import analyse
    from qa.answer.features import FEATURES, candidate_features
    from qa.answer.pipeline import candidates_step, embed_step, search_step
    from qa.search import SearchConfig

    q = analyse(made_up_index, "Why did prices of grain rise?")
    qvec = embed_step(made_up_index, q, SearchConfig())
    hits = search_step(made_up_index, q, qvec, SearchConfig(), 5, None)
    cands = candidates_step(made_up_index, q, hits)
    X = candidate_features(made_up_index, q, cands, hits, qvec)
    assert X.shape == (len(cands), len(FEATURES)) and len(cands) > 0
    assert all(f.doc for f in FEATURES) and len({f.name for f in FEATURES}) == len(FEATURES)
    assert np.isfinite(X).all()
    drought = next(i for i, c in enumerate(cands) if "drought" in c.text)
    from qa.answer.features import COL

    assert X[drought, COL["type_match"]] == 1.0  # "because of": a reason, asked for by "why"


def test_acronym_is_supported_by_its_expansion_found_in_the_corpus(made_up_index):
    from qa.answer.analysis import analyse
    from qa.answer.features import expansions
    from qa.answer.pipeline import embed_step, search_step
    from qa.search import SearchConfig

    q = analyse(made_up_index, "What does the HBV infect?")
    hits = search_step(made_up_index, q, embed_step(made_up_index, q, SearchConfig()), SearchConfig(), 5, None)
    assert "Hepatitis B virus" in expansions(made_up_index, q, hits, "HBV")


def test_acronym_matches_the_corpus_case(made_up_index):
    from qa.answer.analysis import analyse
    from qa.answer.features import key_support

    q = analyse(made_up_index, "How does SARS-COV-2 spread?")
    keys = [k for k in q.key_terms if "cov" in k.stems]
    assert keys, q.key_terms
    assert key_support(q, keys, [()] * len(keys), ["The coronavirus family includes SARS-CoV-2."]) == 1.0


def test_key_terms_are_supported_by_the_file_name(made_up_index):
    """A key term only in the document's file name ("zgloop") still supports its sentences."""
    from qa.answer.analysis import analyse
    from qa.answer.features import COL, candidate_features
    from qa.answer.pipeline import candidates_step, embed_step, search_step
    from qa.search import SearchConfig

    q = analyse(made_up_index, "When does the patent license of zgloop terminate?")
    assert any(k.text.lower() == "zgloop" for k in q.key_terms)
    qvec = embed_step(made_up_index, q, SearchConfig())
    hits = search_step(made_up_index, q, qvec, SearchConfig(), 5, None)
    cands = candidates_step(made_up_index, q, hits)
    X = candidate_features(made_up_index, q, cands, hits, qvec)
    i = next(i for i, c in enumerate(cands) if "litigation" in c.text)
    assert X[i, COL["keys_sentence"]] < 1.0 and X[i, COL["keys_meta"]] == 1.0


def test_the_word_of_how_long_is_no_key_term(made_up_index):
    """"How long" / "how often" ask for an amount: "long" and "often" (in no passage of this corpus, so
    rare by idf) are the question's phrase, not what it is about; "quibble" still is."""
    from qa.answer.analysis import analyse

    for question in ("How long does the quibble daemon wait?", "How often does the quibble daemon log?",
                     "how much grain did the quibble daemon log?"):
        q = analyse(made_up_index, question)
        texts = {k.text.lower() for k in q.key_terms}
        assert "quibble" in texts and not texts & {"long", "often", "much"}, q.key_terms
        assert q.kind.name == "number"
    assert "long" in {k.text for k in analyse(made_up_index, "Is the quibble daemon long?").key_terms}


def test_an_identifier_is_one_key_term_supported_only_whole(made_up_index):
    """"quibble_daemon_timeout" is one key term of kind code; its parts are none, and a sentence naming
    a longer identifier that ends with it does not support it."""
    from qa.answer.analysis import analyse
    from qa.answer.features import key_support

    q = analyse(made_up_index, "What is the default of quibble_timeout?")
    assert ("quibble_timeout", "code") in [(k.text, k.kind) for k in q.key_terms]
    assert not {k.text for k in q.key_terms} & {"quibble", "timeout"}
    keys, alts = [k for k in q.key_terms if k.kind == "code"], [()]
    assert key_support(q, keys, alts, ["The daemon_quibble_timeout defaults to 30 seconds."]) == 0.0
    assert key_support(q, keys, alts, ["The quibble timeout is long."]) == 0.0
    assert key_support(q, keys, alts, ["quibble_timeout defaults to 30 seconds."]) == 1.0


def lead_in_of(index, question: str, doc_suffix: str, opening: str):
    """``lead_in_step`` on the sentence of ``doc_suffix`` that starts with ``opening`` and ends in ':'
    (its document's text and the step's result)."""
    from qa.answer.analysis import analyse
    from qa.answer.candidates import Candidate
    from qa.answer.pipeline import lead_in_step, search_step
    from qa.search import SearchConfig

    q = analyse(index, question)
    hits = search_step(index, q, None, SearchConfig(mode="bm25"), 5, None)
    hit = next(h for h in hits if h.chunk.doc.endswith(doc_suffix))
    text = index.doc_text(index.docs.position[hit.chunk.doc])
    s = text.index(opening)
    e = text.index(":", s) + 1
    return text, lead_in_step(index, q, Candidate(hit, s, e, text[s:e], 0)), (s, e)


def test_a_lead_in_ending_in_a_colon_brings_the_next_sentence(made_up_index):
    text, out, _ = lead_in_of(made_up_index, "Which steps were developed?", "zgloop-manual.txt", "The following")
    assert out.text.startswith("The following steps") and "Download the archive" in out.text
    assert text[out.start : out.end] == out.text


def test_a_lead_in_never_brings_the_next_section_s_heading(made_up_index):
    text, out, (s, e) = lead_in_of(made_up_index, "Where does the quibble daemon read its keys from?",
                                   "setup-guide.md", "The quibble")
    assert out.text == text[s:e] and "Logging" not in out.text


def test_answers_cite_exact_slices_and_carry_confidence_and_trace(made_up_index):
    from qa.answer import answer

    result = answer(made_up_index, "Why did prices of grain rise?")
    check_citations(made_up_index, result)
    assert result.confidence is not None and 0.0 <= result.confidence <= 1.0
    d = result.to_dict()
    assert d["confidence"] == round(result.confidence, 4)
    assert d["trace"]["candidates"] and "features" in d["trace"]["candidates"][0]
    assert "threshold" in d["trace"]["decision"]


def test_a_possessive_is_no_speaker(made_up_index):
    from qa.answer import answer

    result = answer(made_up_index, "What was the United Kingdom's estimated growth, according to analysts?")
    assert "never quotes" not in result.text and "never mentions" not in result.text
    check_citations(made_up_index, result)


def test_every_rule_can_be_switched_off_and_citations_stay_exact(made_up_index):
    from qa.answer import RULES, answer

    for rule in RULES:
        check_citations(made_up_index, answer(made_up_index, "Which steps were developed?", off=frozenset({rule})))


def test_the_naive_baseline_returns_the_top_sentence_and_never_abstains(made_up_index):
    from qa.evaluation.naive import naive_answer

    a = naive_answer(made_up_index, "grain prices drought")
    assert not a.abstained and "drought" in a.text
    check_citations(made_up_index, a)


def test_the_naive_baseline_weighs_bm25_as_rank_bm25_does_whatever_qa_uses(made_up_index):
    """The yardstick does not move with qa's own BM25 parameters: its sentence BM25 is rank-bm25's
    BM25Okapi with that library's defaults."""
    from rank_bm25 import BM25Okapi

    from qa.evaluation.naive import SentenceIndex
    from qa.search import tokenize

    si = SentenceIndex(made_up_index)
    texts = [made_up_index.doc_text(d)[s:e] for d, s, e in si.keys]
    ref = BM25Okapi([tokenize(t) for t in texts])  # k1 1.5, b 0.75, epsilon 0.25
    for q in ("grain prices drought", "the winter harvest"):
        np.testing.assert_allclose(si.bm25.scores(tokenize(q)), ref.get_scores(tokenize(q)), rtol=1e-5, atol=1e-6)



def test_a_lead_in_that_ends_its_passage_is_quoted_with_the_next_passage(tmp_path):
    """Passages overlap by a sentence: a lead-in that ends one passage begins the next, and that one
    holds the sentence it brings (the citation then names it)."""
    from qa.answer.analysis import analyse
    from qa.answer.candidates import Candidate
    from qa.answer.pipeline import lead_in_step
    from qa.search import Hit

    filler = " ".join(f"The warehouse on dock {n} stores crates of {w} for the winter season." for n, w in
                      zip(range(1, 9), ["tin", "wool", "salt", "rope", "coal", "glass", "grain", "tea"]))
    text = (filler + " The quarterly audit checks these items:\n\n"
            "The seals on every crate, the ledger totals and the signatures of the two clerks on duty.\n")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "ledger.txt").write_text(text, encoding="utf-8")
    build_fake(tmp_path / "corpus", tmp_path / "index")
    index = open_fake(tmp_path / "index")
    s = text.index("The quarterly audit")
    e = text.index(":", s) + 1
    ends_here = [n for n in range(index.n_chunks) if index.chunk(n).end == e]
    assert ends_here, "the made-up text must end a passage with the lead-in"
    n = ends_here[0]
    hit = Hit(passage_no=n, chunk=index.chunk(n), title="ledger", score=1.0)
    q = analyse(index, "What does the quarterly audit check?")
    out = lead_in_step(index, q, Candidate(hit, s, e, text[s:e], 0))
    assert out.text == text[s:out.end] and "ledger totals" in out.text
    assert out.hit.passage_no == n + 1 and out.hit.chunk.start <= out.start and out.end <= out.hit.chunk.end


def test_a_lead_in_brings_the_whole_list_or_code_block_that_follows_and_no_more(tmp_path):
    """What follows a lead-in on lines of its own (a code block, a list) comes whole, up to the
    blank line after it; a lead-in before a paragraph still brings one sentence."""
    from qa.answer.analysis import analyse
    from qa.answer.candidates import Candidate
    from qa.answer.lead_in import lead_in_step
    from qa.search import Hit

    text = ("Building the kiln controller\n\nThe kiln controller needs a compiler and a make tool.\n\n"
            "To build the controller from source, run these commands:\n\n"
            "```\n./configure --with-kiln\nmake all\nsudo make install\n```\n\n"
            "After that, the controller starts at boot. Kiln owners report this about it:\n\n"
            "The controller is quiet in use. It is also cheap to run.\n")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "kiln.md").write_text(text, encoding="utf-8")
    build_fake(tmp_path / "corpus", tmp_path / "index")
    index = open_fake(tmp_path / "index")
    text = index.doc_text(0)  # as read: the code block's lines kept, the fences gone
    q = analyse(index, "How do I build the kiln controller?")

    def lead(opening):
        s = text.index(opening)
        e = text.index(":", s) + 1
        n = next(n for n in range(index.n_chunks) if index.chunk(n).start <= s and e <= index.chunk(n).end)
        hit = Hit(passage_no=n, chunk=index.chunk(n), title="kiln", score=1.0)
        return lead_in_step(index, q, Candidate(hit, s, e, text[s:e], 0))

    block = lead("To build")
    assert block.text == text[block.start:block.end]
    assert block.text.endswith("sudo make install") and "make all" in block.text and "After that" not in block.text
    assert block.hit.chunk.start <= block.start and block.end <= block.hit.chunk.end
    prose = lead("Kiln owners")  # a paragraph follows: its first sentence, as before
    assert prose.text.endswith("quiet in use.") and "cheap" not in prose.text


def test_a_lead_in_brings_at_most_run_lines_lines():
    from qa.answer.lead_in import RUN_LINES, introduced

    text = "Steps:\n" + "\n".join(f"step number {n}" for n in range(20)) + "\n"
    spans, at = [(0, 6)], 7
    for n in range(20):
        line = f"step number {n}"
        spans.append((at, at + len(line)))
        at += len(line) + 1
    ends = introduced(text, spans, 0, 6)
    assert len(ends) == RUN_LINES and ends[-1] == spans[RUN_LINES][1]


def test_a_copy_of_the_best_sentence_is_no_second_claim_the_next_one_is(tmp_path):
    """Two files hold the same sentence word for word (a copied README): an answer never quotes it
    twice; when the model can hardly tell the best from the next different sentence, that one is
    the second claim."""
    from dataclasses import replace

    import numpy as np

    from qa.answer.analysis import analyse
    from qa.answer.model import load_model
    from qa.answer.pipeline import Scored, candidates_step, second_step, search_step
    from qa.search import SearchConfig

    same = "The lighthouse keeper rings the harbour bell at dawn every morning."
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(f"Harbour notes\n\n{same} Boats wait for it.\n", encoding="utf-8")
    (tmp_path / "corpus" / "b.txt").write_text(f"Copied notes\n\n{same} Gulls answer the bell.\n", encoding="utf-8")
    for n, topic in enumerate(("wheat prices", "river floods", "school holidays", "road repairs")):
        (tmp_path / "corpus" / f"other{n}.txt").write_text(f"On {topic}\n\nThe council discussed {topic} on Monday.\n",
                                                          encoding="utf-8")
    build_fake(tmp_path / "corpus", tmp_path / "index")
    index = open_fake(tmp_path / "index")
    q = analyse(index, "When does the keeper ring the harbour bell?")
    hits = search_step(index, q, None, SearchConfig(mode="bm25"), 5, None)
    cands = candidates_step(index, q, hits)
    copies = [c for c in cands if c.text == same]
    other = next(c for c in cands if c.text != same)
    assert len(copies) == 2 and copies[0].hit.chunk.doc != copies[1].hit.chunk.doc
    model = replace(load_model(), second_within=0.8)
    ordered = [copies[0], copies[1], other]
    scored = Scored(ordered, np.zeros((3, 1)), np.array([0.50, 0.49, 0.45]), 0.5, 0.9)
    assert second_step(scored, copies[0], model) == other
    low = Scored(ordered, np.zeros((3, 1)), np.array([0.50, 0.49, 0.20]), 0.5, 0.9)
    assert second_step(low, copies[0], model) is None  # the next different one is too far below


def _with_other_notes(corpus, index_dir):
    """``corpus`` with six short notes on other things added (words rare enough to weigh), indexed with the
    fake embedder and opened."""
    for n, topic in enumerate(["kilns", "ferns", "sloops", "lutes", "drums", "moths"]):
        (corpus / f"{topic}.txt").write_text(f"Notes on {topic}, part {n}. The {topic} were sorted by hand.\n",
                                             encoding="utf-8")
    build_fake(corpus, index_dir)
    return open_fake(index_dir)


def test_a_speaker_is_named_by_the_whole_name_not_a_common_word(tmp_path):
    """"Small" of "Craig Small" is also an English word: only a passage writing the name counts as a
    mention, and the answer names the speaker as asked, never by the surname alone."""
    from qa.answer import answer

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "pumps.txt").write_text("Small pumps are quiet. A small pump draws little power from the mains.\n"
                                      "The large pumps need a separate circuit.\n", encoding="utf-8")
    (corpus / "credits.txt").write_text("The quorp tools are maintained by Craig Small since 2002.\n"
                                        "Patches go to the mailing list.\n", encoding="utf-8")
    index = _with_other_notes(corpus, tmp_path / "index")

    absent = answer(index, "What did Brenda Small say about pumps?")
    assert absent.abstained and "never mentions Brenda Small" in absent.text
    named = answer(index, "What did Craig Small say about the quorp tools?")
    assert named.abstained and "mentions Craig Small but never quotes them" in named.text
    # "according to X" with X never quoted asks a fact X is the source of: answered from the documents
    source = answer(index, "According to Craig Small, since when are the quorp tools maintained?")
    assert "never quotes" not in source.text and source.citations
    assert source.citations[0].doc == "credits.txt"


def test_according_to_a_speaker_quoted_on_something_else_is_answered_from_the_documents(tmp_path):
    """"What did X say about Y?" with X quoted only on other things is withheld; "According to X, …?" asks
    a fact X is the source of, and is answered from the documents as an ordinary question."""
    from qa.answer import answer

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "quorp.txt").write_text("The quorp tools were written by Ilse Varga in 2002.\n"
                                      "\"The pumps are far too loud,\" Ilse Varga said at the fair.\n"
                                      "The quorp tools store their settings in a single file.\n", encoding="utf-8")
    index = _with_other_notes(corpus, tmp_path / "index")

    said = answer(index, "What did Ilse Varga say about the settings file?")
    assert said.abstained and "quotes Ilse Varga, but not on" in said.text
    fact = answer(index, "According to Ilse Varga, where are the settings kept?")
    assert not fact.abstained and fact.speaker is None and "quotes Ilse Varga" not in fact.text
    check_citations(index, fact)


def _spans(text: str, parts: list[str]) -> list[tuple[int, int]]:
    out, at = [], 0
    for part in parts:
        i = text.index(part, at)
        out.append((i, i + len(part)))
        at = i + len(part)
    return out


def test_a_lead_in_s_code_block_goes_on_past_lines_of_only_punctuation():
    """A code block's "}" or a lone "'" line is no sentence: the run goes on past it, and a closing
    one comes with the block; a blank line still ends the run."""
    from qa.answer.lead_in import introduced

    text = "Put this in quorp.c:\nint main() {\n    if (x) {\n        go();\n    }\n    return 0;\n}\n\nThen build it."
    sents = _spans(text, ["Put this in quorp.c:", "int main() {", "if (x) {", "go();", "return 0;", "Then build it."])
    ends = introduced(text, sents, 0, sents[0][1])
    assert text[: ends[-1]].endswith("return 0;\n}") and "Then" not in text[: ends[-1]]
    quoted = "Set it so:\n\nsep='\n'\nquorp --sep=\"$sep\"\n\nThe end."
    sents = _spans(quoted, ["Set it so:", "sep='", "quorp --sep=\"$sep\"", "The end."])
    assert quoted[: introduced(quoted, sents, 0, sents[0][1])[-1]].endswith("quorp --sep=\"$sep\"")
