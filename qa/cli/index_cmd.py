"""``qa index``: build or update the index of a corpus."""

from __future__ import annotations

import click

from ..safe_text import json_text, safe_line
from .group import cli
from .options import corpus_argument, corpus_option, index_dir_option, model_option, pick_corpus, resolve_paths
from .progress import run_build


def report_json(report, fusion: dict | None = None) -> dict:
    """``qa index --json``: what the build did, every file it skipped, and the fusion it chose."""
    fields = ("index_dir", "documents", "chunks", "added", "changed", "removed", "unchanged", "embedded",
              "copies", "up_to_date", "full_reason", "onnx", "reweighed", "recounted")
    out = {name: getattr(report, name) for name in fields}
    out["seconds"] = round(report.seconds, 3)
    out["skipped"] = [s.to_dict() for s in report.skipped]
    if fusion is not None:
        out["fusion"] = fusion
    return out


def index_fusion(index_dir) -> dict:
    """The fusion the index's build chose for its corpus (an older index: the fixed 0.6, as "fallback")."""
    from qa.index import FusionChoice, read_manifest

    return FusionChoice.from_dict(read_manifest(index_dir)[1].get("fusion")).as_dict()


def fusion_line(fusion: dict) -> str:
    if fusion.get("scores"):
        how = f" (chosen for this corpus from {fusion['queries']} pseudo-questions)"
    elif fusion.get("queries"):  # asked, but too few to choose by: a small corpus
        how = f": the fixed default (too little text to choose from: {fusion['queries']} pseudo-questions)"
    else:
        how = ": the fixed default (no choice recorded for this corpus)"
    return f"Hybrid fusion: {fusion['fusion']}, dense weight {fusion['dense_weight']:g}{how}"


@cli.command("index")
@corpus_argument
@corpus_option
@index_dir_option
@model_option
@click.option("--rebuild", is_flag=True, help="Re-chunk and re-embed everything instead of only what changed.")
@click.option("--max-words", type=click.IntRange(10, 2000), default=None, help="Passage size in words  [default: 120]")
@click.option("--wait", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds to wait for another qa index writing the same index (0: fail at once).")
@click.option("--follow-symlinks", is_flag=True, envvar="QA_FOLLOW_SYMLINKS",
              help="Read files and folders that symlinks in the corpus point to outside it  [env QA_FOLLOW_SYMLINKS]")
@click.option("--cluster", default=None, envvar="QA_CLUSTER", metavar="ADDRESS",
              help="Build on a Dask cluster: a scheduler address (tcp://host:8786) or local:N for N worker "
                   "processes here  [env QA_CLUSTER; needs the [cluster] extra]")
@click.option("--cluster-files", type=click.Choice(["ship", "shared"]), default="ship", show_default=True,
              envvar="QA_CLUSTER_FILES",
              help="ship: the client reads and sends new/changed texts; shared: workers read the corpus at the "
                   "same path (a file-server mount)")
@click.option("--verify", is_flag=True, help="Only check the existing index (every checksum) and report.")
@click.option("--precision", type=click.Choice(["int8", "fp32"]), default=None, envvar="QA_PRECISION",
              help="Passage encoder: int8 (faster, one passage per run) or the float32 model; changing "
                   "it rebuilds everything  [default: the index's, else int8]")
@click.option("--json", "as_json", is_flag=True, help="Print the build report (and every skipped file) as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="Also name the skipped files of unsupported types.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def index_command(folder, corpus, index_dir, model, rebuild, max_words, wait, follow_symlinks, cluster, cluster_files, verify,
                  precision, as_json, verbose, quiet):
    """Build or update the index of a corpus (only new or changed documents are re-embedded).

    FOLDER (or --corpus) is the documents' folder or file: ``qa index ~/notes --index-dir ~/notes-index``.
    """
    corpus, index_dir = resolve_paths(pick_corpus(folder, corpus), index_dir, need_corpus=not verify)
    if verify:
        from qa.index import load_index
        from qa.index import read_manifest
        from qa.index import verify_files

        version, manifest = read_manifest(index_dir)
        verify_files(version, manifest, full=True, index_dir=index_dir)  # every checksum, however big
        idx = load_index(index_dir, verify=False)
        click.echo(f"{safe_line(index_dir)}: ok ({len(idx.docs)} documents, {idx.n_chunks} passages, "
                   f"model {safe_line(idx.model)}, "
                   f"{len(manifest['files'])} files checked)")
        return
    report = run_build(corpus, index_dir, model=model, rebuild=rebuild, max_words=max_words, wait=wait,
                       quiet=quiet or as_json, follow_symlinks=follow_symlinks, verbose=verbose, precision=precision,
                       cluster=cluster, cluster_files=cluster_files)
    fusion = index_fusion(index_dir)
    if as_json:
        click.echo(json_text(report_json(report, fusion), indent=2))
    elif not quiet:
        click.echo(fusion_line(fusion), err=True)
