"""The offline gazetteer: sources, spellings, alias table, user files, cache."""

from __future__ import annotations

import csv

import pytest
from shapely.geometry import Point

from mapper import settings
from mapper.errors import GazetteerError
from mapper.gazetteer import add_places, alias_table_path, load_gazetteer
from mapper.gazetteer.names import english_spelling, fold, fold_text, fold_variants
from mapper.spatial import load_layers

KALBAJAR_TOWN, KALBAJAR_DISTRICT = 586268, 586047


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.mark.parametrize(
    "spelling",
    ["Kalbajar", "Kəlbəcər", "Kelbajar", "Kelbadjar", "Karvachar", "K'arvacharr", "KALBAJAR",
     "Кельбаджар", "Քարվաճառ", "Kəlbəcər rayonu", "Kalbajar District"],
)  # fmt: skip
def test_kalbajar_under_all_its_spellings(gaz, spelling):
    ids = {(c.geonameid, c.kind) for c in gaz.lookup(spelling)}
    assert (KALBAJAR_TOWN, "settlement") in ids or (KALBAJAR_DISTRICT, "district") in ids


def test_azerbaijani_letters_follow_the_english_rule():
    assert fold_variants("Cəbrayıl", azerbaijani=True) >= {"jabrayil"}
    assert "khojali" in fold_variants("Xocalı", azerbaijani=True)
    assert "gubadli" in fold_variants("Qubadlı", azerbaijani=True)
    assert fold("Şuşa") == "shusha" and fold("Ağdam") == "aghdam" and fold("Gədəbəy") == "gadabay"
    assert english_spelling("Laçın", azerbaijani=True) == "Lachin"
    # the rule is not applied to names that are already English
    assert fold_variants("Khojaly", azerbaijani=True) == {"khojaly"}


def test_apostrophes_and_possessives_fold_to_word_boundaries():
    assert fold("Kalbajar’s") == "kalbajar s" == fold("Kalbajar's")
    assert {"sotk", "sot k"} <= fold_variants("Sot'k'")
    folded, offsets = fold_text("Laçın’s")
    assert folded == " lachin s " and offsets is not None and len(offsets) == len(folded)


def test_script_transliteration_meets_latin_names(gaz):
    assert any(c.geonameid == 616108 for c in gaz.lookup("Басаргечар"))
    assert any(c.geonameid == 616108 for c in gaz.lookup("Վարդենիս"))


def test_two_vardenis_and_the_former_raion(gaz):
    found = {(c.geonameid, c.kind, c.admin1) for c in gaz.lookup("Vardenis")}
    assert {(616108, "settlement", "AM-GR"), (616107, "settlement", "AM-AG")} <= found
    assert (616108, "district", "AM-GR") in found  # Basarkechar/Vardenis region


def test_lachin_district_point_lies_in_lachin(gaz):
    districts = load_layers("caucasus").districts
    lachin = districts[districts.iso_3166_2 == "AZ-LAC"].geometry.iloc[0]
    cand = next(c for c in gaz.lookup("Laçın") if c.kind == "district")
    assert cand.admin1 == "AZ-LAC" and cand.name == "Lachin"
    assert lachin.contains(Point(cand.lon, cand.lat))
    # Natural Earth's mislabel does not leak: "Lankaran" is never Lachin district
    assert all(c.admin1 != "AZ-LAC" for c in gaz.lookup("Lankaran"))


def test_nakhchivan_autonomous_republic_is_a_province(gaz):
    nx = [c for c in gaz.lookup("Nakhchivan") if c.kind == "province"]
    assert nx and nx[0].admin1 == "AZ-NX" and 38.8 < nx[0].lat < 39.8


