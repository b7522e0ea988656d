"""The running text of an HTML page as ``html.py``'s walk meets it: inline words collected with their
source lines, emitted as blocks at block boundaries, and a definition list's short term held until
its definition's first words come (``hold_term``), so the two are one sentence.  Lines broken by
``<br>`` (DocBook's literal layout, an e-mail's or a poem's lines) are the source's own, as a
``<pre>``'s are: each run of them is a verbatim block (``TextBuilder.code``) whose lines may be
wrapped prose (``paragraphs.paragraph_spans``).  An ordered list item's number ("3.",
``html_lists``) waits for the item's first words (``number``), so it opens their line even when
they are in a ``<p>`` inside the ``<li>``."""

from __future__ import annotations

from .extracted import TextBuilder, clean_pieces, opens_definition


def element_text(element, spaced: frozenset | set, labels: dict[int, str] | None = None) -> str:
    """The words of ``element`` as a reader sees them: an inline element (a link, ``<code>``) adds no
    space ("memcmp," not "memcmp ,", as ``get_text(" ")`` gave), an element named in ``spaced`` (a
    block, ``<br>``, a cell) is set off by one, a numbered list item (``labels``: ``id -> "3."``)
    opens with its number; comments and the like are no text.  No recursion."""
    from bs4 import CData, NavigableString, Tag

    parts: list[str] = []
    stack, ends = [iter(element.children)], [False]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if ends.pop():
                parts.append(" ")
        elif isinstance(child, Tag):
            spaces = child.name in spaced
            if spaces:
                parts.append(" ")
            if labels and id(child) in labels:
                parts.append(labels[id(child)] + " ")
            stack.append(iter(child.children))
            ends.append(spaces)
        elif type(child) in (NavigableString, CData):
            parts.append(str(child))
    return "".join(parts)


class Flow:
    """Collects inline text and emits it as blocks; the separator before the next block is the
    strongest boundary asked for since the last one ("\\n\\n" beats "\\n")."""

    def __init__(self, out: TextBuilder):
        self.out, self.words, self.pending = out, [], ""
        self.line: int | None = None  # the source line of the latest tag entered (html.parser's sourceline)
        self.first_line: int | None = None  # ... when the words now collected began
        self.held = 0  # a <dt>'s words wait to open its <dd>'s first block: how many pieces (0: none)
        self.held_sep = ""  # the strongest boundary asked for while they wait
        self.label: tuple[str, int | None] | None = None  # a list item's number and its line, waiting
        self.broken = False  # the last block ended at a <br>, no other boundary since
        self.last: tuple[int, int] | None = None  # where the last block emitted lies in the text

    def number(self, label: str) -> None:
        """A list item's number: it opens the item's first words (``text``), or is a line of its own
        before a table or code block that comes first (``emit``)."""
        if self.label is not None:  # "<li><ol><li>": both numbers open the inner item's line
            label = f"{self.label[0]} {label}"
        self.label = (label, self.line if self.label is None else self.label[1])

    def end_item(self) -> None:
        """The end of a numbered item: a number that found no words (an empty item) is dropped."""
        self.label = None

    def hold_term(self) -> None:
        """The end of a <dt>: a short term ("-h file", "%T") opens its definition's first block
        ("-h file true if file exists and is a symbolic link."), so the sentence that defines it names
        it (``opens_definition``); a long one stays a line of its own, as every term was before."""
        text, _ = clean_pieces(self.words)
        if opens_definition(text):
            self.words.append((" ", None))
            self.held, self.held_sep = len(self.words), ""
        else:
            self.boundary("\n")

    def colon(self) -> None:
        """A ":" glued to the last word ("Returns:", a field's name whose colon a stylesheet drew)."""
        for i in range(len(self.words) - 1, -1, -1):
            raw, line = self.words[i]
            if raw.strip():
                self.words[i] = (raw.rstrip(), line)
                del self.words[i + 1:]
                self.words.append((":", line))
                return

    def text(self, raw: str) -> None:
        """Inline text: kept with the source line it starts on; the running line moves past it."""
        if self.label is not None and raw.strip():
            label, line = self.label
            self.label = None
            if self.first_line is None:
                self.first_line = line
            self.words.append((label + " ", line))
        if self.first_line is None and raw.strip():
            self.first_line = self.line
        self.words.append((raw, self.line))
        if self.line is not None:
            self.line += raw.count("\n")

    def line_break(self) -> None:
        """A ``<br>``: the words so far are a line, which the next one goes on from, in one verbatim block."""
        self.boundary("\n")
        self.broken = True

    def boundary(self, sep: str) -> None:
        if self.held:
            if not any(raw.strip() for raw, _ in self.words[self.held:]):
                if len(sep) > len(self.held_sep):
                    self.held_sep = sep
                return  # the term waits for its definition's first words
            self.held = 0
        text, anchors = clean_pieces(self.words)
        self.words = []
        line, self.first_line = self.first_line, None
        if text:
            self.emit(text, line=line, anchors=anchors)
        if len(sep) > len(self.pending):
            self.pending = sep
        self.broken = False

    def release(self) -> None:
        """A held term whose definition does not follow (its list ended, a heading, table or code
        block came first) is a line of its own."""
        if self.held:
            self.held = 0
            self.boundary(self.held_sep or "\n")

    def emit(self, text: str, heading: bool = False, line: int | None = None, anchors=(), header: bool = False,
             code: bool = False) -> None:
        self.release()
        if self.label is not None and text.strip():
            label, at = self.label
            self.label = None
            if heading:  # "<li><h3>Install</h3>": "2. Install", as the browser shows it
                text = f"{label} {text}"
            else:
                self.emit(label, line=at)
                self.pending = "\n"
        if text.strip():
            joined = self.broken and self.last is not None and (self.pending or "\n") == "\n" and not heading
            self.out.block(text, heading=heading, sep=self.pending or "\n", line=line or self.line, anchors=anchors,
                           header=header, code=code)
            self.pending = ""
            block = (self.out.size - len(self.out.parts[-1]), self.out.size)
            if joined:  # the line after a <br>: one verbatim block with the line before
                spans = self.out.code
                if spans and spans[-1][1] >= self.last[0]:
                    spans[-1] = (min(spans[-1][0], self.last[0]), block[1])
                else:
                    spans.append((self.last[0], block[1]))
            self.last = block
            self.broken = False
