"""Does the evidence answer the question?  The question's key terms must be supported by it.

The key terms of a question are what makes it *this* question and not a neighbouring one: names
("American Union law", "Leon monumental theatre"), numbers and years, negation ("what is *not* …"),
and words the corpus never uses at all ("snake venom" against a corpus about scorpion venom).
A key term is supported by a piece of evidence when the evidence holds the term itself (stemmed,
accents folded), one of its aliases ("US" / "United States"), or, for a misspelt word the corpus
does not know, the corpus word it is closest to by edit distance ("Sigimund" -> "Sigismund").

Everything here comes from the index itself: its BM25 vocabulary and document frequencies (a
name counts only if the corpus uses it rarely enough to tell passages apart) and its documents'
own spelling.  Nothing is fitted to one question set; see the README ("Answers") for how the two
rules that decide (which key terms count, how much evidence is looked at) were chosen on half of
one set and checked on the other half and on a second set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.search import aliases, mentions
from qa.search import STOPWORDS, normalize, tokenize
from .attribution import fold_accents
from .evidence import word_stems
from .opposites import STOP_OPPOSITES, context, contradicts, opposites

_QWORDS = {"what", "who", "whom", "whose", "when", "where", "why", "how", "which", "in", "on", "at", "the", "a",
           "an", "did", "does", "do", "is", "are", "was", "were", "according", "and", "but", "so", "if", "after",
           "before", "along", "aside", "besides", "during", "for", "from", "since", "with", "by", "of", "to", "as"}
_WORD = re.compile(r"[^\W_][\w'\u2019.-]*[^\W_]|[^\W_]")
NEGATION = re.compile(r"\b(?:not|never|no|none|neither|nor|without|cannot|n't)\b|n['\u2019]t\b", re.I)
_QUOTED_WORD = re.compile(r"[\"'][^\"'\s]+[\"']")
_NTH = re.compile(r"(\d+)(?:st|nd|rd|th|s)", re.I)  # an ordinal or a decade
_NUMBER_SHAPE = re.compile(r"\d[\d,.]*(?:st|nd|rd|th|s)?", re.I)  # 1817, 3.5, 1,000, 17th, 1990s
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"}
_NOT_NEGATING = re.compile(r"\b(?:whether or not|or not|not only|no matter|no longer than|not least)\b", re.I)
# superlatives ("softest", "latest", "least"): a question about the highest point is not answered by
# one about the lowest ("first" and "most" are too common in answers that paraphrase them to count)
_SUPERLATIVE = re.compile(r"[a-z]{2,}est|least|best|worst")
_NOT_SUPERLATIVE = {"interest", "request", "forest", "west", "test", "rest", "protest", "suggest", "contest", "honest",
                    "modest", "harvest", "manifest", "arrest", "invest", "digest", "chest", "quest", "nest", "priest",
                    "guest", "pest", "vest", "crest", "conquest", "inquest", "bequest", "midwest", "southwest",
                    "northwest", "earnest", "unrest", "congest", "ingest", "attest", "detest", "infest", "molest",
                    "pretest", "behest", "tempest", "incest", "celest", "alkest"}
CONTRADICTED = ("polarity", "swap")  # key terms a text can say the opposite of: judged on each text, not repaired
COMMON_SHARE = 0.2  # a name found in more than this share of passages does not tell them apart


@dataclass(frozen=True)
class KeyTerm:
    text: str  # as asked
    stems: tuple[str, ...]  # BM25 tokens that count as the term (its own, or the corpus word it is closest to)
    kind: str  # "name", "number", "negation", "superlative", "phrase" (a named phrase: "World War I"), "swap"
    # (a run of capitalised words: "St. John's Tower"), "polarity" (a word with opposites: "inappropriate");
    # "count": what "how many" counts (``choose``)
    alts: tuple[str, ...] = ()  # aliases matched as phrases ("United States" for "US"); a polarity word's opposites
    context: tuple[str, ...] = ()  # a polarity word's neighbours in the question ("measures" of "inappropriate measures")


def _df_share(index, stem: str) -> float:
    t = index.bm25.term_ids.get(stem)
    if t is None:
        return 0.0
    return float(index.bm25.indptr[t + 1] - index.bm25.indptr[t]) / max(index.n_chunks, 1)


def known(index, stem: str) -> bool:
    return stem in index.bm25.term_ids


def closest_terms(index, stem: str, limit: int = 3) -> tuple[str, ...]:
    """Vocabulary terms within a small edit distance of an unknown ``stem`` (typos: "strengt")."""
    if len(stem) < 4 or not stem.isalpha():
        return ()
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    cutoff = 1 if len(stem) < 7 else 2
    found = process.extract(stem, _vocab(index), scorer=Levenshtein.distance, score_cutoff=cutoff, limit=limit)
    return tuple(term for term, _d, _i in found)


def _vocab(index) -> list[str]:
    vocab = getattr(index, "_answerable_vocab", None)
    if vocab is None:
        vocab = [t for t in index.bm25.term_ids if t.isalpha()]
        index._answerable_vocab = vocab
    return vocab


def key_terms(index, question: str) -> list[KeyTerm]:
    """Names, numbers, negation and corpus-unknown words of ``question`` (see the module doc)."""
    q = normalize(question)
    out: list[KeyTerm] = []
    seen: set[str] = set()
    if NEGATION.search(_NOT_NEGATING.sub(" ", q)):
        out.append(KeyTerm("not", (), "negation"))
    out.extend(_phrases(q))
    words = list(_WORD.finditer(q))
    for i, m in enumerate(words):
        raw = m.group(0).rstrip(".'\u2019")
        if raw.lower().endswith(("'s", "\u2019s")):
            raw = raw[:-2]
        low = raw.lower()
        if low in STOP_OPPOSITES and not (i > 0 and words[i - 1].group(0).lower() == "how") and low not in seen:
            against = tuple(o for o in STOP_OPPOSITES[low] if not re.search(rf"\b{o}\b", q, re.I))
            if against:  # "the same set" is not answered by "a different set"
                seen.add(low)
                out.append(KeyTerm(raw, (low,), "polarity", against, context(q, m.start(), m.end())))
            continue
        if not raw or low in STOPWORDS or low in _QWORDS or NEGATION.fullmatch(low):
            continue
        stems = tuple(dict.fromkeys(word_stems(fold_accents(raw))))
        if not stems:
            continue
        key = " ".join(stems)
        if key in seen:
            continue
        if low in _MONTHS:
            continue  # "the September ceasefire": news dates a story by its day ("on Tuesday"), not its month
        if _SUPERLATIVE.fullmatch(low) and low not in _NOT_SUPERLATIVE:
            seen.add(key)  # "the softest problem" is not "the hardest problem"
            out.append(KeyTerm(raw, stems, "superlative"))
            continue
        if raw[0].isdigit():
            if not _NUMBER_SHAPE.fullmatch(raw):
                continue  # "2oth": a typo, not a number to hold the evidence to
            seen.add(key)
            out.append(KeyTerm(raw, stems, "number"))
            continue
        if raw in _ROMAN:
            seen.add(key)
            out.append(KeyTerm(raw, stems, "number"))
            continue
        first_word = i == 0 or words[i - 1].group(0).endswith(("?", ":", '"'))
        capital = raw[:1].isupper() and (not first_word or raw.isupper() or m.group(0).lower().endswith("'s"))
        frame = i > 0 and words[i - 1].group(0).lower() == "how"  # "how many", "how long": asked, not claimed
        opposite = () if capital or frame else opposites(index, low, q[: m.start()] + " " + q[m.end() :])
        if opposite:  # "inappropriate measures" is not answered by "appropriate measures"
            seen.add(key)
            out.append(KeyTerm(raw, stems, "polarity", opposite, context(q, m.start(), m.end())))
            continue
        if not all(known(index, s) for s in stems):
            if capital:  # a name the corpus never uses, or misspells: the closest names count too
                close = () if raw.isupper() else tuple(  # "FLIS" is another acronym than "FIS", not a typo
                    c for s in stems if not known(index, s) for c in closest_terms(index, s))
                seen.add(key)
                out.append(KeyTerm(raw, stems + close, "name", _alias_list(raw)))
            continue  # a lower-case word the corpus never uses: a paraphrase or a typo as often as a swapped fact
        if capital and max(_df_share(index, s) for s in stems) <= COMMON_SHARE:
            seen.add(key)
            out.append(KeyTerm(raw, stems, "name", _alias_list(raw)))
    return out


def _phrases(q: str) -> list[KeyTerm]:
    """Named phrases in the question.  Those of the alias table ("World War I", "United States") must
    be held as the phrase or an alias of it, not just as words ("the Second World War").  Any other
    run of capitalised words ("St. John's Tower") is contradicted by a text that names another of its
    kind ("Gunpowder Tower") and never it."""
    out = []
    for m in _named_phrases().finditer(q):
        group = aliases(m.group(0))
        if not any(set(t.alts) & set(group) for t in out):
            out.append(KeyTerm(m.group(0), (), "phrase", group))
    for m in _NAME_RUN.finditer(q):  # "St. John's Tower": not "Gunpowder Tower" (``supports``)
        phrase = m.group(0)
        if m.start() > 0 and not any(t.text == phrase for t in out):
            out.append(KeyTerm(phrase, (), "swap", (phrase,) + aliases(phrase)[1:]))
    return out


@lru_cache(maxsize=1)
def _named_phrases() -> re.Pattern:
    """One pattern for the alias table's capitalised phrases of several words, longest first."""
    from qa.search.aliases import _GROUPS

    names = sorted({n for g in _GROUPS for n in g if " " in n and n[:1].isupper()}, key=len, reverse=True)
    return re.compile("|".join(rf"(?<![\w.]){re.escape(n).replace(chr(92) + ' ', chr(92) + 's+')}(?!\w)" for n in names), re.I)


