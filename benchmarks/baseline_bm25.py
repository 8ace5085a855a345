"""The baseline banbot is measured against: rank-bm25 as its README shows it.

BM25Okapi over whitespace-split, lower-cased paragraphs of the same articles; the best
paragraph is "the answer", and it abstains only when no paragraph scores above zero.
Run: python benchmarks/baseline_bm25.py [QUESTIONS.jsonl ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from rank_bm25 import BM25Okapi

from bot.evaluation import grade, load_questions
from bot.knowledge import load_knowledge
from bot.models import Answer, Quote
from bot.text import paragraphs

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = [
    ROOT / "tests" / "data" / "public_questions.jsonl",
    ROOT / "tests" / "data" / "chat_questions.jsonl",
]


class PlainBM25:
    def __init__(self) -> None:
        self.passages = [
            (paragraph, article.source)
            for article in load_knowledge()
            for paragraph in paragraphs(article.body)
        ]
        self.bm25 = BM25Okapi([text.lower().split(" ") for text, _ in self.passages])

    def ask(self, question: str) -> Answer:
        scores = self.bm25.get_scores(question.lower().split(" "))
        order = sorted(range(len(scores)), key=lambda index: -scores[index])
        quotes = tuple(
            Quote(self.passages[index][0], float(scores[index]), self.passages[index][1])
            for index in order[:3]
            if scores[index] > 0
        )
        return Answer(question=question, answered=bool(quotes), quotes=quotes)


def main(paths: list[str]) -> int:
    baseline = PlainBM25()
    for path in [Path(p) for p in paths] or DEFAULT_SETS:
        report = grade(baseline, load_questions(path))
        print(
            f"{path.name}: hit@1 {report.hits_at_1}/{report.answerable} ({report.hit_at_1:.3f}), "
            f"hit@3 {report.hit_at_3:.3f}, MRR {report.mrr:.3f}, "
            f"abstained {report.abstained_correctly}/{report.out_of_scope} out-of-scope "
            f"(precision {report.abstention_precision:.3f}, recall {report.abstention_recall:.3f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
