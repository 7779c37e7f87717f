"""Suggestions and decisions, kept in the app's database (the favourites' one: SQLite or PostgreSQL).

``submissions`` holds each suggestion and its state; ``submission_decisions`` is the decision log:
one row per decision (what, when, which operator, the listing before and after), append-only, enforced
by the database itself (a trigger refuses UPDATE and DELETE). A decision and the change of state it
makes are one transaction, and only a pending suggestion can be decided, so two operators (or two
replicas) deciding the same suggestion cannot both succeed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..errors import FavoritesUnavailable, SubmissionError
from ..favorites.model import MAX_STUDIO_ID, as_utc
from ..favorites.store import connect_through, database_breaker, no_answer, open_database
from .model import ApprovedChanges, Decision, Kind, Submission, new_reference

_SAVE_FAILED = "Could not save your suggestion right now; please try again in a minute (what you typed is kept)."
_LOAD_FAILED = "Could not read the suggestions; check the database (FINDER_DB_URL) and try again."

_metadata = MetaData()
_submissions = Table(
    "submissions",
    _metadata,
    Column("id", String(16), primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("studio_id", String(MAX_STUDIO_ID), nullable=False),
    Column("fields", Text, nullable=False),  # JSON: {column: text}
    Column("note", Text, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=True),
)
_decisions = Table(
    "submission_decisions",
    _metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("submission_id", String(16), nullable=False),
    Column("decision", String(10), nullable=False),
    Column("operator", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)
_SQLITE_FROZEN = (
    "CREATE TRIGGER IF NOT EXISTS submission_decisions_no_{op} BEFORE {OP} ON submission_decisions "
    "BEGIN SELECT RAISE(ABORT, 'the decision log cannot be changed'); END"
)
_POSTGRES_FROZEN = (
    "CREATE OR REPLACE FUNCTION submission_decisions_frozen() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the decision log cannot be changed'; END $$",
    "DROP TRIGGER IF EXISTS submission_decisions_no_change ON submission_decisions",
    "CREATE TRIGGER submission_decisions_no_change BEFORE UPDATE OR DELETE ON submission_decisions "
    "FOR EACH ROW EXECUTE FUNCTION submission_decisions_frozen()",
)


def _json(value: dict[str, str] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _loads(value: str | None) -> dict[str, str] | None:
    return None if value is None else {str(k): str(v) for k, v in json.loads(value).items()}


_NO_ANSWER = (
    "The suggestions database does not answer right now (check FINDER_DB_URL and that the server is running); "
    "a suggestion can be sent again in a minute. Search works as usual."
)


class SubmissionsStore:
    """The suggestion queue and the decision log in one database; safe to share between threads."""

    def __init__(self, url: str | None = None) -> None:
        try:
            self._engine = open_database(url)
            self._dialect = self._engine.dialect.name
            if self._dialect not in ("sqlite", "postgresql"):
                raise SubmissionError(
                    f"Suggestions need SQLite or PostgreSQL, not {self._dialect!r}; check FINDER_DB_URL."
                )
            self._serial = threading.Lock() if self._engine.pool.__class__ is StaticPool else None
            # The favourites' breaker: a PostgreSQL that stopped answering is waited for once per process, not
            # once by each store (a new page waited three times: this store, its retry, and the favourites).
            self._breaker = database_breaker(self._engine)
            with self._connect() as conn, conn.begin():
                self._create_schema(conn)
        except (FavoritesUnavailable, SQLAlchemyError, ArgumentError, OSError) as err:
            if getattr(self, "_engine", None) is not None:
                self._engine.dispose()
            breaker = getattr(self, "_breaker", None)
            if breaker is not None and breaker.is_open:  # it did not answer (now, or a moment ago)
                raise SubmissionError(_NO_ANSWER) from err
            raise SubmissionError(
                "Could not open the suggestions database; check FINDER_DB_URL and that the server is running."
            ) from err

    def _create_schema(self, conn: Connection) -> None:
        if self._dialect == "postgresql":  # replicas starting together create the tables once
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x73756273})
        _metadata.create_all(conn)
        if self._dialect == "sqlite":
            for op in ("update", "delete"):
                conn.exec_driver_sql(_SQLITE_FROZEN.format(op=op, OP=op.upper()))
        else:
            for statement in _POSTGRES_FROZEN:
                conn.exec_driver_sql(statement)

    def __enter__(self) -> SubmissionsStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.dispose()

    def dispose(self) -> None:
        self._engine.dispose()

    # -- writes ---------------------------------------------------------------------------------------

    def add(self, kind: Kind, studio_id: str, fields: dict[str, str], *, note: str = "", reference: str = "") -> str:
        """Store a suggestion as pending; return its reference."""
        reference = reference or new_reference()
        row = {
            "id": reference,
            "kind": kind,
            "status": "pending",
            "studio_id": studio_id,
            "fields": _json(fields),
            "note": note,
            "submitted_at": datetime.now(UTC),
            "decided_at": None,
        }
        with self._transaction(_SAVE_FAILED, write=True) as conn:
            conn.execute(insert(_submissions), row)
        return reference

    def decide(
        self,
        reference: str,
        *,
        approve: bool,
        operator: str,
        reason: str = "",
        before: dict[str, str] | None = None,
        after: dict[str, str] | None = None,
    ) -> Decision:
        """Approve or reject a pending suggestion, and log it; ``after`` (approving) replaces its fields."""
        operator, reason = operator.strip(), reason.strip()
        if not operator:
            raise SubmissionError("Give your operator name, so the decision log says who decided.")
        if not approve and not reason:
            raise SubmissionError("Give a reason for rejecting it; the decision log keeps it.")
        status = "approved" if approve else "rejected"
        now = datetime.now(UTC)
        with self._transaction("Could not record the decision; nothing was changed. Try again.", write=True) as conn:
            values: dict[str, object] = {"status": status, "decided_at": now}
            if approve and after is not None:
                values["fields"] = _json(after)
            changed = conn.execute(
                update(_submissions)
                .where(_submissions.c.id == reference, _submissions.c.status == "pending")
                .values(**values)
                .returning(_submissions.c.id)
            ).all()
            if not changed:
                raise SubmissionError(f"There is no pending suggestion {reference}: it is unknown or already decided.")
            row = {
                "submission_id": reference,
                "decision": status,
                "operator": operator,
                "reason": reason,
                "before": _json(before),
                "after": _json(after) if approve else None,
                "decided_at": now,
            }
            seq = conn.execute(insert(_decisions).returning(_decisions.c.seq), row).scalar_one()
        return Decision(seq, reference, status, operator, reason, before, after if approve else None, now)

    # -- reads ----------------------------------------------------------------------------------------

    def get(self, reference: str) -> Submission | None:
        with self._transaction(_LOAD_FAILED, write=False) as conn:
            row = conn.execute(select(_submissions).where(_submissions.c.id == reference)).first()
        return None if row is None else _submission(row)

    def list(self, *, status: str | None = None, limit: int = 1000) -> list[Submission]:
        """Suggestions, pending first, then the newest; ``status`` keeps one state only."""
        c = _submissions.c
        pending_first = (c.status != "pending").cast(Integer)
        query = select(_submissions).order_by(pending_first, c.submitted_at.desc(), c.id).limit(limit)
        if status is not None:
            query = query.where(c.status == status)
        with self._transaction(_LOAD_FAILED, write=False) as conn:
            return [_submission(row) for row in conn.execute(query)]

    def decisions(self, *, limit: int = 500) -> list[Decision]:
        """The decision log, newest first."""
        query = select(_decisions).order_by(_decisions.c.seq.desc()).limit(limit)
        with self._transaction(_LOAD_FAILED, write=False) as conn:
            return [
                Decision(
                    row.seq,
                    row.submission_id,
                    row.decision,
                    row.operator,
                    row.reason,
                    _loads(row.before),
                    _loads(row.after),
                    as_utc(row.decided_at),
                )
                for row in conn.execute(query)
            ]

    def version(self) -> int:
        """How many decisions the log holds: a change of this number is a change of the directory."""
        with self._transaction(_LOAD_FAILED, write=False) as conn:
            return int(conn.execute(select(func.coalesce(func.max(_decisions.c.seq), 0))).scalar_one())

    def approved_changes(self) -> tuple[int, ApprovedChanges]:
        """The log's version and the approved suggestions folded in decision order, read in one transaction."""
        query = (
            select(_submissions.c.id, _submissions.c.kind, _submissions.c.studio_id, _submissions.c.fields)
            .join(_decisions, _decisions.c.submission_id == _submissions.c.id)
            .where(_decisions.c.decision == "approved")
            .order_by(_decisions.c.seq)
        )
        changes = ApprovedChanges()
        with self._transaction(_LOAD_FAILED, write=False) as conn:
            version = int(conn.execute(select(func.coalesce(func.max(_decisions.c.seq), 0))).scalar_one())
            for row in conn.execute(query):
                changes.apply(row.kind, row.studio_id, _loads(row.fields) or {}, row.id)
        return version, changes

    # -- plumbing -------------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, message: str, *, write: bool) -> Iterator[Connection]:
        try:
            with self._serial or nullcontext(), self._connect() as conn:
                conn.execution_options(finder_write=write)
                with conn.begin():
                    yield conn
        except FavoritesUnavailable as err:
            raise SubmissionError(_NO_ANSWER) from err
        except SQLAlchemyError as err:
            if self._breaker is not None and no_answer(err):
                self._breaker.trip()
            raise SubmissionError(message) from err

    def _connect(self) -> Connection:
        return connect_through(self._engine, self._breaker)


def _submission(row: object) -> Submission:
    return Submission(
        id=row.id,
        kind=row.kind,
        status=row.status,
        studio_id=row.studio_id,
        fields=_loads(row.fields) or {},
        submitted_at=as_utc(row.submitted_at),
        note=row.note,
        decided_at=as_utc(row.decided_at) if row.decided_at is not None else None,
    )
