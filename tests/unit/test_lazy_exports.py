"""The stage packages' lazy public names (``qa.lazy_exports``) must not be shadowed by submodules.

Importing a submodule sets an attribute of that name on its package; a public name spelled like a
submodule (``qa.answer.analyse`` the function vs ``qa/answer/analyse.py``) then resolves to the
module once anything has imported the module directly, and ``from qa.answer import analyse`` breaks
depending on import order."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

PACKAGES = ("qa.answer", "qa.corpus", "qa.embedding", "qa.evaluation", "qa.index", "qa.search")


@pytest.mark.parametrize("name", PACKAGES)
def test_no_public_name_is_a_submodule(name):
    pkg = importlib.import_module(name)
    where = getattr(pkg, "_WHERE", {})
    subs = {m.name for m in pkgutil.iter_modules(pkg.__path__)}
    assert not (set(where) & subs), f"{name}: public names spelled like submodules: {sorted(set(where) & subs)}"


def test_public_names_resolve_after_every_submodule_is_imported():
    """In a fresh interpreter: import every submodule of qa.answer first, then each public name is
    what its ``_WHERE`` entry says (a function or class, never a module)."""
    code = (
        "import importlib, pkgutil, types, qa.answer as p\n"
        "for m in pkgutil.iter_modules(p.__path__): importlib.import_module('qa.answer.' + m.name)\n"
        "bad = [n for n in p._WHERE if isinstance(getattr(p, n), types.ModuleType)]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
