"""Counts and amounts read as the ranges they allow: "fewer than 50" and "dozens" agree, 212 and 180 not.

A figure keeps its unit (a currency, a span of time, a measure, a share), so "£210 million" is
no crowd of 12,000; vague words ("thousands", "several hundred"), fractions ("a third", "three in
four"), race times and temperatures in either scale are read as values too. ``bot.values``
compares the other kinds of answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from text_to_num import alpha2digit

from bot.spans import GLUED_UNITS

# text2num reads every number word but "dozen" ("a dozen", "half a dozen").
_DOZEN = 12
# Longest first: "hundreds of thousands" is no mere "hundreds".
_VAGUE = {
    "tens of thousands": (2e4, 99999.0),
    "hundreds of thousands": (2e5, 999999.0),
    "tens of millions": (2e7, 9.99e7),
    "hundreds of millions": (2e8, 9.99e8),
    "several hundred": (300.0, 999.0),
    "several thousand": (3000.0, 9999.0),
    "several million": (3e6, 9.99e6),
    "several": (3.0, 9.0),
    "dozens": (24.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2000.0, 9999.0),
    "millions": (2e6, 9.99e8),
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "k": 1e3, "m": 1e6, "bn": 1e9}
_ROUGHLY = ("about", "around", "roughly", "approximately", "nearly", "almost", "some", "over", "under")
_UNITS = ("percent", "year", "month", "week", "day", "hour", "minute", "decade")
# Measures, each its own unit ("4.6 metres" is no count of "several roads"), as each spelling
# and abbreviation writes it.
_MEASURES = {
    spelling: unit
    for unit, spellings in (
        ("kilometre", ("kilometre", "kilometer", "km")),
        ("centimetre", ("centimetre", "centimeter", "cm")),
        ("millimetre", ("millimetre", "millimeter", "mm")),
        ("metre", ("metre", "meter")),
        ("mile", ("mile", "mph")),
        ("foot", ("feet", "foot", "ft")),
        ("inch", ("inch", "inche")),
        ("degree", ("degree",)),
        ("tonne", ("tonne", "ton")),
        ("kilogram", ("kilogram", "kg")),
        ("millilitre", ("millilitre", "milliliter", "ml")),
        ("litre", ("litre", "liter")),
        ("gallon", ("gallon",)),
        ("hectare", ("hectare",)),
        ("acre", ("acre",)),
        ("megawatt", ("megawatt", "mw")),
        ("gigawatt", ("gigawatt", "gw")),
        ("kilowatt", ("kilowatt", "kw")),
    )
    for spelling in spellings
}


# The range a figure allows and its unit: "about 40" is (36.0, 44.0, ""), "£5m" (5e6, 5e6, "£").
_Range = tuple[float, float, str]


def unit_of(text: str) -> str | None:
    """The unit an amount is told in ("£", "percent", "metre"), "" for a bare count, None for no amount."""
    found = _amount(text)
    return None if found is None else found[2]


def _amount(text: str) -> _Range | None:
    """The range a count or amount allows, and its unit ("" for a plain count)."""
    lowered = text.lower().replace(",", "").replace("%", " percent")
    lowered = re.sub(r"\bper\s?cent\b|(?<=\d)\s?pc\b", " percent", lowered)
    lowered = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", lowered)  # "four-and-a-half years"
    lowered = re.sub(rf"(?<=\d)(?=(?:{GLUED_UNITS})\b)", " ", lowered)  # "41mm" is "41 mm"
    # "142p" and "142 pence" are £1.42.
    lowered = re.sub(
        r"\b(\d+(?:\.\d+)?)\s?(?:p|pence)\b", lambda match: f"£{float(match.group(1)) / 100:g}", lowered
    )
    # "38.4C" and "38.4°C" are "38.4 degrees celsius", "94.5F" "94.5 degrees fahrenheit".
    lowered = re.sub(r"(?<=\d)\s*°?\s*c\b", " degrees celsius", lowered)
    lowered = re.sub(r"(?<=\d)\s*°?\s*f\b", " degrees fahrenheit", lowered)
    lowered = re.sub(r"(?<=\d)\s*°", " degrees", lowered)
    # "a year and a half" is 1.5 years, "half a day" 0.5 days, "half a million" 500,000.
    lowered = re.sub(r"\b(?:a|an|one|1) (\w+) and a half\b", r"1.5 \1", lowered)
    lowered = re.sub(r"\bhalf an? (\w+)", r"0.5 \1", lowered)
    lowered = re.sub(r"\b(?:a|one) quarter of an? (\w+)", r"0.25 \1", lowered)
    # A fortnight is two weeks.
    lowered = re.sub(r"\b(?:a|one) fortnight\b", "2 weeks", lowered)
    lowered = re.sub(r"\b(\d+) fortnights\b", lambda match: f"{2 * int(match.group(1))} weeks", lowered)
    lowered = re.sub(r"\bthree quarters of an? (\w+)", r"0.75 \1", lowered)
    share = _SHARES.fullmatch(re.sub(r"\s+of$", "", lowered.strip()))
    if share:
        low, high = _SHARE_PERCENT[share.group(1)]
        return low, high, "percent"
    # Before the number words become digits: "thousands" would be read as 1000.
    vague = next((bounds for word, bounds in _VAGUE.items() if re.search(rf"\b{word}\b", lowered)), None)
    if vague is not None:
        return *vague, _unit(lowered)
    if not any(char.isdigit() for char in lowered):
        # "a hundred and twelve", "seventeen", "twenty-four": digits (a figure written with
        # digits already is left alone, for "1.8 million" is no "1.8 1000000").
        lowered = alpha2digit(lowered, "en", threshold=0)
    lowered = re.sub(  # "6 euros 50" (from "six euros fifty") is 6.50 euros
        r"\b(\d+) (pounds?|euros?|dollars?) (\d{1,2})\b",
        lambda match: f"{match.group(1)}.{int(match.group(3)):02d} {match.group(2)}",
        lowered,
    )
    lowered = re.sub(r"(\d+) and a half\b", r"\1.5", lowered)
    lowered = re.sub(r"(\d+) and a quarter\b", r"\1.25", lowered)
    lowered = re.sub(r"(\d+) and (?:three|3) quarters\b", r"\1.75", lowered)
    # "three and a half million": 3.5, then the 1000000 that words gave the million.
    lowered = re.sub(
        r"\b(\d+\.\d+) (1000|1000000|1000000000)\b",
        lambda match: f"{float(match.group(1)) * int(match.group(2)):.0f}",
        lowered,
    )
    # A race time, "2:11:48": hours, minutes and seconds, in days.
    clock = _RACE_TIME.fullmatch(lowered.strip())
    if clock:
        hours, minutes, seconds = (float(part) for part in clock.groups())
        days = hours * _DAYS["hour"] + minutes * _DAYS["minute"] + seconds * _DAYS["second"]
        return days, days, "day"
    # "four years and six months", "two hours, 11 minutes and 48 seconds": one span, in days.
    parts = _SPAN_PART.findall(alpha2digit(lowered, "en", threshold=0)) if " and " in lowered else []
    if len(parts) > 1:
        days = sum(float(figure) * _DAYS[unit] for figure, unit in parts)
        return days, days, "day"
    ratio = _RATIO.search(lowered)
    if ratio and 0 < int(ratio.group(1)) < int(ratio.group(2)):
        # "three in four" is 75%; rounded to the nearest whole share, "one in three" is 33%.
        percent = 100 * int(ratio.group(1)) / int(ratio.group(2))
        if any(re.search(rf"\b{word}\b", lowered) for word in _ROUGHLY):
            return (percent - 0.5) * 0.9, (percent + 0.5) * 1.1, "percent"
        return percent - 0.5, percent + 0.5, "percent"
    unit = _unit(lowered)
    match = re.search(r"(\d+(?:\.\d+)?)\s*(thousand|million|billion|bn|k|m)?\b", lowered)
    # "$86 million" is rounded to its last digit: $86.3 million is "over 86 million" too.
    rounding = 0.0
    if match:
        scale = _SCALES.get(match.group(2) or "", 1.0)
        if re.match(r"\s*dozen\b", lowered[match.end() :]):
            scale = _DOZEN  # "four dozen" is 48
        value = float(match.group(1)) * scale
        if scale > 1:
            decimals = len(match.group(1).partition(".")[2])
            rounding = 0.5 * scale / 10**decimals
    else:
        if not re.search(r"\bdozen\b", lowered):
            return None
        value = float(_DOZEN)
    # "just under 5 per cent" is 4.99%, a little below the figure, not anything below it.
    if re.search(r"\b(?:just|slightly|a little|fractionally) (?:under|below|short of)\b", lowered):
        return value * 0.9, value, unit
    if re.search(r"\b(?:just|slightly|a little|fractionally) (?:over|above)\b", lowered):
        return value, value * 1.1, unit
    # "fewer than 50 people" is 49 at most; "under 5 per cent" may be 4.99, but not 5.
    step = 1.0 if not unit and value == int(value) else value * 1e-6
    if re.search(r"\b(?:fewer|less) than\b|\bunder\b|\bup to\b|\bat most\b", lowered):
        return 0.0, value - (0 if "up to" in lowered or "at most" in lowered else step), unit
    if re.search(r"\bmore than\b|\bover\b|\bat least\b", lowered):
        return value + (0 if "at least" in lowered else step), float("inf"), unit
    if any(re.search(rf"\b{word}\b", lowered) for word in _ROUGHLY):
        return value * 0.9, value * 1.1, unit
    return value - rounding, value + rounding, unit


def _unit(lowered: str) -> str:
    """The unit an amount's lowered text is told in: a span, a scale, a measure, a currency or ""."""
    return (
        next((unit for unit in _UNITS if unit in lowered), "")
        or next((scale for scale in _TEMPERATURE_SCALES if re.search(rf"\b{scale}\b", lowered)), "")
        or next(
            (unit for spelling, unit in _MEASURES.items() if re.search(rf"\b{spelling}s?\b", lowered)), ""
        )
        or _currency(lowered)
    )


