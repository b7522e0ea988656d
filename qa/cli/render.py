"""Human-readable answers for the terminal (rich when stdout is a terminal, plain text otherwise).

Everything from the data (answer text, titles, ids, passages) goes through ``qa.safe_text`` and is
shown as ``rich.text.Text``: never parsed as markup, never an escape sequence on the terminal.
"""

from __future__ import annotations

import click

from qa.safe_text import safe_line, safe_text

CONTEXT = 220  # characters of passage shown around the cited sentence
CLOSEST = "The documents come closest with:"  # before an answer below the model's low_confidence (docs/answers.md)


class OutputClosed(Exception):
    """Whoever reads stdout went away (``qa ask … | head -1``): ``qa.cli.main`` stops quietly, exit 0.

    Not an ``OSError``: click would end an EPIPE with exit 1 before ``main`` sees it."""


def echo(text: str) -> None:
    """One line of data on stdout."""
    try:
        click.echo(text)
    except BrokenPipeError:
        raise OutputClosed from None


def console(**kwargs):
    """A rich console for qa's output: no markup or highlighting of strings, and a closed pipe
    raises ``OutputClosed`` instead of rich's exit 1."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise OutputClosed

    kwargs.setdefault("highlight", False)
    kwargs.setdefault("markup", False)
    kwargs.setdefault("emoji", False)
    return _Console(**kwargs)


def location(c) -> str:
    """Where a citation is, as an editor takes it: ``path:line`` for text formats, else the path
    (a PDF's "p. N" is shown before it, as ``Citation.where``)."""
    line = getattr(c, "line", None)
    return f"{c.doc}:{line}" if line else c.doc


def print_answer(result, explain: bool = False) -> None:
    from rich.text import Text

    out = console()
    plain = not out.is_terminal
    out.soft_wrap = plain  # piped: one line per line, no wrapping at 80 columns, no trailing spaces
    if result.searched_for != result.question:
        out.print(Text(f"(searched for: {safe_line(result.searched_for)})", style="dim italic"))
    style = "yellow" if result.abstained else "bold"
    if getattr(result, "low_confidence", False):
        out.print(Text(f"{CLOSEST} (confidence {result.confidence:.2f})", style="yellow"))
    out.print(Text(safe_text(result.text), style=style))
    if explain:
        print_trace(out, getattr(result, "trace", None))
    if not result.citations:
        return
    out.print()
    out.print(Text("Nearest passages" if result.abstained else "Sources", style="underline"))
    for c in result.citations:
        head = Text(f"[{c.n}] ", style="bold cyan")
        if c.title:  # an untitled document is named once, by its path:line below
            head.append(safe_line(c.title), style="bold")
            head.append("  ")
        if c.where:
            head.append(f"{safe_line(c.where)}  ")
        head.append(safe_line(location(c)), style="dim" if c.title else "bold")
        head.append(f"  chars {c.start}-{c.end}  score {c.score:.3f}", style="dim")
        out.print(head)
        if getattr(c, "context", None):
            out.print(Text(f"    ({safe_line(c.context)})", style="dim"))
        before, sentence, after = (safe_line(part) for part in c.excerpt(CONTEXT))
        body = Text("    ")
        body.append(before + (" " if before else ""))
        body.append(f"»{sentence}«" if plain else sentence, style="reverse")
        body.append((" " if after else "") + after)
        out.print(body)


def print_trace(out, trace) -> None:
    from rich.text import Text

    out.print()
    out.print(Text("Explanation", style="underline"))
    from qa.answer import explain_lines

    for line in explain_lines(trace):
        out.print(Text(safe_line(line), style="dim"))
