#!/usr/bin/env bash
# The whole test suite: lint, types, layers, migrations, OpenAPI drift, then pytest on
# SQLite and on PostgreSQL. Under CI=true a missing PostgreSQL or Chromium is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
export MOTCUA_ENVIRONMENT=test PYTHONDONTWRITEBYTECODE=1
# Tests never write to the developer's own database folder.
MOTCUA_VAR_DIR=$(mktemp -d /tmp/motcua-test.XXXXXX)
export MOTCUA_VAR_DIR
cleanup() {
  rm -rf "$MOTCUA_VAR_DIR"
  # Stop the throwaway cluster scripts/postgres.sh may have started under var/pg.
  if [ -f var/pg/postmaster.pid ]; then
    pg_ctl=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/pg_ctl
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_ctl" -D var/pg stop -m fast >/dev/null
    else "$pg_ctl" -D var/pg stop -m fast >/dev/null; fi
  fi
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

step "ruff"
$bin/ruff check src tests bench
$bin/ruff format --check src tests bench
step "mypy (src/)"
$bin/mypy
step "import-linter (layer order of DESIGN.md)"
$bin/lint-imports
step "migrations are complete"
$bin/motcua makemigrations --check --dry-run
step "OpenAPI schema matches docs/api/openapi-v1.json"
$bin/motcua openapi_check

step "pytest on SQLite"
MOTCUA_DATABASE_URL="sqlite:///$MOTCUA_VAR_DIR/test.sqlite3" $bin/pytest -q "$@"

step "pytest on PostgreSQL"
if pg_url=$(scripts/postgres.sh); then
  MOTCUA_DATABASE_URL="$pg_url" $bin/pytest -q "$@"
else
  echo "!!! PostgreSQL is not available: the PostgreSQL run of the test suite DID NOT RUN." >&2
  echo "!!! Start PostgreSQL on 127.0.0.1:5432 or install postgresql (initdb/pg_ctl)." >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi
