"""Short answers: dates, numbers, names, reasons and durations found in a sentence."""

from __future__ import annotations

from datetime import date

import pytest

from bot.extract import (
    counts,
    find_advice,
    find_dates,
    find_durations,
    find_numbers,
    find_reasons,
    find_scores,
    short_answer,
)
from bot.marks import date_marker, question_markers
from bot.models import AnswerType
from bot.names import NameHints, find_names, place_with_region, written_as_place
from bot.nearness import nearest_answer
from bot.spans import Span
from bot.text import stem, words
from bot.who import only_reports

PUBLISHED = date(2024, 7, 18)
HINTS = NameHints(
    common_words=frozenset({"journalist", "independent", "spokesperson", "the", "company"}),
    proper_words=frozenset({"Kim", "Zetter", "Sawyer", "VanHorn", "Kaspersky", "Gina", "Raimondo"}),
)


def _texts(spans: list[Span]) -> list[str]:
    return [span.text for span in spans]


def _date_answers(sentence: str, published: date | None = PUBLISHED) -> list[str | None]:
    return [short_answer(AnswerType.DATE, span, published) for span in find_dates(sentence)]


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Starting July 20, the firm will wind down.", "July 20, 2024"),
        ("Customers will stop receiving updates on September 29.", "September 29, 2024"),
        ("It happened on Jul. 18 in Washington.", "Jul. 18, 2024"),
        ("The bridge reopens on March 3, 2023.", "March 3, 2023"),
        ("The Trump administration banned it in 2017.", "2017"),
        ("The ban was announced in June by the department.", "June 2024"),
        # The end or start of a month or year is a date too.
        ("Its office will close by the end of July.", "the end of July 2024"),
        ("The plant opens at the start of next year.", "the start of next year"),
        ("Work finishes at the end of 2026.", "the end of 2026"),
    ],
)
def test_date_short_answer_adds_the_published_year_where_missing(sentence: str, expected: str) -> None:
    assert _date_answers(sentence)[0] == expected


def test_date_without_a_published_date_keeps_no_year() -> None:
    assert _date_answers("Updates stop on September 29.", published=None) == ["September 29"]
    assert _date_answers("It was announced in June.", published=None) == ["June"]


def test_weekday_dates_are_found_without_a_year() -> None:
    spans = find_dates("As of Tuesday, Kaspersky’s products were no longer available for purchase.")
    assert _texts(spans) == ["As of Tuesday"]
    (answer,) = _date_answers("As of Tuesday, Kaspersky’s products were no longer available.")
    assert answer is not None
    assert answer.endswith("Tuesday")
    assert "2024" not in answer


def test_dates_found_in_order_with_offsets() -> None:
    sentence = "Sales stop starting July 20, and updates end on September 29."
    spans = find_dates(sentence)
    assert _texts(spans) == ["July 20", "September 29"]
    assert all(sentence[span.start : span.end] == span.text for span in spans)


def test_sentence_without_a_date_has_none() -> None:
    assert find_dates("Kaspersky denied any wrongdoing.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Updates end by September 29.", "September 29, 2024"),
        ("The office has operated since July 20, 2004.", "July 20, 2004"),
        ("Drivers can use the bridge from March 3.", "March 3, 2024"),
    ],
)
def test_preposition_before_a_full_date_keeps_the_day(sentence: str, expected: str) -> None:
    assert _date_answers(sentence) == [expected]


def test_capitalised_preposition_is_stripped_like_a_lower_case_one() -> None:
    (lower,) = _date_answers("Kaspersky was banned from federal networks in 2017.")
    (upper,) = _date_answers("In 2017, Kaspersky was banned from federal networks.")
    assert lower == "2017"
    assert upper == "2017"


# --- numbers -----------------------------------------------------------------------------


def test_numbers_keep_their_qualifier_and_noun() -> None:
    assert _texts(find_numbers("The layoffs will affect fewer than 50 employees.")) == [
        "fewer than 50 employees"
    ]
    assert _texts(find_numbers("Kaspersky will lay off dozens of employees after the ban.")) == [
        "dozens of employees"
    ]
    assert _texts(find_numbers("About 300 people work there.")) == ["About 300 people"]


def test_a_currency_named_after_its_country_is_part_of_the_sum() -> None:
    fine = "The regulator fined Harrowgate Clinics 14.2 million Ostravian marks on 2 June."
    assert _texts(find_numbers(fine)) == ["14.2 million Ostravian marks"]
    assert _texts(find_numbers("It paid 500 Hong Kong dollars.")) == ["500 Hong Kong dollars"]
    # Only a figure is counted in a currency: here "marks" is what the purchase does.
    bought = "The purchase of 25 per cent of Kilbride Mills marks its third deal."
    assert "Mills marks" not in " ".join(_texts(find_numbers(bought)))


