"""Answers built from the corpus's own sentences, each claim cited to an exact source span.

``answer(index, question)`` rewrites a follow-up into a standalone question, retrieves passages,
and then either quotes what the named speaker said (who-said-what questions, ``said.py``) or the
best-scoring sentences (``evidence.py``).  The same statement found in several documents is said
once with every source cited.  Every citation's ``text`` is ``doc_text[start:end]``.  When
nothing is good enough it abstains and lists the nearest passages instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from qa.search import mentions
from .evidence import PASSAGES, Candidate, same_claim, score_sentences
from .intent import Intent, parse
from qa.search import Hit, SearchConfig, search

ABSTAIN_BELOW = 0.27  # just below every answerable question of seeds/questions.jsonl (docs/evaluation.md)
MAX_CLAIMS = 3
WITHIN = 0.8  # claims scoring below WITHIN * best are left out
OFF_TOPIC = 0.15  # who-said: below this topic score and ...
OFF_TOPIC_SIM = 0.3  # ... this embedding similarity for every statement, X never spoke about Y


@dataclass(frozen=True)
class Citation:
    n: int
    doc: str
    title: str
    start: int  # the cited sentence: doc_text[start:end] == text
    end: int
    text: str
    score: float
    passage_start: int  # the passage it sits in
    passage_end: int
    passage: str
    page: int | None = None  # 1-based page of ``start`` (PDFs)
    section: str | None = None  # the nearest heading before ``start`` (Markdown, Word, HTML)
    slide: int | None = None  # 1-based slide of ``start`` (presentations)
    line: int | None = None  # 1-based line of the source file holding ``start`` (text, Markdown, HTML)

    @property
    def where(self) -> str:
        """Where in the document, for people: "p. 2" (PDFs), "§ Heading", or ""."""
        return f"p. {self.page}" if self.page else (f"§ {self.section}" if self.section else "")

    def excerpt(self, context: int) -> tuple[str, str, str]:
        """(before, sentence, after): the passage around the cited sentence, at most ``context``
        characters either side (cut at a word, marked "…"), whitespace collapsed.  Raw text: an
        interface makes it safe to show (qa.safe_text)."""
        a = max(0, self.start - self.passage_start)
        b = max(a, self.end - self.passage_start)
        before, after = self.passage[:a], self.passage[b:]
        if len(before) > context:
            before = "…" + before[-context:].split(" ", 1)[-1]
        if len(after) > context:
            after = after[:context].rsplit(" ", 1)[0] + "…"
        return tuple(" ".join(part.split()) for part in (before, self.passage[a:b], after))


@dataclass(frozen=True)
class Answer:
    question: str
    searched_for: str
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    hits: tuple[Hit, ...] = field(default=(), repr=False)
    speaker: str | None = None  # who-said questions: the speaker as the documents name them
    did_you_mean: tuple[str, ...] = ()  # names of the corpus close to a name it never mentions

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "searched_for": self.searched_for,
            "answer": self.text,
            "abstained": self.abstained,
            "did_you_mean": list(self.did_you_mean),
            "citations": [
                {
                    "n": c.n, "doc": c.doc, "title": c.title, "start": c.start, "end": c.end, "text": c.text,
                    "score": round(c.score, 4), "page": c.page, "slide": c.slide, "section": c.section,
                    "line": c.line,
                    "passage": {"start": c.passage_start, "end": c.passage_end, "text": c.passage},
                }
                for c in self.citations
            ],
        }


def _cite(n: int, cand: Candidate) -> Citation:
    ch = cand.hit.chunk
    return Citation(n, ch.doc, cand.hit.title, cand.start, cand.end, cand.text, cand.score, ch.start, ch.end, ch.text)


def group_claims(ranked: list[Candidate], floor: float, limit: int = MAX_CLAIMS) -> list[list[Candidate]]:
    """Best claims first; a repeat of a chosen claim joins it (cited again) instead of repeating it."""
    claims: list[list[Candidate]] = []
    for cand in ranked:
        if cand.score < floor:
            break
        for group in claims:
            if any(same_claim(c.text, cand.text) for c in group):
                if all(c.hit.chunk.doc != cand.hit.chunk.doc or c.start != cand.start for c in group):
                    group.append(cand)
                break
        else:
            if len(claims) < limit:
                claims.append([cand])
    return claims


def compose(question: str, searched_for: str, hits, claims, prefixes=None, speaker=None) -> Answer:
    citations: list[Citation] = []
    lines: list[str] = []
    for i, group in enumerate(claims):
        marks = []
        for cand in group:
            for part in (cand, *cand.context):  # "It was their second phone discussion" + who "they" are
                citations.append(_cite(len(citations) + 1, part))
                marks.append(f"[{len(citations)}]")
        lead = prefixes[i] if prefixes else ""
        lines.append(f"{lead}{' '.join(group[0].text.split())} {''.join(marks)}")
    return Answer(question, searched_for, "\n".join(lines), tuple(citations), False, tuple(hits), speaker)


def abstain(question: str, searched_for: str, index, hits: list[Hit], reason: str, nearest=None) -> Answer:
    """No answer: say so plainly and list the nearest passages (each cited, so checkable)."""
    citations = []
    for cand in (nearest or [])[:3]:
        citations.append(_cite(len(citations) + 1, cand))
    if not citations:
        for hit in hits[:3]:
            ch = hit.chunk
            s, e = ch.sentences[0] if ch.sentences else (ch.start, ch.end)
            text = index.doc_text(index.doc_idx(hit.passage_no))[s:e]
            citations.append(Citation(len(citations) + 1, ch.doc, hit.title, s, e, text, hit.score,
                                      ch.start, ch.end, ch.text))
    text = reason
    if citations:
        text += " The nearest passages are " + ", ".join(f"[{c.n}]" for c in citations) + "."
    return Answer(question, searched_for, text, tuple(citations), True, tuple(hits))


_VIEW = re.compile(r"['\u2019]s? (?:view|views|position|stance|reaction|response)\b", re.I)


def merge(answers: list[Answer]) -> Answer:
    """Several speakers' answers as one: lines in order, citations renumbered."""
    lines, cites = [], []
    quoted = set()
    for a in answers:
        if {(c.doc, c.start) for c in a.citations} <= quoted:
            continue  # "Erdoğan and Putin said …": one statement of both, said once
        quoted |= {(c.doc, c.start) for c in a.citations}
        off = len(cites)
        lines.append(re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + off}]", a.text))
        cites.extend(replace(c, n=c.n + off) for c in a.citations)
    first = answers[0]
    speaker = " and ".join(a.speaker for a in answers if a.speaker) or None
    return replace(first, text="\n".join(lines), citations=tuple(cites), speaker=speaker)


