"""How an audit event reads to a person: the action in words, who did it by name, and what
changed as "field: old → new" in local time.

The trail stores codes (``patent.update``), user names and JSON snapshots, because those are
what the hash chain must keep stable; everything here is only how the office reads them, so a
new wording never touches a stored event.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.blocks import is_block

ACTIONS: dict[str, Promise] = {
    "api_token.issue": gettext_lazy("API token issued"),
    "api_token.revoke": gettext_lazy("API token revoked"),
    "award_application.payment": gettext_lazy("Award payment recorded"),
    "award_application.payment_reversed": gettext_lazy("Award payment reversed"),
    "award_application.submit": gettext_lazy("Award application submitted"),
    "award_item.create": gettext_lazy("Award item added"),
    "case.extend_decision": gettext_lazy("Decision limit extended by 30 days"),
    "case.extend_decision_further": gettext_lazy("Decision limit extended by the heads' decision"),
    "case.extend_filing": gettext_lazy("Filing decision extended"),
    "case.lead": gettext_lazy("Enforcement lead recorded"),
    "case.party": gettext_lazy("Party added to the case"),
    "case.pause": gettext_lazy("Time limit paused"),
    "case.resume": gettext_lazy("Time limit resumed"),
    "case.update": gettext_lazy("Case details changed"),
    "corpus.import": gettext_lazy("Outside marks imported"),
    "dashboard.population": gettext_lazy("District population entered"),
    "dashboard.report_request": gettext_lazy("Annual report requested"),
    "dashboard.target": gettext_lazy("District target set"),
    "enterprise.register": gettext_lazy("Enterprise registered"),
    "enterprise.update": gettext_lazy("Enterprise details changed"),
    "evidence.download": gettext_lazy("Evidence downloaded"),
    "evidence.upload": gettext_lazy("Evidence uploaded"),
    "fund.budget": gettext_lazy("Budget added"),
    "fund_source.create": gettext_lazy("Fund source added"),
    "gi.add": gettext_lazy("Geographical indication added"),
    "job.run_now": gettext_lazy("Scheduled job started by hand"),
    "key_brand.add": gettext_lazy("Key brand added"),
    "key_brand.update": gettext_lazy("Key brand changed"),
    "landscape.award": gettext_lazy("Patent award recorded"),
    "landscape.sei_import": gettext_lazy("Industry concordance imported"),
    "loan_product.create": gettext_lazy("Loan product published"),
    "loan_product.update": gettext_lazy("Loan product changed"),
    "objection.raise": gettext_lazy("Objection raised"),
    "objection.resolve": gettext_lazy("Objection resolved"),
    "organisation.create": gettext_lazy("Organisation added"),
    "organisation.link_district": gettext_lazy("Organisation linked to a district it serves"),
    "organisation.unlink_district": gettext_lazy("Organisation unlinked from a district"),
    "park.create": gettext_lazy("Park added"),
    "park.update": gettext_lazy("Park changed"),
    "patent.add": gettext_lazy("Patent added"),
    "patent.import": gettext_lazy("Patent imported"),
    "patent.import.block": gettext_lazy("Patents imported (one block of rows)"),
    "patent.import_update": gettext_lazy("Patent updated by an import"),
    "patent.update": gettext_lazy("Patent changed"),
    "pledge_loan.apply": gettext_lazy("Pledge loan applied for"),
    "pledge_loan.compensation": gettext_lazy("Risk compensation paid"),
    "pledge_loan.repayment": gettext_lazy("Repayment recorded"),
    "pledge_loan.valuation": gettext_lazy("Valuation recorded"),
    "pledge_loan.valuer": gettext_lazy("Sent for valuation"),
    "programme.create": gettext_lazy("Award programme created"),
    "protected_mark.add": gettext_lazy("Mark added to the protected list"),
    "protected_mark.sync_add": gettext_lazy("Protected list: mark added"),
    "protected_mark.sync_update": gettext_lazy("Protected list: mark updated"),
    "protected_mark.sync_deactivate": gettext_lazy("Protected list: no longer watched"),
    "protected_mark.watch": gettext_lazy("Protected-mark watch changed"),
    "risk_pool.create": gettext_lazy("Risk-compensation pool set up"),
    "rule.add_version": gettext_lazy("New rule version"),
    "security.denied": gettext_lazy("Access refused"),
    "security.export": gettext_lazy("List exported"),
    "security.login": gettext_lazy("Logged in"),
    "security.login_failed": gettext_lazy("Failed log-in"),
    "security.personal_number_view": gettext_lazy("Full ID number viewed"),
    "special_sign.add": gettext_lazy("Special sign added"),
    "talent.add": gettext_lazy("Person added to the talent pool"),
    "talent.update": gettext_lazy("Talent details changed"),
    "threshold.end": gettext_lazy("Criminal threshold ended"),
    "threshold.set": gettext_lazy("Criminal threshold put in force"),
    "trademark.add": gettext_lazy("Trademark added"),
    "trademark.import": gettext_lazy("Trademark imported"),
    "trademark.import_update": gettext_lazy("Trademark updated by an import"),
    "trademark.update": gettext_lazy("Trademark changed"),
    "training.create": gettext_lazy("Training or competition added"),
    "training.participation": gettext_lazy("Participant recorded"),
    "training.participation_remove": gettext_lazy("Participant removed"),
    "training.update": gettext_lazy("Training or competition changed"),
    "transfer.items_handover": gettext_lazy("Seized items handed over"),
    "transfer.propose": gettext_lazy("Transfer to the police proposed"),
    "user.create": gettext_lazy("User added"),
    "user.logout_everywhere": gettext_lazy("Logged out on every device"),
    "user.password_change": gettext_lazy("Password changed"),
    "user.recovery_codes_renew": gettext_lazy("Recovery codes renewed"),
    "user.second_factor_enrol": gettext_lazy("Second factor set up"),
    "user.second_factor_reset": gettext_lazy("Second factor reset"),
    "watch_hit.found": gettext_lazy("Watch hit found"),
    "watch_hit.transition": gettext_lazy("Watch hit decided"),
    "watch_hit.update": gettext_lazy("Watch hit updated"),
}

# Workflows record each step as ``prefix.<state reached>``; the trail's filter offers them whole.
WORKFLOWS: dict[str, Promise] = {
    "award_application.": gettext_lazy("Award applications: every step"),
    "pledge_loan.": gettext_lazy("Pledge loans: every step"),
    "case.": gettext_lazy("Enforcement cases: every step"),
    "transfer.": gettext_lazy("Transfers to the police: every step"),
    "mediation.": gettext_lazy("Mediations: every step"),
    "key_brand.": gettext_lazy("Key brands: every step"),
}


def action_kinds() -> list[tuple[str, str]]:
    """The choices of the trail's filter: each workflow whole, then each named action."""
    named = sorted(((code, str(label)) for code, label in ACTIONS.items()), key=lambda pair: pair[1])
    return [(code, str(label)) for code, label in WORKFLOWS.items()] + named


