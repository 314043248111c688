"""Who makes a claim (a ministry, a border service, a mission) and which outlet carries it.

A country or its capital that speaks ("Azerbaijan said", "Yerevan accused Baku", "according to
Baku", "the Armenian government said") claims too: as the body of that country the report
names nearest (before, else after), else as "Government of Azerbaijan". "The Azerbaijani side
said" is read the same way, else stays "Azerbaijan (official side)".

Nothing here is tied to one border: states, capitals and adjectives come from GeoNames
(mapper.incidents.states), generic bodies and outlets from ``mapper/data``
(``institutions.tsv``, ``outlets.tsv``), and a border's own bodies and outlets from the border
profiles that apply to the report (``geodata/profiles/*.toml``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from mapper.data import read_table
from mapper.incidents.states import capital_country, country_name, state_word, states_in
from mapper.incidents.triggers import Triggers
from mapper.incidents.vocab import SPEECH
from mapper.profiles import BorderProfile

_GOVERNMENT = r"(?:government|authorities|officials|leadership)"
_GOVERNMENT_AFTER = re.compile(rf"\s+(?P<g>{_GOVERNMENT})\b", re.IGNORECASE)
_SAYS = re.compile(
    r"\s+(?:(?:has|have|had|also|later|again|officially|earlier|then|itself|in\s+turn)\s+)*"
    rf"{SPEECH}\b(?!\s+(?:each\s+other|one\s+another))",
    re.IGNORECASE,
)
_GOVERNMENT_OF = re.compile(
    rf"\b(?:the\s+)?{_GOVERNMENT}\s+(?:of|in)\s+(?:the\s+)?$", re.IGNORECASE
)
_THE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_ACCORDING = re.compile(
    rf"\baccording\s+to\s+(?:(?:the\s+)?{_GOVERNMENT}\s+(?:of|in)\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# "residents in Armenia said", "Yerevan and Baku accused each other": no state speaks
_NOT_SPEAKER = re.compile(
    r"(?:\b(?:in|of|from|at|to|near|into|against|with|by|on|toward|towards|across|inside|"
    r"between|within|for|over)|(?<![,;])\s(?:and|or)|['’]s)\s+$",
    re.IGNORECASE,
)
_SIDE_AFTER = re.compile(r"\s+side\s+(?:has\s+|had\s+|also\s+)*" rf"{SPEECH}\b", re.IGNORECASE)
_OF_STATE = re.compile(r"\s+of\s+(?:the\s+)?(?:republic\s+of\s+)?(?=\w)", re.IGNORECASE)
_STATE_BEFORE = re.compile(r"(?:\bthe\s+)?([\w'’.-]+(?:\s+[\w'’.-]+)?)\s+$")


def _rows(name: str) -> list[tuple[str, ...]]:
    return list(read_table(name))


_BODY_ROWS = _rows("institutions.tsv")
#: bodies every country has: an unqualified mention needs the country from context
NATIONAL_BODIES = frozenset(name for name, national, _, _ in _BODY_ROWS if national == "yes")
_CLAIM_RX = [
    (re.compile(pattern, re.IGNORECASE), name, national == "yes")
    for name, national, _, pattern in _BODY_ROWS
]
_CLAIM_TRIGGERS = Triggers([cues.split(",") for _, _, cues, _ in _BODY_ROWS])
_OUTLET_ROWS = _rows("outlets.tsv")
_OUTLET_RX = [(re.compile(pattern), name) for name, _, _, pattern in _OUTLET_ROWS]
_OUTLET_TRIGGERS = Triggers([cues.split(",") for _, _, cues, _ in _OUTLET_ROWS])
_OUTLET_HOME = {name: country for name, country, _, _ in _OUTLET_ROWS}


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimant or outlet named in text."""

    start: int
    end: int
    name: str
    country: str | None = None
    #: a country, capital or "side" speaking: a stand-in for the body of that country
    state: bool = False


def find_claimants(text: str, profiles: Sequence[BorderProfile] = ()) -> list[Claim]:
    """Return the bodies that make claims in ``text``, with readable names, in text order.

    The country is taken from "of Azerbaijan", "Armenia's" or "Armenian", else from the profile
    that says whose the body is; a body with no country keeps its bare name ("Ministry of
    Defence"). ``profiles`` are the border profiles that apply to the report.
    """
    low = text.lower()
    found: list[Claim] = []
    present = _CLAIM_TRIGGERS.present(low)
    homes, written_forms, _ = _profile_words(profiles)
    for i, (rx, name, national) in enumerate(_CLAIM_RX):
        if i not in present:
            continue
        if not national:  # a mission: its name says whose it is
            found.extend(Claim(m.start(), m.end(), name) for m in rx.finditer(text))
            continue
        for m in rx.finditer(text):
            start, end = m.span()
            code = None
            of = _OF_STATE.match(text, end)
            if of is not None:
                words = text[of.end() : of.end() + 40].split()
                for k in (2, 1):
                    cand = " ".join(words[:k]).rstrip(".,;:") if len(words) >= k else ""
                    st = state_word(cand) if cand else None
                    if st is not None and not st.capital:
                        code, end = st.code, of.end() + len(cand)
                        break
            before = _STATE_BEFORE.search(text, max(0, start - 40), start)
            if before is not None:
                words = before.group(1).split()
                for k in (2, 1):
                    cand = " ".join(words[-k:]) if len(words) >= k else ""
                    st = state_word(cand) if cand else None
                    if st is not None and not st.capital:
                        code = code or st.code
                        start = before.start(1) + len(before.group(1)) - len(cand)
                        the = _THE.search(text, max(0, start - 5), start)
                        start = the.start() if the is not None else start
                        break
            code = code or homes.get(name)
            country = country_name(code)
            name_of = f"{name} of {country}" if country else name
            found.append(Claim(start, end, name_of, country))
    for written, lowered, name in written_forms:
        if lowered in low:
            rx = re.compile(rf"\b{re.escape(written)}\b", re.IGNORECASE)
            found.extend(Claim(m.start(), m.end(), name) for m in rx.finditer(text))
    found.extend(_states(text))
    found.sort(key=lambda c: (c.start, c.state, -c.end))
    kept: list[Claim] = []
    for claim in found:
        if kept and claim.start < kept[-1].end:
            continue
        kept.append(claim)
    bodies: dict[str | None, list[Claim]] = {}
    for c in kept:
        if not c.state:
            bodies.setdefault(c.country, []).append(c)
    starts = {country: [c.start for c in same] for country, same in bodies.items()}
    return [
        _as_body(c, bodies.get(c.country, []), starts.get(c.country, [])) if c.state else c
        for c in kept
    ]


