"""The asked-for kind of fact: "how many days" wants a number of days, not any number."""

from qa.answer.kinds import counted, counts, type_bonus


def test_counted_names_what_is_counted():
    assert counted("How many days did the Warsaw Uprising last?").units == ("day",)
    assert counted("how much money was raised?").units == ("money",)
    # names qualify what is counted, they are not it; two words of the phrase count
    assert counted("How many Turkish soldiers died in al-Bab?").units == ("soldier", "die")
    assert counted("How many UN monitors will be sent to Aleppo?").units == ("monitor",)
    assert counted("How many phone calls did Zarif and Lavrov have?").units == ("phone", "call")
    assert counted("How much did it cost?") is None  # "did": nothing named
    assert counted("What is the population of Tehran?") is None
    # what the question says of the counted thing: its lower-case words after the phrase
    assert counted("How many ISIS fighters were killed by Turkish air strikes?").acts == ("kill", "air", "strike")


def test_a_number_is_tied_to_what_is_counted_by_what_is_done_to_it():
    fighters = counted("How many ISIS fighters were killed by Turkish air strikes?")
    assert counts("Turkish warplanes struck Daesh targets, killing 22 of the group's terrorists.", fighters)
    assert not counts("Turkish warplanes struck 22 Daesh targets.", fighters)
    troops = counted("How many troops does the Syrian army have available?")
    assert counts("a lame-duck Syrian army of less than 20,000 deployable forces", troops)
    # a question word after the number is what the number counts: three bombs, not three people
    people = counted("How many people were killed by the cluster bombs in Misraba?")
    assert not counts("Casualties are reported from three cluster bombs on a civilian site in Misraba.", people)


def test_a_share_is_no_count():
    pounds = counted("How many pounds of steam per kilowatt hour does the Energiprojekt AB engine use?")
    assert not counts("The efficiency of Energiprojekt's steam engine reaches some 27-30% on engines.", pounds)
    assert counts("It consumes 4 kg (8.8 lb) of steam per kWh.", pounds)


def test_an_ordinal_counts_what_follows_it():
    calls = counted("How many phone calls did Zarif and Lavrov have that week?")
    assert counts("It was their second phone discussion in two days.", calls)
    assert not counts("It was their second meeting.", calls)


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


def test_a_place_the_question_names_is_no_answer_to_where():
    from qa.answer.kinds import named

    given = named("Where were civilians hurt by cluster bombs near Damascus?")
    assert type_bonus("place", "Activists report cluster bomb attacks near Damascus.", given=given) == 0.0
    assert type_bonus("place", "Three cluster bombs fell on a civilian site in Misraba.", given=given) == 1.0
    assert type_bonus("place", "Forces bombed a centre in the besieged al-Wa'er district of Homs city.") == 1.0


def test_facts_are_the_values_of_the_kind_asked_for():
    from qa.answer.kinds import facts

    assert facts("date", "Russia and Iran have backed Assad since the uprising began in March 2011.") == {"2011"}
    assert facts("date", "After vetoing six resolutions since 2011, Russia worked with France.") == {"2011"}
    assert facts("date", "Russia has bombed since September 2015.") == {"2015"}
    assert facts("number", "25,000 people were moved on two buses.") == {"25000", "two"}
    assert facts("place", "The talks were held in Moscow near the Kremlin.") == {"Moscow", "Kremlin"}
    assert facts("reason", "It failed because of the war.") == frozenset()


def test_a_reason_is_given_by_what_a_feeling_is_over_or_a_verdict_is_for():
    assert type_bonus("reason", "Hezbollah is furious over the fact that Ankara demanded all foreign fighters leave.") == 1.0
    assert type_bonus("reason", "The resolution has been criticized for making no references to such crimes.") == 1.0
    assert type_bonus("reason", "Hezbollah has rejected the ceasefire agreement.") == 0.0


def test_what_is_the_name_of_wants_a_name_the_question_does_not_give():
    from qa.answer.kinds import new_name
    from qa.answer.intent import parse

    intent = parse("What was the name of the Russian ambassador killed in Ankara?")
    assert intent.kind == "name" and intent.topic == "the Russian ambassador killed in Ankara"
    assert not new_name("On Monday the Russian Ambassador to Turkey was shot in Ankara.", intent.topic)
    assert new_name("Russian Ambassador Andrei Karlov was shot in Ankara.", intent.topic)
    assert new_name("The locomotive was called Catch Me Who Can.", "the locomotive that debuted in 1808")


def test_how_something_was_done_is_said_by_means_words():
    from qa.answer.intent import parse

    assert parse("How were the earlier Aleppo evacuation deals derailed?").kind == "manner"
    assert parse("How many deals were derailed?").kind == "number"
    assert type_bonus("manner", "Two agreements had been undermined by Iranian objections.") == 1.0
    assert type_bonus("manner", "Ankara has stood aside while pro-Assad forces besieged the city.") == 1.0
    assert type_bonus("manner", "Civilians are being taken out of two villages with their families.") == 0.0
