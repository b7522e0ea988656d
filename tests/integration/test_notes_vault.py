"""A made-up Obsidian/Logseq vault through the corpus and an index (fake embedder): the hidden
``.obsidian/`` folder is not read, notes are titled by their file names, wiki links are searchable
by their labels, nothing hidden (comments, properties) is found, and citations stay exact slices."""

from __future__ import annotations

from qa.answer import answer
from qa.corpus import load_corpus
from qa.serve.service import search

from ..conftest import build_fake, open_fake

NOTES = {
    "People/Quill Moreno.md": "---\ntags: [person]\naliases: [Quill]\n---\n"
                              "Quill is a beekeeper in Tarnby. We met at [[Hive Club|the hive club]].\n\n"
                              "- [ ] lend Quill the smoker\n- [x] return the frames\n\n"
                              "%% Quill's gate code is 4471 %%\n",
    "Projects/Shed Roof.md": "# Shed Roof\n\n> [!info] Quote\n> The joiner quoted 1,850 crowns for a cedar roof.\n\n"
                             "==Felt shingles== last ten years[^1].\n\n![[roof-photo.jpg]]\n\n"
                             "[^1]: Per the joiner's leaflet.\n",
    "journals/2026_10_11.md": "title:: Hive log\n\n- The queen was marked with a blue dot.\n"
                              "  id:: 6479c0a2-1f3b-4c1e-9a55-0d5b3e8f9b00\n"
                              "- see ((6479c0a2-1f3b-4c1e-9a55-0d5b3e8f9b00)) for the frames\n",
    "Daily/2026-11-02.md": "- Met [[Quill Moreno]] for tea\n- [ ] renew the glimmer licence\n",
    ".obsidian/workspace.md": "# Workspace\nThe zorbleflax layout is hidden.\n",
}


def _vault(tmp_path):
    root = tmp_path / "vault"
    for rel, text in NOTES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / ".obsidian" / "app.json").write_text('{"theme": "dark"}', encoding="utf-8")
    return root


def test_a_vault_reads_as_notes_titled_by_their_names(tmp_path):
    docs = {d.id: d for d in load_corpus(_vault(tmp_path))}
    assert sorted(docs) == ["Daily/2026-11-02.md", "People/Quill Moreno.md", "Projects/Shed Roof.md",
                            "journals/2026_10_11.md"]  # .obsidian/ is hidden: not read
    assert {d.title for d in docs.values()} == {"2026-11-02", "Quill Moreno", "Shed Roof", "Hive log"}
    quill = docs["People/Quill Moreno.md"].text
    assert "We met at the hive club." in quill and "4471" not in quill and "[[" not in quill
    assert "☐ lend Quill the smoker" in quill
    roof = docs["Projects/Shed Roof.md"].text
    assert "[!info]" not in roof and "==" not in roof and "[^1]" not in roof and "roof-photo" not in roof
    assert "Felt shingles last ten years." in roof and "Per the joiner's leaflet." in roof
    hive = docs["journals/2026_10_11.md"].text
    assert "id::" not in hive and "((" not in hive and "title::" not in hive


def test_search_and_ask_on_a_vault_cite_exact_slices(tmp_path):
    build_fake(_vault(tmp_path), tmp_path / "i")
    idx = open_fake(tmp_path / "i")
    found = search(idx, "hive club beekeeper", k=3)["results"]
    assert found and found[0]["doc"] == "People/Quill Moreno.md" and "the hive club" in found[0]["text"]
    hidden = search(idx, "zorbleflax layout", k=5)["results"]  # the hidden folder's note is not indexed
    assert not any(r["doc"].startswith(".obsidian") or "zorbleflax" in r["text"] for r in hidden)
    assert not any("4471" in r["text"] for r in search(idx, "gate code 4471", k=5)["results"])
    result = answer(idx, "How much did the joiner quote for the cedar roof?")
    assert result.citations
    for c in result.citations:
        assert idx.doc_text(idx.docs.position[c.doc])[c.start:c.end] == c.text
    assert any("1,850 crowns" in c.text and c.doc == "Projects/Shed Roof.md" for c in result.citations)


def test_conventional_names_are_not_note_titles(tmp_path):
    root = tmp_path / "quux"
    root.mkdir()
    (root / "TODO.md").write_text("## to-do list for quux\n\n- port the frobnicator\n", encoding="utf-8")
    (root / "NEWS.md").write_text("Fixed a crash in the glimmer decoder.\n", encoding="utf-8")
    (root / "Bean Rows.md").write_text("## Spacing\n\nRows sit 45 cm apart.\n", encoding="utf-8")
    titles = {d.id: d.title for d in load_corpus(root)}
    assert titles == {"TODO.md": "to-do list for quux", "NEWS.md": "quux: NEWS.md", "Bean Rows.md": "Bean Rows"}


def test_a_logseq_graphs_backups_are_not_read_a_bak_folder_elsewhere_is(tmp_path):
    root = tmp_path / "graph"
    for rel in ("pages/Hives.md", "logseq/bak/pages/Hives/2026-11-01T10_00_00.000Z.Desktop.md",
                "logseq/version-files/local/pages/Hives.md", "logseq/custom.md", "projects/logseq/bak/plan.md"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("- The hive faces south.\n", encoding="utf-8")
    assert sorted(d.id for d in load_corpus(root)) == ["logseq/custom.md", "pages/Hives.md",
                                                       "projects/logseq/bak/plan.md"]


def test_a_logseq_graphs_backups_are_not_watched_a_bak_folder_elsewhere_is(tmp_path):
    """``qa watch`` wakes for what a build reads: a change in a Logseq graph's ``logseq/bak/`` (the
    app's older copies of its pages, never read) calls for no build; one in another ``logseq/bak``
    (no ``pages/`` or ``journals/`` beside it) does, as does a page of the graph."""
    from watchfiles import Change

    from qa.index.watch import Relevant

    graph = tmp_path / "graph"
    for rel in ("pages/Hives.md", "logseq/bak/pages/Hives/old.md", "logseq/version-files/local/pages/Hives.md",
                "projects/logseq/bak/plan.md"):
        (graph / rel).parent.mkdir(parents=True, exist_ok=True)
        (graph / rel).write_text("# Hives\n\nThe bees swarm in May.\n", encoding="utf-8")
    watched = Relevant(graph, tmp_path / "index")
    assert not watched(Change.modified, str(graph / "logseq/bak/pages/Hives/old.md"))
    assert not watched(Change.added, str(graph / "logseq/version-files/local/pages/Hives.md"))
    assert watched(Change.modified, str(graph / "pages/Hives.md"))
    assert watched(Change.modified, str(graph / "projects/logseq/bak/plan.md"))
