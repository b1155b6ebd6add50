"""The similar-mark search page, for the office and for enterprises before they file."""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render

from accounts.http import AuthenticatedRequest
from core.permissions import require
from core.ratelimits import limit, per_person
from similarity.forms import MarkSearchForm
from similarity.permissions import can_search_marks
from similarity.search import clean_query, search, searched_counts


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
        {"form": form, "hits": hits, "elapsed_ms": elapsed, "searched": searched, "is_office": request.user.is_office},
    )