def test_numbers_written_in_words_are_whole() -> None:
    rain = "A deluge saw a hundred and twelve millimetres of rainfall."
    assert _texts(find_numbers(rain)) == ["a hundred and twelve millimetres"]
    assert _texts(find_numbers("Households will pay four and a half percent more.")) == [
        "four and a half percent"
    ]
    assert _texts(find_numbers("It took twenty-four months.")) == ["twenty-four months"]


def test_a_temperature_keeps_the_unit_glued_to_its_figure() -> None:
    assert _texts(find_numbers("A temperature of 38.4C was recorded.")) == ["38.4C"]
    assert _texts(find_numbers("It confirmed the 38.4°C reading.")) == ["38.4°C reading"]


def test_a_percentage_keeps_its_sign_before_punctuation() -> None:
    assert _texts(find_numbers("Turnout was 27.6%, with heavy rain.")) == ["27.6%"]
    assert _texts(find_numbers("Fares rose by seven and a half per cent from April.")) == [
        "seven and a half per cent"
    ]


def test_a_share_written_as_a_fraction_is_a_figure() -> None:
    assert _texts(find_numbers("A quarter of appointments are now held by phone.")) == ["A quarter"]
    assert find_numbers("They spent a quarter of an hour there.") == []


def test_the_cents_after_the_currency_belong_to_the_sum() -> None:
    assert _texts(find_numbers("A return ticket will cost six euros fifty, the operator said.")) == [
        "six euros fifty"
    ]


def test_the_day_before_a_month_is_not_a_count() -> None:
    assert _texts(find_numbers("Fares will rise by 7.5% on 6 April.")) == ["7.5%"]


def test_a_bare_year_is_not_a_number() -> None:
    assert find_numbers("The ban came in 2017.") == []


def test_number_short_answer_is_the_span() -> None:
    (span,) = find_numbers("The layoffs will affect fewer than 50 employees.")
    assert short_answer(AnswerType.NUMBER, span, PUBLISHED) == "fewer than 50 employees"


def test_an_amount_keeps_its_currency_sign() -> None:
    assert _texts(find_numbers("Carrow will pay $2.1 billion for Medivista.")) == ["$2.1 billion"]
    assert _texts(find_numbers("The fine was €40 million.")) == ["€40 million"]


def test_a_year_before_a_comma_is_not_a_number() -> None:
    assert find_numbers("In 2017, the ban began.") == []


# --- names -------------------------------------------------------------------------------


def test_leading_common_word_is_dropped_from_a_name() -> None:
    assert _texts(find_names("Journalist Kim Zetter first reported the layoffs.", HINTS)) == ["Kim Zetter"]


def test_lone_capitalised_sentence_opener_is_not_a_name() -> None:
    assert _texts(find_names("Independent journalist Kim Zetter reported that.", HINTS)) == ["Kim Zetter"]
    assert find_names("Independent analysts disagreed.", NameHints()) == []
    assert find_names("Yesterday the company left.", HINTS) == []


def test_lone_opener_the_articles_capitalise_mid_sentence_is_a_name() -> None:
    assert _texts(find_names("Kaspersky said so.", HINTS)) == ["Kaspersky"]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The order, signed by Interior Minister Hedda Lorsen, gives staff a month.", "Hedda Lorsen"),
        ("U.S. Commerce Secretary Gina Raimondo stated that.", "Gina Raimondo"),
        ("Federal Court Judge Anna Berg ruled on Monday.", "Anna Berg"),
    ],
)
def test_a_name_follows_the_last_title_before_it(sentence: str, name: str) -> None:
    assert name in _texts(find_names(sentence, NameHints()))


def test_a_weekday_owning_something_is_no_name() -> None:
    sentence = "Police investigating Monday's raid have found the van on Kestrel Road."
    assert _texts(find_names(sentence, NameHints())) == ["Kestrel Road"]


def test_what_someone_was_is_no_part_of_a_name() -> None:
    sentence = "Former ValuMart executive Priya Halvorsen will take the top job."
    assert "Priya Halvorsen" in _texts(find_names(sentence, NameHints()))
    assert "Former ValuMart" not in _texts(find_names(sentence, NameHints()))


def test_lone_opener_no_dictionary_holds_is_a_name() -> None:
    opener = "Millhaven has been selected as the home of the new battery plant."
    assert _texts(find_names(opener, NameHints())) == ["Millhaven"]


