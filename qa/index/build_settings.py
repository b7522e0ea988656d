"""What an index is built with: the settings its manifest records, and what a build may reuse.

``settings`` is compared with a live index's manifest: any difference (model, passage precision,
chunking, BM25, what BM25 and the embedder see, sentence vectors) means a full build, and the
build says why.  Shared by local and cluster builds and by ``qa eval --beir``'s cache check.
"""

from __future__ import annotations

from pathlib import Path

from qa.corpus import ChunkingConfig
from qa.errors import QAError
from qa.search import TOKENIZER_VERSION, BM25Params

from . import sentences
from .incremental import recount_only, settings_change


def index_text(title: str, text: str, context: str = "") -> str:
    """What BM25 sees for a chunk: its document title, the header row of a table it continues
    (``prepare.chunk_context``), then its text.  The embedder sees the chunk alone: a title
    repeated on every passage of a long document makes them all look alike (measured on the seeds
    and SciFact: docs/evaluation.md)."""
    return "\n".join(x for x in (title, context, text) if x)


INDEX_TEXT = {"bm25": "title+table header+chunk", "dense": "chunk"}


def settings(model: str, dim: int, chunking: ChunkingConfig, bm25: BM25Params, passages: str | None = None) -> dict:
    """``passages``: the passage encoder's precision ("int8"/"fp32"; None: an embedder was given)."""
    return {
        "model": {"name": model, "dim": dim, **({"passages": passages} if passages else {})},
        "chunking": chunking.as_dict(),
        "bm25": {**bm25.as_dict(), "tokenizer": TOKENIZER_VERSION},
        "index_text": INDEX_TEXT,
        "sentences": sentences.settings_for(passages),
    }


def previous_index(index_dir: Path, wanted: dict, rebuild: bool, recount: bool = False):
    """(live index, "") if it can be reused for an incremental build, else (None, why not).  With
    ``recount``, an index whose BM25 term counts alone are made otherwise (``recount_only``) is reused:
    the build counts every passage again and keeps its vectors."""
    from .loaded import load_index

    if rebuild:
        return None, "--rebuild"
    if not (index_dir / "CURRENT").exists():
        return None, "no previous index"
    try:
        old = load_index(index_dir, verify=True, warn_tokenizer=False)  # this build brings it up to date
    except QAError as exc:
        return None, f"previous index unusable: {exc.message}"
    change = settings_change(old.manifest, wanted)
    if change and recount and recount_only(old.manifest, wanted):
        return old, ""
    return (None, change) if change else (old, "")


def passage_precision(index_dir: Path, precision: str | None, embedder, export_onnx: bool) -> str | None:
    """The passage encoder's precision: as asked, else the live index's, else int8; None when an
    embedder is given or ONNX is off.  Local and cluster builds both ask here.

    int8 by default: faster, within the quality bars of issue 19 (docs/speed.md), and encoded one
    passage per run so a vector depends only on its own text: incremental and cluster builds give
    the very vectors of a full local one."""
    return (precision or _live_precision(index_dir) or "int8") if embedder is None and export_onnx else None


def chunking_config(index_dir: Path, chunking: ChunkingConfig | None) -> ChunkingConfig:
    """The chunking asked for, else the live index's passage size (``--max-words``), else the default:
    as with the precision, a later ``qa index`` (or ``qa watch``) without the flag updates the index
    it was given, instead of re-chunking and re-embedding all of it at the default size."""
    if chunking is not None:
        return chunking
    from .versions import read_manifest

    try:
        words = read_manifest(index_dir)[1]["chunking"]["max_words"]
    except (QAError, OSError, KeyError, TypeError, AttributeError):
        return ChunkingConfig()
    return ChunkingConfig(max_words=words) if isinstance(words, int) and not isinstance(words, bool) and words > 0 \
        else ChunkingConfig()


def model_choice(index_dir: Path, model: str | None, embedder=None) -> str | None:
    """The model asked for, else the live index's (as its manifest names it: a resolved path or a
    hub name), else the bundled one (None).  Like ``--max-words``: a later ``qa index`` or ``qa watch``
    without ``--model`` updates the index with the model it was built with, instead of re-embedding
    all of it with the default; a ``--model`` other than the index's is a full build that says why.
    An ``embedder`` given (tests' fake) is its own model."""
    if model is not None or embedder is not None:
        return model
    from qa.embedding import model_label

    from .versions import read_manifest

    try:
        name = read_manifest(index_dir)[1]["model"]["name"]
    except (QAError, OSError, KeyError, TypeError, AttributeError):
        return None
    return name if isinstance(name, str) and name and name != model_label(None) else None


def _live_precision(index_dir: Path) -> str | None:
    """The live index's precision, if it was built since int8 became the default (late-chunked
    sentence vectors came with it); an older index's fp32 was the old default: it moves to int8."""
    from .versions import read_manifest

    try:
        manifest = read_manifest(index_dir)[1]
        return manifest["model"].get("passages") if manifest.get("sentences") == sentences.LATE else None
    except (QAError, OSError, KeyError, TypeError, AttributeError):
        return None
