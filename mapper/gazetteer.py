"""The offline gazetteer: names -> candidate places."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may stand for.

    ``kind`` is ``settlement``, ``district``, ``province``, ``country`` or ``natural``;
    ``where_prec`` the UCDP GED precision code of a mention resolved to it.
    """

    name: str
    geonameid: int | None
    kind: str
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-2
    where_prec: int
    population: int = 0
    admin1: str | None = None  # ISO 3166-2 code of the first-order unit, when known
    feature_code: str | None = None
    source: str = "geonames"
