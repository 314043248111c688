"""What the words around a name say: cues, demonyms, common words, persons' names."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Container
from functools import lru_cache
from pathlib import Path

from mapper.data import read_lines, read_table, read_words


def _cue_words() -> dict[tuple[str, str], list[str]]:
    """``(cue, position) -> words`` from ``mapper/data/cue_words.tsv``."""
    out: dict[tuple[str, str], list[str]] = {}
    for cue, positions, words in read_table("cue_words.tsv"):
        for pos in positions.split(","):
            out.setdefault((cue, pos.strip()), []).extend(
                w.strip() for w in words.split(",") if w.strip()
            )
    return out


#: ``(cue, position) -> words`` (``mapper/data/cue_words.tsv``)
WORDS = _cue_words()


def word_alternation(cue: str, pos: str) -> str:
    """A regex alternation of the cue's words at ``pos``, longest first, spaces flexible."""
    words = sorted(WORDS.get((cue, pos), []), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


#: the cues a word after a name gives, most telling first ("Kalbajar region")
_AFTER_CUES = ("region", "settlement", "direction", "section", "landmark", "natural")
#: the cues whose words may follow the last name of a list ("Tovuz and Gazakh regions")
_LIST_CUES = ("region", "settlement", "direction")
_BEFORE_CUES = ("region", "settlement", "direction", "near", "natural")

_AFTER_GROUPS = "|".join(f"(?P<{c}>{word_alternation(c, 'after')})" for c in _AFTER_CUES)
_AFTER = re.compile(r"\s*(?:-\s*)?(?:" + _AFTER_GROUPS + r")s?\b", re.IGNORECASE)
# "Kalbajar, Lachin and Gubadli regions": the cue word follows the last of the list
_AFTER_LIST = re.compile(
    r"(?:(?:\s*,\s*|\s+and\s+|\s*,\s+and\s+)[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)+\s+(?:"
    + "|".join(f"(?P<{c}>{word_alternation(c, 'after')})" for c in _LIST_CUES)
    + r")s\b"
)
_BEFORE = re.compile(
    r"(?:\b(?:"
    + "|".join(f"(?P<{c}>{word_alternation(c, 'before')})" for c in _BEFORE_CUES)
    + r")s? of\s+(?:the\s+)?"
    + r"|\b(?P<region2>governor|governorship|state)\s+of\s+(?:the\s+)?"
    + r"|\b(?P<near2>near|nearby|outside|around)\s+(?:the\s+)?"
    + r"|\b(?P<natural3>crossed|crossing|across)\s+the\s+"
    + r"|\b(?P<direction2>towards?)\s+(?:the\s+)?"
    + r"|\b(?P<natural2>"
    + word_alternation("natural", "prefix")
    + r")\s+"
    + r"|\b(?P<settlement2>"
    + word_alternation("settlement", "prefix")
    + r")\s+"
    + r"|\b(?P<landmark2>"
    + word_alternation("landmark", "prefix")
    + r")\s+)$",
    re.IGNORECASE,
)
# "governor of Georgia", "the state of Georgia" name a first-order unit, not a country
_BEFORE_LAST = frozenset(
    ["of", "near", "nearby", "outside", "around", "toward", "towards"]
    + [
        w.lower()
        for c in ("settlement", "natural", "landmark")
        for w in WORDS.get((c, "prefix"), [])
    ]
)
_PART_OF = re.compile(r"\b(?:an?|breakaway|separatist|autonomous|border|frontier)\s+$", re.I)
_MONTHS = r"(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)"
# "BAKU, Dec 9", "YEREVAN, DECEMBER 9,", "Baku, 10 December", "BAKU, Dec 9 (Reuters) -"
_DATELINE = re.compile(
    r"(?:\s*/\s*[A-Z][A-Z .'-]{1,30})?"  # "BAKU/YEREVAN, March 3": a shared dateline
    r"\s*(?:\([^)\n]{1,40}\)\s*)?,\s*(?:" + _MONTHS + r"\s*\d{1,2}\b|\d{1,2}\s+" + _MONTHS + r")"
)
_DATELINE_BARE = re.compile(r"\s*\([A-Za-z .'-]{2,30}\)\s*[-—–:]")
# "QUETTA: ...", "NEW DELHI — ...": a name in capitals that opens a line, then a colon or dash
_DATELINE_CAPS = re.compile(r"(?:\s*/\s*[A-Z][A-Z .'-]{1,30})?\s*(?:[:—–]\s|\s-\s)")


# "Heydarabad village of Sadarak district", "Tegh in Syunik province", "Martuni of Gegharkunik":
# the first place lies inside the second; "the Gazakh district's Kemerli", "Tavush's Berd": the
# second inside the first.
_UNIT_NOUN = (
    "(?:"
    + "|".join(f"(?:{word_alternation(c, 'after')})s?" for c in ("settlement", "region", "section"))
    + ")"
)
# "X forest area of Y district", "X border village in Y": one plain word may qualify the noun
_IN_NEXT = re.compile(
    rf"\s*(?:(?:[a-z-]+\s+)?(?:{_UNIT_NOUN}|areas?)\s*)?,?\s*(?:of|in)\s+(?:the\s+)?"
    # "Taybeh in southern Lebanon": a part of the unit, still inside it
    r"(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+|(?:central|upper|lower)\s+)?",
    re.IGNORECASE,
)
_SETTLEMENT_COMMA = re.compile(r"\s*(?:villages?|settlements?|towns?)\s*,\s*(?:the\s+)?", re.I)
_UNIT_AFTER = re.compile(r"\s+(?:" + word_alternation("region", "after") + r")s?\b", re.IGNORECASE)
# "villages of Armenia's Tavush": the cue before is the next name's, not this one's
_HOLDS_NEXT_NAME = re.compile(r"['’]s\s+(?:the\s+)?[A-Z]")
_HOLDS_NEXT = re.compile(rf"\s*(?:{_UNIT_NOUN}\s*)?['’]s\s+(?:the\s+)?", re.IGNORECASE)


def containers(text: str, spans: list[tuple[int, int]]) -> dict[int, int]:
    """Which mention names the unit that holds another: ``{inner: outer}`` by mention number.

    ``spans`` are the mentions' offsets in text order; only neighbours pair up. "X village of
    Y district", "X of Y region", "X in Y province" and "X village, Y district" give ``{x: y}``,
    as do "Y's X" and "the Y district's X".
    """
    out: dict[int, int] = {}
    for i in range(len(spans) - 1):
        gap_start, gap_end = spans[i][1], spans[i + 1][0]
        if gap_end - gap_start > 40:
            continue
        if _IN_NEXT.fullmatch(text, gap_start, gap_end) or (
            _SETTLEMENT_COMMA.fullmatch(text, gap_start, gap_end)
            and _UNIT_AFTER.match(text, spans[i + 1][1])
        ):
            out[i] = i + 1
        elif _HOLDS_NEXT.fullmatch(text, gap_start, gap_end):
            out[i + 1] = i
    return out


def cue_at(text: str, start: int, end: int) -> str | None:
    """The cue around ``text[start:end]`` that marks it as a place, if any."""
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and (
        _DATELINE.match(text, end)
        or _DATELINE_BARE.match(text, end)
        or (text[start:end].isupper() and _DATELINE_CAPS.match(text, end))
    ):
        return "dateline"
    # "villages of Tovuz district": the word after a name says more than the one before
    after = _AFTER.match(text, end) or _AFTER_LIST.match(text, end)
    if after is not None:
        return after.lastgroup
    before = None
    window = text[max(0, start - 30) : start]
    words = window.lower().split()
    if words and (words[-1] in _BEFORE_LAST or (len(words) > 1 and words[-1] == "the")):
        before = _BEFORE.search(window)  # the regex only where the last word can open a cue
    if before is not None and not _HOLDS_NEXT_NAME.match(text, end):
        cue = (before.lastgroup or "").rstrip("23")
        if cue == "region" and _PART_OF.search(window[: before.start()]):
            return None  # "a breakaway region of Georgia": Georgia is the whole, not the unit
        return cue
    return None


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    words = set(read_words("domain_words.txt")) | read_words("stop_words.txt")
    # jusText's English stop list (453 words), read as a file: importing jusText pulls in lxml
    spec = importlib.util.find_spec("justext")
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "stoplists" / "English.txt"
        if path.is_file():
            words |= {w.strip('"(').lower() for w in path.read_text("utf-8").split()}
    # the list comes from word counts of Wikipedia, where one city is that frequent
    return frozenset(words - {"london"})


def is_common_word(key: str) -> bool:
    """Whether a one-word match is an English word whatever it names (stop words)."""
    return " " not in key and key in _stopwords()


def is_ambiguous_word(key: str) -> bool:
    """Whether a one-word match is also a common English word ("Bank", "Brown", "Split").

    Such a match counts as a place only when it is the main name of a place of the
    region, a country or a big city, or when a cue says it is a place.
    """
    return " " not in key and key in read_words("common_words.txt")


def _name_parts() -> re.Pattern[str]:
    words = sorted(read_lines("name_parts.txt"), key=len, reverse=True)
    alts = [
        re.escape(w).replace(r"\ ", r"\s+") if w != w.lower() else f"(?i:{re.escape(w)})"
        for w in words
    ]
    return re.compile(r"\s+(?:" + "|".join(alts) + r")\b")


_NOT_PLACE_AFTER = _name_parts()
_NOT_PLACE_BEFORE = re.compile(
    r"\b(?:Bank|University|College|Academy|Museum|Church|Patriarchate|Catholicos|Orchestra|"
    r"Library|Institute|Federation|Union|League|Order)\s+of\s+(?:the\s+)?$"
)


def names_no_place(text: str, end: int, start: int | None = None) -> bool:
    """Whether the words around a name make it part of another name ("Minsk Group",
    "Bank of Georgia", "Azerbaijan Airlines")."""
    if _NOT_PLACE_AFTER.match(text, end) is not None:
        return True
    before = text[max(0, start - 40) : start] if start is not None else ""
    return _NOT_PLACE_BEFORE.search(before) is not None


_TITLES = re.compile(
    r"(?:\b(?:"
    + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(
        read_lines("person_titles.txt"), key=len, reverse=True))
    + r")\.?\s+(?:[A-Z]\.?\s+){0,2})$"  # "Hav K Palani", "Colonel B. S. Babu"
)  # fmt: skip
_SURNAME = re.compile(
    r"\s+[A-Z][a-z]+(?:yan|ian|ov|ova|ev|eva|yev|yeva|zade|dze|shvili|li|ly|lu|son|sen|ski|sky|"
    r"enko|uk|in|ina)\b"
)


def looks_like_surname(word: str) -> bool:
    """Whether a capitalised word ends like a surname ("Petrosyan", "Aliyev", "Kapanadze")."""
    return _SURNAME.fullmatch(" " + word) is not None


def looks_like_person(text: str, start: int, end: int, places: Container[str]) -> bool:
    """Whether the name at ``start:end`` reads as a person's name ("Colonel X", "Ilham Aliyev").

    ``places`` holds folded place names: a next word that is a place is no surname.
    """
    if _TITLES.search(text[max(0, start - 30) : start]):
        return True
    after = _SURNAME.match(text, end)
    return after is not None and after.group(0).strip().lower() not in places
