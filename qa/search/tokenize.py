"""The BM25 tokenizer: normalise for matching only, keep acronyms, stem the rest.

"US", "U.S." and "UN" become the acronym tokens ``US`` / ``UN`` (upper case, never stemmed),
so they are not the stop words "us" / "un".  Everything else is case-folded, stop words are
dropped, British spellings take their American form ("centre" / "center", "criticised" /
"criticized", "defence" / "defense", "colour" / "color": ``american``) and the Snowball English
stemmer is applied.  An identifier or option ("work_mem", "http.postBuffer", "--no-cache-dir", "-D")
gives its parts as words and itself as one more token (``code_tokens``), so "work_mem" matches a
passage that names work_mem better than one that names only autovacuum_work_mem.  The original text is
never changed: this module only produces matching keys.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOKENIZER_VERSION = "qa-tok-3"  # 2: British spellings ("centre", "co-operate") matched to American ones;
# 3: identifiers and options are tokens of their own as well (``code_tokens``)

STOPWORDS = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the their then
    there these they this to was will with i me my we our ours you your he him his she her its
    them what which who whom whose when where why how do does did done doing have has had having
    am been being were would should could can may might must shall about above after again
    against all any both each few more most other some so than too very s t just don now
    from up down out off over under further once here own same only nor us also""".split()
)

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": "", "\ufeff": "",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    }
)

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}(?![A-Za-z])"  # dotted acronyms: U.S., U.N.
    r"|\d+(?:[.,]\d+)*"  # numbers: 300,000 / 2.5
    r"|[^\W\d_]+(?:'[^\W\d_]+)*",  # words, with inner apostrophes
    re.UNICODE,
)


def normalize(text: str) -> str:
    """Matching form: NFKC, straight quotes, plain spaces, collapsed whitespace, no case folding."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return re.sub(r"\s+", " ", text).strip()


def fold(text: str) -> str:
    """``normalize`` plus case folding: the form quotes are compared in."""
    return normalize(text).casefold()


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def is_acronym(token: str) -> bool:
    letters = token.replace(".", "")
    return 2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper()


_CO = re.compile(r"\b([Cc]o)-(?=op|or)")  # "co-operate", "co-ordinate": one word, as "cooperate"


def raw_tokens(text: str) -> list[str]:
    """Tokens before stop-wording and stemming (acronyms already in their ``US`` form)."""
    return _raw_tokens(normalize(text))


def _raw_tokens(norm: str) -> list[str]:
    """``raw_tokens`` of text already ``normalize``d."""
    out: list[str] = []
    if "o-o" in norm or "o-O" in norm:
        norm = _CO.sub(r"\1", norm)
    for m in _TOKEN.finditer(norm):
        tok = m.group(0)
        if "." in tok and tok[0].isalpha():  # U.S. -> US
            out.append(tok.replace(".", "").upper())
            continue
        if tok[0].isdigit():
            out.append(tok.replace(",", ""))
            continue
        if tok.endswith("'s"):
            tok = tok[:-2]
        if is_acronym(tok):
            out.append(tok)
        else:
            out.append(tok.casefold())
    return out


_ISE_FORMS = "e|ed|es|ing|ation|ations|ational|er|ers|able"
# British -> American spelling, one regular rule each (the stemmer leaves "criticis" and "critic" apart).
# A rule may still rewrite a rare word that has no other spelling ("chemise" -> "chemize"): harmless,
# as index and queries are rewritten alike and no such form is another English word.
_SPELLINGS = (
    (re.compile(rf"^(\w{{2,}})is({_ISE_FORMS})$"), r"\1iz\2"),  # organise, criticised (not _keeps_ise)
    (re.compile(r"^(\w{2,})ys(e|ed|es|ing)$"), r"\1yz\2"),  # analyse, paralysed
    (re.compile(r"^(\w{2,})our(s|ed|ing|ite|ites|able|ably|ful|fully|less|er|ers|al|ally)?$"), r"\1or\2"),  # colour, behavioural
    (re.compile(r"^(\w{2,}[tb])re(s)?$"), r"\1er\2"),  # centre, theatre, metres, fibre
    (re.compile(r"^(\w{2,}[tb])red$"), r"\1ered"),  # centred
    (re.compile(r"^(def|off|lic|pret)ence(s|less)?$"), r"\1ense\2"),  # defence, offence, licence
    (re.compile(r"^(\w{3,})ogue(s)?$"), r"\1og\2"),  # catalogue, dialogue
    (re.compile(r"^programme(s|d)?$"), r"program\1"),
)


_NOT_BRITISH = frozenset({"timbre", "prise", "prised"})  # not another spelling of "timber", "prize"
# -ise words spelt -ise in American English too (the letters before "ise"): their forms ("advised",
# "surprises") keep it, as do "-wise" words and "-cise" ones ("precise", "exercise"; not "criticise")
_ISE_KEEP = frozenset("""adv advert an appra ar bru chast circumc compr comprom conc cru dem desp dev disgu
enterpr exc exerc expert franch gu improv inc merchand mort no parad po porpo pra prec prem prom ra rev
superv surm surpr telev torto treat val""".split())


def _keeps_ise(word: str) -> bool:
    stem = re.sub(rf"is(?:{_ISE_FORMS})$", "", word)
    return stem in _ISE_KEEP or stem.endswith("w") or (stem.endswith("c") and not stem.endswith("ic"))


@lru_cache(maxsize=65536)
def american(word: str) -> str:
    """The American spelling of a lower-case British one ("centre" -> "center"); other words as they are."""
    if word in _NOT_BRITISH:
        return word
    for n, (pattern, repl) in enumerate(_SPELLINGS):
        if pattern.match(word):
            if n == 0 and _keeps_ise(word):
                return word
            return pattern.sub(repl, word)
    return word


# an identifier or option as written: "work_mem", "http.postBuffer", "o.__annotations__", "--no-cache-dir", "-D"
_CODE = re.compile(r"(?<![\w.-])(?:--?[A-Za-z][\w-]*|_*[A-Za-z]\w*(?:(?:\.|::)_*\w+)+|_*[A-Za-z][A-Za-z0-9]*_\w*)"
                   r"(?![\w-]|\.\w)")
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]?|\d[\d.]*")  # "e.g", "U.S", "R.F.C": no identifier


def code_terms(text: str) -> list[str]:
    """The identifiers and options of ``text`` as written (see ``_CODE``), in order."""
    if "_" not in text and "." not in text and ":" not in text and "-" not in text:
        return []
    return [m.group(0) for m in _CODE.finditer(text) if not _ABBREVIATION.fullmatch(m.group(0))]


def code_tokens(text: str) -> list[str]:
    """One token per identifier or option of ``text``: an identifier case-folded ("WORK_MEM" is
    work_mem), an option as written ("-d" is not "-D").  No word token has "_", "." or "-" after a
    letter, so these never meet one."""
    return _code_tokens(normalize(text))


def _code_tokens(norm: str) -> list[str]:
    return [c if c.startswith("-") else c.casefold() for c in code_terms(norm)]


def tokenize(text: str) -> list[str]:
    """BM25 tokens of ``text``: acronyms kept, stop words dropped, words stemmed; each identifier or
    option once more, whole (``code_tokens``)."""
    stem = _stemmer().stemWord
    norm = normalize(text)  # once, for the words and the identifiers
    out = []
    for tok in _raw_tokens(norm):
        if tok.isupper() or tok[0].isdigit():
            out.append(tok)
        elif tok not in STOPWORDS and len(tok) > 1:
            out.append(stem(american(tok)))
    out.extend(_code_tokens(norm))
    return out
