"""Session 21: a licence or copyright paragraph is never a plain-text file's title (``titles.notice_lines``).
Made-up text: a NEWS file that opens with its notice was titled by a line of it ("or FITNESS FOR A
PARTICULAR PURPOSE.  See the GNU Lesser General Public")."""

from __future__ import annotations

import gzip

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.corpus.text_title import plain_title
from qa.corpus.titles import headline, notice_lines

from ..conftest import read_files

NOTICE = """Copyright 2001-2026 The Quorp Foundation, Inc.
Contributed by the Harbour Engines Project.

This file is part of the Quorp Engine Library.

The Quorp Engine Library is free software; you can redistribute it and/or modify
it under the terms of the Quorp Public Licence as published by the Quorp
Foundation; either version 3 of the Licence, or (at your option) any later version.

The Quorp Engine Library is distributed in the hope that it will be useful, but
WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
or FITNESS FOR A PARTICULAR PURPOSE.  See the Quorp Public Licence For More Details.
"""
NEWS = NOTICE + """
##############################################################################

Changes from versions 2.1 to version 2.2:
- The "harbour" release.
- New functions quorp_spin and quorp_halt.
"""


def test_no_line_of_a_licence_paragraph_is_a_title(tmp_path):
    assert plain_title(NEWS) == ""
    docs, _ = read_files(tmp_path, {"quorp/NEWS.gz": gzip.compress(NEWS.encode())})
    assert docs["quorp/NEWS.gz"].title == "quorp: NEWS"  # its name and folder, as any untitled NEWS


def test_the_title_after_a_notice_is_found():
    assert plain_title(NOTICE + "\n                    The Quorp Engine Manual\n\n" + "Words of the manual. " * 20) \
        == "The Quorp Engine Manual"  # centred, after the notice
    assert plain_title(NOTICE.split("\n\n")[0] + "\n\nQuorp Engine Release Notes\n\n" + "The pumps changed. " * 20) \
        == "Quorp Engine Release Notes"


def test_a_title_line_above_its_copyright_line_stays_a_title():
    text = "Quorp Engine Tools Version 2\nCopyright (C) 2026 Jane Roe\n\n" + "The tools measure pumps. " * 10
    assert headline(text) == "Quorp Engine Tools Version 2"
    assert notice_lines(text.split("\n")) == {1}


def test_a_notice_wrapped_over_lines_is_found_where_its_words_start():
    lines = ["A Quorp Engine Tool For Pumps", "This program is free software; you",
             "can redistribute it Under The Terms Of Its Licence", "", "Next Paragraph Title Here Now"]
    assert notice_lines(lines) == {1, 2}
    assert headline("\n".join(lines)) == "A Quorp Engine Tool For Pumps"
    assert headline("\n".join(lines[1:])) == "Next Paragraph Title Here Now"


def test_a_licence_title_is_no_notice():
    assert notice_lines(["GNU GENERAL PUBLIC LICENSE", "Version 2, June 1991"]) == set()


_TITLE = st.lists(st.sampled_from(["Quorp", "Engine", "Harbour", "Pump", "Release", "Notes", "Fleet"]),
                  min_size=3, max_size=7, unique=True).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(NOTICE.split("\n\n")), min_size=1, max_size=3), _TITLE)
def test_after_any_notice_paragraphs_the_title_is_the_first_title_line(paras, title):
    """(within ``headline``'s first 15 lines, as any title)"""
    text = "\n\n".join(p.strip("\n") for p in paras) + f"\n\n{title}\n\n" + "The pumps were tested. " * 3
    assert headline(text) == title


def test_a_credit_line_is_no_title():
    body = "\n\nThe quorp tools measure the pumps of the harbour fleet.\n"
    for credit in ("Author: Ralph Roe, Quorp Consortium", "Maintained by the Quorp Harbour Team", "AUTHORS: Jane Roe and Ana Doe"):
        assert headline(credit + body) == ""
    assert headline("Maintainers Guide To Quorp Pumps" + body) == "Maintainers Guide To Quorp Pumps"
