"""Who makes a claim (a ministry, a border service, a mission) and which outlet carries it.

A country or its capital that speaks ("Azerbaijan said", "Yerevan accused Baku", "according to
Baku", "the Armenian government said") claims too: as the body of that country the report
names nearest (before, else after), else as "Government of Azerbaijan". "The Azerbaijani side
said" is read the same way, else stays "Azerbaijan (official side)".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import ahocorasick

from mapper.incidents.triggers import Triggers

_COUNTRY = {
    "azerbaijan": "Azerbaijan", "azerbaijani": "Azerbaijan", "azerbaijan's": "Azerbaijan",
    "armenia": "Armenia", "armenian": "Armenia", "armenia's": "Armenia",
    "russia": "Russia", "russian": "Russia", "russia's": "Russia",
    "georgia": "Georgia", "georgian": "Georgia", "georgia's": "Georgia",
    "iran": "Iran", "iranian": "Iran", "iran's": "Iran",
    "turkey": "Turkey", "turkish": "Turkey", "turkey's": "Turkey",
    "türkiye": "Turkey", "türkiye's": "Turkey",
}  # fmt: skip
_CTRY = (
    r"(?:azerbaijan(?:i|['’]s)?|armenia(?:n|['’]s)?|russia(?:n|['’]s)?|georgia(?:n|['’]s)?|"
    r"iran(?:ian|['’]s)?|turk(?:ey|ish|ey['’]s)|türkiye(?:['’]s)?)"
)
_PREFIX = re.compile(rf"(?:\bthe\s+)?(?:\b(?P<c>{_CTRY})\s+)?$", re.IGNORECASE)
_SUFFIX = re.compile(rf"\s+of\s+(?:the\s+)?(?:republic\s+of\s+)?(?P<c>{_CTRY})\b", re.IGNORECASE)

# (core pattern, readable name, lowercase words one of which the text must hold for the
# pattern to be tried: most reports name one body, and each scan costs)
_BODIES = (
    (r"\b(?:ministry\s+of\s+defen[cs]e|defen[cs]e\s+ministry|(?-i:MoD\b))",
     "Ministry of Defence", ("defen", "mod")),
    (r"\b(?:ministry\s+of\s+foreign\s+affairs|foreign\s+(?:affairs\s+)?ministry|(?-i:MFA\b))",
     "Ministry of Foreign Affairs", ("foreign", "mfa")),
    (r"\b(?:ministry\s+of\s+(?:internal|interior)\s+affairs|interior\s+ministry)",
     "Ministry of Internal Affairs", ("interior", "internal")),
    (r"\bstate\s+border\s+service", "State Border Service", ("border service",)),
    (r"\b(?:national\s+security\s+service|(?-i:NSS\b))", "National Security Service",
     ("national security", "nss")),
    (r"\b(?:general\s+)?prosecutor(?:\s+general)?['’]?s?\s+office", "Prosecutor General's Office",
     ("prosecutor",)),
    (r"\b(?:human\s+rights\s+defender|ombudsman)(?:['’]s\s+office)?", "Human Rights Defender",
     ("ombudsman", "rights defender")),
    (r"\b(?:state\s+security\s+service|(?-i:SSS\b))", "State Security Service",
     ("state security", "sss")),
    (r"\bgeneral\s+staff(?:\s+of\s+the\s+armed\s+forces)?", "General Staff", ("general staff",)),
)  # fmt: skip
_MISSIONS = (
    (r"\b(?:EU|European\s+Union)\s+Monitoring\s+Mission(?:\s+in\s+(?:Armenia|Georgia))?"
     r"(?:\s*\((?:EUMA|EUMM)\))?|\bEUMA\b", "EU Monitoring Mission in Armenia",
     ("monitoring", "euma")),
    (r"\bEUMM\b", "EU Monitoring Mission in Georgia", ("eumm",)),
    (r"\bRussian\s+peacekeeping\s+(?:contingent|mission|forces)|\bRussian\s+peacekeepers",
     "Russian peacekeeping contingent", ("peacekeep",)),
    (r"\bOSCE\b(?:\s+Minsk\s+Group)?", "OSCE", ("osce",)),
    (r"\bInternational\s+Committee\s+of\s+the\s+Red\s+Cross|\bICRC\b", "ICRC",
     ("red cross", "icrc")),
)  # fmt: skip
# Bodies whose name belongs to one country only.
_HOME = {
    "State Border Service": "Azerbaijan",
    "State Security Service": "Azerbaijan",
    "National Security Service": "Armenia",
}
_COUNTRY_NOUNS = frozenset(
    ("azerbaijan", "armenia", "russia", "georgia", "iran", "turkey", "türkiye")
)
_CAPITALS = {
    "baku": "Azerbaijan", "yerevan": "Armenia", "tbilisi": "Georgia", "moscow": "Russia",
    "tehran": "Iran", "ankara": "Turkey",
}  # fmt: skip
# A state speaks when a country or capital, or its government, stands before a verb of saying
# ("Azerbaijan said", "the Armenian government accused", "the authorities of Armenia claimed")
# or after "according to". The names are found first by one case-sensitive scan (most texts
# name a state, and a scan with a case-insensitive alternation at every position costs).
_STATE_NAMES = (
    "Azerbaijan", "Armenia", "Russia", "Georgia", "Iran", "Turkey", "Türkiye", "Baku", "Yerevan",
    "Tbilisi", "Moscow", "Tehran", "Ankara",
)  # fmt: skip
_STATE_HITS = ahocorasick.Automaton()
for _name in _STATE_NAMES:
    _STATE_HITS.add_word(_name, len(_name))
_STATE_HITS.make_automaton()
_GOVERNMENT = r"(?:government|authorities|officials|leadership)"
_STATE = rf"(?P<w>{_CTRY}|baku|yerevan|tbilisi|moscow|tehran|ankara)(?:\s+(?P<g>{_GOVERNMENT}))?\b"
_STATE_AT = re.compile(_STATE, re.IGNORECASE)
_SAYS = re.compile(
    r"\s+(?:(?:has|have|had|also|later|again|officially|earlier|then|itself|in\s+turn)\s+)*"
    r"(?:said|says|claimed|claims|reported|reports|stated|states|accused|accuses|alleged|"
    r"alleges|announced|announces|insisted|insists|blamed|blames|maintained|maintains|charged|"
    r"denied|denies|rejected|rejects|refuted|refutes|dismissed|dismisses|countered|responded|"
    r"argued|asserted|told)\b"
    r"(?!\s+(?:each\s+other|one\s+another))",
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
_SIDE = re.compile(
    rf"\bthe\s+(?P<c>{_CTRY})\s+side\s+(?:has\s+|had\s+|also\s+)*(?:said|says|claimed|claims|"
    r"stated|reported|reports|denied|denies|accused|insists|insisted|announced)\b",
    re.IGNORECASE,
)


#: bodies every country has: an unqualified mention needs the country from context
NATIONAL_BODIES = frozenset(name for _, name, _ in _BODIES)
_CLAIM_RX = [
    (re.compile(body, re.IGNORECASE), name, name in NATIONAL_BODIES)
    for body, name, _ in _BODIES + _MISSIONS
]
_CLAIM_TRIGGERS = Triggers([words for _, _, words in _BODIES + _MISSIONS])

# (pattern, name, lowercase words one of which the text must hold for the pattern to be tried)
_OUTLETS = (
    (r"\(Reuters\)|\bReuters\b", "Reuters", ("reuters",)),
    (r"\(AP\)|\bAssociated\s+Press\b", "Associated Press", ("(ap)", "associated")),
    (r"\(AFP\)|\bAgence\s+France-Presse\b|\bAFP\b", "AFP", ("afp", "agence")),
    (r"\bAPA\b", "APA", ("apa",)),
    (r"\bTrend\b(?:\s+(?:News\s+Agency|reports|said))?(?![\w-])", "Trend", ("trend",)),
    (r"\bReport\.az\b|\bReport\s+(?:news\s+agency|informs)\b", "Report.az", ("report",)),
    (r"\bAZERTAC\b|\bAzertac\b", "AZERTAC", ("azertac",)),
    (r"\bArmenpress\b", "Armenpress", ("armenpress",)),
    (r"\bnews\.am\b", "news.am", ("news.am",)),
    (r"\bARKA\b", "ARKA", ("arka",)),
    (r"\bInterfax\b", "Interfax", ("interfax",)),
    (r"\bTASS\b", "TASS", ("tass",)),
    (r"\bRIA\s+Novosti\b", "RIA Novosti", ("novosti",)),
    (r"\bSputnik\s+(?:Armenia|Azerbaijan)\b", "Sputnik", ("sputnik",)),
    (r"\bJAMnews\b", "JAMnews", ("jamnews",)),
    (r"\bOC\s+Media\b", "OC Media", ("media",)),
    (r"\bAzatutyun\b|\bRFE/RL\b|\bRadio\s+Free\s+Europe\b", "RFE/RL",
     ("azatutyun", "rfe/rl", "free europe")),
    (r"\bCivilnet\b", "CivilNet", ("civilnet",)),
)  # fmt: skip
_OUTLET_RX = [(re.compile(p), name) for p, name, _ in _OUTLETS]
_OUTLET_TRIGGERS = Triggers([words for _, _, words in _OUTLETS])


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimant or outlet named in text."""

    start: int
    end: int
    name: str
    country: str | None = None
    #: a country, capital or "side" speaking: a stand-in for the body of that country
    state: bool = False


