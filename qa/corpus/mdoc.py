"""BSD mdoc(7) semantic macros as words: ``.Fl a Ar file`` is "-a file", ``.Xr ls 1`` "ls(1)".

``man.py`` hands the arguments of an mdoc line (``.Nm``, ``.Fl``, ``.Op``, ``.Xr``...) here; the
structure macros (``.Sh``, ``.Pp``, ``.Bl``/``.It``, ``.Bd -literal``) are ``man.py``'s.  Macros
inside the arguments are called in turn (``.Op Fl v Ar level`` is "[-v level]"), enclosing macros
(``Op Dq Pq Sq Qq Bq Aq Brq``) enclose the rest of the line, their open/close pairs (``Oo``/``Oc``...)
what lies between; closing punctuation sticks to the word before it.  Anything not known is
printed as its words.  One pass over the tokens: linear.  ``.It Xo`` … ``.Xc`` extends a list item's
head over the lines between (``Extended``); ``Xo`` and ``Xc`` print nothing.  With spacing off
(``.Sm off``, ``mdoc_page.py``) a line's words are joined without spaces.
"""

from __future__ import annotations

ENCLOSE = {"Op": ("[", "]"), "Dq": ("\u201c", "\u201d"), "Sq": ("\u2018", "\u2019"), "Pq": ("(", ")"),
           "Qq": ('"', '"'), "Bq": ("[", "]"), "Aq": ("\u27e8", "\u27e9"), "Brq": ("{", "}"), "Ql": ("\u2018", "\u2019"),
           "Eq": ("", ""), "In": ("<", ">")}
OPEN = {"Oo": "[", "Do": "\u201c", "So": "\u2018", "Po": "(", "Qo": '"', "Bo": "[", "Ao": "\u27e8", "Bro": "{", "Eo": ""}
CLOSE = {"Oc": "]", "Dc": "\u201d", "Sc": "\u2019", "Pc": ")", "Qc": '"', "Bc": "]", "Ac": "\u27e9", "Brc": "}", "Ec": ""}
NAMES = {"Ux": "UNIX", "Bx": "BSD", "Ox": "OpenBSD", "Nx": "NetBSD", "Fx": "FreeBSD", "Dx": "DragonFly",
         "Bsx": "BSD/OS", "At": "AT&T UNIX", "Lb": "", "Ex": "", "Rv": ""}
WORDS = set("Ar Cm Ic Li Pa Ev Va Em Sy No Dv Er Tn Ms Ad Cd Fa Ft Ot Lk Mt Nm Fl Xr Fn Fo Fc Ns Pf St "
            "An Fd Vt Sx Bf Ef Bk Ek Ap Hf Tg %A %B %C %D %I %J %N %O %P %Q %R %T %U %V".split())
EXTEND = frozenset(["Xo", "Xc"])  # an argument list going on over lines: no words of its own
_SEPARATOR = frozenset(["Ta"])  # a column of an .It line: no words of its own
CALLABLE = WORDS | set(ENCLOSE) | set(OPEN) | set(CLOSE) | set(NAMES) | _SEPARATOR | EXTEND
_CLOSING = frozenset(". , ; : ? ! ) ] }".split())
_OPENING = frozenset("( [ {".split())
_SILENT = frozenset("Bf Ef Bk Ek Tg Hf".split())  # font and keep blocks: no words of their own


class Line:
    """Words joined with spaces, except where roff's mdoc would not put one."""

    def __init__(self, spacing: bool = True) -> None:
        self.parts: list[str] = []
        self.glue = True  # no space before the next word
        self.spacing = spacing  # False: no spaces at all (.Sm off)

    def put(self, word: str, space: bool = True) -> None:
        if not word:
            return
        if self.parts and space and self.spacing and not self.glue and word not in _CLOSING:
            self.parts.append(" ")
        self.parts.append(word)
        self.glue = word in _OPENING

    def text(self) -> str:
        return "".join(self.parts)


class Extended:
    """A list item's head that goes on over the next lines, ``.It Xo Ic mouse`` / ``.Op Ic on | off`` /
    ``.Xc``: "mouse [on | off]", one tag, as mdoc prints it (not "Xo mouse" and a paragraph)."""

    def __init__(self, first: str, line: int) -> None:
        self.parts = [first] if first else []
        self.line = line
        self.glue = False  # no space before the next words (.Sm off)

    def add(self, words: str, joined: bool = False) -> None:
        """``words`` go on the head (``joined``: what comes next follows them without a space)."""
        words = words.strip()
        if words and self.parts and (self.glue or words.split()[0] in _CLOSING):
            self.parts[-1] += words
        elif words:
            self.parts.append(words)
        self.glue = joined and bool(self.parts)

    def text(self) -> str:
        return " ".join(self.parts)


def extends(args: list[str]) -> bool:
    """Does the ``.It`` line with ``args`` go on until ``.Xc`` (an ``Xo`` among them)?"""
    return "Xo" in args


def render(macro: str, args: list[str], name: str = "", shown: list[str] | None = None,
           spacing: bool = True) -> str:
    """The words of the mdoc line ``.macro args`` (``name``: the page's ``.Nm``, for a bare ``Nm``);
    ``shown``: the arguments as printed (their escapes read), ``args`` being them as written;
    ``spacing`` False (``.Sm off``): no space between them."""
    out = Line(spacing)
    closers: list[str] = []
    tokens = [macro, *args]
    words = [macro, *(shown if shown is not None and len(shown) == len(args) else args)]
    i, current = 0, ""
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok in EXTEND and (i > 1 or tok == macro):
            continue
        if tok in CALLABLE and (i > 1 or tok == macro):
            current = tok
            if tok in ENCLOSE:
                out.put(ENCLOSE[tok][0])
                out.glue = True
                closers.append(ENCLOSE[tok][1])
            elif tok in OPEN:
                out.put(OPEN[tok])
                out.glue = True
            elif tok in CLOSE:
                out.put(CLOSE[tok], space=False)
            elif tok in NAMES:
                out.put(NAMES[tok])
            elif tok == "Ns":
                out.glue = True
            elif tok == "Ap":
                out.put("'")
                out.glue = True
            elif tok == "Xr" and i < len(tokens):
                sec = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1] not in CALLABLE else ""
                out.put(words[i] + (f"({words[i + 1]})" if sec else ""))
                i += 2 if sec else 1
            elif tok == "Nm" and (i >= len(tokens) or tokens[i] in CALLABLE or tokens[i] in _CLOSING):
                out.put(name)
            elif tok == "Fl" and (i >= len(tokens) or tokens[i] in CALLABLE or tokens[i] in _CLOSING):
                out.put("-")
                out.glue = i < len(tokens) and tokens[i] == "Fl"  # "Fl Fl apple" is "--apple"
            elif tok == "Ar" and (i >= len(tokens) or tokens[i] in CALLABLE or tokens[i] in _CLOSING):
                out.put("file ...")
            continue
        if current in _SILENT:
            continue
        if tok in _CLOSING and closers and i == len(tokens):
            out.put(closers.pop(), space=False)
        word = words[i - 1]
        out.put("-" + word if current == "Fl" and tok not in _CLOSING else word)
    while closers:
        out.put(closers.pop(), space=False)
        out.glue = False
    return out.text()
