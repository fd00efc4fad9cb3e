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

# mi_pg_start DATADIR: creates the cluster when absent, starts it on a free loopback port unless it already runs,
# and prints the port. The data directory and all its parents must be reachable by the server's user.
mi_pg_start() {
  local data=$1 bin port user
  bin=$(mi_pg_bindir) || return 1
  user=$(mi_pg_user)
  if [ ! -s "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown "$user" "$data"
    chmod 700 "$data"
    mi_log "creating a PostgreSQL cluster in $data"
    mi_pg_run "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null || return 1
  fi
  if mi_pg_run "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    sed -n 4p "$data/postmaster.pid"
    return 0
  fi
  port=$(mi_free_port) || return 1
  mi_pg_run "$bin/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=200 ${MI_PG_OPTIONS:-}" start >/dev/null || {
    mi_log "PostgreSQL did not start; its log:"; tail -20 "$data/server.log" >&2; return 1; }
  echo "$port"
}

# mi_pg_stop DATADIR
mi_pg_stop() {
  local data=$1 bin
  bin=$(mi_pg_bindir) || return 0
  [ -s "$data/PG_VERSION" ] && mi_pg_run "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# mi_psql PORT DB SQL
mi_psql() {
  local bin; bin=$(mi_pg_bindir) || return 1
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U postgres -d "$2" -tAc "$3"
}

mi_connection_string() { echo "Host=127.0.0.1;Port=$1;Username=${3:-postgres};Database=$2"; }
