"""MyST in Markdown (qa/corpus/myst.py): roles read as their content, directive fences by what their
body is (a toctree gives nothing, a note its prose, ``{eval-rst}`` its reStructuredText).  Made-up text."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.extracted import line_at
from qa.corpus.markdown import read_markdown
from qa.corpus.myst import CODE, NONE, PROSE, RST, directive, role_text

from .test_markdown_directives import check_offsets


def _line(ex, word: str) -> int:
    return line_at(ex.lines, ex.text, ex.text.index(word))


def test_roles_read_as_their_content():
    ex = read_markdown("# Tools\n\nRun {mod}`ensurepip` first, then {py:func}`~pkg.tools.fetch_all` and read\n"
                       "{ref}`the caching guide <caching-howto>`, {doc}`../cli/install` and {term}`!wheel`.\n", "t.md")
    assert ("Run ensurepip first, then fetch_all and read the caching guide, install and wheel."
            in ex.text.split("\n\n"))
    assert "{" not in ex.text and "`" not in ex.text and "caching-howto" not in ex.text


def test_a_role_over_two_lines_keeps_the_lines_after_it():
    ex = read_markdown("Intro line.\n\nSee {ref}`the long\nname <target>` for more,\nthen stop here.\n", "t.md")
    assert "See the long name for more, then stop here." in ex.text
    assert _line(ex, "name for") == 4 and _line(ex, "then stop") == 5


def test_braces_that_are_no_role_stay_as_written():
    ex = read_markdown("Use `${name}` and `` `${id}` `` in a template; x{y}`z` is not a role, nor $ {a}`b` "
                       "unclosed {c}`d.\n", "t.md")
    assert "${name}" in ex.text and "`${id}`" in ex.text
    assert "x{y}z" in ex.text  # after a letter: braces, then a code span
    assert "{c}`d." in ex.text  # no closing backtick: as written


def test_role_text_rules():
    assert role_text("Title <target>") == "Title"
    assert role_text("<only-target>") == "<only-target>"
    assert role_text("~a.b.c") == "c"
    assert role_text("!x") == "x"
    assert role_text("508", "pep") == "PEP 508" and role_text("8#naming", "pep") == "PEP 8#naming"
    assert role_text("9475", "issue") == "#9475" and role_text("2616", "rfc") == "RFC 2616"
    assert role_text("pep-508", "pep") == "pep-508"  # no number: as written
    assert role_text("../cli/pip_install", "doc") == "pip_install" and role_text("Install <../cli/x>", "doc") == "Install"


DOC = """# Guide

```{toctree}
:maxdepth: 2

install
usage
```

```{contents}
:local:
```

```{important}
Back up the store
before an upgrade.
```

```{py:function} fetch(url, retries=3)
Fetch one page.
```

```{eval-rst}
.. note:: Written in **reST** with :func:`fetch`.

Limits
------

Ten pages a second.
```

```{figure} shot.png
:alt: a window

The settings window.
```

```{shell-session}
$ tool --fetch
done
```
"""


def test_navigation_gives_no_text_and_prose_keeps_its_body():
    ex = read_markdown(DOC, "guide.md")
    assert "install" not in ex.text and "maxdepth" not in ex.text and ":local:" not in ex.text
    assert "Back up the store before an upgrade." in ex.text.split("\n\n")
    assert _line(ex, "Back up") == 15 and _line(ex, "before an") == 16
    assert "fetch(url, retries=3)\n\nFetch one page." in ex.text  # a signature line, then its prose


def test_eval_rst_is_read_as_restructuredtext_with_the_file_lines():
    ex = read_markdown(DOC, "guide.md")
    assert "Written in reST with fetch." in ex.text and "**" not in ex.text and ".. note" not in ex.text
    assert ("Limits" in [h for _at, h in ex.sections]) and ex.title == "Guide"
    assert _line(ex, "Written in") == 24 and _line(ex, "Limits") == 26 and _line(ex, "Ten pages") == 29


def test_a_figure_gives_its_caption_and_other_directives_stay_code():
    ex = read_markdown(DOC, "guide.md")
    assert "The settings window." in ex.text and "shot.png" not in ex.text and "a window" not in ex.text
    assert "$ tool --fetch\ndone" in ex.text  # an unknown directive: its lines kept


def test_colon_fences_hold_markdown():
    src = ("# Pumps\n\n:::{warning}\n:class: big\nThe pump **stops**\nat high tide.\n:::\n\n"
           "::::{toctree}\nintro\n::::\n\n::: tip\nA Pandoc div: *prose*.\n:::\n\n"
           ":::{mystery} arg\nStill Markdown,\nnot code.\n:::\n")
    ex = read_markdown(src, "p.md")
    assert ex.text.split("\n\n") == ["Pumps", "The pump stops at high tide.", "A Pandoc div: prose.",
                                      "Still Markdown, not code."]
    assert _line(ex, "The pump") == 5 and _line(ex, "at high") == 6 and _line(ex, "A Pandoc") == 14
    assert _line(ex, "not code") == 19


def test_directive_kinds():
    assert directive("{toctree}") == (NONE, "")
    assert directive("{Note}") == (PROSE, "")
    assert directive("{admonition} Read this") == (PROSE, "Read this")
    assert directive("{eval-rst}") == (RST, "")
    assert directive("{code-block} python") == (CODE, "python")
    assert directive("{c:macro} MAX") == (PROSE, "MAX")
    assert directive("python") is None and directive("") is None


_SHOWN_OTHERWISE = {"sup", "superscript", "pep", "rfc", "issue", "pr", "doc"}  # "10^9", "PEP 8", a path's name
_NAME = st.text(string.ascii_lowercase + ":-", min_size=1, max_size=12).filter(
    lambda s: s[0].isalpha() and s.rpartition(":")[2] not in _SHOWN_OTHERWISE)
_WORD = st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NAME, st.lists(_WORD, min_size=1, max_size=4), st.lists(_WORD, min_size=1, max_size=6))
def test_any_role_reads_as_its_content_in_a_sentence(name, inner, around):
    content = " ".join(inner)
    src = f"{' '.join(around)} {{{name}}}`{content}` {' '.join(around)}.\n"
    ex = read_markdown(src, "r.md")
    assert ex.text == f"{' '.join(around)} {content} {' '.join(around)}."


_PIECE = st.sampled_from(["{ref}`a <b>`", "{x}`", "`", "``", "{y}``c``", "\n", "word ", "${z}", "{", "}",
                          "```{toctree}\n", "```{eval-rst}\n", "```\n", "Head\n----\n", ".. note:: n\n",
                          ":::{note}\n", ":::\n", "::::{toctree}\n", "::::\n"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECE, max_size=30))
def test_myst_soup_never_crashes_and_sections_slice_exactly(pieces):
    check_offsets(read_markdown("".join(pieces), "x.md"))


def test_colon_fences_deeper_than_the_limit_keep_their_text():
    src = "".join(":" * (20 - i) + "{note}\n" for i in range(12)) + "deep words here\n" + "".join(
        ":" * (9 + i) + "\n" for i in range(12))
    assert "deep words here" in read_markdown(src, "deep.md").text


def test_many_roles_pair_their_backticks_and_roles_in_link_text():
    src = "{x}`a " * 3000 + "end {ref}`shown <t>` and [see {term}`wheel`](http://x) then {y}``z``.\n"
    text = read_markdown(src, "many.md").text
    assert text.startswith("a {x}a a {x}a ") and text.count("a {x}a") == 1500  # a role's content runs to the next "`"
    assert text.endswith("shown and see wheel then z.")
