"""Markdown written for documentation sites (MkDocs/Material with PyMdown, Docusaurus/MDX) read as the
built page shows it: admonition and tab bodies as prose, their titles a line, no markers, icons,
attribute lists, snippet lines or ESM imports in the text.  Made-up text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.chunking import split_sentences
from qa.corpus.extracted import line_at
from qa.corpus.markdown import read_markdown
from qa.corpus.site_syntax import jsx_labels

from .test_markdown_directives import check_offsets

MKDOCS = """# Pruning { #pruning .big }

Cut the stems :material-content-cut: in spring, see [the guide][guide.pruning] and [Shears][].

!!! warning "Wear **gloves**"

    The sap of the fig tree irritates
    the skin of most people.

    - first point
    - second point

??? tip
    A collapsed hint that says water early.

=== "Clay soil"

    Clay soil holds water for a long time.

=== "Sand"

    ```
    sand = 2
    drain = fast
    ```

/// note | Ask the nursery
    type: info

Nurseries know which varieties grow locally.
///

--8<-- "includes/abbreviations.md"

*[UV]: Ultraviolet light

[Open the shop](shop.md){ .md-button .md-button--primary }
"""


def _sentences(text: str) -> list[str]:
    return [text[a:b] for run in split_sentences(text) for a, b in run]


def test_an_admonition_body_is_prose_and_its_title_a_line_of_its_own():
    ex = read_markdown(MKDOCS, "prune.md")
    assert "The sap of the fig tree irritates the skin of most people." in _sentences(ex.text)
    assert "Wear gloves" in ex.text.split("\n\n")
    assert "first point\nsecond point" in ex.text
    assert "A collapsed hint that says water early." in _sentences(ex.text)
    assert "!!!" not in ex.text and "???" not in ex.text and "tip" not in ex.text
    assert not any(ex.text[a:b].startswith("The sap") for a, b in ex.code)  # not an indented code block
    assert line_at(ex.lines, ex.text, ex.text.index("The sap")) == 7
    assert line_at(ex.lines, ex.text, ex.text.index("Wear gloves")) == 5
    assert line_at(ex.lines, ex.text, ex.text.index("second point")) == 11


def test_content_tabs_show_their_labels_and_bodies_code_kept_as_code():
    ex = read_markdown(MKDOCS, "prune.md")
    paragraphs = ex.text.split("\n\n")
    assert "Clay soil" in paragraphs and "Sand" in paragraphs
    assert "Clay soil holds water for a long time." in _sentences(ex.text)
    start = ex.text.index("sand = 2")
    assert "sand = 2\ndrain = fast" in ex.text and any(a <= start < b for a, b in ex.code)
    assert "===" not in ex.text


def test_a_pymdown_block_drops_its_options_and_closing_line():
    ex = read_markdown(MKDOCS, "prune.md")
    assert "Ask the nursery" in ex.text.split("\n\n")
    assert "Nurseries know which varieties grow locally." in _sentences(ex.text)
    assert "type: info" not in ex.text and "///" not in ex.text
    assert line_at(ex.lines, ex.text, ex.text.index("Nurseries")) == 30


def test_icons_attribute_lists_snippets_and_unresolved_references_read_as_the_page():
    ex = read_markdown(MKDOCS, "prune.md")
    assert ex.title == "Pruning" and ex.sections[0][1] == "Pruning"
    assert "Cut the stems in spring, see the guide and Shears." in _sentences(ex.text)
    assert "--8<--" not in ex.text and "includes/" not in ex.text
    assert "UV: Ultraviolet light" in ex.text.split("\n\n")
    assert "Open the shop" in ex.text.split("\n\n")
    assert "{" not in ex.text and ":material" not in ex.text


def test_blocks_nest_sit_in_quotes_and_list_items_and_an_unclosed_one_stays_text():
    src = ("/// details | Outer\n\nOuter words.\n\n/// note | Inner\nInner words.\n///\n\nAfter inner.\n///\n\n"
           "> /// tip | Quoted\n> Quoted words.\n> ///\n\n- item\n\n    /// warning | Listed\n    Listed words.\n"
           "    ///\n\n/// tip | Open\nnever closed\n")
    ex = read_markdown(src, "x.md")
    assert ex.text.split("\n\n") == ["Outer", "Outer words.", "Inner", "Inner words.", "After inner.", "Quoted",
                                     "Quoted words.", "item", "Listed", "Listed words.", "/// tip | Open never closed"]
    assert line_at(ex.lines, ex.text, ex.text.index("After inner")) == 9
    assert line_at(ex.lines, ex.text, ex.text.index("Listed words")) == 19
    assert line_at(ex.lines, ex.text, ex.text.index("Listed\n")) == 18


def test_a_mkdocstrings_line_and_its_options_are_no_text_a_pandoc_div_is():
    src = "Intro.\n\n::: garden.tools.Shears\n    options:\n        show_root_heading: true\n\nAfter.\n\n::: warning\nSharp.\n:::\n"
    ex = read_markdown(src, "api.md")
    assert ex.text == "Intro.\n\nAfter.\n\nSharp."
    assert line_at(ex.lines, ex.text, ex.text.index("After")) == 7


def test_snippet_lines_and_a_block_of_snippet_files_are_no_text():
    ex = read_markdown('A.\n\n--8<--\nparts/one.md\nparts/two.md\n--8<--\n\n--8<-- "x.md"\nB.\n', "x.md")
    assert ex.text == "A.\n\nB." and line_at(ex.lines, ex.text, 4) == 9


def test_braces_and_brackets_in_prose_stay():
    src = "Write a[0][1] for the cell and {name} for the value,\nor set {a=b} in the middle.\n\nSee {x}.\n"
    ex = read_markdown(src, "prose.md")
    assert "a[0][1]" in ex.text and "{name}" in ex.text and "{a=b}" in ex.text and "{x}" in ex.text


def test_an_admonition_marker_inside_a_paragraph_or_a_code_fence_is_text():
    src = "Type this:\n!!! note\n    still the paragraph\n\n```\n!!! note \"T\"\n    code\n```\n"
    ex = read_markdown(src, "x.md")
    assert "!!! note still the paragraph" in ex.text
    assert '!!! note "T"\n    code' in ex.text


MDX = """---
title: Install
sidebar_label: Installing
---