_CURRENCIES = (
    ("$", re.compile(r"\$|\bdollars?\b")),
    ("£", re.compile(r"£|\bpounds?\b")),
    ("€", re.compile(r"€|\beuros?\b")),
    ("¥", re.compile(r"¥|\byen\b|\byuan\b")),
)


def _currency(lowered: str) -> str:
    """The currency an amount is in ("" for a count): "£210 million" is no crowd of 12,000."""
    return next((sign for sign, pattern in _CURRENCIES if pattern.search(lowered)), "")


# A share written as a fraction, in percent ("a third" is 33% or 34%, as it is rounded).
_SHARE_PERCENT = {
    "half": (50.0, 50.0),
    "a third": (33.0, 34.0),
    "one third": (33.0, 34.0),
    "two thirds": (66.0, 67.0),
    "a quarter": (25.0, 25.0),
    "one quarter": (25.0, 25.0),
    "three quarters": (75.0, 75.0),
    "a fifth": (20.0, 20.0),
    "one fifth": (20.0, 20.0),
    "two fifths": (40.0, 40.0),
    "three fifths": (60.0, 60.0),
    "four fifths": (80.0, 80.0),
    "a tenth": (10.0, 10.0),
    "one tenth": (10.0, 10.0),
}
_SHARES = re.compile("(" + "|".join(_SHARE_PERCENT) + ")")
_SPAN_PART = re.compile(r"(\d+(?:\.\d+)?)[\s-](year|month|week|day|hour|minute|second)s?\b")
_RATIO = re.compile(r"\b(\d{1,3}) (?:in|out of) (?:every )?(\d{1,3})\b")
_RACE_TIME = re.compile(r"(\d{1,2}):(\d{2}):(\d{2})")
# Each measure in its base unit, and its system: "41mm" is "4.1cm", and "twelve hectares" may be
# "about 30 acres" converted and rounded. Miles are left out: a mile against metres is likely
# another measure (the route's length against a depth).
_MEASURED_IN = {
    "millimetre": ("metre", 0.001, "metric"),
    "centimetre": ("metre", 0.01, "metric"),
    "metre": ("metre", 1.0, "metric"),
    "kilometre": ("metre", 1000.0, "metric"),
    "hectare": ("square metre", 10000.0, "metric"),
    "acre": ("square metre", 4046.856, "imperial"),
}
# Degrees in Celsius, from each scale; "degree" names none, so it may be either.
_TEMPERATURE_SCALES: dict[str, tuple[Callable[[float], float], ...]] = {
    "celsius": (lambda value: value,),
    "centigrade": (lambda value: value,),
    "fahrenheit": (lambda value: (value - 32) * 5 / 9,),
    "degree": (lambda value: value, lambda value: (value - 32) * 5 / 9),
}
# Spans of time in days, so that "two years" is "24 months".
_DAYS = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 365.25 / 12,
    "year": 365.25,
    "decade": 3652.5,
}


