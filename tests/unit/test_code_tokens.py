"""Identifiers and options are BM25 tokens of their own as well as their parts (tokenizer qa-tok-3)."""

from qa.search import BM25, TermCounts, code_terms, code_tokens, tokenize
from qa.search.aliases import query_concepts


def test_an_identifier_gives_its_parts_and_itself():
    toks = tokenize("Raise frob_limit before quill.bufSize grows")
    assert {"frob", "limit", "quill", "frob_limit", "quill.bufsize"} <= set(toks)
    assert code_tokens("FROB_LIMIT is read once") == ["frob_limit"]  # identifiers: any case


def test_options_keep_their_case_and_prose_gives_no_code():
    assert code_tokens("Delete with -d, or force it with -D and --no-quill-dir.") == ["-d", "-D", "--no-quill-dir"]
    assert code_tokens("The U.S. team, e.g. in 2.5 hours, was well-known (up-to-date).") == []
    assert code_tokens("It ends here. Next sentence.") == []


def test_code_terms_are_whole_and_in_order():
    text = "set autoquill_frob_limit, then frob_limit; see o.__notes__ and pkg::fn"
    assert code_terms(text) == ["autoquill_frob_limit", "frob_limit", "o.__notes__", "pkg::fn"]


def _bm25(texts):
    return BM25.from_counts(TermCounts.from_tokens(tokenize(t) for t in texts))


def test_the_passage_that_names_the_identifier_ranks_first():
    passages = [
        "autoquill_frob_limit sets the memory each autoquill worker may use; by default it is -1.",
        "frob_limit sets the memory a sort may use before it writes to disk; the default is four megabytes.",
        "The quill server reads its settings at start.",
    ] * 1 + ["Quill writes its log to disk."] * 5
    plain, synonyms = query_concepts("What is the default of autoquill_frob_limit?")
    assert "autoquill_frob_limit" in plain
    assert _bm25(passages).top(plain, 2)[0][0] == 0
    plain, _ = query_concepts("What is the default of frob_limit?")
    top = _bm25(passages).top(plain, 2)
    assert top[0][0] == 1 and top[0][1] > top[1][1]
