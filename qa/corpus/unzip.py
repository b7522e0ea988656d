"""Zip-based formats under a decompressed-bytes budget: the one check for .docx (and, later, .epub,
.odt, .pptx readers), made before their library unzips anything.

``check_zip`` looks at the sizes the archive declares, then inflates every member in 1 MiB steps
(nothing is kept) counting what really comes out, since a declared size can lie.  It stops as soon
as the archive as a whole passes ``Budget.max_unzipped`` or one member inflates more than
``Budget.max_ratio`` times its packed size past its first ``Budget.ratio_after`` bytes: a 1 MB zip
bomb is refused after a few megabytes of work, and its library never sees it.  Readers then unzip
the same bytes knowing what they will cost.
"""

from __future__ import annotations

import io
import zipfile

from .budget import OVER_BUDGET, Budget, limit_text
from .extracted import ReadError

STEP = 1 << 20


class ZipBomb(ReadError):
    def __init__(self, message: str):
        super().__init__(message, kind=OVER_BUDGET)


def check_zip(data: bytes | zipfile.ZipFile, budget: Budget = Budget(), what: str = "archive") -> int:
    """The bytes ``data`` unzips to, when within ``budget``; raises ZipBomb when not, and ReadError
    for a damaged archive (``what`` names the format in messages: "Word file")."""
    try:
        zf = data if isinstance(data, zipfile.ZipFile) else zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"not a readable {what}: {exc}") from None
    infos = zf.infolist()
    declared = sum(i.file_size for i in infos)
    if declared > budget.max_unzipped:
        raise ZipBomb(_too_big(what, f"declares {declared:,} bytes", budget))
    for info in infos:
        _check_declared_ratio(info, budget, what)
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        total += _inflate(zf, info, budget, what, total)
    return total


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, what: str, before: int) -> int:
    """Bytes of one member, read in steps and dropped; stops at the budget or at a bomb's ratio."""
    packed = max(info.compress_size, 1)
    out = 0
    try:
        with zf.open(info) as fh:
            while True:
                piece = fh.read(STEP)
                if not piece:
                    return out
                out += len(piece)
                if before + out > budget.max_unzipped:
                    raise ZipBomb(_too_big(what, f"unzips to more than {before + out:,} bytes", budget))
                if out > budget.ratio_after and out > budget.max_ratio * packed:
                    raise ZipBomb(f"zip bomb: {_name(info)} inflates more than {budget.max_ratio} times "
                                  f"its packed size ({packed:,} bytes)")
    except ZipBomb:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib and lzma raise many kinds on a damaged member
        first = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
        raise ReadError(f"not a readable {what}: {_name(info)}: {first}") from None


def _check_declared_ratio(info: zipfile.ZipInfo, budget: Budget, what: str) -> None:
    packed = max(info.compress_size, 1)
    if info.file_size > budget.ratio_after and info.file_size > budget.max_ratio * packed:
        raise ZipBomb(f"zip bomb: {_name(info)} declares {info.file_size:,} bytes packed in {packed:,}")


def _too_big(what: str, detail: str, budget: Budget) -> str:
    return f"{what} {detail} (the limit is {limit_text(budget.max_unzipped)} unzipped)"


def _name(info: zipfile.ZipInfo) -> str:
    return info.filename[:80]
