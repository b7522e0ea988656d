"""A page kept once per language (Apache MultiViews' "page.html.fr.utf8", or "fr/page.html" beside
"en/page.html") is read once, in English; a content-negotiation type map is skipped as a stub.

Made-up pages, written by the tests.
"""

from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import given

from qa.corpus import load_corpus
from qa.corpus.languages import is_type_map, language, language_variant
from qa.corpus.naming import read_suffix
from qa.corpus.skips import DUPLICATE, STUB


def _page(title: str, text: str, lang: str = "en", charset: str = "UTF-8") -> str:
    return (f'<html lang="{lang}"><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>")


TYPE_MAP = """# GENERATED -- DO NOT EDIT

URI: frob.html.en
Content-Language: en
Content-type: text/html; charset=UTF-8

URI: frob.html.fr.utf8
Content-Language: fr
Content-type: text/html; charset=UTF-8

URI: frob.html.ko.euc-kr
Content-Language: ko
Content-type: text/html; charset=EUC-KR
"""


def _read(root):
    skipped = []
    docs = {d.id: d for d in load_corpus(root, on_skip=skipped.append)}
    return docs, {s.path: s for s in skipped}


def test_variant_names_are_pages_in_one_language():
    assert language_variant("frob.html.en") == ("frob.html", "en")
    assert language_variant("frob.html.fr.utf8") == ("frob.html", "fr")
    assert language_variant("frob.html.ko.euc-kr") == ("frob.html", "ko")
    assert language_variant("Frob.HTML.pt-br") == ("Frob.HTML", "pt")
    assert language_variant("frob.htm.zh-cn.utf8") == ("frob.htm", "zh")
    for name in ("frob.html.in", "frob.html.br", "frob.html.gz", "frob.html.bak", "frob.html", "frob.en.txt",
                 "frob.html.en.nosuchcharset", "frob.html.xx"):
        assert language_variant(name) is None, name
    assert read_suffix("frob.html.fr.utf8") == ".html" and read_suffix("frob.html.in") == ".in"


def test_language_tags():
    assert language("fr") == "fr" and language("pt-BR") == "pt" and language("zh_CN") == "zh"
    assert language("docs") is None and language("xx") is None and language("br") is None


def test_a_type_map_is_told_from_a_page():
    assert is_type_map(TYPE_MAP)
    assert not is_type_map(_page("Frob", "URI: is a field."))
    assert not is_type_map("URI: frob.html.en\nThe frob page lists its copies.\n")  # a line that is no field
    assert not is_type_map("Content-Language: en\n")  # records open with URI:


@given(st.text(max_size=200))
def test_type_map_detection_never_raises(text):
    assert is_type_map(text) in (True, False)


def test_a_multiviews_folder_reads_each_page_once_in_english(tmp_path):
    (tmp_path / "frob.html").write_text(TYPE_MAP, encoding="utf-8")
    (tmp_path / "frob.html.en").write_text(_page("Frobbing", "The frobnicator turns each widget twice."),
                                           encoding="utf-8")
    (tmp_path / "frob.html.fr.utf8").write_text(_page("Frobber", "Le frobnicateur tourne chaque pièce.", "fr"),
                                                encoding="utf-8")
    (tmp_path / "frob.html.ko.euc-kr").write_bytes(_page("프롭", "프롭은 부품을 두 번 돌린다.", "ko", "EUC-KR")
                                                   .encode("euc-kr"))
    (tmp_path / "quux.html.de").write_text(_page("Quux", "Der Quux dreht jedes Teil.", "de"), encoding="utf-8")
    (tmp_path / "quux.html.fr").write_text(_page("Quux", "Le quux tourne chaque pièce.", "fr"), encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert sorted(docs) == ["frob.html.en", "quux.html.de", "quux.html.fr"]  # no English copy: every language
    assert docs["frob.html.en"].title == "Frobbing" and docs["frob.html.en"].format == "HTML"
    assert skipped["frob.html"].kind == STUB
    for name in ("frob.html.fr.utf8", "frob.html.ko.euc-kr"):
        assert skipped[name].kind == DUPLICATE and "frob.html.en is read" in skipped[name].reason


def test_a_variant_is_titled_as_its_page_would_be(tmp_path):
    """"license.html.en" is an HTML page titled by its <title>, as "license.html" is; never a licence
    file about its folder ("docs: …", as a LICENSE without a suffix is)."""
    (tmp_path / "docs").mkdir()
    for name in ("license.html.en", "readme.html"):
        (tmp_path / "docs" / name).write_text(_page("The Frob Licence", "Anyone may frob."), encoding="utf-8")
    docs, _ = _read(tmp_path)
    assert docs["docs/license.html.en"].title == docs["docs/readme.html"].title == "The Frob Licence"


def test_a_page_alone_in_another_language_is_read_in_it(tmp_path):
    """Without an English copy, a variant is read; its charset suffix decodes it (EUC-KR here)."""
    (tmp_path / "frob.html.ko.euc-kr").write_bytes(_page("프롭", "프롭은 부품을 두 번 돌린다.", "ko", "EUC-KR")
                                                   .encode("euc-kr"))
    docs, _ = _read(tmp_path)
    assert docs["frob.html.ko.euc-kr"].title == "프롭" and "부품을" in docs["frob.html.ko.euc-kr"].text


def test_language_folders_read_the_english_tree_and_what_only_another_has(tmp_path):
    for lang, text in (("en", "The frobnicator turns each widget twice."), ("fr", "Le frobnicateur tourne."),
                       ("pt-br", "O frobnicador gira.")):
        (tmp_path / lang / "guide").mkdir(parents=True)
        (tmp_path / lang / "guide" / "frob.html").write_text(_page("Frob", text, lang), encoding="utf-8")
    (tmp_path / "fr" / "guide" / "seulement.html").write_text(_page("Seul", "Une page sans copie anglaise."),
                                                              encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert sorted(docs) == ["en/guide/frob.html", "fr/guide/seulement.html"]
    assert skipped["fr/guide/frob.html"].kind == DUPLICATE
    assert "en/guide/frob.html is read" in skipped["pt-br/guide/frob.html"].reason
    docs, skipped = _read(tmp_path / "fr")  # one language's folder is read whole
    assert sorted(docs) == ["guide/frob.html", "guide/seulement.html"] and not skipped


def test_folders_named_like_languages_without_an_english_twin_are_read(tmp_path):
    (tmp_path / "it").mkdir()
    (tmp_path / "it" / "budget.md").write_text("# Budget\n\nThe IT budget is spent on servers.\n", encoding="utf-8")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "other.md").write_text("# Other\n\nA page of its own.\n", encoding="utf-8")
    docs, skipped = _read(tmp_path)
    assert sorted(docs) == ["en/other.md", "it/budget.md"] and not skipped
