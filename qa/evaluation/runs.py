"""Retrieval evaluation: runs per mode, metrics via ir-measures, reports (question sets: ``qa.questionset``).

Questions with ``"relevant": []`` are unanswerable: they are left out of the retrieval metrics
(as trec_eval leaves out unjudged queries) and count for abstention only.

Metrics: see ``qa.metrics`` (ir-measures over pytrec_eval; figures equal trec_eval's).  On a
question set, R@k is the question-answering convention, "a relevant passage is in the top k"
(ir-measures ``Success@k``): gold quotes are alternatives and overlapping passages repeat them.
On BEIR, R@k is BEIR's own recall (ir-measures ``R@k``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np

from .answers import AnswerReport, answer_report  # noqa: F401  (part of this module's interface)
from .metrics import score_run
from .questionset import Question, passage_qrels
from qa.search import (DEFAULT_DENSE_WEIGHT, SENTENCE_SHARE, SearchConfig, bm25_run, corpus_weight, distinct_ranking,
                       fuse_with, sentence_run, uses_sentences)
from qa.index import Progress

RunRows = list  # [(id, score)], best first
# every ranker side by side: hybrid-convex is convex fusion of the two runs at the configured dense weight
# (the fixed 0.6 when none is given), hybrid-corpus at the weight the index's build chose for its corpus,
# hybrid-sentence (qa's default) the same with the dense passages' best sentences on the dense side
LABELS = ("bm25", "dense", "hybrid-rrf", "hybrid-convex", "hybrid-corpus", "hybrid-sentence")


# -- runs ------------------------------------------------------------------------------------
def retriever_runs(index, texts: Mapping[str, str], depth: int, retrievers=("bm25", "dense", "sentence"),
                   progress: Progress | None = None, batch: int = 32) -> dict[str, dict[str, RunRows]]:
    """Each retriever's chunk run per question, ``depth`` deep: computed once, fused later.
    ``"sentence"`` (with ``"dense"``): the dense run's passages by their best sentence."""
    progress = progress or (lambda _s, _d, _t: None)
    qids = list(texts)
    out: dict[str, dict[str, RunRows]] = {}
    if "bm25" in retrievers:
        out["bm25"] = {}
        for n, qid in enumerate(qids):
            progress("BM25 search", n, len(qids))
            out["bm25"][qid] = bm25_run(index, texts[qid], depth)
        progress("BM25 search", len(qids), len(qids))
    if "dense" in retrievers:
        out["dense"] = {}
        sentences = out["sentence"] = {} if "sentence" in retrievers else None
        embedder = index.query_embedder()
        for at in range(0, len(qids), batch):
            progress("Dense search", at, len(qids))
            part = qids[at : at + batch]
            vecs = embedder.embed([texts[q] for q in part])
            for qid, vec in zip(part, vecs):
                out["dense"][qid] = index.dense_top(vec, depth)
                if sentences is not None:
                    sentences[qid] = sentence_run(index, out["dense"][qid], vec)
        progress("Dense search", len(qids), len(qids))
    return out


def config_for(label: str, base: SearchConfig, index=None) -> SearchConfig:
    """The search configuration a comparison label stands for ("hybrid-rrf", "dense", ...), its
    dense weight resolved: ``index``'s own choice for "hybrid-corpus" (0.6 without an index)."""
    from dataclasses import replace

    mode, _, fusion = label.partition("-")
    corpus = corpus_weight(index) if index is not None else DEFAULT_DENSE_WEIGHT
    if fusion == "sentence":  # the default: the given weight, else the corpus's, with sentence evidence
        w = corpus if base.dense_weight is None else base.dense_weight
        return replace(base, mode="hybrid", fusion="convex", dense_weight=w, sentences=True)
    if fusion == "corpus":
        return replace(base, mode="hybrid", fusion="convex", dense_weight=corpus, sentences=False)
    w = DEFAULT_DENSE_WEIGHT if base.dense_weight is None else base.dense_weight
    return replace(base, mode=mode, fusion=fusion or base.fusion, dense_weight=w, sentences=False)


def label_of(config: SearchConfig) -> str:
    """The label of one configuration (no weight given: the corpus's choice)."""
    if config.mode != "hybrid":
        return config.mode
    if uses_sentences(config):
        return "hybrid-sentence"
    return "hybrid-corpus" if config.fusion == "convex" and config.dense_weight is None else f"hybrid-{config.fusion}"


def mode_run(runs: Mapping[str, Mapping[str, RunRows]], config: SearchConfig) -> dict[str, RunRows]:
    """One mode's ranking per question from stored retriever runs (exactly what ``search`` ranks
    with ``config``, before it folds copies: ``qa.search.distinct_ranking``; resolve a missing dense
    weight first: ``qa.search.resolve``)."""
    if config.mode != "hybrid":
        return {qid: list(rows) for qid, rows in runs[config.mode].items()}
    names = ("bm25", "dense", "sentence") if uses_sentences(config) else ("bm25", "dense")
    return {qid: fuse_with({n: runs[n][qid] for n in names if n in runs}, config) for qid in runs["bm25"]}


