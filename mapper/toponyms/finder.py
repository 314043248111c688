"""Finding place-name mentions in report text.

Every name of the gazetteer's core tier is looked for at once (Aho-Corasick over folded
text, keys padded with spaces so that only whole words match). A match becomes a mention
when it looks like a place: it starts with a capital letter (or a cue such as "village
of" says it is a place), it is not a common word, a month, a demonym or a person's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from mapper.gazetteer.demonyms import DEMONYMS
from mapper.gazetteer.lookup import Candidate, Gazetteer, _candidate, load_gazetteer
from mapper.gazetteer.names import QUALIFIERS, fold, fold_text, qualified_keys
from mapper.gazetteer.sources import in_region
from mapper.toponyms.cues import (
    cue_at,
    is_ambiguous_word,
    is_common_word,
    looks_like_person,
    names_no_place,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in a text: ``text[start:end] == surface``.

    ``cue`` names the context that marked it as a place: ``region`` ("X region",
    "district of X"), ``settlement`` ("village of X"), ``direction`` ("direction of X"),
    ``near`` ("near X", "outskirts of X"), ``section`` ("the X section of the border"),
    ``natural`` ("Lake X", "X heights") or ``dateline`` ("BAKU, Dec 9 (Reuters) -").
    """

    start: int
    end: int
    surface: str
    candidates: tuple[Candidate, ...]
    cue: str | None = None
    key: str = ""  # the folded name that matched
    tier: str = "core"  # "world": found by the worldwide scan of a country the report names


@dataclass(frozen=True, slots=True)
class Demonym:
    """A country named through its people or adjective ("Armenian", "Azerbaijani's")."""

    start: int
    end: int
    surface: str
    country: str


_UPPER_START = re.compile(r"[A-ZÀ-ÖØ-Þ\u0100-\u024f\u0400-\u042f\u0531-\u0556\u10a0-\u10ff]")


def find_mentions(text: str) -> list[Mention]:
    """Find every place-name mention in ``text``, in text order.

    Parameters
    ----------
    text
        A report's text (any script; Azerbaijani Latin, Cyrillic and Armenian are folded).

    Returns
    -------
    list of Mention
        Non-overlapping mentions, longest first where names overlap, each with its
        candidate places (not yet resolved) and the cue that marked it, if any.
    """
    return _scan(text, load_gazetteer())[0]


def find_demonyms(text: str) -> list[Demonym]:
    """Demonyms and adjectives of countries in ``text`` (context for resolving, not places)."""
    return _scan(text, load_gazetteer())[1]


def _scan(text: str, gaz: Gazetteer) -> tuple[list[Mention], list[Demonym]]:
    if not text:
        return [], []
    folded, offsets = fold_text(text)
    spans = _spans(gaz.automaton, folded, offsets, False)
    mentions, demonyms = _select(text, spans, gaz, frozenset())
    # Another border: the report's own countries are scanned for with the worldwide tier
    named = named_countries(mentions, demonyms) - set(_FOCUS)
    world = gaz.world_automaton(named) if named else None
    if world is None:
        return mentions, demonyms
    spans += [s for s in _spans(world, folded, offsets, True) if s[2] not in DEMONYMS]
    return _select(text, spans, gaz, frozenset(named))


def _spans(
    automaton: object, folded: str, offsets: list[int] | None, world: bool
) -> list[tuple[int, int, str, bool]]:
    out: list[tuple[int, int, str, bool]] = []
    for end_idx, key in automaton.iter(folded):  # type: ignore[attr-defined]
        fs, fe = end_idx - len(key), end_idx  # folded span of the key, pads excluded
        if offsets is None:
            out.append((fs - 1, fe - 1, key, world))
        else:
            out.append((offsets[fs], offsets[fe - 1] + 1, key, world))
    return out


def _select(
    text: str, spans: list[tuple[int, int, str, bool]], gaz: Gazetteer, named: frozenset[str]
) -> tuple[list[Mention], list[Demonym]]:
    # longest first at one start; of one span found by both tiers, the worldwide one
    spans.sort(key=lambda s: (s[0], s[0] - s[1], not s[3]))
    mentions: list[Mention] = []
    demonyms: list[Demonym] = []
    taken_until = -1
    for start, end, key, world in spans:
        if start < taken_until:
            continue
        qualifier = _QUALIFIER_BEFORE.search(text, max(0, start - 16), start)
        if qualifier is not None and fold(qualifier.group(1)) in QUALIFIERS:
            if qualifier.start() >= taken_until:
                m = _qualified(text, qualifier.start(), end, key, gaz)
                if m is not None:
                    mentions.append(m)
                    taken_until = end
            continue
        if key in DEMONYMS and not (
            key in gaz.keys and cue_at(text, start, end) in ("region", "settlement")
        ):  # "Kazakh" is a people, "Kazakh district" the old name of Gazakh
            if _UPPER_START.match(text, start):  # "polish", "french" are words too
                demonyms.append(Demonym(start, end, text[start:end], DEMONYMS[key]))
                taken_until = end
            continue
        if world:
            m = _accept_world(text, start, end, key, gaz, named)
        else:
            m = _accept(text, start, end, key, gaz)
        if m is not None:
            mentions.append(m)
            taken_until = end
    return mentions, demonyms


