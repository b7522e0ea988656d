"""Answers from the corpus's own sentences: intent, follow-ups, evidence, attribution, composition.

The names below are this stage's public API: other stages import only these
(``from qa.answer import …``).
They are loaded on first use, so importing the package stays light.
"""

from __future__ import annotations

from importlib import import_module

_WHERE = {
    "answer": "compose",
    "clean_question": "question",
}
__all__ = sorted([*_WHERE])


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
