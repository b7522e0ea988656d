"""pysbd's English sentence splitter with the same output, minus two costs measured on SciFact.

Profiling ``qa index`` chunking (pyinstrument, 1,000 SciFact abstracts) put ~95% of the time in
``pysbd.Segmenter.segment``, and most of that in two places whose work can be skipped without
changing a single sentence:

* ``sentences_with_char_spans`` looks every sentence up again with ``re.finditer(re.escape(sent)
  + r"\\s*")``: one fresh regex per sentence (Python's regex cache holds 512, so each is compiled,
  then thrown away), each scanning from the start of the text.  ``str.find`` plus a whitespace
  run finds the same first match whose end lies past the previous one.
* ``search_for_abbreviations_in_string`` runs, for each of ~190 abbreviations found in the text
  (most are one or two letters, so nearly all are), a case-insensitive ``findall`` and then one
  ``re.sub`` per match that only ever turns ``abbr.`` into ``abbr∯``.  When the text holds no
  ``abbr.`` at all, every one of those substitutions is a no-op: such abbreviations are skipped.
  The shortcut is taken only where it is exact: plain lower-case ASCII abbreviations, and text
  without the four characters that Python's case-insensitive matching equates with ASCII letters
  (İ ı ſ and the Kelvin sign); anything else runs pysbd's own code.

Issue 19 (5x plain pysbd on 1,000 SciFact abstracts, from 3.3x) removed three more, again
without changing a sentence:

* the abbreviation loop finds the plain abbreviations followed by a period in one regex pass
  (the suffixes of the letter/digit runs that end before a ".") instead of ~190 substring tests;
* the list-item replacer's letter scans use equivalent single-branch regexes
  (``(?<=^)x|(?<=\\A)x|(?<=\\s)x`` is ``(?<!\\S)x``), and its numbered-list scan stops when the text
  holds fewer than two "digit." marks (pysbd's loop substitutes nothing for fewer than two);
* ``Text.apply`` (one ``re.sub`` per rule, ~20 per sentence) skips rules whose pattern is a
  literal absent from the text, and calls precompiled patterns.

Session 21 (a 67 MB log of 2M short lines, each a paragraph: ~150 us of pysbd a line, ~5 s a MB):

* text made only of marks no pysbd rule reads (ASCII letters and digits, spaces, tabs,
  ``: ; , - _ / = + # @ % & * ~ < > | ^ $ ` { } [ ]`` and backslashes: no ``.`` ``!`` ``?``,
  parenthesis, quote, line break or placeholder symbol) is one sentence, its leading spaces
  dropped, without running pysbd: "12:00:01 WARN job 32 started" (``bench/chunking_logs.py``: ~9x
  on such a log);
* the abbreviation-as-sentence-boundary substitution, whose pattern pysbd rebuilds from ~25 words
  on every call, is skipped when the text holds no abbreviation period (``\u222f``) for it to match.

``tests/unit/test_chunking_speed.py`` checks the output against plain pysbd (hypothesis) and
against a fingerprint of the chunks the plain splitter gave on the seeds and on SciFact.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PLAIN = re.compile(r"[a-z0-9]+")
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")  # İ ı ſ K: IGNORECASE-equal to ASCII letters
# every match of pysbd's NUMBERED_LIST_REGEX_1 is one or two digits before "." and a space or ")"
_NUMBER_DOT = re.compile(r"\d\.[\s)]")
_LIST_LETTERS: dict[str, re.Pattern] = {}  # pysbd's list-letter regexes -> equivalent faster ones
_DOTTED_RUN = re.compile(r"(?<![a-z0-9])[a-z0-9]+(?=\.)")  # a whole [a-z0-9] run just before a "."
# text no rule of pysbd's reads: ASCII letters, digits, spaces, tabs and marks none of its patterns
# holds (no . ! ? ( ) quotes, no line break, none of the symbols it puts in and takes out again)
_UNSPLIT = re.compile(r"[A-Za-z0-9 \t,:;_/=+#@%&*~<>|^$`{}\[\]\\-]*")


@lru_cache(maxsize=None)
def _compiled_rule(pattern: str) -> tuple[re.Pattern, str | None]:
    """A rule's compiled pattern, and the plain string it matches if it is a literal (else None)."""
    try:
        from re import _parser as parser  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_parse as parser
    literal = None
    try:
        items = list(parser.parse(pattern))
        if items and all(op == parser.LITERAL for op, _ in items):
            literal = "".join(chr(c) for _, c in items)
    except Exception:  # noqa: BLE001 - unknown form: always run the substitution
        literal = None
    return re.compile(pattern), literal


