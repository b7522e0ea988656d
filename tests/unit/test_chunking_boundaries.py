"""Issue 26: no answer lost to a passage boundary, and no passage that is only a title (made-up text)."""

from __future__ import annotations

from qa.corpus.chunking import FOLD_WORDS, ChunkingConfig, chunk_document, is_boilerplate, split_sentences
from qa.corpus.readers import Document


def _chunks(text: str, **cfg):
    return chunk_document(Document("d.txt", "", text, "d.txt"), ChunkingConfig(**cfg))


def test_a_definition_lists_terms_stay_inside_the_passages():
    text = "\n\n".join(f"%{c}\n\nThe {w} of the widget, shown in the status bar." for c, w in
                       zip("ABCDEFGH", ["colour", "size", "weight", "owner", "price", "age", "shape", "mood"]))
    chunks = _chunks(text, max_words=40)
    assert len(split_sentences(text)) == 1  # the lone "%X" lines no longer cut the run
    for c, w in zip("BCDEFG", ["size", "weight", "owner", "price", "age", "shape"]):
        quote = f"%{c}\n\nThe {w} of the widget"
        assert any(quote in ch.text for ch in chunks), quote  # a passage holds the term with its text


def test_a_sentence_across_a_page_number_is_in_one_passage():
    body = " ".join(f"Sentence number {n} talks about the engine and its valves." for n in range(12))
    text = body + "\n\n17\n\n" + body.replace("engine", "boiler")
    chunks = _chunks(text, max_words=60, overlap=1)
    edge = "Sentence number 11 talks about the engine and its valves.\n\n17\n\nSentence number 0 talks about the boiler"
    assert any(edge in c.text for c in chunks)


def test_a_title_alone_between_junk_joins_its_neighbour():
    text = ("Summary 21 MAR 2020,\n\nShare this article\n\n"
            "The committee met on Tuesday and agreed the budget for the coming year after a long debate.")
    chunks = _chunks(text)
    assert len(chunks) == 1 and chunks[0].text.startswith("Summary 21 MAR 2020,")
    assert all(len(c.text.split()) >= FOLD_WORDS for c in chunks)


def test_a_title_before_a_long_sentence_is_not_a_passage_of_its_own():
    long = "The valve " + " ".join(["opens and closes"] * 50) + "."
    chunks = _chunks("Valve timing notes\n\n" + long, max_words=60)  # every piece of it is longer
    assert chunks[0].text.startswith("Valve timing notes") and len(chunks[0].sentences) >= 2
    assert all(len(c.text.split()) >= FOLD_WORDS for c in chunks)


def test_table_of_contents_lines_are_not_sentences():
    assert is_boilerplate("2 Simple manipulations; numbers and vectors . . . . . . . . 7")
    assert is_boilerplate("Using R interactively.......................12")
    assert not is_boilerplate("The results are shown in Table 2 and discussed in section 4.")
