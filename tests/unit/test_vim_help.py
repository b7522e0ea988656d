"""A Vim help file is titled as its opening shows it, not by its tag line: made-up help files."""

from __future__ import annotations

from qa.corpus.readers import plain_title
from qa.corpus.vim_help import is_vim_help, vim_title

USER = ("*usr_77.txt*\tFor Vim version 9.9.  Last change: 2031 Jan 02\n\n"
        "\t\t     VIM USER MANUAL - by Somebody Else\n\n"
        "\t\t\t  Polishing the quorp\n\n\n"
        "Quorps shine when polished.  See |usr_78.txt|.\n\n>\n\t:polish quorp\n<\n")
REFERENCE = ("*quorp.txt*   For Vim version 9.9.  Last change: 2031 Jan 02\n\n\n"
             "\t\t  VIM REFERENCE MANUAL    by Somebody Else\n\t\t\t\tand Another Person\n\n\n"
             "Quorp handling\t\t\t\t*quorp* *quorps*\n\n1. Introduction\t\t|quorp-intro|\n")
PROSE = ("*wibble.txt*  For Vim version 9.9.  Last change: 2031 Jan 02\n\n"
         "\t\t  VIM REFERENCE MANUAL    by Somebody Else\n\n"
         "This file describes the commands that wibble text.  In this context, wibbling\n"
         "means moving it a little.\n")


def test_the_title_is_the_line_below_the_banner_not_the_tag_line():
    assert is_vim_help(USER) and plain_title(USER) == "Polishing the quorp"
    assert plain_title(REFERENCE) == "Quorp handling"  # its tags are not part of it


def test_a_help_file_without_a_title_line_is_named_by_its_tag():
    assert plain_title(PROSE) == "wibble.txt"
    assert vim_title("*tags.txt*  For Vim version 9.9\n\n\t\t*quorp-tags*\n\nSome prose.\n") == "tags.txt"


def test_other_text_is_not_a_vim_help_file():
    text = "*bold* words For Vim version 9 fans\n\n\t\t\tCentred Title\n"
    assert not is_vim_help(text) and vim_title(text) is None
    assert vim_title("Notes.txt\n*notes.txt* For Vim version 9.9\n") is None  # the tag line must come first


def test_the_text_keeps_its_markup_so_quotes_stay_exact():
    from qa.corpus.plaintext import read_plain

    text = read_plain(USER, "usr_77.txt").text
    assert "See |usr_78.txt|." in text and ":polish quorp" in text
