import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portfolio.importing.readers import ReadLimits
from similarity.importing import import_corpus_file


class Command(BaseCommand):
    help = (
        "Import outside marks (e.g. a national register extract) from CSV or XLSX into the search "
        "corpus; a file with any bad row imports nothing. Then updates the index and the watch."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM or GBK) or XLSX")
        parser.add_argument("--source", default="", help="label of where the marks come from (default: file name)")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        started = time.perf_counter()
        # The office's own extract, read from its disk: a national register holds millions of
        # marks, so only the column limit of uploads applies.
        limits = ReadLimits(columns=settings.IMPORT_MAX_COLUMNS)
        outcome = import_corpus_file(
            path.read_bytes(), path.name, actor=None, source=str(options["source"]), limits=limits
        )
        for message in outcome.file_errors:
            self.stderr.write(message)
        for error in outcome.row_errors:
            self.stderr.write(f"row {error.row}, {error.column} [{error.value}]: {error.message}")
        if not outcome.ok:
            bad_rows = len({e.row for e in outcome.row_errors})
            raise CommandError(f"nothing imported: {bad_rows} bad row(s) of {outcome.total}")
        seconds = time.perf_counter() - started
        rate = outcome.total / seconds if seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{outcome.total} rows: {outcome.created} created, {outcome.updated} updated, "
                f"{outcome.unchanged} unchanged; index updated ({seconds:.1f} s, {rate:,.0f} rows/s)"
            )
        )
