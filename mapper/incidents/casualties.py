"""Casualty counts: "two servicemen were killed", "killing at least 3 soldiers", "six civilians
were martyred", "over two dozen sustained injuries", "no casualties", "the death toll rose to 71".

Counts within a sentence add up ("killing two soldiers and a civilian"); a toll is a total, so
it is not added to the counts beside it but taken when larger ("Two soldiers were killed,
bringing the death toll to 71": 71). Qualifiers ("at least", "more than", "over") keep the
stated number; vague counts ("dozens", "several", "others") add nothing, nor does a combined
figure ("killed or wounded more than 100"), which cannot be split. Each count carries the side
its people belong to when the words say it ("two Armenian servicemen"): an incident sums the
tolls of different sides and takes the largest of restatements of one
(:func:`incident_total`). The words are data: ``mapper/data/casualty_words.tsv``,
``casualty_people.txt`` and ``number_words.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from mapper.gazetteer.demonyms import DEMONYMS
from mapper.incidents.vocab import CASUALTY_PEOPLE, NUMBER_WORDS, alternation, casualty_forms

_WORDS = alternation(w for w in NUMBER_WORDS if w not in ("a", "an", "another", "single"))
# "two", "forty-five", "two dozen", "a hundred", "two hundred and fifty", "1,200", "17"
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,5}}|(?:(?:(?:a|an)(?!\s+(?:few|number|couple|lot|handful|"
    rf"series|group|total|further|fresh)\b)|another|single|{_WORDS})"
    rf"(?:(?:[\s-]+|\s+and\s+){_WORDS}\b)*))"
)
_PERSON = alternation(CASUALTY_PEOPLE)
# "at least 49", "more than 20", "over 30", "up to 15": the number stated is the one kept
_QUAL = (
    r"(?:(?:at\s+least|at\s+most|more\s+than|over|up\s+to|about|around|nearly|almost|some|"
    r"roughly|approximately|as\s+many\s+as|a\s+total\s+of|another|a\s+further|no\s+fewer\s+than|"
    r"no\s+less\s+than|fewer\s+than|less\s+than|an\s+estimated)\s+)?"
)
_ADJ = r"(?:[\w'’-]+\s+){0,4}?"
_FORMS = casualty_forms()
_KILL, _WOUND = _FORMS[("killed", "state")], _FORMS[("wounded", "state")]
_KILLING, _WOUNDING = _FORMS[("killed", "act")], _FORMS[("wounded", "act")]
_BE = (
    r"(?:(?:was|were|got|has\s+been|have\s+been|had\s+been|are|is|being|reportedly|also|"
    r"later|all|both|each|had|has|have|reported\s+to\s+have\s+been|said\s+to\s+have\s+been)"
    r"\s+){0,3}"
)
# after the people: "of the Azerbaijani Army", "from Gyumri"
_OF = r"(?:\s+(?:of|from|in|including)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?)?"

_BEFORE = re.compile(  # "two soldiers were killed", "3 killed", "12 servicemen ... became martyrs"
    rf"(?<![Nn]o )(?<!\d[.,:])\b(?:{_QUAL})(?P<n>{_NUM})\s+{_ADJ}(?P<p>{_PERSON})?{_OF}"
    rf"\s*(?:[,—–-][^,;.—–]{{0,60}}[,—–-]\s*)?{_BE}"
    rf"(?:(?P<k>{_KILL})|(?P<w>{_WOUND}))\b",
    re.IGNORECASE,
)
_AFTER = re.compile(  # "killing two soldiers", "the death of five people", "wounds to eight"
    rf"\b(?:(?P<k>{_KILLING})|(?P<w>{_WOUNDING}))\s+{_QUAL}"
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
    r"\b(?:no\s+(?:one|casualties|losses|injuries|deaths|victims|fatalities)|nobody|none|"
    r"(?:without|neither\s+side\s+(?:reported|suffered|had)|(?:caus|inflict)\w*\s+no)\s+"
    r"(?:any\s+)?(?:casualties|losses|injuries|deaths|victims))\b"
    r"(?:\s+(?:was|were)\s+(?:\w+ly\s+)?(?P<what>killed|wounded|injured|hurt))?",
    re.IGNORECASE,
)
# "killed or wounded more than 100", "at least 30 people either killed or wounded": one figure
# for both, which cannot be split
_COMBINED = re.compile(
    r"\b(?:(?:either\s+)?(?:killed|dead)\s+(?:or|and/or)\s+(?:wounded|injured)|"
    r"(?:wounded|injured)\s+(?:or|and/or)\s+(?:killed|dead))\b",
    re.IGNORECASE,
)
# "Three people were killed, including two fighters": a part of the count before, not more
_INCLUDING = re.compile(
    rf"\b(?:including|among\s+them|of\s+whom|of\s+them)\s+{_QUAL}{_NUM}\b", re.IGNORECASE
)
_VAGUE = re.compile(r"^(?:dozens|hundreds|thousands|scores|several|many|some|few)$", re.I)

# "Private Elvin Mammadov, a serviceman of ..., was wounded"; "... received a shrapnel wound"
_SINGULAR = re.compile(
    rf"\b(?:(?:was|has\s+been|had\s+been)\s+(?:\w+\s+)?(?:(?P<k>{_KILL})|(?P<w>{_WOUND}))|"
    r"(?:received|sustained|suffered)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:wound|injury)|"
    r"(?P<k2>died\s+of\s+(?:his|her)\s+(?:wounds|injuries)))\b",
    re.IGNORECASE,
)
# "serviceman Asif Aliyev martyred": one person, named, with no auxiliary verb
_NAMED = re.compile(
    rf"\b(?i:{_PERSON})\s+(?:[A-Z][\w'’-]+\s+){{1,3}}(?:,\s*\d+\s*,\s*)?"
    rf"(?i:(?P<k>{_KILL})|(?P<w>{_WOUND}))\b"
)
# "on the Azerbaijani side", "among the Israeli troops": whose casualties a sentence counts
_SIDE_OF = re.compile(r"\b(?:on|among|from)\s+the\s+([\w'’-]+)\s+(?:side|troops|forces)\b", re.I)
_SIDE_WORD = re.compile(r"[\w'’-]+")


@dataclass(slots=True)
class Counts:
    """The casualties one sentence states: per kind ("k" killed, "w" wounded), per side (a
    country code, or None when the words name none), plus the kinds it says were none."""

    by_side: dict[str, dict[str | None, int]] = field(default_factory=lambda: {"k": {}, "w": {}})
    zero: set[str] = field(default_factory=set)

    def add(self, key: str, side: str | None, n: int) -> None:
        sides = self.by_side[key]
        sides[side] = sides.get(side, 0) + n

    def total(self, key: str) -> int | None:
        if self.by_side[key]:
            return sum(self.by_side[key].values())
        return 0 if key in self.zero else None


def casualties(sentence: str) -> tuple[int | None, int | None]:
    """Return ``(killed, wounded)`` stated in ``sentence``; None where it says nothing."""
    c = counts(sentence)
    return c.total("k"), c.total("w")


def counts(sentence: str) -> Counts:
    """The casualties ``sentence`` states, by kind and side (see :class:`Counts`)."""
    out = Counts()
    seen: list[tuple[int, int]] = [m.span() for m in _COMBINED.finditer(sentence)]
    parts = [m.span() for m in _INCLUDING.finditer(sentence)]
    for m in _NONE.finditer(sentence):
        seen.append(m.span())
        what = (m.group("what") or "").lower()
        if what in ("", "killed"):
            out.zero.add("k")
        if what in ("", "wounded", "injured", "hurt"):
            out.zero.add("w")
    tolls: dict[str, int] = {}
    low = sentence.lower()
    tolled = "toll" in low or "number of" in low  # most sentences name no toll: skip the scan
    for m in _TOLL.finditer(sentence) if tolled else ():
        number = _number(m.group("n"))
        key = "k" if m.group("k") else "w"
        if number is not None:
            seen.append(m.span())
            tolls[key] = max(tolls.get(key, 0), number)
    singular: dict[str, int] = {}
    sided = _SIDE_OF.search(sentence)
    whose = _side(sided.group(1)) if sided is not None else None
    for rx in (_AFTER, _BEFORE, _SINGULAR, _NAMED):
        for m in rx.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in seen):
                continue
            if (
                rx is not _SINGULAR
                and rx is not _NAMED
                and m.group("n")
                and any(a <= m.start("n") < b for a, b in parts)
            ):
                continue  # "including three children": a part of a count
            key = "k" if m.group("k") or (rx is _SINGULAR and m.group("k2")) else "w"
            if rx is _SINGULAR or rx is _NAMED:
                singular[key] = 1
                continue
            raw = m.group("n")
            number = _number(raw)
            if number is None or (m.group("p") is None and raw.lower() in ("a", "an")):
                continue
            seen.append(m.span())
            out.add(key, _side(sentence[m.start() : m.end()]) or whose, number)
            if rx is _AFTER:  # "killing two soldiers and a civilian": each count adds
                for more in _more_counts(sentence, m.end()):
                    seen.append(more.span())
                    out.add(key, _side(more.group(0)) or whose, _number(more.group("n")) or 0)
    for key, n in singular.items():
        if not out.by_side[key]:
            out.add(key, whose, n)
    for key, total in tolls.items():
        if total > (out.total(key) or 0):
            out.by_side[key] = {None: total}
    return out


_MORE = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+){_QUAL}(?P<n>{_NUM})\s+{_ADJ}(?P<p>{_PERSON})\b",
    re.IGNORECASE,
)


def _more_counts(sentence: str, pos: int) -> list[re.Match[str]]:
    """The counts coordinated after one ("two soldiers, three civilians and a child")."""
    out = []
    while (m := _MORE.match(sentence, pos)) is not None:
        out.append(m)
        pos = m.end()
    return out


def incident_total(sentences: Iterable[Counts], key: str) -> int | None:
    """The toll of one incident from its sentences' counts: the largest count of each side
    (reports restate), summed over sides; a count naming no side stands for the total when it
    is larger. None when no sentence counts, 0 when one says there were none."""
    best: dict[str | None, int] = {}
    zero = False
    for c in sentences:
        for side, n in c.by_side[key].items():
            best[side] = max(best.get(side, 0), n)
        zero = zero or key in c.zero
    if not best:
        return 0 if zero else None
    named = sum(n for side, n in best.items() if side is not None)
    return max(named, best.get(None, 0))


def _side(phrase: str) -> str | None:
    """The country whose people a casualty phrase counts ("two Armenian servicemen"), if it
    says so."""
    sides = {
        DEMONYMS[w.lower().replace("’", "'")]
        for w in _SIDE_WORD.findall(phrase)
        if w.lower().replace("’", "'") in DEMONYMS
    }
    return sides.pop() if len(sides) == 1 else None


def _number(word: str) -> int | None:
    """The value of a number in digits or words ("1,200", "two dozen", "a hundred"); None for
    a vague one ("dozens")."""
    word = word.lower().strip()
    if word.replace(",", "").isdigit():
        return int(word.replace(",", ""))
    if _VAGUE.match(word):
        return None
    total = current = 0
    for part in re.split(r"[\s-]+", word):
        if part == "and":
            continue
        value, cls = NUMBER_WORDS.get(part, (0, ""))
        if cls == "scale":
            current = max(current, 1) * value
            if value >= 100:
                total, current = total + current, 0
        else:
            current += value
    return (total + current) or None
