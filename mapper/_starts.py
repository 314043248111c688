"""A pattern tried only where one of its matches can start.

``re`` has no fast skip for a pattern that opens with a look-behind, ``\\b``, ``^`` in
multi-line mode or an alternation of words: ``finditer`` runs the whole engine at every
character, ~40 ns each, which made the cued-name patterns ~0.2 ms of every report. When
the places where a match may begin are cheap to find (a capital letter, a line start, a cue
word found by Aho-Corasick), ``match`` at those places alone gives the very matches of
``finditer``: a match found at a start is the one the scan would find there (same look-behind
context, same end bound), and the scan goes on after its end as ``finditer`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def matches_at(
    rx: re.Pattern[str], text: str, starts: Iterable[int], endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """The matches of ``rx.finditer(text, pos, endpos)`` that begin at one of ``starts``.

    Parameters
    ----------
    rx
        A pattern that never matches the empty string.
    text
        The text to scan.
    starts
        Offsets in ascending order; every offset where a match can begin must be among them
        (more do no harm). The first one plays the part of ``pos``.
    endpos
        Where the scan ends, as for :meth:`re.Pattern.finditer` (default: the text's end).

    Returns
    -------
    iterator of re.Match
        Non-overlapping matches in text order, the same as ``finditer``'s.
    """
    end = len(text) if endpos is None else endpos
    after = -1  # the end of the last match: a later one cannot begin before it
    for start in starts:
        if start < after:
            continue
        if start > end:
            return
        m = rx.match(text, start, end)
        if m is not None:
            yield m
            after = m.end()


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def word_before(text: str, end: int, skip: str = "") -> str:
    """The ASCII letters that end ``text[:end]`` once whitespace and ``skip`` are passed over
    ("" when something else comes first): the word a pattern's cheap pre-check reads."""
    i = end
    while i and (text[i - 1].isspace() or text[i - 1] in skip):
        i -= 1
    j = i
    while j and text[j - 1] in _LETTERS:
        j -= 1
    return text[j:i]


def word_after(text: str, start: int) -> str:
    """The ASCII letters that open ``text[start:]`` once whitespace is passed over."""
    i, n = start, len(text)
    while i < n and text[i].isspace():
        i += 1
    j = i
    while j < n and text[j] in _LETTERS:
        j += 1
    return text[i:j]


def words_back(text: str, end: int, n: int, joiners: str = "") -> list[int]:
    """Offsets where the last ``n`` words of ASCII letters before ``end`` begin, nearest first,
    as long as only whitespace and ``joiners`` stand between them."""
    out: list[int] = []
    i = end
    while len(out) < n:
        j = i
        while j and (text[j - 1].isspace() or text[j - 1] in joiners):
            j -= 1
        k = j
        while k and text[k - 1] in _LETTERS:
            k -= 1
        if k == j:  # something else than a word
            break
        out.append(k)
        i = k
    return out
