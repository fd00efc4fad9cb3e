# Shared by run.sh and test.sh: packages, a local PostgreSQL cluster from the Debian binaries, free ports.
# Sourced, not executed. Works as root (the server then runs as the "postgres" user) or as an ordinary user.

mi_log() { printf '[medins] %s\n' "$*" >&2; }

mi_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else mi_log "need root to run: $* (install it, or run as root)"; return 1
  fi
}

# mi_ensure_packages PKG...: installs the Debian packages that are not installed yet.
mi_ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  mi_log "installing ${missing[*]}"
  mi_as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive mi_as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# mi_pg_bindir: prints the directory of initdb/pg_ctl, installing PostgreSQL when there is none.
mi_pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return 0; fi
  mi_ensure_packages postgresql >&2 || return 1
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  mi_log "PostgreSQL binaries not found after install"; return 1
}

# The server refuses to run as root: as root it runs as the "postgres" user that the Debian package creates.
mi_pg_user() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }
mi_pg_run() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mi_port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# mi_free_port: a free loopback TCP port, starting from a random one.
mi_free_port() {
  local p=$(( 20000 + RANDOM % 30000 )) i
  for i in $(seq 1 200); do
    mi_port_free "$p" && { echo "$p"; return 0; }
    p=$(( p + 1 ))
  done
  mi_log "no free port found"; return 1
}

# mi_secret FILE: prints the secret kept in FILE, generating it first (mode 0600) when absent. Hex, so it needs no
# quoting in a connection string, a shell or SQL.
mi_secret() {
  local file=$1
  if [ ! -s "$file" ]; then
    ( umask 077
      { openssl rand -hex 24 2>/dev/null || { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; echo; }; } > "$file.tmp"
      mv "$file.tmp" "$file" )
  fi
  chmod 600 "$file"
  tr -d '\n' < "$file"
}

# A cluster's state lives beside its data directory: the superuser's password and the port it last listened on.
mi_pg_password_file() { echo "$(dirname "$1")/postgres.password"; }
mi_pg_port_file() { echo "$(dirname "$1")/postgres.port"; }

# Passwords on every connection, TCP on loopback only: the same rules as the containers (Testcontainers, compose).
mi_pg_write_hba() {
  printf '%s\n' '# Written by scripts/lib/common.sh: passwords (scram-sha-256) for everyone, loopback only.' \
    'local all all scram-sha-256' \
    'host  all all 127.0.0.1/32 scram-sha-256' > "$1/pg_hba.conf"
}

# mi_pg_trusting DATADIR: true when the cluster's pg_hba.conf still lets anyone in without a password (made by an
# older version of these scripts with initdb -A trust).
mi_pg_trusting() { grep -Eq '^[[:space:]]*[^#[:space:]].*[[:space:]]trust([[:space:]]|$)' "$1/pg_hba.conf"; }

