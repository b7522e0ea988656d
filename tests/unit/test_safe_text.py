"""qa.safe_text: the one path by which document text, file names and ids reach a terminal."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.safe_text import is_unsafe, json_text, safe_line, safe_text, safe_text_with_offsets

TITLE = "\x1b]0;pwned title\x07"  # a document that would set the terminal's title
BIDI = "\u202e"


# -- the safe-text function ---------------------------------------------------------------------
def test_safe_text_shows_escapes_visibly():
    assert safe_text(f"a{TITLE}b") == "a\\x1b]0;pwned title\\x07b"
    assert safe_text("one\ntwo\tthree\r") == "one\ntwo\tthree\\r"
    assert safe_line("one\ntwo\tthree") == "one\\ntwo\\tthree"
    assert safe_line(f"{BIDI}abc\x9b\u2028") == "\\u202eabc\\x9b\\u2028"
    assert safe_line("\udcff.txt") == "\\udcff.txt"  # an undecodable file name byte: printable, not a crash
    assert safe_text("Zarif said, “yes” — AT&amp;T [1] 日本 👍🏽") == "Zarif said, “yes” — AT&amp;T [1] 日本 👍🏽"

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None)), st.booleans())
def test_safe_text_properties(text, multiline):
    out = safe_text(text, multiline=multiline)
    assert not any(is_unsafe(ch, multiline=multiline) for ch in out)
    assert safe_text(out, multiline=multiline) == out  # idempotent
    if text.isprintable():
        assert out == text  # printable text is never changed
    assert safe_line(text).count("\n") == 0

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec=None)), st.data())
def test_safe_text_offsets_map_spans(text, data):
    shown, offsets = safe_text_with_offsets(text)
    assert shown == safe_text(text) and len(offsets) == len(text) + 1 and offsets[-1] == len(shown)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert shown[offsets[a]:offsets[b]] == safe_text(text[a:b])  # a span of the text is the same span shown

@settings(max_examples=200, deadline=None)
@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(), kids, max_size=3),
                    max_leaves=8))
def test_json_text_keeps_the_exact_text(obj):
    for indent in (None, 1):
        raw = json_text(obj, indent=indent)
        assert json.loads(raw) == obj
        assert not any(is_unsafe(ch) for ch in raw)