def test_alias_table_rows_are_cited_and_sane(gaz):
    with alias_table_path().open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    assert len(rows) > 80
    for r in rows:
        assert r["source"], r
        assert r["kind"] in {"settlement", "district", "province", "natural", "country"}, r
        assert r["lat"] and r["lon"] or not r["geonameid"] and r["kind"] in ("district", "province")
        if r["source"] == "team estimate":
            assert int(r["where_prec"]) >= 2, r
            assert 38 < float(r["lat"]) < 42 and 43 < float(r["lon"]) < 48, r
        elif r["source"] == "team estimate (world)":  # seas, rivers, regions of world news
            assert int(r["where_prec"]) >= 5 and r["kind"] in ("natural", "province"), r
        assert gaz.lookup(r["name"]), r["name"]


def test_goycha_is_lake_sevan_and_zangezur_is_syunik(gaz):
    assert [c.kind for c in gaz.lookup("Goycha")] == ["natural"]
    assert any(c.kind == "province" and c.admin1 == "AM-SU" for c in gaz.lookup("Zangezur"))


def test_worldwide_tier_holds_small_places_the_core_leaves_out(gaz):
    assert not gaz.candidates(fold("Soldeu"))  # an Andorran village: not scanned in text
    assert any(c.geonameid == 3038999 for c in gaz.lookup("Soldeu"))


def test_index_is_cached_per_process_and_on_disk(gaz):
    assert load_gazetteer() is gaz
    assert list(settings.cache_dir.glob("gazetteer-*.pickle"))


def test_user_csv_and_geonames_dump_extend_the_gazetteer(tmp_path, monkeypatch):
    load_gazetteer()
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    user = tmp_path / "mine.csv"
    user.write_text(
        "name,lat,lon,kind,country,source\nHill 1582,40.61,45.52,natural,AZ,my survey\n",
        encoding="utf-8",
    )
    dump = tmp_path / "AZ.txt"
    cols = ["9990001", "Qaragöl", "Qaragol", "Garagol,Karagel", "39.59", "46.06", "H", "LK",
            "AM", "", "08", "", "", "", "0", "", "2658", "Asia/Yerevan", "2024-01-01"]  # fmt: skip
    dump.write_text("\t".join(cols) + "\n", encoding="utf-8")
    import mapper.gazetteer.lookup as g

    monkeypatch.setattr(g, "_added", [])
    try:
        extended = add_places(user, dump)
        hill = extended.lookup("Hill 1582", full=False)
        assert hill and hill[0].source == "my survey" and hill[0].kind == "natural"
        lake = [c for c in extended.lookup("Karagel", full=False) if c.geonameid == 9990001]
        assert lake and lake[0].kind == "natural" and lake[0].where_prec == 7
    finally:
        load_gazetteer.cache_clear()


