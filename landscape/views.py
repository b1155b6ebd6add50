"""Patent navigation pages: the landscape report (with PDF and XLSX) and full-text search.
Both are the office's: anyone else gets 404, as for a page that is not there."""

from __future__ import annotations

import datetime as dt
import io
import time
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from core.charts import bar_chart, line_chart, pie_chart
from core.exporting import neutralise
from core.pdf import render_pdf
from core.permissions import require
from core.ratelimits import limit, per_person
from landscape import actions
from landscape.corpus import bring_up_to_date, get_index, get_store, index_is_current
from landscape.forms import AwardForm, ConcordanceForm, SearchForm, SliceForm
from landscape.models import PatentAward, StrategicIndustryIpc
from landscape.permissions import can_manage_quality_data, can_view_landscape
from landscape.quality import high_value_summary
from patentstore.report import build_report, region_choices
from refdata import techfields

TYPE_LABELS = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}


def _office_only(request: HttpRequest) -> None:
    if not can_view_landscape(request.user):
        raise Http404


def _titles(store, doc_ids: list[str]) -> dict[str, str]:
    if not doc_ids:
        return {}
    con = store.connection()
    return dict(con.execute("SELECT doc_id, title FROM p WHERE list_contains(?, doc_id)", [doc_ids]).fetchall())


def _charts(sections: dict[str, Any]) -> dict[str, str]:
    # The trend lists only the years with a filing or a grant; a year between them had none, so
    # it is drawn as zero, and the axis spaces the years by time.
    by_year = {r["year"]: r for r in sections["trend"]}
    years = list(range(min(by_year), max(by_year) + 1)) if by_year else []
    return {
        "trend": line_chart(
            _("Filings and grants by year"),
            [str(y) for y in years],
            {
                _("Filings"): [by_year[y]["filings"] if y in by_year else 0 for y in years],
                _("Grants"): [by_year[y]["grants"] if y in by_year else 0 for y in years],
            },
        ),
        "applicants": bar_chart(
            _("Top applicants"),
            [r["name"] for r in sections["applicants"][:10]],
            {_("Patents"): [r["count"] for r in sections["applicants"][:10]]},
            horizontal=True,
        ),
        "sections": pie_chart(
            _("IPC sections"), {f"{r['code']} {r['title'][:12]}": r["count"] for r in sections["ipc_sections"]}
        ),
        "subclasses": bar_chart(
            _("IPC subclasses"),
            [r["code"] for r in sections["ipc_subclasses"]],
            {_("Patents"): [r["count"] for r in sections["ipc_subclasses"]]},
        ),
        "wipo": bar_chart(
            _("WIPO technology fields"),
            [r["name"] for r in sections["wipo_fields"][:12]],
            {_("Patents"): [r["count"] for r in sections["wipo_fields"][:12]]},
            horizontal=True,
        ),
        "regions": bar_chart(
            _("Regions"),
            [r["region"] for r in sections["regions"][:12]],
            {_("Patents"): [r["count"] for r in sections["regions"][:12]]},
            horizontal=True,
        ),
    }


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise(value)
    return float(value) if isinstance(value, Decimal) else value


# The summary's keys as the workbook's first sheet names them (the page has its own table).
SUMMARY_LABELS = {
    "total": gettext_lazy("Patents in the slice"),
    "inventions": gettext_lazy("invention patents"),
    "granted": gettext_lazy("granted"),
    "applicants": gettext_lazy("applicants"),
    "district": gettext_lazy("the district's own"),
    "invention_share": gettext_lazy("invention share (%)"),
    "first_year": gettext_lazy("first filing year"),
    "last_year": gettext_lazy("last filing year"),
}


