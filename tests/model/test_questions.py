"""Bad or unusual questions: a clear error (exit code 2) or a sensible answer, never a crash."""

from __future__ import annotations

import json

import pytest

from qa.errors import ExitCode, QuestionError
from qa.answer.question import MAX_QUESTION_CHARS, clean_question

BAD = [
    ("", "the question is empty"),
    ("   \t \n  ", "the question is empty"),
    ("\x00\x07\x1b\x7f", "the question is empty (only control or invisible characters)"),
    ("\u200b\u200d\u2060\ufeff", "the question is empty (only control or invisible characters)"),
    ("\ud800\udfff", "the question is empty (only control or invisible characters)"),  # lone surrogates
    ("?!... --- ???", "the question has no words in it"),
    ("🙂🙂🔥 👍🏽", "the question has no words in it"),
    ("x" * 100_000, "the question is too long (100,000 characters; the limit is 2,000)"),
    ("word " * 500, "the question is too long (2,499 characters; the limit is 2,000)"),
    ("a" * 10_000_000, "the question is too long (10,000,000 characters"),
]

ODD = [
    "What did\x00 Zarif\x1b[31m say about the US?\x07",  # control characters inside
    "What did Zarif say about the US? 🙂🇺🇸",  # emoji (flags are pairs of regional indicators)
    "ماذا قال ظريف عن الولايات المتحدة؟",  # Arabic
    "扎里夫对美国说了什么？",  # Chinese
    "ظریف درباره\u200cی آمریکا چه گفت؟",  # Persian, with a zero-width non-joiner
    "Что сказал Зариф о США?",  # Russian
    "ZARIF   U.S.\u00a0\u00a0«Astana»  \u201ctalks\u201d\n\n",  # odd spacing and quotes
    "Zarif " * 330,  # just under the length limit
]


@pytest.mark.parametrize("question, message", BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_bad_question_is_a_clear_error(question, message, fake_index):
    from qa.answer import answer

    with pytest.raises(QuestionError) as exc:
        clean_question(question)
    assert str(exc.value).startswith(message)
    assert exc.value.exit_code == ExitCode.USAGE
    with pytest.raises(QuestionError):
        answer(fake_index, question)


@pytest.mark.parametrize("question, message", BAD[:8], ids=[f"bad{i}" for i in range(8)])
def test_bad_question_on_the_command_line(question, message, capsys, tmp_path, run_cli):
    """The question is checked before anything is loaded: no index needed, one line, exit 2."""
    code, out, err = run_cli("ask", question, "--index-dir", str(tmp_path / "none"))
    assert code == ExitCode.USAGE and out == ""
    assert err.count("\n") == 1 and err.startswith(f"qa: error: {message}") and "Traceback" not in err


def test_cleaning_keeps_words_of_every_script():
    assert clean_question(ODD[0]) == "What did Zarif say about the US?"  # the colour code goes whole
    assert clean_question(ODD[4]) == "ظریف دربارهی آمریکا چه گفت؟"
    assert clean_question(ODD[6]) == "ZARIF U.S. «Astana» \u201ctalks\u201d"
    for q in ODD:
        cleaned = clean_question(q)
        assert cleaned and len(cleaned) <= MAX_QUESTION_CHARS and cleaned == cleaned.strip()


@pytest.mark.parametrize("question", ODD, ids=[f"odd{i}" for i in range(len(ODD))])
def test_odd_questions_are_answered(question, fake_index):
    from qa.answer import answer
    from qa.search.retrieve import SearchConfig

    for mode in ("hybrid", "bm25", "dense"):
        result = answer(fake_index, question, config=SearchConfig(mode=mode))
        _check_answer(fake_index, result)


def _check_answer(index, result):
    assert result.text
    for c in result.citations:
        assert index.docs.text(index.docs.position[c.doc])[c.start : c.end] == c.text
    if not result.abstained:
        assert all(f"[{c.n}]" in result.text for c in result.citations)
    json.dumps(result.to_dict(), ensure_ascii=False)


@pytest.mark.model
@pytest.mark.parametrize("question", ODD, ids=[f"odd{i}" for i in range(len(ODD))])
def test_odd_questions_with_the_real_model(question, real_index):
    from qa.answer import answer

    result = answer(real_index, question)
    _check_answer(real_index, result)


@pytest.mark.model
def test_control_characters_and_emoji_do_not_change_the_answer(real_index):
    from qa.answer import answer

    plain = answer(real_index, "What did Zarif say about the US?")
    noisy = answer(real_index, "What did\x00 Zarif\u200b say about the US?\x07")
    assert not plain.abstained
    assert [(c.doc, c.start, c.end) for c in noisy.citations] == [(c.doc, c.start, c.end) for c in plain.citations]


@pytest.mark.model
def test_odd_questions_on_the_command_line(real_index_dir, capsys, run_cli):
    for question in (ODD[1], ODD[2], ODD[3], ODD[4]):
        code, out, err = run_cli("ask", question, "--json", "--index-dir", str(real_index_dir))
        assert code == 0, err
        assert "Traceback" not in err
        data = json.loads(out)
        assert data["question"] == clean_question(question) and data["answer"]
