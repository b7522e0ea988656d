"""Names in questions: several speakers, lower-case names, publications as sources, did-you-mean.

- "What did Erdogan and Putin say …" asks about two speakers (``split_speakers``).
- "what did lavrov say" names Lavrov: a lower-case name the corpus writes capitalised is restored
  to the corpus's own spelling (``corpus_spelling``).
- "according to the Financial Tribune", "IRNA reported": a publication or news agency is the
  source of a statement, not a person who speaks (``is_source``).
- "Zarrif" is not in the corpus, "Zarif" is: ``did_you_mean`` offers the index's names within a
  small edit distance.
"""

from __future__ import annotations

import re

from qa.search import tokenize

_SOURCE_WORDS = (r"tribune|times|news|agency|press|post|journal|herald|gazette|telegraph|guardian|monitor|daily|"
                 r"radio|tv|television|channel|network|magazine|review|wire|reuters|afp|ap|irna|isna|tasnim|fars|"
                 r"mehr|tass|sputnik|interfax|anadolu|xinhua|bbc|cnn|al-monitor|al-arabiya|al-jazeera|"
                 r"algemeiner|website|newspaper|outlet|report|statement")
_SOURCE = re.compile(rf"\b(?:{_SOURCE_WORDS})\b", re.I)
_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", re.I)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


def split_speakers(who: str) -> list[str]:
    """"Erdogan and Putin" -> ["Erdogan", "Putin"]; one name -> [that name]."""
    parts = [p.strip() for p in _SPLIT.split(who) if p and p.strip()]
    return parts if 1 < len(parts) <= 4 else [who]


def is_source(who: str) -> bool:
    """A publication or news agency ("the Financial Tribune", "IRNA"), not a person."""
    return bool(_SOURCE.search(who))


def corpus_spelling(index, who: str) -> str:
    """``who`` as the corpus writes it: typed in lower case ("lavrov" -> "Lavrov") or without the
    accents the corpus uses ("Erdogan" -> "Erdoğan")."""
    from .attribution import fold_accents

    words = _WORD.findall(who)
    if not words:
        return who
    last = words[-1]
    plain = fold_accents(last).lower()
    same = [n for n in did_you_mean(index, last) if fold_accents(n).lower() == plain]
    if same:
        return who[: who.rindex(last)] + same[0] + who[who.rindex(last) + len(last):]
    if any(ch.isupper() for ch in who):
        return who
    text = _sample(index, last)
    m = re.search(rf"(?<![\w-])({re.escape(last)})(?![\w-])", text, re.I) if text else None
    if m is None or not m.group(1)[:1].isupper():
        return who
    return " ".join(w[:1].upper() + w[1:] for w in who.split())


def _sample(index, word: str) -> str:
    """The text of the best passage for ``word`` ("" when the corpus never uses it)."""
    toks = tokenize(word)
    if not toks:
        return ""
    top = index.bm25_top(toks, 1)
    return index.chunk(top[0][0]).text if top else ""


def did_you_mean(index, name: str, limit: int = 3) -> tuple[str, ...]:
    """Names of the corpus within a small edit distance of ``name``'s last word, as the corpus spells them."""
    words = _WORD.findall(name)
    if not words:
        return ()
    last = words[-1]
    toks = tokenize(last)
    if not toks or toks[0] in index.bm25.term_ids:
        return ()
    out: list[str] = []
    for term in closest_terms(index, toks[0], limit=limit):
        text = _sample(index, term)
        m = re.search(rf"(?<![\w-])({re.escape(term)}\w*)", text, re.I)
        if m and m.group(1)[:1].isupper():  # a name: the corpus writes it capitalised
            out.append(m.group(1))
    return tuple(dict.fromkeys(out))


def closest_terms(index, stem: str, limit: int = 3) -> tuple[str, ...]:
    """Vocabulary terms within a small edit distance of an unknown ``stem`` (typos: "strengt")."""
    if len(stem) < 4 or not stem.isalpha():
        return ()
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    vocab = index.__dict__.get("_names_vocab")
    if vocab is None:
        vocab = index.__dict__["_names_vocab"] = [t for t in index.bm25.term_ids if t.isalpha()]
    cutoff = 1 if len(stem) < 7 else 2
    found = process.extract(stem, vocab, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=limit)
    return tuple(term for term, _d, _i in found)
