"""What loading a CSV found: every problem by line, field and severity, and the totals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import repeat
from typing import Final, Literal, NamedTuple

import numpy as np

#: "error": the row is skipped; "warning": the row is kept, the field dropped or fixed.
Severity = Literal["error", "warning"]
ERROR: Final = "error"
WARNING: Final = "warning"


class Problem(NamedTuple):
    """One thing wrong with the CSV: where, which field, how bad, and what to do.

    A named tuple, not a dataclass: a file may have a million of them, and tuples are made in C.
    """

    line: int
    field: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return self._asdict()


def report_order(problem: Problem) -> tuple[int, bool, str]:
    """How a report lists its problems: by line, errors first, then by field."""
    return problem.line, problem.severity != ERROR, problem.field


#: Problem from a (line, field, severity, message) tuple, without a Python-level call per problem.
_problem_of = partial(tuple.__new__, Problem)


@dataclass(frozen=True)
class LoadReport:
    """What loading a CSV found: how many rows, how many loaded, and every problem."""

    source: str
    rows: int
    valid: int
    problems: tuple[Problem, ...] = ()
    #: What went wrong for the file as a whole, beside its rows (the place-name database failed while it loaded).
    notices: tuple[str, ...] = ()

    @property
    def skipped(self) -> int:
        return self.rows - self.valid

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == WARNING)

    @property
    def ok(self) -> bool:
        return not self.errors

    def with_problems(self, more: Iterable[Problem]) -> LoadReport:
        """This report with more problems, each in its place."""
        return replace(self, problems=tuple(sorted((*self.problems, *more), key=report_order)))

    def summary(self) -> str:
        text = f"{self.valid:,} of {self.rows:,} listings loaded from {self.source}"
        if self.skipped:
            text += f"; {self.skipped:,} skipped"
        if self.warnings:
            count = len(self.warnings)
            text += f"; {count:,} warning{'' if count == 1 else 's'}"
        return text


@dataclass
class Collector:
    """Problems gathered while reading and validating, in any order (the report sorts them)."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def add(self, lines: Iterable[int], field_name: str, severity: Severity, messages: Iterable[str]) -> None:
        numbers = np.asarray(list(lines) if not isinstance(lines, np.ndarray) else lines, dtype=np.int64).tolist()
        count = len(numbers)
        # All in C: a million rows are reported in a fraction of a second (a generator of dataclasses took three).
        self.problems.extend(
            map(_problem_of, zip(numbers, repeat(field_name, count), repeat(severity, count), messages, strict=True))
        )