# mi_pg_start DATADIR: creates the cluster when absent (scram-sha-256, superuser "postgres" with a generated password
# kept in mi_pg_password_file), starts it on loopback unless it already runs — on the port it used last time when that
# port is free — and prints the port. Errors are logged tersely: a unique violation's DETAIL line quotes the key, a
# resident's ID number. A cluster made with trust is given the password and the rules first.
# The data directory and all its parents must be reachable by the server's user.
mi_pg_start() {
  local data=$1 bin port user password pwfile portfile
  bin=$(mi_pg_bindir) || return 1
  user=$(mi_pg_user)
  mkdir -p "$(dirname "$data")"
  password=$(mi_secret "$(mi_pg_password_file "$data")") || return 1
  portfile=$(mi_pg_port_file "$data")
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown "$user" "$data"
    chmod 700 "$data"
    mi_log "creating a PostgreSQL cluster in $data"
    # initdb runs as the server's user, which cannot read root's 0600 file: a copy it owns, removed at once.
    pwfile="$(dirname "$data")/.initdb-password.$$"
    ( umask 077; printf '%s\n' "$password" > "$pwfile" )
    [ "$(id -u)" -eq 0 ] && chown "$user" "$pwfile"
    mi_pg_run "$bin/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
      -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    local status=$?
    rm -f "$pwfile"
    [ "$status" -eq 0 ] || return 1
    mi_pg_write_hba "$data"
  fi
  if mi_pg_run "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    port=$(sed -n 4p "$data/postmaster.pid")
  else
    port=$(cat "$portfile" 2>/dev/null || true)
    if [ -z "$port" ] || ! mi_port_free "$port"; then port=$(mi_free_port) || return 1; fi
    # A free port can be taken by another server starting at the same moment (parallel test runs): then another port.
    local attempt
    for attempt in 1 2 3; do
      mi_pg_run "$bin/pg_ctl" -D "$data" -w -t 120 -l "$data/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c log_error_verbosity=terse ${MI_PG_OPTIONS:-}" start >/dev/null && break
      if [ "$attempt" -lt 3 ] && tail -5 "$data/server.log" | grep -q 'could not bind\|Address already in use\|could not create any TCP/IP sockets'; then
        mi_log "port $port was taken meanwhile: trying another"; port=$(mi_free_port) || return 1; continue
      fi
      mi_log "PostgreSQL did not start; its log:"; tail -20 "$data/server.log" >&2; return 1
    done
  fi
  echo "$port" > "$portfile"
  if mi_pg_trusting "$data"; then
    # Still trusting, so this connects without a password: set it, then require it.
    mi_log "the cluster in $data accepted anyone without a password: setting the superuser's password, requiring scram-sha-256"
    "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
      -c "set password_encryption = 'scram-sha-256'" -c "alter role postgres password '$password'" >/dev/null || return 1
    mi_pg_write_hba "$data"
    mi_pg_run "$bin/pg_ctl" -D "$data" reload >/dev/null || return 1
  fi
  echo "$port"
}

# mi_pg_stop DATADIR [MODE]: fast unless told (immediate: the processes quit at once, no checkpoint and no last word to
# the standbys — a primary lost, for the tests of failover).
mi_pg_stop() {
  local data=$1 mode=${2:-fast} bin
  bin=$(mi_pg_bindir) || return 0
  [ -s "$data/PG_VERSION" ] && mi_pg_run "$bin/pg_ctl" -D "$data" -m "$mode" -w stop >/dev/null 2>&1 || true
}

# mi_psql DATADIR PORT DB SQL: as the superuser, with its password (given to psql alone: never exported, so no other
# program connects with it by accident).
mi_psql() {
  local bin; bin=$(mi_pg_bindir) || return 1
  PGPASSWORD=$(mi_secret "$(mi_pg_password_file "$1")") \
    "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$2" -U postgres -d "$3" -tAc "$4"
}

# mi_connection_string PORT DB USER PASSWORD
mi_connection_string() { echo "Host=127.0.0.1;Port=$1;Username=$3;Password=$4;Database=$2"; }

# mi_pg_reload DATADIR PORT: reloads the configuration files and waits until new sessions see them (pg_ctl reload only
# signals the server).
mi_pg_reload() {
  local bin before i
  bin=$(mi_pg_bindir) || return 1
  before=$(mi_psql "$1" "$2" postgres "select pg_conf_load_time()") || return 1
  mi_pg_run "$bin/pg_ctl" -D "$1" reload >/dev/null || return 1
  for i in $(seq 1 100); do
    [ "$(mi_psql "$1" "$2" postgres "select pg_conf_load_time() > '$before'")" = t ] && return 0
    sleep 0.1
  done
  mi_log "the server in $1 did not reload its configuration"; return 1
}

# Streaming replication: PostgreSQL's own physical replication. A standby made by pg_basebackup replays the primary's WAL
# as it is written and answers read-only queries (hot standby) until it is promoted. It connects as a role with
# REPLICATION whose password (mi_secret, beside the primary) it reads from a passfile beside itself, owned by the server's
# user (libpq ignores a passfile others can read); a physical replication slot on the primary keeps the WAL it still needs.
MI_REPLICATION_ROLE=medins_replicator
mi_pg_replication_password_file() { echo "$(dirname "$1")/replicator.password"; }   # PRIMARY_DATADIR
mi_pg_replica_passfile() { echo "$(dirname "$1")/replicator.pgpass"; }              # REPLICA_DATADIR

# mi_pg_primary_port REPLICA_DATADIR: the port of the primary the standby follows, from its primary_conninfo.
mi_pg_primary_port() {
  sed -n "s/^primary_conninfo = .*[' ]port=\([0-9]*\).*/\1/p" "$1/postgresql.auto.conf" 2>/dev/null | tail -1
}

