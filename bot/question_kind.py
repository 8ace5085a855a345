"""What kind of answer a question asks for: a date, a count, a name, a reason, advice, yes or no.

Read from the question's words alone (spell-repaired where they decide the kind: "wen",
"hw"), after any chat opener ("hey bot, ..."); a question that asks two things is read by
the one that asks ("did they say when updates stop?" asks when).
"""

from __future__ import annotations

import difflib
import re

from bot.english import people_nouns
from bot.models import AnswerType
from bot.text import PREPOSITIONS, STOP_WORDS, zipf
from bot.wording import AUXILIARIES, FIGURE_BOUND, QUESTION_WORDS

_PERSON_NOUNS = "|".join(("people", *people_nouns()["roles"]))
# "Who is behind the complaint?" asks for someone, as "Who is Kim Zetter?" does not.
_PREPOSITIONS = "|".join(sorted(PREPOSITIONS))
_WH_WORDS = "|".join(QUESTION_WORDS)
# Where "who", "when" and "where" ask rather than relate: "when did", "and who", "tell me
# where", not "Americans who keep it" or "in the past when it was kicked off".
_LEADS = (
    "and|or|but|so|then|know|knows|tell|told|say|said|says|ask|asked|wonder|wondering|sure|idea"
    "|exactly|just|to|by|for|with|from|of|about|on|until|till|since|like|me|us"
)


def _asking(word: str) -> str:
    return rf"(?:^|\b(?:{_LEADS}) ){word}\b|\b{word} (?:{AUXILIARIES})\b|\b{word}$"


