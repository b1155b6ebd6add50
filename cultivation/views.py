from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_built(request: HttpRequest) -> HttpResponse:
    """Placeholder until the app's pages land (replaced by the app's own views)."""
    return render(request, "form.html", {"title": "—"})
