"""Naming documents by id or by a unique prefix of their id ("003" for "003_d56011ca44265691.txt").

One matcher for ``qa ask --doc`` and the chat's ``/filter`` (and for any other interface that takes ids).
"""

from __future__ import annotations

from typing import Iterable


def match_docs(ids: Iterable[str], wanted: Iterable[str]) -> tuple[list[str], list[str]]:
    """The document id each of ``wanted`` names (an exact id, or the prefix of exactly one id),
    without repeats; and the ``wanted`` that name no document or several."""
    ids = list(ids)
    known = set(ids)
    found, unknown = [], []
    for w in wanted:
        if w in known:
            found.append(w)
            continue
        hits = [i for i in ids if i.startswith(w)] if w else []
        if len(hits) == 1:
            found.append(hits[0])
        else:
            unknown.append(w)
    return list(dict.fromkeys(found)), unknown


def ambiguity(ids: Iterable[str], prefix: str, shown: int = 3) -> str:
    """Why ``prefix`` names no single document: "no document" or "N documents (a, b, c…)"."""
    hits = [i for i in ids if prefix and i.startswith(prefix)]
    if not hits:
        return "no document"
    more = "…" if len(hits) > shown else ""
    return f"{len(hits)} documents ({', '.join(hits[:shown])}{more})"
