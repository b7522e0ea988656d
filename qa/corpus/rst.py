"""reStructuredText (.rst) as running text with docutils: no markup, headings as sections.

The file is parsed into docutils' document tree (never rendered to HTML): section titles are
paragraphs of their own and the document's sections; paragraphs are separated by a blank line;
list items are lines; literal blocks keep their lines; a table is one line per row, cells joined
by " | ".  Comments, substitution definitions, link targets and docutils' own error messages are
left out.  The title is the ``.. title::`` directive's, else the first heading.  Sphinx's roles
(``:ref:`Install <install>```, ``:func:`~pkg.run```), unknown to docutils, give their text ("Install",
"run"), not their markup, and its prose directives (``.. seealso::``, ``.. versionadded::``,
``.. glossary::`` …) their argument and body.

Safe for untrusted files: ``.. include::``, ``.. raw::`` and ``.. csv-table:: :file:`` are
disabled (nothing outside the file is read), and parse problems are never reported on stderr.
"""

from __future__ import annotations

from .budget import OVER_BUDGET
from .extracted import (Extracted, ReadError, TextBuilder, clean_code_line, clean_line, clean_pieces, decode,
                        opens_definition)
from .html_images import links_to_image
from .myst import role_text, superscript

SETTINGS = {
    "file_insertion_enabled": False,  # include, csv-table :file:, raw :file: would read other files
    "raw_enabled": False,
    "report_level": 5,  # nothing reported
    "halt_level": 5,  # never stop on a problem
    "warning_stream": False,
    "doctitle_xform": False,  # the first heading stays a section like the others
    "sectsubtitle_xform": False,
    "input_encoding": "unicode",
    "syntax_highlight": "none",
    "character_level_inline_markup": False,
    "line_length_limit": 10_000,  # docutils' own default, spelled out: a longer line stops the parse
}
LINE_LIMIT = SETTINGS["line_length_limit"]
_LINE_BLOCKS = ("list_item", "definition_list_item", "field", "option_list_item")


# Sphinx's standard roles and those of its domains (https://www.sphinx-doc.org/en/master/usage/restructuredtext/roles.html);
# not docutils' own (pep, rfc, math, code…), which docutils reads already
SPHINX_ROLES = ("ref doc term numref keyword option envvar token download any abbr command dfn file "
                "guilabel kbd mailheader makevar manpage menuselection mimetype newsgroup program "
                "regexp samp eq").split()
DOMAIN_ROLES = {"py": "mod func data const class meth attr property exc obj".split(),
                "c": "member data var func macro struct union enum enumerator type expr texpr".split(),
                "cpp": "any class struct func member var type concept enum enumerator expr texpr".split(),
                "js": "mod func meth class data attr".split(), "rst": "dir role".split(), "std": ["ref", "doc", "term"]}


def _text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """A Sphinx role read as its text: "Title <target>" -> "Title"; "~a.b.c" -> "c"; "!x" -> "x"."""
    from docutils import nodes
    from docutils.utils import unescape

    return [nodes.literal(rawtext, role_text(unescape(text), name))], []


# Sphinx directives whose body is prose (docutils drops an unknown directive whole, with its error)
SPHINX_PROSE_DIRECTIVES = ("seealso versionadded versionchanged deprecated versionremoved glossary only "
                           "hlist centered tab tabs tab-set tab-item dropdown card").split()


class _AnyOptions(dict):
    """Every option of a Sphinx directive accepted as plain text (":sorted:", ":class: x")."""

    def __missing__(self, key):
        return lambda value: value

    def __bool__(self) -> bool:  # docutils reads options only when a directive has some
        return True


def _prose_directive():
    from docutils import nodes
    from docutils.parsers.rst import Directive

    class ProseDirective(Directive):
        """A Sphinx directive read as its argument (a line of its own: "3.2", "Module zipfile") and
        its body as reStructuredText."""
        optional_arguments = 1
        final_argument_whitespace = True
        has_content = True
        option_spec = _AnyOptions()

        def run(self):
            box = nodes.container()
            if self.arguments:  # inline markup read as in a paragraph
                inline, _messages = self.state.inline_text(self.arguments[0], self.lineno)
                para = nodes.paragraph(self.arguments[0], "", *inline)
                para.line = self.lineno
                box += para
            self.state.nested_parse(self.content, self.content_offset, box)
            return [box]

    return ProseDirective


