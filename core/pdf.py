"""PDF documents from Django templates with WeasyPrint.

The CJK font comes from the system (Debian's fonts-noto-cjk, installed by
scripts/system-deps.sh); the page CSS names it first so Chinese text is drawn with it.
No URL is fetched: the url fetcher refuses everything except data: URIs.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def _no_network(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    from weasyprint.urls import default_url_fetcher

    if url.startswith("data:"):
        return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    raise ValueError(f"PDFs never load outside resources ({url[:60]})")


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """Render ``template_name`` (a full HTML page, usually extending ``pdf_base.html``) to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_no_network).write_pdf()
