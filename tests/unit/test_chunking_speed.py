"""The faster chunking gives exactly the passages of the plain implementation (issues 17.6, 19).

* The sentence splitter (``qa.corpus.sentence_splitter``) against plain ``pysbd.Segmenter``.
* ``paragraph_spans`` against the former (quadratic) implementation, kept here as the reference.
* A fingerprint of every chunk (id, span, sentence spans) made by the former implementation on the
  seeds and on SciFact (frozen below; SciFact only where ../shared/beir/scifact exists).
* Hard-wrapped and punctuation-free text: same spans as the reference, exact slices, every word kept.
Speed itself is measured in bench/chunking.py (seconds per MB, prose vs hard-wrapped, same run).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.chunking import ChunkingConfig, paragraph_spans, chunk_document, is_boilerplate
from qa.corpus.readers import Document, load_corpus
from qa.corpus.sentence_splitter import segmenter

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SCIFACT = Path(os.environ.get("QA_BENCH_SCIFACT", Path(__file__).resolve().parents[3] / "shared/beir/scifact"))
# sha256 (first 16 hex) of repr((chunk.id, start, end, sentences)) over every chunk, documents in
# load order, made with the chunking of commit 27f19b8 (plain pysbd, quadratic paragraph spans);
# re-frozen in issue 28: a cut inside a token undone (17 of the first 3,000 SciFact abstracts), a
# "LABEL:" opener left out of its sentence (2 seed sentences), bibliography entries not units, a
# photo caption line no longer joined to the paragraph under it (1 seed sentence); and in issue 26:
# short lines no longer cut runs, title-only passages folded; and in issue 26's layout 4 (headings
# open passages, short lines with words are units, a character budget): 14 of the 70 seed passages new, SciFact unchanged.
# SciFact 13,157 -> 13,158 in session 18 (chunk LAYOUT 6): abstract 80109277, whose one paragraph the old
# junk rule dropped whole (it was in no passage), is now a passage; every other abstract is unchanged.
FROZEN = {"seeds": ("db73c92859903b3c", 70), "scifact": ("d39438c69e07d251", 13158)}


def _reference_paragraph_spans(text: str) -> list[tuple[int, int]]:
    """The implementation before issue 17.6 (re-reads the whole joined span for every line)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    cur_start = cur_end = None
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            if cur_start is not None:
                spans.append((cur_start, cur_end))
                cur_start = None
            continue
        lead = len(line) - len(line.lstrip())
        s, e = start + lead, start + len(line.rstrip())
        if cur_start is not None:
            last_line = text[cur_start:cur_end].rsplit("\n", 1)[-1]
            wrapped = len(last_line) >= 50 and not last_line.rstrip().endswith(
                (".", "!", "?", ":", '"', "\u201d", "'", "\u2019", ")"))
            if wrapped and stripped[:1].islower() or (wrapped and len(last_line) >= 60):
                cur_end = e
                continue
            spans.append((cur_start, cur_end))
        cur_start, cur_end = s, e
    if cur_start is not None:
        spans.append((cur_start, cur_end))
    return spans


def _fingerprint(docs) -> tuple[str, int]:
    h, n = hashlib.sha256(), 0
    for doc in docs:
        for c in chunk_document(doc):
            h.update(repr((c.id, c.start, c.end, c.sentences)).encode())
            n += 1
    return h.hexdigest()[:16], n


def test_seed_chunks_unchanged():
    assert _fingerprint(load_corpus(SEEDS)) == FROZEN["seeds"]


@pytest.mark.slow
@pytest.mark.skipif(not (SCIFACT / "corpus.jsonl.gz").exists(), reason="no SciFact copy here")
def test_scifact_chunks_unchanged():
    assert _fingerprint(load_corpus(SCIFACT / "corpus.jsonl.gz")) == FROZEN["scifact"]


