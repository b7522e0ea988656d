"""GNU Info manuals read as running text: made-up manuals in makeinfo's format (a whole one, a split
one of two gzipped parts and its index of parts), and a parser that never crashes or leaks markup."""

from __future__ import annotations

import gzip
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.extracted import ReadError, line_at, section_at
from qa.corpus.info import is_info, read_info
from qa.corpus.naming import format_of, read_suffix
from qa.corpus.readers import load_corpus

PREAMBLE = """This is kiln.info, produced by makeinfo version 6.8 from kiln.texi.

This manual is for kiln, a made-up program.

INFO-DIR-SECTION Pottery
START-INFO-DIR-ENTRY
* kiln: (kiln).                 Fire the harbour kiln.
END-INFO-DIR-ENTRY

"""
TOP = """\x1f
File: kiln.info,  Node: Top,  Next: Firing,  Up: (dir)

The Harbour Kiln
****************

This manual documents the harbour kiln.

* Menu:

* Firing::              How to fire it.
* Glazes::              Which glaze to use.

"""
FIRING = """\x1f
File: kiln.info,  Node: Firing,  Next: Glazes,  Prev: Top,  Up: Top

1 Firing
********

   The kiln reaches its working heat after four hours of slow firing.
Open the vents before the second hour, *note Glazes::, or the amber
pots crack and the amber glaze runs.  *Note Vents: (pottery)Vent
Control, for the vents.  Close them when the flame is white and
steady, and never before.

'-s'
'--slow'
     Fire the kiln slowly, so the glaze never cracks.

     kiln --slow 4
       --hours 6

   * Keep the door shut.
   * Watch the colour of the flame through the little round spy hole
     in the door.

1.1 Cooling
===========

Let it cool for a whole day (*note Glazes::).

"""
GLAZES = """\x1f
File: kiln.info,  Node: Glazes,  Prev: Firing,  Up: Top

2 Glazes
********

Amber glaze needs the slow firing.

 -- Command: glaze COLOUR
     Paint the pots with COLOUR before the firing.

 -- Function: int glaze_mix (int AMBER, int BLUE, int GREEN, int RED,
          int WHITE)
     Mix the glazes.

   ---------- Footnotes ----------

   (1) Blue glaze is a myth.

"""
TAIL = """\x1f
Tag Table:
Node: Top\x7f300
Node: Firing\x7f500
\x1f
End Tag Table


Local Variables:
coding: utf-8
End:
"""
WHOLE = PREAMBLE + TOP + FIRING + GLAZES + TAIL


def test_nodes_are_text_and_their_titles_sections():
    got = read_info(WHOLE, "kiln.info")
    text = got.text
    assert got.title == "The Harbour Kiln"
    assert [h for _, h in got.sections] == ["The Harbour Kiln", "1 Firing", "1.1 Cooling", "2 Glazes"]
    at = text.index("four hours of slow firing")
    assert section_at(got.sections, at) == "1 Firing"
    assert section_at(got.sections, text.index("a whole day")) == "1.1 Cooling"
    assert "The kiln reaches its working heat after four hours of slow firing. Open the vents" in text
    for furniture in ("makeinfo", "INFO-DIR", "File:", "Node:", "Menu", "How to fire it", "Tag Table", "coding",
                      "****", "====", "Footnotes ---", "\x1f", "\x7f"):
        assert furniture not in text, furniture
    assert "Blue glaze is a myth." in text  # a footnote is text


def test_cross_references_read_as_their_words():
    text = read_info(WHOLE, "kiln.info").text
    assert "before the second hour, Glazes, or the amber pots crack and" in text  # @ref: the name only
    assert "See Vents, for the vents. Close them" in text  # @xref: "See"; its node (over two lines) is no text
    assert "(see Glazes)." in text  # @pxref: "(see"
    assert "*note" not in text.lower()


def test_tables_lists_and_examples():
    text = read_info(WHOLE, "kiln.info").text
    assert "'-s' '--slow' Fire the kiln slowly, so the glaze never cracks." in text  # the terms open it
    assert "kiln --slow 4\n  --hours 6" in text  # an example keeps its lines
    assert "\n\n-- Command: glaze COLOUR Paint the pots with COLOUR before the firing.\n\n" in text
    assert ("-- Function: int glaze_mix (int AMBER, int BLUE, int GREEN, int RED, int WHITE)\n\nMix the glazes."
            in text)  # a long definition header: a line of its own
    assert "\n\nKeep the door shut.\n\nWatch the colour of the flame through the little round spy hole in the door." in text