# -- reports ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionResult:
    id: str
    question: str
    first_relevant: int | None  # 1-based rank of the first relevant item in the top k, None if absent
    top: str  # what was retrieved first (passage or document id), "" if nothing
    top_text: str  # its text, shortened
    values: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RetrievalReport:
    label: str  # bm25 / dense / hybrid-rrf / hybrid-convex
    config: Mapping[str, object]
    judged: int
    metrics: Mapping[str, float]
    per_question: tuple[QuestionResult, ...]


@dataclass(frozen=True)
class EvalReport:
    dataset: str
    kind: str  # "questions" or "beir"
    index_dir: str
    k: int
    questions: int
    runs: tuple[RetrievalReport, ...]
    answers: AnswerReport | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        from dataclasses import asdict

        d = asdict(self)
        if self.answers is not None:
            d["answers"]["quote_rate"] = round(self.answers.quote_rate, 4)
            d["answers"]["figures"] = self.answers.figures()
            from .calibration import confidence_calibration

            cal = confidence_calibration(self.answers.rows)
            d["answers"]["calibration"] = None if cal is None else cal.as_dict()
        d["recall_definition"] = "Success@k (a relevant item in the top k)" if self.kind == "questions" else "R@k (BEIR recall)"
        return d


def chunk_ids(index) -> list[str]:
    """Every chunk's id ("<doc id>#<n>") without decoding any text."""
    rows = np.asarray(index.chunk_rows[:, 0])
    first = np.searchsorted(rows, rows, side="left")
    return [f"{index.docs.meta[d].id}#{i - f}" for i, (d, f) in enumerate(zip(rows.tolist(), first.tolist()))]


def retrieval_report(label: str, config: SearchConfig, qrels, run: Mapping[str, RunRows], texts: Mapping[str, str],
                     kind: str, k: int, describe: Callable[[object], tuple[str, str]]) -> RetrievalReport:
    """Metrics and the per-question table of one ranked run (items already as ids)."""
    mean, per_q = score_run(qrels, run, kind, k)
    rows = []
    for qid, values in per_q.items():
        ranked = run.get(qid, [])
        rel = qrels[qid]
        first = next((r for r, (item, _s) in enumerate(ranked, 1) if rel.get(item, 0) > 0), None)
        top, text = describe(ranked[0][0]) if ranked else ("", "")
        rows.append(QuestionResult(qid, texts[qid], first, top, " ".join(text.split())[:160], values))
    cfg = {"mode": config.mode, "fusion": config.fusion if config.mode == "hybrid" else None,
           "dense_weight": config.dense_weight if config.mode == "hybrid" and config.fusion == "convex" else None,
           "rrf_k": config.rrf_k if label == "hybrid-rrf" else None, "depth": config.depth,
           "sentence_share": SENTENCE_SHARE if uses_sentences(config) else None}
    return RetrievalReport(label, cfg, len(per_q), mean, tuple(rows))


def needed_retrievers(labels: Sequence[str]) -> tuple[str, ...]:
    need = {r for lab in labels for r in (("bm25", "dense") if lab.startswith("hybrid") else (lab,))}
    if "hybrid-sentence" in labels:
        need.add("sentence")
    return tuple(r for r in ("bm25", "dense", "sentence") if r in need)


def evaluate_questions(index, questions: Sequence[Question], config: SearchConfig = SearchConfig(), *, k: int = 10,
                       labels: Sequence[str] | None = None, answers: bool = True, progress: Progress | None = None,
                       dataset: str = "") -> tuple[EvalReport, dict[str, dict[str, RunRows]]]:
    """Evaluate a question set on ``index``: one report per label, plus the ranked runs (ids)."""
    from dataclasses import replace

    from qa.answer import clean_question

    qrels, warnings = passage_qrels(index, questions)
    texts = {q.id: clean_question(q.question) for q in questions}
    labels = list(labels or [label_of(config)])
    base = config if config.depth >= k else replace(config, depth=k)
    stored = retriever_runs(index, texts, base.depth, needed_retrievers(labels), progress)
    ids = chunk_ids(index)

    where = {cid: i for i, cid in enumerate(ids)}

    def describe(cid: str) -> tuple[str, str]:
        return cid, index.chunk(where[cid]).text

    reports, ranked_runs = [], {}
    for label in labels:
        cfg = config_for(label, base, index)
        run = {qid: [(ids[i], s) for i, s, _copies in distinct_ranking(index, rows, k)] if cfg.distinct
               else [(ids[i], s) for i, s in rows[:k]] for qid, rows in mode_run(stored, cfg).items()}
        ranked_runs[label] = run
        reports.append(retrieval_report(label, cfg, qrels, run, texts, "questions", k, describe))
    ans = answer_report(index, questions, config, progress=progress) if answers else None
    report = EvalReport(dataset, "questions", str(index.index_dir), k, len(questions), tuple(reports), ans, tuple(warnings))
    return report, ranked_runs
