"""Settings: the only global state of the package.

Change them at run time (``mapper.settings.online_geocoding = True``) or through
environment variables of the same name in upper case with a ``MAPPER_`` prefix.
"""

from __future__ import annotations

import os
from pathlib import Path


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


#: the project's folder of bundled layers, alias table and build script
geodata_dir: Path = _env_path("MAPPER_GEODATA", Path(__file__).resolve().parent.parent / "geodata")

#: where derived indexes (the gazetteer index) and the online geocoding cache live
_xdg_cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
cache_dir: Path = _env_path("MAPPER_CACHE", _xdg_cache / "border-incident-mapper")

#: the bundled region used when none is named
default_region: str = os.environ.get("MAPPER_REGION", "caucasus")

#: distance (km) from the international border under which an incident is "near the border"
near_border_km: float = float(os.environ.get("MAPPER_NEAR_KM", "25"))

#: fall back to geopy's online geocoders for names the gazetteer lacks (off: no network use)
online_geocoding: bool = os.environ.get("MAPPER_ONLINE", "") == "1"

#: user agent sent to online geocoders (Nominatim's policy requires one that identifies the app)
user_agent: str = os.environ.get("MAPPER_USER_AGENT", "border-incident-mapper/0.1")

#: minimum seconds between two online geocoding requests
online_min_delay: float = 1.0

#: seconds before an online request times out
online_timeout: float = 10.0

#: geopy geocoder used online (a name geopy.geocoders.get_geocoder_for_service knows)
online_service: str = os.environ.get("MAPPER_ONLINE_SERVICE", "nominatim")

#: extra keyword arguments for that geocoder (e.g. {"domain": "nominatim.example.org"})
online_args: dict[str, object] = {}

#: extra gazetteer files (user CSV or GeoNames dumps) loaded with the bundled ones;
#: also ``MAPPER_GAZETTEER_FILES`` (paths separated by the OS path separator)
gazetteer_files: tuple[str, ...] = tuple(
    p for p in os.environ.get("MAPPER_GAZETTEER_FILES", "").split(os.pathsep) if p
)

# Linking reports of one event (mapper.linking). The defaults were set on the team's report
# pairs (tests/data/linking) and checked on the devset's real pairs: see bench/RESULTS.md.

#: km two places may lie apart and still be one event's, before their imprecision is added
link_base_km: float = float(os.environ.get("MAPPER_LINK_KM", "20"))

#: km added per place for its imprecision, by ``where_prec`` (a place of precision 6, a
#: country, never links on its own)
link_prec_km: dict[int, float] = {1: 0.0, 2: 10.0, 3: 25.0, 4: 60.0, 5: 40.0, 7: 25.0}

#: a district (or wider) place links with places in it or in a neighbouring district up to
#: this distance (km)
link_district_km: float = 60.0

#: days allowed either side of a date that is a fallback (``date_prec`` > 1) or a range
link_slack_days: int = int(os.environ.get("MAPPER_LINK_DAYS", "1"))

#: an incident whose dates span more days than this is too vague to link
link_max_span_days: int = 7

#: roles whose places link incidents; an incident with none of them links by its other
#: places, national capitals excepted (datelines and governments, not where things happened)
link_roles: tuple[str, ...] = ("target", "origin")

#: the other places of an incident that has some of ``link_roles`` link only with the same
#: place (within this many km) named by the other account in one of those roles
link_same_place_km: float = 1.0

#: kinds that fit each other: two incidents link when they share a kind, when either is
#: ``casualty`` or ``other`` (every kind may kill; "other" says nothing), or when both kinds
#: lie in one of these groups (sides name the weapons of one exchange of fire differently)
link_kind_groups: tuple[frozenset[str], ...] = (
    frozenset({"small_arms_fire", "shelling", "drone_strike"}),
)

#: where ``mapper gazetteer fetch`` downloads GeoNames' per-country dumps (``XX.zip``) from
geonames_dump_url: str = os.environ.get(
    "MAPPER_GEONAMES_URL", "https://download.geonames.org/export/dump"
)
