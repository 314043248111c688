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

from mapper._context import containers


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TARGET, ORIGIN, LOCATION = "target", "origin", "location"

_TOKEN = re.compile(r"[\w'’-]+")
# A comma before "near X", "in the area of X" opens no clause: it sets off where the place
# named before it lies ("fired at the positions located in the border zone, near Khoznavar").
_CLAUSE = re.compile(
    r"[;:()\[\]—–\"“”]|,(?!\d)(?!\s*(?i:near|close\s+to|not\s+far\s+from|next\s+to|around|"
    r"outside|on\s+the\s+outskirts\s+of|in\s+the\s+(?:area|vicinity|direction)\s+of)\b)|"
    r"\s-\s|\bwhile\b|\bwhereas\b|\bbut\b|\bafter\b"
)
_MAX_TOKENS = 20
_WINDOW = 240  # characters looked at on each side of a mention
_REACH = 480  # characters looked back at when "positions located ..." describes the place
_LOOKAHEAD = 300  # characters of the rest of the sentence searched for its verb

_TARGET_WORDS = _words(
    "at towards toward against into targeting targeted shelled shelling bombarded bombed "
    "struck hit attacked fired firing subjected shooting wounded killed injured "
    "crossed entered infiltrated penetrated invaded raided "
    # incursions: the place entered ("tried to cross the border near Tegh", "an infiltration
    # attempt near Kut", "advanced into Armenian territory near Sotk")
    "cross crossing enter entering penetrate penetrating infiltrate infiltration infiltrations "
    "incursion incursions invasion advanced advancing occupied seized captured violated "
    "breached "
    # downing a drone or neutralising a group: where it was is where it came to, and where the
    # fire at it was aimed ("a quadcopter was downed near Jermuk")
    "downed neutralized neutralised intercepted destroyed"
)
# "a drone was shot down over Lachin", "a UAV spotted above Kut": the airspace the drone entered
_OVER = _words("over above")
_AIRBORNE = _words(
    "drone drones uav uavs quadcopter quadcopters aircraft helicopter helicopters munition "
    "munitions down downed neutralized neutralised intercepted destroyed flew flying flown "
    "hovering spotted seen detected airspace"
)
# "fire on", "dropped a grenade on", "opened fire from small arms on": "on" aims only after these
_ON_LICENSERS = _words(
    "fire fired firing attack attacks attacked strike strikes struck shelling shots "
    "drone drones assault raid raids shelled opened dropped drop grenade grenades bomb bombs "
    "munition munitions explosives rounds shells mortars arms weapons guns firearms artillery "
    "rockets missiles calibre caliber calibres calibers rifles launchers"
)
# "opened fire from small arms": the weapon, not the place fired from
_WEAPONS = _words(
    "small arms firearms weapons weapon machine guns gun mortars mortar artillery rifles rifle "
    "sniper grenade large-calibre large-caliber calibre caliber howitzers rocket rockets "
    "automatic heavy various different launchers launcher cannons tanks"
)
_STOPS = _words(
    "said says reported reports stated according told claimed noted added denied "
    "between accused urged warned"
)
_POSTED = _words("stationed deployed located positioned based situated")
# "the positions located <any description> near X": X is where the positions are, whatever
# lies between, so the walk back starts afresh from the positions
_HELD = _words("positions position posts post outposts trenches units unit strongholds")
_NEGATIONS = _words("not never no nor neither")

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
    r"^\s*(?:['’]s\s+(?:sovereign\s+)?territory\s+)?"  # "fired into Armenia's territory near Sotk"
    r"(?:(?:regions?|districts?|provinces?|rayons?|villages?|towns?|settlements?)\s*)?"
    r"(?:in|of|near)\s+(?:the\s+)?(?:(?:regions?|districts?|provinces?|rayons?)\s+of\s+)?$",
    re.IGNORECASE,
)
_CONTAINED = re.compile(
    r"\b(?:villages?|towns?|settlements?|positions?|posts?)\s+(?:of|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Another name or a part of the place before: "Karvachar, the district Azerbaijan calls
# Kalbajar", "Vardenis, known in Azerbaijan by its former name Basarkechar", "Berdzor (Lachin)",
# "the Goris region, in the area of the settlement of Tegh".
_APPOSITION = re.compile(
    r"^\s*(?:(?:regions?|districts?|provinces?|rayons?|villages?|towns?|city|settlements?)\s*)?"
    r"(?:,\s*(?:"
    r"(?:the|a)\s+(?:[\w-]+\s+)?(?:district|region|province|town|village|city|settlement|area|"
    r"community|place)\s+(?:that\s+|which\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:calls?|called|names?|named|knows?\s+as|known(?:\s+in\s+[\w'’-]+)?\s+as)\s+"
    r"|(?:also\s+|formerly\s+|previously\s+)?(?:known|called|named)\s+(?:in\s+[\w'’-]+\s+)?"
    r"(?:as\s+|by\s+(?:its|the)\s+(?:[\w-]+\s+)?name\s+(?:of\s+)?)"
    r"|(?:in|near)\s+the\s+(?:area|vicinity)\s+of\s+(?:the\s+)?"
    r"(?:(?:settlement|village|town|city)\s+of\s+)?"
    r"|(?:or|aka)\s+)(?:the\s+)?"
    r"|\s*\(\s*(?:or\s+|aka\s+)?)$",
    re.IGNORECASE,
)
_DISTANCE = re.compile(
    r"(?:\b\d+(?:[.,]\d+)?\s*(?:km|kilometers?|kilometres?|miles?|mi|m|meters?|metres?)\s+"
    r"(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern|wards?)?\s+)?(?:of|from)|"
    r"\b(?:far|away)\s+from)\s+"
    r"(?:the\s+)?(?:(?:town|city|village|capital|center|centre)\s+(?:of\s+)?)?$",
    re.IGNORECASE,
)
_HOMETOWN = re.compile(
    r"(?:\b(?:native|natives)\s+of|"
    r"\b(?:born|buried|laid\s+to\s+rest|funeral\s+(?:was\s+)?held|grew\s+up|lived)\s+in|"
    r"\b(?:hails?|hailing|comes?|came|originally|was|is)\s+from|"
    r"\b(?:soldier|serviceman|conscript|private|sergeant|officer|man|woman|civilian|"
    r"volunteer|\d\d-year-old)\s+from)"
    r"\s+(?:the\s+)?(?:(?:village|town|city|district|region)\s+of\s+)?$",
    re.IGNORECASE,
)
# "A resident of Berkaber was wounded": civilians are hit at home, so the village is where the
# fire landed, unless the sentence names that place ("... was wounded near Kornidzor").
_RESIDENT = re.compile(
    r"\b(?:residents?|inhabitants?|villagers?|dwellers?)\s+of\s+(?:the\s+)?"
    r"(?:(?:village|town|city|settlement|community)\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
# Where the wounded were treated, and whose name a place carries: never where fire landed.
_ASIDE = re.compile(
    r"(?:\b(?:hospital|clinic|infirmary|morgue|medical\s+(?:centre|center|facility|institution))"
    r"\s+(?:in|of|at|near)|"
    r"\b(?:hospitali[sz]ed|treated|evacuated|taken|transported|transferred|airlifted|flown|"
    r"rushed)\s+(?:to\s+(?:a\s+|the\s+)?hospital\s+)?(?:in|to)|"
    r"\b(?:known|called|named|referred\s+to)\s+(?:as\s+)?(?:in|by))"
    r"\s+(?:the\s+)?(?:(?:town|city|village|capital)\s+of\s+)?$",
    re.IGNORECASE,
)
_METONYMY = (
    r"\s*(?:(?:and|or)\s+[\w'’-]+\s+)?(?:(?:has|have|had|also|again|officially)\s+)*"
    r"(?:said|says|accused|accuses|denied|denies|claimed|claims|traded|trade|rejected|rejects|"
    r"urged|urges|blamed|blames|insisted|insists|responded|announced|called|calls|call|"
    r"demanded|warned|stated|reported|alleged|alleges|agreed|officials?)\b"
)
# One scan for all the cues before a mention, one for those after it (each phrase ends at the
# mention, so the last characters before it suffice).
_ASIDE_REACH = 90
# Words one of which each phrase above holds (besides digits): most windows hold none.
_ASIDE_WORDS = _words(
    "far away native natives resident residents inhabitant inhabitants born buried rest "
    "funeral grew lived hails hailing comes came originally was is soldier serviceman "
    "conscript private sergeant officer man woman civilian volunteer hospital clinic infirmary "
    "morgue medical hospitalized hospitalised treated evacuated taken transported transferred "
    "airlifted flown rushed known called named referred"
)
_ASIDE_BEFORE = re.compile(
    f"(?:{_DISTANCE.pattern})|(?:{_HOMETOWN.pattern})|(?:{_ASIDE.pattern})", re.IGNORECASE
)
_ASIDE_AFTER = re.compile(
    rf"^(?:{_METONYMY}|\s*(?:[\w'’-]+\s+)?(?:hospital|clinic|infirmary|medical\s+(?:centre|center))\b)",
    re.IGNORECASE,
)
# A country standing for its army or state: "the Azerbaijan Army", "Armenia's Defence Ministry",
# "units of the Armed Forces of Armenia", "the leadership of Armenia".
_ACTOR = (
    r"(?:army|armed\s+forces|forces|troops|units|military|soldiers|servicem[ae]n|positions|posts|"
    r"side|ministry|mod|defen[cs]e|foreign|government|leadership|authorities|officials|president|"
    r"prime\s+minister|border\s+(?:guards?|service|troops)|state\s+border|embassy|delegation|"
    r"parliament|people|citizens|representatives)"
)
_ACTOR_AFTER = re.compile(rf"(?:['’]s\s+(?:[\w-]+\s+)?|\s+){_ACTOR}\b", re.IGNORECASE)
_ACTOR_BEFORE = re.compile(
    rf"\b(?:{_ACTOR}|republic|leadership|command|general\s+staff)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_HEARD = re.compile(r"\b(?:heard|audible|hearing|sounds?\s+of)\b", re.IGNORECASE)
# "Baku and Yerevan traded accusations over shooting on the Nakhchivan section": no side claims it
_MUTUAL = re.compile(
    r"\b(?:(?:traded|trade|trading|exchanged|exchange)\s+(?:\w+\s+)?accusations|"
    r"(?:accused|accuse|blamed|blame|accusing|blaming)\s+each\s+other|mutual\s+accusations)\b",
    re.IGNORECASE,
)
_PASSIVE = re.compile(
    r"\b(?:came|come|comes|coming)\s+under\b|"
    r"\b(?:was|were|been|being|is|are)\s+(?:\w+\s+)?(?:shelled|fired\s+(?:upon|on|at)|targeted|"
    r"hit|attacked|struck|bombarded|subjected|shot\s+at|damaged|destroyed)\b",
    re.IGNORECASE,
)
# "A resident of X was wounded", "servicemen in X were killed": casualties where X is
_HURT = r"\b(?:was|were|been|being|got|is|are)\s+(?:\w+\s+)?(?:wounded|injured|killed|hurt)\b"
_HURT_NEXT = re.compile(
    rf"^\W*(?:{_PLACE_NOUNS}\W+)?(?:(?!said|says|told|reported)[\w'’-]+\s+){{0,3}}?{_HURT}",
    re.IGNORECASE,
)
_ACTIVE = re.compile(
    rf"^\W*(?:{_PLACE_NOUNS}\W+)?(?:(?!said|says|told|reported)[\w'’-]+\s+){{0,3}}?"
    r"(?:fired|opened\s+fire|shelled|attacked|launched|struck|targeted|violated|subjected)\b",
    re.IGNORECASE,
)
# The first verb of the rest of a sentence whose subject holds the place.
_LATER = re.compile(
    rf"(?P<p>{_PASSIVE.pattern}|{_HURT})|"
    r"(?P<a>\b(?:fired|opened\s+fire|shelled|attacked|launched|struck|targeted|subjected|"
    r"dropped|crossed|entered|advanced|penetrated|infiltrated|moved)\b)|"
    r"(?P<s>\b(?:said|says|reported|reports|stated|according|told|claimed|noted|added|denied|"
    r"had\s+not|did\s+not|has\s+not)\b)",
    re.IGNORECASE,
)
_FIRE_BEFORE = re.compile(
    r"\b(?:fired|fire|firing|shelled|shelling|opened|attacked|struck|hit|targeted|subjected|"
    r"launched|dropped|bombarded|crossed|entered|advanced|penetrated|infiltrated)\b",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(
    r"\b(?:in|near|at|around|outside|inside)\s+(?:the\s+)?"
    r"(?:(?:village|town|city|district|region|area|settlement)\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)


def assign_roles(
    masked: str,
    sentence: tuple[int, int],
    mentions: list[tuple[int, int]],
    is_event: bool,
    forced_location: list[bool],
    countries: list[bool] | None = None,
) -> list[str]:
    """Return a role for each mention (report offsets, text order) of one sentence.

    ``masked`` is the whole report text with dates, times, claimants and outlets blanked;
    ``forced_location`` marks mentions already known to be datelines or parts of a claimant;
    ``countries`` marks mentions of whole countries (which may stand for an army or a state).
    """
    if not is_event or not mentions:
        return [LOCATION] * len(mentions)
    s0, s1 = sentence
    if _MUTUAL.search(masked, s0, s1):
        return [LOCATION] * len(mentions)
    cuts = [(m.start(), m.end()) for m in _CLAUSE.finditer(masked, s0, s1)]
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
        if _aside(masked, before, after, end, country) or (
            country and (i in holders or masked[mentions[i - 1][1] : start].strip() == ",")
        ):  # "Tegh in Armenia's Syunik", "Tegh, Armenia": the country holds the place
            roles.append(LOCATION)  # see-through: not an anchor
            continue
        if _RESIDENT.search(before, max(0, len(before) - _ASIDE_REACH)):
            hurt = verbs.first(end) == "p" or _HURT_NEXT.match(after)
            roles.append(TARGET if hurt else LOCATION)
            residents.append(i)
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
        aimed = aimed or (cued and role == TARGET)
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


def _aside(masked: str, before: str, after: str, end: int, country: bool) -> bool:
    """True for a mention that names no place of fire: a distance, a hometown, a hospital, a
    name, a government, a country standing for its army."""
    tail = before[-_ASIDE_REACH:]
    words = tail.lower().split()
    if (
        (_ASIDE_WORDS.intersection(words) or any(c.isdigit() for c in tail))
        and _ASIDE_BEFORE.search(tail)
    ) or _ASIDE_AFTER.match(after):
        return True
    if country:
        if _ACTOR_AFTER.match(masked, end, end + 60):
            return True
        of = words[-1:] == ["of"] or words[-2:] == ["of", "the"]  # a cheap test first
        return of and _ACTOR_BEFORE.search(tail) is not None
    return False


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
    cue = _scan(before, verbs, end)
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
            and _scan(gap, None, start) is None
            and not _STOPS.intersection(gap.lower().split())
        ):
            return None  # "Sofulu and Kemerli villages of Gazakh": a name the gazetteer lacks
    if _PASSIVE.search(after):
        return TARGET
    if _ACTIVE.match(after):
        return ORIGIN
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


def _scan(before: str, verbs: _Verbs | None, end: int) -> str | None:
    """Walk back from the mention to the nearest word that gives it a role."""
    tokens = [t.lower() for t in _TOKEN.findall(before)]
    stop = len(tokens) - _MAX_TOKENS
    for j in range(len(tokens) - 1, -1, -1):
        if tokens[j] in _POSTED and _HELD.intersection(tokens[max(0, j - 8) : j]):
            stop = min(stop, j - _MAX_TOKENS)
            break
    pending = None  # "in the direction of X": a target unless units are "stationed in" it
    posted = False  # "units stationed in X": the subject's place, unless a fire verb came first
    for j in range(len(tokens) - 1, -1, -1):
        word = tokens[j]
        if j < stop or word in _STOPS:
            break
        if word == "from":
            if not (_WEAPONS & set(tokens[j + 1 : j + 3])):
                return _unless_denied(tokens, j, ORIGIN)
        elif word in _TARGET_WORDS or (
            word in ("on", "upon") and j and tokens[j - 1] in _ON_LICENSERS
        ):
            return _unless_denied(tokens, j, TARGET)
        elif word == "down" and j and tokens[j - 1] == "shot":
            return _unless_denied(tokens, j - 1, TARGET)  # "shot down near Jermuk"
        elif word in _OVER and _AIRBORNE.intersection(tokens[max(0, j - 8) : j]):
            return _unless_denied(tokens, j, TARGET)
        elif word in ("direction", "directions"):
            lead = tokens[max(0, j - 2) : j]
            if "from" in lead:
                return ORIGIN
            if {"in", "towards", "toward", "to"} & set(lead):
                pending = TARGET
        elif word in _POSTED:
            posted = True
    if posted and verbs is not None and verbs.first(end) == "a":  # "stationed in X ... fired"
        return ORIGIN
    return pending


def _unless_denied(tokens: list[str], j: int, role: str) -> str:
    """``role``, or ``location`` when the cue at ``j`` is denied ("had not fired at X")."""
    for word in tokens[max(0, j - 3) : j]:
        if word in _NEGATIONS or word.endswith(("n't", "n’t")):
            return LOCATION
    return role


class _Verbs:
    """The verbs of one sentence (``_LATER``), found in one scan; ``first(end)`` gives the kind of
    the first one after a mention ("p" passive, "a" active fire verb, "s" speech), or None.

    A search from each mention would read the rest of the sentence once per mention.
    """

    __slots__ = ("_masked", "_span", "_starts", "_kinds")

    def __init__(self, masked: str, s0: int, s1: int) -> None:
        self._masked, self._span = masked, (s0, s1)
        self._starts: list[int] | None = None
        self._kinds: list[str | None] = []

    def first(self, end: int) -> str | None:
        if self._starts is None:
            found = list(_LATER.finditer(self._masked, *self._span))
            self._starts = [m.start() for m in found]
            self._kinds = [m.lastgroup for m in found]
        k = bisect_left(self._starts, end)
        if k < len(self._starts) and self._starts[k] < min(self._span[1], end + _LOOKAHEAD):
            return self._kinds[k]
        return None
