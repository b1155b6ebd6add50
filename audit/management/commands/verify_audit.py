from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEvent
from audit.trail import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain: any edited, deleted or reordered row is reported."

    def handle(self, *args: object, **options: object) -> None:
        problems = verify_chain()
        if problems:
            for problem in problems:
                where = f"event {problem.seq}" if problem.seq is not None else "chain head"
                self.stderr.write(f"{where}: {problem.message}")
            raise CommandError(f"audit trail is broken: {len(problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS(f"audit trail intact: {AuditEvent.objects.count()} events"))
