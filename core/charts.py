"""Charts as inline SVG, drawn on the server with pygal.

One renderer serves the pages and the PDFs (WeasyPrint draws the same SVG), so a figure looks
the same on screen and on paper, and nothing is loaded from a CDN: pygal's own tooltip script is
switched off (``js=[]``), and the configuration script pygal writes for it anyway is taken out, so
the SVG is self-contained and the pages keep to their policy of no inline script.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

import pygal
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

FONT = '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif'

_STYLE = Style(
    font_family=FONT,
    background="transparent",
    plot_background="transparent",
    foreground="#333",
    foreground_strong="#111",
    foreground_subtle="#888",
    colors=("#1f5fa8", "#d9822b", "#2e8b57", "#b03a48", "#6a4c93", "#1b998b", "#8c6d1f", "#5c6b73"),
    title_font_size=16,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
)


def _config(**extra: object) -> dict[str, object]:
    return {
        "js": [],
        "disable_xml_declaration": True,
        "style": _STYLE,
        "width": 720,
        "height": 360,
        "print_values": False,
        "legend_at_bottom": True,
        # Labels are written whole (a cut name misleads); long ones are wrapped by the chart kinds
        # below (horizontal bars for names) rather than truncated.
        "truncate_legend": -1,
        "truncate_label": -1,
        "no_data_text": "—",
        "value_formatter": _plain_number,
        **extra,
    }


def _plain_number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _nice_ceiling(top: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above ``top``, so the axis ends on a round number."""
    if top <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= top:
            return step * magnitude
    return 10 * magnitude


def _zero_based_axis(values: Sequence[float | None]) -> dict[str, object]:
    """The value axis from zero to a round top with five steps, whole-numbered for counts, so
    a bar's length and a line's height read as quantities (pygal would start at the minimum)."""
    known = [v for v in values if v is not None]
    top = _nice_ceiling(max(known, default=0.0))
    whole = all(float(v).is_integer() for v in known)
    step = top / 5
    if whole and not float(step).is_integer():
        step = max(1.0, math.ceil(step))
        top = step * math.ceil(top / step)
    ticks = [round(step * i, 6) for i in range(round(top / step) + 1)]
    return {"range": (0, top), "y_labels": ticks, "include_x_axis": True}


def _all_zero(series: Mapping[str, Sequence[float | int | Decimal | None]]) -> bool:
    return all(not v for values in series.values() for v in values)


def _empty(title: str) -> SafeString:
    """An all-zero (or empty) series is said in words: a chart of nothing would draw an axis
    from 0 to 1 and suggest there is something to read."""
    return format_html('<p class="chart-empty"><strong>{}</strong><br>{}</p>', title, _("No figures yet: all zero."))


def money_scale(values: Sequence[float | int | Decimal | None]) -> tuple[int, str]:
    """The divisor and unit (元, 万元, 亿元) that keep amounts of this size readable."""
    top = max((abs(float(v)) for v in values if v is not None), default=0.0)
    if top >= 100_000_000:
        return 100_000_000, str(_("100 million yuan"))
    if top >= 10_000:
        return 10_000, str(_("10,000 yuan"))
    return 1, str(_("yuan"))


_YUAN_SUFFIX = re.compile(r"\s*[（(](元|yuan)[)）]\s*$")


def _scaled(series: Mapping[str, Sequence[float | int | Decimal | None]], money: bool, title: str):
    values = [v for vs in series.values() for v in vs]
    divisor, unit = money_scale(values) if money else (1, "")
    scaled = {str(name): [None if v is None else float(v) / divisor for v in vs] for name, vs in series.items()}
    if not money:
        return scaled, title
    # The unit goes in the title once: a label that already says "(yuan)" has it replaced.
    return scaled, f"{_YUAN_SUFFIX.sub('', title)}（{unit}）"


