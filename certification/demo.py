"""This app's part of `manage.py seed_demo` (idempotent: running it again changes nothing)."""

from core.demo import DemoContext


def seed(context: DemoContext) -> None:
    pass
