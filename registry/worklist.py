"""What the search box finds in the registry: enterprises by their credit code or name."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.worklists import SearchHit, search
from registry.models import Enterprise


@search
def find_enterprises(user, query: str, limit: int) -> list[SearchHit]:
    found = Enterprise.objects.for_user(user).filter(Q(uscc__icontains=query) | Q(name__icontains=query))
    return [
        SearchHit(_("Enterprise"), e.uscc, e.name, reverse("registry:enterprise_detail", args=[e.pk]))
        for e in found.order_by("name")[:limit]
    ]