import Tabs from '@theme/Tabs';
import {Note,
  Aside} from "../components/Note";

Install the tool first.

<Tabs groupId="pm">
<TabItem value="npm" label="With npm">

Run the installer with npm.

</TabItem>
</Tabs>

{/* hidden from readers */}

export const meta = {
  level: 2,
};

- import the data

<Details title={`Why "thunks"?`}>

A thunk delays work.

</Details>

<Provider store={store}>
"""


def test_mdx_imports_exports_comments_and_jsx_tags_are_not_text():
    ex = read_markdown(MDX, "install.mdx")
    assert ex.title == "Install"
    assert "import" not in ex.text.split("\n\n")[0]
    assert "@theme" not in ex.text and "export" not in ex.text and "hidden" not in ex.text
    assert "sidebar_label" not in ex.text and "Installing" not in ex.text
    assert "With npm" in ex.text.split("\n\n")
    assert "Run the installer with npm." in _sentences(ex.text)
    assert "import the data" in ex.text  # a list item is no import
    assert 'Why "thunks"?' in ex.text.split("\n\n") and "A thunk delays work." in ex.text
    assert "store" not in ex.text and "Details" not in ex.text
    assert line_at(ex.lines, ex.text, ex.text.index("With npm")) == 13


def test_docusaurus_admonitions_show_their_titles_pandoc_divs_none():
    src = (":::tip[Use the toolkit]\n\nBody one.\n\n:::\n\n:::note Keep it small\nBody two.\n:::\n\n"
           ":::warning\nBody three.\n:::\n\n::: sidebar :::\nBody four.\n:::\n")
    ex = read_markdown(src, "tips.md")
    assert ex.text.split("\n\n") == ["Use the toolkit", "Body one.", "Keep it small", "Body two.", "Body three.",
                                     "Body four."]
    assert line_at(ex.lines, ex.text, ex.text.index("Keep it small")) == 7


def test_jsx_labels_only_for_blocks_of_component_tags():
    assert jsx_labels('<Tabs>\n<TabItem value="a" label="Alpha">') == [("Alpha", 1)]
    assert jsx_labels("</TabItem>\n</Tabs>") == []
    assert jsx_labels('<div title="x">') is None
    assert jsx_labels("<Tabs>\nsome text") is None


_PIECE = st.sampled_from(["!!! note \"T\"\n", "??? tip\n", "=== \"Tab\"\n", "    body words\n", "\t- item\n",
                          "/// note | T\n", "///\n", "////\n", "    type: x\n", "--8<-- \"a.md\"\n",
                          "*[A]: b\n", "import x from 'y'\n", "export const a = 1\n", "word {.c}\n",
                          ":material-x: [a][b]{ #i }\n", "\n", "# Head { #h }\n", "```\n", "> quote\n",
                          "<Tabs>\n", '<TabItem label="L">\n', "{/* c */}\n", "- item\n", "<N title={`t`}>\n",
                          "--8<--\n", ":::tip[T]\n", ":::\n", "::: a.b\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECE, max_size=30))
def test_site_syntax_soup_never_crashes_and_sections_slice_exactly(pieces):
    src = "".join(pieces)
    ex = read_markdown(src, "x.md")
    check_offsets(ex)
    lines = src.count("\n") + 1
    assert all(1 <= line <= lines for _, line in ex.lines)


def test_an_mdx_page_is_read_as_markdown_with_its_front_matter_title(tmp_path):
    from qa.corpus import load_corpus

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "install.mdx").write_text(MDX, encoding="utf-8")
    (doc,) = list(load_corpus(str(tmp_path)))
    assert doc.id == "docs/install.mdx" and doc.title == "Install"
    assert "Run the installer with npm." in doc.text and "@theme" not in doc.text
