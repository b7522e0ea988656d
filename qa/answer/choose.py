"""Choosing what to quote for an ordinary question: the sentence that answers, and only what adds to it.

1. **Support.**  Every key term of the question (``answerable.key_terms``: names, numbers, negation)
   must be held by the sentence, its document's title, or a sentence beside it, which is then
   quoted too.  Sentences that miss one rank below those that don't; when even the best misses
   one, the answer abstains and says what was not found.
2. **Context.**  When the sentence lacks what the question asks for (a number for "how many", a date
   for "when", a place for "where", a person for "who", a reason for "why") and the next sentence
   has it, that sentence is quoted too ("… the Spanish Catholics left." + "Most went to Cuba.").
3. **One claim** unless the runner-up scores almost as well and says something different; never
   the same sentence twice; the answering sentence is always cited first.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from .answerable import CONTRADICTED, KeyTerm, key_terms, unsupported
from .evidence import Candidate, question_terms, same_claim, token_pairs, token_set
from .kinds import PERSON, count_phrase, counted, counts, facts, named, new_name, type_bonus
from qa.search import Hit, tokenize

MISSING_PENALTY = 0.8  # a sentence that misses a key term ranks this much lower (chosen on half of squad2, README)
SECOND_WITHIN = 0.92  # a second claim only when it scores this close to the first ...
SEVERAL_WITHIN = 0.85  # ... or this close when the question asks for several things ("Which fighters did …?")
MAX_CLAIMS = 2  # ... and never more than two claims
SHORTLIST = 12  # candidates whose support is checked (the best-scoring ones)


@dataclass(frozen=True)
class Choice:
    claims: list[list[Candidate]]  # each claim: its sentences (the answering one first)
    missing: list[KeyTerm]  # key terms the best evidence does not hold (abstain when not empty)
    terms: list[KeyTerm]


def _doc_sentences(index, d: int) -> list[tuple[int, int]]:
    """``index.doc_sentences`` kept per loaded index (asked for again and again while answering)."""
    cache = index.__dict__.setdefault("_doc_sentences_cache", {})
    if d not in cache:
        if len(cache) > 256:
            cache.clear()
        cache[d] = index.doc_sentences(d)
    return cache[d]


def _neighbours(index, cand: Candidate) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The sentences just before and just after ``cand`` (one sentence, or several joined) in its document."""
    sents = _doc_sentences(index, index.doc_idx(cand.hit.passage_no))
    before = [sp for sp in sents if sp[1] <= cand.start]
    after = [sp for sp in sents if sp[0] >= cand.end]
    return (before[-1] if before else None), (after[0] if after else None)


def _supported(index, cand: Candidate, terms) -> tuple[Candidate, list[KeyTerm]]:
    """``cand`` and the key terms it leaves unsupported.  What supports a key term is quoted: the
    sentence itself, its document's title, or the sentence beside it, which then joins the citation
    (one exact slice: "It sought Islamic revival …" + the sentence naming the Brotherhood).  A negation
    ("What do the treaties *not* limit?") counts only in the sentence itself."""
    miss = unsupported(terms, [cand.text, cand.hit.title])
    if not miss or any(t.kind in ("negation", *CONTRADICTED) for t in miss):
        return cand, miss  # a negation must be in the answering sentence itself; a contradiction stays one
    doc_text = index.doc_text(index.doc_idx(cand.hit.passage_no))
    chunk = cand.hit.chunk
    for span in _neighbours(index, cand)[::-1]:  # the next sentence first, then the one before
        if span is None or not (chunk.start <= span[0] and span[1] <= chunk.end):
            continue  # quoted with its passage: a citation never reaches past the passage it sits in
        beside = doc_text[span[0] : span[1]]
        if not unsupported(miss, [beside]) and not unsupported([t for t in terms if t.kind in CONTRADICTED], [beside]):
            s, e = min(span[0], cand.start), max(span[1], cand.end)
            return replace(cand, start=s, end=e, text=doc_text[s:e]), []
    if not all(t.kind in ("name", "phrase") for t in miss):
        return cand, miss
    # "such crimes", "their second phone discussion", "three cluster bombs" (after "cluster bomb attacks near
    # Damascus"): what is referred to may be named two sentences back (names only: "its worst-case
    # complexity" is not supported by "the best case" two sentences before)
    before = [sp for sp in _doc_sentences(index, index.doc_idx(cand.hit.passage_no)) if sp[1] <= cand.start][-2:]
    if len(before) < 2 or before[1][0] < chunk.start:
        return cand, miss
    if not (REFERS_BACK.search(cand.text) or _continues(cand.text, doc_text[before[0][0] : before[0][1]])):
        return cand, miss
    back = doc_text[before[0][0] : before[1][1]]
    if unsupported(miss, [back]) or unsupported([t for t in terms if t.kind in CONTRADICTED], [back]):
        return cand, miss
    if chunk.start <= before[0][0]:
        return replace(cand, start=before[0][0], text=doc_text[before[0][0] : cand.end]), []
    earlier = _earlier(index, cand, before[0])  # it ends the passage before: cited from there
    if earlier is not None and not unsupported(miss, [earlier.text, cand.text]):
        return replace(cand, context=(earlier,)), []
    return cand, miss


