"""python -m finder: search, geocode, validate, geocode-csv, submissions, export, bench and sample on the command line.

No traceback reaches a person: every failure is one clear line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .directory import PRECISION_COLUMN, SAMPLE_DATA, Directory, Studio, data_path, load_directory
from .directory.csvread import canonical_header
from .errors import DataFileError, FinderError, InvalidQuery, LocationNotFound, SubmissionError
from .geo import approximate_note, precision_label
from .geocoding import load_offline_geocoder, locate
from .geocoding.place import Place
from .hours import HoursStatus, hours_status
from .search import SORTS, Filters, search
from .submissions.export import export_directory
from .submissions.live import current_directory, open_store
from .submissions.review import decide
from .submissions.store import SubmissionsStore
from .units import format_distance

if TYPE_CHECKING:
    from .bench import Registry

EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE = 0, 1, 2
NO_STUDIOS = "The directory has no studios: {path} has no loadable row below its header. Add one row per studio."


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m finder", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    find = commands.add_parser("search", help="the studios nearest to a place")
    find.add_argument("query", metavar="QUERY", help='a place or coordinates: "Austin, TX", "30.27, -97.74"')
    find.add_argument("--data", help="studio CSV (default: $FINDER_DATA, else data/studios.csv)")
    find.add_argument("--limit", type=_positive_int, default=10, help="how many studios (default 10)")
    find.add_argument("--radius-km", type=_non_negative_float, help="only studios within this distance")
    find.add_argument("--style", action="append", default=[], help="only studios offering this style")
    find.add_argument("--open-now", action="store_true", help="only studios open at --at (default: now)")
    find.add_argument(
        "--at", type=_instant, metavar="INSTANT", help="the instant hours are evaluated at, ISO 8601 with an offset"
    )
    find.add_argument("--max-price", type=_non_negative_float, metavar="PRICE", help="only sessions up to this price")
    find.add_argument(
        "--currency",
        type=_currency,
        metavar="CODE",
        help="the currency of --max-price (ISO code; default: that of the studios nearest the place)",
    )
    find.add_argument("--session-minutes", type=_positive_int, metavar="MIN", help="only sessions at least this long")
    find.add_argument("--sort", choices=SORTS, default="distance", help="distance (default), price or opens")
    find.add_argument("--json", action="store_true", help="print JSON")

    geocode = commands.add_parser("geocode", help="where places are, offline first")
    geocode.add_argument("queries", nargs="+", metavar="QUERY")
    geocode.add_argument("--json", action="store_true", help="one JSON object per line")

    validate = commands.add_parser("validate", help="check a studio CSV and report every problem")
    validate.add_argument("csv", metavar="CSV")
    validate.add_argument("--json", action="store_true", help="print JSON")

    fill = commands.add_parser("geocode-csv", help="write a copy of a CSV with coordinates filled in")
    fill.add_argument("input", metavar="IN")
    fill.add_argument("-o", "--output", required=True, metavar="OUT")

    bench = commands.add_parser("bench", help="measure search, loading, geocoding and favourites")
    bench.add_argument("--json", action="store_true", help="print JSON")
    bench.add_argument("--quick", action="store_true", help="skip the 1,000,000-studio rows")
    bench.add_argument(
        "--section",
        action="append",
        default=[],
        metavar="NAME",
        help="only this section (repeatable), e.g. --section 'opening hours'",
    )
    bench.add_argument(
        "--load",
        type=_positive_int,
        nargs="+",
        metavar="N",
        help="instead: the load test, N concurrent sessions against a fresh app process each (e.g. 20 200);"
        " with --browser, the browser rows while N sessions search",
    )
    bench.add_argument(
        "--browser", action="store_true", help="instead: the rows measured in headless Chromium at 390x844"
    )
    bench.add_argument("--duration", type=float, default=60.0, help="with --load: seconds of load after the ramp")
    bench.add_argument(
        "--settle", type=float, default=0.0, help="with --load: seconds to wait for the last memory reading"
    )
    bench.add_argument(
        "--replicas",
        type=_positive_int,
        default=1,
        metavar="K",
        help="with --load: K app processes behind a local HAProxy with sticky sessions (the README's recipe)",
    )

    _submission_commands(commands)
    export = commands.add_parser("export", help="write the directory as it now stands (CSV plus approved changes)")
    export.add_argument("-o", "--output", required=True, metavar="OUT", help="the CSV to write (never the bundled one)")
    export.add_argument("--data", help="studio CSV (default: $FINDER_DATA, else data/studios.csv)")

    sample = commands.add_parser("sample", help="write a synthetic directory for tests and benchmarks")
    sample.add_argument("--rows", type=_positive_int, required=True)
    sample.add_argument("--seed", type=int, default=7)
    sample.add_argument("-o", "--output", help="file to write (default: standard output)")
    return parser


def _submission_commands(commands: argparse._SubParsersAction) -> None:
    submissions = commands.add_parser("submissions", help="the suggestion queue: list, approve, reject")
    actions = submissions.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="every suggestion, pending first")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    for name, text in (("approve", "approve a pending suggestion"), ("reject", "reject a pending suggestion")):
        action = actions.add_parser(name, help=text)
        action.add_argument("id", metavar="ID", help="the suggestion's reference, as `submissions list` prints it")
        action.add_argument("--operator", required=True, metavar="NAME", help="who decides (kept in the decision log)")
        action.add_argument("--data", help="studio CSV (default: $FINDER_DATA, else data/studios.csv)")
        if name == "reject":
            action.add_argument("--reason", required=True, metavar="TEXT", help="why (kept in the decision log)")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time like 2026-12-02T15:00:00Z") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no time zone; add Z or an offset, e.g. 2026-12-02T15:00:00Z")
    return value


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be a number of 0 or more")
    return value


def _currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise argparse.ArgumentTypeError(f"{text!r} is not a 3-letter currency code like USD or EUR")
    return code


# --- places ---------------------------------------------------------------------------------


def _place_json(place: Place) -> dict[str, Any]:
    return {
        "query": place.query,
        "label": place.label,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "precision": place.precision,
        "source": place.source,
        "alternatives": [
            {"label": alt.label, "latitude": alt.latitude, "longitude": alt.longitude, "precision": alt.precision}
            for alt in place.alternatives
        ],
    }


def _studio_json(studio: Studio) -> dict[str, Any]:
    data = asdict(studio)
    data["styles"] = list(studio.styles)
    data["verified_on"] = studio.verified_on.isoformat() if studio.verified_on else None
    data["approximate"] = studio.approximate
    return data


# --- commands --------------------------------------------------------------------------------


def _store() -> SubmissionsStore:
    store, problem = open_store()
    if store is None:
        raise SubmissionError(problem)
    return store


def _load(path: str | None, err: TextIO | None = None) -> Directory:
    """The directory as it now stands: the CSV plus the approved suggestions (the CSV alone if the database is down)."""
    store, problem = open_store()
    snapshot = current_directory(data_path(path), store)
    if store is not None:
        store.dispose()
    if snapshot.directory is None:
        raise DataFileError(snapshot.csv_problem)
    if err is not None and (problem or snapshot.changes_problem):
        err.write(f"note: approved suggestions are not included: {problem or snapshot.changes_problem}\n")
    return snapshot.directory


def _hours_json(status: HoursStatus) -> dict[str, Any]:
    return {
        "open_now": status.open_now,
        "hours_state": status.state,
        "next_change": status.next_change.isoformat() if status.next_change else None,
        "timezone": status.timezone or None,
    }


def cmd_search(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    directory = _load(args.data, err)
    origin = locate(args.query)
    at = args.at or datetime.now(UTC)
    filters = Filters(
        open_at=at if args.open_now else None,
        max_price=args.max_price,
        currency=args.currency,
        session_minutes=args.session_minutes,
    )
    outcome = search(
        directory,
        origin,
        limit=args.limit,
        radius_km=args.radius_km,
        styles=args.style,
        filters=filters,
        sort=args.sort,
        now=at,
    )
    if args.json:
        results = []
        for match in outcome.matches:
            row = _studio_json(match.studio)
            row["distance_km"] = round(match.distance_km, 6)
            row.update(_hours_json(hours_status(match.studio, at)))
            results.append(row)
        payload = {
            "origin": {
                "query": origin.query,
                "label": origin.label,
                "latitude": origin.latitude,
                "longitude": origin.longitude,
            },
            "price_currency": outcome.currency or None,
            "results": results,
        }
        json.dump(payload, out, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    out.write(f"Near {origin.label} ({precision_label(origin.precision)})\n")
    if args.max_price is not None:
        out.write(f"Sessions up to {args.max_price:g} {outcome.currency}".rstrip() + "\n")
    if not outcome.matches:
        where = f" within {args.radius_km:g} km" if args.radius_km is not None else ""
        out.write(f"No studios{where}.\n")
        for match in outcome.beyond:
            out.write(f"  beyond: {match.studio.name} — {format_distance(match.distance_km, 'km')}\n")
        return EXIT_OK
    for rank, match in enumerate(outcome.matches, 1):
        studio = match.studio
        approx = f" · {approximate_note(studio.precision)}" if studio.approximate else ""
        out.write(f"{rank:>2}. {studio.name} — {format_distance(match.distance_km, 'km')}{approx}\n")
        if studio.address:
            out.write(f"    {studio.address}\n")
        if studio.styles:
            out.write(f"    {'; '.join(studio.styles)}\n")
        out.write(f"    {hours_status(studio, at).line()}\n")
    if directory.report.skipped:
        err.write(f"note: {directory.report.skipped} listings were skipped; run `validate` for details\n")
    return EXIT_OK


def cmd_geocode(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    status = EXIT_OK
    for query in args.queries:
        try:
            place = locate(query)
        except (InvalidQuery, LocationNotFound) as error:
            status = EXIT_FAILED
            if args.json:
                out.write(json.dumps({"query": query, "error": str(error)}, ensure_ascii=False) + "\n")
            else:
                err.write(f"{query if query.strip() else '(empty)'}: {error}\n")
            continue
        if args.json:
            out.write(json.dumps(_place_json(place), ensure_ascii=False) + "\n")
        else:
            also = f" (also: {'; '.join(a.label for a in place.alternatives[:3])})" if place.alternatives else ""
            out.write(
                f"{query}: {place.label} — {place.latitude:.5f}, {place.longitude:.5f} "
                f"[{place.precision}, {place.source}]{also}\n"
            )
    return status


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        directory = load_directory(args.csv)
    except DataFileError as error:
        err.write(f"error: {error}\n")
        return EXIT_UNREADABLE
    report = directory.report.with_problems(directory.region_problems())  # not checked at load: see there
    if args.json:
        payload = {
            "ok": report.ok and len(directory) > 0,
            "rows": report.rows,
            "valid": report.valid,
            "problems": [problem.as_dict() for problem in report.problems],
            "notices": list(report.notices),
        }
        json.dump(payload, out, ensure_ascii=False)
        out.write("\n")
    else:
        for problem in report.problems:
            out.write(f"{problem.severity}: {problem}\n")
        out.write(report.summary() + ".\n")
    for notice in report.notices:  # the file as a whole: the place-name database failed while it loaded
        err.write(f"warning: {notice}\n")
    if not len(directory):
        err.write(f"error: {NO_STUDIOS.format(path=args.csv)}\n")
        return EXIT_FAILED
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_geocode_csv(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Copy the CSV, filling latitude, longitude and precision for rows the gazetteer can place."""
    geocoder = load_offline_geocoder()
    source, target = Path(args.input), Path(args.output)
    if source.resolve() == target.resolve():
        raise DataFileError("Write the copy to another file (-o OUT), so the original stays as it was.")
    directory = load_directory(source, geocoder=geocoder)  # validates and reports, same rules as the app
    placed = {studio.line: studio for studio in directory if studio.precision != "coordinates"}
    unplaced = [p for p in directory.report.errors if p.field == "latitude"]
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    names = [canonical_header(name) for name in header]  # the loader's reading: "lat" is latitude
    for column in ("latitude", "longitude", PRECISION_COLUMN):
        if column not in names:
            header.append(column)
            names.append(column)
    lat_at, lon_at, precision_at = (names.index(c) for c in ("latitude", "longitude", PRECISION_COLUMN))
    line = 1
    filled = 0
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        reader_lines = _record_lines(source)
        for row, line in zip(rows[1:], reader_lines, strict=False):
            row = row + [""] * (len(header) - len(row))
            studio = placed.get(line)
            if studio is not None:
                row[lat_at], row[lon_at] = f"{studio.latitude:.6f}", f"{studio.longitude:.6f}"
                row[precision_at] = studio.precision
                filled += 1
            elif row[lat_at].strip() and not row[precision_at].strip():
                row[precision_at] = "coordinates"
            writer.writerow(row)
    out.write(f"Wrote {target}: {filled} rows placed by postal code or city.\n")
    for problem in unplaced:
        err.write(f"not placed: {problem}\n")
    return EXIT_OK if not unplaced else EXIT_FAILED