def same_figure(first: str, second: str) -> bool:
    """Whether two amounts give one figure in one unit ("210 staff", "210 employees")."""
    left = _amount(first)
    return left is not None and left == _amount(second)


def amounts_compatible(first: str, second: str) -> bool | None:
    left, right = _amount(first), _amount(second)
    if left is None or right is None:
        return None
    if left[2] in _TEMPERATURE_SCALES and right[2] in _TEMPERATURE_SCALES:
        return _temperatures_compatible((first, second), (left, right))
    if left[2] != right[2] and left[2] in _MEASURED_IN and right[2] in _MEASURED_IN:
        # "41mm" is "4.1cm"; "twelve hectares" is "about 30 acres". A figure turned into the
        # other system's units is rounded, so across systems a twentieth either way is the same.
        (base, left_factor, left_system), (other_base, right_factor, right_system) = (
            _MEASURED_IN[left[2]],
            _MEASURED_IN[right[2]],
        )
        if base == other_base:
            slack = 0.05 if left_system != right_system else 0.0
            left = (left[0] * left_factor * (1 - slack), left[1] * left_factor * (1 + slack), base)
            right = (right[0] * right_factor, right[1] * right_factor, base)
    if left[2] != right[2]:
        if left[2] not in _DAYS or right[2] not in _DAYS:
            return None  # "18 percent of its workforce" is no count of people
        # A month is not a whole number of weeks, nor three months twelve weeks: a twentieth
        # either way is the same span (for spans of days or more; "90 minutes" is no "two hours").
        longest = max(left[0] * _DAYS[left[2]], right[0] * _DAYS[right[2]])
        slack = max(1.0, 0.05 * longest) if _DAYS[left[2]] >= 1 and _DAYS[right[2]] >= 1 else 0.0
        left = (left[0] * _DAYS[left[2]] - slack, left[1] * _DAYS[left[2]] + slack, "day")
        right = (right[0] * _DAYS[right[2]] - slack, right[1] * _DAYS[right[2]] + slack, "day")
    # 120 minutes are two hours, to the last bit of a float.
    tolerance = 1e-9 * max(abs(left[0]), abs(right[0]), 1.0)
    if not (left[0] <= right[1] + tolerance and right[0] <= left[1] + tolerance):
        return False
    if _far_below_a_bound(left, right) or _far_below_a_bound(right, left):
        # "treated more than 200 runners" and "5,260 runners made it to the finish": both may
        # be true, but the bound states no such figure.
        return None
    return True


