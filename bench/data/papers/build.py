"""Build corpus/ from the BEIR SciFact corpus (seeded; run once, the output is committed).

    python bench/data/papers/build.py ../shared/beir/scifact/corpus.jsonl.gz

Method (random.Random(SEED)):
  1. candidate records: non-empty title and text, text 600–2,500 characters;
  2. 30 seed abstracts sampled from the candidates (sorted by _id first);
  3. for each seed, in sampled order (skipping one already chosen as a neighbour), 4 neighbours:
     the candidates not yet chosen whose TF-IDF vector of title + text (words of 3+ characters, not
     stop words, IDF over all 5,183 records, title words counted 3 times, log-scaled tf, unit length)
     is closest to the seed's by cosine; ties broken by _id;
  4. each group goes in one folder, named by hand after reading its five titles (FOLDERS; without
     a name, its three heaviest terms), and each record is written as corpus/<folder>/<_id>.txt: the title field, a blank line, the text field,
     a final newline (UTF-8; byte-for-byte the record's fields).
Only corpus.jsonl is read: SciFact's claims (queries) and qrels are not used.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import re
import sys
from collections import Counter
from pathlib import Path

SEED = 18
GROUPS = 30
NEIGHBOURS = 4
HERE = Path(__file__).resolve().parent
# folder names given by hand after reading each group's five titles (keyed by the seed's _id)
FOLDERS = {
    "5492542": "phase1-drug-trials", "1886551": "disaster-planning", "26612216": "chromatin-remodelling",
    "21692235": "glioblastoma", "36921186": "ipsc-derivation", "17421851": "atherosclerotic-plaque",
    "356218": "pregnancy-renal-liver", "15960670": "centromeres", "12991445": "vascular-grafts",
    "9614443": "colitis-intestine", "92308": "viral-immune-escape", "643765": "reproduction-oocytes",
    "13779605": "cancer-stem-cells", "8182950": "vaccines-immunity", "16280642": "invadopodia-podosomes",
    "19828689": "tgf-beta", "8446324": "brain-tumours", "8042158": "systematic-reviews",
    "39550665": "helicobacter-pylori", "9846940": "cardiac-surgery", "23704559": "aortic-coarctation-aneurysms",
    "11774598": "nuclear-receptors", "28149602": "lupus-neutrophils", "44674301": "nasopharyngeal-carcinoma",
    "1070920": "feeding-circuits", "437924": "hiv-prep", "10145528": "atm-ataxia-telangiectasia",
    "21046889": "rats-feeding-diet", "275294": "vitamin-d", "8670178": "epidemic-modelling",
}
STOP = set("""with from that this their these those into over under between among during after before
than then them they have been were which while where when what whose also more most less least other
such only both each either neither about against within without through across human humans patients
patient study studies analysis role effect effects associated association using based novel mice mouse
cells cell cancer disease expression protein factor factors gene genes risk trial clinical review data
evidence model models function functional activity regulates regulation response responses induced
mediated dependent level levels increased reduced high treatment""".split())


def tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z0-9-]{2,}", text.lower()) if w not in STOP]


def vector(r: dict, idf: dict[str, float]) -> dict[str, float]:
    tf = Counter(tokens(r["text"]))
    for w in tokens(r["title"]):
        tf[w] += 3
    v = {w: (1 + math.log(c)) * idf[w] for w, c in tf.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {w: x / norm for w, x in v.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def main(src: str) -> None:
    with gzip.open(src, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    df = Counter(w for r in rows for w in set(tokens(r["title"] + " " + r["text"])))
    idf = {w: math.log(len(rows) / c) for w, c in df.items()}
    cands = sorted((r for r in rows if r["title"].strip() and 600 <= len(r["text"]) <= 2500),
                   key=lambda r: r["_id"])
    vecs = {r["_id"]: vector(r, idf) for r in cands}
    rng = random.Random(SEED)
    order = cands[:]
    rng.shuffle(order)
    chosen: set[str] = set()
    groups = []
    for seed in order[:GROUPS * 2]:
        if len(groups) == GROUPS:
            break
        if seed["_id"] in chosen:
            continue
        sv = vecs[seed["_id"]]
        scored = sorted((-cosine(sv, vecs[r["_id"]]), r["_id"], r) for r in cands
                        if r["_id"] not in chosen and r["_id"] != seed["_id"])
        members = [seed] + [r for _, _, r in scored[:NEIGHBOURS]]
        chosen.update(r["_id"] for r in members)
        weight = Counter()
        for r in members:
            weight.update(vecs[r["_id"]])
        top = [w for w, _ in weight.most_common(3)]
        groups.append((FOLDERS.get(seed["_id"], "-".join(top)), members, [round(-c, 2) for c, _, _ in scored[:NEIGHBOURS]]))
    out = HERE / "corpus"
    for folder, members, sims in groups:
        (out / folder).mkdir(parents=True)
        for r in members:
            (out / folder / f"{r['_id']}.txt").write_text(f"{r['title']}\n\n{r['text']}\n", encoding="utf-8")
        print(folder, [r["_id"] for r in members], sims)
    # the questions were written over each group's seed and its nearest neighbour (listed first)


if __name__ == "__main__":
    main(sys.argv[1])
