#!/usr/bin/env bash
# `make test`: install what the suite needs, start private PostgreSQL and Redis, run pytest.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_postgres_installed
ensure_redis_installed
ensure_chromium_installed
ensure_venv test

WORK="$(mktemp -d /tmp/feedbackhub-test.XXXXXX)"
cleanup() { stop_postgres; stop_redis; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

start_postgres "$WORK"
start_redis "$WORK"
# The outbox's fault tests restart both servers mid-run.
export TEST_PG_DATA="$PG_DIR/data" TEST_PG_CTL="$(postgres_bin)/pg_ctl" TEST_PG_RUNNER="${PG_RUNNER[*]}"
export TEST_REDIS_DIR="$REDIS_DIR"
export VAR_DIR="$WORK/var" MAILBOX_DIR="$WORK/var/mailbox" DJANGO_ENV=development
export CHROMIUM_PATH=/usr/bin/chromium TEST_ARTIFACTS_DIR="${TEST_ARTIFACTS_DIR:-$ROOT/var/test-artifacts}"

"$PY" -m pytest "$@"
