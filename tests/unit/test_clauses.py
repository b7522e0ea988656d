"""Quote only what answers: a long sentence's clauses that hold nothing of the question are left out."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings, strategies as st

from qa.answer.clauses import clauses, trim
from qa.search import tokenize

LONG_SENTENCE = ("When there is a choice between several appropriate measures the least onerous must be adopted, "
                 "and any disadvantage caused must not be disproportionate to the aims pursued by the law.")


@dataclass(frozen=True)
class Cand:
    start: int
    end: int
    text: str


def cut(text, question, fact=lambda t: True, offset=100):
    c = trim(Cand(offset, offset + len(text), text), set(tokenize(question)), fact)
    return c


def test_the_clause_that_answers_is_kept_and_the_rest_left_out():
    c = cut(LONG_SENTENCE, "Which measure is adopted when there is a choice between several measures?")
    assert c.text == "When there is a choice between several appropriate measures the least onerous must be adopted"
    assert (c.start, c.end) == (100, 100 + len(c.text))  # still an exact slice


def test_a_later_clause_loses_its_joining_word_and_keeps_the_full_stop():
    c = cut(LONG_SENTENCE, "What must a disadvantage not be disproportionate to?")
    assert c.text == "any disadvantage caused must not be disproportionate to the aims pursued by the law."
    assert LONG_SENTENCE[c.start - 100 : c.end - 100] == c.text


def test_lists_short_pieces_and_short_sentences_are_not_cut():
    listing = ("The plan points to enhanced transit infrastructure, possible shuttles open to the public, "
               "and park space which will also be publicly accessible to everybody in the surrounding area.")
    assert clauses(listing) == [(0, len(listing))]  # ", and" after a comma ends a list item
    aside = "Corliss, and later, poppet valve gears had separate admission and exhaust valves driven by cams."
    assert len(clauses(aside)) == 1
    short = "The court can interpret the Treaties; it cannot annul them."
    assert cut(short, "Who can interpret the Treaties?").text == short  # short sentences are quoted whole


def test_the_asked_for_fact_stays_even_in_a_clause_without_question_words():
    s = ("The campaign to overthrow the government was in the end unsuccessful for many reasons; "
         "the major group renounced violence in 2003, after years of fighting in the country.")
    c = cut(s, "When did the campaign to overthrow the government end?", fact=lambda t: "2003" in t)
    assert "2003" in c.text and c.text.startswith("The campaign")


@given(st.lists(st.sampled_from(["the law", "and", "but", ";", ",", "which", "measures", "adopted", "x y z", "."]),
                max_size=40))
@settings(max_examples=300)
def test_a_cut_is_always_an_exact_slice(words):
    text = " ".join(words)
    c = cut(text, "which measures were adopted")
    assert text[c.start - 100 : c.end - 100] == c.text
    assert c.text == text or any(ch.isalnum() for ch in c.text)  # a cut keeps words


def test_an_opening_phrase_goes_when_it_holds_nothing_asked_but_never_leaves_alone():
    s = ("During the divestment from South Africa movement in the late 1980s, student activists erected a "
         "symbolic shantytown on Harvard Yard and blockaded a speech given by the vice consul.")
    assert cut(s, "What did student activists erect on Harvard Yard?").text.startswith("student activists erected")
    s2 = ("When the electrons in a material are densely packed together, there are not enough lower energy "
          "quantum mechanical states for them all, so some of them must be in higher energy states.")
    kept = cut(s2, "What is needed to pack electrons densely together?").text
    assert kept.startswith("When the electrons") and "not enough lower energy" in kept  # the main clause stays
