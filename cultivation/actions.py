"""Every change to trainings, competitions and the key-brand list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.districts import acting_district
from accounts.models import District
from audit.trail import record, snapshot
from core.actions import apply_changes, require
from core.workflow import take_step
from cultivation.choices import BrandStage
from cultivation.models import KeyBrand, KeyBrandStageChange, Participation, Training
from cultivation.permissions import can_manage_cultivation, can_move_brand
from portfolio.models import Trademark
from registry.models import Enterprise, Talent
from similarity import actions as watch_actions
from similarity.choices import ProtectedKind

TRAINING_FIELDS = {"kind", "title", "organiser", "level", "held_on", "place", "description"}


@transaction.atomic
def create_training(
    *,
    actor,
    kind: str,
    title: str,
    organiser: str,
    level: str,
    held_on: dt.date,
    place: str = "",
    description: str = "",
    is_demo: bool = False,
    district: District | None = None,
) -> Training:
    """Record a training course or a competition (of the acting office's district)."""
    require(can_manage_cultivation(actor))
    training = Training(
        district=acting_district(actor, district),
        kind=kind,
        title=title.strip(),
        organiser=organiser.strip(),
        level=level,
        held_on=held_on,
        place=place.strip(),
        description=description.strip(),
        is_demo=is_demo,
    )
    training.full_clean()
    training.save()
    record(actor=actor, action="training.create", obj=training, after=snapshot(training))
    return training


@transaction.atomic
def update_training(*, actor, training: Training, **changes) -> Training:
    require(can_manage_cultivation(actor))
    training = Training.objects.select_for_update().get(pk=training.pk)
    before = snapshot(training)
    apply_changes(training, changes, TRAINING_FIELDS)
    training.full_clean()
    training.save()
    record(actor=actor, action="training.update", obj=training, before=before, after=snapshot(training))
    return training


@transaction.atomic
def record_participation(
    *,
    actor,
    training: Training,
    talent: Talent,
    result: str = "",
    certificate_number: str = "",
) -> Participation:
    """Add a person of the talent registry to a training or competition, or correct their
    result and certificate number."""
    require(can_manage_cultivation(actor))
    row = Participation.objects.select_for_update().filter(training=training, talent=talent).first()
    before = snapshot(row) if row else None
    row = row or Participation(training=training, talent=talent)
    row.result, row.certificate_number = result.strip(), certificate_number.strip()
    row.full_clean(validate_constraints=False)
    row.save()
    record(actor=actor, action="training.participation", obj=row, before=before, after=snapshot(row))
    return row


@transaction.atomic
def remove_participation(*, actor, participation: Participation) -> None:
    require(can_manage_cultivation(actor))
    before = snapshot(participation)
    record(actor=actor, action="training.participation_remove", obj=participation, before=before)
    participation.delete()


def _owned_trademarks(owner: Enterprise, trademarks: Iterable[Trademark]) -> list[Trademark]:
    marks = list(trademarks)
    foreign = [m.mark_text for m in marks if m.owner_id != owner.pk]
    if foreign:
        raise ValidationError(
            {"trademarks": _("These marks are not the owner's: %(marks)s.") % {"marks": "、".join(foreign)}}
        )
    return marks


@transaction.atomic
def add_key_brand(
    *,
    actor,
    name: str,
    owner: Enterprise,
    goal: str,
    trademarks: Iterable[Trademark] = (),
    target_year: int | None = None,
    note: str = "",
    is_demo: bool = False,
) -> KeyBrand:
    """Put a brand on the key-brand list. It also goes onto the protected-mark watch (kind
    "key brand", in the classes of its marks), so new similar marks are flagged for review."""
    require(can_manage_cultivation(actor))
    marks = _owned_trademarks(owner, trademarks)
    brand = KeyBrand(
        name=name.strip(), owner=owner, goal=goal, target_year=target_year, note=note.strip(), is_demo=is_demo
    )
    brand.full_clean()
    classes = sorted({g.nice_class for m in marks for g in m.goods.all()})
    brand.protected_mark = watch_actions.add_protected_mark(
        actor=actor,
        name=brand.name,
        kind=ProtectedKind.KEY_BRAND,
        nice_classes=classes,
        holder_name=owner.name,
        note=_("Key brand of the district"),
    )
    brand.save()
    brand.trademarks.set(marks)
    after = snapshot(brand) | {"trademarks": sorted(m.pk for m in marks)}
    record(actor=actor, action="key_brand.add", obj=brand, after=after)
    return brand


@transaction.atomic
def update_key_brand(
    *,
    actor,
    brand: KeyBrand,
    goal: str,
    trademarks: Iterable[Trademark],
    target_year: int | None,
    note: str,
) -> KeyBrand:
    require(can_manage_cultivation(actor))
    brand = KeyBrand.objects.select_for_update().select_related("owner").get(pk=brand.pk)
    marks = _owned_trademarks(brand.owner, trademarks)
    before = snapshot(brand) | {"trademarks": sorted(brand.trademarks.values_list("pk", flat=True))}
    brand.goal, brand.target_year, brand.note = goal, target_year, note.strip()
    brand.full_clean()
    brand.save()
    brand.trademarks.set(marks)
    after = snapshot(brand) | {"trademarks": sorted(m.pk for m in marks)}
    record(actor=actor, action="key_brand.update", obj=brand, before=before, after=after)
    return brand


@transaction.atomic
def move_key_brand(*, actor, brand: KeyBrand, to_stage: str, note: str = "") -> KeyBrand:
    """Record a step of the brand's progress by the transition table. Dropping a brand stops
    its watch; putting it back on the list resumes it."""
    brand = KeyBrand.objects.select_for_update().get(pk=brand.pk)
    require(can_move_brand(actor, brand, to_stage))
    if to_stage == BrandStage.DROPPED and not note.strip():
        raise ValidationError({"note": _("Say why the brand leaves the list.")})
    before = snapshot(brand)
    take_step(
        brand, to_stage, history=KeyBrandStageChange, owner="brand", field="stage", actor=actor, note=note.strip()
    )
    brand.save(update_fields=["stage", "updated_at"])
    if to_stage in (BrandStage.DROPPED, BrandStage.PLANNED) and brand.protected_mark is not None:
        watch_actions.set_protected_mark_watched(
            actor=actor, protected_mark=brand.protected_mark, watched=to_stage != BrandStage.DROPPED
        )
    record(actor=actor, action=f"key_brand.{to_stage}", obj=brand, before=before, after=snapshot(brand))
    return brand
