"""Hard-wrapped plain text read as paragraphs, line anchors, titles and stubs (issue 28)."""

from __future__ import annotations

import re

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.chunking import split_sentences
from qa.corpus.extracted import line_at
from qa.corpus.plaintext import read_plain, wrap_width
from qa.corpus.text_title import plain_title
from qa.corpus.titles import best_title, html_order, is_generic, stub_reason
from qa.corpus.units import label_at

WRAPPED = """Glimmer frequency of the quorp engines was measured on nine
ships over two winters. The measured frequency rose with the hull
length and with the fre-
quency of the pumps. Ship crews reported the well-
known rattle at night, which the survey also heard.
Several captains asked for quieter pumps.

Abstract: The second paragraph says that the quorp engines
run hotter in the winter and cooler in the summer than any
other engine of the fleet, and that nobody knows why.

- a list item that stays its own line in the text as it is
- another list item, also alone on its line, as written here
"""


def test_wrapped_lines_are_joined_and_hyphens_undone_only_for_known_words():
    got = read_plain(WRAPPED)
    assert "\n" not in got.text.split("\n\n")[0]  # the first paragraph is one line
    assert "frequency of the pumps" in got.text  # "fre-" + "quency": a word of the document
    assert "well-known rattle" in got.text  # "wellknown" is not: the hyphen stays, no space
    assert "hull length" in got.text
    assert "- a list item that stays its own line in the text as it is\n- another" in got.text


def test_line_anchors_point_into_the_file():
    got = read_plain(WRAPPED)
    source = WRAPPED.split("\n")
    for m in re.finditer(r"[A-Za-z]{3,}", got.text):
        line = line_at(got.lines, got.text, m.start())
        assert m.group(0) in source[line - 1] or m.group(0) in "frequency"
    assert line_at(got.lines, got.text, got.text.index("Several")) == 6
    assert line_at(got.lines, got.text, got.text.index("- another")) == 13


def test_a_sentence_is_not_cut_at_a_wrapped_capital_and_holds_no_line_break():
    got = read_plain(WRAPPED)
    sentences = [got.text[s:e] for run in split_sentences(got.text) for s, e in run]
    assert "Several captains asked for quieter pumps." in sentences
    assert not any("\n" in s for s in sentences)


def test_labels_become_sections_and_leave_the_sentence():
    got = read_plain(WRAPPED)
    assert (got.text.index("Abstract:"), "Abstract") in got.sections
    sentences = [got.text[s:e] for run in split_sentences(got.text) for s, e in run]
    assert any(s.startswith("The second paragraph says") for s in sentences)
    assert label_at("Abstract: We did it in the end.") == len("Abstract: ")
    assert label_at("Iran in Syria: Russia Took Over") == 0
    assert label_at("Zarif said: we did it.") == 0


def test_text_that_is_not_wrapped_is_kept_as_it_is():
    text = ("One long paragraph on a single line that goes on and on well past any terminal width, "
            "as news pages saved as text are written, and then it ends.\n") * 10
    got = read_plain(text)
    assert wrap_width(text.split("\n")) == 0
    assert got.text == text and got.lines == ((0, 1),)


def test_references_are_not_sentences():
    text = ("The engines were tested twice and passed both times.\n\nReferences\n\n"
            "7. Johnson NPAS, Mueller J. Updating the accounts: global mortality of the 1918-1920 flu. "
            "Bull Hist Med 2002;76:105-15.\n"
            "8. Smith AB, Jones C, et al. A study of quorp engines. J Eng 2011;12(3):45-67.\n")
    sentences = [text[s:e] for run in split_sentences(text) for s, e in run]
    assert sentences == ["The engines were tested twice and passed both times."]


_WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORD, min_size=40, max_size=300), st.integers(45, 80), st.booleans())
def test_joined_text_keeps_every_word_and_maps_back(words, width, hyphens):
    lines, line = [], ""
    for i, w in enumerate(words):
        if len(line) + 1 + len(w) > width:
            if hyphens and i % 7 == 0 and len(w) > 4:
                lines.append(f"{line} {w[:2]}-")
                line = w[2:]
                continue
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    lines.append(line)
    text = "\n".join(lines)
    got = read_plain(text)
    source = text.split("\n")
    for m in re.finditer(r"\S+", got.text):
        n = line_at(got.lines, got.text, m.start())
        assert 1 <= n <= len(source)
        head = m.group(0).split("-")[0][:2]
        assert head in source[n - 1]
    assert got.text.replace("-", "").split() == text.replace("-\n", "").replace("-", "").split() or \
        "".join(got.text.replace("-", "").split()) == "".join(text.replace("-", "").split())


def test_titles():
    # the centred line under a centred title is its subtitle: "Version 3" tells it from version 2 (session 19)
    assert plain_title("\n              Frobnitz License\n         Version 3, May 2001\n\n  Text here.\n") \
        == "Frobnitz License Version 3, May 2001"
    assert plain_title("Quorp Engine Manual\n===================\n\nSome text.\n") == "Quorp Engine Manual"
    assert is_generic("1. Overview") and is_generic("Contents") and is_generic("2.3") and is_generic("Syntax")
    assert not is_generic("Write-Ahead Logging")
    assert best_title("1. Overview", "Write-Ahead Logging") == "Write-Ahead Logging"
    assert html_order("Write-Ahead Logging", "1. Overview") == ("Write-Ahead Logging", "1. Overview")
    assert html_order("News | Site", "Open day") == ("Open day", "News | Site")


def test_stubs():
    assert stub_reason("The node you are looking for is at Aliasing.", "Shell.html#Aliasing", 1)
    assert stub_reason("This page has moved to the new site.", None, 1)
    assert not stub_reason("A long page " * 30, None, 1)