def _years_spaced(labels: Sequence[str], series: Mapping[str, Sequence[float | None]]):
    """Years with gaps (2015, 2019, 2020) get their missing years back as empty points, so the
    distance between two years on the axis is the time between them."""
    if len(labels) < 2 or not all(str(label).isdigit() and len(str(label)) == 4 for label in labels):
        return list(labels), series
    years = [int(label) for label in labels]
    if years != sorted(years):
        return list(labels), series
    full = list(range(years[0], years[-1] + 1))
    position = {year: i for i, year in enumerate(years)}
    filled = {name: [values[position[y]] if y in position else None for y in full] for name, values in series.items()}
    return [str(y) for y in full], filled


# pygal always writes its tooltip configuration (every label again) into an inline <script>: with
# its tooltip script off nothing reads it, and the Content-Security-Policy would refuse to run it.
_CONFIG_SCRIPT = re.compile(r"<script type=\"text/javascript\">.*?</script>", re.S)


def _render(chart: pygal.graph.graph.Graph) -> SafeString:
    # pygal escapes every label and title it writes (it builds the SVG with an XML library).
    return mark_safe(_CONFIG_SCRIPT.sub("", chart.render(is_unicode=True)))


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | int | Decimal | None]],
    *,
    horizontal: bool = False,
    stacked: bool = False,
    money: bool = False,
) -> SafeString:
    """Bars for one or more series over the same labels (years, applicants, classes…), from zero;
    ``money`` shows yuan in 万元 or 亿元 as their size asks, with the unit in the title."""
    if _all_zero(series):
        return _empty(title)
    values, title = _scaled(series, money, title)
    kind = {
        (False, False): pygal.Bar,
        (True, False): pygal.HorizontalBar,
        (False, True): pygal.StackedBar,
        (True, True): pygal.HorizontalStackedBar,
    }
    totals = [sum(v or 0 for v in column) for column in zip(*values.values(), strict=True)] if stacked else []
    axis = _zero_based_axis(totals if stacked else [v for vs in values.values() for v in vs])
    # Long names (applicants, fields) read across, one per bar, in a taller chart.
    height = max(360, 60 + 34 * len(labels)) if horizontal else 360
    rotation = 0 if horizontal or len(labels) <= 8 else -30
    extra: dict[str, object] = {}
    if horizontal:
        # pygal measures a label as if every character were Latin (0.6 em); a Chinese character is
        # a full em, so the names would run off the left edge. Give the margin the difference, and
        # shorten a name past 16 characters with "…" (the table beside the chart has it whole).
        shown = [str(label)[:16] for label in labels]
        wide = max((sum(1 for ch in label if ord(ch) > 0x2E7F) for label in shown), default=0)
        extra = {"truncate_label": 16, "margin_left": 10 + int(0.45 * _STYLE.label_font_size * wide)}
    chart = kind[(horizontal, stacked)](**_config(x_label_rotation=rotation, height=height, **axis, **extra))
    chart.title = title
    chart.x_labels = [str(label) for label in labels]
    for name, vs in values.items():
        chart.add(name, vs)
    return _render(chart)


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | int | Decimal | None]],
    *,
    money: bool = False,
) -> SafeString:
    """Lines over time (a trend per series), with the points marked, from zero; years spaced by time."""
    if _all_zero(series):
        return _empty(title)
    values, title = _scaled(series, money, title)
    labels, values = _years_spaced([str(label) for label in labels], values)
    axis = _zero_based_axis([v for vs in values.values() for v in vs])
    many = len(labels) > 12
    chart = pygal.Line(
        **_config(
            dots_size=3,
            allow_interruptions=False,
            x_label_rotation=-30 if many else 0,
            show_minor_x_labels=not many,
            x_labels_major_every=5 if many else None,
            **axis,
        )
    )
    chart.title = title
    chart.x_labels = labels
    for name, vs in values.items():
        chart.add(name, vs)
    return _render(chart)


def pie_chart(title: str, shares: Mapping[str, float | int]) -> SafeString:
    """Shares of a whole (IPC sections, funds by source…), as a ring."""
    if not any(shares.values()):
        return _empty(title)
    chart = pygal.Pie(**_config(inner_radius=0.45, legend_at_bottom=False))
    chart.title = title
    for name, value in shares.items():
        chart.add(str(name), float(value))
    return _render(chart)
