"""Write the tutorial notebooks from the cell sources below.

Run ``python notebooks/make_notebooks.py``.

The notebooks are kept in git without outputs; editing this file and re-running it is the way
to change them, so the three stay consistent and reviewable as plain Python.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

# Every notebook starts by locating the project (for the example reports) and an output
# folder relative to where it runs, so it works from a checkout and from a test's temp dir.
SETUP = """\
from pathlib import Path

import mapper

ROOT = Path(next(iter(mapper.__path__))).resolve().parent  # the project checkout
REPORTS = ROOT / "examples" / "reports"
OUT = Path("output")  # files this notebook writes, next to where it runs
OUT.mkdir(exist_ok=True)
sorted(p.name for p in REPORTS.iterdir())"""


# What every notebook says first: the install that opens and runs it.
INSTALL = """

**Setup.** From the project folder, after the README's first command:
`.venv/bin/pip install -e ".[notebooks]"` (Jupyter and matplotlib), then
`.venv/bin/jupyter lab notebooks/`."""


def md(source: str) -> nbformat.NotebookNode:
    """A Markdown cell."""
    return new_markdown_cell(source)


def code(source: str) -> nbformat.NotebookNode:
    """A code cell (written without outputs)."""
    return new_code_cell(source)


# Plots need the notebooks extra; say so rather than fail on a bare import.
MATPLOTLIB = """\
try:
    import matplotlib.pyplot as plt
except ImportError as exc:
    msg = 'this notebook draws plots: pip install -e ".[notebooks]" (Jupyter and matplotlib)'
    raise ImportError(msg) from exc
"""


QUICKSTART = [
    md(
        """\
# 01 · Quickstart: from reports to a map

`mapper` reads written reports of border incidents (ministry statements, wire reports,
monitoring bulletins), finds the places they name, resolves them with an offline gazetteer,
works out what happened, when and who claims it, and joins every place to country, district
and border layers. The result is a GeoDataFrame with one row per place of each incident, which
you can map, plot or export.

Everything here runs offline. The reports are the project's examples in
`examples/reports/` (written by the team; see `examples/README.md`)."""
        + INSTALL
    ),
    code(SETUP),
    md("""\
## Extract incidents

`mapper.extract` takes files, folders or `Report` objects. Reports that cannot be read are
reported and skipped; they never stop the others."""),
    code("""\
summary = mapper.Summary()
incidents = mapper.extract([REPORTS], summary=summary)
print("\\n".join(summary.lines()))
print(len(incidents), "places in", incidents["incident_id"].nunique(), "incidents from",
      incidents["report_id"].nunique(), "reports")
incidents.head()"""),
    md("""\
One row per place of an incident. `role` says whether the source claims fire came *from* the
place (`origin`), landed *on* it (`target`), or whether the place is only mentioned
(`location`: datelines, capitals standing for governments, distance references)."""),
    code("""\
cols = ["report_id", "mention", "place", "kind", "role", "event_type", "date_start",
        "killed", "wounded", "country", "district", "border_km"]
incidents[cols].head(20)"""),
    md("The two sides' accounts of the same incident give opposite roles:"),
    code("""\
two_sides = ["az_mod_tovuz_2024-05-18", "am_mod_chinari_2024-05-18"]
pair = incidents[incidents["report_id"].isin(two_sides) & (incidents["role"] != "location")]
pair[["report_id", "claimant", "mention", "place", "country", "role"]]"""),
    code("""\
per_type = incidents.drop_duplicates("incident_id")["event_type"].value_counts()
per_type"""),
    md("""\
## Map

`build_map` draws the incidents over the country, border and district layers: markers
coloured by event type, arrows from origin to target, a heat map and a timeline. With
`offline=True` the basemap is drawn from the bundled country polygons instead of web tiles,
and `save_map(..., offline=True)` writes one self-contained HTML file that opens with no
network."""),
    code("""\
layers = mapper.load_layers("caucasus")
m = mapper.build_map(incidents, layers, offline=True, title="Example reports")
path = mapper.save_map(m, OUT / "quickstart_map.html", offline=True)
print(path, round(path.stat().st_size / 1e6, 2), "MB")"""),
    md("""\
In Jupyter the map shows inline (an online map needs the network for its tiles and scripts;
open the saved file when you are offline):"""),
    code("m"),
    md("""\
## Export

GeoJSON, GeoPackage, CSV or GeoParquet, chosen by the file extension. The GeoJSON follows the
project's output contract (see the README)."""),
    code("""\
geojson = mapper.write(incidents, OUT / "incidents.geojson")
back = mapper.read_incidents(geojson)
assert len(back) == len(incidents)
back[["report_id", "incident_id", "place", "role", "lat", "lon"]].head()"""),
    md("""\
The same from the command line:

```bash
mapper extract examples/reports -o incidents.geojson
mapper map examples/reports -o map.html --offline
```"""),
]

