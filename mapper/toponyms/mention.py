"""A place-name mention and a demonym: what the finder gives the resolver."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mapper.gazetteer.lookup import Candidate

#: a capital letter of any script the reports use
UPPER_START = re.compile(r"[A-ZÀ-ÖØ-Þ\u0100-\u024f\u0400-\u042f\u0531-\u0556\u10a0-\u10ff]")


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in a text: ``text[start:end] == surface``.

    ``cue`` names the context that marked it as a place: ``region`` ("X region",
    "district of X"), ``settlement`` ("village of X"), ``direction`` ("direction of X"),
    ``near`` ("near X", "outskirts of X"), ``section`` ("the X section of the border"),
    ``natural`` ("Lake X", "X heights"), ``landmark`` ("X border post", "Camp X") or
    ``dateline`` ("BAKU, Dec 9 (Reuters) -").

    A mention with no ``candidates`` is *unresolved*: a name a strong cue marks as a place
    ("X village", "the town of X") that no gazetteer holds; ``unit`` then keeps the unit the
    sentence puts it in ("Y district" in "X village of Y district"), if any.
    """

    start: int
    end: int
    surface: str
    candidates: tuple[Candidate, ...]
    cue: str | None = None
    key: str = ""  # the folded name that matched
    #: how it was found: "core" (the scan of the core tier), "world" (the scan of the
    #: report's countries), "cued" (a cued name looked up), "variant" (a spelling within a
    #: small edit distance of a name of the report's countries)
    tier: str = "core"
    unit: str | None = None

    @property
    def resolved(self) -> bool:
        """Whether the mention has any candidate place."""
        return bool(self.candidates)


@dataclass(frozen=True, slots=True)
class Demonym:
    """A country named through its people or adjective ("Armenian", "Azerbaijani's")."""

    start: int
    end: int
    surface: str
    country: str
