"""Every change to the portfolio: patents, trademarks, geographical indications, special signs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.trail import record, snapshot
from core.actions import apply_changes, require
from portfolio.choices import FeeReductionShare
from portfolio.models import (
    FeeReduction,
    GeographicalIndication,
    ImportJob,
    Patent,
    PatentLicence,
    SpecialSign,
    Trademark,
    TrademarkGoods,
)
from portfolio.numbers import kind_of_application_number, normalise_application_number
from portfolio.permissions import can_edit_portfolio
from portfolio.signals import trademarks_changed, trademarks_written
from refdata import lookups
from registry.models import Enterprise
from registry.permissions import can_manage_registry

PATENT_FIELDS = {
    "patent_type",
    "publication_number",
    "grant_number",
    "title",
    "abstract",
    "applicants",
    "inventors",
    "filing_date",
    "publication_date",
    "grant_date",
    "ipc_codes",
    "status",
    "claims_count",
    "is_pct",
    "has_foreign_family",
    "foreign_family_granted",
    "annuity_paid_year",
}
TRADEMARK_FIELDS = {
    "mark_text",
    "image",
    "kind",
    "filing_date",
    "registration_date",
    "status",
    "is_well_known",
    "well_known_since",
}


def notify_trademarks_changed(ids: list[int]) -> None:
    """Tell the similarity index and the watch: the change log now, in the transaction; the
    index and the watch once the marks are committed."""
    if ids:
        trademarks_written.send(sender=Trademark, trademark_ids=list(ids))
        transaction.on_commit(lambda: trademarks_changed.send(sender=Trademark, trademark_ids=list(ids)))


def _check_ipc(codes: list[str]) -> list[str]:
    normalised = [lookups.normalise_ipc(c) for c in codes if c.strip()]
    bad = []
    for code in normalised:
        try:
            lookups.validate_ipc(code)
        except ValidationError:
            bad.append(code)
    if bad:
        raise ValidationError({"ipc_codes": _("Not in the IPC scheme: %(codes)s.") % {"codes": "、".join(bad)}})
    return normalised


def _clean_patent(patent: Patent) -> None:
    patent.ipc_codes = _check_ipc(list(patent.ipc_codes or []))
    patent.main_ipc = patent.ipc_codes[0] if patent.ipc_codes else ""
    kind = kind_of_application_number(patent.application_number)
    if kind and patent.patent_type and kind != patent.patent_type:
        raise ValidationError({"patent_type": _("The application number says this is a different type of patent.")})
    patent.full_clean()
    patent.expiry_date = patent.compute_expiry()


def _require_owners(actor, owners: list[Enterprise]) -> None:
    if not owners:
        raise ValidationError({"owners": _("Name at least one owner from the registry.")})
    for owner in owners:
        require(can_edit_portfolio(actor, owner))


@transaction.atomic
def add_patent(
    *, actor, application_number: str, owners: list[Enterprise], is_demo: bool = False, **fields: Any
) -> Patent:
    _require_owners(actor, owners)
    patent = Patent(application_number=normalise_application_number(application_number), is_demo=is_demo)
    apply_changes(patent, fields, PATENT_FIELDS)
    if not patent.patent_type:
        patent.patent_type = kind_of_application_number(patent.application_number)
    _clean_patent(patent)
    patent.save()
    patent.owners.set(owners)
    record(actor=actor, action="patent.add", obj=patent, after={**snapshot(patent), "owners": [o.pk for o in owners]})
    return patent


@transaction.atomic
def update_patent(*, actor, patent: Patent, owners: list[Enterprise] | None = None, **changes: Any) -> Patent:
    patent = Patent.objects.select_for_update().get(pk=patent.pk)
    current = list(patent.owners.all())
    _require_owners(actor, current)
    before = {**snapshot(patent), "owners": sorted(o.pk for o in current)}
    apply_changes(patent, changes, PATENT_FIELDS)
    _clean_patent(patent)
    patent.save()
    if owners is not None:
        _require_owners(actor, owners)
        patent.owners.set(owners)
    after = {**snapshot(patent), "owners": sorted(o.pk for o in patent.owners.all())}
    record(actor=actor, action="patent.update", obj=patent, before=before, after=after)
    return patent


@transaction.atomic
def transfer_patent(*, actor, patent: Patent, to: list[Enterprise], note: str = "") -> Patent:
    """Record a registered assignment (专利权转让, 专利法 art. 10): the new owners replace the old."""
    _require_owners(actor, to)
    patent = Patent.objects.select_for_update().get(pk=patent.pk)
    before = {**snapshot(patent), "owners": sorted(patent.owners.values_list("pk", flat=True))}
    patent.owners.set(to)
    after = {**snapshot(patent), "owners": sorted(o.pk for o in to), "note": note}
    record(actor=actor, action="patent.transfer", obj=patent, before=before, after=after)
    return patent


@transaction.atomic
def record_licence(
    *,
    actor,
    licensee: Enterprise,
    application_number: str,
    title: str,
    licensor: str,
    kind: str,
    patent: Patent | None = None,
    record_number: str = "",
    recorded_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    source: str = "",
    is_demo: bool = False,
) -> PatentLicence:
    """Record a licence a district enterprise took (recorded with CNIPA)."""
    require(can_edit_portfolio(actor, licensee))
    licence = PatentLicence(
        licensee=licensee,
        patent=patent,
        application_number=application_number,
        title=title[:300],
        licensor=licensor[:200],
        kind=kind,
        record_number=record_number,
        recorded_on=recorded_on,
        ends_on=ends_on,
        source=source,
        is_demo=is_demo,
    )
    licence.full_clean()
    licence.save()
    record(actor=actor, action="patent_licence.add", obj=licence, after=snapshot(licence))
    return licence


def _clean_goods(groups: list[str]) -> list[tuple[int, str]]:
    if not groups:
        raise ValidationError({"groups": _("Name at least one similar-goods group, e.g. 3301.")})
    cleaned = []
    for code in groups:
        code = code.strip().zfill(4)
        try:
            lookups.validate_group(code)
        except ValidationError as exc:
            raise ValidationError({"groups": exc.messages}) from None
        cleaned.append((lookups.group_class(code), code))
    return cleaned


@transaction.atomic
def add_trademark(
    *,
    actor,
    number: str,
    owner: Enterprise,
    groups: list[str],
    items: str = "",
    is_demo: bool = False,
    **fields: Any,
) -> Trademark:
    require(can_edit_portfolio(actor, owner))
    goods = _clean_goods(groups)
    mark = Trademark(number=number.strip().upper(), owner=owner, is_demo=is_demo)
    apply_changes(mark, fields, TRADEMARK_FIELDS)
    mark.full_clean()
    mark.expiry_date = mark.compute_expiry()
    mark.save()
    TrademarkGoods.objects.bulk_create(
        [
            TrademarkGoods(trademark=mark, nice_class=c, group_code=g, items=items if i == 0 else "")
            for i, (c, g) in enumerate(goods)
        ]
    )
    record(actor=actor, action="trademark.add", obj=mark, after={**snapshot(mark), "groups": [g for _c, g in goods]})
    notify_trademarks_changed([mark.pk])
    return mark


@transaction.atomic
def update_trademark(
    *, actor, trademark: Trademark, groups: list[str] | None = None, items: str | None = None, **changes: Any
) -> Trademark:
    mark = Trademark.objects.select_for_update().get(pk=trademark.pk)
    require(can_edit_portfolio(actor, mark.owner))
    before = {**snapshot(mark), "groups": [g.group_code for g in mark.goods.all()]}
    apply_changes(mark, changes, TRADEMARK_FIELDS)
    mark.full_clean()
    mark.expiry_date = mark.compute_expiry()
    mark.save()
    if groups is not None:
        goods = _clean_goods(groups)
        mark.goods.all().delete()
        TrademarkGoods.objects.bulk_create(
            [
                TrademarkGoods(trademark=mark, nice_class=c, group_code=g, items=(items or "") if i == 0 else "")
                for i, (c, g) in enumerate(goods)
            ]
        )
    after = {**snapshot(mark), "groups": [g.group_code for g in mark.goods.all()]}
    record(actor=actor, action="trademark.update", obj=mark, before=before, after=after)
    notify_trademarks_changed([mark.pk])
    return mark


@transaction.atomic
def add_geographical_indication(*, actor, name: str, is_demo: bool = False, **fields: Any) -> GeographicalIndication:
    require(can_manage_registry(actor))
    gi = GeographicalIndication(name=name, is_demo=is_demo, **fields)
    if gi.nice_class is not None:
        lookups.validate_nice_class(gi.nice_class)
    gi.full_clean()
    gi.save()
    record(actor=actor, action="gi.add", obj=gi, after=snapshot(gi))
    return gi


@transaction.atomic
def add_special_sign(*, actor, name: str, is_demo: bool = False, **fields: Any) -> SpecialSign:
    require(can_manage_registry(actor))
    sign = SpecialSign(name=name, is_demo=is_demo, **fields)
    sign.full_clean()
    sign.save()
    record(actor=actor, action="special_sign.add", obj=sign, after=snapshot(sign))
    return sign


@transaction.atomic
def start_import(*, actor, kind: str, upload, source: str = "", source_date=None) -> ImportJob:
    """Take an uploaded file of patents or trademarks and queue its import; the job, its place
    in the queue and its audit event exist together or not at all. The rows are checked and
    written (each with its own event) when a worker runs the job. ``source`` and
    ``source_date`` name the database a file came from and the date of its data."""
    # The runner's importers call back into this module (notify_trademarks_changed).
    from portfolio.importing.runner import import_permission, start_job

    require(import_permission(kind)(actor))
    if kind not in ImportJob.Kind.values:
        raise ValueError(f"no importer for {kind!r}")  # the pages offer only these kinds
    job = ImportJob.objects.create(
        kind=kind,
        file=upload,
        file_name=upload.name[:200],
        created_by=actor,
        source=source[:200],
        source_date=source_date,
    )
    record(actor=actor, action="import_job.start", obj=job, after=snapshot(job))
    start_job(job)
    return job


@transaction.atomic
def record_annuity_paid(*, actor, patent: Patent, year: int) -> Patent:
    """The annuity for patent year ``year`` has been paid: the patent counts as paid up to it,
    so its next annuity falls due a year later. Any owner's manager (or the office) records
    it; a year already counted, or one that is not the next due, is refused."""
    patent = Patent.objects.select_for_update().get(pk=patent.pk)
    owners = list(patent.owners.all())
    decisions = [can_edit_portfolio(actor, owner) for owner in owners] or [can_manage_registry(actor)]
    require(next((d for d in decisions if d), decisions[0]))
    paid = max(patent.annuity_paid_year, patent.grant_year or 0)
    if year != paid + 1:
        raise ValidationError(
            {"year": _("The next annuity due is for year %(next)d; year %(year)d cannot be recorded.")
             % {"next": paid + 1, "year": year}}
        )  # fmt: skip
    before = snapshot(patent)
    patent.annuity_paid_year = year
    patent.save(update_fields=["annuity_paid_year", "updated_at"])
    record(actor=actor, action="patent.annuity_paid", obj=patent, before=before, after=snapshot(patent))
    return patent


@transaction.atomic
def set_fee_reduction(
    *, actor, patent: Patent, share: str, approved_on: dt.date | None = None, reference: str = ""
) -> FeeReduction | None:
    """Record that the CNIPA approved the patent's fee reduction (费减备案) for ``share`` (one
    person or unit, or co-owners who each qualify), or, with an empty ``share``, that it has
    none. Any owner's manager (or the office) records it; audited."""
    owners = list(patent.owners.all())
    decisions = [can_edit_portfolio(actor, owner) for owner in owners] or [can_manage_registry(actor)]
    require(next((d for d in decisions if d), decisions[0]))
    current = FeeReduction.objects.select_for_update().filter(patent=patent).first()
    before = snapshot(current) if current is not None else None
    if not share:
        if current is not None:
            current.delete()
            record(actor=actor, action="patent.fee_reduction_removed", obj=patent, before=before)
        return None
    if share not in FeeReductionShare.values:
        raise ValidationError({"share": _("Choose who the reduction was approved for.")})
    if approved_on is None or approved_on > timezone.localdate():
        raise ValidationError({"approved_on": _("Enter the approval date (not in the future).")})
    reduction = current or FeeReduction(patent=patent)
    reduction.share, reduction.approved_on, reduction.reference = share, approved_on, (reference or "").strip()
    reduction.recorded_by = actor if getattr(actor, "pk", None) else None
    reduction.save()
    record(actor=actor, action="patent.fee_reduction", obj=patent, before=before, after=snapshot(reduction))
    return reduction