_registered: list[bool] = []  # docutils' registries are per process: filled once


def _register_roles() -> None:
    """Sphinx's roles as text roles and its prose directives as containers (once per process)."""
    from docutils.parsers.rst import directives, roles

    if _registered:
        return
    _registered.append(True)
    names = SPHINX_ROLES + [f"{d}:{r}" for d, rs in DOMAIN_ROLES.items() for r in rs] + \
        [r for rs in DOMAIN_ROLES.values() for r in rs]
    for name in names:
        roles.register_local_role(name, _text_role)
    prose = _prose_directive()
    for name in SPHINX_PROSE_DIRECTIVES:
        directives.register_directive(name, prose)


def read_rst(data: bytes | str, name: str = "") -> Extracted:
    """Plain text, title and sections of a reStructuredText file; ReadError (kind "over budget")
    for a file with a line docutils will not parse."""
    from docutils.core import publish_doctree

    _register_roles()
    source = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    doctree = publish_doctree(source, source_path=name or None, settings_overrides=dict(SETTINGS))
    _inline_marks(doctree)
    out = TextBuilder()
    _walk(doctree, out, source.split("\n"))
    if not out.parts and "line-length-limit" in doctree.astext()[:500]:
        raise ReadError(f"a line longer than docutils reads ({LINE_LIMIT:,} characters)", kind=OVER_BUDGET)
    title = _field_title(doctree) or (out.sections[0][1] if out.sections else None)
    return Extracted(text=out.text(), title=title, sections=tuple(out.sections), lines=tuple(out.lines),
                     tables=tuple(out.tables), code=tuple(out.code))


def _inline_marks(doctree) -> None:
    """Images that are labels and superscripts, rewritten in place before the walk.  An inline image
    (a substitution's ``|badge|``) gives no text inside a link or in a line of nothing but images (a
    row of badges, a logo); inside a sentence its alt stays, as in Markdown.  A superscript after a
    number, a letter or ")" reads "10^9", "2^n" (docutils gives "109"; "10 :sup:`9`", written
    without the escape, "10 9"); an ordinal's ("1\\ :sup:`st`") and a subscript's text run on
    ("1st", "H2O")."""
    from docutils import nodes

    labels = []
    for img in doctree.findall(nodes.image):
        line = img.parent
        while isinstance(line, (nodes.reference, nodes.inline)):
            line = line.parent  # the paragraph or line the (linked) image stands in
        if not isinstance(line, nodes.TextElement):
            continue  # a block image or figure: no text (its caption is a paragraph of its own)
        if any(isinstance(a, nodes.reference) and not links_to_image(a.get("refuri")) for a in _ancestors(img)) \
                or _images_only(line):
            labels.append(img)
    for img in labels:
        img.parent.remove(img)
    for sup in list(doctree.findall(nodes.superscript)):
        text, parent = sup.astext().strip(), sup.parent
        at = parent.index(sup)
        before = parent[at - 1] if at else None
        if not isinstance(before, nodes.Text):
            continue
        base, shown = superscript(before.astext(), text)  # "10^9" (``myst.superscript``)
        if shown == text:
            continue
        if base != before.astext():  # "10 :sup:`9`", "O(n :sup:`2`)": written without the escape
            parent.replace(before, nodes.Text(base))
        sup.replace_self(nodes.Text(shown))