# Keys that actions add to a snapshot beside the model's own fields.
EXTRA_KEYS: dict[str, Promise] = {
    "note": gettext_lazy("note"),
    "reason": gettext_lazy("reason"),
    "path": gettext_lazy("page"),
    "address": gettext_lazy("network address"),
    "goods": gettext_lazy("designated goods"),
    "updates": gettext_lazy("updated"),
    "reversal": gettext_lazy("reversal"),
    "of": gettext_lazy("payment"),
    "amount": gettext_lazy("amount"),
    "year": gettext_lazy("year"),
    "format": gettext_lazy("format"),
    "rows": gettext_lazy("rows"),
    "username": gettext_lazy("User name"),
    "assets": gettext_lazy("Pledged assets"),
    "values": gettext_lazy("appraised value (yuan)"),
    "shares": gettext_lazy("fund shares"),
    "lines": gettext_lazy("Claimed"),
    "payment": gettext_lazy("payment"),
    "key": gettext_lazy("idempotency key"),
    "groups": gettext_lazy("similar-goods groups"),
    "owners": gettext_lazy("owners"),
}
# An asset in a snapshot is written "patent:146"; it reads as its kind and number.
_ASSET_KEY = re.compile(r"^(patent|trademark):(\d+)$")
_ASSET_KINDS = {"patent": gettext_lazy("Patent"), "trademark": gettext_lazy("Trademark")}

# Columns that only the machinery reads, and the bookkeeping stamps the event's own time already
# gives; a person learns nothing from them changing.
_HIDDEN = {
    "id", "password", "session_generation", "secret", "digest", "hash", "prev_hash", "search_text",
    "created_at", "updated_at", "date_joined", "last_login",
}  # fmt: skip
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        return None


def _status_label(model: type[models.Model] | None, value: str) -> str | None:
    """The translated label of ``value`` in one of the model's choice fields (a status, a stage)."""
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if field.choices:
            label = dict(field.flatchoices).get(value)
            if label is not None:
                return str(label)
    return None


def action_label(event: Any) -> str:
    """The action in words: a named action, or a step of a workflow by the state it led to."""
    code = event.action
    if code in ACTIONS:
        return str(ACTIONS[code])
    model = _model(event.object_type)
    _prefix, _dot, suffix = code.partition(".")
    state = _status_label(model, suffix)
    if model is not None and state is not None:
        return _("%(object)s: now %(state)s") % {"object": model._meta.verbose_name, "state": state}
    if model is not None:
        return _("%(object)s changed") % {"object": model._meta.verbose_name}
    return _("Other change")


def actor_label(event: Any) -> str:
    """The person's name as the office knows them; the user name only when no name was given."""
    actor = getattr(event, "actor", None)
    if actor is not None:
        return actor.get_full_name() or actor.get_username()
    return event.actor_name if event.actor_name not in ("", "system") else _("the platform")


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if key in (field.name, field.attname):
            return field
    return None


@functools.cache
def _any_field_labels() -> dict[str, Any]:
    """Every model field's verbose name by its name and column name, for a key an action took
    from a related row's snapshot (a valuation's ``recorded_by_id`` on the loan's event)."""
    labels: dict[str, Any] = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            labels.setdefault(field.attname, field.verbose_name)
            labels.setdefault(field.name, field.verbose_name)
    return labels


