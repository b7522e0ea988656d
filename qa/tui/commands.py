"""The chat's commands, in one table: keys (footer), command palette, slash commands, help."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    title: str  # palette title
    help: str
    action: str  # App action name (without ``action_``)
    key: str | None = None
    label: str | None = None  # short footer label (None: not in the footer)
    slash: str | None = None  # the slash-command form typed in the input


COMMANDS: tuple[Command, ...] = (
    Command("New conversation", "Clear the transcript and forget earlier questions", "new_chat",
            "ctrl+n", "New", "/new"),
    Command("Set k…", "The most sources an answer cites (k)", "set_k", "ctrl+t", "Set k", "/k N"),
    Command("Filter documents…", "Answer only from the documents you tick", "documents", "ctrl+o", "Docs",
            "/filter ID…"),
    Command("List documents", "Every document in the index, with its id and title", "list_documents",
            None, None, "/docs"),
    Command("Search all documents", "Clear the document filter", "clear_filter", None, None, "/all"),
    Command("Copy answer", "Copy the selected answer with its citations as plain text", "copy_answer",
            "ctrl+y", "Copy", "/copy"),
    Command("Explain answer", "Why the selected answer was given or withheld: its top candidates and their "
            "features", "explain", "f2", None, "/why"),
    Command("Reload index", "Open the index again (after running qa index elsewhere)", "reload",
            "ctrl+r", None, "/reload"),
    Command("Search mode…", "Switch between hybrid, BM25 (words) and dense (meaning) search", "next_mode",
            None, None, "/mode hybrid|bm25|dense"),
    Command("Help", "Keys and commands", "help", "f1", "Help", "/help"),
    Command("Quit", "Leave the chat (the question history is kept)", "quit", "ctrl+q", "Quit", "/quit"),
)

MODES = ("hybrid", "bm25", "dense")

SLASH_NAMES: tuple[str, ...] = tuple(c.slash.split()[0] for c in COMMANDS if c.slash)
"""``/new``, ``/k``, ... : what ``/`` completes to."""


def complete_slash(value: str) -> str | None:
    """The completion of a partly typed slash command (``/fi`` -> ``/filter``, ``/mode b`` ->
    ``/mode bm25``); None when ``value`` is no slash command or nothing (else) fits."""
    if not value.startswith("/") or "\n" in value:
        return None
    name, space, arg = value.partition(" ")
    if not space:
        hits = [n for n in SLASH_NAMES if n.startswith(name.lower()) and n != name.lower()]
        return hits[0] if hits else None
    if name.lower() == "/mode" and " " not in arg:
        hits = [m for m in MODES if m.startswith(arg.lower()) and m != arg]
        return f"{name} {hits[0]}" if hits else None
    return None


OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("enter", "ask the question typed (or run a /command)"),
    ("up / down", "in the input: earlier questions (kept across runs; only those holding what is typed); "
                   "in the transcript: previous / next answer"),
    ("shift+tab", "back: sources -> latest answer -> input"),
    ("1 … 9", "on a selected answer: open citation n in the document viewer"),
    ("enter or click", "on a source, or click an [n] marker: open it in the document viewer"),
    ("n / p", "in the viewer: next / previous cited sentence"),
    ("escape", "leave the viewer or a dialog; in the chat, back to the input"),
    ("tab", "in the input: complete a /command; else input -> latest answer -> sources"),
    ("ctrl+p", "command palette"),
)


def parse_slash(text: str) -> tuple[str, list[str]] | None:
    """``("/k", ["8"])`` for ``"/k 8"``; None when ``text`` is not a slash command."""
    text = text.strip()
    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return None
    name, *args = text.split()
    return name.lower(), args


def help_markdown() -> str:
    commands = [
        f"- **{c.title.rstrip('…')}**" + (f" · `{c.key}`" if c.key else "") + (f" · `{c.slash}`" if c.slash else "")
        + f"  \n  {c.help}"
        for c in COMMANDS
    ]
    keys = [f"- `{k}`: {d}" for k, d in OTHER_KEYS]
    return "\n".join(
        [
            "# qa chat",
            "",
            "Ask a question about the corpus. Every answer is quoted from the documents, and each "
            "`[n]` marks the passage it came from; the **Sources** pane lists them. A follow-up such "
            "as *And what about Russia?* continues the conversation; what was actually searched is "
            "shown under the answer when it differs from what you typed. When the corpus does not "
            "answer, the reply says so and lists the nearest passages instead.",
            "",
            "## Commands (key · or type)",
            "",
            *commands,
            "",
            "## Keys",
            "",
            *keys,
            "",
            "*escape closes this help.*",
        ]
    )