# Words and marks that steer pysbd: abbreviations (with and without their period), list
# markers, numbers, quotes, parentheses, and the characters IGNORECASE folds onto ASCII letters.
_TOKENS = st.sampled_from([
    "Dr.", "dr", "Mr.", "e.g.", "i.e.", "U.S.", "al.", "et", "Fig.", "fig", "No.", "no", "vs.", "p.", "a.",
    "a", "b)", "(c)", "i.", "ii)", "1.", "2.", "3)", "10.", "3.5", "a.m.", "Inc.", "St.", "Jan.", "Ph.D.",
    "The", "we", "found", "cells", "It", "However", "?", "!", "...", ".", ",", ":", ";", '"', "'", "\u201c",
    "\u201d", "(", ")", "-", "\u2014", "\u017ft.", "\u212ag.", "\u0131.", "\u0130", "\u00e9t\u00e9.", "Dr\u017f.",
    # list markers and ellipses (the list-item and rule shortcuts), abbreviations inside longer words
    "b.", "c.", "iv.", "v.", "x)", "(ii)", "(iv)", "4.", "5)", "-2.", "\u20433.", ". . .", "\u2026", "....",
    "xfig.", "ph.d", "Mrs.", "co.", "no.12", "p.5", "in", "'s", "\u2019",
])
_SEPS = st.sampled_from([" ", " ", " ", "  ", "\n", "\t", "\r", "\u00a0", ""])


@st.composite
def _texts(draw) -> str:
    parts = draw(st.lists(st.tuples(_TOKENS, _SEPS), max_size=60))
    return "".join(t + s for t, s in parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts())
def test_splitter_equals_pysbd(text):
    import pysbd

    assert segmenter().segment(text) == pysbd.Segmenter(language="en", clean=False).segment(text)


# log lines and the like: the marks pysbd never reads (one sentence without running it), now and
# then one it does (".", ")", a quote, a line break, one of its placeholder symbols)
_LOG_CHARS = st.sampled_from(list("aAzZIiv019 \t,:;_/=+#@%&*~<>|^$`{}[]\\-") + ["US", "e", "g", "No", " I "])
_LOG_ODD = st.sampled_from([".", ")", "(", "'", '"', "!", "?", "\n", "\r", "\x0b", "\u2029", "\u00a0",
                            "\u222f", "\u266d", "\u2668", "&\u2702&", "\u0238", "\u0239", "\u3002", "\u2026",
                            " a) ", " b) ", " 1) ", " 2) ", " ii) ", " 1. ", " 2. "])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LOG_CHARS, max_size=40), st.lists(st.tuples(st.integers(0, 40), _LOG_ODD), max_size=3))
def test_splitter_equals_pysbd_on_lines_it_does_not_split(chars, odd):
    """Text of only marks no pysbd rule reads ("12:00:01 WARN job 32 started") is one sentence
    without running pysbd (``sentence_splitter._UNSPLIT``); with any other mark in it, pysbd runs."""
    import pysbd

    for at, mark in odd:
        chars.insert(min(at, len(chars)), mark)
    text = "".join(chars)
    assert segmenter().segment(text) == pysbd.Segmenter(language="en", clean=False).segment(text)


@pytest.mark.parametrize("text", ["12:00:01 WARN job 32 started", "  x = y; z\t", "a) one b) two", "1) one 2) two",
                                  "i) x ii) y", "1. one 2. two", "job done. next", "why? no", "x (1) y",
                                  "I said 'no' x"])
def test_splitter_equals_pysbd_on_log_lines(text):
    import pysbd

    assert segmenter().segment(text) == pysbd.Segmenter(language="en", clean=False).segment(text)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123", min_size=1, max_size=12)


@st.composite
def _wrapped(draw) -> str:
    """Hard-wrapped lines (40-90 columns) of words, often without any sentence end."""
    words = draw(st.lists(_WORD, min_size=1, max_size=400))
    width = draw(st.integers(40, 90))
    punct = draw(st.booleans())
    lines, line = [], ""
    for w in words:
        if punct and draw(st.integers(0, 15)) == 0:
            w += draw(st.sampled_from([".", ",", "?", ")", ":"]))
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = "" if draw(st.integers(0, 30)) else "\n"  # an occasional blank line
        line = f"{line} {w}" if line.strip() else f"{line}{w}"
    lines.append(line)
    indent = draw(st.sampled_from(["", " ", "  "]))
    return "\n".join(indent + ln for ln in lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_wrapped())
