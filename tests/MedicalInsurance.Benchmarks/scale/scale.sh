#!/usr/bin/env bash
# scale.sh DATADIR DATABASE PART...: issue 16's measurements against a database seeded with `medins seed --demo`, on a
# cluster made by scripts/lib/common.sh (mi_pg_start DATADIR). Each PART prints its figures; docs/benchmarks.md
# ("Ten million files") says what was measured and how to read it. Run from the repository root after
# `dotnet build MedicalInsurance.sln -c Release`. The load average is printed before and after each part.
#
#   sizes       rows and bytes per table, and per million files
#   pgbench     the file's three statements by key and by ID number, and one indexed look-up, 8 clients, 20 s each
#   file-load   load a file and compute in process, 8 callers, 20 s, by key and by ID number
#   lists       the call list's and 排查名单's first page and size for 长安区 (130102)
#   browser     the published web app: a clerk's look-ups (first after start, then warm) and a supervisor's dashboards
#   api         the published web app in the Benchmark environment: wrk against POST /api/v1/calc and the bare endpoint
#               with the same request and pipeline (calc.lua), two alternating runs of 15 s each, 16 connections
#   yearend     medins yearend for this year (both cores)
#   recompute   medins recompute --force (every file, both cores)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$repo"
source scripts/lib/common.sh
data=$1 db=$2; shift 2
port=$(cat "$(mi_pg_port_file "$data")")
owner=$(mi_connection_string "$port" "$db" postgres "$(mi_secret "$(mi_pg_password_file "$data")")")
app_pw=$(mi_secret "$(dirname "$data")/medins_app.password")
app=$(mi_connection_string "$port" "$db" medins_app "$app_pw")
bench="dotnet tests/MedicalInsurance.Benchmarks/bin/Release/net10.0/MedicalInsurance.Benchmarks.dll"
medins() { ConnectionStrings__Default=$owner MI_APP_ROLE_PASSWORD=$app_pw dotnet src/MedicalInsurance.Cli/bin/Release/net10.0/medins.dll "$@"; }
sql() { mi_psql "$data" "$port" "$db" "$1"; }
load() { echo "[load average $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%H:%M:%S)]"; }
work=$(dirname "$data")/scale
# The users' passwords and the API key made below are kept here, readable by this user only.
mkdir -p "$work" && chmod 700 "$work"
# wait_healthy PORT PID: until the web app answers /healthz with 200; gives up after 180 s or when the app has exited.
wait_healthy() {
  local i
  for i in $(seq 360); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/healthz")" = 200 ] && return 0
    kill -0 "$2" 2>/dev/null || { echo "the web app exited before it was healthy" >&2; return 1; }
    sleep 0.5
  done
  echo "the web app was not healthy after 180 s" >&2
  return 1
}