def test_line_anchors_point_at_the_source_lines():
    got = read_info(WHOLE, "kiln.info")
    source = WHOLE.split("\n")
    for words in ("The kiln reaches", "Open the vents", "Close them", "never before", "kiln --slow 4", "Let it cool",
                  "Amber glaze"):
        line = line_at(got.lines, got.text, got.text.index(words))
        assert words.split()[-1] in source[line - 1], words


def test_a_manual_without_a_top_heading_is_named_by_its_dir_entry_else_its_file():
    bare = TOP.replace("The Harbour Kiln\n****************\n\n", "") + FIRING + TAIL
    assert read_info(PREAMBLE + bare, "kiln.info.gz").title == "kiln: Fire the harbour kiln"
    assert read_info(PREAMBLE.split("INFO-DIR")[0] + bare, "kiln.info.gz").title == "kiln.info"  # no entry
    several = PREAMBLE.replace("END-INFO", "* kilnctl: (kiln).   Control the kiln.\nEND-INFO")
    assert read_info(several + bare, "kiln.info.gz").title == "kiln.info"  # which names the manual?
    nodes = PREAMBLE.replace("END-INFO", "* kiln options: (kiln)Options.   Its options.\nEND-INFO")
    assert read_info(nodes + bare, "kiln.info.gz").title == "kiln: Fire the harbour kiln"  # a node's: not the manual's
    wrapped = PREAMBLE.replace("Fire the harbour kiln.", "A program that fires\n          the harbour kiln.")
    assert read_info(wrapped + bare, "kiln.info.gz").title == "kiln: A program that fires the harbour kiln"
    same = PREAMBLE.replace("Fire the harbour kiln.", "kiln")
    assert read_info(same + bare, "kiln.info.gz").title == "kiln"


def test_a_long_table_without_blank_lines_is_read_item_by_item():
    items = "".join(f"'-{k}'\n     Option number {k} of the kiln.\n" for k in range(3000))
    node = "\x1f\nFile: big.info,  Node: Top,  Up: (dir)\n\nOptions\n*******\n\n" + items
    text = read_info(node, "big.info").text
    assert "\n\n'-0' Option number 0 of the kiln.\n\n'-1' Option number 1" in text
    assert text.endswith("'-2999' Option number 2999 of the kiln.")


def _split_manual(folder):
    first = PREAMBLE + TOP + FIRING
    second = PREAMBLE + GLAZES
    index = PREAMBLE + "\x1f\nIndirect:\nkiln.info-1: 300\nkiln.info-2: 900\n" + TAIL
    for name, text in (("kiln.info-1.gz", first), ("kiln.info-2.gz", second), ("kiln.info.gz", index)):
        (folder / name).write_bytes(gzip.compress(text.encode(), mtime=0))


def test_a_split_manual_is_read_part_by_part_once(tmp_path):
    _split_manual(tmp_path)
    skipped = []
    docs = {d.id: d for d in load_corpus(tmp_path, skipped.append)}
    assert {i: d.title for i, d in docs.items()} == {"kiln.info-1.gz": "The Harbour Kiln",
                                                      "kiln.info-2.gz": "kiln: Fire the harbour kiln (part 2)"}
    assert {d.format for d in docs.values()} == {"Info manual"}
    assert [(s.path, s.kind) for s in skipped] == [("kiln.info.gz", "stub")]  # the list of parts: no text
    assert sum(d.text.count("Amber glaze needs the slow firing.") for d in docs.values()) == 1


def test_names_of_info_files():
    assert read_suffix("coreutils.info") == ".info" and read_suffix("find.info-2") == ".info"
    assert read_suffix("find.info-12.gz") == ".info.gz" and read_suffix("coreutils.info.gz") == ".info.gz"
    assert format_of("docs/find.info-1.gz") == "Info manual"
    assert read_suffix("dir") == "" and read_suffix("info-1") == ""  # /usr/share/info/dir: not a manual
    assert read_suffix("README.info") == ".txt"  # a README with a label, read as text as before


