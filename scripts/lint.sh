#!/usr/bin/env bash
# `make lint`: the style, the layers and the types, each checked by its tool; the first failure stops it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_venv test

log "ruff check"
"$VENV/bin/ruff" check .
log "ruff format --check"
"$VENV/bin/ruff" format --check .
log "import-linter (the layers in pyproject.toml)"
"$VENV/bin/lint-imports"
log "mypy (the product apps, with django-stubs)"
DJANGO_ENV=development "$VENV/bin/mypy"
