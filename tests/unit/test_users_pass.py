"""Session 15, a user's pass over files copied from a Debian machine: what was wrong, made up small."""

from __future__ import annotations

import gzip

from qa.corpus import load_corpus

from ..conftest import read_files
from qa.corpus.text_title import plain_title
from qa.corpus.titles import headline


def test_an_emacs_modeline_is_no_part_of_a_title():
    news = "GNU frob NEWS                                    -*- outline -*-\n\n* Noteworthy changes in release 9.1\n"
    assert plain_title(news) == "GNU frob NEWS"
    # a file whose first line is only the mark, set far right as GNU's READMEs do: no title from it
    assert plain_title("                                  -*-indented-text-*-\n\nGNU frob can use a library.\n") == ""


def test_a_separator_or_a_row_of_badges_is_no_headline():
    assert headline("- - - - -\n\nThe options need a compress program installed here.\n") == ""
    assert headline("Build Status Build status Build status Build status Fuzzing Status\n") == ""
    assert headline("Name | Room | Floor\nOrla | 12 | 3\n") == ""  # a Markdown table's header row
    assert headline("Frob Release Notes For Winter\n") == "Frob Release Notes For Winter"


def test_readme_files_are_titled_by_their_folder_not_by_a_section_or_a_badge(tmp_path):
    docs, skipped = read_files(tmp_path, {
        "zorp/README.md.gz": gzip.compress(
            b'<p align="center"><img src="logo.png" alt="Zorp"></p>\n\nZorp is a quick squasher of files, '
            b"and it is fast.\n\n[![Build Status][b1]][l1]\n[![Build status][b2]][l2]\n[![Build status][b3]][l3]\n\n"
            b"[b1]: https://x/1.svg\n[l1]: https://x/1\n[b2]: https://x/2.svg\n[l2]: https://x/2\n"
            b"[b3]: https://x/3.svg\n[l3]: https://x/3\n\n## Speed\n\nIt squashes a file in no time at all.\n"),
        "quux/README.md": "Introduction\n============\n\nquux is a library for talking to kettles.\n\n"
                          "Installation\n============\n\nRun the installer and wait for the kettle.\n",
        "quux/NEWS": "GNU quux NEWS                        -*- outline -*-\n\n* Changes in release 2.0\n\n"
                     "The kettle whistles.\n",
        "tarry/README.Debian": "The options need a compress program installed on the system, or tarry fails.\n\n"
                               "- - - - -\n\nThe upstream developers prefer the info format for their manual.\n",
        "guide.md": "# Contents\n\nA list.\n\n# Kettle Guide\n\nThe kettle boils water.\n",
    })
    assert not skipped
    assert {i: d.title for i, d in docs.items()} == {
        "zorp/README.md.gz": "zorp: README.md",  # was "Build Status Build status Build status"
        "quux/README.md": "quux: README.md",  # was "Installation", a section
        "quux/NEWS": "quux: GNU quux NEWS",  # was "…NEWS -*- outline -*-"
        "tarry/README.Debian": "tarry: README.Debian",  # was "tarry: - - - - -"
        "guide.md": "Kettle Guide",  # after "# Contents" the first level-1 heading still names the file
    }


def test_debian_readme_with_a_long_label_is_read_as_text():
    from qa.corpus.formats import text_by_name

    assert text_by_name("README.Debian-Source")  # GNU make's Debian package ships it; "unsupported" before
    assert not text_by_name("README.averyveryverylonglabel")


def test_a_warning_label_is_no_section_of_the_rest_of_the_file(tmp_path):
    text = ("Frob README\n\n"
            "WARNING: frob is sensitive to compiler bugs, so please test it well before use.\n\n"
            "The name frob was an unfortunate choice, because frob and frab are different programs.\n\n"
            "Abstract: the frob squashes files quickly and with little memory at all.\n")
    docs, _ = read_files(tmp_path, {"frob.txt": text})
    sections = [name for _, name in docs["frob.txt"].sections]
    assert "WARNING" not in sections  # it labelled its paragraph; the next paragraph was cited "§ WARNING"
    assert "Abstract" in sections  # a paragraph label that opens a part is still a section


