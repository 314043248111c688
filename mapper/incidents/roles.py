"""Roles of places in an incident sentence: ``origin`` (fired from), ``target`` (fired at), else
``location``.

The rules read the words around each mention in a copy of the text where dates, clock times,
claimants and outlets are blanked, so "On December 9" or "the Ministry of Defence of Armenia"
never act as cues. Overrides come first: datelines, distances ("70 km south of Yerevan"),
hometowns ("a native of Ganja"), hospitals ("taken to hospital in Kapan"), names ("known in
Azerbaijan as ..."), capitals standing for governments ("Baku said"), countries standing for
their armies ("positions of the Azerbaijan Army", "units of the Armed Forces of Armenia"),
places where shots were only heard and sentences where two sides trade accusations stay
``location``. Such mentions are see-through: the cues before them still reach the next place
("fired at the positions of the Azerbaijan Army in the Kalbajar direction").

Where a place sits in a sentence decides the rest: after a fire verb or a preposition of aim
("fired at", "toward", "shelled") it is a ``target``, after "from" an ``origin``; in the subject
("units stationed in the direction of Berd ... opened fire") an ``origin`` before an active verb
and a ``target`` before a passive one ("a house in Vardenis ... was hit"). A place in apposition
("Karvachar, the district Azerbaijan calls Kalbajar"), in coordination ("Kalbajar and Lachin") or
contained in the one before ("Tegh in Syunik province") shares its role.

A country that holds the place named beside it ("Tegh in Armenia's Syunik", "Tegh, Armenia")
stays a ``location`` and is see-through: the fire went to the place, and a map reader wants no
point in the middle of the country. It is a ``target`` or ``origin`` only when the fire itself
went into or came from it ("fired into Armenia's territory near Sotk", "fire from Azerbaijan").

Positions described at length ("fired towards the positions located in the eastern part of the
border zone, near the village of X"): X is where those positions are and takes the role of the
cue before them, however many words lie between; a comma before "near X" opens no new clause.

Accusations: the accused are the subject of the fire, so a place they are in is the ``origin``
("Azerbaijan accused Armenian units in Kut of shelling its positions in Kalbajar"), unless both
sides accuse each other (all ``location``).

Residents: "a resident of Berkaber was wounded" makes Berkaber the ``target`` (civilians are hit
at home), unless the sentence names where the fire landed ("... was wounded near Kornidzor"),
or the residents only speak ("residents of Sotk said").

Incursions: the place entered is the ``target`` ("advanced several hundred metres into Armenian
territory near Sotk", "tried to cross the border near Tegh", "an infiltration attempt near
Kut", "violated the border near Gazakh"); where the troops came from is the ``origin``.

Drones shot down: the place a drone was downed over or near ("a quadcopter was shot down over
Lachin", "downed a UAV near Jermuk", "neutralized above Kut") is a ``target``, even when the
report names no attack. The drone came into the claimant's side's airspace there, as troops
come in on an incursion, and the fire at it was aimed there. A map reader wants that spot with
the drone's side as the attacker, not a neutral ``location``. A place the drone came from
("launched from Goris") is the ``origin``, and a distance reference ("fell 3 km from Vardenis")
stays a ``location``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from mapper.incidents.role_cues import LOCATION, ORIGIN, TARGET, scan
from mapper.incidents.role_patterns import (
    _ACCUSED,
    _ACCUSED_OF,
    _ACTIVE,
    _ACTOR_AFTER,
    _ACTOR_BEFORE,
    _APPOSITION,
    _ASIDE_AFTER,
    _ASIDE_BEFORE,
    _ASIDE_REACH,
    _ASIDE_WORDS,
    _CLAUSE,
    _CONTAINED,
    _CONTAINS,
    _COORD,
    _FIRE_BEFORE,
    _HEARD,
    _HURT_NEXT,
    _LOCATIVE,
    _LOOKAHEAD,
    _METONYMY_AFTER,
    _MUTUAL,
    _PASSIVE,
    _REACH,
    _RESIDENT,
    _STOPS,
    _WINDOW,
    _Verbs,
)
from mapper.toponyms.cues import containers

# An event sentence that opens with where it happened: "In Kupiansk, two policemen were wounded"
_OPENING = re.compile(
    r"\W*(?:In|At|Near|Around|Outside)\s+(?:the\s+)?(?:(?:village|town|city|settlement|"
    r"community|hromada|district|region|area)\s+of\s+)?"
)
#: a country that stands for an army or a state ("the Armed Forces of Armenia"), or a place
#: in the name of a body: an actor, not a place of the incident; it gives no place row
ACTOR = "actor"
#: a capital that stands for a government ("Baku said", "Moscow's troops"): no place of the
#: incident either, but a place the report names, so it gives a row of role ``location``
STATE = "state"
_DIGIT = re.compile(r"\d")
# an item of a bulletin headed by its place: "• Yunakivska hromada: mortar attack (5 explosions)"
_ITEM_START = re.compile(r"\W*")
_ITEM_HEAD = re.compile(r"[^.:;\n]{0,40}:\s*\S")
_BORDER_NAME = re.compile(r"(?:\s*[-–/]\s*[A-Z][\w'’-]*)?\s+(?:border|frontier|boundary)\b")


def assign_roles(
    masked: str,
    sentence: tuple[int, int],
    mentions: list[tuple[int, int]],
    is_event: bool,
    forced_location: list[bool],
    countries: list[bool] | None = None,
    capitals: list[bool] | None = None,
) -> list[str]:
    """Return a role for each mention (report offsets, text order) of one sentence.

    ``masked`` is the whole report text with dates, times, claimants and outlets blanked;
    ``forced_location`` marks mentions already known to be datelines or parts of a claimant;
    ``countries`` marks mentions of whole countries (which may stand for an army or a state),
    ``capitals`` those of capitals (which may stand for a government): such a mention that
    stands for an actor gets the role ``actor`` (the caller tells a capital's :data:`STATE`).
    """
    if not mentions:
        return []
    states = [
        bool((countries and countries[i]) or (capitals and capitals[i]))
        for i in range(len(mentions))
    ]
    if not is_event:
        return [_actor_or(masked, m, countries, states[i], i) for i, m in enumerate(mentions)]
    s0, s1 = sentence
    if _MUTUAL.search(masked, s0, s1):  # no side claims it: no roles, but actors stay actors
        return [_actor_or(masked, m, countries, states[i], i) for i, m in enumerate(mentions)]
    starts = {a for a, _ in mentions}
    cuts = [
        (m.start(), m.end())
        for m in _CLAUSE.finditer(masked, s0, s1)
        if not _in_name_list(masked, m.start(), starts)
    ]
    cut_starts = [a for a, _ in cuts]
    heard: dict[int, bool] = {}
    verbs = _Verbs(masked, s0, s1)
    roles: list[str] = []
    anchor: int | None = None  # the last mention whose role came from its own place in the text
    first_fire: int | None = None
    holders = set(containers(masked, mentions).values())
    residents: list[int] = []
    aimed = False  # a place named by a cue of aim ("fired at X", "wounded near X")
    shares: dict[int, int] = {}  # mention -> the anchor whose role it took
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
        before = masked[max(clause_start, start - _REACH) : start]
        after = masked[end : min(clause_end, end + _WINDOW)]
        country = countries is not None and countries[i]
        aside = _aside(masked, before, after, end, country, states[i])
        if aside or (
            country and (i in holders or masked[mentions[i - 1][1] : start].strip() == ",")
        ):  # "Tegh in Armenia's Syunik", "Tegh, Armenia": the country holds the place
            roles.append(ACTOR if aside == ACTOR else LOCATION)  # see-through: not an anchor
            continue
        if _RESIDENT.search(before, max(0, len(before) - _ASIDE_REACH)):
            hurt = verbs.first(end) == "p" or _HURT_NEXT.match(after)
            roles.append(TARGET if hurt else LOCATION)
            residents.append(i)
            anchor = i
            continue
        if _OPENING.fullmatch(masked, s0, start) or (
            _ITEM_START.fullmatch(masked, s0, start) and _ITEM_HEAD.match(masked, end)
        ):  # "In Borova, a rocket launcher damaged ...", "• Yunakivska hromada: mortar attack"
            roles.append(TARGET)
            anchor = i
            continue
        prev = mentions[anchor] if anchor is not None else None
        if first_fire is None:
            m = _FIRE_BEFORE.search(masked, s0, s1)
            first_fire = m.start() if m is not None else s1
        subject = start < first_fire  # no fire verb yet: the place is in the subject
        role, cued = _role(
            masked, s1, before, after, clause_start, prev, (start, end), subject, verbs
        )
        if (
            not cued
            and role in (None, LOCATION)
            and anchor is not None
            and roles[anchor] == ORIGIN
            and _AIM_AFTER.match(masked, mentions[anchor][1], start)
        ):  # "mortar attacks from Afghanistan on the border area of Borki in Kurram"
            role, cued = TARGET, True
        aimed = aimed or (cued and role == TARGET)
        if country and not cued and role in (None, LOCATION):
            # "provocations by Armenia in the Dashkasan district": a country no cue aims at
            # is an actor's name, and no place after it shares its role
            roles.append(LOCATION)
            continue
        if role is None:
            role = roles[anchor] if anchor is not None else LOCATION
            if anchor is not None:
                shares[i] = shares.get(anchor, anchor)
        roles.append(role)
        anchor = i
    if aimed:  # the sentence says where the fire landed: the residents' village is their home
        for i in range(len(roles)):
            if i in residents or shares.get(i) in residents:
                roles[i] = LOCATION
    return roles


_NAME_BEFORE = re.compile(r"[A-Z][\w'’-]*$")
# a further name of the list: "Odaisseh, Markaba and Kfar Kila"
_NAME_NEXT = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s*(?:,|\band\b|\bor\b)")


def _in_name_list(masked: str, comma: int, starts: set[int]) -> bool:
    """Whether a comma only separates names of a list ("at Angoor Adda, Bajaur, Kurram"):
    a name before it, and a mention or a further name of the list right after it. Such a
    comma opens no clause, so the cue before the list reaches every name of it."""
    if masked[comma] != ",":
        return False
    nxt = comma + 1
    while nxt < len(masked) and masked[nxt] == " ":
        nxt += 1
    listed = nxt in starts or _NAME_NEXT.match(masked, nxt) is not None
    return listed and _NAME_BEFORE.search(masked, max(0, comma - 40), comma) is not None


def _aside(
    masked: str, before: str, after: str, end: int, country: bool, state: bool = False
) -> str:
    """``"actor"`` for a country or capital that stands for an army or a state; ``"aside"``
    for a mention that names no place of fire (a distance, a hometown, a hospital, a name);
    else ``""``."""
    if _METONYMY_AFTER.match(after):
        return ACTOR if state else "aside"
    if country and _BORDER_NAME.match(after):
        return "aside"  # "the Pakistan-Afghanistan border": a name of the border, no place
    tail = before[-_ASIDE_REACH:]
    words = tail.lower().split()
    if (
        (_ASIDE_WORDS.intersection(words) or _DIGIT.search(tail)) and _ASIDE_BEFORE.search(tail)
    ) or _ASIDE_AFTER.match(after):
        return "aside"
    if country:
        if _ACTOR_AFTER.match(masked, end, end + 60):
            return ACTOR
        of = words[-1:] == ["of"] or words[-2:] == ["of", "the"]  # a cheap test first
        if of and _ACTOR_BEFORE.search(tail) is not None:
            return ACTOR
    return ""


def _actor_or(
    masked: str, span: tuple[int, int], countries: list[bool] | None, state: bool, i: int
) -> str:
    """In a sentence with no event: ``actor`` for a country standing for an army or a state,
    or a place that speaks ("Baku said"); else ``location``."""
    start, end = span
    if state and _METONYMY_AFTER.match(masked, end, end + _WINDOW):
        return ACTOR
    if countries is not None and countries[i]:
        if _ACTOR_AFTER.match(masked, end, end + 60):
            return ACTOR
        tail = masked[max(0, start - _ASIDE_REACH) : start]
        words = tail.lower().split()
        if (words[-1:] == ["of"] or words[-2:] == ["of", "the"]) and _ACTOR_BEFORE.search(tail):
            return ACTOR
    return LOCATION


def _role(
    masked: str,
    sentence_end: int,
    before: str,
    after: str,
    clause_start: int,
    prev: tuple[int, int] | None,
    span: tuple[int, int],
    subject: bool,
    verbs: _Verbs,
) -> tuple[str | None, bool]:
    """The role of one mention, or None to share the role of ``prev`` (the anchor); and whether
    a cue word before the mention gave it."""
    start, end = span
    if prev is not None and prev[1] > start - len(before):
        before = masked[max(prev[1], clause_start) : start]  # earlier cues belong to that place
    cue = scan(before, verbs, end)
    if cue is not None:
        return cue, True
    return _role_by_place(masked, sentence_end, before, after, prev, span, subject, verbs), False


def _role_by_place(
    masked: str,
    sentence_end: int,
    before: str,
    after: str,
    prev: tuple[int, int] | None,
    span: tuple[int, int],
    subject: bool,
    verbs: _Verbs,
) -> str | None:
    start, end = span
    if prev is not None:
        gap = masked[prev[1] : start]
        if len(gap) < _WINDOW and (
            _COORD.match(gap) or _CONTAINS.match(gap) or _APPOSITION.match(gap)
        ):
            return None
        if (
            len(gap) < 60
            and _CONTAINED.search(gap)
            and scan(gap, None, start) is None
            and not _STOPS.intersection(gap.lower().split())
        ):
            return None  # "Sofulu and Kemerli villages of Gazakh": a name the gazetteer lacks
    if _DIRECTION_AFTER.match(after):  # "in the Vovchansk and Lyptsi directions": the front
        if _INTO_BEFORE.search(before):
            return TARGET
        if _FROM_BEFORE.search(before):
            return ORIGIN
    if _PASSIVE.search(after):
        return TARGET
    if _ACTIVE.match(after):
        return ORIGIN
    if (
        subject
        and _ACCUSED_OF.match(after)
        and _LOCATIVE.search(before)
        and _ACCUSED.search(before)
    ):
        return ORIGIN  # "accused Armenian units in Kut of shelling": where the accused fired from
    if subject and _HURT_NEXT.match(after):
        return TARGET
    if subject and len(after) < min(sentence_end, end + _LOOKAHEAD) - end:
        # the place is in the subject and the verb comes after an aside: "A house in Vardenis,
        # known ... as Basarkechar, was hit", "troops in Karvachar, the district ..., fired"
        verb = verbs.first(end)
        if verb == "p":
            return TARGET
        if verb == "a" and _LOCATIVE.search(before):
            return ORIGIN
    return LOCATION


# "in the X direction", "in the X and Y directions": a stretch of the front named by a town
_DIRECTION_AFTER = re.compile(r"\s*(?:(?:,|and)\s+(?-i:[A-Z])[\w'’-]*\s+)*directions?\b", re.I)
_INTO_BEFORE = re.compile(r"\b(?:in|on|at|along|towards?|into)\s+(?:the\s+)?$", re.I)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
# what follows a place fire came from and leads to the place it went to
_AIM_AFTER = re.compile(
    r"\s*(?:(?:on|onto|upon|at|into|towards?|against)\s"
    # "fired from Lebanon, one at a post near X, two near Y": shots told by count
    r"|,\s*(?:one|two|three|four|five|six|another|\d+)\s+(?:more\s+)?(?:at|near|on|in|into)\s)"
    r"[^.;:]{0,80}$"
)
