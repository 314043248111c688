"""Who makes a claim (a ministry, a border service, a mission) and which outlet carries it."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_OF = rf"(?:\s+of\s+(?:the\s+)?(?:republic\s+of\s+)?(?P<{{g}}>{_CTRY}))?"
_PRE = rf"(?:(?P<{{g}}>{_CTRY})\s+)?"

_BODIES = (
    # (pattern with {pre} and {of} for the country, readable name template)
    (r"(?:ministry\s+of\s+defen[cs]e|defen[cs]e\s+ministry|(?-i:MoD))", "Ministry of Defence"),
    (r"(?:ministry\s+of\s+foreign\s+affairs|foreign\s+(?:affairs\s+)?ministry|(?-i:MFA))",
     "Ministry of Foreign Affairs"),
    (r"(?:ministry\s+of\s+(?:internal|interior)\s+affairs|interior\s+ministry)",
     "Ministry of Internal Affairs"),
    (r"state\s+border\s+service", "State Border Service"),
    (r"(?:national\s+security\s+service|(?-i:NSS))", "National Security Service"),
    (r"(?:general\s+)?prosecutor(?:\s+general)?['’]?s?\s+office", "Prosecutor General's Office"),
    (r"(?:human\s+rights\s+defender|ombudsman)(?:['’]s\s+office)?", "Human Rights Defender"),
    (r"(?:state\s+security\s+service|(?-i:SSS))", "State Security Service"),
    (r"(?:general\s+staff(?:\s+of\s+the\s+armed\s+forces)?)", "General Staff"),
)  # fmt: skip
_MISSIONS = (
    (r"(?:EU|European\s+Union)\s+Monitoring\s+Mission(?:\s+in\s+(?:Armenia|Georgia))?"
     r"(?:\s*\((?:EUMA|EUMM)\))?|\bEUMA\b", "EU Monitoring Mission in Armenia"),
    (r"\bEUMM\b", "EU Monitoring Mission in Georgia"),
    (r"Russian\s+peacekeeping\s+(?:contingent|mission|forces)|Russian\s+peacekeepers",
     "Russian peacekeeping contingent"),
    (r"\bOSCE\b(?:\s+Minsk\s+Group)?", "OSCE"),
    (r"International\s+Committee\s+of\s+the\s+Red\s+Cross|\bICRC\b", "ICRC"),
)  # fmt: skip
# Bodies whose name belongs to one country only.
_HOME = {
    "State Border Service": "Azerbaijan",
    "State Security Service": "Azerbaijan",
    "National Security Service": "Armenia",
}
_SIDE = re.compile(
    rf"\bthe\s+(?P<c>{_CTRY})\s+side\s+(?:has\s+|had\s+|also\s+)*(?:said|says|claimed|claims|"
    r"stated|reported|reports|denied|denies|accused|insists|insisted|announced)\b",
    re.IGNORECASE,
)

#: bodies every country has: an unqualified mention needs the country from context
NATIONAL_BODIES = frozenset(name for _, name in _BODIES)
_BODY_RX = [
    (re.compile(rf"\b(?:the\s+)?{_PRE.format(g='a')}{body}{_OF.format(g='b')}", re.IGNORECASE),
     name)
    for body, name in _BODIES
]  # fmt: skip
_MISSION_RX = [(re.compile(body, re.IGNORECASE), name) for body, name in _MISSIONS]

_OUTLETS = (
    (r"\(Reuters\)|\bReuters\b", "Reuters"),
    (r"\(AP\)|\bAssociated\s+Press\b", "Associated Press"),
    (r"\(AFP\)|\bAgence\s+France-Presse\b|\bAFP\b", "AFP"),
    (r"\bAPA\b", "APA"),
    (r"\bTrend\b(?:\s+(?:News\s+Agency|reports|said))?(?![\w-])", "Trend"),
    (r"\bReport\.az\b|\bReport\s+(?:news\s+agency|informs)\b", "Report.az"),
    (r"\bAZERTAC\b|\bAzertac\b", "AZERTAC"),
    (r"\bArmenpress\b", "Armenpress"),
    (r"\bnews\.am\b", "news.am"),
    (r"\bARKA\b", "ARKA"),
    (r"\bInterfax\b", "Interfax"),
    (r"\bTASS\b", "TASS"),
    (r"\bRIA\s+Novosti\b", "RIA Novosti"),
    (r"\bSputnik\s+(?:Armenia|Azerbaijan)\b", "Sputnik"),
    (r"\bJAMnews\b", "JAMnews"),
    (r"\bOC\s+Media\b", "OC Media"),
    (r"\bAzatutyun\b|\bRFE/RL\b|\bRadio\s+Free\s+Europe\b", "RFE/RL"),
    (r"\bCivilnet\b", "CivilNet"),
)  # fmt: skip
_OUTLET_RX = [(re.compile(p), name) for p, name in _OUTLETS]


@dataclass(frozen=True, slots=True)
class Claim:
    """A claimant or outlet named in text."""

    start: int
    end: int
    name: str


def find_claimants(text: str) -> list[Claim]:
    """Return the bodies that make claims in ``text``, with readable names, in text order.

    The country is taken from "of Azerbaijan", "Armenia's" or "Armenian"; a body with no
    country keeps its bare name ("Ministry of Defence").
    """
    found: list[Claim] = []
    for rx, name in _BODY_RX:
        for m in rx.finditer(text):
            country = None
            groups = m.groupdict()
            for key in ("b", "a"):
                if groups.get(key):
                    country = _COUNTRY.get(groups[key].lower().replace("’", "'"))
                    break
            country = country or _HOME.get(name)
            label = f"{name} of {country}" if country else name
            found.append(Claim(m.start(), m.end(), label))
    for rx, name in _MISSION_RX:
        found.extend(Claim(m.start(), m.end(), name) for m in rx.finditer(text))
    for m in _SIDE.finditer(text):
        country = _COUNTRY.get(m.group("c").lower().replace("’", "'"))
        found.append(Claim(m.start(), m.start() + len(m.group(0).split(" side")[0]) + 5,
                           f"{country} (official side)"))  # fmt: skip
    found.sort(key=lambda c: (c.start, -c.end))
    kept: list[Claim] = []
    for claim in found:
        if kept and claim.start < kept[-1].end:
            continue
        kept.append(claim)
    return kept


def find_outlets(text: str) -> list[Claim]:
    """Return the news outlets named in ``text`` ("(Reuters)", "APA reports"), in text order."""
    found = [Claim(m.start(), m.end(), name) for rx, name in _OUTLET_RX for m in rx.finditer(text)]
    return sorted(found, key=lambda c: c.start)