def test_a_post_to_a_route_without_a_body_is_not_asked_for_json():
    """``curl -X POST localhost:8000/health`` said 415 "send the request body as JSON": the route
    takes no body at all, so the app's own answer (405) is the right one."""
    import asyncio

    from qa.serve.guard import Guard

    reached, sent = [], []

    async def app(scope, receive, send):
        reached.append(scope["path"])

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    guard = Guard(app)
    scope = {"type": "http", "method": "POST", "headers": [(b"host", b"127.0.0.1:8000")]}
    asyncio.run(guard({**scope, "path": "/health"}, receive, send))
    assert reached == ["/health"] and not sent
    asyncio.run(guard({**scope, "path": "/ask"}, receive, send))  # the body route still wants JSON
    assert reached == ["/health"] and sent[0]["status"] == 415


def test_qa_eval_answer_table_keeps_its_ids_and_word_counts():
    """``qa eval``'s per-answer table drew the "id" and "words" columns 0 wide as soon as an answer
    was longer than the room left (always, at 140 columns): only kind, verdict and answer showed."""
    import io
    from types import SimpleNamespace

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from qa.cli.eval_cmd import answer_rows

    row = dict(answerable=True, abstained=False, distractor=False, hit=None, quote=True, first=True, kind="")
    rows = [SimpleNamespace(id="q-kettle", words=37, answer="The kettle boils water in two minutes flat. " * 4, **row),
            SimpleNamespace(id="q-lamp", words=4, answer="The lamp is green.", **row)]
    for width in (140, 90):
        out = io.StringIO()
        Console(file=out, width=width).print(answer_rows(SimpleNamespace(rows=rows), Table, Text))
        lines = out.getvalue().splitlines()
        assert "id" in lines[0].split() and "words" in lines[0].split()
        assert "q-kettle" in lines[2] and " 37 " in lines[2] and lines[2].rstrip().endswith("…")
        assert "q-lamp" in lines[3] and len(lines) == 4  # one line a question: never wrapped


def test_a_corpus_other_than_the_index_holds_is_said(tmp_path, capsys):
    """``qa ask --corpus notes/ --index-dir old-index`` answered from old-index's documents without a word."""
    from types import SimpleNamespace

    from qa.cli.progress import other_corpus

    (tmp_path / "notes").mkdir()
    (tmp_path / "old").mkdir()
    index = SimpleNamespace(manifest={"corpus": str((tmp_path / "old").resolve())})
    other_corpus(index, tmp_path / "old", tmp_path / "idx")
    assert capsys.readouterr().err == ""
    other_corpus(index, tmp_path / "notes", tmp_path / "idx")
    err = capsys.readouterr().err
    assert err.startswith("qa: warning: the index in ") and "was built from" in err and err.count("\n") == 1
    assert f"qa index --corpus {(tmp_path / 'notes').resolve()}" in err
    other_corpus(index, None, tmp_path / "idx")  # no corpus named: nothing to compare
    other_corpus(index, tmp_path / "gone", tmp_path / "idx")  # no such folder: nothing to index instead
    assert capsys.readouterr().err == ""


def test_a_macro_argument_is_read_in_copy_mode():
    """xargs(1) writes ``.B "\\-\\-show\\\\-limits"``: groff prints "--show-limits"; the reader printed
    "--show\\-limits" (the doubled backslash is one in a macro's argument, then ``\\-`` is "-")."""
    from qa.corpus.man import read_man

    page = ('.TH FROB 1\n.SH NAME\nfrob \\- squash files\n.SH OPTIONS\n.TP\n.B "\\-\\-show\\\\-limits"\n'
            "Display the limits of the frob.\n.TP\n.BR \\-\\-path\\\\-max \" (default)\"\nThe longest path.\n"
            '.ds Xy one\\\\-two\n.PP\nA \\*(Xy thing and a \\e backslash.\n')
    text = read_man(page).text
    assert "--show-limits" in text and "--path-max (default)" in text and "one-two" in text
    assert "\\-" not in text and "a \\ backslash" in text
    # libsasl(5): font strings defined with a register inside a bracketed name, read in copy mode
    sasl = ('.if \\n(.g .ds T< \\\\FC\n.if \\n(.g .ds T> \\\\F[\\n[.fam]]\n.TH SASL 5\n.SH NAME\n'
            "sasl \\- library\n.SH DESCRIPTION\nThe library \\*(T<libsasl\\*(T>.\n")
    assert "The library libsasl." in read_man(sasl).text  # was "\\FClibsasl\\F[]."


