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
from mapper.gazetteer.lookup import Gazetteer
from mapper.gazetteer.names import (
    QUALIFIERS,
    fold,
    fold_text,
    qualified_keys,
)
from mapper.toponyms.accept import accept, accept_world
from mapper.toponyms.cued import add_cued, name_spans
from mapper.toponyms.cues import (
    containers,
    cue_at,
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
            m = accept_world(text, start, end, key, gaz, scope)
        else:
            m = accept(text, start, end, key, gaz, scope)
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