def _continues(sentence: str, earlier: str) -> bool:
    """Does ``sentence`` go on with the event of ``earlier``, repeating a pair of its content words ("three
    cluster bombs on a civilian site in Misraba" after "cluster bomb attacks near Damascus")?"""
    return bool(token_pairs(sentence) & token_pairs(earlier))


def _earlier(index, cand: Candidate, span: tuple[int, int]) -> Candidate | None:
    """The sentence at ``span``, cited from the passage before ``cand``'s (None if it is not there)."""
    p = cand.hit.passage_no - 1
    if p < 0:
        return None
    chunk = index.chunk(p)
    if chunk.doc != cand.hit.chunk.doc or not (chunk.start <= span[0] and span[1] <= chunk.end):
        return None
    text = index.doc_text(index.doc_idx(p))[span[0] : span[1]]
    return Candidate(Hit(p, chunk, cand.hit.title, cand.hit.score), span[0], span[1], text, cand.score)


# a word that refers back to what an earlier sentence named: "their", "such crimes", "this is while"
REFERS_BACK = re.compile(r"\b(it|its|they|their|them|he|his|him|she|her|this|these|those|such)\b", re.I)


def _several(question: str) -> bool:
    """Does the question ask for several things ("Which foreign fighters did …?", "Which leaders did …?")?"""
    return bool(re.match(r"^(?:which|what) (?:[a-z-]+ ){0,2}[a-z]+[^s]s (?:did|do|does|are|were|have|had)\b", question, re.I))


def _about(sentence: str, wanted: set[str]) -> bool:
    """Does ``sentence`` hold at least half of ``wanted``, a topic's content words ("Russian", "ambassador", "Ankara")?"""
    return bool(wanted) and 2 * len(wanted & token_set(sentence)) >= len(wanted)


def asks_for(kind: str, question: str, sentence: str, topic: str | None) -> bool:
    """Does ``sentence`` hold the sort of thing the question asks for?"""
    if kind == "number":
        return type_bonus(kind, sentence, topic, counted(question)) >= 1.0
    if kind in ("date", "place", "acronym", "reason", "name", "manner"):
        return type_bonus(kind, sentence, topic, given=named(question)) > 0
    if re.match(r"^\s*who\b", question, re.I):
        return bool(PERSON.search(sentence))
    return True


def _context(index, cand: Candidate, kind: str, question: str, topic) -> Candidate:
    """``cand`` extended over the next sentence when it lacks the asked-for kind of fact and that one holds
    it, or when it ends with a colon (it introduces what follows, up to the next attribution).

    One citation, one exact slice of the document: the answering sentence and its context together."""
    introduces = cand.text.rstrip().endswith(":")  # "… was cautious about expectations:" + what they said
    if asks_for(kind, question, cand.text, topic) and not introduces:
        return cand
    _prev, nxt = _neighbours(index, cand)
    if nxt is None or not (cand.hit.chunk.start <= nxt[0] and nxt[1] <= cand.hit.chunk.end):
        return cand
    doc_text = index.doc_text(index.doc_idx(cand.hit.passage_no))
    if not introduces and not asks_for(kind, question, doc_text[nxt[0] : nxt[1]], topic):
        return cand
    end = nxt[1]
    if introduces:  # the block it introduces runs on to the next attribution ("The ministry said …") or passage end
        from .attribution import SPEECH_VERB

        for s, e in _doc_sentences(index, index.doc_idx(cand.hit.passage_no)):
            if s < end:
                continue
            if e > cand.hit.chunk.end or SPEECH_VERB.search(doc_text[s:e]):
                break
            end = e
    return replace(cand, end=end, text=doc_text[cand.start : end])