def test_name_spans_point_into_the_sentence() -> None:
    sentence = "Sawyer VanHorn, a Kaspersky spokesperson, confirmed the layoffs."
    spans = find_names(sentence, HINTS)
    assert _texts(spans) == ["Sawyer VanHorn", "Kaspersky"]
    assert all(sentence[span.start : span.end] == span.text for span in spans)


def test_person_answer_prefers_a_full_name() -> None:
    sentence = "Sawyer VanHorn, a Kaspersky spokesperson, confirmed the layoffs."
    question = "Which spokesperson confirmed the layoffs?"
    stems = frozenset(stem(word) for word in ("spokesperson", "confirmed", "layoffs"))
    found = nearest_answer(AnswerType.PERSON, sentence, (stems, stems), frozenset(words(question)), HINTS)
    assert found is not None
    assert found[0].text == "Sawyer VanHorn"


def test_who_is_put_in_a_post_not_who_announces_it() -> None:
    sentence = (
        "Mark Hesketh-Boyd has been named the new principal of Ollerbrook Academy, the Vale Learning"
        " Trust has announced."
    )
    question = "Who has been appointed headteacher of Ollerbrook Academy?"
    stems = frozenset(stem(word) for word in ("appointed", "headteacher", "ollerbrook", "academy"))
    found = nearest_answer(AnswerType.PERSON, sentence, (stems, stems), frozenset(words(question)), HINTS)
    assert found is not None
    assert found[0].text == "Mark Hesketh-Boyd"


def test_a_name_the_question_already_gives_is_not_the_answer() -> None:
    sentence = "Eugene Kaspersky, the CEO, was not sanctioned."
    question = "Who is Eugene Kaspersky?"
    stems = frozenset({stem("eugene"), stem("kaspersky")})
    found = nearest_answer(AnswerType.PERSON, sentence, (stems, stems), frozenset(words(question)), HINTS)
    # Neither the name the question gives nor a role word ("CEO") names who.
    assert found is None


def test_a_title_before_a_name_is_not_part_of_it() -> None:
    assert _texts(find_names("CEO Marta Kellner announced the recall.", HINTS)) == ["Marta Kellner"]


def test_a_place_keeps_the_region_written_after_it() -> None:
    sentence = "Fenwick will build the plant in Dayton, Ohio, the automaker said."
    (span,) = [span for span in find_names(sentence, HINTS) if span.text == "Dayton"]
    assert place_with_region(sentence, span) == "Dayton, Ohio"
    listed = "Plants are planned in Dayton, Toledo and Akron."
    (first,) = [span for span in find_names(listed, HINTS) if span.text == "Dayton"]
    assert place_with_region(listed, first) == "Dayton"  # a list, not a town and its region


def test_what_a_date_marks_besides_the_happening() -> None:
    announced = "The department announced in June a ban that starts July 20."
    assert [date_marker(announced, span) for span in find_dates(announced)] == ["telling", "start"]
    available = "The drug will be available starting June 2, until supplies run out by September 30."
    assert [date_marker(available, span) for span in find_dates(available)] == ["start", "end"]
    plain = "The storm hit the coast on March 3."
    assert [date_marker(plain, span) for span in find_dates(plain)] == [None]


def test_who_is_not_answered_by_a_name_used_as_a_modifier() -> None:
    sentence = "The company will lay off its US-based staff, ending the Russian antivirus provider's run."
    question = "Who confirmed the layoffs?"
    stems = frozenset(stem(word) for word in ("confirmed", "layoffs"))
    asked = frozenset(words(question))
    assert nearest_answer(AnswerType.PERSON, sentence, (stems, stems), asked, HINTS) is None
    led = "In 2017, the Trump administration banned the software."
    found = nearest_answer(AnswerType.PERSON, led, (stems, stems), frozenset(words("Who led it?")), HINTS)
    assert found is not None and found[0].text == "Trump"


def test_asked_for_a_name_a_word_describing_a_noun_is_none() -> None:
    sentence = "In 2017, Russian hackers stole classified documents from a contractor."
    stems = frozenset(stem(word) for word in ("contractor", "documents"))
    who = frozenset(words("Who stole the documents?"))
    found = nearest_answer(AnswerType.PERSON, sentence, (stems, stems), who, HINTS)
    assert found is not None and found[0].text == "Russian"
    named = frozenset(words("What is the name of the contractor?"))
    assert nearest_answer(AnswerType.PERSON, sentence, (stems, stems), named, HINTS) is None