_ADVICE = re.compile(
    r"\bwhat (?:\w+ ){0,4}(?:should|can|could|must|need to|supposed to|have to|ought to) "
    r"(?:\w+ ){0,3}do\b"
    r"|\bwhat are (?:my|our|their|the) options\b|^should (?:i|we)\b|\bnext steps?\b|\bwhat now\b"
    r"|\brecommend\w*\b|\badvi[sc]\w*\b|\bsuggest\w*\b"
    r"|\bwhere (?:should|can|could|do|would) (?:i|we|you|they) (?:look|go|find|get|buy|turn)\b"
)
_AUXILIARY_FIRST = re.compile(rf"^(?:{AUXILIARIES})\b")
# What a figure measures: "what temperature", "what was the top speed".
_MEASURES = (
    "temperature|speed|population|height|weight|capacity|distance|length|depth|rainfall|turnout"
    "|attendance|altitude|magnitude|size|margin|majority|gust|gusts"
)
# Things long in space, not in time: "how long is the pipeline?" asks for a length.
_LINEAR_THINGS = (
    "pipeline|pipe|cable|road|bridge|tunnel|railway|rail line|route|runway|wall|fence|track|trail|path"
    "|river|canal|bypass|motorway|street|coastline|beach|border|network|lane|cycleway|greenway|footpath"
    "|towpath|walkway|boardwalk|causeway|pier|viaduct|promenade|ring road"
)
_TYPE_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (
        AnswerType.NUMBER,
        re.compile(
            r"\bhow long (?:is|are|was|were|will (?:\w+ )?be) (?:the |a |an |its |their )?"
            # "the new Kelsmere Greenway cycle path", not "the ban on the new rail line"
            r"(?:(?!(?:on|of|for|to|in|at|by|with|from|about)\b)\w+ ){0,5}"
            rf"(?:{_LINEAR_THINGS})s?\b"
            # "How long was the road closed?" asks for a time.
            r"(?! (?:be |been |being )?(?:closed|shut|open|opened|out|down|blocked|offline|delayed|suspended"
            r"|disrupted|affected|off|used|in use|under|closures?|works|repairs?|maintenance|diversions?)\b)"
            # "How long a stretch of the river was polluted?"
            r"|\bhow long an? (?:stretch|section|length|distance|part|portion)\b"
        ),
    ),
    (
        # "What was the score in the final?", "by what score did they win?": a match's score.
        AnswerType.SCORE,
        re.compile(
            r"\b(?:what|which) (?:(?:was|is|were) )?(?:the )?(?:\w+ ){0,2}(?:score|scoreline)s?\b"
            r"|\bby what (?:score|scoreline|margin)\b|\bfinal score\b"
        ),
    ),
    (
        AnswerType.DURATION,
        re.compile(
            r"\bhow long\b|\bfor how many (?:years|months)\b|\bhow much (?:longer|more time|time)\b"
            # "What was the average emergency wait?"
            r"|\bwhat (?:is|was|will be) the (?:\w+ ){0,3}(?:wait|waiting time|wait time|delay)\b"
            # "What was the winning time in the men's race?": how long the race took.
            r"|\b(?:winning|finishing|race|record|fastest|quickest) time\b|\bin what time\b"
        ),
    ),
    (
        AnswerType.NUMBER,
        re.compile(
            # "the date we can count on getting updates": to count on is to rely on.
            r"\bhow (?:many|much)\b|\bnumber of\b|\bhow big\b|\b(?:head)?count\b(?! on\b)"
            # "What share of its waste did Brinmoor recycle?", "what stake ... has it bought?":
            # a proportion.
            r"|\bwhat (?:share|proportion|percentage|percent|fraction|portion|stake)\b"
            # "What temperature was recorded?", "how fast", "how high": a measure.
            rf"|\bwhat (?:(?:is|was|will be|were) (?:\w+ ){{0,3}})?(?:{_MEASURES})\b"
            r"|\bhow (?:hot|cold|warm|fast|tall|high|heavy|deep|far|wide|large|full|empty)\b"
            # "What tariff is Valdoria putting on steel?", "what transfer fee": an amount asked by
            # its kind.
            r"|\bwhat (?:(?!(?:is|was|are|were|be|do|does|did|will|would|can|could|should|must)\b)\w+ )?"
            r"(?:tariff|fine|fee|toll|fare|price|salary|wage|rent|ransom|sum|amount)s?\b"
            # "What is Corvanthe offering per share?": an amount for each of something.
            r"|\bwhat (?:\w+ ){1,8}per (?:share|head|person|hour|day|week|month|year|night|ticket|unit)\b"
            # "What pay rise have the drivers accepted?": a change in an amount is a figure.
            r"|\bwhat (?:\w+ )?(?:pay|price|fare|rent|tax|wage|salary|tuition|fee|rate|bill|toll)s? "
            r"(?:rise|raise|increase|hike|cut|reduction|fall|drop|freeze|award|offer|deal)s?\b"
            # "What will the minimum wage be?": an amount of money.
            r"|\bwhat (?:is|was|will|would)(?: \w+){0,3} (?:price|cost|fine|wage|salary|fee|budget|"
            r"revenue|fare|toll|tuition|rent|settlement|ransom|tariff|value|worth|amount)s?\b"
            # "What did Brevik pay for Wachturm?": an amount of money; but "the minister in charge
            # of trade" charges nothing.
            r"|\bwhat (?:did|does|do|will|would) (?:\w+ ){1,8}(?<!\bin )"
            r"(?:pay|charge|spend|earn|cost)\b(?! of\b)"
            # "What is the new bridge going to cost?"
            r"|\bwhat (?:is|are|was|were|'s) (?:\w+ ){1,8}(?:going|expected|likely|set|due|meant|supposed) "
            r"to (?:pay|charge|spend|earn|cost)\b"
            # "Brindlefield fine amount?": a figure asked by its noun alone.
            rf"|^(?!.*\b(?:{_WH_WORDS})\b)(?:\w+ )+"
            r"(?:amount|sum|total|figure|tally|price|cost|budget|revenue|salary|turnout|attendance"
            # "Kaspersky US market share": a proportion asked by its noun alone.
            r"|share|percentage|number|count)$"
        ),
    ),
    (
        AnswerType.DATE,
        re.compile(
            rf"{_asking('when')}|\bwhat (?:date|day|time|year|month)\b|\bwhich (?:date|day|year|month)\b"
            # "What is the final day for updates?"
            r"|\bwhat (?:is|was|will be|are|were) (?:the|its|their) (?:\w+ )?(?:date|day|deadline)s?\b"
            r"|\bby when\b|\buntil when\b|\bhow soon\b|\bwhat deadline\b|\bdates?\b"
            # "Home Guard 8 release year?"
            r"|^(?!.*\b(?:who|whom|whose|why|what|which|where|how)\b)(?:\w+ )+(?:year|month|day)$"
        ),
    ),
    (
        AnswerType.PERSON,
        re.compile(
            rf"{_asking('who(?:m|se)?')}|\b(?:which|what) (?:\w+ )?(?:{_PERSON_NOUNS})s?\b"
            # "Which three Orbrisk executives are covered?"
            rf"|\bwhich (?:\w+ ){{2}}(?:{_PERSON_NOUNS})s?\b"
            # "What is the name of the firm?", "which managers, by name?": a name.
            r"|\bnames? of\b|\bby name\b"
        ),
    ),
    (
        AnswerType.REASON,
        re.compile(
            r"\bwhy\b|\bhow come\b|\bwhat (?:is|was) the reason\b|\breasons?\b"
            r"|\b(?:worried|worry|worries|concerned|afraid|scared) (?:about|of|that)\b"
        ),
    ),
    (AnswerType.ADVICE, _ADVICE),
    (
        AnswerType.PLACE,
        re.compile(
            rf"{_asking('where')}|\b(?:which|what) (?:country|countries|region|regions|city|cities|town"
            r"|towns|state|states|province|county|place|location|site|venue)\b"
        ),
    ),
    (AnswerType.YES_NO, _AUXILIARY_FIRST),
)


