"""Issue 31's target: a folder of every hostile file at full size plus one normal document.

``qa index`` (the real model, a fresh index) must finish in <= 60 s with peak RSS <= 1 GB, every
hostile file skipped with a reason or read correctly, and the normal document answerable.  The
files (tests/hostile_files.py): 100,000 nested <div>s (1.1 MB), a file name that is not UTF-8, a
DOCX of 8 million paragraphs (~1 MB), a DOCX holding a 1 GiB text node, a DOCX nested 100,000
levels, a DOCX with an external entity, a 200 MB one-line text file, a 210 MB file, a PDF whose
lines differ only in digits.

Measured: wall time of ``qa index``; peak RSS of the largest process (``getrusage`` of the waited
children: qa itself or a reader process) and peak RSS of qa and its reader processes together
(sampled every 50 ms with psutil).  Then ``qa ask --json`` of the normal document's question.

    python bench/hostile.py [--work DIR] [--seeds]   (--seeds: also time full builds of the seeds,
                                                      and of the seeds as md/html/docx/pdf, with the
                                                      reader process on and off)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile_files as H  # noqa: E402


def make_folder(folder: Path) -> dict[str, str]:
    """Every hostile file at full size beside the normal document; name -> what it is."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "normal.txt").write_text(H.NORMAL, encoding="utf-8")
    (folder / "nested.html").write_bytes(H.nested_html(100_000))
    odd = H.undecodable_name(folder)
    H.docx_paragraph_bomb(folder / "paragraphs.docx", 8_000_000)
    H.docx_text_node_bomb(folder / "text-node.docx", 1 << 30)
    H.docx_nested(folder / "nested.docx", 100_000)
    H.docx_external_entity(folder / "entity.docx")
    H.one_line_text(folder / "one-line.txt", 200_000_000)
    H.sparse_file(folder / "huge.txt", 210_000_000)
    H.digit_lines_pdf(folder / "invoices.pdf")
    return {p.name: f"{p.stat().st_size:,} bytes" for p in sorted(folder.iterdir())} | {"(odd name)": repr(odd.name)}


def run_measured(cmd: list[str], env: dict) -> dict:
    """Run ``cmd``; its wall time, exit code, output, and peak RSS (largest process; whole tree)."""
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    peak_tree = [0]
    done = threading.Event()

    def sample():
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            try:
                total = root.memory_info().rss + sum(c.memory_info().rss for c in root.children(recursive=True))
            except psutil.Error:
                total = 0
            peak_tree[0] = max(peak_tree[0], total)
            done.wait(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    done.set()
    watcher.join()
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": round(seconds, 2), "exit": proc.returncode, "stdout": out, "stderr": err,
            "peak_rss_largest_process_mb": round(largest / 1024) if largest > before else None,
            "peak_rss_all_processes_mb": round(peak_tree[0] / 2**20)}


def seeds_as_formats(folder: Path) -> Path:
    """The five seed articles as Markdown, HTML, Word and PDF (20 parsed files)."""
    import docx
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    folder.mkdir(parents=True, exist_ok=True)
    for src in sorted((ROOT / "seeds").glob("*.txt")):
        paras = [p.strip() for p in src.read_text(encoding="utf-8").split("\n") if p.strip()]
        (folder / f"{src.stem}.md").write_text("\n\n".join(paras), encoding="utf-8")
        (folder / f"{src.stem}.html").write_text("<html><body>" + "".join(f"<p>{p}</p>" for p in paras)
                                                  + "</body></html>", encoding="utf-8")
        d = docx.Document()
        for p in paras:
            d.add_paragraph(p)
        d.save(folder / f"{src.stem}.docx")
        style = getSampleStyleSheet()["BodyText"]
        SimpleDocTemplate(str(folder / f"{src.stem}.pdf")).build(
            [Paragraph(p.replace("&", "&amp;").replace("<", "&lt;"), style) for p in paras])
    return folder


