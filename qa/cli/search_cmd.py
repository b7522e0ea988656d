"""``qa search``: ranked passages for a query, no answer composed (the object ``/search`` returns)."""

from __future__ import annotations

import click

from ..safe_text import json_text, safe_line
from .group import cli
from .options import corpus_option, index_dir_option, model_option, resolve_paths
from .progress import open_index
from .render import echo

SNIPPET = 200  # characters of each passage shown (whitespace collapsed)


@cli.command("search")
@click.argument("query")
@click.option("-k", "k", type=click.IntRange(1, 100), default=10, show_default=True, help="Passages to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the /search object of qa serve as JSON.")
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True)
@click.option("--doc", "docs", multiple=True, help="Only search this document: its id or a unique prefix (repeatable).")
@index_dir_option
@corpus_option
@model_option
def search_command(query, k, as_json, mode, docs, index_dir, corpus, model):
    """List the passages that best match QUERY: title, where (path:line or p. N), score."""
    from qa.answer import clean_question
    from qa.serve.service import search

    from .ask import only_docs

    query = clean_question(query)
    corpus, index_dir = resolve_paths(corpus, index_dir)
    index = open_index(corpus, index_dir, model=model)
    found = search(index, query, k=k, mode=mode, docs=only_docs(index, docs) or None)
    if as_json:
        echo(json_text(found, indent=2))
        return
    if not found["results"]:
        echo("no passages match")
        return
    for r in found["results"]:
        where = f"{r['doc']}:{r['line']}" if r.get("line") else r["doc"]
        if r.get("page"):
            where += f"  p. {r['page']}"
        if r.get("slide"):
            where += f"  slide {r['slide']}"
        if r.get("section"):
            where += f"  § {r['section']}"
        echo(f"{r['rank']:>2}. {safe_line(r['title'] or r['doc'])}  ({safe_line(where)})  score {r['score']:.3f}")
        if r.get("context"):
            echo(f"    ({safe_line(r['context'])})")
        if r.get("copies"):
            echo(f"    (the same text also in: {safe_line(', '.join(dict.fromkeys(r['copies'])))})")
        text = " ".join(r["text"].split())
        echo("    " + safe_line(text[:SNIPPET] + ("…" if len(text) > SNIPPET else "")))
