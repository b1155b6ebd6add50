"""The protected-mark watch: the office's protected list and the hits to review. Nobody
outside the office reaches these pages: they answer 404, as for a missing id."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from audit.trail import history
from core.permissions import require
from core.views_helpers import call_action, paginate
from portfolio.models import Trademark
from similarity import actions
from similarity.choices import WatchStatus
from similarity.forms import ProtectedMarkForm, TransitionForm
from similarity.models import ProtectedMark, WatchHit
from similarity.opposition import invalidation_years, window
from similarity.permissions import can_keep_protected_list, can_see_watch, can_transition_hit
from similarity.reasons import describe_all
from similarity.workflow import WATCH_TRANSITIONS

# The button for each step, by target status.
STEP_LABELS = {
    WatchStatus.CONFIRMED: gettext_lazy("Confirm conflict"),
    WatchStatus.DISMISSED: gettext_lazy("Dismiss"),
    WatchStatus.NEW: gettext_lazy("Reopen"),
}


def _require_watch(request: HttpRequest) -> None:
    if not can_see_watch(request.user):
        raise Http404


def watch_list(request: HttpRequest) -> HttpResponse:
    _require_watch(request)
    hits = WatchHit.objects.for_user(request.user).select_related("protected_mark")
    status = request.GET.get("status", WatchStatus.NEW)
    if status in WatchStatus.values:
        hits = hits.filter(status=status)
    counts = dict(
        WatchHit.objects.for_user(request.user).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    tabs = [(value, label, counts.get(value, 0)) for value, label in WatchStatus.choices]
    page = paginate(request, hits)
    page.object_list = list(page.object_list)
    for hit in page.object_list:
        hit.opposition = window(hit.publication_date)
    return render(
        request,
        "similarity/watch_list.html",
        {"page": page, "status": status, "tabs": tabs, "total": sum(counts.values())},
    )


def _source_url(request: HttpRequest, hit: WatchHit) -> str:
    is_trademark = hit.source_type_id and hit.source_type.model_class() is Trademark and hit.source_id  # type: ignore[union-attr]  # source_type_id is checked first
    if is_trademark and Trademark.objects.for_user(request.user).filter(pk=hit.source_id).exists():
        return reverse("portfolio:trademark_detail", args=[hit.source_id])
    return ""


def hit_detail(request: HttpRequest, pk: int, form: TransitionForm | None = None) -> HttpResponse:
    """The hit's page. ``form`` is a decision just sent and refused: shown again with the note
    as typed and the reason beside it."""
    _require_watch(request)
    hit = get_object_or_404(
        WatchHit.objects.for_user(request.user).select_related("protected_mark", "decided_by", "source_type"), pk=pk
    )
    steps = []
    for target in WATCH_TRANSITIONS.get(hit.status, {}):
        steps.append((target, STEP_LABELS[target], can_transition_hit(request.user, hit, target)))  # type: ignore[index]  # the table is keyed by the same status strings
    return render(
        request,
        "similarity/hit_detail.html",
        {
            "hit": hit,
            "protected": hit.protected_mark,
            "phrases": describe_all(hit.reasons),
            "steps": steps,
            "can_decide": any(decision for _t, _l, decision in steps),
            "form": form or TransitionForm(),
            "changes": hit.changes.select_related("actor"),
            "source_url": _source_url(request, hit),
            "history": history(hit),
            "opposition": window(hit.publication_date),
            "invalidation_years": invalidation_years(),
        },
    )


@require_POST
def hit_transition(request: HttpRequest, pk: int) -> HttpResponse:
    _require_watch(request)
    hit = get_object_or_404(WatchHit.objects.for_user(request.user), pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        target = form.cleaned_data["status"]
        require(can_transition_hit(request.user, hit, target))
        done = call_action(
            form,
            lambda: actions.transition_watch_hit(
                actor=request.user, hit=hit, to_status=target, note=form.cleaned_data["note"]
            ),
        )
        if done is not None:
            messages.success(request, _("The hit is now: %(status)s.") % {"status": done.get_status_display()})
            return redirect("similarity:hit_detail", pk=hit.pk)
    # Refused: the page again with the note as typed and the reason beside it.
    return hit_detail(request, pk, form=form)


def protected_list(request: HttpRequest) -> HttpResponse:
    _require_watch(request)
    entries = (
        ProtectedMark.objects.for_user(request.user)
        .annotate(open_hits=Count("hits", filter=Q(hits__status=WatchStatus.NEW)))
        .order_by("kind", "name", "pk")
    )
    show = request.GET.get("show", "active")
    if show != "all":
        entries = entries.filter(is_active=True)
    return render(
        request,
        "similarity/protected_list.html",
        {
            "page": paginate(request, entries, per_page=50),
            "show": show,
            "can_keep": can_keep_protected_list(request.user),
        },
    )


def _require_keeper(request: HttpRequest) -> None:
    _require_watch(request)
    require(can_keep_protected_list(request.user))


def protected_create(request: HttpRequest) -> HttpResponse:
    _require_keeper(request)
    form = ProtectedMarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        args = form.action_args()
        entry = call_action(form, lambda: actions.add_protected_mark(actor=request.user, **args))
        if entry is not None:
            messages.success(request, _("%(name)s is now watched.") % {"name": entry.name})
            return redirect("similarity:protected_list")
    return render(request, "form.html", {"form": form, "title": _("Add a mark to the protected list")})


@require_POST
def protected_sync(request: HttpRequest) -> HttpResponse:
    _require_keeper(request)
    result = actions.sync_protected_list(actor=request.user)
    messages.success(
        request,
        _("Protected list refreshed: %(created)d added, %(updated)d updated, %(gone)d no longer watched.")
        % {"created": result.created, "updated": result.updated, "gone": result.deactivated},
    )
    return redirect("similarity:protected_list")


@require_POST
def protected_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    _require_watch(request)
    entry = get_object_or_404(ProtectedMark.objects.for_user(request.user), pk=pk)
    _require_keeper(request)
    actions.set_protected_mark_watched(actor=request.user, protected_mark=entry, watched=not entry.is_active)
    return redirect("similarity:protected_list")
