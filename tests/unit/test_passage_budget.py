"""Issue 26, passages that serve a real folder (made-up text): a heading opens the passage it heads,
lists of short lines and long words stay within the budget yet in a passage, a definition's term
stays with its text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.chunking import ChunkingConfig, chunk_document
from qa.corpus.html import read_html
from qa.corpus.readers import Document

BUDGET_CHARS = 10  # characters a word the budget allows (qa.corpus.packing.CHARS_PER_WORD), written out
MAX_UNIT_CHARS = 800  # the longest unit (qa.corpus.units.MAX_UNIT_CHARS), written out

_NOUNS = ["engine", "valve", "boiler", "gauge", "crank", "piston", "lever", "pump", "widget", "spindle"]
_VERBS = ["turns", "warms", "holds", "drives", "checks", "feeds", "cools", "opens"]


def _sentence(n: int) -> str:
    a, b, v = _NOUNS[n % 10], _NOUNS[(n * 7 + 3) % 10], _VERBS[n % 8]
    return f"The {a} number {n} {v} the {b} every morning before the crew arrives."


def _doc(text: str, sections=()) -> Document:
    return Document("d.md", "", text, "d.md", sections=tuple(sections))


def _chunks(doc: Document, **cfg):
    chunks = chunk_document(doc, ChunkingConfig(**cfg))
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text
    return chunks


@st.composite
def _sectioned(draw):
    """Sections of 1-12 sentences under headings of 2-6 words: (text, heading spans)."""
    parts, heads, n, at = [], [], 0, 0
    for k in range(draw(st.integers(2, 6))):
        words = draw(st.lists(st.sampled_from(_NOUNS + ["Installing", "Using", "Quorp", "on", "Linux"]),
                              min_size=2, max_size=6))
        heading = " ".join(words).capitalize() + f" {k}"
        body = [_sentence(n + i) for i in range(draw(st.integers(1, 12)))]
        n += len(body)
        heads.append((at, at + len(heading)))
        block = heading + "\n\n" + "\n\n".join(body)
        parts.append(block)
        at += len(block) + 2
    return "\n\n".join(parts), heads


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sectioned(), st.sampled_from([30, 60, 120]))
def test_a_heading_opens_the_passage_it_heads_never_closes_the_one_before(case, max_words):
    text, heads = case
    chunks = _chunks(_doc(text, [(s, text[s:e]) for s, e in heads]), max_words=max_words, overlap=1)
    for s, e in heads:
        holding = [c for c in chunks if c.start <= s < c.end]
        assert holding, text[s:e]
        for c in holding:
            assert c.end > e and c.sentences[-1] != (s, e)  # never the last unit of a passage: text under it
        for c in holding[1:]:
            assert c.start == s  # a second passage holding it opens with it (its section goes on there)


def test_a_one_word_section_heading_opens_the_passage_it_heads():
    body = " ".join(_sentence(n) for n in range(9))  # 117 words: the passage is full at the heading
    text = body + "\n\nInstallation\n\n" + " ".join(_sentence(n) for n in range(30, 39))
    at = text.index("Installation")
    chunks = _chunks(_doc(text, [(at, "Installation")]), max_words=120)
    holding = [c for c in chunks if "Installation" in c.text]
    assert len(holding) == 1 and holding[0].start == at  # not after the last sentence of the section before
    assert holding[0].text.startswith("Installation\n\n" + _sentence(30))


@st.composite
def _mixed(draw):
    """Sentences, runs of one-token lines (option and API names) and paragraphs of long words."""
    blocks, n = [_sentence(0)], 1
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["prose", "list", "paths", "code"]))
        if kind == "prose":
            blocks.append(" ".join(_sentence(n + i) for i in range(draw(st.integers(1, 10)))))
        elif kind == "list":
            count = draw(st.integers(1, 150))
            blocks.append("\n".join(f"--allow-{_NOUNS[i % 10]}-{n}-{i}" for i in range(count)))
        elif kind == "paths":
            count = draw(st.integers(1, 120))
            blocks.append("Files: " + " ".join(f"src/quorp/{_NOUNS[i % 10]}/{_VERBS[i % 8]}_{n}_{i}.hpp"
                                               for i in range(count)))
        else:
            blocks.append("\n".join(["{", '    "Name": "quorp",', "    },", "]"] * draw(st.integers(1, 60))))
        n += 200
        blocks.append(_sentence(n))
        n += 1
    return "\n\n".join(blocks)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mixed(), st.sampled_from([40, 120]))
def test_no_passage_grows_past_the_budget_and_short_lines_stay_in_a_passage(text, max_words):
    chunks = _chunks(_doc(text), max_words=max_words, overlap=1)
    for c in chunks:
        assert all(e - s <= MAX_UNIT_CHARS for s, e in c.sentences)
        if len(c.sentences) > 1:
            assert len(c.text) <= max_words * BUDGET_CHARS
    for line in text.split("\n"):
        if line.startswith("--allow-"):
            assert any(line in c.text for c in chunks), line  # searchable and quotable
    for path in text.split():
        if path.startswith("src/quorp/"):
            assert any(path in c.text for c in chunks), path


def test_a_list_of_a_hundred_option_names_is_cut_into_passages_of_the_budget():
    options = "\n".join(f"--allow-{w}-{i}" for i in range(100) for w in ["addons"])
    text = _sentence(1) + "\n\n" + options + "\n\n" + _sentence(2)
    chunks = _chunks(_doc(text), max_words=120)
    assert max(len(c.text) for c in chunks) <= 1200 and len(chunks) > 1
    assert all(any(f"--allow-addons-{i}\n" in c.text + "\n" for c in chunks) for i in range(100))


def test_a_paragraph_of_file_paths_gives_passages_of_the_budget():
    paths = " ".join(f"boost/quorp/detail/{_NOUNS[i % 10]}_implementation_{i}.hpp" for i in range(300))
    chunks = _chunks(_doc("Files: " + paths + "\n\nCopyright holders are listed below."), max_words=120)
    assert max(len(c.text) for c in chunks) <= 1200


def test_a_token_without_spaces_is_cut_to_the_unit_size():
    blob = "QVdT" * 1000  # a base64 blob in a code example
    chunks = _chunks(_doc(_sentence(1) + "\n\n" + blob + "\n\n" + _sentence(2)), max_words=120)
    assert max(len(c.text) for c in chunks) <= 1200
    assert "".join(c.text for c in chunks).count("QVdT") >= 1000  # every piece in a passage


_DEFINITION = ("Specifies the maximum number of frames the quorp engine shows in a trace. "
               "Frames are grouped by the top four calls only, so a larger number does not change grouping. "
               "A higher setting makes the engine run a little slower and take a little more memory, "
               "but it helps with deeply nested call chains in large programs written by many people. "
               "The maximum value for this is 500.")


def _options_page(term_html: str) -> str:
    items = "".join(f"<dt><code>--{w}-mode=&lt;yes|no&gt;</code></dt><dd><p>{_sentence(i)} {_sentence(i + 50)} "
                    f"{_sentence(i + 90)}</p></dd>" for i, w in enumerate(_NOUNS))
    return (f"<html><body><h1>Quorp options</h1><dl>{items}<dt>{term_html}</dt><dd><p>{_DEFINITION}</p></dd>"
            "</dl></body></html>")


def test_a_definitions_term_is_in_the_passage_of_its_last_sentence():
    for term_html in ("<code>--num-frames=&lt;number&gt; [default: 12]</code>", "<code>--num-frames</code>"):
        got = read_html(_options_page(term_html))
        doc = Document("o.html", "", got.text, "o.html", sections=got.sections)
        term = "--num-frames"
        for c in _chunks(doc, max_words=120):
            if "The maximum value for this is 500." in c.text:
                assert term in c.text, c.text
                break
        else:
            raise AssertionError("the definition is in no passage")


def test_a_reader_definition_list_term_opens_its_passage_in_markdown_text():
    items = "\n\n".join(f"--{w}-mode\n\n{_sentence(i)} {_sentence(i + 50)}" for i, w in enumerate(_NOUNS))
    text = items + "\n\n--num-frames\n\n" + _DEFINITION
    chunks = _chunks(_doc(text), max_words=120)
    last = [c for c in chunks if "maximum value for this is 500" in c.text]
    assert last and all("--num-frames" in c.text for c in last)


_NOTICE = ("The following is a list of quorp commands or features that are deprecated.  All\n"
           "deprecated tools are in maintenance mode and we keep them in the source tree for\n"
           "backward compatibility only.\n\n\n")
_ENTRIES = "".join(f"what:  quorp --old-{w}\nwhy:   renamed to --new-{w}\nsince: v2.{i}\n\n---------\n\n"
                   for i, w in enumerate(_NOUNS))


def test_a_sentence_wrapped_over_two_lines_of_a_plain_text_file_is_one_unit():
    from qa.corpus.chunking import split_sentences

    text = _NOTICE + _ENTRIES  # many short lines: not found hard-wrapped, not short
    got = [text[s:e] for run in split_sentences(text, plain=True) for s, e in run]
    assert any(u.startswith("All\ndeprecated tools") and u.endswith("backward compatibility only.") for u in got)
    assert "why:   renamed to --new-engine" in got  # a field line stays a line
    chunks = chunk_document(Document("deprecated.txt", "", text, "deprecated.txt"))
    assert any(_NOTICE.strip() in c.text for c in chunks)


def test_lines_of_markup_text_are_not_joined_however_they_end():
    from qa.corpus.chunking import split_sentences

    items = "\n".join(f"install the {w} package and then configure" + " every option it offers" * (1 + i % 4)
                      for i, w in enumerate(_NOUNS))  # lines of 66 to 135 characters: no fixed width
    text = "Steps\n\n" + items
    got = [text[s:e] for run in split_sentences(text, plain=False) for s, e in run]
    assert sum(1 for u in got if u.startswith("install the")) == 10  # list items from Markdown: ten units


_LINES = st.lists(st.tuples(st.sampled_from(["", " ", "  "]),
                            st.sampled_from(["what: x", "- item one", "a | b", "The quorp engine turns the valve and",
                                             "the crew checks the gauge every morning before it leaves the harbour and",
                                             "then goes home.", "", "All", "x" * 70])), max_size=30)


@settings(max_examples=200, deadline=None)
@given(_LINES, st.booleans())
def test_paragraph_spans_cover_every_line_in_order(lines, join):
    from qa.corpus.chunking import paragraph_spans

    text = "\n".join(lead + line for lead, line in lines)
    spans = paragraph_spans(text, join, mid_sentence=True)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(text.split()) == "".join(covered.split())  # every character but whitespace, once
    assert all(text[s:e] == text[s:e].strip() and e > s for s, e in spans)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.booleans(), st.integers(0, 30)), min_size=1, max_size=40),
       st.sampled_from([10, 40, 120]), st.integers(0, 2))
def test_packing_with_openers_covers_every_unit_moves_forward_and_keeps_the_budget(shape, max_words, overlap):
    from qa.corpus.packing import pack_units

    text, spans, opens = "", [], []
    for n_words, opener, gap in shape:
        text += "x " * gap + "\n"  # lines skipped between units
        start = len(text)
        text += " ".join(["w"] * n_words) + ".\n"
        spans.append((start, len(text) - 1))
        opens.append(opener)
    packs = pack_units(text, spans, max_words, overlap, 4, opens)
    assert {u for p in packs for u in p} == set(spans)
    for a, b in zip(packs, packs[1:]):
        assert b[0] > a[0] and b[-1] >= a[-1]  # forward, nothing skipped
        if overlap == 0:
            assert not set(a) & set(b)
    for p in packs:
        if len(p) > 1:
            assert p[-1][1] - p[0][0] <= max_words * BUDGET_CHARS
        last = spans.index(p[-1])
        assert not opens[last] or len(p) == 1 or last == len(spans) - 1  # never closed on an opener
