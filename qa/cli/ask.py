"""``qa ask``: one question, one cited answer (human-readable or ``--json``)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..errors import UsageError
from ..safe_text import json_text, name_encoding, safe_line
from .group import cli
from .options import corpus_option, index_dir_option, model_option, resolve_paths
from .progress import open_index
from .render import echo


def read_history(path: Path | None) -> list[str]:
    if path is None or not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        questions = data["questions"]
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise TypeError
        return questions
    except OSError as err:
        raise UsageError(f"cannot read the conversation file {safe_line(path)}: {err.strerror or err}") from None
    except (ValueError, KeyError, TypeError, IndexError):
        raise UsageError(f"{safe_line(path)} is not a qa conversation file",
                         hint='{"questions": [...]}; delete it or pick another --continue file') from None


def write_history(path: Path, history: list[str]) -> None:
    """Write the conversation file (atomically); an OSError is the caller's to report."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps({"questions": history}, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def save_history(path: Path, history: list[str]) -> None:
    """``write_history``, a failure being one warning line: a history that cannot be written costs no
    answer (it is saved once the answer is found, before it is printed)."""
    try:
        write_history(path, history)
    except OSError as err:
        click.echo(f"qa: warning: the conversation was not saved to {safe_line(path)}: {err.strerror or err}",
                   err=True)


def one_blas_thread() -> None:
    """numpy's OpenBLAS starts a thread per extra core when it loads, and each spins ~0.1 s of CPU
    waiting for work a single question never gives it (measured: ~40 ms of a cold ask's CPU, on the
    core the encoder's session is being created on).  Set before numpy loads; the user's setting wins."""
    if "numpy" not in sys.modules:
        for var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(var, "1")


def only_docs(index, wanted) -> list[str]:
    """The document ids ``--doc`` names: exact ids or unique prefixes ("003"), as the chat's /filter."""
    from qa.index import ambiguity, match_docs

    ids = [m.id for m in index.docs.meta]
    found, unknown = match_docs(ids, wanted)
    if unknown:
        name, why = safe_line(repr(unknown[0])), ambiguity(ids, unknown[0])
        if why == "no document":
            raise UsageError(f"no document {name} in the index", hint="see the ids with: qa docs")
        raise UsageError(f"--doc {name} matches {safe_line(why)}", hint="give more of the id; qa docs lists them")
    return found


@cli.command("ask")
@click.argument("question")
@click.option("-k", "k", type=click.IntRange(1, 100), default=5, show_default=True,
              help="Sources an answer cites at most (and passages returned in --json hits).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (schema in the README).")
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True)
@click.option("--fusion", type=click.Choice(["convex", "rrf"]), default="convex", show_default=True)
@click.option("--depth", type=click.IntRange(1, 10000), default=100, show_default=True,
              help="Candidates per retriever before fusion.")
@click.option("--doc", "docs", multiple=True,
              help="Only search this document: its id or a unique prefix of it, e.g. 003 (repeatable).")
@click.option("--continue", "history_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Conversation file: earlier questions are read from it and this one is added.")
@click.option("--explain", is_flag=True,
              help="Also show why: the top candidate sentences, their feature values and the decision "
                   "(--json always carries it as \"trace\").")
@index_dir_option
@corpus_option
@model_option
def ask_command(question, k, as_json, mode, fusion, depth, docs, history_file, explain, index_dir, corpus, model):
    """Answer QUESTION from the corpus, quoting its sentences with [n] citations."""
    from qa.index import prefetch_query_encoder

    one_blas_thread()
    prefetch_query_encoder(resolve_paths(corpus, index_dir)[1])  # while the answer stage imports
    from qa.answer import answer
    from qa.answer import clean_question
    from qa.search import SearchConfig

    question = clean_question(question)  # a bad question fails before any loading
    config = SearchConfig(mode=mode, fusion=fusion, depth=depth)
    corpus, index_dir = resolve_paths(corpus, index_dir)
    history = read_history(history_file)
    index = open_index(corpus, index_dir, model=model)
    docs = only_docs(index, docs)
    result = answer(index, question, k=k, config=config, docs=docs or None, history=history)
    if history_file is not None:  # before the answer is printed: ``qa ask … | head -1`` ends at the print
        save_history(history_file, history + [result.searched_for])
    if as_json:
        echo(json_text(result.to_dict(), indent=2))  # the object POST /ask gives
    else:
        from .render import print_answer

        print_answer(result, explain=explain)


@cli.command("docs")
@index_dir_option
@corpus_option
@click.option("--json", "as_json", is_flag=True,
              help='One JSON object: {"documents": [...], "skipped": [...], "fusion": {...}} (every file the build '
                   'skipped; the hybrid fusion chosen for the corpus).')
def docs_command(index_dir, corpus, as_json):
    """List the documents in the index with their format (and, with --json, every file the build skipped)."""
    corpus, index_dir = resolve_paths(corpus, index_dir)
    index = open_index(corpus, index_dir, build_if_missing=False)
    if as_json:
        documents = [{"id": m.id, "title": m.title, "format": m.format, "chars": m.chars,
                      "pages": len(m.pages) or None, "slides": len(m.slides) or None,
                      **name_encoding("id", m.id)}
                     for m in index.docs.meta]
        from qa.index import FusionChoice

        fusion = FusionChoice.from_dict(index.manifest.get("fusion")).as_dict()  # the corpus's hybrid fusion
        echo(json_text({"documents": documents, "skipped": [s.to_dict() for s in index.skipped], "fusion": fusion},
                       indent=1))
        return
    for m in index.docs.meta:
        pages = f"\t{len(m.pages)} pages" if m.pages else f"\t{len(m.slides)} slides" if m.slides else ""
        title = f"\t{safe_line(m.title)}" if m.title else "\t"
        echo(f"{safe_line(m.id)}{title}\t{m.format}\t{m.chars} chars{pages}")
    if index.skipped:
        from .progress import skipped_line

        click.echo(safe_line(skipped_line(index.skipped)), err=True)
