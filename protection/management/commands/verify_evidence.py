"""Re-hash every evidence file and compare with the SHA-256 taken at upload."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from protection import evidence
from protection.models import EvidenceFile


class Command(BaseCommand):
    help = "Check every evidence file against its SHA-256; exits non-zero when one is missing or changed."

    def handle(self, *args: object, **options: object) -> None:
        problems = []
        count = 0
        known = set()
        for item in EvidenceFile.objects.order_by("pk").iterator():
            count += 1
            known.add(item.stored_name)
            digest = evidence.sha256_of(item.stored_name)
            if digest is None:
                problems.append(f"missing: #{item.pk} {item.stored_name} ({item.original_name})")
            elif digest != item.sha256:
                problems.append(f"changed: #{item.pk} {item.stored_name} ({item.original_name})")
        for name in evidence.stored_names():
            if name not in known:
                self.stdout.write(f"not recorded (left by an upload that did not complete): {name}")
        for line in problems:
            self.stderr.write(line)
        if problems:
            raise CommandError(f"{len(problems)} of {count} evidence files are missing or changed.")
        self.stdout.write(self.style.SUCCESS(f"All {count} evidence files match their SHA-256."))
