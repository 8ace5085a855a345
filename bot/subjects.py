"""What articles are about: each one's most shared stems and title names, and a folder's main subject."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.english import is_english_word, title_words
from bot.models import Article
from bot.names import adjective_of_origin
from bot.spans import CALENDAR_NAME
from bot.text import analyze, without_possessive

if TYPE_CHECKING:
    from bot.index import IndexedPassage

TOKEN = re.compile(r"[A-Za-z][\w'’-]*")
# A Roman numeral ("Second XV") numbers a team or a monarch, never a subject.
_ROMAN_NUMERAL = re.compile(r"(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})")

# A stem in this share of an article's sentences is what the article is about: every
# sentence of it speaks of that subject, named or not ("the company" is Kaspersky).
TOPIC_SHARE = 0.4


def article_topics(
    entries: Sequence[IndexedPassage], articles: Sequence[Article], tokens: Sequence[list[str]]
) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Each article's subject, and the names its title gives.

    The subject is the stems in many of its sentences, with the title's names.
    """
    sentences: Counter[str] = Counter()
    stems: dict[str, Counter[str]] = {}
    proper: dict[str, set[str]] = {}
    lower: dict[str, set[str]] = {}
    # Capitalised words seen other than opening a run of them: a title ("Judge") that only ever
    # opens a name ("Judge Isolde Trevannion") is no name itself.
    alone: dict[str, set[str]] = {}
    for entry, written in zip(entries, tokens, strict=True):
        source_id = entry.passage.source.id
        sentences[source_id] += 1
        stems.setdefault(source_id, Counter()).update(set(entry.terms))
        # A sentence's first word is capitalised whatever it is ("Fans who bought ..."): it is a
        # name only when it is no English word ("Saltwick's lifeboat station has reopened").
        # "Saltwick's" names Saltwick.
        opening = [token for token in written[:1] if not is_english_word(without_possessive(token).lower())]
        proper.setdefault(source_id, set()).update(
            without_possessive(token) for token in (*opening, *written[1:]) if token[0].isupper()
        )
        lower.setdefault(source_id, set()).update(token for token in written if token.islower())
        alone.setdefault(source_id, set()).update(
            without_possessive(token)
            for before, token, following in zip(("", *written), written, (*written[1:], ""), strict=False)
            if token[0].isupper() and (before[:1].isupper() or not following[:1].isupper())
        )
    topics: dict[str, frozenset[str]] = {}
    title_subjects: dict[str, frozenset[str]] = {}
    for article in articles:
        article_id = article.source.id
        counts = stems.get(article_id, Counter())
        frequent = {term for term, count in counts.items() if count >= TOPIC_SHARE * sentences[article_id]}
        # A title is in title case, so only the words its body always capitalises are names.
        common = lower.get(article_id, set())
        standalone = alone.get(article_id, set())
        names = {
            token
            for token in proper.get(article_id, set())
            if token.lower() not in common and (token in standalone or token.lower() not in title_words())
        }
        title_names = {
            term
            for token in TOKEN.findall(article.source.title)
            # "Trade talks set for April": a month is when, never what an article is about;
            # nor is "Victorian" of "boost for Victorian playhouse" what it is about.
            # A Roman numeral ("Second XV boss steps up") numbers a team or a monarch; it names
            # no subject.
            # "Affected by Ilvarest's Ban?" names Ilvarest.
            if without_possessive(token) in names
            and not CALENDAR_NAME.fullmatch(token)
            and not adjective_of_origin(token)
            and not _ROMAN_NUMERAL.fullmatch(token)
            for term in analyze(without_possessive(token))
        }
        topics[article_id] = frozenset(frequent | title_names)
        title_subjects[article_id] = frozenset(title_names)
    return topics, title_subjects


def main_subject(subjects: dict[str, frozenset[str]], mentions: dict[str, frozenset[str]]) -> frozenset[str]:
    """What most of a folder's articles are about, when some are about other things.

    Among the names that are the subject of two articles or more (``subjects``: each
    article's title names that its sentences speak of most), the one most often a subject
    where it is mentioned: "Kaspersky" is the subject of the two articles that name it,
    "U.S." of two of the dozen that do. A question that names no subject asks about it.
    Empty when every article shares the subject (nothing to choose) or none is shared.
    """
    counts = Counter(term for terms in subjects.values() for term in terms)
    shared = {term: count for term, count in counts.items() if 2 <= count < len(subjects)}
    if not shared:
        return frozenset()
    mentioned = Counter(term for words in mentions.values() for term in words & shared.keys())
    share = {term: count / max(count, mentioned[term]) for term, count in shared.items()}
    best = max(share.values())
    return frozenset(term for term, value in share.items() if value == best)
