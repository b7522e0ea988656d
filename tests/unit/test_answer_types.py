"""The asked-for kind of fact: "how many days" wants a number of days, not any number."""

from qa.answer.evidence import counted, counts, type_bonus


def test_counted_names_what_is_counted():
    assert counted("How many days did the Warsaw Uprising last?") == "day"
    assert counted("how much money was raised?") == "money"
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
