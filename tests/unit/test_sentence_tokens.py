"""Sentences never end inside a path, file name, version, URL or option (issue 28)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.chunking import split_sentences
from qa.corpus.sentence_splitter import glued_sentence_end, keep_tokens_whole


def _sentences(text: str) -> list[str]:
    return [text[s:e] for run in split_sentences(text) for s, e in run]


def test_paths_names_versions_urls_options_stay_whole():
    text = ("Put the line in ~/.config/zork/init.zork before you start. Then restart the shell. "
            "Grab release 4.10.2b from https://example.org/dl/v4.10/get.cgi?arch=x86.64 today. "
            "Run ./bootstrap.sh first. The flag --cache.dir=/var/tmp/q.d sets the cache. Done.")
    assert _sentences(text) == [
        "Put the line in ~/.config/zork/init.zork before you start.",
        "Then restart the shell.",
        "Grab release 4.10.2b from https://example.org/dl/v4.10/get.cgi?arch=x86.64 today.",
        "Run ./bootstrap.sh first.",
        "The flag --cache.dir=/var/tmp/q.d sets the cache.",
        "Done.",
    ]


def test_real_sentence_ends_are_kept():
    text = "Edit frob.cfg. Then run it. Is it done? Yes!"
    assert _sentences(text) == ["Edit frob.cfg.", "Then run it.", "Is it done?", "Yes!"]


def test_sentences_glued_without_a_space_stay_apart():
    text = "The rate was 54%.With a median of 15 months, most improved (XYZ).Methods were simple."
    assert _sentences(text) == ["The rate was 54%.", "With a median of 15 months, most improved (XYZ).",
                                "Methods were simple."]
    assert not glued_sentence_end("see java.util.", "Li")
    assert not glued_sentence_end("in ~/.", "Co")


def test_merge_only_where_no_space_between():
    text = "ab. cd.ef gh"
    assert keep_tokens_whole(text, [(0, 3), (4, 7), (7, 12)]) == [(0, 3), (4, 12)]


_TOKEN = st.text(alphabet="abcXYZ019./~-?!=:_%()", min_size=1, max_size=12)
_GAP = st.sampled_from([" ", "  ", "\n", ". ", "? ", " - "])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_TOKEN, _GAP), min_size=1, max_size=40))
def test_no_split_inside_a_token_without_spaces(parts):
    text = "".join(t + g for t, g in parts)
    for run in split_sentences(text):
        for s, e in run:
            if s and not text[s - 1].isspace():  # only two sentences glued: "word.Next"
                assert glued_sentence_end(text[:s], text[s:s + 2]), (text, text[s:e])
            if e < len(text) and not text[e].isspace():
                assert glued_sentence_end(text[:e], text[e:e + 2]), (text, text[s:e])


def test_a_sentence_over_80_words_is_cut_at_its_clauses():
    from qa.corpus.units import cap_words

    clause = "the keeper of the quorp engine shall maintain the pump and its valves in good order"
    text = "; ".join([clause] * 7) + "."  # 7 clauses of 16 words: 112 words
    sentences = _sentences(text)
    assert len(sentences) > 1 and all(len(s.split()) <= 80 for s in sentences)
    assert " ".join(sentences).split() == text.split()  # every word kept, in order
    assert all(text[a:b] for a, b in cap_words(text, 0, len(text)))
    assert cap_words("short one.", 0, 10) == [(0, 10)]


def test_what_the_splitter_leaves_out_at_the_end_is_kept():
    from qa.corpus.chunking import split_sentences

    for text in ("0 XX0Xa.?? ", "The keeper oils the pump every morning.??"):  # pysbd drops a final "??" after "."
        spans = [text[s:e] for run in split_sentences(text) for s, e in run]
        assert "".join(spans).replace(" ", "") == text.replace(" ", ""), (text, spans)
