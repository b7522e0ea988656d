"""Speaker attribution, question intents and topic aliases on small hand-written texts."""

from __future__ import annotations

import pytest

from qa.search.aliases import aliases, mentions
from qa.corpus.chunking import split_sentences
from qa.answer.analysis import kind_of, said_of
from qa.answer.attribution import fold_accents, full_name, speaker_from, statements


def said(text: str, who: str) -> list[str]:
    spans = [s for run in split_sentences(text) for s in run]
    return [st.text for st in statements(0, text, spans, speaker_from(who))]


def test_named_before_the_quote():
    text = "Zarif said that Iran would attend. The weather was cold."
    assert said(text, "Zarif") == ["Zarif said that Iran would attend."]


def test_named_before_a_colon_or_comma_quote():
    text = "Zarif declared, “Our cooperation led to positive results.” Others disagreed."
    assert said(text, "Zarif") == ["Zarif declared, “Our cooperation led to positive results.”"]


def test_named_after_the_quote_with_full_name_and_title():
    text = ("Iran opposed the plan. “We have not invited them,” Iranian Foreign Minister Mohammad Javad Zarif "
            "said on January 17.")
    out = said(text, "Zarif")
    assert len(out) == 1 and out[0].startswith("“We have not invited them")
    assert full_name(text, "Zarif") == "Mohammad Javad Zarif"


def test_a_ledes_unnamed_speaker_is_the_one_named_next():
    text = ("A high-ranking security official said the resolution is a cover for spies. "
            "Speaking in Tehran, Ali Shamkhani, the secretary of the Security Council, said the text was one-sided.")
    assert said(text, "Shamkhani") == [
        "A high-ranking security official said the resolution is a cover for spies.",
        "Speaking in Tehran, Ali Shamkhani, the secretary of the Security Council, said the text was one-sided."]
    # a description that is not a lede's subject stays unattributed, as does one the next speaker is not
    text = "The talks said little. Shamkhani said the text was one-sided."
    assert said(text, "Shamkhani") == ["Shamkhani said the text was one-sided."]
    text = "A Russian diplomat said the talks failed. Iran's Shamkhani said the text was one-sided."
    assert said(text, "Shamkhani") == ["Iran's Shamkhani said the text was one-sided."]


def test_inverted_said_name_after_quote():
    text = "“The regime is the source of the crisis,” said Maryam Rajavi, an opposition leader."
    assert len(said(text, "Rajavi")) == 1


def test_appositive_between_name_and_verb():
    text = "Ali Shamkhani, the secretary of Iran's Supreme National Security Council, said the resolution failed."
    assert len(said(text, "Shamkhani")) == 1


def test_pronoun_in_the_next_sentence():
    text = "Shamkhani said the resolution failed. He said it may escalate tensions. The talks ended."
    assert said(text, "Shamkhani") == ["Shamkhani said the resolution failed.", "He said it may escalate tensions."]


def test_pronoun_after_someone_else_spoke_is_not_attributed():
    text = "Shamkhani said the resolution failed. Lavrov said the talks went well. He said more talks would follow."
    assert said(text, "Shamkhani") == ["Shamkhani said the resolution failed."]


def test_title_reference_resolves_to_the_speaker():
    text = ("Foreign Minister Mohammad Javad Zarif met Lavrov. "
            "Referring to Aleppo, the Foreign Minister said, “Civilians have left the areas under siege.”")
    out = said(text, "Zarif")
    assert len(out) == 1 and "Civilians have left" in out[0]


def test_reported_mention_is_not_a_statement():
    text = "IRIB News reported an informed source as saying that Zarif has no plans to attend."
    assert said(text, "Zarif") == []


def test_accented_names_match_plain_questions():
    text = "Turkish Foreign Minister Mevlüt Çavuşoğlu noted that a ceasefire is important."
    assert len(said(text, "Cavusoglu")) == 1
    assert fold_accents("Çavuşoğlu") == "Cavusoglu" and len(fold_accents("Çavuşoğlu")) == len("Çavuşoğlu")


def test_colon_introduction_takes_the_quote_that_follows():
    text = "Lavrov criticised the West as he told reporters:\n\nWe hope to speak in concrete terms.\n\nOther news."
    out = said(text, "Lavrov")
    assert len(out) == 1 and out[0].endswith("We hope to speak in concrete terms.")


@pytest.mark.parametrize(
    "question, speaker, topic",
    [
        ("What did Zarif say about the US?", "Zarif", "US"),
        ("What did Shamkhani tell reporters about the resolution?", "Shamkhani", "resolution"),
        ("What did Lavrov claim about the West?", "Lavrov", "West"),
        ("What did Zarif declare on Aleppo?", "Zarif", "Aleppo"),
        ("According to Jim Phillips, what kept Assad in power?", "Jim Phillips", "what kept Assad in power"),
        ("What did Lavrov say?", "Lavrov", None),
    ],
)
def test_who_said_questions_are_recognised(question, speaker, topic):
    said = said_of(question)
    assert (said.speaker, said.topic) == (speaker, topic)


@pytest.mark.parametrize("question", ["How did Sleiman describe the events in Aleppo?",
                                      "What was Lavrov's view on the West?"])
def test_no_speech_verb_no_who_said_path(question):
    assert said_of(question) is None


@pytest.mark.parametrize(
    "question, kind",
    [("How many people were moved?", "number"), ("When did the ceasefire expire?", "date"),
     ("On which day was it adopted?", "date"), ("Where will they meet?", "place"),
     ("What does IRGC stand for?", "acronym"), ("Why did Iran object?", "reason")],
)
def test_question_kinds(question, kind):
    assert kind_of(question).name == kind


def test_aliases_of_the_us_and_un():
    us = aliases("the US")
    assert {"U.S.", "United States", "Washington", "America"} <= set(us)
    assert mentions("participation by the United States", us)
    assert mentions("the U.S. position", us) and mentions("officials in Washington", us)
    assert not mentions("let us go", us) and not mentions("a bus", us)
    un = aliases("UN")
    assert mentions("the United Nations Security Council", un) and not mentions("un jour", un)
    assert aliases("Moscow")[0] == "Moscow" and "Russia" in aliases("Moscow")


def test_topic_in_the_lead_in_is_not_what_was_said():
    from qa.answer.who_said import content_of

    s = "After Iran — along with Russia — imposed a siege, Zarif said he hoped “aid can reach the residents”."
    assert "Russia" not in content_of(s) and "aid can reach the residents" in content_of(s)
    assert "Moscow" in content_of('He said Moscow was Iran\'s "partner in the fight against terror."')


def test_a_speaker_s_name_words_leave_out_titles_and_honorifics():
    from qa.answer.attribution import name_words, names_speaker, speaker_from

    assert name_words(speaker_from("Craig Small")) == ("Craig", "Small")
    assert name_words(speaker_from("Mr. Craig Small")) == ("Craig", "Small")
    assert name_words(speaker_from("Foreign Minister Mohammad Zarif")) == ("Mohammad", "Zarif")
    small = speaker_from("Craig Small")
    assert names_speaker("Maintained by Craig Small since 2002.", small)
    assert not names_speaker("Small pumps are quiet; Craig likes them small.", speaker_from("Brenda Small"))
    assert not names_speaker("small pumps and craig's tools", small)  # not written as a name
