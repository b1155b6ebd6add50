from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.archive import BackupError
from ops.restore import restore_archive


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and media folder: checks every SHA-256 first and "
        "every table's row count after (see docs/backup.md)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--check",
            action="store_true",
            help="only check the archive against its manifest; restore nothing",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore over a database and folders that are not empty (the folders are moved aside)",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            restore_archive(
                options["archive"],  # type: ignore[arg-type]  # argparse gives the archive as a str
                force=bool(options["force"]),
                check_only=bool(options["check"]),
                say=self.stdout.write,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
