"""What every question set's ``check.py`` shares: a set's questions.jsonl checked against the
documents of its corpus/ (no index, no answering).

For every answerable question, for each of its quotes:
  1. each ``answers`` string lies in its quote, also as SQuAD-normalised words (what ``qa eval``
     judges), and keeps at least 4 characters after normalisation;
  2. the quote is in the text of qa's own reader (``qa.corpus.readers.read_file``), compared after
     ``qa.search.fold`` (the comparison ``qa eval`` makes); a document qa cannot read stops the run;
  3. the quote is also in the text of an independent extraction, after the same folding
     (``independent``): PDF page text from pypdfium2 (which gives the 1-based physical ``page``,
     checked against the set's and against qa's page for the quote), HTML with BeautifulSoup
     ``get_text`` (with and without a space between inline elements), Markdown rendered with
     markdown-it and then ``get_text``, reStructuredText with docutils' plain-text of the doctree
     (Sphinx roles such as ``:func:`` are unknown to plain docutils, which keeps them as raw markup,
     so quotes avoid spans holding them), plain text (``.txt``) as decoded; a ``.gz`` file is
     decompressed first. Any other file (manual pages, names without a suffix) goes to the set's own
     extractor (``other``), and with none it is checked against qa's reader only. A set may also
     bring its own independent text altogether (papers: its SciFact records).
Every id is unique, every answerable question has answers and quotes whose documents exist, and
every unanswerable question has a ``note`` and no quotes or answers. A set adds its own checks of
the corpus as a whole (``corpus_check``). The problems are printed one a line, their count goes to
stderr, and the exit code is 1 when there are any (0 when none).

A set's script is ``python bench/data/<set>/check.py [--questions FILE]``; ``--questions`` checks
another copy of the questions (a corrupted one, to see the checks bite) against the same corpus.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

# a file's text by another extractor: one string per PDF page, else one string; [] for none, and
# None (a set's own extractor only) when the set has no such document
Extract = Callable[[Path], "list[str] | None"]
Other = Callable[[str, bytes], "list[str]"]


def squeeze(text: str) -> str:
    from qa.search import fold

    return fold(text)


def raw_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def no_text(name: str, data: bytes) -> list[str]:
    """No second extraction for a file of another format: qa's reader only."""
    return []


def plain_text(name: str, data: bytes) -> list[str]:
    """A file of another format read as plain text (licence texts without a suffix)."""
    return [data.decode("utf-8")]


def independent(path: Path, other: Other = no_text) -> list[str]:
    """The document's text by another extractor: one string per PDF page, else one string."""
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    data = raw_bytes(path)
    if name.endswith(".pdf"):
        import pypdfium2

        pdf = pypdfium2.PdfDocument(data)
        # U+FFFE is how PDFium marks a soft hyphen at a line break ("lan\ufffeguages")
        return [pdf[i].get_textpage().get_text_range().replace("\ufffe", "") for i in range(len(pdf))]
    if name.endswith(".html"):
        import warnings

        from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

        warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)  # the handbook's pages are XHTML
        soup = BeautifulSoup(data, "lxml")
        return [soup.get_text(" ") + "\n" + soup.get_text()]  # inline elements with and without a space
    if name.endswith(".md"):
        from bs4 import BeautifulSoup
        from markdown_it import MarkdownIt

        soup = BeautifulSoup(MarkdownIt().render(data.decode("utf-8")), "lxml")
        return [soup.get_text(" ") + "\n" + soup.get_text()]
    if name.endswith(".rst"):
        from docutils.core import publish_doctree

        tree = publish_doctree(data.decode("utf-8"), settings_overrides={"report_level": 5})
        return [tree.astext()]
    if name.endswith(".txt"):
        return [data.decode("utf-8")]
    return other(name, data)


def qa_document(path: Path, rel: str):
    from qa.corpus.readers import read_file

    skipped = []
    docs = list(read_file(path, rel, skipped.append))
    if skipped or len(docs) != 1:
        raise SystemExit(f"{rel}: qa could not read it: {skipped}")
    return docs[0]


def qa_page(doc, quote: str) -> int | None:
    """qa's page of the quote's first word (found by a whitespace-insensitive search)."""
    if not doc.pages:
        return None
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    m = re.search(pattern, doc.text)
    return doc.page_at(m.start()) if m else None