# mi_pg_start_replica PRIMARY_DATADIR PRIMARY_PORT REPLICA_DATADIR [SLOT]: starts a streaming standby of the running
# cluster in PRIMARY_DATADIR (made by mi_pg_start) from REPLICA_DATADIR, making it first when that holds no cluster, on
# loopback on its own port (kept across restarts like the primary's), and prints the port. REPLICA_DATADIR needs a folder
# of its own: its port and password files sit beside it. On the primary, every time: the replication role and its
# password, a `host replication` rule on loopback, the slot SLOT (default medins_replica), and — where the primary sets
# none — a cap on the WAL a slot may hold back (max_slot_wal_keep_size = MI_REPLICA_MAX_WAL, default 8GB), so that a
# standby left stopped cannot fill the primary's disk; a standby whose slot went past it (or is gone) is made again, as it
# holds only a copy. Refuses a REPLICA_DATADIR that is no standby (promoted: a primary now) or a copy of another cluster.
mi_pg_start_replica() {
  local primary=$1 primary_port=$2 data=$3 slot=${4:-medins_replica} bin user password passfile slot_status
  bin=$(mi_pg_bindir) || return 1
  user=$(mi_pg_user)
  if [ "$(cd "$(dirname "$data")" 2>/dev/null && pwd)" = "$(cd "$(dirname "$primary")" && pwd)" ]; then
    mi_log "the replica $data needs a folder apart from the primary's: their port and password files sit beside them"; return 1
  fi
  if [ -s "$data/PG_VERSION" ] && [ ! -e "$data/standby.signal" ]; then
    mi_log "$data holds a cluster that is not a standby (promoted?): not starting it as a replica of $primary"; return 1
  fi
  [ "$(mi_psql "$primary" "$primary_port" postgres "select current_setting('wal_level') in ('replica', 'logical')
      and current_setting('max_wal_senders')::int > 0 and current_setting('max_replication_slots')::int > 0
      and current_setting('hot_standby')::bool")" = t ] || {
    mi_log "the primary in $primary does not allow a streaming replica: it needs wal_level = replica, max_wal_senders and" \
      "max_replication_slots above 0 and hot_standby = on (PostgreSQL 15's defaults; wal_level needs a restart)"; return 1; }
  password=$(mi_secret "$(mi_pg_replication_password_file "$primary")") || return 1
  mi_psql "$primary" "$primary_port" postgres "do \$\$ begin create role $MI_REPLICATION_ROLE replication login;
      exception when duplicate_object then null; end \$\$;
    alter role $MI_REPLICATION_ROLE replication login password '$password'" >/dev/null || return 1
  local reload=
  if ! grep -Eq "^host[[:space:]]+replication[[:space:]]+$MI_REPLICATION_ROLE[[:space:]]+127\.0\.0\.1/32[[:space:]]" "$primary/pg_hba.conf"; then
    printf 'host  replication %s 127.0.0.1/32 scram-sha-256\n' "$MI_REPLICATION_ROLE" >> "$primary/pg_hba.conf"
    reload=1
  fi
  if [ "$(mi_psql "$primary" "$primary_port" postgres "show max_slot_wal_keep_size")" = -1 ]; then
    mi_psql "$primary" "$primary_port" postgres "alter system set max_slot_wal_keep_size = '${MI_REPLICA_MAX_WAL:-8GB}'" >/dev/null || return 1
    reload=1
  fi
  [ -z "$reload" ] || mi_pg_reload "$primary" "$primary_port" || return 1

  if [ -s "$data/PG_VERSION" ]; then
    if [ "$(mi_pg_run "$bin/pg_controldata" -D "$data" | sed -n 's/^Database system identifier: *//p')" != \
         "$(mi_psql "$primary" "$primary_port" postgres "select system_identifier from pg_control_system()")" ]; then
      mi_log "$data is a copy of another cluster than $primary: remove it to make a new replica"; return 1
    fi
    slot_status=$(mi_psql "$primary" "$primary_port" postgres \
      "select coalesce((select wal_status from pg_replication_slots where slot_name = '$slot'), 'none')") || return 1
    if [ "$slot_status" = none ] || [ "$slot_status" = lost ]; then
      mi_log "the replica in $data has lost the WAL it needs (slot $slot: $slot_status): making it again"
      mi_pg_stop "$data"; rm -rf "$data"
    fi
  fi
  mkdir -p "$(dirname "$data")"
  passfile=$(mi_pg_replica_passfile "$data")
  ( umask 077; printf '127.0.0.1:*:*:%s:%s\n' "$MI_REPLICATION_ROLE" "$password" > "$passfile" )
  [ "$(id -u)" -eq 0 ] && chown "$user" "$passfile"
  if [ ! -s "$data/PG_VERSION" ]; then
    # A slot left by an earlier standby goes: the new one reserves the WAL from now on.
    mi_psql "$primary" "$primary_port" postgres "select pg_drop_replication_slot(slot_name) from pg_replication_slots
      where slot_name = '$slot' and not active; select pg_create_physical_replication_slot('$slot', true)" >/dev/null || return 1
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown "$user" "$data"
    chmod 700 "$data"
    mi_log "making a streaming replica of $primary in $data"
    # -R writes standby.signal and primary_conninfo (with the passfile, not the password) and primary_slot_name. Its
    # output is shown only on failure: it warns about every socket in the data directory (-k puts them there).
    local output
    output=$(mi_pg_run "$bin/pg_basebackup" -D "$data" -R -X stream -S "$slot" -c fast \
      -d "host=127.0.0.1 port=$primary_port user=$MI_REPLICATION_ROLE passfile=$passfile application_name=$slot" 2>&1) || {
      mi_log "pg_basebackup failed: $output"; rm -rf "$data"; return 1; }
  fi
  # The superuser and its password are the primary's: the standby's catalogs are a copy.
  ( umask 077; cp "$(mi_pg_password_file "$primary")" "$(mi_pg_password_file "$data")" )
  if [ "$(mi_pg_primary_port "$data")" != "$primary_port" ]; then
    # The primary took another port (its own was taken): follow it there.
    mi_pg_run sed -i "/^primary_conninfo = /s/\([' ]port=\)[0-9]*/\1$primary_port/" "$data/postgresql.auto.conf" || return 1
    mi_pg_run "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 && { mi_pg_run "$bin/pg_ctl" -D "$data" reload >/dev/null || return 1; }
  fi
  mi_pg_start "$data"
}

