"""BEIR folders: load corpus/queries/qrels, keep an index of the corpus, rank documents.

A BEIR folder holds ``corpus.jsonl`` (or ``.jsonl.gz``), ``queries.jsonl`` and
``qrels/<split>.tsv``.  Its index is an ordinary qa index (built with ``build_index``, so
incremental: a changed corpus re-embeds only what changed) kept in a folder of its own.
Passages are scored as usual and a document scores as its best passage (max-pooling), each
retriever's run taken deep enough (``DEPTH`` passages) that ten distinct documents exist.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from qa.errors import CorpusError, IndexInvalidError, IndexMissingError
from .runs import (EvalReport, Progress, RunRows, config_for, label_of, mode_run, needed_retrievers, retrieval_report,
                       retriever_runs)
from qa.search import SearchConfig

DEPTH = 1000  # passages per retriever before pooling into documents


@dataclass(frozen=True)
class BeirSet:
    name: str
    folder: str
    corpus: str  # path of corpus.jsonl[.gz]
    queries: Mapping[str, str]  # judged queries only, in qrels order
    qrels: Mapping[str, Mapping[str, int]]


def load_beir(folder: str | Path, split: str = "test") -> BeirSet:
    """Read a BEIR folder; a missing or malformed file raises ``CorpusError`` naming it."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"BEIR folder not found: {folder}")
    corpus = next((folder / n for n in ("corpus.jsonl", "corpus.jsonl.gz") if (folder / n).is_file()), None)
    if corpus is None:
        raise CorpusError(f"{folder} has no corpus.jsonl or corpus.jsonl.gz", hint="is it a BEIR dataset folder?")
    qrels = _read_qrels(folder / "qrels" / f"{split}.tsv")
    queries = _read_queries(folder / "queries.jsonl")
    missing = [q for q in qrels if q not in queries]
    if missing:
        raise CorpusError(f"{len(missing)} judged queries are not in {folder / 'queries.jsonl'} (e.g. {missing[0]!r})")
    return BeirSet(folder.resolve().name, str(folder), str(corpus), {q: queries[q] for q in qrels}, qrels)


def _read_qrels(path: Path) -> dict[str, dict[str, int]]:
    if not path.is_file():
        raise CorpusError(f"qrels file not found: {path}")
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            parts = line.rstrip("\n").split("\t")
            if not line.strip() or (n == 1 and not parts[-1].strip().lstrip("-").isdigit()):
                continue  # blank line, or the "query-id corpus-id score" header
            if len(parts) != 3 or not parts[2].strip().lstrip("-").isdigit():
                raise CorpusError(f"{path}:{n}: expected 'query-id<TAB>corpus-id<TAB>score'")
            qrels.setdefault(parts[0].strip(), {})[parts[1].strip()] = int(parts[2])
    judged = {q: rel for q, rel in qrels.items() if any(v > 0 for v in rel.values())}
    if not judged:
        raise CorpusError(f"{path} judges no document relevant")
    return judged


def _read_queries(path: Path) -> dict[str, str]:
    if not path.is_file():
        raise CorpusError(f"queries file not found: {path}")
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out[str(row["_id"])] = str(row["text"])
            except (ValueError, KeyError, TypeError):
                raise CorpusError(f"{path}:{n}: expected a JSON object with '_id' and 'text'") from None
    return out


def default_cache(beir: BeirSet, index_root: Path) -> Path:
    """Where a dataset's index lives when no --index-dir is given: ``<index dir>/beir-<name>``."""
    return Path(index_root) / f"beir-{beir.name}"


def up_to_date(index_dir: Path, corpus: str, chunking, model: str | None) -> bool:
    """True when the index at ``index_dir`` was built from exactly this corpus with these settings."""
    from qa.corpus import read_corpus  # what build_index itself reads
    from qa.index import settings
    from qa.embedding import model_label
    from qa.index import read_manifest

    try:
        _version, manifest = read_manifest(Path(index_dir))
    except (IndexMissingError, IndexInvalidError):
        return False
    from qa.index import settings_change, weights_changed
    from qa.search import BM25Params

    wanted = settings(model_label(model), 0, chunking, BM25Params())
    if settings_change(manifest, wanted) or weights_changed(manifest, wanted["bm25"]):
        return False  # e.g. built by an older qa that embedded passages, tokenised or weighted differently
    docs = read_corpus(corpus)
    return manifest.get("documents") == {d.id: d.hash for d in docs}


def beir_index(beir: BeirSet, index_dir: Path, *, model: str | None = None, chunking=None, rebuild: bool = False,
               embedder=None, progress: Progress | None = None, export_onnx: bool = True):
    """The dataset's index at ``index_dir``: reused when current, else built (incrementally)."""
    from qa.index import build_index
    from qa.corpus import ChunkingConfig
    from qa.index import load_index

    chunking = chunking or ChunkingConfig()
    name = model if embedder is None else embedder.name
    if rebuild or not up_to_date(index_dir, beir.corpus, chunking, name):
        build_index(beir.corpus, index_dir, model=model, chunking=chunking, rebuild=rebuild, embedder=embedder,
                    progress=progress, export_onnx=export_onnx)
    index = load_index(index_dir)
    if embedder is not None:
        index.use_embedder(embedder)
    return index


def pool_documents(run: Sequence[tuple[int, float]], chunk_doc: np.ndarray) -> list[tuple[int, float]]:
    """Chunk run -> document run: each document at its best chunk's place and score."""
    seen: set[int] = set()
    out = []
    for idx, score in run:
        d = int(chunk_doc[idx])
        if d not in seen:
            seen.add(d)
            out.append((d, score))
    return out


def document_runs(stored: Mapping[str, Mapping[str, RunRows]], chunk_doc: np.ndarray) -> dict[str, dict[str, RunRows]]:
    """Each retriever's chunk runs max-pooled into document runs."""
    return {name: {q: pool_documents(rows, chunk_doc) for q, rows in runs.items()} for name, runs in stored.items()}


def evaluate_beir(index, beir: BeirSet, config: SearchConfig = SearchConfig(), *, k: int = 100,
                  labels: Sequence[str] | None = None, depth: int = DEPTH,
                  progress: Progress | None = None) -> tuple[EvalReport, dict[str, dict[str, RunRows]]]:
    """BEIR metrics for each label (document level), plus the ranked runs (document ids)."""
    labels = list(labels or [label_of(config)])
    stored = retriever_runs(index, beir.queries, max(depth, k), needed_retrievers(labels), progress)
    chunk_doc = np.asarray(index.chunk_rows[:, 0])
    pooled = document_runs(stored, chunk_doc)
    meta = index.docs.meta

    def describe(doc_id: str) -> tuple[str, str]:
        i = index.docs.position[doc_id]
        return doc_id, meta[i].title or index.doc_text(i)

    reports, ranked_runs = [], {}
    for label in labels:
        cfg = replace(config_for(label, config, index), depth=max(depth, k))
        run = {q: [(meta[d].id, s) for d, s in rows[:k]] for q, rows in mode_run(pooled, cfg).items()}
        ranked_runs[label] = run
        reports.append(retrieval_report(label, cfg, beir.qrels, run, beir.queries, "beir", k, describe))
    report = EvalReport(f"beir/{beir.name}", "beir", str(index.index_dir), k, len(beir.queries), tuple(reports))
    return report, ranked_runs
