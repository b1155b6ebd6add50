from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from landscape.actions import import_strategic_industry_ipc


class Command(BaseCommand):
    help = (
        "Import the official concordance of strategic emerging industries and IPC (国家统计局《战略性新兴产业分类"
        "与国际专利分类参照关系表》) from a UTF-8 CSV with the columns ipc, industry_code, industry_name. "
        "Replaces the table; a file with any bad row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        count, errors = import_strategic_industry_ipc(actor=None, data=file.read_bytes())
        if errors:
            raise CommandError("\n".join(errors))
        self.stdout.write(f"{count} concordance lines imported")
