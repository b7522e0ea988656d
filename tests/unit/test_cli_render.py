"""How `qa ask` names a cited document: once, whether or not it has a title (made-up citations)."""

from __future__ import annotations

from dataclasses import replace


def test_an_untitled_document_is_named_once_by_its_path_and_line(capsys):
    from qa.answer import Answer
    from qa.answer.compose import Citation
    from qa.cli.render import print_answer

    untitled = Citation(1, "notes/007_x.txt", "", 0, 5, "Hello", 0.5, 0, 12, "Hello world.", line=3)
    titled = replace(untitled, n=2, title="Harbour notes")
    print_answer(Answer("Q?", "Q?", "Hello [1] [2]", (untitled, titled), False))
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("[")]
    assert lines[0].startswith("[1] notes/007_x.txt:3  chars 0-5") and lines[0].count("007_x.txt") == 1
    assert lines[1].startswith("[2] Harbour notes  notes/007_x.txt:3  chars 0-5")
