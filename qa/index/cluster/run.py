"""``qa index --cluster ADDRESS``: the same build, with the work spread over a Dask cluster.

Workers chunk, count BM25 terms and embed; the client merges the batches as they complete
(``merge``) into exactly the on-disk format of a local build and publishes it atomically.
How workers get the documents (``files``):

- ``"ship"`` (default): the client reads the corpus (it must know every document's hash to build
  incrementally) and ships only new and changed documents' texts, in batches (one whose title alone
  changed with its old passages' spans: the worker counts it and embeds nothing).  Works with any
  cluster: workers need no access to the corpus.
- ``"shared"``: the corpus is at the same path on every worker (a file-server mount); workers read
  the files themselves (large JSON-lines files in byte ranges) and skip the documents the previous
  index already holds (by content and kind of file: renamed, moved and copied files too), so only
  new and changed ones come back (one whose title alone changed is embedded there, as the workers
  know no old titles; the client keeps its old vectors all the same).

An index whose BM25 term counts alone were made otherwise (qa's new tokenizer:
``incremental.recount_only``) is counted again, its vectors kept, as in a local build: ``ship``
sends every document with its old passages, ``shared`` has the workers read every document again,
given each old one's passages' digest (``tasks.known_documents``); either way they count them and
embed none whose passages are the same (``tasks.process``).

The model reaches each worker once, in a worker plugin (its ONNX files as bytes, or its path for
``local:N``).  ``local:N`` starts a ``LocalCluster`` of N worker processes on this machine.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from qa.corpus import skips
from qa.corpus import ChunkingConfig
from qa.corpus import READS, iter_files, load_corpus, supported
from qa.corpus import Skipped
from qa.errors import ClusterError, CorpusError, UsageError
from qa.search import BM25Params

from ..build_settings import passage_precision, previous_index, settings
from ..build_spec import BuildReport, BuildSpec, DimensionChanged
from ..docstore import DocMeta
from ..incremental import by_content, kind_of, recount_only
from ..ownership import FirstBuild, check_build_paths
from ..versions import lock
from .pieces import file_pieces

log = logging.getLogger("qa")
FILES_MODES = ("ship", "shared")
CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler and see a first worker
BATCH_CHARS = 200_000  # text per task (~150 passages: a few seconds of embedding per core)


def build_on_cluster(corpus, index_dir, *, cluster: str, files: str = "ship", model=None,
                     chunking: ChunkingConfig = ChunkingConfig(), bm25: BM25Params = BM25Params(),
                     rebuild: bool = False, embedder=None, progress=None, on_skip=None, lock_timeout: float = 60.0,
                     export_onnx: bool = True, precision: str | None = None, follow_symlinks: bool = False,
                     connect_timeout: float = CONNECT_TIMEOUT, batch_chars: int = BATCH_CHARS,
                     stats: dict | None = None) -> BuildReport:
    """``build.build_index`` on a Dask cluster: same arguments, same result, same report."""
    if files not in FILES_MODES:
        raise UsageError(f"cluster files mode must be one of {', '.join(FILES_MODES)}, not {files!r}")
    t0 = time.perf_counter()
    index_dir = Path(index_dir)
    progress = progress or (lambda _s, _d, _t: None)
    check_build_paths(Path(corpus), index_dir)  # before anything is created
    first = FirstBuild(index_dir)
    held = lock(index_dir, lock_timeout)
    old = None
    try:
        label = model_label_for(model, embedder)
        passages = passage_precision(index_dir, precision, embedder, export_onnx)
        wanted = settings(label, 0, chunking, bm25, passages)
        old, reason = previous_index(index_dir, wanted, rebuild, recount=True)
        recount = old is not None and recount_only(old.manifest, wanted)  # a new tokenizer: counted again
        spec = BuildSpec(corpus, index_dir, model, label, chunking, bm25, passages, export_onnx, embedder, progress)
        t_connect = time.perf_counter()
        with connect(cluster, connect_timeout) as client:
            stats = stats if stats is not None else {}
            stats["connect_seconds"] = time.perf_counter() - t_connect
            run = _Run(client, cluster, spec, files, on_skip, follow_symlinks, batch_chars, stats)
            try:
                fields = run.build(old, recount)
            except DimensionChanged:
                fields, reason = run.build(None), "the model's dimension changed"
    except BaseException:  # a failed first build leaves nothing behind (``ownership.FirstBuild``)
        first.undo()
        raise
    finally:
        if old is not None:
            old.release()  # done with the previous version (a failed build leaves it as it was)
        held.release()
    return BuildReport(index_dir=str(index_dir), seconds=time.perf_counter() - t0, skipped=tuple(run.skipped),
                       full_reason=reason, **fields)


def model_label_for(model, embedder) -> str:
    from qa.embedding import model_label

    return model_label(model if embedder is None else embedder.name)


@contextmanager
def connect(address: str, timeout: float = CONNECT_TIMEOUT):
    """A ``distributed.Client`` for ``address`` (or a new ``LocalCluster`` for ``local:N``) with a worker."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError("qa index --cluster needs Dask distributed", hint='pip install "qa[cluster]"') from exc
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # a lost scheduler is reported in one line, not a page of logs
    cluster = client = None
    try:
        if address.startswith("local:"):
            n = address[6:]
            if not n.isdigit() or not 1 <= int(n) <= 512:
                raise UsageError(f"bad cluster address {address!r}", hint="local:N starts N worker processes here")
            n = int(n)
            cluster = LocalCluster(n_workers=n, threads_per_worker=max(1, (os.cpu_count() or 1) // n),
                                   processes=True, host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
        else:
            try:
                client = Client(address, timeout=timeout)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ClusterError(f"cannot reach the Dask scheduler at {address}",
                                   hint="is `dask scheduler` running there? see docs/cluster.md") from exc
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (TimeoutError, OSError) as exc:
            raise ClusterError(f"no Dask worker joined the scheduler at {address} within {timeout:g} s",
                               hint="start workers with: dask worker ADDRESS") from exc
        yield client
    finally:
        for thing in (client, cluster):
            if thing is not None:
                try:
                    thing.close(timeout=5)
                except Exception:  # noqa: BLE001 - closing a client whose scheduler is gone
                    pass
        quiet.setLevel(level)


class _Run:
    """One pass over the corpus on the cluster (a second one only if the model's dimension changed)."""

    def __init__(self, client, address, spec: BuildSpec, files, on_skip, follow_symlinks, batch_chars, stats):
        self.client, self.address, self.spec, self.files = client, address, spec, files
        self.on_skip, self.follow_symlinks = on_skip, follow_symlinks
        self.batch_chars, self.stats = batch_chars, stats
        self.skipped: list[Skipped] = []
        self.passes = 0

    def skip(self, s: Skipped) -> None:
        self.skipped.append(s)
        if self.on_skip and self.passes == 1:  # a second pass reads the same files: told once
            self.on_skip(s)

    def build(self, old, recount: bool = False) -> dict:
        """``recount`` (``incremental.recount_only``): every document kept is counted again on the
        workers, its old vectors kept (``merge.Merger``), as a local build's ``recount``."""
        from .merge import Merger
        from .stream import Stream
        from .tasks import PLUGIN_PREFIX, ModelPlugin, known_documents

        self.passes += 1
        self.skipped = []
        payload, onnx_dir = model_payload(self.spec, old, self.address.startswith("local:"))
        known = digests = None
        if self.files == "shared" and old is not None:
            known, digests = known_documents(old, recount)
        self.plugin = PLUGIN_PREFIX + uuid.uuid4().hex[:12]
        self.client.register_plugin(ModelPlugin(self.plugin, payload, known, digests), name=self.plugin)
        merger = Merger(old, self.spec.index_dir, recount)
        try:
            stream = Stream(self.client, self.address, merger, self.spec.progress, self.stats)
            docs = self._ship(stream, merger, old, recount) if self.files == "ship" else self._shared(stream, merger)
            self.stats.update(workers_seen=len(stream.workers), passages=merger.passages)
            skipped = [s.to_dict() for s in self.skipped]  # the manifest's skip report
            # sentence vectors (qa/index/sentences.py): the workers embed the new documents' distinct
            # sentences (tasks.process); merger.finish copies the unchanged ones' as a local build does
            return merger.finish(self.spec, docs, skipped, onnx_dir)
        finally:
            merger.close()
            try:
                self.client.unregister_worker_plugin(self.plugin)
            except Exception:  # noqa: BLE001 - the scheduler may be gone already
                pass

    def _nothing(self) -> CorpusError:
        """read_corpus's error when nothing is readable (with why, when files were skipped)."""
        reasons = [f"{s.path}: {s.reason}" for s in self.skipped if not s.quiet][:3]
        return CorpusError(f"no readable documents in {self.spec.corpus}",
                           hint="; ".join(reasons) if reasons else f"qa reads {READS}")

    def _ship(self, stream, merger, old, recount: bool = False) -> list[tuple[DocMeta, str]]:
        """The client reads (as read_corpus, one document at a time); new and changed documents'
        texts go to the workers in batches (``recount``: the unchanged ones' too, with their old passages)."""
        from .tasks import embed_documents, shipped

        spec, progress = self.spec, self.spec.progress
        same = by_content(old)  # unchanged, renamed, moved or copied: not shipped (merge reuses them)
        by_id: dict[str, DocMeta] = {}
        batch, chars = [], 0
        progress("reading", 0, 0)
        for doc in load_corpus(spec.corpus, self.skip, exclude=(str(spec.index_dir),),
                               follow_symlinks=self.follow_symlinks):
            if doc.id in by_id:
                self.skip(Skipped(doc.source, skips.DUPLICATE, f"duplicate document id {doc.id!r} (first one kept)"))
                continue
            h = doc.hash
            by_id[doc.id] = DocMeta.of(doc, h)
            progress("reading", len(by_id), 0)
            if not recount and (h, kind_of(doc.id), doc.format) in same:
                continue
            merger.keep_text(doc.id, doc.text)
            batch.append(shipped(doc, merger.old_rows(doc)))  # kept, or a new title only: its old passages with it
            chars += len(doc.text)
            if chars >= self.batch_chars:
                stream.submit(embed_documents, self.plugin, spec.chunking, batch)
                batch, chars = [], 0
        if batch:
            stream.submit(embed_documents, self.plugin, spec.chunking, batch)
        if not by_id:
            raise self._nothing()
        progress("reading", len(by_id), len(by_id))
        stream.drain()
        return [(by_id[k], k) for k in sorted(by_id)]

    def _shared(self, stream, merger) -> list[tuple[DocMeta, tuple[int, int]]]:
        """Workers read the files at the same path as the client; they send back what they read."""
        from .tasks import read_and_embed

        spec = self.spec
        root = Path(spec.corpus)
        if root.is_file() and not supported(root):
            raise CorpusError(f"unsupported file type: {root.name}", hint=f"qa reads {READS}")
        where = str(root.absolute())
        seen = stream.run(os.path.exists, where)
        if not all(seen.values()):
            blind = sorted(w for w, ok in seen.items() if not ok)
            raise ClusterError(f"{len(blind)} worker(s) cannot see the corpus at {where} ({blind[0]} ...)",
                               hint="mount it at the same path, or use --cluster-files ship")
        base = root if root.is_dir() else root.parent
        files: list[str] = []
        walk_skips: list[tuple[int, Skipped]] = []

        def skip_rel(s: Skipped) -> None:  # as load_corpus: named relative to the corpus, told in order later
            try:
                s = replace(s, path=Path(s.path).relative_to(base).as_posix())
            except ValueError:
                pass
            walk_skips.append((len(files), s))

        spec.progress("reading", 0, 0)
        for file in iter_files(root, skip_rel, supported, (str(spec.index_dir),), self.follow_symlinks):
            rel = file.relative_to(base).as_posix()
            files.append(rel)
            spec.progress("reading", len(files), 0)
            for piece in file_pieces(file, rel):
                stream.submit(read_and_embed, self.plugin, spec.chunking, piece, file_no=len(files) - 1)
        stream.drain()
        docs = merger.resolve(files, walk_skips, self.skip)
        if not docs:
            raise self._nothing()
        spec.progress("reading", len(docs), len(docs))
        return docs


def model_payload(spec: BuildSpec, old, same_machine: bool):
    """(what the model plugin carries, the ONNX dir the new version keeps as its query encoder):
    the passage encoder a local build would use (``passages.passage_model``: same files, same
    precision), its files shipped once unless the workers run on this machine."""
    from ..passages import passage_model

    if spec.embedder is not None:
        return ("object", spec.embedder), None
    chosen = passage_model(spec.model, old, spec.export_onnx, spec.passages or "int8")
    if not chosen.onnx_dir or same_machine:
        return ("passages", chosen, None), chosen.onnx_dir
    return ("passages", chosen, {p.name: p.read_bytes() for p in chosen.files()}), chosen.onnx_dir
