"""Every change on the patent exchange: offers, needs, matches, deals."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OrganisationKind
from accounts.models import Organisation
from audit.trail import record, snapshot
from core.actions import require
from core.workflow import take_step
from exchange.choices import (
    LICENCE_KINDS,
    DealKind,
    DealStatus,
    MatchStatus,
    NeedStatus,
    OfferMode,
    OfferStatus,
    SourceKind,
)
from exchange.matching import idle_patents, need_text, offer_index
from exchange.models import Deal, DealStep, Match, Need, Offer
from exchange.permissions import (
    can_change_offer,
    can_move_deal,
    can_offer,
    can_post_need,
    can_run_exchange,
    can_take_open_licence,
)
from portfolio import actions as portfolio_actions
from portfolio.models import Patent, PatentLicence, patent_expiry
from portfolio.numbers import kind_of_application_number, normalise_application_number
from refdata import lookups
from registry.models import Enterprise

MATCHES_KEPT = 10
# A match whose words weigh less than this share of the best match's (a word found in almost
# every offer, "方法", "（演示）") is noise on the board, not a lead.
MIN_SHARE_OF_BEST = 0.1
OPEN_LICENCE_FIELDS = ("royalty_rate", "lump_sum", "licence_years", "published_on")


def _check_ipc(codes: list[str]) -> list[str]:
    """Each code must be an IPC entry (any level); all the wrong ones are named at once."""
    cleaned, bad = [], []
    for code in (c for c in codes if c.strip()):
        try:
            cleaned.append(lookups.validate_ipc(code))
        except ValidationError as exc:
            bad.extend(exc.messages)
    if bad:
        raise ValidationError({"ipc_codes": bad})
    return cleaned


def _check_open_licence(offer: Offer) -> None:
    if offer.mode != OfferMode.OPEN_LICENCE:
        return
    errors: dict[str, str] = {}
    if offer.royalty_rate is None and offer.lump_sum is None:
        errors["royalty_rate"] = _("An open licence declares its royalty: a rate, a lump sum, or both.")
    if offer.royalty_rate is not None and not (Decimal(0) < offer.royalty_rate <= Decimal(100)):
        errors["royalty_rate"] = _("A royalty rate is above 0 and at most 100 %.")
    if not offer.licence_years:
        errors["licence_years"] = _("An open licence declares its term in years.")
    if offer.legal_status != "granted":
        errors["mode"] = _("Only a granted patent in force can be declared open for licence.")
    if errors:
        raise ValidationError(errors)


def _source_of(organisation: Organisation, source_kind: str) -> str:
    if organisation.kind == OrganisationKind.ENTERPRISE:
        return SourceKind.ENTERPRISE
    if source_kind not in (SourceKind.UNIVERSITY, SourceKind.INSTITUTE):
        raise ValidationError({"source_kind": _("Say whether the offeror is a university or an institute.")})
    return source_kind


@transaction.atomic
def list_offer(
    *,
    actor,
    organisation: Organisation,
    application_number: str,
    title: str,
    filing_date: dt.date,
    mode: str,
    legal_status: str = "granted",
    source_kind: str = SourceKind.UNIVERSITY,
    patent_type: str = "",
    abstract: str = "",
    claims_summary: str = "",
    ipc_codes: list[str] | None = None,
    grant_date: dt.date | None = None,
    expiry_date: dt.date | None = None,
    claims_count: int | None = None,
    asking_price: Decimal | None = None,
    royalty_rate: Decimal | None = None,
    lump_sum: Decimal | None = None,
    licence_years: int | None = None,
    published_on: dt.date | None = None,
    patent: Patent | None = None,
    contact: str = "",
    is_demo: bool = False,
) -> Offer:
    """List a patent on the exchange (a university's, an institute's, or an enterprise's own)."""
    require(can_offer(actor))
    if not (actor is None or getattr(actor, "is_office", False)) and actor.organisation_id != organisation.pk:
        raise ValidationError({"organisation": _("You list your own organisation's patents.")})
    if organisation.kind not in (OrganisationKind.UNIVERSITY, OrganisationKind.ENTERPRISE):
        raise ValidationError({"organisation": _("Patents are offered by universities, institutes or enterprises.")})
    number = normalise_application_number(application_number)
    kind = patent_type or kind_of_application_number(number)
    offer = Offer(
        organisation=organisation,
        source_kind=_source_of(organisation, source_kind),
        patent=patent,
        application_number=number,
        patent_type=kind,
        title=title.strip(),
        abstract=abstract.strip(),
        claims_summary=claims_summary.strip(),
        ipc_codes=_check_ipc(ipc_codes or []),
        legal_status=legal_status,
        filing_date=filing_date,
        grant_date=grant_date,
        expiry_date=expiry_date or patent_expiry(kind, filing_date),
        claims_count=claims_count,
        mode=mode,
        asking_price=asking_price,
        royalty_rate=royalty_rate,
        lump_sum=lump_sum,
        licence_years=licence_years,
        published_on=published_on if mode == OfferMode.OPEN_LICENCE else None,
        contact=contact.strip(),
        is_demo=is_demo,
    )
    _check_open_licence(offer)
    if Offer.objects.filter(application_number=number, status=OfferStatus.LISTED).exists():
        raise ValidationError({"application_number": _("This patent is already listed on the exchange.")})
    offer.full_clean()
    offer.save()
    record(actor=actor, action="exchange.offer.list", obj=offer, after=snapshot(offer))
    return offer


@transaction.atomic
def offer_idle_patent(
    *,
    actor,
    patent: Patent,
    enterprise: Enterprise,
    mode: str,
    on: dt.date | None = None,
    **terms: Any,
) -> Offer:
    """List one of the enterprise's idle patents from its portfolio."""
    on = on or timezone.localdate()
    if patent.pk not in {p.pk for p in idle_patents(enterprise, on)}:
        raise ValidationError({"patent": _("This patent is not one of the enterprise's idle patents.")})
    return list_offer(
        actor=actor,
        organisation=enterprise.organisation,
        application_number=patent.application_number,
        patent_type=patent.patent_type,
        title=patent.title,
        abstract=patent.abstract,
        ipc_codes=list(patent.ipc_codes or []),
        legal_status=patent.status,
        filing_date=patent.filing_date,
        grant_date=patent.grant_date,
        expiry_date=patent.expiry_date,
        claims_count=patent.claims_count,
        mode=mode,
        patent=patent,
        is_demo=patent.is_demo,
        **terms,
    )


# What an offeror may change on a listed offer: how it is offered and on what terms (the
# patent's facts stay as listed; a wrong patent is withdrawn and listed again).
OFFER_TERMS = ("mode", "asking_price", "royalty_rate", "lump_sum", "licence_years", "published_on", "contact")


@transaction.atomic
def change_offer_terms(*, actor, offer: Offer, **terms: Any) -> Offer:
    """Change how a listed offer is offered and on what terms (a university's list imported
    again with new prices, say); the same checks as when it was listed."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    require(can_change_offer(actor, offer))
    if offer.status != OfferStatus.LISTED:
        raise ValidationError({"status": _("The offer is no longer listed.")})
    unknown = set(terms) - set(OFFER_TERMS)
    if unknown:
        raise ValueError(f"not an offer's terms: {sorted(unknown)}")
    before = snapshot(offer)
    for name, value in terms.items():
        setattr(offer, name, value.strip() if isinstance(value, str) else value)
    if offer.mode != OfferMode.OPEN_LICENCE:
        offer.published_on = None
    _check_open_licence(offer)
    offer.full_clean()
    offer.save()
    record(actor=actor, action="exchange.offer.terms", obj=offer, before=before, after=snapshot(offer))
    return offer


@transaction.atomic
def withdraw_offer(*, actor, offer: Offer, on: dt.date | None = None) -> Offer:
    """Take an offer off the exchange; an open-licence declaration is withdrawn (art. 51: the
    licences already taken stand)."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    require(can_change_offer(actor, offer))
    before = snapshot(offer)
    offer.status = OfferStatus.WITHDRAWN
    if offer.mode == OfferMode.OPEN_LICENCE:
        offer.withdrawn_on = on or timezone.localdate()
    offer.save()
    record(actor=actor, action="exchange.offer.withdraw", obj=offer, before=before, after=snapshot(offer))
    return offer


@transaction.atomic
def post_need(
    *,
    actor,
    enterprise: Enterprise,
    title: str,
    description: str,
    ipc_codes: list[str] | None = None,
    is_demo: bool = False,
) -> Need:
    """Post a technology need (the office may post for an enterprise) and match it at once."""
    require(can_post_need(actor, enterprise))
    if not description.strip():
        raise ValidationError({"description": _("Say in your own words what you need.")})
    need = Need(
        enterprise=enterprise,
        title=title.strip(),
        description=description.strip(),
        ipc_codes=_check_ipc(ipc_codes or []),
        posted_by=actor if getattr(actor, "pk", None) else None,
        is_demo=is_demo,
    )
    need.full_clean()
    need.save()
    record(actor=actor, action="exchange.need.post", obj=need, after=snapshot(need))
    refresh_matches(need)
    return need


def refresh_matches(need: Need) -> list[Match]:
    """Match the need against every listed offer and keep the best ten; a match the office
    already acted on (a meeting, set aside) keeps its status."""
    found = offer_index().match(need_text(need), MATCHES_KEPT)
    best = max((m.text_score for m in found), default=0.0)
    found = [m for m in found if m.text_score >= MIN_SHARE_OF_BEST * best]
    kept = {m.offer_id: m for m in need.matches.all()}
    out = []
    for rank, m in enumerate(found, start=1):
        reasons = {
            "words": list(m.words),
            "same_subclass": m.same_subclass,
            "same_section": m.same_section,
            "in_field": m.in_field,
            "text_score": m.text_score,
        }
        row = kept.pop(m.key, None)
        if row is None:
            row = Match(need=need, offer_id=m.key)
        row.rank, row.score, row.reasons = rank, m.score, reasons
        row.save()
        out.append(row)
    Match.objects.filter(pk__in=[r.pk for r in kept.values() if r.status == MatchStatus.PROPOSED]).delete()
    return out


@transaction.atomic
def close_need(*, actor, need: Need) -> Need:
    require(can_post_need(actor, need.enterprise))
    before = snapshot(need)
    need.status = NeedStatus.CLOSED
    need.save(update_fields=["status"])
    record(actor=actor, action="exchange.need.close", obj=need, before=before, after=snapshot(need))
    return need


@transaction.atomic
def arrange_meeting(*, actor, match: Match, meeting_at: dt.datetime, place: str) -> Match:
    """The office arranges a meeting between the enterprise and the offeror."""
    require(can_run_exchange(actor))
    before = snapshot(match)
    match.status, match.meeting_at, match.meeting_place = MatchStatus.MEETING, meeting_at, place.strip()
    match.save()
    record(actor=actor, action="exchange.match.meeting", obj=match, before=before, after=snapshot(match))
    return match


@transaction.atomic
def set_match_aside(*, actor, match: Match) -> Match:
    require(can_run_exchange(actor))
    before = snapshot(match)
    match.status = MatchStatus.DISMISSED
    match.save(update_fields=["status"])
    record(actor=actor, action="exchange.match.dismiss", obj=match, before=before, after=snapshot(match))
    return match


def _kind_fits(offer: Offer, kind: str) -> bool:
    if offer.mode == OfferMode.TRANSFER:
        return kind == DealKind.TRANSFER
    if offer.mode == OfferMode.OPEN_LICENCE:
        return kind in (DealKind.OPEN_LICENCE, DealKind.EXCLUSIVE_LICENCE, DealKind.NON_EXCLUSIVE_LICENCE)
    return kind in (DealKind.EXCLUSIVE_LICENCE, DealKind.NON_EXCLUSIVE_LICENCE)


@transaction.atomic
def open_deal(
    *,
    actor,
    offer: Offer,
    acquirer: Enterprise,
    kind: str,
    need: Need | None = None,
    amount: Decimal | None = None,
    royalty_rate: Decimal | None = None,
    is_demo: bool = False,
) -> Deal:
    """Start a deal in negotiation (the office, after a meeting)."""
    if kind == DealKind.OPEN_LICENCE:
        require(can_take_open_licence(actor, offer))
    else:
        require(can_run_exchange(actor))
    if offer.status != OfferStatus.LISTED:
        raise ValidationError({"offer": _("The offer is no longer listed.")})
    if not _kind_fits(offer, kind):
        raise ValidationError({"kind": _("The patent is not offered for this kind of deal.")})
    if offer.organisation_id == acquirer.organisation_id:
        raise ValidationError({"acquirer": _("An enterprise cannot acquire its own patent.")})
    if need is not None and need.enterprise_id != acquirer.pk:
        raise ValidationError({"need": _("The need is another enterprise's.")})
    if kind == DealKind.OPEN_LICENCE:
        # The terms are the declaration's, not negotiated (art. 51).
        amount, royalty_rate = offer.lump_sum, offer.royalty_rate
    deal = Deal(
        offer=offer, need=need, acquirer=acquirer, kind=kind, amount=amount, royalty_rate=royalty_rate, is_demo=is_demo
    )
    deal.full_clean()
    deal.save()
    record(actor=actor, action="exchange.deal.open", obj=deal, after=snapshot(deal))
    return deal


def take_open_licence(*, actor, offer: Offer, acquirer: Enterprise, need: Need | None = None) -> Deal:
    """An enterprise takes an open licence on the declared terms (written notice, art. 51)."""
    return open_deal(actor=actor, offer=offer, acquirer=acquirer, kind=DealKind.OPEN_LICENCE, need=need)


def _register(actor, deal: Deal) -> None:
    """What a registered deal changes in the portfolio: a transfer gives the acquirer the patent
    (added to its portfolio if it came from outside the district); a licence is recorded as
    the acquirer's licence."""
    offer = deal.offer
    if deal.kind == DealKind.TRANSFER:
        if offer.patent is not None:
            patent = portfolio_actions.transfer_patent(
                actor=actor, patent=offer.patent, to=[deal.acquirer], note=f"exchange deal {deal.pk}"
            )
        else:
            known = Patent.objects.filter(application_number=offer.application_number).first()
            if known is None:
                patent = portfolio_actions.add_patent(
                    actor=actor,
                    application_number=offer.application_number,
                    owners=[deal.acquirer],
                    patent_type=offer.patent_type,
                    title=offer.title,
                    abstract=offer.abstract,
                    applicants=deal.acquirer.name,
                    filing_date=offer.filing_date,
                    grant_date=offer.grant_date,
                    ipc_codes=list(offer.ipc_codes or []),
                    status=offer.legal_status,
                    claims_count=offer.claims_count,
                    is_demo=deal.is_demo,
                )
            else:
                patent = portfolio_actions.transfer_patent(actor=actor, patent=known, to=[deal.acquirer])
        deal.acquired_patent = patent
        offer.status = OfferStatus.WITHDRAWN
        offer.save(update_fields=["status", "updated_at"])
        return
    kinds: dict[str, str] = {
        DealKind.EXCLUSIVE_LICENCE: PatentLicence.Kind.EXCLUSIVE,
        DealKind.NON_EXCLUSIVE_LICENCE: PatentLicence.Kind.NON_EXCLUSIVE,
        DealKind.OPEN_LICENCE: PatentLicence.Kind.OPEN,
    }
    licence_kind = kinds[deal.kind]
    years = offer.licence_years
    ends = deal.registered_on.replace(year=deal.registered_on.year + years) if years and deal.registered_on else None
    portfolio_actions.record_licence(
        actor=actor,
        licensee=deal.acquirer,
        patent=offer.patent,
        application_number=offer.application_number,
        title=offer.title,
        licensor=offer.organisation.name,
        kind=licence_kind,
        record_number=deal.cnipa_number,
        recorded_on=deal.registered_on,
        ends_on=ends,
        source=f"exchange deal {deal.pk}",
        is_demo=deal.is_demo,
    )
    if deal.kind == DealKind.EXCLUSIVE_LICENCE:
        offer.status = OfferStatus.WITHDRAWN
        offer.save(update_fields=["status", "updated_at"])


@transaction.atomic
def move_deal(
    *,
    actor,
    deal: Deal,
    to_status: str,
    note: str = "",
    contract=None,
    signed_on: dt.date | None = None,
    cnipa_number: str = "",
    registered_on: dt.date | None = None,
    paid_amount: Decimal | None = None,
    paid_on: dt.date | None = None,
) -> Deal:
    """Take one step of a deal by the transition table, with what the step records."""
    deal = Deal.objects.select_for_update().select_related("offer__organisation", "acquirer").get(pk=deal.pk)
    require(can_move_deal(actor, deal, to_status))
    before = snapshot(deal)
    if to_status == DealStatus.SIGNED:
        errors = {}
        if contract is None:
            errors["contract"] = _("Upload the signed contract.")
        if signed_on is None:
            errors["signed_on"] = _("Give the date the contract was signed.")
        if errors:
            raise ValidationError(errors)
        digest = hashlib.sha256()
        for chunk in contract.chunks():
            digest.update(chunk)
        deal.contract_sha256 = digest.hexdigest()
        deal.contract.save(f"deal-{deal.pk}-{deal.contract_sha256[:12]}.pdf", contract, save=False)
        deal.signed_on = signed_on
    elif to_status == DealStatus.REGISTERED:
        errors = {}
        if not cnipa_number.strip():
            errors["cnipa_number"] = _("Give the number CNIPA gave the registration or recordal.")
        if registered_on is None:
            errors["registered_on"] = _("Give the date of the registration or recordal.")
        elif deal.signed_on and registered_on < deal.signed_on:
            errors["registered_on"] = _("The registration cannot be before the contract was signed.")
        if errors:
            raise ValidationError(errors)
        deal.cnipa_number, deal.registered_on = cnipa_number.strip(), registered_on
        _register(actor, deal)
    elif to_status == DealStatus.PAID:
        if paid_amount is None or paid_amount <= 0:
            raise ValidationError({"paid_amount": _("Give the amount paid.")})
        if paid_on is None:
            raise ValidationError({"paid_on": _("Give the date of payment.")})
        deal.paid_amount, deal.paid_on = paid_amount, paid_on
    elif to_status == DealStatus.CANCELLED and not note.strip():
        raise ValidationError({"note": _("Say why the deal is cancelled.")})
    take_step(deal, to_status, history=DealStep, owner="deal", actor=actor, note=note.strip())
    deal.save()
    record(actor=actor, action=f"exchange.deal.{to_status}", obj=deal, before=before, after=snapshot(deal))
    return deal


__all__ = ["LICENCE_KINDS"]
