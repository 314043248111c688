"""Reading reports from files, folders and standard input; encodings; bad input."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
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


def test_front_matter_that_is_not_yaml_is_kept_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "f.md").write_text("---\ntitle: [unclosed\n---\nShots near Kut.\n")
    report = _one(tmp_path / "f.md")
    assert "Shots near Kut." in report.text
    assert any("front matter" in w for w in report.warnings)


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
        f"no-text-5 ({BAD / 'broken.jsonl'}:5)": "row has no 'text' field",
        str(BAD / "empty.txt"): "empty file",
        str(BAD / "invalid_utf8.txt"): errors[str(BAD / "invalid_utf8.txt")],
        str(BAD / "no_text.csv"): "CSV has no 'text' column (columns: 'id', 'title', 'body'); "
        "no row read",
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