NEAR_BORDER = [
    md(
        """\
# 02 · Near the border

Where do the incidents happen relative to the international border? This notebook measures
each place's distance to the nearest border line (`border_km`), counts incidents per
district and month, and draws one section of the Armenia–Azerbaijan border with its
incidents. The plots need matplotlib, which the `notebooks` extra installs."""
        + INSTALL
    ),
    code(MATPLOTLIB + "import pandas as pd\n\n" + SETUP),
    code("""\
layers = mapper.load_layers("caucasus")
incidents = mapper.extract([REPORTS], layers=layers)
# places the reports say were fired at or from, more precise than a whole country
# (datelines, capitals and distance references are `location` and left out)
claimed = incidents["role"].isin(["target", "origin"]) & (incidents["kind"] != "country")
places = incidents[claimed].copy()
places[["report_id", "place", "role", "country", "district", "border_km"]].head(10)"""),
    md("""\
## Distance to the border

`border_km` is the geodesic distance to the nearest international land border of the layers.
`settings.near_border_km` (25 km unless changed, or `MAPPER_NEAR_KM`) decides what counts as
near."""),
    code("""\
from mapper.spatial import near_border

near_km = mapper.settings.near_border_km
fig, ax = plt.subplots(figsize=(7, 3.5))
ax.hist(places["border_km"].dropna(), bins=range(0, 61, 5), color="#c0392b", edgecolor="white")
ax.axvline(near_km, color="black", linestyle="--", label=f"near: {near_km:g} km")
ax.set_xlabel("distance to the border (km)")
ax.set_ylabel("places")
ax.set_title("Targets and origins by distance to the border")
ax.legend()
plt.show()
near = near_border(places, near_km)
print(f"{len(near)} of {len(places)} places lie within {near_km:g} km of a border")"""),
    md("""\
A district or province named in a report ("the Kalbajar region") is placed at a point inside
it; its distance is that point's, so read district-level rows (`kind == "district"`,
`where_prec` 3–4) as approximate."""),
    code("""\
places.groupby(["kind", "where_prec"])["border_km"].describe()[["count", "mean", "min", "max"]]"""),
    md("## Incidents per district"),
    code("""\
targets = places[places["role"] == "target"]
per_district = (
    targets.drop_duplicates(["incident_id", "district"])
    .groupby(["country", "district"]).size().sort_values()
)
fig, ax = plt.subplots(figsize=(7, 4))
colors = ["#2c7fb8" if c == "AM" else "#d95f0e" if c == "AZ" else "#999999"
          for c, _ in per_district.index]
ax.barh([d for _, d in per_district.index], per_district.to_numpy(), color=colors)
ax.set_xlabel("incidents with a target in the district")
ax.set_title("Targets by district (blue: Armenia, orange: Azerbaijan)")
plt.tight_layout()
plt.show()"""),
    md("## Over time"),
    code("""\
by_incident = incidents.drop_duplicates("incident_id").dropna(subset=["date_start"])
month = pd.to_datetime(by_incident["date_start"]).dt.to_period("M")
per_month = by_incident.groupby([month, "event_type"]).size().unstack(fill_value=0)
full_range = pd.period_range(month.min(), month.max(), freq="M")
per_month = per_month.reindex(full_range, fill_value=0)
ax = per_month.plot(kind="bar", stacked=True, figsize=(9, 3.5), width=0.85)
ax.set_xlabel("month")
ax.set_ylabel("incidents")
ax.yaxis.get_major_locator().set_params(integer=True)
ax.set_title("Incidents per month and type")
plt.tight_layout()
plt.show()"""),
    md("""\
## One border section: Armenia–Nakhchivan

The border layer holds one line per country pair and section (the main border, the
Nakhchivan section, the enclaves). Pick the Nakhchivan section and the incidents whose
nearest border line it is."""),
    code("""\
borders = layers.borders
am_az = borders[(borders["country_a"] == "AM") & (borders["country_b"] == "AZ")]
am_az[["name", "section", "length_km"]]"""),
    code("""\
section = am_az[am_az["section"].str.contains("Nakh|Nax", case=False)]
assert len(section) == 1, section
section_name = section["section"].iloc[0]
# distances in metres in UTM zone 38N, which covers the South Caucasus
line = section.to_crs(32638).union_all()
km_to_section = incidents.to_crs(32638).distance(line) / 1000
on_section = incidents[(km_to_section <= 30) & (incidents["role"] != "location")]
on_section[["report_id", "mention", "place", "role", "country", "district", "border_km"]]"""),
    code("""\
import geopandas as gpd

area = section.to_crs(32638).buffer(30_000).to_crs(4326)  # 30 km either side
window = gpd.GeoDataFrame(geometry=area, crs=4326)
near_districts = gpd.clip(layers.districts, window)
fig, ax = plt.subplots(figsize=(7, 7))
near_districts.plot(ax=ax, color="#f4f1ea", edgecolor="#aaaaaa", linewidth=0.6)
for _, d in near_districts.iterrows():
    p = d.geometry.representative_point()
    ax.annotate(d["name"], (p.x, p.y), fontsize=7, ha="center", color="#555555")
section.plot(ax=ax, color="black", linewidth=2)
role_colors = {"target": "#d7301f", "origin": "#0570b0", "location": "#999999"}
for role, group in on_section.groupby("role"):
    group.plot(ax=ax, color=role_colors[role], markersize=40, label=role, zorder=3)
ax.set_title(f"Armenia–Azerbaijan border, {section_name} section")
ax.legend(title="role")
ax.set_axis_off()
plt.show()"""),
    md("The same section as an interactive map (offline basemap):"),
    code("""\
m = mapper.build_map(on_section, layers, offline=True, title=f"{section_name} section")
mapper.save_map(m, OUT / "nakhchivan_section.html", offline=True)
m"""),
]

