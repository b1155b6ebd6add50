"""State changes of the landscape app: award records and the strategic-industry concordance."""

from __future__ import annotations

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.trail import record, snapshot
from core.actions import require
from landscape.choices import AwardLevel
from landscape.models import PatentAward, StrategicIndustryIpc
from landscape.permissions import can_manage_quality_data
from landscape.quality import normalise_code
from portfolio.models import Patent

_IPC_LINE = re.compile(r"[A-H](\d\d([A-Z](\d{1,4}(/\d{1,6})?)?)?)?")
IPC_HEADERS = ("ipc", "ipc_prefix", "国际专利分类", "国际专利分类号", "ipc分类号")
CODE_HEADERS = ("industry_code", "code", "战略性新兴产业分类代码", "分类代码", "代码")
NAME_HEADERS = ("industry_name", "name", "industry", "战略性新兴产业分类名称", "分类名称", "名称")


@transaction.atomic
def record_patent_award(*, actor, patent: Patent, year: int, level: str, is_demo: bool = False) -> PatentAward:
    """Enter a China Patent Award, or a national science and technology award, a district patent won."""
    require(can_manage_quality_data(actor))
    if level not in AwardLevel.values:
        raise ValidationError({"level": _("Choose the award level.")})
    if not 1989 <= int(year) <= 2100:
        raise ValidationError({"year": _("The China Patent Award has been given since 1989.")})
    award = PatentAward.objects.create(patent=patent, year=int(year), level=level, is_demo=is_demo)
    record(actor=actor, action="landscape.award", obj=award, after=snapshot(award))
    return award


def _column(headers: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in headers]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def parse_concordance(data: bytes) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Rows (IPC prefix, industry code, industry name) of a concordance CSV, and the errors
    (each naming its row). Any error means nothing is imported."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("The file is not UTF-8 text: save the table as CSV (UTF-8).")]
    reader = csv.reader(io.StringIO(text))
    headers = next(reader, [])
    cols = [_column(headers, IPC_HEADERS), _column(headers, CODE_HEADERS), _column(headers, NAME_HEADERS)]
    if None in cols:
        return [], [_("The first row must name the columns ipc, industry_code and industry_name.")]
    rows, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            ipc, code, name = (row[i].strip() for i in cols)  # type: ignore[index]  # a missing column was refused above (None in cols)
        except IndexError:
            errors.append(_("Row %(row)s: a column is missing.") % {"row": number})
            continue
        prefix = normalise_code(ipc)
        if not _IPC_LINE.fullmatch(prefix):
            errors.append(_("Row %(row)s: %(ipc)s is not an IPC symbol or prefix.") % {"row": number, "ipc": ipc})
        elif not code or not name:
            errors.append(_("Row %(row)s: the industry code and name are both needed.") % {"row": number})
        elif (prefix, code) not in seen:
            seen.add((prefix, code))
            rows.append((prefix, code, name))
    if not rows and not errors:
        errors.append(_("The file has no rows."))
    return rows, errors


@transaction.atomic
def import_strategic_industry_ipc(*, actor, data: bytes) -> tuple[int, list[str]]:
    """Replace the concordance with the official table's rows; a file with any bad row changes
    nothing and the errors name the rows."""
    require(can_manage_quality_data(actor))
    rows, errors = parse_concordance(data)
    if errors:
        return 0, errors
    before = StrategicIndustryIpc.objects.count()
    StrategicIndustryIpc.objects.all().delete()
    StrategicIndustryIpc.objects.bulk_create(
        StrategicIndustryIpc(ipc_prefix=p, industry_code=c, industry_name=n) for p, c, n in rows
    )
    record(
        actor=actor,
        action="landscape.sei_import",
        object_type="landscape.strategicindustryipc",
        object_repr="concordance",
        before={"rows": before},
        after={"rows": len(rows)},
    )
    return len(rows), []
