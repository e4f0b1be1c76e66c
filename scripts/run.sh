#!/usr/bin/env bash
# `make run`: install, migrate, seed the demo seller, and start every process of the product.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv
mkdir -p var
export VAR_DIR="$ROOT/var"

RUN_DIR="$(mktemp -d /tmp/feedbackhub-run.XXXXXX)"
cleanup() { stop_redis; rm -rf "$RUN_DIR"; }
trap cleanup EXIT

if [ -z "${REDIS_URL:-}" ]; then
  ensure_redis_installed
  start_redis "$RUN_DIR"
fi

"$PY" manage.py migrate --noinput
"$PY" manage.py seed_demo
log "dashboard: http://127.0.0.1:8000   (Ctrl-C stops everything)"
"$PY" scripts/supervise.py
