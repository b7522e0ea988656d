"""Unix manual pages (roff ``man`` and BSD ``mdoc`` macros) as running text, headings as sections.

A page is read line by line, once, by a small interpreter of the requests manual pages use (no
groff: it is not on every machine, and a process per page is slow).  ``.SH``/``.SS`` (``.Sh``/``.Ss``)
headings are paragraphs of their own and the page's sections; text lines are filled into
paragraphs as roff fills them, broken by ``.PP``, ``.P``, ``.LP``, ``.IP``, ``.TP``, ``.RS``/``.RE``,
``.sp``, a blank line (``.br`` and a line starting with a space begin a new line); a ``.TP`` or
``.TQ``, ``.IP`` or mdoc ``.It`` tag (``-a, --all``) opens its paragraph when short
(``extracted.opens_definition``), else is a line of its own before it; ``.nf``/``.fi``, ``.EX``/``.EE`` and ``.Bd -literal`` keep their lines; a ``tbl`` table
(``.TS``/``.TE``) is one line per row, cells joined by " | ".  Font macros (``.B``, ``.I`` with
spaces; ``.BR``, ``.IR``, ``.RB``... alternating without) give their words, inline escapes their
characters (``roff_escapes.py``), mdoc's requests (``mdoc_page.py``) and semantic macros their
words (``mdoc.py``).  ``.ds``
strings are kept; ``.if``/``.ie``/``.el`` are decided as nroff would (``roff_syntax.condition``) and
``.de``/``.ig`` blocks skipped; every other request prints nothing.  The title is the NAME
section's line ("ls - list directory contents"), else ``.TH``'s "ls(1)".  A page that is only
``.so man1/other.1`` (a link to another page) has no text of its own: ``ReadError`` of kind "stub".
"""

from __future__ import annotations

from .extracted import (Extracted, ReadError, TextBuilder, clean_code_line, clean_line, clean_pieces,
                        opens_definition)
from .mdoc_page import MdocRequests
from .roff_escapes import unescape
from .roff_syntax import condition, copy_mode, logical_lines, request, split_args, strip_comment
from .roff_table import Table
from .skips import EMPTY, STUB

PARAGRAPH = frozenset("PP P LP Pp Lp HP sp RS RE Bl El Rs Re bp".split())
FILLED = frozenset("B I SM SB".split())
ALTERNATING = frozenset("BR BI IB IR RB RI".split())
HEADINGS = frozenset("SH SS Sh Ss".split())
MAX_NESTING = 50  # conditions on one line (".if n .if n ..."): more is no page


