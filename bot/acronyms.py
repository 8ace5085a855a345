"""The acronyms articles define ("the National Cyber Resilience Office (NCRO)"), each with its name.

A question may ask about "the NCRO" where a sentence says "the National Cyber Resilience
Office", or the reverse: an article that spells an acronym out once makes the two one name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DEFINED = re.compile(r"\(([A-Z]{2,6})\)")
# The words a name's acronym skips: "Bureau of Industry and Security" is BIS.
_SKIPPED = frozenset({"of", "the", "and", "for", "on", "in", "&"})
_NAME_WORD = re.compile(r"[\w'’&.-]+")
# Looking back from "(NCRO)", a name is never longer than this.
_REACH = 120


def defined_acronyms(texts: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Each acronym a text defines after its name, with the name: ("NCRO", "National Cyber ... Office")."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _DEFINED.finditer(text):
            name = _name_before(text[max(0, match.start() - _REACH) : match.start()], match.group(1))
            if name:
                found.setdefault(match.group(1), name)
    return tuple(found.items())


def _name_before(before: str, acronym: str) -> str | None:
    """The capitalised words just before an acronym whose initials spell it, if any."""
    tokens = _NAME_WORD.findall(before)
    letters = list(acronym)
    taken: list[str] = []
    for token in reversed(tokens):
        if not letters:
            break
        if token.lower() in _SKIPPED and taken:
            taken.append(token)
            continue
        if token[:1] != letters[-1]:
            return None
        letters.pop()
        taken.append(token)
    if letters:
        return None
    return " ".join(reversed(taken))
