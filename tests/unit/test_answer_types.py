"""The asked-for kind of fact: "how many days" wants a number of days, not any number."""

from qa.answer.evidence import counted, counts, type_bonus


def test_counted_names_what_is_counted():
    assert counted("How many days did the Warsaw Uprising last?") == ("day",)
    assert counted("how much money was raised?") == ("money",)
    # names qualify what is counted, they are not it; two words of the phrase count
    assert counted("How many Turkish soldiers died in al-Bab?") == ("soldier", "die")
    assert counted("How many UN monitors will be sent to Aleppo?") == ("monitor",)
    assert counted("How many phone calls did Zarif and Lavrov have?") == ("phone", "call")
    assert counted("How much did it cost?") is None  # "did": nothing named
    assert counted("What is the population of Tehran?") is None


def test_a_number_counts_only_with_its_unit_beside_it():
    assert counts("It went on for 63 days.", "day")
    assert counts("It was their second phone discussion in two days.", "day")
    assert not counts("On 1 August 1944 the Warsaw Uprising began.", "day")
    assert not counts("Days later, 40 people left.", "day")  # the unit before the number, not after


def test_type_bonus_for_numbers():
    assert type_bonus("number", "It went on for 63 days.", unit="day") == 1.0
    assert type_bonus("number", "On 1 August 1944 it began.", unit="day") == 0.0
    assert type_bonus("number", "On 1 August 1944 it began.") == 1.0  # no unit asked for: any number
    assert type_bonus("number", "It began in the summer.", unit="day") == 0.0


def test_none_counts_too():
    assert counts("None of the original treaties mention fundamental rights.", ("origin", "treati"))


def test_dates_are_any_year_century_or_decade_but_not_a_clock_time():
    for text in ("It was established in 1817.", "in about 1300,", "the first century AD", "the 19th century",
                 "In the 1990s, it grew.", "in 2003"):
        assert type_bonus("date", text) == 1.0, text
    assert type_bonus("date", "UPDATE 1015 GMT: Removals continue.") == 0.0
    assert type_bonus("date", "Three people left.") == 0.0


def test_word_pairs_held_in_order():
    from qa.answer.evidence import pair_overlap, token_pairs

    q = token_pairs("When was Warsaw's first stock exchange established?")
    assert pair_overlap(q, "Warsaw's first stock exchange was established in 1817.") == 1.0
    assert pair_overlap(q, "Today the Warsaw Stock Exchange is the largest market.") < 0.5
    assert pair_overlap(frozenset(), "anything") == 0.0


def test_add_to_is_not_speech():
    from qa.answer.intent import parse

    assert parse("What did Watt add to the steam engine in 1788?").kind != "said"
    assert parse("What did Zarif add about the US?").kind == "said"


def test_units_count_by_their_abbreviations():
    assert counts("4 kg (8.8 lb) of steam per kWh.", ("pound",))
    assert counts("a wall 10 ft high", ("feet",)) and counts("about 300 km (190 mi) from the sea", ("mile",))
    assert not counts("4 kg of steam", ("pound",))
