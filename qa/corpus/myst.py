"""MyST (Sphinx's Markdown) read as its built page shows it, for ``markdown.py``.

- A role ``{mod}`ensurepip``` reads "ensurepip": any role name (``{py:func}``, ``{ref}``, ``{doc}``,
  ``{term}``, a project's own ``{pypi}``), the name dropped, the content kept as Sphinx's roles in
  reStructuredText are (``role_text``: "Title <target>" gives "Title", "~a.b.c" "c", "!x" "x").  Not
  a role: braces right after a letter or a digit (but "10{sup}`9`", "H{sub}`2`O": ``superscript``),
  "$" or "\\" ("${name}`", "\\textbf{x}`"), or inside a code span (markdown-it reads code spans first).
- A directive fence (```` ```{name} argument ````) is read by what its body is (``directive``):
  ``PROSE`` (notes, warnings, admonitions, version notes…: Markdown, the argument a line of its own),
  ``CAPTION`` (a figure: its body, the caption, is Markdown, its argument a path), ``RST`` (``{eval-rst}``: its body
  is reStructuredText), ``NONE`` (a toctree, a table of contents, an index entry, an image, an include:
  navigation or another file's text, no text here); any other (``{code-block}``, a project's own
  ``{pip-cli}``) stays code, its lines kept.  A colon fence (``:::{note}`` … ``:::``, MyST's for
  directives whose body is Markdown; Pandoc's ``::: warning`` divs) is read the same way, but its body
  is Markdown whatever the directive (never code).
"""

from __future__ import annotations

import re

PROSE, CAPTION, RST, NONE, CODE = "prose", "caption", "rst", "none", "code"

_PROSE = ("admonition attention caution danger error hint important note seealso tip warning topic sidebar "
          "margin dropdown versionadded versionchanged versionremoved deprecated epigraph pull-quote highlights "
          "glossary rubric card tab tabs tab-item tab-set grid grid-item grid-item-card div container centered "
          "hlist only "
          # an object's description: its signature a line, its body prose ("{py:function} run(x)")
          "table list-table "
          "function class method attribute exception decorator describe object option envvar").split()
_CAPTION = ["figure"]
_NONE = ("toctree contents tableofcontents index image include literalinclude bibliography footbibliography "
         "autosummary automodule autoclass autofunction automethod autodata autoexception autoattribute "
         "autoprogram mermaid graphviz raw module currentmodule program highlight").split()
_KIND = {**{n: PROSE for n in _PROSE}, **{n: CAPTION for n in _CAPTION}, **{n: NONE for n in _NONE},
         "eval-rst": RST, "eval_rst": RST}
_DOMAINS = ("py", "c", "cpp", "js", "rst", "std", "http", "cmake", "rb", "php", "go")
_DIRECTIVE = re.compile(r"\{([A-Za-z][\w:+-]*)\}[ \t]*(.*)", re.S)
_OPTION_LINE = re.compile(r"[ \t]*:[\w-]+:.*")


def directive(info: str) -> tuple[str, str] | None:
    """``(kind, argument)`` of a fence's info string that names a directive ("{note}", "{figure}
    img.png"), None for a code fence ("python", "")."""
    m = _DIRECTIVE.fullmatch(info.strip())
    if not m:
        return None
    domain, _, name = m.group(1).lower().rpartition(":")  # "{py:function}": the domain's "function"
    kind = _KIND.get(name, CODE)
    if domain and kind == CODE and domain in _DOMAINS:
        kind = PROSE  # "{c:macro} NAME", "{js:function} f()": an object described in prose
    return kind, m.group(2).strip()


def directive_body(content: str) -> tuple[str, int]:
    """A directive's body without its leading option lines (":class: tip") or YAML block; returns
    (body, lines dropped from its top)."""
    lines = content.split("\n")
    n = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        n = end + 1 if end is not None else 0
    while n < len(lines) and _OPTION_LINE.fullmatch(lines[n]):
        n += 1
    return "\n".join(lines[n:]), n


_TARGET = re.compile(r"(.*?)\s*<[^<>]*>", re.S)


# roles that show a label before their number, as docutils and sphinx-issues write them
_NUMBERED = {"pep": "PEP {}", "rfc": "RFC {}", "issue": "#{}", "pr": "#{}"}


_ACCELERATOR = re.compile(r"(?<!&)&(?![&\s])")  # Sphinx's: "&Cancel" underlines the C; "&&" is an "&"


def role_text(content: str, name: str = "") -> str:
    """What a Sphinx role shows of its content: "Title <target>" -> "Title"; "~a.b.c" -> "c"; "!x" ->
    "x"; a ``name`` ``{pep}``, ``{rfc}``, ``{issue}``, ``{pr}`` with a number: "PEP 508", "#9475"; a
    ``{doc}`` without a title its document's name ("../cli/pip_install" -> "pip_install": Sphinx shows
    that document's title, which is in another file); ``{guilabel}`` and ``{menuselection}`` without
    their accelerator marks ("&Cancel" -> "Cancel", "&&" -> "&"), a menu's steps "File --> Open" ->
    "File > Open" (Sphinx draws a "‣"; ">" as a wiki link's "Page > Part" reads)."""
    role = name.lower().rpartition(":")[2]
    if role in ("guilabel", "menuselection"):
        content = _ACCELERATOR.sub("", content).replace("&&", "&")
        return content.replace("-->", ">") if role == "menuselection" else content
    label = _NUMBERED.get(role)
    if label and content.strip().split("#")[0].isdigit():
        return label.format(content.strip())
    m = _TARGET.fullmatch(content)
    if m and m.group(1).strip():
        content = m.group(1)
    elif role == "doc" and "/" in content.strip().rstrip("/"):
        content = content.strip().rstrip("/").rsplit("/", 1)[-1]
    if content.startswith("~"):
        content = content[1:].rsplit(".", 1)[-1]
    return content.lstrip("!")


