"""Opening an index for questions: load it, or build it first when the corpus has none yet.

The one way in for ``qa ask``, ``qa chat``, ``qa eval`` and ``qa docs``: each passes how it
wants to hear about a first build (``on_build``) and hands ``build`` the progress and skip
callbacks of its own interface.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from qa.errors import IndexMissingError

from .versions import index_fix


def open_or_build(
    corpus: Path | None,
    index_dir: Path,
    *,
    model: str | None = None,
    build_if_missing: bool = True,
    build: Callable[..., Any] | None = None,
    on_build: Callable[[Path, Path], None] | None = None,
):
    """Load the index at ``index_dir`` (checked against ``model`` when given).

    When there is none and ``build_if_missing``, the corpus is indexed first: with ``build(corpus,
    index_dir, model=model)`` when given (an interface's progress display), else ``build_index``.
    ``on_build(corpus, index_dir)`` is told just before.  Other problems raise as they are.
    """
    from .loaded import load_index

    try:
        return load_index(index_dir, model=model)
    except IndexMissingError as err:
        if not build_if_missing or corpus is None or not corpus.exists():
            if corpus is not None:  # the command that builds it names the corpus too
                raise IndexMissingError(err.message, fix=index_fix(index_dir, build=True, corpus=corpus)) from None
            raise
    if on_build is not None:
        on_build(corpus, index_dir)
    if build is None:
        from .build import build_index as build
    build(corpus, index_dir, model=model)
    return load_index(index_dir, model=model)
