#!/usr/bin/env bash
# Runs the app with a local PostgreSQL whose data, passwords and ports are kept between runs.
# Usage: bash scripts/run.sh        (Ctrl+C stops the app and the database; the data stays)
#   MI_PORT=8081 bash scripts/run.sh                    another HTTP port (otherwise the last one, first 5080)
#   MI_APP_URL=http://0.0.0.0:8081 bash scripts/run.sh  the whole address to listen on (wins over MI_PORT)
#   MI_REPLICA=1 bash scripts/run.sh                    also a streaming replica, given to the app as ConnectionStrings__Replica
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
source scripts/lib/common.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

mi_ensure_packages fonts-noto-cjk
# Outside any home directory, so the server's user reaches it when we run as root.
state=${MI_STATE_DIR:-/var/tmp/medicalinsurance-$(id -un)}
mkdir -p "$state" && chmod 755 "$state"
pgdata="$state/pgdata"
replica_data="$state/replica/pgdata"
# A replica promoted after the primary was lost is the primary now: the old one must not start and take writes beside it.
if [ -s "$replica_data/PG_VERSION" ] && [ ! -e "$replica_data/standby.signal" ]; then
  mi_log "the replica in $replica_data was promoted: it is the primary now. Put it in the place of $pgdata" \
    "(README, \"Read replica and failover\") before starting again."
  exit 1
fi
port=$(mi_pg_start "$pgdata")
# The app's address: MI_APP_URL, else MI_PORT, else the port of the last run when it is free, else 5080, else any.
if [ -n "${MI_APP_URL:-}" ]; then
  app_url=$MI_APP_URL
else
  app_port=${MI_PORT:-$(cat "$state/app.port" 2>/dev/null || echo 5080)}
  if [ -z "${MI_PORT:-}" ] && ! mi_port_free "$app_port"; then
    mi_port_free 5080 && app_port=5080 || app_port=$(mi_free_port)
  fi
  echo "$app_port" > "$state/app.port"
  app_url=http://127.0.0.1:$app_port
fi
app_pid=""
replica_port=""
stop_all() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  mi_log "stopping PostgreSQL"
  [ -z "$replica_port" ] || mi_pg_stop "$replica_data"
  mi_pg_stop "$pgdata"
}
trap stop_all EXIT
trap 'exit 130' INT TERM
mi_log "PostgreSQL on 127.0.0.1:$port (data in $pgdata)"
if [ "${MI_REPLICA:-}" = 1 ]; then
  replica_port=$(mi_pg_start_replica "$pgdata" "$port" "$replica_data")
  mi_log "its streaming replica on 127.0.0.1:$replica_port (data in $replica_data)"
fi
db=medicalinsurance
[ "$(mi_psql "$pgdata" "$port" postgres "select 1 from pg_database where datname='$db'")" = 1 ] || mi_psql "$pgdata" "$port" postgres "create database $db"
owner=$(mi_connection_string "$port" "$db" postgres "$(mi_secret "$(mi_pg_password_file "$pgdata")")")
# The application role's password: generated once, kept beside the superuser's; migrate sets it every start.
app_password=$(mi_secret "$state/medins_app.password")

mi_log "building"
dotnet build src/MedicalInsurance.Cli -c Release -v q -nologo >/dev/null
medins() { ConnectionStrings__Default=$owner MI_APP_ROLE_PASSWORD=$app_password dotnet src/MedicalInsurance.Cli/bin/Release/net10.0/medins.dll "$@"; }
migrate_status=0
medins migrate || migrate_status=$?
if [ "$migrate_status" -eq 3 ]; then
  # Made before the migrations were squashed into one (no release had happened): recreated, with a fresh demo.
  mi_log "the database $db predates the current schema: recreating it (its demo data goes with it)"
  mi_psql "$pgdata" "$port" postgres "drop database $db with (force)" >/dev/null
  mi_psql "$pgdata" "$port" postgres "create database $db" >/dev/null
  medins migrate
elif [ "$migrate_status" -ne 0 ]; then
  exit "$migrate_status"
fi
# Stored results follow the engine, the policy parameters and the year: after an upgrade every file is recomputed here.
medins recompute
# The first start seeds a demo population of several counties; later starts keep whatever the file holds.
if [ "$(mi_psql "$pgdata" "$port" "$db" "select exists (select 1 from persons)")" = f ]; then
  mi_log "seeding the demo population (first start)"
  medins seed --demo --persons "${MI_DEMO_PERSONS:-20000}" --seed 1
fi
demo_users=$(medins users demo)
# The app connects as the application role, which may not change the audit.
export ConnectionStrings__Default
ConnectionStrings__Default=$(mi_connection_string "$port" "$db" medins_app "$app_password")
if [ -n "$replica_port" ]; then
  # Read-only, as the same role: the schema, the role and its password reach the replica with the WAL it has replayed.
  mi_pg_wait_replay "$pgdata" "$port" "$replica_data" "$replica_port" 600
  export ConnectionStrings__Replica
  ConnectionStrings__Replica=$(mi_connection_string "$replica_port" "$db" medins_app "$app_password")
fi
# Served from publish output: the framework's and MudBlazor's static files need the published manifest.
dotnet publish src/MedicalInsurance.Web -c Release -o "$repo/.run/web" -v q -nologo >/dev/null

mi_log "demo users (passwords are new at every start):"
printf '%s\n' "$demo_users" >&2
mi_log "serving $app_url — Ctrl+C to stop"
cd "$repo/.run/web"
dotnet MedicalInsurance.Web.dll --urls "$app_url" &
app_pid=$!
wait "$app_pid"
