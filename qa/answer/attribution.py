"""Who said it?  Find the sentences of a document attributed to a speaker.

News text names a speaker before a quote ("Zarif said that…", "Zarif declared, “…”"), after it
("“…,” Iranian Foreign Minister Mohammad Javad Zarif said on January 17"), by surname, full name
or title ("the Foreign Minister said", "Iran's top diplomat"), and in the next sentence
("He said…").  All of these are recognised here with small, explainable rules.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass

from . import lexicon as _lx

TEXT_VERBS = _lx.alternation(_lx.SPEECH_VERBS + _lx.TEXT_SPEECH_VERBS)

SPEECH_VERB = _VERB = re.compile(rf"\b(?:{TEXT_VERBS})\b", re.I)
_PRONOUN_VERB = re.compile(rf"(?:^|[,;:\u201d\"]\s*|\s)(he|she)\s+(?:also\s+|further\s+|then\s+)?(?:{TEXT_VERBS})\b", re.I)
_ACCORDING = re.compile(r"\baccording to\b", re.I)
_NAME_WORD = r"[A-Z\u00c0-\u024f][\w'\u2019.-]*"
_TITLE_HEADS = ("minister", "secretary", "president", "spokesman", "spokeswoman", "spokesperson", "diplomat",
                "envoy", "ambassador", "leader", "chief", "commander", "cleric", "official", "advisor",
                "adviser", "general", "analyst", "expert", "chairman", "head", "director", "premier")


# a news lede's unnamed speaker, named in the next sentence: "A high-ranking security official said …"
# + "Speaking in Tehran, Ali Shamkhani, the secretary of …, said …"
_LEDE = re.compile(rf"^\W*(?:an?|one)\s+((?:[\w'\u2019-]+\s+){{0,4}}(?:{'|'.join(_TITLE_HEADS)}))s?\s+(?:{TEXT_VERBS})\b", re.I)


def _lede_of(lede: str, named: str) -> bool:
    """Is ``lede`` ("A high-ranking security official said …") a news lede whose speaker ``named`` (the
    next sentence, where someone is named speaking) names: the description shares a word with it
    ("security": "… the secretary of Iran's Supreme National Security Council")?"""
    m = _LEDE.search(lede)
    if not m:
        return False
    described = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", m.group(1))}
    return bool(described & {w.lower() for w in re.findall(r"[A-Za-z]{4,}", named)})


@lru_cache(maxsize=None)
def _base(c: str) -> str:
    stripped = [d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d)]
    return stripped[0] if len(stripped) == 1 else c


@lru_cache(maxsize=256)
def fold_accents(s: str) -> str:
    """Accents removed, one character for one character (offsets stay valid): Çavuşoğlu -> Cavusoglu."""
    return s if s.isascii() else "".join(map(_base, s))


@dataclass(frozen=True)
class Speaker:
    query: str  # as asked: "Zarif", "Iranian Foreign Minister Mohammad Javad Zarif"
    keys: tuple[str, ...]  # matched in text, accent-folded: ("Zarif",)


@dataclass(frozen=True)
class Statement:
    doc_idx: int
    start: int
    end: int
    text: str
    how: str  # "named", "pronoun", "title"
    name: str  # the fullest form of the speaker's name seen in the document
    context: tuple[int, int] | None  # the sentence before, for topic context


def speaker_from(query: str) -> Speaker:
    words = [w for w in re.findall(r"[\w'\u2019.-]+", fold_accents(query)) if w]
    if words and words[-1][:1].islower() and words[-1].lower() in _TITLE_HEADS:
        return Speaker(query=query, keys=())  # "the Turkish official": a description, not a name
    caps = [w for w in words if w[:1].isupper()]
    if not caps:
        return Speaker(query=query, keys=())  # "the report", "the article": not someone who speaks
    keys: list[str] = []
    if caps:
        last = caps[-1].rstrip(".")
        if last.lower() not in _TITLE_HEADS and len(last) > 2:
            keys.append(last)  # surname
    if not keys:
        keys.append(" ".join(words))  # an organisation or title: "Red Cross", "the Kremlin"
    return Speaker(query=query, keys=tuple(keys))


_HONORIFICS = frozenset("mr mrs ms mx dr prof sir dame lord lady".split())  # "Mr. Small": the name is "Small"


def name_words(speaker: Speaker) -> tuple[str, ...]:
    """The capitalised words of the speaker's name as asked, titles, honorifics and nationalities
    left out ("Foreign Minister Mohammad Zarif" -> ("Mohammad", "Zarif"); "Craig Small" -> both)."""
    words = [w.rstrip(".") for w in re.findall(r"[\w'\u2019.-]+", fold_accents(speaker.query)) if w[:1].isupper()]
    named = tuple(w for w in words if w.lower() not in _TITLE_HEADS and w.lower() not in _NOT_NAME
                  and w.lower() not in _HONORIFICS and len(w) > 1)
    return named or speaker.keys


def names_speaker(text: str, speaker: Speaker) -> bool:
    """Does ``text`` write every word of the speaker's name, capitalised as a name is ("Craig Small"
    is not named by a text that only says "small")?"""
    folded = fold_accents(text)
    return bool(speaker.keys) and all(
        re.search(rf"(?<![\w-]){re.escape(w)}(?:['\u2019]s)?(?![\w-])", folded) for w in name_words(speaker))


def _key_re(key: str) -> re.Pattern:
    return re.compile(rf"(?<![\w-]){re.escape(key)}(?:['\u2019]s)?(?![\w-])", re.I if key.islower() else 0)


def full_name(text: str, key: str) -> str:
    """The longest capitalised name ending in ``key`` ("Mohammad Javad Zarif")."""
    seen: dict[str, int] = {}
    for m in re.finditer(rf"((?:{_NAME_WORD}\s+){{1,3}}){re.escape(key)}\b", fold_accents(text)):
        words = m.group(1).split()
        while words and (words[0].lower().rstrip(".") in _TITLE_HEADS or words[0].lower() in _NOT_NAME):
            words = words[1:]
        keep = []
        for w in reversed(words):
            if w.lower().rstrip(".") in _TITLE_HEADS or w.lower() in _NOT_NAME or w.endswith((".", "'s", "\u2019s")):
                break
            keep.insert(0, w)
        if 1 <= len(keep) <= 2:
            cand = " ".join(keep + [key])
            seen[cand] = seen.get(cand, 0) + 1
    if not seen:
        return key
    return max(seen, key=lambda c: (seen[c], len(c.split()), c))


_NOT_NAME = {"the", "foreign", "defense", "defence", "iranian", "russian", "turkish", "syrian", "american", "us",
             "state", "senior", "former", "deputy", "prime", "supreme", "secretary", "minister", "president",
             "commander", "spokesman", "and", "of", "with", "said", "by", "photo:", "counterpart", "counterparts",
             "chief", "intelligence", "general", "leader", "department", "lebanese", "renowned", "irgc", "force"}


def titles(text: str, key: str) -> set[str]:
    """Title phrases the document uses for the speaker: "foreign minister", "top diplomat"."""
    folded = fold_accents(text)
    found: set[str] = set()
    for m in re.finditer(rf"\b((?:[A-Z][a-z]+\s+){{1,2}})(?:{_NAME_WORD}\s+){{0,2}}{re.escape(key)}\b", folded):
        words = [w.lower() for w in m.group(1).split()]
        if words and words[-1] in _TITLE_HEADS:
            found.add(" ".join(words[-2:]) if len(words) > 1 else words[-1])
    for m in re.finditer(rf"{re.escape(key)},\s+(?:\w+['\u2019]s\s+)?(?:the\s+)?([a-z]+\s+[a-z]+)[,\s]", folded):
        phrase = m.group(1)
        if phrase.split()[-1] in _TITLE_HEADS:
            found.add(phrase)
    return found


def _named(sentence: str, key_re: re.Pattern) -> bool:
    """Is the speaker the subject of a speech verb in ``sentence``?"""
    for km in key_re.finditer(sentence):
        for vm in _VERB.finditer(sentence):
            if vm.start() >= km.end():  # "Zarif said", "Shamkhani, the secretary of ..., said"
                gap = sentence[km.end() : vm.start()]
                limit = 110 if gap.lstrip().startswith(",") else 45
                if len(gap) <= limit and not re.search(
                    r"\b(that|who|which|whom|whose|he|she|they|it|we|i)\b|[\u201c\"\u2014]|,\s*and\b", gap, re.I
                ):
                    return True
            elif vm.end() <= km.start() and re.search(r"[,\u201d\"'\u2019]\s*$", sentence[: vm.start()]):
                # after a quote: "..." said Maryam Rajavi / said senior cleric ... Mehdi Taeb
                gap = sentence[vm.end() : km.start()]
                if len(gap) <= 80 and not re.search(r"\b(that|to|about|of the|as|on|in)\b|[,;\u201c\"]", gap):
                    return True
        before = sentence[: km.start()]
        if _ACCORDING.search(before[-40:]):
            return True
    return False


def _titled(sentence: str, title_set: set[str]) -> bool:
    low = sentence.lower()
    for t in title_set:
        for m in re.finditer(rf"\bthe {re.escape(t)}\b|\w+['\u2019]s {re.escape(t)}\b", low):
            if _VERB.search(sentence[m.end() : m.end() + 60]) or _VERB.search(sentence[max(0, m.start() - 40) : m.start()]):
                return True
    return False


def statements(doc_idx: int, text: str, sentences: list[tuple[int, int]], speaker: Speaker) -> list[Statement]:
    """Sentences of one document attributed to ``speaker``, in document order."""
    folded = fold_accents(text)
    out: list[Statement] = []
    for key in speaker.keys:
        if not _key_re(key).search(folded):
            continue
        kre = _key_re(key)
        name = full_name(text, key)
        title_set = titles(text, key)
        last_speaker_is_x = skip_next = False
        prev: tuple[int, int] | None = None
        for i, (s, e) in enumerate(sentences):
            if skip_next:
                skip_next = False
                continue
            sent = folded[s:e]
            how = None
            if kre.search(sent):
                how = "named" if _named(sent, kre) else None
                other_speaker = False
            else:
                other_speaker = bool(_VERB.search(sent)) and not _PRONOUN_VERB.search(sent)
            if how is None and last_speaker_is_x and _PRONOUN_VERB.search(sent):
                how = "pronoun"
            if how is None and title_set and _titled(sent, title_set):
                how = "title"
            if how and sent.rstrip().endswith(":") and i + 1 < len(sentences):
                e = sentences[i + 1][1]  # "... as he told reporters:" + the quote that follows
                skip_next = True
            if how == "named" and prev is not None and _lede_of(folded[prev[0] : prev[1]], sent) and \
                    not (out and out[-1].start == prev[0]):
                out.append(Statement(doc_idx, prev[0], prev[1], text[prev[0] : prev[1]], "title", name, None))
            if how:
                out.append(Statement(doc_idx, s, e, text[s:e], how, name, prev))
                last_speaker_is_x = True
            elif kre.search(sent):
                last_speaker_is_x = True  # mentioned: a following "He said" is probably them
            elif other_speaker:
                last_speaker_is_x = False
            prev = (s, e)
    out.sort(key=lambda st: st.start)
    return out
