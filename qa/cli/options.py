"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import default_corpus, default_index_dir


def index_dir_option(f):
    return click.option(
        "--index-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        envvar="QA_INDEX_DIR",
        help="Index directory  [default: index/ beside seeds/; env QA_INDEX_DIR]",
    )(f)


def corpus_option(f):
    return click.option(
        "--corpus",
        type=click.Path(path_type=Path),
        default=None,
        envvar="QA_CORPUS",
        help="Corpus folder or file  [default: seeds/; env QA_CORPUS]",
    )(f)


def model_option(f):
    return click.option(
        "--model",
        default=None,
        envvar="QA_MODEL",
        help="sentence-transformers model: a local path or cached name  [default: all-MiniLM-L6-v2, bundled]",
    )(f)


def resolve_paths(corpus: Path | None, index_dir: Path | None) -> tuple[Path, Path]:
    return (corpus or default_corpus(), index_dir or default_index_dir())
