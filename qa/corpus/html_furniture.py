"""What of an HTML page is page furniture, not content (``html.py`` drops it before reading the text).

Hidden elements, ARIA landmark roles of navigation, a site header or footer, and elements whose
class or id says cookie banner, menu, navigation, sidebar, breadcrumb, share bar, the page's own
table of contents ("toc", Sphinx's "toctree", SQLite's "fancy_toc"), or a manual generator's
running header / footer block (Texinfo's "Previous: ..., Up: ..." and "[ << ] [ < ] [ Up ]",
DocBook's "navheader"), Texinfo's "Top" node heading, a heading's or definition's permalink ("¶", "§", "#" linking to "#its-id"), a "Skip to main content" link.  ``html.py`` keeps any element holding half the page's text whatever it says.
"""

from __future__ import annotations

import re

_BOILERPLATE = re.compile(r"cookie|consent|gdpr|navbar|breadcrumb|sidebar|toctree|table-?of-?contents|"
                          r"contents[-_](heading|element)|shortcontents|"  # Texinfo 7's contents block
                          r"(^|[\s_-])(menu|nav|navigation|share|social|newsletter|skip-?link|related|popup|"
                          r"modal|toc)"
                          r"($|[\s_-])", re.I)
# a block a manual generator marks as the page's running header or footer: Texinfo's <div class="header">
# ("Previous: ..., Up: ... [Index]") and <table class="header"> ("[ << ] [ < ] [ Up ]"), DocBook's
# "navheader" / "navfooter"; only blocks (mdBook marks each heading's own link <a class="header">)
_RUNNING = re.compile(r"(^|\s)(header|footer|navheader|navfooter)(\s|$)", re.I)
_RUNNING_TAGS = {"div", "table", "p", "section"}
_PERMALINK = re.compile(r"[\s\u00b6\u00a7#\U0001f517]*")  # "¶" (Sphinx), "§", "#", "🔗": a heading's own link
_SKIP = re.compile(r"\s*(skip|jump) to\b", re.I)  # "Skip to main content", "Jump to navigation"
_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
          "dialog", "alertdialog"}


def first_h1(soup):
    """The first <h1> outside navigation (a menu bar's site name is no page's heading: mdBook)."""
    for h1 in soup.find_all("h1"):
        if not any(_BOILERPLATE.search(f"{_names(a)} {a.get('id', '')}") for a in h1.parents if a.attrs):
            return h1
    return None


def _names(tag) -> str:
    classes = tag.get("class") or []
    return " ".join(classes if isinstance(classes, list) else [str(classes)])


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
    if tag.name == "a" and str(attrs.get("href", "")).startswith("#"):
        text = tag.get_text()
        if _PERMALINK.fullmatch(text) or _SKIP.match(text):
            return True  # a permalink (Sphinx's headerlink "¶"), a "Skip to main content" link: no words of the page
    names = _names(tag)
    if tag.name in _RUNNING_TAGS and not inside and _RUNNING.search(names):
        return True
    if "node-heading" in names.split() and tag.get_text().strip() == "Top":
        return True  # Texinfo's heading of its root node, named "Top" in every manual: navigation
    return bool(_BOILERPLATE.search(names) or _BOILERPLATE.search(str(attrs.get("id", ""))))


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
