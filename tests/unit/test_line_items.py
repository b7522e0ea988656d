"""One-line items inside a hard-wrapped text stay lines (qa/corpus/line_items.py, plaintext.read_plain)."""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.chunking import split_sentences
from qa.corpus.line_items import counted_items, kind
from qa.corpus.plaintext import read_plain, wrap_width

PROSE = ("The quorp engine release brings a new pump governor that keeps the glimmer frequency steady "
         "over long winters, a quieter hull mount, and many small fixes to the survey tools that the "
         "crews asked for during the last season of trials on the northern routes.")
INTRO = textwrap.fill(PROSE, 70)


def _lines(got_text: str) -> set[str]:
    return {ln.strip() for ln in got_text.split("\n")}


SHORTLOG = INTRO + """

Ada Quorp (5):
      pump-governor: keep the glimmer frequency steady in the cold
      Fix the survey tool crash when a crew reports an empty route
      t/lib-survey: drop the old winter fixture files of the hull
      Add the quieter hull mount to the default build of the engine
      ci: stop installing the old pump emulator on every build run

Bo Hull (2):
      hull-mount: reduce the rattle of the engine at night on ships
      Revert "hull-mount: reduce the rattle of the engine at night"
"""


def test_a_shortlog_keeps_one_subject_a_line():
    assert wrap_width(SHORTLOG.split("\n")) > 0  # the text is found hard-wrapped ...
    got = read_plain(SHORTLOG)
    lines = _lines(got.text)
    for subject in SHORTLOG.split("\n")[6:11] + SHORTLOG.split("\n")[13:15]:
        assert subject.strip() in lines  # ... and each subject is a line of its own
    assert PROSE in got.text  # the wrapped paragraph is joined


def test_no_unit_runs_one_item_into_the_next():
    for text in (SHORTLOG, HASHES):
        got = read_plain(text)
        for run in split_sentences(got.text, plain=True):
            for s, e in run:
                assert "\n" not in got.text[s:e].strip(), got.text[s:e]


def test_counted_items_need_the_count_to_match():
    lines = SHORTLOG.split("\n")
    assert counted_items(lines) == {7, 8, 9, 10, 14}
    wrong = [ln.replace("(5):", "(4):") for ln in lines]
    assert 7 not in counted_items(wrong)


HASHES = INTRO + """

1b989874 Merge changes from the survey branch into the main engine tree
acd7b5af Introduce a test tool for the pump governor of the quorp engine
0d92ff25 libquorp: remove a useless variable in the hull mount routines
556cb1b4 Merge "CMake: set the pump emulator option to off by default"

commit 0a2fd044770d645b7707d2b4926a3214147973a8
Author: Ada Quorp <ada@quorp.example>
Date:   Wed Aug 31 10:46:59 2011 -0400
"""


def test_a_hash_list_and_a_commit_header_stay_lines():
    got = read_plain(HASHES)
    lines = _lines(got.text)
    for line in HASHES.split("\n")[6:10] + ["commit 0a2fd044770d645b7707d2b4926a3214147973a8"]:
        assert line in lines


AUTHORS = INTRO + """

Contributors:
      Timo Schultz-Brandenburger <twoaday at quorp.example.org>
      Jonathan Bastien-Filiatrault <joe at hullmount.example.org>
      Copyright (C) 2001-2008 Ada Quorp <ada@pumpgovernor.example>
      Copyright (C) 2009 Bo Hull <bo.hull@northern-routes.example.org>
      - Merged in the features from the northern survey tools as
        written by the crews of the quorp ships during the trials
              o QUORP_SetElementDeclarationHandler
              o QUORP_SetAttributeListDeclarationHandler
"""


def test_an_authors_list_and_o_bullets_stay_lines():
    got = read_plain(AUTHORS)
    lines = _lines(got.text)
    for line in AUTHORS.split("\n")[6:10] + AUTHORS.split("\n")[12:14]:
        assert line.strip() in lines
    # the item's wrapped line is still joined to it
    assert "- Merged in the features from the northern survey tools as written by the crews" in got.text