def check(questions: Path, corpus: Path, extract: Extract = independent,
          source: str = "the independent text") -> list[str]:
    """The problems of every question in ``questions`` against the documents under ``corpus``;
    ``source`` names the independent text in the messages."""
    problems: list[str] = []
    docs: dict[str, tuple | None] = {}
    ids = set()
    for n, line in enumerate(questions.read_text(encoding="utf-8").splitlines(), 1):
        row = json.loads(line)
        where = f"line {n} ({row.get('id')})"
        if row["id"] in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(row["id"])
        if row["kind"] == "unanswerable":
            if row["relevant"] or row["answers"] or not row.get("note"):
                problems.append(f"{where}: unanswerable needs a note and no quotes or answers")
            continue
        if row["kind"] != "answerable" or not row["relevant"] or not row["answers"]:
            problems.append(f"{where}: answerable needs answers and quotes")
            continue
        for gold in row["relevant"]:
            rel = gold["doc"]
            if rel not in docs:
                path = corpus / rel
                texts = extract(path) if path.is_file() else None
                docs[rel] = None if texts is None else (qa_document(path, rel), texts)
            if docs[rel] is None:
                problems.append(f"{where}: no document {rel}")
                continue
            problems += check_quote(where, gold, row["answers"], *docs[rel], source)
    return problems


def check_quote(where: str, gold: dict, answers: list[str], doc, pages: list[str], source: str) -> list[str]:
    """Checks 1 to 3 above for one quote of a question (``gold``), with qa's ``doc`` and the
    independent text of its document (``pages``)."""
    from qa.evaluation.answers import holds, squad_normalise

    rel, quote = gold["doc"], gold["quote"]
    problems = []
    for a in answers:
        if a not in quote or not holds(quote, [a]):
            problems.append(f"{where}: answer {a!r} is not in its quote")
        if len(squad_normalise(a)) < 4:
            problems.append(f"{where}: answer {a!r} too short after normalisation")
    if squeeze(quote) not in squeeze(doc.text):
        problems.append(f"{where}: quote not in qa's text of {rel}: {quote[:60]!r}")
    if pages:
        found = [i + 1 for i, p in enumerate(pages) if squeeze(quote) in squeeze(p)]
        if not found:
            problems.append(f"{where}: quote not in {source} of {rel}: {quote[:60]!r}")
        elif len(pages) > 1:  # a PDF: the page is the one pypdfium2 and qa agree on
            if gold.get("page") != found[0]:
                problems.append(f"{where}: page {gold.get('page')} but the quote is on page {found[0]}")
            if qa_page(doc, quote) != found[0]:
                problems.append(f"{where}: qa places the quote on page {qa_page(doc, quote)}, pypdfium2 on {found[0]}")
    return problems


def pinned_files(corpus: Path, files: dict[str, tuple[str, str]], installed: Callable[[str], Path],
                 where: str) -> list[str]:
    """corpus/ holds exactly ``files`` (corpus path: (package and version, sha256)), each with its sha256
    and, when ``installed(path)`` is a file on this machine, byte for byte that file; ``where`` names the
    installed place in the note printed when some were not there to compare."""
    import hashlib

    have = {p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file()}
    problems = [f"{rel}: missing from corpus/" for rel in sorted(set(files) - have)]
    problems += [f"{rel}: not one of FILES" for rel in sorted(have - set(files))]
    compared = 0
    for rel in sorted(set(files) & have):
        data = (corpus / rel).read_bytes()
        if hashlib.sha256(data).hexdigest() != files[rel][1]:
            problems.append(f"{rel}: sha256 is not {files[rel][1][:12]}…")
        there = installed(rel)
        if there.is_file():
            compared += 1
            if there.read_bytes() != data:
                problems.append(f"{rel}: not byte-for-byte {there} (another {files[rel][0].split()[0]} version?)")
    if compared < len(files):
        print(f"note: {len(files) - compared} of the files are not in {where}: only their sha256 was checked",
              file=sys.stderr)
    return problems


def existing_file(name: str) -> Path:
    if not Path(name).is_file():
        raise argparse.ArgumentTypeError(f"no file {name}")
    return Path(name)


def arguments(doc: str, here: Path) -> argparse.ArgumentParser:
    """The command line of a set's check.py: ``--questions`` (default: the set's questions.jsonl)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=existing_file, default=here / "questions.jsonl",
                        help="the questions to check against the set's corpus/ (default: %(default)s)")
    return parser


def report(problems: Iterable[str]) -> int:
    """Print the problems, one a line, and their count on stderr; the exit code (1 if any)."""
    problems = list(problems)
    for p in problems:
        print(p)
    print(f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def run(doc: str, here: Path, other: Other = no_text,
        corpus_check: Callable[[Path], list[str]] | None = None) -> int:
    """A set's check.py: its questions against ``here``/corpus, with ``other`` the extractor for
    files of no format above and ``corpus_check`` the set's own check of the corpus as a whole
    (its problems come first)."""
    args = arguments(doc, here).parse_args()
    corpus = here / "corpus"
    problems = corpus_check(corpus) if corpus_check else []
    problems += check(args.questions, corpus, lambda path: independent(path, other))
    return report(problems)
