"""Names that hold a place's name without meaning the place: bodies and defined acronyms.

"The Nangarhar Information and Culture Department said" names a department, not Nangarhar;
"the Line of Actual Control (LAC)" defines an acronym that happens to be a place's name
(Lac, a province of Chad) somewhere.
"""

from __future__ import annotations

import re

from mapper.data import read_lines

_LINK = r"(?:and|of|for|&)"
_BODY_AFTER = re.compile(
    r"(?:\s+[A-Z][\w'’-]*(?:\s+"
    + _LINK
    + r")?){0,3}\s+(?:"
    + "|".join(re.escape(w) for w in sorted(read_lines("body_words.txt"), key=len, reverse=True))
    + r")\b"
)
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")
_SMALL = frozenset({"of", "the", "and", "for", "on", "in", "&"})


def part_of_body(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` opens the name of a body ("X Health Department")."""
    return _BODY_AFTER.match(text, end) is not None


def defines_acronym(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is an acronym the text defines in brackets after the words
    it spells ("Line of Actual Control (LAC)", then "along the LAC")."""
    surface = text[start:end]
    if not (surface.isupper() and surface.isalpha() and 2 <= len(surface) <= 6):
        return False
    at = text.find(f"({surface})")
    while at >= 0:
        if _spelled_before(text, at, surface):
            return True
        at = text.find(f"({surface})", at + 1)
    return False


def _spelled_before(text: str, at: int, acronym: str) -> bool:
    words = text[max(0, at - 120) : at].split()
    initials: list[str] = []
    for w in reversed(words):
        if w.lower() in _SMALL:
            continue
        if not _CAPITALISED.fullmatch(w):
            break
        initials.append(w[0])
        if len(initials) == len(acronym):
            break
    return "".join(reversed(initials)) == acronym