_NAME_RUN = re.compile(r"(?:[A-Z][\w.\u2019'-]*)(?:\s+[A-Z][\w.\u2019'-]*)+")


def _alias_list(raw: str) -> tuple[str, ...]:
    al = aliases(raw)
    return al[1:] if len(al) > 1 else ()


@lru_cache(maxsize=4096)
def _tokens(text: str) -> frozenset[str]:
    return frozenset(tokenize(fold_accents(text)))


_NUMBER_WORDS = {str(i): w for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_ROMAN = {r: _NUMBER_WORDS[str(i)] for i, r in enumerate(("I", "II", "III", "IV"), 1)}
_NUMBERED = "class|type|phase|part|stage|grade|article|chapter|volume|war|division|category|title|book|level"  # "… I"
_AS_ROMAN = {str(i): r for i, r in enumerate(("I", "II", "III", "IV"), 1)}
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "I": "first", "II": "second", "III": "third",
             "IV": "fourth"}
PREFIX = 6  # "german" / "germani", "aristotl" / "aristotelian": one word's forms


def _related(stem: str, toks: frozenset[str]) -> bool:
    if stem in toks:
        return True
    if len(stem) < PREFIX or not stem.isalpha():
        return False
    return any(len(t) >= PREFIX and t[:PREFIX] == stem[:PREFIX] and (t.startswith(stem[:-1]) or stem.startswith(t[:-1]))
               for t in toks)


