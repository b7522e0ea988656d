"""Sphinx roles in reStructuredText read as their text, not their markup (made-up text)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.rst import read_rst

DOC = """Installing
==========

See :ref:`the resolver notes <resolver>` and :doc:`/user_guide` first, then call
:py:func:`~tool.core.run` or :meth:`Engine.start` with :option:`--quiet`.

Press :kbd:`Ctrl-C` to stop; :pep:`8` and :math:`x^2` are docutils' own.
A role nobody knows, :madeup:`thing`, stays as written.
"""


def test_sphinx_roles_give_their_text():
    text = read_rst(DOC, "install.rst").text
    assert "See the resolver notes and user_guide first, then call run or Engine.start with --quiet." in text
    assert "Press Ctrl-C to stop; PEP 8 and x^2 are docutils' own." in text
    assert ":madeup:`thing`" in text  # unknown to Sphinx too: kept, not dropped
    assert ":ref:" not in text and "<resolver>" not in text


_ROLE = st.sampled_from([":ref:", ":doc:", ":py:class:", ":func:", ":term:", ":kbd:", ":pep:", ":x:"])
_BODY = st.text(alphabet=st.sampled_from(list("ab ~!.<>`\\")), min_size=0, max_size=12)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_ROLE, _BODY), max_size=6))
def test_role_soup_never_crashes(parts):
    src = "Words " + " and ".join(f"{r}`{b}`" for r, b in parts) + " end.\n"
    got = read_rst(src, "x.rst")
    assert isinstance(got.text, str)


DIRECTIVES = """Intro line.

.. seealso:: Module :mod:`zipfile`

   Other words about archives.

.. versionadded:: 3.2
   The *level* parameter.

.. glossary::
   :sorted:

   cache entry
      A stored answer kept for a day.

.. toctree::

   hidden/page

.. code-block:: python

   keep = 1
"""


def test_sphinx_prose_directives_keep_their_words_at_their_lines():
    ex = read_rst(DIRECTIVES, "notes.rst")
    text = ex.text
    for words in ("Module zipfile", "Other words about archives.", "The level parameter.",
                  "cache entry", "A stored answer kept for a day.", "keep = 1"):
        assert words in text
    assert ":sorted:" not in text and "hidden/page" not in text and "Unknown directive" not in text
    at = text.index("A stored answer")
    assert max(line for off, line in ex.lines if off <= at) == 14


def test_substitution_badges_give_no_words_an_image_in_a_sentence_does():
    ex = read_rst("Quill\n=====\n\n|build| |pypi|\n\n| |a| |b|\n| |c|\n\nPress |gear| to fold.\n\n"
                  ".. |build| image:: https://ci.example.org/q.png\n   :target: https://ci.example.org\n"
                  ".. |pypi| image:: https://pypi.example.org/q.svg\n   :alt: PyPI version\n"
                  ".. |a| image:: a.png\n.. |b| image:: b.png\n.. |c| image:: c.png\n"
                  ".. |gear| image:: gear.png\n   :alt: the gear\n\n"
                  "Logo: |logo|_\n\n.. |logo| image:: logo.png\n.. _logo: https://q.example\n")
    assert ex.text == "Quill\n\nPress the gear to fold.\n\nLogo:"


def test_superscripts_read_as_powers_subscripts_and_ordinals_run_on():
    ex = read_rst("Quill folds 10\\ :sup:`9` boats, H\\ :sub:`2`\\ O, 2\\ :sup:`n` - 1 sheets, "
                  "3 * 10 :sup:`6` bytes in O(n :sup:`2`) on the 1\\ :sup:`st` try.\n")
    assert ex.text == "Quill folds 10^9 boats, H2O, 2^n - 1 sheets, 3 * 10^6 bytes in O(n^2) on the 1st try."


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.text("abcdefghij", min_size=1, max_size=6), min_size=1, max_size=4, unique=True),
       prose=st.lists(st.text("klmnopqrstuvwxyz", min_size=1, max_size=8), min_size=2, max_size=10).map(" ".join))
def test_a_row_of_substitution_images_gives_no_words(names, prose):
    row = " ".join(f"|{n}|" for n in names)
    defs = "".join(f".. |{n}| image:: https://x.example/{n}.png\n   :alt: {n} badge\n" for n in names)
    assert read_rst(f"{row}\n\n{prose}.\n\n{defs}").text == prose + "."


def test_a_thumbnail_linked_to_its_image_keeps_its_alt_in_a_sentence():
    ex = read_rst("See |boat| afloat.\n\n.. |boat| image:: boat-small.png\n   :alt: the boat\n   :target: boat.png\n")
    assert ex.text == "See the boat afloat."
