"""The chat's commands (keys, command palette, slash commands) as actions of ``QAApp``."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from textual.app import SystemCommand

from qa.index import match_docs
from qa.safe_text import safe_line
from .commands import COMMANDS, MODES
from .host import ChatHost
from .state import Problem, answer_as_text

CHAT_ACTIONS = {c.action for c in COMMANDS if c.action not in ("help", "quit")} | {"focus_input", "cycle_focus"}
"""Actions on the chat itself: off while the document viewer or a dialog is open."""

SLASH_ACTIONS = {"/new": "new_chat", "/k": "set_k", "/filter": "documents", "/docs": "list_documents",
                 "/all": "clear_filter", "/copy": "copy_answer", "/why": "explain", "/reload": "reload", "/help": "help",
                 "/quit": "quit", "/mode": "next_mode"}


class ChatActions:
    """Part of ``QAApp``: what each command does."""

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        on_chat = screen is self.screen_stack[0]
        for c in COMMANDS:
            if c.action == "quit" or (not on_chat and c.action in CHAT_ACTIONS):
                continue  # Textual's own palette already has "Quit the application"
            yield SystemCommand(c.title, c.help + (f"  ({c.key})" if c.key else ""),
                                lambda action=c.action: self.run_action(action))

    async def run_slash(self: ChatHost, name: str, args: list[str]) -> None:
        if name == "/k" and args:
            try:
                self.set_k(int(args[0]))
            except ValueError:
                self.notify("usage: /k N (a whole number from 1 to 100)", severity="error", markup=False)
        elif name == "/filter" and args:
            self.filter_ids(args)
        elif name == "/mode" and args:
            self.set_mode(args[0].lower())
        else:
            action = SLASH_ACTIONS.get(name)
            if action is None:
                self.notify(f"unknown command {safe_line(name)}; /help lists them", severity="error", markup=False)
            else:
                await self.run_action(action)

    async def action_new_chat(self: ChatHost) -> None:
        self.conversation.reset()
        self.jobs.clear()
        self.asked = 0
        self.selected = None
        await self.transcript.clear()
        self.sources.clear()
        self.prompt.focus()
        self.notify("New conversation: earlier questions are forgotten.", timeout=3)

    def action_set_k(self: ChatHost) -> None:
        from .screens.set_k import SetKScreen

        self.push_screen(SetKScreen(self.conversation.k), lambda k: k is not None and self.set_k(k))

    def set_k(self: ChatHost, k: int) -> None:
        if not 1 <= k <= 100:
            self.notify("k must be from 1 to 100", severity="error")
            return
        self.conversation.k = k
        if self.index is not None:
            self.show_ready()
        self.notify(f"k = {k}: each answer cites at most {k} source{'s' * (k != 1)}.", timeout=3)

    def set_mode(self: ChatHost, mode: str) -> None:
        if mode not in MODES:
            self.notify(f"usage: /mode {'|'.join(MODES)}", severity="error", markup=False)
            return
        self.config = replace(self.config, mode=mode)
        if self.index is not None:
            self.show_ready()
        self.notify(f"Search mode: {mode}.", timeout=3)

    def action_next_mode(self: ChatHost) -> None:
        self.set_mode(MODES[(MODES.index(self.config.mode) + 1) % len(MODES)])

    def need_index(self: ChatHost) -> bool:
        if self.index is None:
            self.notify("The index is not loaded yet.", severity="warning")
        return self.index is not None

    def action_documents(self: ChatHost) -> None:
        from .screens.documents import DocumentsScreen

        if self.need_index():
            self.push_screen(DocumentsScreen(self.index.docs.meta, self.conversation.docs),
                             lambda ids: ids is not None and self.set_filter(tuple(ids)))

    def filter_ids(self: ChatHost, wanted: list[str]) -> None:
        if not self.need_index():
            return
        found, unknown = match_docs((m.id for m in self.index.docs.meta), wanted)
        if unknown:
            self.notify(f"no single document matches {safe_line(', '.join(unknown))}; /docs lists them",
                        severity="error", markup=False)
        else:
            self.set_filter(tuple(found))

    def set_filter(self: ChatHost, docs: tuple[str, ...]) -> None:
        self.conversation.docs = docs
        self.show_ready()
        self.notify(f"Answering only from {safe_line(', '.join(docs))}." if docs else "Answering from all documents.",
                    timeout=3, markup=False)

    def action_clear_filter(self: ChatHost) -> None:
        if self.need_index():
            self.set_filter(())

    def action_list_documents(self: ChatHost) -> None:
        if not self.need_index():
            return
        rows = [f"{safe_line(m.id)}  " + (f"{safe_line(m.title)}  " if m.title else "") + f"({m.chars:,} chars)"
                for m in self.index.docs.meta[:200]]
        more = len(self.index.docs) - len(rows)
        text = "\n".join(rows) + (f"\n… and {more:,} more (ctrl+o to browse them all)" if more > 0 else "")
        self.transcript.add_notice(Problem(f"{len(self.index.docs)} documents in {self.corpus_name}", text), "info")

    def action_copy_answer(self: ChatHost) -> None:
        block = self.selected
        if block is None or block.answer is None:
            self.notify("No answer to copy yet.", severity="warning")
            return
        self.copy_to_clipboard(answer_as_text(block.answer))
        n = len(block.answer.citations)
        self.notify(f"Copied answer {block.number} with {n} citation{'s' if n != 1 else ''}.", timeout=3)

    def action_explain(self: ChatHost) -> None:
        """The selected answer's trace (as ``qa ask --explain``) as a notice in the transcript."""
        from qa.answer import explain_lines

        block = self.selected
        if block is None or block.answer is None:
            self.notify("No answer to explain yet.", severity="warning")
            return
        lines = explain_lines(getattr(block.answer, "trace", None))
        self.transcript.add_notice(Problem(f"Why answer {block.number}", "\n".join(safe_line(x) for x in lines)),
                                   "info")

    def action_reload(self: ChatHost) -> None:
        if not (self.loading or self.busy):
            self.start_loading()

    def action_help(self: ChatHost) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen())
