"""``qa eval``: retrieval metrics on a question set or a BEIR folder, one mode or all side by side."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from ..safe_text import json_text, safe_line
from .group import cli
from .options import corpus_option, index_dir_option, model_option, resolve_paths
from .render import echo



@cli.command("eval")
@click.argument("questions", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--beir", "beir_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Evaluate on a BEIR folder (corpus.jsonl[.gz], queries.jsonl, qrels/SPLIT.tsv); "
                   "its index is kept in <index dir>/beir-<name>.")
@click.option("--split", default="test", show_default=True, help="BEIR qrels split.")
@click.option("-k", "k", type=click.IntRange(1, 1000), default=100, show_default=True,
              help="Ranking depth kept per question (run file, R@k); metrics are at 1, 5 and 10.")
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default=None,
              help="Measure only this ranker  [default: every ranker side by side; answers use hybrid]")
@click.option("--fusion", type=click.Choice(["convex", "rrf"]), default=None, help="Hybrid fusion  [default: convex]")
@click.option("--dense-weight", type=click.FloatRange(0, 1), default=None,
              help="Convex fusion: weight of the dense run  [default: the one the build chose for the corpus]")
@click.option("--depth", type=click.IntRange(1, 10000), default=None,
              help="Candidates per retriever before fusion  [default: 100 passages; BEIR: 1000]")
@click.option("--compare", is_flag=True, help="Every ranker side by side (bm25, dense, hybrid-rrf, hybrid-convex at "
              "the given or fixed 0.6 weight, hybrid-corpus at the corpus's chosen weight, hybrid-sentence: that weight with "
              "the passages' best sentences, the default) even with --mode/--fusion.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--run-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a TREC run file (with --compare: one per mode, the mode added to the name).")
@click.option("--per-question/--no-per-question", default=None,
              help="Show the per-question table  [default: on for question sets, off for BEIR]")
@click.option("--answers/--no-answers", default=True, show_default=True,
              help="Question sets: also answer each question and check quotes and abstentions.")
@click.option("--ablate", "ablate", multiple=True, metavar="RULE",
              help="Answers: switch off a rule of the answer stage (repeatable; see qa.answer.RULES: "
                   "lead_in, second, unknown_words, who_said).")
@click.option("--rebuild", is_flag=True, help="BEIR: rebuild the dataset's index from scratch.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@index_dir_option
@corpus_option
@model_option
def eval_command(questions, beir_dir, split, k, mode, fusion, dense_weight, depth, compare, as_json, run_file,
                 per_question, answers, ablate, rebuild, quiet, index_dir, corpus, model):
    """Measure retrieval on QUESTIONS (JSONL; default: questions.jsonl in the corpus folder) or --beir DIR.

    \b
    R@k, MRR@10 and nDCG@10 come from ir-measures (trec_eval's code via pytrec_eval).
    On a question set R@k is "a passage holding a gold quote is in the top k";
    on BEIR it is BEIR's recall, and a document scores as its best passage.
    """
    from dataclasses import replace

    from qa.evaluation import LABELS
    from qa.search import SearchConfig
    from .progress import build_progress

    if questions is not None and beir_dir is not None:
        raise UsageError("give either a question file or --beir DIR, not both")
    base = SearchConfig(mode=mode or "hybrid")
    config = replace(base, fusion=fusion or base.fusion, dense_weight=dense_weight, depth=depth or base.depth)
    one = mode is not None or fusion is not None or dense_weight is not None
    labels = list(LABELS) if compare or not one else None
    off = _ablations(ablate)
    corpus, index_dir = resolve_paths(corpus, index_dir)
    if run_file is not None and not run_file.parent.is_dir():  # fail before the work, not after it
        raise UsageError(f"cannot write the run file {safe_line(run_file)}: no folder {safe_line(run_file.parent)}")
    with build_progress(enabled=not quiet) as progress:
        if beir_dir is not None:
            report, runs = _beir(beir_dir, split, index_dir, model, rebuild, config, depth, k, labels, progress)
        else:
            report, runs = _questions(questions, corpus, index_dir, config, k, labels, answers, progress, off)
    for warning in report.warnings:
        click.echo(f"qa: warning: {safe_line(warning)}", err=True)
    if run_file is not None:
        _write_runs(run_file, runs)
    if as_json:
        echo(json_text(report.to_dict(), indent=1))
        return
    show = per_question if per_question is not None else report.kind == "questions"
    print_report(report, per_question=show)


def _ablations(names) -> frozenset[str]:
    from qa.answer import RULES

    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise UsageError(f"no answer rule {safe_line(unknown[0])!s}", hint="rules: " + ", ".join(sorted(RULES)))
    return frozenset(names)


def _questions(path, corpus, index_dir, config, k, labels, answers, progress, off=frozenset()):
    from qa.evaluation import evaluate_questions
    from qa.evaluation import load_questions
    from .progress import open_index

    if path is None:
        if corpus is None:
            from .options import CORPUS_HINT

            raise UsageError("no question file given, and no corpus folder to find questions.jsonl in",
                             hint=f"give the file: qa eval QUESTIONS.jsonl, or {CORPUS_HINT}")
        path = (corpus if corpus.is_dir() else corpus.parent) / "questions.jsonl"
        if not path.is_file():
            raise UsageError("no question file given and none in the corpus folder",
                             hint="qa eval QUESTIONS.jsonl, or qa eval --beir DIR")
    qs = load_questions(path)
    index = open_index(corpus, index_dir)
    from dataclasses import replace

    from qa.evaluation import answer_report

    report, runs = evaluate_questions(index, qs, config, k=k, labels=labels, answers=False, progress=progress,
                                      dataset=str(path))
    if answers:  # qa's answers and the naive top sentence's, side by side (rules in ``off`` switched off)
        report = replace(report, answers=answer_report(index, qs, config, progress=progress, off=off))
    return report, runs


def _beir(folder, split, index_dir, model, rebuild, config, depth, k, labels, progress):
    from dataclasses import replace

    from qa.evaluation import DEPTH, beir_index, default_cache, evaluate_beir, load_beir

    data = load_beir(folder, split)
    cache = default_cache(data, index_dir)
    index = beir_index(data, cache, model=model, rebuild=rebuild, progress=progress)
    return evaluate_beir(index, data, replace(config, depth=depth or DEPTH), k=k, labels=labels,
                         depth=depth or DEPTH, progress=progress)


def _write_runs(path: Path, runs: dict) -> None:
    from qa.evaluation import write_run

    single = len(runs) == 1
    for label, run in runs.items():
        target = path if single else path.with_name(f"{path.stem}.{label}{path.suffix}")
        try:
            write_run(target, run, f"qa-{label}")
        except OSError as err:
            raise UsageError(f"cannot write the run file {safe_line(target)}: {err.strerror or err}") from None
        click.echo(f"qa: wrote TREC run {safe_line(target)}", err=True)


# -- rendering ----------------------------------------------------------------------------------
def _rank(r) -> str:
    return str(r.first_relevant) if r.first_relevant else "—"


def print_report(report, per_question: bool) -> None:
    """The report as rich tables; every value from the data is a ``Text`` of ``safe_line``
    (never markup, never an escape sequence)."""
    from rich.table import Table
    from rich.text import Text

    from .render import console as make_console

    console = make_console()
    if not console.is_terminal:
        console.width = max(console.width, 140)
    judged = report.runs[0].judged if report.runs else 0
    head = (f"{safe_line(report.dataset)}: {report.questions} questions, {judged} judged; "
            f"index {safe_line(report.index_dir)}; top {report.k}")
    console.print(Text(head, style="bold"))
    names = list(report.runs[0].metrics) if report.runs else []
    table = Table(title=None, show_edge=False)
    table.add_column("mode")
    for name in names:
        table.add_column(Text(safe_line(name)), justify="right")
    best = {n: max(r.metrics[n] for r in report.runs) for n in names}
    for r in report.runs:
        cells = [Text(f"{r.metrics[n]:.3f}", style="bold" if len(report.runs) > 1 and r.metrics[n] == best[n] else "")
                 for n in names]
        table.add_row(Text(safe_line(_label(r))), *cells)
    console.print(table)
    note = "R@k: a passage holding a gold quote is in the top k (ir-measures Success@k)" if report.kind == "questions" \
        else "R@k: BEIR recall; documents scored by their best passage"
    console.print(Text(note + "; metrics by ir-measures (trec_eval via pytrec_eval)", style="dim"))
    if per_question and report.runs:
        console.print()
        console.print(_per_question(report, Table, Text))
    if report.answers is not None:
        a = report.answers
        console.print()
        console.print(Text("Answers", style="underline"))
        console.print(Text(f"gold quote in the answer: {a.quote_in_answer}/{a.answerable} answerable "
                           f"({a.quote_rate:.1%})"))
        console.print(Text(f"abstained on {a.abstained_unanswerable}/{a.unanswerable} unanswerable (right), "
                           f"on {a.abstained_answerable}/{a.answerable} answerable (wrong)"))
        if a.with_answers:
            console.print(Text(f"answer-hit {a.answer_hit}/{a.with_answers}, first citation holds the answer "
                               f"{a.first_citation}/{a.with_answers}; unanswerable answered with the distractor "
                               f"{a.distractor}/{a.unanswerable}"))
        console.print(Text(f"median answer: {a.median_words:g} words"))
        if a.ablated:
            console.print(Text("rules switched off: " + ", ".join(a.ablated), style="dim"))
        if a.naive is not None:
            console.print(_beside_naive(a, Table, Text))
        from qa.evaluation import confidence_calibration

        cal = confidence_calibration(a.rows)
        if cal is not None:
            bins = "; ".join(f"{b.mean_confidence:.2f} → {b.observed:.2f} ({b.count})" for b in cal.bins if b.count)
            console.print(Text(f"confidence against the share right ([1] holds the answer, or a gold quote), {cal.answers} answers: "
                               f"{bins}; ECE {cal.ece:.3f}, Brier {cal.brier:.3f}", style="dim"))
        if a.misses:
            console.print(Text("no gold quote in the answer: " + " ".join(safe_line(m) for m in a.misses), style="dim"))
        if per_question and a.rows:
            console.print(answer_rows(a, Table, Text))


def _beside_naive(a, Table, Text):
    """qa's answer figures beside the naive top sentence's (qa.evaluation.naive), with the margin and
    its paired bootstrap interval (qa.evaluation.paired)."""
    figures = a.figures()
    base, margin, interval = figures["naive"], figures["margin"], figures.get("margin_95", {})
    table = Table(show_edge=False, title=None)
    for name, just in (("answers", "left"), ("qa", "right"), ("naive top sentence", "right"), ("margin", "right"),
                       ("95% interval", "right")):
        table.add_column(name, justify=just)
    names = {"answer_hit": "answer-hit", "first_citation": "first citation", "quote_in_answer": "gold quote",
             "unanswerable_abstained": "unanswerable abstained", "answerable_abstained": "answerable abstained",
             "median_words": "median words"}

    def cell(v, words=False):
        return "—" if v is None else (f"{v:g}" if words else f"{v:.3f}")

    for key, label in names.items():
        if figures[key] is None and base[key] is None:
            continue
        words = key == "median_words"
        m = margin[key]
        iv = interval.get(key)
        table.add_row(Text(label), cell(figures[key], words), cell(base[key], words),
                      "—" if m is None else (f"{m:+g}" if words else f"{m:+.3f}"),
                      "—" if iv is None else f"{iv[0]:+.3f} … {iv[1]:+.3f}")
    return table


def answer_rows(a, Table, Text):
    """One row per question: what the answer did (hit / first citation / abstained) and its words."""
    table = Table(show_edge=False)
    for name, width in (("id", 6), ("kind", 12), ("verdict", 24), ("words", 5)):
        table.add_column(name, min_width=width, no_wrap=True)
    # the cell, not the column, is no_wrap: a no_wrap column wider than the room left took the width of
    # "id" and "words" (rich 15 drew them 0 wide: the ids and word counts were missing from the table)
    table.add_column("answer", ratio=1, overflow="ellipsis")
    for r in a.rows:
        if not r.answerable:
            verdict = "abstained (right)" if r.abstained else ("distractor" if r.distractor else "answered")
        elif r.abstained:
            verdict = "abstained (wrong)"
        else:
            got = r.hit if r.hit is not None else r.quote
            verdict = ("hit" if got else "miss") + (", [1] holds it" if r.first else "")
        ok = (not r.answerable and r.abstained) or (r.answerable and (r.hit if r.hit is not None else r.quote))
        table.add_row(Text(safe_line(r.id)), Text(safe_line(r.kind)), Text(verdict), str(r.words),
                      Text(safe_line(r.answer[:160]), no_wrap=True, overflow="ellipsis"),
                      style="dim" if ok else "")
    return table


def _label(r) -> str:
    c = r.config
    if r.label == "hybrid-corpus":
        return f"hybrid-corpus (dense {c['dense_weight']:g}, chosen for this corpus)"
    if r.label == "hybrid-sentence":
        return f"hybrid-sentence (dense {c['dense_weight']:g} with best sentences, the default)"
    if r.label == "hybrid-convex":
        return f"hybrid-convex (dense {c['dense_weight']:g})"
    if r.label == "hybrid-rrf":
        return f"hybrid-rrf (k={c['rrf_k']})"
    return r.label


def _per_question(report, Table, Text):
    table = Table(show_edge=False, show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("question", ratio=3)
    single = len(report.runs) == 1
    for r in report.runs:
        table.add_column("rank" if single else r.label, justify="right", no_wrap=True)
    if single:
        table.add_column("retrieved first (when it missed)", ratio=4)
    rows = [r.per_question for r in report.runs]
    for i, first in enumerate(rows[0]):
        cells = [first.id, first.question] + [_rank(run[i]) for run in rows]
        if single:
            cells.append("" if first.first_relevant == 1 else f"{first.top}: {first.top_text}")
        missed = any(run[i].first_relevant != 1 for run in rows)
        table.add_row(*(Text(safe_line(c)) for c in cells), style="" if missed else "dim")
    return table
