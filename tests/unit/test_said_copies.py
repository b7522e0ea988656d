"""Who-said claims: a statement reported in two documents is cited twice, one found again in a
copied file (the same text around it) once (qa.answer.said.group_claims, copied_in), on made-up text."""

from __future__ import annotations

from qa.answer.candidates import Candidate
from qa.answer.said import COPY_CONTEXT, copied_in, group_claims
from qa.corpus import Chunk
from qa.search import Hit

SAID = "Mayor Olsen said the bridge will reopen in May."
FILLER = " ".join(f"Item {n} of the council minutes was read and approved." for n in range(8))


class _Docs:
    """What copied_in reads of an index: each passage's document and the documents' texts."""

    def __init__(self, texts: list[str]):
        self.texts = texts

    def doc_idx(self, passage_no: int) -> int:
        return passage_no  # one passage a document here

    def doc_text(self, d: int) -> str:
        return self.texts[d]


def _cands(texts: list[str], passage_starts: list[int]):
    out = []
    for no, (text, p0) in enumerate(zip(texts, passage_starts)):
        start = text.index(SAID)
        passage = text[p0:start + len(SAID) + 40]  # passages cut at different places in each copy
        chunk = Chunk(f"d{no}#0", f"d{no}.txt", p0, p0 + len(passage), passage)
        out.append(Candidate(Hit(passage_no=no, chunk=chunk, title="", score=0.9), start, start + len(SAID), SAID,
                             no, score=0.9 - 0.01 * no))
    return out


def test_a_second_report_is_cited_a_copy_is_not():
    original = FILLER + " " + SAID + " Traffic stays diverted until then. " + FILLER
    gazette = "Town gazette. " + SAID + " Shops on the quay welcomed the news. " + FILLER
    texts = [original, original, gazette]
    index = _Docs(texts)
    cands = _cands(texts, [0, len(FILLER) // 2, 0])
    claims = group_claims(cands, floor=0.1, copied=copied_in(index))
    assert [c.hit.chunk.doc for c in claims[0]] == ["d0.txt", "d2.txt"]
    # without the copy test, the copy is cited as a second report
    assert [c.hit.chunk.doc for c in group_claims(cands, floor=0.1)[0]] == ["d0.txt", "d1.txt", "d2.txt"]


def test_reflowed_copy_is_a_copy_and_other_surroundings_are_not():
    original = FILLER + " " + SAID + " Traffic stays diverted until then. " + FILLER
    reflowed = original.replace(". ", ".\n").replace("Item", "ITEM")
    elsewhere = FILLER.replace("council", "harbour") + " " + SAID + " Traffic stays diverted until then. " + FILLER
    copied = copied_in(_Docs([original, reflowed, elsewhere]))
    a, b, c = _cands([original, reflowed, elsewhere], [0, 0, 0])
    assert copied(a, b)
    assert not copied(a, c)  # the same sentence, other text within COPY_CONTEXT characters: a second report
    assert elsewhere.index(SAID) - elsewhere.index("harbour") < len(FILLER) and COPY_CONTEXT < len(FILLER)
