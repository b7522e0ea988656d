"""The analysed question, on made-up questions: kinds, who-said, follow-ups, splits, the model file."""

from __future__ import annotations

import pytest

from qa.answer.analysis import KINDS, Said, code_in, code_terms, kind_of, said_of
from qa.answer.followup import rewrite


@pytest.mark.parametrize("question, kind", [
    ("How many bridges cross the river?", "number"),
    ("When was the mill built?", "date"),
    ("In which version of Quillpad did autosave appear?", "version"),
    ("Which release added the dark theme?", "version"),
    ("Where did the ferry sink?", "place"),
    ("Who founded the guild?", "person"),
    ("Why did the bakery close?", "reason"),
    ("How do I reset the router?", "manner"),
    ("What does XYZ stand for?", "acronym"),
    ("Is the museum open on Mondays?", "yes-no"),
    ("What colour is the flag?", "other"),
    ("What is the default timeout of the frobnicator?", "default"),
    ("Is compression on by default in Quillpad?", "default"),
])
def test_question_kinds_are_declared_data(question, kind):
    assert kind_of(question).name == kind
    assert KINDS[-1].name == "other"


def test_a_default_question_asks_for_a_sentence_that_gives_a_default():
    kind = kind_of("Which port does the sprocket daemon listen on by default?")
    assert kind.name == "default"
    assert kind.gives.search("The daemon listens on port 7070 by default.")
    assert kind.gives.search("It defaults to 7070.")
    assert not kind.gives.search("The daemon listens on a port.")


def test_who_said_needs_a_speech_verb_or_according_to():
    assert said_of("What did Marlow say about the harbour?").speaker == "Marlow"
    assert said_of("What did Marlow say about the harbour?").topic == "harbour"
    assert said_of("According to Marlow, when will the harbour open?").speaker == "Marlow"
    assert said_of("How did Marlow describe the harbour?") is None  # no speech verb
    assert said_of("What did the engineers add to the pump?") is None  # "add to" is no speech
    assert said_of("What does %T mean in a prompt?") is None


@pytest.mark.parametrize("question, codes", [
    ("What is the default value of frob_limit?", ["frob_limit"]),
    ("What does --no-flush-dir do that -q does not?", ["--no-flush-dir", "-q"]),
    ("Which keys does quill.saveBuffer take, and what is in o.__quirks__?", ["quill.saveBuffer", "o.__quirks__"]),
    ("Is the U.S. version 2.1 of the e.g. x-ray tool state-of-the-art?", []),
])
def test_identifiers_and_options_are_found_as_written(question, codes):
    assert code_terms(question) == codes


def test_an_identifier_is_found_only_whole():
    assert code_in("Set frob_limit to 4.", "frob_limit") and code_in("FROB_LIMIT is read at start", "frob_limit")
    assert not code_in("autoquill_frob_limit defaults to -1", "frob_limit")
    assert not code_in("frob_limits are kept", "frob_limit") and not code_in("x.frob_limit", "frob_limit")
    assert code_in("delete it with -d.", "-d") and not code_in("delete it with -D.", "-d")
    assert not code_in("the --no-flush-dir-all switch", "--no-flush-dir")


def test_a_capitalised_word_of_a_name_is_no_speech_verb():
    """"State" in "the Quorp State" is a word of a name, not the verb "state"; in lower case it is a verb."""
    assert said_of("What did the Quorp State proclaim itself in 1911?") is None
    assert said_of("What does the Quorp State lack from its neighbours?") is None
    assert said_of("What did the Quorp State say about the river?") == Said("Quorp State", "river")
    assert said_of("What did Ivorsen state about the river?") == Said("Ivorsen", "river")
    assert said_of("WHAT DID IVORSEN SAY ABOUT THE RIVER?") == Said("ivorsen", "river")


def test_a_possessive_is_no_speaker():
    assert said_of("What did the Kingdom's estimated budget say about schools?") is None
    assert said_of("According to the report, what grew?") is None  # a document, not a speaker


def test_a_follow_up_is_rewritten_from_the_question_it_follows():
    history = ["What did Marlow say about the harbour?", "How do I enable the extglob option in the shell?"]
    out = rewrite("And what about nullglob?", history)
    assert "nullglob" in out and "Marlow" not in out


def test_and_what_about_asks_the_same_question_of_the_new_subject():
    assert rewrite("And what about grep?", ["What is sed?"]) == "What is grep?"
    assert rewrite("What about Orla?", ["Who was Marlow?"]) == "Who was Orla?"
    assert rewrite("And what about grep?", ["?"]) == "grep?"  # nothing to go on (was ": grep?")
    assert rewrite("And what about grep?", ["How does the pager pick its colours?"]) == \
        "How does the pager pick its colours: grep?"  # no rule fits: both kept, for the search


def test_splits_are_by_document_and_seeded():
    from qa.evaluation.splits import split_docs

    docs = [f"d{i}.txt" for i in range(10)]
    fit, report = split_docs(docs, seed=3)
    assert len(fit) == 5 and not set(fit) & set(report) and set(fit) | set(report) == set(docs)
    assert split_docs(list(reversed(docs)), seed=3) == (fit, report)  # the order given does not matter


def test_the_shipped_model_matches_the_features():
    from qa.answer.features import NAMES
    from qa.answer.question_features import QUESTION_NAMES
    from qa.answer.model import load_model

    m = load_model()
    assert m.candidate.names == NAMES and m.question.names == QUESTION_NAMES
    assert 0.0 <= m.abstain_below < m.low_confidence <= 1.0


def test_explain_lines_show_the_decision_and_the_candidates():
    from qa.answer import explain_lines as trace_lines

    trace = {"decision": "answered: answerable probability 0.80 >= abstention threshold 0.07; confidence 0.70",
             "kind": "date", "key_terms": [{"text": "Marlow", "kind": "name", "weight": 3.2}], "who_said": None,
             "candidates": [{"doc": "a.txt", "start": 3, "end": 40, "text": "The mill opened in 1820.",
                             "probability": 0.91, "features": {"dense": 0.5, "bm25": 1.0, "type_match": 1.0}}]}
    lines = trace_lines(trace)
    assert lines[0].startswith("why: answered")
    assert any("Marlow (name)" in line for line in lines)
    assert any("0.910" in line and "a.txt:3-40" in line and "type_match=1.00" in line for line in lines)
    assert "no trace" in trace_lines(None)[0]
