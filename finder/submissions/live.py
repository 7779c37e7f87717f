"""The live directory: the CSV plus the approved suggestions, rebuilt in the background when either changes.

Every session of every app process reads the same :class:`Snapshot` (one attribute read, no work on a
visitor's rerun). A background thread polls, every ``poll_s`` seconds, the CSV's signature (size,
modification time, inode) and the decision log's version in the shared database; when one changed, it
builds the new directory off to the side and swaps it in whole. A replacement CSV that cannot be used
(missing, empty, binary, not UTF-8, or without a single loadable studio) never replaces the last good
one: the snapshot keeps serving it and says what is wrong with the file on disk.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from ..directory.directory import Directory, load_directory
from ..directory.report import LoadReport, Problem
from ..directory.validate import StructuredGeocoder, validate_records
from ..errors import DataFileError, FinderError
from ..geocoding.gazetteer import load_offline_geocoder
from ..geocoding.store import file_version, gazetteer_path
from .model import ApprovedChanges
from .store import SubmissionsStore

log = logging.getLogger(__name__)
#: How often each process looks for a new CSV or new decisions (an approval shows within about this, plus a build).
POLL_S = 1.0
_Signature = tuple[int, int, int] | None


@dataclass(frozen=True, eq=False)  # compared (and cached) by identity: one snapshot, one build
class Snapshot:
    """The directory as it stands, and what the operator should know about how it was made."""

    path: Path
    directory: Directory | None  # None only when no usable CSV was ever loaded
    csv_report: LoadReport | None = None  # the loaded CSV's own report (skipped rows by line)
    csv_problem: str = ""  # what is wrong with the file on disk now, while the last good one serves
    changes_problem: str = ""  # the approved suggestions could not be read (the last ones read still apply)
    changes: ApprovedChanges = field(default_factory=ApprovedChanges)
    changes_problems: tuple[Problem, ...] = ()  # approved listings that no longer pass the loader's rules
    version: int = 0  # the decision log's version these changes come from
    csv_loaded_at: datetime | None = None
    built_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def has_no_studios(self) -> bool:
        return self.directory is not None and len(self.directory) == 0

    def notice(self) -> str:
        """One sentence for the page when the directory is not what the file on disk says, or is empty."""
        if self.csv_problem:
            when = f" (loaded {self.csv_loaded_at:%Y-%m-%d %H:%M} UTC)" if self.csv_loaded_at else ""
            return f"{self.csv_problem} The listings shown are from the last good version of the file{when}."
        if self.csv_report is not None and self.csv_report.notices:  # the place names failed while it loaded
            return " ".join(self.csv_report.notices)
        if self.has_no_studios:
            return (
                f"The studio directory has no studios: {self.path.name} has a header but no loadable rows. "
                "Add one row per studio below the header."
            )
        return ""


def _signature(path: Path) -> _Signature:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _geocoder() -> tuple[StructuredGeocoder | None, str | None]:
    try:
        return load_offline_geocoder(), None
    except FinderError as err:
        return None, f"the offline gazetteer is not available ({err})"


def approved_directory(changes: ApprovedChanges) -> tuple[Directory, tuple[Problem, ...]]:
    """The approved listings as a directory, checked again by the loader's rules (as any CSV row is)."""
    studio_ids = list(changes.records)
    geocoder, problem = _geocoder()
    loaded = validate_records(
        [changes.records[studio_id] for studio_id in studio_ids],
        source="approved suggestions",
        geocoder=geocoder,
        geocoder_problem=problem,
    )
    problems = tuple(
        Problem(
            0, p.field, p.severity, f"approved suggestion {changes.references[studio_ids[p.line - 1]]}: {p.message}"
        )
        for p in loaded.report.errors
    )
    loaded.frame["line"] = 0  # not a line of the CSV
    return Directory(loaded.frame, loaded.latitude, loaded.longitude, loaded.report, loaded.keep), problems


