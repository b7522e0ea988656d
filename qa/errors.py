"""One exception family and the process exit codes that go with it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # an unexpected internal error (a bug: please report it)
    USAGE = 2  # bad flags, bad question, bad question file
    INDEX = 3  # no index, or an index that is corrupt / built differently
    CORPUS = 4  # missing path, empty corpus
    CLUSTER = 5  # the Dask scheduler is unreachable or went away during a build
    INTERRUPTED = 130  # Ctrl-C


@dataclass(frozen=True)
class Fix:
    """The command that fixes an error, and what it does: shown by the CLI and the chat alike."""

    what: str  # "rebuild it"
    command: str  # "qa index --rebuild --corpus notes --index-dir index"

    def __str__(self) -> str:
        return f"{self.what} with: {self.command}"


class QAError(Exception):
    """Base of every error a user can cause. ``str(err)`` is one clear line.

    ``hint`` is advice in words; ``fix`` a command that fixes it (never parsed out of a message)."""

    exit_code = ExitCode.FAILURE

    def __init__(self, message: str, *, hint: str | None = None, fix: Fix | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.fix = fix

    def __str__(self) -> str:
        extra = "".join(f" ({part})" for part in (self.hint, self.fix) if part)
        return self.message + extra


class UsageError(QAError):
    exit_code = ExitCode.USAGE


class QuestionError(UsageError):
    """The question itself is unusable (empty, only control characters, ...)."""


class IndexMissingError(QAError):
    exit_code = ExitCode.INDEX


class IndexInvalidError(QAError):
    exit_code = ExitCode.INDEX


class IndexLockedError(QAError):
    exit_code = ExitCode.INDEX


class CorpusError(QAError):
    exit_code = ExitCode.CORPUS


class ClusterError(QAError):
    """``qa index --cluster``: no scheduler at the address, no workers, or the scheduler was lost."""

    exit_code = ExitCode.CLUSTER


class ModelError(QAError):
    """The embedding model cannot be loaded or exported."""

    exit_code = ExitCode.USAGE


class IndexWriteError(QAError):
    """The index cannot be written: a full or read-only disk, no permission."""

    exit_code = ExitCode.INDEX
