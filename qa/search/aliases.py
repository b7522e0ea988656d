"""Common aliases of places and organisations, for matching a question's topic in text.

"US" in a question should find "U.S.", "United States", "Washington", "America(n)"; "UN" finds
"United Nations" and "Security Council"; a country finds its people and its capital.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .tokenize import fold

_GROUPS = [
    ["US", "U.S.", "USA", "U.S.A.", "United States", "United States of America", "America", "American",
     "Americans", "Washington", "White House"],
    ["West", "Western", "Westerners", "the West"],
    ["UN", "U.N.", "United Nations", "Security Council", "UNSC"],
    ["EU", "E.U.", "European Union", "Brussels"],
    ["UK", "U.K.", "Britain", "British", "United Kingdom", "London"],
    ["Russia", "Russian", "Russians", "Moscow", "Kremlin"],
    ["Iran", "Iranian", "Iranians", "Tehran", "Islamic Republic"],
    ["Turkey", "Turkish", "Turks", "Ankara", "Türkiye"],
    ["Syria", "Syrian", "Syrians", "Damascus"],
    ["China", "Chinese", "Beijing"],
    ["France", "French", "Paris"],
    ["Israel", "Israeli", "Israelis"],
    ["Saudi Arabia", "Saudi", "Saudis", "Riyadh"],
    ["Lebanon", "Lebanese", "Beirut"],
    ["Iraq", "Iraqi", "Iraqis", "Baghdad"],
    ["Qatar", "Qatari", "Doha"],
    ["Kazakhstan", "Kazakh", "Astana"],
    ["Hezbollah", "Hizb'allah", "Hizballah", "Hizbollah"],
    ["ISIS", "ISIL", "Islamic State", "Daesh", "IS"],
    ["IRGC", "Revolutionary Guards", "Revolutionary Guard", "Islamic Revolutionary Guard Corps", "Quds Force"],
    ["SNSC", "Supreme National Security Council"],
    ["NCRI", "National Council of Resistance of Iran"],
    ["Assad", "Bashar al-Assad", "Bashar Assad", "Assad regime"],
    ["Trump", "Donald Trump", "Trump administration", "Team Trump"],
    ["Obama", "Barack Obama", "Obama administration"],
    ["WWII", "WW2", "World War II", "World War 2", "Second World War"],
    ["WWI", "WW1", "World War I", "World War 1", "First World War", "Great War"],
    ["ceasefire", "cease-fire", "truce"],
    ["resolution", "resolutions"],
    ["terrorists", "terrorist", "terrorism", "militants", "extremists"],
]
_CASE_SENSITIVE = {"US", "UN", "EU", "UK", "IS", "USA"}  # never match the words "us", "un", "is"


def _canon(s: str) -> str:
    return fold(s).replace(".", "")


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for group in _GROUPS:
        for name in group:
            table.setdefault(_canon(name), tuple(group))
    return table


def aliases(topic: str) -> tuple[str, ...]:
    """The topic and its known aliases (the topic itself first)."""
    t = topic.strip()
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.I).strip(" ?.!,;:")
    group = _table().get(_canon(t))
    if group is None and t.lower().endswith("s"):
        group = _table().get(_canon(t[:-1]))
    out = [t, *(group or ())]
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=512)
def _pattern(alias: str) -> re.Pattern:
    core = re.escape(alias).replace(r"\.", r"\.?").replace(r"\ ", r"\s+").replace("'", "['\u2019]")
    flags = 0 if alias.replace(".", "") in _CASE_SENSITIVE else re.I
    return re.compile(rf"(?<![\w.]){core}(?!\w)", flags)


def mentions(text: str, names: tuple[str, ...]) -> bool:
    """Does ``text`` mention any of ``names`` (acronyms case-sensitively, words case-insensitively)?"""
    return any(_pattern(n).search(text) for n in names if n)


def query_concepts(question: str) -> tuple[list[str], list[list[list[str]]]]:
    """BM25 query: plain tokens, and the acronyms/names with aliases as synonym concepts.

    "What did Zarif say about the US?" -> (["zarif", "say"], [[["US"], ["unit", "state"], ["washington"], ...]])
    """
    from .tokenize import code_tokens, raw_tokens, tokenize

    plain: list[str] = []
    concepts: list[list[list[str]]] = []
    for raw in raw_tokens(question):
        toks = tokenize(raw)
        if not toks:
            continue
        group = aliases(raw) if raw.isupper() else ()  # acronyms only: US, UN, IRGC (names drift: Russia/Moscow)
        if len(group) > 1:
            alts = []
            for a in group:
                t = tokenize(a)
                if t and t not in alts:
                    alts.append(t)
            concepts.append(alts)
        else:
            plain.extend(toks)
    return plain + code_tokens(question), concepts