def test_the_questions_own_subject_written_in_full_is_not_who() -> None:
    sentence = "Maplecrest Health diverted ambulances after a group called Hollowmark claimed the attack."
    stems = frozenset(stem(word) for word in ("hacked", "maplecrest"))
    found = nearest_answer(
        AnswerType.PERSON, sentence, (stems, stems), frozenset(words("Who hacked Maplecrest?")), HINTS
    )
    assert found is not None and found[0].text == "Hollowmark"
    # A surname the question gives still names a person, and a title is no subject.
    ceo = "Eugene Kaspersky, the CEO, was not sanctioned."
    asked = frozenset(words("Who is the CEO of Kaspersky?"))
    found = nearest_answer(AnswerType.PERSON, ceo, (stems, stems), asked, HINTS)
    assert found is not None and found[0].text == "Eugene Kaspersky"


def test_a_word_opening_a_clause_is_not_part_of_a_name() -> None:
    texts = _texts(find_names("Although Kaspersky has denied any spying, doubts remain.", HINTS))
    assert texts == ["Kaspersky"]


def test_a_role_word_is_not_a_name() -> None:
    texts = _texts(find_names("Daniel Okafor will succeed Tomas Berg as CEO, the bank said.", HINTS))
    assert "CEO" not in texts
    assert "Tomas Berg" in texts


def test_dotted_acronym_is_not_split_into_names() -> None:
    texts = _texts(find_names("The U.S. Commerce Secretary Gina Raimondo stated it.", HINTS))
    assert not {"U", "S", "The U"} & set(texts)
    assert any(text.endswith("Gina Raimondo") for text in texts)


# --- reasons, durations, advice ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        (
            "The firm will wind down its U.S. operations, citing the business is no longer viable.",
            "the business is no longer viable",
        ),
        (
            "Kaspersky faces a U.S. government ban on its software due to security concerns.",
            "security concerns",
        ),
        (
            "Its products cannot be purchased from the U.S. for legal compliance reasons.",
            "legal compliance reasons",
        ),
        ("The company left because of the ban, it said.", "the ban"),
        (
            "Antivirus products, by nature, have extensive access to devices, which increases the risk.",
            "have extensive access to devices",
        ),
        ("The plant closed owing to weak demand.", "weak demand"),
        (
            "A court overturned the ban, ruling that the council had exceeded its powers.",
            "the council had exceeded its powers",
        ),
        # A purpose is a reason: after a marker, or a "to" after a noun.
        ("The council cut fares in a bid to win back passengers, officials said.", "win back passengers"),
        ("It phased the ban in so that consumers had time to switch.", "consumers had time to switch"),
        ("The council closed the road to allow repairs, officials said.", "allow repairs"),
        (
            "The gap was meant to give shops time to replace the units.",
            "give shops time to replace the units",
        ),
        # So are a cause and an argument.
        ("It will close its offices next month in the wake of a ban by regulators.", "a ban by regulators"),
        ("The review was prompted by complaints from parents.", "complaints from parents"),
        (
            "Concerns remain that the firm could be compelled to share data.",
            "the firm could be compelled to share data",
        ),
        ("It sued, arguing that the law was unconstitutional.", "the law was unconstitutional"),
    ],
)
def test_reasons(sentence: str, reason: str) -> None:
    assert reason in _texts(find_reasons(sentence))


def test_reason_short_answer_is_capitalised() -> None:
    (span,) = find_reasons("A ban on its software due to security concerns.")
    assert short_answer(AnswerType.REASON, span, PUBLISHED) == "Security concerns"


@pytest.mark.parametrize(
    ("sentence", "span_text", "answer"),
    [
        ("The company emphasized its nearly 20-year history in the US.", "nearly 20-year", "nearly 20 years"),
        ("The dispute lasted 3 months.", "3 months", "3 months"),
        ("The feud went on for decades.", "decades", "decades"),
        (
            "Patients waited five hours and 40 minutes.",
            "five hours and 40 minutes",
            "five hours and 40 minutes",
        ),
        ("Crews will hold a 48-hour strike.", "48-hour", "48 hours"),
        ("Work will last a year and a half.", "a year and a half", "a year and a half"),
        ("Nurses approved a three-year agreement.", "a three-year", "three years"),
        ("Refunds will be paid within 14 business days.", "14 business days", "14 business days"),
        ("The bridge will be out of action for a fortnight.", "a fortnight", "a fortnight"),
        # A race time, and one written out to the second.
        ("She won in 2:29:05 on Sunday.", "2:29:05", "2:29:05"),
        (
            "He crossed the line in two hours, 11 minutes and 48 seconds.",
            "two hours, 11 minutes and 48 seconds",
            "two hours, 11 minutes and 48 seconds",
        ),
    ],
)
def test_durations(sentence: str, span_text: str, answer: str) -> None:
    spans = find_durations(sentence)
    assert _texts(spans) == [span_text]
    assert short_answer(AnswerType.DURATION, spans[0], PUBLISHED) == answer


