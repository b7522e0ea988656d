"""What the chat knows and shows, without any widget: the conversation, text formatting, fixes.

Pure functions only, so they are tested without running the app.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IndexInvalidError, IndexLockedError, IndexMissingError, QAError
from ..safe_text import safe_line, safe_text

CONTEXT = 160  # characters of passage shown either side of the cited sentence
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&:])")  # & (entities), : (autolinks) too


@dataclass
class Conversation:
    """The questions asked so far (as searched for), and the settings the next one uses."""

    k: int = 5
    docs: tuple[str, ...] = ()  # answer only from these documents (empty: all)
    history: list[str] = field(default_factory=list)
    generation: int = 0  # bumped by "new conversation": late answers of an older one are dropped

    def reset(self) -> None:
        self.history.clear()
        self.generation += 1


def status_detail(index, conv: Conversation, mode: str, corpus_name: str) -> str:
    """The status line's settings: corpus, documents (and skipped files), passages, k, mode, filter
    (an active filter leads the line, where even an 80-column terminal shows it)."""
    if conv.docs:
        scope = f"only {conv.docs[0]}" if len(conv.docs) == 1 else f"only {len(conv.docs)} documents"
    else:
        scope = "all documents"
    skipped = ""
    if index.skipped:
        from qa.corpus import skip_counts

        why = ", ".join(f"{n} {kind}" for kind, n, _ in skip_counts(index.skipped))
        skipped = f" · {len(index.skipped)} skipped ({why})"
    settings = (f"{corpus_name} · {len(index.docs)} documents{skipped} · {index.n_chunks} passages · "
                f"k={conv.k} · {mode}")
    if conv.docs:  # an active filter first: the line is cut on the right on a narrow terminal
        return f"FILTER: {scope} · {settings}"
    return f"{settings} · {scope}"


def excerpt(citation, context: int = CONTEXT) -> tuple[str, str, str]:
    """The citation's (before, sentence, after), safe to show."""
    return tuple(safe_line(part) for part in citation.excerpt(context))


def tidy(text: str) -> str:
    """Whitespace collapsed, and safe to show (controls and escapes visible: see qa.safe_text)."""
    return safe_line(" ".join(text.split()))


def md_escape(text: str) -> str:
    """``text`` as literal Markdown (every character that Markdown could interpret escaped:
    ``&amp;`` stays ``&amp;``, ``<b>`` stays ``<b>``, ``[x](y)`` stays as typed)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def answer_markdown(answer) -> str:
    """The answer as Markdown: one paragraph per claim, each [n] marker a link to its citation."""
    from qa.answer import marker_spans

    known = {c.n for c in answer.citations}
    paragraphs = []
    for line in safe_text(answer.text).splitlines():
        parts, at = [], 0
        for start, end, n in marker_spans(line):  # qa's markers only: a "[2]" the document wrote is text
            parts.append(md_escape(line[at:start]))
            parts.append(f"[\\[{n}\\]](cite:{n})" if n in known else md_escape(line[start:end]))
            at = end
        parts.append(md_escape(line[at:]))
        if "".join(parts).strip():
            paragraphs.append("".join(parts).strip())
    return "\n\n".join(paragraphs)


def answer_as_text(answer) -> str:
    """An answer with its citations as plain text (what "copy answer" puts on the clipboard)."""
    lines = [f"Q: {answer.question}"]
    if answer.searched_for != answer.question:
        lines.append(f"(searched for: {answer.searched_for})")
    lines += ["", answer.text, ""]
    lines.append("Nearest passages (the corpus does not answer this):" if answer.abstained else "Sources:")
    for c in answer.citations:
        where = f"{c.where}, " if c.where else ""
        lines.append(f"[{c.n}] {c.title or c.doc} ({c.doc}, {where}chars {c.start}-{c.end}, score {c.score:.3f})")
        lines.append(f'    "{tidy(c.text)}"')
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Problem:
    """A readable notice for an error: what happened, and the command that fixes it."""

    title: str
    message: str
    fix: str | None = None


def problem_for(err: BaseException, index_dir: Path, corpus: Path | None) -> Problem:
    fix = getattr(err, "fix", None)
    command = fix.command if fix is not None else None
    if isinstance(err, IndexMissingError):
        return Problem("No index yet", f"There is no index at {index_dir}.", command)
    if isinstance(err, IndexInvalidError):
        return Problem("The index cannot be used", err.message, command)
    if isinstance(err, IndexLockedError):
        return Problem("The index is being written", f"{err.message}. Wait for it to finish, then press ctrl+r.")
    if isinstance(err, QAError):
        return Problem("Error", err.message if not err.hint else f"{err.message} ({err.hint})", command)
    return Problem("Internal error (a bug, please report it)", f"{err.__class__.__name__}: {err}")
