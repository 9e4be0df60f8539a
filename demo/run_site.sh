#!/usr/bin/env bash
# `make run`: migrate, load the demo content, then serve the site with a Celery worker and beat
# on the embedded broker (or Redis when REDIS_URL is set). Ctrl-C stops everything.
set -euo pipefail
host=${1:-127.0.0.1}
port=${2:-8000}
cd "$(dirname "$0")/.."
# One site address (docs/operations.md): links, feeds, the API and emails name the host and port
# the site is served on, unless BASE_URL says otherwise (a public name in front of it).
export BASE_URL="${BASE_URL:-http://$host:$port}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1,[::1],$host}"
mkdir -p var/celery/queue var/celery/processed var/celery/control var/log

uv run python manage.py migrate --noinput
uv run python manage.py load_demo_content --admin-password newsdesk-demo

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# The virtualenv's own binaries, so the recorded pids are the processes themselves.
.venv/bin/celery -A cms worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A cms beat --loglevel=INFO --schedule=var/celery/beat-schedule >var/log/beat.log 2>&1 &
pids+=($!)

echo
echo "Newsdesk is running on $BASE_URL/ (listening on $host:$port)"
echo "Admin: $BASE_URL/admin/  user: admin  password: newsdesk-demo"
echo "       (also press-officer, author, campaigner, campaign-lead, same password, to try reviews)"
echo "Celery worker and beat log to var/log/. Press Ctrl-C to stop."
echo
.venv/bin/python manage.py runserver --noreload "$host:$port"