def test_advice_words_are_found_but_give_no_short_answer() -> None:
    spans = find_advice("Customers should find alternative software.")
    assert {"should", "find", "alternative"} <= set(_texts(spans))
    assert short_answer(AnswerType.ADVICE, spans[0], PUBLISHED) is None


def test_nearest_answer_prefers_the_span_beside_the_question_words() -> None:
    sentence = "Sales stopped on July 20 in the shops, and the security updates end on September 29."
    stems = frozenset({stem("updates"), stem("end")})
    found = nearest_answer(AnswerType.DATE, sentence, (stems, stems), frozenset({"updates", "end"}), HINTS)
    assert found is not None
    assert found[0].text == "September 29"


def test_nearest_answer_is_none_without_a_span_or_a_finder() -> None:
    nothing: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    assert nearest_answer(AnswerType.DATE, "Nothing to see.", nothing, frozenset(), HINTS) is None
    assert nearest_answer(AnswerType.OTHER, "In 2017 it began.", nothing, frozenset(), HINTS) is None


def test_over_after_a_verb_it_belongs_to_is_no_more_than() -> None:
    paid = "Buyer Tessaline Foods will hand over 86 million dollars for the company."
    assert _texts(find_numbers(paid)) == ["86 million dollars"]
    assert _texts(find_numbers("The fund raised over 86 million dollars.")) == ["over 86 million dollars"]


def test_a_count_ends_before_a_word_of_time_or_rate() -> None:
    assert _texts(find_numbers("Recycling reached 36% last year.")) == ["36%"]
    assert _texts(find_numbers("A subsidy of €350 per buyer.")) == ["€350"]


def _who(sentence: str, anchors: tuple[str, ...], question: str) -> str | None:
    """The name banbot takes from the sentence to answer "who", near the anchor words."""
    stems = frozenset(stem(word) for word in anchors)
    found = nearest_answer(AnswerType.PERSON, sentence, (stems, stems), frozenset(words(question)), HINTS)
    return found[0].text if found is not None else None


def test_who_takes_up_a_post_is_not_who_leaves_it() -> None:
    sentence = (
        "Harlan Mutual Bank has picked Marcus Oyelaran, a former head of retail banking, "
        "to succeed Gordon Tullis as chief executive."
    )
    anchors = ("chief", "executive", "harlan")
    assert _who(sentence, anchors, "Who is going to be Harlan Mutual Bank's next chief executive?") == (
        "Marcus Oyelaran"
    )
    # Asked who is replaced, the one leaving is the answer.
    assert _who(sentence, anchors, "Who will Marcus Oyelaran succeed as chief executive?") == "Gordon Tullis"


def test_one_whose_retirement_makes_the_post_free_is_not_who_takes_it() -> None:
    sentence = (
        "A new district commander for Lydgrave Vale will be appointed later this month, following "
        "the retirement of Superintendent Oswin Garthwaite."
    )
    anchors = ("district", "commander", "lydgrave")
    assert _who(sentence, anchors, "Who has been appointed district commander for Lydgrave Vale?") is None
    named = (
        "Chief Inspector Gwen Olorenshaw has been named district commander for Lydgrave Vale, "
        "following the retirement of Superintendent Oswin Garthwaite."
    )
    question = "Who has been appointed district commander for Lydgrave Vale?"
    assert _who(named, anchors, question) == "Inspector Gwen Olorenshaw"


def test_one_of_is_no_count_and_glued_measures_are() -> None:
    sentence = "The gauge recorded 4.1cm of rain over the storm, one of the highest totals."
    assert _texts(find_numbers(sentence)) == ["4.1cm of rain"]
    assert _texts(find_numbers("Only one person was hurt.")) == ["one person"]
    assert _texts(find_numbers("Two and a quarter million pounds is to be spent.")) == [
        "Two and a quarter million pounds"
    ]


def test_a_weekday_before_its_date_gives_way_to_the_date() -> None:
    sentence = "The festival returns on Sunday, September 21, and opens on Monday."
    assert _texts(find_dates(sentence)) == ["September 21", "on Monday"]


