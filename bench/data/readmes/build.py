"""Rebuild the readmes set's corpus/ from the METADATA files of installed Python wheels (the
``*.dist-info/METADATA`` of a site-packages folder, by default the one of the running Python).

    python bench/data/readmes/build.py [path/to/site-packages]    # into corpus/

For each package in ``PACKAGES`` (name, version, format), its METADATA is split at the first blank
line (``\\n\\n``): what follows is the long description the package ships, its README, written
byte-for-byte to ``corpus/<name>/README.md`` (Markdown) or ``corpus/<name>/README.rst``
(reStructuredText, also when the METADATA names no ``Description-Content-Type``, PyPI's default).
The installed version must be the one listed (the set was built from those).
"""

from __future__ import annotations

import email.parser
import sys
import sysconfig
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"

# (distribution name, version, suffix): chosen by hand (see README.md), not sampled
PACKAGES = [
    ("attrs", "26.1.0", "md"),
    ("charset-normalizer", "3.5.3", "md"),
    ("cloudpickle", "3.1.3", "md"),
    ("defusedxml", "0.7.1", "rst"),
    ("fastapi", "0.165.0", "md"),
    ("h11", "0.16.0", "rst"),
    ("httpcore", "1.0.9", "md"),
    ("msgpack", "1.2.4", "md"),
    ("narwhals", "2.29.0", "md"),
    ("platformdirs", "4.14.9", "md"),
    ("psutil", "7.2.2", "rst"),
    ("pycparser", "3.12", "rst"),
    ("pypdfium2", "5.15.2", "md"),
    ("pytest", "8.4.2", "rst"),
    ("RapidFuzz", "3.14.6", "md"),
    ("regex", "2026.12.2", "rst"),
    ("rich", "15.0.0", "md"),
    ("sortedcontainers", "2.4.0", "rst"),
    ("sse-starlette", "3.7.1", "md"),
    ("syrupy", "4.8.0", "md"),
    ("tblib", "3.2.2", "rst"),
    ("threadpoolctl", "3.8.0", "md"),
    ("tqdm", "4.70.1", "rst"),
    ("typer", "0.29.2", "md"),
    ("uvicorn", "0.55.0", "md"),
]


def split(raw: bytes) -> tuple[dict[str, str], bytes]:
    """A METADATA file's header fields and its body (the README), byte-for-byte."""
    head, _, body = raw.partition(b"\n\n")  # no blank line: a METADATA without a body
    msg = email.parser.HeaderParser().parsestr(head.decode("utf-8"))
    return {k.lower(): v for k, v in msg.items()}, body


def metadata_files(site: Path) -> dict[str, Path]:
    """Each installed distribution's METADATA, by its normalised name."""
    out = {}
    for path in site.glob("*.dist-info/METADATA"):
        fields, _ = split(path.read_bytes())
        out[normalise(fields["name"])] = path
    return out


def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def readmes(site: Path) -> dict[str, bytes]:
    """corpus-relative path -> bytes, for every package of ``PACKAGES``; ValueError when one is
    missing or at another version."""
    found = metadata_files(site)
    out = {}
    for name, version, suffix in PACKAGES:
        path = found.get(normalise(name))
        if path is None:
            raise ValueError(f"{name} is not installed in {site}")
        fields, body = split(path.read_bytes())
        if fields["version"] != version:
            raise ValueError(f"{name} is {fields['version']} in {site}, the set was built from {version}")
        out[f"{name}/README.{suffix}"] = body
    return out


def main() -> int:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(sysconfig.get_paths()["purelib"])
    for rel, body in readmes(site).items():
        (CORPUS / rel).parent.mkdir(parents=True, exist_ok=True)
        (CORPUS / rel).write_bytes(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