class ManPage(MdocRequests):
    """One page's reading: the text so far and the interpreter's state (see the module doc)."""

    def __init__(self) -> None:
        super().__init__()
        self.out = TextBuilder()
        self.para: list[tuple[str, int]] = []  # the paragraph being filled: (text, source line)
        self.sep = "\n\n"  # before the next block
        self.nofill: list[str] | None = None  # lines kept as they are (.nf), when in no-fill mode
        self.nofill_line = 0
        self.tag = self.heading = False  # the next text is a .TP tag, a .SH heading
        self.strings: dict[str, str] = {}
        self.th: list[str] = []
        self.name_line = ""  # the NAME section's first paragraph
        self.link = ""  # a .so target
        self.url = ""
        self.table: Table | None = None  # inside .TS
        self.ie: list[bool] = []
        self.skip_depth = 0  # inside a false \{ ... \} block
        self.skip_until = ""  # inside .de/.ig: the line ending it
        self.defining = ""  # the macro whose definition is being skipped
        self.macros: dict[str, str] = {}  # a page's own macros by what they do: "nf", "fi", "sp", "br"

    def flush(self) -> None:
        if self.para:
            text, anchors = clean_pieces(self.para)
            self._block(text, self.para[0][1], anchors)
            self.para = []
        if self.nofill:
            lines = [clean_code_line(x.expandtabs(8)) for x in self.nofill]
            while lines and not lines[-1].strip():
                lines.pop()
            start = next((k for k, x in enumerate(lines) if x.strip()), len(lines))
            self._block("\n".join(lines[start:]), self.nofill_line + start)
            self.nofill = []

    def _block(self, text: str, line: int, anchors=()) -> None:
        if not text.strip():
            return
        if self.out.sections and self.out.sections[-1][1].upper() == "NAME" and not self.name_line:
            self.name_line = clean_line(text.replace("\n", " "))
        self.out.block(text, sep=self.sep, line=line, anchors=list(anchors))
        self.sep = "\n\n"

    def text(self, s: str, number: int, joined: bool = False) -> None:
        """Printed text ``s`` of source line ``number`` (``joined``: no space after it, ``\\c``)."""
        if self.xo is not None:
            self.xo.add(s, joined)
        elif self.heading:
            self.heading = False
            self.head(s, number)
        elif self.tag:
            self.tag = False
            self.flush()
            self.term(s, number)
        elif self.nofill is not None:
            if not self.nofill:
                self.nofill_line = number
            self.nofill.append(s)
        else:
            self.para.append((s if joined else s + "\n", number))

    def term(self, tag: str, number: int) -> None:
        """A list item's tag (``.TP``, ``.IP``, mdoc ``.It``): a short one opens its paragraph ("-a,
        --all Do not ignore entries starting with ."), as ``man`` prints a tag that fits its indent,
        so the sentence saying what it does names it; a longer one is a line of its own."""
        tag = clean_line(tag)
        if opens_definition(tag):
            self.para.append((tag + " ", number))
        elif tag:
            self._block(tag, number)
            self.sep = "\n"

    def head(self, s: str, number: int) -> None:
        self.flush()
        s = clean_line(s)
        if s:
            self.sep = "\n\n"
            self.out.block(s, heading=True, line=number)

    def brk(self, sep: str) -> None:
        """End the paragraph; the next block starts on a new line ("\\n") or after a blank one."""
        self.flush()
        if sep == "\n\n" or (self.out.parts and not self.out.sections[-1:] == [(self.out.size - len(
                self.out.parts[-1]), self.out.parts[-1])]):
            self.sep = sep

    def line(self, line: str, number: int) -> None:
        """One logical line of the page."""
        if self.skip_until:
            if line.rstrip() == self.skip_until or line.replace(" ", "").rstrip() == self.skip_until:
                self.skip_until = self.defining = ""
            elif self.defining and line[:1] in (".", "'"):
                name, rest = request(line)
                if name in ("if", "ie"):  # ".if n .sp": what nroff would do
                    value, rest = condition(rest, self.strings)
                    name = request(rest)[0] if value and rest[:1] in (".", "'") else ""
                self._learn(name)
            return
        if self.skip_depth:
            self.skip_depth += line.count("\\{") - line.count("\\}")
            self.skip_depth = max(self.skip_depth, 0)
            return
        for _ in range(MAX_NESTING):
            if not line[:1] in (".", "'"):
                break
            name, rest = request(line)
            if name not in ("if", "ie", "el"):
                self.request(name, rest, number)
                return
            if name == "el":
                value = not self.ie.pop() if self.ie else False
            else:
                value, rest = condition(rest, self.strings)
                if name == "ie":
                    self.ie.append(value)
            rest = rest.lstrip(" \t")
            block = rest.startswith("\\{")
            if block:
                rest = rest[2:].lstrip(" \t")
            if not value:
                if block:
                    self.skip_depth = max(1 + rest.count("\\{") - rest.count("\\}"), 0)
                return
            if not rest.strip() or rest.strip() == "\\}":
                return
            line = rest
        else:
            return
        self.text_line(line, number)

    def _learn(self, name: str) -> None:
        """What the macro being defined does, by the first structure request in it (pod2man's
        ``.Vb`` starts no-fill lines, its ``.Sp`` a paragraph)."""
        action = ("nf" if name in ("nf", "EX") else "fi" if name in ("fi", "EE") else
                  "sp" if name in PARAGRAPH else "br" if name == "br" else "")
        if action and self.defining not in self.macros:
            self.macros[self.defining] = action

    def text_line(self, line: str, number: int) -> None:
        if self.table is not None:
            self.table_line(line, number)
            return
        if self.nofill is None:
            if not line.strip():
                self.brk("\n\n")
                return
            if line[:1] in (" ", "\t"):
                self.brk("\n")
        raw = strip_comment(line)
        joined = raw.rstrip().endswith("\\c") and not raw.rstrip().endswith("\\\\c")
        self.text(unescape(raw, self.strings), number, joined)

    def table_line(self, line: str, number: int) -> None:
        """A line between .TS and .TE: a row is a line of its own, cells joined by " | "."""
        cells = self.table.feed(line)
        row = " | ".join(clean_line(unescape(strip_comment(c), self.strings)) for c in cells or ())
        if row.strip(" |"):
            self.flush()
            self._block(row, number)
            self.sep = "\n"

    def request(self, name: str, rest: str, number: int) -> None:
        args = split_args(strip_comment(rest))
        words = [unescape(copy_mode(a), self.strings) for a in args]
        if self.mdoc_request(name, args, words, number):
            return
        if name in HEADINGS:
            if words:
                self.head(" ".join(words), number)
            else:
                self.flush()
                self.heading = True
        elif name in FILLED:
            if words:
                self.text(" ".join(words), number)
        elif name in ALTERNATING:
            if words:
                self.text("".join(words), number)
        elif name in PARAGRAPH:
            self.brk("\n\n")
        elif name in ("TP", "TQ"):
            self.brk("\n\n" if name == "TP" else "\n")
            self.tag = True
        elif name == "IP":
            self.brk("\n\n")
            tag = clean_line(words[0]) if words else ""
            self.term(tag, number)
        elif name == "br":
            self.brk("\n")
        elif name in ("nf", "EX") or (name == "Bd" and ("-literal" in args or "-unfilled" in args)):
            self.flush()
            self.nofill = []
        elif name in ("fi", "EE", "Ed"):
            self.flush()
            self.nofill = None
            self.sep = "\n\n"
        elif name == "TS":
            self.flush()
            self.table = Table()
        elif name == "TE":
            self.table = None
            self.sep = "\n\n"
        elif name == "T&" and self.table is not None:
            self.table.format = True
        elif name in ("TH", "Dt"):
            self.th = words
        elif name in ("UR", "MT"):
            self.url = words[0] if words else ""
        elif name in ("UE", "ME"):
            shown = f" \u27e8{self.url}\u27e9" if self.url else ""  # as groff prints it on a terminal
            self.text(shown + "".join(words), number)
            self.url = ""
        elif name in ("ds", "ds1", "as", "as1") and args:
            value = rest.lstrip(" \t")[len(args[0]):].lstrip(" \t")
            value = unescape(copy_mode(strip_comment(value[1:] if value.startswith('"') else value)), self.strings)
            self.strings[args[0]] = (self.strings.get(args[0], "") if name.startswith("as") else "") + value
        elif name in ("de", "de1", "am", "am1", "ig"):
            end = (args[0] if name == "ig" else args[1]) if len(args) > (0 if name == "ig" else 1) else "."
            self.skip_until = "." + end
            self.defining = args[0] if name != "ig" and args and args[0] not in self.macros else ""
            if self.defining in ("SH", "SS", "TP", "PP", "B", "I", "BR", "IR", "RB", "IP", "nf", "fi"):
                self.defining = ""  # a page redefining a standard macro: the standard one is kept
        elif name == "so" and words:
            self.link = self.link or words[0]
        elif name in self.macros:
            action = self.macros[name]
            self.request("PP" if action == "sp" else action, "", number)

    def finish(self) -> None:
        self.flush()
        if self.nofill is not None:
            self.nofill = None

    def title(self) -> str | None:
        if self.name_line:  # "asn1parse, ca, ciphers, ... - OpenSSL commands": the first few names
            names, dash, what = self.name_line.partition(" - ")
            many = names.split(", ")
            return f"{', '.join(many[:3])}, \u2026{dash}{what}" if dash and len(many) > 4 else self.name_line
        if self.th:
            name = clean_line(self.th[0])
            return f"{name}({clean_line(self.th[1])})" if len(self.th) > 1 else name
        return None


def read_man(text: str, name: str = "") -> Extracted:
    """Running text, title, sections and line anchors of the manual page ``text`` (decoded);
    ``ReadError`` for a page that is only a link to another (kind "stub") or has no text."""
    page = ManPage()
    for line, number in logical_lines(text.replace("\r\n", "\n").replace("\r", "\n")):
        page.line(line, number)
    page.finish()
    body = page.out.text()
    if not body.strip() or (page.link and not page.out.sections and len(body) < 200):
        if page.link:
            raise ReadError(f"a link to another manual page (.so {clean_line(page.link)[:80]}): "
                            "no text of its own", kind=STUB)
        raise ReadError("no text", kind=EMPTY)
    return Extracted(text=body, title=page.title(), sections=tuple(page.out.sections), lines=tuple(page.out.lines))
