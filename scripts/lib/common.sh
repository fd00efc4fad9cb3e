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
    mi_pg_run "$bin/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c log_error_verbosity=terse ${MI_PG_OPTIONS:-}" start >/dev/null || {
      mi_log "PostgreSQL did not start; its log:"; tail -20 "$data/server.log" >&2; return 1; }
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

# mi_pg_stop DATADIR
mi_pg_stop() {
  local data=$1 bin
  bin=$(mi_pg_bindir) || return 0
  [ -s "$data/PG_VERSION" ] && mi_pg_run "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
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
