"""Question analysis: answer types, spelling repair, thesaurus expansion and coverage."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from bot.acronyms import defined_acronyms
from bot.answerer import Answerer
from bot.asking import counted_noun, counted_stems, in_money
from bot.english import thesaurus
from bot.models import AnswerType
from bot.query import CORRECTION_WEIGHT, LIGHT_WEIGHT, QueryAnalysis
from bot.question_kind import answer_type
from bot.text import stem, words

MakeAnswerer = Callable[[Path, Iterable[Mapping[str, Any]]], Answerer]

ACME_BODY = """
Acme will stop sending software updates to its customers on May 5.

Customers can no longer purchase Acme licences online. The founder of Acme, Wile Coyote, declined to comment.

Acme products remain popular in Europe. The company employs fewer than 40 people in Springfield.
"""


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory, make_answerer: MakeAnswerer) -> Answerer:
    return make_answerer(tmp_path_factory.mktemp("acme"), [{"id": "acme", "body": ACME_BODY}])


def _term_weights(analysis: QueryAnalysis) -> dict[str, float]:
    return {term.stem: term.weight for term in analysis.terms}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When do updates stop?", AnswerType.DATE),
        ("What date does the ban start?", AnswerType.DATE),
        ("until when do I get patches", AnswerType.DATE),
        ("Who confirmed the layoffs?", AnswerType.PERSON),
        ("Which Kaspersky spokesperson confirmed the layoffs?", AnswerType.PERSON),
        ("How many employees are being laid off?", AnswerType.NUMBER),
        ("how much does it cost", AnswerType.NUMBER),
        ("How long has Kaspersky operated in the US?", AnswerType.DURATION),
        ("Why was Kaspersky banned?", AnswerType.REASON),
        ("what was the reason for the ban", AnswerType.REASON),
        ("Where will Kaspersky keep operating?", AnswerType.PLACE),
        ("Which countries will it operate in?", AnswerType.PLACE),
        ("Is Kaspersky banned?", AnswerType.YES_NO),
        ("Can I still buy it?", AnswerType.YES_NO),
        ("Was Eugene Kaspersky sanctioned?", AnswerType.YES_NO),
        ("What should I do?", AnswerType.ADVICE),
        ("what should i do about my kaspersky antivirus", AnswerType.ADVICE),
        ("Should I uninstall it?", AnswerType.ADVICE),
        ("What are my options?", AnswerType.ADVICE),
        ("What did the Treasury do?", AnswerType.OTHER),
        ("Tell me about the ban", AnswerType.OTHER),
        ("Who is Sawyer VanHorn?", AnswerType.OTHER),  # names its person: asks about them
        ("Tell me who Gina Raimondo is in this story.", AnswerType.OTHER),
        ("Tell me who the spokesperson was.", AnswerType.PERSON),
        ("How much longer should we expect to wait at the port?", AnswerType.DURATION),
        ("Who is heading the jury this year?", AnswerType.PERSON),
        ("Which judge sentenced him?", AnswerType.PERSON),
        ("In which city is the office?", AnswerType.PLACE),
        ("What will the minimum wage be under the new law?", AnswerType.NUMBER),
        ("What is the new Sallow River bridge in Fenbury going to cost?", AnswerType.NUMBER),
        ("What will a single ride on Greyhaven Metro cost?", AnswerType.NUMBER),
        ("What share of its household waste did Brinmoor recycle last year?", AnswerType.NUMBER),
        ("What was the average emergency wait at St. Aldric's Hospital?", AnswerType.DURATION),
        # "How long" of a thing long in space asks for a length, unless it asks how long it was shut.
        ("How long is the heat network pipeline being laid in Brindlecombe?", AnswerType.NUMBER),
        ("How long was the road closed?", AnswerType.DURATION),
        ("How long is the new Kelsmere Greenway cycle path?", AnswerType.NUMBER),
        ("How long is the road closure on Mill Lane?", AnswerType.DURATION),
        ("How long is the ban on the new rail line going to last?", AnswerType.DURATION),
        ("How full was Hollinsdale Reservoir in August?", AnswerType.NUMBER),
        ("What was the strongest gust recorded at Skerrow Head?", AnswerType.NUMBER),
        ("How long a stretch of the River Oskel was polluted?", AnswerType.NUMBER),
        # A change in an amount is a figure; so is an amount asked by its noun alone.
        ("What pay rise have bus drivers at Corlander Buses accepted?", AnswerType.NUMBER),
        ("Brindlefield fine amount?", AnswerType.NUMBER),
        ("Kaspersky US market share", AnswerType.NUMBER),
        ("Halvern layoffs number?", AnswerType.NUMBER),
        ("Why did they cut its share of the contract?", AnswerType.REASON),
        ("Tell me about the fine", AnswerType.OTHER),
        # To count on something is to rely on it; "the final day" asks for a date.
        ("What's the last date we can count on getting updates from them?", AnswerType.DATE),
        ("What is the final day for updates?", AnswerType.DATE),
        # A question opened by "did" asks yes or no whatever clause follows ...
        ("Did Trackmere admit wrongdoing when it settled with the FTC?", AnswerType.YES_NO),
        ("When the company got kicked off government computers, did it push back?", AnswerType.YES_NO),
        # ... unless it asks what someone said of when, who or why.
        ("Did they say when updates stop?", AnswerType.DATE),
        ("Home Guard 8 release year?", AnswerType.DATE),
        ("so what did Brevik pay for Wachturm back in the day", AnswerType.NUMBER),
        # "in charge of" charges nothing.
        ("What does the cabinet member in charge of trade think Moscow could do?", AnswerType.OTHER),
        ("Which regents voted against the camera ban?", AnswerType.PERSON),
        # "who" and "when" that relate rather than ask decide nothing ...
        ("What happens to Americans who keep the program past the cutoff?", AnswerType.OTHER),
        ("How did the vendor react in the past when it was kicked off?", AnswerType.OTHER),
        # ... while those that ask do, wherever they stand.
        ("kaspersky when do updates stop", AnswerType.DATE),
        ("do you know who confirmed it", AnswerType.PERSON),
        ("Under the new rules, can someone still install it?", AnswerType.YES_NO),
        # A race's winning time is how long it took, not a time of day.
        ("What was the winning time in the men's race at the Ellerwick Marathon?", AnswerType.DURATION),
        ("What time does the Ellerwick Marathon start?", AnswerType.DATE),
        # A yes or no on a bound of a figure is answered by the figure.
        ("Were more than 100 US employees laid off?", AnswerType.NUMBER),
        ("Will fewer than 50 people lose their jobs?", AnswerType.NUMBER),
        ("Has it been in business for more than 15 years?", AnswerType.DURATION),
        ("Is it over?", AnswerType.YES_NO),
        # One employee or worker, asked "which", is someone to name.
        ("Which Kaspersky employee confirmed the layoffs to TechCrunch?", AnswerType.PERSON),
        # A match's score is neither a count nor a date.
        ("What was the score in the Yarrowcombe Senior Cup final?", AnswerType.SCORE),
        ("By what score did Thistlecombe win?", AnswerType.SCORE),
    ],
)
def test_answer_type(question: str, kind: AnswerType) -> None:
    assert answer_type(words(question)) is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("wen do updates stop", AnswerType.DATE),
        ("whn do updates stop", AnswerType.DATE),
        ("hw many people work for Acme", AnswerType.NUMBER),
    ],
)
def test_answer_type_survives_typos_in_question_words(
    acme: Answerer, question: str, kind: AnswerType
) -> None:
    # The raw words do not say it; the analyzer's repair of the question word does.
    assert answer_type(words(question)) is AnswerType.OTHER
    assert acme.analyze(question).answer_type is kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # "Who's" and "whos" are "who is", which splitting into words would lose.
        ("Who's Kim Zetter?", AnswerType.OTHER),
        ("Whos Kim Zeter and waht did she reprot?", AnswerType.OTHER),
        ("whos the ceo of acme", AnswerType.PERSON),
        ("who's been laid off?", AnswerType.PERSON),
        ("whos behind the complaint that got acme investigated", AnswerType.PERSON),
    ],
)
def test_who_is_may_be_written_short(acme: Answerer, question: str, kind: AnswerType) -> None:
    assert acme.analyze(question).answer_type is kind


def test_a_misspelt_noun_that_says_the_kind_of_answer_is_repaired_first(acme: Answerer) -> None:
    # "which ... foundr" asks for a person, as "which ... founder" does, once the noun is
    # repaired against the articles' words.
    assert answer_type(words("wich acme foundr declined to comment")) is AnswerType.OTHER
    assert acme.analyze("wich acme foundr declined to comment").answer_type is AnswerType.PERSON


def test_the_word_after_how_is_repaired_too(acme: Answerer) -> None:
    assert acme.analyze("How mutch did the regulator fine Acme?").answer_type is AnswerType.NUMBER
    assert acme.analyze("how meny staff did acme lay off").answer_type is AnswerType.NUMBER
    assert acme.analyze("How lnog will the ban last?").answer_type is AnswerType.DURATION


def test_a_misspelt_everyday_word_is_that_word_not_the_articles_closest(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    body = "Acme sold its third factory in May.\n\nCustomers could buy Acme Guard from its website."
    answerer = make_answerer(tmp_path, [{"id": "acme", "body": body}])
    analysis = answerer.analyze("why cant acme be bougt from thier website?")
    stems = {word.stem for word in analysis.core}
    # "thier" is "their", a word that asks nothing, not the articles' "third"; "bougt" is
    # "bought", which no article word is spelt like.
    assert stem("third") not in stems
    assert stem("bought") in stems


def test_misspelt_function_words_are_written_right_but_the_question_is_kept(acme: Answerer) -> None:
    question = "Wich offices did acme close befor thier move?"
    # "befor" says the question asks about the past; "Wich" stays for the question word's repair.
    assert acme.analyze(question).question == "Wich offices did acme close before their move?"
    assert acme.ask(question).question == question


def test_everyday_words_are_not_taken_for_misspelt_question_words(acme: Answerer) -> None:
    # "home" is one letter from "whom", "hoe" from "whose": a common word is what it says.
    assert acme.analyze("Will Home Guard 8 stop working?").answer_type is AnswerType.YES_NO
    assert acme.analyze("Home Guard 8 release year?").answer_type is AnswerType.DATE


def test_misspelt_word_is_repaired_against_the_corpus(acme: Answerer) -> None:
    analysis = acme.analyze("when do updtes stop")
    weights = _term_weights(analysis)
    assert stem("updates") in weights
    assert weights[stem("updates")] == pytest.approx(CORRECTION_WEIGHT)
    assert analysis.unknown_words == ()
    assert analysis.coverage == pytest.approx(1.0)


def test_repaired_question_finds_the_sentence(acme: Answerer) -> None:
    answer = acme.ask("wen do acme updtes stop??")
    assert answer.answered
    assert "May 5" in answer.quotes[0].text
    assert answer.answer == "May 5, 2024"


def test_real_english_word_is_not_spell_corrected(acme: Answerer) -> None:
    # "founded" is a word, not a typo of the corpus's "founder".
    analysis = acme.analyze("When was Acme founded?")
    weights = _term_weights(analysis)
    assert weights[stem("founded")] == 1.0
    assert stem("founded") != stem("founder")
    assert not any(term.origin == stem("founder") for term in analysis.terms)


def test_a_word_too_rare_for_everyday_english_is_a_typo_of_the_articles_word(acme: Answerer) -> None:
    # "licente" is in the dictionary, but too rare to be meant where "licences" is.
    analysis = acme.analyze("Can I buy an Acme licente online?")
    assert any(term.stem == stem("licences") for term in analysis.terms)
    assert "licente" not in analysis.unknown_words


def test_a_non_word_is_repaired_even_when_a_shorter_form_is_indexed(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    # "advertsing" stems to "adverts", a close form of the articles' "advert"; it is no
    # English word, though, and the articles' "advertising" is its spelling.
    answerer = make_answerer(
        tmp_path,
        [{"id": "tv", "body": "The set contacted 14 advertising domains. An advert played at start-up."}],
    )
    analysis = answerer.analyze("how many advertsing domains did the TV contact?")
    assert stem("advertising") in _term_weights(analysis)


def test_unknown_non_word_with_no_close_corpus_word_stays_unknown(acme: Answerer) -> None:
    analysis = acme.analyze("When does Acme sell on tiktok?")
    assert "tiktok" in analysis.unknown_words
    assert stem("tiktok") in _term_weights(analysis)
    assert analysis.coverage < 0.6


def test_thesaurus_expands_buy_to_purchase(acme: Answerer) -> None:
    analysis = acme.analyze("Can I buy Acme licences?")
    weights = _term_weights(analysis)
    assert not acme.index.knows(stem("buy"))
    assert weights[stem("purchase")] > 0
    assert weights[stem("buy")] == 1.0
    assert analysis.coverage == pytest.approx(1.0)
    answer = acme.ask("Can I buy Acme licences?")
    assert answer.answered
    assert answer.quotes[0].text == "Customers can no longer purchase Acme licences online."


def test_a_government_body_named_otherwise_searches_its_usual_name() -> None:
    # "the trade department" is the Commerce Department, "the Kremlin" the Russian government.
    groups = [set(group) for group in thesaurus()]

    def phrase(text: str) -> tuple[str, ...]:
        return tuple(stem(word) for word in words(text))

    for first, second in (("trade department", "Commerce Department"), ("finance ministry", "Treasury")):
        assert any({phrase(first), phrase(second)} <= group for group in groups), (first, second)
    assert any({phrase("Kremlin"), phrase("Moscow")} <= group for group in groups)


def test_thesaurus_adds_only_equivalents_the_corpus_has(acme: Answerer) -> None:
    weights = _term_weights(acme.analyze("Can I buy Acme licences?"))
    assert stem("shop") not in weights
    assert stem("retailer") not in weights


def test_coverage_is_full_when_every_word_is_known(acme: Answerer) -> None:
    analysis = acme.analyze("When will Acme stop updates?")
    assert analysis.unknown_words == ()
    assert analysis.coverage == pytest.approx(1.0)
    assert set(analysis.key_words) == {"acme", "stop", "updates"}


def test_coverage_is_low_with_an_unknown_name(acme: Answerer) -> None:
    analysis = acme.analyze("Does tiktok stop updates?")
    assert analysis.unknown_words == ("tiktok",)
    assert analysis.coverage < 0.5


def test_an_unknown_name_weighs_more_than_an_unknown_english_word(acme: Answerer) -> None:
    with_word = acme.analyze("Does Acme stop updates for gardeners?")
    with_name = acme.analyze("Does Acme stop updates for zorblax?")
    assert with_word.unknown_words == ("gardeners",)
    assert with_name.unknown_words == ("zorblax",)
    assert 0 < with_name.coverage < with_word.coverage < 1


@pytest.mark.parametrize("light", ["now", "actually", "exactly", "just"])
def test_light_words_do_not_lower_coverage(acme: Answerer, light: str) -> None:
    plain = acme.analyze("When will Acme stop updates?")
    toned = acme.analyze(f"When will Acme {light} stop updates?")
    assert not acme.index.knows(stem(light))
    assert toned.coverage == pytest.approx(plain.coverage)
    assert light not in toned.key_words
    assert _term_weights(toned)[stem(light)] == pytest.approx(LIGHT_WEIGHT)


def test_question_of_stop_words_only_has_no_key_words(acme: Answerer) -> None:
    analysis = acme.analyze("What should I do?")
    assert analysis.key_words == ()
    assert analysis.coverage == 0.0
    assert analysis.answer_type is AnswerType.ADVICE


def test_us_in_a_question_is_the_country(bundled_answerer: Answerer) -> None:
    analysis = bundled_answerer.analyze("Is Kaspersky still sold in the US?")
    assert "usa" in analysis.key_words
    assert analysis.coverage == pytest.approx(1.0)


def test_question_about_founding_is_not_covered_by_founder(acme: Answerer) -> None:
    analysis = acme.analyze("When was Acme founded?")
    assert "founded" in analysis.unknown_words
    assert not acme.ask("When was Acme founded?").answered


@pytest.mark.parametrize(
    "question",
    [
        "What will a single adult bus ticket in Wrenfield cost once the new fares come in?",
        "What is the value of the contract for the new tax system?",
        "What tariff is Valdoria putting on imported steel?",
        "What fine did the regulator give the airline?",
        # A measure is a figure too.
        "What temperature was recorded at Lindhurst on Wednesday?",
        "What was the top speed of the train?",
        "How high is the river expected to get?",
        # A stake bought is a share of the firm.
        "What stake in Dunmarrow Mills has Pellgrove Foods bought?",
    ],
)
def test_an_amount_asked_by_its_kind_asks_for_a_number(question: str) -> None:
    assert answer_type(words(question)) is AnswerType.NUMBER


def test_how_many_counts_the_head_noun_and_the_word_before_it(acme: Answerer) -> None:
    turbines = acme.analyze("How many wind turbines are planned?")
    assert counted_noun(turbines, frozenset())[0] == stem("turbines")
    assert stem("turbines") in counted_stems(turbines) and stem("wind") in counted_stems(turbines)
    # "staff members" are counted as staff too ("40 staff").
    staff = acme.analyze("How many staff members are being let go?")
    assert stem("staff") in counted_stems(staff)
    # A verb after the noun is no head: "how many people does it employ".
    assert counted_noun(acme.analyze("How many people does Acme employ?"), frozenset())[0] == stem("people")


def test_a_month_in_a_question_is_no_name(acme: Answerer) -> None:
    core = {word.stem: word for word in acme.analyze("Will Acme still send updates in October?").core}
    assert core[stem("acme")].is_name
    assert not core[stem("october")].is_name


def test_a_name_said_as_an_owner_is_a_name(acme: Answerer) -> None:
    core = {
        word.stem: word for word in acme.analyze("Will Havrell Secure's customers keep Acme's updates?").core
    }
    assert core[stem("secure")].is_name
    assert core[stem("acme")].is_name


def _answers_given(answerer: Answerer, question: str) -> set[str | None]:
    """The short answers of the passages weighed for a question, best first."""
    assessment = answerer.assess(question)
    assert assessment is not None
    return {candidate.answer for candidate in assessment.candidates}


def test_asked_for_the_day_of_the_week_only_a_weekday_answers(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    body = (
        "Brevik's online store stopped taking orders on Tuesday, the company said.\n\n"
        "Its app will be removed from app stores if the store is not sold by August 4."
    )
    answerer = make_answerer(tmp_path, [{"id": "store", "body": body}])
    # The app's removal is dated, but by no day of the week: its sentence gives no answer.
    asked = "On which day of the week will the app be removed from app stores?"
    assert _answers_given(answerer, asked) <= {"Tuesday", None}
    assert "August 4, 2024" in _answers_given(answerer, "When will the app be removed from app stores?")


def test_a_figure_in_a_word_english_does_not_know_is_money(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    body = (
        "The regulator has fined Fellgrove Security 7.4 million lenvors over the leak.\n\n"
        "Fellgrove employs 900 people and bought 40 firewalls last year."
    )
    answerer = make_answerer(tmp_path, [{"id": "fine", "body": body}])
    assert _answers_given(answerer, "How much was Fellgrove fined?") - {None} == {"7.4 million lenvors"}
    # Words English knows are what a figure counts, not a currency.
    assert not in_money("40 firewalls")
    assert in_money("£3m") and in_money("96 million ambrels")


def test_how_long_a_path_is_asks_for_a_length(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    body = (
        "Counters recorded 2,600 users of the Kelsmere Greenway on opening day.\n\n"
        "The 11-mile Kelsmere Greenway follows an old railway line."
    )
    answerer = make_answerer(tmp_path, [{"id": "path", "body": body}])
    assert _answers_given(answerer, "How long is the new Kelsmere Greenway cycle path?") - {None} == {
        "11-mile"
    }


def test_a_name_holding_the_questions_own_word_is_not_who(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    body = (
        "Wyckhampton Women reached the Marlshire Women's Cup final for the first time on Sunday,"
        " beating Pendleswick Ladies 2-1 in the semi-final, with 17-year-old Imogen Adeboye-Strange"
        " scoring the winning goal in the 104th minute."
    )
    answerer = make_answerer(tmp_path, [{"id": "cup", "body": body}])
    asked = "Who scored the winning goal in the Marlshire Women's Cup semi-final?"
    assert _answers_given(answerer, asked) - {None} == {"Imogen Adeboye-Strange"}


def test_a_ransom_is_asked_in_money(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    body = (
        "The hospital restored its systems after the attack forced it to postpone 1,340 operations.\n\n"
        "A message on the screens demanded 6 million dollars in cryptocurrency."
    )
    answerer = make_answerer(tmp_path, [{"id": "ransom", "body": body}])
    asked = "How much ransom did the attackers demand from the hospital?"
    assert _answers_given(answerer, asked) - {None} == {"6 million dollars"}


def test_a_bound_on_a_count_asks_how_many(bundled_answerer: Answerer) -> None:
    # "fewer than 50 employees" or "dozens of employees" answers it; read as a plain yes or no,
    # the question went unanswered.
    answer = bundled_answerer.ask("Were more than 100 Kaspersky employees laid off?")
    assert answer.answered
    assert re.search(r"fewer than 50 employees|dozens of employees", answer.quotes[0].text)


def test_an_acronym_an_article_spells_out_is_its_name() -> None:
    texts = [
        "The regulator, the National Cyber Resilience Office (NCRO), said so.",
        "A rule of the Bureau of Industry and Security (BIS) applies.",
        # Initials that do not spell it, or no name before it, define nothing.
        "Lockrest (CSV) and the Grand Hotel (GHX) opened.",
    ]
    assert defined_acronyms(texts) == (
        ("NCRO", "National Cyber Resilience Office"),
        ("BIS", "Bureau of Industry and Security"),
    )


def test_a_question_may_ask_by_an_acronym_an_article_spells_out(
    tmp_path: Path, make_answerer: MakeAnswerer
) -> None:
    body = (
        "Halcyrix was banned by the National Cyber Resilience Office (NCRO) in January.\n\n"
        "The National Cyber Resilience Office published its list of approved products in February.\n\n"
        "Resellers published their own list of discounts in March."
    )
    answerer = make_answerer(tmp_path, [{"id": "ncro", "body": body}])
    analysis = answerer.analyze("When did the NCRO publish its approved list?")
    assert {stem("national"), stem("resilience")} <= analysis.stems
    assert (
        answerer.ask("When did the NCRO publish its approved list?")
        .quotes[0]
        .text.startswith("The National Cyber Resilience Office published")
    )


def test_a_question_may_name_the_source_it_asks_about(tmp_path: Path, make_answerer: MakeAnswerer) -> None:
    articles = [
        {
            "id": "ledger",
            "publisher": "Sedrenna Ledger",
            "author": "Nadira Fallowmere",
            "body": "The Corn Exchange will reopen on 3 March after repairs, the council said.",
        },
        {
            "id": "dmr",
            "publisher": "DMR News",
            "body": "The Corn Exchange will reopen on 10 March, a week later than planned.",
        },
    ]
    answerer = make_answerer(tmp_path, articles)
    analysis = answerer.analyze("According to DMR News, when will the Corn Exchange reopen?")
    assert analysis.sources == {"dmr"}
    assert analysis.question == "When will the Corn Exchange reopen?"
    assert stem("news") not in analysis.stems
    for question, first in (
        ("According to DMR News, when will the Corn Exchange reopen?", "dmr"),
        ("as reported by the Sedrenna Ledger, when will the Corn Exchange reopen?", "ledger"),
        ("What does the Corn Exchange's reopening date look like per Nadira Fallowmere?", "ledger"),
    ):
        assert answerer.ask(question).quotes[0].source.id == first, question
    # A source the folder does not hold is no source named: its words stay in the question.
    other = answerer.analyze("According to Reuters, when will the Corn Exchange reopen?")
    assert other.sources == frozenset() and "reuters" in other.question.lower()


def test_a_named_source_answers_when_one_of_its_passages_does() -> None:
    # With closeness in meaning, the other article's sentence is quoted first when no source is
    # named, and DMR News agrees with it.
    answerer = Answerer.from_folder(meaning=True)
    assert answerer.ask("When do updates stop?").quotes[0].source.publisher != "DMR News"
    answer = answerer.ask("According to DMR News, when do updates stop?")
    assert answer.quotes[0].source.publisher == "DMR News"
    assert answer.quotes[0].text.startswith("After September 29, Kaspersky will be unable")
