#!/usr/bin/env bash
# Promotes a streaming replica to the primary after the primary is lost: waits until it accepts writes, prints its port
# on standard output and, on standard error, the connection string to give the app and what to do next.
# Usage: bash scripts/promote-replica.sh [--force] [REPLICA_DATADIR]
#   REPLICA_DATADIR  the standby's data directory; by default the replica of scripts/run.sh (MI_REPLICA=1), in
#                    $MI_STATE_DIR/replica/pgdata (state folder /var/tmp/medicalinsurance-$USER unless MI_STATE_DIR)
#   --force          promote although the primary still answers: two primaries would then take writes, so only once the
#                    old one is fenced off for good
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$repo/scripts/lib/common.sh"

force=
data=
for a in "$@"; do
  case $a in
    --force) force=1 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) mi_log "promote-replica: unknown option $a (--help)"; exit 2 ;;
    *) [ -z "$data" ] || { mi_log "promote-replica: one data directory only (--help)"; exit 2; }; data=$a ;;
  esac
done
state=${MI_STATE_DIR:-/var/tmp/medicalinsurance-$(id -un)}
data=${data:-$state/replica/pgdata}

[ -s "$data/PG_VERSION" ] || { mi_log "promote-replica: no cluster in $data"; exit 1; }
[ -e "$data/standby.signal" ] || { mi_log "promote-replica: $data is not a standby (promoted already?)"; exit 1; }
bin=$(mi_pg_bindir)

# Never two primaries: a primary that still answers (even while starting or stopping) is not lost.
primary_port=$(mi_pg_primary_port "$data")
if [ -n "$primary_port" ]; then
  ready=0; "$bin/pg_isready" -q -h 127.0.0.1 -p "$primary_port" -t 3 || ready=$?
  if [ "$ready" -le 1 ] && [ -z "$force" ]; then
    mi_log "promote-replica: the primary still answers on 127.0.0.1:$primary_port; promoting now would make two primaries." \
      "Stop it for good first (or, once it is fenced off, --force)."
    exit 1
  fi
fi

# What the standby holds: anything the lost primary committed after its last replayed transaction is not there.
port=$(mi_pg_start "$data")
mi_log "the replica has received WAL up to $(mi_psql "$data" "$port" postgres "select coalesce(pg_last_wal_receive_lsn()::text, 'nothing streamed')")," \
  "replayed up to $(mi_psql "$data" "$port" postgres "select pg_last_wal_replay_lsn()"), its last replayed transaction" \
  "committed at $(mi_psql "$data" "$port" postgres "select coalesce(pg_last_xact_replay_timestamp()::text, 'unknown')")"
port=$(mi_pg_promote "$data")
echo "$port"

app_password_file="$state/medins_app.password"
[ -s "$app_password_file" ] || app_password_file="FILE-WITH-THE-PASSWORD-OF-medins_app"
as_server=; [ "$(id -u)" -eq 0 ] && as_server="runuser -u $(mi_pg_user) -- "
cat >&2 <<EOF
[medins] promoted: the server in $data is the primary now, on 127.0.0.1:$port, and accepts writes.
[medins] next:
  1. Point the app at it (the roles and passwords are the old primary's):
       export ConnectionStrings__Default="Host=127.0.0.1;Port=$port;Username=medins_app;Password=\$(cat $app_password_file);Database=medicalinsurance"
     and drop ConnectionStrings__Replica until a new replica runs: reads go to the primary.
  2. Keep the lost primary down: started again it would take writes beside this one, and it may hold transactions this
     one never received. Move its data directory aside; never start it as a primary or a replica as it is.
EOF
if [ "$data" -ef "$state/replica/pgdata" ]; then
  cat >&2 <<EOF
  3. Make a new replica. With scripts/run.sh: stop it (Ctrl+C) and this server if it still runs
       (${as_server}$bin/pg_ctl -D $data stop), put the promoted cluster in the primary's place
       mv $state/pgdata $state/pgdata.lost && mv $state/replica/pgdata $state/pgdata
     and start again with MI_REPLICA=1 bash scripts/run.sh, which makes a new replica in $state/replica.
EOF
else
  cat >&2 <<EOF
  3. Make a new replica of this primary: mi_pg_start_replica in scripts/lib/common.sh, given this data directory and port.
EOF
fi
