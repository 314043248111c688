"""Optional fallback to geopy's online geocoders for names the gazetteer lacks.

Used only when ``settings.online_geocoding`` is on. Every request goes through geopy's
``RateLimiter`` (``settings.online_min_delay`` seconds apart, retries on 429 and 5xx),
with ``settings.online_timeout`` and ``settings.user_agent``; answers, including "no
such place", are kept in a persistent ``diskcache`` under ``settings.cache_dir`` so a
name is asked for once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import diskcache
from geopy.exc import GeocoderQueryError, GeocoderServiceError, GeocoderTimedOut
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service

from mapper import settings
from mapper.errors import GeocoderError
from mapper.gazetteer.lookup import Candidate

_MISS = "<none>"
_NOMINATIM_KINDS = {
    "country": ("country", 6),
    "state": ("province", 4),
    "region": ("province", 4),
    "province": ("province", 4),
    "county": ("district", 3),
    "district": ("district", 3),
    "municipality": ("district", 3),
}


class OnlineGeocoder:
    """A geopy geocoder behind a rate limiter, retries and a persistent cache.

    Parameters
    ----------
    service
        geopy's name of the service (``nominatim``, ``photon``, ``arcgis``, ...).
    max_retries
        retries after a 429, a 5xx or a timeout, ``settings.online_min_delay`` apart
        (at least 1 s unless the delay is set lower).
    geocoder_args
        passed to the geopy geocoder (``domain``, ``scheme``, ``api_key``, ...).
    """

    def __init__(self, service: str = "nominatim", *, max_retries: int = 2,
                 **geocoder_args: Any) -> None:  # fmt: skip
        if not settings.user_agent:
            msg = "online geocoding needs settings.user_agent (services refuse anonymous use)"
            raise GeocoderError(msg)
        cls = get_geocoder_for_service(service)
        self.service = service
        self.geocoder = cls(user_agent=settings.user_agent, timeout=settings.online_timeout,
                            **geocoder_args)  # fmt: skip
        delay = settings.online_min_delay
        self._call = RateLimiter(
            self.geocoder.geocode,
            min_delay_seconds=delay,
            max_retries=max_retries,
            error_wait_seconds=max(delay, min(5.0, 2 * delay)),
            swallow_exceptions=False,
        )
        self.cache = diskcache.Cache(str(settings.cache_dir / f"online-{service}"))
        self.requests = 0  # requests actually sent (cache misses), for tests and logs

    def geocode(self, name: str, *, country: str | None = None) -> Candidate | None:
        """The service's best place for ``name`` (``country``: alpha-2 restriction)."""
        key = f"{self.service}|{country or ''}|{name.strip().lower()}"
        hit = self.cache.get(key)
        if hit is not None:
            return None if hit == _MISS else Candidate(*hit)
        kwargs: dict[str, Any] = {"exactly_one": True}
        if country and self.service == "nominatim":
            kwargs["country_codes"] = country.lower()
            kwargs["addressdetails"] = True
        self.requests += 1
        try:
            loc = self._call(name, **kwargs)
        except (GeocoderServiceError, GeocoderQueryError) as exc:
            # geopy's HTTP adapter reports a read timeout as "unavailable": say what it was
            if isinstance(exc, GeocoderTimedOut) or "timed out" in str(exc).lower():
                msg = (f"online geocoder {self.service} timed out for {name!r} "
                       f"(no answer within {settings.online_timeout} s)")  # fmt: skip
            else:
                msg = f"online geocoder {self.service} failed for {name!r}: {exc}"
            raise GeocoderError(msg) from exc
        cand = None if loc is None else _candidate(name, loc.latitude, loc.longitude, loc.raw)
        self.cache.set(key, _MISS if cand is None else tuple(getattr(cand, f) for f in
                                                              Candidate.__slots__))  # fmt: skip
        return cand


def _candidate(name: str, lat: float, lon: float, raw: dict) -> Candidate:
    kind, prec = _NOMINATIM_KINDS.get(str(raw.get("addresstype") or raw.get("type")),
                                      ("settlement", 1))  # fmt: skip
    address = raw.get("address") or {}
    cc = str(address.get("country_code") or "").upper()
    display = str(raw.get("name") or raw.get("display_name") or name).split(",")[0]
    gid = raw.get("geonameid")
    return Candidate(display, int(gid) if gid else None, kind, float(lat), float(lon), cc, prec,
                     0, None, None, "online")  # fmt: skip


@lru_cache(maxsize=1)
def online_geocoder() -> OnlineGeocoder:
    """The process's online geocoder, configured from settings (Nominatim by default).

    ``settings.online_service`` and ``settings.online_args`` (a dict of the geopy
    geocoder's keyword arguments) choose another service or server.
    """
    args: dict[str, Any] = dict(settings.online_args)
    return OnlineGeocoder(settings.online_service, **args)
