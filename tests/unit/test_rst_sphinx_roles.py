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
    assert "See the resolver notes and /user_guide first, then call run or Engine.start with --quiet." in text
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
