"""What of an HTML page is page furniture, not content (``html.py`` drops it before reading the text).

Hidden elements, ARIA landmark roles of navigation, a site header or footer, and elements whose
class or id says cookie banner, menu, navigation, sidebar, breadcrumb, share bar, the page's own
table of contents ("toc", Sphinx's "toctree", SQLite's "fancy_toc"), or a manual generator's
running header / footer block (Texinfo's "Previous: ..., Up: ..." and "[ << ] [ < ] [ Up ]",
DocBook's "navheader", Publican's "docnav" and "banner", a row of linked logos; Doxygen's "titlearea",
"ttc" tooltips and pointers into listings, ``doxygen_pointer``), Texinfo's "Top" node heading, a
permalink ("¶", "§", "#", "◆" linking to "#its-id"), a "Skip to main content" link.  ``html.py``
keeps any element holding half the page's text whatever it says; a sidebar with a title of its own
(DocBook's "GOING FURTHER" boxes) and docutils' footnotes and topics are the document's text.
"""

from __future__ import annotations

import re

_BOILERPLATE = re.compile(r"cookie|consent|gdpr|navbar|breadcrumb|sidebar|toctree|table-?of-?contents|"
                          r"contents[-_](heading|element)|shortcontents|"  # Texinfo 7's contents block
                          r"(^|[\s_-])(menu|[a-z]*nav|navigation|share|social|newsletter|skip-?link|related|popup|"
                          r"modal|toc|ttc|titlearea)"
                          r"($|[\s_-])", re.I)
# a block a manual generator marks as the page's running header or footer: Texinfo's <div class="header">
# ("Previous: ..., Up: ... [Index]") and <table class="header"> ("[ << ] [ < ] [ Up ]"), DocBook's
# "navheader" / "navfooter"; only blocks (mdBook marks each heading's own link <a class="header">)
_RUNNING = re.compile(r"(^|\s)(header|footer|navheader|navfooter)(\s|$)", re.I)
_BANNER = re.compile(r"(^|\s)banner(\s|$)", re.I)
# a site's band above or below every page by id or class ("page-header", id "footer": Apache's manual); one
# holding a heading is the page's own title block (Bootstrap's <div class="page-header"><h1>)
_SITE_BAND = re.compile(r"(^|\s)((page|site)[-_]?)?(header|footer)(\s|$)", re.I)
_TITLE_TAGS = ["h1", "h2", "h3"]  # a site's banner by class or id (Publican's "Download the ebook")
_RUNNING_TAGS = {"div", "table", "p", "section"}
_PERMALINK = re.compile(r"[\s\u00b6\u00a7#\u25c6\U0001f517]*")  # "¶" (Sphinx), "§", "#", "◆" (Doxygen), "🔗"
_SKIP = re.compile(r"\s*(skip|jump) to\b", re.I)  # "Skip to main content", "Jump to navigation"
_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
          "dialog", "alertdialog"}


def first_h1(soup):
    """The first <h1> outside navigation (a menu bar's site name is no page's heading: mdBook).  The page's
    own <body> and <html> are never navigation, whatever their classes say (Apache's ``no-sidebar``), nor
    is anything around the page's main content (``role="main"``, ``<main>``, ``<article>``): the Read the
    Docs theme wraps every page's content in ``<section class="wy-nav-content-wrap">``."""
    for h1 in soup.find_all("h1"):
        if not any(_BOILERPLATE.search(f"{_names(a)} {a.get('id', '')}") for a in _below_main(h1)
                   if a.attrs and a.name not in ("body", "html")):
            return h1
    return None


def _below_main(tag) -> list:
    """The ancestors of ``tag`` up to the page's main content, that one included (all of them when
    it is in none)."""
    out = []
    for parent in tag.parents:
        out.append(parent)
        if parent.name in ("main", "article") or str((parent.attrs or {}).get("role", "")).lower() == "main":
            break
    return out


def _names(tag) -> str:
    classes = tag.get("class") or []
    return " ".join(classes if isinstance(classes, list) else [str(classes)])


def is_permalink(tag) -> bool:
    """A heading's, caption's or definition's own link: Sphinx's ``<a class="headerlink">¶</a>``
    ("Permalink to this headline", "Link to this heading"), or any in-page link that is only "¶", "§",
    "#" or "🔗".  Never a word of the page, nor of its title (``html.py`` drops it before the title's
    ``<h1>`` is read: "Sorting HOW TO¶" was the title of every Sphinx HOWTO)."""
    if tag.name != "a":
        return False
    if "headerlink" in _names(tag).split():
        return True
    return str(tag.get("href", "")).startswith("#") and bool(_PERMALINK.fullmatch(tag.get_text()))