VARIED = textwrap.fill(PROSE, 66) + "\n\n" + textwrap.fill(
    "The problem was introduced by commits 69d1b3fc29677af8ade8dc15dba83f0589cb63d6 (2022-03-29), "
    "bd7b290f3fe4faeceb7d3497ed9bf2e6ed5e7dc5 (2022-07-18), and the hull mount change that followed. "
    "Russia and nearby places had daylight-saving transitions on 1992-03-29 at 02:00 and 1992-09-27 "
    "at 03:00, instead of on 1992-03-28 at 23:00 and 1992-09-26 at 23:00, as the crews reported. "
    "It was created by Sergei Quorpovich <sergei@quorp.example> and Francesco Paolo Hullmount "
    "<frankie@hull.example>, who kept the pump governor running.", 72, initial_indent="    ",
    subsequent_indent="    ") + "\n\n" + textwrap.fill(
    "deviceID: CARD8 which: KB_NAMESMASK minKeyCode, maxKeyCode: KEYCODE nTypes: CARD8 nKTLevels: "
    "CARD16 groupNames: KB_GROUPMASK firstKey: KEYCODE nKeys: CARD8 indicators: KB_INDICATORMASK "
    "nRadioGroups, nKeyAliases: CARD8 present: KB_NAMEDETAILMASK valueList: LISTofITEMs", 70) + "\n"


def test_wrapped_prose_of_varied_widths_and_indents_is_still_joined():
    assert wrap_width(VARIED.split("\n")) > 0
    got = read_plain(VARIED)
    paragraphs = [p for p in got.text.split("\n\n") if p.strip()]
    assert len(paragraphs) == 3 and not any("\n" in p.strip() for p in paragraphs)


def test_item_kinds():
    assert kind("      send-email: drop FakeTerm hack") == "area"
    assert kind("1b989874 Merge changes") == kind("327238  Callgrind assertion") == kind("2007, Peter K") == "id"
    assert kind("Timo Schulz <twoaday at gnutls.org>") == "person"
    assert kind("o XML_SetElementDeclHandler") == "o"
    for prose in ("It was created by Sergei Golovan <sgolovan@debian.org> and", "1992-03-29 at 02:00 and",
                  "69d1b3fc29677af8ade8dc15dba83f0589cb63d6 (2022-03-29),", "2549, 3112, 4314, 4407,",
                  "Send-Email: is a field", "the engine ran: fine"):
        assert kind(prose) == "", prose


# no word the "person" opener takes for prose ("It was created by X <x@y> and"): "Aa Of <aa@…>" is no name
_PROSE_WORDS = {"and", "by", "was", "were", "is", "are", "the", "to", "of", "from", "with", "for", "or", "thanks",
                "written", "see"}
_WORD = st.text(alphabet="abcdefghijklmnop", min_size=2, max_size=8).filter(lambda w: w not in _PROSE_WORDS)
_OPENER = st.sampled_from(["area", "hash", "person"])


def _item(opener: str, n: int, words: list[str]) -> str:
    head = {"area": f"{words[0]}: ", "hash": f"{n:07x}a ", "person": ""}[opener]
    body = " ".join(words[1:])
    if opener == "person":
        return f"{words[0].title()} {words[1].title()} <{words[2]}@{words[3]}.example.org>"
    return head + body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_OPENER, st.lists(st.lists(_WORD, min_size=9, max_size=14), min_size=3, max_size=12), st.integers(60, 78))
def test_items_after_wrapped_prose_stay_one_a_line(opener, items, width):
    body = [_item(opener, i + 1, words) for i, words in enumerate(items)]
    body = [b[:width] for b in body]
    text = textwrap.fill(PROSE + " " + PROSE, width) + "\n\n" + "\n".join(body) + "\n"
    got = read_plain(text)
    assert PROSE in got.text.split("\n\n")[0]
    starts = {ln.split()[0] for ln in got.text.split("\n") if ln.strip()}
    found = wrap_width(text.split("\n"))  # the width the reader finds (the 90th percentile of line lengths)
    for prev, b in zip([""] + body, body):
        room = len(prev) + 1 + len(b.split()[0]) < found  # the filler would have put its first word on ``prev``
        if opener != "area" or room:  # "area: " lines only when the break is not the filler's
            assert b.split()[0] in starts and f"\n{b}" in got.text
