"""The landscape report and the full-text search as JSON, for the office's scripts. Anyone
else gets 404, like the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from landscape.corpus import bring_up_to_date, get_index, get_store
from landscape.forms import SliceForm
from landscape.permissions import can_view_landscape
from patentstore.report import Slice, build_report

router = Router(tags=["landscape"])


class SliceIn(Schema):
    ipc: str = ""
    keywords: str = ""
    applicant: str = ""
    region: str = ""
    year_from: int | None = None
    year_to: int | None = None
    district_only: bool = False


def _office_only(request: HttpRequest) -> None:
    if not can_view_landscape(request.user):
        raise Http404


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    return value


@router.get("/landscape/report")
def report(request: HttpRequest, filters: Query[SliceIn]) -> dict[str, Any]:
    """Every section of the landscape report for a slice (IPC prefixes separated by spaces)."""
    _office_only(request)
    ipc_form = SliceForm({"ipc": filters.ipc})
    if not ipc_form.is_valid():  # an unknown or malformed IPC code is refused, never read as "everything"
        raise ValidationError({"ipc": ipc_form.errors["ipc"]})
    bring_up_to_date()
    the_slice = Slice(
        ipc=tuple(ipc_form.cleaned_data["ipc"]),
        keywords=filters.keywords,
        applicants=(filters.applicant,) if filters.applicant else (),
        regions=(filters.region,) if filters.region else (),
        year_from=filters.year_from,
        year_to=filters.year_to,
        district_only=filters.district_only,
    )
    result = build_report(get_store(), the_slice, index=get_index())
    return {"slice": the_slice.describe(), "sections": _plain(result.sections), "timings_ms": result.timings}


@router.get("/landscape/search")
def search(request: HttpRequest, q: str, limit: int = 20) -> dict[str, Any]:
    """Ranked full-text search: doc_id and BM25 score of the best matches."""
    _office_only(request)
    bring_up_to_date()
    index = get_index()
    if index is None:
        return {"total": 0, "hits": []}
    hits, total = index.search(q, limit=max(1, min(limit, 100)))
    return {"total": total, "hits": [{"doc_id": h.doc_id, "score": h.score} for h in hits]}