def _field_label(model: type[models.Model] | None, key: str) -> str:
    field = _field(model, key)
    if field is not None:
        return str(field.verbose_name)
    if key in EXTRA_KEYS:
        return str(EXTRA_KEYS[key])
    if key in _any_field_labels():
        return str(_any_field_labels()[key])
    return key.replace("_", " ")


def display_value(value: Any, field: models.Field | None = None, names: dict[Any, str] | None = None) -> str:
    """A stored JSON value as the office reads it: choice labels, 是/否, local times, lists joined,
    and a foreign key as the name of what it points to (``names``, looked up in bulk) when known."""
    if value is None or value == "" or value == []:
        return "—"
    if names is not None and value in names:
        return names[value]
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.choices and not isinstance(value, list | dict):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return "、".join(display_value(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}: {display_value(v)}" for k, v in value.items())
    if isinstance(value, str) and (asset := _ASSET_KEY.match(value)):
        return f"{_ASSET_KINDS[asset.group(1)]} #{asset.group(2)}"
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "Y-m-d H:i")
    return str(value)


def _foreign_keys(model: type[models.Model] | None) -> dict[str, models.Field]:
    if model is None:
        return {}
    return {field.attname: field for field in model._meta.concrete_fields if field.many_to_one}


def name_foreign_keys(events: Iterable[Any]) -> list[Any]:
    """The events, each given ``fk_names`` ({attname: {id: name}}) so that their changes read
    "所属机构: 芝罘区知识产权局" rather than an id. One query per kind of row pointed to, however
    many events the page shows."""
    events = list(events)
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for event in events:
        for attname, field in _foreign_keys(_model(event.object_type)).items():
            for snapshot in (event.before, event.after):
                if isinstance(snapshot, dict) and snapshot.get(attname) is not None and field.related_model:
                    wanted[field.related_model].add(snapshot[attname])
    found: dict[type[models.Model], dict[Any, str]] = {}
    for related, ids in wanted.items():
        try:
            found[related] = {pk: str(obj) for pk, obj in related._base_manager.in_bulk(ids).items()}
        except (ValueError, TypeError):  # an id of the wrong type in an old snapshot: shown as it is
            found[related] = {}
    # An event about a person (a log-in, a new user) names them as people know them, too.
    user_model = get_user_model()
    label = user_model._meta.label_lower
    user_ids = {event.object_id for event in events if event.object_type == label and event.object_id.isdigit()}
    people = {}
    if user_ids:
        people = {str(user.pk): user.get_full_name() for user in user_model._base_manager.filter(pk__in=user_ids)}
    for event in events:
        fks = _foreign_keys(_model(event.object_type))
        event.fk_names = {
            attname: found.get(field.related_model, {}) if field.related_model else {} for attname, field in fks.items()
        }
        if event.object_type == label and people.get(event.object_id):
            event.object_repr = people[event.object_id]
    return events


def block_lines(event: Any) -> list[str]:
    """Where a record's entry from an import block came from; for the block event itself (the
    whole trail's page), how many records it holds and from which rows, not its document."""
    row = getattr(event, "block_row", None)
    if row is not None:
        return [_("Import block #%(seq)s, row %(row)s of the file") % {"seq": event.seq, "row": row}]
    if not is_block(event):
        return []
    rows = event.after.get("rows") if isinstance(event.after, dict) else _rows(getattr(event, "block_rows", None))
    if not isinstance(rows, list) or not rows:
        return []
    return [
        _("1 record, row %(first)s of the file") % {"first": rows[0]}
        if len(rows) == 1
        else _("%(count)s records, rows %(first)s–%(last)s of the file")
        % {"count": len(rows), "first": min(rows), "last": max(rows)}
    ]


def _rows(text: str | None) -> list[int] | None:
    """A block's file rows as ``without_block_documents`` gives them ("2,3,…")."""
    try:
        return [int(row) for row in text.split(",")] if text else None
    except ValueError:
        return None


def changes(event: Any) -> list[str]:
    """What the event changed, one "field: old → new" line per field that differs; for a
    record made new, "field: value" per filled field. An import block's entry says first
    which block and row it came from."""
    lines = block_lines(event)
    if is_block(event):
        return lines
    model = _model(event.object_type)
    fk_names: dict[str, dict[Any, str]] = getattr(event, "fk_names", {})
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    for key in list(dict.fromkeys([*before, *after])):
        if key in _HIDDEN:
            continue
        field = _field(model, key)
        label = _field_label(model, key)
        names = fk_names.get(key)
        if key in before and key in after:
            if before[key] == after[key]:
                continue
            old, new = display_value(before[key], field, names), display_value(after[key], field, names)
            lines.append(f"{label}: {old} → {new}")
        elif key in after:
            if after[key] in (None, "", [], {}, False):
                continue
            lines.append(f"{label}: {display_value(after[key], field, names)}")
        else:
            lines.append(f"{label}: {display_value(before[key], field, names)} → —")
    return lines
