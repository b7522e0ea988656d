"""The analysed question: computed once per question, passed to every step of the pipeline.

``analyse(index, text)`` gives a ``Question``: its kind (declared in ``KINDS``: what it asks for and
what a sentence that gives it holds), its content terms with their idf in this corpus, its key
terms (declared in ``KEY_TERM_KINDS``: names, numbers, acronyms, rare words, identifiers and options
as written, "work_mem", "http.postBuffer", "--no-cache-dir", "-D") and, for who-said
questions only, the speaker and topic.  The who-said reading needs a speech verb ("What did X say
about Y?") or "according to X"; a possessive ("the United Kingdom's estimated …") is never a speaker.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from qa.search import aliases, code_terms, normalize, raw_tokens, tokenize
from . import lexicon as lx


@dataclass(frozen=True)
class QuestionKind:
    """A kind of question: ``asks`` matches the question (lower case), ``gives`` a sentence that gives
    the kind of fact asked for (None: any sentence can)."""

    name: str
    asks: re.Pattern
    gives: re.Pattern | None


def _p(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


_MONTH = lx.alternation(lx.MONTHS + lx.MONTH_ABBREVIATIONS)
_DATE = (rf"\b(?:(?:{_MONTH})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH})|(?:1\d|20)\d\d|\d{{1,4}}\s*(?:bc|ad|bce|ce)|"
         rf"(?:{lx.alternation(lx.WEEKDAYS + lx.RELATIVE_DAYS + lx.MONTHS)})|\d+(?:st|nd|rd|th)?\s+century|"
         rf"(?:{lx.alternation(lx.ORDINALS)})\s+century)\b")
_NUMBER = rf"\d|\b(?:{lx.alternation(lx.NUMBER_WORDS)})\b"
_PERSON = r"\b[A-Z][a-z]+(?:\s+(?:[A-Z]\.|[A-Z][a-z]+|de|von|van|al-\w+)){1,3}\b"

KINDS: tuple[QuestionKind, ...] = (  # first match wins; the last one matches every question
    QuestionKind("acronym", _p(r"^(?:what|which) (?:does|do|is|are) (?:the )?(?:acronym |abbreviation )?"
                               r"\w+ (?:stand for|mean|short for)\b"), _p(r"\([A-Z][\w.-]{1,9}\)|\b[A-Z]{2,}\s*\(")),
    QuestionKind("number", _p(rf"\bhow (?:{lx.alternation(lx.HOW_ADJECTIVES)})\b|^what (?:number|percentage|"
                              r"share|proportion|amount)\b"), _p(_NUMBER)),
    QuestionKind("version", _p(r"\b(?:what|which) (?:\S+ )?(?:version|release)\b"),
                 _p(r"\b(?:v|version |release )?\d+(?:\.\d+)+\b|\b(?:version|release) \d+")),
    QuestionKind("date", _p(r"^(?:when|since when|until when)\b|\b(?:what|which) (?:day|date|year|month|century|"
                            r"decade|time)\b"), _p(_DATE)),
    QuestionKind("place", _p(r"^where\b|\b(?:what|which) (?:city|country|province|town|place|region|state|"
                             r"continent|county)\b"),
                 _p(rf"\b(?:{lx.alternation(lx.PLACE_PREPOSITIONS)})\s+(?:the\s+)?[A-Z]\w+")),
    QuestionKind("person", _p(r"^(?:who|whom|whose)\b"), re.compile(_PERSON)),
    QuestionKind("reason", _p(r"^why\b|\bfor what reasons?\b|\bwhat (?:is|was|are|were) the (?:main )?reasons?\b"),
                 _p(rf"\b(?:{lx.alternation(lx.REASON_MARKERS)})\b")),
    QuestionKind("manner", _p(r"^how (?:do|does|did|can|could|should|to|is|are|was|were)\b"),
                 _p(rf"\b(?:{lx.alternation(lx.MANNER_MARKERS)})\b")),
    QuestionKind("default", _p(r"\bdefault\b"), _p(r"\bdefaults?\b|\bby default\b")),  # a setting's default value
    QuestionKind("yes-no", _p(r"^(?:is|are|was|were|do|does|did|can|could|will|should|has|have)\b"), None),
    QuestionKind("other", _p(r""), None),
)
KIND_NAMES = tuple(k.name for k in KINDS)

# the kinds of key term: what makes a question *this* question and not a neighbouring one
KEY_TERM_KINDS = ("name", "acronym", "number", "rare", "code")
RARE_SHARE = 0.01  # a lower-case word in at most this share of the passages is a key term


@dataclass(frozen=True)
class Term:
    """A content word of the question: its BM25 token (case folded), idf weight and aliases ("US")."""

    stem: str
    weight: float
    alts: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyTerm:
    text: str  # as asked
    kind: str  # one of KEY_TERM_KINDS
    stems: tuple[str, ...]  # case-folded BM25 tokens; all must be present
    weight: float
    alts: tuple[str, ...] = ()  # phrases that count as the term too (aliases)


@dataclass(frozen=True)
class Said:
    """A who-said question: the speaker as asked, and what the statement should be about; ``source``:
    asked "according to X" (X the source of a fact) rather than what X said."""

    speaker: str
    topic: str | None = None
    source: bool = False


@dataclass(frozen=True)
class Question:
    text: str  # as asked (cleaned)
    searched_for: str  # a follow-up made standalone
    query: str  # what is searched ("besides X" removed)
    kind: QuestionKind
    terms: tuple[Term, ...]
    key_terms: tuple[KeyTerm, ...]
    stems: frozenset[str]  # case-folded BM25 tokens of the query
    pairs: frozenset[tuple[str, str]]  # adjacent token pairs of the query
    excluded: tuple[str, ...] = ()  # "Who besides Shamkhani …": names an answer must not hold
    said: Said | None = None
    unknown: float = 0.0  # share of the content words' idf mass the corpus never uses
    extra: dict = field(default_factory=dict, compare=False)  # per-question caches (neighbours, corpus expansions)


def idf(index, term: str) -> float:
    t = index.bm25.term_ids.get(term)
    if t is None:
        return 0.0
    df = int(index.bm25.indptr[t + 1] - index.bm25.indptr[t])
    n = max(index.n_chunks, 1)
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def unknown_idf(index) -> float:
    """The idf a word would have if it were in one passage: what a word the corpus never uses weighs."""
    n = max(index.n_chunks, 1)
    return math.log(1.0 + (n - 0.5) / 1.5)


def fold_tokens(text: str) -> list[str]:
    """BM25 tokens, case folded (acronyms match the corpus's own case: "COV" ~ "CoV")."""
    return [t.casefold() for t in tokenize(text)]


def _idf_any(index, stem: str) -> float:
    """idf of a folded token, trying the corpus's acronym spelling too ("hbv" -> "HBV")."""
    return max(idf(index, stem), idf(index, stem.upper()))


def kind_of(text: str) -> QuestionKind:
    low = " ".join(text.lower().split())
    return next(k for k in KINDS if k.asks.search(low))


_VERBS = lx.alternation(lx.SPEECH_VERBS)
_SAID = (  # the speech verb in lower case: "State" of "What did the Islamic State proclaim …" is a name's word
    re.compile(rf"^(?:so |and |but )?what (?:did|does|do|has|have|had|was|is|will|would) (?P<who>.+?) "
               rf"(?-i:{_VERBS})\b(?!\s+(?:to|of)\b)(?P<topic>.*?)\s*\??$", re.I),
    re.compile(r"^according to (?P<who>[^,?]+?),\s*(?P<topic>.+?)\s*\??$", re.I),
    re.compile(r"^(?P<topic>.+?),? according to (?P<who>[^,?]+?)\s*\??$", re.I),
)
_TOPIC_LEAD = re.compile(r"^(?:(?:to )?(?:the )?(?:reporters|journalists|the press|media|parliament)\b)?\s*"
                         r"(?:about|of|on|regarding|concerning|over|against|at|in|during|after)?\s*", re.I)
_NOT_SPEAKER = re.compile(rf"^(?:it|this|that|they|there|you|i|we|(?:the |this |a )?(?:{lx.alternation(lx.SOURCE_WORDS)}))$",
                          re.I)


def said_of(text: str) -> Said | None:
    """The speaker and topic of a who-said question (a speech verb or "according to"), else None."""
    q = " ".join(text.split())
    q = q.lower() if q.isupper() else q  # a question typed in capitals: its verbs in lower case
    for n, pat in enumerate(_SAID):
        m = pat.match(q)
        if not m:
            continue
        who = re.sub(r"^(?:the|a|an)\s+", "", m.group("who").strip(" ?.!,;:\"'"), flags=re.I).strip()
        if not who or _NOT_SPEAKER.match(who) or len(who.split()) > 6 or re.search(r"['\u2019]s\b", who):
            return None  # "the United Kingdom's estimated …": a possessive is no speaker
        topic = _TOPIC_LEAD.sub("", (m.group("topic") or "").strip(), count=1).strip(" ?.!,;:\"'")
        topic = re.sub(r"^(?:the|a|an)\s+", "", topic, flags=re.I).strip() or None
        return Said(who, topic, source=n > 0)  # the "according to" patterns follow the speech verb's
    return None


def _besides(question: str) -> tuple[str, tuple[str, ...]]:
    m = re.search(r"\s+(?:besides|other than|apart from|except)\s+([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)*)",
                  question)
    if not m:
        return question, ()
    return question[: m.start()] + question[m.end():], (m.group(1).split()[-1],)


_SKIP = frozenset(lx.QUESTION_WORDS) | frozenset(lx.NEGATORS)
@lru_cache(maxsize=4096)
def _code_pattern(code: str) -> re.Pattern:
    case = 0 if code.startswith("-") else re.I  # "-d" is not "-D"; "WORK_MEM" is work_mem
    return re.compile(rf"(?<![\w.-]){re.escape(code)}(?![\w-]|\.\w)", case)


def code_in(text: str, code: str) -> bool:
    """Does ``text`` hold the identifier or option ``code`` whole ("work_mem" is not in "autovacuum_work_mem")?"""
    return _code_pattern(code).search(text) is not None


_HOW_ADJECTIVE = re.compile(rf"\bhow\s+({lx.alternation(lx.HOW_ADJECTIVES)})\b", re.I)


def key_terms(index, question: str) -> tuple[KeyTerm, ...]:
    """Names (capitalised words after the first), acronyms, numbers and rare words of ``question``; the
    word of "how long" / "how often" is the question's phrase, not a key term.  An identifier or option
    is one key term of kind "code", found only whole (``code_in``); its parts are no key terms."""
    codes = code_terms(question)
    plain = question
    for code in dict.fromkeys(codes):
        plain = _code_pattern(code).sub(" ", plain)
    words = raw_tokens(normalize(_HOW_ADJECTIVE.sub("how", plain)))
    firsts = {m.group(0).casefold() for m in re.finditer(r"^\W*\w+", question)}
    cased = {w for w in re.findall(r"[\w'\u2019.-]+", question)}
    out: dict[str, KeyTerm] = {}
    n = max(index.n_chunks, 1)
    d = max(1.0, RARE_SHARE * n)
    rare = math.log(1.0 + (n - d + 0.5) / (d + 0.5))
    for code in dict.fromkeys(codes):
        stems = tuple(dict.fromkeys(s.casefold() for s in tokenize(code)))
        weight = max([rare, *(_idf_any(index, s) for s in stems)])  # an option's letter weighs as a rare word
        out["code " + code] = KeyTerm(code, "code", stems, weight)
    for i, raw in enumerate(words):
        low = raw.casefold()
        if low in _SKIP:
            continue
        stems = tuple(dict.fromkeys(s.casefold() for s in tokenize(raw)))
        if not stems or stems in [k.stems for k in out.values()]:
            continue
        weight = max(_idf_any(index, s) for s in stems) or unknown_idf(index)
        if raw[:1].isdigit():
            kind = "number"
        elif raw.isupper() and len(raw) >= 2:
            kind = "acronym"
        elif any(w[:1].isupper() and w.strip(".'\u2019").casefold() == low for w in cased) and low not in firsts:
            kind = "name"
        elif weight >= rare:
            kind = "rare"
        else:
            continue
        al = aliases(raw) if kind in ("name", "acronym") else ()
        out[" ".join(stems)] = KeyTerm(raw, kind, stems, weight, tuple(a for a in al if a != raw))
    return tuple(out.values())


def terms_of(index, query: str) -> tuple[tuple[Term, ...], float]:
    """(content terms with idf weights, share of their idf mass the corpus never uses)."""
    out: dict[str, Term] = {}
    for raw in raw_tokens(query):
        stems = tokenize(raw)
        if not stems or raw.casefold() in _SKIP:
            continue
        stem = stems[0].casefold()
        if stem in out:
            continue
        al = () if (raw.islower() and len(raw) <= 3) else aliases(raw)
        out[stem] = Term(stem, _idf_any(index, stem) or unknown_idf(index), al if len(al) > 1 else ())
    terms = tuple(out.values())
    total = sum(t.weight for t in terms)
    unknown = sum(t.weight for t in terms if not _idf_any(index, t.stem) and not t.alts)
    return terms, (unknown / total if total else 0.0)


def analyse(index, text: str, searched_for: str | None = None) -> Question:
    """The question analysed once (see the module doc)."""
    searched_for = searched_for or text
    query, excluded = _besides(searched_for)
    terms, unknown = terms_of(index, query)
    toks = fold_tokens(query)
    return Question(text=text, searched_for=searched_for, query=query, kind=kind_of(query), terms=terms,
                    key_terms=key_terms(index, query), stems=frozenset(toks), pairs=frozenset(zip(toks, toks[1:])),
                    excluded=excluded, said=said_of(query), unknown=unknown)
