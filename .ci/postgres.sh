# shellcheck shell=bash
# Start a throwaway PostgreSQL server for the favourites tests, then export its URL.
#
#   source .ci/postgres.sh      # installs Debian's postgresql if needed, starts it, exports:
#     FINDER_TEST_POSTGRES_URL=postgresql+psycopg://finder:...@127.0.0.1:54329/finder_test
#     FINDER_REQUIRE_POSTGRES=1 (the PostgreSQL tests then fail, never skip, if the server is gone)
#   finder_stop_postgres        # stops it again (optional; e.g. from a trap in .ci/run)
#
# Safe to source twice: a server already running on the port with the same data directory is reused.
# Settings (environment, all optional): FINDER_PG_PORT (54329), FINDER_PG_DATADIR
# (/tmp/finder-postgres-<port>), FINDER_PG_USER (finder), FINDER_PG_PASSWORD (finder-test),
# FINDER_PG_DATABASE (finder_test). The server is for tests only: fsync is off.

_finder_pg_settings() {
    FINDER_PG_PORT="${FINDER_PG_PORT:-54329}"
    FINDER_PG_DATADIR="${FINDER_PG_DATADIR:-/tmp/finder-postgres-${FINDER_PG_PORT}}"
    FINDER_PG_USER="${FINDER_PG_USER:-finder}"
    FINDER_PG_PASSWORD="${FINDER_PG_PASSWORD:-finder-test}"
    FINDER_PG_DATABASE="${FINDER_PG_DATABASE:-finder_test}"
}

# Runs in a subshell, so `set -euo pipefail` and `cd` never leak into the shell that sourced us.
# Prints only the database URL on stdout; progress and errors go to stderr.
_finder_pg_start() (
    set -euo pipefail
    _finder_pg_settings
    port="$FINDER_PG_PORT" datadir="$FINDER_PG_DATADIR" user="$FINDER_PG_USER"
    password="$FINDER_PG_PASSWORD" database="$FINDER_PG_DATABASE"
    say() { printf 'postgres.sh: %s\n' "$*" >&2; }
    die() { say "ERROR: $*"; exit 1; }

    [[ "$port" =~ ^[0-9]+$ ]] || die "FINDER_PG_PORT must be a number, not '$port'."
    [[ "$user" =~ ^[a-z_][a-z0-9_]*$ ]] || die "FINDER_PG_USER must be a plain lower-case name."
    [[ "$database" =~ ^[a-z_][a-z0-9_]*$ ]] || die "FINDER_PG_DATABASE must be a plain lower-case name."
    [[ "$password" =~ ^[A-Za-z0-9._~-]+$ ]] \
        || die "FINDER_PG_PASSWORD may hold only letters, digits and . _ ~ - (it goes into a URL)."
    cd /  # the server user may not be able to read the caller's working directory

    find_bindir() {
        local dir
        dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            printf '%s\n' "$dir"
        elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
            dirname "$(command -v initdb)"
        fi
    }
    bindir="$(find_bindir)"
    if [[ -z "$bindir" ]]; then
        [[ "$(id -u)" == 0 ]] || die "PostgreSQL is not installed and installing it needs root: apt-get install postgresql"
        say "installing Debian's postgresql (apt-get) ..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 || die "apt-get update failed; check the network or the apt sources."
        apt-get install -y -qq postgresql >&2 || die "apt-get install postgresql failed; see the output above."
        bindir="$(find_bindir)"
        [[ -n "$bindir" ]] || die "postgresql was installed but initdb/pg_ctl were not found."
    fi

    # As root, the server runs as the `postgres` user the package created; otherwise as ourselves.
    if [[ "$(id -u)" == 0 ]]; then
        id postgres >/dev/null 2>&1 || die "there is no 'postgres' user; reinstall the postgresql package."
        as_server() { runuser -u postgres -- "$@"; }
        owner=postgres
    else
        as_server() { "$@"; }
        owner="$(id -un)"
    fi
    ready() { "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" >/dev/null 2>&1; }

    if [[ ! -s "$datadir/PG_VERSION" ]]; then
        say "creating a cluster in $datadir ..."
        install -d -o "$owner" -m 700 "$datadir" || die "cannot create $datadir."
        as_server "$bindir/initdb" -D "$datadir" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >"$datadir.initdb.log" 2>&1 \
            || die "initdb failed; see $datadir.initdb.log."
    fi

    if as_server "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        say "the server in $datadir is already running."
    elif ready; then
        die "port $port is taken by another server; set FINDER_PG_PORT to a free port."
    else
        say "starting the server on 127.0.0.1:$port ..."
        as_server "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$datadir" \
            -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >&2 || die "the server did not start; see $datadir/server.log."
    fi
    for _ in $(seq 1 60); do
        ready && break
        sleep 0.5
    done
    ready || die "the server on 127.0.0.1:$port is not accepting connections; see $datadir/server.log."

    # Role and database, created once; the password is (re)set every time so it always matches.
    as_server "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$datadir" -p "$port" -U postgres -d postgres \
        -v user="$user" -v password="$password" -v database="$database" >&2 <<'SQL' \
        || die "could not create the role or the database; see the psql output above."
SELECT format('CREATE ROLE %I LOGIN', :'user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'user', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'user')
    WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
SQL

    PGPASSWORD="$password" "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U "$user" -d "$database" \
        -c 'SELECT 1' >/dev/null || die "cannot log in as $user over TCP on 127.0.0.1:$port."
    say "ready: database $database on 127.0.0.1:$port."
    printf 'postgresql+psycopg://%s:%s@127.0.0.1:%s/%s\n' "$user" "$password" "$port" "$database"
)

# Stop the server that _finder_pg_start started (nothing happens if it is not running).
finder_stop_postgres() (
    set -euo pipefail
    _finder_pg_settings
    cd /
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [[ -n "$bindir" ]] || bindir="$(dirname "$(command -v pg_ctl || echo /bin/pg_ctl)")"
    [[ -s "$FINDER_PG_DATADIR/postmaster.pid" ]] || exit 0
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$bindir/pg_ctl" -D "$FINDER_PG_DATADIR" -m fast -w stop >&2
    else
        "$bindir/pg_ctl" -D "$FINDER_PG_DATADIR" -m fast -w stop >&2
    fi
)

if _finder_pg_url="$(_finder_pg_start)"; then
    export FINDER_TEST_POSTGRES_URL="$_finder_pg_url"
    export FINDER_REQUIRE_POSTGRES=1
    unset _finder_pg_url
else
    unset _finder_pg_url
    printf 'postgres.sh: ERROR: PostgreSQL for the tests is not available (see above).\n' >&2
    # `return` when sourced (the normal use); `exit` if someone ran the file directly.
    return 1 2>/dev/null || exit 1
fi
