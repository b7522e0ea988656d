"""Session 21 (h111): a command or a line of code is never a plain-text file's title
(``titles.looks_like_code``), and a title the reader joined across lines of the file never takes a
copyright line (``text_title.one_line``).  Made-up text."""

from __future__ import annotations

import gzip

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.corpus.text_title import plain_title
from qa.corpus.titles import headline, looks_like_code

from ..conftest import read_files

BODY = "\n\nThe quorp tools measure the pumps of the harbour fleet and keep a log of each one.\n"

CODE = ['@python "%~d0%~p0quorp.py" %*', "$ quorp --foreground --debug", "% make install prefix=/opt",
        ">>> quorp.run(fleet)", "C:\\> quorp setup", "cd /etc/quorp/conf.d && \\",
        "./autogen.sh && ./configure && make", 'pumps(["harbour"])  # Quorp Licence 2.0',
        "if (quorp_cache_get(&cache, NULL) < 0)", "quorp-tools >= 0.2.0a0", "<!-- git log --pretty=format:'%h %s' -->",
        "[--indentless] [--in-place] [--version]", "#Serial number: 32D18D",
        "#!/bin/sh -e", "$HOME/.quorp/pumps.conf is Read First", "make 2>&1 | tee build.log", "int main(void) {",
        "kill -s USR1 280", "ln -s ../conf.avail/70-pumps.conf",
        "-rwsr-xr-x 1 root root 30736 2007-01-31 00:10 /bin/quorp",
        '67947c34ae (convert "pump() != 0" to "!pumped()", 2018-08-28)', "[pump_filter] [files [files ...]]",
        ".. include:: ../../../../NEWS.rst"]
TITLES = ['Using "Modern" Quorp Pumps', "A kind of FAQ for quorp on Debian GNU/{Linux,Hurd}",
          "README for the \"pg\" utility for Linux", "Version v2.39.5; changes since v2.39.4:",
          "C++ FAQ For Quorp Users",
          "Quorp NEWS - User visible changes. 2021-02-13", "The `make' Command And Its Friends", "100% Pure Quorp Data",
          "printf() and Friends In Quorp", "Q & A About The Harbour", "-*- outline -*-", "Release 1.2 (2026-01-05)",
          "==================== Changes in quorp-6.03 ====================", "tar -- the Quorp Tape Archiver",
          "quorp - a library to tune pumps", "[Draft] Quorp Harbour Guide", "Decaf (Coffee Without Caffeine)",
          "defaced (a quorp story)"]


def test_commands_and_code_look_like_code_and_titles_do_not():
    assert [c for c in CODE if not looks_like_code(c)] == []
    assert [t for t in TITLES if looks_like_code(t)] == []


def test_a_command_is_no_headline_and_the_next_title_line_is():
    for line in CODE:
        assert headline(line + BODY) == ""
        assert headline(line + "\n\nQuorp Pump Tools For The Fleet" + BODY) == "Quorp Pump Tools For The Fleet"


def test_a_centred_or_underlined_command_is_no_title():
    assert plain_title("        $ quorp --init --fleet harbour\n\n" + "The pumps run. " * 10) == ""
    assert plain_title("./configure && make install\n===========================\n\n" + "The pumps run. " * 10) == ""


def test_a_readme_ending_in_its_batch_line_is_titled_by_its_name(tmp_path):
    text = ("The quorp script moved to the top of the source tree.\n\nInvoke it as any other command, like "
            '"quorp clone", for instance.\n\nIt should contain just one line:\n\n    @python "%~d0%~p0quorp.py" %*\n')
    docs, _ = read_files(tmp_path, {"tools/quorp.README": text})
    assert docs["tools/quorp.README"].title == "quorp.README"


NAMED = """quorp - fast & portable PUMP tuning & logging.
Copyright (C) 1992  Jane Roe

This program is free software; you can redistribute it and/or modify
it under the terms of the Quorp Library General Public Licence as published by
the Quorp Foundation; either version 2 of the Licence, or (at your option)
any later version.

This program is distributed in the hope that it will be useful,
but WITHOUT ANY WARRANTY; without even the implied warranty of
MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
Quorp Library General Public Licence for more details.

Author's address: roe@example.org

This package was designed with the following goals: the highest possible
tuning performance for every pump of the harbour, portability to any machine
a harbour master might own, and a log of each tuning that a person can read.
"""


def test_a_title_joined_to_its_copyright_line_is_the_line_above_it(tmp_path):
    docs, _ = read_files(tmp_path, {"quorp/pumps.README.gz": gzip.compress(NAMED.encode())})
    doc = docs["quorp/pumps.README.gz"]
    assert doc.text.startswith("quorp - fast & portable PUMP tuning & logging. Copyright (C) 1992")  # one paragraph
    assert doc.title == "quorp - fast & portable PUMP tuning & logging."
    joined = "Quorp Pump Tuning And Logging Copyright (C) 1992 Jane Roe\n\n" + "The pumps run. " * 10
    assert plain_title(joined, ((0, 1), (joined.index("Copyright"), 2), (joined.index("The"), 4))) \
        == "Quorp Pump Tuning And Logging"
    assert plain_title(joined, ((0, 1),)) == joined.split("\n")[0]  # one line of the file: as before


def test_a_copyright_line_joined_under_a_code_line_leaves_no_title():
    joined = "$ quorp --tune all pumps Copyright (C) 1992 Jane Roe\n\n" + "The pumps run. " * 10
    assert plain_title(joined, ((0, 1), (joined.index("Copyright"), 2), (joined.index("The"), 4))) == ""


_WORD = st.sampled_from(["Quorp", "Engine", "Harbour", "Pump", "Release", "Notes", "Fleet", "Guide", "2.1", "for",
                         "the", "(beta)", "GNU/Linux", "C++", "Q&A", "v1.2:"])
_ARG = st.sampled_from(["--debug", "-s", "fleet.conf", "/etc/quorp", "%*", '"x y"', "all", "2>&1", "$HOME"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORD, min_size=3, max_size=10, unique=True), st.sampled_from(["$ ", "% ", ">>> ", "@", "C:\\> "]),
       st.lists(_ARG, min_size=1, max_size=5))
def test_a_prompted_command_is_never_the_title_and_a_line_of_words_stays(words, prompt, args):
    title = " ".join(words)
    command = f"{prompt}quorp {' '.join(args)}"
    assert looks_like_code(command)
    assert not looks_like_code(title)
    assert headline(f"{command}\n\n{title}" + BODY) == headline(title + BODY)


def test_a_programs_name_and_what_it_is_titles_it_above_a_short_paragraph():
    short = "\n\nBasic usage is as follows - there are two patterns:\n\n    quorp_tune(&pump);\n"
    assert plain_title("libquorp - a library to tune the pumps of a harbour" + short) == \
        "libquorp - a library to tune the pumps of a harbour"
    assert plain_title("Tuning the pumps of a harbour" + short) == ""  # by its layout only: too short a paragraph