def _xlsx(report, quality: dict[str, Any], on: dt.date) -> HttpResponse:
    s = report.sections
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (
            _("Summary"),
            [_("indicator"), _("value")],
            [[str(SUMMARY_LABELS.get(k, k)), v] for k, v in s["summary"].items()],
        ),
        (
            _("Trend"),
            [_("year"), _("Filings"), _("Grants"), _("inventions"), _("invention share (%)")],
            [[r["year"], r["filings"], r["grants"], r["inventions"], r["invention_share"]] for r in s["trend"]],
        ),
        (
            _("Top applicants"),
            [_("applicant"), _("Patents"), _("inventions"), _("share (%)")],
            [[r["name"], r["count"], r["inventions"], r["share"]] for r in s["applicants"]],
        ),
        (
            _("IPC"),
            [_("IPC"), _("Chinese title"), _("Patents")],
            [[r["code"], r["title"], r["count"]] for r in s["ipc_sections"] + s["ipc_subclasses"]],
        ),
        (
            _("WIPO technology fields"),
            [_("field number"), _("sector"), _("field name"), _("WIPO's English name"), _("Patents")],
            [[r["field"], r["sector"], r["name"], r["name_en"], r["count"]] for r in s["wipo_fields"]],
        ),
        (
            _("Regions"),
            [_("region"), _("Patents"), _("share (%)")],
            [[r["region"], r["count"], r["share"]] for r in s["regions"]],
        ),
        (
            _("Key patents"),
            [_("number"), _("invention title"), _("applicant"), _("patent type"), _("year"), _("value score")],
            [
                [
                    r["number"],
                    r["title"],
                    r["applicant"],
                    TYPE_LABELS.get(r["patent_type"], ""),
                    r["year"],
                    r["value_score"],
                ]
                for r in s["key_patents"]
            ],
        ),
        (
            _("New entrants"),
            [_("applicant"), _("first filing"), _("Patents")],
            [[r["name"], r["first_year"], r["count"]] for r in s["new_entrants"]],
        ),
        (
            _("Technology clusters"),
            [_("words"), _("Patents in the sample")],
            [[" ".join(c["words"]), c["size"]] for c in s.get("clusters", [])],
        ),
        (
            _("High-value invention patents"),
            [_("enterprise"), _("count")],
            [[_("District total"), quality["total"]], [_("per 10,000 people"), quality["per_10k"]]]
            + [[e.name, n] for e, n in quality["by_enterprise"]],
        ),
    ]
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([neutralise(str(h)) for h in headers])
        for row in rows:
            sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="landscape-{on.isoformat()}.xlsx"'
    return response


