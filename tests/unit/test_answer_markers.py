"""qa's own citation markers against a "[n]" the document wrote itself (made-up text)."""

from __future__ import annotations

from qa.answer.cap import cap_citations
from qa.answer.compose import Answer, Citation
from qa.answer.markers import marker_spans, renumber
from qa.answer.said import merge

QUOTED = "The kiln guide [2] explains how to fire glaze."  # the document's own reference mark


def _cite(n: int, text: str = QUOTED, doc: str = "") -> Citation:
    return Citation(n, doc or f"d{n}.txt", "T", 0, len(text), text, 0.5, 0, len(text), text)


def test_only_the_markers_qa_wrote_are_markers():
    line = f"{QUOTED} [1][3]"
    assert [(line[s:e], n) for s, e, n in marker_spans(line)] == [("[1]", 1), ("[3]", 3)]
    assert marker_spans(QUOTED) == []  # a quoted "[2]" with no marker after it
    abstained = "The documents never mention kilns. The nearest passages are [1], [2]."
    assert [n for _s, _e, n in marker_spans(abstained)] == [1, 2]
    assert renumber(f"{QUOTED} [1]", lambda n: n + 4) == (f"{QUOTED} [5]", True)


def test_capping_the_sources_keeps_the_quoted_sentence_whole():
    answer = Answer("q", "q", f"{QUOTED} [1]\nThe glaze cures overnight. [2]", (_cite(1), _cite(2, "x")), False)
    capped = cap_citations(answer, 1)
    assert capped.text == f"{QUOTED} [1]"  # was "The kiln guide  explains …": the document misquoted
    assert [c.n for c in capped.citations] == [1]
    assert capped.citations[0].text in capped.text


def test_capping_an_abstention_keeps_its_wording():
    text = "The documents never mention kilns. The nearest passages are [1], [2], [3]."
    answer = Answer("q", "q", text, tuple(_cite(n, "x") for n in (1, 2, 3)), True)
    assert cap_citations(answer, 2).text == "The documents never mention kilns. The nearest passages are [1], [2]."
    assert cap_citations(answer, 1).text == "The documents never mention kilns. The nearest passage is [1]."


def test_merging_speakers_renumbers_only_qa_markers():
    a = Answer("q", "q", f"{QUOTED} [1]", (_cite(1),), False, speaker="Ana")
    b = Answer("q", "q", "Orla said the kiln was cold. [1]", (_cite(1, "Orla said the kiln was cold.", "orla.txt"),), False,
               speaker="Orla")
    merged = merge([a, b])
    assert merged.text == f"{QUOTED} [1]\nOrla said the kiln was cold. [2]"  # the quoted "[2]" untouched
    assert [c.n for c in merged.citations] == [1, 2]
