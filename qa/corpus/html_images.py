"""Images in HTML and Markdown: which ``<img>`` alt texts are text of the page, and which links go
to an image file (a thumbnail) rather than to a page (a badge, a logo, a "Next" arrow)."""

from __future__ import annotations

import re

from .html_furniture import elements

_IMAGE_WRAPPERS = {"a", "picture", "source", "br", "img", "span"}
_IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp|bmp|tiff?)$", re.I)


def links_to_image(href: str | None) -> bool:
    """Does a link go to an image file ("shots/a.png"): a thumbnail of that image, not a badge or a
    logo linked to a site?"""
    return bool(href) and _IMAGE_FILE.search(re.split(r"[?#]", href.strip(), maxsplit=1)[0]) is not None


def is_label_image(img) -> bool:
    """An ``<img>`` whose alt text is no text of the page: inside a link to a page (a badge, a logo, a
    "Next" arrow; a link to the image file itself is a thumbnail) or in an element holding nothing but
    images (a row of badges, a screenshot or figure on its own; a figure's caption is its own element
    and stays).  An image inside a sentence ("press <img alt="Save">") keeps its alt."""
    link = img.find_parent("a")
    if link is not None and not links_to_image(link.get("href")):
        return True
    parent = img.parent
    while parent is not None and parent.name in ("a", "picture", "span"):
        parent = parent.parent  # the element the image stands in: a link or <picture> holds only it
    if parent is None:
        return False
    stack = [parent]
    while stack:
        for child in elements(stack.pop()):
            if child is None or child.name not in _IMAGE_WRAPPERS:
                return False
            stack.append(child)
    return True
