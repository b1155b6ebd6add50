# ruff: noqa: S608 - SQL is assembled from column names and quoted file paths; values are bound parameters
"""The Django side of the patent corpus store (patentstore, which knows nothing of Django):
where it lives, the reference tables handed to it, the district's own patents synced into it,
and the full-text index kept in step.

District patents are synced (a) by `python manage.py sync_landscape` or the background job
``landscape.sync``, and (b) on demand when a report or search page is opened and the district's
patents changed since the last sync (a fingerprint of their count and last update is kept in
the store's manifest). The full-text index is rebuilt only by the background job (or the
command), never inside a web request: its segmentation runs a process pool."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Max

from core.locks import file_lock
from landscape import shared
from patentstore import textindex
from patentstore.store import PatentStore
from portfolio.models import Patent
from refdata import divisions
from refdata.choices import IpcLevel
from refdata.models import IpcEntry, TechFieldPattern

_lock = threading.Lock()
_stores: dict[Path, PatentStore] = {}
_indexes: dict[Path, textindex.TextIndex] = {}
_metas: dict[Path, str] = {}


def store_dir() -> Path:
    return Path(getattr(settings, "LANDSCAPE_STORE_DIR", Path(settings.BASE_DIR) / "var" / "landscape"))


def get_store() -> PatentStore:
    root = store_dir()
    with _lock:
        if root not in _stores:
            _stores[root] = PatentStore(root)
        return _stores[root]


def export_refs(store: PatentStore) -> None:
    """IPC titles (sections, classes, subclasses) and the WIPO concordance, from the refdata tables."""
    titles = list(
        IpcEntry.objects.filter(level__in=[IpcLevel.SECTION, IpcLevel.CLASS, IpcLevel.SUBCLASS]).values_list(
            "code", "title_zh"
        )
    )
    wipo = [
        (p.subclass, p.main_group, p.field_id, p.field.sector_en, p.field.name_zh or p.field.field_en)
        for p in TechFieldPattern.objects.select_related("field")
    ]
    store.write_refs(titles, wipo)


def _region(patent: Patent) -> str:
    owner = next(iter(patent.owners.all()), None)
    # A street's GB/T 2260 code begins with its district's: the owner's district, else the default one.
    district = divisions.lookup(owner.street_code[:6] if owner and owner.street_code else settings.DISTRICT_CODE)
    name = district.name if district else ""
    street = owner.street_name if owner else ""
    return f"{name} {street}".strip()


def district_rows() -> list[dict[str, Any]]:
    rows = []
    for patent in Patent.objects.prefetch_related("owners").order_by("pk"):
        owners = [o.name for o in patent.owners.all()]
        rows.append(
            {
                "district_id": patent.pk,
                "country": "CN",
                "application_number": patent.application_number,
                "publication_number": patent.publication_number or None,
                "patent_type": patent.patent_type,
                "title": patent.title,
                "abstract": patent.abstract,
                "applicants": patent.applicants or "; ".join(owners),
                "inventors": patent.inventors,
                "region": _region(patent),
                "filing_date": patent.filing_date,
                "publication_date": patent.publication_date,
                "grant_date": patent.grant_date,
                "expiry_date": patent.expiry_date or patent.compute_expiry(),
                "status": patent.status,
                "ipc_codes": [c.replace(" ", "") for c in patent.ipc_codes or []],
                "claims_count": patent.claims_count,
                "is_pct": patent.is_pct,
                "has_foreign_family": patent.has_foreign_family,
            }
        )
    return rows


def _fingerprint() -> str:
    figures = Patent.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return f"{figures['n']}:{figures['last'].isoformat() if figures['last'] else ''}"


@contextmanager
def _sync_lock() -> Iterator[None]:
    """One sync or index build at a time on this machine (threads and processes alike)."""
    with file_lock(store_dir() / "sync.lock"):
        yield


def sync_district(*, force: bool = False, index: bool = True) -> bool:
    """Write the district's patents into the store when they changed (and, with ``index``,
    rebuild the full-text index when it is behind); True when anything was done. The
    fingerprint that says "synced" is written last, after the index: a sync that dies half way
    is done again next time rather than taken for done."""
    fingerprint = _fingerprint()
    with _sync_lock():
        _follow_locked(force=True)
        store = get_store()
        manifest = store.manifest()
        synced = manifest.get("district_fingerprint") == fingerprint and "refs" in manifest
        if synced and not force:
            if index and not index_is_current():
                rebuild_index(locked=True)
                _publish_locked()
                return True
            return False
        export_refs(store)
        result = store.import_rows(district_rows(), source="district", district=True)
        if not result.ok:  # the database's own rows always pass; anything else is a bug to see
            raise RuntimeError(f"district sync failed: {result.file_errors or result.row_errors[:5]}")
        if index:
            rebuild_index(locked=True)
        store.note(
            district_fingerprint=fingerprint,
            district_synced_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        _publish_locked()
    return True


def _follow_locked(force: bool = False) -> None:
    """Several machines: take the store another machine published (see landscape/shared.py)."""
    if shared.enabled() and shared.follow(store_dir(), force=force):
        with _lock:
            _stores.pop(store_dir(), None)
            _indexes.clear()


def _publish_locked() -> None:
    if shared.enabled():
        shared.publish(store_dir())


def follow_published() -> None:
    """Several machines: bring this machine's copy of the store up to the published one (at
    most once every LANDSCAPE_FOLLOW_SECONDS). Nothing on local disk."""
    if shared.enabled():
        with _sync_lock():
            _follow_locked()


def bring_up_to_date() -> None:
    """What a page or the API does before it reads the store. On one machine: sync the
    district's patents now when they changed (cheap), and queue the index rebuild. On several
    machines only the sync job writes the store (it publishes it for the others), so a page
    takes the published copy and queues the job when that copy is behind the database."""
    if not shared.enabled():
        sync_district(index=False)
        request_index_rebuild()
        return
    follow_published()
    if get_store().manifest().get("district_fingerprint") != _fingerprint() or not index_is_current():
        from core import jobs

        jobs.submit_coalesced("landscape.sync")


def rebuild_index(*, locked: bool = False) -> dict:
    """Rebuild the full-text index from the store as it stands (run by the background job or
    a command: the segmentation forks a process pool)."""
    if not locked:
        with _sync_lock():
            _follow_locked(force=True)
            meta = rebuild_index(locked=True)
            _publish_locked()
            return meta
    store = get_store()
    meta = textindex.build(corpus_texts(store), store.fts_dir, version=store.manifest()["version"])
    with _lock:
        _indexes.pop(store.fts_dir, None)
    return meta


def request_index_rebuild() -> None:
    """Queue the sync job when the full-text index is behind the store (a page calls this)."""
    if not index_is_current():
        from core import jobs

        jobs.submit_coalesced("landscape.sync")


def corpus_texts(store: PatentStore):
    """(doc_id, title + abstract + claims + keywords) of every document the reports see."""
    con = store.connection()
    paths = store.part_paths()
    if not paths:
        return []
    files = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE texts AS SELECT doc_id, concat_ws(' ', title, keywords, abstract, claims) AS t, "
        f"row_number() OVER (PARTITION BY doc_id ORDER BY is_district DESC, filename DESC) AS k "
        f"FROM read_parquet({files}, filename = true)"
    )
    return con.execute(
        "SELECT t.doc_id, t.t FROM texts t SEMI JOIN p USING (doc_id) WHERE t.k = 1 ORDER BY t.doc_id"
    ).fetchall()


def get_index() -> textindex.TextIndex | None:
    """The full-text index, or None when it was never built."""
    store = get_store()
    path = store.fts_dir
    if not (path / "meta.json").exists():
        return None
    meta = (path / "meta.json").read_text(encoding="utf-8")
    with _lock:
        index = _indexes.get(path)
        if index is None or _metas.get(path) != meta:
            index = _indexes[path] = textindex.TextIndex(path)
            _metas[path] = meta
        return index


def index_is_current() -> bool:
    index = get_index()
    return index is not None and index.version == get_store().manifest()["version"]