def test_a_rest_contents_directive_is_no_passage():
    """numpy/ma/README.rst opens with ``.. Contents::``: its 11 section titles were the first passage."""
    from qa.corpus.rst import read_rst

    page = ("==================\nA guide to kettles\n==================\n\n.. Contents::\n\n"
            "The kettle guide starts here.\n\nHistory\n-------\n\nKettles were first made of iron.\n\n"
            "Boiling\n-------\n\nWater boils at one hundred degrees.\n\n"
            ".. topic:: Aside\n\n   A topic of its own stays.\n")
    got = read_rst(page)
    assert got.title == "A guide to kettles"
    assert got.text.count("History") == 1 and got.text.count("Boiling") == 1  # only the headings themselves
    assert "Contents" not in got.text and "A topic of its own stays." in got.text
    assert [name for _, name in got.sections] == ["A guide to kettles", "History", "Boiling"]


def test_a_symlink_to_a_file_of_the_corpus_is_a_duplicate_not_a_second_document(tmp_path):
    """``latest.txt -> reports/2024.txt`` indexed the report twice (a folder reached twice was already
    skipped); a link to a file read nowhere else is still read, under the link's name."""
    import os

    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "2024.txt").write_text("The walrus sanctuary opened in May.\n", encoding="utf-8")
    os.symlink("reports/2024.txt", tmp_path / "a-latest.txt")  # sorts before the real file
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("The otter pond froze in January.\n", encoding="utf-8")
    os.symlink(outside, tmp_path / "otters.txt")
    skipped = []
    ids = [d.id for d in load_corpus(tmp_path, skipped.append, follow_symlinks=True)]
    assert sorted(ids) == ["otters.txt", "reports/2024.txt"]
    assert [(s.path, s.kind) for s in skipped] == [("a-latest.txt", "duplicate")]


def test_the_fusion_line_of_a_small_corpus_says_why_it_kept_the_default():
    """A corpus of 8 passages said "(the fixed default (no choice recorded for this corpus))": a
    choice was tried, on too few pseudo-questions."""
    from qa.cli.index_cmd import fusion_line

    small = fusion_line({"fusion": "convex", "dense_weight": 0.6, "queries": 3, "scores": {}})
    assert small == ("Hybrid fusion: convex, dense weight 0.6: the fixed default "
                     "(too little text to choose from: 3 pseudo-questions)")
    assert "no choice recorded" in fusion_line({"fusion": "convex", "dense_weight": 0.6, "queries": 0})
    chosen = fusion_line({"fusion": "convex", "dense_weight": 0.4, "queries": 95, "scores": {"0.4": 0.9}})
    assert chosen == "Hybrid fusion: convex, dense weight 0.4 (chosen for this corpus from 95 pseudo-questions)"


def test_texinfo_7s_contents_heading_goes_with_its_contents():
    """GNU time's manual (Texinfo 7): the list of the contents was dropped, its heading
    "Table of Contents" stayed, a section of its own above chapter 1."""
    from qa.corpus.html import read_html

    page = ('<html><head><title>Kettles</title></head><body><h1 class="settitle">Kettles</h1>'
            '<div class="Contents_element" id="SEC_Contents"><h2 class="contents-heading">Table of Contents</h2>'
            '<div class="contents"><ul class="toc-numbered-mark"><li><a id="toc-Boiling" href="#Boiling">'
            "1 Boiling</a></li></ul></div></div>"
            '<div class="chapter-level-extent" id="Boiling"><h2 class="chapter">1 Boiling</h2>'
            "<p>The kettle boils water in two minutes when it is full.</p></div></body></html>")
    got = read_html(page)
    assert "Table of Contents" not in got.text and got.text.count("1 Boiling") == 1
    assert [name for _, name in got.sections] == ["Kettles", "1 Boiling"]
