"""``qa index``: build or update the index of a corpus."""

from __future__ import annotations

import click

from . import cli
from .options import corpus_option, index_dir_option, model_option, resolve_paths
from .progress import run_build


@cli.command("index")
@corpus_option
@index_dir_option
@model_option
@click.option("--rebuild", is_flag=True, help="Re-chunk and re-embed everything instead of only what changed.")
@click.option("--max-words", type=click.IntRange(10, 2000), default=None, help="Passage size in words  [default: 120]")
@click.option("--wait", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds to wait for another qa index writing the same index (0: fail at once).")
@click.option("--verify", is_flag=True, help="Only check the existing index (every checksum) and report.")
@click.option("--precision", type=click.Choice(["int8", "fp32"]), default=None, envvar="QA_PRECISION",
              help="Passage encoder: int8 (fast) or the float32 model; changing it rebuilds everything  "
                   "[default: the index's, else int8]")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def index_command(corpus, index_dir, model, rebuild, max_words, wait, verify, quiet, precision):
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
              precision=precision)
