"""Every change to the registry: enterprises, parks and talent."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind
from accounts.districts import acting_district
from accounts.models import District, Organisation
from audit.trail import record, snapshot
from core.actions import apply_changes, require
from registry.models import DistrictPopulation, Enterprise, Park, Talent
from registry.permissions import can_edit_enterprise, can_enter_district_figures, can_manage_registry
from registry.validators import normalise_uscc

ENTERPRISE_FIELDS = {
    "name",
    "owner_kind",
    "id_number",
    "street_code",
    "address",
    "park",
    "industry",
    "size",
    "is_high_tech",
    "is_tech_sme",
    "is_specialised",
    "legal_representative",
    "contact_phone",
    "founded_on",
}
# What an enterprise's own manager may change; flags and park are the office's judgement.
ENTERPRISE_SELF_FIELDS = {"address", "legal_representative", "contact_phone"}
PARK_FIELDS = {"name", "street_code", "address", "focus"}
TALENT_FIELDS = {"name", "organisation", "kind", "field", "title", "id_number", "phone"}


@transaction.atomic
def register_enterprise(
    *, actor, name: str, uscc: str = "", is_demo: bool = False, district: District | None = None, **fields: Any
) -> Enterprise:
    """Register an enterprise (or a university, institute, hospital or individual owner:
    ``owner_kind``) and open its organisation, in the acting office's district, so that its
    people can log in."""
    require(can_manage_registry(actor))
    home = acting_district(actor, district)
    if "id_number" in fields:
        fields["id_number"] = (fields["id_number"] or "").strip().upper()
    enterprise = Enterprise(uscc=normalise_uscc(uscc), name=name, is_demo=is_demo)
    apply_changes(enterprise, fields, ENTERPRISE_FIELDS)
    # Validate before creating the organisation so that bad input writes nothing.
    enterprise.full_clean(exclude=["organisation"])
    organisation = Organisation.objects.create(name=name, kind=OrganisationKind.ENTERPRISE, is_demo=is_demo)
    organisation.districts.add(home)
    enterprise.organisation = organisation
    enterprise.save()
    after = {**snapshot(organisation), "districts": [home.code]}
    record(actor=actor, action="organisation.create", obj=organisation, after=after)
    record(actor=actor, action="enterprise.register", obj=enterprise, after=snapshot(enterprise))
    return enterprise


@transaction.atomic
def update_enterprise(*, actor, enterprise: Enterprise, **changes: Any) -> Enterprise:
    require(can_edit_enterprise(actor, enterprise))
    allowed = ENTERPRISE_FIELDS if can_manage_registry(actor) else ENTERPRISE_SELF_FIELDS
    refused = sorted(set(changes) & (ENTERPRISE_FIELDS - allowed))
    if refused:
        # The registry's facts (name, region, park, industry, flags) are the office's to
        # change; the enterprise keeps its address, representative and phone.
        raise PermissionDenied(
            _("Only the IP office changes %(fields)s; you may change %(allowed)s.")
            % {"fields": _field_names(refused), "allowed": _field_names(sorted(allowed))}
        )
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    before = snapshot(enterprise)
    apply_changes(enterprise, changes, allowed)
    enterprise.full_clean()
    enterprise.save()
    if "name" in changes and enterprise.organisation.name != enterprise.name:
        enterprise.organisation.name = enterprise.name
        enterprise.organisation.save(update_fields=["name"])
    record(actor=actor, action="enterprise.update", obj=enterprise, before=before, after=snapshot(enterprise))
    return enterprise


def _field_names(names: list[str]) -> str:
    return "、".join(str(Enterprise._meta.get_field(name).verbose_name) for name in names)  # type: ignore[union-attr]  # the names are fields, not relations


@transaction.atomic
def create_park(*, actor, name: str, is_demo: bool = False, district: District | None = None, **fields: Any) -> Park:
    require(can_manage_registry(actor))
    park = Park(name=name, is_demo=is_demo, district=acting_district(actor, district))
    apply_changes(park, fields, PARK_FIELDS)
    park.full_clean()
    park.save()
    record(actor=actor, action="park.create", obj=park, after=snapshot(park))
    return park


@transaction.atomic
def update_park(*, actor, park: Park, **changes: Any) -> Park:
    require(can_manage_registry(actor))
    park = Park.objects.select_for_update().get(pk=park.pk)
    before = snapshot(park)
    apply_changes(park, changes, PARK_FIELDS)
    park.full_clean()
    park.save()
    record(actor=actor, action="park.update", obj=park, before=before, after=snapshot(park))
    return park


@transaction.atomic
def add_talent(
    *, actor, name: str, kind: str, is_demo: bool = False, district: District | None = None, **fields: Any
) -> Talent:
    require(can_manage_registry(actor))
    talent = Talent(name=name, kind=kind, is_demo=is_demo, district=acting_district(actor, district))
    apply_changes(talent, fields, TALENT_FIELDS)
    talent.full_clean()
    talent.save()
    record(actor=actor, action="talent.add", obj=talent, after=snapshot(talent))
    return talent


@transaction.atomic
def update_talent(*, actor, talent: Talent, **changes: Any) -> Talent:
    require(can_manage_registry(actor))
    talent = Talent.objects.select_for_update().get(pk=talent.pk)
    before = snapshot(talent)
    apply_changes(talent, changes, TALENT_FIELDS)
    talent.full_clean()
    talent.save()
    record(actor=actor, action="talent.update", obj=talent, before=before, after=snapshot(talent))
    return talent


@transaction.atomic
def set_population(
    *,
    actor,
    year: int,
    population: int,
    source: str = "",
    is_demo: bool = False,
    district: District | None = None,
) -> DistrictPopulation:
    """Enter or correct a district's population (the default district's if None) for a year."""
    require(can_enter_district_figures(actor))
    if population <= 0:
        raise ValidationError({"population": _("The population is a positive number of people.")})
    district = district or District.default()
    row = DistrictPopulation.objects.select_for_update().filter(district=district, year=year).first()
    before = snapshot(row) if row else None
    row = row or DistrictPopulation(district=district, year=year)
    row.population, row.source, row.is_demo = population, source, is_demo
    row.full_clean()
    row.save()
    record(actor=actor, action="dashboard.population", obj=row, before=before, after=snapshot(row))
    return row
