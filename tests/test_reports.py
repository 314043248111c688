"""Reading reports from files, folders and standard input; encodings; bad input."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mapper.errors import ReportError
from mapper.reports import Report, parse_published, read_reports, read_text_report

DATA = Path(__file__).parent / "data"
REPORTS = DATA / "reports"
BAD = DATA / "bad"

RU_STATEMENT = (
    "Министерство обороны Азербайджана сообщило, что 9 декабря армянские подразделения "
    "обстреляли позиции азербайджанской армии в Кельбаджарском районе."
)


def _read(*paths: object, **kw: object) -> list[Report | ReportError]:
    return list(read_reports([str(p) for p in paths], **kw))  # type: ignore[arg-type]


def _one(path: Path) -> Report:
    (item,) = _read(path)
    assert isinstance(item, Report), item
    return item


def _by_id(items: list[Report | ReportError]) -> dict[str, Report]:
    return {r.id: r for r in items if isinstance(r, Report)}


def test_text_report_title_from_first_line_and_id_from_stem() -> None:
    report = _one(REPORTS / "az_mod_kalbajar.txt")
    assert report.id == "az_mod_kalbajar"
    assert report.title == "Armenian units fire at Azerbaijani positions in Kalbajar region"
    assert report.text.startswith("Armenian units fire at")
    assert "On December 9-10, Armenian units fired" in report.text
    assert report.published is None and report.source is None
    assert report.encoding == "utf-8"
    assert report.path == str(REPORTS / "az_mod_kalbajar.txt")


def test_markdown_front_matter_gives_title_published_source_url() -> None:
    report = _one(REPORTS / "am_mod_tegh.md")
    assert report.title == "Statement of the Ministry of Defence"
    assert report.published == dt.date(2023, 12, 9)
    assert report.source == "mil.am"
    assert report.url == "https://example.org/am-mod/2023-12-09"
    assert "---" not in report.text and "published:" not in report.text
    assert "near the village of Tegh" in report.text


def test_long_first_line_is_cut_into_a_title() -> None:
    report = _one(REPORTS / "nested" / "armenpress_sotk.txt")
    assert report.title is not None and report.title.endswith("…")
    assert len(report.title) <= 201


def test_html_gives_main_text_without_markup_scripts_or_navigation() -> None:
    report = _one(REPORTS / "wire_baku.html")
    assert report.id == "wire_baku"
    assert report.title == "Azerbaijan says Armenian mortar fire hit Lachin positions"
    assert report.published == dt.date(2023, 12, 11)
    assert report.source == "Example Wire"
    assert report.url == "https://example.org/wire/2023/12/11/lachin"
    assert "fired mortars last night" in report.text  # inline <b> kept inside the sentence
    assert 'called it "disinformation"' in report.text and "&amp;" not in report.text
    for gone in ("<", "window.track", "color: red", "Home", "Zangilan", "Copyright"):
        assert gone not in report.text
    assert report.text.splitlines()[1].startswith("BAKU, Dec 11 (Reuters)")


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{RU_STATEMENT}</p></body>'
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    report = _one(tmp_path / "ru.html")
    assert report.text == RU_STATEMENT


def test_json_lines_rows_with_and_without_ids() -> None:
    items = _read(REPORTS / "euma_bulletins.jsonl")
    assert [r.id for r in items if isinstance(r, Report)] == [
        "euma-2023-12-12",
        "euma_bulletins:2",  # no id: file stem and line number
        "42",  # numbers become strings
    ]
    first, second, third = items
    assert isinstance(first, Report) and isinstance(second, Report) and isinstance(third, Report)
    assert first.title == "EUMA daily bulletin" and first.source == "EUMA"
    assert second.published == dt.date(2023, 12, 12)  # "12.12.2023", day first
    assert third.url == "https://example.org/news/42" and third.title is None


def test_csv_rows_with_quoted_newlines_and_missing_ids() -> None:
    reports = _by_id(_read(REPORTS / "wires.csv"))
    assert list(reports) == ["apa-881", "wires:3", "trend-17"]
    assert reports["apa-881"].published == dt.date(2023, 12, 7)
    assert reports["apa-881"].source == "APA"
    assert reports["wires:3"].published is None and reports["wires:3"].source is None
    assert "\nOne soldier died of his wounds." in reports["trend-17"].text


def test_csv_with_semicolons_and_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        "\ufeffID;Text;Published\nr1;Armenian units fired at Kəlbəcər;2023-12-10\n".encode()
    )
    (report,) = _read(path)
    assert isinstance(report, Report)
    assert (report.id, report.text, report.published) == (
        "r1",
        "Armenian units fired at Kəlbəcər",
        dt.date(2023, 12, 10),
    )


def test_json_array_and_single_object(tmp_path: Path) -> None:
    (tmp_path / "many.json").write_text(
        '[{"id": "a", "text": "Shots near Tegh."}, {"text": "Shots near Sotk."}, 7]'
    )
    (tmp_path / "one.json").write_text('{"text": "Shots near Kut.", "published": "2023-12-01"}')
    items = _read(tmp_path / "many.json", tmp_path / "one.json")
    assert [r.id for r in items if isinstance(r, Report)] == ["a", "many:2", "one"]
    errors = [e for e in items if isinstance(e, ReportError)]
    assert (
        len(errors) == 1 and "many.json[3]" in str(errors[0]) and "not an object" in str(errors[0])
    )


def test_folders_are_read_recursively_in_order_skipping_hidden_and_other_files() -> None:
    items = _read(REPORTS)
    assert all(isinstance(r, Report) for r in items)
    ids = [r.id for r in items if isinstance(r, Report)]
    assert ids == [
        "am_mod_tegh",
        "az_mod_kalbajar",
        "euma-2023-12-12",
        "euma_bulletins:2",
        "42",
        "armenpress_sotk",
        "wire_baku",
        "apa-881",
        "wires:3",
        "trend-17",
    ]
    assert not any("hidden" in (r.text if isinstance(r, Report) else "") for r in items)


def test_standard_input_text_and_json_lines() -> None:
    (text,) = _read("-", stdin=io.BytesIO("Shots were heard near Ijevan.\n".encode("utf-16")))
    assert isinstance(text, Report) and text.id == "stdin"
    assert text.text.strip() == "Shots were heard near Ijevan."
    rows = _read(
        "-", stdin=io.BytesIO(b'{"id": "x", "text": "Fire near Tegh."}\n{"text": "Fire at Kut."}\n')
    )
    assert [r.id for r in rows if isinstance(r, Report)] == ["x", "stdin:2"]


def test_standard_input_through_a_real_process() -> None:
    code = "from mapper.reports import read_reports; print([r.id for r in read_reports(['-'])])"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=b"Armenian units fired at Kalbajar.",
        capture_output=True,
        env=env,
        check=True,
        timeout=60,
    )
    assert out.stdout.decode().strip() == "['stdin']"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),  # BOM
        ("utf-16", b""),  # Python writes a BOM
        ("utf-16-le", b""),  # no BOM
        ("utf-16-be", b""),
        ("cp1251", b""),
        ("koi8-r", b""),
    ],
)
def test_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "statement.txt"
    path.write_bytes(prefix + RU_STATEMENT.encode(encoding))
    report = _one(path)
    assert report.text == RU_STATEMENT
    assert report.title == RU_STATEMENT


def test_windows_1252_english_with_curly_quotes(tmp_path: Path) -> None:
    text = "Baku said the \u201cprovocation\u201d near Kalbajar was repelled \u2013 no losses."
    (tmp_path / "w.txt").write_bytes(text.encode("cp1252"))
    assert _one(tmp_path / "w.txt").text == text


def test_utf16_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes('{"id": "u", "text": "Обстрел у Кельбаджара"}\n'.encode("utf-16"))
    (report,) = _read(path)
    assert isinstance(report, Report) and report.text == "Обстрел у Кельбаджара"


def test_parse_published_forms() -> None:
    want = dt.date(2023, 12, 10)
    for value in (
        "2023-12-10",
        "2023-12-10T23:30:00+04:00",  # the date where it was published, not in UTC
        "10 December 2023",
        "December 10, 2023",
        "Sun, 10 Dec 2023 09:15:00 +0400",
        "10.12.2023",
        "10 декабря 2023 г.",
        dt.datetime(2023, 12, 10, 9, 15),
        want,
    ):
        assert parse_published(value) == want, value
    for bad in ("", None, "the 45th of Smarch", "2023-13-45", "yesterday", "31 February 2023"):
        assert parse_published(bad) is None, bad


def test_read_text_report_helper() -> None:
    report = read_text_report("---\npublished: 2023-12-01\n---\nShots near Kut.", "k")
    assert (report.id, report.title, report.published) == (
        "k",
        "Shots near Kut.",
        dt.date(2023, 12, 1),
    )
    with pytest.raises(ReportError, match="no text"):
        read_text_report("---\ntitle: only\n---\n", "empty")


def test_front_matter_that_is_not_yaml_is_left_out_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "f.md").write_text("---\ntitle: [unclosed\n---\nShots near Kut.\n")
    report = _one(tmp_path / "f.md")
    assert report.text == "Shots near Kut." and report.title == "Shots near Kut."
    assert any("front matter cannot be read" in w for w in report.warnings)


# --- bad input --------------------------------------------------------------------------------


def _errors(items: list[Report | ReportError]) -> dict[str, str]:
    return {e.report: e.problem for e in items if isinstance(e, ReportError)}


def test_bad_corpus_each_bad_report_named_with_its_problem_and_good_ones_read() -> None:
    items = _read(BAD)
    errors = _errors(items)
    assert errors == {
        str(BAD / "binary.txt"): "binary data, not text (holds NUL bytes)",
        str(BAD / "broken.jsonl") + ":2": errors[str(BAD / "broken.jsonl") + ":2"],
        str(BAD / "broken.jsonl") + ":4": "row is a JSON list, not an object",
        f"no-text-5 ({BAD / 'broken.jsonl'}:5)": "row has no text field (looked for 'text', "
        "'body', 'content', 'article', 'full_text', 'fulltext', 'story', 'message', 'description')",
        str(BAD / "empty.txt"): "empty file",
        str(BAD / "invalid_utf8.txt"): errors[str(BAD / "invalid_utf8.txt")],
        str(BAD / "no_text.csv"): "CSV has no text column (looked for 'text', 'body', "
        "'content', 'article', 'full_text', 'fulltext', 'story', 'message', 'description'; "
        "columns: 'id', 'title', 'notes'); no row read",
    }
    assert errors[str(BAD / "broken.jsonl") + ":2"].startswith("invalid JSON")
    assert errors[str(BAD / "invalid_utf8.txt")].startswith("invalid UTF-8: byte 0xe2 at offset 76")
    good = _by_id(items)
    assert sorted(good) == ["bad_date", "good-1", "good-3", "outside"]
    # every input report is accounted for: 4 single files + 5 JSONL lines + 1 CSV file + binary
    assert len(items) == 11


def test_unparseable_publication_date_is_a_warning_not_an_error() -> None:
    report = _one(BAD / "bad_date.md")
    assert report.published is None
    assert report.published_raw == "the 45th of Smarch"
    assert (
        report.warnings
        and "cannot parse publication date 'the 45th of Smarch'" in report.warnings[0]
    )


def test_fifty_megabyte_text_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        line = b"Armenian units fired at positions in Kalbajar region. " * 20 + b"\n"
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
    (tmp_path / "small.txt").write_text("Shots near Tegh.")
    items = _read(tmp_path)
    errors = _errors(items)
    assert list(errors) == [str(big)]
    assert errors[str(big)].startswith("file is 50.0 MB, above the 10 MB limit for one report")
    assert [r.id for r in items if isinstance(r, Report)] == ["small"]


def test_missing_path_and_whitespace_only_file(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("  \n\t\n")
    errors = _errors(_read(tmp_path / "blank.txt", tmp_path / "missing.txt"))
    assert errors == {
        str(tmp_path / "blank.txt"): "file holds only whitespace",
        str(tmp_path / "missing.txt"): "no such file or folder",
    }


def test_row_level_problems(tmp_path: Path) -> None:
    (tmp_path / "r.jsonl").write_text(
        '{"id": "a", "text": ""}\n{"id": "b", "text": 5}\n\n{"id": "c", "text": "ok"}\n'
    )
    (tmp_path / "r.csv").write_text("id,text\nx,\ny,fine\nz,one,two\n")
    items = _read(tmp_path / "r.jsonl", tmp_path / "r.csv")
    assert _errors(items) == {
        f"a ({tmp_path / 'r.jsonl'}:1)": "'text' is empty",
        f"b ({tmp_path / 'r.jsonl'}:2)": "'text' is a int, not a string",
        f"x ({tmp_path / 'r.csv'}:2)": "'text' is empty",
        f"{tmp_path / 'r.csv'}:4": "row has 3 cells, header has 2",
    }
    assert [r.id for r in items if isinstance(r, Report)] == ["c", "y"]


# --- nothing lost, nothing hidden (issue 15) ---------------------------------------------------


def test_an_impossible_date_spoils_one_field_not_the_front_matter(tmp_path: Path) -> None:
    (tmp_path / "d.md").write_text(
        "---\ntitle: Fire near Tegh\ndate: 2021-13-45\nsource: Armenpress\n---\n\n"
        "Azerbaijani units fired at Tegh village.\n",
        encoding="utf-8",
    )
    report = _one(tmp_path / "d.md")
    assert (report.title, report.source) == ("Fire near Tegh", "Armenpress")
    assert report.published is None and report.published_raw == "2021-13-45"
    assert report.text.startswith("Azerbaijani units")
    assert any("2021-13-45" in w for w in report.warnings)


def test_a_yaml_alias_bomb_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    levels += [
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    bomb = "---\n" + "\n".join(levels) + "\ntitle: *i\n---\n\nShots near Kut on 3 May 2024.\n"
    assert len(bomb) < 800
    (tmp_path / "bomb.md").write_text(bomb, encoding="utf-8")
    started = time.perf_counter()
    report = _one(tmp_path / "bomb.md")
    assert time.perf_counter() - started < 1
    assert report.title == "Shots near Kut on 3 May 2024." and report.text.startswith("Shots")
    assert any("aliases" in w for w in report.warnings)


def test_toml_front_matter(tmp_path: Path) -> None:
    (tmp_path / "t.md").write_text(
        '+++\ntitle = "Drone over Sotk"\npublished = 2024-05-02\n+++\nA drone was seen.\n'
    )
    report = _one(tmp_path / "t.md")
    assert report.title == "Drone over Sotk" and report.published == dt.date(2024, 5, 2)


@pytest.mark.parametrize("depth", [50_000, 900_000])
def test_deeply_nested_html_is_read_in_linear_time(tmp_path: Path, depth: int) -> None:
    page = (
        "<html><head><title>Shelling near Sotk</title></head><body>"
        + "<div>" * depth
        + "<p>Shelling near Sotk on 3 May 2024.</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    started = time.perf_counter()
    report = _one(tmp_path / "deep.html")
    # 0.5 and 10 MB pages; the HTML parser took 17 s and hours (quadratic in the depth)
    assert time.perf_counter() - started < 2 + depth / 100_000
    assert report.text == "Shelling near Sotk on 3 May 2024."
    assert report.title == "Shelling near Sotk"
    assert any("nested more than 1000 elements deep" in w for w in report.warnings)


def test_an_unbalanced_csv_quote_is_named_and_the_next_row_still_read(tmp_path: Path) -> None:
    (tmp_path / "w.csv").write_text(
        "id,text,published\n"
        'r1,"Shots near Tegh,2024-05-01\n'
        'r2,"Mortar fire hit ""Sotk"" positions.",2024-05-02\n'
        "r3,Drone seen over Kut.,2024-05-03\n",
        encoding="utf-8",
    )
    items = _read(tmp_path / "w.csv")
    assert [r.id for r in items if isinstance(r, Report)] == ["r2", "r3"]
    (error,) = [e for e in items if isinstance(e, ReportError)]
    assert error.report.endswith("w.csv:2") and "malformed row" in error.problem
    assert _by_id(items)["r2"].text == 'Mortar fire hit "Sotk" positions.'


def test_a_quote_swallowing_rows_to_the_end_is_named_and_they_are_read(tmp_path: Path) -> None:
    (tmp_path / "w.csv").write_text(
        'id,text\nr1,"Shots near Tegh\nr2,Mortar fire near Sotk\nr3,Drone over Kut\n'
    )
    items = _read(tmp_path / "w.csv")
    assert [r.id for r in items if isinstance(r, Report)] == ["r2", "r3"]
    assert list(_errors(items))[0].endswith("w.csv:2")


def test_an_oversized_csv_cell_is_named_and_the_rest_of_the_file_read(tmp_path: Path) -> None:
    big = "x" * 300_000
    (tmp_path / "w.csv").write_text(
        f'id,text\nr1,Shots near Tegh\nr2,"{big}"\nr3,Mortar fire near Sotk\n'
    )
    items = _read(tmp_path / "w.csv", max_bytes=200_000)
    assert [r.id for r in items if isinstance(r, Report)] == ["r1", "r3"]
    ((where, problem),) = _errors(items).items()
    assert where.endswith("w.csv:3") and "larger than the limit" in problem


def test_undecodable_bytes_in_a_csv_row_are_named(tmp_path: Path) -> None:
    (tmp_path / "w.csv").write_bytes(
        b"id,text\nr1,Shots near K\xc9\x99lb\xc9\x99c\xc9\x99r\nr2,Shots near Tegh \xff\xfe today\n"
    )
    reports = _by_id(_read(tmp_path / "w.csv"))
    assert reports["r1"].text == "Shots near Kəlbəcər" and not reports["r1"].warnings
    assert reports["r2"].text == "Shots near Tegh \ufffd\ufffd today"
    assert any("line 3: undecodable bytes in text" in w for w in reports["r2"].warnings)


def test_invalid_utf8_in_an_ascii_json_line_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "w.jsonl").write_bytes(
        b'{"id": "a", "text": "Shots near Tegh."}\n'
        b'{"id": "b", "text": "Shots near Sotk \xe9 today."}\n'
    )
    reports = _by_id(_read(tmp_path / "w.jsonl"))
    assert not reports["a"].warnings
    assert any("line 2 is not UTF-8 (byte 0xe9" in w for w in reports["b"].warnings)


def test_dangling_links_and_unreadable_names_are_named(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    bad_name = os.fsdecode(b"caf\xe9-report.txt")
    (tmp_path / bad_name).write_text("Shelling near Sotk on 3 May 2024.", encoding="utf-8")
    items = _read(tmp_path)
    assert _errors(items) == {
        str(tmp_path / "gone.txt"): f"dangling link to {tmp_path}/nowhere.txt"
    }
    (report,) = [r for r in items if isinstance(r, Report)]
    assert report.id == "caf\\xe9-report" and report.path.endswith("caf\\xe9-report.txt")
    report.id.encode("utf-8")  # printable and writable


def test_shared_stems_get_path_ids_and_repeated_row_ids_are_renamed(tmp_path: Path) -> None:
    for sub, name in (("a", "report.txt"), ("b", "report.md"), ("c", "wire.jsonl")):
        (tmp_path / sub).mkdir()
        text = "Shelling near Sotk on 3 May 2024." if sub != "c" else ""
        (tmp_path / sub / name).write_text(text, encoding="utf-8")
    (tmp_path / "c" / "wire.jsonl").write_text(
        '{"id": "r1", "text": "Shots near Tegh."}\n{"id": "r1", "text": "Shots near Kut."}\n'
    )
    reports = _by_id(_read(tmp_path))
    assert sorted(reports) == ["a/report", "b/report", "r1", "r1~2"]
    assert reports["r1~2"].text == "Shots near Kut."
    assert any("duplicate id 'r1'" in w for w in reports["r1~2"].warnings)


def test_a_long_json_line_on_standard_input_is_never_held_whole() -> None:
    rows = b'{"id": "a", "text": "Shots near Tegh."}\n' + b"x" * 3000 + b"\n"
    rows += b'{"id": "c", "text": "Shots near Kut."}\n'
    items = _read("-", stdin=io.BytesIO(rows), max_bytes=1000)
    assert [r.id for r in items if isinstance(r, Report)] == ["a", "c"]
    assert _errors(items) == {"<stdin>:2": "line of 0.0 MB is above the 0 MB limit"}


def test_ids_are_remembered_up_to_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from mapper.reports import ids

    monkeypatch.setattr(ids, "MAX_TRACKED_IDS", 3)
    out = list(ids.unique_ids(Report(id=str(i % 6), text="Shots.") for i in range(8)))
    assert [r.id for r in out] == ["0", "1", "2", "3", "4", "5", "0~2", "1~2"]
    assert out[3].warnings == ("more than 3 reports: repeated ids are no longer looked for",)


def test_fields_go_by_the_names_news_exports_give_them(tmp_path: Path) -> None:
    # a scraper's export: "body", "headline", "date", "link" for text, title, published, url
    (tmp_path / "export.csv").write_text(
        "headline,body,date,link\n"
        '"Drone over Tovuz","A drone was shot down over the Tovuz district on Monday.",'
        "2024-05-14,https://example.org/b\n",
        encoding="utf-8",
    )
    (tmp_path / "feed.jsonl").write_text(
        '{"guid": "n-1", "Content": "Shells hit Sotk on Tuesday.", "published_at": '
        '"2024-05-15T08:00:00Z", "Headline": "Sotk shelled"}\n',
        encoding="utf-8",
    )
    reports = {r.id: r for r in _read(tmp_path) if isinstance(r, Report)}
    csv_report = next(r for r in reports.values() if r.url)
    assert csv_report.text.startswith("A drone was shot down")
    assert (csv_report.title, csv_report.published) == ("Drone over Tovuz", dt.date(2024, 5, 14))
    assert reports["n-1"].text == "Shells hit Sotk on Tuesday."
    assert (reports["n-1"].title, reports["n-1"].published) == (
        "Sotk shelled",
        dt.date(2024, 5, 15),
    )
