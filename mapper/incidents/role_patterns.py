"""Words and patterns that cue the role of a place in an incident sentence, and the finder of
the sentence's verbs (``_Verbs``); ``mapper.incidents.roles`` applies them.

A pattern for the words before a mention ends at it (``$``), so a search of the last
characters before the mention suffices.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from mapper._casefold import Folded
from mapper.data import read_lines
from mapper.incidents.vocab import ACTOR, SPEECH, SPEECH_VERBS
from mapper.toponyms.cues import word_alternation


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(r"[\w'’-]+")
# A comma before "near X", "in the area of X" opens no clause: it sets off where the place
# named before it lies ("fired at the positions located in the border zone, near Khoznavar").
_CLAUSE = re.compile(
    r"[;:()\[\]—–\"“”]|,(?!\d)(?!\s*(?i:near|close\s+to|not\s+far\s+from|next\s+to|around|"
    r"outside|on\s+the\s+outskirts\s+of|in\s+the\s+(?:area|vicinity|direction)\s+of|including|"
    r"in\s+the\s+village|on\s+the\s+(?:nameless\s+)?heights?)\b)|"
    r"\s-\s|\bwhile\b|\bwhereas\b|\bbut\b|\bafter\b"
)
_MAX_TOKENS = 20
_WINDOW = 240  # characters looked at on each side of a mention
_REACH = 480  # characters looked back at when "positions located ..." describes the place
_LOOKAHEAD = 300  # characters of the rest of the sentence searched for its verb

_TARGET_WORDS = _words(
    "at towards toward against into onto targeting targeted shelled shelling bombarded bombed "
    "landed landing falling exploded exploding "
    "struck hit attacked fired firing subjected shooting wounded killed injured fell "
    "engaged engaging died "
    "crossed entered infiltrated penetrated invaded raided intruded intruding ambushed "
    "transgress transgressed transgressing "
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
# a drone or aircraft over a place that was downed or struck there (not one that only flew over)
_STRUCK_AIRBORNE = _words(
    "down downed neutralized neutralised intercepted destroyed struck strike strikes attacked "
    "dropped bombed hit"
)
# "airstrikes in X", "heavy shelling near X", "explosions recorded in X": where the event was
_LOCATIVES = _words("in near at around along")
_EVENT_NOUNS = _words(
    "airstrike airstrikes strike strikes shelling bombardment bombing bombings attack attacks "
    "explosion explosions clash clashes fighting firing fire shots gunfire raid raids "
    "incursion infiltration impact impacts hit hits blast blasts detonation detonations arrivals "
    "violation violations provocation provocations losses breakthrough breakthroughs "
    "transgression transgressions device devices explosive explosives "
    # "tried to change the status quo in the X area": the Line of Actual Control's transgression
    "quo"
)
# "fire on", "dropped a grenade on", "opened fire from small arms on": "on" aims only after these
_ON_LICENSERS = _words(
    "fire fired firing attack attacks attacked strike strikes struck shelling shots "
    "airstrike airstrikes "
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
_STOPS = SPEECH_VERBS | _words("according between")
_POSTED = _words("stationed deployed located positioned based situated")
# "the positions located <any description> near X": X is where the positions are, whatever
# lies between, so the walk back starts afresh from the positions
_HELD = _words("positions position posts post outposts trenches units unit strongholds")
_NEGATIONS = _words("not never no nor neither")

# the words of units and settlements ("community", "hromada", "oblast", "tehsil", "village")
# are the place finder's cue words (mapper/data/cue_words.tsv), each with its plural
_UNITS = "|".join(
    f"(?:{word_alternation(cue, 'after')})s?" for cue in ("region", "settlement", "section")
)
_PLACE_NOUNS = (
    rf"(?:{_UNITS}|cities|areas?|directions?|heights?|positions?|posts?|territory|outskirts)"
)
_COORD = re.compile(
    rf"^\s*(?:{_PLACE_NOUNS}\s*)?(?:['’]s\s+|,?\s*(?:and|or|as\s+well\s+as)\s+"
    r"(?:(?:also\s+)?(?:in|at|near|on)\s+)?|,\s*|/|&|-|–"
    # a list of shots told by count: "one at a post near X, two near Y, and another at Z"
    r"|,\s*(?:and\s+)?(?:one|two|three|four|five|six|another|others|the\s+other|\d+)\s+"
    r"(?:more\s+)?(?:at|near|in|on|into|towards?)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
    # a list with names the gazetteer lacks between: "Aygepar, Mosesgeh, Chinari"
    r"|(?:,\s*(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?){1,3}\s*(?:,\s*)?(?:and\s+|or\s+)?)"
    # "Iran's Sistan province and Afghanistan's Nimroz province": a country's possessive
    # "..., as well as areas near Sulaimaniya"
    rf"\s*(?:the\s+)?(?:(?-i:[A-Z][\w-]+)['’]s\s+)?(?:(?:{_PLACE_NOUNS})\s+(?:of|near|around)\s+"
    r"(?:the\s+)?)?$",
    re.IGNORECASE,
)
# "Tegh in Syunik province", "the village of Tegh of Syunik": the second place shares the role.
_CONTAINS = re.compile(
    r"^\s*(?:['’]s\s+(?:sovereign\s+)?territory\s+)?"  # "fired into Armenia's territory near Sotk"
    # "Ak-Sai and Kok-Tash in Batken region": names the gazetteer lacks listed before the unit
    r"(?:(?:,\s*|\s+and\s+)(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?\s*)*"
    rf"(?:(?:{_UNITS}|areas?)\s*)?"
    # "In Suruc, in Sanliurfa province, a mortar round struck": the comma sets off the unit
    r"(?:,\s*)?(?:in|of|near)\s+(?:the\s+)?(?:(?-i:[A-Z][\w-]+)['’]s\s+)?"
    rf"(?:(?:{_UNITS})\s+of\s+)?$",
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
# ranks and titles before a name ("Havildar Palani from Tamil Nadu"): the place is a home
_TITLES = "|".join(
    re.escape(t).replace(r"\ ", r"\s+")
    for t in sorted(read_lines("person_titles.txt"), key=len, reverse=True)
    if t[:1].isupper()
)
_HOMETOWN = re.compile(
    r"(?:\b(?:native|natives)\s+of|"
    rf"\b(?-i:{_TITLES})\.?(?:\s+(?-i:[A-Z][\w'’.-]+)){{1,3}}\s+from|"
    r"\b(?:born|buried|laid\s+to\s+rest|funeral\s+(?:was\s+)?held|grew\s+up|lived)\s+in|"
    r"\b(?:hails?|hailing|comes?|came|originally|was|is)\s+from|"
    r"\b(?:soldiers?|servicem[ae]n|conscripts?|private|sergeant|officers?|man|woman|men|women|"
    r"civilians?|volunteers?|fighters?|members?|\d\d-year-old)(?:\s+(?-i:[A-Z][\w'’.-]+)){0,3}"
    r"\s+from)"
    r"\s+(?:the\s+)?(?:(?:villages?|towns?|city|cities|districts?|regions?)\s+of\s+)?$",
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
    rf"(?:{SPEECH}|traded|trade|called|calls|call|demanded|agreed|officials?)\b"
)
# One scan for all the cues before a mention, one for those after it (each phrase ends at the
# mention, so the last characters before it suffice).
_ASIDE_REACH = 90
# Words one of which each phrase above holds (besides digits): most windows hold none.
_ASIDE_WORDS = _words(
    "far away native natives resident residents inhabitant inhabitants born buried rest "
    "funeral grew lived hails hailing comes came originally was is soldier serviceman "
    "conscript private sergeant officer man woman civilian volunteer hospital clinic infirmary "
    "soldiers servicemen conscripts officers men women civilians volunteers fighters fighter "
    "members member from "
    "morgue medical hospitalized hospitalised treated evacuated taken transported transferred "
    "airlifted flown rushed known called named referred"
)
_ASIDE_BEFORE = re.compile(
    f"(?:{_DISTANCE.pattern})|(?:{_HOMETOWN.pattern})|(?:{_ASIDE.pattern})", re.IGNORECASE
)
_ASIDE_AFTER = re.compile(
    r"^\s*(?:[\w'’-]+\s+)?(?:hospital|clinic|infirmary|medical\s+(?:centre|center))\b",
    re.IGNORECASE,
)
# A capital or country that speaks or acts as a state ("Baku said", "Yerevan and Baku traded")
_METONYMY_AFTER = re.compile(f"(?:{_METONYMY})", re.IGNORECASE)
# A country standing for its army or state: "the Azerbaijan Army", "Armenia's Defence Ministry",
# "units of the Armed Forces of Armenia", "the leadership of Armenia".
_ACTOR_AFTER = re.compile(rf"(?:['’]s\s+(?:[\w-]+\s+)?|\s+){ACTOR}\b", re.IGNORECASE)
_ACTOR_BEFORE = re.compile(
    rf"\b(?:{ACTOR}|republic|leadership|command|general\s+staff)\s+of\s+(?:the\s+)?$",
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
    rf"^\W*(?:{_PLACE_NOUNS}\W+)?(?:(?!{SPEECH}\b)[\w'’-]+\s+){{0,3}}?{_HURT}",
    re.IGNORECASE,
)
_ACTIVE = re.compile(
    rf"^\W*(?:{_PLACE_NOUNS}\W+)?(?:(?!{SPEECH}\b)[\w'’-]+\s+){{0,3}}?"
    r"(?:fired|opened\s+fire|shelled|attacked|launched|struck|targeted|violated|subjected)\b",
    re.IGNORECASE,
)
# The first verb of the rest of a sentence whose subject holds the place.
_LATER = re.compile(
    rf"(?P<p>{_PASSIVE.pattern}|{_HURT})|"
    r"(?P<a>\b(?:fired|opened\s+fire|shelled|attacked|launched|struck|targeted|subjected|"
    r"dropped|crossed|entered|advanced|penetrated|infiltrated|moved)\b)|"
    rf"(?P<s>\b(?:{SPEECH}|according|had\s+not|did\s+not|has\s+not)\b)",
    re.IGNORECASE,
)
# "accused Armenian units in Kut of shelling ...": the accused are the subject of the fire
_ACCUSED = re.compile(r"\b(?:accus|blam|charg)\w*\b[^.;]*$", re.IGNORECASE)
_ACCUSED_OF = re.compile(
    rf"^\W*(?:{_PLACE_NOUNS}\W+)?(?:(?!{SPEECH}\b)[\w'’-]+\s+){{0,3}}?"
    r"(?:of|for)\s+(?:\w+ly\s+)?(?:having\s+)?(?:shelling|shelled|firing|fired|opening\s+fire|"
    r"opened\s+fire|attacking|attacked|targeting|targeted|striking|launching|subjecting|"
    r"shooting)\b",
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

# scanned on lowercased ASCII text as a case-sensitive pattern: twice as fast, same matches
_LATER_SCAN = Folded(_LATER)


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
            s0, s1 = self._span
            lo = max(0, s0 - 1)  # the character before the sentence, for its first \b
            found = list(_LATER_SCAN.finditer(self._masked[lo:s1], s0 - lo))
            self._starts = [m.start() + lo for m in found]
            self._kinds = [m.lastgroup for m in found]
        k = bisect_left(self._starts, end)
        if k < len(self._starts) and self._starts[k] < min(self._span[1], end + _LOOKAHEAD):
            return self._kinds[k]
        return None
