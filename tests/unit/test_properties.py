"""Property-based tests (hypothesis) for the chunker and the BM25 tokenizer."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qa.corpus.chunking import FOLD_WORDS, ChunkingConfig, chunk_document, document_units, pack
from qa.corpus.readers import Document
from qa.search.tokenize import code_tokens, normalize, raw_tokens, tokenize

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# pieces that stress the splitter and the offsets: newlines, quotes, no-break and odd spaces,
# abbreviations, ellipses, combining marks, emoji, right-to-left and CJK text
PIECES = [
    "\n", "\n\n", "\r\n", " ", "  ", "\t", "\u00a0", "\u202f", "\u2009", "\u200b", "\u3000",
    ".", "!", "?", "...", "\u2026", ",", ";", ":", "-", "\u2014", '"', "'", "\u201c", "\u201d",
    "\u2018", "\u2019", "\u00ab", "\u00bb", "(", ")", "U.S.", "Mr.", "Dr.", "e.g.", "No. 5",
    "Zarif", "said", "the", "talks", "Astana", "Iran", "Russia", "We have not invited them",
    "e\u0301", "\ufb01", "\U0001f642", "\u0638\u0631\u06cc\u0641", "\u4e2d\u6587", "\u05e9\u05dc\u05d5\u05dd",
    "ADVERTISEMENT", "Share this article", "photo.jpg", "1,000", "2.5", "\x00", "\x0b", "\x1c", "\u2028",
]
words = st.sampled_from(PIECES)
structured = st.lists(words, min_size=0, max_size=80).map("".join)
sentence = st.builds(
    lambda ws, end: " ".join(ws) + end,
    st.lists(st.sampled_from(["Zarif", "said", "that", "Iran", "Russia", "talks", "would", "continue",
                              "\u201cwe", "are", "against\u201d", "U.S.", "troops", "in", "Syria"]),
             min_size=3, max_size=25),
    st.sampled_from([".", "!", "?", ".\u201d", "...", ""]),
)
prose = st.lists(st.tuples(sentence, st.sampled_from([" ", "\n", "\n\n", "  \n"])), min_size=1, max_size=30).map(
    lambda parts: "".join(s + sep for s, sep in parts)
)
any_text = st.one_of(st.text(max_size=400), structured, prose)
configs = st.builds(ChunkingConfig, max_words=st.integers(1, 60), overlap=st.integers(0, 3))


def _doc(text: str) -> Document:
    return Document(id="d", title="T", text=text, source="d")


@SETTINGS
@given(any_text, configs)
@example("Zarif said \u201cwe are against it.\u201d\n\nADVERTISEMENT\n\nThe talks continue.", ChunkingConfig(5, 1))
@example("\u00a0\n\u00a0", ChunkingConfig())
@example("a." * 3000, ChunkingConfig(10, 2))
def test_chunks_are_exact_slices(text, cfg):
    chunks = chunk_document(_doc(text), cfg)
    for n, c in enumerate(chunks):
        assert c.id == f"d#{n}"
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text
        assert c.text == c.text.strip() and c.text  # no chunk starts or ends with whitespace
        assert c.sentences and c.sentences[0][0] == c.start and c.sentences[-1][1] == c.end
        for (s, e), nxt in zip(c.sentences, c.sentences[1:] + ((c.end, c.end),)):
            assert c.start <= s < e <= c.end and e <= nxt[0]  # in order, inside, not overlapping


@SETTINGS
@given(any_text, configs)
def test_every_sentence_is_in_a_chunk(text, cfg):
    runs = document_units(_doc(text))  # split_sentences as chunk_document calls it (a plain-text document)
    sentences = {s for run in runs for s in run}
    for s, e in sentences:
        assert 0 <= s < e <= len(text) and text[s:e].strip() == text[s:e]
    chunks = chunk_document(_doc(text), cfg)
    covered = {s for c in chunks for s in c.sentences}
    assert covered == sentences
    # chunks follow the text and never cross dropped boilerplate
    starts = [c.start for c in chunks]
    assert starts == sorted(starts)


@SETTINGS
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 3)), min_size=1, max_size=40), configs)
def test_packing_respects_the_size_and_the_overlap(shape, cfg):
    text, spans = "", []
    for n_words, _ in shape:
        start = len(text)
        text += " ".join(["w"] * n_words) + ". "
        spans.append((start, len(text) - 1))
    packs = pack(text, spans, cfg)
    assert {s for p in packs for s in p} == set(spans)
    for p in packs:
        n = sum(len(text[s:e].split()) for s, e in p)
        head = n - len(text[p[-1][0]:p[-1][1]].split())
        # a single long sentence may exceed it, and so may one after a title (a pack is never only a title)
        assert len(p) == 1 or n <= cfg.max_words or head < min(FOLD_WORDS, cfg.max_words // 2)
        assert p == sorted(p)
    for a, b in zip(packs, packs[1:]):
        assert b[0] > a[0]  # always moves forward (no endless loop)
        shared = len(set(a) & set(b))
        assert shared <= max(cfg.overlap, 0)


@SETTINGS
@given(any_text)
@example("U.S. and U.N. said us and un")
@example("\ufb01nancial \u2018quotes\u2019 \u00a0 e\u0301 \U0001f642")
def test_tokenizer_never_crashes_and_is_stable(text):
    toks = tokenize(text)
    assert all(isinstance(t, str) and t and not t.isspace() for t in toks)
    assert all(" " not in t for t in toks)
    assert tokenize(text) == toks  # deterministic
    assert tokenize(normalize(text)) == toks  # normalising first changes nothing
    assert len(raw_tokens(text)) + len(code_tokens(text)) >= len(toks)
    assert all(c in normalize(text) or c.casefold() in normalize(text).casefold() for c in code_tokens(text))


@SETTINGS
@given(st.lists(st.sampled_from(["U.S.", "US", "U.N.", "Russia's", "talks", "the", "us", "said", "\u201cwe\u201d"]),
                max_size=20))
def test_acronyms_survive_and_stop_words_go(ws):
    toks = tokenize(" ".join(ws))
    assert toks.count("US") == sum(w in ("U.S.", "US") for w in ws)
    assert toks.count("UN") == ws.count("U.N.")
    assert "the" not in toks and "us" not in toks


@SETTINGS
@given(st.text(max_size=300))
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(["iran", "russia", "US", "talk", "zarif", "\u00e9t\u00e9", "z", "a"]),
                                st.integers(1, 5), max_size=6), max_size=12),
       st.lists(st.booleans(), min_size=12, max_size=12))
def test_merged_term_counts_equal_counting_from_scratch(rows, kept):
    """An incremental build's term counts (old rows kept, new rows counted) equal a full count."""
    import numpy as np

    from qa.search.bm25 import TermCounts
    from qa.index.incremental import merge_counts

    # the old index had other rows where new ones now are: their terms ("stale") must disappear,
    # and new rows bring terms the old vocabulary never had
    old = TermCounts.from_counters([row if k else {"stale": 2} for row, k in zip(rows, kept)])
    src = []
    for i, row in enumerate(rows):
        if kept[i]:
            src.append(("old", i, i + 1))
        else:
            src.append(("new", [row]))
    merged = merge_counts(src, old)
    full = TermCounts.from_counters(rows)
    assert merged.vocab == full.vocab
    for a, b in ((merged.indptr, full.indptr), (merged.indices, full.indices), (merged.counts, full.counts)):
        assert np.array_equal(a, b) and a.dtype == b.dtype



@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(["iran", "russia", "US", "talk", "zarif", "\u00e9t\u00e9", "z", "a"]),
                                st.integers(1, 5), max_size=6), max_size=12),
       st.lists(st.booleans(), min_size=12, max_size=12), st.lists(st.integers(1, 3), min_size=12, max_size=12),
       st.booleans())
def test_term_counts_as_arrays_equal_counters(rows, kept, sizes, with_old):
    """A local build's term counts kept as id arrays per document (``TermIds``) merge into exactly
    what the documents' ``Counter``s merged into: full builds and incremental ones (old rows kept)."""
    from collections import Counter
    from types import SimpleNamespace

    import numpy as np

    from qa.index.incremental import TermIds, merge_counts
    from qa.search.bm25 import TermCounts

    docs, at = [], 0
    while at < len(rows):  # documents of 1-3 passages, kept (when there is an old index) or counted again
        docs.append((at, min(len(rows), at + sizes[len(docs)]), with_old and kept[len(docs)]))
        at = docs[-1][1]
    # the old index had other rows where new ones now are: their terms ("stale") must disappear
    old_tc = TermCounts.from_counters([row if keep else {"stale": 2} for lo, hi, keep in docs
                                       for row in rows[lo:hi]]) if with_old else None
    ids = TermIds(SimpleNamespace(_term_counts=old_tc) if with_old else None)
    arrays, counters = [], []
    for at, hi, keep in docs:
        if keep:
            arrays.append(("old", at, hi))
            counters.append(("old", at, hi))
        else:
            arrays.append(ids.row([Counter(r) for r in rows[at:hi]]))
            counters.append(("new", [Counter(r) for r in rows[at:hi]]))
    merged = merge_counts(arrays, old_tc, ids.terms())
    for want in (merge_counts(counters, old_tc), TermCounts.from_counters(rows)):
        assert merged.vocab == want.vocab
        for a, b in ((merged.indptr, want.indptr), (merged.indices, want.indices), (merged.counts, want.counts)):
            assert np.array_equal(a, b) and a.dtype == b.dtype

@given(st.from_regex(r"[a-z]{1,14}", fullmatch=True))
def test_american_spelling_is_stable(word):
    """Rewriting a British spelling once is enough: an American form is never rewritten again."""
    from qa.search.tokenize import american

    assert american(american(word)) == american(word)
