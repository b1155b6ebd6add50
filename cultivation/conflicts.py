"""The trademark engine's check of a key brand: marks of other owners confusingly similar to
the brand, in the classes of its marks (or in every class when it has none yet)."""

from __future__ import annotations

from cultivation.models import KeyBrand
from similarity.search import Query, SearchHit, search
from similarity.watch import threshold


def brand_conflicts(user, brand: KeyBrand, limit: int = 20) -> list[SearchHit]:
    """Hits at or above the watch threshold that are not the owner's own marks, best first."""
    own = set(brand.owner.trademarks.values_list("number", flat=True))
    classes = sorted({g.nice_class for m in brand.trademarks.all() for g in m.goods.all()})
    query = Query(text=brand.name, classes=classes, all_classes=not classes, limit=limit + len(own))
    floor = threshold()
    return [hit for hit in search(user, query) if hit.number not in own and hit.score >= floor][:limit]
