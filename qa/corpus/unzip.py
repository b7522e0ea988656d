"""Zip-based formats under a decompressed-bytes budget: the one check for .docx (and, later, .epub,
.odt, .pptx readers), made before their library unzips anything.

``check_zip`` reads the archive's directory: the archive may unzip to at most
``Budget.max_unzipped`` bytes in all, and no member may claim to inflate more than
``Budget.max_ratio`` times its packed size past its first ``Budget.ratio_after`` bytes (a 1 MB zip
bomb is refused without inflating a byte).  A member that lies about its size cannot get past
this: Python's ``zipfile`` (what python-docx and the other readers unzip with) never returns more
than a member's declared size, and a member whose data does not match it fails its CRC check
("damaged").  So what is checked before reading also bounds the reading.
"""

from __future__ import annotations

import io
import zipfile

from .budget import OVER_BUDGET, Budget, limit_text, size_text
from .extracted import ReadError


class ZipBomb(ReadError):
    def __init__(self, message: str):
        super().__init__(message, kind=OVER_BUDGET)


def check_zip(data: bytes | zipfile.ZipFile, budget: Budget = Budget(), what: str = "archive",
              not_zip: str = "not a zip archive") -> int:
    """The bytes ``data`` unzips to (as declared: the most ``zipfile`` will give), when within
    ``budget``; raises ZipBomb when not, and ReadError for empty bytes (kind "empty"), bytes that are
    no zip archive (``not_zip`` says so) or a damaged archive (``what`` names the format in messages:
    "Word file")."""
    if isinstance(data, (bytes, bytearray)):
        if not data:
            raise ReadError(f"not a readable {what}: empty file", kind="empty")
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ReadError(f"not a readable {what}: {not_zip}")
    try:
        zf = data if isinstance(data, zipfile.ZipFile) else zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReadError(f"not a readable {what}: {exc}") from None
    infos = zf.infolist()
    declared = sum(i.file_size for i in infos)
    if declared > budget.max_unzipped:
        raise ZipBomb(f"{what} would unzip to {size_text(declared)} (the limit is "
                      f"{limit_text(budget.max_unzipped)})")
    for info in infos:
        packed = max(info.compress_size, 1)
        if info.file_size > budget.ratio_after and info.file_size > budget.max_ratio * packed:
            raise ZipBomb(f"zip bomb: {_name(info)} would unzip to {size_text(info.file_size)} from "
                          f"{size_text(packed)} (more than {budget.max_ratio} times; the limit)")
    return declared


def _name(info: zipfile.ZipInfo) -> str:
    return info.filename[:80]
