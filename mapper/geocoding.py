"""Resolving mentions to places with the document's context."""

from __future__ import annotations

from dataclasses import dataclass

from mapper.toponyms import Mention


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place."""

    name: str
    geonameid: int | None
    kind: str
    where_prec: int
    lat: float
    lon: float
    country: str
    confidence: float
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedMention:
    """A mention and the place it was resolved to."""

    mention: Mention
    place: Place


def geocode_text(text: str) -> list[ResolvedMention]:
    """Find and resolve every place mentioned in ``text``, in text order."""
    raise NotImplementedError
