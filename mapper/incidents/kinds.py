"""Kinds of events named in a sentence, the words that tie a sentence to the one before, and
the parts of a sentence that report a claim only to deny it (``denied_spans``)."""

from __future__ import annotations

import re

from mapper.incidents.triggers import Triggers

# Most specific first: one incident takes the first kind any of its sentences names.
# Killed or wounded beats the vague "other" (a "provocation" that killed two is a casualty).
PRIORITY = ("drone_strike", "shelling", "incursion", "small_arms_fire", "casualty", "other")

# Patterns are lowercase and run on the lowercased sentence; each kind is tried only when
# the sentence holds one of its trigger words (one pass finds them all: mapper.incidents.triggers).
_KINDS = {
    "drone_strike": (
        r"\b(?:drones?|uavs?|unmanned\s+(?:aerial|combat)\s+(?:vehicles?|aircraft)|quadcopters?|"
        r"loitering\s+munitions?|kamikaze|bayraktar|fpv)\b",
        ("drone", "uav", "unmanned", "quadcopter", "loitering", "kamikaze", "bayraktar", "fpv"),
    ),
    "shelling": (
        r"\b(?:artillery|mortars?|shell(?:s|ed|ing)?|howitzers?|rockets?|grenade[-\s]launchers?|"
        r"mlrs|multiple[-\s]launch|grad|d-30|cannons?|missiles?|heavy\s+weapons|"
        r"large[-\s]calib(?:re|er)\s+(?:weapons|guns)|anti-tank|tank\s+fire|rpgs?)\b",
        ("artillery", "mortar", "shell", "howitzer", "rocket", "grenade", "mlrs", "launch", "grad",
         "d-30", "cannon", "missile", "heavy", "calib", "tank", "rpg"),
    ),
    "incursion": (
        r"\b(?:incursions?|infiltrat\w*|sabotage|saboteurs?|inva(?:ded|sion)|"
        r"(?:crossed|cross|crossing|violated|violating|breached|breaching)\s+(?:the\s+)?"
        r"(?:[\w'’-]+\s+){0,2}?(?:state\s+)?border|crossed\s+into|border\s+(?:violation|breach)|"
        r"(?:tried|attempted|attempting|trying|attempts?)\s+to\s+(?:advance|cross|enter|penetrate)|"
        r"(?:entered|penetrated|pushed|moved|advanced|advancing|advance)\s+(?:[\w'’-]+\s+){0,4}?"
        r"(?:into|deep|towards?|inside)|entered\s+the\s+territory|encroach\w*|"
        r"(?:occupied|seized|captured|took(?:\s+up)?|taking(?:\s+up)?)\s+"
        r"(?:[\w'’-]+\s+){0,2}?(?:positions?|heights?|posts?|territory|villages?|hills?)|"
        r"reconnaissance\s+group|drg)\b",
        ("incursion", "infiltrat", "sabot", "invad", "invasion", "border", "tried", "attempt",
         "trying", "enter", "encroach", "reconnaissance", "drg", "advanc", "penetrat", "pushed",
         "moved", "occupied", "seized", "captured", "took", "taking"),
    ),
    "small_arms_fire": (
        r"\b(?:small[-\s]arms|gunfire|gunshots?|bullets?|machine[-\s]guns?|snipers?|rifles?|"
        r"automatic\s+weapons|"
        r"firearms|shots|shooting|opened\s+fire|exchange\s+of\s+fire|fired|firing|"
        r"(?:shot|shoot|shoots)\s+(?:at|on|upon)|"
        r"(?<!cease-)(?<!cease\s)fire)\b",
        ("arms", "gun", "bullet", "sniper", "rifle", "automatic", "shot", "shoot", "fire",
         "firing"),
    ),
    "other": (
        r"\b(?:violated\s+the\s+cease-?fire|cease-?fire\s+violations?|violations?\s+of\s+the\s+"
        r"cease-?fire|provocations?|clash(?:es|ed)?|skirmish\w*|attack(?:s|ed)?|assault)\b",
        ("violat", "provocation", "clash", "skirmish", "attack", "assault"),
    ),
    "casualty": (
        r"\b(?:killed|killing|wounded|wounding|wounds?|injured|injuring|injur(?:y|ies)|hurt|died|"
        r"dead|fatalit\w+|"
        r"casualt\w+|martyr\w*|perished|losses|deaths|death\s+toll|"
        r"lost\s+(?:his|her|their)\s+li(?:fe|ves))\b",
        ("kill", "wound", "injur", "hurt", "died", "dead", "fatal", "casualt", "martyr", "perish",
         "lost", "losses", "death"),
    ),
}  # fmt: skip
_RX = [(kind, re.compile(_KINDS[kind][0])) for kind in PRIORITY]
_TRIGGERS = Triggers([_KINDS[kind][1] for kind in PRIORITY])
_CASUALTY = PRIORITY.index("casualty")

