"""PDF text extraction: pages/second and text quality of pypdfium2 (qa's choice) vs pypdf and
pdfminer.six, measured in the same run on the same files.

    python bench/pdf_extract.py [--pages 60] [--runs 3] [--out bench/results/pdf_extract.json]

The PDFs are generated here (reportlab: justified paragraphs, headings, running header and footer;
fpdf2: wrapped paragraphs with a header and footer), plus any real PDFs given with --pdf.  Quality
is the share of the generated body words each library gives back in order (difflib matching
blocks over word lists); real PDFs have no ground truth and count for speed only.
"qa read_pdf" is the whole reader (pypdfium2 + line geometry, header/footer removal, joining).
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

VOCAB = ("the foundation board river valley programme volunteers spent quarter funds audit children "
         "school report annual meeting approved budget international community project water health "
         "training season members donors grant results increase decrease survey families regional").split()


def sentences(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        words = [rng.choice(VOCAB) for _ in range(rng.randint(8, 22))]
        words.insert(rng.randint(1, len(words) - 1), str(rng.randint(2, 9000)))
        out.append(" ".join(words).capitalize() + ".")
    return out


def body(pages: int, seed: int) -> list[tuple[str, str]]:
    """(kind, text) blocks for about ``pages`` pages: headings and paragraphs."""
    rng = random.Random(seed)
    blocks = []
    for section in range(pages):
        blocks.append(("h", f"Section {section + 1} {rng.choice(VOCAB).title()}"))
        for _ in range(4):
            blocks.append(("p", " ".join(sentences(rng, rng.randint(3, 6)))))
    return blocks


def reportlab_pdf(blocks) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()

    def furniture(canvas, doc):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 40, "Riverside Foundation - Annual Report")
        canvas.drawString(A4[0] / 2, 30, f"Page {doc.page}")

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title="Annual Report")
    doc.build([Paragraph(t, styles["Heading2" if k == "h" else "BodyText"]) for k, t in blocks],
              onFirstPage=furniture, onLaterPages=furniture)
    return buf.getvalue()


def fpdf_pdf(blocks) -> bytes:
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            self.set_font("Helvetica", size=8)
            self.cell(0, 8, "Riverside Foundation - Annual Report", new_x="LMARGIN", new_y="NEXT")

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 8, f"Page {self.page_no()}", align="C")

    pdf = Doc()
    pdf.add_page()
    for kind, text in blocks:
        pdf.set_font("Helvetica", style="B" if kind == "h" else "", size=13 if kind == "h" else 10)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def pdfium_pages(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    out = []
    for i in range(len(doc)):
        page = doc[i]
        textpage = page.get_textpage()
        out.append(textpage.get_text_range())
        textpage.close()
        page.close()
    doc.close()
    return out


def qa_pages(data: bytes) -> list[str]:
    from qa.corpus.pdf import read_pdf

    got = read_pdf(data, "bench.pdf")
    bounds = list(got.pages) + [len(got.text)]
    return [got.text[a:b] for a, b in zip(bounds, bounds[1:])]


def pypdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdfminer_pages(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return ["".join(el.get_text() for el in page if isinstance(el, LTTextContainer))
            for page in extract_pages(io.BytesIO(data))]


LIBRARIES = {"pypdfium2": pdfium_pages, "qa read_pdf (pypdfium2)": qa_pages, "pypdf": pypdf_pages,
             "pdfminer.six": pdfminer_pages}


def quality(pages: list[str], truth: list[str]) -> float:
    got = " ".join(pages).replace("\ufffe", "").replace("-\n", "").split()
    matcher = difflib.SequenceMatcher(None, truth, got, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(truth)


def version(lib: str) -> str:
    from importlib.metadata import version as v

    return v({"pypdfium2": "pypdfium2", "pypdf": "pypdf", "pdfminer.six": "pdfminer.six"}.get(lib, "pypdfium2"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=60, help="sections per generated PDF (about half a page each)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per library and file (median)")
    ap.add_argument("--pdf", type=Path, action="append", default=[], help="a real PDF to time as well")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "pdf_extract.json")
    args = ap.parse_args()

    files = []
    for maker, seed in ((reportlab_pdf, 1), (fpdf_pdf, 2)):
        blocks = body(args.pages, seed)
        truth = " ".join(t for _, t in blocks).split()
        files.append((f"generated by {maker.__name__.split('_')[0]}", maker(blocks), truth))
    for path in args.pdf:
        files.append((path.name, path.read_bytes(), None))

    rows = []
    for name, data, truth in files:
        for lib, fn in LIBRARIES.items():
            fn(data)  # warm: imports, font caches
            times, pages = [], []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                pages = fn(data)
                times.append(time.perf_counter() - t0)
            seconds = statistics.median(times)
            rows.append({"file": name, "library": lib, "version": version(lib), "pages": len(pages),
                         "seconds": round(seconds, 4), "pages_per_s": round(len(pages) / seconds, 1),
                         "word_recall": None if truth is None else round(quality(pages, truth), 4)})
    for row in rows:
        base = next(r for r in rows if r["file"] == row["file"] and r["library"] == "pypdfium2")
        row["speed_vs_pypdfium2"] = round(row["pages_per_s"] / base["pages_per_s"], 3)

    header = f"{'file':<26} {'library':<25} {'pages':>5} {'pages/s':>9} {'vs pdfium':>9} {'word recall':>11}"
    lines = [header, "-" * len(header)]
    for r in rows:
        recall = "-" if r["word_recall"] is None else f"{r['word_recall']:.4f}"
        lines.append(f"{r['file']:<26} {r['library']:<25} {r['pages']:>5} {r['pages_per_s']:>9.1f} "
                     f"{r['speed_vs_pypdfium2']:>8.3f}x {recall:>11}")
    table = "\n".join(lines)
    print(table)
    result = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "runs": args.runs,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
              "rows": rows, "table": table}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
