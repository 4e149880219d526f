from django.core.management.base import BaseCommand

from core import renders


class Command(BaseCommand):
    help = (
        "Queue every PDF render that is due and not done (the beat schedule runs this every "
        "few minutes; without a broker the renders run here, in this process)."
    )

    def handle(self, *args, **options):
        queued = renders.reconcile()
        waiting = renders.waiting()
        self.stdout.write(f"Queued: {queued or 'nothing'}. Still waiting: {waiting.count}.")
