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
    assert fold_variants("Cəbrayıl", country="AZ") >= {"jabrayil"}
    assert "khojali" in fold_variants("Xocalı", country="AZ")
    assert "gubadli" in fold_variants("Qubadlı", country="AZ")
    assert fold("Şuşa") == "shusha" and fold("Ağdam") == "aghdam" and fold("Gədəbəy") == "gadabay"
    assert english_spelling("Laçın", country="AZ") == "Lachin"
    # the rule is not applied to names that are already English
    assert fold_variants("Khojaly", country="AZ") == {"khojaly"}


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


def test_every_village_of_the_world_is_scanned_in_text(gaz):
    assert any(c.geonameid == 3038999 for c in gaz.lookup("Soldeu"))  # an Andorran village
    folded, _ = fold_text("Snow closed the road to Soldeu and Bilopillia on Monday.")
    found = {key for _s, _e, key in gaz.scan(folded)}
    assert {"soldeu", "bilopillia"} <= found
    # the former core tier (profiles' regions, big cities) stays available to old callers
    core = {key for _s, _e, key in gaz.scan(folded, everywhere=False)}
    assert "soldeu" not in core and "monday" not in core


def test_index_is_cached_per_process_and_on_disk(gaz):
    assert load_gazetteer() is gaz
    assert list(settings.cache_dir.glob("gazetteer-*/meta.json"))


def test_user_csv_and_geonames_dump_extend_the_gazetteer(tmp_path, monkeypatch):
    load_gazetteer()
    user = tmp_path / "mine.csv"
    user.write_text(
        "name,lat,lon,kind,country,source\nHill 1582,40.61,45.52,natural,AZ,my survey\n",
        encoding="utf-8",
    )
    dump = tmp_path / "AZ.txt"
    cols = ["9990001", "Qaragöl", "Qaragol", "Garagol,Karagel", "39.59", "46.06", "H", "LK",
            "AM", "", "08", "", "", "", "0", "", "2658", "Asia/Yerevan", "2024-01-01"]  # fmt: skip
    dump.write_text("\t".join(cols) + "\n", encoding="utf-8")
    import mapper.gazetteer.loading as g

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
    import mapper.gazetteer.loading as g

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
    import mapper.gazetteer.loading as g

    load_gazetteer()
    before = sorted(settings.cache_dir.glob("gazetteer-*"))
    user = tmp_path / "mine.csv"
    user.write_text("name,lat,lon,kind,country\nHill 2027,40.6,45.5,natural,AZ\n", "utf-8")
    monkeypatch.setattr(g, "_added", [])
    try:
        assert add_places(user).lookup("Hill 2027", full=False)[0].country == "AZ"
        assert sorted(settings.cache_dir.glob("gazetteer-*")) == before
        user.write_text("name,lat,lon,kind,country\nHill 2028,40.6,45.5,natural,AZ\n", "utf-8")
        assert add_places(user).lookup("Hill 2028", full=False)  # an edited file is re-read
        assert sorted(settings.cache_dir.glob("gazetteer-*")) == before
    finally:
        monkeypatch.setattr(g, "_added", [])
        load_gazetteer.cache_clear()


def test_writing_an_index_prunes_stale_ones(tmp_path):
    import os

    from mapper.gazetteer.loading import KEEP_CACHED, _prune

    for n in range(5):
        old = tmp_path / f"gazetteer-{n:016x}"
        old.mkdir()
        (old / "meta.json").write_text("{}")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    legacy = tmp_path / "gazetteer-full-0000000000000001.pickle"
    legacy.write_bytes(b"stale")
    os.utime(legacy, (999_000, 999_000))
    other = tmp_path / "geocode-cache.sqlite"
    other.write_bytes(b"not ours")
    new = tmp_path / "gazetteer-00000000000000ff"
    new.mkdir()
    _prune(new)
    left = sorted(p.name for p in tmp_path.glob("gazetteer-*"))
    kept = [f"gazetteer-{n:016x}" for n in range(5 - KEEP_CACHED, 5)]
    assert left == sorted([*kept, new.name])  # the newest stale ones stay beside the new one
    assert other.exists() and not legacy.exists()


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


# --- places the user adds: `mapper gazetteer add` and `fetch` ------------------------------

# A small dump in GeoNames' 19-column format, written by the team (points approximate).
_DUMP_ROWS = [
    ["9990101", "Torkham Border Crossing", "Torkham Border Crossing", "Torkham Gate,Torkham",
     "34.1006", "71.0894", "S", "PSTB", "AF", "", "18", "", "", "", "0", "", "1100",
     "Asia/Kabul", "2024-01-01"],
    ["9990102", "Tora Bora", "Tora Bora", "Tora Bura", "34.1140", "70.2160", "T", "MTS", "AF",
     "", "18", "", "", "", "0", "", "3200", "Asia/Kabul", "2024-01-01"],
    ["9990103", "Gulzaray Kalay", "Gulzaray Kalay", "Gul Zarai", "31.0120", "66.3990", "P",
     "PPL", "AF", "", "23", "", "", "", "0", "", "1300", "Asia/Kabul", "2024-01-01"],
    ["9990104", "Dand-e Patan Road", "Dand-e Patan Road", "", "33.7", "69.9", "R", "RD", "AF",
     "", "", "", "", "", "0", "", "", "Asia/Kabul", "2024-01-01"],
]  # fmt: skip


