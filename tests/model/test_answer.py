"""Answers: the Zarif question, exact citations on every question, merging, abstention, follow-ups."""

from __future__ import annotations

import json
import re

import pytest

from qa.answer.compose import answer
from qa.answer.followup import rewrite
from qa.answer.intent import parse
from qa.answer.evidence import same_claim

from ..conftest import SEEDS, ZARIF_QUOTE

QUESTIONS = [json.loads(line) for line in (SEEDS / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line]


def check_citations(index, result) -> None:
    """Every [n] resolves to citation n, every citation is used, every text is an exact slice."""
    marks = {int(n) for n in re.findall(r"\[(\d+)\]", result.text)}
    assert marks == {c.n for c in result.citations}
    assert [c.n for c in result.citations] == list(range(1, len(result.citations) + 1))
    for c in result.citations:
        text = index.doc_text(index.docs.position[c.doc])
        assert text[c.start : c.end] == c.text
        assert text[c.passage_start : c.passage_end] == c.passage
        assert c.passage_start <= c.start < c.end <= c.passage_end


@pytest.mark.model
def test_zarif_on_the_us_quotes_the_astana_article(real_index):
    result = answer(real_index, "What did Zarif say about the US?")
    assert not result.abstained
    first = result.citations[0]
    assert first.doc == "003_d56011ca44265691.txt"
    assert ZARIF_QUOTE in first.text and ZARIF_QUOTE in result.text
    assert "Zarif" in result.text.split("[1]")[0]  # the answer names the speaker
    check_citations(real_index, result)


@pytest.mark.model
def test_no_citation_is_ever_invented(real_index):
    """Walk every question of the seed set: every [n] is checked against the source text."""
    for q in QUESTIONS:
        check_citations(real_index, answer(real_index, q["question"]))


@pytest.mark.model
def test_repeated_statement_is_said_once_and_cited_from_every_article(real_index):
    result = answer(real_index, "What did Shamkhani say about the evacuation of militants in Aleppo?")
    check_citations(real_index, result)
    lines = [ln for ln in result.text.splitlines() if "prioritized the evacuation" in ln]
    assert len(lines) == 1, result.text
    cited = re.findall(r"\[(\d+)\]", lines[0])
    docs = {result.citations[int(n) - 1].doc[:3] for n in cited}
    assert docs == {"000", "001", "002"}


@pytest.mark.model
@pytest.mark.parametrize("question", ["What did Zarif say about China?", "What did Putin say about Iran's nuclear programme?",
                                      "What did Trump say about the Astana talks?"])
def test_abstains_when_the_corpus_does_not_answer(real_index, question):
    result = answer(real_index, question)
    assert result.abstained
    assert result.citations, "abstentions still list the nearest passages"
    check_citations(real_index, result)
    assert result.to_dict()["abstained"] is True


@pytest.mark.model
def test_who_said_with_pronoun_and_title(real_index):
    result = answer(real_index, "What did Shamkhani say about tensions in Syria?")
    assert "He said it may escalate tensions in Syria." in result.text
    assert "Ali Shamkhani: He said" in result.text  # the answer names who "he" is
    result = answer(real_index, "What did Zarif say about civilians leaving Aleppo?")
    assert "A large number of civilians have managed to leave" in result.text


@pytest.mark.model
def test_numeric_and_date_answers_hold_the_fact(real_index):
    assert "25,000" in answer(real_index, "How many people have been moved from eastern Aleppo?").text
    assert "September 19" in answer(real_index, "When did the US-Russia ceasefire expire?").text


@pytest.mark.model
def test_how_many_is_answered_when_the_text_names_the_counted_thing_with_another_word(real_index):
    fighters = answer(real_index, "How many ISIS fighters were killed by Turkish air and artillery strikes?")
    assert "killing 22 of the group’s terrorists" in fighters.text  # "killed" ties 22 to the fighters
    check_citations(real_index, fighters)
    bombs = answer(real_index, "How many people were killed by the cluster bombs in Misraba?")
    assert bombs.abstained  # "three cluster bombs" is a number of bombs


@pytest.mark.model
def test_acronym_is_answered_by_the_sentence_that_spells_it_out(real_index):
    result = answer(real_index, "What does IRGC stand for?")
    assert "Revolutionary Guards (IRGC)" in result.citations[0].text
    check_citations(real_index, result)


@pytest.mark.model
def test_where_is_not_answered_by_a_place_the_question_names(real_index):
    result = answer(real_index, "Where did the regime bomb a civil defense centre?")
    assert "al-Wa’er district of Homs" in result.citations[0].text


@pytest.mark.model
def test_follow_up_is_rewritten_and_shown(real_index):
    first = answer(real_index, "What did Zarif say about the US?")
    follow = answer(real_index, "And what about Russia?", history=[first.searched_for])
    assert follow.searched_for == "What did Zarif say about Russia?"
    assert follow.question == "And what about Russia?"
    assert follow.to_dict()["searched_for"] == "What did Zarif say about Russia?"
    check_citations(real_index, follow)


@pytest.mark.model
def test_same_question_same_answer(real_index):
    a = answer(real_index, "Why is Iran against US participation in Astana?")
    b = answer(real_index, "Why is Iran against US participation in Astana?")
    assert a.to_dict() == b.to_dict()


def test_follow_up_rules():
    h = ["What did Zarif say about the US?"]
    assert rewrite("And what about Russia?", h) == "What did Zarif say about Russia?"
    assert rewrite("What did he say about Russia?", h) == "What did Zarif say about Russia?"
    assert rewrite("And Lavrov?", h) == "What did Lavrov say about US?"
    h = ["What did Shamkhani say about the UN Security Council resolution?"]
    assert rewrite("Who else criticised the resolution?", h) == \
        "Who besides Shamkhani criticised the UN Security Council resolution?"
    assert rewrite("When was it adopted?", h) == "When was the UN Security Council resolution adopted?"
    assert rewrite("And from Kafraya?", ["How many people were moved from eastern Aleppo?"]) == \
        "How many people were moved from Kafraya?"
    assert rewrite("Who is Shamkhani?", h) == "Who is Shamkhani?"  # standalone: unchanged
    assert rewrite("And what about Russia?", []) == "And what about Russia?"
    # "And what did he say …" is a whole question (its pronoun resolved), not "And <topic>?"
    assert rewrite("And what did he say about Russia?", ["What did Zarif say about the US?"]) == \
        "And what did Zarif say about Russia?"
    # "the report" is no speaker ("report" is also a verb of speech): the follow-up keeps it whole
    assert parse("What did the report say about the US?").kind != "said"
    assert rewrite("And about Russia?", ["What did the report say about the US?"]) == \
        "What did the report say about Russia?"


def test_same_claim_merges_reworded_reports():
    a = "Ali Shamkhani said the resolution “prioritized the evacuation of militants in Aleppo over the safe exit of civilians”."
    b = ("Ali Shamkhani referred to the resolution and said the document prioritized the evacuation of militants in "
         "Aleppo over the safe exit of civilians in militant-held areas.")
    assert same_claim(a, b)
    assert not same_claim(a, "Shamkhani said the resolution ignored the role of the Assad regime.")


@pytest.mark.model
def test_a_second_claim_gives_another_date_not_the_same_one_again(real_index):
    result = answer(real_index, "Since when has Russia been bombing in Syria?")
    assert "since September 2015" in result.text
    assert not any("since 2011" in c.text and "March 2011" not in c.text for c in result.citations)


@pytest.mark.model
def test_a_sentence_that_refers_back_is_quoted_with_what_it_refers_to(real_index):
    """ "such crimes" refers back two sentences, to the villages the question names: both are quoted,
    as one exact slice, and "criticised" finds "criticized"."""
    result = answer(real_index, "Why was the UN resolution criticised over the Foua and Kefraya evacuation?")
    assert not result.abstained
    first = result.citations[0]
    assert "criticized for making no references to such crimes" in first.text
    assert "Foua and Kefraya" in first.text
    check_citations(real_index, result)


@pytest.mark.model
def test_abstains_when_no_sentence_on_it_gives_the_name_asked_for(real_index):
    result = answer(real_index, "What was the name of the Russian ambassador killed in Ankara?")
    assert result.abstained
    assert "never give the name of" in result.text


@pytest.mark.model
def test_what_a_sentence_refers_to_in_the_passage_before_is_cited_with_it(real_index):
    """ "It was their second phone discussion" is the answer; who "they" are ends the passage before, so
    it is cited from that passage, on the same line."""
    result = answer(real_index, "How many phone calls did Zarif and Lavrov have that week?")
    assert not result.abstained
    line = result.text.splitlines()[0]
    assert line.startswith("It was their second phone discussion in two days.")
    cited = [result.citations[int(n) - 1] for n in re.findall(r"\[(\d+)\]", line)]
    assert len(cited) == 2 and "Lavrov" in cited[1].text and "Zarif" in cited[1].text
    assert cited[1].passage_start < cited[0].passage_start  # the passage before; check_citations: each inside its own
    check_citations(real_index, result)


@pytest.mark.model
def test_a_colon_brings_the_block_it_introduces_up_to_the_next_attribution(real_index):
    result = answer(real_index, "What did the Turkish foreign ministry official tell journalists to expect from the Moscow meeting?")
    first = result.citations[0].text
    assert first.rstrip().endswith("chance to listen to each other.")
    assert "[The meeting] will be to understand the views" in first
    assert "The Russian Foreign Ministry said" not in result.text.splitlines()[0]
    check_citations(real_index, result)


def test_questions_that_ask_for_several_things():
    from qa.answer.choose import _several

    assert _several("Which foreign fighters did Iran bring to Syria?")
    assert _several("Which leaders did the Islamic extremists attack?")
    assert not _several("Which Syrian group does Moscow have ties with?")
    assert not _several("What hypothesis is associated with the class P?")
    assert not _several("What was the name of the ambassador?")


@pytest.mark.model
def test_a_question_asking_for_several_things_may_get_a_second_claim(real_index):
    result = answer(real_index, "Which foreign fighters did Iran bring to Syria to support Assad?")
    assert len(result.text.splitlines()) == 2
    assert "Iraqi and Afghan militia" in result.text
    check_citations(real_index, result)


@pytest.mark.model
def test_a_sentence_that_goes_on_with_an_event_is_supported_by_where_it_began(real_index):
    """ "three cluster bombs … in Misraba" repeats "cluster bomb" of the sentence two before it, which
    says "near Damascus": all three are quoted, and Misraba answers "where"."""
    result = answer(real_index, "Where were civilians hurt by cluster bombs near Damascus?")
    first = result.citations[0].text
    assert "near Damascus" in first and "civilian site in Misraba" in first
    check_citations(real_index, result)


@pytest.mark.model
def test_how_something_was_done_brings_the_sentence_that_says_how(real_index):
    """ "… the two sides appear to have co-operated over operations in and near Aleppo." says that, not
    how: the next sentence ("Ankara has stood aside while …") is quoted with it."""
    assert parse("How did Turkey and Russia cooperate over Aleppo after their reconciliation?").kind == "manner"
    result = answer(real_index, "How did Turkey and Russia cooperate over Aleppo after their reconciliation?")
    first = result.citations[0].text
    assert "co-operated over operations" in first and "Ankara has stood aside while" in first
    check_citations(real_index, result)
