"""Shared state for `manage.py seed_demo`: each app's demo.py adds its part to it."""

import random
from dataclasses import dataclass, field


@dataclass
class DemoContext:
    libraries: list  # participating Library objects, the programme's first libraries first
    leads: dict  # library slug -> lead User
    staff: dict  # library slug -> staff User
    coordinator: object
    password: str
    examples: int
    rng: random.Random = field(default_factory=lambda: random.Random(2030))  # noqa: S311
    log: list = field(default_factory=list)

    def say(self, line: str) -> None:
        self.log.append(line)