def test_hard_wrapped_text(text):
    assert paragraph_spans(text) == _reference_paragraph_spans(text)
    doc = Document(id="d", title="", source="d.txt", text=text)
    chunks = chunk_document(doc, ChunkingConfig(max_words=40))
    for c in chunks:
        assert text[c.start:c.end] == c.text
        assert all(c.start <= s < e <= c.end for s, e in c.sentences)
    kept = set("".join(text[s:e] + " " for c in chunks for s, e in c.sentences).split())
    wanted, seen = set(), set()  # every word of every paragraph that is not boilerplate nor a repeat
    for s, e in paragraph_spans(text):
        key = " ".join(text[s:e].split()).casefold()
        if not is_boilerplate(text[s:e]) and not (key in seen and len(key) < 300):
            wanted.update(text[s:e].split())
            seen.add(key)
    assert wanted <= kept


def test_long_unpunctuated_wrapped_paragraph_is_one_span():
    line = " ".join(["lorem ipsum dolor sit amet consectetur"] * 2)  # 77 columns, no sentence end
    text = "\n".join([line] * 20_000)  # 1.5 MB in one paragraph
    assert paragraph_spans(text) == [(0, len(text))]


def _reference_cap_words(text, start, end, limit, chars):
    """``units.cap_words`` before session 21: every match of each cut listed, then ``min`` over them."""
    from qa.corpus.units import CUTS

    piece = text[start:end]
    if len(piece.split()) <= limit and len(piece) <= chars:
        return [(start, end)]
    middle = len(piece) // 2
    for cut in CUTS:
        marks = [m for m in cut.finditer(piece) if 0 < m.start() and m.end() < len(piece)]
        if marks:
            m = min(marks, key=lambda m: abs(m.end() - middle))
            left_end = start + m.start() + (1 if piece[m.start()] in ";:," else 0)
            left = _reference_cap_words(text, start, left_end, limit, chars)
            right = _reference_cap_words(text, start + m.end(), end, limit, chars)
            if all(len(text[a:b].split()) for a, b in left + right):
                return left + right
    if len(piece) > chars:
        return [(at, min(at + chars, end)) for at in range(start, end, chars)]
    return [(start, end)]


_CLAUSE_TOKENS = st.sampled_from(["a", "bb", "ccc", "and", "or", "which", "x;", "y:", "z,", ";", ":", ",", "-"])
_CLAUSE_SEPS = st.sampled_from([" ", " ", "  ", "   ", "\n", "\n ", "\t", " \u00a0 ", ""])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_CLAUSE_TOKENS, _CLAUSE_SEPS), min_size=1, max_size=120),
       st.integers(0, 40), st.integers(1, 12), st.integers(4, 60))
def test_cap_words_cuts_where_it_cut_before(parts, near, limit, chars):
    """A long sentence (a 67 MB log read as one paragraph) is cut where listing every match gave, the
    scan started near the middle (``units.NEAR``, made small here so it is not the whole piece)."""
    from qa.corpus import units

    text = " " + "".join(t + s for t, s in parts)
    saved, units.NEAR = units.NEAR, near
    try:
        assert units.cap_words(text, 1, len(text), limit, chars) == _reference_cap_words(text, 1, len(text), limit,
                                                                                          chars)
    finally:
        units.NEAR = saved


def test_cap_words_scan_never_starts_inside_a_run_of_spaces():
    """Started inside "   " (before "bb"), the scan met a shorter run of spaces than a scan from the start."""
    from qa.corpus import units

    text = " ,\n bb x;\n z,\n and   bb   and \t "
    saved, units.NEAR = units.NEAR, 3
    try:
        assert units.cap_words(text, 1, len(text), 1, 18) == _reference_cap_words(text, 1, len(text), 1, 18)
    finally:
        units.NEAR = saved
