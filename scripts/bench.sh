#!/usr/bin/env bash
# `make bench [BENCH=name]`: run one or every bench/ script against private PostgreSQL and Redis.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_postgres_installed
ensure_redis_installed
ensure_venv test

shopt -s nullglob
if [ -n "${1:-}" ]; then
  scripts=("bench/$1.py")
  [ -f "${scripts[0]}" ] || { echo "no benchmark named $1 (bench/$1.py)" >&2; exit 2; }
else
  scripts=(bench/*.py)
fi
if [ ${#scripts[@]} -eq 0 ]; then
  echo "no benchmarks yet in bench/" >&2
  exit 0
fi

WORK="$(mktemp -d /tmp/feedbackhub-bench.XXXXXX)"
cleanup() { stop_postgres; stop_redis; rm -rf "$WORK"; }
trap cleanup EXIT
start_postgres "$WORK"
start_redis "$WORK"
# bench/send_faults restarts both servers mid-run.
export TEST_PG_DATA="$PG_DIR/data" TEST_PG_CTL="$(postgres_bin)/pg_ctl" TEST_PG_RUNNER="${PG_RUNNER[*]}"
export TEST_REDIS_DIR="$REDIS_DIR"
export VAR_DIR="$WORK/var"

# Anything after the bench's name goes to its script (e.g. `bash scripts/bench.sh send_aggregate --senders 3`).
for script in "${scripts[@]}"; do
  "$PY" "$script" "${@:2}"
done
