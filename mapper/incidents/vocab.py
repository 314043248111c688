"""The word lists of the incident stage (``mapper/data``), as sets and regular expressions.

Each list is written once, as data: verbs of saying, actor words, event triggers, casualty
words, number words, the people counted. The modules of this stage take them from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from mapper.data import read_table, read_words

__all__ = [
    "ACTOR",
    "ACTOR_WORDS",
    "CASUALTY_GROUPS",
    "CASUALTY_PEOPLE",
    "EVENT_KINDS",
    "NUMBER_WORDS",
    "SPEECH",
    "SPEECH_VERBS",
    "Trigger",
    "alternation",
    "casualty_forms",
    "event_triggers",
]


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any run of spaces."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len)[::-1])
    return "(?:" + "|".join(escaped) + ")"


#: verbs of saying in every form reports use ("said", "claims", "accused", "denied")
SPEECH_VERBS: frozenset[str] = read_words("speech_verbs.txt")
#: one of :data:`SPEECH_VERBS` as a regex (no word bounds: the caller adds them)
SPEECH = alternation(SPEECH_VERBS)
#: words for the bodies a country's name stands for ("army", "armed forces", "ministry")
ACTOR_WORDS: frozenset[str] = read_words("actor_words.txt")
ACTOR = alternation(ACTOR_WORDS)
#: nouns for the people counted in casualty figures
CASUALTY_PEOPLE: frozenset[str] = read_words("casualty_people.txt")
#: nouns for a group of people ("couple") -> how many people each one is
CASUALTY_GROUPS: dict[str, int] = {w: int(n) for w, n in read_table("casualty_groups.tsv")}


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of ``event_triggers.tsv``: words that name an event of ``kind``."""

    kind: str
    specific: bool
    cues: tuple[str, ...]
    pattern: str


def event_triggers() -> tuple[Trigger, ...]:
    """The rows of ``event_triggers.tsv`` in file order."""
    out = []
    for kind, cls, cues, pattern in read_table("event_triggers.tsv"):
        out.append(Trigger(kind, cls == "specific", tuple(cues.split(",")), pattern))
    return tuple(out)


#: the event kinds in order of priority (the principal kind of an incident comes first)
EVENT_KINDS: tuple[str, ...] = tuple(dict.fromkeys(t.kind for t in event_triggers()))


def casualty_forms() -> dict[tuple[str, str], str]:
    """``(what, form) -> pattern`` of ``casualty_words.tsv`` (what: killed/wounded)."""
    out: dict[tuple[str, str], str] = {}
    for what, form, pattern in read_table("casualty_words.tsv"):
        key = (what, form)
        out[key] = f"{out[key]}|{pattern}" if key in out else pattern
    return out


def _numbers() -> dict[str, tuple[int, str]]:
    return {word: (int(value), cls) for word, value, cls in read_table("number_words.tsv")}


#: number word -> (value, class: unit, ten or scale)
NUMBER_WORDS: dict[str, tuple[int, str]] = _numbers()