def reader_cost(work: Path, env: dict, runs: int = 3) -> dict:
    """Full builds (--rebuild) with parsed formats read in the reader process and in process
    (QA_READ_IN_PROCESS=1), alternated: the seeds (plain text: no reader process is started) and the
    seeds as Markdown, HTML, Word and PDF (every file through the reader process)."""
    out: dict = {}
    corpora = {"seeds": ROOT / "seeds", "seeds as md/html/docx/pdf": seeds_as_formats(work / "seed-formats")}
    for name, corpus in corpora.items():
        for mode in ("0", "1") * runs:
            r = run_measured([sys.executable, "-m", "qa", "index", "--corpus", str(corpus), "--index-dir",
                              str(work / f"cost-{len(out)}-{mode}"), "--rebuild", "-q"],
                             {**env, "QA_READ_IN_PROCESS": mode})
            out.setdefault(name, {}).setdefault("in process" if mode == "1" else "reader process", []).append(
                r["seconds"])
    return {name: {k: sorted(v) for k, v in modes.items()} for name, modes in out.items()}


def symlink_race(work: Path, passes: int) -> dict:
    """The issue's race: a file flipped between a regular file and a symlink to a file outside the
    corpus while the corpus is read ``passes`` times; how often the outside file's text was read."""
    from qa.corpus.readers import load_corpus

    corpus, outside = work / "race", work / "race-outside"
    corpus.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text("SECRET text from outside the corpus.\n", encoding="utf-8")
    (corpus / "normal.txt").write_text(H.NORMAL, encoding="utf-8")
    target, stop = corpus / "flip.txt", threading.Event()

    def flip():
        regular, link = work / "race-regular.tmp", work / "race-link.tmp"
        while not stop.is_set():
            regular.write_text("An ordinary file inside the corpus.\n", encoding="utf-8")
            os.replace(regular, target)
            if link.is_symlink():
                link.unlink()
            os.symlink(outside / "secret.txt", link)
            os.replace(link, target)

    flipper = threading.Thread(target=flip, daemon=True)
    flipper.start()
    leaked = read = skipped = 0
    try:
        for _ in range(passes):
            kinds = []
            for doc in load_corpus(corpus, lambda s: kinds.append(s.kind)):
                read += doc.id == "flip.txt"
                leaked += "SECRET" in doc.text
            skipped += len(kinds)
    finally:
        stop.set()
        flipper.join()
    return {"passes": passes, "outside_text_read": leaked, "flip_read": read, "flip_skipped": skipped}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=None, help="folder for the corpus and index (default: a temp dir)")
    ap.add_argument("--seeds", action="store_true", help="also time builds with and without the reader process")
    ap.add_argument("--race", type=int, default=0, metavar="N",
                    help="also read a corpus N times while a file flips to a symlink out of it")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "hostile.json")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="qa-hostile-"))
    corpus, index_dir = work / "corpus", work / "index"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    t = time.perf_counter()
    files = make_folder(corpus) if not (corpus / "normal.txt").exists() else {}
    print(f"corpus ready in {time.perf_counter() - t:.1f} s: {corpus}", file=sys.stderr)

    build = run_measured([sys.executable, "-m", "qa", "index", "--corpus", str(corpus), "--index-dir",
                          str(index_dir), "--json", "--rebuild"], env)
    report = json.loads(build["stdout"]) if build["exit"] == 0 else {}
    ask = run_measured([sys.executable, "-m", "qa", "ask", "--json", "--corpus", str(corpus), "--index-dir",
                        str(index_dir), H.NORMAL_QUESTION], env)
    answer = json.loads(ask["stdout"]) if ask["exit"] == 0 else {}
    cited = [c.get("doc") for c in answer.get("citations", [])]
    result = {
        "files": files,
        "index": {k: build[k] for k in ("seconds", "exit", "peak_rss_largest_process_mb", "peak_rss_all_processes_mb")},
        "documents": report.get("documents"),
        "skipped": [{"path": s["path"], "kind": s["kind"], "reason": s["reason"]} for s in report.get("skipped", [])],
        "normal_document_answered": "normal.txt" in cited and "broke the great lamp" in json.dumps(answer),
        "targets_met": bool(build["exit"] == 0 and build["seconds"] <= 60
                            and (build["peak_rss_all_processes_mb"] or 0) <= 1000 and "normal.txt" in cited),
        "machine": {"cpus": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 2)},
    }
    if build["exit"] != 0:
        result["stderr"] = build["stderr"][-2000:]
    if args.seeds:
        result["build_seconds_reader_process_vs_in_process"] = reader_cost(work, env)
    if args.race:
        result["symlink_race"] = symlink_race(work, args.race)
        result["targets_met"] &= result["symlink_race"]["outside_text_read"] == 0
    text = json.dumps(result, indent=1, ensure_ascii=True)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    return 0 if result["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
