"""A living directory: suggestions from the public, a moderation queue, the decision log, and the live merge.

``model`` (Submission, Decision, the form's columns and limits), ``check`` (a suggestion checked by the CSV
loader's own rules), ``limits`` (rate limits), ``intake`` (honeypot, limits, queue), ``store`` (SQLAlchemy:
the queue and the append-only log), ``live`` (the CSV plus approved changes, rebuilt in the background),
``review`` (diffs and possible duplicates), ``health`` (the directory's health) and ``export`` (the directory as CSV).
"""

from .check import Checked, check_record
from .intake import Intake, Suggestion
from .limits import RateLimiter, Window
from .live import LiveDirectory, Snapshot, current_directory, open_store
from .model import FORM_COLUMNS, Decision, Submission
from .store import SubmissionsStore

__all__ = [
    "FORM_COLUMNS",
    "Checked",
    "Decision",
    "Intake",
    "LiveDirectory",
    "RateLimiter",
    "Snapshot",
    "Submission",
    "SubmissionsStore",
    "Suggestion",
    "Window",
    "check_record",
    "current_directory",
    "open_store",
]
