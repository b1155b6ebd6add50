from django.core.management.base import BaseCommand

from audit.checkpoints import write_checkpoint


class Command(BaseCommand):
    help = "Sign the audit chain's head into a checkpoint file outside the database (AUDIT_CHECKPOINT_DIR)."

    def handle(self, *args: object, **options: object) -> None:
        checkpoint = write_checkpoint()
        if checkpoint is None:
            self.stdout.write("The audit trail is empty; nothing to sign.")
            return
        self.stdout.write(self.style.SUCCESS(f"Checkpoint of event {checkpoint.seq} written to {checkpoint.path}"))
