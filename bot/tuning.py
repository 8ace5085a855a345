"""The knobs of ranking, choosing quotes and agreement; declining is ``bot.choice``'s model."""

from __future__ import annotations

from dataclasses import dataclass

from bot.agreement import SIMILAR


@dataclass(frozen=True)
class Tuning:
    """The knobs of ranking, choosing quotes and agreement (declining is bot/choice.py's model)."""

    context_weight: float = 0.2
    answer_type_bonus: float = 2.5
    answer_distance_scale: float = 8.0
    missing_answer_factor: float = 0.8
    background_factor: float = 0.9
    topic_credit: float = 0.6
    main_subject_weight: float = 0.3
    off_subject_factor: float = 0.7
    distinctive_name_share: float = 0.5
    # The leading passages the choice model (bot/choice.py) weighs against each other.
    choice_candidates: int = 15
    # Passages searched for answer spans: this many first, more while they could matter.
    first_span_pass: int = 48
    span_candidates: int = 256
    support_ratio: float = 0.5
    second_quote_ratio: float = 0.55
    agreement_ratio: float = 0.3
    agreement_similarity: float = SIMILAR
    short_answer_distance: int = 8
    max_quotes: int = 3
    suggestions: int = 3
