"""Notes-app Markdown (Obsidian, Logseq, Foam, Dendron) read as the app shows it: wiki links as
their label or page, embeds and %% comments %% dropped, ==highlights== as text, callout markers,
task boxes, footnote marks and Logseq properties and block references not in the text; a note
without a title named by its file.  Every line anchor still points at its source line.  Made-up text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.corpus.extracted import line_at
from qa.corpus.markdown import read_markdown
from qa.corpus.titles import note_name


def _line_of(ex, needle: str) -> int | None:
    return line_at(ex.lines, ex.text, ex.text.index(needle))


def _source_line(source: str, needle: str) -> int:
    return 1 + next(n for n, ln in enumerate(source.split("\n")) if needle in ln)


def test_wiki_links_read_as_their_label_or_page():
    src = ("Planted with [[Quill Moreno|Quill]] near [[Greenhouse]].\n"
           "See [[Soil Log#Spring|the spring log]], [[Soil Log#Autumn]] and [[Seeds#^b7x2]].\n"
           "Filed under #[[garden jobs]].\n")
    text = read_markdown(src, "n.md").text
    assert text == ("Planted with Quill near Greenhouse. See the spring log, Soil Log > Autumn and Seeds. "
                    "Filed under garden jobs.")


def test_a_wiki_link_in_a_table_cell_escapes_its_pipe():
    src = "| Jar | Where |\n|---|---|\n| [[Flour Bin\\|flour]] | top shelf |\n"
    assert "flour | top shelf" in read_markdown(src, "n.md").text.split("\n")


def test_embeds_are_dropped_and_leave_no_space_before_punctuation():
    src = "The plan is ![[plot-plan.png]].\n![[Other Note]]\nBeds face south ![[bed.jpg|300]] all day.\n"
    assert read_markdown(src, "n.md").text == "The plan is. Beds face south all day."


def test_comments_are_dropped_inline_and_as_blocks_and_later_lines_stay_right():
    src = ("Visit on Tuesday %% not Monday: the gate is locked %% at noon.\n\n"
           "%%\nprivate draft\n\nstill private\n%%\n\n"
           "The ferrule key hangs by the door.\n")
    ex = read_markdown(src, "n.md")
    assert ex.text == "Visit on Tuesday at noon.\n\nThe ferrule key hangs by the door."
    assert _line_of(ex, "The ferrule") == _source_line(src, "The ferrule") == 9


def test_an_unclosed_comment_is_kept_nothing_lost():
    assert "%% the rest" in read_markdown("Before.\n\n%% the rest\nof it\n", "n.md").text


def test_highlights_read_as_their_text_other_equals_signs_stay():
    src = "Water ==daily in **June**== only. Set x==y when a == b.\n\n(mode==linear && pad==reflect) fails.\n"
    assert read_markdown(src, "n.md").text == ("Water daily in June only. Set x==y when a == b.\n\n"
                                               "(mode==linear && pad==reflect) fails.")


def test_a_callout_loses_its_marker_and_its_title_is_a_line_of_its_own():
    src = "Intro.\n\n> [!warning]- Frost risk\n> Cover the seedlings\n> before dusk.\n\n> [!tip]\n> Label every tray.\n"
    ex = read_markdown(src, "n.md")
    assert ex.text == "Intro.\n\nFrost risk\n\nCover the seedlings before dusk.\n\nLabel every tray."
    assert _line_of(ex, "Frost risk") == 3
    assert _line_of(ex, "Cover the") == 4 and _line_of(ex, "before dusk") == 5
    assert _line_of(ex, "Label every") == 8


def test_a_callout_whose_first_line_runs_on_is_one_paragraph():
    src = "> [!TIP] Once the branch is ready and tested you can use the\n> release action to publish it.\n"
    assert read_markdown(src, "n.md").text == "Once the branch is ready and tested you can use the release action to publish it."


def test_gitlab_toc_markers_are_dropped():
    assert read_markdown("[[_TOC_]]\n\nBody text.\n", "n.md").text == "Body text."


def test_a_plain_blockquote_with_brackets_is_unchanged():
    assert read_markdown("> [sic] as written\n", "n.md").text == "[sic] as written"


def test_task_items_keep_their_state_as_one_sign():
    src = "- [ ] buy twine\n- [x] sow beans\n- [X] water\n- plain item [ ] here\n- [?] custom\n"
    assert read_markdown(src, "n.md").text.split("\n") == [
        "☐ buy twine", "☑ sow beans", "☑ water", "plain item [ ] here", "[?] custom"]


def test_footnote_marks_are_dropped_and_definitions_are_text_at_their_line():
    src = "The soil tests acidic[^1] this year.\n\nMore text.\n\n[^1]: Measured with the red kit.\n"
    ex = read_markdown(src, "n.md")
    assert "[^1]" not in ex.text and "The soil tests acidic this year." in ex.text
    assert "Measured with the red kit." in ex.text.split("\n")
    assert _line_of(ex, "Measured") == 5


def test_logseq_properties_and_block_refs_are_not_text_title_is():
    src = ("title:: Hive inspections\ntags:: [[bees]], garden\n\n"
           "- Queen seen on frame four.\n  id:: 6479c0a2-1f3b-4c1e-9a55-0d5b3e8f9b00\n  collapsed:: true\n"
           "\t- Brood on five frames, see ((6479c0a2-1f3b-4c1e-9a55-0d5b3e8f9b00)).\n"
           "- Next visit in a week\n")
    ex = read_markdown(src, "2026_10_11.md")
    assert ex.title == "Hive inspections"
    assert ex.text == "tags: bees, garden\n\nQueen seen on frame four.\nBrood on five frames, see.\nNext visit in a week"
    assert _line_of(ex, "Brood") == _source_line(src, "Brood") and _line_of(ex, "Next visit") == 8


def test_prose_with_double_colons_mid_line_stays():
    src = "Call std::sort first.\nRatio 2:: not a property here\n"
    assert read_markdown(src, "n.md").text == "Call std::sort first. Ratio 2:: not a property here"


def test_a_note_is_titled_by_its_file_name_after_front_matter_and_h1():
    assert read_markdown("## Guest\nThe guest password is on the door.\n", "Home Network.md").title == "Home Network"
    assert read_markdown("Met Quill for coffee.\n", "Daily/2026-11-02.md").title == "2026-11-02"
    assert read_markdown("# Bean Rows\nText.\n", "beans.md").title == "Bean Rows"
    assert read_markdown("---\ntitle: Pea Trial\n---\n# Other\n", "peas.md").title == "Pea Trial"
    assert read_markdown("## Setup\nText.\n", "README.md").title == "Setup"  # readers name a README
    assert read_markdown("## Setup\nText.\n", "index.md").title == "Setup"


def test_note_name_skips_generic_names():
    assert note_name("People/Quill Moreno.md") == "Quill Moreno"
    assert note_name("notes/seed list.md.gz") == "seed list"
    assert note_name("README.md") is None and note_name("C:\\notes\\Bean Rows.md") == "Bean Rows"
    assert note_name("index.md") is None and note_name("notes.md") is None and note_name("_.md") is None


def test_logseq_logbook_drawers_go_an_unclosed_one_stays():
    src = ("- DONE repaint the gate\n  :LOGBOOK:\n  CLOCK: [2026-11-01 Sun 10:00]--[2026-11-01 Sun 10:30] =>  00:30:00\n"
           "  :END:\n  two coats\n- Note :DRAFT: here\n  :DRAFT:\n  kept text\n")
    ex = read_markdown(src, "n.md")
    assert ex.text == "DONE repaint the gate two coats\nNote :DRAFT: here :DRAFT: kept text"
    assert _line_of(ex, "two coats") == 5


def test_obsidian_block_ids_are_dropped():
    src = "Sow the beans in May. ^sow-beans\n\n- Mulch the rows ^m1x9\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n^tbl01\n\nx ^2 is y^2.\n"
    assert read_markdown(src, "n.md").text == "Sow the beans in May.\n\nMulch the rows\n\na | b\n1 | 2\n\nx ^2 is y^2."


def test_query_fences_are_not_text_code_fences_are():
    src = "Books read:\n\n```dataview\nTABLE rating FROM #book\n```\n\n```python\nprint(1)\n```\n"
    assert read_markdown(src, "n.md").text == "Books read:\n\nprint(1)"


def test_an_excalidraw_drawing_is_titled_by_its_name_not_the_plugins_heading():
    src = "---\nexcalidraw-plugin: parsed\n---\n# Text Elements\nShed roof ^Xy12ab\n\n%%\n# Drawing\n```json\n{}\n```\n%%\n"
    ex = read_markdown(src, "Drawings/Shed plan.excalidraw.md")
    assert ex.title == "Shed plan" and "Shed roof" in ex.text and "json" not in ex.text and "^Xy12ab" not in ex.text


_SNIPPETS = ["Plain words here.", "A [[Page|label]] link.", "An ![[pic.png]] embed.", "Hidden %% aside %% text.",
             "==Marked== words.", "- [ ] a task", "- [x] done task", "> [!note] Callout title\n> callout body\n",
             "Footnoted[^1] claim.\n\n[^1]: The footnote body.", "- item\n  id:: 6479c0a2-1f3b-4c1e-9a55-0d5b3e8f9b00",
             "%%\nblock comment\n%%", "tags:: alpha, beta", "Block id line ^abc12", "see ((6479c0a2-1f3b-4c1e-9a55-0d5b3e8f9b00)) now",
             "```dataview\nLIST\n```", "## Heading [[Linked]]"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SNIPPETS), min_size=1, max_size=8), st.booleans())
def test_every_line_anchor_points_at_a_source_line_holding_its_word(parts, tight):
    src = ("\n" if tight else "\n\n").join(parts) + "\n"
    ex = read_markdown(src, "n.md")
    lines = src.split("\n")
    for at, n in ex.lines:
        word = re.match(r"\W*(\w+)", ex.text[at:])
        if word:
            assert word.group(1) in lines[n - 1], (word.group(1), n, src)
    for mark in ("[[", "%%", "[!", "((", "[^", "id::"):
        assert mark not in ex.text