def _temperatures_compatible(texts: tuple[str, str], amounts: tuple[_Range, _Range]) -> bool:
    """Whether two temperatures may be one: "34.7 degrees Celsius" is "94.5F".

    Each is taken as rounded to its last digit, for a conversion seldom lands on one.
    """
    in_celsius = []
    for text, (low, high, scale) in zip(texts, amounts, strict=True):
        figure = re.search(r"\d+(?:\.(\d+))?", text)
        rounding = 0.5 / 10 ** len(figure.group(1) or "") if figure else 0.0
        in_celsius.append([(to(low - rounding), to(high + rounding)) for to in _TEMPERATURE_SCALES[scale]])
    return any(
        low <= other_high and other_low <= high
        for low, high in in_celsius[0]
        for other_low, other_high in in_celsius[1]
    )


# A bound ("more than 5,000", "fewer than 50") states a figure as far as this factor from it.
_BOUND_REACH = 1.5


# Two reports of one count or sum seldom differ tenfold: figures further apart count other things.
_ONE_FIGURE_REACH = 10.0


def far_apart(first: str, second: str) -> bool:
    """Whether two amounts in one unit are too far apart to be two reports of one figure.

    "About 1.9 million people ... use a Halcyrix product" and "will also cut 120 jobs" count
    other things, however alike their nouns; "210,000 crowns towards the legal costs" is no price
    "of up to 5,000 crowns per employee".
    """
    left, right = _amount(first), _amount(second)
    if left is None or right is None or left[2] != right[2] or left[2] in _TEMPERATURE_SCALES:
        return False
    stated = [_stated(amount) for amount in (left, right)]
    return min(stated) > 0 and max(stated) > _ONE_FIGURE_REACH * min(stated)


def _stated(amount: _Range) -> float:
    """The figure a range states: its middle, or the bound it gives ("more than 200", "up to 5,000")."""
    low, high, _ = amount
    if high == float("inf"):
        return low
    return high if low == 0.0 else (low + high) / 2


def _far_below_a_bound(bound: _Range, value: _Range) -> bool:
    """Whether an open range ("more than 200") lies far from the other's figure (5,260)."""
    low, high, _ = bound
    # The figure a range states is its middle: "some five hundred homes" (450 to 550) states
    # 500, far above "at least 320".
    stated = (value[0] + value[1]) / 2 if value[1] != float("inf") else value[0]
    if high == float("inf") and low > 0:
        return stated > low * _BOUND_REACH
    if low == 0.0 and high > 0 and value[1] != float("inf") and value[0] > 0:
        return stated * _BOUND_REACH < high
    return False
