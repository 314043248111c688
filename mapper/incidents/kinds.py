"""Kinds of events named in a sentence, the words that tie a sentence to the one before, and
the parts of a sentence that report a claim only to deny it (``denied_spans``)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from mapper.incidents.triggers import Triggers
from mapper.incidents.vocab import EVENT_KINDS, SPEECH, event_triggers

# The kinds and their words are data (mapper/data/event_triggers.tsv): most specific first, and
# killed or wounded beats the vague "other" (a "provocation" that killed two is a casualty).
PRIORITY = EVENT_KINDS
_ROWS = event_triggers()
# Patterns run on the lowercased sentence; each row is tried only when the sentence holds one
# of its cue words (one pass finds them all: mapper.incidents.triggers).
_RX = [(t.kind, t.specific, re.compile(rf"\b(?:{t.pattern})\b")) for t in _ROWS]
_TRIGGERS = Triggers([t.cues for t in _ROWS])
#: sentences whose readings are remembered: wire copy repeats its stock sentences ("Units of
#: the army are in full control of the situation") report after report
_CACHED_SENTENCES = 4096
_CASUALTY_ROWS = frozenset(i for i, t in enumerate(_ROWS) if t.kind == "casualty")
# Kinds of fire or strike: a generic word ("fired", "attack") names one of these only when the
# incident names none specifically ("fired ... with mortars" is shelling only).
_FIRE_KINDS = ("drone_strike", "shelling", "small_arms_fire", "other")
# An event only planned, threatened or feared is no event: "planning to launch rockets",
# "vowed to retaliate", "could strike".
_UNREAL = re.compile(
    r"\b(?:plann?(?:ing|ed|s)?|prepar(?:ing|ed|es)|threat(?:en|ened|ens|ening)|vow(?:ed|s)|"
    r"intend(?:s|ed)?|ready|about)\s+(?:for\s+)?to\s+"
    r"(?:[\w-]+\s+){0,3}(?:(?:and|or|as\s+well\s+as)\s+(?:[\w-]+\s+){0,2})?$|"
    r"\b(?:would|could|might|may)\s+(?:[\w-]+\s+){0,1}$|"
    # "to avert such incursions", "prevent further attacks": only feared
    r"\b(?:avert|avoid|prevent)\w*\s+(?:such|further|future|any|new)\s+(?:[\w-]+\s+){0,1}$"
)
# A weapon destroyed or captured is not fired: "destroyed 6 tanks, 15 artillery pieces".
_WEAPON_KINDS = ("shelling", "small_arms_fire")
_SEIZED = re.compile(r"\b(?:destroyed|destroying|captured|seized|seizing|lost)\b[^.;:]{0,50}$")

# A tally since a war or month began ("killed by Israeli fire since October 8", "attacks since
# the start of the escalation") tells of many events, none of them this report's: its generic
# words name no kind (a specific weapon still does).
_CUMULATIVE = re.compile(
    r"\bsince\s+(?:the\s+)?(?:(?:start|beginning|outbreak|onset)\s+of\s+(?:the\s+)?"
    r"(?:war|conflict|hostilities|escalation|fighting|invasion)|escalation|war|conflict|"
    r"hostilities|(?:full-scale\s+)?invasion|(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\b|(?:19|20)\d\d|last\s+(?:year|month))"
)

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
    r"arguing|claiming|accusing|instead)\b|\b(?:and|but)\s+"
    rf"{SPEECH}\b",
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

    Denied, absent or only planned events do not count: "observed no ceasefire violations",
    "did not open fire", "No shots were fired", "there were no casualties", "planning to
    launch rockets".
    """
    return list(sentence_kinds(sentence))


def sentence_kinds(sentence: str) -> dict[str, bool]:
    """The kinds of event the sentence names, in priority order, each with whether a specific
    word names it (True) or only a generic one ("fired", "attack": False)."""
    return dict(_sentence_kinds(sentence))  # a copy: the caller owns it


@lru_cache(maxsize=_CACHED_SENTENCES)
def _sentence_kinds(sentence: str) -> tuple[tuple[str, bool], ...]:
    low = sentence.lower()
    present = _TRIGGERS.present(low)
    found: dict[str, bool] = {}
    for i, (kind, specific, rx) in enumerate(_RX):
        if i not in present or found.get(kind):
            continue
        for m in rx.finditer(low):
            window = (max(0, m.start() - 60), m.start())
            if _NEGATED.search(low, max(0, m.start() - 40), m.start()):
                continue
            if _UNREAL.search(low, *window):
                continue
            if kind in _WEAPON_KINDS and _SEIZED.search(low, *window):
                continue
            found[kind] = found.get(kind, False) or specific
            break
    if "since" in low and _CUMULATIVE.search(low):
        found = {k: sp for k, sp in found.items() if sp}
    return tuple((k, found[k]) for k in PRIORITY if k in found)


