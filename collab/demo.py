"""Demo data that domain apps add to `manage.py seed_demo`, without collab importing them.

A domain app registers `seed(stdout) -> None` from its AppConfig.ready(); seed_demo
runs each after the organisation exists. Each seeder must be idempotent.
"""

from collections.abc import Callable

_seeders: list[Callable] = []


def register_seeder(seeder: Callable) -> Callable:
    if seeder not in _seeders:
        _seeders.append(seeder)
    return seeder


def run_seeders(stdout) -> None:
    for seeder in _seeders:
        seeder(stdout)
