"""The annual report: the dashboard's figures for a year as a Chinese PDF and an XLSX
workbook, generated in a thread (like portfolio imports) while the page shows the progress."""

from __future__ import annotations

import io
import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Font

from core.background import run_in_background
from core.charts import bar_chart, line_chart
from core.exporting import neutralise
from core.pdf import render_pdf
from dashboard.choices import ReportStatus
from dashboard.figures import Dashboard, build_dashboard
from dashboard.models import AnnualReport
from registry import regions

log = logging.getLogger(__name__)
# The report speaks the district's language whatever the requester's page language is.
REPORT_LANGUAGE = "zh-hans"


def _progress(report: AnnualReport, percent: int, step: str, status: str = ReportStatus.RUNNING) -> None:
    AnnualReport.objects.filter(pk=report.pk).update(progress=percent, step=step, status=status)


def _number(value: Any) -> Any:
    return "" if value is None else value


def trend_charts(board: Dashboard) -> dict[str, str]:
    """One small trend chart per indicator: the three years, and the year's target if set."""
    labels = [str(y) for y in board.years]
    charts = {}
    for _name, rows in board.sections:
        for row in rows:
            series: dict[str, list[Any]] = {"实际": [None if v is None else float(v) for v in row.values]}
            if row.target is not None:
                series["目标"] = [None] * (len(board.years) - 1) + [float(row.target)]
            charts[row.code] = line_chart(row.label, labels, series)
    return charts


def funds_chart(board: Dashboard) -> str:
    levels = sorted({(r.level, r.level_label) for r in board.funds})
    series = {
        label: [sum((float(r.paid) for r in board.funds if r.level == level and r.year == y), 0.0) for y in board.years]
        for level, label in levels
    }
    return bar_chart("资助奖励资金支付（按来源）", [str(y) for y in board.years], series, stacked=True)


def workbook_bytes(board: Dashboard) -> bytes:
    """Sheet 1: every indicator over the three years with the target; sheet 2: funds by source
    and year; sheet 3: funds by level over the three years."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{board.year}年度指标"
    sheet.append(["板块", "指标", *[f"{y}年" for y in board.years], f"{board.year}年目标", "是否达标"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for section, rows in board.sections:
        for row in rows:
            reached = {True: "达标", False: "未达标", None: ""}[row.reached]
            sheet.append(
                [SECTION_TITLES_ZH[section], row.label, *[_number(v) for v in row.values], _number(row.target), reached]
            )
    funds = book.create_sheet("资金来源")
    funds.append(["年度", "资金来源", "级别", "预算", "已承诺", "已支付"])
    for r in board.funds:
        funds.append([r.year, neutralise(r.source), r.level_label, r.budget, r.committed, r.paid])
    levels = book.create_sheet("资金按级别合计")
    levels.append(["级别", f"{board.years[0]}–{board.years[-1]}年预算合计", "支付合计"])
    for label, budget, paid in board.funds_by_level:
        levels.append([label, budget, paid])
    cases = book.create_sheet("案件按权利类型")
    cases.append(["被侵犯权利类型", f"{board.year}年立案数"])
    for label, n in board.extra.get("cases_by_right", []):
        cases.append([label, n])
    leaders = book.create_sheet("高价值发明专利企业")
    leaders.append(["企业", f"{board.year}年末高价值发明专利"])
    for name, n in board.extra.get("high_value_by_enterprise", []):
        leaders.append([neutralise(name), n])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SECTION_TITLES_ZH = {
    "creation": "知识产权创造",
    "brands": "商标品牌",
    "financing": "知识产权运用：质押融资",
    "funds": "资助奖励资金",
    "protection": "知识产权保护",
    "cultivation": "人才培育",
}


def run_report(report_id: int) -> None:
    report = AnnualReport.objects.get(pk=report_id)
    try:
        with translation.override(REPORT_LANGUAGE):
            _progress(report, 5, "汇总指标")
            board = build_dashboard(report.year)
            _progress(report, 30, "绘制图表")
            charts = trend_charts(board)
            _progress(report, 50, "生成 PDF")
            pdf = render_pdf(
                "dashboard/report_pdf.html",
                {
                    "board": board,
                    "charts": [(row, charts[row.code]) for _n, rows in board.sections for row in rows],
                    "funds_chart": funds_chart(board),
                    "sections": [(name, SECTION_TITLES_ZH[name], rows) for name, rows in board.sections],
                    "generated_at": timezone.localtime(),
                    "district": regions.full_name(settings.DISTRICT_CODE),
                    "is_demo": _has_demo_data(),
                },
            )
            _progress(report, 85, "生成 XLSX")
            xlsx = workbook_bytes(board)
        report.refresh_from_db()
        report.pdf.save(f"annual-report-{report.year}-{report.pk}.pdf", ContentFile(pdf), save=False)
        report.xlsx.save(f"annual-report-{report.year}-{report.pk}.xlsx", ContentFile(xlsx), save=False)
        report.status, report.progress, report.step = ReportStatus.DONE, 100, ""
        report.finished_at = timezone.now()
        report.save()
    except Exception as exc:  # the page must say it failed rather than spin for ever
        log.exception("annual report %s failed", report_id)
        AnnualReport.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )


def _has_demo_data() -> bool:
    from accounts.models import Organisation

    return Organisation.objects.filter(is_demo=True).exists()


def start_report(report: AnnualReport, background: bool | None = None) -> None:
    """Generate in a thread so the page can show progress; tests run it in line
    (``IMPORT_IN_BACKGROUND`` off, the same switch as imports)."""
    if background is None:
        background = settings.IMPORT_IN_BACKGROUND
    run_in_background(lambda: run_report(report.pk), name=f"annual-report-{report.pk}", background=background)
