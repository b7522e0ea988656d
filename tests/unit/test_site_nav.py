"""MkDocs pages without a heading of their own are titled as the site titles them (``site_nav.py``)."""

from __future__ import annotations

import os

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from qa.corpus import load_corpus
from qa.corpus.site_nav import MAX_CONFIG_BYTES, name_title, read_config
from qa.corpus.titles import headline, not_a_title

CONFIG = """\
site_name: Widgets
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
nav:
  - Welcome to Widgets: index.md
  - Concepts:
      - Gear Models: concepts/gear_models.md
      - concepts/plain.md
      - Headed Page: concepts/headed.md
      - Front Matter: concepts/fronted.md
  - "":
      - Sprocket API: ./api/sprocket.md
  - Issue tracker: https://example.org/issues
"""

PAGES = {
    "docs/index.md": "Widgets turn sprockets into gears for the whole workshop.\n",
    "docs/concepts/gear_models.md": "A gear model describes how the teeth of two gears mesh.\n",
    "docs/concepts/plain.md": "Plain pages carry no heading at all and say little.\n",
    "docs/concepts/headed.md": "# Meshing in Depth\n\nTeeth meet at the pitch circle.\n",
    "docs/concepts/fronted.md": "---\ntitle: Fronted Guide\n---\n\nFront matter names this page.\n",
    "docs/api/sprocket.md": "The sprocket class holds a chain.\n",
    "docs/api/base_model.md": "Models built on the base class validate their fields.\n",
    "docs/about/index.md": "About the widget makers and their tools.\n",
}


def _site(root, config: str | None = CONFIG, name: str = "mkdocs.yml", pages=PAGES):
    for rel, text in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    if config is not None:
        (root / name).write_text(config)
    return root


def _titles(root) -> dict[str, str]:
    return {doc.id: doc.title for doc in load_corpus(root)}


def test_nav_titles_pages_without_a_heading(tmp_path):
    titles = _titles(_site(tmp_path))
    assert titles["docs/index.md"] == "Welcome to Widgets"
    assert titles["docs/concepts/gear_models.md"] == "Gear Models"  # not "gear_models"
    assert titles["docs/api/sprocket.md"] == "Sprocket API"  # "./api/…" in an untitled section
    assert titles["docs/concepts/headed.md"] == "Meshing in Depth"  # its own heading first
    assert titles["docs/concepts/fronted.md"] == "Fronted Guide"  # its front matter first
    # in the nav without a title, or not in it: MkDocs's title from the file name
    assert titles["docs/concepts/plain.md"] == "Plain"
    assert titles["docs/api/base_model.md"] == "Base model"
    assert titles["docs/about/index.md"] == "About"


def test_yaml_suffix_and_docs_dir(tmp_path):
    pages = {"pages/guide/setup_steps.md": "Setting up takes three steps.\n"}
    config = "docs_dir: pages\nnav:\n  - Setup Guide: guide/setup_steps.md\n"
    assert _titles(_site(tmp_path, config, "mkdocs.yaml", pages))["pages/guide/setup_steps.md"] == "Setup Guide"


def test_no_config_keeps_the_file_name(tmp_path):
    titles = _titles(_site(tmp_path, None))
    assert titles["docs/concepts/gear_models.md"] == "gear_models"


def test_config_outside_the_corpus_root_is_not_read(tmp_path):
    _site(tmp_path)
    titles = _titles(tmp_path / "docs")  # the docs folder indexed alone
    assert titles["concepts/gear_models.md"] == "gear_models"


def test_docs_dir_not_holding_the_page(tmp_path):
    config = "docs_dir: ../elsewhere\nnav:\n  - Gear Models: concepts/gear_models.md\n"
    assert _titles(_site(tmp_path, config))["docs/concepts/gear_models.md"] == "gear_models"