def _apply(text: str, *rules) -> str:
    """pysbd's ``Text(text).apply(*rules)`` (``re.sub`` of each rule in turn), skipping the
    substitutions of literal patterns that do not occur in the text (no-ops)."""
    for rule in rules:
        compiled, literal = _compiled_rule(rule.pattern)
        if literal is not None and literal not in text:
            continue
        text = compiled.sub(rule.replacement, text)
    return text


@lru_cache(maxsize=4)
def _abbreviations(abbreviations: tuple[str, ...] | list[str]) -> tuple[tuple[str, bool], ...]:
    """(stripped abbreviation, plain lower-case ASCII?) in pysbd's order."""
    return tuple((a.strip(), bool(_PLAIN.fullmatch(a.strip()))) for a in abbreviations)


def _dotted_suffixes(lowered: str, longest: int = 16) -> set[str]:
    """Every plain ``abbr`` (up to ``longest`` characters) for which ``abbr + "."`` occurs in
    ``lowered``: the suffixes of the [a-z0-9] runs that end just before a period."""
    out: set[str] = set()
    for run in _DOTTED_RUN.findall(lowered):
        n = len(run)
        out.update(run[i:] for i in range(max(0, n - longest), n))
    return out


@lru_cache(maxsize=1)
def segmenter():
    """A ``pysbd.Segmenter`` (English, ``clean=False``) whose ``segment`` equals pysbd's."""
    import pysbd
    from pysbd.lang.english import English
    from pysbd.lists_item_replacer import ListItemReplacer
    from pysbd.processor import Processor
    from pysbd.utils import Text, TextSpan

    class _Replacer(English.AbbreviationReplacer):
        def search_for_abbreviations_in_string(self, text):
            if _FOLDS_TO_ASCII.search(text):
                return super().search_for_abbreviations_in_string(text)
            lowered = text.lower()
            dotted = _dotted_suffixes(lowered)  # every plain "abbr" such that "abbr." is in the text
            # pysbd's loop (abbreviation_replacer.py), over the abbreviations that can change text
            for stripped, plain in _abbreviations(tuple(self.lang.Abbreviation.ABBREVIATIONS)):
                if plain:
                    if stripped not in dotted:
                        continue  # no "abbr." anywhere: every substitution below would be a no-op
                elif stripped not in lowered:
                    continue
                abbrev_match = re.findall(r"(?:^|\s|\r|\n){}".format(stripped), text, flags=re.IGNORECASE)
                if not abbrev_match:
                    continue
                next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
                char_array = re.findall(next_word_start, text)
                for ind, match in enumerate(abbrev_match):
                    text = self.scan_for_replacements(text, match, ind, char_array)
            return text

        def replace_abbreviation_as_sentence_boundary(self):
            # pysbd's builds its pattern (~25 sentence starters) anew on every call, and every match
            # holds a "\u222f" (an abbreviation's period, put in above): none, nothing to replace
            if "\u222f" not in self.text:
                return self.text
            return super().replace_abbreviation_as_sentence_boundary()

    class _ListItems(ListItemReplacer):
        def iterate_alphabet_array(self, regex, parens=False, roman_numeral=False):
            # pysbd's method with its findall regex replaced by an equivalent one (_LIST_LETTERS)
            list_array = _LIST_LETTERS[regex].findall(self.text)
            alphabet = self.ROMAN_NUMERALS if roman_numeral else self.LATIN_NUMERALS
            list_array = [i for i in list_array if i in alphabet]
            for ind, each in enumerate(list_array):
                if ind == len(list_array) - 1:
                    self.text = self.last_array_item_replacement(each, ind, alphabet, list_array, parens)
                else:
                    self.text = self.other_items_replacement(each, ind, alphabet, list_array, parens)
            return self.text

        def scan_lists(self, regex1, regex2, replacement, strip=False):
            # fewer than two list numbers: pysbd's loop below never substitutes anything
            if regex1 == self.NUMBERED_LIST_REGEX_1 and len(_NUMBER_DOT.findall(self.text)) < 2:
                return
            super().scan_lists(regex1, regex2, replacement, strip)

    class _Processor(Processor):
        def process(self):  # pysbd's Processor.process, with _ListItems
            if not self.text:
                return self.text
            self.text = self.text.replace('\n', '\r')
            self.text = _ListItems(self.text).add_line_break()
            self.replace_abbreviations()
            self.replace_numbers()
            self.replace_continuous_punctuation()
            self.replace_periods_before_numeric_references()
            self.text = Text(self.text).apply(
                self.lang.Abbreviation.WithMultiplePeriodsAndEmailRule,
                self.lang.GeoLocationRule, self.lang.FileFormatRule)
            return self.split_into_segments()

        def split_into_segments(self):  # pysbd's, with _apply for Text(...).apply
            lang = self.lang
            self.check_for_parens_between_quotes()
            sents = self.rm_none_flatten(self.text.split('\r'))
            sents = [_apply(s, lang.SingleNewLineRule, *lang.EllipsisRules.All) for s in sents]
            sents = self.rm_none_flatten([self.check_for_punctuation(s) for s in sents])
            out = []
            for sent in sents:
                post = self.post_process_segments(_apply(sent, *lang.SubSymbolsRules.All))
                if post and isinstance(post, str):
                    out.append(post)
                elif isinstance(post, list):
                    out.extend(post)
            return [_apply(s, lang.SubSingleQuoteRule) for s in out]

        def post_process_segments(self, txt):  # pysbd's, with _apply
            if len(txt) > 2 and re.search(r'\A[a-zA-Z]*\Z', txt):
                return txt
            txt = _apply(txt, *self.lang.ReinsertEllipsisRules.All)
            if re.search(self.lang.QUOTATION_AT_END_OF_SENTENCE_REGEX, txt):
                return re.split(self.lang.SPLIT_SPACE_QUOTATION_AT_END_OF_SENTENCE_REGEX, txt)
            return txt.replace('\n', '').strip()

    class _English(English):
        AbbreviationReplacer = _Replacer
        Processor = _Processor

    _LIST_LETTERS.update({
        # (?<=^)x|(?<=\A)x|(?<=\s)x  ==  (?<!\S)x   (no MULTILINE: ^ is \A)
        ListItemReplacer.ALPHABETICAL_LIST_WITH_PERIODS: re.compile(r"(?<!\S)[a-z](?=\.)"),
        # ... and (?<=\()x as well: preceded by nothing, whitespace or "("
        ListItemReplacer.ALPHABETICAL_LIST_WITH_PARENS: re.compile(r"(?<![^\s(])[a-z]+(?=\))"),
    })

    class _Segmenter(pysbd.Segmenter):
        def __init__(self):
            super().__init__(language="en", clean=False)
            self.language_module = _English

        def segment(self, text):
            if _UNSPLIT.fullmatch(text):  # no rule of pysbd's can split or rewrite it: one sentence
                sent = text.lstrip(" \t")  # (pysbd strips a sentence; its span keeps the spaces after it)
                return [sent] if sent else []
            return super().segment(text)

        def sentences_with_char_spans(self, sentences):
            text, spans, prior = self.original_text, [], 0
            for sent in sentences:
                if not sent:  # an empty pattern: leave it to pysbd's own loop
                    return super().sentences_with_char_spans(sentences)
                pos = 0
                while (at := text.find(sent, pos)) >= 0:  # re.finditer's non-overlapping matches
                    end = at + len(sent)
                    while end < len(text) and text[end].isspace():  # the \s* suffix
                        end += 1
                    if end > prior:
                        spans.append(TextSpan(text[at:end], at, end))
                        prior = end
                        break
                    pos = end
            return spans

    return _Segmenter()