def answer_said(index, question, searched_for, intent: Intent, hits, allowed, qvec, tvec=None) -> Answer | None:
    """X's statements (about Y first); None when the question is better answered as an ordinary one
    (no person named, a publication as the source, "X's position on Y" with no quote from X)."""
    from .who_said import ABOUT, find_said, mentioned
    from .attribution import speaker_from
    from .names import corpus_spelling, did_you_mean, is_source, split_speakers

    speakers = split_speakers(intent.speaker or "")
    if len(speakers) > 1:  # "What did Erdogan and Putin say …": each one's statements
        results = [answer_said(index, question, searched_for, replace(intent, speaker=s), hits, allowed, qvec, tvec)
                   for s in speakers]
        answered = [r for r in results if r is not None and not r.abstained]
        if answered:
            return merge(answered)
        return next((r for r in results if r is not None), None)
    intent = replace(intent, speaker=corpus_spelling(index, intent.speaker or ""))  # "lavrov" -> "Lavrov"
    if not speaker_from(intent.speaker or "").keys or is_source(intent.speaker or ""):
        return None  # "the official", "the report", "the Financial Tribune": answered as an ordinary question
    said, name = find_said(index, intent, searched_for, hits, allowed, qvec, tvec)
    if not said:
        if mentioned(index, intent, allowed):
            if _VIEW.search(searched_for):
                return None  # "Hezbollah's position on the ceasefire": what the documents say of it
            return abstain(question, searched_for, index, hits, f"The corpus mentions {name} but never quotes them.")
        close = did_you_mean(index, intent.speaker or "")
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        return replace(abstain(question, searched_for, index, hits, f"The corpus never mentions {intent.speaker}.{hint}"),
                       did_you_mean=close)
    sim = [max(s.similarity, 0.0) for s in said]
    cands = [Candidate(s.hit, s.statement.start, s.statement.end, s.statement.text,
                       0.6 * s.topic + 0.4 * v if intent.topic else v) for s, v in zip(said, sim)]
    if intent.topic:
        best_topic = max(s.topic for s in said)
        best_sim = max(s.topic_similarity for s in said)
        if best_topic < OFF_TOPIC and best_sim < OFF_TOPIC_SIM:
            return abstain(question, searched_for, index, hits,
                           f"The corpus quotes {name}, but not on {intent.topic}.", nearest=cands)
        about = [c for c, s in zip(cands, said) if s.topic >= ABOUT]
        if not about:  # loosely on topic: the best one or two, by topic and similarity together
            about = sorted(cands, key=lambda c: (-c.score, c.hit.passage_no, c.start))[:2]
        floor = 0.0
    else:
        about = cands
        floor = about[0].score * WITHIN
    claims = group_claims(about, floor)
    how = {(s.statement.doc_idx, s.statement.start): s.statement.how for s in said}
    prefixes = []
    for group in claims:
        c = group[0]
        named = how.get((index.doc_idx(c.hit.passage_no), c.start)) == "named"
        prefixes.append("" if named else f"{name}: ")
    return compose(question, searched_for, hits, claims, prefixes, speaker=name)