# "Ashaghi Askipara", "Upper Lars": the word is part of the name (its folded form is checked)
_QUALIFIER_BEFORE = re.compile(r"\b([A-ZÀ-ÖØ-Þ\u0100-\u024f][\w]+)\s+$")


def _qualified(text: str, start: int, end: int, key: str, gaz: Gazetteer) -> Mention | None:
    """The place "Lower X" names, in any language's word for "lower"; None if unknown.

    The bare "X" names another village (Yukhari Askipara is not Ashaghi Askipara, and the
    two lie 20 km apart): no place beats the wrong one.
    """
    word = text[start:end].split(None, 1)[0]
    for qkey in qualified_keys(word, key):
        cands = gaz.candidates(qkey)
        if cands:
            return Mention(start, end, text[start:end], cands, cue_at(text, start, end), qkey)
    return None


def named_countries(mentions: list[Mention], demonyms: list[Demonym]) -> set[str]:
    """Countries a report names: by name, through a demonym, or by its dateline's city."""
    out = {d.country for d in demonyms}
    for m in mentions:
        if m.cue == "dateline":
            top = max(m.candidates, key=lambda c: c.population)
            if top.country:
                out.add(top.country)
        out |= {c.country for c in m.candidates
                if c.kind == "country" and c.country and fold(c.name) == m.key}  # fmt: skip
    return out


def _accept_world(
    text: str, start: int, end: int, key: str, gaz: Gazetteer, named: frozenset[str]
) -> Mention | None:
    """A name of the worldwide tier, in a country the report names, passing the same tests."""
    core = gaz.candidates(key)
    if any(c.kind == "country" for c in core):
        return None
    surface = text[start:end]
    cue = cue_at(text, start, end)
    strong = cue in ("region", "settlement", "natural", "dateline")
    if not _UPPER_START.match(surface) and not strong:
        return None
    if is_common_word(key) or names_no_place(text, end, start):
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
        if c.country in named and (c.name, c.geonameid, c.kind) not in seen
    )
    if core:  # a name of both tiers keeps the core's standing, with the namesakes added
        m = _accept(text, start, end, key, gaz)
        if m is not None:
            return replace(m, candidates=m.candidates + extra) if extra else m
    if not extra:
        return None
    return Mention(start, end, surface, core + extra, cue, key, "world")


def _accept(text: str, start: int, end: int, key: str, gaz: Gazetteer) -> Mention | None:
    surface = text[start:end]
    cue = cue_at(text, start, end)
    capital = bool(_UPPER_START.match(surface))
    if not capital and cue not in ("region", "settlement", "natural"):
        return None
    if is_common_word(key) or names_no_place(text, end, start):
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
        if all(_minor_foreign(c) for c in cands):
            return None
        if is_ambiguous_word(key) and not any(_main_name(c, key, 10_000) for c in cands):
            return None  # "Java", "Bank": a word first, unless a sizeable place's own name
        if not any(c.country in _FOCUS or c.kind == "country" for c in cands) and (
            _beside_capitalised(text, start, end, gaz)
        ):
            return None  # "Kim Davies", "Werner Lemberg": a person named like a far city
    return Mention(start, end, surface, cands, cue, key)


_FOCUS = ("AM", "AZ", "GE")


def _regional(c: Candidate) -> bool:
    return c.country in _FOCUS or c.kind != "settlement" or in_region(c.lat, c.lon)


def _main_name(c: Candidate, key: str, focus_pop: int = 0) -> bool:
    """Whether ``key`` is the main name of a place of the region, a country or a big city.

    ``focus_pop``: the population a settlement of the focus countries needs.
    """
    if fold(c.name) != key:
        return False
    if c.kind != "settlement":
        return True
    if c.country in _FOCUS:
        return c.population >= focus_pop
    return c.population >= (50_000 if in_region(c.lat, c.lon) else 1_000_000)


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


def _minor_foreign(c: Candidate) -> bool:
    # Hamlets of the neighbouring countries inside the region's box: without a cue, a
    # match on one of them is far more often a word or a person than the place.
    return c.kind == "settlement" and c.country not in ("AM", "AZ", "GE") and c.population < 2000
