"""Settings and their precedence: defaults < [tool.qa] in ./pyproject.toml < QA_* env < flags.

click applies the last two (``envvar=`` and flags); this module supplies the defaults and the
``[tool.qa]`` table as click's ``default_map``.
"""

from __future__ import annotations

import os
from pathlib import Path

def _root() -> Path:
    """Where the default corpus and index live: the working directory (a project holding ``seeds/``)."""
    return Path.cwd()


def default_corpus() -> Path | None:
    """QA_CORPUS, else ``./seeds`` when there is one; None outside a project (the caller asks for
    ``--corpus`` rather than guess: qa never indexes a folder nobody named)."""
    env = os.environ.get("QA_CORPUS")
    if env:
        return Path(env)
    seeds = _root() / "seeds"
    return seeds if seeds.is_dir() else None


def default_index_dir() -> Path:
    return Path(os.environ.get("QA_INDEX_DIR") or _root() / "index")


def file_settings(start: Path | None = None) -> dict:
    """The ``[tool.qa]`` table of ./pyproject.toml (keys as the flags: ``k``, ``fusion``...)."""
    path = (start or Path.cwd()) / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    table = data.get("tool", {}).get("qa", {})
    return {str(k).replace("-", "_"): v for k, v in table.items()} if isinstance(table, dict) else {}


def follow_symlinks_default() -> bool:
    """Whether builds started without ``--follow-symlinks`` (``qa ask``/``qa chat`` building a
    missing index) follow symlinks out of the corpus: QA_FOLLOW_SYMLINKS, else ``follow_symlinks``
    in [tool.qa], else no."""
    env = os.environ.get("QA_FOLLOW_SYMLINKS")
    if env is not None:
        return env.strip().lower() in ("1", "true", "yes", "on")
    return file_settings().get("follow_symlinks") is True
