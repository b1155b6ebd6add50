from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.archive import BackupError, default_directory, make_backup


class Command(BaseCommand):
    help = (
        "Write one .tar.gz archive holding the database, the uploaded files and the imported patent corpora, "
        "with a manifest of row counts and SHA-256 hashes (see docs/backup.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help=f"a directory, or a file name ending in .tar.gz (default: {default_directory()})",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            make_backup(options["output"], say=self.stdout.write)  # type: ignore[arg-type]  # argparse gives the output as a str or None
        except BackupError as error:
            raise CommandError(str(error)) from error