def choose(index, question: str, kind: str, ranked: list[Candidate], floor: float, topic=None) -> Choice:
    """The claims to quote from ``ranked`` (best first), or the key terms nothing supports."""
    terms = key_terms(index, question)
    if kind == "acronym":  # "What does IRGC stand for?": a sentence that spells it out ("… Guards (IRGC)") answers first
        ranked = [c for c in ranked if type_bonus(kind, c.text, topic) >= 1.0] or ranked
    phrase = count_phrase(question) if kind == "number" else []
    count = [KeyTerm(" ".join(w for w, _s in phrase), tuple(st for _w, st in phrase), "count")] if phrase else []
    unit = counted(question) if phrase else None
    if count and not any(counts(c.text, unit) for c in ranked):
        # "How many Turkish soldiers died?": no sentence near the question gives a number of soldiers
        return Choice([], count, terms)
    if terms:
        checked = []
        for c in ranked[:SHORTLIST]:
            c, miss = _supported(index, c, terms)
            checked.append((replace(c, score=c.score * (MISSING_PENALTY if miss else 1.0)), miss))
        checked.sort(key=lambda cm: (-cm[0].score, cm[0].hit.passage_no, cm[0].start))
        best, missing = checked[0]
        if missing:
            return Choice([], missing, terms)
        pool = [c for c, m in checked if not m] + ranked[SHORTLIST:]
        if count and not any(counts(c.text, unit) for c, m in checked if not m):
            # "How many people were killed in Misraba?": the sentences on Misraba give no number of people
            return Choice([], count, terms)
    else:
        pool = list(ranked)
    wanted = set(tokenize(topic or "")) if kind == "name" else set()
    if kind == "name" and not any(new_name(c.text, topic or "") for c in pool[:SHORTLIST] if _about(c.text, wanted)):
        # "What was the name of the Russian ambassador killed in Ankara?": no sentence on him names him
        return Choice([], [KeyTerm(topic or "", (), "name")], terms)
    first = pool[0]
    asked = functools.cache(lambda: {t for t, _w, _a in question_terms(index, question)})  # only if a cut is tried
    claims = [[_context(index, _trim(index, first, kind, question, topic, terms, asked), kind, question, topic)]]
    within = SEVERAL_WITHIN if _several(question) else SECOND_WITHIN
    for cand in pool[1:]:
        if cand.score < floor:
            break
        same = next((cl for cl in claims if any(same_claim(c.text, cand.text) for c in cl)), None)
        if same is not None:  # the same statement in another document: cited from there too
            if all(c.hit.chunk.doc != cand.hit.chunk.doc for c in same):
                same.append(cand)
            continue
        if len(claims) >= MAX_CLAIMS or cand.score < first.score * within:
            continue
        if any(c.hit.chunk.doc == cand.hit.chunk.doc and c.start <= cand.start < c.end for cl in claims for c in cl):
            continue  # already quoted (inside an extended citation)
        if asks_for(kind, question, first.text, topic) and not asks_for(kind, question, cand.text, topic):
            continue  # the first already answers; this one adds no fact of the kind asked for
        given = facts(kind, cand.text)
        if given and given <= facts(kind, " ".join(c.text for cl in claims for c in cl)):
            continue  # the same date, number or place again ("since 2011" after "since March 2011")
        claims.append([_trim(index, cand, kind, question, topic, terms, asked)])
    return Choice(claims, [], terms)


def _trim(index, cand: Candidate, kind: str, question: str, topic, terms, asked) -> Candidate:
    """``cand`` without the clauses that answer nothing (``clauses.trim``), when it is one sentence and
    what is left still holds every key term."""
    from .clauses import LONG, trim

    if len(cand.text.split()) <= LONG:
        return cand
    if (cand.start, cand.end) not in _doc_sentences(index, index.doc_idx(cand.hit.passage_no)):
        return cand
    cut = trim(cand, asked(), lambda text: asks_for(kind, question, text, topic))
    if cut is not cand and unsupported(terms, [cut.text, cut.hit.title]):
        return cand
    return cut
