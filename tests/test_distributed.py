"""Extraction on Dask: a real LocalCluster of two processes gives the rows and the summary of a
one-core run, through the command line (``--workers 2``) and the API (``extract_dask``)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
import geopandas as gpd
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from rich.console import Console

import mapper
from mapper.commands import run_extract
from mapper.export import read_incidents
from mapper.pipeline import Summary, extract
from mapper.reports.readers import report_from_row
from mapper.scale import compute, extract_dask, run_extract_dask
from mapper.scale.stream import LOCAL_CLUSTER
from mapper.scale.work import conform

# a Dask warning that a graph is computed twice (mixed collections) fails the test
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("error:Computing mixed")]
ROOT = Path(__file__).resolve().parent.parent

# Team-written reports in the styles of ministry statements and wire copy.
TEXTS = [
    "On March 3, Armenian units fired at Azerbaijani positions in the direction of Tovuz "
    "region from positions in Berd. There were no casualties.",
    "Mortar fire hit the village of Sotk in Gegharkunik on Monday; one serviceman was wounded.",
    "Azerbaijani forces shelled Jermuk with grenade launchers on the night of May 12-13.",
    "A quadcopter drone dropped a grenade near Kapan, the Armenian defence ministry said.",
    "Units stationed near Kalbajar fired with small arms at positions near Vardenis.",
    "Residents of Tegh reported gunfire along the border overnight; no one was hurt.",
    "The ministry said Gadabay district came under fire from large-calibre machine guns.",
    "Nothing happened on the border today, the press service said.",
    "Shelling was reported near Sadarak in Nakhchivan; two civilians were injured.",
    "Armenian positions near Ijevan were fired upon from the direction of Gazakh.",
]


def _corpus(folder: Path, copies: int = 6) -> list[str]:
    """A JSON Lines file, a CSV file and two one-report files; bad rows and a bad file."""
    rows = [
        {"id": f"w{i}", "text": t, "published": f"2024-0{1 + i % 9}-20", "source": "wire"}
        for i, t in enumerate(TEXTS * copies)
    ]
    lines = [json.dumps(r) for r in rows]
    lines.insert(17, "{a broken line")
    lines.insert(33, json.dumps({"id": "notext", "title": "no text here"}))
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (folder / "digest.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "title", "text"])
        for i, t in enumerate(TEXTS * copies):
            out.writerow([f"d{i}", "Digest", f'The statement read:\n"{t}"'])
    (folder / "a_statement.txt").write_text(TEXTS[0] + "\n\n" + TEXTS[4], encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text \x00")
    return [str(folder)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def one_core(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("one") / "one.csv"
    summary = run_extract(corpus, out, region="caucasus")
    return out, summary


@pytest.fixture(scope="module")
def cluster():
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, **LOCAL_CLUSTER) as cl,
        Client(cl) as client,
    ):
        yield cl, client


def _values(frame: pd.DataFrame) -> dict[str, list]:
    """Columns as lists of values, missing ones None (Dask keeps text in its string type)."""
    plain = pd.DataFrame(frame).reset_index(drop=True).astype(object)
    columns = plain.where(plain.notna(), None).to_dict(orient="list")
    return {c: [list(v) if hasattr(v, "tolist") else v for v in vs] for c, vs in columns.items()}


def test_one_core_reference_holds_the_bad_reports(one_core):
    _, summary = one_core
    named = " ".join(str(e) for e in summary.errors)
    assert "binary.txt" in named and "wire.jsonl:18" in named and "notext" in named
    assert summary.read == 2 * 6 * len(TEXTS) + 1 and summary.places > 100


def test_parts_on_two_workers_give_the_one_core_file_and_summary(
    corpus, one_core, cluster, tmp_path
):
    cl, client = cluster
    out, said = tmp_path / "two.csv", io.StringIO()
    summary = run_extract_dask(
        corpus, out, scheduler=cl.scheduler_address, part_bytes=1500,
        console=Console(file=said, width=200),
    )  # fmt: skip
    assert out.read_bytes() == one_core[0].read_bytes()
    assert summary.lines() == one_core[1].lines()
    peak = re.search(
        r"on Dask: 2 worker processes, peak memory per worker ([\d,]+) MB", said.getvalue()
    )
    assert peak and int(peak[1].replace(",", "")) > 100  # its own index and layers
    # both processes ran parts: each loaded the pipeline's stages
    loaded = client.run(lambda: "mapper.incidents" in sys.modules)
    assert len(loaded) == 2 and all(loaded.values())


def test_cli_workers_2_gives_the_one_core_output(corpus, tmp_path):
    env = {**os.environ, "COLUMNS": "200"}
    runs = {}
    for name, extra in (("one", []), ("two", ["--workers", "2"])):
        out = tmp_path / f"{name}.geojson"
        done = subprocess.run(
            [sys.executable, "-m", "mapper", "extract", *corpus, "-o", str(out), *extra],
            capture_output=True, text=True, env=env, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        said = done.stderr.replace(str(out), "OUT").splitlines()
        runs[name] = (out.read_bytes(), [line for line in said if "on Dask" not in line])
    assert runs["one"] == runs["two"]
    said = "\n".join(runs["two"][1])
    assert "binary.txt" in said and "errors: 3" in said


def test_api_gives_the_rows_and_summary_of_extract(corpus, one_core, cluster):
    lazy, summary = extract_dask(corpus, region="caucasus", part_bytes=1500, summary=True)
    assert isinstance(lazy, mapper.scale.frames.dask_geopandas.GeoDataFrame)
    assert lazy.npartitions > 3
    gdf, done = compute(lazy, summary)
    reference = Summary()
    expected = extract(corpus, region="caucasus", summary=reference)
    assert isinstance(gdf, gpd.GeoDataFrame) and gdf.crs.to_epsg() == 4326
    # Dask keeps text as its string type: values, not types, are compared
    assert _values(gdf) == _values(conform(expected))
    assert done.lines() == reference.lines() == one_core[1].lines()


def test_api_takes_a_bag_of_rows_and_a_dataframe_of_texts(cluster):
    rows = [{"id": f"b{i}", "text": t, "published": "2024-05-20"} for i, t in enumerate(TEXTS)]
    reports = [report_from_row(r, r["id"], r["id"]) for r in rows]
    expected = conform(extract(reports, region="caucasus"))
    from_bag = extract_dask(db.from_sequence(rows, npartitions=3)).compute()
    assert _values(from_bag) == _values(expected)
    frame = pd.DataFrame(rows).set_index("id").rename(columns={"text": "body"})
    from_df = extract_dask(dd.from_pandas(frame, npartitions=2), text_column="body").compute()
    assert _values(from_df) == _values(expected)
    texts = extract_dask(db.from_sequence([TEXTS[2], 42], npartitions=1), summary=True)
    gdf, summary = compute(*texts)
    assert set(gdf["report_id"]) == {"text:0:1"} and "item 0:2" in str(summary.errors[0])


def test_partitioned_parquet_is_a_geoparquet_dataset_of_the_same_rows(
    corpus, one_core, cluster, tmp_path
):
    cl, _ = cluster
    out = tmp_path / "incidents.parquet"
    summary = run_extract_dask(
        corpus, out, scheduler=cl.scheduler_address, partitioned=True, part_bytes=3000
    )
    assert out.is_dir() and len(list(out.glob("*.parquet"))) > 2
    got = gpd.read_parquet(out)
    assert got.crs.to_epsg() == 4326
    expected = read_incidents(one_core[0])
    assert len(got) == len(expected) == summary.places
    key = ["report_id", "incident_id", "start", "role"]
    pairs = zip(
        got.sort_values(key)[["report_id", "place", "lat"]].itertuples(index=False),
        expected.sort_values(key)[["report_id", "place", "lat"]].itertuples(index=False),
        strict=True,
    )
    assert all(a == b for a, b in pairs)
    assert summary.lines() == one_core[1].lines()


def test_without_dask_workers_names_the_extra(tmp_path):
    blocked = (
        "import sys; sys.modules['distributed'] = None; sys.argv = sys.argv[1:]; "
        "from mapper.cli import main; main()"
    )
    (tmp_path / "r.txt").write_text(TEXTS[0], encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", blocked, "mapper", "extract", str(tmp_path / "r.txt"), "-o",
         str(tmp_path / "o.geojson"), "--workers", "2"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert "[dask]" in done.stderr and "pip install" in done.stderr
    assert not (tmp_path / "o.geojson").exists()


def test_an_id_used_in_two_parts_is_renamed_as_on_one_core(cluster, tmp_path):
    cl, _ = cluster
    for name in ("monday", "tuesday"):  # two wires that number their items alike
        rows = [{"id": f"item-{i}", "text": t} for i, t in enumerate(TEXTS[:4])]
        (tmp_path / f"{name}.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    one = run_extract([str(tmp_path)], tmp_path / "one.csv")
    two = run_extract_dask(
        [str(tmp_path)], tmp_path / "two.csv", scheduler=cl.scheduler_address, part_bytes=200
    )
    got, expected = pd.read_csv(tmp_path / "two.csv"), pd.read_csv(tmp_path / "one.csv")
    assert got["report_id"].nunique() == expected["report_id"].nunique() == 8
    assert got["incident_id"].nunique() == expected["incident_id"].nunique()
    renamed = [w for w in two.warnings if "duplicate id" in w]
    assert len(renamed) == 4, two.warnings
    assert one.warning_count >= 4 and "item-0~2" in renamed[0]


@pytest.mark.parametrize("suffix", [".csv", ".geojson", ".parquet"])
def test_parts_encoded_by_workers_give_the_one_core_file_ids_renamed_too(cluster, tmp_path, suffix):
    # the workers encode rows as the file holds them; an id two parts share is renamed in
    # that encoded form by the driver (the CSV, GeoJSON and Arrow cases differ)
    cl, _ = cluster
    for name in ("monday", "tuesday"):
        rows = [
            {"id": f"item-{i}", "text": t, "published": "2024-05-20", "source": 'wire, "AM"'}
            for i, t in enumerate(TEXTS[:5])
        ]
        (tmp_path / f"{name}.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out_one, out_two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
    one = run_extract([str(tmp_path)], out_one)
    two = run_extract_dask([str(tmp_path)], out_two, scheduler=cl.scheduler_address, part_bytes=200)
    renamed = [sum("duplicate id" in w for w in s.warnings) for s in (one, two)]
    assert renamed[0] == renamed[1] == 5  # every report of these five has rows
    assert two.places == one.places > 8
    if suffix == ".parquet":
        got, expected = read_incidents(out_two), read_incidents(out_one)
        assert "item-0~2" in set(got["report_id"])
        assert _values(got) == _values(expected)
    else:
        assert b"item-0~2" in out_two.read_bytes()
        assert out_two.read_bytes() == out_one.read_bytes()


def test_ids_of_earlier_parts_are_found_once_packed_as_hashes():
    # past _MERGE_EVERY ids the driver keeps them as a sorted array of hashes: ids from
    # there and from the recent set are both found, and a new name avoids both
    from mapper.scale.encode import EncodedPart
    from mapper.scale.stream import _MERGE_EVERY, PartIds

    ids, summary = PartIds(), Summary()
    first = [f"r{i}" for i in range(_MERGE_EVERY + 10)]
    assert ids.claim(EncodedPart("GeoParquet", [], len(first), first), summary).ids == first
    assert len(ids) == len(first) and "r0" in ids and "r-1" not in ids
    ids.claim(EncodedPart("GeoParquet", [], 2, ["x", "r7~2"]), summary)  # recent, not yet packed
    later = ids.claim(EncodedPart("GeoParquet", [], 3, ["r7", "x", "new"]), summary)
    assert later.ids == ["r7~3", "x~2", "new"]
    assert [w.split(":")[0] for w in summary.warnings] == ["r7~3", "x~2"]


def test_workers_of_the_local_cluster_keep_no_profile_history():
    # Dask's profiler would keep a tree of sampled stacks per second for 1,000 seconds:
    # worker memory then grows for the first 17 minutes of a run
    import time

    from mapper.scale.stream import DaskFrames
    from mapper.scale.work import require_dask

    engine = DaskFrames(require_dask(), [], "caucasus", None, 2, None, None)
    with engine._client(Console(file=io.StringIO())) as client:
        client.submit(time.sleep, 2.5, pure=False).result()
        kept = client.run(lambda dask_worker: len(dask_worker.profile_history))
    assert len(kept) == 2 and set(kept.values()) == {0}