# a sentence end glued to the next sentence ("54%.With", "(SAP).Methods"): the left side a plain
# word (no path, dot or option characters) ending in . ? ! or :, the right side a capitalised word
_GLUED_LEFT = re.compile(r"(?:^|\s)[\w%()\[\]\"'\u2019\u201d-]*[\w%)\]]['\u2019\u201d]?[.?!:]['\"\u2019\u201d)]*$")
_GLUED_RIGHT = re.compile(r"[A-Z][a-z]")


def glued_sentence_end(left: str, right: str) -> bool:
    """``left`` + ``right`` is two sentences written without a space ("shown.The"), not one token."""
    return bool(_GLUED_RIGHT.match(right)) and bool(_GLUED_LEFT.search(left[-80:]))


def keep_tokens_whole(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` with every cut that falls inside a token without spaces undone.

    pysbd takes a period inside a path, file name, version, URL or option for a sentence end
    ("your ~/." | "config/fish/config.fish"; "index.html?" | "x=1."): a sentence boundary is
    only kept where whitespace separates the two spans, or where a plain word's sentence end is
    glued to the next sentence's capitalised first word ("were 54%.With a median").  Else the
    two spans are one sentence."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if (out and not any(c.isspace() for c in text[out[-1][1]:s])
                and not glued_sentence_end(text[out[-1][0]:out[-1][1]], text[s:s + 2])):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
