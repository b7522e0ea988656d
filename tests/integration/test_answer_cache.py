"""Who-said statements are found once per (document, speaker) on a loaded index, and the kept
lists are exactly what finding them afresh gives."""

from qa.answer.attribution import speaker_from, statements
from qa.answer import answer
from qa.answer.who_said import doc_statements


def test_statements_are_kept_per_document_and_speaker(fake_index):
    speaker = speaker_from("Zarif")
    docs = [d for d in range(len(fake_index.docs.meta)) if "Zarif" in fake_index.doc_text(d)][:3]
    assert docs
    for d in docs:
        text = fake_index.doc_text(d)
        first = doc_statements(fake_index, d, text, speaker, {})
        assert first == statements(d, text, fake_index.doc_sentences(d), speaker)
        assert doc_statements(fake_index, d, text, speaker, {}) is first  # kept, not found again
    kept = fake_index.__dict__["_statements_cache"]
    assert all(key[0] in docs and key[1] == speaker.keys for key in kept)


def test_answers_do_not_change_once_statements_are_kept(fake_index):
    q = "What did Zarif say about Aleppo?"
    fake_index.__dict__.pop("_statements_cache", None)
    cold = answer(fake_index, q)
    warm = answer(fake_index, q)
    assert cold.text == warm.text and cold.citations == warm.citations

