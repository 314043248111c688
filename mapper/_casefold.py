"""Case-insensitive patterns run as case-sensitive ones on lowercased ASCII text.

``re.IGNORECASE`` folds every character it compares and turns off the engine's fast paths for
literal words: a scan of a report for an alternation of words runs two to three times faster
on a lowercased copy of the text. On ASCII text, and for a pattern of lowercase ASCII words
(escapes such as ``\\b`` and ``\\d`` aside), both give the very same matches at the same
offsets; anything else is scanned as it was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_ESCAPES_AND_NAMES = re.compile(r"\\.|\(\?P[<=]")


class Folded:
    """A case-insensitive pattern with a case-sensitive twin for lowercased ASCII text.

    The matches of :meth:`finditer` on ASCII text are those of the twin in the lowercased
    copy: offsets and spans are the text's, group values come lowercased (read the surface
    from the text by offsets).
    """

    __slots__ = ("rx", "low")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        bare = _ESCAPES_AND_NAMES.sub("", rx.pattern)
        plain = (
            rx.flags & re.IGNORECASE
            and rx.pattern.isascii()
            and bare == bare.lower()
            and "(?-" not in rx.pattern  # no part with case-folding turned off
        )
        self.low = re.compile(rx.pattern, rx.flags & ~re.IGNORECASE) if plain else None

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None, low: str | None = None
    ) -> Iterator[re.Match[str]]:
        """``rx.finditer(text, pos, endpos)``; ``low``: ``text.lower()`` if already made.

        Parameters
        ----------
        text
            The text to scan.
        pos, endpos
            Where the scan starts and ends, as for :meth:`re.Pattern.finditer`.
        low
            ``text`` lowercased, when the caller has it (else it is made here if needed).

        Returns
        -------
        iterator of re.Match
            Matches in text order, on ``text`` or on its lowercased copy.
        """
        end = len(text) if endpos is None else endpos
        if self.low is not None and text.isascii():
            return self.low.finditer(text.lower() if low is None else low, pos, end)
        return self.rx.finditer(text, pos, end)


#: the characters that ``re.IGNORECASE`` matches to an ASCII letter ("ı", "İ" to "i", "ſ" to
#: "s", the Kelvin sign to "k"), the only ones whose lowercase is not that letter or holds more
_ODD_CASES = ("ı", "İ", "ſ", "\u212a")


def lower_keeps_ascii_matches(text: str) -> bool:
    """Whether every ASCII word that a case-insensitive pattern finds in ``text`` is written,
    lowercased, in ``text.lower()`` (true of all text without "ı", "İ", "ſ" and "K")."""
    return text.isascii() or not any(c in text for c in _ODD_CASES)
