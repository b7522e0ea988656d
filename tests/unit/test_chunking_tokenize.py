"""Chunk offsets on every seed, sentence splitting, boilerplate, and the BM25 tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.corpus.chunking import ChunkingConfig, chunk_document, is_boilerplate, split_sentences
from qa.corpus.readers import Document, load_corpus
from qa.search.tokenize import fold, tokenize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed_docs():
    return list(load_corpus(SEEDS))


def test_seeds_are_the_shared_articles_byte_for_byte():
    if not SHARED.is_dir():
        pytest.skip("../shared/seeds not beside this checkout")
    for src in sorted(SHARED.glob("*.txt")):
        assert (SEEDS / src.name).read_bytes() == src.read_bytes()


def test_seed_corpus_reads_five_documents_with_headlines():
    docs = {d.id: d for d in seed_docs()}
    assert sorted(docs) == [p.name for p in sorted(SEEDS.glob("*.txt"))]
    assert docs["002_010941f5ae1e0e3a.txt"].title == "UN Aleppo Resolution an Infiltration Attempt"
    assert docs["003_d56011ca44265691.txt"].title == "Astana Talks: Why Iran and Russia differ on Syria?"
    assert docs["004_e3aeec2615f348da.txt"].title == "Iran Steps Up Efforts to Defuse Syria Conflict"
    # live blogs with no headline of their own: a caption and a promoted link are not titles
    assert docs["000_d17b9e679f9ab68b.txt"].title == "" and docs["001_5309791aa2b3fc1c.txt"].title == ""
    for d in docs.values():
        assert not d.title.startswith("PHOTO")
        assert d.text == (SEEDS / d.id).read_text(encoding="utf-8")  # original text kept


@pytest.mark.parametrize("text,title", [
    ("Iran Steps Up Efforts\n\nBody text follows here.", "Iran Steps Up Efforts"),
    ("LATEST\n\nTUESDAY FEATURE\n\nAnalysis: Why Peacekeepers Stayed Out\n\nJump to Original\n\nBody.", ""),
    ("RELATED\nOther Story About Something Else\n\nReal Story Title Here\nBody text.", "Real Story Title Here"),
    ("Some Promoted Story Headline\nRead more\n\nThe Actual Headline Is Here\nBody.", "The Actual Headline Is Here"),
    ("BREAKING NEWS\nMore Than 300 People Evacuated Today\nBody text.", "More Than 300 People Evacuated Today"),
    ("LATEST\n\nFEATURE\n\nHow Iran Kept Assad In Power\n\nBy A. Writer\nBody text.", "How Iran Kept Assad In Power"),
])
def test_headline_skips_promoted_links_to_other_articles(text, title):
    from qa.corpus.readers import headline

    assert headline(text) == title


@pytest.mark.parametrize("max_words", [30, 120, 400])
def test_chunk_offsets_slice_every_seed(max_words):
    for doc in seed_docs():
        chunks = chunk_document(doc, ChunkingConfig(max_words=max_words))
        assert chunks, doc.id
        for c in chunks:
            assert doc.text[c.start : c.end] == c.text
            assert c.doc == doc.id
            for s, e in c.sentences:
                assert c.start <= s < e <= c.end
                assert doc.text[s:e].strip() == doc.text[s:e]


def test_chunks_overlap_by_one_sentence_and_respect_size():
    doc = next(d for d in seed_docs() if d.id.startswith("003"))
    chunks = chunk_document(doc, ChunkingConfig(max_words=80, overlap=1))
    same_run = [(a, b) for a, b in zip(chunks, chunks[1:]) if b.start < a.end]
    assert same_run, "consecutive chunks share their boundary sentence"
    for a, b in same_run:
        assert a.sentences[-1] == b.sentences[0]
    for c in chunks:
        assert len(c.text.split()) <= 80 or len(c.sentences) == 1


def test_boilerplate_never_becomes_a_passage():
    texts = " ".join(c.text for d in seed_docs() for c in chunk_document(d))
    for junk in ("Add new comment", "Read our comment policy", "aleppo-removal-20-12-16", "al-waer-ambulance-19-12-16",
                 "Financialtribune.com", "Jump to Original"):
        assert junk not in texts
    assert is_boilerplate("aleppo-removal-2-20-12-16") and is_boilerplate("photo_123.jpg")
    assert not is_boilerplate("Shamkhani said the resolution ignored the role of the Assad regime.")


def test_zarif_quote_is_one_sentence():
    doc = next(d for d in seed_docs() if d.id.startswith("003"))
    sentences = [doc.text[s:e] for run in split_sentences(doc.text) for s, e in run]
    hit = [s for s in sentences if "We have not invited them" in s]
    assert len(hit) == 1 and hit[0].endswith("Tasnim news agency.")


def test_hard_wrapped_text_is_joined_into_sentences():
    text = ("The minister said the talks would continue next week in the capital, and that\n"
            "all parties had agreed to the agenda. Nobody objected.\n\nA new paragraph.")
    doc = Document("w.txt", "", text, "w.txt")
    spans = [text[s:e] for run in split_sentences(text) for s, e in run]
    assert spans[0].startswith("The minister said") and spans[0].endswith("agenda.")
    assert chunk_document(doc)[0].text.startswith("The minister")


def test_tokenizer_keeps_acronyms_apart_from_stop_words():
    assert "US" in tokenize("What did Zarif say about the US?")
    assert tokenize("the U.S. position") == tokenize("the US position")
    assert "UN" in tokenize("the U.N. resolution") and "UN" in tokenize("the UN resolution")
    assert "US" not in tokenize("let us talk") and "UN" not in tokenize("un deux trois")
    assert "IRGC" in tokenize("Iran’s IRGC")


def test_tokenizer_normalises_quotes_spaces_and_case():
    assert tokenize("Iran’s\u00a0“red line”") == tokenize("iran's \"Red Line\"")
    assert tokenize("resolutions") == tokenize("Resolution")
    assert fold("“Calm\u00a0and  peace”") == '"calm and peace"'


def test_british_and_american_spellings_match():
    from qa.search.tokenize import american, tokenize

    for british, us in [("centre", "center"), ("criticised", "criticized"), ("defence", "defense"),
                        ("colour", "color"), ("behaviour", "behavior"), ("theatre", "theater"), ("metres", "meters"),
                        ("analyse", "analyze"), ("catalogue", "catalog"), ("programme", "program"),
                        ("organisation", "organization"), ("favourite", "favorite"), ("centred", "centered"),
                        ("co-operated", "cooperated"), ("co-ordination", "coordination")]:
        assert tokenize(british) == tokenize(us), british
    for word in ("four", "hour", "your", "rise", "wise", "crisis", "genre", "fire", "timbre"):
        assert american(word) == word, word
    assert tokenize("timbre") != tokenize("timber")  # not another spelling of it
    # words spelt -ise in American English too keep matching their own forms
    for a, b in [("precise", "precisely"), ("surprise", "surprisingly"), ("advise", "advised"),
                 ("advertise", "advertisement"), ("decisive", "decision"), ("exercise", "exercises")]:
        assert tokenize(a) == tokenize(b), a
    assert american("four") == "four" and american("hour") == "hour"  # short words are no British forms