def _record_lines(path: Path) -> list[int]:
    """The line each record after the header starts on (blank lines are records here too)."""
    lines: list[int] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        last = 0
        for index, _ in enumerate(reader):
            if index:
                lines.append(last + 1)
            last = reader.line_num
    return lines


def cmd_bench(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .bench import format_table

    if args.load and not args.browser:
        from .bench.load import load_rows

        try:
            rows = load_rows(
                args.load, duration_s=args.duration, settle_s=args.settle, progress=err, replicas=args.replicas
            )
        except FinderError as problem:  # no HAProxy for --replicas
            err.write(f"error: {problem}\n")
            return 2
    else:
        registry = bench_registry(browser=args.browser, under_load=tuple(args.load or ()))
        try:
            rows = registry.run(quick=args.quick, progress=err, only=args.section)
        except ValueError as error:
            err.write(f"bench: {error}\n")
            return EXIT_FAILED
    if args.json:
        json.dump([row.as_dict() for row in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        out.write(format_table(rows))
    return EXIT_OK


def bench_registry(*, browser: bool = False, under_load: Sequence[int] = ()) -> Registry:
    """Every benchmark section this project has, in the order the README's table lists them.

    ``browser``: instead, the rows measured in a real browser (they need Chromium and the test tools);
    with ``under_load``, measured once while each of those numbers of other sessions search.
    """
    from .bench import Registry, app, favorites, geocoding, hours, placing
    from .bench import browser as browser_bench
    from .bench import search as search_bench
    from .bench import submissions as submissions_bench

    registry = Registry()
    if browser:
        for sessions in under_load or (0,):
            name = f"browser, {sessions} sessions searching" if sessions else "browser"
            registry.add(name, functools.partial(browser_bench.bench_rows, under_load=sessions))
        return registry
    registry.add("search and loading", search_bench.bench_rows)
    registry.add("opening hours", hours.bench_rows)
    registry.add("geocoding", geocoding.bench_rows)
    registry.add("placing rows without coordinates", placing.bench_rows)
    registry.add("favourites", favorites.bench_rows)
    registry.add("app", app.bench_rows)
    registry.add("suggestions", submissions_bench.bench_rows)
    return registry


def cmd_submissions(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with _store() as store:
        if args.action == "list":
            return _list_submissions(store, args, out)
        snapshot = current_directory(data_path(args.data), store)
        approve = args.action == "approve"
        decision = decide(
            store, snapshot, args.id, approve=approve, operator=args.operator, reason=getattr(args, "reason", "")
        )
    out.write(f"{decision.submission_id}: {decision.decision} by {decision.operator}.\n")
    return EXIT_OK


def _list_submissions(store: SubmissionsStore, args: argparse.Namespace, out: TextIO) -> int:
    submissions = store.list()
    if args.json:
        json.dump([submission.as_json() for submission in submissions], out, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    for submission in submissions:
        name = submission.fields.get("name", "")
        out.write(
            f"{submission.id}  {submission.status:<8}  {submission.kind:<6}  {submission.studio_id}  "
            f"{name!r}  {submission.submitted_at:%Y-%m-%d %H:%M}\n"
        )
    if not submissions:
        out.write("No suggestions yet.\n")
    return EXIT_OK


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    target = Path(args.output)
    source = data_path(args.data)
    for protected in {source, SAMPLE_DATA}:
        if target.resolve() == protected.resolve():
            raise DataFileError(
                f"{target} is the directory's own CSV; export to another file, check it, then replace it yourself."
            )
    directory = _load(args.data, err)
    count = export_directory(directory, target)
    out.write(f"Wrote {count:,} studios to {target}.\n")
    return EXIT_OK


def cmd_sample(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .sample import write_sample_csv

    written = write_sample_csv(args.output or out, args.rows, seed=args.seed)
    if args.output:
        out.write(f"Wrote {written:,} studios to {args.output}\n")
    return EXIT_OK


COMMANDS = {
    "search": cmd_search,
    "geocode": cmd_geocode,
    "validate": cmd_validate,
    "geocode-csv": cmd_geocode_csv,
    "bench": cmd_bench,
    "sample": cmd_sample,
    "submissions": cmd_submissions,
    "export": cmd_export,
}


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args, out, err)
    except DataFileError as error:
        err.write(f"error: {error}\n")
        return EXIT_UNREADABLE if args.command == "validate" else EXIT_FAILED
    except FinderError as error:
        err.write(f"error: {error}\n")
        return EXIT_FAILED
    except OSError as error:
        err.write(f"error: {error.strerror or error}: {error.filename or ''}\n")
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return 130