def _zip_dump(folder, cc, rows, member=None):
    import zipfile

    text = "".join("\t".join(r) + "\n" for r in rows)
    with zipfile.ZipFile(folder / f"{cc}.zip", "w") as zf:
        zf.writestr(member or f"{cc}.txt", text)


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """A cache folder of the test's own that shares the session's index (linked, not built)."""
    load_gazetteer()
    cache = tmp_path / "cache"
    cache.mkdir()
    for index in settings.cache_dir.glob("gazetteer-*"):
        if (index / "meta.json").is_file():
            (cache / index.name).symlink_to(index)
    monkeypatch.setattr(settings, "cache_dir", cache)
    load_gazetteer.cache_clear()
    yield cache
    load_gazetteer.cache_clear()


@pytest.fixture
def dump_server(tmp_path):
    """GeoNames' download folder, served over HTTP by a real process on this machine."""
    import socket
    import subprocess
    import sys
    import time

    folder = tmp_path / "dump"
    folder.mkdir()
    _zip_dump(folder, "AF", _DUMP_ROWS)
    _zip_dump(folder, "PK", _DUMP_ROWS[:1], member="readme.txt")  # not a country dump
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_fetch_is_refused_offline_and_says_how(private_cache, monkeypatch):
    from mapper.gazetteer.fetch import fetch_countries

    monkeypatch.setattr(settings, "online_geocoding", False)
    with pytest.raises(GazetteerError, match="online access, which is off: pass --online"):
        fetch_countries(["AF"])
    with pytest.raises(GazetteerError, match="not a country code"):
        fetch_countries(["Afghanistan"])
    assert not (private_cache / "places").exists()


def test_fetch_downloads_verifies_and_indexes_a_country_dump(private_cache, dump_server,
                                                             monkeypatch):  # fmt: skip
    from mapper.gazetteer.fetch import fetch_countries, kept_files

    monkeypatch.setattr(settings, "online_geocoding", True)
    monkeypatch.setattr(settings, "geonames_dump_url", dump_server)
    (kept,) = fetch_countries(["af"])
    assert kept.name == "AF.txt" and kept_files() == [kept]
    meta = kept.with_suffix(".json").read_text()
    assert '"rows": 4' in meta and dump_server in meta
    gaz = load_gazetteer()
    (post,) = gaz.lookup("Torkham Gate")
    assert (post.geonameid, post.kind, post.country, post.feature_code) == (
        9990101, "natural", "AF", "PSTB")  # fmt: skip
    assert gaz.lookup("Tora Bura")[0].name == "Tora Bora"
    assert gaz.lookup("Dand-e Patan Road") == []  # roads are not kept
    folded, _ = fold_text("Shots were fired near the Torkham Border Crossing and Gul Zarai.")
    assert {"torkham border crossing", "gul zarai"} <= {k for _s, _e, k in gaz.scan(folded)}
    assert "gul zarai" in gaz.country_keys("AF")
    # a second process reads the kept dump (from its cached copy) with no download
    load_gazetteer.cache_clear()
    monkeypatch.setattr(settings, "geonames_dump_url", "http://127.0.0.1:9/nothing")
    assert load_gazetteer().lookup("Tora Bora")
    # a file that is no country dump is refused, naming the address
    monkeypatch.setattr(settings, "geonames_dump_url", dump_server)
    with pytest.raises(GazetteerError, match=r"PK.zip is not GeoNames' dump of PK"):
        fetch_countries(["PK"])


def test_gazetteer_add_and_fetch_on_the_command_line(private_cache, tmp_path):
    import os
    import subprocess
    import sys

    mapper_cmd = [sys.executable, "-m", "mapper"]
    env = {**os.environ, "MAPPER_CACHE": str(private_cache), "MAPPER_ONLINE": ""}
    offline = subprocess.run([*mapper_cmd, "gazetteer", "fetch", "AF"], env=env,
                             capture_output=True, text=True)  # fmt: skip
    assert offline.returncode == 2 and "online access, which is off" in offline.stderr
    mine = tmp_path / "posts.csv"
    mine.write_text("name,lat,lon,kind,country,source\n"
                    "Post 17 Kharkiv,50.35,36.3,natural,UA,my survey\n", "utf-8")  # fmt: skip
    added = subprocess.run([*mapper_cmd, "gazetteer", "add", str(mine)], env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "kept posts.csv" in added.stdout
    found = subprocess.run([*mapper_cmd, "geocode", "Post 17 Kharkiv"], env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert found.returncode == 0 and "Post 17 Kharkiv\tnatural\tUA" in found.stdout
    bad = subprocess.run([*mapper_cmd, "gazetteer", "add", str(tmp_path / "none.csv")],
                         env=env, capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 2 and "not found" in bad.stderr
