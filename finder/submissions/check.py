"""A suggestion checked by the CSV loader's own rules: the same code path, the same messages.

The record is validated by :func:`finder.directory.validate.validate_records`, which is the loader's
pipeline (``validate_columns``) over one row; rows without coordinates are placed by the same offline
geocoder. What the loader would skip is an error here, what it would drop or fix is a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..directory.directory import row_studio
from ..directory.report import ERROR, Problem
from ..directory.schema import Studio
from ..directory.validate import StructuredGeocoder, validate_records
from .model import FIELD_LIMITS, FORM_COLUMNS, NOTE_LIMIT


@dataclass(frozen=True)
class Checked:
    """What checking a suggestion found: problems (each with its field), and the listing it would make."""

    problems: tuple[Problem, ...]
    studio: Studio | None  # None when there is an error

    @property
    def ok(self) -> bool:
        return self.studio is not None and not any(p.severity == ERROR for p in self.problems)

    def for_field(self, column: str) -> list[Problem]:
        return [problem for problem in self.problems if problem.field == column]

    @property
    def general(self) -> list[Problem]:
        """Problems not tied to one form field (the row as a whole)."""
        return [problem for problem in self.problems if problem.field not in FORM_COLUMNS]


def length_problems(fields: Mapping[str, str], note: str = "") -> list[Problem]:
    """Values longer than the form allows (the browser enforces these too; a script may not)."""
    problems = [
        Problem(1, column, ERROR, f"{column} is longer than {limit} characters; shorten it")
        for column, limit in FIELD_LIMITS.items()
        if len(fields.get(column) or "") > limit
    ]
    if len(note) > NOTE_LIMIT:
        problems.append(Problem(1, "note", ERROR, f"the note is longer than {NOTE_LIMIT} characters; shorten it"))
    return problems


def check_record(
    fields: Mapping[str, str], *, studio_id: str, geocoder: StructuredGeocoder | None, note: str = ""
) -> Checked:
    """Check a suggested listing as the loader would check its CSV row, and place it on the map."""
    too_long = length_problems(fields, note)
    if too_long:
        return Checked(tuple(too_long), None)
    record = {column: str(fields.get(column) or "") for column in FORM_COLUMNS}
    record["id"] = studio_id
    problem = None if geocoder is not None else "the offline place names are not available"
    loaded = validate_records([record], source="suggestion", geocoder=geocoder, geocoder_problem=problem)
    problems = loaded.report.problems
    if not loaded.keep.all():
        return Checked(problems, None)
    return Checked(problems, row_studio(loaded.frame, loaded.latitude, loaded.longitude, 0))
