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
export VAR_DIR="$WORK/var" MAILBOX_DIR="$WORK/var/mailbox" DJANGO_ENV=development
export CHROMIUM_PATH=/usr/bin/chromium TEST_ARTIFACTS_DIR="${TEST_ARTIFACTS_DIR:-$ROOT/var/test-artifacts}"

"$PY" -m pytest "$@"
