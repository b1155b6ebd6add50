"""The similar-mark search page, for the office and for enterprises before they file."""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from accounts.http import AuthenticatedRequest
from core.permissions import require
from core.ratelimits import limit, per_person
from portfolio.models import Trademark
from similarity import index as mark_index
from similarity.forms import LogoSearchForm, MarkSearchForm
from similarity.models import CorpusMark
from similarity.permissions import can_search_marks
from similarity.search import clean_query, search, search_logo, searched_counts, searched_images


def mark_search(request: AuthenticatedRequest) -> HttpResponse:
    require(can_search_marks(request.user))
    form = MarkSearchForm(request.GET or None)
    hits, elapsed, searched = None, None, None
    if request.GET and form.is_valid():
        limit(request, "search", per_person)
        try:
            query = clean_query(**form.query_args())
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error({"q": "q", "nice": "classes", "group": "groups"}.get(field), messages)
        else:
            started = time.perf_counter()
            hits = search(request.user, query)
            elapsed = round((time.perf_counter() - started) * 1000)
            searched = searched_counts()
    return render(
        request,
        "similarity/search.html",
        {
            "form": form,
            "logo_form": LogoSearchForm(),
            "hits": hits,
            "elapsed_ms": elapsed,
            "searched": searched,
            "is_office": request.user.is_office,
        },
    )


@require_http_methods(["GET", "POST"])
def logo_search(request: AuthenticatedRequest) -> HttpResponse:
    """The same page with an uploaded image as the query: marks whose image looks alike."""
    require(can_search_marks(request.user))
    logo_form = LogoSearchForm(request.POST, request.FILES) if request.method == "POST" else LogoSearchForm()
    hits, elapsed, searched = None, None, None
    if request.method == "POST":
        limit(request, "search", per_person)
        if logo_form.is_valid():
            started = time.perf_counter()
            hits = search_logo(request.user, logo_form.hashes)
            elapsed = round((time.perf_counter() - started) * 1000)
            searched = searched_images()
    return render(
        request,
        "similarity/search.html",
        {
            "form": MarkSearchForm(),
            "logo_form": logo_form,
            "logo": True,
            "hits": hits,
            "elapsed_ms": elapsed,
            "searched": searched,
            "is_office": request.user.is_office,
        },
        status=400 if request.method == "POST" and logo_form.errors else 200,
    )


def mark_image(request: AuthenticatedRequest, index_id: int) -> HttpResponse:
    """The image of a mark a search found: an outside mark's for anyone who may search (public
    register facts); a district trademark's only through its ``for_user``, as the portfolio
    serves it. Anything else is 404, like a missing id."""
    if not can_search_marks(request.user):
        raise Http404
    mark: Trademark | CorpusMark
    if index_id >= mark_index.CORPUS_ID_OFFSET:
        mark = get_object_or_404(CorpusMark.objects.for_user(request.user), pk=index_id - mark_index.CORPUS_ID_OFFSET)
    else:
        mark = get_object_or_404(Trademark.objects.for_user(request.user), pk=index_id)
    if not mark.image:
        raise Http404
    return FileResponse(mark.image.open("rb"))  # type: ignore[return-value]  # a streaming response
