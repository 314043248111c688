"""Splitting report text into sentences with character offsets."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words after which a full stop does not end a sentence (titles, months, "No.", initials).
_ABBREV = _words(
    "mr mrs ms dr gen lt col maj capt sgt pvt cpl st no nos vs etc jan feb mar apr "
    "jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun km approx govt dept "
    "rep ref fig e.g i.e a.m p.m u.s u.k u.n"
)
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-ZА-ЯЁ0-9ƏÇŞĞÖÜİ])|\n\s*\n|\n")
_WORD_BEFORE = re.compile(r"([\w.]+)\.?$")
# A line this long that stops without punctuation is taken as hard-wrapped, not a sentence.
_WRAP_WIDTH = 60


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text``, stripped of whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        cut = m.end()
        if m.group(0) == "\n":
            line_start = text.rfind("\n", 0, m.start()) + 1
            line = text[line_start : m.start()].rstrip()
            if len(line) >= _WRAP_WIDTH and line[-1:] not in '.!?:;"”»)':
                continue
        elif m.group(0)[0] == ".":
            word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start() + 1)
            if word is not None:
                token = word.group(1).lower().rstrip(".")
                if token in _ABBREV or (len(token) == 1 and token.isalpha()):
                    continue
        _add(text, start, cut, spans)
        start = cut
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
