# Shared helpers for `make run`, `make test` and `make bench`. Sourced, not executed.
# They install what is missing (Debian packages, the virtualenv) and start private servers on
# free loopback ports inside a temporary folder, never the machine's system services.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
_APT_UPDATED=0

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# ensure_debian_package PACKAGE TEST_COMMAND...: install PACKAGE when TEST_COMMAND fails.
ensure_debian_package() {
  local package="$1"; shift
  if "$@" >/dev/null 2>&1; then return 0; fi
  log "installing Debian package $package"
  if [ "$_APT_UPDATED" -eq 0 ]; then as_root apt-get update -q >/dev/null; _APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package" >/dev/null
}

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_postgres_installed() { ensure_debian_package postgresql test -x "$(postgres_bin)/initdb"; }
ensure_redis_installed() { ensure_debian_package redis-server command -v redis-server; }
ensure_chromium_installed() { ensure_debian_package chromium test -x /usr/bin/chromium; }

# ensure_venv EXTRAS: create .venv and install the project's dependencies when pyproject changed.
ensure_venv() {
  local extras="${1:-}" spec="." stamp
  [ -n "$extras" ] && spec=".[$extras]"
  if [ ! -x "$PY" ]; then
    log "creating the virtualenv in .venv"
    python3 -m venv "$VENV" || { ensure_debian_package python3-venv false; python3 -m venv "$VENV"; }
  fi
  stamp="$VENV/.installed-$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)-${extras:-base}"
  if [ ! -f "$stamp" ]; then
    log "installing Python dependencies ($spec)"
    "$PY" -m pip install -q --disable-pip-version-check --upgrade pip
    (cd "$ROOT" && "$PY" -m pip install -q --disable-pip-version-check "$spec")
    touch "$stamp"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_postgres DIR [durable]: a private cluster in DIR/postgres on a free port; sets DATABASE_URL
# and PG_DIR. A cluster already in DIR is started again with its data (make run keeps the demo's
# state under var/); "durable" keeps fsync on for such data, the throwaway clusters of tests and
# benches run without it.
start_postgres() {
  local dir="$1/postgres" durable="${2:-}" bin port runner=() speed
  bin="$(postgres_bin)"
  port="$(free_port)"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root; the Debian package creates the postgres user.
    chown -R postgres "$dir"
    chmod 755 "$1"
    runner=(runuser -u postgres --)
  fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    "${runner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ -n "$durable" ] && speed=""
  "${runner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $speed -c max_connections=200 -c shared_buffers=${PG_SHARED_BUFFERS:-1GB}" \
    start >/dev/null || { tail -n 20 "$dir/server.log" >&2; return 1; }
  PG_DIR="$dir"; PG_RUNNER=("${runner[@]}")
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/feedbackhub"
  if ! "${runner[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'feedbackhub'" postgres | grep -q 1; then
    "${runner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres feedbackhub
  fi
  log "PostgreSQL on 127.0.0.1:$port (data in $dir/data)"
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${PG_RUNNER[@]}" "$(postgres_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  PG_DIR=""
}

# start_redis DIR: a private redis-server on a free port; sets REDIS_URL.
start_redis() {
  local dir="$1/redis" port
  port="$(free_port)"
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  REDIS_DIR="$dir"
  export REDIS_URL="redis://127.0.0.1:$port/0"
  log "Redis on 127.0.0.1:$port"
}

stop_redis() {
  [ -n "${REDIS_DIR:-}" ] && [ -f "$REDIS_DIR/redis.pid" ] || return 0
  kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
  REDIS_DIR=""
}
