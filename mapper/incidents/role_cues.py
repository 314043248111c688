"""The words before a mention that give it a role: a walk back from the place to the nearest
cue ("fired at", "from", "shelling near", "sirens sounded in"), used by
:mod:`mapper.incidents.roles`."""

from __future__ import annotations

from mapper.incidents.role_patterns import (
    _AIRBORNE,
    _EVENT_NOUNS,
    _HELD,
    _LOCATIVES,
    _MAX_TOKENS,
    _NEGATIONS,
    _ON_LICENSERS,
    _OVER,
    _POSTED,
    _STOPS,
    _STRUCK_AIRBORNE,
    _TARGET_WORDS,
    _TOKEN,
    _WEAPONS,
    _Verbs,
)

TARGET, ORIGIN, LOCATION = "target", "origin", "location"
# "the border between X and Y", "the road between X and Y": places, not the two sides
_BOUNDARIES = frozenset(["border", "boundary", "frontier", "road", "highway", "route", "area"])
_NEWS = frozenset(["information", "reports", "news"])
_ALERTS = frozenset(["siren", "sirens", "alarm", "alarms", "alert", "alerts"])
_ALERT_VERBS = frozenset(["sounded", "sounding", "activated", "blared", "wailed", "off"])
_REPORTED = frozenset(["reported", "received"])


def scan(before: str, verbs: _Verbs | None, end: int) -> str | None:
    """Walk back from the mention to the nearest word that gives it a role."""
    # lowercasing ASCII text first gives the same tokens with one call instead of one a token
    tokens = (
        _TOKEN.findall(before.lower())
        if before.isascii()
        else [t.lower() for t in _TOKEN.findall(before)]
    )
    stop = len(tokens) - _MAX_TOKENS
    if not _POSTED.isdisjoint(tokens):  # a walk over every token only when one is there
        for j in range(len(tokens) - 1, -1, -1):
            if tokens[j] in _POSTED and _HELD.intersection(tokens[max(0, j - 8) : j]):
                stop = min(stop, j - _MAX_TOKENS)
                break
    pending = None  # "in the direction of X": a target unless units are "stationed in" it
    posted = False  # "units stationed in X": the subject's place, unless a fire verb came first
    for j in range(len(tokens) - 1, -1, -1):
        word = tokens[j]
        if j < stop:
            break
        if word in _STOPS:
            if word == "between" and j and tokens[j - 1] in _BOUNDARIES:
                continue  # "clashed at the border between X and Y": where it happened
            break
        if word == "from":
            if j and (
                tokens[j - 1] in _REPORTED or _NEWS.intersection(tokens[max(0, j - 5) : j])
            ):  # "firing was reported from X sector", "information coming in from X"
                return unless_denied(tokens, j, TARGET)
            if tokens[j + 1 : j + 2] == ["across"]:  # "fired from across the X border": X is
                return unless_denied(tokens, j, TARGET)  # on the side fired at
            if not (_WEAPONS & set(tokens[j + 1 : j + 3])):
                return unless_denied(tokens, j, ORIGIN)
        elif (
            word in _TARGET_WORDS
            or (
                word in ("on", "upon")
                and j
                and (
                    tokens[j - 1] in _ON_LICENSERS
                    # "mortar attacks originating from Afghanistan on the border area of X"
                    or _ON_LICENSERS.intersection(tokens[max(0, j - 4) : j - 1])
                    and "from" in tokens[max(0, j - 4) : j]
                )
            )
        ):
            return unless_denied(tokens, j, TARGET)
        elif word == "down" and j and tokens[j - 1] == "shot":
            return unless_denied(tokens, j - 1, TARGET)  # "shot down near Jermuk"
        elif word == "through" and j and tokens[j - 1] == "break":
            return unless_denied(tokens, j - 1, TARGET)  # "tried to break through near X"
        elif word in ("over", "above", "of") and j and tokens[j - 1] == "control":
            # "took control over X", "had taken control of heights near X"
            return unless_denied(tokens, j, TARGET)
        elif word in _OVER and _AIRBORNE.intersection(tokens[max(0, j - 8) : j]):
            if not _STRUCK_AIRBORNE.intersection(tokens[max(0, j - 8) : j]):
                return LOCATION  # "aircraft flew over X": overflown, not attacked
            return unless_denied(tokens, j, TARGET)
        elif word in _LOCATIVES and _EVENT_NOUNS.intersection(_lead(tokens, j)):
            return unless_denied(tokens, j, TARGET)  # "airstrikes in X", "shelling near X"
        elif word in ("direction", "directions"):
            lead = tokens[max(0, j - 2) : j]
            if "from" in lead:
                return ORIGIN
            if {"in", "towards", "toward", "to"} & set(lead):
                pending = TARGET
        elif word in _ALERT_VERBS and _ALERTS.intersection(tokens[max(0, j - 4) : j]):
            return LOCATION  # "sirens sounded in X": only threatened, not hit
        elif word in _POSTED:
            posted = True
    if posted and verbs is not None and verbs.first(end) == "a":  # "stationed in X ... fired"
        return ORIGIN
    return pending


def _lead(tokens: list[str], j: int) -> list[str]:
    """The words before a locative at ``j`` that may name its event: the four before it, and
    those before a "between X and Y" that sits there ("the clash between the armies of India
    and China near Tawang")."""
    lead = tokens[max(0, j - 4) : j]
    window = tokens[max(0, j - 8) : j]
    if "between" in window:
        at = max(0, j - 8) + len(window) - 1 - window[::-1].index("between")
        lead = lead + tokens[max(0, at - 3) : at]
    return lead


def unless_denied(tokens: list[str], j: int, role: str) -> str:
    """``role``, or ``location`` when the cue at ``j`` is denied ("had not fired at X")."""
    for word in tokens[max(0, j - 3) : j]:
        if word in _NEGATIONS or word.endswith(("n't", "n’t")):
            return LOCATION
    return role
