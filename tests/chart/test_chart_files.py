"""The chart of each type in DOCX, PPTX and XLSX, opened by the tools users
open them with: LibreOffice converts the DOCX and the PPTX to PDF in one call
(its PDF shows every chart's title, categories and series names), openpyxl
reads each XLSX sheet's chart with its series. The files come from
`s2d render` on tests/chart/all_types.md."""
import os
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

S2D = os.environ.get("S2D_BINARY", "")
HERE = Path(__file__).resolve().parent
TEMPLATE, DATA = HERE / "all_types.md", HERE / "all_types.json"
TITLES = ["Revenue by quarter", "Pipeline by stage", "Active users", "Usage by product", "Market share",
          "Pipeline mix", "Deal size vs cycle", "Stacked with negatives"]
SERIES = [2, 1, 2, 2, 1, 1, 1, 2]
CHART_TYPES = ["BarChart", "BarChart", "LineChart", "AreaChart", "PieChart", "DoughnutChart", "ScatterChart",
               "BarChart"]

pytestmark = pytest.mark.skipif(not S2D, reason="S2D_BINARY is not set (run through ctest)")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("charts")
    out = {}
    for fmt in ("docx", "pptx", "xlsx"):
        path = folder / f"charts-{fmt}.{fmt}"
        subprocess.run([S2D, "render", "--template", str(TEMPLATE), "--data", str(DATA), "--format", fmt,
                        "--out", str(path), "--deterministic"], check=True, timeout=60)
        out[fmt] = path
    return folder, out


@pytest.fixture(scope="module")
def converted(files):
    folder, out = files
    profile = "file://" + str(folder / "lo-profile")
    run = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                          "--outdir", str(folder), str(out["docx"]), str(out["pptx"])],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr
    return {fmt: folder / f"charts-{fmt}.pdf" for fmt in ("docx", "pptx")}


def text_of(pdf):
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_libreoffice_draws_each_chart_with_its_labels_and_series(converted, fmt):
    text = text_of(converted[fmt])
    for title in TITLES:
        assert title in text, f"{fmt}: {title}"
    # Categories, series names (legends) and value labels come from the cached values.
    for label in ("Q1 2026", "Prospecting", "Proposal sent to the customer", "Jun", "Admins", "target", "delta",
                  "Days to close"):
        assert label in text, f"{fmt}: {label}"
    assert "€420,000" in text, fmt


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_each_chart_part_has_its_series_and_an_embedded_workbook(files, fmt):
    _, out = files
    folder = "word/" if fmt == "docx" else "ppt/"
    with zipfile.ZipFile(out[fmt]) as z:
        types = z.read("[Content_Types].xml").decode()
        for number, count in enumerate(SERIES, start=1):
            chart = z.read(f"{folder}charts/chart{number}.xml").decode()
            assert chart.count("<c:ser>") == count, number
            assert f"/{folder}charts/chart{number}.xml" in types
            workbook = f"{folder}embeddings/Microsoft_Excel_Worksheet{number}.xlsx"
            assert f"/{workbook}" in types
            embedded = openpyxl.load_workbook(z.open(workbook))
            sheet = embedded["Sheet1"]
            assert sheet.max_column == count + 1
            assert sheet.max_row >= 5


def test_openpyxl_reads_every_chart_beside_its_data(files):
    _, out = files
    workbook = openpyxl.load_workbook(out["xlsx"])
    assert workbook.sheetnames == TITLES
    for sheet, count, kind in zip(workbook.worksheets, SERIES, CHART_TYPES):
        assert len(sheet._charts) == 1, sheet.title
        chart = sheet._charts[0]
        assert type(chart).__name__ == kind, sheet.title
        assert len(chart.series) == count, sheet.title
        assert sheet.max_column == count + 1
    revenue = workbook["Revenue by quarter"]
    assert [c.value for c in revenue[1]] == ["quarter", "revenue", "target"]
    assert [c.value for c in revenue[4]] == ["Q3 2026", 151250.5, 150000]
