"""Judging an answer's text: qa's own citation markers are not words, a document's quoted "[2]" is."""

from __future__ import annotations

from qa.answer import without_markers
from qa.evaluation.answers import answer_words, holds


def test_qa_markers_are_removed_and_a_document_s_own_are_kept():
    text = "The quorp manual [2] covers pumps. [1]\nThe nearest passages are [1], [2]."
    assert without_markers(text) == "The quorp manual [2] covers pumps.\nThe nearest passages are."


def test_a_gold_quoting_a_bracketed_number_is_found():
    assert holds("How to use quorp [2] describes the flags. [1]", ["quorp [2] describes"])
    assert not holds("How to use quorp describes the flags. [1]", ["quorp [2] describes"])


def test_markers_are_not_counted_as_words():
    assert answer_words("Pumps hum at night. [1][2]\nThey are quiet by day. [3]") == 9
