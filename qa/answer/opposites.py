"""Words that say the opposite: "inappropriate" / "appropriate", "accept" / "renounce", "same" / "different".

A question about "inappropriate measures" is not answered by a sentence about "appropriate
measures", nor "When did the war end?" by "the war beginning in 2011".  A question word has
opposites when a negating prefix makes or unmakes one the corpus uses ("indirectly" / "directly",
"non-Muslim" / "Muslim"), or by a small lexicon of common English antonyms.  A text contradicts the
word when it says an opposite of the *same thing* (beside a word that is beside the question word
in the question) and never the word itself; a negated opposite agrees ("is not solved" says
"unsolved").
"""

from __future__ import annotations

from functools import lru_cache

from qa.search import tokenize
from .evidence import word_stems
from .kinds import _words

_NEGATING_PREFIX = ("non-", "non", "un", "in", "im", "il", "ir", "dis")
NEAR = 1
BASE_LETTERS = 5  # "inform" is no opposite of "form", "unless" none of "less": the word without its prefix is long
_NEGATORS = {"not", "never", "no", "n't", "hardly", "neither", "nor", "non"}

# common English antonyms (one pair per entry; each word's forms count: "accepted", "rejection")
_ANTONYMS = """
accept reject|accept refuse|accept deny|admit deny|allow forbid|allow prohibit|allow prevent|
agree oppose|support oppose|support reject|supporter opponent|ally enemy|friend enemy|love hate|
praise criticise|praise criticize|begin end|start end|start finish|beginning end|enter exit|enter leave|
arrive depart|arrival departure|increase decrease|increase reduce|rise fall|raise lower|gain lose|win lose|
victory defeat|success failure|succeed fail|pass fail|acceleration deceleration|accelerate decelerate|
same different|similar different|include exclude|inclusion exclusion|import export|input output|
internal external|inner outer|interior exterior|upper lower|higher lower|high low|maximum minimum|major minor|
majority minority|larger smaller|large small|big small|long short|longer shorter|wide narrow|thick thin|
heavy light|hot cold|warm cool|wet dry|hard soft|strong weak|stronger weaker|fast slow|early late|
earlier later|first last|old new|ancient modern|young old|open closed|public private|positive negative|
true false|right wrong|attack defend|offensive defensive|present absent|presence absence|north south|
east west|northern southern|eastern western|top bottom|above below|upward downward|forward backward|
male female|men women|husband wife|king queen|father mother|son daughter|brother sister|buy sell|
lend borrow|give receive|send receive|push pull|attract repel|attraction repulsion|expand contract|
expansion contraction|heating cooling|freeze melt|solid liquid|always never|many few|rich poor|
cheap expensive|simple complex|easy difficult|safe dangerous|alive dead|birth death|born died|live die|
add remove|create destroy|build destroy|unite divide|united divided|promote inhibit|enable prevent|
benefit harm|optimistic pessimistic|conservative liberal|voluntary compulsory|mandatory optional|
permanent temporary|rural urban|domestic foreign|inside outside|dense sparse|tight loose|
light dark|wealth poverty|legal illegal|import export|win defeat|maximal minimal|
"""


# stop words with opposites (the tokenizer drops them, so they are matched as words): "the same set" /
# "a different set", "only some celestial bodies" / "all celestial bodies", "most of the forces" / "all of …"
STOP_OPPOSITES = {"same": ("different",), "some": ("all",), "most": ("all",), "few": ("many",)}


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[str, ...]]:
    """Stem -> the words that say its opposite."""
    out: dict[str, list[str]] = {}
    for pair in _ANTONYMS.replace("\n", "").split("|"):
        words = pair.split()
        if len(words) != 2:
            continue
        a, b = words
        for x, y in ((a, b), (b, a)):
            for s in word_stems(x)[:1]:
                out.setdefault(s, []).append(y)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def opposites(index, low: str, question: str = "") -> tuple[str, ...]:
    """The corpus's words that say the opposite of the lower-case question word ``low`` (and that the
    question does not say itself: "the ratio of men to women")."""
    if not low.replace("-", "").isalpha():
        return ()
    out = []
    for p in _NEGATING_PREFIX:
        if low.startswith(p) and len(low) - len(p) >= BASE_LETTERS:
            out.append(low[len(p):])
        if len(low) >= BASE_LETTERS and "-" not in low and not p.endswith("-"):
            out.append(p + low)
    own = word_stems(low)
    out.extend(_lexicon().get(own[0], ()) if len(own) == 1 else ())
    found = [w for w in dict.fromkeys(out) if w.isalpha() and all(s in index.bm25.term_ids for s in word_stems(w))]
    if not found:
        return ()
    asked = set(tokenize(question))
    return tuple(w for w in found if not asked & set(word_stems(w)))


def context(question: str, start: int, end: int) -> tuple[str, ...]:
    """The question's content words just before and after a word (as BM25 stems)."""
    return tuple(tokenize(question[:start])[-NEAR:] + tokenize(question[end:])[:NEAR])


def _holds(flat: list[str], own: tuple[str, ...]) -> bool:
    """Does the text (one stem per word) hold the word itself ("inappropriate"; "non-Muslim" as two)?"""
    n = len(own)
    return any(tuple(flat[i : i + n]) == own for i in range(len(flat) - n + 1))


def contradicts(term, text: str) -> bool:
    """Does ``text`` say an opposite of ``term`` (a "polarity" key term) of the same thing, and never
    the term itself?"""
    words, stems = _words(text)
    flat = [s[0] if s else "" for s in stems]
    plain = [s[0] if s else w.lower() for w, s in zip(words, stems)]  # stop words kept, as words
    if _holds(plain, term.stems):
        return False
    for o in term.alts:
        target = word_stems(o)[:1] or (o,)
        for i, s in enumerate(plain):
            if s != target[0]:
                continue
            if any(w.lower() in _NEGATORS or w.lower().endswith(("n't", "n\u2019t")) for w in words[max(0, i - 2) : i]):
                continue  # "is not solved" says "unsolved"; "non-Muslim" is not "Muslim"
            near = [x for x in flat[:i] if x][-NEAR:] + [x for x in flat[i + 1 :] if x][:NEAR]
            if set(near) & set(term.context):
                return True
    return False