def incident_kinds(sentences: list[dict[str, bool]]) -> list[str]:
    """The kinds of one incident from its sentences' :func:`sentence_kinds`, in priority order.

    A kind named only by a generic word counts when no sentence names a kind of fire
    specifically; generic fire beats a generic "attack" or "clash" ("opened fire ... the
    attack": small arms fire only), and an incursion does too ("the assault ... overran the
    village": incursion only).
    """
    specific = {k for s in sentences for k, sp in s.items() if sp}
    generic = {k for s in sentences for k, sp in s.items() if not sp} - specific
    kinds = set(specific)
    if not specific.intersection(_FIRE_KINDS):
        if "small_arms_fire" in generic:
            kinds.add("small_arms_fire")
        elif "other" in generic and not specific - {"casualty"}:
            # an "attack" or "assault" that overran a village is the incursion itself
            kinds.add("other")
    kinds |= generic - set(_FIRE_KINDS)
    return [k for k in PRIORITY if k in kinds]


def report_kinds(
    incidents: list[tuple[list[dict[str, bool]], tuple[dt.date, dt.date] | None, set[object]]],
) -> list[list[str]]:
    """The kinds of each incident of a report: :func:`incident_kinds`, except that an incident
    naming its fire or attack only by a generic word is told of again by the report's specific
    kinds of fire on its days.

    A lede that says "fired 15 times at the border areas", then details mortars and drones, is
    shelling and drone strikes, not small arms fire; so is a statement's "the skirmish" after the
    artillery rounds it refers to.

    Parameters
    ----------
    incidents
        Per incident: its sentences' :func:`sentence_kinds`, its dates (None when the text
        gives none), and the places it targets (keys of towns, districts, landmarks, and of
        the provinces of all its targets): the incidents that tell of a generic one target
        all of its places and provinces.

    Returns
    -------
    list of list of str
        The kinds of each incident, in priority order.
    """
    out = [incident_kinds(kinds) for kinds, _, _ in incidents]
    for i, (kinds, days, spots) in enumerate(incidents):
        generic = {k for s in kinds for k, sp in s.items() if not sp} & set(_FIRE_KINDS)
        if days is None or not generic or set(out[i]) - generic - {"casualty"}:
            continue
        # the same days and no place or province of its own: the specific incidents tell it
        told = [
            j for j, (_, other, their) in enumerate(incidents)
            if j != i and other is not None and other[0] <= days[1] and days[0] <= other[1]
            and spots <= their and {k for s in incidents[j][0] for k, sp in s.items() if sp}
            & set(_FIRE_KINDS)
        ]  # fmt: skip
        named = {k for j in told for k in out[j] if k in _FIRE_KINDS}
        if named:
            out[i] = [k for k in PRIORITY if k in named or (k in out[i] and k not in generic)]
    return out


def denied_spans(sentence: str) -> list[tuple[int, int]]:
    """Return the parts of ``sentence`` (offsets into it) that state a claim only to deny it.

    "Yerevan rejected reports of shooting near Sotk": " shooting near Sotk."; "the information
    that Armenian units fired at Kut does not correspond to reality": " Armenian units fired at
    Kut ". A claim the denier makes in turn ("..., saying Azerbaijani units fired at Vardenis")
    is not denied, nor is a bare "denied this".
    """
    return list(_denied_spans(sentence))


@lru_cache(maxsize=_CACHED_SENTENCES)
def _denied_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    if not _DENIAL_CUES.present(sentence.lower()):
        return ()
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
    return tuple(spans)


@lru_cache(maxsize=_CACHED_SENTENCES)
def names_casualties(sentence: str) -> bool:
    """True when the sentence speaks of casualties, even of none ("Nobody was hurt")."""
    low = sentence.lower()
    present = _TRIGGERS.present(low)
    return any(i in present and _RX[i][2].search(low) for i in _CASUALTY_ROWS)


def refers_back(sentence: str) -> bool:
    """True when the sentence follows up the one before ("The fire", "Baku denied")."""
    return bool(_FOLLOW_UP.search(sentence)) and not _NEW.search(sentence)


def starts_new(sentence: str) -> bool:
    """True when the sentence opens with a word that introduces a further event ("Also, ...")."""
    return bool(_NEW.search(sentence))