def test_a_weekday_or_month_is_neither_who_nor_where() -> None:
    sentence = "Skyreach Airways and Nordair agreed on Monday to combine in May."
    assert _texts(find_names(sentence, HINTS)) == ["Skyreach Airways", "Nordair"]


def test_a_clause_describing_a_name_does_not_part_it_from_its_verb() -> None:
    sentence = (
        "Tobias Reyne, who has run the Westmarch Photography Center since 2017, "
        "will take over at the helm of the Calloway Museum of Art."
    )
    question = "Who will take over at the Calloway Museum of Art?"
    assert _who(sentence, ("helm", "calloway", "museum"), question) == "Tobias Reyne"


def test_how_long_something_lasts_follows_for() -> None:
    sentence = "An officer who stole money over six years has been jailed for two and a half years."
    stems = frozenset({stem("jailed")})
    found = nearest_answer(AnswerType.DURATION, sentence, (stems, stems), frozenset({"jailed"}), HINTS)
    assert found is not None
    assert found[0].text == "two and a half years"
    # Even a word further from the question's words than a span beside them that dates the act.
    sentence = "A treasurer who stole £38,600 from the Bowls Club over six years was jailed for 18 months."
    stems = frozenset({stem("jailed"), stem("club"), stem("bowls")})
    found = nearest_answer(
        AnswerType.DURATION, sentence, (stems, stems), frozenset({"jailed", "club"}), HINTS
    )
    assert found is not None
    assert found[0].text == "18 months"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # The date of a telling or a decision whose object runs up to it.
        ("The board announced its new lockdown drill policy on Aug. 1, to wide relief.", "telling"),
        ("The authority approved higher bus fares at its meeting on January 8.", "decision"),
        # A telling right after the date.
        ("Parents received letters this week confirming that classes begin in the autumn.", "telling"),
        # Another verb between: the date is the happening's.
        ("The board said the policy takes effect on Aug. 1.", None),
        ("It announced that the office will close on July 20.", None),
    ],
)
def test_a_date_an_act_is_told_or_decided_on(sentence: str, expected: str | None) -> None:
    (span,) = find_dates(sentence)
    assert date_marker(sentence, span) == expected


def test_a_place_named_with_a_common_word_keeps_it() -> None:
    hints = NameHints(common_words=frozenset({"port", "independent"}))
    sentence = "Ministers will meet in Port Ellery on April 9, the ministry said."
    assert "Port Ellery" in _texts(find_names(sentence, hints))
    # At the start of a sentence every word is capitalised: "Port" may be the common word.
    assert _texts(find_names("Port Ellery was chosen.", hints)) == ["Ellery"]


def test_an_organisation_is_who_meets_not_where() -> None:
    sentence = (
        "Trade ministers from the seven members of the Northern Coastal Partnership will meet in"
        " Port Ellery on April 9 and 10."
    )
    found = nearest_answer(
        AnswerType.PLACE,
        sentence,
        (frozenset({"coastal", "trade", "minist"}), frozenset({"coastal", "trade", "minist", "town"})),
        frozenset({"coastal", "trade", "ministers", "town"}),
        NameHints(),
    )
    assert found is not None and found[0].text == "Port Ellery"


def test_a_firm_of_two_names_is_one_name_and_no_place() -> None:
    sentence = (
        "The van used by the gang that robbed Garrick Street jewellers Holt & Vane was discovered"
        " abandoned on the Marsh Lane industrial estate on Tuesday morning."
    )
    assert "Holt & Vane" in _texts(find_names(sentence, NameHints()))
    found = nearest_answer(
        AnswerType.PLACE,
        sentence,
        (frozenset({"van", "discov"}), frozenset({"van", "discov", "garrick", "street"})),
        frozenset({"where", "did", "police", "find", "the", "van", "garrick", "street"}),
        NameHints(),
    )
    assert found is not None and found[0].text == "Marsh Lane"


def test_a_town_that_will_host_is_written_as_a_place() -> None:
    sentence = "Wenlow has won the race to host Tiverne Motors' new battery plant."
    (span,) = [span for span in find_names(sentence, NameHints()) if span.text == "Wenlow"]
    assert written_as_place(sentence, span)


