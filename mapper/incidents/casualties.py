"""Casualty counts: "two servicemen were killed", "killing at least 3 soldiers", "no casualties",
"the death toll rose to 71".

Counts within a sentence add up ("killing two soldiers and a civilian"); a toll is a total, so
it is not added to the counts beside it but taken when larger ("Two soldiers were killed,
bringing the death toll to 71": 71). Qualifiers ("at least", "more than", "up to") keep the
stated number.
"""

from __future__ import annotations

import re

_UNITS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "dozen": 12, "another": 1,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,5}|(?:"
    + "|".join(_TENS)
    + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r")"
)
_PERSON = (
    r"(?:servicem[ae]n|soldiers?|troops?|conscripts?|contract\s+soldiers?|civilians?|people|"
    r"persons?|residents?|villagers?|border\s+guards?|guards?|officers?|privates?|sergeants?|"
    r"lieutenants?|captains?|majors?|military\s+personnel|personnel|members?|fighters?|"
    r"men|women|children|child|man|woman|farmers?|shepherds?|workers?|others?|more)"
)
# "at least 49", "more than 20", "up to 15": the number stated is the one kept
_QUAL = (
    r"(?:(?:at\s+least|at\s+most|more\s+than|over|up\s+to|about|around|nearly|almost|some|"
    r"roughly|approximately|as\s+many\s+as|a\s+total\s+of|another|a\s+further|no\s+fewer\s+than|"
    r"no\s+less\s+than|fewer\s+than|less\s+than)\s+)?"
)
_ADJ = r"(?:[\w'’-]+\s+){0,4}?"
_KILL = r"(?:killed|dead|died|perished|martyred|lost\s+(?:his|her|their)\s+li(?:fe|ves)|fatal\w*)"
_WOUND = r"(?:wounded|injured|hurt|injuries|wounds)"
_BE = r"(?:(?:was|were|got|has\s+been|have\s+been|had\s+been|are|is|reportedly|also)\s+){0,3}"

_BEFORE = re.compile(  # "two soldiers were killed", "3 killed", "a serviceman ... was wounded"
    rf"(?<![Nn]o )(?<!\d[.,:])\b(?P<n>{_NUM})\s+{_ADJ}(?P<p>{_PERSON})?"
    rf"\s*(?:,[^,;.]{{0,60}},\s*)?{_BE}"
    rf"(?:(?P<k>{_KILL})|(?P<w>{_WOUND}))\b",
    re.IGNORECASE,
)
_AFTER = re.compile(  # "killing two soldiers", "wounded at least three civilians"
    rf"\b(?:(?P<k>killing|killed|kill)|(?P<w>wounding|wounded|injuring|injured))\s+{_QUAL}"
    rf"(?P<n>{_NUM})(?:\s+{_ADJ}(?P<p>{_PERSON})\b|(?=\s*(?:and\b|,|\.|;|$)))",
    re.IGNORECASE,
)
# "the death toll rose to 71", "the number of wounded servicemen reached 281"
_TOLL = re.compile(
    r"\b(?:(?P<k>(?:death\s+)?toll|number\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:dead|deaths|fatalities|killed|victims))|"
    r"(?P<w>number\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:wounded|injured)))"
    rf"\s+(?:[\w'’-]+\s+){{0,5}}?(?:to|at|reached|hit|is|was|of|:)\s+{_QUAL}(?P<n>{_NUM})\b"
    r"(?!\s*(?:%|per\s*cent|percent))",
    re.IGNORECASE,
)
_NONE = re.compile(
    r"\b(?:no\s+(?:one|casualties|losses|injuries|deaths|victims)|nobody|none|"
    r"(?:without|neither\s+side\s+(?:reported|suffered|had))\s+(?:any\s+)?"
    r"(?:casualties|losses|injuries|deaths|victims))\b"
    r"(?:\s+(?:was|were)\s+(?P<what>killed|wounded|injured|hurt))?",
    re.IGNORECASE,
)

# "Private Elvin Mammadov, a serviceman of ..., was wounded"; "... received a shrapnel wound"
_SINGULAR = re.compile(
    rf"\b(?:(?:was|has\s+been|had\s+been)\s+(?:\w+\s+)?(?:(?P<k>{_KILL})|(?P<w>{_WOUND}))|"
    r"(?:received|sustained|suffered)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:wounds?|injur(?:y|ies)))\b",
    re.IGNORECASE,
)


def casualties(sentence: str) -> tuple[int | None, int | None]:
    """Return ``(killed, wounded)`` stated in ``sentence``; None where it says nothing."""
    counts: dict[str, int | None] = {"k": None, "w": None}
    seen: list[tuple[int, int]] = []
    for m in _NONE.finditer(sentence):
        seen.append(m.span())
        what = (m.group("what") or "").lower()
        if what in ("", "killed"):
            counts["k"] = 0
        if what in ("", "wounded", "injured", "hurt"):
            counts["w"] = 0
    tolls: dict[str, int] = {}
    low = sentence.lower()
    tolled = "toll" in low or "number of" in low  # most sentences name no toll: skip the scan
    for m in _TOLL.finditer(sentence) if tolled else ():
        number = _number(m.group("n"))
        key = "k" if m.group("k") else "w"
        if number is not None:
            seen.append(m.span())
            tolls[key] = max(tolls.get(key, 0), number)
    for rx in (_AFTER, _BEFORE, _SINGULAR):
        for m in rx.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in seen):
                continue
            key = "k" if m.group("k") else "w"
            if rx is _SINGULAR:
                if not counts[key]:
                    counts[key] = 1
                continue
            number = _number(m.group("n"))
            if number is None or (m.group("p") is None and m.group("n").lower() in ("a", "an")):
                continue
            seen.append(m.span())
            counts[key] = (counts[key] or 0) + number
    for key, total in tolls.items():
        counts[key] = max(counts[key] or 0, total)
    return counts["k"], counts["w"]


def _number(word: str) -> int | None:
    word = word.lower()
    if word.replace(",", "").isdigit():
        return int(word.replace(",", ""))
    if word in _UNITS:
        return _UNITS[word]
    parts = re.split(r"[- ]", word)
    total = 0
    for part in parts:
        total += _TENS.get(part, 0) + _UNITS.get(part, 0)
    return total or None
