"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import default_corpus, default_index_dir
from ..errors import UsageError


def index_dir_option(f):
    return click.option(
        "--index-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        envvar="QA_INDEX_DIR",
        help="Index directory  [default: ./index; env QA_INDEX_DIR]",
    )(f)


def corpus_option(f):
    return click.option(
        "--corpus",
        type=click.Path(path_type=Path),
        default=None,
        envvar="QA_CORPUS",
        help="Corpus folder or file  [default: ./seeds in a qa project; env QA_CORPUS]",
    )(f)


def corpus_argument(f):
    """An optional FOLDER before or after the options: ``qa index ~/notes`` is ``qa index --corpus ~/notes``."""
    return click.argument("folder", required=False, type=click.Path(path_type=Path), metavar="[FOLDER]")(f)


def pick_corpus(folder: Path | None, corpus: Path | None) -> Path | None:
    """The corpus of a command that takes both a FOLDER argument and ``--corpus``: either one; both
    only when they agree.  A FOLDER given overrides ``QA_CORPUS`` (the environment's default)."""
    if folder is None:
        return corpus
    source = click.get_current_context().get_parameter_source("corpus")
    if corpus is not None and source is not None and source.name == "COMMANDLINE" and Path(folder) != Path(corpus):
        raise UsageError(f"two corpora given: {folder} and --corpus {corpus}", hint="name the folder once")
    return folder


def model_option(f):
    return click.option(
        "--model",
        default=None,
        envvar="QA_MODEL",
        help="sentence-transformers model: a local path or cached name  [default: all-MiniLM-L6-v2, bundled]",
    )(f)


NO_CORPUS = "no corpus given, and this folder is no qa project: no seeds/ folder, no corpus in [tool.qa]"
CORPUS_HINT = "name the documents' folder (qa index FOLDER, or --corpus PATH), or set QA_CORPUS"


def resolve_paths(corpus: Path | None, index_dir: Path | None, *, need_corpus: bool = False) -> tuple[Path | None, Path]:
    """The corpus (None when none is given and there is no project default) and the index folder.

    ``need_corpus``: a missing corpus is a usage error that asks for ``--corpus`` (``qa index``)."""
    corpus = corpus or default_corpus()
    if corpus is None and need_corpus:
        raise UsageError(NO_CORPUS, hint=CORPUS_HINT)
    return corpus, index_dir or default_index_dir()
