from django.core.management.base import BaseCommand
from django.db import transaction

from actionplans import demo as actionplans_demo
from certification import demo as certification_demo
from inspiration import demo as inspiration_demo
from libraries import demo as libraries_demo

DEFAULT_PASSWORD = "verdensmaal-demo-2030"  # noqa: S105 - demo accounts only, printed below


class Command(BaseCommand):
    help = (
        "Fill the portal with demo data: libraries, users, plans in every state, "
        "certifications and examples. Idempotent: running it again adds nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--libraries", type=int, default=13, help="participating libraries")
        parser.add_argument("--examples", type=int, default=24, help="approved examples")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of demo users")

    def handle(self, *args, libraries, examples, password, **options):
        with transaction.atomic():
            context = libraries_demo.build_context(
                library_count=libraries, examples=examples, password=password
            )
            for module in (actionplans_demo, certification_demo, inspiration_demo):
                module.seed(context)
        for line in context.log:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(context.libraries)} libraries.")
        )
        self.stdout.write(f"Log in with any of these (password: {password}):")
        for email in (
            "coordinator@example.org",
            "lead@ballerup.example.org",
            "staff@ballerup.example.org",
            "operator@example.org",
        ):
            self.stdout.write(f"  {email}")