class LiveDirectory:
    """The CSV at ``path`` plus the approved suggestions of ``store``, kept current by :meth:`refresh`.

    The first load happens in the constructor (so a process serves nothing stale at start); later ones
    in :meth:`refresh`, which the thread :meth:`start` runs calls every ``poll_s`` seconds.
    """

    def __init__(
        self,
        path: Path,
        *,
        store: SubmissionsStore | None,
        store_problem: str = "",
        reopen: Callable[[], tuple[SubmissionsStore | None, str]] | None = None,
    ) -> None:
        """``reopen`` (when given) is tried on each refresh while there is no store: a database that was
        down when the process started is used as soon as it answers."""
        self.path = Path(path)
        self.store, self._store_problem, self._reopen = store, store_problem, reopen
        self._refresh_lock = threading.Lock()
        self._base: Directory | None = None
        self._signature: _Signature = None
        self._csv_seen = False
        self._gazetteer_seen: tuple[int, int, int] | None = None
        self._snapshot = Snapshot(self.path, None)
        self._stop: threading.Event | None = None  # set by start()
        self.refresh()

    def snapshot(self) -> Snapshot:
        """The current directory: no work, safe from any thread."""
        return self._snapshot

    def refresh(self) -> bool:
        """Look at the CSV and the decision log once; rebuild and swap when either changed. True if swapped."""
        with self._refresh_lock:
            old = self._snapshot
            csv_changed, csv_state = self._reload_csv(old)
            version, changes, changes_problem = self._read_changes(old)
            if not (csv_changed or csv_state) and version == old.version and changes_problem == old.changes_problem:
                return False
            directory, problems = old.directory, old.changes_problems
            if self._base is not None and (csv_changed or version != old.version or directory is None):
                directory, problems = self._merged(changes)
                if directory is not None and self._stop is not None:
                    directory.prepare_open()  # on the refresh thread: no visitor waits for it
            self._snapshot = replace(
                old,
                directory=directory,
                changes=changes,
                changes_problem=changes_problem,
                changes_problems=problems,
                version=version,
                built_at=datetime.now(UTC),
                **csv_state,
            )
            return True

    def _merged(self, changes: ApprovedChanges) -> tuple[Directory, tuple[Problem, ...]]:
        assert self._base is not None
        if not changes.records and not changes.removed:
            return self._base, ()
        added, problems = approved_directory(changes)
        return self._base.with_changes(added, removed=changes.removed), problems

    def _reload_csv(self, old: Snapshot) -> tuple[bool, dict[str, object]]:
        """(whether the base directory changed, the snapshot fields about the file)."""
        signature = _signature(self.path)
        if self._csv_seen and signature == self._signature and not self._placing_recovered():
            return False, {}
        self._csv_seen = True
        try:
            loaded = load_directory(self.path)
        except DataFileError as err:
            self._signature = signature
            return False, {"csv_problem": str(err)}
        if _signature(self.path) != signature:
            return False, {}  # the file changed while it was read (still being written): read it next time
        self._signature = signature
        self._gazetteer_seen = file_version(gazetteer_path())  # after the load: a file that broke during it
        if len(loaded) == 0 and self._base is not None and len(self._base):
            problem = (
                f"{self.path} has no loadable studios ({loaded.report.summary()}); "
                "run `python -m finder validate` on it for every problem."
            )
            return False, {"csv_problem": problem}
        self._base = loaded
        return True, {"csv_problem": "", "csv_report": loaded.report, "csv_loaded_at": datetime.now(UTC)}

    def _placing_recovered(self) -> bool:
        """Whether the CSV should be read again because the place-name database that failed while it loaded
        has changed since (rebuilt): its rows without coordinates are placed then. A gazetteer that breaks
        later never reloads the CSV, so the listings it placed keep serving."""
        failed = self._base is not None and bool(self._base.report.notices)
        return failed and file_version(gazetteer_path()) != self._gazetteer_seen

    def _read_changes(self, old: Snapshot) -> tuple[int, ApprovedChanges, str]:
        if self.store is None and self._reopen is not None:
            self.store, self._store_problem = self._reopen()
        if self.store is None:
            return old.version, old.changes, self._store_problem
        try:
            if self.store.version() == old.version and old.directory is not None:
                return old.version, old.changes, ""
            version, changes = self.store.approved_changes()
        except FinderError as err:
            return old.version, old.changes, f"{err} (the approved suggestions read last still apply)"
        return version, changes, ""

    def start(self, poll_s: float = POLL_S) -> None:
        """Refresh every ``poll_s`` seconds on a daemon thread, until this object is released."""
        reference = weakref.ref(self)
        stop = threading.Event()
        self._stop = stop

        def run() -> None:
            live = reference()
            directory = live.snapshot().directory if live is not None else None
            del live
            if directory is not None:
                try:
                    directory.prepare_open()  # what the first "open now" search would wait for, done here
                except Exception:
                    log.exception("preparing the open-now index failed; the first such search builds it")
            del directory
            while not stop.wait(poll_s):
                live = reference()
                if live is None:
                    return
                try:
                    live.refresh()
                except Exception:  # the thread must outlive any one bad refresh
                    log.exception("refreshing the directory failed; the current one keeps serving")
                del live

        threading.Thread(target=run, name="finder-live-directory", daemon=True).start()

    @property
    def stopped(self) -> bool:
        """True once :meth:`stop` was called (its thread ends; the object serves no new changes)."""
        stop = self._stop
        return stop is not None and stop.is_set()

    def stop(self) -> None:
        stop = self._stop
        if stop is not None:
            stop.set()


def current_directory(path: Path, store: SubmissionsStore | None) -> Snapshot:
    """The directory as it stands now (CSV plus approved suggestions), built once: for the CLI."""
    return LiveDirectory(path, store=store).snapshot()


def open_store() -> tuple[SubmissionsStore | None, str]:
    """The suggestions store of ``FINDER_DB_URL``, or None and why not."""
    try:
        return SubmissionsStore(), ""
    except FinderError as err:
        return None, str(err)


__all__ = ["POLL_S", "LiveDirectory", "Snapshot", "approved_directory", "current_directory", "open_store"]