def furniture(tag, inside: bool = False) -> bool:
    """Page furniture, not content: hidden, a site header / footer, a menu, a cookie banner.
    ``inside``: the element is in an <article> or <main> (a header there is the article's)."""
    attrs = tag.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", str(attrs.get("style", "")), re.I):
        return True
    if str(attrs.get("role", "")).lower() in _ROLES:
        return True
    if tag.name == "footer" or (tag.name == "header" and not inside):
        return True
    if is_permalink(tag) or (tag.name == "a" and str(attrs.get("href", "")).startswith("#")
                             and _SKIP.match(tag.get_text())):
        return True  # a "Skip to main content" link: no words of the page
    names, ident = _names(tag), str(attrs.get("id", ""))
    if tag.name in _RUNNING_TAGS and not inside and (_RUNNING.search(names) or _BANNER.search(f"{names} {ident}")
                                                     or _logo_row(tag) or link_row(tag) or toc_box(tag)):
        return True
    if tag.name in _RUNNING_TAGS and not inside and _SITE_BAND.search(f"{names} {ident}") and not tag.find(_TITLE_TAGS):
        return True
    if comments_section(tag) or doxygen_pointer(tag):
        return True
    if "node-heading" in names.split() and tag.get_text().strip() == "Top":
        return True  # Texinfo's heading of its root node, named "Top" in every manual: navigation
    if is_boxed_text(tag):
        return False  # a DocBook or reST sidebar ("GOING FURTHER …"): the document's, not the site's
    return bool(_BOILERPLATE.search(names) or _BOILERPLATE.search(ident))


_LINE_ANCHOR = re.compile(r"[^#]*#l\d+")  # Doxygen's anchor of a listing's line: "x_8h_source.html#l00351"


def doxygen_pointer(tag) -> bool:
    """Doxygen's pointers to what is no text of the page, by markup: a graph's caption (``div.dynheader``
    over a hidden image: "Include dependency graph for SDL.h:"), "Definition at line 83 of file SDL.h."
    (``p.definition`` whose ``a.el`` links to a listing's line), "Go to the source code of this file."
    (a paragraph that is one link to the listing, named as ``generated.LISTING_SUFFIX`` says)."""
    names = _names(tag).split()
    if tag.name == "div" and "dynheader" in names:
        return True
    if tag.name != "p":
        return False
    if "definition" in names:
        return any("el" in _names(a).split() and _LINE_ANCHOR.fullmatch(str(a.get("href", "")))
                   for a in tag.find_all("a"))
    kids = elements(tag)
    return (len(kids) == 1 and kids[0] is not None and kids[0].name == "a" and kids[0].find(True) is None
            and str(kids[0].get("href", "")).endswith("_source.html"))


def elements(tag) -> list:
    """The element children of ``tag``; ``None`` in the list for text that is not blank."""
    from bs4 import NavigableString, Tag

    return [c if isinstance(c, Tag) else None for c in tag.children
            if isinstance(c, Tag) or (isinstance(c, NavigableString) and c.strip())]


def _logo_row(tag) -> bool:
    """A paragraph of nothing but two or more linked images (Publican's "Product Site" / "Documentation
    Site" logos above every page, a row of badges): their alt texts are no sentence of the page."""
    if tag.name != "p":
        return False
    links = elements(tag)
    return len(links) >= 2 and all(a is not None and a.name == "a" and [i.name for i in elements(a) if i] == ["img"]
                                   and None not in elements(a) for a in links)


_ROW_BLOCKS = ["p", "div", "ul", "ol", "dl", "table", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br",
               "blockquote"]
_ROW_LABEL = re.compile(r"\s*\w+(?:[^\w:]+\w+){0,3}\s*:")  # "Available Languages:", "You are here:"
_SEPARATORS = re.compile(r"[\s|>»›/·•:]*")
_SEPARATOR = re.compile(r"[|>»›/·•]")


def link_row(tag) -> bool:
    """A paragraph or block of nothing but two or more short links between separators, a label before
    them at most: a breadcrumb trail ("Site > Docs > Version 2 > Modules"), a language switch
    ("Available Languages: de | en | fr"), a row of menu links ("Home | Download | FAQ").  Never a
    list of links between commas ("See also: a, b"): that is a sentence of the page."""
    if tag.name not in ("p", "div") or tag.find(_ROW_BLOCKS) is not None:
        return False
    links = tag.find_all("a")
    if len(links) < 2 or any(len(a.get_text().split()) > 5 or not a.get_text().strip() for a in links):
        return False
    between = "".join(str(node) for node in tag.find_all(string=True) if not _in_link(node, tag))
    label = _ROW_LABEL.match(between[:80])
    if label:
        between = between[label.end():]
    return bool(_SEPARATORS.fullmatch(between)) and len(_SEPARATOR.findall(between)) >= len(links) - 1


# a page's comments by id: "comments", "comments_section", "comments-area", Disqus' "disqus_thread", WordPress's
# comment form "respond" (by id only: a class "comment" marks comments in highlighted code)
_COMMENTS = re.compile(r"comments?([-_](section|area|thread|list|wrapper))?|disqus_thread|respond", re.I)