_OPENERS = frozenset(
    {
        "hey",
        "hi",
        "hello",
        "yo",
        "bot",
        "banbot",
        "ok",
        "okay",
        "so",
        "and",
        "but",
        "please",
        "pls",
        "plz",
        "um",
        "uh",
        "well",
        "also",
        "quick",
        "question",
    }
)
# "Who is Sawyer VanHorn?", not "who is heading the jury?" (a person doing something).
_IDENTITY = re.compile(
    rf"^who (?:is|was|are|were) (?!(?:the|a|an|{_PREPOSITIONS}|responsible)\b)(?!\w+ing\b)"
    rf"(?!.*\b(?:{_PERSON_NOUNS})\b)"
    # "Tell me who Gina Raimondo is in this story."
    rf"|^(?:tell (?:me|us)|explain|remind me) who (?!(?:the|a|an)\b)(?:\w+ ){{1,3}}(?:is|was|are|were)\b"
)


_EMBEDDED_QUESTION = re.compile(
    r"\b(?:know|knows|known|say|says|said|tell|told|explain|explained|mention|mentioned|announce|announced"
    r"|sure|clear|idea|specify|specified|reveal|revealed|disclose|disclosed|decide|decided|confirm|confirmed)"
    rf" (?:{_WH_WORDS})\b"
)
# "is kaspersky done here or what, like what does this shutdown show": the second asks.
_WH_CLAUSE_AFTER = re.compile(r"\bor what (?:like )?(?:what|why|how|when|who|where|which)\b")
# "When the company got kicked off years ago, did it push back?"
# "Under the new rules, can someone still install it?"
_CLAUSE_THEN_AUXILIARY = re.compile(
    rf"^(?:when|if|after|before|once|since|while|under|with|given|now|in|from|as) "
    rf"(?:(?!(?:{_WH_WORDS})\b)\w+ ){{2,}}?(?:{AUXILIARIES}) "
    r"(?:it|they|he|she|we|i|you|there|the|this|that|its|their|his|her|someone|anyone|people)\b(?! know\b)"
)


# "Who's Kim Zetter?", "whos the CEO": "who is", unless a participle follows ("who's been fired").
_WHO_IS = re.compile(r"\bwho(?:['’]s|s)\b(?!\s+(?:been|got|gotten|had)\b)", re.IGNORECASE)


def spell_out_who_is(question: str) -> str:
    """The question with "who's" and "whos" written out as "who is", which word splitting would lose."""
    return _WHO_IS.sub("who is", question)


def answer_type(question_words: list[str]) -> AnswerType:
    """The kind of answer a question asks for, from its (spell-repaired) words.

    "Who is Sawyer VanHorn?" names its person already: it asks what the sources say of
    them, which the quote gives, so it expects no name back.
    """
    # Chat openers ("hey bot, is it ...") come before the words that decide the type.
    start = 0
    while start < len(question_words) - 1 and question_words[start] in _OPENERS:
        start += 1
    text = " ".join(question_words[start:])
    if _IDENTITY.search(text):
        return AnswerType.OTHER
    asks_advice = _ADVICE.search(text)
    if not asks_advice and (
        (
            _AUXILIARY_FIRST.search(text)
            and not _EMBEDDED_QUESTION.search(text)
            and not _WH_CLAUSE_AFTER.search(text)
        )
        or _CLAUSE_THEN_AUXILIARY.search(text)
    ):
        # "Did Trackmere admit wrongdoing when it settled?" asks yes or no, not when;
        # "did they say when updates stop?" still asks when, "should I switch?" for advice.
        # "Were more than 100 employees laid off?" is answered by how many were: a count.
        # "Has it been in the US for more than 15 years?", by how long it has.
        bound = _COUNT_BOUND.search(text)
        if bound is None:
            return AnswerType.YES_NO
        return AnswerType.DURATION if bound["unit"] else AnswerType.NUMBER
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(text):
            return kind
    return AnswerType.OTHER


# A bound a yes/no question sets on a figure ("more than 100", "fewer than fifty", "at least 10
# years"), and the unit of time that makes it a length.
_COUNT_BOUND = re.compile(rf"\b{FIGURE_BOUND}(?: (?P<unit>years?|months?|weeks?|days?|hours?|minutes?)\b)?")

_COMMON_WORD_ZIPF = 4.0


def repair_question_word(word: str, previous: str = "") -> str:
    """Fix typos in the words that decide the answer type ("wen", "hw", "whn", "how mutch").

    ``previous`` is the word before it: after "how", the word says what is asked ("mutch").
    """
    # An everyday word ("home", Zipf 5.8) is what it says, not a misspelt "whom".
    if word in STOP_WORDS or len(word) < 2 or zipf(word) >= _COMMON_WORD_ZIPF:
        return word
    choices = _AFTER_HOW if previous == "how" else QUESTION_WORDS
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return match[0] if match else word


_AFTER_HOW = ("much", "many", "long", "soon", "often", "far", "big")
