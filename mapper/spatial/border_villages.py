"""Border villages: where GeoNames knows better than the coarse 1:10m polygons.

Natural Earth's lines run up to a few km off the surveyed border, so a village right at the
border can fall in the neighbour's polygon, and a town at a district edge in the next district.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from mapper.spatial.layers import Layers, load_layers

_TRUST_KM = 5.0  # how far off the surveyed border the 1:10m line is taken to run, at most
#: kinds whose gazetteer country is sure: a settlement, and a unit placed at its seat (North
#: Kivu's seat, Goma, lies at the Rwandan border)
_OWN_COUNTRY_KINDS = ("settlement", "district", "province")


def trust_gazetteer_at_the_border(joined: gpd.GeoDataFrame, layers: Layers) -> gpd.GeoDataFrame:
    """Give border villages the country their gazetteer entry names.

    The 1:10m border line runs up to a few km off the surveyed one, so a village right at the
    border can fall in the neighbour's polygon (Kornidzor, in Armenia, lies 1 km inside
    Azerbaijan's). Within ``_TRUST_KM`` of the border, a settlement's or a unit's GeoNames
    country (and first-order unit) wins over the polygon's, and a point in no country's
    polygon takes its GeoNames country; ``country_source`` says which one was used.
    """
    joined["country_source"] = joined["country"].notna().map({True: "polygon", False: None})
    gaz = joined.pop("gazetteer_country")
    admin1 = joined.pop("gazetteer_admin1")
    # a point in no country's polygon (a disputed area Natural Earth codes with none, as the
    # Golan Heights; the sea off a coastal town) takes the country its gazetteer entry names
    orphan = joined["country"].isna() & gaz.notna()
    if orphan.any():
        joined.loc[orphan, "country"] = gaz[orphan]
        joined.loc[orphan, "country_source"] = "gazetteer"
    differs = (
        joined["kind"].isin(_OWN_COUNTRY_KINDS)
        & gaz.notna()
        & gaz.ne(joined["country"])
        & joined["border_km"].lt(_TRUST_KM)
    )
    if differs.any():
        # a regional layer knows only its own countries: beyond it, the world's layers joined
        layers = _reference(layers, gaz[differs])
        # Only across the border the village lies on: the gazetteer's country must be one side.
        names = dict(zip(layers.countries["iso_a2"], layers.countries["name"], strict=False))
        pair = joined.loc[differs, "border"].fillna("")
        own = [names.get(c, "\0") in b for c, b in zip(gaz[differs], pair, strict=True)]
        rows = joined.index[differs][np.array(own, dtype=bool)]
        joined.loc[rows, "country"] = gaz[rows]
        joined.loc[rows, "side"] = gaz[rows]
        points = joined.geometry[rows].values
        districts = _own_districts(points, gaz[rows].tolist(), admin1[rows].tolist(), layers)
        joined.loc[rows, "district_code"] = [code for code, _ in districts]
        joined.loc[rows, "district"] = [name for _, name in districts]
        joined.loc[rows, "country_source"] = "gazetteer"
    return _trust_admin1_at_district_edges(joined, admin1, layers)


def _reference(layers: Layers, countries: pd.Series) -> Layers:
    """The layers that hold every one of ``countries``: the given ones, else the world's."""
    if set(countries.dropna()) <= set(layers.countries["iso_a2"]):
        return layers
    return load_layers("world")


def _own_districts(
    points: np.ndarray, countries: list[str], admin1: list[str | None], layers: Layers
) -> list[tuple[str | None, str | None]]:
    """Each settlement's own district: its GeoNames unit if the layers have it, else the
    nearest district of its country within ``_TRUST_KM`` (GeoNames codes Nakhchivan's villages
    AZ-NX, the autonomous republic, not their rayon)."""
    d = layers.districts
    named: dict[str, str] = {}
    for code, name in zip(d["iso_3166_2"], d["name"], strict=True):
        if isinstance(code, str):
            named.setdefault(code, str(name))  # the first row of a code, as .iloc[0]
    out: list[tuple[str | None, str | None]] = []
    for point, country, unit in zip(points, countries, admin1, strict=True):
        if isinstance(unit, str) and unit in named:
            out.append((unit, named[unit]))
            continue
        own = d[d["country"] == country]
        if own.empty:
            out.append((None, None))
            continue
        # Degrees times 111 km: a rough, conservative figure is all this threshold needs.
        km = shapely.distance(own.geometry.values, point) * 111.0
        best = int(np.argmin(km))  # the first of equals, as idxmin
        near = km[best] < _TRUST_KM
        out.append((own["iso_3166_2"].iloc[best], own["name"].iloc[best]) if near else (None, None))
    return out


def _trust_admin1_at_district_edges(
    joined: gpd.GeoDataFrame, admin1: pd.Series, layers: Layers
) -> gpd.GeoDataFrame:
    """A settlement a little outside its own district's coarse polygon keeps that district.

    Natural Earth's district lines are coarse too: Lachin town lies in the Shusha polygon,
    1.7 km from Lachin's. When GeoNames puts the settlement in a district within
    ``_TRUST_KM`` of the point, that district wins.
    """
    polygons = dict(zip(layers.districts["iso_3166_2"], layers.districts.geometry, strict=False))
    names = dict(zip(layers.districts["iso_3166_2"], layers.districts["name"], strict=False))
    odd = (
        joined["kind"].eq("settlement")
        & admin1.isin(list(polygons))
        & admin1.ne(joined["district_code"])
        & admin1.str[:2].eq(joined["country"])
    )
    rows = joined.index[odd]
    if len(rows):
        units = np.array([polygons[code] for code in admin1[rows]], dtype=object)
        km = shapely.distance(units, joined.geometry[rows].values) * 111.0
        near = rows[km < _TRUST_KM]
        joined.loc[near, "district"] = [names[code] for code in admin1[near]]
        joined.loc[near, "district_code"] = admin1[near].to_numpy()
    return joined