def comments_section(tag) -> bool:
    """A block of the page's readers' comments, or the place they would load into (Apache's manual:
    a "Comments" heading whose anchor is ``comments_section``, a notice and a script, in every page):
    the block's id, or the id of its first child heading or of the anchor in it, names comments."""
    if tag.name not in ("div", "section"):
        return False
    if _COMMENTS.fullmatch(str(tag.get("id", ""))):
        return True
    first = next((c for c in elements(tag) if c is not None), None)
    if first is None or first.name not in ("h1", "h2", "h3", "h4"):
        return False
    return any(_COMMENTS.fullmatch(str(a.get("id") or a.get("name") or "")) for a in [first, *first.find_all("a")])


_TOC = re.compile(r"(^|[\s_-])(toc|contents)($|[\s_-])", re.I)


def toc_box(tag) -> bool:
    """A box around the page's own table of contents that holds nothing but links and headings besides
    it (Apache's "quickview": the directives' list, then "Bugfix checklist" and "See also" links): the
    whole box is navigation, its headings too.  A box with any text outside links is the page's."""
    if tag.name != "div" or not any(c is not None and c.name in ("ul", "ol", "div", "nav")
                                    and _TOC.search(f"{_names(c)} {c.get('id', '')}") for c in elements(tag)):
        return False
    return not any(node.strip() and not _in_link(node, tag) and not any(
        p.name in _TITLE_TAGS or p.name in ("h4", "h5", "h6") for p in _parents(node, tag))
        for node in tag.find_all(string=True))


def _parents(node, top) -> list:
    out, parent = [], node.parent
    while parent is not None and parent is not top:
        out.append(parent)
        parent = parent.parent
    return out


def _in_link(node, top) -> bool:
    parent = node.parent
    while parent is not None and parent is not top:
        if parent.name == "a":
            return True
        parent = parent.parent
    return False


_NOTES = {"footnote", "footnote-list", "citation", "citation-list", "topic", "admonition"}  # docutils' <aside>s
_NOTE_ROLES = {"note", "doc-footnote", "doc-endnote", "doc-endnotes", "doc-notice", "doc-tip", "doc-example"}


def is_boxed_text(tag) -> bool:
    """The document's own aside, not the site's: an ``<aside>`` that is a footnote, a topic or an
    admonition (docutils' and Sphinx's HTML5: "[1] A similar optimization…"; DPub roles), or a
    sidebar that has a title of its own (DocBook's ``<div class="sidebar"><div class="titlepage">``,
    reST's ``<p class="sidebar-title">``), never a table of contents."""
    names = set(_names(tag).lower().split())
    if names & {"contents", "toc"}:
        return False
    if tag.name == "aside" and (names & _NOTES or str(tag.get("role", "")).lower() in _NOTE_ROLES):
        return True
    if "sidebar" not in names:
        return False
    return any(c is not None and ((c.name == "div" and "titlepage" in _names(c).split())
                                  or (c.name == "p" and "title" in _names(c))) for c in elements(tag))


# a template engine's statement (Jinja, Django, Tornado, Liquid, Nunjucks): "{% extends "base.html" %}",
# "{% for page in pages %}", "{% end %}"; never text of a page, but a page *about* templates shows them
# in code (``<pre>``, ``<code>``)
_STATEMENT = re.compile(r"\{%-?\s*(extends|block|endblock|end|if|elif|else|endif|for|endfor|include|set|from|"
                        r"import|macro|endmacro|load|with|endwith|raw|call|filter|autoescape|comment|csrf_token|"
                        r"url|static|trans|module|apply|try|except|while)\b[^%]*-?%\}")
_CODE = {"pre", "code", "kbd", "samp", "tt", "var", "script", "style", "textarea", "xmp", "listing", "plaintext"}


def is_template(soup) -> bool:
    """An HTML template saved as ``.html`` (a web app's ``templates/``), not a page: a template
    statement ``{% … %}`` in its text outside code."""
    for node in soup.find_all(string=_STATEMENT):
        if not any(p.name in _CODE for p in node.parents):
            return True
    return False


def up_title(soup) -> str | None:
    """The title of the page this one is part of, as a manual generator links it: ``<link rel="up"
    title=…>`` (DocBook, Texinfo) or the running header's "Up" link (``rel="up"``, DocBook's
    ``accesskey="u"``) with a title; never Texinfo's "(dir)".  Looked for only when a page's own title
    is generic ("2.1. Introduction"): ``html.py`` names it with its part's ("… : 2.1. Introduction")."""
    tag = soup.find(["link", "a"], rel="up", title=True) or soup.find("a", accesskey="u", title=True)
    if tag is None:
        return None
    title = " ".join(str(tag.get("title")).split())
    return None if title.startswith("(") else title
