"""The requests only BSD mdoc pages use, as a manual page reader's part (``man.py``'s ``ManPage``).

``.Bl``/``.El`` lists (an ``.It``'s mark: "\u2022" for ``-bullet``), ``.It`` item heads (one extended
over lines by ``Xo`` … ``.Xc``: ``mdoc.Extended``), ``.Dl``/``.D1`` display lines, ``.Nm`` (the page's
name; a new line in SYNOPSIS), ``.Nd``, ``.Sm off``/``.Sm on`` and every semantic macro's words
(``mdoc.render``).  Spacing mode: while it is off, a macro's words are joined without spaces and
nothing separates its output from what follows it (``.Op Ar user No @`` / ``.Ar host`` is
"[user@]host"), as groff and mandoc print it; a text line still has its spaces.
"""

from __future__ import annotations

from .mdoc import CALLABLE, CLOSE, EXTEND, Extended, extends, render

_CLOSING_MARKS = tuple(".,;:?!)]}")


class MdocRequests:
    """Mixin of ``ManPage``: the state and requests of mdoc; it uses the page's ``para``, ``out``,
    ``text``, ``term`` and ``brk``."""

    def __init__(self) -> None:
        self.name = ""  # mdoc's .Nm
        self.xo: Extended | None = None  # an mdoc .It head going on until .Xc
        self.lists: list[str] = []  # mdoc's open .Bl lists: the mark of an item ("\u2022" for -bullet)
        self.spacing = True  # .Sm on (the default) / .Sm off

    def mdoc_words(self, name: str, args: list[str], words: list[str], number: int) -> None:
        """Print the words of the macro line ``.name args`` (joined to what follows while spacing is off)."""
        self.text(render(name, args, self.name, words, spacing=self.spacing), number, joined=not self.spacing)

    def mdoc_request(self, name: str, args: list[str], words: list[str], number: int) -> bool:
        """Read the request ``name`` if it is mdoc's (``words``: ``args`` as printed); False if it is not."""
        if self.xo is not None and (name == "Xc" or name not in CALLABLE and name != "Sm"):  # or a page
            head, self.xo = self.xo, None  # that forgot its .Xc
            self.term(head.text(), head.line)
        if name in EXTEND and not args:
            return True
        if (name in CLOSE or name in EXTEND and args[0] in _CLOSING_MARKS) and self.para and self.xo is None and \
                self.para[-1][0].endswith("\n"):  # ".Xc .", ".Oc": closing marks stick to the word before
            self.para[-1] = (self.para[-1][0][:-1], self.para[-1][1])
        if name in ("Bl", "El"):
            self.brk("\n\n")
            if name == "Bl":
                mark = "\u2022" if "-bullet" in args else "-" if "-dash" in args or "-hyphen" in args else ""
                self.lists.append(mark)
            elif self.lists:
                self.lists.pop()
        elif name == "It" and not words:
            self.brk("\n")
            if self.lists and self.lists[-1]:
                self.para.append((self.lists[-1] + " ", number))
        elif name == "It" and extends(args):  # ".It Xo Ic mouse" … ".Xc": one head
            self.brk("\n\n")
            self.xo = Extended(render("", args, self.name, words, spacing=self.spacing), number)
            self.xo.glue = not self.spacing
        elif name == "It":
            self.brk("\n\n")
            self.term(render("", args, self.name, words, spacing=self.spacing), number)
        elif name in ("Dl", "D1"):
            self.brk("\n")
            if words:
                self.text(render("", args, self.name, words, spacing=self.spacing), number)
                self.brk("\n")
        elif name == "Nm" and words and not self.name:
            self.name = words[0]
            self.mdoc_words(name, args, words, number)
        elif name == "Nm" and self.out.sections[-1:] and self.out.sections[-1][1] == "SYNOPSIS":
            self.brk("\n")  # each synopsis line starts with the name
            self.mdoc_words(name, args, words, number)
        elif name == "Nd":
            self.text("\u2014 " + " ".join(words), number)
        elif name == "Sm":
            self.space_mode(args[0] == "on" if args else not self.spacing)
        elif name in CALLABLE:
            self.mdoc_words(name, args, words, number)
        else:
            return False
        return True

    def space_mode(self, on: bool) -> None:
        """``.Sm on``/``.Sm off``: back on, the next words are spaced from the last macro's again."""
        if on and not self.spacing:
            if self.xo is not None:
                self.xo.glue = False
            elif self.para and not self.para[-1][0].endswith(("\n", " ")):
                self.para[-1] = (self.para[-1][0] + "\n", self.para[-1][1])
        self.spacing = on