OWN_DATA = [
    md(
        """\
# 03 · Your own data

Your own reports (as files or as text in Python), your own place names, your own layers,
and a border outside the Caucasus."""
        + INSTALL
    ),
    code("import datetime as dt\n\n" + SETUP),
    md("""\
## Reports from Python strings

A `Report` needs an `id` and a `text`; `published` lets relative dates ("on Friday") be
resolved, `source` and `url` are carried through to the output."""),
    code("""\
from mapper.reports import Report

mine = [
    Report(
        id="field-note-1",
        text=("On Friday night units of the Azerbaijani armed forces fired small arms at "
              "Armenian positions near Movses in Tavush province from their positions near "
              "the village of Alibeyli, the Armenian Ministry of Defence said. One soldier "
              "was wounded."),
        published=dt.date(2025, 3, 8),
        source="my field notes",
    ),
    Report(
        id="field-note-2",
        text=("On March 9, units of the Armenian armed forces stationed in the direction of "
              "the Vardenis region fired at the positions of the Azerbaijan Army in the "
              "Kalbajar region, the Ministry of Defense of Azerbaijan said."),
        published=dt.date(2025, 3, 10),
        source="my field notes",
    ),
]
own = mapper.extract(mine)
own[["report_id", "mention", "place", "role", "event_type", "date_start", "wounded",
     "district", "border_km"]]"""),
    md("""\
Your files work the same way: `.txt` (first line the title), `.md` with YAML front matter
(`title`, `published`, `source`, `url`), `.html` (the article is extracted from the page),
`.jsonl`/`.json` and `.csv` with columns `id, text` and optionally `title, published, url,
source`. Folders are read recursively."""),
    code("""\
import csv

rows = [{"id": r.id, "text": r.text, "published": r.published.isoformat(), "source": r.source}
        for r in mine]
with open(OUT / "my_reports.csv", "w", newline="", encoding="utf-8") as fh:
    writer = csv.DictWriter(fh, fieldnames=["id", "text", "published", "source"])
    writer.writeheader()
    writer.writerows(rows)
from_csv = mapper.extract([OUT / "my_reports.csv"])
assert sorted(from_csv["report_id"].unique()) == ["field-note-1", "field-note-2"]
len(from_csv)"""),
    md("""\
## Another border: the India–Pakistan Line of Control

The example `himalayanwire_poonch_2024-09-23.md` is a (team-written) report from Kashmir.
The bundled `world` layers cover every country, so the report maps there as well."""),
    code("""\
poonch_file = REPORTS / "himalayanwire_poonch_2024-09-23.md"
print(poonch_file.read_text(encoding="utf-8"))"""),
    code("""\
world = mapper.load_layers("world")
poonch = mapper.extract([poonch_file], layers=world)
poonch[["mention", "place", "role", "country", "district", "border_km"]]"""),
    md("""\
Only Srinagar, a city of over a million, is recognised. Report text is scanned for the places
of the Caucasus and for large cities elsewhere; smaller places of other regions (Poonch, Kotli,
Mendhar) and army sector names (Krishna Ghati) are looked up by name only, not found in text:"""),
    code("""\
from mapper.gazetteer import add_places, load_gazetteer

gaz = load_gazetteer()
{name: [(c.name, c.country) for c in gaz.lookup(name)][:2]
 for name in ["Poonch", "Kotli", "Mendhar", "Krishna Ghati"]}"""),
    md("""\
## Your own place names

Add places with a CSV file (`name, lat, lon, kind, country`, optionally `canonical`,
`where_prec`, `admin1`, `source`, `geonameid`) or a GeoNames country dump (e.g. `IN.txt`)
through `mapper.gazetteer.add_places`, or list them in `MAPPER_GAZETTEER_FILES` for the command
line. Your places are scanned for in report text. Poonch and Kotli take their GeoNames points;
Mendhar and Krishna Ghati are our approximations, which `where_prec` 2 says in the output."""),
    code("""\
extra = OUT / "my_places.csv"
extra.write_text(
    "name,canonical,geonameid,lat,lon,kind,country,where_prec,source\\n"
    "Poonch,Poonch,1167718,33.77033,74.09254,settlement,IN,1,GeoNames\\n"
    "Kotli,Kotli,1173055,33.51836,73.90220,settlement,PK,1,GeoNames\\n"
    "Mendhar,Mendhar,,33.610,74.134,settlement,IN,2,my approximation\\n"
    "Krishna Ghati,Krishna Ghati,,33.640,74.050,natural,IN,2,my approximation (army sector)\\n",
    encoding="utf-8",
)
add_places(extra)
poonch = mapper.extract([poonch_file], layers=world)
poonch[["mention", "place", "kind", "where_prec", "role", "country", "border_km"]]"""),
    md("""\
## Your own layers

`load_layers` also reads your files: a GeoPackage with layers named `countries`, `borders`
and `districts`, or each layer from any file geopandas reads. Columns with other common names
(`NAME_1`, `shapeName`, `shapeISO`, `ISO_A2`, ...) are recognised; missing border lines are
derived from the countries' shared edges.

Here we cut India and Pakistan out of the world layers, write them as a user would have
them (countries in a GeoPackage, districts as GeoJSON with geoBoundaries-style column names)
and load them back."""),
    code("""\
pair = ["IN", "PK"]
countries = world.countries[world.countries["iso_a2"].isin(pair)]
districts = world.districts[world.districts["country"].isin(pair)]

gpkg = OUT / "india_pakistan.gpkg"
countries[["name", "iso_a2", "geometry"]].to_file(gpkg, layer="countries")
geojson = OUT / "india_pakistan_districts.geojson"
(districts[["name", "iso_3166_2", "country", "geometry"]]
 .rename(columns={"name": "shapeName", "iso_3166_2": "shapeISO"})
 .to_file(geojson))

mine_layers = mapper.load_layers(path=gpkg, districts=geojson)
mine_layers.borders[["name", "section", "length_km"]]"""),
    code("""\
on_loc = mapper.extract([poonch_file], layers=mine_layers)
on_loc[["mention", "place", "role", "country", "district", "border_km"]]"""),
    code("""\
m = mapper.build_map(on_loc, mine_layers, offline=True, title="Line of Control, Poonch")
mapper.save_map(m, OUT / "poonch.html", offline=True)
m"""),
    md("""\
## Export for other tools

GeoPackage for QGIS, GeoParquet for large tables, CSV for spreadsheets."""),
    code("""\
for name in ["own.gpkg", "own.parquet", "own.csv"]:
    path = mapper.write(own, OUT / name)
    print(path.name, path.stat().st_size, "bytes")"""),
    md("""\
## More reports than one core: Dask

`mapper.extract_dask` gives the same rows as `mapper.extract`, as a lazy
`dask_geopandas.GeoDataFrame` with one partition per part of the reports (whole files, or
byte ranges of big JSON Lines and CSV files), computed on the Dask scheduler in use: here a
local cluster of two processes, each loading the gazetteer index once. It also takes a
`dask.bag` of texts or rows, or a Dask DataFrame with a text column. On the command line:
`mapper extract big.jsonl -o incidents.parquet --workers 2` (or `--scheduler ADDRESS`).
Needs the `dask` extra: `pip install 'border-incident-mapper[dask]'`."""),
    code("""\
from distributed import Client, LocalCluster
from mapper.scale import compute

cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
client = Client(cluster)
lazy, summary = mapper.extract_dask(REPORTS, part_bytes=20_000, summary=True)
print(lazy.npartitions, "partitions")
gdf, summary = compute(lazy, summary)  # one pass: the rows and what became of each report
print(summary.lines()[0])
same = mapper.extract(REPORTS)
print("same rows as one core:", gdf[["report_id", "place", "role"]].values.tolist()
      == same[["report_id", "place", "role"]].values.tolist())"""),
    code("""\
client.close()
cluster.close()"""),
]

NOTEBOOKS = {
    "01_quickstart.ipynb": QUICKSTART,
    "02_near_the_border.ipynb": NEAR_BORDER,
    "03_your_own_data.ipynb": OWN_DATA,
}


def build(cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    """A notebook of ``cells`` with the python3 kernel and no outputs."""
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:02d}"  # stable ids keep git diffs small
    return nb


def main(out: Path = HERE) -> None:
    """Write every notebook into ``out``."""
    for name, cells in NOTEBOOKS.items():
        nb = build(cells)
        nbformat.validate(nb)
        nbformat.write(nb, out / name)
        print("wrote", out / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
