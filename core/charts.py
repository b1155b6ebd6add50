"""Charts as inline SVG, drawn on the server with pygal.

One renderer serves the pages and the PDFs (WeasyPrint draws the same SVG), so a figure looks
the same on screen and on paper, and nothing is loaded from a CDN: pygal's own tooltip script is
switched off (``js=[]``), and the configuration script pygal writes for it anyway is taken out, so
the SVG is self-contained and the pages keep to their policy of no inline script.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pygal
from django.utils.safestring import SafeString, mark_safe
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
        "truncate_legend": 40,
        "truncate_label": 20,
        "no_data_text": "—",
        **extra,
    }


# pygal always writes its tooltip configuration (every label again) into an inline <script>: with
# its tooltip script off nothing reads it, and the Content-Security-Policy would refuse to run it.
_CONFIG_SCRIPT = re.compile(r"<script type=\"text/javascript\">.*?</script>", re.S)


def _render(chart: pygal.graph.graph.Graph) -> SafeString:
    # pygal escapes every label and title it writes (it builds the SVG with an XML library).
    return mark_safe(_CONFIG_SCRIPT.sub("", chart.render(is_unicode=True)))


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Mapping[str, Sequence[float | int | None]],
    *,
    horizontal: bool = False,
    stacked: bool = False,
) -> SafeString:
    """Bars for one or more series over the same labels (years, applicants, classes…)."""
    kind = {
        (False, False): pygal.Bar,
        (True, False): pygal.HorizontalBar,
        (False, True): pygal.StackedBar,
        (True, True): pygal.HorizontalStackedBar,
    }
    chart = kind[(horizontal, stacked)](**_config(x_label_rotation=0 if horizontal else -30))
    chart.title = title
    chart.x_labels = [str(label) for label in labels]
    for name, values in series.items():
        chart.add(str(name), [None if v is None else float(v) for v in values])
    return _render(chart)


def line_chart(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float | int | None]]) -> SafeString:
    """Lines over time (a trend per series), with the points marked."""
    chart = pygal.Line(**_config(dots_size=3))
    chart.title = title
    chart.x_labels = [str(label) for label in labels]
    for name, values in series.items():
        chart.add(str(name), [None if v is None else float(v) for v in values])
    return _render(chart)


def pie_chart(title: str, shares: Mapping[str, float | int]) -> SafeString:
    """Shares of a whole (IPC sections, funds by source…), as a ring."""
    chart = pygal.Pie(**_config(inner_radius=0.45, legend_at_bottom=False))
    chart.title = title
    for name, value in shares.items():
        chart.add(str(name), float(value))
    return _render(chart)
