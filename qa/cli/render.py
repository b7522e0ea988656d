"""Human-readable answers for the terminal (rich when stdout is a terminal, plain text otherwise)."""

from __future__ import annotations

CONTEXT = 220  # characters of passage shown around the cited sentence


def passage_excerpt(citation) -> tuple[str, str, str]:
    """(before, sentence, after) of the passage around the cited sentence, whitespace tidied."""
    p = citation.passage
    a = citation.start - citation.passage_start
    b = citation.end - citation.passage_start
    before, after = p[:a], p[b:]
    if len(before) > CONTEXT:
        before = "…" + before[-CONTEXT:].split(" ", 1)[-1]
    if len(after) > CONTEXT:
        after = after[:CONTEXT].rsplit(" ", 1)[0] + "…"
    tidy = lambda s: " ".join(s.split())  # noqa: E731
    return tidy(before), tidy(p[a:b]), tidy(after)


def print_answer(result) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=False)
    plain = not console.is_terminal
    if result.searched_for != result.question:
        console.print(Text(f"(searched for: {result.searched_for})", style="dim italic"))
    style = "yellow" if result.abstained else "bold"
    console.print(Text(result.text, style=style))
    if not result.citations:
        return
    console.print()
    console.print(Text("Nearest passages" if result.abstained else "Sources", style="underline"))
    for c in result.citations:
        head = Text(f"[{c.n}] ", style="bold cyan")
        head.append(c.title or c.doc, style="bold")
        if c.where:
            head.append(f"  {c.where}")
        head.append(f"  {c.doc}  chars {c.start}-{c.end}  score {c.score:.3f}", style="dim")
        console.print(head)
        before, sentence, after = passage_excerpt(c)
        body = Text("    ")
        body.append(before + (" " if before else ""))
        body.append(f"»{sentence}«" if plain else sentence, style="reverse")
        body.append((" " if after else "") + after)
        console.print(body)
