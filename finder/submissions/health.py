"""The directory's health for its operator: what the CSV lost, what is only approximately placed, what
has not been checked for a year, what may be listed twice, and how many studios each country has."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..directory.report import Problem
from ..directory.schema import Studio
from .live import Snapshot
from .review import duplicate_pairs

#: A listing not verified for this long is due a check.
STALE_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class Health:
    skipped: tuple[Problem, ...]  # the CSV's rows that were not loaded, by line
    warnings: int
    approximate: tuple[Studio, ...]
    stale: tuple[Studio, ...]  # verified_on more than a year ago
    unverified: tuple[Studio, ...]  # no verified_on
    duplicates: tuple[tuple[Studio, Studio, str], ...]
    per_country: tuple[tuple[str, int], ...]
    total: int
    file_problem: str
    changes_problems: tuple[Problem, ...]


def directory_health(snapshot: Snapshot, *, today: date | None = None, limit: int = 500) -> Health:
    """The health of the live directory (CSV plus approved changes); each list holds at most ``limit``."""
    today = today or datetime.now(UTC).date()
    directory = snapshot.directory
    report = snapshot.csv_report
    approximate: list[Studio] = []
    stale: list[Studio] = []
    unverified: list[Studio] = []
    countries: Counter[str] = Counter()
    for studio in directory or ():
        countries[studio.country or "(none)"] += 1
        if studio.approximate and len(approximate) < limit:
            approximate.append(studio)
        if studio.verified_on is None:
            if len(unverified) < limit:
                unverified.append(studio)
        elif today - studio.verified_on > STALE_AFTER and len(stale) < limit:
            stale.append(studio)
    return Health(
        skipped=report.errors if report else (),
        warnings=len(report.warnings) if report else 0,
        approximate=tuple(approximate),
        stale=tuple(stale),
        unverified=tuple(unverified),
        duplicates=tuple(duplicate_pairs(directory, limit=limit)) if directory is not None else (),
        per_country=tuple(sorted(countries.items(), key=lambda item: (-item[1], item[0]))),
        total=len(directory) if directory is not None else 0,
        file_problem=snapshot.notice(),
        changes_problems=snapshot.changes_problems,
    )
