"""``qa index``: build or update the index of a corpus."""

from __future__ import annotations

import click

from . import cli
from .options import corpus_option, index_dir_option, model_option, resolve_paths
from .progress import build_progress, echo_skip, summary


def run_build(corpus, index_dir, *, model=None, rebuild=False, max_words=None, wait=60.0, quiet=False,
              cluster=None, cluster_files="ship"):
    """Build with a progress bar on stderr; returns the report (shared by ask/chat auto-build)."""
    from qa.search.bm25 import BM25Params
    from qa.index.build import build_index
    from qa.corpus.chunking import ChunkingConfig

    chunking = ChunkingConfig(max_words=max_words) if max_words else ChunkingConfig()
    with build_progress(enabled=not quiet) as progress:
        report = build_index(corpus, index_dir, model=model, chunking=chunking, bm25=BM25Params(),
                             rebuild=rebuild, progress=progress, on_skip=echo_skip, lock_timeout=wait,
                             cluster=cluster, cluster_files=cluster_files)
    click.echo(summary(report), err=True)
    return report


@cli.command("index")
@corpus_option
@index_dir_option
@model_option
@click.option("--rebuild", is_flag=True, help="Re-chunk and re-embed everything instead of only what changed.")
@click.option("--max-words", type=click.IntRange(10, 2000), default=None, help="Passage size in words  [default: 120]")
@click.option("--wait", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds to wait for another qa index writing the same index (0: fail at once).")
@click.option("--cluster", default=None, envvar="QA_CLUSTER", metavar="ADDRESS",
              help="Build on a Dask cluster: a scheduler address (tcp://host:8786) or local:N for N worker "
                   "processes here  [env QA_CLUSTER; needs the [cluster] extra]")
@click.option("--cluster-files", type=click.Choice(["ship", "shared"]), default="ship", show_default=True,
              envvar="QA_CLUSTER_FILES",
              help="ship: the client reads and sends new/changed texts; shared: workers read the corpus at the "
                   "same path (a file-server mount)")
@click.option("--verify", is_flag=True, help="Only check the existing index (every checksum) and report.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def index_command(corpus, index_dir, model, rebuild, max_words, wait, cluster, cluster_files, verify, quiet):
    """Build or update the index of a corpus (only new or changed documents are re-embedded)."""
    corpus, index_dir = resolve_paths(corpus, index_dir)
    if verify:
        from qa.index.loaded import load_index
        from qa.index.versions import read_manifest
        from qa.index.verify import verify_files

        version, manifest = read_manifest(index_dir)
        verify_files(version, manifest, full=True, index_dir=index_dir)  # every checksum, however big
        idx = load_index(index_dir, verify=False)
        click.echo(f"{index_dir}: ok ({len(idx.docs)} documents, {idx.n_chunks} passages, model {idx.model}, "
                   f"{len(manifest['files'])} files checked)")
        return
    run_build(corpus, index_dir, model=model, rebuild=rebuild, max_words=max_words, wait=wait, quiet=quiet,
              cluster=cluster, cluster_files=cluster_files)
