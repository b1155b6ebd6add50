"""Shared body of import_patents and import_trademarks."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.runner import import_file


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM or GBK) or XLSX")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        outcome = import_file(self.kind, path.read_bytes(), path.name, actor=None)
        for message in outcome.file_errors:
            self.stderr.write(message)
        for error in outcome.row_errors:
            self.stderr.write(f"row {error.row}, {error.column} [{error.value}]: {error.message}")
        if not outcome.ok:
            bad_rows = len({e.row for e in outcome.row_errors})
            raise CommandError(f"nothing imported: {bad_rows} bad row(s) of {outcome.total}")
        result = outcome.result
        assert result is not None  # an import that is ok has written
        self.stdout.write(
            self.style.SUCCESS(
                f"{outcome.total} rows: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged"
            )
        )