def test_who_tells_of_an_appointment_is_not_who_was_appointed() -> None:
    sentence = (
        "The government has appointed retired High Court judge Dame Rosalind Fyfe to lead the inquiry"
        " into the deaths at Elmcroft House, Health Secretary Martin Oakes told Parliament on Tuesday."
    )
    anchors = (frozenset({"death", "elmcroft", "hous"}), frozenset({"death", "elmcroft", "hous", "inquiri"}))
    asked = frozenset(
        {
            "who",
            "has",
            "been",
            "put",
            "in",
            "charge",
            "of",
            "the",
            "inquiry",
            "into",
            "deaths",
            "at",
            "elmcroft",
            "house",
        }
    )
    found = nearest_answer(AnswerType.PERSON, sentence, anchors, asked, NameHints())
    assert found is not None and found[0].text.endswith("Rosalind Fyfe")


def test_a_verbs_complement_is_no_purpose() -> None:
    assert find_reasons("Kaspersky plans to help customers move.") == []
    assert find_reasons("The deal is expected to allow more flights.") == []


def test_a_people_named_by_its_origin_is_no_one_to_name() -> None:
    sentence = "Russia could collect Americans' sensitive information, Morgan Stanley said."
    assert _texts(find_names(sentence, NameHints())) == ["Morgan Stanley"]


def test_a_question_about_closing_asks_for_the_end_a_date_marks() -> None:
    assert "end" in question_markers("On what date will Millrace library close for good?")


def test_a_question_about_opening_asks_for_the_start_a_date_marks() -> None:
    assert "start" in question_markers("When will the Sallowby tram extension open to passengers?")


def test_a_time_counted_from_the_news_is_a_date_but_a_span_of_time_is_not() -> None:
    assert _texts(find_dates("Zippa said it would restart service within 10 days.")) == ["within 10 days"]
    assert find_dates("No buyer can be found and approved in nine months.") == []


def test_a_sum_with_its_scale_glued_on_is_whole_but_a_length_is_no_sum() -> None:
    assert _texts(find_numbers("Work will start on a £18.5m flood defence scheme.")) == ["£18.5m flood"]
    assert _texts(find_numbers("It raised $2bn last year.")) == ["$2bn"]
    assert find_numbers("A 40m section of pipe is replaced.") == []
    assert _texts(find_numbers("A quarter of a million flu jabs were given.")) == [
        "A quarter of a million flu"
    ]


def test_a_question_about_completion_asks_for_the_end_a_date_marks() -> None:
    assert "end" in question_markers("When will power be fully restored in the Orlen Valley?")


def test_a_sum_written_with_its_currency_after_it_is_a_sum() -> None:
    sentence = "Caldermouth Ferries is to spend 3.2m pounds refitting the Sulaire."
    assert _texts(find_numbers(sentence)) == ["3.2m pounds"]


def test_half_of_a_hyphenated_word_is_not_what_a_figure_counts() -> None:
    sentence = "Plans for a £6.1m multi-storey car park were approved."
    assert _texts(find_numbers(sentence)) == ["£6.1m"]


def test_a_score_or_a_span_of_years_is_no_count() -> None:
    sentence = (
        "Athletic's 2-1 win over Kestonbury Town in the 2026-27 season was watched by 5,376 spectators."
    )
    assert _texts(find_numbers(sentence)) == ["5,376 spectators"]
    assert _texts(find_numbers("It is a 40-hour week.")) == ["40-hour"]


def test_a_change_by_a_fraction_is_a_share() -> None:
    assert _texts(find_numbers("Fares will rise by a quarter from 1 March.")) == ["a quarter"]
    assert _texts(find_numbers("Sales were cut by half.")) == ["half"]


def test_a_unit_and_a_half_is_one_measure_not_half_of_what_follows() -> None:
    sentence = "The firm handed over the relief road, a mile and a half of new single carriageway, early."
    assert _texts(find_numbers(sentence)) == ["a mile and a half"]


def test_a_part_of_a_whole_the_sentence_named_counts_that_whole() -> None:
    sentence = (
        "Sardovia has banned modules made by Ferolink and has given operators until the end of 2027"
        " to replace around 1.3 million of the small components."
    )
    span = find_numbers(sentence)[-1]
    assert counts(sentence, span, frozenset({stem("modules")}))
    assert not counts(sentence, span, frozenset({stem("cameras")}))


def test_a_name_owning_what_follows_answers_who_without_its_possessive() -> None:
    sentence = "Padraig Mallaby's appointment as Marlstone's new head coach was confirmed on Monday."
    found = _who(sentence, ("appointed", "coach"), "Who has been appointed head coach of Marlstone RFC?")
    assert found == "Padraig Mallaby's"
    span = Span(found, 0, len(found))
    assert short_answer(AnswerType.PERSON, span, PUBLISHED) == "Padraig Mallaby"


