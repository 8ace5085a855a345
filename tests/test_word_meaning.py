"""Words said in other words: the soft coverage the choice model weighs with closeness in meaning."""

from __future__ import annotations

from bot.meaning import bundled_encoder
from bot.query import CoreWord
from bot.text import stem
from bot.word_meaning import WordMeanings, passage_words, soft_features, word_meanings_of


def _core(*words: str, context: bool = False) -> tuple[CoreWord, ...]:
    return tuple(
        CoreWord(word=word, stem=stem(word), alternatives=((stem(word),),), is_name=False, context=context)
        for word in words
    )


def _said(text: str) -> frozenset[str]:
    return frozenset(stem(word) for word in passage_words([text]))


def test_a_word_said_in_other_words_counts_as_far_as_it_is_close() -> None:
    meanings = WordMeanings(bundled_encoder())
    passage = "Kaspersky will lay off its employees in Russia."
    core = _core("moscow", "workers", "layoffs")
    found = soft_features(core, _said(passage), [passage], meanings)
    # None of the three is said, but "Russia" and "employees" are close to two of them.
    assert found["soft_coverage"] > 0.4
    unrelated = "The bridge reopens on March 3 after repairs."
    elsewhere = soft_features(core, _said(unrelated), [unrelated], meanings)
    assert elsewhere["soft_coverage"] < found["soft_coverage"] - 0.2
    assert elsewhere["soft_missing"] > found["soft_missing"]


def test_words_the_passage_says_count_in_full() -> None:
    meanings = WordMeanings(bundled_encoder())
    passage = "The bridge reopens on March 3."
    found = soft_features(_core("bridge", "reopens"), _said(passage), [passage], meanings)
    assert found == {"soft_coverage": 1.0, "soft_missing": 0.0}
    assert soft_features((), _said(passage), [passage], meanings) == {
        "soft_coverage": 0.0,
        "soft_missing": 0.0,
    }


def test_the_askers_own_context_is_never_what_is_missing() -> None:
    meanings = WordMeanings(bundled_encoder())
    passage = "The bridge reopens on March 3."
    core = _core("bridge", *()) + _core("grandmother", context=True)
    assert soft_features(core, _said(passage), [passage], meanings)["soft_missing"] == 0.0


def test_each_encoder_has_one_store_of_word_vectors() -> None:
    encoder = bundled_encoder()
    assert word_meanings_of(encoder) is word_meanings_of(encoder)
    vectors = word_meanings_of(encoder).vectors(["bridge", "bridge", "river"])
    assert vectors.shape == (3, 384)
    assert (vectors[0] == vectors[1]).all()
    assert word_meanings_of(encoder).vectors([]).shape[0] == 0
