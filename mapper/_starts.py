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
