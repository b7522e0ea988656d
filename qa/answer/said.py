"""The who-said path: "What did X say about Y?" / "According to X, …" answered with X's attributed statements.

Only questions with a speech verb or "according to" reach it (``analyse.said_of``).  It returns None
when the question is better answered as an ordinary one (no person named, a publication as the
source, "X's position on Y" or "according to X, …" with no quote from X, or none on Y: X is then the
source of a fact, often the document's own author, "according to Grün and Leisch" of their paper).  "What did X
say …" of an X the corpus mentions but never quotes is withheld ("The corpus mentions X but never
quotes them.").
"""

from __future__ import annotations

import re
from dataclasses import replace

from .candidates import Candidate
from .compose import Answer, abstain, compose
from .markers import renumber

MAX_CLAIMS = 3
WITHIN = 0.8  # claims scoring below WITHIN * best are left out
OFF_TOPIC = 0.15  # below this topic score and ...
OFF_TOPIC_SIM = 0.3  # ... this embedding similarity for every statement, X never spoke about Y
_VIEW = re.compile(r"['\u2019]s? (?:view|views|position|stance|reaction|response)\b", re.I)


def same_claim(a: str, b: str) -> bool:
    """The same statement reported twice (one text inside the other, once whitespace and case are folded)."""
    from qa.search import fold

    fa, fb = fold(a), fold(b)
    return fa == fb or fa in fb or fb in fa


def group_claims(ranked: list[Candidate], floor: float, limit: int = MAX_CLAIMS, copied=None) -> list[list[Candidate]]:
    """Best claims first; a repeat of a chosen claim joins it (cited again) instead of repeating it,
    unless ``copied(first, repeat)`` says it is a copy of it (``copied_in``): a copied file reports
    nothing twice."""
    claims: list[list[Candidate]] = []
    for cand in ranked:
        if cand.score < floor:
            break
        for group in claims:
            if any(same_claim(c.text, cand.text) for c in group):
                if all((c.hit.chunk.doc != cand.hit.chunk.doc or c.start != cand.start)
                       and not (copied and copied(c, cand)) for c in group):
                    group.append(cand)
                break
        else:
            if len(claims) < limit:
                claims.append([cand])
    return claims


COPY_CONTEXT = 200  # characters on each side of a statement compared to tell a copied file


def copied_in(index):
    """``(a, b) -> bool``: ``b`` is ``a``'s statement in a copy of its text (the same characters, whitespace
    and case folded, ``COPY_CONTEXT`` on each side: a copied file), not a second report of it."""
    from qa.search import fold

    def around(c: Candidate) -> str:
        text = index.doc_text(index.doc_idx(c.hit.passage_no))
        return fold(text[max(c.start - COPY_CONTEXT, 0):c.end + COPY_CONTEXT])

    return lambda a, b: around(a) == around(b)


def merge(answers: list[Answer]) -> Answer:
    """Several speakers' answers as one: lines in order, citations renumbered."""
    lines, cites = [], []
    quoted = set()
    for a in answers:
        if {(c.doc, c.start) for c in a.citations} <= quoted:
            continue  # "Erdoğan and Putin said …": one statement of both, said once
        quoted |= {(c.doc, c.start) for c in a.citations}
        off = len(cites)
        lines.append("\n".join(renumber(line, lambda n: n + off)[0] for line in a.text.split("\n")))
        cites.extend(replace(c, n=c.n + off) for c in a.citations)
    first = answers[0]
    speaker = " and ".join(a.speaker for a in answers if a.speaker) or None
    return replace(first, text="\n".join(lines), citations=tuple(cites), speaker=speaker)


def answer_said(index, q, hits, allowed, qvec, said=None) -> Answer | None:
    """X's statements (about Y first), or None (see the module doc)."""
    from .attribution import speaker_from
    from .names import corpus_spelling, did_you_mean, is_source, split_speakers
    from .who_said import ABOUT, find_said, mentioned

    said = said or q.said
    question, searched_for = q.text, q.searched_for
    speakers = split_speakers(said.speaker or "")
    if len(speakers) > 1:  # "What did Erdogan and Putin say …": each one's statements
        results = [answer_said(index, q, hits, allowed, qvec, replace(said, speaker=s)) for s in speakers]
        answered = [r for r in results if r is not None and not r.abstained]
        if answered:
            return merge(answered)
        return next((r for r in results if r is not None), None)
    said = replace(said, speaker=corpus_spelling(index, said.speaker or ""))  # "lavrov" -> "Lavrov"
    if not speaker_from(said.speaker or "").keys or is_source(said.speaker or ""):
        return None  # "the official", "the report", "the Financial Tribune": answered as an ordinary question
    found, name = find_said(index, said, q.query, hits, allowed, qvec)
    if not found:
        if mentioned(index, said, allowed):
            if _VIEW.search(searched_for) or said.source:
                return None  # what the documents say of it, X's own or about X
            return abstain(question, searched_for, index, hits, f"The corpus mentions {name} but never quotes them.")
        close = did_you_mean(index, said.speaker or "")
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        return replace(abstain(question, searched_for, index, hits, f"The corpus never mentions {said.speaker}.{hint}"),
                       did_you_mean=close)
    sim = [max(s.similarity, 0.0) for s in found]
    cands = [Candidate(s.hit, s.statement.start, s.statement.end, s.statement.text, 0,
                       score=0.6 * s.topic + 0.4 * v if said.topic else v) for s, v in zip(found, sim)]
    if said.topic:
        if max(s.topic for s in found) < OFF_TOPIC and max(s.topic_similarity for s in found) < OFF_TOPIC_SIM:
            if said.source:
                return None  # "according to X, …" asks a fact X's statements do not give: the documents may
            return abstain(question, searched_for, index, hits, f"The corpus quotes {name}, but not on {said.topic}.",
                           nearest=cands)
        about = [c for c, s in zip(cands, found) if s.topic >= ABOUT]
        if not about:  # loosely on topic: the best one or two, by topic and similarity together
            about = sorted(cands, key=lambda c: (-c.score, c.hit.passage_no, c.start))[:2]
        floor = 0.0
    else:
        about = cands
        floor = about[0].score * WITHIN
    claims = group_claims(about, floor, copied=copied_in(index))
    how = {(s.statement.doc_idx, s.statement.start): s.statement.how for s in found}
    prefixes = []
    for group in claims:
        c = group[0]
        named = how.get((index.doc_idx(c.hit.passage_no), c.start)) == "named"
        prefixes.append("" if named else f"{name}: ")
    return compose(question, searched_for, hits, claims, prefixes, speaker=name)
