from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from landscape.corpus import get_store, rebuild_index, sync_district
from landscape.wording import describe_errors


class Command(BaseCommand):
    help = (
        "Import outside patents into the landscape corpus: a CSV, Parquet or JSON Lines file with the corpus columns "
        "(see docs/landscape.md), US full-text XML (a file or a folder of them), or the CN sample CSV. All or nothing: "
        "a file with any bad row imports nothing and the bad rows are listed. The full-text index is rebuilt after."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-index", action="store_true", help="Do not rebuild the full-text index afterwards.")

    def handle(self, *args, file: Path, no_index: bool = False, **options):
        if not file.exists():
            raise CommandError(f"{file} does not exist")
        sync_district(index=False)
        result = get_store().import_file(file)
        if not result.ok:
            raise CommandError("\n".join(describe_errors(result)))
        rate = result.rows / result.seconds if result.seconds else 0
        self.stdout.write(
            f"{result.rows} patents imported into {result.part} in {result.seconds:.2f} s ({rate:,.0f} rows/s); "
            f"{result.replaced} replaced earlier rows"
        )
        if not no_index:
            meta = rebuild_index()
            self.stdout.write(
                f"full-text index: {meta['documents']} documents, {meta['words']} words, {meta['seconds']} s"
            )