def find_claimants(text: str) -> list[Claim]:
    """Return the bodies that make claims in ``text``, with readable names, in text order.

    The country is taken from "of Azerbaijan", "Armenia's" or "Armenian"; a body with no
    country keeps its bare name ("Ministry of Defence").
    """
    low = text.lower()
    found: list[Claim] = []
    present = _CLAIM_TRIGGERS.present(low)
    for i, (rx, name, national) in enumerate(_CLAIM_RX):
        if i not in present:
            continue
        if not national:  # a mission: its name says whose it is
            found.extend(Claim(m.start(), m.end(), name) for m in rx.finditer(text))
            continue
        for m in rx.finditer(text):
            start, end = m.span()
            country = None
            after = _SUFFIX.match(text, end)
            if after is not None:
                country, end = after.group("c"), after.end()
            before = _PREFIX.search(text, max(0, start - 40), start)
            if before is not None:
                country = country or before.group("c")
                start = before.start()
            country = _COUNTRY.get(country.lower().replace("’", "'")) if country else None
            country = country or _HOME.get(name)
            name_of = f"{name} of {country}" if country else name
            found.append(Claim(start, end, name_of, country))
    if " side" in low:
        for m in _SIDE.finditer(text):
            country = _COUNTRY.get(m.group("c").lower().replace("’", "'"))
            end = m.start() + len(m.group(0).split(" side")[0]) + 5
            found.append(Claim(m.start(), end, f"{country} (official side)", country, True))
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
    """Countries and capitals that speak: "Azerbaijan said", "according to Yerevan"."""
    found = []
    for last, size in _STATE_HITS.iter(text):
        first = last + 1 - size
        if first and (text[first - 1].isalnum() or text[first - 1] == "_"):
            continue  # inside a word
        m = _STATE_AT.match(text, first)
        if m is None:
            continue
        word = m.group("w").lower().replace("’", "'")
        if m.group("g") is None and word not in _CAPITALS and word not in _COUNTRY_NOUNS:
            continue  # "Armenian units", "Azerbaijan's army": not the state speaking
        start, end = m.start(), m.end()
        says = _SAYS.match(text, end) is not None
        if not says and not _ACCORDING.search(text, max(0, start - 40), start):
            continue
        of = None if m.group("g") else _GOVERNMENT_OF.search(text, max(0, start - 40), start)
        if of is not None:
            start = of.start()
        elif (the := _THE.search(text, max(0, start - 5), start)) is not None:
            start = the.start()
        if not _ACCORDING.search(text, max(0, start - 20), start) and (
            not says or _NOT_SPEAKER.search(text, max(0, start - 20), start)
        ):
            continue
        country = _CAPITALS.get(word) or _COUNTRY.get(word)
        if country is not None:
            found.append(Claim(start, end, f"Government of {country}", country, True))
    return found


def _as_body(claim: Claim, same: list[Claim], starts: list[int]) -> Claim:
    """A speaking state as the body of its country (``same``, starting at ``starts``) the text
    names nearest: the last one before, else the first after."""
    k = bisect_left(starts, claim.start)
    body = same[k - 1] if k else (same[0] if same else None)
    return claim if body is None else Claim(claim.start, claim.end, body.name, claim.country, True)


def find_outlets(text: str) -> list[Claim]:
    """Return the news outlets named in ``text`` ("(Reuters)", "APA reports"), in text order."""
    present = _OUTLET_TRIGGERS.present(text.lower())
    found = [
        Claim(m.start(), m.end(), name)
        for i, (rx, name) in enumerate(_OUTLET_RX)
        if i in present
        for m in rx.finditer(text)
    ]
    return sorted(found, key=lambda c: c.start)