def test_a_countrys_abbreviation_opening_a_body_names_the_body_asked_for() -> None:
    sentence = "Additionally, the U.S. Treasury sanctioned several senior Kaspersky executives."
    question = "Which US agency sanctioned Kaspersky executives?"
    assert _who(sentence, ("agency", "sanctioned"), question) == "U.S. Treasury"
    # Not asked for a body, the name the question opens with is its own subject.
    assert _who("The U.S. Treasury sanctioned them.", ("bought",), "Who bought Kaspersky US?") is None


def test_who_scored_is_the_player_not_the_club_nearer_the_questions_words() -> None:
    sentence = (
        "Tobias Rennerdale headed an 88th-minute winner as Yarrowick Athletic beat Hexworth Rovers 2-1"
        " in the County Senior Cup final at Lindenfield Park on Monday."
    )
    question = "Who scored the winning goal for Yarrowick Athletic in the County Senior Cup final?"
    # A club the question names ("Athletic") does not ask for a body: the player answers.
    anchors = ("scored", "goal", "yarrowick", "athletic", "cup", "final")
    assert _who(sentence, anchors, question) == "Tobias Rennerdale"
    # An owner gives way to another person, not to the clubs around it.
    header = (
        "Tomas Reyna's header gave Kingsferry Rovers a 2-1 win over Ostry United in the Delmont Cup final."
    )
    assert _who(header, ("win", "cup", "final"), "Who scored the winner in the Delmont Cup final?") == (
        "Tomas Reyna's"
    )
    asked_for_a_club = "Which club did Yarrowick Athletic beat in the final?"
    assert _who(sentence, ("beat", "final"), asked_for_a_club) == "Hexworth Rovers"


def test_who_told_of_the_news_is_no_answer_to_who_did_it() -> None:
    sentence = "Journalist Kim Zetter first reported that US employees were told this week."
    name = find_names(sentence, NameHints())[0]
    assert name.text == "Kim Zetter"
    assert only_reports(sentence, name, frozenset({"which", "administrations", "acted"}))
    # Asked who reported it, the one who told is the answer.
    assert not only_reports(sentence, name, frozenset({"who", "reported", "it"}))
    # The one the news is about may say something too.
    says = "Port Elvenmouth's next harbourmaster, Capt Penhallow-Rigg, says the port will grow."
    captain = next(span for span in find_names(says, NameHints()) if "Penhallow" in span.text)
    assert not only_reports(says, captain, frozenset({"who", "is", "harbourmaster"}))


def test_a_time_of_day_is_found_as_closely_as_it_is_told() -> None:
    assert [span.text for span in find_dates("Homes lost power at 4.10am on Tuesday.")] == [
        "at 4.10am",
        "on Tuesday",
    ]
    assert [span.text for span in find_dates("The cut began just after 6am, as people woke.")] == [
        "just after 6am"
    ]
    assert [span.text for span in find_dates("The display starts at 20:45 and ends by midnight.")] == [
        "at 20:45",
        "by midnight",
    ]
    # A race time and a score are no time of day.
    assert find_dates("She won in 2:11:48 after a 7-2 win at 10.30 on the clock.") == []


def test_a_year_of_past_centuries_after_a_preposition_is_a_date() -> None:
    spans = find_dates("Completed in 1893 after two attempts were washed away, the lighthouse stands.")
    assert [span.text for span in spans] == ["in 1893"]
    # A bare figure may be a count ("1500 metres"): only a year said "in", "since" or "by" is one.
    assert find_dates("She ran the 1500 metres.") == []


def test_what_comes_before_so_is_why() -> None:
    sentence = "Running two antivirus programs at once can slow a computer down, so remove the old one first."
    assert [span.text for span in find_reasons(sentence)] == [
        "Running two antivirus programs at once can slow a computer down"
    ]
    # "so far", "so that" and a clause too short to be a reason are no cause.
    assert find_reasons("The road was icy all week, so far no one has been hurt.") == []
    assert [span.text for span in find_reasons("It shut at noon, so that staff could go home.")] == [
        "staff could go home"
    ]


def test_a_score_is_found_as_a_sentence_writes_it() -> None:
    assert [span.text for span in find_scores("Thistlecombe beat Brackenholt Ladies 4-2 in the final.")] == [
        "4-2"
    ]
    assert [span.text for span in find_scores("They won by four goals to two, and drew nil-nil in May.")] == [
        "four goals to two",
        "nil-nil",
    ]
    # A season or a year's range is no score.
    assert find_scores("Prices rise from the 2026-27 season, as they did in 2019–2020.") == []
