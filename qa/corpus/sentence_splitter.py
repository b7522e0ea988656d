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

``tests/unit/test_chunking_speed.py`` checks the output against plain pysbd (hypothesis) and
against a fingerprint of the chunks the plain splitter gave on the seeds and on SciFact.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PLAIN = re.compile(r"[a-z0-9]+")
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")  # İ ı ſ K: IGNORECASE-equal to ASCII letters


@lru_cache(maxsize=1)
def segmenter():
    """A ``pysbd.Segmenter`` (English, ``clean=False``) whose ``segment`` equals pysbd's."""
    import pysbd
    from pysbd.lang.english import English
    from pysbd.utils import TextSpan

    class _Replacer(English.AbbreviationReplacer):
        def search_for_abbreviations_in_string(self, text):
            if _FOLDS_TO_ASCII.search(text):
                return super().search_for_abbreviations_in_string(text)
            lowered = text.lower()
            # pysbd's loop (abbreviation_replacer.py), over the abbreviations that can change text
            for abbr in self.lang.Abbreviation.ABBREVIATIONS:
                stripped = abbr.strip()
                if stripped not in lowered:
                    continue
                if _PLAIN.fullmatch(stripped) and stripped + "." not in lowered:
                    continue  # no "abbr." anywhere: every substitution below would be a no-op
                abbrev_match = re.findall(r"(?:^|\s|\r|\n){}".format(stripped), text, flags=re.IGNORECASE)
                if not abbrev_match:
                    continue
                next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
                char_array = re.findall(next_word_start, text)
                for ind, match in enumerate(abbrev_match):
                    text = self.scan_for_replacements(text, match, ind, char_array)
            return text

    class _English(English):
        AbbreviationReplacer = _Replacer

    class _Segmenter(pysbd.Segmenter):
        def __init__(self):
            super().__init__(language="en", clean=False)
            self.language_module = _English

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
