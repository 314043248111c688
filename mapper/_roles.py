"""Roles of places in an incident sentence: ``origin`` (fired from), ``target`` (fired at), else
``location``.

The rules read the words around each mention in a copy of the text where dates, clock times,
claimants and outlets are blanked, so "On December 9" or "the Ministry of Defence of Armenia"
never act as cues. Overrides come first: datelines, distances ("70 km south of Yerevan"),
hometowns ("a native of Ganja"), capitals standing for governments ("Baku said") and places
where shots were only heard stay ``location``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TARGET, ORIGIN, LOCATION = "target", "origin", "location"

_TOKEN = re.compile(r"[\w'’-]+")
_CLAUSE = re.compile(r"[;:()\[\]—–\"“”]|,(?!\d)|\s-\s|\bwhile\b|\bwhereas\b|\bbut\b|\bafter\b")
_MAX_TOKENS = 20
_WINDOW = 240  # characters looked at on each side of a mention

_TARGET_WORDS = _words(
    "at towards toward against into targeting targeted shelled shelling bombarded bombed "
    "struck hit attacked fired firing subjected shooting wounded killed injured"
)
_ON_LICENSERS = _words(
    "fire fired firing attack attacks attacked strike strikes struck shelling shots "
    "drone drones assault raid raids shelled opened"
)
_STOPS = _words(
    "said says reported reports stated according told claimed noted added denied "
    "between accused urged warned"
)
_POSTED = _words("stationed deployed located positioned based")

_PLACE_NOUNS = (
    r"(?:regions?|districts?|provinces?|rayons?|villages?|towns?|cities|city|settlements?|"
    r"areas?|sections?|directions?|heights?|positions?|posts?|territory|outskirts)"
)
_COORD = re.compile(
    rf"^\s*(?:{_PLACE_NOUNS}\s*)?(?:['’]s\s+|,\s*(?:and\s+|or\s+)?|\s(?:and|or|as\s+well\s+as)\s+|/|&)"
    rf"\s*(?:the\s+)?(?:(?:{_PLACE_NOUNS})\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
# "Tegh in Syunik province", "the village of Tegh of Syunik": the second place shares the role.
_CONTAINS = re.compile(
    r"^\s*(?:(?:regions?|districts?|provinces?|rayons?|villages?|towns?|settlements?)\s*)?"
    r"(?:in|of|near)\s+(?:the\s+)?(?:(?:regions?|districts?|provinces?|rayons?)\s+of\s+)?$",
    re.IGNORECASE,
)
_CONTAINED = re.compile(
    r"\b(?:villages?|towns?|settlements?|positions?|posts?)\s+(?:of|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DISTANCE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:km|kilometers?|kilometres?|miles?|mi|m|meters?|metres?)\s+"
    r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern|wards?)?\s+)?(?:of|from)\s+"
    r"(?:the\s+)?(?:(?:town|city|village|capital|center|centre)\s+(?:of\s+)?)?$",
    re.IGNORECASE,
)
_HOMETOWN = re.compile(
    r"(?:\b(?:native|natives|resident|residents|inhabitant|inhabitants)\s+of|"
    r"\b(?:born|buried|laid\s+to\s+rest|funeral\s+(?:was\s+)?held|grew\s+up|lived)\s+in|"
    r"\b(?:hails?|hailing|comes?|came|originally|was|is)\s+from|"
    r"\b(?:soldier|serviceman|conscript|private|sergeant|officer|man|woman|civilian|"
    r"volunteer|\d\d-year-old)\s+from)"
    r"\s+(?:the\s+)?(?:(?:village|town|city|district|region)\s+of\s+)?$",
    re.IGNORECASE,
)
_METONYMY = re.compile(
    r"^\s*(?:(?:and|or)\s+[\w'’-]+\s+)?(?:(?:has|have|had|also|again|officially)\s+)*"
    r"(?:said|says|accused|accuses|denied|denies|claimed|claims|traded|trade|rejected|rejects|"
    r"urged|urges|blamed|blames|insisted|insists|responded|announced|called|demanded|warned|"
    r"stated|reported|alleged|alleges|agreed|officials?)\b",
    re.IGNORECASE,
)
_HEARD = re.compile(r"\b(?:heard|audible|hearing|sounds?\s+of)\b", re.IGNORECASE)
_PASSIVE = re.compile(
    r"\b(?:came|come|comes|coming)\s+under\b|"
    r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?(?:shelled|fired\s+(?:upon|on|at)|targeted|"
    r"hit|attacked|struck|bombarded|subjected|shot\s+at)\b",
    re.IGNORECASE,
)
_ACTIVE = re.compile(
    rf"^\W*(?:{_PLACE_NOUNS}\W+)?(?:(?!said|says|told|reported)[\w'’-]+\s+){{0,3}}?"
    r"(?:fired|opened\s+fire|shelled|attacked|launched|struck|targeted|violated|subjected)\b",
    re.IGNORECASE,
)


def assign_roles(
    masked: str,
    sentence: tuple[int, int],
    mentions: list[tuple[int, int]],
    is_event: bool,
    forced_location: list[bool],
) -> list[str]:
    """Return a role for each mention (report offsets, text order) of one sentence.

    ``masked`` is the whole report text with dates, times, claimants and outlets blanked;
    ``forced_location`` marks mentions already known to be datelines or parts of a claimant.
    """
    if not is_event:
        return [LOCATION] * len(mentions)
    s0, s1 = sentence
    cuts = [(m.start(), m.end()) for m in _CLAUSE.finditer(masked, s0, s1)]
    cut_starts = [a for a, _ in cuts]
    heard: dict[int, bool] = {}
    roles: list[str] = []
    for i, (start, end) in enumerate(mentions):
        if forced_location[i]:
            roles.append(LOCATION)
            continue
        k = bisect_right(cut_starts, start) - 1
        while k >= 0 and cuts[k][1] > start:  # a cut that overlaps the mention itself
            k -= 1
        if k >= 0 and masked[cuts[k][0]] == "(":  # "positions ... (Norabak)": read on before it
            k -= 1
        clause_start = cuts[k][1] if k >= 0 else s0
        n = bisect_left(cut_starts, end)
        clause_end = cuts[n][0] if n < len(cuts) else s1
        if clause_start not in heard:
            heard[clause_start] = bool(_HEARD.search(masked, clause_start, clause_end))
        if heard[clause_start]:
            roles.append(LOCATION)
            continue
        before = masked[max(clause_start, start - _WINDOW) : start]
        after = masked[end : min(clause_end, end + _WINDOW)]
        prev_end = mentions[i - 1][1] if i else None
        roles.append(_role(masked, before, after, clause_start, prev_end, start, roles))
    return roles


def _role(
    masked: str,
    before: str,
    after: str,
    clause_start: int,
    prev_end: int | None,
    start: int,
    roles: list[str],
) -> str:
    if _DISTANCE.search(before) or _HOMETOWN.search(before) or _METONYMY.match(after):
        return LOCATION
    if prev_end is not None and prev_end > start - len(before):
        before = masked[max(prev_end, clause_start) : start]  # earlier cues belong to that place
    cue = _scan(before, after)
    if cue is not None:
        return cue
    if prev_end is not None and roles:
        gap = masked[prev_end:start]
        if len(gap) < _WINDOW and (_COORD.match(gap) or _CONTAINS.match(gap)):
            return roles[-1]
        if len(gap) < 60 and _CONTAINED.search(gap) and _scan(gap, "") is None:
            return roles[-1]  # "Sofulu and Kemerli villages of Gazakh": a name the gazetteer lacks
    if _PASSIVE.search(after):
        return TARGET
    if _ACTIVE.match(after):
        return ORIGIN
    return LOCATION


def _scan(before: str, after: str) -> str | None:
    """Walk back from the mention to the nearest word that gives it a role."""
    tokens = [t.lower() for t in _TOKEN.findall(before)][-_MAX_TOKENS:]
    pending = None  # "in the direction of X": a target unless units are "stationed in" it
    for j in range(len(tokens) - 1, -1, -1):
        word = tokens[j]
        if word in _STOPS:
            return pending
        if word == "from":
            return ORIGIN
        if word in _TARGET_WORDS:
            return TARGET
        if word in ("on", "upon") and j and tokens[j - 1] in _ON_LICENSERS:
            return TARGET
        if word in ("direction", "directions"):
            lead = tokens[max(0, j - 2) : j]
            if "from" in lead:
                return ORIGIN
            if {"in", "towards", "toward", "to"} & set(lead):
                pending = TARGET
        if word in _POSTED and _ACTIVE.match(after):
            return ORIGIN
    return pending
