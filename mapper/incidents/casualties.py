"""Casualty counts: "two servicemen were killed", "killing at least 3 soldiers", "six civilians
were martyred", "over two dozen sustained injuries", "no casualties", "the death toll rose to 71".

Counts within a sentence add up ("killing two soldiers and a civilian"); a toll is a total, so
it is not added to the counts beside it but taken when larger ("Two soldiers were killed,
bringing the death toll to 71": 71). Qualifiers ("at least", "more than", "over") keep the
stated number; vague counts ("dozens", "several", "others") add nothing, nor does a combined
figure ("killed or wounded more than 100"), which cannot be split. Each count carries the side
its people belong to when the words say it ("two Armenian servicemen"): an incident sums the
tolls of different sides (mapper.incidents.tolls). Each count also says how it relates to
counts before it: a lower bound ("at least"), people besides those ("another ... also
killed"), or a running toll (:class:`Counts`). The words are data:
``mapper/data/casualty_words.tsv``, ``casualty_people.txt``, ``casualty_groups.tsv`` and
``number_words.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from mapper.data import read_lines
from mapper.gazetteer.demonyms import DEMONYMS
from mapper.incidents.vocab import (
    CASUALTY_GROUPS,
    CASUALTY_PEOPLE,
    NUMBER_WORDS,
    alternation,
    casualty_forms,
)

_WORDS = alternation(w for w in NUMBER_WORDS if w not in ("a", "an", "another", "single"))
# "two", "forty-five", "two dozen", "a hundred", "two hundred and fifty", "1,200", "17"
_NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,5}}|(?:(?:(?:a|an)(?!\s+(?:few|number|couple|lot|handful|"
    rf"series|group|total|further|fresh)\b)|another|single|{_WORDS})"
    rf"(?:(?:[\s-]+|\s+and\s+){_WORDS}\b)*))"
)
_PERSON = alternation(CASUALTY_PEOPLE | CASUALTY_GROUPS.keys())
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
    # an aside: ", aged 20 and 25,", "— a couple from Berd —", "—A and his wife, B—"
    rf"\s*(?:[,—–-][^,;.—–]{{0,60}}[,—–-]\s*|[—–][^;.—–]{{0,80}}[—–]\s*"
    # "two women aged 65 and 72 were injured"
    r"|aged\s+\d+(?:\s*(?:,|and|to|-|–)\s*\d+)*\s+)?"
    rf"{_BE}"
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
    # "no peacekeepers were hurt": the people named, then what none of them suffered
    rf"no\s+(?:{_PERSON})(?=\s+(?:was|were)\s)|"
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
# ranks and titles as written before a name ("Sepoy Muhammad Ali", "Havildar K Palani")
_RANKS = alternation(t for t in read_lines("person_titles.txt") if t[:1].isupper())
_NAMED = re.compile(
    rf"\b(?:(?i:{_PERSON})|{_RANKS}\.?)\s+(?:[A-Z][\w'’.-]*\s+){{1,3}}"
    # an aside between the name and the verb: "(age 24 years, resident of Bannu)"
    rf"(?:,\s*\d+\s*,\s*|\([^()]{{0,100}}\)\s+)?"
    rf"(?i:(?P<k>{_KILL})|(?P<w>{_WOUND}))\b"
)
# "Valera Khalapyan and Razmela Khalapyan were killed": each person named counts one
_NAME = r"(?:[A-Z][\w'’-]+\.?)(?:\s+[A-Z][\w'’.-]*){0,3}"
_NAMES = re.compile(
    rf"\b(?P<names>{_NAME}(?:\s*,\s*{_NAME})*,?\s+and\s+{_NAME}),?\s+"
    rf"(?:were|have\s+been|had\s+been)\s+(?:\w+\s+)?(?i:(?P<k>{_KILL})|(?P<w>{_WOUND}))\b"
)
# the people named as some of a count: "a major general and a colonel were among"
_AMONG = re.compile(
    r"\b(?:a|an|the|one|two|three|four|five|\d+)\s+[^.;:]{0,60}?\b(?:were|was|are|is)\s+"
    r"(?:also\s+)?among\s+(?:the\s+)?(?=\d|[a-z])",
    re.IGNORECASE,
)
# "aged 65 and 72", "ages 20 to 25": the numbers after are ages
_AGE_BEFORE = re.compile(r"\b(?:aged|ages?)\s+(?:\d+\s*(?:,|and|to|-|–)\s*)*$", re.IGNORECASE)
_NAME_SEP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
# "at least six", "over two dozen": a figure that a more exact one of the same event refines
_BOUND = re.compile(
    r"\b(?:at\s+least|more\s+than|over|no\s+(?:fewer|less)\s+than|upwards\s+of)\b", re.I
)
# "another resident was also killed", "five more", "two other soldiers": people besides those
# counted before (when no count of the other kind comes first: "killed two and injured three
# others" speaks of the killed)
_EXTRA = re.compile(
    r"\b(?:also|another|other|others|further|additional)\b|\bmore\b(?!\s+than)", re.I
)
_EXTRA_OPENING = re.compile(r"^\W*(?:another|a\s+further)\b", re.I)
# "on the Azerbaijani side", "among the Israeli troops": whose casualties a sentence counts
_SIDE_OF = re.compile(r"\b(?:on|among|from)\s+the\s+([\w'’-]+)\s+(?:side|troops|forces)\b", re.I)
_SIDE_WORD = re.compile(r"[\w'’-]+")


@dataclass(slots=True)
class Counts:
    """The casualties one sentence states: per kind ("k" killed, "w" wounded), per side (a
    country code, or None when the words name none), plus the kinds it says were none.

    How a figure relates to the figures of the sentences before, per kind: ``bound``, a lower
    bound ("at least six") that an exact figure refines; ``extra``, people besides those
    counted before ("another resident was also killed"); ``toll``, a running total ("the death
    toll rose to 71") that supersedes smaller ones.
    """

    by_side: dict[str, dict[str | None, int]] = field(default_factory=lambda: {"k": {}, "w": {}})
    zero: set[str] = field(default_factory=set)
    bound: set[str] = field(default_factory=set)
    extra: set[str] = field(default_factory=set)
    toll: set[str] = field(default_factory=set)

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
    if "among" in sentence:  # "a general and a colonel were among 11 servicemen killed": the 11
        sentence = _AMONG.sub(lambda m: " " * len(m.group(0)), sentence)
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
    singular: dict[str, re.Match[str]] = {}
    first: dict[str, tuple[int, bool, bool]] = {}  # kind -> (where, bound, extra) of its first
    sided = _SIDE_OF.search(sentence)
    whose = _side(sided.group(1)) if sided is not None else None
    for rx in (_AFTER, _BEFORE, _NAMES, _SINGULAR, _NAMED):
        for m in _unseen(rx, sentence, seen):
            numbered = rx is _AFTER or rx is _BEFORE
            if numbered and m.group("n") and any(a <= m.start("n") < b for a, b in parts):
                continue  # "including three children": a part of a count
            if numbered and m.group("n") and _AGE_BEFORE.search(sentence, 0, m.start("n")):
                continue  # "two women aged 65 and 72": ages, not counts
            key = "k" if m.group("k") or (rx is _SINGULAR and m.group("k2")) else "w"
            if rx is _SINGULAR or rx is _NAMED:
                singular.setdefault(key, m)
                continue
            number = _count(m) if numbered else len(_NAME_SEP.split(m.group("names")))
            if number is None:
                continue
            seen.append(m.span())
            out.add(key, _side(sentence[m.start() : m.end()]) or whose, number)
            lead = sentence[m.start() : m.start("n")] if numbered else ""
            _first(first, key, m.start(), bool(_BOUND.search(lead)), _extra(m))
            if rx is _AFTER:  # "killing two soldiers and a civilian": each count adds
                for more in _more_counts(sentence, m.end()):
                    seen.append(more.span())
                    out.add(key, _side(more.group(0)) or whose, _number(more.group("n")) or 0)
    for key, m in singular.items():
        if not out.by_side[key]:
            out.add(key, whose, 1)
            extra = _extra(m) or bool(_EXTRA_OPENING.match(sentence))
            _first(first, key, m.start(), False, extra)
    for key, (where, bound, extra) in first.items():
        if bound:
            out.bound.add(key)
        # "killed two and injured three others": "others" than the killed, not more wounded
        if extra and not any(w < where for k, (w, _, _) in first.items() if k != key):
            out.extra.add(key)
    for key, total in tolls.items():
        if total > (out.total(key) or 0):
            out.by_side[key] = {None: total}
            out.toll.add(key)
            out.bound.discard(key)
            out.extra.discard(key)
    return out


def _unseen(
    rx: re.Pattern[str], sentence: str, seen: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """The matches of ``rx`` that overlap no span of ``seen`` (read as it grows): after one
    that does, the search goes on from its next character ("killing six civilians with
    another 17 injured": "another 17 injured" counts)."""
    pos = 0
    while (hit := rx.search(sentence, pos)) is not None:
        if any(a < hit.end() and hit.start() < b for a, b in seen):
            pos = hit.start() + 1
            continue
        pos = hit.end()
        yield hit


def _count(m: re.Match[str]) -> int | None:
    """The people a numbered match counts ("two soldiers", "an elderly couple": 2), None
    for a vague number or a bare "a"."""
    raw, person = m.group("n"), m.group("p")
    number = _number(raw)
    if number is None or (person is None and raw.lower() in ("a", "an")):
        return None
    return number * CASUALTY_GROUPS.get(person.lower(), 1) if person else number


def _extra(m: re.Match[str]) -> bool:
    return bool(_EXTRA.search(m.group(0)))


def _first(
    first: dict[str, tuple[int, bool, bool]], key: str, where: int, bound: bool, extra: bool
) -> None:
    """Keep the earliest count of each kind: it says how the sentence's figure relates."""
    if key not in first or where < first[key][0]:
        first[key] = (where, bound, extra)


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


def _side(phrase: str) -> str | None:
    """The country whose people a casualty phrase counts ("two Armenian servicemen"), if it
    says so."""
    sides = {
        DEMONYMS[w.lower().replace("’", "'")]
        for w in _SIDE_WORD.findall(phrase)
        if w.lower().replace("’", "'") in DEMONYMS
    }
    if len(sides) == 1:
        return sides.pop()
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
