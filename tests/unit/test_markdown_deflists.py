"""Markdown definition lists ("Term" / ": definition", MyST's and Pandoc's) and the MyST roles that
show more than their content ({sup}, {guilabel}, {menuselection}), read as the reST reader reads
the same markup.  Made-up text."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.extracted import line_at
from qa.corpus.markdown import read_markdown
from qa.corpus.myst import role_text, superscript
from qa.corpus.rst import read_rst

from .test_markdown_directives import check_offsets

DEFS = """# Where settings live

Settings are read from three places.

Shared
: In a "tool" folder of every path listed in
  `TOOL_DIRS`, for example {file}`/etc/tool/tool.conf`.

  Read before the others.

**Personal**
: {file}`$HOME/.tool.conf`

A term so long that nobody would read it as the opening words of the sentence under it at all
: Its definition, a line of its own.

After the list.
"""


def test_a_short_term_opens_its_definition_and_the_list_is_lines():
    ex = read_markdown(DEFS, "settings.md")
    assert ex.text.split("\n\n")[2:] == [
        'Shared In a "tool" folder of every path listed in TOOL_DIRS, for example /etc/tool/tool.conf.\n'
        "Read before the others.\n"
        "Personal $HOME/.tool.conf\n"
        "A term so long that nobody would read it as the opening words of the sentence under it at all\n"
        "Its definition, a line of its own.",
        "After the list."]
    assert ": " not in ex.text.replace("Settings are", "")
    check_offsets(ex)


def test_the_terms_and_definitions_keep_their_lines():
    ex = read_markdown(DEFS, "settings.md")
    at = {w: line_at(ex.lines, ex.text, ex.text.index(w)) for w in ("Shared", "In a", "TOOL_DIRS", "Read before",
                                                                     "Personal", "$HOME", "Its definition")}
    assert at == {"Shared": 5, "In a": 6, "TOOL_DIRS": 7, "Read before": 9, "Personal": 11, "$HOME": 12,
                  "Its definition": 15}


def test_a_definition_list_reads_as_the_same_list_in_restructuredtext():
    md = read_markdown("Intro.\n\nalpha\n: The first letter.\n\nbeta\n: The second.\n\n  More on beta.\n", "g.md")
    rst = read_rst("Intro.\n\nalpha\n  The first letter.\n\nbeta\n  The second.\n\n  More on beta.\n")
    assert md.text == rst.text == "Intro.\n\nalpha The first letter.\nbeta The second.\nMore on beta."


def test_a_colon_line_without_a_term_right_above_stays_text():
    assert read_markdown(": opens the file\n", "r.md").text == ": opens the file"
    assert read_markdown("# Ratio\n: under a heading\n", "r.md").text == "Ratio\n\n: under a heading"
    # a page converted from a PDF, its icons lost: no term is taken across a blank line
    lost = "PG-9 : Parents cautioned.\n\n: Restricted to adults.\n\n: Not rated.\n"
    assert read_markdown(lost, "r.md").text == "PG-9 : Parents cautioned.\n\n: Restricted to adults.\n\n: Not rated."


_WORD = st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.lists(_WORD, min_size=1, max_size=14), st.lists(_WORD, min_size=1, max_size=6)),
                min_size=1, max_size=5))
def test_any_definition_list_keeps_every_word_once_in_order(items):
    src = "".join(f"{' '.join(term)}\n: {' '.join(body)}\n\n" for term, body in items)
    ex = read_markdown(src, "d.md")
    assert ex.text.split() == [w for term, body in items for w in (*term, *body)]
    assert ex.text.count("\n") == sum(1 if len(term) <= 12 else 2 for term, _ in items) - 1
    check_offsets(ex)


_SOUP = st.sampled_from(["term\n", ": def\n", "~ def\n", "\n", "  more\n", "- item\n", "```{note}\n", "```\n",
                         "{sup}`2`", "10{sup}`9`", "word ", "**b**\n", ": \n", "# H\n"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_SOUP, max_size=30))
def test_definition_soup_never_crashes_and_sections_slice_exactly(pieces):
    check_offsets(read_markdown("".join(pieces), "x.md"))


def test_superscripts_read_as_restructuredtext_reads_them():
    md = read_markdown("About 10{sup}`9` rows, 2 {sup}`n` ways, the 1{sup}`st` run, H{sub}`2`O and O(n){sup}`2`.\n",
                       "s.md")
    rst = read_rst("About 10\\ :sup:`9` rows, 2 :sup:`n` ways, the 1\\ :sup:`st` run, H\\ :sub:`2`\\ O and "
                   "O(n)\\ :sup:`2`.\n")
    assert md.text == rst.text == "About 10^9 rows, 2^n ways, the 1st run, H2O and O(n)^2."


def test_braces_after_a_word_are_a_role_only_for_super_and_subscripts():
    ex = read_markdown("a{x}`y` b{sup}`c` d{sub}`e`\n", "t.md")
    assert ex.text == "a{x}y b^c de"


def test_superscript_rule():
    assert superscript("10", "9") == ("10", "^9")
    assert superscript("is 10 ", "9") == ("is 10", "^9")
    assert superscript("the 2", "nd") == ("the 2", "nd")
    assert superscript("see: ", "1") == ("see: ", "1")  # after a sign: as written
    assert superscript("words ", "1") == ("words ", "1")  # a word, then a space: a footnote-like mark


def test_gui_labels_and_menus_in_myst_and_restructuredtext():
    assert role_text("&Cancel", "guilabel") == "Cancel"
    assert role_text("Save && &Quit", "guilabel") == "Save & Quit"
    assert role_text("A & B", "guilabel") == "A & B"  # "&" before a space: an "&"
    assert role_text("&File --> Save &As", "menuselection") == "File > Save As"
    assert role_text("a --> b", "doc") == "a --> b"  # only menus have steps
    md = read_markdown("Press {guilabel}`&Cancel`, or {menuselection}`&File --> &Open`.\n", "g.md")
    rst = read_rst("Press :guilabel:`&Cancel`, or :menuselection:`&File --> &Open`.\n")
    assert md.text == rst.text == "Press Cancel, or File > Open."
