"""Taking a suggestion in: honeypot, length limits, the loader's checks, rate limits, then the queue."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..directory.schema import Studio
from ..directory.validate import StructuredGeocoder
from ..errors import SubmissionRefused
from .check import Checked, check_record, length_problems
from .limits import RateLimiter
from .model import Kind, new_reference, new_studio_id, studio_record
from .store import SubmissionsStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Suggestion:
    """What a person sent: a new studio, an edit of a listing, or a report that it has closed."""

    kind: Kind
    fields: dict[str, str] = field(default_factory=dict)
    studio: Studio | None = None  # the listing an edit or a closure is about
    note: str = ""
    honeypot: str = ""  # a field people never see; only scripts fill it in


class Intake:
    """Checks and stores suggestions; the store and the geocoder are handed in."""

    def __init__(
        self, store: SubmissionsStore, *, geocoder: StructuredGeocoder | None, limiter: RateLimiter | None = None
    ) -> None:
        self.store, self.geocoder = store, geocoder
        self.limiter = limiter or RateLimiter()

    def check(self, suggestion: Suggestion, *, reference: str = "") -> Checked:
        """The loader's verdict on the listing the suggestion proposes (a closure proposes none)."""
        if suggestion.kind == "closed":  # nothing to check but the note: the listing stays as it is until approved
            problems = tuple(length_problems({}, suggestion.note))
            return Checked(problems, None if problems else suggestion.studio)
        studio_id = suggestion.studio.id if suggestion.studio else new_studio_id(reference or "pending")
        return check_record(suggestion.fields, studio_id=studio_id, geocoder=self.geocoder, note=suggestion.note)

    def submit(self, suggestion: Suggestion, *, browser: str) -> str:
        """Store the suggestion as pending and return its reference; SubmissionRefused says what to fix."""
        if suggestion.honeypot.strip():
            log.info("suggestion refused: the hidden field was filled in (a script, not a person)")
            return new_reference()  # the script is told nothing; nothing is stored
        if suggestion.kind != "new" and suggestion.studio is None:
            raise SubmissionRefused("That studio is no longer listed; search again and pick it from the results.")
        reference = new_reference()
        checked = self.check(suggestion, reference=reference)
        if not checked.ok or checked.studio is None:
            first = next((p for p in checked.problems if p.severity == "error"), None)
            raise SubmissionRefused(f"Please fix the form first: {first.message if first else 'it is incomplete'}.")
        fields = studio_record(checked.studio)
        limited = self.limiter.allow(browser)
        if limited:
            raise SubmissionRefused(limited)
        studio_id = fields["id"]
        return self.store.add(suggestion.kind, studio_id, fields, note=suggestion.note.strip(), reference=reference)
