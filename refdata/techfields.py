"""WIPO's 35 technology fields and 5 sectors as the user reads them.

The concordance (``data/patentsview_ipc_technology``) gives the names in English, French and
Spanish only, and no official Chinese list was found (refdata/README.md). The English name is
the reference data; the Chinese shown on pages and in workbooks is the project's translation of
that label, kept in the .po catalogue like every other string and always shown with the field
number, and with WIPO's English name in a column beside it in the workbook, so nobody takes
it for WIPO's own wording."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext_lazy

# WIPO's English names, word for word as in the concordance; a test checks them against it.
SECTORS = {
    "Electrical engineering": pgettext_lazy("WIPO sector", "Electrical engineering"),
    "Instruments": pgettext_lazy("WIPO sector", "Instruments"),
    "Chemistry": pgettext_lazy("WIPO sector", "Chemistry"),
    "Mechanical engineering": pgettext_lazy("WIPO sector", "Mechanical engineering"),
    "Other fields": pgettext_lazy("WIPO sector", "Other fields"),
}

FIELDS = {
    1: (
        "Electrical machinery, apparatus, energy",
        pgettext_lazy("WIPO technology field", "Electrical machinery, apparatus, energy"),
    ),
    2: ("Audio-visual technology", pgettext_lazy("WIPO technology field", "Audio-visual technology")),
    3: ("Telecommunications", pgettext_lazy("WIPO technology field", "Telecommunications")),
    4: ("Digital communication", pgettext_lazy("WIPO technology field", "Digital communication")),
    5: ("Basic communication processes", pgettext_lazy("WIPO technology field", "Basic communication processes")),
    6: ("Computer technology", pgettext_lazy("WIPO technology field", "Computer technology")),
    7: ("IT methods for management", pgettext_lazy("WIPO technology field", "IT methods for management")),
    8: ("Semiconductors", pgettext_lazy("WIPO technology field", "Semiconductors")),
    9: ("Optics", pgettext_lazy("WIPO technology field", "Optics")),
    10: ("Measurement", pgettext_lazy("WIPO technology field", "Measurement")),
    11: (
        "Analysis of biological materials",
        pgettext_lazy("WIPO technology field", "Analysis of biological materials"),
    ),
    12: ("Control", pgettext_lazy("WIPO technology field", "Control")),
    13: ("Medical technology", pgettext_lazy("WIPO technology field", "Medical technology")),
    14: ("Organic fine chemistry", pgettext_lazy("WIPO technology field", "Organic fine chemistry")),
    15: ("Biotechnology", pgettext_lazy("WIPO technology field", "Biotechnology")),
    16: ("Pharmaceuticals", pgettext_lazy("WIPO technology field", "Pharmaceuticals")),
    17: (
        "Macromolecular chemistry, polymers",
        pgettext_lazy("WIPO technology field", "Macromolecular chemistry, polymers"),
    ),
    18: ("Food chemistry", pgettext_lazy("WIPO technology field", "Food chemistry")),
    19: ("Basic materials chemistry", pgettext_lazy("WIPO technology field", "Basic materials chemistry")),
    20: ("Materials, metallurgy", pgettext_lazy("WIPO technology field", "Materials, metallurgy")),
    21: ("Surface technology, coating", pgettext_lazy("WIPO technology field", "Surface technology, coating")),
    22: (
        "Micro-structural and nano-technology",
        pgettext_lazy("WIPO technology field", "Micro-structural and nano-technology"),
    ),
    23: ("Chemical engineering", pgettext_lazy("WIPO technology field", "Chemical engineering")),
    24: ("Environmental technology", pgettext_lazy("WIPO technology field", "Environmental technology")),
    25: ("Handling", pgettext_lazy("WIPO technology field", "Handling")),
    26: ("Machine tools", pgettext_lazy("WIPO technology field", "Machine tools")),
    27: ("Engines, pumps, turbines", pgettext_lazy("WIPO technology field", "Engines, pumps, turbines")),
    28: ("Textile and paper machines", pgettext_lazy("WIPO technology field", "Textile and paper machines")),
    29: ("Other special machines", pgettext_lazy("WIPO technology field", "Other special machines")),
    30: ("Thermal processes and apparatus", pgettext_lazy("WIPO technology field", "Thermal processes and apparatus")),
    31: ("Mechanical elements", pgettext_lazy("WIPO technology field", "Mechanical elements")),
    32: ("Transport", pgettext_lazy("WIPO technology field", "Transport")),
    33: ("Furniture, games", pgettext_lazy("WIPO technology field", "Furniture, games")),
    34: ("Other consumer goods", pgettext_lazy("WIPO technology field", "Other consumer goods")),
    35: ("Civil engineering", pgettext_lazy("WIPO technology field", "Civil engineering")),
}


def field_label(number: int | None, english: str = "") -> str:
    """The field's name in the user's language (the English given if the number is unknown)."""
    entry = FIELDS.get(number) if number is not None else None
    return str(entry[1]) if entry else english


def sector_label(english: str) -> str:
    label = SECTORS.get(english)
    return str(label) if label is not None else english


def localise_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A report's field rows ({"field", "sector", "name", "count"}) with the names in the user's
    language and WIPO's English name kept as ``name_en``."""
    out = []
    for row in rows:
        english = FIELDS[row["field"]][0] if row.get("field") in FIELDS else row.get("name", "")
        out.append(
            {
                **row,
                "name": field_label(row.get("field"), english),
                "name_en": english,
                "sector": sector_label(row.get("sector", "")),
            }
        )
    return out