def _states(text: str) -> list[Claim]:
    """Countries and capitals that speak: "Azerbaijan said", "according to Yerevan", "the
    Armenian government claimed", "the Azerbaijani side said"."""
    found = []
    for first, last, st in states_in(text):
        end = last
        gov = _GOVERNMENT_AFTER.match(text, end)
        if gov is not None:
            end = gov.end()
        side = _SIDE_AFTER.match(text, last) if not st.noun else None
        if side is not None:  # "the Azerbaijani side said"
            start = first
            if (the := _THE.search(text, max(0, first - 5), first)) is not None:
                start = the.start()
            country = country_name(st.code)
            end = last + len(text[last : side.end()].split(" side")[0]) + 5
            found.append(Claim(start, end, f"{country} (official side)", country, True))
            continue
        if gov is None and not st.noun:
            continue  # "Armenian units", "Azerbaijan's army": not the state speaking
        start = first
        says = _SAYS.match(text, end) is not None
        if not says and not _ACCORDING.search(text, max(0, start - 40), start):
            continue
        of = None if gov else _GOVERNMENT_OF.search(text, max(0, start - 40), start)
        if of is not None:
            start = of.start()
        elif (the := _THE.search(text, max(0, start - 5), start)) is not None:
            start = the.start()
        if not _ACCORDING.search(text, max(0, start - 20), start) and (
            not says or _NOT_SPEAKER.search(text, max(0, start - 20), start)
        ):
            continue
        country = country_name(st.code)
        if country is not None:
            found.append(Claim(start, end, f"Government of {country}", country, True))
    return found


def _as_body(claim: Claim, same: list[Claim], starts: list[int]) -> Claim:
    """A speaking state as the body of its country (``same``, starting at ``starts``) the text
    names nearest: the last one before, else the first after."""
    k = bisect_left(starts, claim.start)
    body = same[k - 1] if k else (same[0] if same else None)
    return claim if body is None else Claim(claim.start, claim.end, body.name, claim.country, True)


def find_outlets(text: str, profiles: Sequence[BorderProfile] = ()) -> list[Claim]:
    """Return the news outlets named in ``text`` ("(Reuters)", "APA reports"), in text order."""
    present = _OUTLET_TRIGGERS.present(text.lower())
    found = [
        Claim(m.start(), m.end(), name)
        for i, (rx, name) in enumerate(_OUTLET_RX)
        if i in present
        for m in rx.finditer(text)
    ]
    for written, name in _profile_words(profiles)[2]:
        if written in text:
            rx = re.compile(rf"(?<![\w.-]){re.escape(written)}(?![\w-])")
            found.extend(Claim(m.start(), m.end(), name) for m in rx.finditer(text))
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[Claim] = []
    for c in found:
        if not kept or c.start >= kept[-1].end:
            kept.append(c)
    return kept


_ProfileWords = tuple[dict[str, str], tuple[tuple[str, str, str], ...], tuple[tuple[str, str], ...]]
# Keyed by the ids of the profiles, which the value holds: alive, no other object takes them.
_PROFILE_WORDS: dict[tuple[int, ...], tuple[tuple[BorderProfile, ...], _ProfileWords]] = {}


def _profile_words(profiles: Sequence[BorderProfile]) -> _ProfileWords:
    """The bodies' homes, the claimants' written forms (as written, lowercased, name) and the
    outlets (longest first) of ``profiles``: built once per set of profiles, not per report."""
    key = tuple(map(id, profiles))
    hit = _PROFILE_WORDS.get(key)
    if hit is not None:
        return hit[1]
    homes = {k: v for p in profiles for k, v in p.institutions.items()}
    claimants = tuple(
        (written, written.lower(), name) for p in profiles for written, name in p.claimants.items()
    )
    pairs = {name: name for p in profiles for name in p.outlets}
    pairs.update({k: v for p in profiles for k, v in p.outlet_aliases.items()})
    outlets = tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))
    if len(_PROFILE_WORDS) > 256:  # few sets of profiles apply; never grow without bound
        _PROFILE_WORDS.clear()
    _PROFILE_WORDS[key] = (tuple(profiles), (homes, claimants, outlets))
    return homes, claimants, outlets


def outlet_country(name: str, profiles: Sequence[BorderProfile] = ()) -> str | None:
    """The country (English name) an outlet reports from, by the profiles or the generic table."""
    for p in profiles:
        if name in p.outlets:
            return country_name(p.outlets[name])
    return country_name(_OUTLET_HOME.get(name))


def capital_of(word: str) -> str | None:
    """The country (English name) whose capital ``word`` is, or None."""
    return country_name(capital_country(word))
