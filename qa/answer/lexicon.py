"""Every word list the answer stage uses, each defined once.

Lists are plain tuples of lower-case words (or regex alternatives where a list is used inside a
pattern: ``alternation``).  Modules build their patterns from these; no other module spells a list
of months, negators, question words, number words or speech verbs.
"""

from __future__ import annotations

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = ("yesterday", "today", "tomorrow")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
                "billion", "billions", "half", "none", "twice", "several")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "twentieth")
NEGATORS = ("not", "never", "no", "none", "neither", "nor", "without", "cannot")
# words that open or frame a question and say nothing of its subject
QUESTION_WORDS = ("what", "who", "whom", "whose", "when", "where", "why", "how", "which", "whether", "did", "does",
                  "do", "is", "are", "was", "were", "can", "could", "should", "would", "will", "may", "might",
                  "must", "has", "have", "had", "according", "and", "but", "so", "also", "tell", "me", "please",
                  "i", "my", "you", "your", "we", "our", "there")
# the word after "how" that makes it ask for an amount ("how long", "how often"): part of the question
# phrase, so never a key term of the question (the answer holds a number, not the word)
HOW_ADJECTIVES = ("many", "much", "long", "far", "old", "big", "large", "high", "often")
# words that report speech (questions ask with base or past forms; text reports with past and present)
SPEECH_VERBS = ("say", "said", "says", "saying", "tell", "told", "tells", "claim", "claimed", "claims", "declare",
                "declared", "declares", "state", "stated", "states", "announce", "announced", "warn", "warned",
                "warns", "argue", "argued", "stress", "stressed", "insist", "insisted", "comment", "commented",
                "remark", "remarked", "assert", "asserted", "accuse", "accused", "criticise", "criticised",
                "criticize", "criticized", "condemn", "condemned", "reply", "replied", "respond", "responded",
                "added", "noted", "explained", "suggested")
# speech verbs seen only in reporting text (not in questions)
TEXT_SPEECH_VERBS = ("notes", "adds", "described", "describing", "referred", "pointed to", "pointed out", "urged",
                     "emphasized", "emphasised", "affirmed", "reiterated", "acknowledged", "admitted", "denied",
                     "hoped", "wrote", "writes", "explaining", "adding", "tweeted", "vowed", "predicted",
                     "complained", "charged", "was quoted as saying", "indicated", "agreed", "pledged", "rejected")
REASON_MARKERS = ("because", "since", "as a result", "due to", "owing to", "thanks to", "in order to", "so that",
                  "so as to", "caused by", "reason", "reasons", "result of", "therefore", "thus", "hence",
                  "aimed at", "to avoid", "to prevent", "to ensure", "to protect", "to keep", "to allow")
MANNER_MARKERS = ("by", "through", "via", "using", "while", "with", "press", "select", "go to", "run", "use",
                  "set", "enter", "click", "type")
PLACE_PREPOSITIONS = ("in", "at", "to", "from", "near", "into", "across")
PLACE_NOUNS = ("city", "town", "village", "district", "province", "region", "county", "state", "capital", "port",
               "island", "country", "continent")
DATE_WORDS = ("century", "centuries", "decade", "millennium", "year", "years", "bc", "ad", "bce", "ce")
UNIT_WORDS = ("percent", "per cent", "%", "km", "kg", "lb", "mb", "gb", "kb", "miles", "hours", "minutes",
              "seconds", "days", "weeks", "months", "years", "dollars", "euros", "pounds", "$", "€", "£")
# pronouns that refer back to what an earlier sentence named
REFERS_BACK = ("it", "its", "they", "their", "them", "he", "his", "him", "she", "her", "this", "these", "those",
               "such")
# pronouns a follow-up uses for the earlier question's person or thing
FOLLOW_UP_PERSON = ("he", "she", "him", "her", "they", "them")
FOLLOW_UP_THING = ("it", "that", "this")
# words that name a document rather than a speaker ("according to the report")
SOURCE_WORDS = ("article", "text", "report", "corpus", "document", "documents", "manual", "guide", "page",
                "policy", "license", "licence", "documentation", "paper", "study", "source", "sources")


def alternation(words) -> str:
    """A regex alternation of ``words`` (longest first, spaces as any whitespace), for use between ``\\b``."""
    import re

    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
