"""A passage whose text an earlier hit already has (a copied file, a notice repeated in every
document) is folded into that hit: the hits are distinct texts, and the copies are named."""

from __future__ import annotations

from qa.search import SearchConfig, search

from ..conftest import build_fake, open_fake

KEEPING = "".join(
    f"Rule {n} of the Varnholt lighthouse: the keeper checks the {part} at {hour} o'clock and writes "
    f"the state of the {part} in the log book kept beside the lamp room door. "
    + ("\n\n" if n % 3 == 2 else "")
    for n, (part, hour) in enumerate(zip(
        ("lamp", "wick", "lens", "fog bell", "oil tank", "stairs", "radio", "shutters", "clock"),
        (1, 2, 3, 4, 5, 6, 7, 8, 9))))
HARBOUR = ("The harbour master of Varnholt keeps the tide tables. Boats enter the harbour at high "
           "tide only. The pier lamp is green on the east side and red on the west side.\n\n")


def _corpus(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "keeping.txt").write_text("Lighthouse keeping\n\n" + KEEPING, encoding="utf-8")
    (folder / "keeping copy.txt").write_text("Lighthouse keeping\n\n" + KEEPING, encoding="utf-8")
    (folder / "harbour.txt").write_text("The harbour\n\n" + HARBOUR, encoding="utf-8")
    build_fake(folder, tmp_path / "index")
    return open_fake(tmp_path / "index")


def _key(hit) -> str:
    return _fold(hit.chunk.text)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def test_copies_fold_into_one_hit(tmp_path):
    index = _corpus(tmp_path)
    question = "When does the keeper check the wick of the lighthouse?"
    plain = search(index, question, k=10, config=SearchConfig(distinct=False))
    assert len({_key(h) for h in plain}) < len(plain), "the corpus must hold copied passages"
    hits = search(index, question, k=10)
    keys = [_key(h) for h in hits]
    assert len(keys) == len(set(keys))
    # every passage of the plain ranking is a hit or a named copy of a better-ranked hit with its text
    shown = {h.passage_no for h in hits} | {c for h in hits for c in h.copies}
    assert {h.passage_no for h in plain} <= shown
    for h in hits:
        for c in h.copies:
            assert _fold(index.chunk(c).text) == _key(h)
            assert c != h.passage_no
    # the order of the distinct texts is the plain ranking's order of first appearance
    first_seen = list(dict.fromkeys(_key(h) for h in plain))
    assert keys[:len(first_seen)] == first_seen[:len(keys)]
    copied = [h for h in hits if h.copies]
    assert copied and all(index.doc_idx(c) != index.doc_idx(h.passage_no) for h in copied for c in h.copies)


def test_k_distinct_hits_when_copies_take_ranks(tmp_path):
    index = _corpus(tmp_path)
    question = "What does the lighthouse keeper write in the log book?"
    distinct = {_key(h) for h in search(index, question, k=100, config=SearchConfig(distinct=False))}
    hits = search(index, question, k=3)
    assert len(distinct) > 3 and len(hits) == 3
    assert len({_key(h) for h in hits}) == len(hits)



def test_search_object_names_the_copies(tmp_path):
    """``qa search --json`` and ``/search`` list the documents that hold a hit's text too."""
    from qa.serve.service import search as search_object

    index = _corpus(tmp_path)
    found = search_object(index, "When does the keeper check the wick of the lighthouse?", k=5)
    rows = found["results"]
    assert len({_fold(r["text"]) for r in rows}) == len(rows)
    copied = [r for r in rows if r["copies"]]
    assert copied
    for r in copied:
        assert set(r["copies"]) | {r["doc"]} == {"keeping.txt", "keeping copy.txt"}


def test_eval_ranks_as_search_does(tmp_path):
    """``qa eval``'s retrieval figures rank what ``search`` returns: copies folded."""
    from qa.evaluation.questionset import Gold, Question
    from qa.evaluation.runs import evaluate_questions

    index = _corpus(tmp_path)
    text = "When does the keeper check the wick of the lighthouse?"
    q = Question("q1", text, (Gold("keeping.txt", "the keeper checks the wick at 2 o'clock"),))
    _report, runs = evaluate_questions(index, [q], k=5, labels=["hybrid-sentence"], answers=False)
    ranked = [cid for cid, _s in runs["hybrid-sentence"]["q1"]]
    hits = search(index, text, k=5)
    assert ranked == [h.chunk.id for h in hits]
    assert len({_fold(h.chunk.text) for h in hits}) == len(hits) == 5
