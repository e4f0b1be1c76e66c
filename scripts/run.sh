#!/usr/bin/env bash
# `make run`: install, start a private PostgreSQL (data under var/) and Redis, migrate, and start
# every process of the product with a demo seller connected to the sandbox Amazon.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv
mkdir -p var
export VAR_DIR="$ROOT/var"

RUN_DIR="$(mktemp -d /tmp/feedbackhub-run.XXXXXX)"
cleanup() { stop_postgres; stop_redis; rm -rf "$RUN_DIR"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The same database as production: a private PostgreSQL whose data stays in var/postgres, so a
# second `make run` keeps the demo's state.
if [ -z "${DATABASE_URL:-}" ]; then
  ensure_postgres_installed
  PG_SHARED_BUFFERS="${PG_SHARED_BUFFERS:-256MB}" start_postgres "$VAR_DIR" durable
fi
if [ -z "${REDIS_URL:-}" ]; then
  ensure_redis_installed
  start_redis "$RUN_DIR"
fi

SANDBOX_PORT="${SANDBOX_PORT:-8999}"
SANDBOX_URL="http://127.0.0.1:$SANDBOX_PORT"
# Development talks to the sandbox Amazon unless told otherwise.
export SPAPI_ENDPOINT_OVERRIDE="${SPAPI_ENDPOINT_OVERRIDE-$SANDBOX_URL}"
export LWA_TOKEN_URL_OVERRIDE="${LWA_TOKEN_URL_OVERRIDE-$SANDBOX_URL/auth/o2/token}"
export SYNC_REPORT_POLL_SECONDS="${SYNC_REPORT_POLL_SECONDS:-3}"
export OUTBOX_PUMPS="${OUTBOX_PUMPS:-1}"

"$PY" manage.py migrate --noinput
log "dashboard: http://127.0.0.1:8000   sandbox Amazon: $SANDBOX_URL   (Ctrl-C stops everything)"
# The demo seller's history is lived (the first time: five weeks in seconds, through the sync, the
# planner and the outbox against the sandbox) before the workers start: they must not send meanwhile.
"$PY" scripts/supervise.py \
  "sandbox=$PY manage.py run_sandbox_spapi --port $SANDBOX_PORT --sellers 3 --orders 300 --optout-share 0.15 --notice-smtp 127.0.0.1:${INBOUND_SMTP_PORT:-2525}" \
  "web=$PY manage.py runserver 127.0.0.1:8000 --noreload" \
  --after "$SANDBOX_URL/_sandbox/sellers" "$PY manage.py seed_demo --sandbox $SANDBOX_URL" \
  "worker=$PY -m celery -A config worker --beat --loglevel INFO --concurrency 2" \
  "sender=$PY -m celery -A config worker -Q outbox --loglevel INFO --concurrency 1 -n sender@%h" \
  "inbound-smtp=$PY manage.py run_inbound_smtp --port ${INBOUND_SMTP_PORT:-2525}"
