"""Finding place-name mentions in report text.

Every name of the gazetteer's core tier is looked for at once (Aho-Corasick over folded
text, keys padded with spaces so that only whole words match). A match becomes a mention
when it looks like a place: it starts with a capital letter (or a cue such as "village
of" says it is a place), it is not a common word, a month, a demonym or a person's name.

Then the report's scope (the countries it names or implies, :mod:`mapper.toponyms.scope`)
widens the search: every place of those countries is looked for, names that a cue marks
("Kurram district", "the town of X") are looked up in the whole gazetteer, spellings within a
small edit distance of a name of those countries are matched (:mod:`mapper.toponyms.variants`),
and a cued name found nowhere is kept as an unresolved mention, so nothing is dropped unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from mapper.gazetteer.demonyms import DEMONYMS
from mapper.gazetteer.loading import load_gazetteer
from mapper.gazetteer.lookup import Candidate, Gazetteer, _candidate
from mapper.gazetteer.names import (
    QUALIFIERS,
    fold,
    fold_text,
    fold_variants,
    qualified_keys,
    without_article,
)
from mapper.toponyms.bodies import defines_acronym, part_of_body
from mapper.toponyms.cued import add_cued, name_spans
from mapper.toponyms.cues import (
    containers,
    cue_at,
    is_ambiguous_word,
    is_common_word,
    looks_like_person,
    looks_like_surname,
    names_no_place,
)
from mapper.toponyms.mention import UPPER_START as _UPPER_START
from mapper.toponyms.mention import Demonym, Mention
from mapper.toponyms.scope import (
    EMPTY,
    Scope,
    institution_countries,
    institution_spans,
    report_scope,
)
from mapper.toponyms.variants import add_variants


@dataclass(frozen=True, slots=True)
class Scan:
    """What a text holds: its place mentions, its demonyms and its scope."""

    mentions: list[Mention]  # with candidates, in text order
    unresolved: list[Mention]  # cued names no gazetteer holds, in text order
    demonyms: list[Demonym]
    scope: Scope


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
        candidate places (not yet resolved) and the cue that marked it, if any; cued names
        that no gazetteer holds come with no candidates (``Mention.resolved`` is False).
    """
    scan = scan_text(text)
    return sorted(scan.mentions + scan.unresolved, key=lambda m: m.start)


def find_demonyms(text: str) -> list[Demonym]:
    """Demonyms and adjectives of countries in ``text`` (context for resolving, not places)."""
    return scan_text(text).demonyms


def scan_text(text: str, gaz: Gazetteer | None = None) -> Scan:
    """Mentions, unresolved cued names, demonyms and the scope of ``text``."""
    gaz = gaz if gaz is not None else load_gazetteer()
    if not text:
        return Scan([], [], [], EMPTY)
    folded, offsets = fold_text(text)
    spans = _spans(gaz.automaton, folded, offsets, False)
    mentions, demonyms = _select(text, spans, gaz, EMPTY)
    named = named_countries(mentions, demonyms) | institution_countries(text)
    scope = report_scope(named, {cc for m in mentions for cc in _implied(m)})
    taken = institution_spans(text)
    unresolved: list[Mention] = []
    for _ in range(2):  # the places found may imply one more country ("Kupiansk district")
        # the report's own countries are scanned for with the worldwide tier
        world = gaz.world_automaton(scope.countries | scope.neighbours) if scope.countries else None
        found = spans
        if world is not None:
            found = spans + [
                s for s in _spans(world, folded, offsets, True) if s[2] not in DEMONYMS
            ]
        mentions, demonyms = _select(text, found, gaz, scope)
        busy = [(d.start, d.end) for d in demonyms] + taken
        mentions, unresolved = add_cued(text, mentions, busy, gaz, scope)
        wider = report_scope(named, {cc for m in mentions for cc in _implied(m)})
        if wider.countries <= scope.countries:
            break
        scope = wider
    taken = busy
    names = name_spans(text)
    mentions = add_variants(text, names, mentions + unresolved, taken, gaz, scope)
    unresolved = [m for m in mentions if not m.candidates]
    mentions = [m for m in mentions if m.candidates]
    return Scan(mentions, _with_units(text, unresolved, mentions), demonyms, scope)


def _with_units(text: str, unresolved: list[Mention], mentions: list[Mention]) -> list[Mention]:
    """Unresolved mentions with the unit their sentence puts them in, where it names one."""
    if not unresolved:
        return unresolved
    every = sorted(mentions + unresolved, key=lambda m: m.start)
    held = containers(text, [(m.start, m.end) for m in every])
    out = []
    for i, m in enumerate(every):
        if m.candidates:
            continue
        unit = every[held[i]] if i in held else None
        out.append(replace(m, unit=unit.surface) if unit is not None else m)
    return out


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
    text: str, spans: list[tuple[int, int, str, bool]], gaz: Gazetteer, scope: Scope
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
            m = _accept_world(text, start, end, key, gaz, scope)
        else:
            m = _accept(text, start, end, key, gaz, scope)
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
        if m.cue == "dateline":  # the city of that very name first: "Islamabad" is also
            # an old name of Chattogram, a larger city
            top = max(m.candidates, key=lambda c: (fold(c.name) == m.key, c.population))
            if top.country:
                out.add(top.country)
        out |= {c.country for c in m.candidates
                if c.kind == "country" and c.country and fold(c.name) == m.key}  # fmt: skip
    return out


#: a settlement this populous, whose main name a mention is, says which country it is in
_TELLING_POP = 10_000


def _implied(m: Mention) -> set[str]:
    """The country a mention implies: all its candidates lie in it, and one is a unit or a
    sizeable town of that very name ("Kalbajar", "Sumy Oblast", "Kurram district", "Gyumri")."""
    countries = {c.country for c in m.candidates}
    if len(countries) != 1 or None in countries:
        return set()
    if any(
        c.kind in ("district", "province")
        or (fold(c.name) == m.key and c.population >= _TELLING_POP)
        for c in m.candidates
    ):
        return {cc for cc in countries if cc}
    return set()


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


def _accept_world(
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
        m = _accept(text, start, end, key, gaz, scope)
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


def _accept(
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