def test_bad_user_files_are_named_in_the_error(tmp_path, monkeypatch):
    import mapper.gazetteer.lookup as g

    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    monkeypatch.setattr(g, "_added", [])
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon,kind,country\nNowhere,,,settlement,AM\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="bad.csv"):
        add_places(bad)
    monkeypatch.setattr(g, "_added", [])
    dump = tmp_path / "broken.txt"
    dump.write_text("1\tonly\tthree\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="broken.txt: line 1 has 3 columns"):
        add_places(dump)
    with pytest.raises(GazetteerError, match="not found"):
        add_places(tmp_path / "missing.csv")
    load_gazetteer.cache_clear()


def _marked_off_layers():
    # exclaves too small for Natural Earth (Karki) are flagged in the note of their main row
    rows = list(csv.DictReader(r for r in alias_table_path().open(encoding="utf-8")
                               if not r.startswith("#")))  # fmt: skip
    return rows, {r["canonical"] for r in rows if "not drawn in the bundled layers" in r["note"]}


def test_every_alias_row_lies_in_its_own_country():
    rows, exempt = _marked_off_layers()
    caucasus = load_layers("caucasus")
    x0, y0, x1, y1 = caucasus.countries.total_bounds
    world = None
    bad = []
    for r in rows:
        if not (r["lat"] and r["country"]) or r["canonical"] in exempt:
            continue
        pt = Point(float(r["lon"]), float(r["lat"]))
        layers = caucasus
        if not (x0 <= pt.x <= x1 and y0 <= pt.y <= y1):
            layers = world = world or load_layers("world")
        poly = layers.countries[layers.countries.iso_a2 == r["country"]].geometry.union_all()
        if poly.distance(pt) * 111 > 1.0:  # degrees to km, generous at this latitude
            bad.append((r["name"], r["country"], round(poly.distance(pt) * 111, 1)))
    assert bad == []
    assert exempt == {"Karki"}


def test_user_files_are_laid_on_the_cached_index_without_a_new_cache_file(tmp_path, monkeypatch):
    import mapper.gazetteer.lookup as g

    load_gazetteer()
    before = sorted(settings.cache_dir.glob("gazetteer-*.pickle"))
    user = tmp_path / "mine.csv"
    user.write_text("name,lat,lon,kind,country\nHill 2027,40.6,45.5,natural,AZ\n", "utf-8")
    monkeypatch.setattr(g, "_added", [])
    try:
        assert add_places(user).lookup("Hill 2027", full=False)[0].country == "AZ"
        assert sorted(settings.cache_dir.glob("gazetteer-*.pickle")) == before
        user.write_text("name,lat,lon,kind,country\nHill 2028,40.6,45.5,natural,AZ\n", "utf-8")
        assert add_places(user).lookup("Hill 2028", full=False)  # an edited file is re-read
        assert sorted(settings.cache_dir.glob("gazetteer-*.pickle")) == before
    finally:
        monkeypatch.setattr(g, "_added", [])
        load_gazetteer.cache_clear()


def test_writing_an_index_prunes_stale_ones(tmp_path):
    import os

    from mapper.gazetteer.lookup import KEEP_CACHED, _write_cache

    for n in range(5):
        for tier in ("", "full-"):
            old = tmp_path / f"gazetteer-{tier}{n:016x}.pickle"
            old.write_bytes(b"stale")
            os.utime(old, (1_000_000 + n, 1_000_000 + n))
    other = tmp_path / "geocode-cache.sqlite"
    other.write_bytes(b"not ours")
    _write_cache(tmp_path / "gazetteer-00000000000000ff.pickle", {"new": 1})
    core = sorted(p.name for p in tmp_path.glob("gazetteer-*.pickle") if "full" not in p.name)
    full = sorted(p.name for p in tmp_path.glob("gazetteer-full-*.pickle"))
    # the newest stale core files stay beside the new one; the full tier is untouched
    kept = [f"gazetteer-{n:016x}.pickle" for n in range(5 - KEEP_CACHED, 5)]
    assert core == sorted([*kept, "gazetteer-00000000000000ff.pickle"])
    assert len(full) == 5 and other.exists()


def test_units_sharing_a_name_across_countries_are_both_kept(gaz):
    # Natural Earth's Punjab of India was dropped as a "mix-up" alias of Pakistan's
    punjab = {(c.country, c.geonameid) for c in gaz.lookup("Punjab") if c.kind == "province"}
    assert punjab >= {("PK", 1167710), ("IN", 1259223)}


def test_places_of_no_country_say_so_with_none(gaz):
    kashmir = [c for c in gaz.lookup("Kashmir") if c.kind == "province"]
    assert kashmir and all(c.country is None for c in kashmir)
    assert all(c.country is None for c in gaz.lookup("Black Sea"))
    assert all(c.geonameid is None or c.geonameid > 0 for c in gaz.lookup("Dhekelia"))


def test_a_qualifier_in_another_language_finds_the_village_but_never_its_namesake():
    gaz = load_gazetteer()
    assert {c.name for c in gaz.lookup("Upper Askipara")} == {"Yukhari Askipara"}
    assert gaz.lookup("Ashaghi Askipara") == []  # not Yukhari Askipara: another village
