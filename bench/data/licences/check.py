"""Check the licences set's questions.jsonl against the documents in corpus/ (no index, no answering).

Adapted from ``../handbooks/check.py``: the same checks; the licence texts kept under their
Debian names without a suffix (``licenses/GPL-3``, ``licenses/MPL-1.1``) are plain text to both
qa and the independent extraction.

For every answerable question:
  1. each ``answers`` string lies in its quote, also as SQuAD-normalised words (what ``qa eval``
     judges), and keeps at least 4 characters after normalisation;
  2. the quote is in the text of qa's own reader (``qa.corpus.readers.read_file``), compared after
     ``qa.search.fold`` (the comparison ``qa eval`` makes);
  3. the quote is also in the text of an independent extraction, after collapsing whitespace:
     PDF page text from pypdfium2 (which gives the 1-based physical ``page``, checked against the
     set's and against qa's page for the quote), HTML with BeautifulSoup ``get_text``, Markdown
     rendered with markdown-it and then ``get_text``, reStructuredText with docutils'
     plain-text of the doctree (Sphinx roles such as ``:func:`` are unknown to plain docutils, which
     keeps them as raw markup, so quotes avoid spans holding them), plain text as decoded.
Every unanswerable question must have a ``note`` and no quotes, and every file in corpus/ must be
one that ``qa index`` reads (``qa.corpus.readers.supported``), not only one ``read_file`` reads.

    python bench/data/licences/check.py            # exits 1 and lists the failures
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"


def squeeze(text: str) -> str:
    from qa.search import fold

    return fold(text)


def raw_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def independent(path: Path) -> list[str]:
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
    return [data.decode("utf-8")]  # .txt, or a licence text without a suffix (GPL-3, MPL-1.1)


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


def check(questions: Path) -> list[str]:
    from qa.corpus.readers import supported
    from qa.evaluation.answers import holds, squad_normalise

    # every document must be one that `qa index` reads, not only one read_file can read when asked
    problems: list[str] = [f"{p.relative_to(CORPUS)}: qa index would skip it (unsupported name)"
                           for p in sorted(CORPUS.rglob("*")) if p.is_file() and not supported(p)]
    docs: dict[str, tuple] = {}
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
            rel, quote = gold["doc"], gold["quote"]
            path = CORPUS / rel
            if not path.is_file():
                problems.append(f"{where}: no document {rel}")
                continue
            if rel not in docs:
                docs[rel] = (qa_document(path, rel), independent(path))
            doc, pages = docs[rel]
            for a in row["answers"]:
                if a not in quote or not holds(quote, [a]):
                    problems.append(f"{where}: answer {a!r} is not in its quote")
                if len(squad_normalise(a)) < 4:
                    problems.append(f"{where}: answer {a!r} too short after normalisation")
            if squeeze(quote) not in squeeze(doc.text):
                problems.append(f"{where}: quote not in qa's text of {rel}: {quote[:60]!r}")
            if pages:
                found = [i + 1 for i, p in enumerate(pages) if squeeze(quote) in squeeze(p)]
                if not found:
                    problems.append(f"{where}: quote not in the independent text of {rel}: {quote[:60]!r}")
                elif len(pages) > 1:  # a PDF: the page is the one pypdfium2 and qa agree on
                    if gold.get("page") != found[0]:
                        problems.append(f"{where}: page {gold.get('page')} but the quote is on page {found[0]}")
                    if qa_page(doc, quote) != found[0]:
                        problems.append(f"{where}: qa places the quote on page {qa_page(doc, quote)}, pypdfium2 on {found[0]}")
    return problems


def main() -> int:
    problems = check(HERE / "questions.jsonl")
    for p in problems:
        print(p)
    print(f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
