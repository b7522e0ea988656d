"""Session 16: the reading items session 15's user's pass left, each made up small."""

from __future__ import annotations

from qa.corpus import load_corpus


def _read(root, files: dict[str, str]):
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(data, encoding="utf-8")
    return {d.id: d for d in load_corpus(root)}


WRAPPED = """GNU Frob NEWS - User visible changes. 2024-03-01
Please send GNU Frob bug reports to <bug-frob@example.org>

version 2.1 - the spring release of the frobnicator, with a number of
changes that users of the command line and of the library will notice
when they upgrade from the previous version of the program this year.

* The --fast option now skips the checksum of every block it writes to
the archive, which makes writing large archives much quicker than it
was before, at the price of a later check that takes a little longer.

* Reading from a pipe works again when the archive was written on a
machine whose block size differs from the one it is being read on now.
"""


def test_a_title_is_one_line_of_the_file_not_two_the_reader_joined(tmp_path):
    """A hard-wrapped file's first line joined to the next by the reader ("… 2024-03-01 Please
    send … bug reports to <…>") was the title, 16 words; the file's first line is."""
    docs = _read(tmp_path, {"notes.txt": WRAPPED})
    doc = docs["notes.txt"]
    assert "2024-03-01 Please send" in doc.text  # the reader still joins them: the text is as it was
    assert doc.title == "GNU Frob NEWS - User visible changes. 2024-03-01"


def test_an_image_in_a_markdown_html_block_is_text_only_inside_a_sentence(tmp_path):
    """A README's centred logo (``<p align="center"><img … alt="Glimmerdb"></p>``) is a label, as a
    lone Markdown image is (session 20, docs/reading.md); an image inside a sentence keeps its alt."""
    docs = _read(tmp_path, {"notes.md": '<p align="center"><img src="logo.png" alt="Glimmerdb"></p>\n\n'
                                        '<div><img src="spacer.gif"> Built nightly.</div>\n\n'
                                        "__Glimmerdb__ keeps small records in a single file.\n"})
    doc = docs["notes.md"]
    assert doc.text.startswith("Built nightly.\n\nGlimmerdb keeps small records")
    assert doc.line_at(doc.text.index("Glimmerdb keeps")) == 5


TEXINFO_6 = """<html><head><title>frob Command Manual</title></head><body lang="en">
<h1 class="settitle" align="center">frob Command Manual</h1>
<span id="Top"></span><div class="header"><p>Next: <a href="#Introduction">Introduction</a>, Up: <a href="dir.html#Top">(dir)</a></p></div>
<h1 class="node-heading">Top</h1>
<table class="menu"><tr><td>&bull; <a href="#Introduction">Introduction</a></td></tr></table>
<hr><span id="Introduction"></span><div class="header"><p>Previous: <a href="#Top">Top</a>, Up: <a href="#Top">Top</a></p></div>
<h2 class="chapter">1 Introduction</h2>
<p>frob turns a list of numbers into a chart printed on the terminal.</p>
<h3 class="node-heading">Topics</h3><p>Charts may be drawn in colour.</p>
</body></html>"""


def test_texinfos_top_node_heading_is_navigation(tmp_path):
    """bc's manual (Texinfo 6) kept "Top", the name of every Texinfo manual's first node, as a heading
    and a section of its own; another node's heading stays."""
    doc = _read(tmp_path, {"frob.html": TEXINFO_6})["frob.html"]
    assert doc.text.startswith("frob Command Manual\n\n1 Introduction\n\nfrob turns")
    assert [h for _at, h in doc.sections] == ["frob Command Manual", "1 Introduction", "Topics"]


def test_a_template_saved_as_html_is_no_page(tmp_path):
    """A web app's Jinja template (``templates/task.html``) was indexed with its ``{% … %}`` and titled
    "Task: {{ ts.key }}"; it is skipped as a stub.  A page about templates shows them in code: read."""
    from qa.corpus import load_corpus

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "task.html").write_text(
        '{% extends "main.html" %}\n{% block content %}\n<h1>Task: {{ ts.key }}</h1>\n<table><tr><th>Status</th>'
        "<td>{{ ts.state }}</td></tr>\n{% if ts.nbytes %}<tr><th>Bytes</th><td>{{ ts.nbytes }}</td></tr>{% endif %}"
        "</table>\n{% endblock %}\n", encoding="utf-8")
    (tmp_path / "loops.html").write_text(
        "<html><head><title>Loops in templates</title></head><body><p>A loop repeats a block for each item:</p>"
        "<pre>{% for page in pages %}\n  {{ page.title }}\n{% endfor %}</pre>"
        "<p>Close it with <code>{% endfor %}</code> on a line of its own.</p></body></html>", encoding="utf-8")
    skipped = []
    docs = {d.id: d for d in load_corpus(tmp_path, skipped.append)}
    assert list(docs) == ["loops.html"] and "{% for page in pages %}" in docs["loops.html"].text
    assert [(s.path, s.kind) for s in skipped] == [("templates/task.html", "stub")]
    assert "template" in skipped[0].reason


def test_a_title_ending_in_a_separator_is_named_by_the_pages_heading(tmp_path):
    """gtk-doc's "libxslt: " (a site's name and a separator, the page's own name left out) was the
    title "libxslt:"; the page's first heading names it.  Without a heading: the site's name."""
    page = ('<html><head><title>{}</title></head><body><table class="navigation"><tr><th>frob Reference'
            "</th></tr></table>{}<p>frob-core - the core of the frob library, its types and the engine.</p>"
            "</body></html>")
    docs = _read(tmp_path, {"general.html": page.format("frob: ", "<h2>frob API Modules</h2>"),
                            "plain.html": page.format("frob | ", ""),
                            "named.html": page.format("frob: Core", "<h2>frob API Modules</h2>")})
    assert {k: d.title for k, d in docs.items()} == {
        "general.html": "frob API Modules", "plain.html": "frob", "named.html": "frob: Core"}
