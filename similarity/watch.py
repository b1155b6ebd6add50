"""The protected-mark watch: new marks compared with the office's protected list.

Marks already in the index (a portfolio trademark just saved, a batch of outside marks just
imported) are checked the other way round: each protected mark is searched in the index and
only the new marks among its hits are kept, so a batch of any size costs one search per
protected mark. Free text (an enforcement lead) is compared pairwise with each protected mark.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from portfolio.models import Trademark
from similarity import actions
from similarity import index as mark_index
from similarity.actions import Finding
from similarity.choices import NewMarkSource
from similarity.models import CorpusMark, ProtectedMark, WatchHit
from tmsearch import Hit, Mark, similarity

DEFAULT_THRESHOLD = 75.0
# At most this many hits per protected mark are read from the index for one batch.
MAX_HITS_PER_PROTECTED_MARK = 5000


def threshold() -> float:
    """The score from which a new mark is listed for review (``SIMILARITY_WATCH_THRESHOLD``)."""
    return float(getattr(settings, "SIMILARITY_WATCH_THRESHOLD", DEFAULT_THRESHOLD))


def _active() -> list[ProtectedMark]:
    return list(ProtectedMark.objects.filter(is_active=True).select_related("trademark"))


def _goods_filter_passes(entry: ProtectedMark, classes: Iterable[int], reasons: list[dict]) -> bool:
    """A protected mark limited to its goods only catches marks in the same class or a
    related group (marks given without classes, like most leads, are always checked)."""
    classes = list(classes)
    if entry.cross_class or not entry.nice_classes or not classes:
        return True
    return any(r["code"] in ("same_class", "same_group", "related_group") for r in reasons)


def check_indexed_marks(index_ids: Iterable[int], source_label: str = "") -> list[WatchHit]:
    """Check marks that are in the index (by index id) against the protected list."""
    batch = set(index_ids)
    entries = _active()
    if not batch or not entries:
        return []
    engine = mark_index.get_index()
    limit = min(MAX_HITS_PER_PROTECTED_MARK, 200 + len(batch))
    found: list[tuple[ProtectedMark, Hit]] = []
    for entry in entries:
        # Cross-class protection: the goods must not lower the score, so they are left out.
        classes, groups = ([], []) if entry.cross_class else (entry.nice_classes, entry.groups)
        hits = engine.search(
            entry.name,
            classes=classes or None,
            groups=groups or None,
            related_groups=mark_index.related_groups_for(groups),
            limit=limit,
            min_score=threshold(),
        )
        found += [(entry, hit) for hit in hits if hit.id in batch]
    if not found:
        return []
    trademark_pks, corpus_pks = mark_index.split_ids(hit.id for _e, hit in found)
    trademarks = Trademark.objects.select_related("owner").in_bulk(trademark_pks)
    corpus = CorpusMark.objects.in_bulk(corpus_pks)
    trademark_type = ContentType.objects.get_for_model(Trademark)
    corpus_type = ContentType.objects.get_for_model(CorpusMark)
    findings = []
    for entry, hit in found:
        common: dict[str, Any] = {
            "protected_mark_id": entry.pk,
            "source_label": source_label,
            "score": hit.score,
            "reasons": hit.reasons,
            "nice_classes": list(hit.classes),
            "groups": list(hit.groups),
        }
        if hit.id >= mark_index.CORPUS_ID_OFFSET:
            mark = corpus.get(hit.id - mark_index.CORPUS_ID_OFFSET)
            if mark is None or (entry.holder_name and mark.holder_name == entry.holder_name):
                continue  # gone, or the protected mark's own holder
            findings.append(
                Finding(
                    source_kind=NewMarkSource.CORPUS,
                    mark_text=mark.mark_text,
                    number=mark.number,
                    holder_name=mark.holder_name,
                    source_type_id=corpus_type.pk,
                    source_id=mark.pk,
                    publication_date=mark.publication_date,
                    **common,
                )
            )
            continue
        tm = trademarks.get(hit.id)
        if tm is None or (entry.trademark is not None and tm.owner_id == entry.trademark.owner_id):
            continue  # gone, or the well-known mark itself / its owner's other marks
        findings.append(
            Finding(
                source_kind=NewMarkSource.PORTFOLIO,
                mark_text=tm.mark_text,
                number=tm.number,
                holder_name=tm.owner.name,
                source_type_id=trademark_type.pk,
                source_id=tm.pk,
                **common,
            )
        )
    return actions.record_watch_findings(findings, actor=None)


def check_text_against_watch(
    text: str,
    classes: Iterable[int] = (),
    source_label: str = "",
    source_object: models.Model | None = None,
) -> list[WatchHit]:
    """Check one mark typed anywhere (e.g. the mark in an enforcement lead) against the
    protected list; returns the watch hits written (new or still-open ones updated)."""
    text = (text or "").strip()
    classes = sorted({int(c) for c in classes})
    if not text:
        return []
    source_type_id = source_id = None
    kind = NewMarkSource.OTHER
    if source_object is not None and source_object.pk is not None:
        source_type_id = ContentType.objects.get_for_model(source_object).pk
        source_id = int(source_object.pk)
        kind = {Trademark: NewMarkSource.PORTFOLIO, CorpusMark: NewMarkSource.CORPUS}.get(
            type(source_object), NewMarkSource.LEAD
        )
    candidate: str | Mark = Mark(0, text, tuple(classes)) if classes else text
    findings = []
    for entry in _active():
        if entry.cross_class or not classes:
            score, reasons = similarity(entry.name, text)
        else:
            protected = Mark(0, entry.name, tuple(entry.nice_classes), tuple(entry.groups))
            score, reasons = similarity(protected, candidate, mark_index.related_groups_for(entry.groups))
        if score < threshold() or not _goods_filter_passes(entry, classes, reasons):
            continue
        findings.append(
            Finding(
                protected_mark_id=entry.pk,
                source_kind=kind,
                source_label=source_label,
                mark_text=text,
                score=score,
                reasons=reasons,
                nice_classes=classes,
                source_type_id=source_type_id,
                source_id=source_id,
            )
        )
    return actions.record_watch_findings(findings, actor=None)
