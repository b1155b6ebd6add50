"""The Django side of the matcher (``patentstore.matching``): the listed offers as an index
(in the landscape's full-text index format, memory-mapped),
a need's words and field, and the enterprise's idle patents that could be offered."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import threading
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max, Q

from core.locks import file_lock
from exchange.choices import OfferStatus
from exchange.models import Need, Offer
from patentstore.matching import MatchIndex, OfferText, subclass
from patentstore.matching import Need as NeedText
from patentstore.valuescore import PatentFacts, Score, score_patent
from portfolio.choices import PatentStatus
from portfolio.models import Patent

_lock = threading.Lock()
_cached: tuple[str, MatchIndex] | None = None


def listed_offers():
    return Offer.objects.filter(status=OfferStatus.LISTED)


def _fingerprint() -> str:
    """The listed offers as a set: their count, last change and highest id."""
    state = listed_offers().aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    key = f"{state['n']}|{state['last'].isoformat() if state['last'] else ''}|{state['top']}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def offer_index() -> MatchIndex:
    """The listed offers as a match index: the full-text index format of the landscape
    (``patentstore.textindex``) written into a folder named after the set of offers, once
    for all processes (under a file lock), and memory-mapped by each; built again when an
    offer was added or changed."""
    global _cached
    key = _fingerprint()
    with _lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
    root = Path(settings.EXCHANGE_INDEX_DIR)
    folder = root / f"offers-{key}"
    with file_lock(root / "build.lock"):
        if not (folder / "meta.json").exists():
            rows = listed_offers().values_list("pk", "title", "abstract", "claims_summary", "ipc_codes")
            MatchIndex.write(
                (
                    OfferText(pk, "\n".join(p for p in (title, abstract, claims) if p), tuple(ipc or ()))
                    for pk, title, abstract, claims, ipc in rows
                ),
                folder,
            )
            # Older sets are not read again (a process that still maps one keeps its pages).
            for old in root.glob("offers-*"):
                if old != folder:
                    shutil.rmtree(old, ignore_errors=True)
        index = MatchIndex.open(folder)
    with _lock:
        _cached = (key, index)
    return index


def field_of(need: Need) -> tuple[str, ...]:
    """The enterprise's field: the IPC subclasses of its own patents."""
    codes = Patent.objects.filter(owners=need.enterprise).exclude(main_ipc="").values_list("main_ipc", flat=True)
    return tuple(sorted({subclass(c) for c in codes} - {""}))


def need_text(need: Need) -> NeedText:
    return NeedText(need.text, tuple(need.ipc_codes or ()), field_of(need))


def value_score(offer: Offer, on: dt.date) -> Score:
    """The platform's value score of the offered patent (docs/value-score.md), from the facts
    the offer carries."""
    return score_patent(
        PatentFacts(
            status=offer.legal_status,
            expiry_date=offer.expiry_date,
            grant_date=offer.grant_date,
            claims_count=offer.claims_count,
            ipc_codes=tuple(offer.ipc_codes or ()),
            is_pct=bool(offer.patent and offer.patent.is_pct),
            has_foreign_family=bool(offer.patent and offer.patent.has_foreign_family),
            citations=None,
        ),
        on,
    )


def idle_patents(enterprise, on: dt.date):
    """The enterprise's patents that could go on the exchange: granted, in force, annuities paid
    (nothing overdue), not held by a live pledge and not already listed. The portfolio keeps no
    record of which products use a patent, so that test is the enterprise's own when it lists."""
    patents = (
        Patent.objects.filter(owners=enterprise, status=PatentStatus.GRANTED)
        .filter(Q(expiry_date__isnull=True) | Q(expiry_date__gte=on))
        .exclude(pledges__holds_pledge=True)
        .exclude(offers__status=OfferStatus.LISTED)
        .distinct()
        .order_by("application_number")
    )
    return [p for p in patents if (due := p.next_annuity_due()) is None or due >= on]