_FOLLOW_UP = re.compile(
    r"\b(?:the|this|that|these|such)\s+(?:fire|shelling|attack|incident|provocation|strike|"
    r"shooting|drone|violation|claim|report|information|statement)\b|\bas\s+a\s+result\b|"
    r"\bin\s+response\b|\bretaliat\w*|\bden(?:y|ied|ies)\b|\brefut\w+|\brejected\b|"
    r"\bdisinformation\b|\bdoes\s+not\s+correspond\b|\bnot\s+true\b",
    re.IGNORECASE,
)
# A negation at most three words before an event word: "no shots were fired", "did not open
# fire", "neither side reported casualties" (a comma ends its reach).
_NEGATED = re.compile(
    r"(?:\b(?:no|not|never|nor|neither|without|nobody|none)|n['’]t)\s+(?:[\w-]+\s+){0,3}$"
)
# A claim denied: "denied that ...", "rejected reports of ...", "the information that ...
# does not correspond to reality", "Baku's claim that ... is a lie". The cue words gate the
# costlier patterns; both patterns work within one sentence and look back a bounded stretch.
_DENIAL_CUES = Triggers(
    [
        ("deni", "deny", "reject", "refut", "dismiss", "correspond", " lie", "false", "untrue",
         "not true", "fake", "disinformation", "groundless", "baseless", "unfounded", "fabricat",
         "slander")
    ]
)  # fmt: skip
_CLAIM_NOUNS = (
    r"(?:claims?|reports?|allegations?|accusations?|information|statements?|assertions?|"
    r"charges?|news|rumou?rs?)"
)
_DENY_LEAD = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|refut(?:e|es|ed|ing)|dismiss(?:es|ed|ing)?)"
    r"\s+(?:(?:the|these|those|such|all|any|its|his|their)\s+)?(?:[\w'’-]+\s+){0,2}?"
    rf"(?:{_CLAIM_NOUNS}\s+(?:[^,.;:]{{0,80}}?\s)?(?:that|of|about)\b|that\b|"
    r"(?=(?:shelling|firing|opening|attacking|targeting|striking|launching|violating|crossing|"
    r"having|using|shooting)\b))",
    re.IGNORECASE,
)
# Where the denial's reach ends: "..., saying Azerbaijani units fired at Vardenis" is a claim.
_DENY_END = re.compile(
    r"[;:]|,\s*(?:saying|adding|and|but|while|insisting|stressing|noting|calling|describing|"
    r"arguing|claiming|accusing|instead)\b|\b(?:and|but)\s+(?:said|added|stated|claimed|"
    r"insisted|accused|blamed)\b",
    re.IGNORECASE,
)
_FALSE = re.compile(
    r"(?:does|do|did)\s+not\s+correspond\s+to\s+(?:the\s+)?(?:reality|truth|facts?)|"
    r"\b(?:is|are|was|were)\s+(?:(?:a|an|complete|completely|absolutely|totally|utterly|"
    r"entirely|simply|another|pure|blatant)\s+){0,2}(?:lies?|false(?:hood)?|untrue|not\s+true|"
    r"fake|disinformation|groundless|baseless|fabricat\w*|unfounded|slander)\b",
    re.IGNORECASE,
)
_CLAIM_THAT = re.compile(rf"\b{_CLAIM_NOUNS}\b[^.;:]{{0,150}}?\b(?:that|of|about)\b", re.IGNORECASE)
_DENY_BACK = 400  # characters looked back from "does not correspond" for the claim it denies
_NEW = re.compile(
    r"^\W*(?:also|in\s+addition|additionally|separately)\b|"
    r"\b(?:another|a\s+separate|in\s+a\s+separate|a\s+second|a\s+further)\s+"
    r"(?:incident|attack|provocation|case|episode)\b",
    re.IGNORECASE,
)


def event_kinds(sentence: str) -> list[str]:
    """Return the kinds of event the sentence names, most specific first (empty if none).

    Denied or absent events do not count: "observed no ceasefire violations", "did not open
    fire", "No shots were fired", "there were no casualties".
    """
    low = sentence.lower()
    present = _TRIGGERS.present(low)
    return [
        kind
        for i, (kind, rx) in enumerate(_RX)
        if i in present
        and any(
            not _NEGATED.search(low, max(0, m.start() - 40), m.start()) for m in rx.finditer(low)
        )
    ]


def denied_spans(sentence: str) -> list[tuple[int, int]]:
    """Return the parts of ``sentence`` (offsets into it) that state a claim only to deny it.

    "Yerevan rejected reports of shooting near Sotk": " shooting near Sotk."; "the information
    that Armenian units fired at Kut does not correspond to reality": " Armenian units fired at
    Kut ". A claim the denier makes in turn ("..., saying Azerbaijani units fired at Vardenis")
    is not denied, nor is a bare "denied this".
    """
    if not _DENIAL_CUES.present(sentence.lower()):
        return []
    spans = []
    stop = -1  # where the last denial's reach ended: one search serves every lead before it
    for m in _DENY_LEAD.finditer(sentence):
        if m.end() > stop:  # a lead inside the last denial adds nothing to it
            end = _DENY_END.search(sentence, m.end())
            stop = end.start() if end is not None else len(sentence)
            spans.append((m.end(), stop))
    for f in _FALSE.finditer(sentence):
        window = (max(0, f.start() - _DENY_BACK), f.start())
        leads = list(_CLAIM_THAT.finditer(sentence, *window))
        lead = leads[-1] if leads else None  # the nearest claim before the verdict is judged
        if lead is not None:
            spans.append((lead.end(), f.start()))
    return spans


def names_casualties(sentence: str) -> bool:
    """True when the sentence speaks of casualties, even of none ("Nobody was hurt")."""
    low = sentence.lower()
    return _CASUALTY in _TRIGGERS.present(low) and _RX[_CASUALTY][1].search(low) is not None


def refers_back(sentence: str) -> bool:
    """True when the sentence follows up the one before ("The fire", "Baku denied")."""
    return bool(_FOLLOW_UP.search(sentence)) and not _NEW.search(sentence)


def starts_new(sentence: str) -> bool:
    """True when the sentence opens with a word that introduces a further event ("Also, ...")."""
    return bool(_NEW.search(sentence))