# mi_pg_wait_replay PRIMARY_DATADIR PRIMARY_PORT REPLICA_DATADIR REPLICA_PORT [SECONDS]: waits (default 60 s) until the
# standby has replayed the primary's WAL up to where the primary had written it when called (pg_current_wal_lsn): every
# commit that had returned is then visible on the standby — with synchronous_commit on; a commit made with it off may
# not be written yet.
mi_pg_wait_replay() {
  local lsn deadline
  lsn=$(mi_psql "$1" "$2" postgres "select pg_current_wal_lsn()") || return 1
  deadline=$(( SECONDS + ${5:-60} ))
  until [ "$(mi_psql "$3" "$4" postgres "select coalesce(pg_last_wal_replay_lsn() >= '$lsn', false)" 2>/dev/null)" = t ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      mi_log "the replica on port $4 has not replayed up to $lsn within ${5:-60} s (its log: $3/server.log)"; return 1
    fi
    sleep 0.1
  done
}

# mi_pg_promote REPLICA_DATADIR [SECONDS]: promotes the standby to a primary (started first when stopped: promotion
# needs a running server), waits (default 60 s) until it accepts writes and prints its port. It keeps what it had
# replayed; whatever the lost primary committed after that is not there (asynchronous replication).
mi_pg_promote() {
  local data=$1 timeout=${2:-60} bin port deadline
  bin=$(mi_pg_bindir) || return 1
  [ -e "$data/standby.signal" ] || { mi_log "$data is not a standby: nothing to promote"; return 1; }
  port=$(mi_pg_start "$data") || return 1
  mi_pg_run "$bin/pg_ctl" -D "$data" -w -t "$timeout" promote >/dev/null || { mi_log "pg_ctl promote failed (its log: $data/server.log)"; return 1; }
  deadline=$(( SECONDS + timeout ))
  # A transaction ID is assigned only where writes are allowed: out of recovery, read-write.
  until [ "$(mi_psql "$data" "$port" postgres "select pg_current_xact_id() is not null and not pg_is_in_recovery()" 2>/dev/null)" = t ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then mi_log "the promoted server on port $port does not accept writes"; return 1; fi
    sleep 0.1
  done
  echo "$port"
}
