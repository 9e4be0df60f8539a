#!/usr/bin/env bash
# The whole suite: checks, lint, then pytest on SQLite and on PostgreSQL.
# Run through tests/with_services.sh, which provides TEST_POSTGRES_URL and REDIS_URL.
set -euo pipefail
: "${TEST_POSTGRES_URL:?run me through tests/with_services.sh}"

step() { printf '\n== %s\n' "$*"; }

step "Django system checks"
uv run python manage.py check --fail-level WARNING
SECRET_KEY="$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")" ALLOWED_HOSTS=news.example.org \
  SOCIAL_CREDENTIALS_KEY=Y2hlY2stZGVwbG95LW9ubHktc29jaWFsLWtleS0wMDA= \
  DJANGO_SETTINGS_MODULE=cms.settings.production \
  uv run python manage.py check --deploy --fail-level WARNING
step "Production stack definition (docker-compose config)"
# Varnish runs in the production-shape tests; docker-compose only parses the file (no engine here).
missing=()
command -v varnishd >/dev/null || missing+=(varnish)
command -v docker-compose >/dev/null || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
SECRET_KEY=compose-config-check SOCIAL_CREDENTIALS_KEY=compose-config-check docker-compose config -q
step "Migrations are up to date"
uv run python manage.py makemigrations --check --dry-run
step "Ruff"
uv run ruff check .
uv run ruff format --check .

run_pytest() {
  # pytest exits 5 when it collected nothing: that is a failure here, never a pass.
  set +e
  uv run pytest -p no:cacheprovider --durations=15 "$@"
  status=$?
  set -e
  if [ $status -eq 5 ]; then echo "pytest collected no tests: failing"; return 1; fi
  return $status
}

step "Local Bluesky PDS for the social tests"
bash tests/social/pds/install.sh

# The two database lanes run side by side (one per core), each on its own Redis database so
# that neither sees the other's cache entries or Celery tasks; their output follows in turn.
step "Tests on SQLite and on PostgreSQL, side by side"
logs=$(mktemp -d)
base_redis=${REDIS_URL%/*}
(
  export DATABASE_URL="sqlite:///$logs/test.sqlite3" REDIS_URL="$base_redis/1"
  run_pytest >"$logs/sqlite.log" 2>&1
) &
sqlite_pid=$!
(
  export DATABASE_URL="$TEST_POSTGRES_URL" REDIS_URL="$base_redis/2"
  run_pytest >"$logs/postgres.log" 2>&1
) &
postgres_pid=$!
sqlite_status=0 postgres_status=0
wait $sqlite_pid || sqlite_status=$?
wait $postgres_pid || postgres_status=$?
step "Tests on SQLite (exit $sqlite_status)"
cat "$logs/sqlite.log"
step "Tests on PostgreSQL (exit $postgres_status)"
cat "$logs/postgres.log"
rm -rf "$logs"
[ $sqlite_status -eq 0 ] && [ $postgres_status -eq 0 ]
