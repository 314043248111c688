"""Finding place-name mentions in report text."""

from __future__ import annotations

from dataclasses import dataclass

from mapper.gazetteer import Candidate


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in a text: ``text[start:end] == surface``.

    ``cue`` names the context that marked it as a place ("region", "village", "direction", ...).
    """

    start: int
    end: int
    surface: str
    candidates: tuple[Candidate, ...]
    cue: str | None = None