def supports(term: KeyTerm, text: str) -> bool:
    """Does ``text`` hold the key term (its stems, an alias, or for negation, a negation)?"""
    if term.kind == "negation":  # a word in quotes is mentioned, not said: ("yes" or "no") negates nothing
        return bool(NEGATION.search(_QUOTED_WORD.sub(" ", normalize(text))))
    if term.kind == "swap":
        if mentions(text, term.alts):
            return True
        words = term.text.replace("\u2019", "'").split()
        head, before = words[-1].removesuffix("'s"), words[-2]
        for m in re.finditer(rf"\b([A-Z][\w.'\u2019-]*)\s+{re.escape(head)}\b", text):
            if m.group(1).replace("\u2019", "'") != before:
                return False  # "Gunpowder Tower" is another tower than "St. John's Tower"
        return True
    if term.kind == "phrase":
        return mentions(text, term.alts)
    if term.kind == "polarity":
        return not contradicts(term, text)
    nth = _NTH.fullmatch(term.text) if term.kind == "number" else None
    if nth and re.search(rf"(?<![\d.,]){nth.group(1)}(?:st|nd|rd|th|s)?(?![\d])", text):
        return True  # "16th": not "17th" (whose "th" is a token too), "1990s"
    toks = _tokens(text)
    if not nth and (all(_related(s, toks) for s in term.stems[:1]) or any(s in toks for s in term.stems[1:])):
        return True
    if term.kind == "number":
        words = [w for w in (_NUMBER_WORDS.get(term.text), _ROMAN.get(term.text), _ORDINALS.get(term.text)) if w]
        if words and re.search(rf"\b(?:{'|'.join(words)})\b", text, re.I):
            return True
        roman = _AS_ROMAN.get(term.text)  # "MHC Class 1" / "MHC Class I"
        if roman and re.search(rf"\b(?:[A-Z][\w-]*|{_NUMBERED})\s+{roman}(?![\w.'\u2019])", text):
            return True
    return bool(term.alts) and mentions(text, term.alts)


def unsupported(terms: list[KeyTerm], texts: list[str]) -> list[KeyTerm]:
    """The key terms none of ``texts`` supports (a polarity word: that one of them contradicts)."""
    return [t for t in terms if (not all(supports(t, x) for x in texts if x) if t.kind in CONTRADICTED
                                 else not any(supports(t, x) for x in texts if x))]


def describe(missing: list[KeyTerm]) -> str:
    """"Tehran's population" -> 'The corpus does not say anything about "population" …'."""
    counted = [t.text for t in missing if t.kind == "count"]
    if counted:
        return f"The passages that come closest never give a number of \u201c{counted[0]}\u201d."
    unnamed = [t.text for t in missing if t.kind == "name" and not t.stems]
    if unnamed:
        return f"The passages that come closest never give the name of \u201c{unnamed[0]}\u201d."
    opposed = [t for t in missing if t.kind == "polarity"]
    if opposed:
        return (f"The passages that come closest say \u201c{opposed[0].alts[0]}\u201d, "
                f"not \u201c{opposed[0].text}\u201d.")
    shown = [t.text for t in missing if t.kind != "negation"]
    neg = any(t.kind == "negation" for t in missing)
    if shown:
        listed = ", ".join(f"\u201c{s}\u201d" for s in shown[:3])
        return f"The passages that come closest never mention {listed}."
    if neg:
        return "The passages that come closest say what is, not what is not."
    return "The corpus does not answer this question."

