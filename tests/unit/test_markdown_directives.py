"""MyST/Sphinx directives written as fences ("```{note}"): prose inside is read as Markdown (a wrapped
sentence stays one sentence), real code fences keep their lines.  Made-up text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.chunking import split_sentences
from qa.corpus.extracted import line_at
from qa.corpus.markdown import read_markdown

DOC = """# Caching

The store keeps answers.

```{note}
:class: tip
The cache holds every answer for a day unless the
operator shortens it with **--ttl**.
```

```{code-block} python
keep = 1
days = 2
```

```python
first = 1
second = 2
```

```{Warning}
A full disk stops the cache.
```

````{admonition} Read this first
```{tip}
Nested notes are read
as prose too.
```
````
"""


def _sentences(text: str) -> list[str]:
    return [text[a:b] for run in split_sentences(text) for a, b in run]


def test_a_note_directive_is_prose_one_sentence_without_markup_or_options():
    ex = read_markdown(DOC, "cache.md")
    sents = _sentences(ex.text)
    want = "The cache holds every answer for a day unless the operator shortens it with --ttl."
    assert want in sents
    assert ":class:" not in ex.text and "{note}" not in ex.text and "**" not in ex.text
    assert line_at(ex.lines, ex.text, ex.text.index("The cache holds")) == 7
    assert line_at(ex.lines, ex.text, ex.text.index("operator shortens")) == 8


def test_code_fences_and_code_directives_keep_their_lines():
    ex = read_markdown(DOC, "cache.md")
    assert "keep = 1\ndays = 2" in ex.text  # {code-block} is code, not prose
    assert "first = 1\nsecond = 2" in ex.text
    assert line_at(ex.lines, ex.text, ex.text.index("first = 1")) == 17


def test_admonition_title_nested_directives_and_case():
    ex = read_markdown(DOC, "cache.md")
    assert "A full disk stops the cache." in _sentences(ex.text)  # "{Warning}": any case
    assert "Read this first" in ex.text.split("\n\n")
    assert "Nested notes are read as prose too." in _sentences(ex.text)
    assert ex.title == "Caching"


def test_a_directive_deeper_than_the_limit_is_kept_as_text_not_lost():
    src = "".join("`" * (20 - i) + "{note}\n" for i in range(12)) + "deep words here\n" + "".join(
        "`" * (9 + i) + "\n" for i in range(12))
    ex = read_markdown(src, "deep.md")
    assert "deep words here" in ex.text


_PIECE = st.sampled_from(["```{note}\n", "```\n", "````{tip}\n", "````\n", ":class: x\n", "---\n",
                          "word and more\n", "\n", "# Head\n", "- item\n", "```{admonition} T\n"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECE, max_size=30))
def test_directive_soup_never_crashes_and_sections_slice_exactly(pieces):
    check_offsets(read_markdown("".join(pieces), "x.md"))


def check_offsets(ex) -> None:
    """Every section heading is an exact slice of the text; every line mark is inside it."""
    for at, heading in ex.sections:
        assert ex.text[at:at + len(heading)] == heading
    for at, line in ex.lines:
        assert 0 <= at <= len(ex.text) and line >= 1
