"""The chat's pure parts: the example question, slash completion, the history file, how untitled
documents are named, and the viewer's blocks."""

from __future__ import annotations

from types import SimpleNamespace


def test_example_question_is_drawn_from_the_corpus():
    from qa.tui.examples import example_question, frequent_name

    texts = ["The minister met Okonkwo in Lagos. Later Okonkwo left.", "Okonkwo said no. The vote failed.",
             "In March the board met."]
    assert frequent_name(texts) == "Okonkwo"  # not "The", "In", "March" (sentence starts, common words)
    assert example_question([], texts) == "What do the documents say about Okonkwo?"
    assert example_question(["", "Budget 2024"], ["no names here."]) == "What is “Budget 2024” about?"
    assert example_question([""], ["nothing."]) is None


def test_slash_completion():
    from qa.tui.commands import SLASH_NAMES, complete_slash

    assert complete_slash("/fi") == "/filter"
    assert complete_slash("/mo") == "/mode"
    assert complete_slash("/mode d") == "/mode dense"
    assert complete_slash("/mode dense") is None
    assert complete_slash("/filter") is None and complete_slash("What /fi") is None
    assert {"/quit", "/mode", "/help", "/k"} <= set(SLASH_NAMES)


def test_history_file_survives_bad_files_and_keeps_the_last(tmp_path, monkeypatch):
    from qa.tui import history

    monkeypatch.setenv("QA_STATE_DIR", str(tmp_path))
    path = history.history_file(tmp_path / "idx")
    assert path.parent == tmp_path / "history"
    assert history.history_file(tmp_path / "other") != path
    h = history.QuestionHistory(path)
    for q in ["a?", "a?", "b?", "Zarif?"]:
        h.add(q)
    assert history.QuestionHistory(path).items == ["a?", "b?", "Zarif?"]
    assert h.matching("zar") == [2] and h.matching("") == [0, 1, 2]
    path.write_text("not json")
    assert history.QuestionHistory(path).items == []


def test_untitled_documents_are_named_by_their_id_once():
    from qa.tui.screens.documents import document_prompt
    from qa.tui.widgets.sources import citation_prompt

    from dataclasses import replace

    from qa.answer.compose import Citation

    c = Citation(1, "007_x.txt", "", 0, 5, "Hello", 0.5, 0, 12, "Hello world.")
    assert citation_prompt(c).plain.count("007_x.txt") == 1
    titled = replace(c, title="A title")
    assert citation_prompt(titled).plain.count("007_x.txt") == 1 and "A title" in citation_prompt(titled).plain
    meta = SimpleNamespace(id="007_x.txt", title="", chars=12)
    assert document_prompt(meta).plain.count("007_x.txt") == 1
    assert "(untitled)" not in document_prompt(meta).plain


def test_blocks_start_at_the_text_whatever_the_indentation():
    from qa.tui.text_blocks import paragraphs

    text = "    Indented first.\n\n\tTabbed second.\n"
    spans = paragraphs(text)
    assert [text[a:b] for a, b in spans] == ["Indented first.", "Tabbed second."]