def _ancestors(node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _images_only(element) -> bool:
    """Does ``element`` (a paragraph, a line) hold nothing but images, linked or not?"""
    from docutils import nodes

    stack, seen = list(element.children), False
    while stack:
        child = stack.pop()
        if isinstance(child, nodes.image):
            seen = True
        elif isinstance(child, nodes.Text):
            if child.astext().strip():
                return False
        elif isinstance(child, (nodes.reference, nodes.substitution_reference, nodes.inline)):
            stack.extend(child.children)
        else:
            return False
    return seen


def _walk(doctree, out: TextBuilder, source: list[str] = ()) -> None:
    """Blocks in document order (a stack, not recursion: deep nesting costs no stack depth)."""
    from docutils import nodes

    term_nodes = (nodes.term, nodes.field_name, nodes.option_group)
    definition_nodes = (nodes.definition, nodes.field_body, nodes.description)
    skip = (nodes.comment, nodes.substitution_definition, nodes.target, nodes.system_message,
            nodes.problematic, nodes.raw, nodes.pending, nodes.docinfo)
    stack = [(child, False) for child in reversed(doctree.children)]
    item_seen: set[int] = set()  # lists whose first item has been written
    while stack:
        node, in_list = stack.pop()
        if isinstance(node, skip) or (isinstance(node, nodes.topic) and "contents" in node.get("classes", ())):
            continue  # ".. contents::": the file's own table of contents, the section titles again
        if isinstance(node, nodes.title):
            out.block(_line(node), heading=isinstance(node.parent, nodes.section), line=_source_line(node, source))
        elif isinstance(node, (nodes.paragraph, nodes.term, nodes.field_name, nodes.line, nodes.rubric,
                               nodes.attribution, nodes.caption, nodes.option_group)):
            sep = "\n\n"
            if in_list is not False:
                sep = "\n" if id(in_list) in item_seen else "\n\n"
                item_seen.add(id(in_list))
            pieces = [(node.astext(), _source_line(node, source))]
            if isinstance(node, term_nodes) and stack and isinstance(stack[-1][0], definition_nodes):
                body, _ = stack[-1]  # the term's definition: its first paragraph opens with the term
                first = body.children[0] if body.children else None
                if isinstance(first, nodes.paragraph) and opens_definition(_line(node)):
                    stack.pop()
                    stack.extend((child, in_list) for child in reversed(body.children[1:]))
                    pieces += [(" ", None), (first.astext(), _source_line(first, source))]
            text, anchors = clean_pieces(pieces)
            out.block(text, sep=sep, line=pieces[0][1], anchors=anchors)
        elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            out.block("\n".join(clean_code_line(ln) for ln in node.astext().strip("\n").split("\n")),
                      line=_source_line(node, source), code=True)
        elif isinstance(node, nodes.table):
            rows = [(" | ".join(clean_line(e.astext().replace("\n", " ")) for e in row.children),
                     _source_line(next(iter(row.findall(nodes.paragraph)), row), source),
                     isinstance(row.parent, nodes.thead))
                    for row in node.findall(nodes.row)]
            for i, (row, line, head) in enumerate(r for r in rows if r[0].strip(" |")):
                out.block(row, sep="\n" if i else "\n\n", line=line, header=head and not i)
        elif isinstance(node, nodes.Element):
            lst = in_list
            if in_list is False and isinstance(node, (nodes.bullet_list, nodes.enumerated_list,
                                                      nodes.definition_list, nodes.field_list,
                                                      nodes.option_list, nodes.line_block)):
                lst = node
            stack.extend((child, lst) for child in reversed(node.children))


def _source_line(node, source: list[str]) -> int | None:
    """The 1-based line of the file where ``node``'s text starts.  docutils' ``line`` is near it (a
    section title's is its underline's): the nearest line at or before it holding the text's first
    word is taken."""
    line = node.line or next((n.line for n in node.findall() if getattr(n, "line", None)), None)
    if not line or not source:
        return line
    words = node.astext().split()
    if not words:
        return line
    for n in range(min(line, len(source)), max(0, line - 3), -1):
        if words[0] in source[n - 1]:
            return n
    return line


def _line(node) -> str:
    return clean_line(node.astext().replace("\n", " "))


def _field_title(doctree) -> str | None:
    """The ``.. title::`` directive's title, if the file has one."""
    title = doctree.get("title")
    return clean_line(title) if isinstance(title, str) and title.strip() else None
