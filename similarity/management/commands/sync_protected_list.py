from django.core.management.base import BaseCommand

from similarity.actions import sync_protected_list


class Command(BaseCommand):
    help = "Refresh the protected list from well-known marks, geographical indications and special signs."

    def handle(self, *args: object, **options: object) -> None:
        result = sync_protected_list(actor=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} added, {result.updated} updated, {result.deactivated} no longer watched, "
                f"{result.unchanged} unchanged"
            )
        )
