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
  uv run pytest "$@"
  status=$?
  set -e
  if [ $status -eq 5 ]; then echo "pytest collected no tests: failing"; return 1; fi
  return $status
}

step "Local Bluesky PDS for the social tests"
bash tests/social/pds/install.sh

step "Tests on SQLite"
DATABASE_URL="sqlite:///$(mktemp -d)/test.sqlite3" run_pytest -p no:cacheprovider
step "Tests on PostgreSQL"
DATABASE_URL="$TEST_POSTGRES_URL" run_pytest -p no:cacheprovider