def test_a_table_row_is_one_unit_and_a_list_item_its_own_line():
    text = ("Commands\n\nName | What it does\nfrob | Frobs the widget. Then it stops.\n"
            "quux | Quuxes every widget in the folder when asked to do so by the user at the prompt\n"
            "zap | Zaps.\n\nA closing sentence here.")
    sentences = [text[s:e] for run in split_sentences(text) for s, e in run]
    assert "frob | Frobs the widget. Then it stops." in sentences
    assert "zap | Zaps." in sentences
    assert "Name | What it does" in sentences


def test_logical_lines_are_not_joined_and_list_items_stand_alone():
    items = "\n".join(f"Item number {i} of the list says something about the quorp engines" + " at length" * (i % 5) * 3
                      for i in range(12))  # items of any length, as Markdown lists have
    sentences = [items[s:e] for run in split_sentences(items) for s, e in run]
    assert len(sentences) == 12 and not any("\n" in s for s in sentences)
    short = "Among other things it has\n\u2022 an effective data handling and storage facility,\n\u2022 a suite of tools"
    sentences = [short[s:e] for run in split_sentences(short) for s, e in run]
    assert "\u2022 an effective data handling and storage facility," in sentences


def test_pdf_title_is_its_first_large_line_without_metadata():
    import io

    import pytest

    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    from qa.corpus.pdf import read_pdf

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("Helvetica", 10)
    c.drawString(72, 790, "Version 3.1, printed in the spring")
    c.setFont("Helvetica-Bold", 24)
    c.drawString(72, 740, "Quorp Engine Handbook")
    c.setFont("Helvetica", 10)
    for i, y in enumerate(range(700, 400, -14)):
        c.drawString(72, y, f"Line {i} of the body text says how the glimmer pump of the engine works.")
    c.showPage()
    c.save()
    assert read_pdf(buf.getvalue(), "handbook.pdf").title == "Quorp Engine Handbook"


# a log's records: lines of 40-80 characters that end no sentence, as a hard-wrapped text's do
_MESSAGES = ["Starting worker pool with 4 threads and queue size 128", "Connection to db-primary established after retry",
             "Cache miss for key config/main, loading it from disk", "Disk usage at 81 percent on volume data",
             "Timeout waiting for upstream service payments", "Retrying request to upstream with backoff",
             "Scheduled job cleanup finished without errors", "Request handled in 35 ms for user session"]
_LEVELS = ["INFO", "WARN", "ERROR", "DEBUG"]
_STAMPS = {
    "iso": lambda i: f"2024-03-{1 + i % 28:02d} 12:{i % 60:02d}:{i * 7 % 60:02d} {_LEVELS[i % 4]}",
    "iso-t": lambda i: f"[2024-03-{1 + i % 28:02d}T12:{i % 60:02d}:{i * 7 % 60:02d}Z]",
    "syslog": lambda i: f"Mar {1 + i % 28:2d} 12:{i % 60:02d}:{i * 7 % 60:02d} myhost sshd[{1000 + i}]:",
    "level": lambda i: f"{_LEVELS[i % 4]:5} [worker-{i}]",
    "time": lambda i: f"12:{i % 60:02d}:{i * 7 % 60:02d}.{i:03d} [main]",
    "kernel": lambda i: f"[{i * 13.5:12.6f}]",
    "logfmt": lambda i: f"time=2024-03-01T12:{i % 60:02d}:00Z level={_LEVELS[i % 4].lower()} msg=",
    "npm": lambda i: f"{i} {['info', 'http', 'verbose', 'silly'][i % 4]}",
}


def _log(style: str, n: int = 40, messages=_MESSAGES) -> str:
    return "".join(f"{_STAMPS[style](i)} {messages[i * 5 % len(messages)]}\n" for i in range(n))


def _units(text: str) -> list[tuple[int, int]]:
    return [u for run in split_sentences(text, plain=True) for u in run]


@pytest.mark.parametrize("style", sorted(_STAMPS))
def test_a_log_is_read_one_record_a_line(style):
    text = _log(style)
    got = read_plain(text)
    assert wrap_width(text.split("\n")) == 0 and got.text == text  # not joined into paragraphs
    units = _units(text)
    assert not any("\n" in text[s:e] for s, e in units)  # no unit runs from one record into the next
    starts = {s for s, _ in units}
    line_starts = [m.start() for m in re.finditer(r"^(?=.)", text, re.M)]
    assert all(at in starts for at in line_starts)  # every record opens a unit


def test_a_short_log_is_not_joined_either():
    text = _log("iso", 5)
    assert len(_units(text)) == 5


def test_prose_with_a_few_dated_lines_is_still_hard_wrapped():
    prose = [ln for ln in WRAPPED.split("\n\n")[1].split("\n") if ln]  # three wrapped lines, no hyphen
    lines = [f"2024-03-0{i % 9 + 1} {ln}" if i % 3 == 0 else ln for i, ln in enumerate(prose * 4)]
    text = "\n".join(lines)  # a third of the lines open with a date, as a dated NEWS entry's first line
    assert wrap_width(lines) > 0
    assert read_plain(text).text.count("\n") < len(lines) // 2  # its lines are joined as before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(_STAMPS)),
       st.lists(st.lists(st.text(alphabet="abcdefghij", min_size=3, max_size=9), min_size=5, max_size=12).map(" ".join),
                min_size=3, max_size=30))
def test_no_unit_of_a_log_crosses_a_record(style, messages):
    """(A line of under two words is a short line, grouped with its neighbours as any text's are.)"""
    text = _log(style, len(messages) * 2, messages)
    assert read_plain(text).text == text
    assert not any("\n" in text[s:e] for s, e in _units(text))
