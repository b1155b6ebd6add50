"""A university's (or institute's) list of the patents it offers, imported from CSV (UTF-8 or
GBK) or XLSX through the portfolio's import machinery: its reader, heading synonyms, row
parser, job, progress page and error list (``portfolio.importing.runner.register_importer``,
called from ``ExchangeConfig.ready``).

All or nothing: every row is parsed and put through the same action as the offer form
(``actions.list_offer``, or ``change_offer_terms`` for a patent the organisation already
lists), inside one transaction; one bad row rolls every row back, and every bad row is listed
with its row number and what to fix.

A patent already in the district's portfolio (same application number) is linked and its
facts (title, dates, type, status, IPC, abstract, claims) fill the cells the row leaves empty;
any other patent is listed from the row alone, which must then give at least its title and
filing date (the offer keeps the patent's facts itself, as a university's patent is no
district enterprise's right). The portfolio is not written to: the patent enters it when a
transfer is registered (``actions._register``)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from exchange import actions
from exchange.choices import OfferMode, OfferStatus, SourceKind
from exchange.models import Offer
from portfolio.importing.columns import Column, RowError, choice_parser, parse_date, parse_int, parse_list, parse_rows
from portfolio.importing.patents import PATENT_STATUSES, PATENT_TYPES, WriteResult
from portfolio.models import Patent
from portfolio.numbers import normalise_application_number, validate_application_number

LIST_URL = "exchange:offer_list"

MODES = {
    "转让": OfferMode.TRANSFER,
    "专利转让": OfferMode.TRANSFER,
    "transfer": OfferMode.TRANSFER,
    "许可": OfferMode.LICENCE,
    "实施许可": OfferMode.LICENCE,
    "专利许可": OfferMode.LICENCE,
    "licence": OfferMode.LICENCE,
    "license": OfferMode.LICENCE,
    "开放许可": OfferMode.OPEN_LICENCE,
    "open_licence": OfferMode.OPEN_LICENCE,
    "open licence": OfferMode.OPEN_LICENCE,
    "open license": OfferMode.OPEN_LICENCE,
}
SOURCES = {
    "高校": SourceKind.UNIVERSITY,
    "大学": SourceKind.UNIVERSITY,
    "高等院校": SourceKind.UNIVERSITY,
    "university": SourceKind.UNIVERSITY,
    "科研院所": SourceKind.INSTITUTE,
    "研究院所": SourceKind.INSTITUTE,
    "科研机构": SourceKind.INSTITUTE,
    "institute": SourceKind.INSTITUTE,
}


def _licence_years(text: str) -> int:
    """A licence term of 1 to 20 years, as the offer form takes it."""
    years = parse_int(text)
    if not 1 <= years <= 20:
        raise ValidationError(_("Write a number from 1 to 20."))
    return years


def _number(text: str) -> str:
    number = normalise_application_number(text)
    validate_application_number(number)
    return number


def _decimal(places: int, most: Decimal) -> Callable[[str], Decimal]:
    """A number in yuan or percent, as written in a spreadsheet (thousands separators, a trailing
    元 or %); amounts in 万元 are refused rather than guessed."""

    def parse(text: str) -> Decimal:
        if text.strip().endswith("万元"):
            raise ValidationError(_("Write the amount in yuan, not in 10,000 yuan."))
        cleaned = text.replace(",", "").replace("，", "").replace("%", "").replace("％", "").strip()
        cleaned = cleaned.removesuffix("元").strip()
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValidationError(_("Write a number.")) from None
        if not value.is_finite() or value < 0 or value > most:
            raise ValidationError(_("Write a number from 0 to %(most)s.") % {"most": most})
        if value != value.quantize(Decimal(1).scaleb(-places)):
            raise ValidationError(_("Write at most %(places)d decimal places.") % {"places": places})
        return value

    return parse


_amount = _decimal(2, Decimal("999999999999.99"))
_rate = _decimal(2, Decimal("100"))

COLUMNS: list[Column] = [
    Column(
        "application_number",
        "申请号",
        ("专利申请号", "专利号", "申请号码", "application number"),
        True,
        _number,
        "202110000001.X",
    ),
    Column(
        "mode",
        "转化方式",
        ("交易方式", "转让或许可", "方式", "offered for", "mode"),
        True,
        choice_parser(MODES),
        "转让",
    ),
    Column("title", "专利名称", ("名称", "发明名称", "发明（设计）名称", "title"), False, str, "一种锂电池正极材料"),
    Column("patent_type", "专利类型", ("类型", "patent type"), False, choice_parser(PATENT_TYPES), "发明"),
    Column("legal_status", "法律状态", ("当前法律状态", "legal status"), False, choice_parser(PATENT_STATUSES), "有效"),
    Column("filing_date", "申请日", ("申请日期", "filing date"), False, parse_date, "2021-03-01"),
    Column("grant_date", "授权日", ("授权公告日", "授权日期", "grant date"), False, parse_date, "2023-05-09"),
    Column("ipc_codes", "IPC分类号", ("IPC", "分类号", "IPC主分类号", "ipc codes"), False, parse_list, "H01M 4/525"),
    Column("abstract", "摘要", ("中文摘要", "abstract"), False, str, ""),
    Column("claims_summary", "主权项", ("权利要求", "独立权利要求", "claims summary"), False, str, ""),
    Column("claims_count", "权利要求数", ("权利要求数量", "claims"), False, parse_int, "8"),
    Column("asking_price", "转让价格（元）", ("转让价格", "价格", "报价", "asking price"), False, _amount, "80000"),
    Column("royalty_rate", "提成比例（%）", ("提成比例", "提成率", "许可费率", "royalty rate"), False, _rate, "3"),
    Column("lump_sum", "年许可使用费（元）", ("年许可使用费", "许可使用费（元/年）", "lump sum"), False, _amount, ""),
    Column("licence_years", "许可年限", ("许可期限（年）", "许可期限", "licence years"), False, _licence_years, ""),
    Column(
        "published_on",
        "开放许可公告日",
        ("开放许可声明公告日", "声明公告日", "published on"),
        False,
        parse_date,
        "",
    ),
    Column("contact", "联系人及电话", ("联系人", "联系方式", "联系电话", "contact"), False, str, "王老师 0535-0000000"),
    Column("source_kind", "单位类型", ("来源", "source"), False, choice_parser(SOURCES), "高校"),
    Column("organisation", "专利权人", ("转让方", "许可方", "出让单位", "单位名称", "offered by"), False, str, ""),
]
HEADERS = {c.key: c.header for c in COLUMNS}
# Facts of a patent the portfolio already holds, used where the row leaves them empty.
FACTS = ("title", "patent_type", "filing_date", "grant_date", "abstract", "claims_count")


def _portfolio_facts(numbers: list[str]) -> dict[str, Patent]:
    found: dict[str, Patent] = {}
    for start in range(0, len(numbers), 500):
        for patent in Patent.objects.filter(application_number__in=numbers[start : start + 500]):
            found[patent.application_number] = patent
    return found


def _organisations(names: set[str]) -> dict[str, Organisation]:
    kinds = (OrganisationKind.UNIVERSITY, OrganisationKind.ENTERPRISE)
    return {o.name: o for o in Organisation.objects.filter(name__in=sorted(names), kind__in=kinds)}


def _errors_of(number: int, exc: ValidationError, values: dict[str, Any]) -> list[RowError]:
    """An action's refusal as row errors, under the file's headings."""
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
    out = []
    for field, messages in pairs:
        header = HEADERS.get(field, "")
        value = values.get(field, "")
        for message in messages:
            out.append(RowError(number, header, "" if value is None else str(value), message))
    return out


def import_rows(
    rows: list[tuple[int, list[str]]],
    mapping: dict[str, int],
    *,
    owner_scope: int | None,
    actor: Any,
    progress: Callable[[int], None] | None = None,
) -> tuple[WriteResult | None, list[RowError]]:
    """Check every row and list the offers, all or nothing. ``owner_scope`` is the importing
    organisation (a university lists its own patents), or None for the office, whose file
    names the offering organisation of each row in the 专利权人 column."""
    parsed, errors = parse_rows(rows, COLUMNS, mapping, progress)
    bad_rows = {e.row for e in errors}
    numbers = sorted({r.values["application_number"] for r in parsed if "application_number" in r.values})
    known = _portfolio_facts(numbers)
    named = _organisations({r.values["organisation"] for r in parsed if r.values.get("organisation")})
    own = Organisation.objects.filter(pk=owner_scope).first() if owner_scope is not None else None
    listed = {
        o.application_number: o for o in Offer.objects.filter(application_number__in=numbers, status=OfferStatus.LISTED)
    }
    result = WriteResult()
    seen: dict[str, int] = {}
    with transaction.atomic():
        for row in parsed:
            values = dict(row.values)
            number: str = values.get("application_number", "")
            if number in seen:
                errors.append(
                    RowError(
                        row.row,
                        HEADERS["application_number"],
                        number,
                        _("The same patent is on row %(row)d already.") % {"row": seen[number]},
                    )
                )
                continue
            if number:
                seen[number] = row.row
            name = values.pop("organisation", "")
            if own is not None:
                organisation = own
                if name and name != own.name:
                    errors.append(
                        RowError(row.row, HEADERS["organisation"], name, _("You list your own organisation's patents."))
                    )
                    continue
            elif not name:
                errors.append(
                    RowError(row.row, HEADERS["organisation"], "", _("Name the university or institute offering it."))
                )
                continue
            elif name not in named:
                errors.append(
                    RowError(
                        row.row,
                        HEADERS["organisation"],
                        name,
                        _("No university, institute or enterprise of this name is on the platform."),
                    )
                )
                continue
            else:
                organisation = named[name]
            if row.row in bad_rows:
                continue  # its cells are wrong already; the checks below would repeat them
            patent = known.get(number)
            if patent is not None:
                for fact in FACTS:
                    if values.get(fact) in (None, ""):
                        values[fact] = getattr(patent, fact)
                values.setdefault("legal_status", patent.status)
                values.setdefault("ipc_codes", list(patent.ipc_codes or []))
            # A patent from outside the portfolio: its facts are the row's, nothing is assumed.
            missing = [key for key in ("title", "filing_date", "legal_status") if not values.get(key)]
            if missing:
                for key in missing:
                    errors.append(
                        RowError(
                            row.row,
                            HEADERS[key],
                            "",
                            _("The patent is not in the portfolio: give its %(column)s.") % {"column": HEADERS[key]},
                        )
                    )
                continue
            try:
                outcome = _write(actor, organisation, values, patent, listed.get(number))
            except ValidationError as exc:
                errors.extend(_errors_of(row.row, exc, values))
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        if errors:
            transaction.set_rollback(True)
            return None, sorted(errors, key=lambda e: e.row)
    return result, []


def _write(actor: Any, organisation: Organisation, values: dict[str, Any], patent: Patent | None, offer: Offer | None):
    """List the row's patent, or change the terms of the organisation's own listing of it;
    returns which count it adds to."""
    if offer is not None:
        if offer.organisation_id != organisation.pk:
            raise ValidationError({"application_number": _("This patent is already listed on the exchange.")})
        terms = {key: values.get(key, "" if key == "contact" else None) for key in actions.OFFER_TERMS}
        if terms["mode"] != OfferMode.OPEN_LICENCE:
            terms["published_on"] = None
        if all(getattr(offer, key) == value for key, value in terms.items()):
            return "unchanged"
        actions.change_offer_terms(actor=actor, offer=offer, **terms)
        return "updated"
    actions.list_offer(
        actor=actor,
        organisation=organisation,
        patent=patent,
        source_kind=values.pop("source_kind", SourceKind.UNIVERSITY),
        **values,
    )
    return "created"