for part in "$@"; do
  echo "== $part"; load
  case $part in
    sizes)
      sql "select count(*) || ' persons' from persons"
      sql "select relname || ': ' || n_live_tup || ' rows, ' || pg_size_pretty(pg_total_relation_size(relid)) || ' (' ||
                  round(pg_total_relation_size(relid) / greatest((select count(*) from persons), 1)::numeric * 1000000 / 1024 / 1024 / 1024, 2) || ' GB per million files)'
           from pg_stat_user_tables where pg_total_relation_size(relid) > 10 * 1024 * 1024 order by pg_total_relation_size(relid) desc"
      sql "select 'database: ' || pg_size_pretty(pg_database_size(current_database())) || ', ' ||
                  round(pg_database_size(current_database()) / greatest((select count(*) from persons), 1)::numeric * 1000000 / 1024 / 1024 / 1024, 2) || ' GB per million files'"
      ;;
    pgbench)
      sql "create table if not exists bench_ids as select row_number() over () as n, id_number from (select id_number from persons order by random() limit 100000) s"
      sql "alter table bench_ids drop constraint if exists bench_ids_pkey; alter table bench_ids add primary key (n)"
      max_id=$(sql "select max(id) from persons")
      for script in coverage-by-key file-by-key file-by-id-number; do
        echo "-- pgbench $script"
        PGPASSWORD=$(mi_secret "$(mi_pg_password_file "$data")") "$(mi_pg_bindir)/pgbench" -h 127.0.0.1 -p "$port" -U postgres -n -M prepared \
          -c 8 -j 2 -T 20 -D max_id="$max_id" -f "tests/MedicalInsurance.Benchmarks/scale/$script.sql" "$db" 2>&1 | grep -E "^(tps|latency average|number of transactions actually|pgbench: error)" || true
      done
      ;;
    file-load)
      $bench file-load "$owner;Maximum Pool Size=50" 8 20
      $bench file-load-by-id "$owner;Maximum Pool Size=50" 8 20
      ;;
    lists)
      $bench call-list-page "$owner" 130102 3
      $bench uninsured-page "$owner" 130102 2
      ;;
    browser)
      [ -d "$work/web" ] || dotnet publish src/MedicalInsurance.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/web" -v q -nologo >/dev/null
      for user in "Clerk bench.scale.clerk 130102" "Supervisor bench.scale.sup 130000"; do
        set -- $user
        [ -s "$work/$2.password" ] || medins users add --role "$1" --name "$2" --scope "$3" | awk -v u="$2" '$1 == u { print $2 }' > "$work/$2.password"
      done
      web_port=$(mi_free_port)
      (cd "$work/web" && exec env ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Default="$app" dotnet MedicalInsurance.Web.dll --urls "http://127.0.0.1:$web_port" >"$work/web.log" 2>&1) &
      web=$!
      trap 'kill $web 2>/dev/null || true' EXIT
      started=$(date +%s%N)
      wait_healthy "$web_port" "$web"
      echo "/healthz 200 after $(( ($(date +%s%N) - started) / 1000000 )) ms"
      MI_CHROMIUM=${MI_CHROMIUM:-/usr/bin/chromium} $bench lookup-browser "http://127.0.0.1:$web_port" bench.scale.clerk "$(cat "$work/bench.scale.clerk.password")" "$owner" 30 "$web" || echo "(lookup-browser exited $?: a look-up over its 1 s target)"
      MI_CHROMIUM=${MI_CHROMIUM:-/usr/bin/chromium} $bench dashboard-browser "http://127.0.0.1:$web_port" bench.scale.sup "$(cat "$work/bench.scale.sup.password")" 10 || echo "(dashboard-browser exited $?)"
      kill $web; wait $web 2>/dev/null || true; trap - EXIT
      ;;
    api)
      command -v wrk >/dev/null || mi_ensure_packages wrk
      [ -d "$work/web" ] || dotnet publish src/MedicalInsurance.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/web" -v q -nologo >/dev/null
      [ -s "$work/api.key" ] || medins users apikey --name bench.scale.api --role Supervisor --scope 130000 | grep -v '^{' | tail -1 > "$work/api.key"
      web_port=$(mi_free_port)
      (cd "$work/web" && exec env ASPNETCORE_ENVIRONMENT=Benchmark ConnectionStrings__Default="$app" dotnet MedicalInsurance.Web.dll --urls "http://127.0.0.1:$web_port" >"$work/web-api.log" 2>&1) &
      web=$!
      trap 'kill $web 2>/dev/null || true' EXIT
      wait_healthy "$web_port" "$web"
      for run in 1 2; do
        for endpoint in bench/bare api/v1/calc; do
          echo "-- wrk $endpoint, run $run"
          MI_API_KEY=$(cat "$work/api.key") wrk -t1 -c16 -d15s --latency -s tests/MedicalInsurance.Benchmarks/scale/calc.lua "http://127.0.0.1:$web_port/$endpoint" |
            grep -E "Requests/sec|^ +(50|99)%|Non-2xx|Socket errors"
        done
      done
      kill $web; wait $web 2>/dev/null || true; trap - EXIT
      ;;
    yearend)
      /usr/bin/time -f "yearend: %e s wall, peak %M KiB" env ConnectionStrings__Default="$owner" MI_APP_ROLE_PASSWORD="$app_pw" \
        dotnet src/MedicalInsurance.Cli/bin/Release/net10.0/medins.dll yearend --year "$(date -u +%Y)" 2>&1 | grep -vE '^\{"@t"' | tail -5
      ;;
    recompute)
      /usr/bin/time -f "recompute: %e s wall, peak %M KiB" env ConnectionStrings__Default="$owner" MI_APP_ROLE_PASSWORD="$app_pw" \
        dotnet src/MedicalInsurance.Cli/bin/Release/net10.0/medins.dll recompute --force 2>&1 | grep -vE '^\{"@t"' | tail -5
      ;;
    *) echo "unknown part: $part" >&2; exit 2 ;;
  esac
  load
done