def _besides(question: str) -> tuple[str, tuple[str, ...]]:
    m = re.search(r"\s+(?:besides|other than|apart from|except)\s+([A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)*)", question)
    if not m:
        return question, ()
    return question[: m.start()] + question[m.end() :], (m.group(1).split()[-1],)


def answer(
    index,
    question: str,
    k: int = 5,
    config: SearchConfig = SearchConfig(),
    docs: list[str] | None = None,
    history: list[str] | None = None,
) -> Answer:
    """Answer ``question`` (continuing ``history``: earlier searched-for questions, oldest first)."""
    from .answerable import describe
    from .choose import choose
    from .followup import rewrite
    from .question import clean_question

    question = clean_question(question)
    searched_for = rewrite(question, history or [])
    query, excluded = _besides(searched_for)  # "Who besides Shamkhani criticised ...": not Shamkhani
    intent = parse(query)
    tvec = None
    if config.mode != "bm25" and intent.kind == "said" and intent.topic:
        qvec, tvec = index.query_embedder().embed([query, intent.topic])  # one encoder call for both
    else:
        qvec = index.query_embedder().embed([query])[0] if config.mode != "bm25" else None
    hits = search(index, query, k=max(k, PASSAGES), config=config, docs=docs, qvec=qvec)
    result = None
    if intent.kind == "said":
        result = answer_said(index, question, searched_for, intent, hits, index.doc_mask(docs), qvec, tvec)
    if result is None:
        cands = score_sentences(index, query, intent.kind, hits, qvec=qvec, topic=intent.topic)
        cands = [c for c in cands if not any(mentions(c.text, (name,)) for name in excluded)]
        ranked = sorted(cands, key=lambda c: (-c.score, c.hit.passage_no, c.start))
        if not ranked or ranked[0].score < ABSTAIN_BELOW:
            missing = choose(index, query, intent.kind, ranked, 0.0, intent.topic).missing if ranked else []
            result = abstain(question, searched_for, index, hits, describe(missing))
        else:
            chosen = choose(index, query, intent.kind, ranked, max(ABSTAIN_BELOW, ranked[0].score * WITHIN),
                            intent.topic)
            if chosen.missing:
                result = abstain(question, searched_for, index, hits, describe(chosen.missing), nearest=ranked)
            else:
                result = compose(question, searched_for, hits, chosen.claims)
    from .cap import cap_citations

    return cap_citations(replace(result, hits=result.hits[:k], citations=index.locate(result.citations)), k)
