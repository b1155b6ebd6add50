"""Import problems in words for people (the store reports codes)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from patentstore import schema
from patentstore.store import ImportResult


def problem_text(problem: str) -> str:
    return {
        schema.MISSING: _("missing"),
        schema.NOT_A_DATE: _("not a date (write 2024-03-01)"),
        schema.NOT_A_NUMBER: _("not a whole number"),
        schema.NOT_A_FLAG: _("not yes/no (write true or false)"),
        schema.UNKNOWN_VALUE: _("not one of the allowed values"),
        schema.BAD_IPC: _("not an IPC symbol (write like G06F16/35)"),
        schema.DUPLICATE: _("the same patent appears on an earlier row"),
        schema.BROKEN: _("the row cannot be read"),
    }.get(problem, problem)


def describe_errors(result: ImportResult) -> list[str]:
    lines = []
    for problem, detail in result.file_errors:
        text = {
            "unknown_columns": _("Unknown columns: %(detail)s. Allowed: %(allowed)s."),
            "missing_columns": _("Missing columns: %(detail)s."),
            "unreadable": _("The file cannot be read: %(detail)s"),
            "format": _("Unknown file type %(detail)s: use CSV, Parquet, JSON Lines or US patent XML."),
            "empty": _("The file has no rows."),
        }.get(problem, "%(detail)s")
        lines.append(text % {"detail": detail, "allowed": ", ".join(schema.COLUMNS)})
    for error in result.row_errors:
        lines.append(
            _("Row %(row)s, %(column)s: %(problem)s %(value)s")
            % {
                "row": error.row,
                "column": error.column or "—",
                "problem": problem_text(error.problem),
                "value": f"({error.value})" if error.value else "",
            }
        )
    if result.bad_rows > len(result.row_errors) and result.row_errors:
        lines.append(_("%(n)s bad rows in all; nothing was imported.") % {"n": result.bad_rows})
    elif result.row_errors:
        lines.append(_("Nothing was imported."))
    return lines