_SPACED_BASE = re.compile(r"(?:^|[\s(])(?:\d+|[A-Za-z]|\))[ ]$")  # a number or one letter, then a space
_ORDINAL = re.compile(r"(st|nd|rd|th|e|er|re|ère|ème|o|a|º|ª)", re.I)  # 1\ :sup:`st`, 2\ :sup:`e`
SUPERSCRIPT_ROLES = ("sup", "superscript")
_GLUED = (*SUPERSCRIPT_ROLES, "sub", "subscript")  # roles written right after a word's last letter or digit


def superscript(before: str, text: str) -> tuple[str, str]:
    """A superscript ``text`` and the ``before`` it follows, as read: after a number, a letter or ")"
    "10^9", "2^n", "O(n^2)" (written "10 :sup:`9`" or "10 {sup}`9`", without the escape, the space
    goes); an ordinal's ("1st", "2e") and any other run on as written.  reST's ``:sup:`` and MyST's
    ``{sup}`` alike; a subscript always runs on ("H2O")."""
    text = text.strip()
    if not text or _ORDINAL.fullmatch(text):
        return before, text
    if _SPACED_BASE.search(before):
        return before.rstrip(" "), "^" + text
    if before[-1:].isalnum() or before[-1:] == ")":
        return before, "^" + text
    return before, text


_ROLE = re.compile(r"\{([A-Za-z0-9_+:-]+)\}(`+)")


def use_myst(md) -> None:
    """Add the role rule to a ``MarkdownIt`` parser (a ``myst_role`` token, its ``content`` the role's
    raw content, line breaks kept to count lines, ``meta["name"]`` its name) and mdit-py-plugins'
    colon fences (``colon_fence`` tokens: ":::{note}" … ":::")."""
    from mdit_py_plugins.colon_fence import colon_fence_plugin

    md.use(colon_fence_plugin)
    md.inline.ruler.before("backticks", "myst_role", _role)


def _role(state, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "{":
        return False
    before = src[pos - 1] if pos else " "
    if before in "$\\":
        return False
    m = _ROLE.match(src, pos, state.posMax)
    if not m or before.isalnum() and m.group(1).lower() not in _GLUED:
        return False  # "x{y}`z`": a template's braces; "10{sup}`9`" is a role
    ticks = m.group(2)
    start = end = m.end()
    unclosed = state.__dict__.setdefault("myst_unclosed", {})  # (ticks, end) -> from where no closer follows
    key = (ticks, state.posMax)  # a link's text is parsed with an earlier end
    if start >= unclosed.get(key, len(src) + 1):
        return False  # none after an earlier opener: none after this one (linear, not quadratic)
    while (end := src.find(ticks, end, state.posMax)) >= 0:  # the same run of backticks, no longer one
        after = end + len(ticks)
        if after >= state.posMax or src[after] != "`":
            break
        while after < state.posMax and src[after] == "`":
            after += 1
        end = after
    if end < 0:
        unclosed[key] = start
        return False
    if end == start:
        return False
    if not silent:
        token = state.push("myst_role", "", 0)
        token.meta = {"name": m.group(1)}
        token.content = src[start:end]
    state.pos = end + len(ticks)
    return True


class _Captured:
    """Stands for a ``MarkdownIt`` while a plugin adds its block rule: the rule, caught."""

    def __init__(self) -> None:
        self.block, self.ruler, self.rule = self, self, None

    def before(self, _name: str, rule_name: str, fn, options=None) -> None:
        self.rule = (rule_name, fn, options)


def use_deflist(md) -> None:
    """mdit-py-plugins' definition lists ("Term" / ": definition", MyST's and Pandoc's), only with
    the first definition right under its term: "Term", a blank line, ": …" is no list (Pandoc's loose
    form; a page converted from a PDF whose icons were lost reads "PG-13 : Parents strongly cautioned."
    / "" / ": Restricted. …", which would make "Restricted" PG-13's)."""
    from mdit_py_plugins.deflist import deflist_plugin

    caught = _Captured()
    deflist_plugin(caught)
    if caught.rule is None:  # the plugin adds its rule some other way: as it is
        md.use(deflist_plugin)
        return
    name, rule, options = caught.rule

    def tight(state, start: int, end: int, silent: bool) -> bool:
        if not silent and start + 1 < end and state.isEmpty(start + 1):
            return False
        return rule(state, start, end, silent)

    md.block.ruler.before("paragraph", name, tight, options)

