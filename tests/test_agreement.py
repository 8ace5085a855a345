"""When sources agree, differ, or speak of different things: values compared, events told apart."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import write_knowledge

from bot.agreement import Relation, Statement, relation
from bot.answerer import Answerer
from bot.models import AnswerType

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "agreement_cases.yaml").read_text(encoding="utf-8")
)


def _statement(text: str, answer: str, published: date | None = date(2024, 7, 18)) -> Statement:
    return Statement(
        text=text,
        stems=frozenset(),
        concepts=frozenset({"lay", "worker"}),
        asked=frozenset({"lay", "worker"}),
        names=frozenset(),
        answer=answer,
        near=True,
        published=published,
        background=False,
    )


@pytest.mark.parametrize(
    ("kind", "first", "second", "expected"),
    [
        (AnswerType.NUMBER, "212 workers", "180 workers", Relation.DIFFER),
        (AnswerType.NUMBER, "212 jobs", "about 200 jobs", Relation.AGREE),
        (AnswerType.NUMBER, "fewer than 50 employees", "dozens of employees", Relation.AGREE),
        (AnswerType.NUMBER, "$4 million", "$2.5 million", Relation.DIFFER),
        (AnswerType.NUMBER, "18 percent", "212 employees", Relation.UNRELATED),
        (AnswerType.DATE, "Sept. 29, 2024", "September 29", Relation.AGREE),
        (AnswerType.DATE, "October 25", "November 8", Relation.DIFFER),
        (AnswerType.DATE, "in June", "June 21", Relation.AGREE),
        (AnswerType.DATE, "next month", "August 5", Relation.AGREE),
        (AnswerType.DATE, "Tuesday", "July 16", Relation.AGREE),
        (AnswerType.PERSON, "U.S. Commerce Department", "Commerce Department", Relation.AGREE),
        (AnswerType.PERSON, "Alicia Dunmore", "Mark Ellis", Relation.DIFFER),
    ],
)
def test_values_are_compared_as_values(kind: AnswerType, first: str, second: str, expected: Relation) -> None:
    assert relation(kind, _statement("", first), _statement("", second)) is expected


def test_a_relative_date_in_an_undated_article_is_not_compared() -> None:
    undated = _statement("", "next month", published=None)
    assert relation(AnswerType.DATE, _statement("", "August 5"), undated) is Relation.UNRELATED


def test_another_year_is_another_event() -> None:
    first = _statement("The ban was announced in June 2024.", "June 2024")
    second = _statement("A ban was announced in March 2017.", "March 2017")
    assert relation(AnswerType.DATE, first, second) is Relation.UNRELATED


def _ask(tmp_path: Path, case: dict[str, Any]) -> str:
    answer = Answerer.from_folder(write_knowledge(tmp_path, case["articles"])).ask(case["question"])
    if answer.differing:
        return "differ"
    return "agree" if answer.quotes and answer.quotes[0].agreeing else "neither"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_no_source_is_said_to_agree_or_differ_wrongly(tmp_path: Path, case: dict[str, Any]) -> None:
    found = _ask(tmp_path, case)
    # Every note the bot gives must be right; a missed one (neither) is counted below.
    assert found in (case["expect"], "neither"), f"{case['id']}: expected {case['expect']}, got {found}"


def test_how_many_agreements_and_differences_are_found(tmp_path: Path) -> None:
    found = {case["id"]: _ask(tmp_path / case["id"], case) for case in CASES}
    # Measured: 6 of 9 planted differences and 8 of 9 agreements (before the work: 2/9 and 1/9).
    differ = sum(found[case["id"]] == "differ" for case in CASES if case["expect"] == "differ")
    agree = sum(found[case["id"]] == "agree" for case in CASES if case["expect"] == "agree")
    assert differ >= 6, found
    assert agree >= 8, found


def test_a_difference_names_each_source_value_and_sentence(tmp_path: Path) -> None:
    case = next(case for case in CASES if case["id"] == "differ-spokesperson")
    answer = Answerer.from_folder(write_knowledge(tmp_path, case["articles"])).ask(case["question"])
    assert {claim.value for claim in answer.differing} == set(case["values"])
    assert answer.note is not None
    for claim in answer.differing:
        assert claim.source.citation() in answer.note
        assert claim.quote in answer.note
        assert claim.value in claim.quote
        assert claim.source not in answer.quotes[0].agreeing
    record = json.loads(json.dumps(answer.to_dict()))
    assert [item["value"] for item in record["differing"]] == [claim.value for claim in answer.differing]


def test_the_bundled_articles_never_differ(bundled_answerer: Answerer, question_set_dir: Path) -> None:
    sets = ("public_questions.jsonl", "chat_questions.jsonl", "rounds/round9.jsonl", "rounds/round10.jsonl")
    for name in sets:
        for line in (question_set_dir / name).read_text(encoding="utf-8").splitlines():
            question = json.loads(line)["question"]
            answer = bundled_answerer.ask(question)
            assert answer.note is None and not answer.differing, question


def test_the_two_bundled_articles_agree_on_when_updates_stop(bundled_answerer: Answerer) -> None:
    answer = bundled_answerer.ask("When do updates stop?")
    assert answer.answer == "September 29, 2024"  # the year from the dated source that agrees
    assert len(answer.quotes[0].sources) == 2
    assert answer.note is None