@pytest.mark.parametrize("config", [
    "nav: [unclosed\n  - : :",  # does not parse
    "- just\n- a list\n",  # not a mapping
    "docs_dir: 3\nnav:\n  - Gear Models: concepts/gear_models.md\n",  # docs_dir not a path
])
def test_broken_config_is_ignored(tmp_path, config):
    assert _titles(_site(tmp_path, config))["docs/concepts/gear_models.md"] == "gear_models"


def test_large_or_linked_config_is_not_read(tmp_path):
    big = CONFIG + "# " + "x" * MAX_CONFIG_BYTES + "\n"
    assert _titles(_site(tmp_path / "a", big))["docs/concepts/gear_models.md"] == "gear_models"
    outside = tmp_path / "outside.yml"
    outside.write_text(CONFIG)
    root = _site(tmp_path / "b", None)
    os.symlink(outside, root / "mkdocs.yml")
    assert _titles(root)["docs/concepts/gear_models.md"] == "gear_models"


def test_alias_bomb_is_bounded(tmp_path):
    levels = ["a0: &a0 [{Bomb: concepts/gear_models.md}]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 8)}]" for i in range(1, 10)]
    config = "\n".join(levels) + "\nnav: *a9\n"  # 8 ** 9 entries as a tree, ten levels deep
    assert _titles(_site(tmp_path, config))["docs/concepts/gear_models.md"] == "Bomb"


def test_config_change_is_seen(tmp_path):
    root = _site(tmp_path)
    assert _titles(root)["docs/concepts/gear_models.md"] == "Gear Models"
    (root / "mkdocs.yml").write_text(CONFIG.replace("Gear Models:", "Meshing Gear Models:"))
    assert _titles(root)["docs/concepts/gear_models.md"] == "Meshing Gear Models"


def test_name_title():
    assert name_title("api/base_model.md") == "Base model"
    assert name_title("version-policy.md") == "Version policy"
    assert name_title("about/index.md") == "About"
    assert name_title("index.md") == "Home"
    assert name_title("api/RootModel.md") == "RootModel"


_nav = st.recursive(
    st.one_of(st.text(max_size=12), st.dictionaries(st.text(max_size=12), st.text(max_size=20), max_size=2)),
    lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=12), kids, max_size=3)),
    max_leaves=25)


@settings(max_examples=60, deadline=None)
@given(nav=_nav, docs=st.one_of(st.none(), st.text(max_size=10)))
def test_any_nav_reads_as_pages_and_titles(tmp_path_factory, nav, docs):
    path = tmp_path_factory.mktemp("nav") / "mkdocs.yml"
    config = {"nav": nav} if docs is None else {"nav": nav, "docs_dir": docs}
    path.write_text(yaml.safe_dump(config))
    got = read_config(path)
    if got is not None:
        assert isinstance(got[0], str) and got[0]
        for page, title in got[1].items():
            assert page.lower().endswith((".md", ".markdown", ".mdx")) and not page.startswith(("..", "/"))
            assert title and title == " ".join(title.split())


def test_a_labelled_link_is_no_title():
    for line in ("Source Code: https://github.com/example/widgets", "Homepage - www.example.org",
                 "Docs: <https://example.org/docs>", "https://example.org/widgets"):
        assert not_a_title(line, line.split())
    for line in ("Widgets: A Field Guide", "Why the https scheme matters", "Python 3 - what changed"):
        assert not not_a_title(line, line.split())
    text = "Source Code: https://github.com/example/widgets\n\nWidgets turn sprockets into gears.\n"
    assert headline(text) == ""


def test_a_page_without_a_heading_is_not_titled_by_its_link_line(tmp_path):
    page = tmp_path / "index.md"
    page.write_text("**Source Code**: [https://github.com/example/widgets](https://github.com/example/widgets)\n\n"
                    "Widgets turn sprockets into gears for the whole workshop.\n")
    (doc,) = load_corpus(tmp_path)
    assert "https" not in (doc.title or "")
