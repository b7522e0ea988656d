"""The chat's commands (keys, command palette, slash commands) as actions of ``QAApp``."""

from __future__ import annotations

from typing import Iterable

from textual.app import SystemCommand

from ..safe_text import safe_line
from .commands import COMMANDS
from .state import Problem, answer_as_text, match_docs

CHAT_ACTIONS = {c.action for c in COMMANDS if c.action != "help"} | {"focus_input"}
"""Actions on the chat itself: off while the document viewer or a dialog is open."""


class ChatActions:
    """Mixin of ``QAApp``: what each command does."""

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        on_chat = screen is self.screen_stack[0]
        for c in COMMANDS:
            if not on_chat and c.action in CHAT_ACTIONS:
                continue
            yield SystemCommand(c.title, c.help + (f"  ({c.key})" if c.key else ""),
                                lambda action=c.action: self.run_action(action))

    async def run_slash(self, name: str, args: list[str]) -> None:
        if name == "/k" and args:
            try:
                self._set_k(int(args[0]))
            except ValueError:
                self.notify("usage: /k N (a whole number from 1 to 100)", severity="error", markup=False)
        elif name == "/filter" and args:
            self._filter_ids(args)
        else:
            action = {"/new": "new_chat", "/k": "set_k", "/filter": "documents", "/docs": "list_documents",
                      "/all": "clear_filter", "/copy": "copy_answer", "/reload": "reload", "/help": "help",
                      "/quit": "quit"}.get(name)
            if action is None:
                self.notify(f"unknown command {safe_line(name)}; /help lists them", severity="error", markup=False)
            else:
                await self.run_action(action)

    async def action_new_chat(self) -> None:
        self.conversation.reset()
        self._queue.clear()
        self._asked = 0
        self.selected = None
        await self.transcript.clear()
        self.sources.clear()
        self.action_focus_input()
        self.notify("New conversation: earlier questions are forgotten.", timeout=3)

    def action_set_k(self) -> None:
        from .k_screen import SetKScreen

        self.push_screen(SetKScreen(self.conversation.k), lambda k: k is not None and self._set_k(k))

    def _set_k(self, k: int) -> None:
        if not 1 <= k <= 100:
            self.notify("k must be from 1 to 100", severity="error")
            return
        self.conversation.k = k
        if self.index is not None:
            self._show_ready()
        self.notify(f"k = {k}: {k} passages are retrieved for each question.", timeout=3)

    def _need_index(self) -> bool:
        if self.index is None:
            self.notify("The index is not loaded yet.", severity="warning")
        return self.index is not None

    def action_documents(self) -> None:
        from .docs_screen import DocumentsScreen

        if self._need_index():
            self.push_screen(DocumentsScreen(self.index.docs.meta, self.conversation.docs), self._documents_done)

    def _documents_done(self, result) -> None:
        if not result:
            return
        kind, value = result
        if kind == "view":
            self.open_document(value)
        else:
            self._set_filter(tuple(value))

    def _filter_ids(self, wanted: list[str]) -> None:
        if not self._need_index():
            return
        found, unknown = match_docs([m.id for m in self.index.docs.meta], wanted)
        if unknown:
            self.notify(f"no single document matches {safe_line(', '.join(unknown))}; /docs lists them",
                        severity="error", markup=False)
        else:
            self._set_filter(tuple(found))

    def _set_filter(self, docs: tuple[str, ...]) -> None:
        self.conversation.docs = docs
        self._show_ready()
        self.notify(f"Answering only from {safe_line(', '.join(docs))}." if docs else "Answering from all documents.",
                    timeout=3, markup=False)

    def action_clear_filter(self) -> None:
        if self._need_index():
            self._set_filter(())

    def action_list_documents(self) -> None:
        if not self._need_index():
            return
        rows = [f"{safe_line(m.id)}  {safe_line(m.title or '(untitled)')}  ({m.chars:,} chars)"
                for m in self.index.docs.meta[:200]]
        more = len(self.index.docs) - len(rows)
        text = "\n".join(rows) + (f"\n… and {more:,} more (ctrl+o to browse them all)" if more > 0 else "")
        self.transcript.add_notice(Problem(f"{len(self.index.docs)} documents in {self.corpus_name}", text), "info")

    def action_copy_answer(self) -> None:
        block = self.selected
        if block is None or block.answer is None:
            self.notify("No answer to copy yet.", severity="warning")
            return
        self.copy_to_clipboard(answer_as_text(block.answer))
        n = len(block.answer.citations)
        self.notify(f"Copied answer {block.number} with {n} citation{'s' if n != 1 else ''}.", timeout=3)

    def action_reload(self) -> None:
        if self._loading or self._busy:
            return
        self._loading = True
        self.index = None
        self._load()

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        self.push_screen(HelpScreen())

