"""The words that report speech: one list, and where each form counts.

Questions ask with base or past forms ("What did Zarif say / tell / think about …"); news text
reports with past and present forms ("Zarif said", "he added", "was quoted as saying").  Forms of
thinking and meaning ("think", "meant") count only in questions, where they ask for a view; forms
that are seldom asked about ("tweeted", "vowed") only in text.
"""

from __future__ import annotations

BOTH = ("say", "said", "says", "told", "tells", "claimed", "claims", "declared", "declares", "stated",
        "announced", "warned", "argued", "noted", "added", "stressed", "insisted", "explained", "commented",
        "remarked", "asserted", "accused", "criticised", "criticized", "condemned", "replied", "responded")
IN_QUESTIONS = ("tell", "claim", "declare", "state", "think", "thought", "mean", "meant", "announce", "warn",
                "argue", "note", "add", "suggest", "suggested", "stress", "insist", "explain", "comment",
                "remark", "assert", "accuse", "criticise", "criticize", "condemn", "reply", "respond", "report",
                "reported")
IN_TEXT = ("notes", "adds", "states", "warns", "described", "describing", "referred", "pointed to", "pointed out",
           "urged", "emphasized", "emphasised", "affirmed", "reiterated", "acknowledged", "admitted", "denied",
           "hoped", "saying", "wrote", "writes", "explaining", "adding", "tweeted", "vowed", "predicted",
           "complained", "charged", "was quoted as saying", "indicated", "agreed", "pledged", "rejected")

# regex alternatives, always used between word boundaries; "add(ed) to" is not speech ("What did Watt add to
# the steam engine?")
QUESTION_VERBS = "|".join(v if v not in ("add", "added") else rf"{v}(?!\s+to\b)" for v in BOTH + IN_QUESTIONS)
TEXT_VERBS = "|".join(BOTH + IN_TEXT)