def test_a_file_named_info_that_is_no_manual_is_unsupported():
    drupal = "name = Views\ndescription = Create lists of content.\ncore = 7.x\n"
    assert not is_info(drupal) and is_info(WHOLE)
    try:
        read_info(drupal, "views.info")
    except ReadError as exc:
        assert exc.kind == "unsupported"
    else:
        raise AssertionError("read as a manual")


_PIECES = st.sampled_from([
    "\x1f\n", "File: a.info,  Node: Top,  Up: (dir)\n", "File: a.info,  Node: X\n", "\n", "* Menu:\n",
    "* Name::  a description\n", "1.2 Title\n", "=========\n", "*****\n", "   Some words here.\n",
    "*Note Name::.\n", "(*note A: (b)C.)\n", "*note broken\n", "'-x'\n", "     indented body\n",
    "   * item\n", " -- Function: int f (int A,\n", "          int B)\n", "Tag Table:\n",
    "Indirect:\n", "\x7f", "\x00\x08[index\x00\x08]\n", "   ---------- Footnotes ----------\n", "word ",
    "\t", "x" * 60 + "\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40), st.text(max_size=30))
def test_the_parser_never_crashes_nor_leaks_markup(pieces, noise):
    text = "".join(pieces) + noise
    try:
        got = read_info(text, "a.info")
    except ReadError:
        return
    assert "\x1f" not in got.text
    assert re.search(r"File:[ \t]*[^,\n]*,[^\n]*Node:", got.text) is None
    for at, heading in got.sections:
        assert got.text[at:at + len(heading)] == heading
    assert all(0 <= at <= len(got.text) for at, _ in got.lines)


def _node(body: str) -> str:
    return "\x1f\nFile: kiln.info,  Node: Top,  Up: (dir)\n\nKiln\n****\n\n" + body


def test_a_two_line_example_is_no_term_and_definition():
    body = ("   Fire it from a script:\n\n          kiln --fire --hours 4 --door shut \\\n"
            "               https://kiln.example.org/log\n\n"
            "          glaze_mix (AMBER, BLUE);\n               return 0;\n\n"
            "'-s'\n     Fire the kiln slowly.\n\nHOURS\n     How long to fire.\n")
    text = read_info(_node(body), "kiln.info").text
    assert "kiln --fire --hours 4 --door shut \\\n     https://kiln.example.org/log" in text  # kept lines
    assert "glaze_mix (AMBER, BLUE);\n     return 0;" in text
    assert "'-s' Fire the kiln slowly." in text and "HOURS How long to fire." in text  # still definitions


def test_a_filled_line_opening_with_a_star_is_no_bullet():
    body = ("'FIRST~STEP'\n     This extension matches every STEPth line starting with line\n"
            "     FIRST.  Lines are selected when the line number equals FIRST + (N\n"
            "     * STEP).  Thus one would use '1~2' to select the odd lines.\n\n"
            "   * Keep the door shut.\n   * Wait.\n")
    text = read_info(_node(body), "kiln.info").text
    assert "FIRST + (N * STEP). Thus one would use '1~2' to select the odd lines." in text
    assert text.endswith("\n\nKeep the door shut.\n\nWait.")  # makeinfo's bullets, 3 columns in: items


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text("abcdefgh", min_size=1, max_size=8), min_size=1, max_size=6),
       st.lists(st.text("abcdefgh", min_size=1, max_size=8), min_size=1, max_size=6), st.sampled_from([0, 5]))
def test_a_star_that_wraps_to_a_line_start_stays_in_its_paragraph(head, tail, indent):
    first = " ".join(head)[:60 - indent]
    first += " " + "x" * (71 - indent - len(first) - 1)  # filled: "*" would not fit (72 columns)
    body = f"{' ' * indent}{first}\n{' ' * indent}* {' '.join(tail)}.\n"  # "… (N" / "* STEP)."
    text = read_info(_node(("'-x'\n" if indent else "") + body), "kiln.info").text
    assert text.endswith(f"{first} * {' '.join(tail)}.")
