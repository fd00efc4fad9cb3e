#!/usr/bin/env bash
# Runs every test project against a throwaway PostgreSQL cluster and Debian's chromium, then the projects whose code
# formats and parses numbers and dates once more under a German locale (decimal comma, dd.MM.yyyy), and prints
# "N passed, N failed, N skipped" summed over both runs; exits non-zero when either run fails.
# Usage: bash scripts/test.sh [extra dotnet test arguments, given to both runs]
# MI_TEST_SERVER=testcontainers (GitHub's workflow): no local cluster; the fixtures start PostgreSQL in Docker. The primary
# and its streaming replica for the replica tests are local clusters in both modes.
# MI_CHROMIUM=PATH: that browser instead of Debian's chromium.
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
source scripts/lib/common.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mi_ensure_packages fonts-noto-cjk locales || exit 1
# .NET takes its culture from LANG/LC_ALL through ICU; the glibc locale is generated as well, so the shell and the
# PostgreSQL tools it starts accept the setting without warnings.
german=de_DE.UTF-8
locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8' || mi_as_root localedef -i de_DE -f UTF-8 "$german" || exit 1
[ -x "${MI_CHROMIUM:-}" ] || { mi_ensure_packages chromium || exit 1; }
tmp=$(mktemp -d /var/tmp/medins-test.XXXXXX) && chmod 755 "$tmp"
# Every cluster in the folder: the test server, the replica pair, and the pairs the failover tests make for themselves.
cleanup() {
  local pid
  for pid in $(find "$tmp" -name postmaster.pid 2>/dev/null); do mi_pg_stop "$(dirname "$pid")"; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# The application role's password, the same for every test process: the fixtures give it to medins_app (roles belong
# to the whole server) and connect as medins_app with it — on the local cluster and in Testcontainers alike.
export MI_TEST_APP_PASSWORD
MI_TEST_APP_PASSWORD=$(mi_secret "$tmp/medins_app.password")
if [ "${MI_TEST_SERVER:-local}" = testcontainers ]; then
  unset MI_TEST_POSTGRES
  mi_log "PostgreSQL from Testcontainers"
else
  MI_PG_OPTIONS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  port=$(mi_pg_start "$tmp/pgdata") || exit 1
  mi_log "throwaway PostgreSQL on 127.0.0.1:$port (scram-sha-256)"
  # The fixtures create one database per test class from this administrative connection.
  export MI_TEST_POSTGRES
  MI_TEST_POSTGRES=$(mi_connection_string "$port" postgres postgres "$(mi_secret "$(mi_pg_password_file "$tmp/pgdata")")")
  # The server's own log, which the tests grep for ID numbers (in Testcontainers mode they read the container's).
  export MI_TEST_POSTGRES_LOG="$tmp/pgdata/server.log"
fi
# A primary and its streaming replica (PostgreSQL's physical replication) on loopback, in both modes: the replica tests
# write on one and read on the other. synchronous_commit stays on, as in production: a commit that has returned is
# written, which waiting for replay by LSN counts on. The failover tests stop a primary for good, so they make pairs of
# their own with the same functions (MI_TEST_SCRIPTS) in MI_TEST_CLUSTERS, which the server's user can reach.
pair_options="-c fsync=off -c full_page_writes=off"
pair_port=$(MI_PG_OPTIONS=$pair_options mi_pg_start "$tmp/pair/primary/pgdata") || exit 1
pair_replica_port=$(MI_PG_OPTIONS=$pair_options mi_pg_start_replica "$tmp/pair/primary/pgdata" "$pair_port" "$tmp/pair/replica/pgdata") || exit 1
mi_log "streaming replica pair: primary on 127.0.0.1:$pair_port, replica on 127.0.0.1:$pair_replica_port"
pair_password=$(mi_secret "$(mi_pg_password_file "$tmp/pair/primary/pgdata")")
export MI_TEST_REPLICA_PRIMARY MI_TEST_REPLICA MI_TEST_SCRIPTS="$repo/scripts" MI_TEST_CLUSTERS="$tmp/clusters"
MI_TEST_REPLICA_PRIMARY=$(mi_connection_string "$pair_port" postgres postgres "$pair_password")
MI_TEST_REPLICA=$(mi_connection_string "$pair_replica_port" postgres postgres "$pair_password")
mkdir -p "$MI_TEST_CLUSTERS" && chmod 755 "$MI_TEST_CLUSTERS"

results="$repo/TestResults/run-$(date +%Y%m%d-%H%M%S)"
export MI_CHROMIUM=${MI_CHROMIUM:-$(command -v chromium || true)}
export MI_SCREENSHOTS="$results/screenshots"

dotnet test MedicalInsurance.sln -c Release --logger trx --results-directory "$results" "$@"
status=$?

# Again under a German locale, built already: the rules, the pages' components, the command line and imports and
# exports write and read machine formats (JSON, CSV, ISO dates), which must not follow the operator's locale.
no_build=--no-build
for a in "$@"; do [ "$a" = --no-build ] && no_build=; done
for project in Domain.UnitTests Web.UnitTests Cli.IntegrationTests Infrastructure.IntegrationTests Web.IntegrationTests; do
  LANG=$german LC_ALL=$german dotnet test "tests/MedicalInsurance.$project/MedicalInsurance.$project.csproj" -c Release \
    $no_build --logger trx --results-directory "$results/$german" "$@" || status=$?
done

passed=0; failed=0; skipped=0
for f in "$results"/*.trx "$results/$german"/*.trx; do
  [ -f "$f" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(( passed + $(get passed) ))
  failed=$(( failed + $(get failed) ))
  skipped=$(( skipped + $(get notExecuted) ))
done
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1   # a build or host failure counts, even with no result file
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