def report(request: HttpRequest) -> HttpResponse:
    """The landscape report for the slice the form describes."""
    _office_only(request)
    bring_up_to_date()
    store = get_store()
    form = SliceForm(request.GET or None, regions=region_choices(store))
    if form.is_bound and not form.is_valid():
        # A slice that cannot be read is not silently widened to the whole corpus: the page
        # shows what is wrong with the value typed, and no report (nor a download of one).
        return render(request, "landscape/report.html", {"form": form, "report": None, "corpus": store.manifest()})
    the_slice = form.slice()
    index = get_index()
    result = build_report(store, the_slice, index=index)
    # WIPO's field and sector names in the user's language (refdata.techfields).
    result.sections["wipo_fields"] = techfields.localise_rows(result.sections.get("wipo_fields", []))
    today = dt.date.today()
    quality = high_value_summary(today)
    clusters = result.sections.get("clusters", [])
    titles = _titles(store, [d for c in clusters for d in c["doc_ids"][:3]])
    for c in clusters:
        c["examples"] = [titles.get(d, d) for d in c["doc_ids"][:3]]
    context = {
        "form": form,
        "report": result,
        "s": result.sections,
        "quality": quality,
        "today": today,
        "charts": _charts(result.sections),
        "corpus": store.manifest(),
        "index_current": index_is_current(),
        "slice_text": _slice_text(the_slice, form),
        "type_labels": TYPE_LABELS,
    }
    export = request.GET.get("export")
    if export == "xlsx":
        return _xlsx(result, quality, today)
    if export == "pdf":
        response = HttpResponse(render_pdf("landscape/report_pdf.html", context), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="landscape-{today.isoformat()}.pdf"'
        return response
    return render(request, "landscape/report.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """Ranked full-text search over titles, abstracts and claims of the whole corpus."""
    _office_only(request)
    bring_up_to_date()
    form = SearchForm(request.GET or None)
    hits: list[dict[str, Any]] = []
    total, elapsed = 0, None
    index = get_index()
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query and index is not None:
        limit(request, "search", per_person)
        started = time.perf_counter()
        found, total = index.search(query, limit=50)
        elapsed = (time.perf_counter() - started) * 1000
        store = get_store()
        con = store.connection()
        ids = [h.doc_id for h in found]
        rows = {
            r[0]: r
            for r in con.execute(
                "SELECT doc_id, COALESCE(publication_number, application_number), title, first_applicant, patent_type, "
                "filing_year, value_score, is_district, district_id FROM p WHERE list_contains(?, doc_id)",
                [ids],
            ).fetchall()
        }
        texts = store.texts(ids)
        for hit in found:
            row = rows.get(hit.doc_id)
            if row is None:  # the index is older than the store: skip what is gone
                continue
            hits.append(
                {
                    "doc_id": hit.doc_id,
                    "score": hit.score,
                    "number": row[1],
                    "title": row[2],
                    "applicant": row[3],
                    "patent_type": TYPE_LABELS.get(row[4], row[4]),
                    "year": row[5],
                    "value_score": row[6],
                    "is_district": row[7],
                    "district_id": row[8],
                    "abstract": texts.get(hit.doc_id, ("", ""))[1][:220],
                }
            )
    return render(
        request,
        "landscape/search.html",
        {"form": form, "query": query, "hits": hits, "total": total, "elapsed": elapsed, "index": index},
    )


def quality_data(request: HttpRequest) -> HttpResponse:
    """China Patent Awards and the strategic-industry concordance, which the high-value count
    reads: listed for the office, entered by a clerk or leader."""
    _office_only(request)
    award_form = AwardForm(prefix="award")
    concordance_form = ConcordanceForm(prefix="sei")
    if request.method == "POST":
        require(can_manage_quality_data(request.user))
        if "award-application_number" in request.POST:
            award_form = AwardForm(request.POST, prefix="award")
            if award_form.is_valid():
                actions.record_patent_award(
                    actor=request.user,
                    patent=award_form.patent,
                    year=award_form.cleaned_data["year"],
                    level=award_form.cleaned_data["level"],
                )
                messages.success(request, _("Award recorded."))
                return redirect("landscape:quality")
        else:
            concordance_form = ConcordanceForm(request.POST, request.FILES, prefix="sei")
            if concordance_form.is_valid():
                count, errors = actions.import_strategic_industry_ipc(
                    actor=request.user, data=concordance_form.cleaned_data["file"].read()
                )
                if errors:
                    for error in errors[:50]:
                        messages.error(request, error)
                else:
                    messages.success(request, _("%(n)s concordance lines imported.") % {"n": count})
                    return redirect("landscape:quality")
    awards = PatentAward.objects.select_related("patent").order_by("-year", "patent__application_number")
    industries = (
        StrategicIndustryIpc.objects.values("industry_code", "industry_name").distinct().order_by("industry_code")
    )
    return render(
        request,
        "landscape/quality.html",
        {
            "awards": awards,
            "lines": StrategicIndustryIpc.objects.count(),
            "industries": industries,
            "award_form": award_form,
            "concordance_form": concordance_form,
            "can_edit": can_manage_quality_data(request.user).allowed,
        },
    )


def _slice_text(the_slice, form: SliceForm) -> str:
    """The slice in words, with the form's own labels: "IPC codes: H01M; filed from: 2015"."""
    names = {"applicants": "applicant", "regions": "region"}
    parts = []
    for key, value in the_slice.describe().items():
        label = form.fields[names.get(key, key)].label
        if value is True:
            parts.append(str(label))
        else:
            shown = "、".join(map(str, value)) if isinstance(value, tuple) else str(value)
            parts.append(_("%(label)s: %(value)s") % {"label": label, "value": shown})
    return _("; ").join(parts) or str(_("the whole corpus"))
