from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actionplans import demo as actionplans_demo
from certification import demo as certification_demo
from events import demo as events_demo
from inspiration import demo as inspiration_demo
from libraries import demo as libraries_demo
from themes import demo as themes_demo

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
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="run although DJANGO_DEBUG is off (the demo operator's password and TOTP "
            "secret are published: never on a site others can reach)",
        )

    def handle(self, *args, libraries, examples, password, allow_without_debug, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "seed_demo creates a superuser whose password and TOTP secret are published in "
                "the README, so it runs only with DJANGO_DEBUG=true (as `make run` sets it). "
                "To fill a non-debug test site anyway, add --allow-without-debug."
            )
        with transaction.atomic():
            context = libraries_demo.build_context(
                library_count=libraries, examples=examples, password=password
            )
            for module in (
                actionplans_demo,
                certification_demo,
                inspiration_demo,
                themes_demo,
                events_demo,
            ):
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
