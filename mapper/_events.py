"""Kinds of events named in a sentence, and the words that tie a sentence to the one before."""

from __future__ import annotations

import re

# Most specific first: one incident takes the first kind any of its sentences names.
PRIORITY = ("drone_strike", "shelling", "incursion", "small_arms_fire", "other", "casualty")

_KINDS = {
    "drone_strike": (
        r"\b(?:drones?|UAVs?|unmanned\s+(?:aerial|combat)\s+(?:vehicles?|aircraft)|quadcopters?|"
        r"loitering\s+munitions?|kamikaze|Bayraktar|FPV)\b"
    ),
    "shelling": (
        r"\b(?:artillery|mortars?|shell(?:s|ed|ing)?|howitzers?|rockets?|grenade[-\s]launchers?|"
        r"MLRS|multiple[-\s]launch|Grad|D-30|cannons?|missiles?|heavy\s+weapons|"
        r"large[-\s]calib(?:re|er)\s+(?:weapons|guns)|anti-tank|tank\s+fire|RPGs?)\b"
    ),
    "incursion": (
        r"\b(?:incursions?|infiltrat\w*|sabotage|saboteurs?|(?:crossed|cross|crossing|violated)\s+"
        r"the\s+(?:state\s+)?border|border\s+violation|tried\s+to\s+(?:advance|cross|enter)|"
        r"attempted\s+to\s+(?:advance|cross|enter)|entered\s+the\s+territory|encroach\w*|"
        r"reconnaissance\s+group|DRG|advanced?\s+(?:into|towards?))\b"
    ),
    "small_arms_fire": (
        r"\b(?:small[-\s]arms|gunfire|machine[-\s]guns?|snipers?|rifles?|automatic\s+weapons|"
        r"firearms|shots|shooting|opened\s+fire|exchange\s+of\s+fire|fired|firing|"
        r"(?<!cease-)(?<!cease\s)fire)\b"
    ),
    "other": (
        r"\b(?:violated\s+the\s+cease-?fire|cease-?fire\s+violations?|violations?\s+of\s+the\s+"
        r"cease-?fire|provocations?|clash(?:es|ed)?|skirmish\w*|attack(?:s|ed)?|assault)\b"
    ),
    "casualty": (
        r"\b(?:killed|wounded|injured|hurt|died|dead|fatalit\w+|casualt\w+|martyr\w*|perished|"
        r"lost\s+(?:his|her|their)\s+li(?:fe|ves))\b"
    ),
}
_RX = {kind: re.compile(body, re.IGNORECASE) for kind, body in _KINDS.items()}
# One pass to tell sentences with no event word from the rest (most background sentences).
_ANY = re.compile("|".join(f"(?:{body})" for body in _KINDS.values()), re.IGNORECASE)

_FOLLOW_UP = re.compile(
    r"\b(?:the|this|that|these|such)\s+(?:fire|shelling|attack|incident|provocation|strike|"
    r"shooting|drone|violation|claim|report|information|statement)\b|\bas\s+a\s+result\b|"
    r"\bin\s+response\b|\bretaliat\w*|\bden(?:y|ied|ies)\b|\brefut\w+|\brejected\b|"
    r"\bdisinformation\b|\bdoes\s+not\s+correspond\b|\bnot\s+true\b",
    re.IGNORECASE,
)
_NEW = re.compile(
    r"^\W*(?:also|in\s+addition|additionally|separately|moreover|besides|later|earlier|meanwhile)"
    r"\b|\banother\s+(?:incident|attack|provocation)\b",
    re.IGNORECASE,
)


def event_kinds(sentence: str) -> list[str]:
    """Return the kinds of event the sentence names, most specific first (empty if none)."""
    if not _ANY.search(sentence):
        return []
    return [kind for kind in PRIORITY if _RX[kind].search(sentence)]


def refers_back(sentence: str) -> bool:
    """True when the sentence follows up the one before ("The fire", "Baku denied")."""
    return bool(_FOLLOW_UP.search(sentence)) and not _NEW.search(sentence)


def starts_new(sentence: str) -> bool:
    """True when the sentence opens with a word that introduces a further event ("Also, ...")."""
    return bool(_NEW.search(sentence))
