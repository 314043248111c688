"""Whether a name found in text is a mention of a place: the tests a match of the core tier
(:func:`accept`) and of the worldwide tier (:func:`accept_world`) must pass. A name is a place
when it starts with a capital (or a cue says it is one), is no common word, no part of a body's
or a person's name or of a longer hyphenated name, and has a place in the report's countries
or a telling one elsewhere; a neighbouring country's place needs its own name and some size.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mapper.gazetteer.lookup import Candidate, Gazetteer, _candidate
from mapper.gazetteer.names import fold, fold_variants, without_article
from mapper.toponyms.bodies import defines_acronym, part_of_body
from mapper.toponyms.cues import (
    cue_at,
    is_ambiguous_word,
    is_common_word,
    looks_like_person,
    looks_like_surname,
    names_no_place,
)
from mapper.toponyms.mention import UPPER_START as _UPPER_START
from mapper.toponyms.mention import Mention
from mapper.toponyms.scope import Scope

__all__ = ["accept", "accept_world"]


# "Zar'it", "Ma'alot": an apostrophe inside a name, not a possessive's
_APOSTROPHE_AFTER = re.compile(r"['’](?!s\b)[a-z]")
_APOSTROPHE_BEFORE = re.compile(r"\w['’]$")


def _in_apostrophe_name(text: str, start: int, end: int) -> bool:
    """Whether the match is only part of a name with an apostrophe inside ("Zar" of
    "Zar'it", "alot" of "Ma'alot")."""
    return bool(
        _APOSTROPHE_AFTER.match(text, end)
        or _APOSTROPHE_BEFORE.search(text, max(0, start - 2), start)
    )


def accept_world(
    text: str, start: int, end: int, key: str, gaz: Gazetteer, scope: Scope
) -> Mention | None:
    """A name of the worldwide tier, in a country the report names, passing the same tests."""
    if _in_apostrophe_name(text, start, end):
        return None
    core = gaz.candidates(key)
    if any(c.kind == "country" and fold(c.name) == key for c in core):
        return None  # "Georgia": the country stands (another of its names may be a unit's)
    surface = text[start:end]
    cue = cue_at(text, start, end)
    strong = cue in ("region", "settlement", "natural", "dateline")
    if not _UPPER_START.match(surface) and not strong:
        return None
    if is_common_word(key) or names_no_place(text, end, start) or part_of_body(text, end):
        return None
    if defines_acronym(text, start, end):
        return None
    if not strong and (is_ambiguous_word(key) or (len(surface) <= 4 and surface.isupper())):
        return None
    if cue in (None, "dateline") and looks_like_person(text, start, end, gaz.keys):
        return None
    if cue is None and _beside_capitalised(text, start, end, gaz):
        return None  # "Krishna Ghati", "Rama Rao": part of a longer name
    seen = {(c.name, c.geonameid, c.kind) for c in core}
    extra = tuple(
        c
        for c in map(_candidate, gaz.full().get(key, ()))
        if (c.country in scope.countries or _across(c, key, cue, scope))
        and (c.name, c.geonameid, c.kind) not in seen
    )
    if not any(c.country in scope.countries for c in (*core, *extra)):
        # found only by a neighbouring country's names: its own larger places alone
        core = tuple(c for c in core if _across(c, key, cue, scope))
        extra = tuple(c for c in extra if _across(c, key, cue, scope))
        if not core and not extra:
            return None
    if core:  # a name of both tiers keeps the core's standing, with the namesakes added
        m = accept(text, start, end, key, gaz, scope)
        if m is not None:
            return replace(m, candidates=m.candidates + extra) if extra else m
    if not extra or (cue is None and _surname_only(surface, key, extra)):
        return None
    return Mention(start, end, surface, core + extra, cue, key, "world")


#: the population from which a neighbouring country's town is looked for by its own name
_ACROSS_POP = 10_000


def _across(c: Candidate, key: str, cue: str | None, scope: Scope) -> bool:
    """A place of a country across the border from the report's: a unit or a town of some
    size, by its own name, or any place a strong cue marks ("Abyei", in Sudan, in a report
    from South Sudan that does not name Sudan)."""
    if c.country not in scope.neighbours or not _own_key(c, key):
        return False
    if cue in ("region", "settlement", "natural"):
        return True
    return c.kind in ("district", "province") or c.population >= _ACROSS_POP


def _surname_only(surface: str, key: str, cands: tuple[Candidate, ...]) -> bool:
    """A word shaped like a surname that is no place's own name ("Smirnov": a man, before
    it is another name of Smirnykh)."""
    return looks_like_surname(surface) and not any(c.curated or _own_key(c, key) for c in cands)


def _own_key(c: Candidate, key: str) -> bool:
    """Whether ``key`` is the candidate's own name as reports write it: with its apostrophes
    dropped ("Ts'khinvali") or without its Arabic article ("Al Qamishli")."""
    own = fold_variants(c.name.split(" (")[0], country=c.country)
    return key in own or any(without_article(k) == key for k in own)


def accept(
    text: str, start: int, end: int, key: str, gaz: Gazetteer, scope: Scope
) -> Mention | None:
    surface = text[start:end]
    if _in_apostrophe_name(text, start, end):
        return None
    cue = cue_at(text, start, end)
    capital = bool(_UPPER_START.match(surface))
    if not capital and cue not in ("region", "settlement", "natural"):
        return None
    if is_common_word(key) or names_no_place(text, end, start) or part_of_body(text, end):
        return None
    if defines_acronym(text, start, end) or _part_of_compound(text, start, end, gaz):
        return None
    if cue in (None, "dateline") and looks_like_person(text, start, end, gaz.keys):
        return None
    cands = gaz.candidates(key)
    if not cands:
        return None
    strong = cue in ("region", "settlement", "natural", "dateline")
    if (
        not strong
        and len(surface) <= 4
        and surface.isupper()
        and not _caps_around(text, start, end)
    ):
        return None  # an acronym (BSD, UTC, OSI), not a headline in capitals
    if cue is None:
        if all(_minor_foreign(c, scope) for c in cands) or _surname_only(surface, key, cands):
            return None
        if is_ambiguous_word(key) and not any(_main_name(c, key, scope) for c in cands):
            return None  # "Java", "Bank": a word first, unless a sizeable place's own name
        if not any(c.country in scope.countries or c.kind == "country" for c in cands) and (
            _beside_capitalised(text, start, end, gaz)
        ):
            return None  # "Kim Davies", "Werner Lemberg": a person named like a far city
    return Mention(start, end, surface, cands, cue, key)


#: the population from which a place's own name counts though it is also an English word:
#: in the report's countries, and elsewhere
_WORD_PLACE_POP = (10_000, 1_000_000)


# "Ovchi-Kalacha", and the Arabic article inside a name: "Aita al-Shaab", "Deir ez-Zor"
_COMPOUND_BEFORE = re.compile(
    r"([A-Z][\w'’]*)(?:\s+(?:al|el|ad|ash|as|at|an|ar|az|ed|en|er|es|et|ez|ul)-|-)$"
)
_COMPOUND_AFTER = re.compile(r"-([A-Z][\w'’]*)")


def _part_of_compound(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """Whether the name is part of a hyphenated name whose other parts are no places
    ("Kalacha" in "Ovchi-Kalacha"); places joined ("the Kalbajar-Lachin road") stand."""
    halves = [
        m.group(1)
        for m in (_COMPOUND_BEFORE.search(text, max(0, start - 30), start),
                  _COMPOUND_AFTER.match(text, end))
        if m is not None
    ]  # fmt: skip
    # "Agdere-Terter-Aghdam": one half that is a place makes a chain of places
    return bool(halves) and not any(fold(h) in gaz.keys for h in halves)


def _main_name(c: Candidate, key: str, scope: Scope) -> bool:
    """Whether ``key`` is the main name of a unit, a country or a sizeable settlement."""
    if fold(c.name) != key:
        return False
    if c.kind != "settlement":
        return True
    return c.population >= _WORD_PLACE_POP[c.country not in scope.countries]


def _caps_around(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - 40) : end + 40]
    letters = [ch for ch in window if ch.isalpha()]
    return sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


_CAP_WORD_BEFORE = re.compile(r"([A-Z][a-z]+)\s+$")
_CAP_WORD_AFTER = re.compile(r"\s+([A-Z][a-z]+)")
_SENTENCE_END = re.compile(r"[.!?:;\"“(\[]\s*$")


def _beside_capitalised(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """Whether a capitalised word that is no place stands right before or after."""
    after = _CAP_WORD_AFTER.match(text, end)
    if after and fold(after.group(1)) not in gaz.keys:
        return True
    before = _CAP_WORD_BEFORE.search(text[max(0, start - 25) : start])
    if before is None or fold(before.group(1)) in gaz.keys:
        return False
    head = text[max(0, start - 25) : start][: before.start()]
    # a capital that opens a sentence ("In Paris") says nothing
    return (
        bool(head.strip())
        and not _SENTENCE_END.search(head)
        and not is_common_word(fold(before.group(1)))
    )


def _minor_foreign(c: Candidate, scope: Scope) -> bool:
    # Hamlets of countries the report does not name: without a cue, a match on one of them
    # is far more often a word or a person than the place. Places of the alias table and
    # of the user's own files were put there to be found.
    return (
        c.kind == "settlement"
        and c.country not in scope.countries
        and c.population < 2000
        and c.source == "geonames"
    )
