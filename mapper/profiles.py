"""Border profiles: what is known about one border, read from ``geodata/profiles/*.toml``.

A profile holds a border's countries, its box, its layer file, its alias files, priors for
resolution, and institutions and outlets with their country. The ``world`` profile assumes
nothing; the tool must work on a border no profile describes, and a profile only adds
precision. A profile applies to a report when the report names one of its countries.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from mapper import settings
from mapper.errors import MapperError

__all__ = ["BorderProfile", "applicable", "load_profile", "load_profiles"]


@dataclass(frozen=True, slots=True)
class BorderProfile:
    """What is known about one border (see ``geodata/profiles/caucasus.toml``)."""

    name: str
    title: str
    countries: frozenset[str] = frozenset()
    box: tuple[float, float, float, float] = (-180.0, -90.0, 180.0, 90.0)  # W, S, E, N
    layers: str = "world.gpkg"
    alias_files: tuple[str, ...] = ()
    priors: dict[str, float] = field(default_factory=dict)  # country -> prior weight
    institutions: dict[str, str] = field(default_factory=dict)  # body -> country code
    outlets: dict[str, str] = field(default_factory=dict)  # outlet -> country code
    outlet_aliases: dict[str, str] = field(default_factory=dict)  # written form -> outlet
    claimants: dict[str, str] = field(default_factory=dict)  # written form -> claimant name
    #: ISO code of a unit -> codes of the units the layers split it into (GeoNames codes
    #: a village by the whole, the layers by the part)
    unit_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def contains(self, lat: float, lon: float) -> bool:
        """True when the point lies in the profile's box."""
        w, s, e, n = self.box
        return w <= lon <= e and s <= lat <= n

    @property
    def layers_path(self) -> Path:
        """The profile's layer file under ``settings.geodata_dir``."""
        return settings.geodata_dir / self.layers


def profiles_dir() -> Path:
    """The folder of profile files (``geodata/profiles``)."""
    return settings.geodata_dir / "profiles"


@cache
def load_profile(name: str) -> BorderProfile:
    """Read one profile by name (``caucasus``, ``world``) or path to a ``.toml`` file.

    Raises
    ------
    MapperError
        The profile file does not exist or is malformed.
    """
    path = Path(name) if name.endswith(".toml") else profiles_dir() / f"{name}.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        known = ", ".join(sorted(p.stem for p in profiles_dir().glob("*.toml")))
        msg = f"no border profile {name!r} (known: {known})"
        raise MapperError(msg) from None
    except tomllib.TOMLDecodeError as e:
        msg = f"border profile {path}: {e}"
        raise MapperError(msg) from None
    try:
        return BorderProfile(
            name=str(raw["name"]),
            title=str(raw.get("title", raw["name"])),
            countries=frozenset(str(c).upper() for c in raw.get("countries", [])),
            box=tuple(float(x) for x in raw.get("box", (-180, -90, 180, 90))),  # type: ignore[arg-type]
            layers=str(raw.get("layers", "world.gpkg")),
            alias_files=tuple(str(a) for a in raw.get("alias_files", [])),
            priors={str(k).upper(): float(v) for k, v in raw.get("priors", {}).items()},
            institutions={str(k): str(v).upper() for k, v in raw.get("institutions", {}).items()},
            outlets={str(k): str(v).upper() for k, v in raw.get("outlets", {}).items()},
            outlet_aliases={str(k): str(v) for k, v in raw.get("outlet_aliases", {}).items()},
            claimants={str(k): str(v) for k, v in raw.get("claimants", {}).items()},
            unit_parts={
                str(k).upper(): tuple(str(x).upper() for x in v)
                for k, v in raw.get("unit_parts", {}).items()
            },
        )
    except (KeyError, TypeError, ValueError) as e:
        msg = f"border profile {path}: bad or missing field ({e})"
        raise MapperError(msg) from None


@cache
def load_profiles() -> tuple[BorderProfile, ...]:
    """Every profile in ``geodata/profiles``, ``world`` first."""
    names = sorted(p.stem for p in profiles_dir().glob("*.toml"))
    names.sort(key=lambda n: n != "world")
    return tuple(load_profile(n) for n in names)


def applicable(countries: Iterable[str]) -> list[BorderProfile]:
    """The regional profiles that apply to a report naming ``countries`` (ISO alpha-2)."""
    named = {c.upper() for c in countries}
    return [p for p in load_profiles() if p.countries & named]
