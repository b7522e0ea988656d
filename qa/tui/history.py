"""The questions asked in the chat, kept per index across runs, and searched with up / down.

One JSON file per index in the user's state directory: ``$QA_STATE_DIR/history/``, else
platformdirs' ``user_state_dir("qa")/history/``.  The file is named by a hash of the index folder's
resolved path, so two corpora never share a history.  A file that cannot be read or written costs
the history, never the chat.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

LIMIT = 500  # questions kept per index (the oldest are dropped)


def state_dir() -> Path:
    base = os.environ.get("QA_STATE_DIR")
    if not base:
        from platformdirs import user_state_dir

        base = user_state_dir("qa", appauthor=False)
    return Path(base)


def history_file(index_dir: Path) -> Path:
    key = hashlib.sha256(str(Path(index_dir).resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return state_dir() / "history" / f"{key}.json"


def is_command(text: str) -> bool:
    """A chat command ("/all", "/filter 003"), not a question."""
    return text.lstrip().startswith("/")


class QuestionHistory:
    """Questions oldest first, no immediate repeats; ``path`` None keeps them in memory only."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.items: list[str] = self._read() if path is not None else []

    def _read(self) -> list[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            items = data.get("questions", []) if isinstance(data, dict) else []
            return [q for q in items if isinstance(q, str) and not is_command(q)][-LIMIT:]
        except (OSError, ValueError):
            return []

    def add(self, question: str) -> None:
        if not question or is_command(question) or (self.items and self.items[-1] == question):
            return  # a command ("/all", "/k 3") is not a question to recall
        self.items.append(question)
        del self.items[:-LIMIT]
        self._write()

    def _write(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"questions": self.items}, ensure_ascii=False), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            tmp.unlink(missing_ok=True)

    def matching(self, text: str) -> list[int]:
        """Positions of the questions holding ``text`` (any case), oldest first; all for ""."""
        needle = text.strip().casefold()
        return [i for i, q in enumerate(self.items) if needle in q.casefold()]
